/* check_cli_opt.c -- the option tables of the command line (src/cli/opt.c): the checks that
 * reject a wrong table, the parser (defaults, ranges, choices, lists, the seen marks) and the
 * generated --help, on small tables made for the purpose. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pg_test.h"

typedef struct targs {
    double x;
    size_t n;
    pg_ties ties;
    pg_format fmt;
    cli_doubles v;
    cli_list tags;
    int flag;
} targs;

static const cli_opt good_opts[] = {
    {.name = "x", .type = CLI_DOUBLE, CLI_AT(targs, x), CLI_OPEN(0, 1), .def = "0.5",
     .metavar = "P", .help = "a probability"},
    {.name = "n", .type = CLI_UINT, CLI_AT(targs, n), CLI_GT(0), .def = "3", .metavar = "N",
     .help = "a count"},
    {.name = "ties", .type = CLI_CHOICE, CLI_AT(targs, ties), .choices = &cli_ties,
     .deny = 1u << PG_TIES_EXACT, .def = "efron", .metavar = "T", .help = "ties"},
    {.name = "v", .type = CLI_DOUBLES, CLI_AT(targs, v), CLI_GE(0), .metavar = "LIST",
     .help = "values"},
    {.name = "tag", .short_name = 't', .type = CLI_APPEND, CLI_AT(targs, tags), .metavar = "T",
     .help = "a tag (repeatable)"},
    {.name = "flag", .type = CLI_FLAG, CLI_AT(targs, flag), .help = "a flag"},
    {.name = "format", .type = CLI_CHOICE, CLI_AT(targs, fmt), .choices = &cli_formats,
     .def = "json", .metavar = "FMT", .help = "the format", .flags = CLI_OVERRIDE},
    {.name = NULL}};

static const cli_cmd good = {.name = "good", .summary = "a good table", .usage = "FILE...",
                             .about = "About.", .common = CLI_C_ALL, .opts = good_opts};


/* Run f with stderr going to a file; return what it wrote (static buffer). */
static char captured[4096];
static void capture_begin(void)
{
    fflush(stderr);
    ck_assert_ptr_nonnull(freopen("check_cli_opt.err", "w", stderr));
}
static const char *capture_end(void)
{
    fflush(stderr);
    FILE *f = fopen("check_cli_opt.err", "r");
    size_t n = f ? fread(captured, 1, sizeof captured - 1, f) : 0;
    captured[n] = '\0';
    if (f) fclose(f);
    remove("check_cli_opt.err");
    return captured;
}

static int check_table(const cli_opt *opts, const char **msg)
{
    cli_cmd cmd = good;
    cmd.opts = opts;
    capture_begin();
    int rc = cli_spec_check(stderr, &cmd);
    *msg = capture_end();
    return rc;
}

START_TEST(good_table_passes)
{
    const char *msg;
    ck_assert_int_eq(check_table(good_opts, &msg), 0);
    ck_assert_str_eq(msg, "");
}
END_TEST

START_TEST(duplicate_long_name_rejected)
{
    const cli_opt opts[] = {
        {.name = "x", .type = CLI_FLAG, CLI_AT(targs, flag), .help = "one"},
        {.name = "x", .type = CLI_FLAG, CLI_AT(targs, flag), .help = "two"},
        {.name = NULL}};
    const char *msg;
    ck_assert_int_eq(check_table(opts, &msg), -1);
    ck_assert_ptr_nonnull(strstr(msg, "option '--x' declared twice"));
}
END_TEST

START_TEST(common_name_needs_override)
{
    /* table's --format, written without CLI_OVERRIDE: two --format in --help, as before */
    const cli_opt opts[] = {
        {.name = "format", .type = CLI_CHOICE, CLI_AT(targs, fmt), .choices = &cli_formats,
         .metavar = "FMT", .help = "format"},
        {.name = NULL}};
    const char *msg;
    ck_assert_int_eq(check_table(opts, &msg), -1);
    ck_assert_ptr_nonnull(strstr(msg, "option '--format' declared twice"));
}
END_TEST

START_TEST(duplicate_short_name_rejected)
{
    const cli_opt opts[] = {
        {.name = "fast", .short_name = 'f', .type = CLI_FLAG, CLI_AT(targs, flag), .help = "f"},
        {.name = NULL}};
    const char *msg;
    ck_assert_int_eq(check_table(opts, &msg), -1);   /* -f is --formula's */
    ck_assert_ptr_nonnull(strstr(msg, "option '-f' declared twice"));
}
END_TEST

START_TEST(wrong_destination_rejected)
{
    const cli_opt opts[] = {
        {.name = "x", .type = CLI_DOUBLE, CLI_AT(targs, flag), .metavar = "X", .help = "x"},
        {.name = NULL}};
    const char *msg;
    ck_assert_int_eq(check_table(opts, &msg), -1);   /* a double into an int */
    ck_assert_ptr_nonnull(strstr(msg, "--x has a destination of 4 bytes"));
}
END_TEST

static int never_parse(const char *s, int *v)
{
    (void)s;
    (void)v;
    return PG_EINPUT;
}

static const cli_choices bad = {(const char *const[]){"one", NULL}, never_parse};

START_TEST(unparsed_choice_rejected)
{
    const cli_opt opts[] = {
        {.name = "c", .type = CLI_CHOICE, CLI_AT(targs, ties), .choices = &bad, .metavar = "C",
         .help = "c"},
        {.name = "help", .type = CLI_FLAG, CLI_AT(targs, flag), .help = "mine"},
        {.name = NULL}};
    const char *msg;
    ck_assert_int_eq(check_table(opts, &msg), -1);
    ck_assert_ptr_nonnull(strstr(msg, "--c lists 'one', which the library does not parse"));
    ck_assert_ptr_nonnull(strstr(msg, "--help is built in"));
}
END_TEST

static int parse(targs *a, cli_common *c, const char *msgs[1], char **argv)
{
    int argc = 0;
    while (argv[argc]) argc++;
    memset(a, 0, sizeof *a);
    capture_begin();
    int ex = cli_parse(c, &good, a, argc, argv);
    *msgs = capture_end();
    return ex;
}

START_TEST(defaults_values_and_seen)
{
    targs a;
    cli_common c;
    const char *msg;
    char *argv[] = {"good", "--x", "0.25", "-t", "a", "--tag", "b", "--v", "1,2.5",
                    "--ties", "breslow", "--na", "NA,-", "f.csv", NULL};
    ck_assert_int_eq(parse(&a, &c, &msg, argv), PG_EXIT_OK);
    ck_assert_str_eq(msg, "");
    ck_assert(a.x == 0.25);
    ck_assert_uint_eq(a.n, 3);                       /* the table's default, applied */
    ck_assert_int_eq(a.ties, PG_TIES_BRESLOW);
    ck_assert_int_eq(a.fmt, PG_FMT_JSON);            /* the override's default */
    ck_assert_int_eq(c.format, PG_FMT_TEXT);         /* the common one is not this command's */
    ck_assert(c.conf_level == 0.95);
    ck_assert_uint_eq(a.v.n, 2);
    ck_assert(a.v.v[1] == 2.5);
    ck_assert_uint_eq(a.tags.n, 2);
    ck_assert_str_eq(a.tags.item[1], "b");
    ck_assert_uint_eq(c.na.n, 2);
    ck_assert_uint_eq(c.n_files, 1);
    ck_assert(cli_given(&c, "x") && cli_given(&c, "na") && !cli_given(&c, "n"));
    ck_assert_int_eq(cli_done(&c, PG_EXIT_OK), PG_EXIT_OK);   /* frees the lists */
}
END_TEST

START_TEST(errors_name_option_range_and_value)
{
    static const struct { const char *arg[2], *want; } cases[] = {
        {{"--x", "1"}, "prognos good: --x must be in (0, 1), not '1'\n"
                       "try 'prognos good --help'\n"},
        {{"--n", "0"}, "--n must be a positive whole number, not '0'"},
        {{"--n", "-2"}, "--n must be a positive whole number, not '-2'"},
        {{"--v", "1,-1"}, "--v must be numbers >= 0 separated by commas, not '1,-1'"},
        {{"--ties", "exact"}, "--ties must be efron or breslow, not 'exact'"},
        {{"--format", "tex"}, "--format must be text, csv, json or md, not 'tex'"},
        {{"--delim", "|"}, "--delim must be ',', ';' or 'tab', not '|'"},
        {{"--bogus", "1"}, "unknown option '--bogus'"},
        {{"-q", "1"}, "unknown option '-q'"},
        {{"--flag=1", "f.csv"}, "unknown option '--flag=1'"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        targs a;
        cli_common c;
        const char *msg;
        char *argv[] = {"good", (char *)cases[i].arg[0], (char *)cases[i].arg[1], "f.csv", NULL};
        ck_assert_int_eq(parse(&a, &c, &msg, argv), PG_EXIT_USAGE);
        ck_assert_msg(strstr(msg, cases[i].want), "got '%s', want '%s'", msg, cases[i].want);
        cli_done(&c, PG_EXIT_USAGE);
    }
    targs a;
    cli_common c;
    const char *msg;
    char *none[] = {"good", "--flag", NULL};
    ck_assert_int_eq(parse(&a, &c, &msg, none), PG_EXIT_USAGE);
    ck_assert_ptr_nonnull(strstr(msg, "no input file"));
    cli_done(&c, PG_EXIT_USAGE);
    char *noval[] = {"good", "f.csv", "--x", NULL};
    ck_assert_int_eq(parse(&a, &c, &msg, noval), PG_EXIT_USAGE);
    ck_assert_ptr_nonnull(strstr(msg, "option '--x' needs a value"));
    cli_done(&c, PG_EXIT_USAGE);
}
END_TEST

START_TEST(help_lists_each_option_once)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    cli_help(f, &good);
    fclose(f);
    static const char *const lines[] = {
        "      --x P              a probability (default 0.5)\n",
        "      --ties T           ties (efron or breslow; default efron)\n",
        "  -t, --tag T            a tag (repeatable)\n",
        "      --format FMT       the format (text, csv, json or md; default json)\n",
        "  -f, --formula TEXT ", "  -o, --output FILE ", "  -h, --help "};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        const char *at = strstr(buf, lines[i]);
        ck_assert_msg(at != NULL, "help lacks '%s':\n%s", lines[i], buf);
        ck_assert_msg(strstr(at + 1, lines[i]) == NULL, "help repeats '%s'", lines[i]);
    }
    ck_assert_ptr_null(strstr(buf, "output format"));   /* the common --format is replaced */
    free(buf);
}
END_TEST

static Suite *cli_opt_suite(void)
{
    Suite *s = suite_create("cli_opt");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, good_table_passes);
    tcase_add_test(tc, duplicate_long_name_rejected);
    tcase_add_test(tc, common_name_needs_override);
    tcase_add_test(tc, duplicate_short_name_rejected);
    tcase_add_test(tc, unparsed_choice_rejected);
    tcase_add_test(tc, wrong_destination_rejected);
    suite_add_tcase(s, tc);
    tc = tcase_create("parser");
    tcase_add_test(tc, defaults_values_and_seen);
    tcase_add_test(tc, errors_name_option_range_and_value);
    tcase_add_test(tc, help_lists_each_option_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(cli_opt_suite());
}

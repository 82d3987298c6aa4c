/* plan_run.c -- running a plan. pg_plan_run forks one child, the coordinator, and relays what
 * it writes on its stderr (a pipe) to opts.log; the caller's process is left as it was. The
 * coordinator reads each data source once (cli_read, then lent to every command through
 * cli_read_share), checks the analyses (plan_check.c), then runs them with the commands' own
 * entry points (cmd_km, cmd_cox, ...) in forked worker processes, several at once: a worker is
 * a copy of the coordinator after the data were read (copy-on-write), runs one command with its
 * stdout and stderr in temporary files and exits; the coordinator collects the outputs and
 * writes the report in plan order. A command keeps process-wide state (getopt, its JSON
 * record), which a fresh process per run keeps apart, so every result is the one the single
 * command gives, whatever the number of workers. */
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "env.h"
#include "internal.h"
#include "plan_check.h"
#include "prognos/plan_report.h"
#include "prognos/sha256.h"

enum { OUT_JSON, OUT_MD, OUT_HTML, OUT_SVG, OUT_HASH };

/* One run of a command: a job in one output format; or (OUT_HASH) the digests of the input
 * files for the manifest, computed by a worker while the analyses run. */
typedef struct task {
    size_t job;
    int cost;               /* the order of launching: the costliest first */
    int kind;
    pid_t pid;
    FILE *out, *err;
    char *svg;              /* the figure's temporary file (plot) */
    char *out_text, *err_text;
    int status;
} task;

void pg_plan_run_opts_init(pg_plan_run_opts *o)
{
    memset(o, 0, sizeof *o);
}

static int data_error(const pg_plan *p, plan_loc l, const char *msg, const char *file)
{
    char buf[512];
    snprintf(buf, sizeof buf, msg, file, strerror(errno));
    plan_print_error(stderr, p, l.line, l.col, buf);
    return PG_EXIT_USAGE;
}

enum { KEY_LEN = 4096 };

/* The reading of every source as its key (cli_read_key: the files and reader options) into
 * keys[i]; PG_EXIT_OK, or the exit status of the first source whose options are wrong. */
static int source_keys(const pg_plan *p, char (*keys)[KEY_LEN])
{
    for (size_t i = 0; i < p->n_data; i++) {
        int argc = 0;
        char **argv = plan_data_argv(&p->data[i], &argc);
        if (!argv) return PG_EXIT_ANALYSIS;
        cli_common c;
        int ex = cli_parse(&c, &cli_cmd_describe, NULL, argc, argv);
        if (!ex) cli_read_key(&c, keys[i], KEY_LEN);
        cli_done(&c, ex);
        plan_argv_free(argv);
        if (ex) return ex == CLI_HELP_SHOWN ? PG_EXIT_USAGE : ex;
    }
    return PG_EXIT_OK;
}

/* Read every data source once, converting only the columns its analyses evaluate -- and those
 * of every source with the same reading, as such sources share one dataset (plan_columns.c) --
 * and lend it to the commands. */
static int read_data(pg_plan *p)
{
    char (*keys)[KEY_LEN] = pg_malloc_array(p->n_data + 1, KEY_LEN);
    if (!keys) return PG_EXIT_ANALYSIS;
    int ex = source_keys(p, keys);
    for (size_t i = 0; !ex && i < p->n_data; i++) {
        plan_data *d = &p->data[i];
        for (size_t k = 0; !ex && k < d->n_files; k++)
            if (strcmp(d->files[k], "-") == 0 || access(d->files[k], R_OK) != 0)
                ex = data_error(p, d->file_loc[k], "cannot read the data file '%s': %s",
                                d->files[k]);
        int argc = 0;
        char **argv = ex ? NULL : plan_data_argv(d, &argc);
        if (!ex && !argv) ex = PG_EXIT_ANALYSIS;
        if (ex) break;
        cli_common c;
        cli_names cols = {0};
        ex = cli_parse(&c, &cli_cmd_describe, NULL, argc, argv);
        if (!ex) {
            c.cmd = "run";
            cli_names_reader(&cols, &c);
            for (size_t k = 0; k < p->n_data && !cols.all; k++)
                if (strcmp(keys[k], keys[i]) == 0) plan_columns(p, k, &cols);
            if (!cols.all && cols.n) {
                c.columns = (const char *const *)cols.name;
                c.n_columns = cols.n;
            }
            ex = cli_read(&c, &d->ds);
        }
        if (!ex) {
            for (size_t k = 0; k < i; k++)
                if (p->data[k].ds == d->ds) d->borrowed = 1;   /* the same files and options */
            if (!d->borrowed && cli_read_share(&c, d->ds)) ex = PG_EXIT_ANALYSIS;
        }
        cli_done(&c, ex);
        cli_names_free(&cols);
        plan_argv_free(argv);
        if (ex) {
            if (!d->borrowed) pg_dataset_free(d->ds);
            d->ds = NULL;
            if (ex == CLI_HELP_SHOWN) ex = PG_EXIT_USAGE;
        }
    }
    free(keys);
    return ex;
}

static char *slurp(FILE *f)
{
    if (!f || fflush(f) != 0 || fseek(f, 0, SEEK_END) != 0) return NULL;
    long len = ftell(f);
    if (len < 0 || fseek(f, 0, SEEK_SET) != 0) return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s) return NULL;
    size_t got = fread(s, 1, (size_t)len, f);
    s[got] = '\0';
    return s;
}

static char *slurp_path(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s = slurp(f);
    if (f) fclose(f);
    return s;
}

/* The input files of the plan, each once, in the order of the data sources. *n set. */
static pg_report_input *plan_inputs(const pg_plan *p, size_t *n)
{
    size_t n_files = 0;
    for (size_t i = 0; i < p->n_data; i++) n_files += p->data[i].n_files;
    pg_report_input *in = pg_calloc_array(n_files + 1, sizeof *in);
    *n = 0;
    for (size_t i = 0; in && i < p->n_data; i++)
        for (size_t k = 0; k < p->data[i].n_files; k++) {
            const char *f = p->data[i].files[k];
            size_t seen = 0;
            while (seen < *n && strcmp(in[seen].name, f) != 0) seen++;
            if (seen == *n) in[(*n)++].name = f;
        }
    return in;
}

/* The hashing worker: "SIZE DIGEST" per input file on stdout; exit 2 with the reader's message
 * on stderr when a file cannot be read. */
static int hash_inputs(const pg_plan *p)
{
    size_t n = 0;
    pg_report_input *in = plan_inputs(p, &n);
    if (!in) return PG_EXIT_ANALYSIS;
    pg_error err = {0};
    int ex = PG_EXIT_OK;
    for (size_t i = 0; !ex && i < n; i++) {
        if (pg_sha256_file(in[i].name, in[i].sha256, &in[i].size, &err)) {
            char buf[1024];
            fprintf(stderr, "prognos run: %s: %s\n", p->path, pg_error_str(&err, buf, sizeof buf));
            ex = PG_EXIT_USAGE;
        } else {
            printf("%lld %s\n", in[i].size, in[i].sha256);
        }
    }
    free(in);
    return ex;
}

/* Start a worker for t; the child runs the command and exits with its status. */
static int launch(const pg_plan *p, const plan_job *jobs, task *t, const char *tmpdir,
                  size_t index)
{
    if (t->kind == OUT_HASH) {
        t->out = tmpfile();
        t->err = tmpfile();
        if (!t->out || !t->err) return PG_EIO;
        fflush(NULL);
        t->pid = fork();
        if (t->pid == 0) {
            if (dup2(fileno(t->out), STDOUT_FILENO) < 0 ||
                dup2(fileno(t->err), STDERR_FILENO) < 0)
                _exit(PG_EXIT_ANALYSIS);
            int ex = hash_inputs(p);
            fflush(stdout);
            fflush(stderr);
            _exit(ex);
        }
        return t->pid < 0 ? PG_EIO : PG_OK;
    }
    static const char *const fmts[] = {"json", "md", "html", NULL};
    const plan_job *j = &jobs[t->job];
    const cli_cmd *cmd = plan_command(j->spec->type);
    const char *extra[3] = {NULL};
    if (t->kind == OUT_SVG) {
        if (!(t->svg = pg_strdup_printf("%s/fig%zu.svg", tmpdir, index))) return PG_ENOMEM;
        extra[0] = "-o";
        extra[1] = t->svg;
    }
    int argc = 0;
    char **argv = plan_argv(p, j, fmts[t->kind], extra, &argc);
    t->out = tmpfile();
    t->err = tmpfile();
    if (!argv || !t->out || !t->err) {
        plan_argv_free(argv);
        return PG_EIO;
    }
    fflush(NULL);   /* nothing buffered here may be written twice by the child */
    t->pid = fork();
    if (t->pid == 0) {
        if (dup2(fileno(t->out), STDOUT_FILENO) < 0 || dup2(fileno(t->err), STDERR_FILENO) < 0)
            _exit(PG_EXIT_ANALYSIS);
        int ex = cmd->run(argc, argv);
        fflush(stdout);
        fflush(stderr);
        _exit(ex & 0xff);
    }
    plan_argv_free(argv);
    return t->pid < 0 ? PG_EIO : PG_OK;
}

static void collect(task *t, int st)
{
    t->status = WIFEXITED(st) ? WEXITSTATUS(st) : PG_EXIT_USAGE;
    t->out_text = slurp(t->out);
    t->err_text = slurp(t->err);
    if (!WIFEXITED(st)) {
        free(t->err_text);
        t->err_text = pg_strdup_printf("prognos %s: the worker was stopped by signal %d\n",
                                       "run", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    }
    fclose(t->out);
    fclose(t->err);
    t->out = t->err = NULL;
    if (t->svg) {
        if (t->status == PG_EXIT_OK) {
            free(t->out_text);
            t->out_text = slurp_path(t->svg);
        }
        unlink(t->svg);
    }
}

/* The launching order: the costliest tasks first, in plan order among equals (the longest-
 * processing-time rule, so a long Cox fit does not start last and run alone); the results
 * are kept by task, so the report is in plan order whatever the order of running. */
static size_t *launch_order(const task *t, size_t n)
{
    size_t *o = pg_malloc_array(n + 1, sizeof *o);
    for (size_t i = 0; o && i < n; i++) {   /* insertion sort: stable, n is small */
        size_t k = i;
        while (k > 0 && t[o[k - 1]].cost < t[i].cost) {
            o[k] = o[k - 1];
            k--;
        }
        o[k] = i;
    }
    return o;
}

/* Run every task, at most workers at once. */
static int run_tasks(const pg_plan *p, const plan_job *jobs, size_t n_jobs, task *t, size_t n,
                     size_t workers, int progress, const char *tmpdir)
{
    size_t next = 0, running = 0, finished = 0;
    size_t *order = launch_order(t, n);
    if (!order) return PG_EXIT_ANALYSIS;
    while (next < n || running) {
        while (running < workers && next < n) {
            size_t at = order[next];
            if (launch(p, jobs, &t[at], tmpdir, at)) {
                fprintf(stderr, "prognos run: %s: cannot start a worker: %s\n", p->path,
                        strerror(errno));
                free(order);
                return PG_EXIT_ANALYSIS;
            }
            next++;
            running++;
        }
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (t[i].pid == pid && t[i].out) {
                collect(&t[i], st);
                running--;
                if (progress && (t[i].kind == OUT_JSON || t[i].kind == OUT_SVG))
                    fprintf(stderr, "[%zu/%zu] %s\n", ++finished, n_jobs, jobs[t[i].job].title);
                break;
            }
    }
    free(order);
    return PG_EXIT_OK;
}

/* The failure's one line from a command's stderr: its last "prognos CMD: ..." line that is
 * not a note, a warning or a count of dropped rows. */
static char *failure_message(const char *err)
{
    const char *best = NULL;
    for (const char *s = err; s && *s;) {
        const char *end = strchr(s, '\n');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *colon = strncmp(s, "prognos ", 8) == 0 ? strstr(s, ": ") : NULL;
        if (colon && colon < s + len && strncmp(colon, ": note: ", 8) != 0 &&
            strncmp(colon, ": warning: ", 11) != 0)
            best = s;
        s = end ? end + 1 : s + len;
    }
    if (!best) return pg_strdup("the analysis failed");
    const char *m = strstr(best, ": ") + 2;
    size_t len = strcspn(m, "\n");
    char *r = malloc(len + 1);
    if (r) {
        memcpy(r, m, len);
        r[len] = '\0';
    }
    return r;
}

static int has_format(const pg_plan *p, const char *f)
{
    for (size_t i = 0; i < p->n_formats; i++)
        if (strcmp(p->formats[i], f) == 0) return 1;
    return 0;
}

/* The digests the hashing worker t wrote, into in[0..n); or its failure (exit 2). */
static int read_digests(const pg_plan *p, const task *t, pg_report_input *in, size_t n)
{
    const char *s = t->status == PG_EXIT_OK ? t->out_text : NULL;
    size_t i = 0;
    for (int used = 0; s && i < n; i++, s += used + 1)
        if (sscanf(s, "%lld %64[0-9a-f]%n", &in[i].size, in[i].sha256, &used) != 2 ||
            strlen(in[i].sha256) != 64 || s[used] != '\n')
            break;
    if (s && i == n) return PG_EXIT_OK;
    if (!t->err_text || !t->err_text[0])
        fprintf(stderr, "prognos run: %s: the input files could not be hashed\n", p->path);
    return PG_EXIT_USAGE;
}

/* The report of the tasks, in plan order, and its manifest. */
static int write_report(const pg_plan *p, const plan_job *jobs, size_t n_jobs, task *t,
                        size_t n, const char *dir)
{
    pg_report r = {.version = pg_version(), .plan_file = p->path};
    pg_sha256_buf(p->text, p->len, r.plan_sha256);
    pg_report_item *items = pg_calloc_array(n_jobs + 1, sizeof *items);
    char **msgs = pg_calloc_array(n_jobs + 1, sizeof *msgs);
    pg_report_input *in = plan_inputs(p, &r.n_inputs);
    int ex = items && msgs && in ? PG_EXIT_OK : PG_EXIT_ANALYSIS, failed = 0;
    pg_error err = {0};
    for (size_t k = 0; !ex && k < n; k++)
        if (t[k].kind == OUT_HASH && (ex = read_digests(p, &t[k], in, r.n_inputs)))
            fputs(t[k].err_text ? t[k].err_text : "", stderr);
    for (size_t k = 0; !ex && k < n; k++) {
        if (t[k].kind == OUT_HASH) continue;
        pg_report_item *it = &items[t[k].job];
        const plan_job *j = &jobs[t[k].job];
        it->id = j->id;
        it->type = j->spec->type;
        it->title = j->title;
        const char **slot[] = {&it->json, &it->markdown, &it->html, &it->svg};
        if (t[k].kind == OUT_JSON || t[k].kind == OUT_SVG) {
            it->status = t[k].status;
            if (t[k].status) {
                msgs[t[k].job] = failure_message(t[k].err_text);
                it->message = msgs[t[k].job];
                failed = 1;
            }
        }
        if (t[k].status == PG_EXIT_OK || t[k].kind == OUT_JSON) *slot[t[k].kind] = t[k].out_text;
    }
    r.inputs = in;
    r.items = items;
    r.n_items = n_jobs;
    const char *formats[4] = {NULL};
    for (size_t i = 0; i < p->n_formats && i < 3; i++) formats[i] = p->formats[i];
    if (!ex && pg_report_write(&r, dir, formats, &err)) ex = PG_EXIT_USAGE;
    if (ex && ex != PG_EXIT_USAGE) fprintf(stderr, "prognos run: %s: out of memory\n", p->path);
    if (ex == PG_EXIT_USAGE && err.msg[0]) {
        char buf[1024];
        fprintf(stderr, "prognos run: %s: %s\n", p->path, pg_error_str(&err, buf, sizeof buf));
    }
    for (size_t i = 0; msgs && i < n_jobs; i++) free(msgs[i]);
    free(msgs);
    free(items);
    free(in);
    return ex ? ex : failed ? PG_EXIT_ANALYSIS : PG_EXIT_OK;
}

/* How long a task of this type runs, roughly, for the launching order: a regression fit or
 * a table of them, a figure, then the rest; its md and html renderings run as long again. */
static int type_cost(const char *type)
{
    static const char *const slow[] = {"cox", "table", "finegray", "survreg", "zph", "meta"};
    for (size_t i = 0; i < sizeof slow / sizeof slow[0]; i++)
        if (strcmp(slow[i], type) == 0) return 3;
    return strcmp(type, "plot") == 0 ? 2 : 1;
}

/* The tasks of the jobs: each job's JSON (a plot's SVG instead), then md and html as asked;
 * last, the hashing of the input files (the cheapest: it fills a worker left idle). */
static task *make_tasks(const pg_plan *p, const plan_job *jobs, size_t n_jobs, size_t *n)
{
    task *t = pg_calloc_array(3 * n_jobs + 2, sizeof *t);
    *n = 0;
    for (size_t i = 0; t && i < n_jobs; i++) {
        int cost = type_cost(jobs[i].spec->type);
        if (strcmp(jobs[i].spec->type, "plot") == 0) {
            t[(*n)++] = (task){.job = i, .kind = OUT_SVG, .cost = cost};
            continue;
        }
        t[(*n)++] = (task){.job = i, .kind = OUT_JSON, .cost = cost};
        if (has_format(p, "md")) t[(*n)++] = (task){.job = i, .kind = OUT_MD, .cost = cost};
        if (has_format(p, "html")) t[(*n)++] = (task){.job = i, .kind = OUT_HTML, .cost = cost};
    }
    if (t && p->n_data) t[(*n)++] = (task){.kind = OUT_HASH, .cost = 0};
    return t;
}

static void free_tasks(task *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        if (t[i].out) fclose(t[i].out);
        if (t[i].err) fclose(t[i].err);
        free(t[i].svg);
        free(t[i].out_text);
        free(t[i].err_text);
    }
    free(t);
}

/* The errors of the plan's own text that the commands found (plan_check leaves a run's
 * formulas to them, as evaluating each costs a model frame of the data): each JSON task that
 * exited 2 wrote {"error": {code, message, file, line, column, term}}, which is located in
 * the plan as --check would locate it. 1 if any (the plan is wrong: nothing is written). */
static int text_errors(const pg_plan *p, const plan_job *jobs, const task *t, size_t n)
{
    int bad = 0;
    const plan_spec *last = NULL;
    for (size_t k = 0; k < n; k++) {
        if (t[k].kind != OUT_JSON || t[k].status != PG_EXIT_USAGE || !t[k].out_text) continue;
        const plan_job *j = &jobs[t[k].job];
        if (j->spec == last) continue;   /* one report per analysis of the file */
        json_t *root = json_loads(t[k].out_text, 0, NULL);
        json_t *e = json_object_get(root, "error");
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *term = json_string_value(json_object_get(e, "term"));
        json_t *col = json_object_get(e, "column");
        pg_error err = {.code = PG_EINPUT};
        if (code && msg && strcmp(code, "input") == 0) {
            snprintf(err.msg, sizeof err.msg, "%s", msg);
            if (file) snprintf(err.file, sizeof err.file, "%s", file);
            if (term) snprintf(err.term, sizeof err.term, "%s", term);
            err.column = json_is_integer(col) ? (long)json_integer_value(col) : 0;
            if (plan_check_text_error(p, j, PG_EINPUT, &err)) {
                bad = 1;
                last = j->spec;
            }
        }
        json_decref(root);
    }
    return bad;
}

/* The coordinator's work, in the child that pg_plan_run forked: p is that process's copy. */
static int coordinate(pg_plan *p, const pg_plan_run_opts *o)
{
    plan_job *jobs = NULL;
    size_t n_jobs = 0, n_tasks = 0;
    task *t = NULL;
    pg_error err = {0};
    char tmpdir[4096] = "";
    const char *dir = o->dir ? o->dir : p->out_dir;
    int ex = read_data(p);
    if (ex) goto done;
    if (plan_expand(p, &jobs, &n_jobs, &err)) {
        plan_print_error(stderr, p, err.line, err.column, err.msg);
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (plan_check(p, jobs, n_jobs, o->check)) {
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (o->check) goto done;
    if (!dir) {
        fprintf(stderr, "prognos run: %s: no report directory: give 'output: {dir: DIR}' or "
                        "-o DIR\n", p->path);
        ex = PG_EXIT_USAGE;
        goto done;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/prognos-run.XXXXXX", o->tmpdir ? o->tmpdir : "/tmp");
    if (!mkdtemp(tmpdir) || !(t = make_tasks(p, jobs, n_jobs, &n_tasks))) {
        fprintf(stderr, "prognos run: %s: cannot make a temporary directory: %s\n", p->path,
                strerror(errno));
        tmpdir[0] = '\0';
        ex = PG_EXIT_USAGE;
        goto done;
    }
    size_t workers = o->workers ? o->workers : 1;
    ex = run_tasks(p, jobs, n_jobs, t, n_tasks, workers, o->progress, tmpdir);
    if (!ex && text_errors(p, jobs, t, n_tasks)) ex = PG_EXIT_USAGE;
    if (!ex) ex = write_report(p, jobs, n_jobs, t, n_tasks, dir);
done:
    if (tmpdir[0]) rmdir(tmpdir);
    free_tasks(t, n_tasks);
    plan_jobs_free(jobs, n_jobs);
    cli_read_unshare();
    return ex;
}

/* Copy what the coordinator writes to its stderr (fd) into log, line by line, until it exits.
 * The coordinator runs the commands' own code, whose messages begin with the program's name
 * ("prognos run: data.csv:3:4: ..."); a C caller (named 0) gets them without it, in their own
 * context ("data.csv:3:4: ...", "plan.yaml: ..."), and the CLI keeps it. */
static void relay(int fd, FILE *log, int named)
{
    static const char me[] = "prognos run: ";
    FILE *in = fdopen(fd, "r");
    if (!in) {
        close(fd);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (!log) continue;
        const char *s = line;
        if (!named && strncmp(s, me, sizeof me - 1) == 0) s += sizeof me - 1;
        fputs(s, log);
        fflush(log);
    }
    free(line);
    fclose(in);
}

int plan_run(const pg_plan *p, const pg_plan_run_opts *o, int from_env)
{
    const char *me = from_env ? "prognos run: " : "";   /* the CLI's name before the context */
    int fds[2];
    if (pipe(fds) != 0) {
        if (o->log)
            fprintf(o->log, "%s%s: cannot make a pipe: %s\n", me, p->path, strerror(errno));
        return PG_EXIT_USAGE;
    }
    fflush(NULL);   /* nothing the caller buffered may be written again by the child */
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (dup2(fds[1], STDERR_FILENO) < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0 ||
            dup2(null, STDIN_FILENO) < 0)
            _exit(PG_EXIT_USAGE);
        close(null);
        close(fds[0]);
        close(fds[1]);
        /* GSL aborts on error by default; the library checks every status instead. */
        gsl_set_error_handler_off();
        if (!from_env) cli_env_fix(&(cli_env){.threads = o->threads, .gnuplot = o->gnuplot});
        int ex = coordinate((pg_plan *)p, o);   /* this process's own copy of the plan */
        fflush(stderr);
        _exit(ex);
    }
    close(fds[1]);
    if (pid < 0) {
        if (o->log) fprintf(o->log, "%s%s: cannot start: %s\n", me, p->path, strerror(errno));
        close(fds[0]);
        return PG_EXIT_USAGE;
    }
    relay(fds[0], o->log, from_env);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            if (o->log) fprintf(o->log, "%s%s: lost the plan's process: %s\n", me, p->path,
                                strerror(errno));
            return PG_EXIT_USAGE;
        }
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (o->log)
        fprintf(o->log, "%s%s: the plan's process was stopped by signal %d\n", me, p->path,
                WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return PG_EXIT_USAGE;
}

int pg_plan_run(const pg_plan *p, const pg_plan_run_opts *o)
{
    return plan_run(p, o, 0);
}

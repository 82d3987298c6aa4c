/* tests/check_labels.c -- labels (src/report/labels.c) and languages (src/report/lang.c).
 * Labels: lookup of variables, terms (blanks ignored) and levels, factor()/strata() inheriting
 * the labels of their variable, --label/--level parsing, and pg_labels_check's errors for an
 * unused label (unknown variable or level, with the nearest known one suggested). Languages:
 * the time unit a column's name says in the six languages, the unit words and table heads.
 * No R numbers here: these are the words of docs/labels.md. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"
#include "prognos/dataset.h"
#include "prognos/labels.h"
#include "prognos/lang.h"

#define LMS PG_TEST_DATA "/../../datasets/lms_synthetic.csv"

static pg_labels *labels_of(const char *const *specs, int level)
{
    pg_labels *l = pg_labels_new();
    ck_assert_ptr_nonnull(l);
    for (; *specs; specs++) {
        pg_error e = {0};
        int st = level ? pg_labels_parse_level(l, *specs, &e) : pg_labels_parse_label(l, *specs, &e);
        ck_assert_msg(st == PG_OK, "%s: %s", *specs, e.msg);
    }
    return l;
}

START_TEST(label_lookup)
{
    const char *lab[] = {"size_cm=Tumour size", "I(size_cm > 5)=Size > 5 cm", "depth=Depth", NULL};
    pg_labels *l = labels_of(lab, 0);
    pg_error e = {0};
    ck_assert_int_eq(pg_labels_parse_level(l, "depth=dermal:Dermal,subcutaneous:Subcutaneous", &e),
                     PG_OK);
    ck_assert(pg_labels_any(l));
    ck_assert_str_eq(pg_labels_var(l, "size_cm"), "Tumour size");
    ck_assert_str_eq(pg_labels_var(l, "I(size_cm > 5)"), "Size > 5 cm");
    ck_assert_str_eq(pg_labels_var(l, "I(size_cm>5)"), "Size > 5 cm");      /* blanks ignored */
    ck_assert_str_eq(pg_labels_var(l, "I( size_cm  >  5 )"), "Size > 5 cm");
    ck_assert_str_eq(pg_labels_var(l, "age"), "age");                       /* unlabelled */
    ck_assert_str_eq(pg_labels_level(l, "depth", "dermal"), "Dermal");
    ck_assert_str_eq(pg_labels_level(l, "depth", "other"), "other");
    ck_assert(pg_labels_has_level(l, "depth", "subcutaneous"));
    ck_assert(!pg_labels_has_level(l, "depth", "Subcutaneous"));
    /* factor() and strata() take the labels of their variable */
    ck_assert_str_eq(pg_labels_var(l, "factor(depth)"), "Depth");
    ck_assert_str_eq(pg_labels_var(l, "strata(depth)"), "Depth");
    ck_assert_str_eq(pg_labels_level(l, "factor(depth)", "dermal"), "Dermal");
    char *g = pg_labels_group(l, "depth=subcutaneous");
    ck_assert_str_eq(g, "Depth=Subcutaneous");
    free(g);
    /* a later label replaces the earlier one */
    ck_assert_int_eq(pg_labels_add(l, "depth", NULL, "Tumour depth", "--label", 0, &e), PG_OK);
    ck_assert_str_eq(pg_labels_var(l, "depth"), "Tumour depth");
    pg_labels_free(l);
    /* NULL label set: names as they are */
    ck_assert(!pg_labels_any(NULL));
    ck_assert_str_eq(pg_labels_var(NULL, "age"), "age");
    ck_assert_str_eq(pg_labels_level(NULL, "sex", "F"), "F");
}
END_TEST

START_TEST(label_parse_errors)
{
    pg_labels *l = pg_labels_new();
    pg_error e = {0};
    ck_assert_int_eq(pg_labels_parse_label(l, "size_cm", &e), PG_EINPUT);   /* no '=' */
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(pg_labels_parse_label(l, "=Size", &e), PG_EINPUT);     /* empty name */
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(pg_labels_parse_label(l, "size_cm=", &e), PG_EINPUT);  /* empty label */
    memset(&e, 0, sizeof e);
    /* '==' inside the term is not the end of the name */
    ck_assert_int_eq(pg_labels_parse_label(l, "I(sex == \"M\")=Male", &e), PG_OK);
    ck_assert_str_eq(pg_labels_var(l, "I(sex==\"M\")"), "Male");
    pg_labels_free(l);
}
END_TEST

static pg_dataset *lms(void)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_dataset_read_csv(LMS, NULL, &ds, &e) == PG_OK, "%s", e.msg);
    return ds;
}

START_TEST(label_check_unknown)
{
    pg_dataset *ds = lms();
    const char *f = "Surv(months, status == \"DOD\") ~ depth + I(size_cm > 5)";
    const char *good[] = {"depth=dermal:Dermal", "I(size_cm>5)=FALSE:No,TRUE:Yes", NULL};
    pg_labels *l = labels_of(good, 1);
    pg_error e = {0};
    ck_assert_msg(pg_labels_check(l, ds, f, NULL, &e) == PG_OK, "%s", e.msg);
    pg_labels_free(l);

    const char *lvl[] = {"depth=dermall:Dermal", NULL};       /* a level misspelt */
    l = labels_of(lvl, 1);
    ck_assert_int_eq(pg_labels_check(l, ds, f, NULL, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "'dermall' is not a level of 'depth'"), "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "did you mean 'dermal'?"), "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "dermal, subcutaneous"), "%s", e.msg);
    pg_labels_free(l);

    const char *var[] = {"sizecm=Size", NULL};                /* a variable misspelt */
    l = labels_of(var, 0);
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(pg_labels_check(l, ds, f, NULL, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "'sizecm'") && strstr(e.msg, "did you mean 'size_cm'?"), "%s",
                  e.msg);
    pg_labels_free(l);

    const char *term[] = {"I(size_cm > 6)=Size > 6 cm", NULL};  /* a term not in the formula */
    l = labels_of(term, 0);
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(pg_labels_check(l, ds, f, NULL, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "unknown variable 'I(size_cm>6)'") &&
                  strstr(e.msg, "did you mean 'I(size_cm > 5)'?"), "%s", e.msg);
    pg_labels_free(l);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(unit_of_name)
{
    static const struct { const char *name; pg_time_unit u; } cases[] = {
        {"months", PG_UNIT_MONTH}, {"Seguimiento (meses)", PG_UNIT_MONTH},
        {"suivi_mois", PG_UNIT_MONTH}, {"Nachbeobachtung Monate", PG_UNIT_MONTH},
        {"mesi", PG_UNIT_MONTH}, {"time_months", PG_UNIT_MONTH}, {"dfs_mo", PG_UNIT_MONTH},
        {"MESES", PG_UNIT_MONTH},
        {"anni", PG_UNIT_YEAR}, {"años", PG_UNIT_YEAR}, {"anos", PG_UNIT_YEAR},
        {"Jahre", PG_UNIT_YEAR}, {"suivi_annees", PG_UNIT_YEAR}, {"years", PG_UNIT_YEAR},
        {"suivi ans", PG_UNIT_NONE},     /* French "ans" is left out of names (lang.c) */
        {"días", PG_UNIT_DAY}, {"dias", PG_UNIT_DAY}, {"jours", PG_UNIT_DAY},
        {"Tage", PG_UNIT_DAY}, {"giorni", PG_UNIT_DAY}, {"dfs_days", PG_UNIT_DAY},
        {"semanas", PG_UNIT_WEEK}, {"weeks", PG_UNIT_WEEK}, {"Wochen", PG_UNIT_WEEK},
        {"time", PG_UNIT_NONE}, {"futime", PG_UNIT_NONE}, {"Seguimiento", PG_UNIT_NONE},
        {"", PG_UNIT_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(pg_lang_unit_of_name(cases[i].name) == cases[i].u, "'%s': %d, want %d",
                      cases[i].name, (int)pg_lang_unit_of_name(cases[i].name), (int)cases[i].u);
    ck_assert_int_eq(pg_lang_unit_of_word("months"), PG_UNIT_MONTH);
    ck_assert_int_eq(pg_lang_unit_of_word("meses"), PG_UNIT_MONTH);
    ck_assert_int_eq(pg_lang_unit_of_word("ans"), PG_UNIT_YEAR);           /* but --time-unit ans */
    ck_assert_int_eq(pg_lang_unit_of_word("banana"), PG_UNIT_NONE);
    ck_assert(pg_lang_unit_years(PG_UNIT_MONTH, 5) == 60);
    ck_assert(isnan(pg_lang_unit_years(PG_UNIT_NONE, 5)));
}
END_TEST

START_TEST(lang_words_and_heads)
{
    pg_lang lang = PG_LANG_EN;
    ck_assert_int_eq(pg_lang_parse("es", &lang), PG_OK);
    ck_assert_int_eq(lang, PG_LANG_ES);
    ck_assert_int_eq(pg_lang_parse("xx", &lang), PG_EINPUT);
    ck_assert_str_eq(pg_lang_word(PG_LANG_ES, PG_W_REFERENCE), "referencia");
    ck_assert_str_eq(pg_lang_word(PG_LANG_EN, PG_W_REFERENCE), "reference");
    ck_assert_ptr_nonnull(pg_lang_word((pg_lang)99, PG_W_REFERENCE));       /* English */
    for (int g = 0; g < PG_LANG_COUNT; g++)                  /* every word in every language */
        for (int w = 0; w < PG_W_COUNT; w++)
            ck_assert_msg(pg_lang_word((pg_lang)g, (pg_word)w)[0] != '\0' || w == PG_W_P,
                          "word %d empty in %s", w, pg_lang_name((pg_lang)g));
    char buf[128];
    pg_lang_at_time_head(PG_LANG_EN, buf, sizeof buf, 60, "months", 0, 95);
    ck_assert_str_eq(buf, "60-month survival, % (95% CI)");
    pg_lang_at_time_head(PG_LANG_ES, buf, sizeof buf, 60, "months", 0, 95);
    ck_assert_str_eq(buf, "Supervivencia a 60 meses, % (IC 95%)");
    pg_lang_at_time_head(PG_LANG_ES, buf, sizeof buf, 60, "meses", 0, 95);  /* any language */
    ck_assert_str_eq(buf, "Supervivencia a 60 meses, % (IC 95%)");
    pg_lang_at_time_head(PG_LANG_EN, buf, sizeof buf, 60, NULL, 0, 95);     /* no unit */
    ck_assert_str_eq(buf, "Survival at 60, % (95% CI)");
    ck_assert_str_eq(pg_lang_unit_word(PG_LANG_ES, PG_UNIT_YEAR, 1), "años");
}
END_TEST

static Suite *labels_suite(void)
{
    Suite *s = suite_create("labels");
    TCase *tc = tcase_create("labels");
    tcase_add_test(tc, label_lookup);
    tcase_add_test(tc, label_parse_errors);
    tcase_add_test(tc, label_check_unknown);
    suite_add_tcase(s, tc);
    tc = tcase_create("lang");
    tcase_add_test(tc, unit_of_name);
    tcase_add_test(tc, lang_words_and_heads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return pg_test_run(labels_suite()); }

/* check_office.c -- the office writers' helpers: XML text escaping (render_docx.c) and the
 * plain-number rule of the xlsx cells (render_xlsx.c); a docx and an xlsx written to memory. */
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"
#include "render_docx.h"
#include "render_xlsx.h"

static void ck_escape(const char *in, int markup, const char *want)
{
    char *got = pg_xml_escape(in, markup);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

#define FFFD "\xef\xbf\xbd"

START_TEST(xml_escape_markup)
{
    ck_escape("", 1, "");
    ck_escape("Tamaño < 5 & \"T\" > 2", 1, "Tamaño &lt; 5 &amp; &quot;T&quot; &gt; 2");
    ck_escape("Tamaño < 5 & \"T\"", 0, "Tamaño < 5 & \"T\"");
    ck_escape("97.9 (95.8\xe2\x80\x93" "100.0)\xe2\x80\xa0", 1,
              "97.9 (95.8\xe2\x80\x93" "100.0)\xe2\x80\xa0");   /* en dash, dagger kept */
    ck_escape("'apostrophe'", 1, "'apostrophe'");
    ck_escape("\xf0\x9f\x98\x80", 1, "\xf0\x9f\x98\x80");        /* U+1F600, 4 bytes */
}
END_TEST

START_TEST(xml_escape_invalid)
{
    ck_escape("a\tb\nc\rd", 1, "a\tb\nc\rd");                    /* the controls XML allows */
    ck_escape("a\x01" "b\x1f" "c\x7f", 1, "a" FFFD "b" FFFD "c\x7f");   /* DEL is allowed */
    ck_escape("caf\xe9", 1, "caf" FFFD);                         /* Latin-1 byte */
    ck_escape("\x80x", 1, FFFD "x");                             /* stray continuation */
    ck_escape("\xc3", 1, FFFD);                                  /* truncated */
    ck_escape("\xc0\xaf", 1, FFFD FFFD);                         /* overlong '/' */
    ck_escape("\xed\xa0\x80", 1, FFFD FFFD FFFD);                /* surrogate U+D800 */
    ck_escape("\xef\xbf\xbe", 1, FFFD);                          /* U+FFFE */
    ck_escape("\xf4\x90\x80\x80", 1, FFFD FFFD FFFD FFFD);       /* above U+10FFFF */
}
END_TEST

START_TEST(xlsx_plain_numbers)
{
    int d = -1;
    ck_assert_int_eq(pg_xlsx_plain_number("38", &d), 1);
    ck_assert_int_eq(d, 0);
    ck_assert_int_eq(pg_xlsx_plain_number("0.008", &d), 1);
    ck_assert_int_eq(d, 3);
    ck_assert_int_eq(pg_xlsx_plain_number("-1.50", &d), 1);
    ck_assert_int_eq(d, 2);
    const char *text[] = {"", "-", "1e5", "+2", ".5", "1.", "< 0.001", "175 (36.5)", "NR",
                          "0.13 ", "Inf", "1.0000000000000000"};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        ck_assert_msg(!pg_xlsx_plain_number(text[i], &d), "'%s' is not a number", text[i]);
}
END_TEST

static pg_tab *small_tab(void)
{
    const char *head[] = {"Factor", "n", "p"};
    const char *r1[] = {"Tamaño <5 & ok", "38", "< 0.001"};
    const char *r2[] = {"", "7", "0.13"};
    pg_tab *t = pg_tab_new(3, head);
    ck_assert_ptr_nonnull(t);
    pg_tab_left(t, 0);
    ck_assert_int_eq(pg_tab_row(t, r1), PG_OK);
    ck_assert_int_eq(pg_tab_row(t, r2), PG_OK);
    return t;
}

/* The zip's bytes start with a local file header, "PK\3\4", and the parts' names are stored. */
static void ck_zip(const char *buf, size_t len, const char *part)
{
    ck_assert_uint_gt(len, 100);
    ck_assert_int_eq(memcmp(buf, "PK\x03\x04", 4), 0);
    size_t k = strlen(part), i = 0;
    while (i + k <= len && memcmp(buf + i, part, k) != 0) i++;
    ck_assert_msg(i + k <= len, "no part '%s'", part);
}

START_TEST(docx_and_xlsx_to_memory)
{
    pg_tab *t = small_tab();
    const char *notes[] = {"HR: Cox"};
    const pg_office_table ot = {"Title", t, notes, 1};
    for (int xlsx = 0; xlsx < 2; xlsx++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        pg_error e = {0};
        int rc = xlsx ? pg_xlsx_write(f, &ot, NULL, &e) : pg_docx_write(f, &ot, &e);
        fclose(f);
        ck_assert_msg(rc == PG_OK, "%s", e.msg);
        ck_zip(buf, len, xlsx ? "xl/worksheets/sheet1.xml" : "word/document.xml");
        free(buf);
    }
    pg_tab_free(t);
}
END_TEST

START_TEST(docx_same_bytes)
{
    pg_tab *t = small_tab();
    const pg_office_table ot = {NULL, t, NULL, 0};
    char *b[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        FILE *f = open_memstream(&b[k], &n[k]);
        ck_assert_int_eq(pg_docx_write(f, &ot, NULL), PG_OK);
        fclose(f);
    }
    ck_assert_uint_eq(n[0], n[1]);
    ck_assert_int_eq(memcmp(b[0], b[1], n[0]), 0);
    free(b[0]);
    free(b[1]);
    pg_tab_free(t);
}
END_TEST

/* A table wider than the page: every column keeps its head's longest word whole (bold, 110
 * twips a character, and the cell margins), so "Median (95% CI)" breaks between words; the
 * widths sum to the text width. */
START_TEST(docx_widths_keep_words)
{
    const char *head[] = {"Factor", "Median (95% CI)", "Univariate HR (95% CI)", "p"};
    const char *row[] = {"A very long level label that takes much of the page width alone",
                         "NR", "15.50 (6.10-39.42) and more text to widen this column", "0.2"};
    pg_tab *t = pg_tab_new(4, head);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(pg_tab_row(t, row), PG_OK);
    long text = 6000;
    int *w = pg_docx_column_widths(t, text);
    ck_assert_ptr_nonnull(w);
    const size_t word[] = {6, 6, 10, 1};   /* Factor, Median, Univariate, p */
    long sum = 0;
    for (size_t j = 0; j < 4; j++) {
        ck_assert_int_ge(w[j], (int)(word[j] * 110 + 114));
        sum += w[j];
    }
    ck_assert_int_le(sum, text);
    ck_assert_int_ge(sum, text - 4);       /* the room is used, less rounding */
    ck_assert_int_gt(w[0], w[1]);           /* the long contents keep more of theirs */
    free(w);
    pg_tab_free(t);
}
END_TEST

START_TEST(xlsx_bad_tmpdir)
{
    pg_tab *t = small_tab();
    const pg_office_table ot = {"Title", t, NULL, 0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pg_error e = {0};
    ck_assert_int_eq(pg_xlsx_write(f, &ot, "/nonexistent/dir", &e), PG_EIO);
    fclose(f);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(e.msg, "xlsx: cannot create a temporary file in '/nonexistent/dir'");
    free(buf);
    pg_tab_free(t);
}
END_TEST

static Suite *office_suite(void)
{
    Suite *s = suite_create("office");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, xml_escape_markup);
    tcase_add_test(tc, xlsx_plain_numbers);
    tcase_add_test(tc, docx_and_xlsx_to_memory);
    tcase_add_test(tc, docx_same_bytes);
    tcase_add_test(tc, docx_widths_keep_words);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, xml_escape_invalid);
    tcase_add_test(te, xlsx_bad_tmpdir);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    return pg_test_run(office_suite());
}

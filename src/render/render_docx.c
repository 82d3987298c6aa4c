/* render_docx.c -- a table as a Word document: the smallest package Word, LibreOffice and the
 * journals' submission systems open (ECMA-376 Part 1, WordprocessingML; Part 2, the Open
 * Packaging Conventions), written as XML text into memory and zipped with libzip.
 *
 * The table follows the journals' rules (the three horizontal lines of booktabs, as the tex
 * format): a rule above and below the table, a thinner one under the header, no vertical lines,
 * the header row bold and repeated when the table runs onto a second page. Column widths are
 * estimated from the text (about 100 twips, 1/14 inch, per character of 10-point Times) and
 * shrunk when they exceed the page, never below a head's longest word (pg_docx_column_widths); Word's
 * autofit then settles them. */
#include "render_docx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOC_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define RULE "w:val=\"single\" w:space=\"0\" w:color=\"000000\""

/* The length of the valid UTF-8 sequence at s and its code point, or 0 when s starts none
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, unsigned long *cp)
{
    unsigned long c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0) return 0;
    if (n > 1) c &= 0x7F >> n;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    static const unsigned long least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return n;
}

/* XML 1.0, production [2] Char. */
static int xml_char(unsigned long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

char *pg_xml_escape(const char *s, int markup)
{
    size_t len = strlen(s);
    char *out = pg_malloc_array(6 * len + 1, 1);   /* "&quot;" is the longest replacement */
    if (!out) return NULL;
    char *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long c = 0;
        size_t n = utf8_seq(p, &c);
        const char *rep = NULL;
        if (n == 0 || !xml_char(c)) rep = "\xef\xbf\xbd";   /* U+FFFD */
        else if (markup && c == '&') rep = "&amp;";
        else if (markup && c == '<') rep = "&lt;";
        else if (markup && c == '>') rep = "&gt;";
        else if (markup && c == '"') rep = "&quot;";
        if (rep) {
            size_t k = strlen(rep);
            memcpy(o, rep, k);
            o += k;
        } else {
            memcpy(o, p, n);
            o += n;
        }
        p += n ? n : 1;
    }
    *o = '\0';
    return out;
}

/* A part being written: an in-memory stream, and whether a write or an escape failed. */
typedef struct part {
    char *text;
    size_t len;
    FILE *f;
    int bad;
} part;

static void put_text(part *p, const char *s)
{
    char *e = pg_xml_escape(s, 1);
    if (!e) {
        p->bad = 1;
        return;
    }
    fputs(e, p->f);
    free(e);
}

/* One paragraph with one run: style (NULL for Normal), alignment (NULL for the style's), bold. */
static void paragraph(part *p, const char *style, const char *jc, int bold, const char *text)
{
    fputs("<w:p>", p->f);
    if (style || jc) {
        fputs("<w:pPr>", p->f);
        if (style) fprintf(p->f, "<w:pStyle w:val=\"%s\"/>", style);
        if (jc) fprintf(p->f, "<w:jc w:val=\"%s\"/>", jc);
        fputs("</w:pPr>", p->f);
    }
    if (text && *text) {
        fputs("<w:r>", p->f);
        if (bold) fputs("<w:rPr><w:b/><w:bCs/></w:rPr>", p->f);
        fputs("<w:t xml:space=\"preserve\">", p->f);
        put_text(p, text);
        fputs("</w:t></w:r>", p->f);
    }
    fputs("</w:p>", p->f);
}

enum { TWIPS_PER_CHAR = 100, CELL_MARGIN = 57, PAGE_MARGIN = 1134 };   /* 57 twips = 1 mm */

/* Column widths in twips, within the text width of the page. When the table is too wide, the
 * room above each column's narrowest width (its header's longest word, bold, so a head breaks
 * only between words: "Median (95% CI)" never "Media|n") is shared out; only when even those
 * do not fit are all widths shrunk in proportion. */
int *pg_docx_column_widths(const pg_tab *tab, long text_width)
{
    size_t ncol = pg_tab_ncol(tab), nrow = pg_tab_nrow(tab);
    int *w = pg_calloc_array(ncol ? ncol : 1, sizeof *w);
    int *lo = pg_calloc_array(ncol ? ncol : 1, sizeof *lo);
    if (!w || !lo) {
        free(w);
        free(lo);
        return NULL;
    }
    long total = 0, floor = 0;
    for (size_t j = 0; j < ncol; j++) {
        size_t word = pg_text_longest_word(pg_tab_cell(tab, 0, j)), chars = word;
        for (size_t i = 1; i <= nrow; i++) {
            size_t n = pg_text_width(pg_tab_cell(tab, i, j));
            if (n > chars) chars = n;
        }
        lo[j] = (int)((word ? word : 1) * TWIPS_PER_CHAR * 11 / 10) + 2 * CELL_MARGIN;
        w[j] = (int)(chars ? chars : 1) * TWIPS_PER_CHAR + 2 * CELL_MARGIN;
        if (w[j] < lo[j]) w[j] = lo[j];
        total += w[j];
        floor += lo[j];
    }
    if (total > text_width && floor < text_width) {
        double keep = (double)(text_width - floor) / (double)(total - floor);
        for (size_t j = 0; j < ncol; j++) w[j] = lo[j] + (int)((w[j] - lo[j]) * keep);
    } else if (total > text_width) {
        for (size_t j = 0; j < ncol; j++) w[j] = (int)((double)w[j] * text_width / total);
    }
    free(lo);
    return w;
}

static void write_table(part *p, const pg_tab *tab, const int *width)
{
    size_t ncol = pg_tab_ncol(tab), nrow = pg_tab_nrow(tab);
    fputs("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>"
          "<w:top " RULE " w:sz=\"8\"/><w:left w:val=\"nil\"/>"
          "<w:bottom " RULE " w:sz=\"8\"/><w:right w:val=\"nil\"/>"
          "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
          "<w:tblLayout w:type=\"autofit\"/><w:tblCellMar>", p->f);
    fprintf(p->f, "<w:left w:w=\"%d\" w:type=\"dxa\"/><w:right w:w=\"%d\" w:type=\"dxa\"/>",
            CELL_MARGIN, CELL_MARGIN);
    fputs("</w:tblCellMar></w:tblPr><w:tblGrid>", p->f);
    for (size_t j = 0; j < ncol; j++) fprintf(p->f, "<w:gridCol w:w=\"%d\"/>", width[j]);
    fputs("</w:tblGrid>", p->f);
    for (size_t i = 0; i <= nrow; i++) {
        /* the header repeats on each page; no row breaks across pages */
        fputs(i == 0 ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                     : "<w:tr><w:trPr><w:cantSplit/></w:trPr>", p->f);
        for (size_t j = 0; j < ncol; j++) {
            fprintf(p->f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width[j]);
            if (i == 0)
                fputs("<w:tcBorders><w:bottom " RULE " w:sz=\"4\"/></w:tcBorders>"
                      "<w:vAlign w:val=\"bottom\"/>", p->f);
            fputs("</w:tcPr>", p->f);
            paragraph(p, "TableText", pg_tab_is_left(tab, j) ? "left" : "right", i == 0,
                      pg_tab_cell(tab, i, j));
            fputs("</w:tc>", p->f);
        }
        fputs("</w:tr>", p->f);
    }
    fputs("</w:tbl>", p->f);
}

static void write_document(part *p, const pg_office_table *t)
{
    const pg_tab *tab = t->tab;
    int landscape = pg_tab_ncol(tab) > 6;
    long page_w = landscape ? 16838 : 11906, page_h = landscape ? 11906 : 16838;   /* A4 */
    int *width = pg_docx_column_widths(tab, page_w - 2 * PAGE_MARGIN);
    if (!width) {
        p->bad = 1;
        return;
    }
    fputs(XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>", p->f);
    if (t->title && *t->title) paragraph(p, "Caption", NULL, 0, t->title);
    write_table(p, tab, width);
    for (size_t i = 0; i < t->n_notes; i++) paragraph(p, "TableNote", NULL, 0, t->notes[i]);
    if (t->n_notes == 0) fputs("<w:p/>", p->f);   /* a table is never the body's last block */
    fprintf(p->f, "<w:sectPr><w:pgSz w:w=\"%ld\" w:h=\"%ld\"%s/>", page_w, page_h,
            landscape ? " w:orient=\"landscape\"" : "");
    fprintf(p->f, "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
                  "w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>",
            PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN);
    fputs("</w:body></w:document>\n", p->f);
    free(width);
}

static const char content_types[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>\n";

static const char package_rels[] =
    XML_DECL "<Relationships xmlns=\"" REL_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" DOC_REL "/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>\n";

static const char document_rels[] =
    XML_DECL "<Relationships xmlns=\"" REL_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" DOC_REL "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>\n";

/* 10-point Times New Roman, single-spaced, no space after paragraphs; the title in Word's
 * built-in Caption style (bold, kept with the table); footnotes at 9 points. */
#define TIMES "w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\""
static const char styles[] =
    XML_DECL "<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts " TIMES " w:eastAsia=\"Times New Roman\"/>"
    "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
    "<w:pPr><w:keepNext/><w:spacing w:after=\"120\"/></w:pPr>"
    "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"20\" "
    "w:after=\"20\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"TableNote\"><w:name w:val=\"Table Note\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"60\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>"
    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
    "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
    "</w:tblCellMar></w:tblPr></w:style></w:styles>\n";

static int zip_fail(pg_error *err, zip_error_t *ze, const char *what)
{
    int rc = zip_error_code_zip(ze) == ZIP_ER_MEMORY ? PG_ENOMEM : PG_EIO;
    pg_fail(err, rc, "docx: %s: %s", what, zip_error_strerror(ze));
    zip_error_fini(ze);
    return rc;
}

/* The zip of the n parts (names[i], NUL-terminated texts[i]) in memory, then copied to f, so
 * that a failure leaves f untouched. Every entry carries 1980-01-01 12:00, the first date a
 * zip can hold, in whatever time zone: the bytes depend on the table only. */
static int zip_parts(FILE *f, size_t n, const char *const *names, const char *const *texts,
                     pg_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) return zip_fail(err, &ze, "cannot create the archive");
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        return zip_fail(err, &ze, "cannot create the archive");
    }
    struct tm dos_epoch = {.tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_hour = 12,
                           .tm_isdst = -1};
    time_t stamp = mktime(&dos_epoch);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, texts[i], strlen(texts[i]), 0);
        zip_int64_t idx = s ? zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
            zip_source_keep(src);
            zip_discard(za);
            zip_source_free(src);
            return zip_fail(err, &ze, names[i]);
        }
        if (stamp != (time_t)-1) zip_file_set_mtime(za, (zip_uint64_t)idx, stamp, 0);
    }
    zip_source_keep(src);   /* the archive's bytes stay in src after zip_close */
    if (zip_close(za) != 0) {
        zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
        zip_discard(za);
        zip_source_free(src);
        return zip_fail(err, &ze, "cannot write the archive");
    }
    int rc = PG_OK;
    if (zip_source_open(src) != 0) {
        rc = pg_fail(err, PG_EIO, "docx: cannot read the archive back");
    } else {
        char buf[8192];
        zip_int64_t k;
        while ((k = zip_source_read(src, buf, sizeof buf)) > 0)
            if (fwrite(buf, 1, (size_t)k, f) != (size_t)k) break;
        if (k != 0 || ferror(f)) rc = pg_fail(err, PG_EIO, "docx: write failed");
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
}

int pg_docx_write(FILE *f, const pg_office_table *t, pg_error *err)
{
    part doc = {0};
    doc.f = open_memstream(&doc.text, &doc.len);
    if (!doc.f) return pg_fail(err, PG_ENOMEM, "docx: out of memory");
    write_document(&doc, t);
    if (fclose(doc.f) != 0) doc.bad = 1;
    if (doc.bad) {
        free(doc.text);
        return pg_fail(err, PG_ENOMEM, "docx: out of memory");
    }
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/styles.xml", "word/_rels/document.xml.rels"};
    const char *texts[] = {content_types, package_rels, doc.text, styles, document_rels};
    int rc = zip_parts(f, 5, names, texts, err);
    free(doc.text);
    return rc;
}

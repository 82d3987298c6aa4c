/* render_docx.h -- a table as a Word document (.docx, Office Open XML WordprocessingML), and the
 * one XML text escaper of the office formats. Internal. */
/* Thread safety: no global state; every function is reentrant. */
#ifndef PG_RENDER_DOCX_H
#define PG_RENDER_DOCX_H

#include "render.h"

/* s as XML character data: valid UTF-8 with only the characters XML 1.0 allows (tab, line
 * feed, carriage return, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF). A byte that starts
 * no valid UTF-8 sequence (a stray continuation, a truncated, overlong or surrogate sequence)
 * and a character XML forbids (other control characters, U+FFFE, U+FFFF) each become U+FFFD,
 * visibly, rather than a part that will not open. With markup set, & < > " are written as
 * &amp; &lt; &gt; &quot; (for element text and attribute values); without, the text is only
 * made valid (for libxlsxwriter, which escapes itself). A new string (free it), NULL when out
 * of memory. */
char *pg_xml_escape(const char *s, int markup);

/* Write t as a .docx to f: word/document.xml holds the title (style Caption), one table
 * (header row bold and repeated on each page, a rule above and below the table and under the
 * header, no vertical lines; columns left or right aligned as t->tab says, widths from their
 * content) and each footnote as a paragraph (style TableNote) below; A4, landscape when the
 * table has more than six columns. The parts: [Content_Types].xml, _rels/.rels,
 * word/document.xml, word/styles.xml, word/_rels/document.xml.rels. The zip's entries carry a
 * fixed date, so the same table gives the same bytes. PG_OK, PG_ENOMEM, or PG_EIO (err says
 * why); on failure nothing is written to f. */
int pg_docx_write(FILE *f, const pg_office_table *t, pg_error *err);

/* The columns' widths in twips (a new array of pg_tab_ncol(tab), NULL when out of memory) for
 * a text width of text_width twips: from the content, shrunk to fit but never below the
 * header's longest word in bold while the heads' words fit at all. */
int *pg_docx_column_widths(const pg_tab *tab, long text_width);

#endif

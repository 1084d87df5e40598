/* CSV rows written through libcsv, safe against formula injection. */
#ifndef REGDESK_CSV_OUTPUT_H
#define REGDESK_CSV_OUTPUT_H

#include <stdio.h>

/* Writes one row, quoting as needed. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) is prefixed with an apostrophe.
 * Returns 0, or -1 on a write error. */
int csv_output_row(FILE *out, const char *const *cells, int count);

/* The same for cells that were never validated (an import's rejected rows):
 * each is first made inert as on the screen (control characters shown as
 * "^[", invalid UTF-8 as U+FFFD, text_make_inert), then guarded against
 * formulas, so opening the file runs nothing and moves no terminal. */
int csv_output_row_inert(FILE *out, const char *const *cells, int count);

#endif

#include "csv_output.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int write_cell(FILE *out, const char *cell)
{
	size_t length = strlen(cell);
	if (length == 0 || !strchr("=+-@\t\r", cell[0]))
		return csv_fwrite(out, cell, length);
	char *guarded = malloc(length + 2);
	if (!guarded)
		return -1;
	guarded[0] = '\'';
	memcpy(guarded + 1, cell, length + 1);
	int result = csv_fwrite(out, guarded, length + 1);
	free(guarded);
	return result;
}

int csv_output_row(FILE *out, const char *const *cells, int count)
{
	for (int i = 0; i < count; i++) {
		if (i > 0 && fputc(',', out) == EOF)
			return -1;
		if (write_cell(out, cells[i] ? cells[i] : "") != 0)
			return -1;
	}
	return fputs("\r\n", out) == EOF ? -1 : 0;
}

int csv_output_row_inert(FILE *out, const char *const *cells, int count)
{
	for (int i = 0; i < count; i++) {
		if (i > 0 && fputc(',', out) == EOF)
			return -1;
		const char *cell = cells[i] ? cells[i] : "";
		/* Each byte becomes at most "<U+0080>" (8 bytes). */
		size_t size = strlen(cell) * 8 + 1;
		char *inert = malloc(size);
		if (!inert)
			return -1;
		text_make_inert(cell, inert, size);
		int result = write_cell(out, inert);
		free(inert);
		if (result != 0)
			return -1;
	}
	return fputs("\r\n", out) == EOF ? -1 : 0;
}

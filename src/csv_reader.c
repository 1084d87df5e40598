/* The CSV reader (issue 7): libcsv fed as a stream, a piece ending at each
 * line end so that every record knows the line it starts on, with memory
 * capped (IMPORT_MAX_*), Windows-1252 converted on the way and the raw bytes
 * hashed for the audit. Reading follows SQLite's shell .import: a context
 * struct, callbacks, errors as "file:line: message". */
#include "csv_import_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

/* ---- The reader: libcsv fed line by line, so that records know their line ---- */

struct reader {
	FILE *stream;
	const char *name;
	const struct file_facts *facts;
	struct csv_parser parser;
	bool (*visit)(const struct csv_record *record, void *context);
	void *context;
	crypto_hash_sha256_state *hash;   /* of the raw bytes; NULL when not wanted */
	long long bytes_read;
	long long line;                   /* the physical line being fed, from 1 */
	long long record_line;            /* where the record being read started */
	bool record_open;
	char *cells;                      /* the record's cells, each NUL-terminated */
	size_t cells_used, cells_size;
	size_t cell_offsets[IMPORT_MAX_COLUMNS];
	const char *cell_pointers[IMPORT_MAX_COLUMNS];
	int cell_count;
	bool stopped;                     /* visit asked to stop */
	bool failed;
	char *error;
	size_t error_size;
};

/* libcsv grows a cell through this: a cell past the limit fails the parse
 * (CSV_ENOMEM) instead of taking the memory. */
static void *capped_realloc(void *pointer, size_t size)
{
	return size > IMPORT_MAX_FIELD_BYTES + 64 ? NULL : realloc(pointer, size);
}

static void reader_fail(struct reader *reader, long long line, const char *message)
{
	if (reader->failed)
		return;
	reader->failed = true;
	csv_fail_at(reader->error, reader->error_size, reader->name, line, message);
}

static void reader_cell(void *field, size_t length, void *data)
{
	struct reader *reader = data;
	if (reader->failed || reader->stopped)
		return;
	if (!reader->record_open) {
		reader->record_open = true;
		reader->record_line = reader->line;
	}
	if (reader->cell_count >= IMPORT_MAX_COLUMNS) {
		char message[160];
		snprintf(message, sizeof message, _("more than %d columns: is this a CSV file?"), IMPORT_MAX_COLUMNS);
		reader_fail(reader, reader->record_line, message);
		return;
	}
	if (reader->cells_used + length + 1 > IMPORT_MAX_ROW_BYTES) {
		char message[160];
		snprintf(message, sizeof message, _("a row longer than %d MiB: is this a CSV file?"),
			 IMPORT_MAX_ROW_BYTES / (1024 * 1024));
		reader_fail(reader, reader->record_line, message);
		return;
	}
	if (field && memchr(field, '\0', length)) {
		reader_fail(reader, reader->line, _("a NUL byte: this is not a CSV text file"));
		return;
	}
	if (reader->cells_used + length + 1 > reader->cells_size) {
		size_t size = reader->cells_size ? reader->cells_size : 4096;
		while (size < reader->cells_used + length + 1)
			size *= 2;
		char *grown = realloc(reader->cells, size);
		if (!grown) {
			reader_fail(reader, reader->record_line, status_message(STATUS_ERR_NO_MEMORY));
			return;
		}
		reader->cells = grown;
		reader->cells_size = size;
	}
	if (length)
		memcpy(reader->cells + reader->cells_used, field, length);
	reader->cells[reader->cells_used + length] = '\0';
	reader->cell_offsets[reader->cell_count++] = reader->cells_used;
	reader->cells_used += length + 1;
}

static void reader_record_end(int terminator, void *data)
{
	(void)terminator;
	struct reader *reader = data;
	if (!reader->failed && !reader->stopped) {
		for (int i = 0; i < reader->cell_count; i++)
			reader->cell_pointers[i] = reader->cells + reader->cell_offsets[i];
		struct csv_record record = { reader->record_line, reader->cell_count, reader->cell_pointers };
		if (!reader->visit(&record, reader->context))
			reader->stopped = true;
	}
	reader->cell_count = 0;
	reader->cells_used = 0;
	reader->record_open = false;
}

static void reader_parse_error(struct reader *reader)
{
	int code = csv_error(&reader->parser);
	char message[160];
	if (code == CSV_ENOMEM || code == CSV_ETOOBIG)
		snprintf(message, sizeof message, _("a cell longer than %d MiB: is this a CSV file?"),
			 IMPORT_MAX_FIELD_BYTES / (1024 * 1024));
	else
		text_copy(message, sizeof message, csv_strerror(code));
	reader_fail(reader, reader->record_open ? reader->record_line : reader->line, message);
}

/* Feeds text (UTF-8 by now) to the parser piece by piece, a piece ending
 * at a line end, so that the line number is known in the callbacks. */
static void reader_feed(struct reader *reader, const unsigned char *text, size_t length)
{
	size_t start = 0;
	while (start < length && !reader->failed && !reader->stopped) {
		const unsigned char *end = memchr(text + start, reader->facts->line_end, length - start);
		size_t piece = end ? (size_t)(end - (text + start)) + 1 : length - start;
		if (!reader->record_open) {
			for (size_t i = start; i < start + piece; i++) {
				unsigned char byte = text[i];
				if (byte != ' ' && byte != '\t' && byte != '\r' && byte != '\n') {
					reader->record_open = true;
					reader->record_line = reader->line;
					break;
				}
			}
		}
		if (csv_parse(&reader->parser, text + start, piece, reader_cell, reader_record_end, reader) != piece &&
		    !reader->failed && !reader->stopped)
			reader_parse_error(reader);
		start += piece;
		if (end)
			reader->line++;
	}
}

/* Reads the stream from its start (the scan decided facts) and calls visit
 * for every record. Returns false on a fatal error (in error). */
bool csv_read_records(FILE *stream, const char *name, const struct file_facts *facts,
			 bool (*visit)(const struct csv_record *record, void *context), void *context,
			 crypto_hash_sha256_state *hash, long long **bytes_read, char *error, size_t error_size)
{
	struct reader *reader = calloc(1, sizeof *reader);
	unsigned char *raw = malloc(READ_CHUNK);
	unsigned char *converted = facts->encoding == IMPORT_ENCODING_WINDOWS_1252 ? malloc(3 * READ_CHUNK) : NULL;
	if (!reader || !raw || (facts->encoding == IMPORT_ENCODING_WINDOWS_1252 && !converted)) {
		free(reader);
		free(raw);
		free(converted);
		csv_fail_at(error, error_size, name, 0, status_message(STATUS_ERR_NO_MEMORY));
		return false;
	}
	reader->stream = stream;
	reader->name = name;
	reader->facts = facts;
	reader->visit = visit;
	reader->context = context;
	reader->hash = hash;
	reader->line = 1;
	reader->error = error;
	reader->error_size = error_size;
	if (bytes_read)
		*bytes_read = &reader->bytes_read;
	csv_init(&reader->parser, 0);
	csv_set_delim(&reader->parser, (unsigned char)facts->delimiter);
	csv_set_realloc_func(&reader->parser, capped_realloc);
	csv_set_blk_size(&reader->parser, 4096);
	rewind(stream);
	size_t got;
	bool first = true;
	while (!reader->failed && !reader->stopped && (got = fread(raw, 1, READ_CHUNK, stream)) > 0) {
		if (hash)
			crypto_hash_sha256_update(hash, raw, got);
		reader->bytes_read += (long long)got;
		size_t skip = first && facts->bom && got >= 3 ? 3 : 0;
		first = false;
		if (converted) {
			size_t length = csv_windows_1252_to_utf8(raw + skip, got - skip, converted);
			reader_feed(reader, converted, length);
		} else {
			reader_feed(reader, raw + skip, got - skip);
		}
	}
	if (!reader->failed && !reader->stopped && ferror(stream))
		reader_fail(reader, 0, strerror(errno ? errno : EIO));
	if (!reader->failed && !reader->stopped) {
		/* A quoted cell still open at the end swallowed the rest of the file. */
		long long open_line = reader->record_line;
		csv_set_opts(&reader->parser, CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&reader->parser, reader_cell, reader_record_end, reader) != 0)
			reader_fail(reader, open_line, _("a quoted cell that is never closed: a stray quote?"));
	}
	bool ok = !reader->failed;
	if (bytes_read)
		*bytes_read = NULL;
	csv_free(&reader->parser);
	free(reader->cells);
	free(reader);
	free(raw);
	free(converted);
	return ok;
}

bool csv_import_read_stream(FILE *stream, const char *name, enum import_encoding *encoding, char *delimiter,
			    bool (*visit)(const struct csv_record *record, void *context), void *context,
			    char *error, size_t error_size)
{
	struct file_facts facts;
	if (!csv_scan_stream(stream, name, encoding ? *encoding : IMPORT_ENCODING_AUTO, delimiter ? *delimiter : 0, &facts,
			 error, error_size))
		return false;
	if (encoding)
		*encoding = facts.encoding;
	if (delimiter)
		*delimiter = facts.delimiter;
	return csv_read_records(stream, name, &facts, visit, context, NULL, NULL, error, error_size);
}

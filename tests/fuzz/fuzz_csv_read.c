/* libFuzzer target: the CSV reading path of the import (issue 7), fed any
 * bytes as a file. The first byte chooses the options (detect or force the
 * encoding and the delimiter) so that every path is reached; the rest is the
 * file. Besides the sanitizers' checks it asserts what the reader promises:
 * records come in line order, within the column limit, and every cell of an
 * accepted file is valid UTF-8 (Windows-1252 converted), never mojibake or a
 * broken sequence.
 *
 *   make fuzz                      (tests/fuzz/run.sh: build, then run long)
 *   build/fuzz/fuzz_csv_read -max_total_time=60 build/fuzz/corpus tests/data/import */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_import.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	long long last_line;
	long long records;
};

static bool visit(const struct csv_record *record, void *context)
{
	struct check *check = context;
	if (record->line < 1 || record->line < check->last_line)
		__builtin_trap();
	if (record->count < 1 || record->count > IMPORT_MAX_COLUMNS)
		__builtin_trap();
	for (int i = 0; i < record->count; i++)
		if (!text_is_valid_utf8(record->cells[i]) || strlen(record->cells[i]) > IMPORT_MAX_FIELD_BYTES)
			__builtin_trap();
	check->last_line = record->line;
	check->records++;
	return check->records < 100000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const enum import_encoding encodings[] = { IMPORT_ENCODING_AUTO, IMPORT_ENCODING_UTF8,
							  IMPORT_ENCODING_WINDOWS_1252, IMPORT_ENCODING_AUTO };
	static const char delimiters[] = { 0, ',', ';', '\t' };
	enum import_encoding encoding = encodings[data[0] & 3];
	char delimiter = delimiters[(data[0] >> 2) & 3];
	/* fmemopen needs a buffer of its own; an empty file is a valid case. */
	size_t length = size - 1;
	char *copy = malloc(length + 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, length);
	FILE *stream = length ? fmemopen(copy, length, "rb") : fopen("/dev/null", "rb");
	if (stream) {
		struct check check = { 0, 0 };
		char error[512];
		error[0] = '\0';
		bool ok = csv_import_read_stream(stream, "fuzz.csv", &encoding, &delimiter, visit, &check, error, sizeof error);
		/* A refusal always says why, naming the file. */
		if (!ok && strncmp(error, "fuzz.csv", 8) != 0)
			__builtin_trap();
		fclose(stream);
	}
	free(copy);
	return 0;
}

/* What the four parts of the CSV import share (csv_sniff.c, csv_reader.c,
 * csv_mapping.c, csv_import.c); nothing outside them includes it. */
#ifndef REGDESK_CSV_IMPORT_INTERNAL_H
#define REGDESK_CSV_IMPORT_INTERNAL_H

#include <sodium.h>
#include "storage.h"
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "csv_import.h"
#include "database_internal.h"

#define READ_CHUNK (64 * 1024)
#define PURPOSES_MAX 32

/* What the sniffing found out about a file, before anything is parsed. */
struct file_facts {
	enum import_encoding encoding;    /* UTF8 or WINDOWS_1252 once decided */
	bool bom;                         /* starts with a UTF-8 byte order mark */
	char delimiter;
	char line_end;                    /* '\n', or '\r' for classic Mac files */
	long long lines;
	long long bytes;
};

struct column {
	char *header;                     /* as in the file (UTF-8); owned */
	char *sample;                     /* the first data row's cell; owned */
	char *folded;                     /* the header folded for matching; owned */
	struct import_target target;
};

/* An opened file: csv_import_open (csv_mapping.c) to csv_import_close. */
struct csv_import {
	struct session *session;
	struct import_options options;
	char path[4096];
	char name[256];                   /* the file's base name, for messages and the audit */
	FILE *stream;
	struct stat opened;               /* size and time when opened: the file must not change after */
	struct file_facts facts;
	struct column *columns;
	int column_count;
	char applied_mapping[101];
	struct import_target *targets;    /* the choosable targets, in screen order */
	int target_count;
};

/* ---- csv_sniff.c ---- */

/* Reads the whole stream once: byte order marks, NUL bytes, UTF-8 validity,
 * bytes Windows-1252 does not define, line ends and the header's delimiter.
 * Decides the encoding (forced unless IMPORT_ENCODING_AUTO) and refuses
 * what cannot be read as text. Leaves the stream rewound. */
bool csv_scan_stream(FILE *stream, const char *name, enum import_encoding forced, char delimiter,
		     struct file_facts *facts, char *error, size_t error_size);
/* "name:line: message", or "name: message" when line is 0. */
void csv_fail_at(char *error, size_t error_size, const char *name, long long line, const char *message);
/* Converts length bytes of Windows-1252 to UTF-8 in out (3 * length bytes at most). */
size_t csv_windows_1252_to_utf8(const unsigned char *in, size_t length, unsigned char *out);

/* ---- csv_reader.c ---- */

/* Reads the stream from its start (the scan decided facts) and calls visit
 * for every record; hashes the raw bytes into hash when given, and points
 * *bytes_read at its count of bytes while reading. Returns false on a fatal
 * error (in error). */
bool csv_read_records(FILE *stream, const char *name, const struct file_facts *facts,
		      bool (*visit)(const struct csv_record *record, void *context), void *context,
		      crypto_hash_sha256_state *hash, long long **bytes_read, char *error, size_t error_size);

/* ---- csv_mapping.c ---- */

char *import_copy_text(const char *text);
/* Copies a cell into out without the spaces around it and without the
 * apostrophe an export puts before a formula; line breaks become "\n" when
 * multiline. */
void import_clean_cell(const char *cell, char *out, size_t out_size, bool multiline);
bool import_record_is_blank(const struct csv_record *record);
const char *import_column_text(struct statement *statement, int column);

/* ---- csv_import.c ---- */

/* Sets the one-line message a failed call leaves in db->error (cut when long). */
__attribute__((format(printf, 2, 3)))
void import_set_error(struct database *db, const char *format, ...);

#endif

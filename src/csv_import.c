/* Importing contacts from CSV (issue 7; notice §1.4, §1.5). Reading follows
 * SQLite's shell .import: a context struct, libcsv fed as a stream, one
 * transaction, errors as "file:line: message". See csv_import.h. */
#include "csv_import.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "contact_internal.h"
#include "csv_output.h"
#include "i18n.h"
#include "organisation.h"
#include "permission.h"
#include "text.h"
#include "training.h"
#include "validate.h"

#define READ_CHUNK (64 * 1024)
#define HEADER_SCAN_BYTES (64 * 1024)     /* of the first line, for the delimiter */
#define PURPOSES_MAX 32
#define DUPLICATES_MAX 8
#define PROGRESS_INTERVAL 0.1             /* seconds between progress reports */
#define DEFERRED_INDEX_COUNT 3
#define BULK_MIN_ROWS 2000                /* below this the search index is kept row by row */
#define BULK_CACHE_KIB (12 * 1024)        /* SQLite's page cache for a large pass: the default 2 MiB
					     spills to the WAL and reads back, row after row */

/* Sets the one-line message a failed call leaves in db->error (cut when long). */
__attribute__((format(printf, 2, 3)))
static void set_error(struct database *db, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(db->error, sizeof db->error, format, arguments);
	va_end(arguments);
}

/* ---- Code tables ---- */

static const struct code_label {
	const char *code;
	const char *label;
} encodings[] = {
#define IMPORT_ENCODING_ROW(name, code, label) [IMPORT_ENCODING_##name] = { code, label },
	IMPORT_ENCODINGS(IMPORT_ENCODING_ROW)
#undef IMPORT_ENCODING_ROW
}, policies[] = {
#define IMPORT_MATCH_ROW(name, code, label) [IMPORT_MATCH_##name] = { code, label },
	IMPORT_MATCH_POLICIES(IMPORT_MATCH_ROW)
#undef IMPORT_MATCH_ROW
}, outcomes[] = {
#define IMPORT_OUTCOME_ROW(name, code, label) [IMPORT_OUTCOME_##name] = { code, label },
	IMPORT_OUTCOMES(IMPORT_OUTCOME_ROW)
#undef IMPORT_OUTCOME_ROW
};

const char *import_encoding_code(enum import_encoding encoding)
{
	return (unsigned)encoding < IMPORT_ENCODING_COUNT ? encodings[encoding].code : "?";
}

const char *import_encoding_label(enum import_encoding encoding)
{
	return (unsigned)encoding < IMPORT_ENCODING_COUNT ? _(encodings[encoding].label) : "?";
}

bool import_encoding_parse(const char *code, enum import_encoding *out)
{
	for (int i = 0; i < IMPORT_ENCODING_COUNT; i++) {
		if (strcmp(code, encodings[i].code) == 0) {
			*out = (enum import_encoding)i;
			return true;
		}
	}
	return false;
}

const char *import_match_policy_code(enum import_match_policy policy)
{
	return (unsigned)policy < IMPORT_MATCH_COUNT ? policies[policy].code : "?";
}

const char *import_match_policy_label(enum import_match_policy policy)
{
	return (unsigned)policy < IMPORT_MATCH_COUNT ? _(policies[policy].label) : "?";
}

bool import_match_policy_parse(const char *code, enum import_match_policy *out)
{
	for (int i = 0; i < IMPORT_MATCH_COUNT; i++) {
		if (strcmp(code, policies[i].code) == 0) {
			*out = (enum import_match_policy)i;
			return true;
		}
	}
	return false;
}

static const struct code_label other_name_policies[] = {
#define IMPORT_OTHER_NAME_ROW(name, code, label) [IMPORT_OTHER_NAME_##name] = { code, label },
	IMPORT_OTHER_NAME_POLICIES(IMPORT_OTHER_NAME_ROW)
#undef IMPORT_OTHER_NAME_ROW
};

const char *import_other_name_policy_code(enum import_other_name_policy policy)
{
	return (unsigned)policy < IMPORT_OTHER_NAME_COUNT ? other_name_policies[policy].code : "?";
}

const char *import_other_name_policy_label(enum import_other_name_policy policy)
{
	return (unsigned)policy < IMPORT_OTHER_NAME_COUNT ? _(other_name_policies[policy].label) : "?";
}

bool import_other_name_policy_parse(const char *code, enum import_other_name_policy *out)
{
	for (int i = 0; i < IMPORT_OTHER_NAME_COUNT; i++) {
		if (strcmp(code, other_name_policies[i].code) == 0) {
			*out = (enum import_other_name_policy)i;
			return true;
		}
	}
	return false;
}

const char *import_outcome_label(enum import_outcome outcome)
{
	return (unsigned)outcome < IMPORT_OUTCOME_COUNT ? _(outcomes[outcome].label) : "?";
}

void import_options_init(struct import_options *options)
{
	memset(options, 0, sizeof *options);
	options->encoding = IMPORT_ENCODING_AUTO;
	options->source = SOURCE_PERSON;
	options->statement_channel = CONSENT_CHANNEL_WEB_FORM;
	options->on_match = IMPORT_MATCH_LINK;
	options->on_other_name = IMPORT_OTHER_NAME_NEW;
}

/* ---- Targets ---- */

void import_target_code(const struct import_target *target, char *out, size_t out_size)
{
	switch (target->kind) {
	case IMPORT_TARGET_IGNORE: text_copy(out, out_size, "ignore"); break;
	case IMPORT_TARGET_FIELD: text_copy(out, out_size, contact_field_column(target->field)); break;
	case IMPORT_TARGET_FULL_NAME: text_copy(out, out_size, "name"); break;
	case IMPORT_TARGET_ORGANISATION: text_copy(out, out_size, "organisation"); break;
	case IMPORT_TARGET_BUSINESS_ID: text_copy(out, out_size, "business_id"); break;
	case IMPORT_TARGET_BAN: snprintf(out, out_size, "ban:%s", target->purpose); break;
	case IMPORT_TARGET_CONSENT: snprintf(out, out_size, "consent:%s", target->purpose); break;
	}
}

void import_target_label(struct database *db, const struct import_target *target, char *out, size_t out_size)
{
	struct purpose purpose;
	switch (target->kind) {
	case IMPORT_TARGET_IGNORE: text_copy(out, out_size, _("(not imported)")); break;
	case IMPORT_TARGET_FIELD: text_copy(out, out_size, contact_field_label(target->field)); break;
	case IMPORT_TARGET_FULL_NAME: text_copy(out, out_size, _("Name (first and last)")); break;
	case IMPORT_TARGET_ORGANISATION: text_copy(out, out_size, _("Organisation")); break;
	case IMPORT_TARGET_BUSINESS_ID: text_copy(out, out_size, _("Business ID")); break;
	case IMPORT_TARGET_BAN:
	case IMPORT_TARGET_CONSENT:
		if (!db || consent_purpose_find(db, target->purpose, &purpose) != STATUS_OK)
			text_copy(purpose.name, sizeof purpose.name, target->purpose);
		snprintf(out, out_size, target->kind == IMPORT_TARGET_BAN ? _("Ban: %s") : _("Consent: %s"), purpose.name);
		break;
	}
}

bool import_target_parse(struct database *db, const char *code, struct import_target *out)
{
	memset(out, 0, sizeof *out);
	enum contact_field field;
	if (strcmp(code, "ignore") == 0 || strcmp(code, "") == 0) {
		out->kind = IMPORT_TARGET_IGNORE;
	} else if (strcmp(code, "name") == 0) {
		out->kind = IMPORT_TARGET_FULL_NAME;
	} else if (strcmp(code, "organisation") == 0 || strcmp(code, "organization") == 0) {
		out->kind = IMPORT_TARGET_ORGANISATION;
	} else if (strcmp(code, "business_id") == 0) {
		out->kind = IMPORT_TARGET_BUSINESS_ID;
	} else if (contact_field_parse(code, &field)) {
		out->kind = IMPORT_TARGET_FIELD;
		out->field = field;
	} else if (strncmp(code, "ban:", 4) == 0 || strncmp(code, "consent:", 8) == 0) {
		bool ban = code[0] == 'b';
		struct purpose purpose;
		const char *purpose_code = code + (ban ? 4 : 8);
		if (!db || consent_purpose_find(db, purpose_code, &purpose) != STATUS_OK)
			return false;
		out->kind = ban ? IMPORT_TARGET_BAN : IMPORT_TARGET_CONSENT;
		text_copy(out->purpose, sizeof out->purpose, purpose_code);
	} else {
		return false;
	}
	return true;
}

static bool same_target(const struct import_target *a, const struct import_target *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == IMPORT_TARGET_FIELD)
		return a->field == b->field;
	if (a->kind == IMPORT_TARGET_BAN || a->kind == IMPORT_TARGET_CONSENT)
		return strcmp(a->purpose, b->purpose) == 0;
	return true;
}

/* ---- Encodings ---- */

/* Windows-1252 bytes 0x80..0x9F as Unicode; 0 where the code page defines
 * nothing. 0xA0..0xFF are Latin-1, the same code points. */
static const uint16_t windows_1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static bool windows_1252_defined(unsigned char byte)
{
	return byte < 0x80 || byte >= 0xA0 || windows_1252_high[byte - 0x80] != 0;
}

/* Converts length bytes of Windows-1252 to UTF-8 in out (3 * length bytes
 * at most); an undefined byte becomes U+FFFD (the scan refuses such files). */
static size_t windows_1252_to_utf8(const unsigned char *in, size_t length, unsigned char *out)
{
	size_t used = 0;
	for (size_t i = 0; i < length; i++) {
		unsigned code_point = in[i];
		if (code_point < 0x80) {
			out[used++] = (unsigned char)code_point;
			continue;
		}
		if (code_point < 0xA0)
			code_point = windows_1252_high[code_point - 0x80] ? windows_1252_high[code_point - 0x80] : 0xFFFD;
		if (code_point < 0x800) {
			out[used++] = (unsigned char)(0xC0 | (code_point >> 6));
			out[used++] = (unsigned char)(0x80 | (code_point & 0x3F));
		} else {
			out[used++] = (unsigned char)(0xE0 | (code_point >> 12));
			out[used++] = (unsigned char)(0x80 | ((code_point >> 6) & 0x3F));
			out[used++] = (unsigned char)(0x80 | (code_point & 0x3F));
		}
	}
	return used;
}

/* A UTF-8 checker fed one byte at a time, across read boundaries. */
struct utf8_checker {
	int needed;                   /* continuation bytes still expected */
	unsigned char low, high;      /* the range the next continuation byte must be in */
};

/* Returns 1 when a multibyte character ended, 0 when the byte is fine, -1
 * when it is not valid UTF-8 (overlong forms and surrogates included). */
static int utf8_check(struct utf8_checker *checker, unsigned char byte)
{
	if (checker->needed) {
		if (byte < checker->low || byte > checker->high) {
			checker->needed = 0;
			return -1;
		}
		checker->low = 0x80;
		checker->high = 0xBF;
		return --checker->needed == 0 ? 1 : 0;
	}
	if (byte < 0x80)
		return 0;
	checker->low = 0x80;
	checker->high = 0xBF;
	if (byte >= 0xC2 && byte <= 0xDF)
		checker->needed = 1;
	else if (byte == 0xE0)
		checker->needed = 2, checker->low = 0xA0;
	else if (byte == 0xED)
		checker->needed = 2, checker->high = 0x9F;
	else if (byte >= 0xE1 && byte <= 0xEF)
		checker->needed = 2;
	else if (byte == 0xF0)
		checker->needed = 3, checker->low = 0x90;
	else if (byte == 0xF4)
		checker->needed = 3, checker->high = 0x8F;
	else if (byte >= 0xF1 && byte <= 0xF3)
		checker->needed = 3;
	else
		return -1;
	return 0;
}

/* ---- The scan: what kind of file this is, before anything is parsed ---- */

struct file_facts {
	enum import_encoding encoding;    /* UTF8 or WINDOWS_1252 once decided */
	bool bom;                         /* starts with a UTF-8 byte order mark */
	char delimiter;
	char line_end;                    /* '\n', or '\r' for classic Mac files */
	long long lines;
	long long bytes;
};

static void fail_at(char *error, size_t error_size, const char *name, long long line, const char *message)
{
	if (line > 0)
		snprintf(error, error_size, "%s:%lld: %s", name, line, message);
	else
		snprintf(error, error_size, "%s: %s", name, message);
}

/* The delimiter the header uses most outside quotes: ';' (Finnish Excel),
 * then tab, then ',' on a tie; ',' when it has none. */
static char guess_delimiter(const unsigned char *line, size_t length)
{
	static const char delimiters[3] = { ';', '\t', ',' };
	long counts[3] = { 0, 0, 0 };
	bool quoted = false;
	for (size_t i = 0; i < length; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		for (int d = 0; d < 3 && !quoted; d++)
			if (line[i] == (unsigned char)delimiters[d])
				counts[d]++;
	}
	int best = -1;
	for (int d = 0; d < 3; d++)
		if (counts[d] > 0 && (best < 0 || counts[d] > counts[best]))
			best = d;
	return best < 0 ? ',' : delimiters[best];
}

/* Where a problem was seen: its byte offset and the line counts there. */
struct spot {
	long long offset;                 /* -1: not seen */
	long long lf_line, cr_line;       /* lines as counted by LF and by lone CR */
};

static long long spot_line(const struct spot *spot, char line_end)
{
	return line_end == '\r' ? spot->cr_line : spot->lf_line;
}

/* Reads the whole stream once: byte order marks, NUL bytes, UTF-8 validity,
 * bytes Windows-1252 does not define, line ends and the header's delimiter.
 * Decides the encoding (forced unless IMPORT_ENCODING_AUTO) and refuses
 * what cannot be read as text. Leaves the stream rewound. */
static bool scan_stream(FILE *stream, const char *name, enum import_encoding forced, char delimiter,
			struct file_facts *facts, char *error, size_t error_size)
{
	memset(facts, 0, sizeof *facts);
	unsigned char *buffer = malloc(READ_CHUNK);
	unsigned char *header = malloc(HEADER_SCAN_BYTES);
	if (!buffer || !header) {
		free(buffer);
		free(header);
		fail_at(error, error_size, name, 0, status_message(STATUS_ERR_NO_MEMORY));
		return false;
	}
	struct utf8_checker checker = { 0, 0x80, 0xBF };
	struct spot nul = { -1, 0, 0 }, invalid = { -1, 0, 0 }, undefined = { -1, 0, 0 };
	long long lf_lines = 1, cr_lines = 1, multibyte = 0, offset = 0;
	size_t header_length = 0;
	bool header_done = false, content = false, previous_cr = false, any_lf = false, any_cr = false;
	bool ok = true;
	unsigned char last = '\n';
	size_t got;
	while ((got = fread(buffer, 1, READ_CHUNK, stream)) > 0) {
		size_t start = 0;
		if (offset == 0) {
			if (got >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))) {
				fail_at(error, error_size, name, 0,
					_("the file is UTF-16 text: save it as \"CSV UTF-8\" and import that"));
				ok = false;
				break;
			}
			if (got >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) {
				facts->bom = true;
				start = 3;
			}
		}
		for (size_t i = start; i < got; i++) {
			unsigned char byte = buffer[i];
			if (byte == '\n') {
				lf_lines++;
				any_lf = true;
			} else if (previous_cr) {
				cr_lines++;
			}
			if (byte == '\r')
				any_cr = true;
			previous_cr = byte == '\r';
			if (!header_done) {
				if (byte == '\n' || byte == '\r')
					header_done = header_length > 0;
				else if (header_length < HEADER_SCAN_BYTES)
					header[header_length++] = byte;
				else
					header_done = true;
			}
			last = byte;
			if (byte != ' ' && byte != '\t' && byte != '\r' && byte != '\n')
				content = true;
			if (byte == 0 && nul.offset < 0)
				nul = (struct spot){ offset + (long long)i, lf_lines, cr_lines };
			if (!windows_1252_defined(byte) && undefined.offset < 0)
				undefined = (struct spot){ offset + (long long)i, lf_lines, cr_lines };
			if (byte < 0x80 && checker.needed == 0)
				continue;
			int result = utf8_check(&checker, byte);
			if (result > 0)
				multibyte++;
			else if (result < 0 && invalid.offset < 0)
				invalid = (struct spot){ offset + (long long)i, lf_lines, cr_lines };
		}
		offset += (long long)got;
	}
	if (ok && ferror(stream)) {
		fail_at(error, error_size, name, 0, strerror(errno ? errno : EIO));
		ok = false;
	}
	if (ok && checker.needed && invalid.offset < 0)
		invalid = (struct spot){ offset, lf_lines, cr_lines };   /* cut in the middle of a character */
	if (previous_cr)
		cr_lines++;
	facts->bytes = offset;
	facts->line_end = any_lf || !any_cr ? '\n' : '\r';
	long long line_ends = (facts->line_end == '\r' ? cr_lines : lf_lines) - 1;
	/* A last line without its line end still counts. */
	facts->lines = line_ends + (last != '\n' && last != '\r' ? 1 : 0);
	char message[256];
	if (ok && nul.offset >= 0) {
		fail_at(error, error_size, name, spot_line(&nul, facts->line_end),
			_("a NUL byte: this is not a CSV text file (UTF-16 text must be saved as \"CSV UTF-8\")"));
		ok = false;
	} else if (ok && !content) {
		fail_at(error, error_size, name, 0, _("the file is empty"));
		ok = false;
	}
	if (ok) {
		enum import_encoding encoding = forced;
		if (encoding == IMPORT_ENCODING_AUTO) {
			if (invalid.offset < 0)
				encoding = IMPORT_ENCODING_UTF8;
			else if (facts->bom || multibyte > 0 || undefined.offset >= 0)
				encoding = IMPORT_ENCODING_UTF8;   /* refused below, at the first bad line */
			else
				encoding = IMPORT_ENCODING_WINDOWS_1252;
		}
		if (encoding == IMPORT_ENCODING_UTF8 && invalid.offset >= 0) {
			if (forced == IMPORT_ENCODING_UTF8)
				text_copy(message, sizeof message, _("not valid UTF-8 text"));
			else if (facts->bom || multibyte > 0)
				text_copy(message, sizeof message,
					  _("not valid UTF-8, though other lines are: the file mixes encodings; save it again as \"CSV UTF-8\""));
			else
				text_copy(message, sizeof message,
					  _("neither UTF-8 nor Windows-1252 text: save it as \"CSV UTF-8\""));
			fail_at(error, error_size, name, spot_line(&invalid, facts->line_end), message);
			ok = false;
		} else if (encoding == IMPORT_ENCODING_WINDOWS_1252 && facts->bom) {
			fail_at(error, error_size, name, 1,
				_("the file starts with a UTF-8 byte order mark: it is UTF-8, not Windows-1252"));
			ok = false;
		} else if (encoding == IMPORT_ENCODING_WINDOWS_1252 && undefined.offset >= 0) {
			fail_at(error, error_size, name, spot_line(&undefined, facts->line_end),
				_("a byte that Windows-1252 does not define: save the file as \"CSV UTF-8\""));
			ok = false;
		}
		facts->encoding = encoding;
	}
	facts->delimiter = delimiter ? delimiter : guess_delimiter(header, header_length);
	free(buffer);
	free(header);
	rewind(stream);
	return ok;
}

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
	fail_at(reader->error, reader->error_size, reader->name, line, message);
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
static bool read_records(FILE *stream, const char *name, const struct file_facts *facts,
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
		fail_at(error, error_size, name, 0, status_message(STATUS_ERR_NO_MEMORY));
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
			size_t length = windows_1252_to_utf8(raw + skip, got - skip, converted);
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
	if (!scan_stream(stream, name, encoding ? *encoding : IMPORT_ENCODING_AUTO, delimiter ? *delimiter : 0, &facts,
			 error, error_size))
		return false;
	if (encoding)
		*encoding = facts.encoding;
	if (delimiter)
		*delimiter = facts.delimiter;
	return read_records(stream, name, &facts, visit, context, NULL, NULL, error, error_size);
}

/* ---- Header names: the fields they name, in Finnish, Swedish and English ---- */

/* Headers folded by text_search_fold (lower case, no accents, words), and the target code. */
static const struct alias {
	const char *header;
	const char *target;
} aliases[] = {
	{ "etunimi", "first_name" }, { "etunimet", "first_name" }, { "first name", "first_name" },
	{ "firstname", "first_name" }, { "given name", "first_name" }, { "forename", "first_name" },
	{ "fornamn", "first_name" }, { "first", "first_name" },
	{ "sukunimi", "last_name" }, { "last name", "last_name" }, { "lastname", "last_name" },
	{ "surname", "last_name" }, { "family name", "last_name" }, { "efternamn", "last_name" }, { "last", "last_name" },
	{ "nimi", "name" }, { "koko nimi", "name" }, { "name", "name" }, { "full name", "name" },
	{ "osallistuja", "name" }, { "osallistujan nimi", "name" }, { "participant", "name" }, { "namn", "name" },
	{ "titteli", "title" }, { "nimike", "title" }, { "tehtava", "title" }, { "tehtavanimike", "title" },
	{ "ammattinimike", "title" }, { "asema", "title" }, { "title", "title" }, { "job title", "title" },
	{ "position", "title" }, { "titel", "title" },
	{ "sahkoposti", "email" }, { "sahkopostiosoite", "email" }, { "s posti", "email" }, { "sposti", "email" },
	{ "email", "email" }, { "e mail", "email" }, { "email address", "email" }, { "e mail address", "email" },
	{ "mail", "email" }, { "e post", "email" }, { "epost", "email" },
	{ "puhelin", "phone" }, { "puhelinnumero", "phone" }, { "puh", "phone" }, { "puh nro", "phone" },
	{ "matkapuhelin", "phone" }, { "gsm", "phone" }, { "kannykka", "phone" }, { "mobiili", "phone" },
	{ "phone", "phone" }, { "phone number", "phone" }, { "telephone", "phone" }, { "tel", "phone" },
	{ "mobile", "phone" }, { "mobile phone", "phone" }, { "telefon", "phone" },
	{ "yritys", "organisation" }, { "yrityksen nimi", "organisation" }, { "organisaatio", "organisation" },
	{ "yhtio", "organisation" }, { "tyonantaja", "organisation" }, { "firma", "organisation" },
	{ "company", "organisation" }, { "company name", "organisation" }, { "organisation", "organisation" },
	{ "organization", "organisation" }, { "employer", "organisation" }, { "foretag", "organisation" },
	{ "y tunnus", "business_id" }, { "ytunnus", "business_id" }, { "yritystunnus", "business_id" },
	{ "business id", "business_id" }, { "business identity code", "business_id" }, { "company id", "business_id" },
	{ "fo nummer", "business_id" },
	{ "postinumero", "postal_code" }, { "postinro", "postal_code" }, { "postal code", "postal_code" },
	{ "postcode", "postal_code" }, { "post code", "postal_code" }, { "zip", "postal_code" },
	{ "zip code", "postal_code" }, { "postnummer", "postal_code" },
	{ "postitoimipaikka", "city" }, { "toimipaikka", "city" }, { "kaupunki", "city" }, { "paikkakunta", "city" },
	{ "kotikunta", "city" }, { "kunta", "city" }, { "city", "city" }, { "town", "city" }, { "postort", "city" },
	{ "ort", "city" },
	{ "katuosoite", "street" }, { "osoite", "street" }, { "lahiosoite", "street" }, { "postiosoite", "street" },
	{ "street", "street" }, { "street address", "street" }, { "address", "street" }, { "gatuadress", "street" },
	{ "adress", "street" },
	{ "maa", "country" }, { "country", "country" }, { "land", "country" },
	{ "kieli", "language" }, { "asiointikieli", "language" }, { "language", "language" }, { "sprak", "language" },
	{ "lisatiedot", "notes" }, { "lisatietoja", "notes" }, { "huomautukset", "notes" }, { "huomiot", "notes" },
	{ "kommentit", "notes" }, { "notes", "notes" }, { "comments", "notes" }, { "remarks", "notes" },
	/* Bans (notice §1.5, §6.3) and consents. */
	{ "postituskielto", "ban:postal-mail" }, { "suoramarkkinointikielto", "ban:postal-mail" },
	{ "suoramainontakielto", "ban:postal-mail" }, { "no mail", "ban:postal-mail" },
	{ "do not mail", "ban:postal-mail" }, { "mailing ban", "ban:postal-mail" }, { "postal ban", "ban:postal-mail" },
	{ "sahkopostikielto", "ban:electronic-marketing" }, { "sahkoinen markkinointikielto", "ban:electronic-marketing" },
	{ "sahkoinen suoramarkkinointikielto", "ban:electronic-marketing" }, { "markkinointikielto", "ban:electronic-marketing" },
	{ "no email", "ban:electronic-marketing" }, { "no marketing", "ban:electronic-marketing" },
	{ "email opt out", "ban:electronic-marketing" }, { "unsubscribed", "ban:electronic-marketing" },
	{ "puhelinkielto", "ban:phone-marketing" }, { "puhelinmarkkinointikielto", "ban:phone-marketing" },
	{ "no calls", "ban:phone-marketing" }, { "do not call", "ban:phone-marketing" },
	{ "uutiskirjekielto", "ban:newsletter" }, { "no newsletter", "ban:newsletter" },
	{ "tutkimuskielto", "ban:survey" }, { "asiakastutkimuskielto", "ban:survey" }, { "no surveys", "ban:survey" },
	{ "luovutuskielto", "ban:partner-marketing" },
	{ "markkinointilupa", "consent:electronic-marketing" }, { "sahkoinen markkinointilupa", "consent:electronic-marketing" },
	{ "markkinointisuostumus", "consent:electronic-marketing" }, { "marketing consent", "consent:electronic-marketing" },
	{ "marketing permission", "consent:electronic-marketing" }, { "email consent", "consent:electronic-marketing" },
	{ "uutiskirje", "consent:newsletter" }, { "uutiskirjeen tilaus", "consent:newsletter" },
	{ "tilaa uutiskirje", "consent:newsletter" }, { "newsletter", "consent:newsletter" },
};

/* The fields in the order a screen cycles through them: the common ones first. */
static const enum contact_field field_order[] = {
	CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_TITLE, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_STREET,
	CONTACT_POSTAL_CODE, CONTACT_CITY, CONTACT_COUNTRY, CONTACT_LANGUAGE, CONTACT_NOTES, CONTACT_SOURCE,
	CONTACT_SOURCE_DETAIL, CONTACT_INTEREST_CHANNEL, CONTACT_INTEREST_DATE, CONTACT_RELATIONSHIP_START,
	CONTACT_RELATIONSHIP_END, CONTACT_LAST_REVIEWED,
};

/* ---- An import ---- */

struct column {
	char *header;                     /* as in the file (UTF-8); owned */
	char *sample;                     /* the first data row's cell; owned */
	char *folded;                     /* the header folded for matching; owned */
	struct import_target target;
};

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

static char *copy_text(const char *text)
{
	char *copy = strdup(text ? text : "");
	return copy;
}

/* Copies a cell into out without the spaces, tabs and no-break spaces
 * around it, and without the apostrophe an export puts before a cell that
 * a spreadsheet would run as a formula (csv_output_row); line breaks become
 * "\n" when multiline, else stay (and are refused by validation). */
static void clean_cell(const char *cell, char *out, size_t out_size, bool multiline)
{
	const char *start = cell, *end = cell + strlen(cell);
	for (;;) {
		if (*start == ' ' || *start == '\t')
			start++;
		else if ((unsigned char)start[0] == 0xC2 && (unsigned char)start[1] == 0xA0)
			start += 2;
		else
			break;
	}
	for (;;) {
		if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - start >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (end - start >= 2 && *start == '\'' && strchr("=+-@", start[1]))
		start++;
	size_t used = 0;
	for (const char *p = start; p < end && used + 1 < out_size; p++) {
		if (multiline && *p == '\r') {
			out[used++] = '\n';
			if (p + 1 < end && p[1] == '\n')
				p++;
			continue;
		}
		out[used++] = *p;
	}
	out[used] = '\0';
	text_nfc_into(out, out, out_size);   /* every cell composed (NFC): a decomposed name finds its twin */
}

static bool looks_like_formula(const char *value)
{
	return *value == '=' || *value == '@' ||
	       ((*value == '+' || *value == '-') && value[1] && strpbrk(value, "(|!") != NULL);
}

static void fold_header(const char *header, char **out)
{
	char cleaned[512], folded[512];
	clean_cell(header, cleaned, sizeof cleaned, false);
	text_search_fold(cleaned, folded, sizeof folded);
	*out = copy_text(folded);
}

static void add_target(struct csv_import *import, struct import_target target)
{
	import->targets[import->target_count++] = target;
}

/* The choosable targets: ignore, the names, organisation, the fields, then
 * a ban and a consent for each purpose of the register. */
static bool build_targets(struct csv_import *import)
{
	struct purpose *purposes = calloc(PURPOSES_MAX, sizeof *purposes);
	int purpose_count = purposes ? consent_purposes(import->session->db, purposes, PURPOSES_MAX) : -1;
	if (purpose_count < 0)
		purpose_count = 0;
	import->targets = calloc((size_t)(8 + CONTACT_FIELD_COUNT + 2 * purpose_count), sizeof *import->targets);
	if (!import->targets) {
		free(purposes);
		return false;
	}
	add_target(import, (struct import_target){ .kind = IMPORT_TARGET_IGNORE });
	for (size_t i = 0; i < sizeof field_order / sizeof field_order[0]; i++) {
		if (field_order[i] == CONTACT_TITLE) {
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_FULL_NAME });
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_ORGANISATION });
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_BUSINESS_ID });
		}
		add_target(import, (struct import_target){ .kind = IMPORT_TARGET_FIELD, .field = field_order[i] });
	}
	for (int kind = 0; kind < 2; kind++) {
		for (int i = 0; i < purpose_count; i++) {
			struct import_target target = { .kind = kind == 0 ? IMPORT_TARGET_BAN : IMPORT_TARGET_CONSENT };
			text_copy(target.purpose, sizeof target.purpose, purposes[i].code);
			add_target(import, target);
		}
	}
	free(purposes);
	return true;
}

int csv_import_target_count(const struct csv_import *import)
{
	return import->target_count;
}

struct import_target csv_import_target_at(const struct csv_import *import, int index)
{
	if (index < 0 || index >= import->target_count)
		return (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	return import->targets[index];
}

int csv_import_target_index(const struct csv_import *import, const struct import_target *target)
{
	for (int i = 0; i < import->target_count; i++)
		if (same_target(&import->targets[i], target))
			return i;
	return 0;
}

/* Proposes a target for each column from its header; a target goes to the
 * first column naming it only. */
static void map_by_headers(struct csv_import *import)
{
	for (int column = 0; column < import->column_count; column++) {
		struct import_target target = { .kind = IMPORT_TARGET_IGNORE };
		for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
			if (strcmp(import->columns[column].folded, aliases[i].header) == 0) {
				if (!import_target_parse(import->session->db, aliases[i].target, &target))
					target.kind = IMPORT_TARGET_IGNORE;
				break;
			}
		}
		for (int earlier = 0; earlier < column && target.kind != IMPORT_TARGET_IGNORE; earlier++)
			if (same_target(&import->columns[earlier].target, &target))
				target.kind = IMPORT_TARGET_IGNORE;
		import->columns[column].target = target;
	}
}

/* The header shape: folded headers joined by '|'. Owned by the caller. */
static char *header_key(const struct csv_import *import)
{
	size_t length = 1;
	for (int column = 0; column < import->column_count; column++)
		length += strlen(import->columns[column].folded) + 1;
	char *key = malloc(length);
	if (!key)
		return NULL;
	key[0] = '\0';
	size_t used = 0;
	for (int column = 0; column < import->column_count; column++)
		used += (size_t)sprintf(key + used, "%s%s", column ? "|" : "", import->columns[column].folded);
	return key;
}

/* Applies "folded header<TAB>target" lines to the columns of the same header. */
static void apply_mapping_text(struct csv_import *import, const char *text)
{
	for (int column = 0; column < import->column_count; column++)
		import->columns[column].target = (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	bool *taken = calloc((size_t)import->column_count + 1, sizeof *taken);
	if (!taken)
		return;
	for (const char *line = text; *line;) {
		size_t length = strcspn(line, "\n");
		const char *tab = memchr(line, '\t', length);
		if (tab) {
			char header[512], code[128];
			snprintf(header, sizeof header, "%.*s", (int)(tab - line), line);
			snprintf(code, sizeof code, "%.*s", (int)(line + length - tab - 1), tab + 1);
			struct import_target target;
			for (int column = 0; column < import->column_count; column++) {
				if (!taken[column] && strcmp(import->columns[column].folded, header) == 0) {
					if (import_target_parse(import->session->db, code, &target))
						import->columns[column].target = target;
					taken[column] = true;
					break;
				}
			}
		}
		line += length;
		if (*line == '\n')
			line++;
	}
	free(taken);
}

static const char *column_text(sqlite3_stmt *statement, int column)
{
	const char *text = (const char *)sqlite3_column_text(statement, column);
	return text ? text : "";
}

/* The newest saved mapping named name, or of the file's header shape when
 * name is NULL. Returns STATUS_ERR_NOT_FOUND when there is none. */
static enum status load_mapping(struct csv_import *import, const char *name)
{
	struct database *db = import->session->db;
	char *key = header_key(import);
	if (!key)
		return STATUS_ERR_NO_MEMORY;
	sqlite3_stmt *statement = database_prepare(db, name
		? "SELECT name, columns FROM import_mapping WHERE name = ?1"
		: "SELECT name, columns FROM import_mapping WHERE header_key = ?2 ORDER BY changed_at DESC, id DESC LIMIT 1");
	if (!statement) {
		free(key);
		return STATUS_ERR_DATABASE;
	}
	if (name)
		sqlite3_bind_text(statement, 1, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(statement, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(statement);
	if (rc == SQLITE_ROW) {
		text_copy(import->applied_mapping, sizeof import->applied_mapping, column_text(statement, 0));
		apply_mapping_text(import, column_text(statement, 1));
	}
	database_finalize(statement);
	free(key);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	if (rc == SQLITE_DONE) {
		if (name)
			set_error(db, _("no saved mapping called '%s'"), name);
		return STATUS_ERR_NOT_FOUND;
	}
	return database_fail(db, "import mapping");
}

enum status csv_import_apply_mapping(struct csv_import *import, const char *name)
{
	return load_mapping(import, name);
}

enum status csv_import_save_mapping(struct csv_import *import, const char *name)
{
	struct session *session = import->session;
	struct database *db = session->db;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	char reason[160];
	if (!validate_text(name, 100, true, false, reason, sizeof reason)) {
		set_error(db, "%s: %s", _("Mapping name"), reason);
		return STATUS_ERR_INVALID;
	}
	char *key = header_key(import);
	size_t length = 1;
	for (int column = 0; column < import->column_count; column++)
		length += strlen(import->columns[column].folded) + 64;
	char *columns = malloc(length);
	if (!key || !columns) {
		free(key);
		free(columns);
		return STATUS_ERR_NO_MEMORY;
	}
	size_t used = 0;
	columns[0] = '\0';
	for (int column = 0; column < import->column_count; column++) {
		char code[64];
		import_target_code(&import->columns[column].target, code, sizeof code);
		used += (size_t)snprintf(columns + used, length - used, "%s\t%s\n", import->columns[column].folded, code);
	}
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	sqlite3_stmt *statement = status == STATUS_OK ? database_prepare(db,
		"INSERT INTO import_mapping (name, header_key, columns, created_at, created_by, changed_at, changed_by) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5) ON CONFLICT (name) DO UPDATE SET header_key = ?2, columns = ?3, "
		"changed_at = ?4, changed_by = ?5") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		sqlite3_bind_text(statement, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 3, columns, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(statement, 5, session->account_id);
		status = sqlite3_step(statement) == SQLITE_DONE ? STATUS_OK : database_fail(db, "import mapping");
		database_finalize(statement);
	}
	long long id = 0;
	if (status == STATUS_OK) {
		statement = database_prepare(db, "SELECT id FROM import_mapping WHERE name = ?");
		if (statement) {
			sqlite3_bind_text(statement, 1, name, -1, SQLITE_STATIC);
			if (sqlite3_step(statement) == SQLITE_ROW)
				id = sqlite3_column_int64(statement, 0);
			database_finalize(statement);
		}
		status = audit_append(db, session->account_id, "import.mapping-save", "import_mapping", id, "name,columns");
	}
	free(key);
	free(columns);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		text_copy(import->applied_mapping, sizeof import->applied_mapping, name);
	return status;
}

/* Reads the header (the first record) and the first data row of the file. */
struct open_reading {
	struct csv_import *import;
	int records;
	bool failed;
};

static bool record_is_blank(const struct csv_record *record)
{
	for (int i = 0; i < record->count; i++)
		for (const char *p = record->cells[i]; *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				return false;
	return true;
}

static bool open_visit(const struct csv_record *record, void *context)
{
	struct open_reading *reading = context;
	struct csv_import *import = reading->import;
	if (reading->records == 0) {
		import->columns = calloc((size_t)record->count, sizeof *import->columns);
		if (!import->columns) {
			reading->failed = true;
			return false;
		}
		import->column_count = record->count;
		for (int i = 0; i < record->count; i++) {
			char cleaned[1024];
			clean_cell(record->cells[i], cleaned, sizeof cleaned, false);
			import->columns[i].header = copy_text(cleaned);
			fold_header(record->cells[i], &import->columns[i].folded);
			import->columns[i].sample = copy_text("");
			if (!import->columns[i].header || !import->columns[i].folded || !import->columns[i].sample) {
				reading->failed = true;
				return false;
			}
		}
		reading->records++;
		return true;
	}
	if (record_is_blank(record))
		return true;
	for (int i = 0; i < import->column_count && i < record->count; i++) {
		char cleaned[1024];
		clean_cell(record->cells[i], cleaned, sizeof cleaned, false);
		char *sample = copy_text(cleaned);
		if (!sample) {
			reading->failed = true;
			return false;
		}
		free(import->columns[i].sample);
		import->columns[i].sample = sample;
	}
	reading->records++;
	return false;
}

void csv_import_close(struct csv_import *import)
{
	if (!import)
		return;
	if (import->stream)
		fclose(import->stream);
	for (int i = 0; i < import->column_count; i++) {
		free(import->columns[i].header);
		free(import->columns[i].sample);
		free(import->columns[i].folded);
	}
	free(import->columns);
	free(import->targets);
	free(import);
}

enum status csv_import_open(struct session *session, const char *path, const struct import_options *options,
			    struct csv_import **out)
{
	*out = NULL;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct csv_import *import = calloc(1, sizeof *import);
	if (!import)
		return STATUS_ERR_NO_MEMORY;
	import->session = session;
	if (options)
		import->options = *options;
	else
		import_options_init(&import->options);
	text_copy(import->path, sizeof import->path, path);
	const char *slash = strrchr(path, '/');
	char base[256];
	text_copy(base, sizeof base, slash ? slash + 1 : path);
	text_make_inert(base, import->name, sizeof import->name);
	import->stream = fopen(path, "rbe");
	if (!import->stream || fstat(fileno(import->stream), &import->opened) != 0) {
		set_error(db, "%s: %s", import->name, strerror(errno));
		csv_import_close(import);
		return STATUS_ERR_IO;
	}
	if (!S_ISREG(import->opened.st_mode)) {
		set_error(db, "%s: %s", import->name, _("not a regular file"));
		csv_import_close(import);
		return STATUS_ERR_IO;
	}
	if (!scan_stream(import->stream, import->name, import->options.encoding, import->options.delimiter,
			 &import->facts, db->error, sizeof db->error)) {
		csv_import_close(import);
		return STATUS_ERR_INVALID;
	}
	struct open_reading reading = { import, 0, false };
	if (!read_records(import->stream, import->name, &import->facts, open_visit, &reading, NULL, NULL, db->error,
			  sizeof db->error) || reading.failed) {
		if (reading.failed)
			set_error(db, "%s", status_message(STATUS_ERR_NO_MEMORY));
		csv_import_close(import);
		return reading.failed ? STATUS_ERR_NO_MEMORY : STATUS_ERR_INVALID;
	}
	if (reading.records < 2) {
		set_error(db, "%s: %s", import->name,
			 reading.records == 0 ? _("the file is empty") : _("only a header row, no data rows"));
		csv_import_close(import);
		return STATUS_ERR_INVALID;
	}
	if (!build_targets(import)) {
		csv_import_close(import);
		return STATUS_ERR_NO_MEMORY;
	}
	status = load_mapping(import, NULL);
	if (status == STATUS_ERR_NOT_FOUND)
		map_by_headers(import);
	else if (status != STATUS_OK) {
		csv_import_close(import);
		return status;
	}
	*out = import;
	return STATUS_OK;
}

struct import_options *csv_import_options(struct csv_import *import)
{
	return &import->options;
}

const char *csv_import_path(const struct csv_import *import)
{
	return import->path;
}

enum import_encoding csv_import_encoding(const struct csv_import *import)
{
	return import->facts.encoding;
}

char csv_import_delimiter(const struct csv_import *import)
{
	return import->facts.delimiter;
}

bool csv_import_had_bom(const struct csv_import *import)
{
	return import->facts.bom;
}

long long csv_import_line_count(const struct csv_import *import)
{
	return import->facts.lines;
}

long long csv_import_file_bytes(const struct csv_import *import)
{
	return import->facts.bytes;
}

int csv_import_column_count(const struct csv_import *import)
{
	return import->column_count;
}

const char *csv_import_column_header(const struct csv_import *import, int column)
{
	return column >= 0 && column < import->column_count ? import->columns[column].header : "";
}

const char *csv_import_column_sample(const struct csv_import *import, int column)
{
	return column >= 0 && column < import->column_count ? import->columns[column].sample : "";
}

struct import_target csv_import_column_target(const struct csv_import *import, int column)
{
	if (column < 0 || column >= import->column_count)
		return (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	return import->columns[column].target;
}

void csv_import_set_column_target(struct csv_import *import, int column, const struct import_target *target)
{
	if (column >= 0 && column < import->column_count)
		import->columns[column].target = *target;
}

const char *csv_import_applied_mapping(const struct csv_import *import)
{
	return import->applied_mapping;
}

bool csv_import_mapping_ready(const struct csv_import *import, char *reason, size_t reason_size)
{
	bool first = false, last = false, full = false;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_IGNORE)
			continue;
		if (validate_is_identity_code_header(import->columns[column].header)) {   /* issue 13; GDPR Art. 87 */
			snprintf(reason, reason_size, _("the column %s holds identity codes: do not record identity codes or "
							"document numbers; leave it out"), import->columns[column].header);
			return false;
		}
		for (int other = 0; other < column; other++) {
			if (same_target(&import->columns[other].target, target)) {
				char label[256];
				import_target_label(import->session->db, target, label, sizeof label);
				snprintf(reason, reason_size, _("two columns go to %s: choose one"), label);
				return false;
			}
		}
		first |= target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_FIRST_NAME;
		last |= target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_LAST_NAME;
		full |= target->kind == IMPORT_TARGET_FULL_NAME;
	}
	if (full && (first || last)) {
		text_copy(reason, reason_size, _("map either a name column or the first and last name columns, not both"));
		return false;
	}
	if (!full && !(first && last)) {
		text_copy(reason, reason_size, _("map a column to First name and one to Last name (or one to Name)"));
		return false;
	}
	return true;
}

/* ---- The pass ---- */

/* Organisations the rows named and the register had, by the row's exact
 * country, business ID and name: an employer's list names one organisation
 * on every row, and each is validated and looked up once. Adding an
 * organisation may change what a name finds (two of the same name), so it
 * empties the cache. */
#define ORGANISATION_CACHE_SLOTS 256

struct organisation_cache_entry {
	unsigned hash;
	unsigned generation;              /* the cache's generation when stored: older ones are empty */
	long long id;
	char key[4 + 121 + 801];          /* country, business ID and name, each ended by '\0' */
	size_t key_length;
	char name[801];                   /* its name in the register; "" until a new contact needed it */
};

static size_t organisation_cache_key(const char *country, const char *business_id, const char *name, char *out,
				     size_t out_size)
{
	size_t used = 0;
	const char *parts[3] = { country, business_id, name };
	for (int i = 0; i < 3; i++) {
		size_t length = strlen(parts[i]);
		if (used + length + 1 > out_size)
			return 0;   /* too long to cache */
		memcpy(out + used, parts[i], length + 1);
		used += length + 1;
	}
	return used;
}

static unsigned organisation_cache_hash(const char *key, size_t length)
{
	unsigned hash = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < length; i++)
		hash = (hash ^ (unsigned char)key[i]) * 16777619u;
	return hash;
}

struct run {
	struct csv_import *import;
	struct session *session;
	struct database *db;
	struct import_report *report;
	bool dry_run;
	struct contact contact;           /* the row as it will be stored */
	struct contact existing;          /* the contact a row matches */
	char *value;                      /* one cleaned cell */
	bool mapped[CONTACT_FIELD_COUNT]; /* fields some column fills */
	char organisation_name[801];
	char business_id[121];
	long long organisation_id;        /* the row's organisation; 0 for none */
	bool organisation_pending;        /* named by the row but not in the register yet */
	char organisation_register_name[801]; /* its name in the register; "" until a new contact needs it */
	struct organisation_cache_entry *organisations; /* ORGANISATION_CACHE_SLOTS; NULL: no cache */
	struct organisation_cache_entry *organisation_entry; /* the row's organisation's entry, or NULL */
	unsigned organisation_generation; /* starts at 1; a new organisation moves it on */
	sqlite3_stmt *by_business_id, *by_name, *name_of_organisation, *restricted;
	struct consent_current *current;  /* a matching contact's statements */
	long long first_new_id;           /* contacts from this id on were made by this pass */
	bool categories_later;            /* new contacts get their categories in one pass at the end */
	long long created_lines[IMPORT_PREVIEW_ROWS]; /* line of the first created contacts, by id - first_new_id */
	FILE *rejects;
	char rejects_temp[4200];
	long long *bytes_read;            /* the reader's count of bytes */
	struct timespec started;
	double last_progress;
	bool progress_reported;
	enum status status;               /* a fatal error stops the pass */
	bool cancelled;
	bool header_seen;
	long long line;                   /* of the row being placed */
	long long other_name_id;          /* the row matched a contact of another name (0: none) */
	char other_name_reason[256];
	enum import_other_name_policy other_name_policy;
	char today[11];
	char *deferred[DEFERRED_INDEX_COUNT]; /* CREATE INDEX statements dropped for a bulk pass */
};

/* Indexes a bulk pass drops at its start and builds again, sorted, at its
 * end, inside the same transaction: nothing the pass reads uses them (the
 * duplicate checks go through the e-mail, phone and name indexes), and
 * keeping them row by row costs a random page write per row each once the
 * register outgrows the page cache. */
static const char *const deferred_index_names[DEFERRED_INDEX_COUNT] = {
	"contact_sort", "contact_review", "contact_organisation",
};

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* 1 for yes, 0 for no (or empty), -1 for anything else. */
static int parse_yes_no(const char *value)
{
	static const char *const yes[] = { "kylla", "k", "yes", "y", "x", "1", "true", "tosi", "on", "ja", "j" };
	static const char *const no[] = { "", "ei", "e", "no", "n", "0", "false", "epatosi", "off", "nej" };
	if (strstr(value, "\u2713") || strstr(value, "\u2714") || strstr(value, "\u2611"))
		return 1;
	char folded[64];
	text_search_fold(value, folded, sizeof folded);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(folded, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(folded, no[i]) == 0)
			return 0;
	return -1;
}

/* Country and language as people write them: "Suomi", "fi", "svenska". */
static void normalise_code(enum contact_field field, char *value, size_t value_size)
{
	static const struct { const char *folded, *code; } countries[] = {
		{ "suomi", "FI" }, { "finland", "FI" }, { "ruotsi", "SE" }, { "sverige", "SE" }, { "sweden", "SE" },
		{ "norja", "NO" }, { "norway", "NO" }, { "viro", "EE" }, { "estonia", "EE" }, { "saksa", "DE" },
		{ "germany", "DE" }, { "tanska", "DK" }, { "denmark", "DK" },
	}, languages[] = {
		{ "suomi", "fi" }, { "finnish", "fi" }, { "ruotsi", "sv" }, { "svenska", "sv" }, { "swedish", "sv" },
		{ "englanti", "en" }, { "english", "en" },
	};
	char folded[64];
	text_search_fold(value, folded, sizeof folded);
	if (field == CONTACT_COUNTRY) {
		for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
			if (strcmp(folded, countries[i].folded) == 0)
				text_copy(value, value_size, countries[i].code);
		if (strlen(value) == 2)
			for (char *p = value; *p; p++)
				*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	} else {
		for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
			if (strcmp(folded, languages[i].folded) == 0)
				text_copy(value, value_size, languages[i].code);
		if (strlen(value) == 2)
			for (char *p = value; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
}

/* A column's header made safe for a message. */
static void column_name(const struct csv_import *import, int column, char *out, size_t out_size)
{
	char header[128];
	text_copy(header, sizeof header, import->columns[column].header);
	text_make_inert(*header ? header : "?", out, out_size);
}

static void reset_contact(struct run *run)
{
	const struct import_options *options = &run->import->options;
	struct contact *contact = &run->contact;
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		if (*contact->value[field])
			contact_set(contact, (enum contact_field)field, "");
	contact_set(contact, CONTACT_COUNTRY, "FI");
	contact_set(contact, CONTACT_LANGUAGE, "fi");
	contact_set(contact, CONTACT_SOURCE, data_source_code(options->source));
	contact_set(contact, CONTACT_SOURCE_DETAIL, options->source_detail);
	contact->id = 0;
	contact->version = 0;
	contact->organisation_id = 0;
	contact->categories = options->categories;
	run->organisation_name[0] = run->business_id[0] = '\0';
}

/* Appends one problem of a row to reason ("; " between them). */
static void add_problem(char *reason, size_t reason_size, const char *problem)
{
	size_t used = strlen(reason);
	if (used + 1 >= reason_size)
		return;
	snprintf(reason + used, reason_size - used, "%s%s", used ? "; " : "", problem);
}

/* The column a field is read from, or -1. */
static int column_of_field(const struct csv_import *import, enum contact_field field)
{
	for (int c = 0; c < import->column_count; c++) {
		const struct import_target *target = &import->columns[c].target;
		if ((target->kind == IMPORT_TARGET_FIELD && target->field == field) ||
		    (target->kind == IMPORT_TARGET_FULL_NAME && (field == CONTACT_FIRST_NAME || field == CONTACT_LAST_NAME)))
			return c;
	}
	return -1;
}

static void add_field_problem(struct run *run, enum contact_field field, const char *why, char *reason,
			      size_t reason_size)
{
	char problem[512];
	int column = column_of_field(run->import, field);
	if (column >= 0) {
		char name[160];
		column_name(run->import, column, name, sizeof name);
		snprintf(problem, sizeof problem, _("%s (column %s): %s"), contact_field_label(field), name, why);
	} else {
		snprintf(problem, sizeof problem, "%s: %s", contact_field_label(field), why);
	}
	add_problem(reason, reason_size, problem);
}

/* Fills run->contact and the organisation from the row's cells and
 * validates them; false with every problem of the row in reason (field
 * names, never values), so that a file is corrected in one round. */
static bool build_row(struct run *run, const struct csv_record *record, char *reason, size_t reason_size)
{
	struct csv_import *import = run->import;
	reset_contact(run);
	reason[0] = '\0';
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_IGNORE)
			continue;
		bool multiline = target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_NOTES;
		clean_cell(record->cells[column], run->value, IMPORT_MAX_FIELD_BYTES + 1, multiline);
		if (looks_like_formula(run->value))
			run->report->counts.formula_cells++;
		switch (target->kind) {
		case IMPORT_TARGET_IGNORE:
			break;
		case IMPORT_TARGET_FIELD:
			if (target->field == CONTACT_COUNTRY || target->field == CONTACT_LANGUAGE)
				normalise_code(target->field, run->value, IMPORT_MAX_FIELD_BYTES + 1);
			if (*run->value && !contact_set(&run->contact, target->field, run->value)) {
				run->status = STATUS_ERR_NO_MEMORY;
				return false;
			}
			break;
		case IMPORT_TARGET_FULL_NAME: {
			char *space = strrchr(run->value, ' ');
			if (space) {
				*space = '\0';
				clean_cell(space + 1, space + 1, strlen(space + 1) + 1, false);
				contact_set(&run->contact, CONTACT_LAST_NAME, space + 1);
				clean_cell(run->value, run->value, strlen(run->value) + 1, false);
				contact_set(&run->contact, CONTACT_FIRST_NAME, run->value);
			} else {
				contact_set(&run->contact, CONTACT_LAST_NAME, run->value);
			}
			break;
		}
		case IMPORT_TARGET_ORGANISATION:
			text_copy(run->organisation_name, sizeof run->organisation_name, run->value);
			if (strlen(run->value) >= sizeof run->organisation_name) {
				char problem[256];
				snprintf(problem, sizeof problem, "%s: %s", _("Organisation"), _("at most 200 characters"));
				add_problem(reason, reason_size, problem);
			}
			break;
		case IMPORT_TARGET_BUSINESS_ID:
			text_copy(run->business_id, sizeof run->business_id, run->value);
			if (strlen(run->value) >= sizeof run->business_id) {
				char problem[256];
				snprintf(problem, sizeof problem, "%s: %s", _("Business ID"), _("at most 30 characters"));
				add_problem(reason, reason_size, problem);
			}
			break;
		case IMPORT_TARGET_BAN:
		case IMPORT_TARGET_CONSENT:
			if (parse_yes_no(run->value) < 0) {
				char name[160], problem[256];
				column_name(import, column, name, sizeof name);
				snprintf(problem, sizeof problem, _("%s: write yes or no (kyllä or ei)"), name);
				add_problem(reason, reason_size, problem);
			}
			break;
		}
	}
	enum contact_field bad_field;
	char why[256];
	/* The whole check once; only a row that fails it is looked at field by
	 * field, so a valid row costs no more. */
	if (contact_validate(run->db, &run->contact, &bad_field, why, sizeof why))
		return !*reason;
	bool field_problem = false;
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		char field_why[256];
		if (!contact_validate_field(run->db, &run->contact, (enum contact_field)field, field_why, sizeof field_why)) {
			add_field_problem(run, (enum contact_field)field, field_why, reason, reason_size);
			field_problem = true;
		}
	}
	if (!field_problem)   /* a rule across fields */
		add_field_problem(run, bad_field, why, reason, reason_size);
	return false;
}

/* Finds the row's organisation in the register by business ID, else by
 * name (case and accents aside); one that is not there yet is left pending,
 * to be added only when a contact needs it. */
/* Checks the row's organisation (its business ID's check digit); false with
 * the problem appended to reason. */
static bool validate_row_organisation(struct run *run, char *reason, size_t reason_size)
{
	if (!*run->organisation_name && !*run->business_id)
		return true;
	struct organisation candidate;
	organisation_init(&candidate);
	organisation_set(&candidate, ORGANISATION_NAME, *run->organisation_name ? run->organisation_name : "-");
	organisation_set(&candidate, ORGANISATION_BUSINESS_ID, run->business_id);
	organisation_set(&candidate, ORGANISATION_COUNTRY, run->contact.value[CONTACT_COUNTRY]);
	enum organisation_field bad_field;
	char why[256];
	bool valid = organisation_validate(run->db, &candidate, &bad_field, why, sizeof why);
	organisation_free(&candidate);
	if (!valid) {
		char problem[512];
		snprintf(problem, sizeof problem, "%s: %s",
			 bad_field == ORGANISATION_NAME ? _("Organisation") : organisation_field_label(bad_field), why);
		add_problem(reason, reason_size, problem);
	}
	return valid;
}

static bool find_organisation(struct run *run, char *reason, size_t reason_size)
{
	if (!validate_row_organisation(run, reason, reason_size))
		return false;
	if (*run->business_id) {
		sqlite3_bind_text(run->by_business_id, 1, run->contact.value[CONTACT_COUNTRY], -1, SQLITE_STATIC);
		sqlite3_bind_text(run->by_business_id, 2, run->business_id, -1, SQLITE_STATIC);
		int rc = sqlite3_step(run->by_business_id);
		if (rc == SQLITE_ROW)
			run->organisation_id = sqlite3_column_int64(run->by_business_id, 0);
		sqlite3_reset(run->by_business_id);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			run->status = database_fail(run->db, "organisation");
			return false;
		}
		if (run->organisation_id)
			return true;
		if (!*run->organisation_name) {
			snprintf(reason, reason_size, "%s: %s", _("Business ID"),
				 _("no organisation with this business ID in the register: add a column with its name"));
			return false;
		}
	}
	char sort_key[1024];
	text_finnish_sort_key(run->organisation_name, sort_key, sizeof sort_key);
	sqlite3_bind_text(run->by_name, 1, sort_key, -1, SQLITE_STATIC);
	int rows = 0, without_business_id = 0, rc;
	long long first_id = 0, first_without_id = 0;
	while ((rc = sqlite3_step(run->by_name)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(run->by_name, 0);
		if (rows++ == 0)
			first_id = id;
		if (!*column_text(run->by_name, 1) && without_business_id++ == 0)
			first_without_id = id;
	}
	sqlite3_reset(run->by_name);
	if (rc != SQLITE_DONE) {
		run->status = database_fail(run->db, "organisation");
		return false;
	}
	if (*run->business_id) {
		/* The register may have it without its business ID. */
		if (without_business_id == 1)
			run->organisation_id = first_without_id;
		else
			run->organisation_pending = true;
		return true;
	}
	if (rows > 1) {
		snprintf(reason, reason_size, "%s: %s", _("Organisation"),
			 _("several organisations in the register have this name: add a business ID column"));
		return false;
	}
	if (rows == 1)
		run->organisation_id = first_id;
	else
		run->organisation_pending = true;
	return true;
}

/* find_organisation through the cache of organisations found before. */
static bool resolve_organisation(struct run *run, char *reason, size_t reason_size)
{
	run->organisation_id = 0;
	run->organisation_pending = false;
	run->organisation_register_name[0] = '\0';
	run->organisation_entry = NULL;
	if (!*run->organisation_name && !*run->business_id)
		return true;
	char key[sizeof run->organisations->key];
	size_t key_length = organisation_cache_key(run->contact.value[CONTACT_COUNTRY], run->business_id,
						   run->organisation_name, key, sizeof key);
	unsigned hash = organisation_cache_hash(key, key_length);
	struct organisation_cache_entry *cached =
		run->organisations && key_length ? &run->organisations[hash % ORGANISATION_CACHE_SLOTS] : NULL;
	if (cached && cached->generation == run->organisation_generation && cached->hash == hash &&
	    cached->key_length == key_length &&
	    memcmp(cached->key, key, key_length) == 0) {
		run->organisation_id = cached->id;
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name, cached->name);
		run->organisation_entry = cached;
		return true;
	}
	bool found = find_organisation(run, reason, reason_size);
	if (found && cached && run->organisation_id) {
		cached->generation = run->organisation_generation;
		cached->id = run->organisation_id;
		cached->hash = hash;
		memcpy(cached->key, key, key_length);
		cached->key_length = key_length;
		cached->name[0] = '\0';
		run->organisation_entry = cached;
	}
	return found;
}

static bool add_pending_organisation(struct run *run)
{
	if (!run->organisation_pending)
		return true;
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, run->organisation_name);
	organisation_set(&organisation, ORGANISATION_BUSINESS_ID, run->business_id);
	organisation_set(&organisation, ORGANISATION_COUNTRY, run->contact.value[CONTACT_COUNTRY]);
	enum status status = organisation_save(run->session, &organisation);
	run->organisation_id = organisation.id;
	organisation_free(&organisation);
	if (status != STATUS_OK) {
		run->status = status;
		return false;
	}
	text_copy(run->organisation_register_name, sizeof run->organisation_register_name, run->organisation_name);
	run->organisation_generation++;   /* empties the cache */
	run->organisation_entry = NULL;
	run->organisation_pending = false;
	run->report->counts.organisations++;
	return true;
}

/* Records the row's bans and consents for the contact (notice §1.5, §6.3);
 * for a contact already in the register, only what differs from its
 * current statement. */
static bool record_statements(struct run *run, const struct csv_record *record, long long contact_id, bool existing)
{
	struct csv_import *import = run->import;
	int current_count = -1;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind != IMPORT_TARGET_BAN && target->kind != IMPORT_TARGET_CONSENT)
			continue;
		clean_cell(record->cells[column], run->value, IMPORT_MAX_FIELD_BYTES + 1, false);
		if (parse_yes_no(run->value) != 1)
			continue;
		enum consent_state state = target->kind == IMPORT_TARGET_BAN ? CONSENT_STATE_OBJECTION : CONSENT_STATE_CONSENT;
		if (existing) {
			if (current_count < 0)
				current_count = consent_current(run->session, contact_id, run->current, PURPOSES_MAX);
			bool same = false;
			for (int i = 0; i < current_count; i++)
				if (strcmp(run->current[i].purpose.code, target->purpose) == 0 && run->current[i].effective == state)
					same = true;
			if (same)
				continue;
		}
		struct consent_event event;
		memset(&event, 0, sizeof event);
		text_copy(event.purpose, sizeof event.purpose, target->purpose);
		event.state = state;
		text_copy(event.given_on, sizeof event.given_on, run->today);
		event.channel = import->options.statement_channel;
		snprintf(event.note, sizeof event.note, _("imported from %s"), import->name);
		enum status status = consent_record(run->session, contact_id, &event);
		if (status != STATUS_OK) {
			run->status = status;
			return false;
		}
		if (state == CONSENT_STATE_OBJECTION)
			run->report->counts.bans++;
		else
			run->report->counts.consents++;
	}
	return true;
}

/* Registers the contact to the event or training session of the file
 * (notice §1.4, §1.5); the registrar follows the data source. */
static bool register_contact(struct run *run, long long contact_id)
{
	const struct import_options *options = &run->import->options;
	enum status status = STATUS_OK;
	if (options->event_id) {
		status = event_register(run->session, options->event_id, contact_id, EVENT_SOURCE_SIGN_UP);
		if (status == STATUS_OK)
			run->report->counts.registrations++;
	}
	if (status == STATUS_OK && options->training_session_id) {
		enum registrar registrar = options->source == SOURCE_EMPLOYER ? REGISTRAR_EMPLOYER
			: options->source == SOURCE_REGISTERING_PARTY ? REGISTRAR_OTHER : REGISTRAR_SELF;
		status = training_register(run->session, options->training_session_id, contact_id, registrar,
					   registrar == REGISTRAR_SELF ? "" : options->source_detail);
		if (status == STATUS_OK)
			run->report->counts.registrations++;
	}
	if (status != STATUS_OK)
		run->status = status;
	return status == STATUS_OK;
}

/* Only the preview tells which earlier row a row repeats ("as line 3"),
 * and a preview row can only repeat a contact made by an earlier preview
 * row: the lines of the first few contacts are all that is kept. */
static void note_created(struct run *run, long long id, long long line)
{
	long long index = id - run->first_new_id;
	if (index >= 0 && index < IMPORT_PREVIEW_ROWS)
		run->created_lines[index] = line;
}

/* Reads the row's organisation's name in the register (a new contact's
 * search words carry it) once per organisation the cache holds. */
static bool organisation_register_name(struct run *run)
{
	if (!run->organisation_id || *run->organisation_register_name)
		return true;
	struct organisation_cache_entry *entry = run->organisation_entry;
	if (entry && (entry->generation != run->organisation_generation || entry->id != run->organisation_id))
		entry = NULL;   /* emptied since, or another organisation's now */
	if (entry && *entry->name) {
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name, entry->name);
		return true;
	}
	sqlite3_bind_int64(run->name_of_organisation, 1, run->organisation_id);
	int rc = sqlite3_step(run->name_of_organisation);
	if (rc == SQLITE_ROW)
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name,
			  column_text(run->name_of_organisation, 0));
	sqlite3_reset(run->name_of_organisation);
	if (rc != SQLITE_ROW) {
		run->status = database_fail(run->db, "organisation");
		return false;
	}
	if (entry)
		text_copy(entry->name, sizeof entry->name, run->organisation_register_name);
	return true;
}

/* Places a valid row: a new contact, or what the policy says for a match. */
static enum import_outcome place_row(struct run *run, const struct csv_record *record, long long *contact_id,
				     long long *duplicate_line, char *reason, size_t reason_size)
{
	struct import_counts *counts = &run->report->counts;
	const struct import_options *options = &run->import->options;
	struct contact_duplicate duplicates[DUPLICATES_MAX];
	/* An organisation not in the register yet cannot have this person. */
	run->contact.organisation_id = run->organisation_id ? run->organisation_id : run->organisation_pending ? -1 : 0;
	/* Most rows match none or one: the light probe says which, and whether
	 * of the same name; two or more of the same name are listed in order by
	 * contact_find_duplicates for the message. */
	long long probed[4];
	bool same_name[4];
	int probe_count = contact_store_duplicate_probe_names(run->session, &run->contact, probed, same_name, 4);
	if (probe_count < 0) {
		run->status = STATUS_ERR_DATABASE;
		return IMPORT_OUTCOME_INVALID;
	}
	int found = 0;
	for (int i = 0; i < probe_count; i++)
		if (same_name[i])
			duplicates[found++].id = probed[i];
	if (found > 1) {
		found = contact_find_duplicates(run->session, &run->contact, duplicates, DUPLICATES_MAX);
		int same = 0;
		for (int i = 0; i < found; i++)
			if (!duplicates[i].other_name)
				same++;
		snprintf(reason, reason_size, _("matches %d contacts of the register (#%lld, #%lld): merge them first"),
			 same, duplicates[0].id, duplicates[1].id);
		return IMPORT_OUTCOME_INVALID;
	}
	/* A shared phone or e-mail is not the same person: a match of another
	 * name is reported with that person's name and why, and is a new
	 * contact unless the user chose otherwise for the row or the file. */
	enum import_match_policy policy = options->on_match;
	bool other_name = false;
	if (found == 0 && probe_count > 0) {
		int listed = contact_find_duplicates(run->session, &run->contact, duplicates, 1);
		if (listed != 1) {
			run->status = STATUS_ERR_DATABASE;
			return IMPORT_OUTCOME_INVALID;
		}
		enum import_other_name_policy chosen = options->on_other_name;
		for (int i = 0; i < options->row_choice_count; i++)
			if (options->row_choices[i].line == run->line)
				chosen = options->row_choices[i].policy;
		run->other_name_id = duplicates[0].id;
		text_copy(run->other_name_reason, sizeof run->other_name_reason, duplicates[0].reason);
		run->other_name_policy = chosen;
		counts->other_names++;
		struct import_report *report = run->report;
		if (report->other_name_row_count < IMPORT_ROW_CHOICES_MAX) {
			struct import_other_name_row *row = &report->other_name_rows[report->other_name_row_count++];
			row->line = run->line;
			row->contact_id = duplicates[0].id;
			snprintf(row->row_name, sizeof row->row_name, "%s%s%s", run->contact.value[CONTACT_LAST_NAME],
				 *run->contact.value[CONTACT_FIRST_NAME] ? ", " : "", run->contact.value[CONTACT_FIRST_NAME]);
			text_copy(row->reason, sizeof row->reason, duplicates[0].reason);
			row->policy = chosen;
		}
		if (chosen != IMPORT_OTHER_NAME_NEW) {
			found = 1;
			other_name = true;
			policy = chosen == IMPORT_OTHER_NAME_LINK ? IMPORT_MATCH_LINK
				: chosen == IMPORT_OTHER_NAME_FILL ? IMPORT_MATCH_FILL : IMPORT_MATCH_SKIP;
		}
	}
	enum status status;
	if (found == 0) {
		if (!add_pending_organisation(run))
			return IMPORT_OUTCOME_INVALID;
		run->contact.organisation_id = run->organisation_id;
		if (!organisation_register_name(run))
			return IMPORT_OUTCOME_INVALID;
		text_copy(run->contact.organisation_name, sizeof run->contact.organisation_name,
			  run->organisation_register_name);
		/* build_row validated the row just now: not again. */
		status = contact_store_add_validated(run->session, &run->contact, run->categories_later);
		if (status == STATUS_ERR_INVALID) {
			text_copy(reason, reason_size, run->db->error);
			return IMPORT_OUTCOME_INVALID;
		}
		if (status != STATUS_OK) {
			run->status = status;
			return IMPORT_OUTCOME_INVALID;
		}
		*contact_id = run->contact.id;
		note_created(run, run->contact.id, run->line);
		if (record_statements(run, record, run->contact.id, false))
			register_contact(run, run->contact.id);
		return IMPORT_OUTCOME_NEW;
	}
	long long id = duplicates[0].id;
	/* A contact this pass made is not held: a hold is set outside the
	 * pass's transaction, on a contact that existed before it. */
	bool restricted = false;
	if (id < run->first_new_id) {
		sqlite3_bind_int64(run->restricted, 1, id);
		restricted = sqlite3_step(run->restricted) == SQLITE_ROW && sqlite3_column_int(run->restricted, 0);
		sqlite3_reset(run->restricted);
	}
	if (restricted) {
		snprintf(reason, reason_size,
			 _("matches #%lld, a record kept after an erasure request: the privacy officer decides"), id);
		return IMPORT_OUTCOME_INVALID;
	}
	enum import_outcome outcome = id >= run->first_new_id ? IMPORT_OUTCOME_IN_FILE : IMPORT_OUTCOME_MATCH;
	*contact_id = id;
	if (outcome == IMPORT_OUTCOME_IN_FILE && id - run->first_new_id < IMPORT_PREVIEW_ROWS)
		*duplicate_line = run->created_lines[id - run->first_new_id];
	if (policy == IMPORT_MATCH_SKIP) {
		counts->skipped++;
		return outcome;
	}
	if (outcome == IMPORT_OUTCOME_IN_FILE && policy == IMPORT_MATCH_LINK && !other_name) {
		/* Made by this pass from an earlier row, with the same categories
		 * (every row gets the options' ones): linking changes nothing in the
		 * contact, so loading and saving it back would be a no-op. */
		counts->linked++;
		if (record_statements(run, record, id, true))
			register_contact(run, id);
		return outcome;
	}
	status = contact_load(run->session, id, false, &run->existing);
	if (status != STATUS_OK) {
		run->status = status;
		return IMPORT_OUTCOME_INVALID;
	}
	struct contact *existing = &run->existing;
	existing->categories |= run->contact.categories;
	bool filled = false;
	if (policy == IMPORT_MATCH_FILL) {
		for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
			if (run->mapped[field] && !*existing->value[field] && *run->contact.value[field]) {
				contact_set(existing, (enum contact_field)field, run->contact.value[field]);
				filled = true;
			}
		}
		if (!existing->organisation_id && (run->organisation_id || run->organisation_pending)) {
			if (!add_pending_organisation(run))
				return IMPORT_OUTCOME_INVALID;
			existing->organisation_id = run->organisation_id;
			filled = true;
		}
	}
	status = contact_save(run->session, existing, false, NULL);
	if (status == STATUS_ERR_INVALID) {
		text_copy(reason, reason_size, run->db->error);
		return IMPORT_OUTCOME_INVALID;
	}
	if (status != STATUS_OK) {
		run->status = status;
		return IMPORT_OUTCOME_INVALID;
	}
	if (filled)
		counts->filled++;
	else
		counts->linked++;
	if (record_statements(run, record, id, true))
		register_contact(run, id);
	return outcome;
}

static void write_reject(struct run *run, const struct csv_record *record, const char *reason)
{
	const char **cells = calloc((size_t)record->count + 2, sizeof *cells);
	if (!cells) {
		run->status = STATUS_ERR_NO_MEMORY;
		return;
	}
	char line[24];
	snprintf(line, sizeof line, "%lld", record->line);
	for (int i = 0; i < record->count; i++)
		cells[i] = record->cells[i];
	cells[record->count] = line;
	cells[record->count + 1] = reason;
	if (csv_output_row(run->rejects, cells, record->count + 2) != 0) {
		set_error(run->db, "%s: %s", run->import->options.rejects_path, strerror(errno));
		run->status = STATUS_ERR_IO;
	} else {
		run->report->counts.rejected++;
	}
	free(cells);
}

static void process_row(struct run *run, const struct csv_record *record)
{
	struct csv_import *import = run->import;
	struct import_report *report = run->report;
	char reason[sizeof report->errors[0].message] = "";
	enum import_outcome outcome = IMPORT_OUTCOME_INVALID;
	long long contact_id = 0, duplicate_line = 0;
	run->line = record->line;
	run->other_name_id = 0;
	run->other_name_reason[0] = '\0';
	if (record->count != import->column_count) {
		reset_contact(run);
		snprintf(reason, sizeof reason, _("%d cells, but the header has %d columns"), record->count,
			 import->column_count);
	} else if (!build_row(run, record, reason, sizeof reason)) {
		/* Every problem at once: the organisation's too. */
		if (run->status == STATUS_OK && (strlen(run->organisation_name) < sizeof run->organisation_name - 1))
			validate_row_organisation(run, reason, sizeof reason);
	} else if (resolve_organisation(run, reason, sizeof reason)) {
		outcome = place_row(run, record, &contact_id, &duplicate_line, reason, sizeof reason);
	}
	if (run->status != STATUS_OK)
		return;
	switch (outcome) {
	case IMPORT_OUTCOME_NEW: report->counts.new_contacts++; break;
	case IMPORT_OUTCOME_MATCH: report->counts.matches++; break;
	case IMPORT_OUTCOME_IN_FILE: report->counts.in_file_duplicates++; break;
	case IMPORT_OUTCOME_INVALID:
	case IMPORT_OUTCOME_COUNT:
		report->counts.invalid++;
		if (report->error_count < IMPORT_ERRORS_KEPT) {
			report->errors[report->error_count].line = record->line;
			text_copy(report->errors[report->error_count].message, sizeof report->errors[0].message, reason);
			report->error_count++;
		}
		if (run->rejects)
			write_reject(run, record, reason);
		break;
	}
	if (report->preview_count < IMPORT_PREVIEW_ROWS) {
		struct import_preview_row *row = &report->preview[report->preview_count++];
		const struct contact *contact = &run->contact;
		row->line = record->line;
		row->outcome = outcome;
		row->contact_id = outcome == IMPORT_OUTCOME_MATCH ? contact_id : 0;
		row->duplicate_line = duplicate_line;
		snprintf(row->name, sizeof row->name, "%s%s%s", contact->value[CONTACT_LAST_NAME],
			 *contact->value[CONTACT_FIRST_NAME] ? ", " : "", contact->value[CONTACT_FIRST_NAME]);
		text_copy(row->organisation, sizeof row->organisation, run->organisation_name);
		text_copy(row->email, sizeof row->email, contact->value[CONTACT_EMAIL]);
		text_copy(row->phone, sizeof row->phone, contact->value[CONTACT_PHONE]);
		text_copy(row->city, sizeof row->city, contact->value[CONTACT_CITY]);
		text_copy(row->reason, sizeof row->reason, reason);
		row->other_name_id = run->other_name_id;
		text_copy(row->other_name_reason, sizeof row->other_name_reason, run->other_name_reason);
		row->other_name_policy = run->other_name_policy;
	}
}

static void report_progress(struct run *run, bool final)
{
	const struct import_options *options = &run->import->options;
	if (!options->progress)
		return;
	double seconds = seconds_since(&run->started);
	/* The first report comes at once, the next every PROGRESS_INTERVAL. */
	if (!final && run->progress_reported && seconds - run->last_progress < PROGRESS_INTERVAL)
		return;
	run->progress_reported = true;
	run->last_progress = seconds;
	struct import_progress progress = { 0 };
	progress.rows = run->report->counts.rows;
	progress.bytes = run->bytes_read ? *run->bytes_read : run->import->facts.bytes;
	progress.total_bytes = run->import->facts.bytes;
	progress.seconds = seconds;
	progress.rows_per_second = seconds > 0 ? (double)progress.rows / seconds : 0;
	progress.seconds_left = -1;
	if (progress.bytes > 0 && seconds > 0.2)
		progress.seconds_left = (double)(progress.total_bytes - progress.bytes) * seconds / (double)progress.bytes;
	progress.dry_run = run->dry_run;
	if (!options->progress(&progress, options->progress_context))
		run->cancelled = true;
}

static bool run_visit(const struct csv_record *record, void *context)
{
	struct run *run = context;
	if (!run->header_seen) {
		run->header_seen = true;
		return true;
	}
	if (record_is_blank(record))
		return true;
	run->report->counts.rows++;
	process_row(run, record);
	if ((run->report->counts.rows & 63) == 0)
		report_progress(run, false);
	return run->status == STATUS_OK && !run->cancelled;
}

/* Sets SQLite's page cache (PRAGMA cache_size: pages, or KiB when negative)
 * and returns the size it had. */
static long long set_cache_size(struct database *db, long long size)
{
	long long previous = 0;
	sqlite3_stmt *statement = database_prepare(db, "PRAGMA cache_size");
	if (statement && sqlite3_step(statement) == SQLITE_ROW)
		previous = sqlite3_column_int64(statement, 0);
	database_finalize(statement);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %lld", size);
	sqlite3_exec(db->handle, pragma, NULL, NULL, NULL);
	return previous;
}

/* The contacts in the register now. */
static long long contact_count(struct database *db)
{
	sqlite3_stmt *statement = database_prepare(db, "SELECT count(*) FROM contact");
	if (!statement)
		return -1;
	long long count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

static bool open_rejects(struct run *run)
{
	const char *path = run->import->options.rejects_path;
	snprintf(run->rejects_temp, sizeof run->rejects_temp, "%s.partial-XXXXXX", path);
	int fd = mkostemp(run->rejects_temp, O_CLOEXEC);   /* mode 0600: the rows hold personal data */
	run->rejects = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!run->rejects) {
		set_error(run->db, "%s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(run->rejects_temp);
		}
		run->rejects_temp[0] = '\0';
		return false;
	}
	struct csv_import *import = run->import;
	const char **cells = calloc((size_t)import->column_count + 2, sizeof *cells);
	if (!cells)
		return false;
	for (int i = 0; i < import->column_count; i++)
		cells[i] = import->columns[i].header;
	cells[import->column_count] = "line";
	cells[import->column_count + 1] = "reason";
	int written = csv_output_row(run->rejects, cells, import->column_count + 2);
	free(cells);
	return written == 0;
}

/* Keeps the rejects file when the import was committed with rejected rows;
 * otherwise removes it. */
static enum status close_rejects(struct run *run, bool keep)
{
	if (!run->rejects)
		return STATUS_OK;
	bool written = fflush(run->rejects) == 0 && fsync(fileno(run->rejects)) == 0;
	written = fclose(run->rejects) == 0 && written;
	run->rejects = NULL;
	if (keep && written && rename(run->rejects_temp, run->import->options.rejects_path) == 0)
		return STATUS_OK;
	unlink(run->rejects_temp);
	return keep ? STATUS_ERR_IO : STATUS_OK;
}

/* Drops the deferred indexes, keeping their definitions to build them again. */
static enum status defer_indexes(struct run *run)
{
	struct database *db = run->db;
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		sqlite3_stmt *statement = database_prepare(db,
			"SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'contact' AND name = ? AND sql IS NOT NULL");
		if (!statement)
			return STATUS_ERR_DATABASE;
		sqlite3_bind_text(statement, 1, deferred_index_names[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(statement);
		char *sql = rc == SQLITE_ROW ? copy_text(database_text(statement, 0)) : NULL;
		database_finalize(statement);
		if (rc == SQLITE_DONE)
			continue;   /* not in this schema */
		if (!sql)
			return rc == SQLITE_ROW ? STATUS_ERR_NO_MEMORY : database_fail(db, "index");
		char drop[96];
		snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", deferred_index_names[i]);
		if (sqlite3_exec(db->handle, drop, NULL, NULL, NULL) != SQLITE_OK) {
			free(sql);
			return database_fail(db, "index");
		}
		run->deferred[i] = sql;
	}
	return STATUS_OK;
}

/* Builds the deferred indexes again (before the commit). */
static enum status restore_indexes(struct run *run)
{
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		if (!run->deferred[i])
			continue;
		int rc = sqlite3_exec(run->db->handle, run->deferred[i], NULL, NULL, NULL);
		free(run->deferred[i]);
		run->deferred[i] = NULL;
		if (rc != SQLITE_OK)
			return database_fail(run->db, "index");
	}
	return STATUS_OK;
}

static void free_run(struct run *run)
{
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		free(run->deferred[i]);
		run->deferred[i] = NULL;
	}
	database_finalize(run->by_business_id);
	database_finalize(run->by_name);
	database_finalize(run->name_of_organisation);
	database_finalize(run->restricted);
	contact_free(&run->contact);
	contact_free(&run->existing);
	free(run->value);
	free(run->organisations);
	free(run->current);
}

/* One line for the audit trail: the file, its SHA-256 and the counts;
 * no personal data. */
static void audit_summary(const struct run *run, char *out, size_t out_size)
{
	const struct import_counts *c = &run->report->counts;
	char name[101];
	text_copy(name, sizeof name, run->import->name);
	for (char *p = name; *p; p++)
		if (*p == ' ' || *p == ',')
			*p = '_';
	snprintf(out, out_size,
		 "file=%s,sha256=%s,rows=%lld,new=%lld,matches=%lld,in_file=%lld,linked=%lld,filled=%lld,skipped=%lld,"
		 "invalid=%lld,rejected=%lld,organisations=%lld,bans=%lld,consents=%lld,registrations=%lld,other_names=%lld",
		 name, run->report->sha256, c->rows, c->new_contacts, c->matches, c->in_file_duplicates, c->linked,
		 c->filled, c->skipped, c->invalid, c->rejected, c->organisations, c->bans, c->consents, c->registrations,
		 c->other_names);
}

enum status csv_import_run(struct csv_import *import, bool dry_run, struct import_report *report)
{
	memset(report, 0, sizeof *report);
	struct session *session = import->session;
	struct database *db = session->db;
	const struct import_options *options = &import->options;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	char reason[256];
	if (!csv_import_mapping_ready(import, reason, sizeof reason)) {
		set_error(db, "%s: %s", import->name, reason);
		return STATUS_ERR_INVALID;
	}
	struct run run;
	memset(&run, 0, sizeof run);
	run.import = import;
	run.session = session;
	run.db = db;
	run.report = report;
	run.dry_run = dry_run;
	/* Every new contact gets the options' categories: written at the end in
	 * one pass, unless "update empty fields" may load a contact this pass
	 * made before then. */
	run.categories_later = options->on_match != IMPORT_MATCH_FILL && options->on_other_name != IMPORT_OTHER_NAME_FILL;
	for (int i = 0; i < options->row_choice_count; i++)
		if (options->row_choices[i].policy == IMPORT_OTHER_NAME_FILL)
			run.categories_later = false;
	bool statements = false;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_FIELD)
			run.mapped[target->field] = true;
		if (target->kind == IMPORT_TARGET_FULL_NAME)
			run.mapped[CONTACT_FIRST_NAME] = run.mapped[CONTACT_LAST_NAME] = true;
		statements |= target->kind == IMPORT_TARGET_BAN || target->kind == IMPORT_TARGET_CONSENT;
	}
	if (statements && (status = permission_require(session, PERMISSION_EDIT_CONSENTS)) != STATUS_OK)
		return status;
	if (data_source_is_named(options->source) && !*options->source_detail && !run.mapped[CONTACT_SOURCE_DETAIL]) {
		set_error(db, "%s: %s", contact_field_label(CONTACT_SOURCE_DETAIL),
			 _("name the party or the public source the data came from"));
		return STATUS_ERR_INVALID;
	}
	if (options->training_session_id && options->source == SOURCE_EMPLOYER && !*options->source_detail) {
		set_error(db, "%s: %s", contact_field_label(CONTACT_SOURCE_DETAIL),
			  _("name the employer that registered the participants (notice §1.4)"));
		return STATUS_ERR_INVALID;
	}
	if (options->training_session_id) {
		struct training_session training;
		if ((status = training_session_load(session, options->training_session_id, &training)) != STATUS_OK)
			return status;
	}
	if (options->event_id) {
		if ((status = permission_require(session, PERMISSION_MANAGE_EVENTS)) != STATUS_OK)
			return status;
		sqlite3_stmt *statement = database_prepare(db, "SELECT 1 FROM event WHERE id = ?");
		bool found = false;
		if (statement) {
			sqlite3_bind_int64(statement, 1, options->event_id);
			found = sqlite3_step(statement) == SQLITE_ROW;
			database_finalize(statement);
		}
		if (!found) {
			set_error(db, _("no event #%lld"), options->event_id);
			return STATUS_ERR_NOT_FOUND;
		}
	}
	struct stat now;
	if (fstat(fileno(import->stream), &now) != 0 || now.st_size != import->opened.st_size ||
	    now.st_mtim.tv_sec != import->opened.st_mtim.tv_sec || now.st_mtim.tv_nsec != import->opened.st_mtim.tv_nsec) {
		set_error(db, "%s: %s", import->name,
			 _("the file changed after it was opened: open it again"));
		return STATUS_ERR_INVALID;
	}
	contact_init(&run.contact);
	contact_init(&run.existing);
	run.value = malloc(IMPORT_MAX_FIELD_BYTES + 1);
	run.organisations = calloc(ORGANISATION_CACHE_SLOTS, sizeof *run.organisations);   /* none: no cache */
	run.organisation_generation = 1;
	run.current = calloc(PURPOSES_MAX, sizeof *run.current);
	if (!run.value || !run.current) {
		free_run(&run);
		return STATUS_ERR_NO_MEMORY;
	}
	calendar_today(run.today);
	if (!dry_run && options->skip_invalid && *options->rejects_path && !open_rejects(&run)) {
		close_rejects(&run, false);
		free_run(&run);
		return STATUS_ERR_IO;
	}
	long long existing_contacts = contact_count(db);
	bool bulk = import->facts.lines >= BULK_MIN_ROWS && import->facts.lines * 4 >= existing_contacts;
	report->bulk_indexed = bulk && !dry_run;

	clock_gettime(CLOCK_MONOTONIC, &run.started);
	status = database_begin(db);
	if (status == STATUS_OK) {
		sqlite3_stmt *statement = database_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM contact");
		if (statement && sqlite3_step(statement) == SQLITE_ROW)
			run.first_new_id = sqlite3_column_int64(statement, 0);
		database_finalize(statement);
		run.by_business_id = database_prepare(db,
			"SELECT id FROM organisation WHERE country = ?1 AND business_id = ?2 AND business_id <> ''");
		run.by_name = database_prepare(db, "SELECT id, business_id FROM organisation WHERE sort_key = ?1 LIMIT 3");
		run.name_of_organisation = database_prepare(db, "SELECT name FROM organisation WHERE id = ?");
		run.restricted = database_prepare(db, "SELECT restricted_until <> '' FROM contact WHERE id = ?");
		if (!statement || !run.first_new_id || !run.by_business_id || !run.by_name || !run.name_of_organisation ||
		    !run.restricted)
			status = STATUS_ERR_DATABASE;
	}
	char read_error[512] = "";
	bool read_ok = true;
	long long cache_size = 0;
	if (status == STATUS_OK) {
		contact_store_set_bulk(db, bulk);
		if (bulk)
			cache_size = set_cache_size(db, -BULK_CACHE_KIB);
		if (bulk && !dry_run)
			status = run.status = defer_indexes(&run);
	}
	if (status == STATUS_OK) {
		crypto_hash_sha256_state hash;
		crypto_hash_sha256_init(&hash);
		read_ok = read_records(import->stream, import->name, &import->facts, run_visit, &run, &hash, &run.bytes_read,
				       read_error, sizeof read_error);
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&hash, digest);
		sodium_bin2hex(report->sha256, sizeof report->sha256, digest, sizeof digest);
		report_progress(&run, true);
		status = run.status;
		if (status == STATUS_OK && !read_ok) {
			set_error(db, "%s", read_error);
			status = STATUS_ERR_INVALID;
		} else if (status != STATUS_OK && run.line > 0) {
			char detail[sizeof db->error];
			text_copy(detail, sizeof detail, db->error);
			set_error(db, "%s:%lld: %s", import->name, run.line, detail);
		} else if (status == STATUS_OK && run.cancelled) {
			set_error(db, "%s", _("the import was cancelled: nothing was written"));
			report->cancelled = true;
			status = STATUS_ERR_INVALID;
		} else if (status == STATUS_OK && report->counts.invalid > 0 && !options->skip_invalid && !dry_run) {
			snprintf(db->error, sizeof db->error,
				 _("%lld invalid rows: nothing was imported (fix them, or skip them to a rejects file)"),
				 report->counts.invalid);
			status = STATUS_ERR_INVALID;
		}
	}
	if (cache_size)
		set_cache_size(db, cache_size);
	database_finalize(run.by_business_id);
	database_finalize(run.by_name);
	database_finalize(run.name_of_organisation);
	database_finalize(run.restricted);
	run.by_business_id = run.by_name = run.name_of_organisation = run.restricted = NULL;
	char summary[600];
	audit_summary(&run, summary, sizeof summary);
	if (status != STATUS_OK || dry_run) {
		contact_store_set_bulk(db, false);
		database_rollback(db);
		if (status == STATUS_OK)
			status = audit_append(db, session->account_id, "import.dry-run", "file", 0, summary);
	} else {
		contact_store_set_bulk(db, false);
		status = run.categories_later ? contact_store_add_categories(db, run.first_new_id, options->categories) : STATUS_OK;
		if (status == STATUS_OK)
			status = restore_indexes(&run);
		if (status == STATUS_OK && bulk)
			status = contact_store_rebuild_search(db);
		if (status == STATUS_OK)
			status = audit_append(db, session->account_id, "import", "file", 0, summary);
		if (status == STATUS_OK)
			status = database_commit(db);
		else
			database_rollback(db);
		report->committed = status == STATUS_OK;
	}
	enum status closed = close_rejects(&run, report->committed && report->counts.rejected > 0);
	if (report->committed && closed != STATUS_OK)
		set_error(db, "%s: %s", options->rejects_path, _("the rejects file could not be written"));
	report->seconds = seconds_since(&run.started);
	free_run(&run);
	return status != STATUS_OK ? status : closed;
}

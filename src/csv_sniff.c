/* Sniffing a CSV file before it is parsed (issue 7): one pass over its bytes
 * finds what kind of file it is (UTF-16, binary, empty), its encoding (UTF-8
 * with or without BOM, or Windows-1252), its line ends and lines, and the
 * header's delimiter; and names the first bad line of a file it refuses.
 * Also the Windows-1252 to UTF-8 conversion the reader uses. */
#include "csv_import_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

#define HEADER_SCAN_BYTES (64 * 1024)     /* of the first line, for the delimiter */

/* ---- Encoding codes ---- */

static const struct code_label {
	const char *code;
	const char *label;
} encodings[] = {
#define IMPORT_ENCODING_ROW(name, code, label) [IMPORT_ENCODING_##name] = { code, label },
	IMPORT_ENCODINGS(IMPORT_ENCODING_ROW)
#undef IMPORT_ENCODING_ROW
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
size_t csv_windows_1252_to_utf8(const unsigned char *in, size_t length, unsigned char *out)
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


void csv_fail_at(char *error, size_t error_size, const char *name, long long line, const char *message)
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
bool csv_scan_stream(FILE *stream, const char *name, enum import_encoding forced, char delimiter,
			struct file_facts *facts, char *error, size_t error_size)
{
	memset(facts, 0, sizeof *facts);
	unsigned char *buffer = malloc(READ_CHUNK);
	unsigned char *header = malloc(HEADER_SCAN_BYTES);
	if (!buffer || !header) {
		free(buffer);
		free(header);
		csv_fail_at(error, error_size, name, 0, status_message(STATUS_ERR_NO_MEMORY));
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
				csv_fail_at(error, error_size, name, 0,
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
		csv_fail_at(error, error_size, name, 0, strerror(errno ? errno : EIO));
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
		csv_fail_at(error, error_size, name, spot_line(&nul, facts->line_end),
			_("a NUL byte: this is not a CSV text file (UTF-16 text must be saved as \"CSV UTF-8\")"));
		ok = false;
	} else if (ok && !content) {
		csv_fail_at(error, error_size, name, 0, _("the file is empty"));
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
			csv_fail_at(error, error_size, name, spot_line(&invalid, facts->line_end), message);
			ok = false;
		} else if (encoding == IMPORT_ENCODING_WINDOWS_1252 && facts->bom) {
			csv_fail_at(error, error_size, name, 1,
				_("the file starts with a UTF-8 byte order mark: it is UTF-8, not Windows-1252"));
			ok = false;
		} else if (encoding == IMPORT_ENCODING_WINDOWS_1252 && undefined.offset >= 0) {
			csv_fail_at(error, error_size, name, spot_line(&undefined, facts->line_end),
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

#include "text.h"
#include "database_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Decodes one UTF-8 sequence at s; returns its length, or 0 when invalid
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
static size_t decode_utf8(const unsigned char *s, uint32_t *code_point)
{
	if (s[0] < 0x80) {
		*code_point = s[0];
		return 1;
	}
	size_t length;
	uint32_t value, minimum;
	if ((s[0] & 0xE0) == 0xC0) {
		length = 2; value = s[0] & 0x1F; minimum = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		length = 3; value = s[0] & 0x0F; minimum = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		length = 4; value = s[0] & 0x07; minimum = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < length; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		value = (value << 6) | (s[i] & 0x3F);
	}
	if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
		return 0;
	*code_point = value;
	return length;
}

static size_t encode_utf8(uint32_t code_point, char *out)
{
	if (code_point < 0x80) {
		out[0] = (char)code_point;
		return 1;
	}
	if (code_point < 0x800) {
		out[0] = (char)(0xC0 | (code_point >> 6));
		out[1] = (char)(0x80 | (code_point & 0x3F));
		return 2;
	}
	if (code_point < 0x10000) {
		out[0] = (char)(0xE0 | (code_point >> 12));
		out[1] = (char)(0x80 | ((code_point >> 6) & 0x3F));
		out[2] = (char)(0x80 | (code_point & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (code_point >> 18));
	out[1] = (char)(0x80 | ((code_point >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((code_point >> 6) & 0x3F));
	out[3] = (char)(0x80 | (code_point & 0x3F));
	return 4;
}

bool text_is_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t code_point;
	while (*p) {
		size_t length = decode_utf8(p, &code_point);
		if (length == 0)
			return false;
		p += length;
	}
	return true;
}

size_t text_char_count(const char *s)
{
	size_t count = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			count++;
	return count;
}

/* Appends piece if it fits whole; returns false when out is full. */
static bool append(char *out, size_t out_size, size_t *used, const char *piece, size_t length)
{
	if (*used + length + 1 > out_size)
		return false;
	memcpy(out + *used, piece, length);
	*used += length;
	out[*used] = '\0';
	return true;
}

void text_make_inert(const char *s, char *out, size_t out_size)
{
	size_t used = 0;
	if (out_size == 0)
		return;
	out[0] = '\0';
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t code_point;
		size_t length = decode_utf8(p, &code_point);
		char piece[16];
		size_t piece_length;
		if (length == 0) {
			piece_length = encode_utf8(0xFFFD, piece);
			length = 1;
		} else if (code_point < 0x20 || code_point == 0x7F) {
			piece[0] = '^';
			piece[1] = (char)(code_point == 0x7F ? '?' : code_point + '@');
			piece_length = 2;
		} else if (code_point >= 0x80 && code_point < 0xA0) {
			piece_length = (size_t)snprintf(piece, sizeof piece, "<U+%04X>", (unsigned)code_point);
		} else {
			memcpy(piece, p, length);
			piece_length = length;
		}
		if (!append(out, out_size, &used, piece, piece_length))
			return;
		p += length;
	}
}

/* Folds one code point for Finnish ordering into out; returns bytes written. */
static size_t finnish_fold(uint32_t c, char *out)
{
	if (c >= 'A' && c <= 'Z') {
		out[0] = (char)(c - 'A' + 'a');
		return 1;
	}
	switch (c) {
	case 0xC5: case 0xE5: out[0] = '{'; return 1;                 /* å after z */
	case 0xC4: case 0xE4: case 0xC6: case 0xE6: out[0] = '|'; return 1; /* ä, æ */
	case 0xD6: case 0xF6: case 0xD8: case 0xF8: out[0] = '}'; return 1; /* ö, ø */
	case 0xDC: case 0xFC: out[0] = 'y'; return 1;                 /* ü sorts as y */
	case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xE0: case 0xE1: case 0xE2: case 0xE3:
		out[0] = 'a'; return 1;
	case 0xC7: case 0xE7: out[0] = 'c'; return 1;
	case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xE8: case 0xE9: case 0xEA: case 0xEB:
		out[0] = 'e'; return 1;
	case 0xCC: case 0xCD: case 0xCE: case 0xCF: case 0xEC: case 0xED: case 0xEE: case 0xEF:
		out[0] = 'i'; return 1;
	case 0xD1: case 0xF1: out[0] = 'n'; return 1;
	case 0xD2: case 0xD3: case 0xD4: case 0xD5: case 0xF2: case 0xF3: case 0xF4: case 0xF5:
		out[0] = 'o'; return 1;
	case 0xD9: case 0xDA: case 0xDB: case 0xF9: case 0xFA: case 0xFB: out[0] = 'u'; return 1;
	case 0xDD: case 0xFD: case 0xFF: out[0] = 'y'; return 1;
	case 0xDF: out[0] = 's'; out[1] = 's'; return 2;
	case 0x160: case 0x161: out[0] = 's'; return 1;               /* š */
	case 0x17D: case 0x17E: out[0] = 'z'; return 1;               /* ž */
	default:
		break;
	}
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	/* Other letters keep their code point, after every Finnish letter. */
	out[0] = '~';
	return 1 + encode_utf8(c, out + 1);
}

void text_finnish_sort_key(const char *s, char *out, size_t out_size)
{
	size_t used = 0;
	if (out_size == 0)
		return;
	out[0] = '\0';
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t code_point;
		size_t length = decode_utf8(p, &code_point);
		if (length == 0) {
			code_point = 0xFFFD;
			length = 1;
		}
		char piece[8];
		size_t piece_length = finnish_fold(code_point, piece);
		if (!append(out, out_size, &used, piece, piece_length))
			return;
		p += length;
	}
}

int text_finnish_compare(const char *a, int a_length, const char *b, int b_length)
{
	char a_text[1024], b_text[1024], a_key[2048], b_key[2048];
	size_t a_copy = a_length < (int)sizeof a_text ? (size_t)a_length : sizeof a_text - 1;
	size_t b_copy = b_length < (int)sizeof b_text ? (size_t)b_length : sizeof b_text - 1;
	memcpy(a_text, a, a_copy);
	a_text[a_copy] = '\0';
	memcpy(b_text, b, b_copy);
	b_text[b_copy] = '\0';
	text_finnish_sort_key(a_text, a_key, sizeof a_key);
	text_finnish_sort_key(b_text, b_key, sizeof b_key);
	int order = strcmp(a_key, b_key);
	return order ? order : strcmp(a_text, b_text);
}

void text_copy(char *out, size_t out_size, const char *s)
{
	if (out_size == 0)
		return;
	size_t length = strlen(s);
	if (length >= out_size) {
		length = out_size - 1;
		while (length > 0 && ((unsigned char)s[length] & 0xC0) == 0x80)
			length--;
	}
	memcpy(out, s, length);
	out[length] = '\0';
}

/* Folds one code point for search: returns bytes written (0: a word break). */
static size_t search_fold(uint32_t c, char *out)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
		out[0] = (char)c;
		return 1;
	}
	if (c >= 'A' && c <= 'Z') {
		out[0] = (char)(c - 'A' + 'a');
		return 1;
	}
	if (c < 0xC0)
		return 0;
	char finnish[8];
	size_t length = finnish_fold(c, finnish);
	if (length == 1) {
		switch (finnish[0]) {
		case '{': case '|': out[0] = 'a'; return 1;   /* å, ä */
		case '}': out[0] = 'o'; return 1;             /* ö */
		default: break;
		}
		if (c == 0xDC || c == 0xFC) {                 /* ü: u for search */
			out[0] = 'u';
			return 1;
		}
		out[0] = finnish[0];
		return 1;
	}
	if (length == 2 && finnish[0] == 's') {           /* ß */
		out[0] = out[1] = 's';
		return 2;
	}
	/* Letters of other scripts stay as they are, lower-cased where simple. */
	return encode_utf8(c, out);
}

void text_search_fold(const char *s, char *out, size_t out_size)
{
	size_t used = 0;
	bool pending_space = false;
	if (out_size == 0)
		return;
	out[0] = '\0';
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t code_point;
		size_t length = decode_utf8(p, &code_point);
		if (length == 0) {
			code_point = ' ';
			length = 1;
		}
		char piece[8];
		size_t piece_length = search_fold(code_point, piece);
		p += length;
		if (piece_length == 0) {
			pending_space = used > 0;
			continue;
		}
		if (pending_space && !append(out, out_size, &used, " ", 1))
			return;
		pending_space = false;
		if (!append(out, out_size, &used, piece, piece_length))
			return;
	}
}

/* True when every space-separated word of query starts some word of text. */
static bool words_match(const char *text, const char *query)
{
	const char *word = query;
	while (*word) {
		size_t length = strcspn(word, " ");
		bool found = false;
		for (const char *candidate = text; *candidate && !found;) {
			size_t candidate_length = strcspn(candidate, " ");
			found = candidate_length >= length && memcmp(candidate, word, length) == 0;
			candidate += candidate_length;
			while (*candidate == ' ')
				candidate++;
		}
		if (!found)
			return false;
		word += length;
		while (*word == ' ')
			word++;
	}
	return true;
}

static void words_match_function(sqlite3_context *context, int count, sqlite3_value **values)
{
	(void)count;
	const char *text = (const char *)sqlite3_value_text(values[0]);
	const char *query = (const char *)sqlite3_value_text(values[1]);
	sqlite3_result_int(context, text && query && words_match(text, query));
}

int text_register_sql_functions(sqlite3 *handle)
{
	return sqlite3_create_function(handle, "words_match", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				       NULL, words_match_function, NULL, NULL);
}

void text_fit_columns(const char *s, int columns, char *out, size_t out_size)
{
	char inert[4096];
	text_make_inert(s, inert, sizeof inert);
	size_t used = 0;
	int width = 0;
	out[0] = '\0';
	const unsigned char *p = (const unsigned char *)inert;
	while (*p) {
		uint32_t code_point;
		size_t length = decode_utf8(p, &code_point);
		if (length == 0)
			break;
		int character_width = wcwidth((wchar_t)code_point);
		if (character_width < 0)
			character_width = 1;
		if (width + character_width > columns || !append(out, out_size, &used, (const char *)p, length))
			break;
		width += character_width;
		p += length;
	}
	while (width++ < columns && append(out, out_size, &used, " ", 1))
		;
}

#include "text.h"
#include "database_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

size_t text_decode_utf8(const char *s, uint32_t *code_point)
{
	utf8proc_int32_t value;
	/* -1: NUL-terminated; a sequence cut short by the NUL is invalid. */
	utf8proc_ssize_t length = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &value);
	if (length <= 0)
		return 0;
	*code_point = (uint32_t)value;
	return (size_t)length;
}

size_t text_encode_utf8(uint32_t code_point, char *out)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)code_point, (utf8proc_uint8_t *)out);
}

/* True when s certainly is NFC already: no code point from U+0300 on (lead
 * bytes up to 0xCB), where combining marks and decomposable letters begin. */
static bool surely_composed(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xCC)
			return false;
	return true;
}

char *text_nfc(const char *s)
{
	if (!s)
		s = "";
	if (surely_composed(s))
		return strdup(s);
	char *composed = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	/* NULL: invalid UTF-8, left as it is for validation to refuse. */
	return composed ? composed : strdup(s);
}

void text_nfc_into(const char *s, char *out, size_t out_size)
{
	if (!s)
		s = "";
	if (surely_composed(s)) {
		if (s != out)
			text_copy(out, out_size, s);
		return;
	}
	char *composed = text_nfc(s);
	if (composed)
		text_copy(out, out_size, composed);
	else if (s != out)
		text_copy(out, out_size, s);
	free(composed);
}

bool text_nfc_replace(char **slot)
{
	if (!*slot || surely_composed(*slot))
		return true;
	char *composed = text_nfc(*slot);
	if (!composed)
		return false;
	free(*slot);
	*slot = composed;
	return true;
}

uint32_t text_compose(uint32_t base, uint32_t mark)
{
	char pair[9];
	size_t length = text_encode_utf8(base, pair);
	length += text_encode_utf8(mark, pair + length);
	pair[length] = '\0';
	char *composed = (char *)utf8proc_NFC((const utf8proc_uint8_t *)pair);
	uint32_t result = 0, code_point;
	if (composed) {
		size_t first = text_decode_utf8(composed, &code_point);
		if (first > 0 && composed[first] == '\0' && code_point != base)
			result = code_point;
	}
	free(composed);
	return result;
}

/* s composed (NFC) for folding: s itself, or a copy to free in *owned. */
static const char *composed_for_folding(const char *s, char **owned)
{
	*owned = NULL;
	if (surely_composed(s))
		return s;
	*owned = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	return *owned ? *owned : s;
}

bool text_is_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t code_point;
	while (*p) {
		size_t length = text_decode_utf8((const char *)p, &code_point);
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
		size_t length = text_decode_utf8((const char *)p, &code_point);
		char piece[16];
		size_t piece_length;
		if (length == 0) {
			piece_length = text_encode_utf8(0xFFFD, piece);
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

/* How one code point of composed text sorts and searches (CLDR Finnish, as
 * glibc's fi_FI has it): its letters at the first level (primary), its
 * accent at the second (secondary, 0 for none). */
enum fold_kind {
	FOLD_LETTER,      /* a letter or digit: primary holds it */
	FOLD_MARK,        /* a combining mark left over: accent only */
	FOLD_IGNORABLE,   /* space, punctuation, symbol: no letter (a word break in search) */
};

struct fold {
	enum fold_kind kind;
	char primary[8];              /* bytes of the first level; Finnish å ä ö as '{' '|' '}' after z */
	size_t primary_length;
	unsigned char secondary;      /* the accent's weight, 0 none */
	bool upper;                   /* third level: a capital after its small letter */
	char search;                  /* the letter search uses when it differs from the first level: ü as u */
};

/* The second-level weight of a combining mark: acute < grave < breve <
 * circumflex < caron < ring < diaeresis < double acute < tilde < dot. */
static unsigned char mark_weight(uint32_t mark)
{
	static const uint32_t order[] = { 0x301, 0x300, 0x306, 0x302, 0x30C, 0x30A, 0x308, 0x30B, 0x303, 0x307,
					  0x327, 0x328, 0x304, 0x323 };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (order[i] == mark)
			return (unsigned char)(1 + i);
	return 40;
}

/* Letters with no decomposition: with their base letter (CLDR fi: &D<<đ<<ð,
 * ä<<æ, ö<<ø<<œ, ß as ss, þ as th), marked at the second level. */
static bool fold_undecomposable(uint32_t c, struct fold *out)
{
	static const struct {
		uint32_t lower, upper;
		const char *primary;
		unsigned char secondary;
	} letters[] = {
		{ 0xE6, 0xC6, "|", 50 },      /* æ */
		{ 0xF8, 0xD8, "}", 51 },      /* ø */
		{ 0x153, 0x152, "}e", 52 },   /* œ */
		{ 0xDF, 0x1E9E, "ss", 50 },   /* ß */
		{ 0xFE, 0xDE, "th", 50 },     /* þ */
		{ 0xF0, 0xD0, "d", 50 },      /* ð */
		{ 0x111, 0x110, "d", 51 },    /* đ */
		{ 0x142, 0x141, "l", 51 },    /* ł */
		{ 0x127, 0x126, "h", 51 },    /* ħ */
		{ 0x167, 0x166, "t", 51 },    /* ŧ */
		{ 0x131, 0x131, "i", 50 },    /* dotless ı (its capital is I) */
		{ 0x14B, 0x14A, "n", 50 },    /* ŋ */
	};
	for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
		if (c != letters[i].lower && c != letters[i].upper)
			continue;
		out->primary_length = strlen(letters[i].primary);
		memcpy(out->primary, letters[i].primary, out->primary_length);
		out->secondary = letters[i].secondary;
		return true;
	}
	return false;
}

static void fold_code_point(uint32_t c, struct fold *out)
{
	memset(out, 0, sizeof *out);
	out->kind = FOLD_LETTER;
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		out->upper = c >= 'A' && c <= 'Z';
		out->primary[0] = (char)(out->upper ? c - 'A' + 'a' : c);
		out->primary_length = 1;
		return;
	}
	if (c < 0x80) {
		out->kind = FOLD_IGNORABLE;
		return;
	}
	utf8proc_category_t category = utf8proc_category((utf8proc_int32_t)c);
	out->upper = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
	if (fold_undecomposable(c, out))
		return;
	if (category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC || category == UTF8PROC_CATEGORY_ME) {
		out->kind = FOLD_MARK;
		out->secondary = mark_weight(c);
		return;
	}
	/* A Latin letter with accents: its base letter, and the first accent. */
	utf8proc_int32_t parts[8];
	utf8proc_ssize_t count = utf8proc_decompose_char((utf8proc_int32_t)c, parts, 8, UTF8PROC_DECOMPOSE, NULL);
	if (count >= 2 && parts[0] < 0x80 && ((parts[0] | 0x20) >= 'a' && (parts[0] | 0x20) <= 'z')) {
		char base = (char)(parts[0] | 0x20);
		uint32_t accent = (uint32_t)parts[1];
		if (base == 'a' && accent == 0x30A)
			base = '{';                         /* å after z */
		else if (base == 'a' && accent == 0x308)
			base = '|';                         /* then ä */
		else if (base == 'o' && accent == 0x308)
			base = '}';                         /* then ö */
		else if (base == 'u' && (accent == 0x308 || accent == 0x30B))
			base = 'y', out->search = 'u';      /* ü and ű sort as y (CLDR fi), search as u */
		out->primary[0] = base;
		out->primary_length = 1;
		if (base == 'y' || (base != '{' && base != '|' && base != '}'))
			out->secondary = mark_weight(accent);
		if (count > 2 && base >= '{')
			out->secondary = mark_weight((uint32_t)parts[2]);
		return;
	}
	if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) {
		/* Letters of other scripts: after every Latin letter, lower-cased. */
		out->primary[0] = '~';
		out->primary_length = 1 + text_encode_utf8((uint32_t)utf8proc_tolower((utf8proc_int32_t)c), out->primary + 1);
		return;
	}
	if (category == UTF8PROC_CATEGORY_ND) {
		out->primary[0] = '~';
		out->primary_length = 1 + text_encode_utf8(c, out->primary + 1);
		return;
	}
	out->kind = FOLD_IGNORABLE;
}

/* The Finnish key of s: its letters; with the later levels also (after
 * \x02) the accents when any, then (after another \x02) the case of each
 * letter when any is a capital. */
static void finnish_levels(const char *s, bool later_levels, char *out, size_t out_size)
{
	size_t used = 0;
	if (out_size == 0)
		return;
	out[0] = '\0';
	char *owned;
	const unsigned char *p = (const unsigned char *)composed_for_folding(s, &owned);
	/* Per letter: its accent's weight ('!' none) and its case ('a' small,
	 * 'b' capital); trailing '!' and 'a' dropped, so that most keys end
	 * with their letters. */
	char accents[1024], cases[1024];
	size_t count = 0, accents_used = 0, cases_used = 0;
	while (*p) {
		uint32_t code_point;
		size_t length = text_decode_utf8((const char *)p, &code_point);
		if (length == 0) {
			code_point = 0xFFFD;
			length = 1;
		}
		p += length;
		struct fold fold;
		fold_code_point(code_point, &fold);
		if (fold.kind == FOLD_IGNORABLE)
			continue;   /* CLDR: spaces and punctuation do not count at the first three levels */
		if (fold.kind == FOLD_LETTER && !append(out, out_size, &used, fold.primary, fold.primary_length))
			break;
		if (count < sizeof accents) {
			accents[count] = (char)('!' + fold.secondary);
			cases[count] = fold.upper ? 'b' : 'a';
			count++;
			if (fold.secondary)
				accents_used = count;
			if (fold.upper)
				cases_used = count;
		}
	}
	free(owned);
	if (!later_levels)
		accents_used = cases_used = 0;
	if (accents_used + cases_used > 0 && append(out, out_size, &used, "\x02", 1) &&
	    append(out, out_size, &used, accents, accents_used) && cases_used > 0 &&
	    append(out, out_size, &used, "\x02", 1))
		append(out, out_size, &used, cases, cases_used);
}

void text_finnish_sort_key(const char *s, char *out, size_t out_size)
{
	/* The first level only: a stored key finds "NOKIA OYJ" or "Cafe Oy" as
	 * "Nokia Oyj" or "Café Oy" (an import's organisation by name); accents
	 * and case decide only in text_finnish_compare. */
	finnish_levels(s, false, out, out_size);
}

int text_finnish_compare(const char *a, int a_length, const char *b, int b_length)
{
	char a_text[1024], b_text[1024], a_key[4096], b_key[4096];
	size_t a_copy = a_length < (int)sizeof a_text ? (size_t)a_length : sizeof a_text - 1;
	size_t b_copy = b_length < (int)sizeof b_text ? (size_t)b_length : sizeof b_text - 1;
	memcpy(a_text, a, a_copy);
	a_text[a_copy] = '\0';
	memcpy(b_text, b, b_copy);
	b_text[b_copy] = '\0';
	finnish_levels(a_text, true, a_key, sizeof a_key);
	finnish_levels(b_text, true, b_key, sizeof b_key);
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

void text_search_fold(const char *s, char *out, size_t out_size)
{
	size_t used = 0;
	bool pending_space = false;
	if (out_size == 0)
		return;
	out[0] = '\0';
	char *owned;
	const unsigned char *p = (const unsigned char *)composed_for_folding(s, &owned);
	while (*p) {
		uint32_t code_point;
		size_t length = text_decode_utf8((const char *)p, &code_point);
		if (length == 0) {
			code_point = ' ';
			length = 1;
		}
		p += length;
		struct fold fold;
		fold_code_point(code_point, &fold);
		if (fold.kind == FOLD_MARK)
			continue;   /* an accent left over: ignored, the word goes on */
		if (fold.kind == FOLD_IGNORABLE) {
			pending_space = used > 0;
			continue;
		}
		char piece[8];
		size_t piece_length = fold.primary_length;
		memcpy(piece, fold.primary, piece_length);
		if (fold.search) {
			piece[0] = fold.search;
		} else if (piece[0] == '{' || piece[0] == '|') {
			piece[0] = 'a';                      /* å, ä, æ */
		} else if (piece[0] == '}') {
			piece[0] = 'o';                      /* ö, ø, œ */
		} else if (piece[0] == '~') {
			piece_length--;                      /* other scripts as they are */
			memmove(piece, piece + 1, piece_length);
		}
		if (pending_space && !append(out, out_size, &used, " ", 1))
			break;
		pending_space = false;
		if (!append(out, out_size, &used, piece, piece_length))
			break;
	}
	free(owned);
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

/* nfc(text), finnish_sort_key(text), search_fold(text): what the C
 * functions make, for migrations that make stored keys again. */
static void text_function(sqlite3_context *context, int count, sqlite3_value **values)
{
	(void)count;
	const char *text = (const char *)sqlite3_value_text(values[0]);
	if (!text) {
		sqlite3_result_null(context);
		return;
	}
	void (*transform)(const char *, char *, size_t) = (void (*)(const char *, char *, size_t))sqlite3_user_data(context);
	size_t size = 4 * strlen(text) + 16;
	char *out = malloc(size);
	if (!out) {
		sqlite3_result_error_nomem(context);
		return;
	}
	transform(text, out, size);
	sqlite3_result_text(context, out, -1, free);
}

int text_register_sql_functions(sqlite3 *handle)
{
	static const struct {
		const char *name;
		void (*transform)(const char *, char *, size_t);
	} functions[] = {
		{ "nfc", text_nfc_into },
		{ "finnish_sort_key", text_finnish_sort_key },
		{ "search_fold", text_search_fold },
	};
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(handle, "words_match", 2, flags, NULL, words_match_function, NULL, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof functions / sizeof functions[0]; i++)
		rc = sqlite3_create_function(handle, functions[i].name, 1, flags, (void *)functions[i].transform,
					     text_function, NULL, NULL);
	return rc;
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
		size_t length = text_decode_utf8((const char *)p, &code_point);
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

void text_capitalise_name(const char *word, char *out, size_t out_size)
{
	/* Only an all-lower-case word: "mcdonald" becomes "Mcdonald", but a
	 * name typed with its own capitals ("McDonald", "von") stays as typed. */
	bool lower = true;
	uint32_t c;
	size_t n;
	for (const char *p = word; *p && (n = text_decode_utf8(p, &c)) > 0; p += n)
		if (utf8proc_isupper((utf8proc_int32_t)c))
			lower = false;
	text_copy(out, out_size, word);
	if (!lower)
		return;
	size_t used = 0;
	bool start = true;
	char result[512];
	for (const char *p = word; *p && (n = text_decode_utf8(p, &c)) > 0 && used + 5 < sizeof result; p += n) {
		uint32_t shown = start && utf8proc_islower((utf8proc_int32_t)c) ? (uint32_t)utf8proc_toupper((utf8proc_int32_t)c) : c;
		used += text_encode_utf8(shown, result + used);
		start = c == '-' || c == '\'';   /* Öhman-Ålander, O'Brien */
	}
	result[used] = '\0';
	text_copy(out, out_size, result);
}

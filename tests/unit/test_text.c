/* Text handling: Finnish ordering, making text inert for the terminal,
 * UTF-8 validation, character counts, CSV output safe for spreadsheets. */
#include "unit.h"

#include <csv.h>

#include "csv_output.h"
#include "text.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

static int compare_finnish(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return text_finnish_compare(x, (int)strlen(x), y, (int)strlen(y));
}

static void assert_order(const char **names, size_t count, const char *const *expected)
{
	qsort(names, count, sizeof names[0], compare_finnish);
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], expected[i]) != 0)
			fail_msg("position %zu: got \"%s\", expected \"%s\"", i, names[i], expected[i]);
}

static int sign(int value)
{
	return (value > 0) - (value < 0);
}

static int finnish(const char *a, const char *b)
{
	return sign(text_finnish_compare(a, (int)strlen(a), b, (int)strlen(b)));
}

/* Finnish alphabet: ... x y z å ä ö. */
static void test_finnish_order(void **state)
{
	(void)state;
	const char *names[] = { "Öberg", "Åkerlund", "Zetterberg", "Ärölä", "Aalto", "Söderström", "Sundqvist",
				"Yrjölä" };
	static const char *const expected[] = { "Aalto", "Sundqvist", "Söderström", "Yrjölä", "Zetterberg",
						"Åkerlund", "Ärölä", "Öberg" };
	assert_order(names, COUNT(names), expected);

	/* Letter by letter, where byte order would differ. */
	assert_int_equal(finnish("Zetterberg", "Åkerlund"), -1);
	assert_int_equal(finnish("Åkerlund", "Ärölä"), -1);    /* bytes: Ä (C3 84) < Å (C3 85) */
	assert_int_equal(finnish("Ärölä", "Öberg"), -1);
	assert_int_equal(finnish("Sundqvist", "Söderström"), -1);
	assert_int_equal(finnish("Söderström", "Sundqvist"), 1);
	assert_int_equal(finnish("Müller", "Mylly"), -1);        /* ü sorts as y */
	assert_int_equal(finnish("Müller", "Mutka"), 1);
	assert_int_equal(finnish("Éric", "Eva"), -1);            /* é sorts as e */
	assert_int_equal(finnish("Aalto", "Aalto"), 0);
}

/* Case does not decide the order (only breaks ties). */
static void test_finnish_case_insensitive(void **state)
{
	(void)state;
	const char *names[] = { "öberg", "ÅKERLUND", "zetterberg", "Ärölä", "aalto", "SÖDERSTRÖM", "sundqvist",
				"YRJÖLÄ", "Berg" };
	static const char *const expected[] = { "aalto", "Berg", "sundqvist", "SÖDERSTRÖM", "YRJÖLÄ",
						"zetterberg", "ÅKERLUND", "Ärölä", "öberg" };
	assert_order(names, COUNT(names), expected);
	assert_int_equal(finnish("aalto", "Berg"), -1);   /* bytes: 'a' (61) > 'B' (42) */
	assert_int_equal(finnish("ärölä", "Öberg"), -1);
	assert_int_equal(finnish("ÖBERG", "åkerlund"), 1);

	char a[64], b[64];
	text_finnish_sort_key("ÅKERLUND Öberg Ärölä", a, sizeof a);
	text_finnish_sort_key("åkerlund öBERG ärölä", b, sizeof b);
	assert_string_equal(a, b);
	/* The key is the first level: an import finds its organisation by name
	 * whatever the case and the accents (not å, ä, ö: letters of their own). */
	text_finnish_sort_key("NOKIA OYJ", a, sizeof a);
	text_finnish_sort_key("Nokia Oyj", b, sizeof b);
	assert_string_equal(a, b);
	text_finnish_sort_key("Café Oy", a, sizeof a);
	text_finnish_sort_key("CAFE OY", b, sizeof b);
	assert_string_equal(a, b);
	text_finnish_sort_key("Sodra Oy", a, sizeof a);
	text_finnish_sort_key("Södra Oy", b, sizeof b);
	assert_string_not_equal(a, b);
	/* The collation breaks the tie by case, small letters first (CLDR). */
	assert_int_equal(finnish("ylikoski", "Ylikoski"), -1);
	assert_int_equal(finnish("Ylikoski", "Yli-Koski"), -1);
}

/* "Ähtäri" and friends as macOS and some web forms send them: decomposed
 * (NFD), a base letter followed by a combining mark. */
#define A_RING "A\xcc\x8a"        /* A + U+030A */
#define A_DIAERESIS "a\xcc\x88"   /* a + U+0308 */
#define CAPITAL_A_DIAERESIS "A\xcc\x88"
#define O_DIAERESIS "o\xcc\x88"   /* o + U+0308 */

/* Text is stored composed (NFC): one form per name, whatever sent it. */
static void test_nfc(void **state)
{
	(void)state;
	char *composed = text_nfc(CAPITAL_A_DIAERESIS "ht" A_DIAERESIS "ri");
	assert_string_equal(composed, "Ähtäri");
	free(composed);
	composed = text_nfc("S" O_DIAERESIS "derstr" O_DIAERESIS "m " A_RING "kerlund");
	assert_string_equal(composed, "Söderström Åkerlund");
	free(composed);
	composed = text_nfc("plain");
	assert_string_equal(composed, "plain");
	free(composed);
	composed = text_nfc("bad \xc3(");        /* invalid UTF-8 stays, for validation to refuse */
	assert_string_equal(composed, "bad \xc3(");
	free(composed);

	char out[8];
	text_nfc_into("M" A_DIAERESIS "ki-" "Pet" A_DIAERESIS "j" A_DIAERESIS, out, sizeof out);
	assert_string_equal(out, "Mäki-P");      /* cut at a character boundary */

	char *slot = strdup(CAPITAL_A_DIAERESIS "ij" A_DIAERESIS "l" A_DIAERESIS);
	assert_true(text_nfc_replace(&slot));
	assert_string_equal(slot, "Äijälä");
	free(slot);
}

/* The one UTF-8 decoder: lengths, and 0 for what is not UTF-8. */
static void test_decode_utf8(void **state)
{
	(void)state;
	uint32_t code_point = 0;
	assert_int_equal(text_decode_utf8("a", &code_point), 1);
	assert_int_equal(code_point, 'a');
	assert_int_equal(text_decode_utf8("ä", &code_point), 2);
	assert_int_equal(code_point, 0xE4);
	assert_int_equal(text_decode_utf8("\xe2\x82\xac", &code_point), 3);
	assert_int_equal(code_point, 0x20AC);
	assert_int_equal(text_decode_utf8("\xf0\x9f\x98\x80", &code_point), 4);
	assert_int_equal(code_point, 0x1F600);
	assert_int_equal(text_decode_utf8("\xc3", &code_point), 0);          /* cut short by the end */
	assert_int_equal(text_decode_utf8("\xc0\x80", &code_point), 0);     /* overlong */
	assert_int_equal(text_decode_utf8("\xed\xa0\x80", &code_point), 0); /* a surrogate */
	char encoded[4];
	assert_int_equal(text_encode_utf8(0xE4, encoded), 2);
	assert_memory_equal(encoded, "ä", 2);
}

/* Search and duplicate keys fold the composed text: NFD finds NFC and back. */
static void test_search_fold_decomposed(void **state)
{
	(void)state;
	char nfd[128], nfc[128];
	text_search_fold("S" O_DIAERESIS "derstr" O_DIAERESIS "m-" A_RING "kerlund", nfd, sizeof nfd);
	text_search_fold("Söderström-Åkerlund", nfc, sizeof nfc);
	assert_string_equal(nfd, "soderstrom akerlund");
	assert_string_equal(nfc, nfd);
	text_search_fold(CAPITAL_A_DIAERESIS "ht" A_DIAERESIS "ri", nfd, sizeof nfd);
	assert_string_equal(nfd, "ahtari");
	/* Letters with no decomposition fold to their base letter too. */
	text_search_fold("Łódź Đorđević Müller Straße", nfc, sizeof nfc);
	assert_string_equal(nfc, "lodz dordevic muller strasse");
	/* A combining mark that composes with nothing does not split the word. */
	text_search_fold("q\xcc\x88uu", nfc, sizeof nfc);
	assert_string_equal(nfc, "quu");
}

static void test_finnish_sort_key_decomposed(void **state)
{
	(void)state;
	char nfd[128], nfc[128];
	text_finnish_sort_key(CAPITAL_A_DIAERESIS "ht" A_DIAERESIS "ri", nfd, sizeof nfd);
	text_finnish_sort_key("Ähtäri", nfc, sizeof nfc);
	assert_string_equal(nfd, nfc);
	/* Decomposed Ä sorts after Z like the composed one (it sorted as A). */
	assert_int_equal(finnish(CAPITAL_A_DIAERESIS "ht" A_DIAERESIS "ri", "Zetterberg"), 1);
	assert_int_equal(finnish(A_RING "kerlund", "Ähtäri"), -1);
}

/* The CLDR Finnish collation, as glibc's fi_FI has it: this list is in the
 * order `LC_ALL=fi_FI.UTF-8 sort` gives (glibc 2.36). Ł sorts with L and Đ
 * with D (they sorted after Ö); spaces, hyphens and apostrophes do not count
 * at the first level ("Mäkinen" before "Mäki-Petäjä"; they counted). */
static void test_finnish_order_cldr(void **state)
{
	(void)state;
	static const char *const expected[] = {
		"42", "7", "Aalto", "Aho", "Da", "Ða", "Đa", "Dahl", "Db", "de la Cruz", "Đorđević", "Döbeln", "Ea", "Éa",
		"Èa", "Êa", "Ěa", "Ëa", "Eb", "Ek", "Émile", "Ha", "Ħa", "Hb", "La", "Ła", "Lampinen", "Łaski", "Lb",
		"Łukasz", "Luoma", "Maki", "Muukkonen", "Mäki", "Mäkinen", "Mäki-Petäjä", "Oberg", "Ôberg", "Őberg",
		"Obergz", "O'Brien", "Oksanen", "Õun", "Schmidt", "ssa", "ßa", "ssb", "sta", "Štefan", "Söderström",
		"Törnqvist", "va", "van der Berg", "vb", "Virtanen", "wa", "Wikström", "Yla", "Üla", "Ülb", "Ylikoski",
		"Yli-Koski", "Ünal", "Zetterberg", "Åkerlund", "Æbelø", "Ähtäri", "Äla", "Æla", "Älb", "Öberg", "Øberg",
		"Öbergz", "Østergaard", "Αλφα", "Жук",
	};
	const char *names[COUNT(expected)];
	for (size_t i = 0; i < COUNT(expected); i++)
		names[i] = expected[COUNT(expected) - 1 - i];   /* backwards */
	assert_order(names, COUNT(names), expected);
	assert_int_equal(finnish("Mäkinen", "Mäki-Petäjä"), -1);
	assert_int_equal(finnish("Łukasz", "Luoma"), -1);
	assert_int_equal(finnish("Łukasz", "Öberg"), -1);
	assert_int_equal(finnish("Đorđević", "Döbeln"), -1);
	assert_int_equal(finnish("Østergaard", "Öberg"), 1);
}

/* The same order from SQL, through the collation the database registers. */
static void test_finnish_collation_in_sql(void **state)
{
	struct database *db = ((struct unit_db *)*state)->db;
	unit_exec(db, "CREATE TEMP TABLE names (name TEXT)");
	unit_exec(db, "INSERT INTO names VALUES ('Öberg'), ('Åkerlund'), ('Zetterberg'), ('Ärölä'), "
			      "('Aalto'), ('Söderström'), ('Sundqvist'), ('Yrjölä'), ('berg')");
	static const char *const expected[] = { "Aalto", "berg", "Sundqvist", "Söderström", "Yrjölä",
						"Zetterberg", "Åkerlund", "Ärölä", "Öberg" };
	/* SQLite: the C collation; PostgreSQL: the ICU collation of that name. */
	struct statement *statement = database_prepare(db, "SELECT name FROM names ORDER BY name COLLATE finnish");
	assert_non_null(statement);
	size_t i = 0;
	while (statement_step(statement) == STORAGE_ROW) {
		assert_true(i < COUNT(expected));
		assert_string_equal(database_text(statement, 0), expected[i]);
		i++;
	}
	database_finalize(statement);
	assert_int_equal(i, COUNT(expected));
}

/* The SQL functions a migration makes stored keys again with. */
static void test_text_sql_functions(void **state)
{
	struct database *db = ((struct unit_db *)*state)->db;
	if (!unit_on_sqlite())
		skip();   /* SQLite's migrations rewrite stored text; PostgreSQL's steps have none to rewrite */
	sqlite3_stmt *statement = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->handle, "SELECT nfc(?1), search_fold(?1), finnish_sort_key(?1) = "
					    "finnish_sort_key('Ähtäri'), nfc(NULL) IS NULL", -1, &statement, NULL), SQLITE_OK);
	sqlite3_bind_text(statement, 1, CAPITAL_A_DIAERESIS "ht" A_DIAERESIS "ri", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(statement), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(statement, 0), "Ähtäri");
	assert_string_equal((const char *)sqlite3_column_text(statement, 1), "ahtari");
	assert_int_equal(sqlite3_column_int(statement, 2), 1);
	assert_int_equal(sqlite3_column_int(statement, 3), 1);
	sqlite3_finalize(statement);
}

static void assert_inert(const char *input, const char *expected)
{
	char out[256];
	text_make_inert(input, out, sizeof out);
	assert_string_equal(out, expected);
}

static void test_make_inert(void **state)
{
	(void)state;
	assert_inert("a\x1b[31mb", "a^[[31mb");
	assert_inert("x\ry", "x^My");
	assert_inert("x\ny\tz", "x^Jy^Iz");
	assert_inert("x\x7fy", "x^?y");
	assert_inert("x\x07y", "x^Gy");
	/* C1 controls, e.g. U+009B (8-bit CSI). */
	assert_inert("x\xc2\x9b" "2Jy", "x<U+009B>2Jy");
	/* Invalid UTF-8 becomes U+FFFD. */
	assert_inert("a\xff" "b", "a\xef\xbf\xbd" "b");
	assert_inert("a\xc3", "a\xef\xbf\xbd");
	/* Overlong forms must not smuggle ESC or '/' through. */
	char out[64];
	text_make_inert("\xc0\x9b[2J", out, sizeof out);
	assert_null(strchr(out, 0x1b));
	assert_true(text_is_valid_utf8(out));
	text_make_inert("..\xc0\xaf..", out, sizeof out);
	assert_null(strchr(out, '/'));
	assert_true(text_is_valid_utf8(out));
	/* Surrogate halves are invalid too. */
	text_make_inert("\xed\xa0\x80", out, sizeof out);
	assert_true(text_is_valid_utf8(out));
	/* Ordinary text is kept as it is. */
	assert_inert("Ähtäri", "Ähtäri");
	assert_inert("Kunnanmäki 9, 50600 Mikkeli €", "Kunnanmäki 9, 50600 Mikkeli €");
	assert_inert("", "");
}

/* A small buffer is always NUL-terminated and never ends in half a
 * character or half an escape, and nothing is written past it. */
static void test_make_inert_small_buffer(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		size_t size;
		const char *expected;
	} cases[] = {
		{ "Ähtäri", 1, "" },
		{ "Ähtäri", 2, "" },        /* "Ä" needs 2 bytes and the NUL */
		{ "Ähtäri", 3, "Ä" },
		{ "Ähtäri", 4, "Äh" },
		{ "Ähtäri", 5, "Äht" },
		{ "Ähtäri", 6, "Äht" },     /* "ä" does not fit whole */
		{ "Ähtäri", 7, "Ähtä" },
		{ "Ähtäri", 9, "Ähtäri" },
		{ "ab\x1b", 4, "ab" },      /* "^[" does not fit whole */
		{ "ab\x1b", 5, "ab^[" },
		{ "a\xff", 3, "a" },        /* U+FFFD takes 3 bytes */
		{ "a\xff", 5, "a\xef\xbf\xbd" },
		{ "€€", 6, "€" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char out[32];
		memset(out, 'Z', sizeof out);
		text_make_inert(cases[i].input, out, cases[i].size);
		if (strcmp(out, cases[i].expected) != 0)
			fail_msg("case %zu (size %zu): got \"%s\"", i, cases[i].size, out);
		for (size_t j = cases[i].size; j < sizeof out; j++)
			if (out[j] != 'Z')
				fail_msg("case %zu: byte %zu written past the buffer", i, j);
		assert_true(text_is_valid_utf8(out));
	}
	/* Size 0: nothing written at all. */
	char untouched = 'Z';
	text_make_inert("abc", &untouched, 0);
	assert_int_equal(untouched, 'Z');
}

static void test_valid_utf8(void **state)
{
	(void)state;
	static const char *const valid[] = {
		"", "plain", "Ähtäri", "\xe2\x82\xac" /* € */, "\xf0\x9f\x98\x80" /* 😀 */,
		"\xed\x9f\xbf" /* U+D7FF */, "\xee\x80\x80" /* U+E000 */, "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
		"\xc2\x80" /* U+0080 */, "\xe0\xa0\x80" /* U+0800 */, "\xf0\x90\x80\x80" /* U+10000 */,
	};
	static const char *const invalid[] = {
		"\xc0\x80", "\xc1\xbf", "\xc0\xaf",             /* overlong 2-byte forms */
		"\xe0\x80\xaf", "\xe0\x9f\xbf",                 /* overlong 3-byte forms */
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf",         /* overlong 4-byte forms */
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xed\xb0\x80", /* UTF-16 surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80",         /* above U+10FFFF */
		"\xf8\x88\x80\x80\x80", "\xfe", "\xff",        /* never valid bytes */
		"\x80", "a\xbf" "b",                            /* lone continuation bytes */
		"\xc3", "\xe2\x82", "\xf0\x9f\x98",             /* cut short at the end */
		"\xc3(", "\xe2(\xac", "\xc3\xa4\xa4",           /* bad or extra continuation */
	};
	for (size_t i = 0; i < COUNT(valid); i++)
		if (!text_is_valid_utf8(valid[i]))
			fail_msg("valid #%zu refused", i);
	for (size_t i = 0; i < COUNT(invalid); i++)
		if (text_is_valid_utf8(invalid[i]))
			fail_msg("invalid #%zu accepted", i);
}

static void test_char_count(void **state)
{
	(void)state;
	assert_int_equal(text_char_count(""), 0);
	assert_int_equal(text_char_count("abc"), 3);
	assert_int_equal(text_char_count("Ähtäri"), 6);
	assert_int_equal(text_char_count("ääääääääää"), 10);
	assert_int_equal(text_char_count("\xe2\x82\xac"), 1);
	assert_int_equal(text_char_count("\xf0\x9f\x98\x80" "a"), 2);
}

static void test_copy(void **state)
{
	(void)state;
	char out[8];
	text_copy(out, sizeof out, "abc");
	assert_string_equal(out, "abc");
	text_copy(out, 4, "aäb");   /* 4 bytes + NUL do not fit; "aä" does */
	assert_string_equal(out, "aä");
	text_copy(out, 3, "aäb");   /* "ä" would be cut: left out */
	assert_string_equal(out, "a");
	text_copy(out, 1, "abc");
	assert_string_equal(out, "");
}

/* Parses CSV back with libcsv (strict), collecting fields and rows. */
struct parsed {
	char fields[16][64];
	int field_count;
	int row_count;
};

static void on_field(void *data, size_t length, void *context)
{
	struct parsed *parsed = context;
	if (parsed->field_count < 16) {
		size_t n = length < 63 ? length : 63;
		memcpy(parsed->fields[parsed->field_count], data, n);
		parsed->fields[parsed->field_count][n] = '\0';
	}
	parsed->field_count++;
}

static void on_row(int terminator, void *context)
{
	(void)terminator;
	((struct parsed *)context)->row_count++;
}

static void parse_csv(const char *text, size_t length, struct parsed *parsed)
{
	memset(parsed, 0, sizeof *parsed);
	struct csv_parser parser;
	assert_int_equal(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&parser, text, length, on_field, on_row, parsed), length);
	assert_int_equal(csv_fini(&parser, on_field, on_row, parsed), 0);
	csv_free(&parser);
}

/* Writes one row to memory; returns the text (static). */
static const char *csv_row(const char *const *cells, int count, size_t *length)
{
	static char text[1024];
	FILE *out = fmemopen(text, sizeof text, "w");
	assert_non_null(out);
	assert_int_equal(csv_output_row(out, cells, count), 0);
	long end = ftell(out);
	fclose(out);
	assert_true(end > 0 && end < (long)sizeof text);
	text[end] = '\0';
	*length = (size_t)end;
	return text;
}

/* Cells a spreadsheet would run as formulas get a leading apostrophe. */
static void test_csv_formula_guard(void **state)
{
	(void)state;
	static const char *const cells[] = { "=1+1", "+358 40 123", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
					     "=HYPERLINK(\"http://x\",\"y\")" };
	static const char *const expected[] = { "'=1+1", "'+358 40 123", "'-2+3", "'@SUM(A1:A2)", "'\t=1",
						"'\r=1", "'=HYPERLINK(\"http://x\",\"y\")" };
	size_t length;
	const char *text = csv_row(cells, (int)COUNT(cells), &length);
	struct parsed parsed;
	parse_csv(text, length, &parsed);
	assert_int_equal(parsed.row_count, 1);
	assert_int_equal(parsed.field_count, (int)COUNT(cells));
	for (size_t i = 0; i < COUNT(cells); i++)
		assert_string_equal(parsed.fields[i], expected[i]);
	/* Exactly as written, for the first cell. */
	assert_int_equal(strncmp(text, "\"'=1+1\",", 8), 0);

	/* Harmless cells are left alone: an operator that is not first, a
	 * leading space, an empty cell, a missing (NULL) cell. */
	static const char *const plain[] = { "1+1=2", "a-b", " =x", "", NULL, "Ähtäri" };
	text = csv_row(plain, (int)COUNT(plain), &length);
	parse_csv(text, length, &parsed);
	assert_int_equal(parsed.row_count, 1);
	assert_int_equal(parsed.field_count, (int)COUNT(plain));
	assert_string_equal(parsed.fields[0], "1+1=2");
	assert_string_equal(parsed.fields[1], "a-b");
	assert_string_equal(parsed.fields[2], " =x");
	assert_string_equal(parsed.fields[3], "");
	assert_string_equal(parsed.fields[4], "");
	assert_string_equal(parsed.fields[5], "Ähtäri");
}

/* Commas, quotes and line breaks stay inside their cell. */
static void test_csv_quoting(void **state)
{
	(void)state;
	static const char *const cells[] = { "Mipro Oy, Mikkeli", "say \"hi\"", "line 1\nline 2", "a\r\nb", "plain" };
	size_t length;
	const char *text = csv_row(cells, (int)COUNT(cells), &length);
	/* Quoted, quotes doubled, rows end in CRLF (RFC 4180). */
	assert_non_null(strstr(text, "\"Mipro Oy, Mikkeli\""));
	assert_non_null(strstr(text, "\"say \"\"hi\"\"\""));
	assert_non_null(strstr(text, "\"line 1\nline 2\""));
	assert_true(length >= 2 && strcmp(text + length - 2, "\r\n") == 0);
	struct parsed parsed;
	parse_csv(text, length, &parsed);
	assert_int_equal(parsed.row_count, 1);
	assert_int_equal(parsed.field_count, (int)COUNT(cells));
	for (size_t i = 0; i < COUNT(cells); i++)
		assert_string_equal(parsed.fields[i], cells[i]);
}

static void test_csv_write_error(void **state)
{
	(void)state;
	FILE *in = fopen("/dev/null", "r"); /* not writable */
	assert_non_null(in);
	static const char *const cells[] = { "a", "=b" };
	assert_int_equal(csv_output_row(in, cells, 2), -1);
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finnish_order),
		cmocka_unit_test(test_finnish_case_insensitive),
		cmocka_unit_test_setup_teardown(test_finnish_collation_in_sql, unit_setup_db, unit_teardown_db),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_decode_utf8),
		cmocka_unit_test(test_search_fold_decomposed),
		cmocka_unit_test(test_finnish_sort_key_decomposed),
		cmocka_unit_test(test_finnish_order_cldr),
		cmocka_unit_test_setup_teardown(test_text_sql_functions, unit_setup_db, unit_teardown_db),
		cmocka_unit_test(test_make_inert),
		cmocka_unit_test(test_make_inert_small_buffer),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_char_count),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

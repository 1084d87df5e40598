/* Search and the windowed contact list.
 *
 * A page is always read in Finnish order (the contact_sort index) without
 * sorting a large hit set. Two plans, chosen by counting hits up to a cap in
 * the FTS5 prefix index: few hits are fetched whole and sorted (cheap when
 * few); many hits are found by walking the sort index and testing each row's
 * words, which stops after one page because hits are dense. The cap is where
 * the two cost the same (about 3,000 hits in a million). */
#include "contact.h"
#include "database_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact_internal.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"

#define FEW_HITS 3000

/* The cap in use: tests set it to force either plan on a small register. */
static long long few_hits = FEW_HITS;

void contact_search_set_few_hits(long long cap)
{
	few_hits = cap < 0 ? FEW_HITS : cap;
}

static const struct {
	const char *symbol;
	const char *label;
} markers[] = {
#define MARKER_ROW(name, symbol, label, condition) { symbol, label },
	CONTACT_MARKERS(MARKER_ROW)
#undef MARKER_ROW
};

int contact_marker_count(void)
{
	return (int)(sizeof markers / sizeof markers[0]);
}

char contact_marker_symbol(int index)
{
	return markers[index].symbol[0];
}

const char *contact_marker_label(int index)
{
	return _(markers[index].label);
}

#define MARKER_SQL(name, symbol, label, condition) "(CASE WHEN " condition " THEN '" symbol "' ELSE '' END) || "
#define ROW_COLUMNS \
	"c.id, c.sort_key, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), c.email, c.phone, " \
	CONTACT_MARKERS(MARKER_SQL) "''"

/* ?1 match expression or folded words, ?2 category list, ?3 sort key, ?4 id, ?5 limit,
 * ?6 whether restricted (held) records are shown: to the privacy officer
 * only, marked; reception never sees them (GDPR Art. 18). */
#define CATEGORY_CONDITION \
	" AND (?2 = '' OR EXISTS (SELECT 1 FROM contact_category cc WHERE cc.contact_id = c.id " \
	"AND instr(?2, ' ' || cc.category || ' ') > 0))"

static const char *const plans[2][2] = {
	/* few hits: fetch them through the index that found them, then sort */
	{
		"SELECT " ROW_COLUMNS " FROM (SELECT rowid AS id FROM contact_search WHERE contact_search MATCH ?1) hit "
		"CROSS JOIN contact c ON c.id = hit.id LEFT JOIN organisation o ON o.id = c.organisation_id "
		"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) > (?3, ?4)" CATEGORY_CONDITION
		" ORDER BY c.sort_key, c.id LIMIT ?5",
		"SELECT " ROW_COLUMNS " FROM (SELECT rowid AS id FROM contact_search WHERE contact_search MATCH ?1) hit "
		"CROSS JOIN contact c ON c.id = hit.id LEFT JOIN organisation o ON o.id = c.organisation_id "
		"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) < (?3, ?4)" CATEGORY_CONDITION
		" ORDER BY c.sort_key DESC, c.id DESC LIMIT ?5",
	},
	/* many hits: walk the Finnish order, test each row */
	{
		"SELECT " ROW_COLUMNS " FROM contact c INDEXED BY contact_sort "
		"LEFT JOIN organisation o ON o.id = c.organisation_id "
		"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) > (?3, ?4) AND words_match(c.search_text, ?1)"
		CATEGORY_CONDITION " ORDER BY c.sort_key, c.id LIMIT ?5",
		"SELECT " ROW_COLUMNS " FROM contact c INDEXED BY contact_sort "
		"LEFT JOIN organisation o ON o.id = c.organisation_id "
		"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) < (?3, ?4) AND words_match(c.search_text, ?1)"
		CATEGORY_CONDITION " ORDER BY c.sort_key DESC, c.id DESC LIMIT ?5",
	},
};

/* The category filter as " code code " for instr(). */
static void category_list(unsigned categories, char *out, size_t out_size)
{
	out[0] = '\0';
	if (!categories)
		return;
	size_t used = 0;
	for (int category = 0; category < CATEGORY_COUNT; category++) {
		if (!(categories & (1u << category)))
			continue;
		int written = snprintf(out + used, out_size - used, " %s", contact_category_code((enum contact_category)category));
		if (written > 0 && (size_t)written < out_size - used)
			used += (size_t)written;
	}
	if (used + 2 <= out_size)
		strcat(out, " ");
}

/* The FTS5 expression for folded words: each a quoted prefix, all required. */
static void match_expression(const char *folded, char *out, size_t out_size)
{
	size_t used = 0;
	out[0] = '\0';
	const char *word = folded;
	while (*word) {
		size_t length = strcspn(word, " ");
		int written = snprintf(out + used, out_size - used, "%s\"%.*s\"*", used ? " " : "", (int)length, word);
		if (written < 0 || (size_t)written >= out_size - used)
			break;
		used += (size_t)written;
		word += length;
		while (*word == ' ')
			word++;
	}
}

/* Hits of the words in the search index, counted up to cap + 1. */
static long long count_hits(struct database *db, const char *expression, long long cap)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM (SELECT 1 FROM contact_search WHERE contact_search MATCH ? LIMIT ?)");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, expression);
	statement_bind_int64(statement, 2, cap + 1);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* The folded words of a query; a query written as a phone number is turned
 * into the stored form of phone numbers, so "+358 40 123 4567" finds it. */
static void query_words(const char *text, char *out, size_t out_size)
{
	int digits = 0;
	bool phone_like = *text != '\0';
	for (const char *p = text; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()", *p))
			phone_like = false;
	}
	if (phone_like && digits >= 5) {
		contact_phone_key(text, out, out_size);
		return;
	}
	text_search_fold(text, out, out_size);
}

/* Restricted (held) records are the privacy officer's alone (GDPR Art. 18). */
static bool sees_restricted(const struct session *session)
{
	return permission_allows(session->role, PERMISSION_ERASE);
}

/* Restricted records whose words match (few: through their own index), for
 * taking them out of a count of the search index's hits. */
static long long count_restricted_hits(struct database *db, const char *folded)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM contact c INDEXED BY contact_restricted WHERE c.restricted_until <> '' "
		"AND c.merged_into IS NULL AND words_match(c.search_text, ?)");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, folded);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* ---- PostgreSQL: the same pages, by plans chosen as above ----
 *
 * No FTS5 there: contact_search_word holds each distinct (word, contact) of
 * the live records, and a word prefix is a range of its COLLATE "C" primary
 * key. The query's rarest word is counted there up to a cap: few hits are
 * fetched through that table, tested for every word and sorted; many are
 * found by walking contact_sort in Finnish order (an index-only scan: the
 * index carries search_text and restricted_until), testing each row's words
 * and stopping after one page. Each word is tested as its own strpos()
 * written into the statement, four times faster than words_match(). The SQL
 * is built for the query's shape (number of words, category filter, who
 * looks), so each shape is its own prepared statement with its own plan. */

#define PG_WORDS_MAX 8
#define PG_WORD_MAX 256
/* The characters of a word's start that contact_word_prefixes keys hold
 * (data/migrations/postgresql/0025). */
#define PG_KEY_CHARACTERS 4

struct pg_query {
	int words;                                /* tested one by one (up to PG_WORDS_MAX) */
	bool more;                                /* further words: words_match tests them all */
	char padded[PG_WORDS_MAX][PG_WORD_MAX + 2];   /* " word": a word start in " " || search_text */
	char low[PG_WORDS_MAX][PG_WORD_MAX], high[PG_WORDS_MAX][PG_WORD_MAX + 4];
	char key[PG_WORDS_MAX][PG_KEY_CHARACTERS * 4 + 1];   /* its first characters, a key of contact_word_prefixes */
	const char *folded;
	const char *categories;
	bool all;                                 /* restricted records shown (the privacy officer) */
};

/* Parameters in the order the SQL names them (?1, ?2, ...). */
struct pg_statement {
	char sql[8192];
	size_t used;
	int count;
	struct {
		const char *text;
		long long number;
		bool is_text;
	} parameter[PG_WORDS_MAX + 12];
};

__attribute__((format(printf, 2, 3)))
static void pg_append(struct pg_statement *s, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	int written = vsnprintf(s->sql + s->used, sizeof s->sql - s->used, format, arguments);
	va_end(arguments);
	if (written > 0)
		s->used = s->used + (size_t)written < sizeof s->sql ? s->used + (size_t)written : sizeof s->sql - 1;
}

/* The number of a new text parameter. */
static int pg_text(struct pg_statement *s, const char *text)
{
	s->parameter[s->count].text = text;
	s->parameter[s->count].is_text = true;
	return ++s->count;
}

static int pg_number(struct pg_statement *s, long long number)
{
	s->parameter[s->count].number = number;
	s->parameter[s->count].is_text = false;
	return ++s->count;
}

static struct statement *pg_prepare(struct database *db, const struct pg_statement *s)
{
	struct statement *statement = database_prepare(db, s->sql);
	if (!statement)
		return NULL;
	for (int i = 0; i < s->count; i++) {
		if (s->parameter[i].is_text)
			statement_bind_text(statement, i + 1, s->parameter[i].text);
		else
			statement_bind_int64(statement, i + 1, s->parameter[i].number);
	}
	return statement;
}

static size_t utf8_encode(uint32_t code_point, char *out)
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

/* The first string after every string that starts with word, in bytes:
 * word with its last code point the next one (UTF-8's byte order is code
 * point order, and the bound stays valid UTF-8 for PostgreSQL). */
static void prefix_end(const char *word, char *out, size_t out_size)
{
	size_t length = strlen(word), last = length;
	while (last > 0 && ((unsigned char)word[--last] & 0xC0) == 0x80)
		;
	uint32_t code_point = 0;
	if (length == 0 || text_decode_utf8(word + last, &code_point) == 0 || out_size < last + 5) {
		snprintf(out, out_size, "%s", "\xf4\x8f\xbf\xbf");
		return;
	}
	memcpy(out, word, last);
	if (code_point >= 0x10FFFF) {
		/* no next code point: the word and the last code point after it */
		size_t used = length < out_size - 5 ? length : last;
		memcpy(out, word, used);
		used += utf8_encode(0x10FFFF, out + used);
		out[used] = '\0';
		return;
	}
	code_point = code_point == 0xD7FF ? 0xE000 : code_point + 1;
	size_t used = last + utf8_encode(code_point, out + last);
	out[used] = '\0';
}

static void pg_query_words(struct pg_query *q, const char *folded, const char *categories, bool all)
{
	memset(q, 0, sizeof *q);
	q->folded = folded;
	q->categories = categories;
	q->all = all;
	for (const char *word = folded + strspn(folded, " "); *word;) {
		size_t length = strcspn(word, " ");
		if (q->words == PG_WORDS_MAX || length >= PG_WORD_MAX) {
			q->more = true;   /* a longer word is tested by words_match as well as its start here */
			length = length < PG_WORD_MAX ? length : PG_WORD_MAX - 8;
			while (length > 0 && ((unsigned char)word[length] & 0xC0) == 0x80)
				length--;
		}
		if (q->words < PG_WORDS_MAX) {
			snprintf(q->padded[q->words], sizeof q->padded[0], " %.*s", (int)length, word);
			snprintf(q->low[q->words], sizeof q->low[0], "%.*s", (int)length, word);
			prefix_end(q->low[q->words], q->high[q->words], sizeof q->high[0]);
			size_t key = 0;
			for (int characters = 0; q->low[q->words][key] && characters <= PG_KEY_CHARACTERS; key++)
				if (((unsigned char)q->low[q->words][key] & 0xC0) != 0x80 && ++characters > PG_KEY_CHARACTERS)
					break;
			if (key >= sizeof q->key[0])
				key = sizeof q->key[0] - 1;
			memcpy(q->key[q->words], q->low[q->words], key);
			q->key[q->words][key] = '\0';
			q->words++;
		}
		word += strcspn(word, " ");
		word += strspn(word, " ");
	}
}

/* Entries of a word prefix in contact_search_word, counted up to cap + 1.
 * The same statement turns off JIT compilation for the connection: a search
 * over thousands of hits is costed above jit_above_cost, and compiling it
 * takes longer (about 100 ms) than running it. And parallel plans: a
 * search over two words' ranges, costed above parallel_setup_cost, ran in
 * three processes that each hashed a whole range, several times slower than
 * one process on a busy server. */
static long long pg_word_hits(struct database *db, const struct pg_query *q, int word, long long cap)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*), min(set_config('jit', 'off', false)), min(set_config('max_parallel_workers_per_gather', '0', false)) "
		"FROM (SELECT 1 FROM contact_search_word WHERE word >= ?1 AND word < ?2 LIMIT ?3) AS hit");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, q->low[word]);
	statement_bind_text(statement, 2, q->high[word]);
	statement_bind_int64(statement, 3, cap + 1);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* The word with the fewest entries (-1 without words) and their number, up
 * to cap + 1. */
static int pg_rarest_word(struct database *db, const struct pg_query *q, long long cap, long long *hits)
{
	int rarest = -1;
	*hits = cap + 1;
	for (int i = 0; i < q->words; i++) {
		long long count = pg_word_hits(db, q, i, cap);
		if (count < 0)
			return -2;
		if (rarest < 0 || count < *hits) {
			rarest = i;
			*hits = count;
		}
	}
	return rarest;
}

/* A live record the viewer may see, after (before) the position: what the
 * Finnish-order index answers by itself. */
static void pg_live_conditions(struct pg_statement *s, const struct pg_query *q,
			       const struct contact_position *position, bool backwards)
{
	pg_append(s, "c.merged_into IS NULL");
	if (!q->all)
		pg_append(s, " AND c.restricted_until = ''");
	if (position) {
		int key = pg_text(s, position->sort_key);
		pg_append(s, " AND (c.sort_key, c.id) %s (?%d, ?%d)", backwards ? "<" : ">", key, pg_number(s, position->id));
	}
}

/* Every word (each a strpos of " word" in " " || search_text), and the
 * categories asked for. */
static void pg_word_conditions(struct pg_statement *s, const struct pg_query *q)
{
	for (int i = 0; i < q->words; i++)
		pg_append(s, " AND strpos(' ' || c.search_text, ?%d) > 0", pg_text(s, q->padded[i]));
	if (q->more)
		pg_append(s, " AND words_match(c.search_text, ?%d)", pg_text(s, q->folded));
	if (*q->categories)
		pg_append(s, " AND EXISTS (SELECT 1 FROM contact_category cc WHERE cc.contact_id = c.id "
			  "AND instr(?%d, ' ' || cc.category || ' ') > 0)", pg_text(s, q->categories));
}

/* The contacts with a word starting with each of the given words, each
 * once: one word's range, or the intersection of every word's (always
 * hashed: a join of two ranges could be planned as a nested loop that
 * reads one range once per entry of the other, when the planner takes a
 * narrow range for a single row). */
static void pg_word_hit_ids(struct pg_statement *s, const struct pg_query *q, int only)
{
	pg_append(s, "(");
	for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : q->words); i++) {
		int low = pg_text(s, q->low[i]);
		pg_append(s, "%sSELECT %scontact_id FROM contact_search_word WHERE word >= ?%d AND word < ?%d",
			  i > (only >= 0 ? only : 0) ? " INTERSECT " : "", only >= 0 || q->words == 1 ? "DISTINCT " : "",
			  low, pg_text(s, q->high[i]));
	}
	pg_append(s, ") AS hit");
}

/* Rows of the Finnish-order walk looked at before it gives up on a sparse
 * query (a few ms of index-only reading), and for a count. */
#define PG_WALK_WINDOW 30000
/* The same for several words, which contact_word_prefixes answers
 * cheaply when the walk does not (a few ms of walking). */
#define PG_WALK_WINDOW_WORDS 5000
#define PG_COUNT_WINDOW 30000

/* Each hit's own row, looked up by its id (OFFSET 0 keeps the lookup a
 * subquery of its own: the planner cannot turn it into a join that reads
 * the whole table when it misjudges how few the hits are). */
#define PG_HIT_ROW " CROSS JOIN LATERAL (SELECT c.id, c.sort_key, c.search_text, c.restricted_until, c.merged_into " \
	"FROM contact c WHERE c.id = hit.contact_id OFFSET 0) AS c WHERE "

/* Hits found through the word table (one word's or every word's), tested
 * and sorted: the cost follows the number of hits, not their place. Only
 * the page's rows are then read whole. */
static struct statement *pg_hits_plan(struct database *db, const struct pg_query *q, int only,
				      const struct contact_position *position, bool backwards, int limit)
{
	const char *order = backwards ? "c.sort_key DESC, c.id DESC" : "c.sort_key, c.id";
	struct pg_statement *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pg_append(s, "SELECT " ROW_COLUMNS " FROM (SELECT c.id FROM ");
	pg_word_hit_ids(s, q, only);
	pg_append(s, PG_HIT_ROW);
	pg_live_conditions(s, q, position, backwards);
	pg_word_conditions(s, q);
	pg_append(s, " ORDER BY %s LIMIT ?%d) AS page JOIN contact c ON c.id = page.id "
		  "LEFT JOIN organisation o ON o.id = c.organisation_id ORDER BY %s", order, pg_number(s, limit), order);
	struct statement *statement = pg_prepare(db, s);
	free(s);
	return statement;
}

/* The walk of the Finnish order (an index-only scan of contact_sort, which
 * carries search_text and restricted_until), testing each row, over at
 * most window rows (0: to the end); then the page's rows. */
static struct statement *pg_walk_plan(struct database *db, const struct pg_query *q,
				      const struct contact_position *position, bool backwards, int limit, long long window)
{
	const char *order = backwards ? "c.sort_key DESC, c.id DESC" : "c.sort_key, c.id";
	struct pg_statement *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pg_append(s, "SELECT " ROW_COLUMNS " FROM (SELECT c.id FROM ");
	if (window) {
		pg_append(s, "(SELECT c.id, c.sort_key, c.search_text FROM contact c WHERE ");
		pg_live_conditions(s, q, position, backwards);
		pg_append(s, " ORDER BY %s LIMIT ?%d) AS c WHERE true", order, pg_number(s, window));
		pg_word_conditions(s, q);
		pg_append(s, " LIMIT ?%d", pg_number(s, limit));
	} else {
		pg_append(s, "contact c WHERE ");
		pg_live_conditions(s, q, position, backwards);
		pg_word_conditions(s, q);
		pg_append(s, " ORDER BY %s LIMIT ?%d", order, pg_number(s, limit));
	}
	pg_append(s, ") AS hit JOIN contact c ON c.id = hit.id LEFT JOIN organisation o ON o.id = c.organisation_id "
		  "ORDER BY %s", order);
	struct statement *statement = pg_prepare(db, s);
	free(s);
	return statement;
}

/* Every word's start, as keys of the GIN index contact_word_prefixes:
 * the contacts with all of them are the intersection of their posting
 * lists. Only the rows of that intersection are read, to test the whole
 * words and to sort. */
static void pg_prefix_condition(struct pg_statement *s, const struct pg_query *q)
{
	pg_append(s, "word_prefixes(c.search_text) @> ARRAY[");
	for (int i = 0; i < q->words; i++)
		pg_append(s, "%sCAST(?%d AS text)", i ? ", " : "", pg_text(s, q->key[i]));
	pg_append(s, "] AND ");
}

/* Several words' hits through contact_word_prefixes, tested and sorted:
 * the cost follows the number of contacts with every word, however few
 * each word alone is, and wherever they lie in the order. (OFFSET 0: the
 * hits are found first and then sorted; the planner may not walk the
 * Finnish order instead, testing a million rows for a page.) */
static struct statement *pg_prefix_plan(struct database *db, const struct pg_query *q,
					const struct contact_position *position, bool backwards, int limit)
{
	const char *order = backwards ? "sort_key DESC, id DESC" : "sort_key, id";
	struct pg_statement *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pg_append(s, "SELECT " ROW_COLUMNS " FROM (SELECT hit.id FROM (SELECT c.id, c.sort_key FROM contact c WHERE ");
	pg_prefix_condition(s, q);
	pg_live_conditions(s, q, position, backwards);
	pg_word_conditions(s, q);
	pg_append(s, " OFFSET 0) AS hit ORDER BY %s LIMIT ?%d) AS page JOIN contact c ON c.id = page.id "
		  "LEFT JOIN organisation o ON o.id = c.organisation_id ORDER BY c.%s, c.%s", order, pg_number(s, limit),
		  backwards ? "sort_key DESC" : "sort_key", backwards ? "id DESC" : "id");
	struct statement *statement = pg_prepare(db, s);
	free(s);
	return statement;
}

static int read_page(struct database *db, struct statement *statement, struct contact_row *rows, int limit);

/* SQLite's choice, made with the word table: the rarest word's hits counted
 * up to the cap; few are fetched and sorted. Otherwise the walk, which a
 * page of hits ends soon when they are dense; when the first rows of the
 * walk hold less than a page, the hits are sparse or lie far down the
 * order (a surname's, a first name with a surname), and the intersection
 * of every word's hits in the word table is fetched and sorted instead. */
static int postgresql_page(struct database *db, const struct pg_query *q, const struct contact_position *position,
			   bool backwards, struct contact_row *rows, int limit)
{
	if (q->words > 1) {
		/* Several words: a short walk answers where the hits are dense
		 * near the start; else the words' common hits through
		 * contact_word_prefixes, however few or far down the order. */
		int count = read_page(db, pg_walk_plan(db, q, position, backwards, limit, PG_WALK_WINDOW_WORDS), rows, limit);
		if (count < 0 || count == limit)
			return count;
		return read_page(db, pg_prefix_plan(db, q, position, backwards, limit), rows, limit);
	}
	long long hits = 0;
	int rarest = pg_rarest_word(db, q, few_hits, &hits);
	if (rarest == -2)
		return -1;
	if (rarest >= 0 && hits <= few_hits)
		return read_page(db, pg_hits_plan(db, q, rarest, position, backwards, limit), rows, limit);
	if (rarest < 0 && !*q->categories)
		return read_page(db, pg_walk_plan(db, q, position, backwards, limit, 0), rows, limit);
	int count = read_page(db, pg_walk_plan(db, q, position, backwards, limit, PG_WALK_WINDOW), rows, limit);
	if (count < 0 || count == limit)
		return count;
	if (rarest < 0)   /* a category alone: walked to the end */
		return read_page(db, pg_walk_plan(db, q, position, backwards, limit, 0), rows, limit);
	return read_page(db, pg_hits_plan(db, q, -1, position, backwards, limit), rows, limit);
}

/* Counts up to cap + 1 with the statement s ends (its last parameter the limit). */
static long long pg_count(struct database *db, struct pg_statement *s, long long cap)
{
	pg_append(s, " LIMIT ?%d) AS counted", pg_number(s, cap + 1));
	struct statement *statement = pg_prepare(db, s);
	if (!statement)
		return -1;
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* Entries of a word's range read for a count of its contacts, per contact
 * counted: a contact has few words starting with the same prefix (its
 * surname, its e-mail's), so this many entries hold more than cap contacts
 * unless the range ends first. */
#define PG_ENTRIES_PER_HIT 4

/* One word's contacts counted in the word table alone, over the first
 * (cap + 1) * PG_ENTRIES_PER_HIT entries of its range: no row is read (a
 * row looked up per hit costs as much as a hundred index entries). The
 * count (up to cap + 1) when those entries hold more than cap contacts the
 * viewer sees, or are all there are; else -2 (not known this way).
 * Restricted records are left out unless the viewer sees them (their ids
 * come from the small partial index contact_restricted). Two words are not
 * counted so: a join of two ranges could be planned as a nested loop that
 * reads one range once per entry of the other, when the planner takes a
 * narrow range for a single row. */
static long long pg_count_one_word(struct database *db, const struct pg_query *q, long long cap)
{
	long long entries = cap < (1LL << 40) ? (cap + 1) * PG_ENTRIES_PER_HIT : (1LL << 42);
	struct pg_statement *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	int low = pg_text(s, q->low[0]);
	pg_append(s, "SELECT count(DISTINCT w.contact_id)%s, count(*) FROM (SELECT contact_id FROM contact_search_word "
		  "WHERE word >= ?%d AND word < ?%d LIMIT ?%d) AS w", q->all ? "" : " FILTER (WHERE r.id IS NULL)",
		  low, pg_text(s, q->high[0]), pg_number(s, entries));
	if (!q->all)
		pg_append(s, " LEFT JOIN (SELECT id FROM contact WHERE restricted_until <> '') AS r ON r.id = w.contact_id");
	struct statement *statement = pg_prepare(db, s);
	free(s);
	if (!statement)
		return -1;
	long long count = -1, read = 0;
	if (statement_step(statement) == STORAGE_ROW) {
		count = statement_column_int64(statement, 0);
		read = statement_column_int64(statement, 1);
	}
	database_finalize(statement);
	if (count < 0)
		return -1;
	if (count > cap)
		return cap + 1;
	return read < entries ? count : -2;
}

/* The same choice for a count: one word's contacts counted in the word
 * table; or the rarest word's few hits; or the rows of the walk's
 * first window, enough when they hold more than cap; or else the words'
 * hits (one word's, each contact once, or the intersection). */
static long long postgresql_count(struct database *db, const struct pg_query *q, long long cap)
{
	if (q->words > 1) {
		/* Several words: more than cap in the walk's first rows (short
		 * words, dense hits: their posting lists are long); else their
		 * common hits through contact_word_prefixes, each row read only
		 * until cap + 1 are found. */
		struct pg_statement *s = calloc(1, sizeof *s);
		if (!s)
			return -1;
		pg_append(s, "SELECT count(*) FROM (SELECT 1 FROM (SELECT c.id, c.search_text FROM contact c WHERE ");
		pg_live_conditions(s, q, NULL, false);
		pg_append(s, " ORDER BY c.sort_key, c.id LIMIT ?%d) AS c WHERE true", pg_number(s, PG_WALK_WINDOW_WORDS));
		pg_word_conditions(s, q);
		long long count = pg_count(db, s, cap);
		if (count >= 0 && count <= cap) {
			memset(s, 0, sizeof *s);
			pg_append(s, "SELECT count(*) FROM (SELECT 1 FROM contact c WHERE ");
			pg_prefix_condition(s, q);
			pg_live_conditions(s, q, NULL, false);
			pg_word_conditions(s, q);
			count = pg_count(db, s, cap);
		}
		free(s);
		return count;
	}
	long long hits = 0;
	int rarest = pg_rarest_word(db, q, few_hits, &hits);
	if (rarest == -2)
		return -1;
	long long count;
	if (rarest >= 0 && q->words == 1 && !q->more && !*q->categories) {
		count = pg_count_one_word(db, q, cap);
		if (count != -2)
			return count;
	}
	struct pg_statement *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	if (rarest < 0 || hits > few_hits) {
		pg_append(s, "SELECT count(*) FROM (SELECT 1 FROM ");
		if (rarest >= 0) {
			pg_append(s, "(SELECT c.id, c.search_text FROM contact c WHERE ");
			pg_live_conditions(s, q, NULL, false);
			pg_append(s, " ORDER BY c.sort_key, c.id LIMIT ?%d) AS c WHERE true", pg_number(s, PG_COUNT_WINDOW));
		} else {
			pg_append(s, "contact c WHERE ");
			pg_live_conditions(s, q, NULL, false);
		}
		pg_word_conditions(s, q);
		count = pg_count(db, s, cap);
		if (count < 0 || count > cap || rarest < 0) {
			free(s);
			return count;
		}
		memset(s, 0, sizeof *s);
	}
	pg_append(s, "SELECT count(*) FROM (SELECT 1 FROM ");
	pg_word_hit_ids(s, q, rarest);
	pg_append(s, PG_HIT_ROW);
	pg_live_conditions(s, q, NULL, false);
	pg_word_conditions(s, q);
	count = pg_count(db, s, cap);
	free(s);
	return count;
}

/* Reads a page's rows from a statement ready to step, and gives it back. */
static int read_page(struct database *db, struct statement *statement, struct contact_row *rows, int limit)
{
	if (!statement)
		return -1;
	int count = 0, rc = STORAGE_DONE;
	while (count < limit && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct contact_row *row = &rows[count++];
		row->id = statement_column_int64(statement, 0);
		row->position.id = row->id;
		text_copy(row->position.sort_key, sizeof row->position.sort_key, database_text(statement, 1));
		text_copy(row->name, sizeof row->name, database_text(statement, 2));
		text_copy(row->organisation, sizeof row->organisation, database_text(statement, 3));
		text_copy(row->email, sizeof row->email, database_text(statement, 4));
		text_copy(row->phone, sizeof row->phone, database_text(statement, 5));
		text_copy(row->markers, sizeof row->markers, database_text(statement, 6));
	}
	if (count < limit && rc != STORAGE_DONE) {
		database_fail(db, "search");
		count = -1;
	}
	database_finalize(statement);
	return count;
}


int contact_search_page(struct session *session, const struct contact_query *query,
			const struct contact_position *position, bool backwards, struct contact_row *rows,
			int limit)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK) {
		snprintf(session->db->error, sizeof session->db->error, "%s", status_message(STATUS_ERR_FORBIDDEN));
		return -1;
	}
	struct database *db = session->db;
	char folded[1024], expression[2048], categories[128];
	query_words(query->text, folded, sizeof folded);
	match_expression(folded, expression, sizeof expression);
	category_list(query->categories, categories, sizeof categories);
	struct statement *statement;
	if (database_engine(db) == ENGINE_POSTGRESQL) {
		struct pg_query words;
		pg_query_words(&words, folded, categories, sees_restricted(session));
		return postgresql_page(db, &words, position, backwards, rows, limit);
	}
	bool few = *folded && count_hits(db, expression, few_hits) <= few_hits;
	statement = database_prepare(db, plans[few ? 0 : 1][backwards ? 1 : 0]);
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, few ? expression : folded);
	statement_bind_text(statement, 2, categories);
	if (position) {
		statement_bind_text(statement, 3, position->sort_key);
		statement_bind_int64(statement, 4, position->id);
	} else {
		/* Before every key, or after every key (U+10FFFF, the last code
		 * point, is above every key's bytes and valid UTF-8 for PostgreSQL). */
		statement_bind_text(statement, 3, backwards ? "\xf4\x8f\xbf\xbf" : "");
		statement_bind_int64(statement, 4, backwards ? 0 : -1);
	}
	statement_bind_int(statement, 5, limit);
	statement_bind_int(statement, 6, sees_restricted(session));
	return read_page(db, statement, rows, limit);
}

long long contact_search_count(struct session *session, const struct contact_query *query, long long cap)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct database *db = session->db;
	char folded[1024], expression[2048], categories[128];
	query_words(query->text, folded, sizeof folded);
	match_expression(folded, expression, sizeof expression);
	category_list(query->categories, categories, sizeof categories);
	struct statement *statement;
	bool all = sees_restricted(session);
	if (database_engine(db) == ENGINE_POSTGRESQL) {
		struct pg_query words;
		pg_query_words(&words, folded, categories, all);
		return postgresql_count(db, &words, cap);
	}
	if (*folded && !query->categories) {
		if (all)
			return count_hits(db, expression, cap);
		/* The index holds restricted records too: counted past them, so
		 * that "over cap" is said only of records this viewer sees. */
		long long restricted = count_restricted_hits(db, folded);
		if (restricted < 0)
			return -1;
		long long hits = count_hits(db, expression, cap + restricted);
		if (hits < 0)
			return -1;
		return hits - restricted > cap ? cap + 1 : hits - restricted;
	}
	if (*folded)
		statement = database_prepare(db,
			"SELECT count(*) FROM (SELECT 1 FROM (SELECT rowid AS id FROM contact_search WHERE contact_search MATCH ?1) hit "
			"CROSS JOIN contact c ON c.id = hit.id WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?4 <> 0)"
			CATEGORY_CONDITION " LIMIT ?3)");
	else
		statement = database_prepare(db,
			"SELECT count(*) FROM (SELECT 1 FROM contact c WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?4 <> 0) "
			"AND ?1 = ?1" CATEGORY_CONDITION " LIMIT ?3)");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, expression);
	statement_bind_text(statement, 2, categories);
	statement_bind_int64(statement, 3, cap + 1);
	statement_bind_int(statement, 4, all);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

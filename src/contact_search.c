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

#include <stdio.h>
#include <string.h>

#include "contact_internal.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"

#define FEW_HITS 3000

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

/* PostgreSQL: the same page in the same order, found by walking the sort
 * index and testing each row's words (words_match is SQL there). */
static const char *const postgresql_plans[2] = {
	"SELECT " ROW_COLUMNS " FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
	"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) > (?3, ?4) "
	"AND (?1 = '' OR words_match(c.search_text, ?1))" CATEGORY_CONDITION " ORDER BY c.sort_key, c.id LIMIT ?5",
	"SELECT " ROW_COLUMNS " FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
	"WHERE c.merged_into IS NULL AND (c.restricted_until = '' OR ?6 <> 0) AND (c.sort_key, c.id) < (?3, ?4) "
	"AND (?1 = '' OR words_match(c.search_text, ?1))" CATEGORY_CONDITION " ORDER BY c.sort_key DESC, c.id DESC LIMIT ?5",
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
	bool postgresql = database_engine(db) == ENGINE_POSTGRESQL;
	bool few = !postgresql && *folded && count_hits(db, expression, FEW_HITS) <= FEW_HITS;

	struct statement *statement = database_prepare(db, postgresql ? postgresql_plans[backwards ? 1 : 0]
								: plans[few ? 0 : 1][backwards ? 1 : 0]);
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
		statement = database_prepare(db,
			"SELECT count(*) FROM (SELECT 1 FROM contact c WHERE c.merged_into IS NULL "
			"AND (c.restricted_until = '' OR ?4 <> 0) AND (?1 = '' OR words_match(c.search_text, ?1))"
			CATEGORY_CONDITION " LIMIT ?3) hit");
		if (!statement)
			return -1;
		statement_bind_text(statement, 1, folded);
		statement_bind_text(statement, 2, categories);
		statement_bind_int64(statement, 3, cap + 1);
		statement_bind_int(statement, 4, all);
		long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
		database_finalize(statement);
		return count;
	}
	if (*folded && !query->categories) {
		long long hits = count_hits(db, expression, cap);
		if (all || hits < 0 || hits > cap)
			return hits;
		long long restricted = count_restricted_hits(db, folded);
		return restricted < 0 ? -1 : hits - restricted;
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

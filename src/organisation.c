/* Organisations: model, validation, storage, search. */
#include "organisation.h"
#include "database_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact_internal.h"
#include "field_rules.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

static const struct {
	const char *column;
	const char *label;
	size_t max_chars;
	enum field_rule rule;
} fields[] = {
#define ORGANISATION_FIELD_ROW(name, column, label, max_chars, rule) \
	[ORGANISATION_##name] = { column, label, max_chars, rule },
	ORGANISATION_FIELDS(ORGANISATION_FIELD_ROW)
#undef ORGANISATION_FIELD_ROW
};

void organisation_init(struct organisation *organisation)
{
	memset(organisation, 0, sizeof *organisation);
	for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++)
		organisation->value[field] = strdup("");
	organisation_set(organisation, ORGANISATION_COUNTRY, "FI");
}

void organisation_free(struct organisation *organisation)
{
	for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++) {
		free(organisation->value[field]);
		organisation->value[field] = NULL;
	}
}

bool organisation_set(struct organisation *organisation, enum organisation_field field, const char *value)
{
	return field_value_set(&organisation->value[field], value);
}

const char *organisation_field_column(enum organisation_field field)
{
	return fields[field].column;
}

const char *organisation_field_label(enum organisation_field field)
{
	return _(fields[field].label);
}

size_t organisation_field_max_chars(enum organisation_field field)
{
	return fields[field].max_chars;
}

bool organisation_validate_field(struct database *db, struct organisation *organisation,
				 enum organisation_field field, char *reason, size_t reason_size)
{
	reason[0] = '\0';
	const char *country = organisation->value[ORGANISATION_COUNTRY];
	if (!field_rule_check(db, fields[field].rule, fields[field].max_chars, &organisation->value[field], country,
			      reason, reason_size))
		return false;
	/* A Finnish business ID is checked with its check digit; foreign IDs are free text. */
	if (field == ORGANISATION_BUSINESS_ID && *organisation->value[field] && strcmp(country, "FI") == 0) {
		char canonical[32];
		validate_business_id_canonical(organisation->value[field], canonical, sizeof canonical);
		if (strcmp(canonical, organisation->value[field]) != 0 &&
		    !field_value_set(&organisation->value[field], canonical))
			return false;
		return validate_business_id(organisation->value[field], reason, reason_size);
	}
	return true;
}

bool organisation_validate(struct database *db, struct organisation *organisation,
			   enum organisation_field *bad_field, char *reason, size_t reason_size)
{
	for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++) {
		if (!organisation_validate_field(db, organisation, (enum organisation_field)field, reason, reason_size)) {
			*bad_field = (enum organisation_field)field;
			return false;
		}
	}
	return true;
}

static enum status load_checked(struct database *db, long long id, struct organisation *out);

enum status organisation_load(struct session *session, long long id, struct organisation *out)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	return load_checked(session->db, id, out);
}

static enum status load_checked(struct database *db, long long id, struct organisation *out)
{
	struct statement *statement = database_prepare(db,
		"SELECT id, version, group_company, name, business_id, country, street, postal_code, city "
		"FROM organisation WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW) {
		out->id = statement_column_int64(statement, 0);
		out->version = statement_column_int64(statement, 1);
		out->group_company = statement_column_int(statement, 2) != 0;
		for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++)
			organisation_set(out, (enum organisation_field)field, database_text(statement, 3 + field));
	}
	database_finalize(statement);
	return rc == STORAGE_ROW ? STATUS_OK : rc == STORAGE_DONE ? STATUS_ERR_NOT_FOUND : database_fail(db, "organisation");
}

static enum status step_done(struct database *db, struct statement *statement, const char *what)
{
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc == STORAGE_CONSTRAINT_UNIQUE) {
		snprintf(db->error, sizeof db->error, "%s", _("an organisation with this business ID is already registered"));
		return STATUS_ERR_EXISTS;
	}
	return rc == STORAGE_DONE ? STATUS_OK : database_fail(db, what);
}

/* A renamed organisation changes the search words of its contacts. */
static enum status refresh_contact_words(struct database *db, long long organisation_id)
{
	struct statement *statement = database_prepare(db,
		"SELECT c.id, c.search_text, c.first_name, c.last_name, c.email, c.phone_key, o.name "
		"FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE c.organisation_id = ? "
		"AND c.merged_into IS NULL AND c.restricted_until = ''");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, organisation_id);
	enum status status = STATUS_OK;
	while (status == STATUS_OK && statement_step(statement) == STORAGE_ROW) {
		char words[3072], folded[2048];
		snprintf(words, sizeof words, "%s %s %s %s %s", database_text(statement, 2), database_text(statement, 3),
			 database_text(statement, 6), database_text(statement, 4), database_text(statement, 5));
		text_search_fold(words, folded, sizeof folded);
		long long id = statement_column_int64(statement, 0);
		const char *old_text = database_text(statement, 1);
		bool own_index = !database_indexes_words_itself(db);
		struct statement *change = NULL;
		if (own_index) {
			change = database_prepare(db,
				"INSERT INTO contact_search (contact_search, rowid, search_text) VALUES ('delete', ?1, ?2)");
			if (!change) {
				status = STATUS_ERR_DATABASE;
				break;
			}
			statement_bind_int64(change, 1, id);
			statement_bind_text(change, 2, old_text);
			status = step_done(db, change, "search index");
			if (status != STATUS_OK)
				break;
		}
		change = database_prepare(db, "UPDATE contact SET search_text = ?2 WHERE id = ?1");
		if (!change) {
			status = STATUS_ERR_DATABASE;
			break;
		}
		statement_bind_int64(change, 1, id);
		statement_bind_text(change, 2, folded);
		status = step_done(db, change, "contact");
		if (status != STATUS_OK || !own_index)
			continue;
		change = database_prepare(db, "INSERT INTO contact_search (rowid, search_text) VALUES (?1, ?2)");
		if (!change) {
			status = STATUS_ERR_DATABASE;
			break;
		}
		statement_bind_int64(change, 1, id);
		statement_bind_text(change, 2, folded);
		status = step_done(db, change, "search index");
	}
	database_finalize(statement);
	return status;
}

enum status organisation_save(struct session *session, struct organisation *organisation)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	return organisation_save_checked(session, organisation);
}

enum status organisation_save_checked(struct session *session, struct organisation *organisation)
{
	enum status status;
	struct database *db = session->db;
	enum organisation_field bad_field;
	char reason[256];
	if (!organisation_validate(db, organisation, &bad_field, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s: %s", organisation_field_label(bad_field), reason);
		return STATUS_ERR_INVALID;
	}
	char sort_key[1024], search_text[1024], now[32], changed[512] = "";
	text_finnish_sort_key(organisation->value[ORGANISATION_NAME], sort_key, sizeof sort_key);
	text_search_fold(organisation->value[ORGANISATION_NAME], search_text, sizeof search_text);
	field_now(now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	bool is_new = organisation->id == 0;
	struct organisation stored;
	organisation_init(&stored);
	char old_search_text[1024] = "";
	if (!is_new) {
		status = load_checked(db, organisation->id, &stored);
		if (status == STATUS_OK && stored.version != organisation->version)
			status = STATUS_ERR_CONFLICT;
		for (int field = 0; status == STATUS_OK && field < ORGANISATION_FIELD_COUNT; field++)
			if (strcmp(stored.value[field], organisation->value[field]) != 0)
				snprintf(changed + strlen(changed), sizeof changed - strlen(changed), "%s%s",
					 *changed ? "," : "", fields[field].column);
		if (stored.group_company != organisation->group_company)
			snprintf(changed + strlen(changed), sizeof changed - strlen(changed), "%sgroup_company", *changed ? "," : "");
		text_search_fold(stored.value[ORGANISATION_NAME], old_search_text, sizeof old_search_text);
	} else {
		for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++)
			if (*organisation->value[field])
				snprintf(changed + strlen(changed), sizeof changed - strlen(changed), "%s%s",
					 *changed ? "," : "", fields[field].column);
	}
	struct statement *statement = NULL;
	if (status == STATUS_OK) {
		statement = database_prepare(db, is_new
			? "INSERT INTO organisation (name, business_id, country, street, postal_code, city, group_company, "
			  "sort_key, search_text, created_at, created_by, changed_at, changed_by) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11)"
			: "UPDATE organisation SET name = ?1, business_id = ?2, country = ?3, street = ?4, postal_code = ?5, "
			  "city = ?6, group_company = ?7, sort_key = ?8, search_text = ?9, changed_at = ?10, changed_by = ?11, "
			  "version = version + 1 WHERE id = ?12 AND version = ?13");
		if (!statement)
			status = STATUS_ERR_DATABASE;
	}
	if (status == STATUS_OK) {
		for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++)
			statement_bind_text(statement, field + 1, organisation->value[field]);
		statement_bind_int(statement, 7, organisation->group_company);
		statement_bind_text(statement, 8, sort_key);
		statement_bind_text(statement, 9, search_text);
		statement_bind_text(statement, 10, now);
		statement_bind_int64(statement, 11, session->account_id);
		if (!is_new) {
			statement_bind_int64(statement, 12, organisation->id);
			statement_bind_int64(statement, 13, organisation->version);
		}
		status = step_done(db, statement, "organisation");
	}
	if (status == STATUS_OK && is_new)
		organisation->id = database_last_insert_id(db);
	bool new_words = !db->bulk_load && (is_new || strcmp(old_search_text, search_text) != 0);
	if (status == STATUS_OK && new_words && !database_indexes_words_itself(db)) {
		if (!is_new) {
			statement = database_prepare(db, "INSERT INTO organisation_search (organisation_search, rowid, search_text) VALUES ('delete', ?, ?)");
			if (!statement)
				status = STATUS_ERR_DATABASE;
			else {
				statement_bind_int64(statement, 1, organisation->id);
				statement_bind_text(statement, 2, old_search_text);
				status = step_done(db, statement, "search index");
			}
		}
		if (status == STATUS_OK) {
			statement = database_prepare(db, "INSERT INTO organisation_search (rowid, search_text) VALUES (?, ?)");
			if (!statement)
				status = STATUS_ERR_DATABASE;
			else {
				statement_bind_int64(statement, 1, organisation->id);
				statement_bind_text(statement, 2, search_text);
				status = step_done(db, statement, "search index");
			}
		}
	}
	/* The contacts' words change with the name on both engines (PostgreSQL's
	 * triggers then refresh their word rows). */
	if (status == STATUS_OK && new_words && !is_new)
		status = refresh_contact_words(db, organisation->id);
	if (status == STATUS_OK && (is_new || *changed))
		status = audit_append(db, session->account_id, is_new ? "organisation.add" : "organisation.edit",
				      "organisation", organisation->id, changed);
	organisation_free(&stored);
	if (status != STATUS_OK) {
		database_rollback(db);
		if (is_new)
			organisation->id = 0;
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		organisation->version = is_new ? 1 : organisation->version + 1;
	return status;
}

/* The FTS5 expression for the words of text: each a quoted prefix, all required. */
static void match_expression(const char *text, char *expression, size_t expression_size)
{
	char folded[512];
	text_search_fold(text, folded, sizeof folded);
	size_t used = 0;
	expression[0] = '\0';
	for (const char *word = folded; *word;) {
		size_t length = strcspn(word, " ");
		int written = snprintf(expression + used, expression_size - used, "%s\"%.*s\"*", used ? " " : "",
				       (int)length, word);
		if (written < 0 || (size_t)written >= expression_size - used)
			break;
		used += (size_t)written;
		word += length;
		while (*word == ' ')
			word++;
	}
}

/* The organisation search, per engine: SQLite's FTS5 index takes the whole
 * expression (?1); PostgreSQL's word table (kept by triggers) gives the
 * organisations with a word in the prefix range [?1, ?2) of the longest
 * query word, and words_match tests all the words (?3). An empty query
 * lists all. Each is a count [0] and a page [1], whose limit and offset are
 * the next two parameters. */
#define ORGANISATION_ROW \
	"SELECT o.id, o.name, o.business_id, o.city, o.group_company, " \
	"(SELECT count(*) FROM contact c WHERE c.organisation_id = o.id AND c.merged_into IS NULL AND c.restricted_until = '') "
static const char *const sqlite_search[2] = {
	"SELECT count(*) FROM organisation_search WHERE organisation_search MATCH ?1",
	ORGANISATION_ROW "FROM (SELECT rowid AS id FROM organisation_search WHERE organisation_search MATCH ?1) hit "
	"CROSS JOIN organisation o ON o.id = hit.id ORDER BY o.sort_key, o.id LIMIT ?2 OFFSET ?3",
};
#define POSTGRESQL_HITS \
	"FROM organisation o WHERE o.id IN (SELECT w.organisation_id FROM organisation_search_word w " \
	"WHERE w.word >= ?1 AND w.word < ?2) AND words_match(o.search_text, ?3) "
static const char *const postgresql_search[2] = {
	"SELECT count(*) " POSTGRESQL_HITS,
	ORGANISATION_ROW POSTGRESQL_HITS "ORDER BY o.sort_key, o.id LIMIT ?4 OFFSET ?5",
};
static const char *const all_organisations[2] = {
	"SELECT count(*) FROM organisation",
	ORGANISATION_ROW "FROM organisation o ORDER BY o.sort_key, o.id LIMIT ?1 OFFSET ?2",
};
#undef POSTGRESQL_HITS
#undef ORGANISATION_ROW

/* Prepares the count (page false) or the page of the search for text. */
static struct statement *prepare_search(struct database *db, const char *text, bool page, int limit, int offset)
{
	bool postgresql = database_engine(db) == ENGINE_POSTGRESQL;
	char expression[1024], folded[512], longest[512] = "", after[520];
	match_expression(text, expression, sizeof expression);
	text_search_fold(text, folded, sizeof folded);
	for (const char *word = folded; *word;) {
		size_t length = strcspn(word, " ");
		if (length > strlen(longest))
			snprintf(longest, sizeof longest, "%.*s", (int)length, word);
		word += length;
		while (*word == ' ')
			word++;
	}
	/* Every word that starts with longest sorts below longest + U+10FFFF
	 * (the last code point: above every key's bytes, and valid UTF-8). */
	snprintf(after, sizeof after, "%s\xf4\x8f\xbf\xbf", longest);
	const char *const *sql = !*expression ? all_organisations : postgresql ? postgresql_search : sqlite_search;
	struct statement *statement = database_prepare(db, sql[page ? 1 : 0]);
	if (!statement)
		return NULL;
	int next = 1;
	if (*expression && postgresql) {
		statement_bind_text(statement, next++, longest);
		statement_bind_text(statement, next++, after);
		statement_bind_text(statement, next++, folded);
	} else if (*expression) {
		statement_bind_text(statement, next++, expression);
	}
	if (page) {
		statement_bind_int(statement, next++, limit);
		statement_bind_int(statement, next, offset);
	}
	return statement;
}

long long organisation_search_count(struct session *session, const char *text)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = prepare_search(session->db, text, false, 0, 0);
	if (!statement)
		return -1;
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

int organisation_search(struct session *session, const char *text, int offset, struct organisation_row *rows,
			int limit)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = prepare_search(session->db, text, true, limit, offset);
	if (!statement)
		return -1;
	int count = 0;
	while (count < limit && statement_step(statement) == STORAGE_ROW) {
		struct organisation_row *row = &rows[count++];
		row->id = statement_column_int64(statement, 0);
		text_copy(row->name, sizeof row->name, database_text(statement, 1));
		text_copy(row->business_id, sizeof row->business_id, database_text(statement, 2));
		text_copy(row->city, sizeof row->city, database_text(statement, 3));
		row->group_company = statement_column_int(statement, 4) != 0;
		row->contact_count = statement_column_int64(statement, 5);
	}
	database_finalize(statement);
	return count;
}

int organisation_contacts(struct session *session, long long organisation_id, int offset,
			  struct contact_row *rows, int limit)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT c.id, c.sort_key, c.last_name || ', ' || c.first_name, c.email, c.phone FROM contact c "
		/* A restricted (held) record is used for nothing, as in the count (GDPR Art. 18). */
		"WHERE c.organisation_id = ? AND c.merged_into IS NULL AND c.restricted_until = '' "
		"ORDER BY c.sort_key, c.id LIMIT ? OFFSET ?");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, organisation_id);
	statement_bind_int(statement, 2, limit);
	statement_bind_int(statement, 3, offset);
	int count = 0;
	while (count < limit && statement_step(statement) == STORAGE_ROW) {
		struct contact_row *row = &rows[count++];
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		row->position.id = row->id;
		text_copy(row->position.sort_key, sizeof row->position.sort_key, database_text(statement, 1));
		text_copy(row->name, sizeof row->name, database_text(statement, 2));
		text_copy(row->email, sizeof row->email, database_text(statement, 3));
		text_copy(row->phone, sizeof row->phone, database_text(statement, 4));
	}
	database_finalize(statement);
	return count;
}

enum status organisation_resolve(struct session *session, const char *text, long long *id)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	char folded[1024];
	text_search_fold(text, folded, sizeof folded);
	struct statement *statement = database_prepare(session->db,
		"SELECT id FROM organisation WHERE CAST(id AS TEXT) = ?1 OR business_id = ?1 "
		"UNION SELECT id FROM organisation WHERE search_text = ?2 LIMIT 2");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, text);
	statement_bind_text(statement, 2, folded);
	int found = 0;
	while (statement_step(statement) == STORAGE_ROW) {
		*id = statement_column_int64(statement, 0);
		found++;
	}
	database_finalize(statement);
	if (found == 1)
		return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error,
		 found ? _("several organisations are called '%s': give the id or business ID") : _("no organisation '%s'"), text);
	return found ? STATUS_ERR_INVALID : STATUS_ERR_NOT_FOUND;
}

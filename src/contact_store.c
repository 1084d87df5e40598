/* Contacts in the database: load, save with the lost-update check,
 * duplicates, merge, maintenance references. Every change is audited with
 * field names only (notice §5.2, §6.4). */
#include "contact.h"
#include "database_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "consent.h"
#include "contact_internal.h"
#include "field_rules.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

/* Tables whose contact_id a merge moves to the survivor, each with the column
 * that is unique together with contact_id ("" if none); later features add
 * their own line. contact_category is merged as a union separately. */
#define CONTACT_LINKS(_) \
	_("maintenance_reference", "contact_id", "") \
	_("consent_event", "contact_id", "") \
	_("sale_email", "contact_id", "") \
	_("disclosure_contact", "contact_id", "disclosure_id") \
	_("registration", "contact_id", "session_id") \
	_("certificate", "contact_id", "") \
	_("event_registration", "contact_id", "event_id")

#define SELECT_CONTACT \
	"SELECT c.id, c.version, coalesce(c.organisation_id, 0), coalesce(o.name, ''), c.created_at, " \
	"c.changed_at, coalesce(cb.username, ''), coalesce(chb.username, ''), c.merged_into, " \
	"c.first_name, c.last_name, c.title, c.email, c.phone, c.street, c.postal_code, c.city, c.country, " \
	"c.language, c.source, c.source_detail, c.interest_channel, c.interest_date, c.relationship_start, " \
	"c.relationship_end, c.last_reviewed, c.notes, c.restricted_until " \
	"FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id " \
	"LEFT JOIN account cb ON cb.id = c.created_by LEFT JOIN account chb ON chb.id = c.changed_by " \
	"WHERE c.id = ?"
#define SELECT_FIRST_VALUE 9

/* The derived columns: sort key, search words and duplicate keys. */
struct derived_keys {
	char sort_key[1024];
	char search_text[2048];
	char email_key[1024];
	char phone_key[64];
	char name_key[1024];
};

void contact_phone_key(const char *phone, char *out, size_t out_size)
{
	char digits[64];
	size_t used = 0;
	for (const char *p = phone; *p && used + 1 < sizeof digits; p++)
		if (*p >= '0' && *p <= '9')
			digits[used++] = *p;
	digits[used] = '\0';
	const char *national = digits;
	if (strncmp(digits, "00358", 5) == 0)
		national = digits + 5;
	else if (phone[0] == '+' && strncmp(digits, "358", 3) == 0)
		national = digits + 3;
	if (national != digits)
		snprintf(out, out_size, "0%s", national);
	else
		text_copy(out, out_size, digits);
}

/* The duplicate keys alone: e-mail, phone and name, as derive_keys makes them. */
static void derive_duplicate_keys(const struct contact *contact, struct derived_keys *keys)
{
	char words[3072];
	contact_phone_key(contact->value[CONTACT_PHONE], keys->phone_key, sizeof keys->phone_key);
	text_search_fold(contact->value[CONTACT_EMAIL], keys->email_key, sizeof keys->email_key);
	snprintf(words, sizeof words, "%s %s", contact->value[CONTACT_FIRST_NAME], contact->value[CONTACT_LAST_NAME]);
	text_search_fold(words, keys->name_key, sizeof keys->name_key);
}

static void derive_keys(const struct contact *contact, const char *organisation_name, struct derived_keys *keys)
{
	char last[512], first[512], words[3072];
	text_finnish_sort_key(contact->value[CONTACT_LAST_NAME], last, sizeof last);
	text_finnish_sort_key(contact->value[CONTACT_FIRST_NAME], first, sizeof first);
	/* \x01 sorts before every letter: "Aho, Ville" before "Ahola, Anna". */
	snprintf(keys->sort_key, sizeof keys->sort_key, "%s\x01%s", last, first);
	contact_phone_key(contact->value[CONTACT_PHONE], keys->phone_key, sizeof keys->phone_key);
	snprintf(words, sizeof words, "%s %s %s %s %s", contact->value[CONTACT_FIRST_NAME],
		 contact->value[CONTACT_LAST_NAME], organisation_name ? organisation_name : "",
		 contact->value[CONTACT_EMAIL], keys->phone_key);
	text_search_fold(words, keys->search_text, sizeof keys->search_text);
	/* Folded, so that Åsa.Öberg@x.fi and asa.oberg@x.fi are the same person. */
	text_search_fold(contact->value[CONTACT_EMAIL], keys->email_key, sizeof keys->email_key);
	snprintf(words, sizeof words, "%s %s", contact->value[CONTACT_FIRST_NAME], contact->value[CONTACT_LAST_NAME]);
	text_search_fold(words, keys->name_key, sizeof keys->name_key);
}

/* Reads one row without permission check or audit. Follows merges. */
static enum status read_contact(struct database *db, long long id, struct contact *out)
{
	for (int hops = 0; hops < 32; hops++) {
		struct statement *statement = database_prepare(db, SELECT_CONTACT);
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, id);
		int rc = statement_step(statement);
		if (rc != STORAGE_ROW) {
			database_finalize(statement);
			return rc == STORAGE_DONE ? STATUS_ERR_NOT_FOUND : database_fail(db, "contact");
		}
		if (statement_column_type(statement, 8) != STORAGE_NULL) {
			id = statement_column_int64(statement, 8);
			database_finalize(statement);
			continue;
		}
		out->id = statement_column_int64(statement, 0);
		out->version = statement_column_int64(statement, 1);
		out->organisation_id = statement_column_int64(statement, 2);
		text_copy(out->organisation_name, sizeof out->organisation_name, database_text(statement, 3));
		text_copy(out->created_at, sizeof out->created_at, database_text(statement, 4));
		text_copy(out->changed_at, sizeof out->changed_at, database_text(statement, 5));
		text_copy(out->created_by, sizeof out->created_by, database_text(statement, 6));
		text_copy(out->changed_by, sizeof out->changed_by, database_text(statement, 7));
		for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
			contact_set(out, (enum contact_field)field, database_text(statement, SELECT_FIRST_VALUE + field));
		text_copy(out->restricted_until, sizeof out->restricted_until,
			  database_text(statement, SELECT_FIRST_VALUE + CONTACT_FIELD_COUNT));
		database_finalize(statement);

		out->categories = 0;
		statement = database_prepare(db, "SELECT category FROM contact_category WHERE contact_id = ?");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, out->id);
		while (statement_step(statement) == STORAGE_ROW) {
			enum contact_category category;
			if (contact_category_parse(database_text(statement, 0), &category))
				out->categories |= 1u << category;
		}
		database_finalize(statement);
		return STATUS_OK;
	}
	return STATUS_ERR_NOT_FOUND;
}

enum status contact_require_writable(struct database *db, long long contact_id)
{
	struct statement *statement = database_prepare(db, "SELECT merged_into IS NULL, restricted_until FROM contact WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	enum status status = STATUS_OK;
	if (statement_step(statement) != STORAGE_ROW || !statement_column_int(statement, 0)) {
		snprintf(db->error, sizeof db->error, _("no contact #%lld"), contact_id);
		status = STATUS_ERR_NOT_FOUND;
	} else if (*database_text(statement, 1)) {
		snprintf(db->error, sizeof db->error, _("the record is restricted under a legal hold until %s: nothing new is attached to it"),
			 database_text(statement, 1));
		status = STATUS_ERR_FORBIDDEN;
	}
	database_finalize(statement);
	return status;
}

enum status contact_load(struct session *session, long long id, bool audit_view, struct contact *out)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	status = read_contact(session->db, id, out);
	/* Held data are restricted: shown to the privacy officer only (GDPR Art. 18). */
	if (status == STATUS_OK && *out->restricted_until)
		status = permission_require(session, PERMISSION_ERASE);
	if (status == STATUS_OK && audit_view)
		status = audit_append(session->db, session->account_id, "contact.view", "contact", out->id, "");
	return status;
}

int contact_find_duplicates(struct session *session, const struct contact *contact,
			    struct contact_duplicate *found, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	return contact_find_duplicates_checked(session, contact, found, max);
}

int contact_find_duplicates_checked(struct session *session, const struct contact *contact,
				    struct contact_duplicate *found, int max)
{
	struct derived_keys keys;
	derive_keys(contact, NULL, &keys);
	/* Each branch names its index's condition (email_key <> ''; name and
	 * organisation are one index, 0013), so that SQLite looks up three
	 * indexes instead of scanning the register for every check (a CSV
	 * import checks every row). The same organisation is "= ?4", or "IS
	 * NULL" for none ("?4 = 0" names the parameter for PostgreSQL): an
	 * index lookup on both engines, unlike SQLite's "IS ?4". A restricted
	 * (held) record is used for nothing: never a duplicate (GDPR Art. 18). */
#define FIND_DUPLICATES(same_organisation) \
		"SELECT c.id, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), " \
		"CASE WHEN ?1 <> '' AND c.email_key = ?1 THEN 1 WHEN ?2 <> '' AND c.phone_key = ?2 THEN 2 ELSE 3 END, " \
		"c.name_key <> ?3, c.first_name || ' ' || c.last_name " \
		"FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id " \
		"WHERE c.merged_into IS NULL AND c.restricted_until = '' AND c.id <> ?5 AND (" \
		"(c.email_key = ?1 AND c.email_key <> '') OR (c.phone_key = ?2 AND c.phone_key <> '') OR " \
		"(c.name_key = ?3 AND " same_organisation ")) ORDER BY c.name_key <> ?3, c.sort_key LIMIT ?6"
	struct statement *statement = database_prepare(session->db, contact->organisation_id
		? FIND_DUPLICATES("c.organisation_id = ?4")
		: FIND_DUPLICATES("c.organisation_id IS NULL AND ?4 = 0"));
#undef FIND_DUPLICATES
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, keys.email_key);
	statement_bind_text(statement, 2, keys.phone_key);
	statement_bind_text(statement, 3, keys.name_key);
	statement_bind_int64(statement, 4, contact->organisation_id);
	statement_bind_int64(statement, 5, contact->id);
	statement_bind_int(statement, 6, max);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct contact_duplicate *duplicate = &found[count++];
		duplicate->id = statement_column_int64(statement, 0);
		text_copy(duplicate->name, sizeof duplicate->name, database_text(statement, 1));
		text_copy(duplicate->organisation, sizeof duplicate->organisation, database_text(statement, 2));
		int why = statement_column_int(statement, 3);
		duplicate->match = why;
		duplicate->other_name = statement_column_int(statement, 4) != 0;
		if (duplicate->other_name) {
			/* Named, so that the user sees why it is probably someone else. */
			char name[402];
			text_make_inert(database_text(statement, 5), name, sizeof name);
			snprintf(duplicate->reason, sizeof duplicate->reason,
				 why == 1 ? _("same e-mail as %s #%lld, another name") : _("same phone as %s #%lld, another name"),
				 name, duplicate->id);
		} else {
			text_copy(duplicate->reason, sizeof duplicate->reason,
				  why == 1 ? _("same e-mail") : why == 2 ? _("same phone") :
				  contact->organisation_id ? _("same name at the same organisation") : _("same name, no organisation"));
		}
	}
	database_finalize(statement);
	return count;
}

bool contact_duplicates_all_other_names(const struct contact_duplicate *found, int count)
{
	for (int i = 0; i < count; i++)
		if (!found[i].other_name)
			return false;
	return count > 0;
}

int contact_store_duplicate_probe(struct session *session, const struct contact *contact, long long *ids, int max)
{
	bool same_name[16];
	if (max > 16)
		max = 16;
	return contact_store_duplicate_probe_names(session, contact, ids, same_name, max);
}

int contact_store_duplicate_probe_names(struct session *session, const struct contact *contact, long long *ids,
					bool *same_name, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct derived_keys keys;
	derive_duplicate_keys(contact, &keys);
	/* The three rules of contact_find_duplicates_checked, one index each:
	 * a row that matches nothing costs three index seeks and no record
	 * read (cheaper than SQLite's OR over three indexes). An organisation
	 * not in the register yet (id -1) has nobody by name. The name key is
	 * read from the record that merged_into is read from anyway; the same
	 * name first, so that a shared switchboard's many others do not hide
	 * the person behind the limit. A restricted (held) record never
	 * matches (GDPR Art. 18). "+merged_into IS NULL" keeps the planners
	 * off the partial indexes on merged_into IS NULL: PostgreSQL, planning
	 * an import's lookups while the register is small or its statistics
	 * stale, would walk one of them whole for every row. */
	const struct {
		const char *sql;
		const char *key;
	} rules[] = {
		{ "SELECT id, name_key = ?4 FROM contact WHERE email_key = ?1 AND email_key <> '' "
		  "AND +merged_into IS NULL AND restricted_until = '' AND id <> ?2 ORDER BY name_key = ?4 DESC LIMIT ?3", keys.email_key },
		{ "SELECT id, name_key = ?4 FROM contact WHERE phone_key = ?1 AND phone_key <> '' "
		  "AND +merged_into IS NULL AND restricted_until = '' AND id <> ?2 ORDER BY name_key = ?4 DESC LIMIT ?3", keys.phone_key },
		/* "= ?4" or "IS NULL": an index lookup on both engines (not
		 * "IS ?4"); "?4 = 0" names the parameter for PostgreSQL. */
		{ contact->organisation_id
		  ? "SELECT id, 1 FROM contact WHERE name_key = ?1 AND organisation_id = ?4 "
		    "AND +merged_into IS NULL AND restricted_until = '' AND id <> ?2 LIMIT ?3"
		  : "SELECT id, 1 FROM contact WHERE name_key = ?1 AND organisation_id IS NULL AND ?4 = 0 "
		    "AND +merged_into IS NULL AND restricted_until = '' AND id <> ?2 LIMIT ?3",
		  contact->organisation_id >= 0 ? keys.name_key : "" },
	};
	int count = 0;
	for (size_t r = 0; r < sizeof rules / sizeof rules[0] && count < max; r++) {
		if (!*rules[r].key)
			continue;
		struct statement *statement = database_prepare(session->db, rules[r].sql);
		if (!statement)
			return -1;
		statement_bind_text(statement, 1, rules[r].key);
		statement_bind_int64(statement, 2, contact->id);
		/* max rows: the count found already may come again, and the
		 * max - count still wanted fit beside them. */
		statement_bind_int(statement, 3, max);
		if (r == 2)
			statement_bind_int64(statement, 4, contact->organisation_id);
		else
			statement_bind_text(statement, 4, keys.name_key);
		int rc = STORAGE_DONE;
		while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
			long long id = statement_column_int64(statement, 0);
			bool seen = false;
			for (int i = 0; i < count; i++)
				seen = seen || ids[i] == id;
			if (!seen) {
				same_name[count] = statement_column_int(statement, 1) != 0;
				ids[count++] = id;
			}
		}
		database_finalize(statement);
		if (rc != STORAGE_ROW && rc != STORAGE_DONE)
			return -1;
	}
	return count;
}

enum status contact_store_flag_possible_duplicate(struct database *db, long long account_id, long long contact_id,
						  long long other_id, const char *match)
{
	char today[11];
	calendar_today(today);
	enum status status = database_run(db, "INSERT OR IGNORE INTO possible_duplicate (contact_id, other_id, match, flagged_on, "
				  "flagged_by) VALUES (?, ?, ?, ?, ?)", "iitti", contact_id, other_id, match, today, account_id);
	if (status == STATUS_OK)
		status = audit_append(db, account_id, "contact.possible-duplicate", "contact", contact_id, "possible_duplicate");
	return status;
}

int contact_possible_duplicates(struct session *session, long long contact_id, struct contact_duplicate *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	/* Both ways: each of the pair shows the other. */
	struct statement *statement = database_prepare(session->db,
		"SELECT c.id, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), p.match FROM possible_duplicate p "
		"JOIN contact c ON c.id = CASE WHEN p.contact_id = ?1 THEN p.other_id ELSE p.contact_id END "
		"LEFT JOIN organisation o ON o.id = c.organisation_id "
		"WHERE (p.contact_id = ?1 OR p.other_id = ?1) AND c.merged_into IS NULL ORDER BY c.sort_key, c.id LIMIT ?2");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	statement_bind_int(statement, 2, max);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct contact_duplicate *duplicate = &out[count++];
		memset(duplicate, 0, sizeof *duplicate);
		duplicate->id = statement_column_int64(statement, 0);
		text_copy(duplicate->name, sizeof duplicate->name, database_text(statement, 1));
		text_copy(duplicate->organisation, sizeof duplicate->organisation, database_text(statement, 2));
		const char *match = database_text(statement, 3);
		duplicate->match = strcmp(match, "e-mail") == 0 ? DUPLICATE_EMAIL : strcmp(match, "phone") == 0 ? DUPLICATE_PHONE
			: DUPLICATE_NAME;
		text_copy(duplicate->reason, sizeof duplicate->reason,
			  duplicate->match == DUPLICATE_EMAIL ? _("same e-mail") : duplicate->match == DUPLICATE_PHONE
			  ? _("same phone") : _("same name"));
	}
	database_finalize(statement);
	return count;
}

enum status contact_dismiss_possible_duplicates(struct session *session, long long contact_id)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "DELETE FROM possible_duplicate WHERE contact_id = ?1 OR other_id = ?1", "i", contact_id);
	if (status == STATUS_OK && database_changes(db) == 0)
		status = database_refuse(db, _("the record is not flagged as a possible duplicate"));
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "contact.duplicate-dismissed", "contact", contact_id,
				      "possible_duplicate");
	return database_finish(db, status);
}

/* Appends name to a comma-separated list (cut short, like snprintf, when full). */
static void list_add(char *list, size_t list_size, const char *name)
{
	size_t used = strlen(list);
	if (used + 1 >= list_size)
		return;
	if (used)
		list[used++] = ',';
	size_t length = strlen(name);
	if (length > list_size - used - 1)
		length = list_size - used - 1;
	memcpy(list + used, name, length);
	list[used + length] = '\0';
}

static void differing_fields(const struct contact *a, const struct contact *b, char *out, size_t out_size)
{
	out[0] = '\0';
	if (a->organisation_id != b->organisation_id)
		list_add(out, out_size, "organisation_id");
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		if (strcmp(a->value[field], b->value[field]) != 0)
			list_add(out, out_size, contact_field_column((enum contact_field)field));
	if (a->categories != b->categories)
		list_add(out, out_size, "categories");
}

static enum status organisation_name_of(struct database *db, long long id, char *out, size_t out_size)
{
	out[0] = '\0';
	if (!id)
		return STATUS_OK;
	struct statement *statement = database_prepare(db, "SELECT name FROM organisation WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		text_copy(out, out_size, database_text(statement, 0));
	database_finalize(statement);
	return rc == STORAGE_ROW ? STATUS_OK : STATUS_ERR_NOT_FOUND;
}

/* Keeps the search index in step with one row (unless a bulk load rebuilds it). */
static enum status update_search_index(struct database *db, long long id, const char *old_text, const char *new_text)
{
	if (db->bulk_load || database_indexes_words_itself(db))
		return STATUS_OK;
	struct statement *statement;
	if (old_text) {
		statement = database_prepare(db, "INSERT INTO contact_search (contact_search, rowid, search_text) VALUES ('delete', ?, ?)");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, id);
		statement_bind_text(statement, 2, old_text);
		int rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "search index");
	}
	if (new_text) {
		statement = database_prepare(db, "INSERT INTO contact_search (rowid, search_text) VALUES (?, ?)");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, id);
		statement_bind_text(statement, 2, new_text);
		int rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "search index");
	}
	return STATUS_OK;
}

/* Writes the categories of a contact; replace removes the old ones first (a
 * new contact has none: skipping the DELETE saves a bulk import a lookup per row). */
static enum status write_categories(struct database *db, long long id, unsigned categories, bool replace)
{
	struct statement *statement;
	int rc;
	if (replace) {
		statement = database_prepare(db, "DELETE FROM contact_category WHERE contact_id = ?");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, id);
		rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "categories");
	}
	for (int category = 0; category < CATEGORY_COUNT; category++) {
		if (!(categories & (1u << category)))
			continue;
		statement = database_prepare(db, "INSERT INTO contact_category (contact_id, category) VALUES (?, ?)");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, id);
		statement_bind_text(statement, 2, contact_category_code((enum contact_category)category));
		rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "categories");
	}
	return STATUS_OK;
}

/* Binds the value fields from index first, then the derived keys. */
static int bind_values(struct statement *statement, int first, const struct contact *contact,
		       const struct derived_keys *keys)
{
	int index = first;
	if (contact->organisation_id)
		statement_bind_int64(statement, index++, contact->organisation_id);
	else
		statement_bind_null(statement, index++);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		statement_bind_text(statement, index++, contact->value[field]);
	statement_bind_text(statement, index++, keys->sort_key);
	statement_bind_text(statement, index++, keys->search_text);
	statement_bind_text(statement, index++, keys->email_key);
	statement_bind_text(statement, index++, keys->phone_key);
	statement_bind_text(statement, index++, keys->name_key);
	return index;
}

#define VALUE_COLUMNS "organisation_id, first_name, last_name, title, email, phone, street, postal_code, city, " \
	"country, language, source, source_detail, interest_channel, interest_date, relationship_start, " \
	"relationship_end, last_reviewed, notes, sort_key, search_text, email_key, phone_key, name_key"
#define VALUE_PLACEHOLDERS "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define VALUE_ASSIGNMENTS "organisation_id = ?, first_name = ?, last_name = ?, title = ?, email = ?, phone = ?, " \
	"street = ?, postal_code = ?, city = ?, country = ?, language = ?, source = ?, source_detail = ?, " \
	"interest_channel = ?, interest_date = ?, relationship_start = ?, relationship_end = ?, " \
	"last_reviewed = ?, notes = ?, sort_key = ?, search_text = ?, email_key = ?, phone_key = ?, name_key = ?"

/* How save_contact is asked to save. */
enum save_flags {
	SAVE_VALIDATED = 1,          /* the caller validated the contact just now */
	SAVE_CATEGORIES_LATER = 2,   /* the caller writes a new contact's categories itself, for many at once */
};

static enum status insert_contact(struct session *session, struct contact *contact, const struct derived_keys *keys,
				  unsigned flags)
{
	struct database *db = session->db;
	char now[32];
	field_now(now, sizeof now);
	struct statement *statement = database_prepare(db,
		"INSERT INTO contact (" VALUE_COLUMNS ", created_at, created_by, changed_at, changed_by) "
		"VALUES (" VALUE_PLACEHOLDERS ", ?, ?, ?, ?)");
	if (!statement)
		return STATUS_ERR_DATABASE;
	int index = bind_values(statement, 1, contact, keys);
	statement_bind_text(statement, index++, now);
	statement_bind_int64(statement, index++, session->account_id);
	statement_bind_text(statement, index++, now);
	statement_bind_int64(statement, index++, session->account_id);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE)
		return database_fail(db, "contact");
	contact->id = database_last_insert_id(db);
	contact->version = 1;
	enum status status = flags & SAVE_CATEGORIES_LATER ? STATUS_OK
		: write_categories(db, contact->id, contact->categories, false);
	if (status == STATUS_OK)
		status = update_search_index(db, contact->id, NULL, keys->search_text);
	if (status != STATUS_OK)
		return status;
	char fields[1024] = "";
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		if (*contact->value[field])
			list_add(fields, sizeof fields, contact_field_column((enum contact_field)field));
	if (contact->organisation_id)
		list_add(fields, sizeof fields, "organisation_id");
	if (contact->categories)
		list_add(fields, sizeof fields, "categories");
	return audit_append(db, session->account_id, "contact.add", "contact", contact->id, fields);
}

static enum status update_contact(struct session *session, struct contact *contact, const struct derived_keys *keys,
				  struct contact_conflict *conflict, long long request_id)
{
	struct database *db = session->db;
	struct contact stored;
	contact_init(&stored);
	enum status status = read_contact(db, contact->id, &stored);
	if (status == STATUS_OK && stored.id != contact->id)
		status = STATUS_ERR_NOT_FOUND;   /* merged away meanwhile */
	if (status != STATUS_OK) {
		contact_free(&stored);
		return status;
	}
	if (*stored.restricted_until) {
		contact_free(&stored);
		snprintf(db->error, sizeof db->error, _("the record is restricted under a legal hold until %s: it cannot be changed"),
			 stored.restricted_until);
		return STATUS_ERR_FORBIDDEN;
	}
	if (stored.version != contact->version) {
		if (conflict) {
			differing_fields(&stored, contact, conflict->changed_fields, sizeof conflict->changed_fields);
			conflict->current = stored;   /* ownership moves to the caller */
		} else {
			contact_free(&stored);
		}
		return STATUS_ERR_CONFLICT;
	}
	char changed[1024];
	differing_fields(&stored, contact, changed, sizeof changed);
	struct statement *statement = database_prepare(db, "SELECT search_text FROM contact WHERE id = ?");
	char old_search_text[2048] = "";
	if (statement) {
		statement_bind_int64(statement, 1, contact->id);
		if (statement_step(statement) == STORAGE_ROW)
			text_copy(old_search_text, sizeof old_search_text, database_text(statement, 0));
		database_finalize(statement);
	}
	contact_free(&stored);
	if (!*changed)
		return STATUS_OK;   /* nothing to save: no version bump, no audit */

	char now[32];
	field_now(now, sizeof now);
	statement = database_prepare(db, "UPDATE contact SET " VALUE_ASSIGNMENTS ", version = version + 1, "
				     "changed_at = ?, changed_by = ? WHERE id = ? AND version = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	int index = bind_values(statement, 1, contact, keys);
	statement_bind_text(statement, index++, now);
	statement_bind_int64(statement, index++, session->account_id);
	statement_bind_int64(statement, index++, contact->id);
	statement_bind_int64(statement, index++, contact->version);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE)
		return database_fail(db, "contact");
	if (database_changes(db) != 1)
		return STATUS_ERR_CONFLICT;
	status = write_categories(db, contact->id, contact->categories, true);
	if (status == STATUS_OK && strcmp(old_search_text, keys->search_text) != 0)
		status = update_search_index(db, contact->id, old_search_text, keys->search_text);
	/* A rectification names its request in the contact's entry, and the
	 * request's entry names the contact (GDPR Art. 16). */
	if (status == STATUS_OK && request_id) {
		char with_request[sizeof changed + 64];
		snprintf(with_request, sizeof with_request, "%s;request=%lld", changed, request_id);
		status = audit_append(db, session->account_id, "contact.edit", "contact", contact->id, with_request);
		snprintf(with_request, sizeof with_request, "contact=%lld;%s", contact->id, changed);
		if (status == STATUS_OK)
			status = audit_append(db, session->account_id, "request.rectify", "request", request_id, with_request);
	} else if (status == STATUS_OK) {
		status = audit_append(db, session->account_id, "contact.edit", "contact", contact->id, changed);
	}
	if (status == STATUS_OK)
		contact->version++;
	return status;
}

static enum status save_contact(struct session *session, struct contact *contact, bool duplicate_confirmed,
				struct contact_conflict *conflict, unsigned flags, long long request_id);

enum status contact_save(struct session *session, struct contact *contact, bool duplicate_confirmed,
			 struct contact_conflict *conflict)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	return contact_store_save_checked(session, contact, duplicate_confirmed, conflict);
}

enum status contact_save_for_request(struct session *session, struct contact *contact, long long request_id,
				     bool duplicate_confirmed, struct contact_conflict *conflict)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	return save_contact(session, contact, duplicate_confirmed, conflict, 0, request_id);
}

static enum status save_contact(struct session *session, struct contact *contact, bool duplicate_confirmed,
				struct contact_conflict *conflict, unsigned flags, long long request_id)
{
	enum status status;
	struct database *db = session->db;
	enum contact_field bad_field;
	char reason[256];
	if (!(flags & SAVE_VALIDATED) && !contact_validate(db, contact, &bad_field, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s: %s", contact_field_label(bad_field), reason);
		return STATUS_ERR_INVALID;
	}
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	char organisation_name[801];
	if (flags & SAVE_VALIDATED)
		text_copy(organisation_name, sizeof organisation_name, contact->organisation_id ? contact->organisation_name : "");
	else
		status = organisation_name_of(db, contact->organisation_id, organisation_name, sizeof organisation_name);
	if (status == STATUS_ERR_NOT_FOUND)
		snprintf(db->error, sizeof db->error, "%s", _("the organisation does not exist"));
	struct derived_keys keys;
	bool is_new = contact->id == 0;
	if (status == STATUS_OK) {
		derive_keys(contact, organisation_name, &keys);
		status = contact->id ? update_contact(session, contact, &keys, conflict, request_id)
				     : insert_contact(session, contact, &keys, flags);
	}
	if (status == STATUS_OK && duplicate_confirmed)
		status = audit_append(db, session->account_id, "contact.duplicate-confirmed", "contact", contact->id, "");
	if (status != STATUS_OK) {
		database_rollback(db);
		if (is_new)
			contact->id = contact->version = 0;   /* nothing was saved */
		return status;
	}
	return database_commit(db);
}

enum status contact_store_save_checked(struct session *session, struct contact *contact, bool duplicate_confirmed,
				       struct contact_conflict *conflict)
{
	return save_contact(session, contact, duplicate_confirmed, conflict, 0, 0);
}

enum status contact_store_add_validated(struct session *session, struct contact *contact, bool categories_later)
{
	if (contact->id != 0)
		return contact_save(session, contact, false, NULL);
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	return save_contact(session, contact, false, NULL, SAVE_VALIDATED | (categories_later ? SAVE_CATEGORIES_LATER : 0), 0);
}

enum status contact_store_add_categories(struct database *db, long long first_id, unsigned categories)
{
	/* One pass per category instead of one INSERT per contact and category
	 * (a bulk import); a contact that has the category already keeps it. */
	for (int category = 0; category < CATEGORY_COUNT; category++) {
		if (!(categories & (1u << category)))
			continue;
		struct statement *statement = database_prepare(db,
			"INSERT OR IGNORE INTO contact_category (contact_id, category) SELECT id, ?2 FROM contact WHERE id >= ?1");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, first_id);
		statement_bind_text(statement, 2, contact_category_code((enum contact_category)category));
		int rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "categories");
	}
	return STATUS_OK;
}

enum status contact_end_relationship(struct session *session, long long id, const char *date)
{
	struct contact contact;
	contact_init(&contact);
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status == STATUS_OK)
		status = read_contact(session->db, id, &contact);
	if (status == STATUS_OK && contact_set(&contact, CONTACT_RELATIONSHIP_END, date))
		status = contact_save(session, &contact, false, NULL);
	contact_free(&contact);
	return status;
}

/* Runs sql with ?1 = first and ?2 = second. PostgreSQL must see every
 * parameter: a statement about ?2 alone says "AND ?1 <> 0" (ids are
 * positive). */
static enum status run(struct database *db, const char *sql, long long first, long long second)
{
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, first);
	statement_bind_int64(statement, 2, second);
	int rc = statement_step(statement);
	database_finalize(statement);
	return rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "merge");
}

/* Moves other_id's rows of table to survivor_id. A row the survivor
 * already has (the same key: disclosure, session or event) stays once and
 * the other's copy is deleted: checked first rather than SQLite's UPDATE OR
 * IGNORE, which PostgreSQL lacks. */
static enum status move_link(struct database *db, const char *table, const char *column, const char *key,
			     long long survivor_id, long long other_id)
{
	char sql[512];
	if (*key)
		snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE %s = ?2 AND NOT EXISTS "
			 "(SELECT 1 FROM %s k WHERE k.%s = ?1 AND k.%s = %s.%s)",
			 table, column, column, table, column, key, table, key);
	else
		snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE %s = ?2", table, column, column);
	enum status status = run(db, sql, survivor_id, other_id);
	if (status == STATUS_OK) {
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?2 AND ?1 <> 0", table, column);
		status = run(db, sql, survivor_id, other_id);
	}
	return status;
}

enum status contact_merge(struct session *session, long long survivor_id, long long other_id,
			  struct contact *merged_values)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	if (survivor_id == other_id)
		return STATUS_ERR_INVALID;
	struct database *db = session->db;
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct contact other;
	contact_init(&other);
	status = read_contact(db, other_id, &other);
	if (status == STATUS_OK && other.id != other_id)
		status = STATUS_ERR_NOT_FOUND;   /* already merged */
	if (status == STATUS_OK) {
		merged_values->id = survivor_id;
		merged_values->categories |= other.categories;
		status = contact_save(session, merged_values, false, NULL);
	}
	/* Both registered to one session or event: the survivor keeps one
	 * registration, with the better attendance and the card, if any. */
	static const char *const same_session[] = {
		"UPDATE registration SET attendance = (SELECT o.attendance FROM registration o WHERE o.contact_id = ?2 "
		"AND o.session_id = registration.session_id) WHERE contact_id = ?1 AND attendance IN ('', 'absent') AND EXISTS "
		"(SELECT 1 FROM registration o WHERE o.contact_id = ?2 AND o.session_id = registration.session_id "
		"AND o.attendance IN ('present', 'partly'))",
		"UPDATE certificate SET registration_id = (SELECT s.id FROM registration s JOIN registration o ON o.session_id = s.session_id "
		"WHERE s.contact_id = ?1 AND o.id = certificate.registration_id) WHERE contact_id = ?2 AND EXISTS "
		"(SELECT 1 FROM registration s JOIN registration o ON o.session_id = s.session_id WHERE s.contact_id = ?1 "
		"AND o.id = certificate.registration_id AND NOT EXISTS (SELECT 1 FROM certificate k WHERE k.registration_id = s.id))",
		"DELETE FROM certificate WHERE contact_id = ?2 AND registration_id IN (SELECT o.id FROM registration o "
		"JOIN registration s ON s.session_id = o.session_id WHERE o.contact_id = ?2 AND s.contact_id = ?1)",
		"DELETE FROM registration WHERE contact_id = ?2 AND session_id IN (SELECT session_id FROM registration WHERE contact_id = ?1)",
		"UPDATE event_registration SET attendance = 'present' WHERE contact_id = ?1 AND attendance <> 'present' AND EXISTS "
		"(SELECT 1 FROM event_registration o WHERE o.contact_id = ?2 AND o.event_id = event_registration.event_id "
		"AND o.attendance = 'present')",
	};
	for (size_t i = 0; status == STATUS_OK && i < sizeof same_session / sizeof same_session[0]; i++)
		status = run(db, same_session[i], survivor_id, other_id);
	/* Every link moves to the survivor; its categories already hold the union. */
	if (status == STATUS_OK)
		status = run(db, "DELETE FROM contact_category WHERE contact_id = ?2 AND ?1 <> 0", survivor_id, other_id);
#define MOVE_LINK(table, column, key) \
	if (status == STATUS_OK) \
		status = move_link(db, table, column, key, survivor_id, other_id);
	CONTACT_LINKS(MOVE_LINK)
#undef MOVE_LINK
	/* Merged: the pair's flag is settled; flags with third records move
	 * to the survivor. */
	static const char *const flags[] = {
		"DELETE FROM possible_duplicate WHERE (contact_id = ?1 AND other_id = ?2) OR (contact_id = ?2 AND other_id = ?1)",
		"UPDATE possible_duplicate SET contact_id = ?1 WHERE contact_id = ?2 AND NOT EXISTS "
		"(SELECT 1 FROM possible_duplicate k WHERE k.contact_id = ?1 AND k.other_id = possible_duplicate.other_id)",
		"UPDATE possible_duplicate SET other_id = ?1 WHERE other_id = ?2 AND NOT EXISTS "
		"(SELECT 1 FROM possible_duplicate k WHERE k.other_id = ?1 AND k.contact_id = possible_duplicate.contact_id)",
		"DELETE FROM possible_duplicate WHERE (contact_id = ?2 OR other_id = ?2) AND ?1 <> 0",
	};
	for (size_t i = 0; status == STATUS_OK && i < sizeof flags / sizeof flags[0]; i++)
		status = run(db, flags[i], survivor_id, other_id);
	if (status == STATUS_OK) {
		char old_search_text[2048] = "";
		struct statement *statement = database_prepare(db, "SELECT search_text FROM contact WHERE id = ?");
		if (statement) {
			statement_bind_int64(statement, 1, other_id);
			if (statement_step(statement) == STORAGE_ROW)
				text_copy(old_search_text, sizeof old_search_text, database_text(statement, 0));
			database_finalize(statement);
		}
		status = run(db, "UPDATE contact SET merged_into = ?1, version = version + 1 WHERE id = ?2", survivor_id, other_id);
		if (status == STATUS_OK)
			status = update_search_index(db, other_id, old_search_text, NULL);
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "contact.merge", "contact", survivor_id, "merged_from");
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "contact.merged-into", "contact", other_id, "merged_into");
	contact_free(&other);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

enum status contact_add_reference(struct session *session, long long contact_id,
				  const struct maintenance_reference *reference)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status == STATUS_OK)
		status = contact_require_writable(session->db, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char reason[160], date[16];
	if (!reference_kind_code(reference->kind) ||
	    !validate_text(reference->reference, 200, true, false, reason, sizeof reason) ||
	    !validate_date(reference->date, date, sizeof date, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s", reference_kind_code(reference->kind) ? reason : _("unknown kind"));
		return STATUS_ERR_INVALID;
	}
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db,
		"INSERT INTO maintenance_reference (contact_id, kind, reference, date) VALUES (?, ?, ?, ?)");
	int rc = STORAGE_ERROR;
	if (statement) {
		statement_bind_int64(statement, 1, contact_id);
		statement_bind_text(statement, 2, reference_kind_code(reference->kind));
		statement_bind_text(statement, 3, reference->reference);
		statement_bind_text(statement, 4, date);
		rc = statement_step(statement);
		database_finalize(statement);
	}
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "reference");
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "contact.reference-add", "contact", contact_id,
				      "maintenance_reference");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

enum status contact_remove_reference(struct session *session, long long contact_id, long long reference_id)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	status = run(db, "DELETE FROM maintenance_reference WHERE contact_id = ?1 AND id = ?2", contact_id, reference_id);
	if (status == STATUS_OK && database_changes(db) != 1)
		status = STATUS_ERR_NOT_FOUND;
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "contact.reference-remove", "contact", contact_id,
				      "maintenance_reference");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

int contact_references(struct session *session, long long contact_id, struct maintenance_reference *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT id, kind, reference, date FROM maintenance_reference WHERE contact_id = ? ORDER BY date, id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct maintenance_reference *reference = &out[count++];
		reference->id = statement_column_int64(statement, 0);
		reference->kind = 0;
		for (int kind = 0; reference_kind_code(kind); kind++)
			if (strcmp(reference_kind_code(kind), database_text(statement, 1)) == 0)
				reference->kind = kind;
		text_copy(reference->reference, sizeof reference->reference, database_text(statement, 2));
		text_copy(reference->date, sizeof reference->date, database_text(statement, 3));
	}
	database_finalize(statement);
	return count;
}

void contact_store_set_bulk(struct database *db, bool bulk)
{
	db->bulk_load = bulk;
	/* A bulk load gets a 64 MB page cache; the screens keep the small
	 * default. PostgreSQL's cache is the server's. */
	if (database_engine(db) == ENGINE_SQLITE)
		database_exec(db, bulk ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000");
}

enum status contact_store_rebuild_search(struct database *db)
{
	/* The rebuild indexes every row; merged records are taken out again. A
	 * restricted record stays, with only its kept words: the privacy
	 * officer finds it, reception's searches leave it out. */
	if (database_indexes_words_itself(db))
		return STATUS_OK;
	if (database_exec(db, "INSERT INTO contact_search (contact_search) VALUES ('rebuild')") != STORAGE_OK ||
	    database_exec(db, "INSERT INTO contact_search (contact_search, rowid, search_text) SELECT 'delete', id, "
			 "search_text FROM contact WHERE merged_into IS NOT NULL") != STORAGE_OK ||
	    database_exec(db, "INSERT INTO organisation_search (organisation_search) VALUES ('rebuild')") != STORAGE_OK)
		return database_fail(db, "rebuild search index");
	return STATUS_OK;
}

/* ---- Every maintenance reference, streamed, for the access report ---- */

enum status contact_references_each(struct session *session, long long contact_id,
				    enum status (*visit)(const struct maintenance_reference *reference, void *context),
				    void *context)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT id, kind, reference, date FROM maintenance_reference WHERE contact_id = ? ORDER BY date, id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct maintenance_reference reference = { .id = statement_column_int64(statement, 0) };
		for (int kind = 0; reference_kind_code(kind); kind++)
			if (strcmp(reference_kind_code(kind), database_text(statement, 1)) == 0)
				reference.kind = kind;
		text_copy(reference.reference, sizeof reference.reference, database_text(statement, 2));
		text_copy(reference.date, sizeof reference.date, database_text(statement, 3));
		status = visit(&reference, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "maintenance references");
	database_finalize(statement);
	return status;
}

enum status contact_store_index_restricted(struct database *db, long long id)
{
	struct contact kept;
	contact_init(&kept);
	enum status status = read_contact(db, id, &kept);
	struct derived_keys keys;
	if (status == STATUS_OK) {
		derive_keys(&kept, kept.organisation_name, &keys);
		status = database_run(db, "UPDATE contact SET sort_key = ?, search_text = ?, email_key = ?, phone_key = ?, "
				      "name_key = ? WHERE id = ?", "ttttti", keys.sort_key, keys.search_text, keys.email_key,
				      keys.phone_key, keys.name_key, id);
	}
	if (status == STATUS_OK && !database_indexes_words_itself(db))
		status = database_run(db, "INSERT INTO contact_search (rowid, search_text) VALUES (?, ?)", "it", id,
				      keys.search_text);
	contact_free(&kept);
	return status;
}

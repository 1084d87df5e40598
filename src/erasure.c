/* Legal holds and erasure (notice §4.2, §6.4; GDPR Art. 17, 18). */
#include "request.h"
#include "database_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact_internal.h"
#include "erasure.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"
#include "erasure_internal.h"

static const struct {
	const char *code;
	const char *label;
} laws[] = {
#define LAW_ROW(name, code, label) [HOLD_##name] = { code, label },
	HOLD_LAWS(LAW_ROW)
#undef LAW_ROW
};

const char *hold_law_label(enum hold_law law) { return _(laws[law].label); }

static const struct {
	const char *code;
	const char *label;
} hold_fields[] = {
#define FIELD_ROW(name, code, label) [HOLD_FIELD_##name] = { code, label },
	HOLD_FIELDS(FIELD_ROW)
#undef FIELD_ROW
};

const char *hold_field_code(enum hold_field field) { return hold_fields[field].code; }
const char *hold_field_label(enum hold_field field) { return _(hold_fields[field].label); }

bool hold_fields_parse(const char *codes, unsigned *out, char *bad, size_t bad_size)
{
	*out = 0;
	const char *code = codes;
	while (*code) {
		size_t length = strcspn(code, ", ");
		if (length) {
			int field = 0;
			while (field < HOLD_FIELD_COUNT && !(strlen(hold_fields[field].code) == length &&
							      strncmp(code, hold_fields[field].code, length) == 0))
				field++;
			if (field == HOLD_FIELD_COUNT) {
				if (bad)
					snprintf(bad, bad_size, "%.*s", (int)(length > 64 ? 64 : length), code);
				return false;
			}
			*out |= 1u << field;
		}
		code += length;
		while (*code == ',' || *code == ' ')
			code++;
	}
	return true;
}

static void fields_joined(unsigned fields, bool labels, char *out, size_t out_size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int field = 0; field < HOLD_FIELD_COUNT; field++) {
		if (!(fields & (1u << field)))
			continue;
		int written = snprintf(out + used, out_size - used, "%s%s", used ? (labels ? ", " : ",") : "",
				       labels ? hold_field_label((enum hold_field)field) : hold_fields[field].code);
		if (written < 0 || (size_t)written >= out_size - used)
			break;
		used += (size_t)written;
	}
}

void hold_fields_codes(unsigned fields, char *out, size_t out_size) { fields_joined(fields, false, out, out_size); }
void hold_fields_labels(unsigned fields, char *out, size_t out_size) { fields_joined(fields, true, out, out_size); }

bool hold_law_parse(const char *code, enum hold_law *out)
{
	for (int law = 0; law < HOLD_LAW_COUNT; law++) {
		if (strcmp(code, laws[law].code) == 0) {
			*out = (enum hold_law)law;
			return true;
		}
	}
	return false;
}

void hold_until(enum hold_law law, const char *financial_year_end, char out[11])
{
	int year, month, day;
	out[0] = '\0';
	if (sscanf(financial_year_end, "%d-%d-%d", &year, &month, &day) != 3)
		return;
	char text[40];
	if (law == HOLD_ACCOUNTING_LEDGER)          /* 10 years from the end of the financial year */
		snprintf(text, sizeof text, "%04d-%02d-%02d", year + 10, month, month == 2 && day == 29 ? 28 : day);
	else if (law == HOLD_ACCOUNTING_VOUCHER)    /* 6 years from the end of that calendar year */
		snprintf(text, sizeof text, "%04d-12-31", year + 6);
	else
		return;
	text_copy(out, 11, text);
}

enum status hold_add(struct session *session, struct legal_hold *hold)
{
	enum status status = permission_require(session, PERMISSION_DECIDE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char reason[160], basis[16], until[16];
	if (!validate_text(hold->covers, 400, true, false, reason, sizeof reason))
		return database_refuse(db, _("say what the hold covers, e.g. contact data tied to invoices"));
	if (!validate_no_identity_numbers(hold->covers, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!validate_date(hold->basis_date, basis, sizeof basis, reason, sizeof reason))
		return database_refuse(db, reason);
	if (hold->law == HOLD_OTHER) {
		if (!validate_text(hold->law_name, 400, true, false, reason, sizeof reason))
			return database_refuse(db, _("name the law that requires keeping the data"));
		if (!*hold->until || !validate_date(hold->until, until, sizeof until, reason, sizeof reason))
			return database_refuse(db, _("until when must the data be kept"));
		text_copy(hold->until, sizeof hold->until, until);
	} else {
		if (!*basis)
			return database_refuse(db, _("the end date of the financial year the Accounting Act counts from"));
		hold_until(hold->law, basis, hold->until);
	}
	text_copy(hold->basis_date, sizeof hold->basis_date, basis);
	if (!hold->fields)
		hold->fields = HOLD_FIELDS_ACCOUNTING;
	if (hold->fields >= 1u << HOLD_FIELD_COUNT)
		return database_refuse(db, _("a hold keeps only the fields it names"));
	char fields[256];
	hold_fields_codes(hold->fields, fields, sizeof fields);
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "INSERT INTO legal_hold (contact_id, law, law_name, covers, basis_date, until, fields, "
			     "created_at, created_by) SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM contact WHERE id = ?", "tttttttii",
			     laws[hold->law].code, hold->law_name, hold->covers, hold->basis_date, hold->until, fields, now,
			     session->account_id, hold->contact_id);
	if (status == STATUS_OK && database_changes(db) != 1)
		status = database_refuse(db, _("no such contact"));
	if (status == STATUS_OK)
		hold->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "hold.add", "contact", hold->contact_id, "legal_hold");
	return database_finish(db, status);
}

int hold_list(struct session *session, long long contact_id, struct legal_hold *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT id, contact_id, law, law_name, covers, basis_date, until, fields FROM legal_hold "
		"WHERE ?1 = 0 OR contact_id = ?1 ORDER BY until DESC, id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0, rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct legal_hold *hold = &out[count++];
		memset(hold, 0, sizeof *hold);
		hold->id = statement_column_int64(statement, 0);
		hold->contact_id = statement_column_int64(statement, 1);
		hold_law_parse(database_text(statement, 2), &hold->law);
		text_copy(hold->law_name, sizeof hold->law_name, database_text(statement, 3));
		text_copy(hold->covers, sizeof hold->covers, database_text(statement, 4));
		text_copy(hold->basis_date, sizeof hold->basis_date, database_text(statement, 5));
		text_copy(hold->until, sizeof hold->until, database_text(statement, 6));
		hold_fields_parse(database_text(statement, 7), &hold->fields, NULL, 0);
	}
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {   /* PostgreSQL: a failed read shows at the first step */
		database_fail(session->db, "legal holds");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

static int count_of(struct database *db, const char *sql, long long id)
{
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return 0;
	statement_bind_int64(statement, 1, id);
	int count = statement_step(statement) == STORAGE_ROW ? statement_column_int(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

/* The person and the records merged into them (the same person): ids in
 * out, the person first; returns the count. */
static int person_records(struct database *db, long long contact_id, long long *out, int max)
{
	int count = 0;
	out[count++] = contact_id;
	for (int i = 0; i < count && count < max; i++) {
		struct statement *statement = database_prepare(db, "SELECT id FROM contact WHERE merged_into = ?");
		if (!statement)
			break;
		statement_bind_int64(statement, 1, out[i]);
		while (count < max && statement_step(statement) == STORAGE_ROW)
			out[count++] = statement_column_int64(statement, 0);
		database_finalize(statement);
	}
	return count;
}

enum status erasure_preview(struct session *session, long long contact_id, struct erasure_preview *out)
{
	memset(out, 0, sizeof *out);
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	if (count_of(db, "SELECT count(*) FROM contact WHERE id = ? AND merged_into IS NULL", contact_id) != 1) {
		snprintf(db->error, sizeof db->error, "%s", _("no such contact"));
		return STATUS_ERR_NOT_FOUND;
	}
	char today[11];
	calendar_today(today);
	out->contact_id = contact_id;
	/* The holds in force: together they keep the union of their fields until the latest end. */
	struct statement *statement = database_prepare(db, "SELECT until, fields FROM legal_hold WHERE contact_id = ? AND until >= ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	statement_bind_text(statement, 2, today);
	while (statement_step(statement) == STORAGE_ROW) {
		out->held++;
		if (strcmp(database_text(statement, 0), out->held_until) > 0)
			text_copy(out->held_until, sizeof out->held_until, database_text(statement, 0));
		unsigned fields;
		hold_fields_parse(database_text(statement, 1), &fields, NULL, 0);
		out->kept_fields |= fields;
	}
	database_finalize(statement);
	long long records[64];
	int record_count = person_records(db, contact_id, records, 64);
	for (int i = 0; i < record_count; i++) {
		long long id = records[i];
		out->consents += count_of(db, "SELECT count(*) FROM consent_event WHERE contact_id = ?", id);
		out->disclosures += count_of(db, "SELECT count(*) FROM disclosure_contact WHERE contact_id = ?", id);
		out->registrations += count_of(db, "SELECT count(*) FROM registration WHERE contact_id = ?", id);
		out->certificates += count_of(db, "SELECT count(*) FROM certificate WHERE contact_id = ?", id);
		out->events += count_of(db, "SELECT count(*) FROM event_registration WHERE contact_id = ?", id);
		out->references += count_of(db, "SELECT count(*) FROM maintenance_reference WHERE contact_id = ?", id);
		out->categories += count_of(db, "SELECT count(*) FROM contact_category WHERE contact_id = ?", id);
	}
	out->recipients_to_notify = count_of(db,
		"SELECT count(DISTINCT d.recipient_id) FROM disclosure_contact dc JOIN disclosure d ON d.id = dc.disclosure_id "
		"WHERE dc.contact_id = ?", contact_id);
	return STATUS_OK;
}

/* What accountability needs of a closed request stays: number, kind,
 * channel, dates, the outcome as a code, who handled it (GDPR Art. 5(1)(c),
 * 5(2)). The name, the identifying details, the representative and the
 * free-text outcome go: they were needed to find and report the person's
 * data, which the access report does only while the request is open. */
static const char clean_request_sql[] =
	"UPDATE subject_request SET requester_name = '', identifying_details = '', representative_name = '', "
	"authorisation = '', refusal_reason = '', "
	"outcome = CASE WHEN status = 'refused' THEN 'refused' WHEN kind = 'erasure' AND outcome LIKE 'erased%' THEN outcome "
	"WHEN status = 'completed' THEN 'completed' ELSE '' END WHERE id = ?";

enum status request_clean_on_close(struct database *db, long long request_id)
{
	return database_run(db, clean_request_sql, "i", request_id);
}

/* True when folded text holds folded word as a whole run of words. */
static bool names_in(const char *folded_text, const char *folded_words)
{
	size_t length = strlen(folded_words);
	if (length == 0)
		return false;
	for (const char *at = folded_text; (at = strstr(at, folded_words)) != NULL; at++) {
		bool starts = at == folded_text || at[-1] == ' ';
		bool ends = at[length] == '\0' || at[length] == ' ';
		if (starts && ends)
			return true;
	}
	return false;
}

/* Requests that name the person without being linked to them (a name or
 * e-mail given at the desk, a request refused before anyone was linked)
 * are cleaned with the person (issue 13). A request linked to someone else
 * is left alone: it names a namesake. */
static enum status clean_requests_naming(struct database *db, long long contact_id)
{
	char first[512] = "", last[512] = "", email[1024] = "";
	struct statement *statement = database_prepare(db, "SELECT first_name, last_name, email FROM contact WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	if (statement_step(statement) == STORAGE_ROW) {
		text_copy(first, sizeof first, database_text(statement, 0));
		text_copy(last, sizeof last, database_text(statement, 1));
		text_copy(email, sizeof email, database_text(statement, 2));
	}
	database_finalize(statement);
	char raw[1100], first_last[1100], last_first[1100], folded_email[1100];
	snprintf(raw, sizeof raw, "%s %s", first, last);
	text_search_fold(raw, first_last, sizeof first_last);
	snprintf(raw, sizeof raw, "%s %s", last, first);
	text_search_fold(raw, last_first, sizeof last_first);
	text_search_fold(email, folded_email, sizeof folded_email);
	if (!*first && !*last)
		return STATUS_OK;
	long long ids[256];
	int count = 0;
	statement = database_prepare(db,
		"SELECT r.id, r.requester_name || ' ' || r.representative_name || ' ' || r.identifying_details || ' ' || r.outcome "
		"|| ' ' || r.refusal_reason FROM subject_request r WHERE NOT EXISTS (SELECT 1 FROM request_contact rc "
		"WHERE rc.request_id = r.id AND rc.contact_id <> ?)");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	while (count < (int)(sizeof ids / sizeof ids[0]) && statement_step(statement) == STORAGE_ROW) {
		const char *text = database_text(statement, 1);
		size_t size = strlen(text) * 2 + 16;
		char *folded = malloc(size);
		if (!folded)
			break;
		text_search_fold(text, folded, size);
		if (names_in(folded, first_last) || names_in(folded, last_first) || names_in(folded, folded_email))
			ids[count++] = statement_column_int64(statement, 0);
		free(folded);
	}
	database_finalize(statement);
	enum status status = STATUS_OK;
	for (int i = 0; status == STATUS_OK && i < count; i++)
		status = database_run(db, clean_request_sql, "i", ids[i]);
	return status;
}

/* The columns each hold field keeps; the record's other fields are blanked
 * when it is erased under a hold. The derived keys (sort, search, duplicate)
 * are made again from what is kept. */
static const struct {
	enum hold_field field;
	const char *blank;          /* SET clause that erases the field */
} held_columns[] = {
	{ HOLD_FIELD_NAME,         "first_name = '', last_name = ''" },
	{ HOLD_FIELD_ORGANISATION, "organisation_id = NULL" },
	{ HOLD_FIELD_EMAIL,        "email = ''" },
	{ HOLD_FIELD_PHONE,        "phone = ''" },
	{ HOLD_FIELD_ADDRESS,      "street = '', postal_code = '', city = '', country = 'FI'" },
	{ HOLD_FIELD_TITLE,        "title = ''" },
};

/* Erasure under a hold: everything but the kept fields goes now (GDPR Art.
 * 17(3)(b)); the record stays restricted until the last hold ends (Art. 18). */
static enum status erase_held_fields(struct database *db, long long id, unsigned kept, const char *held_until)
{
	/* Never kept under a hold: nothing a law on accounts needs. */
	char sql[1024] = "UPDATE contact SET notes = '', interest_channel = '', interest_date = '', source_detail = '', "
			 "relationship_start = '', relationship_end = '', last_reviewed = '', language = 'fi'";
	for (size_t i = 0; i < sizeof held_columns / sizeof held_columns[0]; i++) {
		if (kept & (1u << held_columns[i].field))
			continue;
		strcat(sql, ", ");
		strcat(sql, held_columns[i].blank);
	}
	strcat(sql, ", restricted_until = ?, version = version + 1 WHERE id = ?");
	enum status status = database_run(db, sql, "ti", held_until, id);
	if (status == STATUS_OK && !(kept & (1u << HOLD_FIELD_REFERENCES)))
		status = database_run(db, "DELETE FROM maintenance_reference WHERE contact_id = ?", "i", id);
	if (status == STATUS_OK)
		status = contact_store_index_restricted(db, id);
	return status;
}

/* Removes one record's data; a held record keeps what the hold covers. */
static enum status erase_record(struct database *db, long long id, bool held, unsigned kept, const char *held_until)
{
	static const char *const linked[] = {
		"UPDATE training_session SET erased_participants = erased_participants + 1 WHERE id IN "
		"(SELECT session_id FROM registration WHERE contact_id = ?)",
		"UPDATE event SET erased_participants = erased_participants + 1 WHERE id IN "
		"(SELECT event_id FROM event_registration WHERE contact_id = ?)",
		"DELETE FROM certificate WHERE contact_id = ?",
		"DELETE FROM registration WHERE contact_id = ?",
		"DELETE FROM event_registration WHERE contact_id = ?",
		"DELETE FROM consent_event WHERE contact_id = ?",
		"DELETE FROM disclosure_contact WHERE contact_id = ?",
		"DELETE FROM contact_category WHERE contact_id = ?",
		/* What requests knew of the person goes too; number, kind, dates, outcome stay. */
		"UPDATE subject_request SET requester_name = '', identifying_details = '', representative_name = '', "
		"authorisation = '' WHERE id IN (SELECT request_id FROM request_contact WHERE contact_id = ?)",
		"DELETE FROM request_contact WHERE contact_id = ?",
	};
	enum status status = clean_requests_naming(db, id);
	for (size_t i = 0; status == STATUS_OK && i < sizeof linked / sizeof linked[0]; i++)
		status = database_run(db, linked[i], "i", id);
	/* Out of the search index, whose old segments are rewritten after commit. */
	if (status == STATUS_OK && !database_indexes_words_itself(db))
		status = database_run(db, "INSERT INTO contact_search (contact_search, rowid, search_text) "
			     "SELECT 'delete', id, search_text FROM contact WHERE id = ? AND merged_into IS NULL", "i", id);
	if (status != STATUS_OK)
		return status;
	if (held)
		/* Restricted: stored, shown to the privacy officer, used for nothing else. */
		return erase_held_fields(db, id, kept, held_until);
	status = database_run(db, "DELETE FROM maintenance_reference WHERE contact_id = ?", "i", id);
	if (status == STATUS_OK)
		status = database_run(db, "DELETE FROM legal_hold WHERE contact_id = ?", "i", id);
	if (status == STATUS_OK)
		status = database_run(db, "DELETE FROM contact WHERE id = ?", "i", id);
	return status;
}

enum status erasure_confirm(struct session *session, long long contact_id, long long request_id,
			    struct erasure_preview *out)
{
	enum status status = erasure_erase_person(session, contact_id, request_id, out);
	if (status == STATUS_OK) {
		/* Rewriting the file holds the database a while: other desks wait, told why. */
		activity_begin(session->db, ACTIVITY_ERASURE, session->username);
		erasure_leave_no_trace(session->db);   /* else pending: erasure_pending_count says so */
		activity_end(session->db);
	}
	return status;
}

/* Why an erasure needs more than secure_delete (found by the byte scan in
 * tests/unit/test_traces.c): when a b-tree page splits or its cells are
 * spread over its siblings, SQLite lays the moved cells out afresh but
 * leaves their old bytes in the page's unused gap. Deleting the person later
 * zeroes the live cell only, so an old copy of an index entry (a phone key,
 * an e-mail key) stays readable, more often after an import in no order.
 * VACUUM builds every b-tree anew, and freed pages are zeroed, so no gap
 * holds anyone erased. The FTS5 segments are merged first, so that no
 * segment keeps a deleted word. Then the WAL, which holds the pages before
 * and after, is emptied to its start; a reader holding an older snapshot
 * keeps it from that, and then the finish is recorded as pending. */
int erasure_pending_count(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT count(*) FROM erasure_pending");
	if (!statement)
		return 0;
	int count = statement_step(statement) == STORAGE_ROW ? statement_column_int(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

static void record_pending(struct database *db, const char *why)
{
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	struct statement *statement = database_prepare(db, "INSERT INTO erasure_pending (since, reason) VALUES (?, ?)");
	if (statement) {
		statement_bind_text(statement, 1, now);
		statement_bind_text(statement, 2, why);
		statement_step(statement);
	}
	database_finalize(statement);
}

bool erasure_leave_no_trace(struct database *db)
{
	/* The marker is written first, so that a kill half-way leaves it; it
	 * is removed before the WAL is emptied, so that the checkpoint is the
	 * last write, and put back when that could not reach the start. */
	if (erasure_pending_count(db) == 0)
		record_pending(db, "erasure");
	char why[256] = "";
	if (database_wipe_deleted(db, why, sizeof why))
		return true;
	record_pending(db, why);
	snprintf(db->error, sizeof db->error,
		 _("The erasure is done, but its last traces could not be wiped yet (%s): regdesk finishes it at the next "
		   "start, by `regdesk check` or on a retry."), why);
	return false;
}

bool erasure_finish_pending(struct database *db)
{
	return erasure_pending_count(db) == 0 || erasure_leave_no_trace(db);
}

/* An erasure completes a request only when it is an open, verified erasure
 * request linked to the contact. */
static enum status check_request(struct session *session, long long request_id, long long contact_id)
{
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (request.kind != REQUEST_ERASURE || !request_identity_verified(&request) ||
	    request.status == REQUEST_STATUS_COMPLETED)
		return database_refuse(session->db, _("the request is not an open, verified erasure request"));
	long long linked[64];
	int count = request_contacts(session, request_id, linked, 64);
	for (int i = 0; i < count; i++)
		if (linked[i] == contact_id)
			return STATUS_OK;
	return database_refuse(session->db, _("the contact is not linked to this request"));
}

enum status erasure_erase_person(struct session *session, long long contact_id, long long request_id,
				 struct erasure_preview *out)
{
	enum status status = erasure_preview(session, contact_id, out);
	if (status == STATUS_OK && request_id)
		status = check_request(session, request_id, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	long long records[64];
	int record_count = person_records(db, contact_id, records, 64);
	bool held = out->held > 0;
	status = database_begin(db);
	/* Records merged into the person first: they point at the survivor. */
	for (int i = record_count - 1; status == STATUS_OK && i >= 0; i--)
		status = erase_record(db, records[i], held && records[i] == contact_id, out->kept_fields, out->held_until);
	if (status == STATUS_OK && request_id) {
		char now[32], outcome[512];
		clock_format_iso(clock_now(), now, sizeof now);
		if (held) {
			char kept[512];
			hold_fields_labels(out->kept_fields, kept, sizeof kept);
			snprintf(outcome, sizeof outcome, _("erased except %s under %d legal hold(s) until %s, kept restricted"),
				 kept, out->held, out->held_until);
		} else {
			snprintf(outcome, sizeof outcome, "%s", _("erased"));
		}
		status = database_run(db, "UPDATE subject_request SET status = 'completed', outcome = ?, closed_at = ?, closed_by = ?, "
			     "requester_name = '', identifying_details = '', representative_name = '', authorisation = '' "
			     "WHERE id = ?", "ttii", outcome, now, session->account_id, request_id);
	}
	if (status == STATUS_OK) {
		char fields[300] = "all";
		if (held) {
			char kept[256];
			hold_fields_codes(out->kept_fields, kept, sizeof kept);
			snprintf(fields, sizeof fields, "all except held:%s", kept);
		}
		status = audit_append(db, session->account_id, held ? "erasure.partial" : "erasure.complete", "contact", contact_id,
				      fields);
	}
	return database_finish(db, status);
}

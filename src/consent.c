/* Bans and consents: history rows, the current state, and the eligibility rule. */
#include "consent.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "contact_internal.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

static const struct {
	const char *code;
	const char *label;
} states[] = {
#define STATE_ROW(name, code, label) [CONSENT_STATE_##name] = { code, label },
	CONSENT_STATES(STATE_ROW)
#undef STATE_ROW
}, channels[] = {
#define CHANNEL_ROW(name, code, label) [CONSENT_CHANNEL_##name] = { code, label },
	CONSENT_CHANNELS(CHANNEL_ROW)
#undef CHANNEL_ROW
};

static const char *const eligibility_labels[] = {
#define ELIGIBILITY_ROW(name, label) [ELIGIBILITY_##name] = label,
	ELIGIBILITIES(ELIGIBILITY_ROW)
#undef ELIGIBILITY_ROW
};

const char *consent_state_code(enum consent_state state) { return states[state].code; }
const char *consent_state_label(enum consent_state state) { return _(states[state].label); }
const char *consent_channel_code(enum consent_channel channel) { return channels[channel].code; }
const char *consent_channel_label(enum consent_channel channel) { return _(channels[channel].label); }
const char *eligibility_label(enum eligibility eligibility) { return _(eligibility_labels[eligibility]); }

bool consent_state_parse(const char *code, enum consent_state *out)
{
	for (int state = 0; state < CONSENT_STATE_COUNT; state++) {
		if (strcmp(code, states[state].code) == 0) {
			*out = (enum consent_state)state;
			return true;
		}
	}
	return false;
}

bool consent_channel_parse(const char *code, enum consent_channel *out)
{
	for (int channel = 0; channel < CONSENT_CHANNEL_COUNT; channel++) {
		if (strcmp(code, channels[channel].code) == 0) {
			*out = (enum consent_channel)channel;
			return true;
		}
	}
	return false;
}

void consent_today(char out[11])
{
	calendar_today(out);
}

enum eligibility consent_eligibility(const struct purpose *purpose, const struct eligibility_facts *facts)
{
	if (facts->erased)
		return ELIGIBILITY_ERASED;
	if (facts->relationship_ended)
		return ELIGIBILITY_ENDED;
	if (facts->state == CONSENT_STATE_OBJECTION)        /* GDPR Art. 21(3): always wins */
		return ELIGIBILITY_OBJECTION;
	if (purpose->consent_for_private && !facts->at_organisation && facts->state != CONSENT_STATE_CONSENT)
		return ELIGIBILITY_NO_CONSENT;                  /* 917/2014 §200; §202 for organisations */
	bool has_address = purpose->channel == PURPOSE_POSTAL ? facts->has_postal_address
		: purpose->channel == PURPOSE_EMAIL ? facts->has_email
		: purpose->channel == PURPOSE_PHONE ? facts->has_phone : true;
	return has_address ? ELIGIBILITY_ELIGIBLE : ELIGIBILITY_NO_ADDRESS;
}

enum consent_state consent_effective_state(enum consent_state state, const char *expires_on, const char *today)
{
	if (state == CONSENT_STATE_CONSENT && expires_on && *expires_on && strcmp(expires_on, today) < 0)
		return CONSENT_STATE_NONE;
	return state;
}

static void read_purpose(sqlite3_stmt *statement, struct purpose *out)
{
	memset(out, 0, sizeof *out);
	text_copy(out->code, sizeof out->code, database_text(statement, 0));
	text_copy(out->name, sizeof out->name, database_text(statement, strcmp(i18n_language(), "fi") == 0 ? 2 : 1));
	const char *channel = database_text(statement, 3);
	out->channel = strcmp(channel, "postal") == 0 ? PURPOSE_POSTAL : strcmp(channel, "email") == 0 ? PURPOSE_EMAIL
		: strcmp(channel, "phone") == 0 ? PURPOSE_PHONE : PURPOSE_NO_ADDRESS;
	out->consent_for_private = sqlite3_column_int(statement, 4) != 0;
	text_copy(out->export_fields, sizeof out->export_fields, database_text(statement, 5));
	text_copy(out->legal_ground, sizeof out->legal_ground, database_text(statement, 6));
}

#define PURPOSE_COLUMNS "code, name_en, name_fi, channel, consent_for_private, export_fields, legal_ground"

int consent_purposes(struct database *db, struct purpose *out, int max)
{
	sqlite3_stmt *statement = database_prepare(db, "SELECT " PURPOSE_COLUMNS " FROM purpose ORDER BY sort_order, code");
	if (!statement)
		return -1;
	int count = 0;
	while (count < max && sqlite3_step(statement) == SQLITE_ROW)
		read_purpose(statement, &out[count++]);
	database_finalize(statement);
	return count;
}

enum status consent_purpose_find(struct database *db, const char *code, struct purpose *out)
{
	sqlite3_stmt *statement = database_prepare(db, "SELECT " PURPOSE_COLUMNS " FROM purpose WHERE code = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	sqlite3_bind_text(statement, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(statement);
	if (rc == SQLITE_ROW)
		read_purpose(statement, out);
	database_finalize(statement);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	snprintf(db->error, sizeof db->error, _("no purpose '%s'"), code);
	return STATUS_ERR_NOT_FOUND;
}

enum status consent_purpose_add(struct session *session, const struct purpose *purpose)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_RECIPIENTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char reason[160];
	if (!validate_text(purpose->code, 40, true, false, reason, sizeof reason) ||
	    !validate_text(purpose->name, 200, true, false, reason, sizeof reason) ||
	    !validate_text(purpose->legal_ground, 200, true, false, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s", reason);
		return STATUS_ERR_INVALID;
	}
	static const char *const channel_codes[] = { "postal", "email", "phone", "none" };
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	sqlite3_stmt *statement = database_prepare(db,
		"INSERT INTO purpose (code, name_en, name_fi, channel, consent_for_private, export_fields, legal_ground, "
		"created_at, created_by) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	int rc = SQLITE_ERROR;
	if (statement) {
		sqlite3_bind_text(statement, 1, purpose->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 2, purpose->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 3, channel_codes[purpose->channel], -1, SQLITE_STATIC);
		sqlite3_bind_int(statement, 4, purpose->consent_for_private);
		sqlite3_bind_text(statement, 5, *purpose->export_fields ? purpose->export_fields : "first_name,last_name", -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 6, purpose->legal_ground, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 7, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(statement, 8, session->account_id);
		rc = sqlite3_step(statement);
		database_finalize(statement);
	}
	status = rc == SQLITE_DONE ? STATUS_OK : rc == SQLITE_CONSTRAINT_PRIMARYKEY ? STATUS_ERR_EXISTS : database_fail(db, "purpose");
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "purpose.add", "purpose", 0, purpose->code);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

enum status consent_record(struct session *session, long long contact_id, const struct consent_event *event)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONSENTS);
	if (status == STATUS_OK)
		status = contact_require_writable(session->db, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct purpose purpose;
	status = consent_purpose_find(db, event->purpose, &purpose);
	if (status != STATUS_OK)
		return status;
	char given_on[16], expires_on[16], reason[160];
	if (!*event->given_on) {
		snprintf(db->error, sizeof db->error, "%s", _("Given on: the date the person said it"));
		return STATUS_ERR_INVALID;
	}
	if (!validate_date(event->given_on, given_on, sizeof given_on, reason, sizeof reason) ||
	    !validate_date(event->expires_on, expires_on, sizeof expires_on, reason, sizeof reason) ||
	    !validate_text(event->note, 1000, false, true, reason, sizeof reason) ||
	    !validate_text(event->wording, 200, false, false, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s", reason);
		return STATUS_ERR_INVALID;
	}
	if (*expires_on && strcmp(expires_on, given_on) < 0) {
		snprintf(db->error, sizeof db->error, "%s", _("a consent cannot expire before it was given"));
		return STATUS_ERR_INVALID;
	}
	if (event->state != CONSENT_STATE_CONSENT && (*event->wording || *expires_on)) {
		snprintf(db->error, sizeof db->error, "%s", _("only a consent has a wording version and an expiry date"));
		return STATUS_ERR_INVALID;
	}
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	sqlite3_stmt *statement = database_prepare(db,
		"INSERT INTO consent_event (contact_id, purpose, state, given_on, channel, note, wording, expires_on, "
		"recorded_at, recorded_by) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM contact "
		"WHERE id = ?1 AND merged_into IS NULL");
	int rc = SQLITE_ERROR;
	if (statement) {
		sqlite3_bind_int64(statement, 1, contact_id);
		sqlite3_bind_text(statement, 2, event->purpose, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 3, consent_state_code(event->state), -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 4, given_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 5, consent_channel_code(event->channel), -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 6, event->note, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 7, event->wording, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 8, expires_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(statement, 9, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(statement, 10, session->account_id);
		rc = sqlite3_step(statement);
		database_finalize(statement);
	}
	status = rc == SQLITE_DONE ? STATUS_OK : database_fail(db, "consent");
	if (status == STATUS_OK && sqlite3_changes(db->handle) != 1) {
		snprintf(db->error, sizeof db->error, "%s", _("no such contact"));
		status = STATUS_ERR_NOT_FOUND;
	}
	if (status == STATUS_OK) {
		char fields[96];
		snprintf(fields, sizeof fields, "consent:%s", event->purpose);
		status = audit_append(db, session->account_id, "consent.record", "contact", contact_id, fields);
	}
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

#define EVENT_COLUMNS "e.id, e.purpose, e.state, e.given_on, e.channel, e.note, e.wording, e.expires_on, " \
	"e.recorded_at, coalesce(a.username, '')"

static void read_event(sqlite3_stmt *statement, int first, struct consent_event *out)
{
	memset(out, 0, sizeof *out);
	if (sqlite3_column_type(statement, first) == SQLITE_NULL)
		return;
	out->id = sqlite3_column_int64(statement, first);
	text_copy(out->purpose, sizeof out->purpose, database_text(statement, first + 1));
	consent_state_parse(database_text(statement, first + 2), &out->state);
	text_copy(out->given_on, sizeof out->given_on, database_text(statement, first + 3));
	consent_channel_parse(database_text(statement, first + 4), &out->channel);
	text_copy(out->note, sizeof out->note, database_text(statement, first + 5));
	text_copy(out->wording, sizeof out->wording, database_text(statement, first + 6));
	text_copy(out->expires_on, sizeof out->expires_on, database_text(statement, first + 7));
	text_copy(out->recorded_at, sizeof out->recorded_at, database_text(statement, first + 8));
	text_copy(out->recorded_by, sizeof out->recorded_by, database_text(statement, first + 9));
}

int consent_history(struct session *session, long long contact_id, struct consent_event *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	sqlite3_stmt *statement = database_prepare(session->db,
		"SELECT " EVENT_COLUMNS ", coalesce(p.name_en, e.purpose), coalesce(p.name_fi, e.purpose) "
		"FROM consent_event e LEFT JOIN account a ON a.id = e.recorded_by LEFT JOIN purpose p ON p.code = e.purpose "
		"WHERE e.contact_id = ? ORDER BY e.id DESC");
	if (!statement)
		return -1;
	sqlite3_bind_int64(statement, 1, contact_id);
	int count = 0;
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	while (count < max && sqlite3_step(statement) == SQLITE_ROW) {
		read_event(statement, 0, &out[count]);
		text_copy(out[count].purpose_name, sizeof out[count].purpose_name, database_text(statement, finnish ? 11 : 10));
		count++;
	}
	database_finalize(statement);
	return count;
}

int consent_current(struct session *session, long long contact_id, struct consent_current *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	sqlite3_stmt *statement = database_prepare(session->db,
		"SELECT p.code, p.name_en, p.name_fi, p.channel, p.consent_for_private, p.export_fields, p.legal_ground, "
		EVENT_COLUMNS " FROM purpose p "
		"LEFT JOIN consent_event e ON e.id = (SELECT max(id) FROM consent_event WHERE contact_id = ?1 AND purpose = p.code) "
		"LEFT JOIN account a ON a.id = e.recorded_by ORDER BY p.sort_order, p.code");
	if (!statement)
		return -1;
	sqlite3_bind_int64(statement, 1, contact_id);
	char today[11];
	consent_today(today);
	int count = 0;
	while (count < max && sqlite3_step(statement) == SQLITE_ROW) {
		struct consent_current *current = &out[count++];
		read_purpose(statement, &current->purpose);
		read_event(statement, 7, &current->latest);
		current->effective = consent_effective_state(current->latest.state, current->latest.expires_on, today);
	}
	database_finalize(statement);
	return count;
}

/* ---- The whole history, streamed, for the access report ---- */

enum status consent_history_each(struct session *session, long long contact_id,
				 enum status (*visit)(const struct consent_event *event, void *context), void *context)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	sqlite3_stmt *statement = database_prepare(session->db,
		"SELECT coalesce(p.name_en, e.purpose), coalesce(p.name_fi, e.purpose), " EVENT_COLUMNS " "
		"FROM consent_event e LEFT JOIN account a ON a.id = e.recorded_by LEFT JOIN purpose p ON p.code = e.purpose "
		"WHERE e.contact_id = ? ORDER BY e.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	sqlite3_bind_int64(statement, 1, contact_id);
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	struct consent_event event;
	int rc;
	while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
		read_event(statement, 2, &event);
		text_copy(event.purpose_name, sizeof event.purpose_name, database_text(statement, finnish ? 1 : 0));
		status = visit(&event, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != SQLITE_DONE)
		status = database_fail(session->db, "consent history");
	database_finalize(statement);
	return status;
}

/* Bans and consents: history rows, the current state, and the eligibility rule. */
#include "consent.h"
#include "database_internal.h"

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

enum eligibility consent_eligibility(const struct purpose *purpose, const struct eligibility_facts *facts)
{
	if (facts->erased)
		return ELIGIBILITY_ERASED;
	if (facts->relationship_ended)
		return ELIGIBILITY_ENDED;
	if (facts->state == CONSENT_STATE_OBJECTION)        /* GDPR Art. 21(3): always wins */
		return ELIGIBILITY_OBJECTION;
	/* 917/2014 §200(1); §202 for a person at an organisation; the §200(2)
	 * soft opt-in only for the company's own similar products, never when the
	 * data go to a third party. */
	bool soft_opt_in = purpose->soft_opt_in && !purpose->third_party && facts->soft_opt_in;
	if (purpose->consent_for_private && !facts->at_organisation && facts->state != CONSENT_STATE_CONSENT && !soft_opt_in)
		return ELIGIBILITY_NO_CONSENT;
	bool has_address = purpose->channel == PURPOSE_POSTAL ? facts->has_postal_address
		: purpose->channel == PURPOSE_EMAIL ? facts->has_email
		: purpose->channel == PURPOSE_PHONE ? facts->has_phone : true;
	return has_address ? ELIGIBILITY_ELIGIBLE : ELIGIBILITY_NO_ADDRESS;
}

/* Legal grounds as the migrations store them, so that the catalogs carry
 * them and reports and screens show them in the reader's language. */
static const char *const stored_legal_grounds[] = {
	N_("legitimate interest (GDPR Art. 6(1)(f))"),
	N_("consent or customer relationship (917/2014 §200, §202)"),
	/* 0014_consent_order.sql */
	N_("consent, or own similar products to a customer (917/2014 §200, §202)"),
	N_("consent (917/2014 §200(1)); at an organisation unless objected (§202)"),
	N_("consent of a private person (917/2014 §200(1)); at an organisation legitimate interest (GDPR Art. 6(1)(f), §202)"),
};

const char *consent_legal_ground_words(const char *stored)
{
	for (size_t i = 0; i < sizeof stored_legal_grounds / sizeof stored_legal_grounds[0]; i++)
		if (strcmp(stored, stored_legal_grounds[i]) == 0)
			return _(stored_legal_grounds[i]);
	return stored;
}

enum consent_state consent_effective_state(enum consent_state state, const char *expires_on, const char *today)
{
	if (state == CONSENT_STATE_CONSENT && expires_on && *expires_on && strcmp(expires_on, today) < 0)
		return CONSENT_STATE_NONE;
	return state;
}

static void read_purpose(struct statement *statement, struct purpose *out)
{
	memset(out, 0, sizeof *out);
	text_copy(out->code, sizeof out->code, database_text(statement, 0));
	text_copy(out->name, sizeof out->name, database_text(statement, strcmp(i18n_language(), "fi") == 0 ? 2 : 1));
	const char *channel = database_text(statement, 3);
	out->channel = strcmp(channel, "postal") == 0 ? PURPOSE_POSTAL : strcmp(channel, "email") == 0 ? PURPOSE_EMAIL
		: strcmp(channel, "phone") == 0 ? PURPOSE_PHONE : PURPOSE_NO_ADDRESS;
	out->consent_for_private = statement_column_int(statement, 4) != 0;
	text_copy(out->export_fields, sizeof out->export_fields, database_text(statement, 5));
	text_copy(out->legal_ground, sizeof out->legal_ground, database_text(statement, 6));
	out->soft_opt_in = statement_column_int(statement, 7) != 0;
	out->third_party = statement_column_int(statement, 8) != 0;
}

#define PURPOSE_COLUMNS "code, name_en, name_fi, channel, consent_for_private, export_fields, legal_ground, " \
	"soft_opt_in, third_party"

int consent_purposes(struct database *db, struct purpose *out, int max)
{
	struct statement *statement = database_prepare(db, "SELECT " PURPOSE_COLUMNS " FROM purpose ORDER BY sort_order, code");
	if (!statement)
		return -1;
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW)
		read_purpose(statement, &out[count++]);
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(db, "purposes");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

enum status consent_purpose_find(struct database *db, const char *code, struct purpose *out)
{
	struct statement *statement = database_prepare(db, "SELECT " PURPOSE_COLUMNS " FROM purpose WHERE code = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, code);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		read_purpose(statement, out);
	database_finalize(statement);
	if (rc == STORAGE_ROW)
		return STATUS_OK;
	snprintf(db->error, sizeof db->error, _("no purpose '%s'"), code);
	return STATUS_ERR_NOT_FOUND;
}

static const char *const purpose_channel_codes[] = {
	[PURPOSE_POSTAL] = "postal", [PURPOSE_EMAIL] = "email", [PURPOSE_PHONE] = "phone", [PURPOSE_NO_ADDRESS] = "none",
};

const char *purpose_channel_code(enum purpose_channel channel) { return purpose_channel_codes[channel]; }

bool purpose_channel_parse(const char *code, enum purpose_channel *out)
{
	for (int channel = 0; channel <= PURPOSE_NO_ADDRESS; channel++) {
		if (strcmp(code, purpose_channel_codes[channel]) == 0) {
			*out = (enum purpose_channel)channel;
			return true;
		}
	}
	return false;
}

int consent_purpose_list(struct session *session, struct purpose *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	return consent_purposes(session->db, out, max);
}

/* The columns an export can carry (disclosure.c): a purpose names only these. */
static bool export_fields_valid(const char *fields, char *reason, size_t reason_size)
{
	static const char *const known[] = {
		"first_name", "last_name", "organisation", "street", "postal_code", "city", "country", "email", "phone",
	};
	char list[401];
	text_copy(list, sizeof list, fields);
	for (char *field = strtok(list, ","); field; field = strtok(NULL, ",")) {
		bool found = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			found = found || strcmp(field, known[i]) == 0;
		if (!found) {
			snprintf(reason, reason_size, _("unknown export field '%s': use first_name, last_name, organisation, "
							"street, postal_code, city, country, email or phone"), field);
			return false;
		}
	}
	return true;
}

enum status consent_purpose_add(struct session *session, const struct purpose *purpose, const char *name_fi)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_RECIPIENTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char reason[200];
	if (!name_fi || !*name_fi)
		name_fi = purpose->name;
	if (!validate_text(purpose->code, 40, true, false, reason, sizeof reason) ||
	    !validate_text(purpose->name, 200, true, false, reason, sizeof reason) ||
	    !validate_text(name_fi, 200, true, false, reason, sizeof reason) ||
	    !validate_text(purpose->legal_ground, 200, true, false, reason, sizeof reason) ||
	    !export_fields_valid(purpose->export_fields, reason, sizeof reason))
		return database_refuse(db, reason);
	for (const char *c = purpose->code; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return database_refuse(db, _("a purpose code has lower-case letters a-z, digits and hyphens, "
						     "such as sms-marketing"));
	/* 917/2014 §200(2) reaches only the company's own electronic marketing. */
	if (purpose->soft_opt_in && (purpose->third_party || purpose->channel != PURPOSE_EMAIL || !purpose->consent_for_private))
		return database_refuse(db, _("the soft opt-in (917/2014 §200(2)) is only for the company's own e-mail "
					     "marketing that otherwise needs consent, never for partners"));
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db,
		"INSERT INTO purpose (code, name_en, name_fi, channel, consent_for_private, export_fields, legal_ground, "
		"created_at, created_by, soft_opt_in, third_party) VALUES (?1, ?2, ?9, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?11) "
		/* A taken code is no error on either engine: a failed statement would
		 * abort the whole transaction on PostgreSQL. */
		"ON CONFLICT (code) DO NOTHING");
	int rc = STORAGE_ERROR;
	if (statement) {
		statement_bind_text(statement, 1, purpose->code);
		statement_bind_text(statement, 2, purpose->name);
		statement_bind_text(statement, 3, purpose_channel_code(purpose->channel));
		statement_bind_int(statement, 4, purpose->consent_for_private);
		statement_bind_text(statement, 5, *purpose->export_fields ? purpose->export_fields : "first_name,last_name");
		statement_bind_text(statement, 6, purpose->legal_ground);
		statement_bind_text(statement, 7, now);
		statement_bind_int64(statement, 8, session->account_id);
		statement_bind_text(statement, 9, name_fi);
		statement_bind_int(statement, 10, purpose->soft_opt_in);
		statement_bind_int(statement, 11, purpose->third_party);
		rc = statement_step(statement);
		database_finalize(statement);
	}
	if (rc == STORAGE_DONE && database_changes(db) == 0) {
		snprintf(db->error, sizeof db->error, _("a purpose '%s' exists already"), purpose->code);
		status = STATUS_ERR_EXISTS;
	} else {
		status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "purpose");
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "purpose.add", "purpose", 0, purpose->code);
	return database_finish(db, status);
}

#define EVENT_COLUMNS "e.id, e.purpose, e.state, e.given_on, e.channel, e.note, e.wording, e.expires_on, " \
	"e.recorded_at, coalesce(a.username, '')"

static void read_event(struct statement *statement, int first, struct consent_event *out)
{
	memset(out, 0, sizeof *out);
	if (statement_column_type(statement, first) == STORAGE_NULL)
		return;
	out->id = statement_column_int64(statement, first);
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

/* The standing statement of one purpose (the view consent_standing). */
static enum status read_standing(struct database *db, long long contact_id, const char *purpose, struct consent_event *out)
{
	memset(out, 0, sizeof *out);
	struct statement *statement = database_prepare(db, "SELECT " EVENT_COLUMNS " FROM consent_standing e "
		"LEFT JOIN account a ON a.id = e.recorded_by WHERE e.contact_id = ? AND e.purpose = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	statement_bind_text(statement, 2, purpose);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		read_event(statement, 0, out);
	database_finalize(statement);
	return rc == STORAGE_ROW || rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "consent");
}

/* A person's date: required, a real date, not after today. */
static bool statement_date(struct database *db, const char *value, const char *missing, char *out, size_t out_size)
{
	char reason[160], today[11];
	if (!*value) {
		database_refuse(db, missing);
		return false;
	}
	if (!validate_date(value, out, out_size, reason, sizeof reason)) {
		database_refuse(db, reason);
		return false;
	}
	calendar_today(today);
	if (strcmp(out, today) > 0) {
		snprintf(db->error, sizeof db->error, _("%s is in the future: a statement is recorded on or after the day it "
							"was given (today is %s)"), out, today);
		return false;
	}
	return true;
}

enum status consent_record(struct session *session, long long contact_id, const struct consent_event *event)
{
	return consent_record_outcome(session, contact_id, event, NULL);
}

enum status consent_record_outcome(struct session *session, long long contact_id, const struct consent_event *event,
				   struct consent_outcome *out)
{
	if (out)
		memset(out, 0, sizeof *out);
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
	if (!statement_date(db, event->given_on, _("Given on: the date the person said it"), given_on, sizeof given_on))
		return STATUS_ERR_INVALID;
	if (!validate_date(event->expires_on, expires_on, sizeof expires_on, reason, sizeof reason) ||
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
	struct statement *statement = database_prepare(db,
		"INSERT INTO consent_event (contact_id, purpose, state, given_on, channel, note, wording, expires_on, "
		"recorded_at, recorded_by) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM contact "
		"WHERE id = ?1 AND merged_into IS NULL");
	int rc = STORAGE_ERROR;
	if (statement) {
		statement_bind_int64(statement, 1, contact_id);
		statement_bind_text(statement, 2, event->purpose);
		statement_bind_text(statement, 3, consent_state_code(event->state));
		statement_bind_text(statement, 4, given_on);
		statement_bind_text(statement, 5, consent_channel_code(event->channel));
		statement_bind_text(statement, 6, event->note);
		statement_bind_text(statement, 7, event->wording);
		statement_bind_text(statement, 8, expires_on);
		statement_bind_text(statement, 9, now);
		statement_bind_int64(statement, 10, session->account_id);
		rc = statement_step(statement);
		database_finalize(statement);
	}
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "consent");
	if (status == STATUS_OK && database_changes(db) != 1) {
		snprintf(db->error, sizeof db->error, "%s", _("no such contact"));
		status = STATUS_ERR_NOT_FOUND;
	}
	long long id = status == STATUS_OK ? database_last_insert_id(db) : 0;
	if (status == STATUS_OK) {
		char fields[96];
		snprintf(fields, sizeof fields, "consent:%s", event->purpose);
		status = audit_append(db, session->account_id, "consent.record", "contact", contact_id, fields);
	}
	/* An older date than the standing statement's: kept as history only. */
	struct consent_event standing;
	if (status == STATUS_OK && out)
		status = read_standing(db, contact_id, event->purpose, &standing);
	status = database_finish(db, status);
	if (status == STATUS_OK && out) {
		out->standing = standing;
		out->overruled = standing.id != id && standing.state != event->state;
	}
	return status;
}

void consent_outcome_text(const struct consent_outcome *outcome, char *out, size_t out_size)
{
	out[0] = '\0';
	if (!outcome->overruled)
		return;
	if (outcome->standing.state == CONSENT_STATE_OBJECTION)
		snprintf(out, out_size, _("Kept as history: a consent dated before the standing ban (%s) does not lift it."),
			 outcome->standing.given_on);
	else
		snprintf(out, out_size, _("Kept as history: the newer %s of %s stands; this older statement does not change it."),
			 consent_state_label(outcome->standing.state), outcome->standing.given_on);
}

enum status consent_sale_email_record(struct session *session, long long contact_id, const char *offered_on,
				      const char *note)
{
	enum status status = permission_require(session, PERMISSION_EDIT_CONSENTS);
	if (status == STATUS_OK)
		status = contact_require_writable(session->db, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char date[16], reason[160], today[11];
	calendar_today(today);
	if (!statement_date(db, offered_on && *offered_on ? offered_on : today,
			    _("the date of the sale, when the refusal was offered"), date, sizeof date))
		return STATUS_ERR_INVALID;
	if (!validate_text(note ? note : "", 1000, false, true, reason, sizeof reason))
		return database_refuse(db, reason);
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db,
		"INSERT INTO sale_email (contact_id, email, offered_on, note, recorded_at, recorded_by) "
		"SELECT id, email, ?2, ?3, ?4, ?5 FROM contact WHERE id = ?1 AND merged_into IS NULL");
	int rc = STORAGE_ERROR;
	if (statement) {
		statement_bind_int64(statement, 1, contact_id);
		statement_bind_text(statement, 2, date);
		statement_bind_text(statement, 3, note ? note : "");
		statement_bind_text(statement, 4, now);
		statement_bind_int64(statement, 5, session->account_id);
		rc = statement_step(statement);
		database_finalize(statement);
	}
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "sale e-mail");
	if (status == STATUS_OK && database_changes(db) != 1)
		status = database_refuse(db, _("no such contact"));
	/* The address it covers is the one the contact has now: there must be one. */
	if (status == STATUS_OK) {
		statement = database_prepare(db, "SELECT email FROM sale_email WHERE id = ?");
		if (!statement) {
			status = STATUS_ERR_DATABASE;
		} else {
			statement_bind_int64(statement, 1, database_last_insert_id(db));
			if (statement_step(statement) != STORAGE_ROW || !*database_text(statement, 0))
				status = database_refuse(db, _("the contact has no e-mail address: enter the address "
							       "obtained in the sale first"));
			database_finalize(statement);
		}
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "consent.sale_email", "contact", contact_id,
				      "sale_email:email,offered_on");
	return database_finish(db, status);
}

int consent_sale_emails(struct session *session, long long contact_id, struct sale_email *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT s.id, s.email, s.offered_on, s.note, s.recorded_at, coalesce(a.username, '') FROM sale_email s "
		"LEFT JOIN account a ON a.id = s.recorded_by WHERE s.contact_id = ? ORDER BY s.offered_on DESC, s.id DESC");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct sale_email *row = &out[count++];
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		text_copy(row->email, sizeof row->email, database_text(statement, 1));
		text_copy(row->offered_on, sizeof row->offered_on, database_text(statement, 2));
		text_copy(row->note, sizeof row->note, database_text(statement, 3));
		text_copy(row->recorded_at, sizeof row->recorded_at, database_text(statement, 4));
		text_copy(row->recorded_by, sizeof row->recorded_by, database_text(statement, 5));
	}
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "sale e-mails");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

int consent_history(struct session *session, long long contact_id, struct consent_event *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	/* The order of the standing rule: the person's date, then entry. */
	struct statement *statement = database_prepare(session->db,
		"SELECT " EVENT_COLUMNS ", coalesce(p.name_en, e.purpose), coalesce(p.name_fi, e.purpose) "
		"FROM consent_event e LEFT JOIN account a ON a.id = e.recorded_by LEFT JOIN purpose p ON p.code = e.purpose "
		"WHERE e.contact_id = ? ORDER BY e.given_on DESC, e.id DESC");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0;
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
		read_event(statement, 0, &out[count]);
		text_copy(out[count].purpose_name, sizeof out[count].purpose_name, database_text(statement, finnish ? 11 : 10));
		count++;
	}
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "consent history");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

int consent_current(struct session *session, long long contact_id, struct consent_current *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT p.code, p.name_en, p.name_fi, p.channel, p.consent_for_private, p.export_fields, p.legal_ground, "
		"p.soft_opt_in, p.third_party, " EVENT_COLUMNS ", "
		"EXISTS (SELECT 1 FROM soft_opt_in_standing s WHERE s.contact_id = ?1 AND s.purpose = p.code) FROM purpose p "
		"LEFT JOIN consent_standing e ON e.contact_id = ?1 AND e.purpose = p.code "
		"LEFT JOIN account a ON a.id = e.recorded_by ORDER BY p.sort_order, p.code");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	char today[11];
	calendar_today(today);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct consent_current *current = &out[count++];
		read_purpose(statement, &current->purpose);
		read_event(statement, 9, &current->latest);
		current->effective = consent_effective_state(current->latest.state, current->latest.expires_on, today);
		current->soft_opt_in = statement_column_int(statement, 19) != 0;
	}
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "consents");
		count = -1;
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
	struct statement *statement = database_prepare(session->db,
		"SELECT coalesce(p.name_en, e.purpose), coalesce(p.name_fi, e.purpose), " EVENT_COLUMNS " "
		"FROM consent_event e LEFT JOIN account a ON a.id = e.recorded_by LEFT JOIN purpose p ON p.code = e.purpose "
		"WHERE e.contact_id = ? ORDER BY e.given_on, e.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	struct consent_event event;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		read_event(statement, 2, &event);
		text_copy(event.purpose_name, sizeof event.purpose_name, database_text(statement, finnish ? 1 : 0));
		status = visit(&event, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "consent history");
	database_finalize(statement);
	return status;
}

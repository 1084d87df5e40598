/* Data-subject requests: deadlines, verifying the identity, matching, the
 * charge finding, the recipients to tell (GDPR Art. 12, 15(3), 16, 19). */
#include "request.h"
#include "database_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "erasure_internal.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

static const struct {
	const char *code;
	const char *label;
	const char *marking;
} kinds[] = {
#define KIND_ROW(name, code, label, marking) [REQUEST_##name] = { code, label, marking },
	REQUEST_KINDS(KIND_ROW)
#undef KIND_ROW
};

static const struct {
	const char *code;
	const char *label;
} channels[] = {
#define ROW(name, code, label) [REQUEST_CHANNEL_##name] = { code, label },
	REQUEST_CHANNELS(ROW)
#undef ROW
}, statuses[] = {
#define ROW(name, code, label) [REQUEST_STATUS_##name] = { code, label },
	REQUEST_STATUSES(ROW)
#undef ROW
}, documents[] = {
#define ROW(name, code, label) [DOCUMENT_##name] = { code, label },
	DOCUMENT_KINDS(ROW)
#undef ROW
}, charges[] = {
#define ROW(name, code, label) [CHARGE_##name] = { code, label },
	CHARGE_DECISIONS(ROW)
#undef ROW
}, means_table[] = {
#define ROW(name, code, label) [VERIFIED_BY_##name] = { code, label },
	VERIFICATION_MEANS(ROW)
#undef ROW
}, grounds[] = {
#define ROW(name, code, label) [CHARGE_GROUND_##name] = { code, label },
	CHARGE_GROUNDS(ROW)
#undef ROW
};

#define FIND_CODE(table, count, code, out) \
	for (int i = 0; i < (count); i++) \
		if (strcmp((code), table[i].code) == 0) { \
			*(out) = i; \
			return true; \
		} \
	return false;

const char *request_kind_code(enum request_kind kind) { return kinds[kind].code; }
const char *request_kind_label(enum request_kind kind) { return _(kinds[kind].label); }
const char *request_channel_code(enum request_channel channel) { return channels[channel].code; }
const char *request_channel_label(enum request_channel channel) { return _(channels[channel].label); }
const char *request_status_label(enum request_status status) { return _(statuses[status].label); }
const char *document_kind_label(enum document_kind kind) { return _(documents[kind].label); }
const char *charge_decision_label(enum charge_decision decision) { return _(charges[decision].label); }
bool request_kind_parse(const char *code, enum request_kind *out) { FIND_CODE(kinds, REQUEST_KIND_COUNT, code, (int *)out) }
bool request_channel_parse(const char *code, enum request_channel *out) { FIND_CODE(channels, REQUEST_CHANNEL_COUNT, code, (int *)out) }
bool document_kind_parse(const char *code, enum document_kind *out) { FIND_CODE(documents, DOCUMENT_KIND_COUNT, code, (int *)out) }
bool charge_decision_parse(const char *code, enum charge_decision *out) { FIND_CODE(charges, CHARGE_DECISION_COUNT, code, (int *)out) }
const char *verification_means_code(enum verification_means means) { return means_table[means].code; }
const char *verification_means_label(enum verification_means means) { return _(means_table[means].label); }
bool verification_means_parse(const char *code, enum verification_means *out) { FIND_CODE(means_table, VERIFICATION_MEANS_COUNT, code, (int *)out) }
const char *charge_ground_code(enum charge_ground ground) { return grounds[ground].code; }
const char *charge_ground_label(enum charge_ground ground) { return _(grounds[ground].label); }
bool charge_ground_parse(const char *code, enum charge_ground *out) { FIND_CODE(grounds, CHARGE_GROUND_COUNT, code, (int *)out) }

bool request_parse_amount(const char *text, long long *cents)
{
	long long euros = 0;
	int decimals = -1, fraction = 0;
	const char *p = text;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (decimals < 0) {
				if (euros > 1000000)
					return false;
				euros = euros * 10 + (*p - '0');
			} else if (++decimals > 2) {
				return false;
			} else {
				fraction = fraction * 10 + (*p - '0');
			}
		} else if ((*p == ',' || *p == '.') && decimals < 0) {
			decimals = 0;
		} else if (*p == ' ' && p[1] == '\0') {
			break;
		} else {
			return false;
		}
	}
	if (decimals == 1)
		fraction *= 10;
	*cents = euros * 100 + fraction;
	return *cents > 0;
}

void request_format_amount(long long cents, char *out, size_t out_size)
{
	snprintf(out, out_size, "%lld,%02lld", cents / 100, cents % 100);
}

bool request_kind_from_marking(const char *marking, enum request_kind *out)
{
	char folded[512], wanted[512];
	text_search_fold(marking, folded, sizeof folded);
	for (int kind = 0; kind < REQUEST_KIND_COUNT; kind++) {
		if (!*kinds[kind].marking)
			continue;
		text_search_fold(kinds[kind].marking, wanted, sizeof wanted);
		if (strcmp(folded, wanted) == 0) {
			*out = (enum request_kind)kind;
			return true;
		}
	}
	return false;
}

/* ---- Deadlines ---- */

/* Day of the year's Easter Sunday (anonymous Gregorian algorithm). */
static void easter(int year, int *month, int *day)
{
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
	*month = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

static time_t noon(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	return timegm(&parts);
}

static int days_between(int year, int month, int day, int other_year, int other_month, int other_day)
{
	return (int)((noon(year, month, day) - noon(other_year, other_month, other_day)) / 86400);
}

static bool is_working_day(int year, int month, int day)
{
	struct tm parts;
	time_t when = noon(year, month, day);
	gmtime_r(&when, &parts);
	if (parts.tm_wday == 0 || parts.tm_wday == 6)
		return false;
	/* Fixed days: New Year, Epiphany, May Day, Independence Day, Christmas Eve, Christmas, Boxing Day. */
	static const int fixed[][2] = { { 1, 1 }, { 1, 6 }, { 5, 1 }, { 12, 6 }, { 12, 24 }, { 12, 25 }, { 12, 26 } };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (month == fixed[i][0] && day == fixed[i][1])
			return false;
	/* Midsummer Eve: the Friday between 19 and 25 June (Midsummer Day and All Saints' fall on Saturdays). */
	if (month == 6 && day >= 19 && day <= 25 && parts.tm_wday == 5)
		return false;
	/* Easter-based: Good Friday, Easter Monday, Ascension Day (Sundays are already out). */
	int easter_month, easter_day;
	easter(year, &easter_month, &easter_day);
	int offset = days_between(year, month, day, year, easter_month, easter_day);
	return offset != -2 && offset != 1 && offset != 39;
}

bool request_is_working_day(const char *date)
{
	int year, month, day;
	if (sscanf(date, "%d-%d-%d", &year, &month, &day) != 3)
		return false;
	return is_working_day(year, month, day);
}

void request_due_date(const char *received, int months, char out[11])
{
	int year, month, day;
	if (sscanf(received, "%d-%d-%d", &year, &month, &day) != 3) {
		out[0] = '\0';
		return;
	}
	int total = year * 12 + (month - 1) + months;
	year = total / 12;
	month = total % 12 + 1;
	if (day > calendar_days_in_month(year, month))
		day = calendar_days_in_month(year, month);
	while (!is_working_day(year, month, day)) {
		if (++day > calendar_days_in_month(year, month)) {
			day = 1;
			if (++month > 12) {
				month = 1;
				year++;
			}
		}
	}
	char text[40];
	snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
	text_copy(out, 11, text);
}

const char *request_deadline(const struct subject_request *request)
{
	return *request->extended_due_on ? request->extended_due_on : request->due_on;
}

bool request_is_overdue(const struct subject_request *request, const char *today)
{
	bool open = request->status != REQUEST_STATUS_COMPLETED && request->status != REQUEST_STATUS_REFUSED;
	return open && strcmp(request_deadline(request), today) < 0;
}

/* ---- Storage ---- */

enum status request_add(struct session *session, struct subject_request *request)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* Stored composed (NFC), whichever form the screen, batch or file sent. */
	char *texts[] = { request->envelope_marking, request->requester_name, request->identifying_details,
			  request->representative_name, request->authorisation };
	size_t sizes[] = { sizeof request->envelope_marking, sizeof request->requester_name,
			   sizeof request->identifying_details, sizeof request->representative_name,
			   sizeof request->authorisation };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		text_nfc_into(texts[i], texts[i], sizes[i]);
	char reason[160], received[16];
	if (request->channel == REQUEST_CHANNEL_LETTER && *request->envelope_marking)
		request_kind_from_marking(request->envelope_marking, &request->kind);
	if (!*request->received_on)
		calendar_today(request->received_on);
	if (!validate_date(request->received_on, received, sizeof received, reason, sizeof reason))
		return database_refuse(db, reason);
	text_copy(request->received_on, sizeof request->received_on, received);
	char today[11];
	calendar_today(today);
	if (strcmp(request->received_on, today) > 0) {
		snprintf(db->error, sizeof db->error, _("the request cannot have been received on %s, after today (%s)"),
			 request->received_on, today);
		return STATUS_ERR_INVALID;
	}
	if (!validate_text(request->requester_name, 200, true, false, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!validate_text(request->identifying_details, 2000, false, true, reason, sizeof reason) ||
	    !validate_no_identity_numbers(request->identifying_details, reason, sizeof reason) ||
	    !validate_text(request->envelope_marking, 200, false, false, reason, sizeof reason) ||
	    !validate_text(request->representative_name, 200, false, false, reason, sizeof reason) ||
	    !validate_text(request->authorisation, 400, false, false, reason, sizeof reason))
		return database_refuse(db, reason);
	if (*request->representative_name && !*request->authorisation)
		return database_refuse(db, _("a representative must show an authorisation: record what was shown"));
	request_due_date(request->received_on, 1, request->due_on);
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db,
		"INSERT INTO subject_request (kind, channel, envelope_marking, signature_handwritten, requester_name, "
		"identifying_details, representative_name, authorisation, received_on, due_on, told_valid_way, created_at, "
		"created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!statement)
		return database_finish(db, STATUS_ERR_DATABASE);
	statement_bind_text(statement, 1, kinds[request->kind].code);
	statement_bind_text(statement, 2, channels[request->channel].code);
	statement_bind_text(statement, 3, request->envelope_marking);
	statement_bind_int(statement, 4, request->signature_handwritten);
	statement_bind_text(statement, 5, request->requester_name);
	statement_bind_text(statement, 6, request->identifying_details);
	statement_bind_text(statement, 7, request->representative_name);
	statement_bind_text(statement, 8, request->authorisation);
	statement_bind_text(statement, 9, request->received_on);
	statement_bind_text(statement, 10, request->due_on);
	statement_bind_int(statement, 11, request->told_valid_way);
	statement_bind_text(statement, 12, now);
	statement_bind_int64(statement, 13, session->account_id);
	int rc = statement_step(statement);
	database_finalize(statement);
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "request");
	if (status == STATUS_OK)
		request->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "request.add", "request", request->id,
				      "kind,channel,requester_name,identifying_details");
	status = database_finish(db, status);
	if (status == STATUS_OK)
		request->status = REQUEST_STATUS_RECEIVED;
	else
		request->id = 0;
	return status;
}

#define REQUEST_SELECT \
	"SELECT r.id, r.kind, r.channel, r.envelope_marking, r.signature_handwritten, r.requester_name, " \
	"r.identifying_details, r.representative_name, r.authorisation, r.received_on, r.due_on, r.extended_due_on, " \
	"r.extension_reason, r.extension_told_on, r.status, r.refusal_reason, r.charge_decision, r.outcome, " \
	"r.told_valid_way, coalesce(a.username, ''), " \
	"(SELECT count(*) FROM request_contact rc WHERE rc.request_id = r.id), " \
	"r.charge_ground, r.charge_reason, r.charge_fee_cents, r.verification_means, r.extension_override_reason " \
	"FROM subject_request r LEFT JOIN account a ON a.id = r.created_by "

static void read_request(struct statement *statement, struct subject_request *out)
{
	memset(out, 0, sizeof *out);
	out->id = statement_column_int64(statement, 0);
	request_kind_parse(database_text(statement, 1), &out->kind);
	request_channel_parse(database_text(statement, 2), &out->channel);
	text_copy(out->envelope_marking, sizeof out->envelope_marking, database_text(statement, 3));
	out->signature_handwritten = statement_column_int(statement, 4) != 0;
	text_copy(out->requester_name, sizeof out->requester_name, database_text(statement, 5));
	text_copy(out->identifying_details, sizeof out->identifying_details, database_text(statement, 6));
	text_copy(out->representative_name, sizeof out->representative_name, database_text(statement, 7));
	text_copy(out->authorisation, sizeof out->authorisation, database_text(statement, 8));
	text_copy(out->received_on, sizeof out->received_on, database_text(statement, 9));
	text_copy(out->due_on, sizeof out->due_on, database_text(statement, 10));
	text_copy(out->extended_due_on, sizeof out->extended_due_on, database_text(statement, 11));
	text_copy(out->extension_reason, sizeof out->extension_reason, database_text(statement, 12));
	text_copy(out->extension_told_on, sizeof out->extension_told_on, database_text(statement, 13));
	int status = 0;
	for (int i = 0; i < REQUEST_STATUS_COUNT; i++)
		if (strcmp(database_text(statement, 14), statuses[i].code) == 0)
			status = i;
	out->status = (enum request_status)status;
	text_copy(out->refusal_reason, sizeof out->refusal_reason, database_text(statement, 15));
	charge_decision_parse(database_text(statement, 16), &out->charge);
	text_copy(out->outcome, sizeof out->outcome, database_text(statement, 17));
	out->told_valid_way = statement_column_int(statement, 18) != 0;
	text_copy(out->created_by, sizeof out->created_by, database_text(statement, 19));
	out->linked_contacts = statement_column_int(statement, 20);
	charge_ground_parse(database_text(statement, 21), &out->charge_ground);
	text_copy(out->charge_reason, sizeof out->charge_reason, database_text(statement, 22));
	out->charge_fee_cents = statement_column_int64(statement, 23);
	verification_means_parse(database_text(statement, 24), &out->verified_by);
	text_copy(out->extension_override_reason, sizeof out->extension_override_reason, database_text(statement, 25));
}

enum status request_load(struct session *session, long long id, struct subject_request *out)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db, REQUEST_SELECT "WHERE r.id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		read_request(statement, out);
	database_finalize(statement);
	if (rc == STORAGE_ROW)
		return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error, _("no request #%lld"), id);
	return STATUS_ERR_NOT_FOUND;
}

int request_list(struct session *session, bool open_only, struct subject_request *out, int max)
{
	if (permission_require(session, PERMISSION_HANDLE_REQUESTS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db, REQUEST_SELECT
		"WHERE ?1 = 0 OR r.status NOT IN ('completed', 'refused') "
		"ORDER BY r.status IN ('completed', 'refused'), CASE WHEN r.extended_due_on <> '' THEN r.extended_due_on ELSE r.due_on END, r.id");
	if (!statement)
		return -1;
	statement_bind_int(statement, 1, open_only);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW)
		read_request(statement, &out[count++]);
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "requests");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

int request_list_for_contact(struct session *session, long long contact_id, struct subject_request *out, int max)
{
	if (permission_require(session, PERMISSION_HANDLE_REQUESTS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db, REQUEST_SELECT
		"WHERE r.id IN (SELECT request_id FROM request_contact WHERE contact_id = ?) ORDER BY r.received_on DESC, r.id DESC");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW)
		read_request(statement, &out[count++]);
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "requests");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

void request_counts(struct session *session, int *open, int *overdue)
{
	*open = *overdue = 0;
	if (!permission_allows(session->role, PERMISSION_HANDLE_REQUESTS))
		return;
	char today[11];
	calendar_today(today);
	struct statement *statement = database_prepare(session->db,
		"SELECT count(*), count(*) FILTER (WHERE CASE WHEN r.extended_due_on <> '' THEN r.extended_due_on ELSE r.due_on END < ?) "
		"FROM subject_request r WHERE r.status NOT IN ('completed', 'refused')");
	if (!statement)
		return;
	statement_bind_text(statement, 1, today);
	if (statement_step(statement) == STORAGE_ROW) {
		*open = statement_column_int(statement, 0);
		*overdue = statement_column_int(statement, 1);
	}
	database_finalize(statement);
}

/* A change of an open request's state, audited. */
static enum status change_request(struct session *session, long long request_id, enum permission permission,
				  const char *sql, const char *types, const char *action, const char *fields, ...)
{
	enum status status = permission_require(session, permission);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct subject_request request;
	status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (request.status == REQUEST_STATUS_COMPLETED || request.status == REQUEST_STATUS_REFUSED)
		return database_refuse(db, _("the request is closed"));
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return database_finish(db, STATUS_ERR_DATABASE);
	va_list arguments;
	va_start(arguments, fields);
	int index = 1;
	for (int i = 0; types[i]; i++, index++) {
		if (types[i] == 'i')
			statement_bind_int64(statement, index, va_arg(arguments, long long));
		else
			statement_bind_text(statement, index, va_arg(arguments, const char *));
	}
	va_end(arguments);
	statement_bind_int64(statement, index, request_id);
	int rc = statement_step(statement);
	database_finalize(statement);
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "request");
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, action, "request", request_id, fields);
	return database_finish(db, status);
}

bool request_identity_verified(const struct subject_request *request)
{
	return request->status != REQUEST_STATUS_RECEIVED && request->status != REQUEST_STATUS_REFUSED;
}

enum status request_record_id_check(struct session *session, long long request_id, const struct id_check *check)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct subject_request request;
	status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (check->concerns_representative != (*request.representative_name != '\0'))
		return database_refuse(db, check->concerns_representative ? _("the request has no representative")
				   : _("the request was made by a representative: check the representative and the authorisation"));
	bool verified = check->photo_matched && check->name_matched;
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "INSERT INTO id_check (request_id, document_kind, photo_matched, name_matched, concerns, checked_at, "
			     "checked_by) VALUES (?, ?, ?, ?, ?, ?, ?)", "itiitti", request_id, documents[check->document].code,
			     (long long)check->photo_matched, (long long)check->name_matched,
			     check->concerns_representative ? "representative" : "requester", now, session->account_id);
	if (status == STATUS_OK && verified && request.status == REQUEST_STATUS_RECEIVED)
		status = database_run(db, "UPDATE subject_request SET status = 'identity-verified', verification_means = 'id-check' "
				      "WHERE id = ?", "i", request_id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, verified ? "request.id-check" : "request.id-check-failed", "request",
				      request_id, "document_kind,photo_matched,name_matched");
	status = database_finish(db, status);
	if (status == STATUS_OK && !verified)
		return database_refuse(db, _("the document did not match: no data may be shown for this request"));
	return status;
}

enum status request_verify_letter(struct session *session, long long request_id)
{
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (request.channel != REQUEST_CHANNEL_LETTER)
		return database_refuse(session->db, _("only a letter is verified by its signature"));
	if (!request.signature_handwritten || !*request.identifying_details)
		return database_refuse(session->db, _("a letter needs a handwritten signature and identifying details (notice §6.5)"));
	return change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "UPDATE subject_request SET status = 'identity-verified', verification_means = 'signed-letter' "
			      "WHERE status = 'received' AND id = ?", "",
			      "request.letter-verified", "signature_handwritten,identifying_details");
}

enum status request_verify_by(struct session *session, long long request_id, enum verification_means means)
{
	if (means == VERIFIED_BY_SIGNED_LETTER)
		return request_verify_letter(session, request_id);
	if (means != VERIFIED_BY_EMAIL_ON_RECORD && means != VERIFIED_BY_PHONE_ON_RECORD)
		return database_refuse(session->db, _("record the ID check with the document's kind and what matched"));
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (request.status != REQUEST_STATUS_RECEIVED)
		return database_refuse(session->db, request_identity_verified(&request) ? _("the identity is already verified")
										: _("the request is closed"));
	return change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "UPDATE subject_request SET status = 'identity-verified', verification_means = ? "
			      "WHERE status = 'received' AND id = ?", "t", "request.verified", "verification_means",
			      means_table[means].code);
}

enum status request_link_contact(struct session *session, long long request_id, long long contact_id)
{
	struct statement *statement = database_prepare(session->db, "SELECT 1 FROM contact WHERE id = ? AND merged_into IS NULL");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	bool exists = statement_step(statement) == STORAGE_ROW;
	database_finalize(statement);
	if (!exists) {
		snprintf(session->db->error, sizeof session->db->error, _("no contact #%lld"), contact_id);
		return STATUS_ERR_NOT_FOUND;
	}
	return change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "INSERT OR IGNORE INTO request_contact (request_id, contact_id) SELECT ?2, id FROM contact WHERE id = ?1",
			      "i", "request.link", "contact", contact_id);
}

enum status request_unlink_contact(struct session *session, long long request_id, long long contact_id)
{
	return change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "DELETE FROM request_contact WHERE contact_id = ? AND request_id = ?", "i", "request.unlink",
			      "contact", contact_id);
}

int request_contacts(struct session *session, long long request_id, long long *out, int max)
{
	struct subject_request request;
	if (request_load(session, request_id, &request) != STATUS_OK)
		return -1;
	if (!request_identity_verified(&request)) {
		snprintf(session->db->error, sizeof session->db->error, "%s",
			 _("identity not verified: nothing of the requester may be shown yet"));
		return -1;
	}
	struct statement *statement = database_prepare(session->db,
		"SELECT rc.contact_id FROM request_contact rc JOIN contact c ON c.id = rc.contact_id WHERE rc.request_id = ? ORDER BY c.sort_key");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, request_id);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW)
		out[count++] = statement_column_int64(statement, 0);
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "request contacts");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

enum status request_charge_info(struct session *session, long long request_id, struct charge_info *out)
{
	memset(out, 0, sizeof *out);
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	/* The same person: any contact linked to this request linked to an earlier inspection. */
	struct statement *statement = database_prepare(session->db,
		"SELECT max(r.received_on) FROM subject_request r JOIN request_contact rc ON rc.request_id = r.id "
		"WHERE r.kind = 'inspection' AND r.id <> ?1 AND r.received_on <= ?2 AND r.status <> 'refused' "
		"AND rc.contact_id IN (SELECT contact_id FROM request_contact WHERE request_id = ?1)");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, request_id);
	statement_bind_text(statement, 2, request.received_on);
	if (statement_step(statement) == STORAGE_ROW && statement_column_type(statement, 0) != STORAGE_NULL)
		text_copy(out->previous, sizeof out->previous, database_text(statement, 0));
	database_finalize(statement);
	int y, m, d, year, month, day;
	if (*out->previous && sscanf(out->previous, "%d-%d-%d", &y, &m, &d) == 3 &&
	    sscanf(request.received_on, "%d-%d-%d", &year, &month, &day) == 3) {
		out->months_ago = (year - y) * 12 + (month - m) - (day < d);
		char anniversary[40];
		snprintf(anniversary, sizeof anniversary, "%04d-%02d-%02d", y + 1, m, m == 2 && d == 29 ? 28 : d);
		out->within_year = strcmp(request.received_on, anniversary) <= 0;
	}
	return STATUS_OK;
}

enum status request_record_charge(struct session *session, long long request_id, enum charge_decision decision)
{
	/* GDPR Art. 12(5), 15(3): without the privacy officer's finding the request is free. */
	if (decision == CHARGE_FEE)
		return database_refuse(session->db, _("a fee needs the privacy officer's finding that the request is manifestly "
						      "unfounded or excessive, or that further copies were asked for "
						      "(GDPR Art. 12(5), 15(3))"));
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	/* Setting aside the privacy officer's finding is theirs to do. */
	return change_request(session, request_id,
			      request.charge_ground != CHARGE_GROUND_NONE ? PERMISSION_DECIDE_REQUESTS : PERMISSION_HANDLE_REQUESTS,
			      "UPDATE subject_request SET charge_decision = ?, charge_ground = '', charge_reason = '', "
			      "charge_fee_cents = 0 WHERE id = ?", "t", "request.charge", "charge_decision", charges[decision].code);
}

enum status request_record_finding(struct session *session, long long request_id, const struct charge_finding *finding)
{
	enum status status = permission_require(session, PERMISSION_DECIDE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct subject_request request;
	status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char check[160];
	if (finding->ground == CHARGE_GROUND_NONE || finding->ground >= CHARGE_GROUND_COUNT)
		return database_refuse(db, _("name the ground: manifestly unfounded, excessive, or further copies "
					     "(GDPR Art. 12(5), 15(3))"));
	if (!finding->reason || !validate_text(finding->reason, 400, true, true, check, sizeof check))
		return database_refuse(db, _("give the reason for the finding"));
	if (finding->ground == CHARGE_GROUND_FURTHER_COPY && request.kind != REQUEST_INSPECTION)
		return database_refuse(db, _("further copies concern an inspection request (GDPR Art. 15(3))"));
	if (finding->refuse && finding->ground == CHARGE_GROUND_FURTHER_COPY)
		return database_refuse(db, _("further copies may cost a reasonable fee, not be refused (GDPR Art. 15(3))"));
	if (finding->refuse && finding->fee_cents)
		return database_refuse(db, _("a fee or a refusal, not both"));
	if (!finding->refuse && finding->fee_cents <= 0)
		return database_refuse(db, _("give the fee in euros, or refuse the request"));
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	if (finding->refuse)
		return change_request(session, request_id, PERMISSION_DECIDE_REQUESTS,
				      "UPDATE subject_request SET status = 'refused', refusal_reason = ?, charge_ground = ?, "
				      "charge_reason = ?, charge_fee_cents = 0, closed_at = ?, closed_by = ? WHERE id = ?", "tttti",
				      "request.refuse-finding", "status,refusal_reason,charge_ground,charge_reason", finding->reason,
				      grounds[finding->ground].code, finding->reason, now, session->account_id);
	return change_request(session, request_id, PERMISSION_DECIDE_REQUESTS,
			      "UPDATE subject_request SET charge_decision = 'fee', charge_ground = ?, charge_reason = ?, "
			      "charge_fee_cents = ? WHERE id = ?", "tti", "request.charge-finding",
			      "charge_decision,charge_ground,charge_reason,charge_fee_cents", grounds[finding->ground].code,
			      finding->reason, finding->fee_cents);
}

enum status request_extend(struct session *session, long long request_id, const char *reason, const char *told_on)
{
	return request_extend_override(session, request_id, reason, told_on, NULL);
}

enum status request_extend_override(struct session *session, long long request_id, const char *reason,
				    const char *told_on, const char *override_reason)
{
	enum status status = permission_require(session, PERMISSION_DECIDE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct subject_request request;
	status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char text_reason[160], told[16], today[11];
	calendar_today(today);
	if (!validate_text(reason, 400, true, false, text_reason, sizeof text_reason))
		return database_refuse(db, _("give the reason for the extension"));
	if (!*told_on || !validate_date(told_on, told, sizeof told, text_reason, sizeof text_reason))
		return database_refuse(db, _("the date the requester was told of the extension"));
	if (*request.extended_due_on)
		return database_refuse(db, _("the deadline was already extended"));
	if (strcmp(told, today) > 0) {
		snprintf(db->error, sizeof db->error, _("the requester cannot have been told on %s, after today (%s)"), told, today);
		return STATUS_ERR_INVALID;
	}
	/* GDPR Art. 12(3): the requester must be told within the first month. */
	if (strcmp(told, request.due_on) > 0 || strcmp(told, request.received_on) < 0)
		return database_refuse(db, _("the requester must be told within the first month"));
	bool late = strcmp(today, request.due_on) > 0;
	bool overriding = override_reason && *override_reason;
	if (overriding && !validate_text(override_reason, 400, true, false, text_reason, sizeof text_reason))
		return database_refuse(db, _("give the reason for recording the extension late"));
	if (late && !overriding) {
		snprintf(db->error, sizeof db->error,
			 _("the first month's deadline %s has passed: an extension recorded now needs the privacy officer's "
			   "reason for overriding"), request.due_on);
		return STATUS_ERR_INVALID;
	}
	if (!late)
		override_reason = "";
	char extended[11];
	request_due_date(request.received_on, 3, extended);
	return change_request(session, request_id, PERMISSION_DECIDE_REQUESTS,
			      "UPDATE subject_request SET extended_due_on = ?, extension_reason = ?, extension_told_on = ?, "
			      "extension_override_reason = ? WHERE id = ?", "tttt", late ? "request.extend-late-override" : "request.extend",
			      late ? "extended_due_on,extension_reason,extension_told_on,extension_override_reason"
				   : "extended_due_on,extension_reason,extension_told_on",
			      extended, reason, told, override_reason);
}

enum status request_start(struct session *session, long long request_id)
{
	return change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "UPDATE subject_request SET status = 'in-progress' WHERE status = 'identity-verified' AND id = ?", "",
			      "request.start", "status");
}

enum status request_complete(struct session *session, long long request_id, const char *outcome)
{
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (!request_identity_verified(&request))
		return database_refuse(session->db, _("the identity is not verified: the request cannot be completed, only refused"));
	char reason[160], now[32];
	if (!validate_text(outcome, 1000, true, true, reason, sizeof reason))
		return database_refuse(session->db, _("describe the outcome"));
	if (!validate_no_identity_numbers(outcome, reason, sizeof reason))
		return database_refuse(session->db, reason);
	clock_format_iso(clock_now(), now, sizeof now);
	status = permission_require(session, PERMISSION_HANDLE_REQUESTS);   /* its refusal is audited outside */
	if (status == STATUS_OK)
		status = database_begin(session->db);
	if (status == STATUS_OK)
		status = change_request(session, request_id, PERMISSION_HANDLE_REQUESTS,
			      "UPDATE subject_request SET status = 'completed', outcome = ?, closed_at = ?, closed_by = ? WHERE id = ?",
			      "tti", "request.complete", "status,outcome", outcome, now, session->account_id);
	if (status == STATUS_OK)   /* closed: only what accountability needs stays (issue 13) */
		status = request_clean_on_close(session->db, request_id);
	return database_finish(session->db, status);
}

enum status request_refuse(struct session *session, long long request_id, const char *reason)
{
	char check[160], now[32];
	if (!validate_text(reason, 1000, true, true, check, sizeof check))
		return database_refuse(session->db, _("give the reason for refusing"));
	if (!validate_no_identity_numbers(reason, check, sizeof check))
		return database_refuse(session->db, check);
	clock_format_iso(clock_now(), now, sizeof now);
	enum status status = permission_require(session, PERMISSION_DECIDE_REQUESTS);   /* audited outside */
	if (status == STATUS_OK)
		status = database_begin(session->db);
	if (status == STATUS_OK)
		status = change_request(session, request_id, PERMISSION_DECIDE_REQUESTS,
			      "UPDATE subject_request SET status = 'refused', refusal_reason = ?, closed_at = ?, closed_by = ? WHERE id = ?",
			      "tti", "request.refuse", "status,refusal_reason", reason, now, session->account_id);
	if (status == STATUS_OK)   /* closed: only what accountability needs stays (issue 13) */
		status = request_clean_on_close(session->db, request_id);
	return database_finish(session->db, status);
}

enum status request_notify_recipient(struct session *session, long long request_id, long long recipient_id,
				     const char *note)
{
	/* Also after the request is closed: an erasure closes it, and then the
	 * recipients are told (GDPR Art. 19). */
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char today[11];
	calendar_today(today);
	char check[160];
	if (note && !validate_text(note, 400, false, false, check, sizeof check))
		return database_refuse(db, check);
	status = database_begin(db);
	/* Only a recipient that received the data of the request's person. */
	if (status == STATUS_OK)
		status = database_run(db, "INSERT INTO recipient_notification (recipient_id, notified_on, note, recorded_by, "
				      "request_id) SELECT recipient_id, ?, ?, ?, request_id FROM request_recipient "
				      "WHERE request_id = ? AND recipient_id = ? "
				      "ON CONFLICT (request_id, recipient_id) DO UPDATE SET notified_on = excluded.notified_on, "
				      "note = excluded.note, recorded_by = excluded.recorded_by", "ttiii", today, note ? note : "",
				      session->account_id, request_id, recipient_id);
	if (status == STATUS_OK && database_changes(db) != 1) {
		snprintf(db->error, sizeof db->error,
			 _("recipient #%lld did not receive the data of request #%lld's person: nothing to tell"), recipient_id,
			 request_id);
		status = STATUS_ERR_INVALID;
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "request.notify-recipient", "request", request_id, "recipient_notification");
	return database_finish(db, status);
}

enum status request_apply_objection(struct session *session, long long request_id, int *bans)
{
	*bans = 0;
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	if (request.kind != REQUEST_OBJECTION)
		return database_refuse(session->db, _("only an objection request sets bans"));
	long long contacts[64];
	int count = request_contacts(session, request_id, contacts, 64);
	if (count < 0)
		return STATUS_ERR_FORBIDDEN;
	struct purpose purposes[32];
	int purpose_count = consent_purposes(session->db, purposes, 32);
	enum consent_channel channel = request.channel == REQUEST_CHANNEL_LETTER ? CONSENT_CHANNEL_LETTER
		: request.channel == REQUEST_CHANNEL_EMAIL ? CONSENT_CHANNEL_EMAIL
		: request.channel == REQUEST_CHANNEL_PHONE ? CONSENT_CHANNEL_PHONE : CONSENT_CHANNEL_IN_PERSON;
	struct database *db = session->db;
	status = database_begin(db);
	for (int c = 0; status == STATUS_OK && c < count; c++) {
		for (int p = 0; status == STATUS_OK && p < purpose_count; p++) {
			struct consent_event event = { .state = CONSENT_STATE_OBJECTION, .channel = channel };
			text_copy(event.purpose, sizeof event.purpose, purposes[p].code);
			text_copy(event.given_on, sizeof event.given_on, request.received_on);
			snprintf(event.note, sizeof event.note, _("objection request #%lld"), request_id);
			status = consent_record(session, contacts[c], &event);
			if (status == STATUS_OK)
				(*bans)++;
		}
	}
	return database_finish(db, status);
}

/* ---- Reading a person's requests in full, for the access report ---- */

enum status request_each_for_contact(struct session *session, long long contact_id,
				     enum status (*visit)(const struct subject_request *request, void *context),
				     void *context)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db, REQUEST_SELECT
		"WHERE r.id IN (SELECT request_id FROM request_contact WHERE contact_id = ?) ORDER BY r.received_on, r.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	struct subject_request request;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		read_request(statement, &request);
		status = visit(&request, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "requests");
	database_finalize(statement);
	return status;
}

enum status request_id_checks_each(struct session *session, long long request_id,
				   enum status (*visit)(const struct id_check_record *record, void *context),
				   void *context)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT i.document_kind, i.photo_matched, i.name_matched, i.concerns, i.checked_at, coalesce(a.username, '') "
		"FROM id_check i LEFT JOIN account a ON a.id = i.checked_by WHERE i.request_id = ? ORDER BY i.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, request_id);
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct id_check_record record = { 0 };
		document_kind_parse(database_text(statement, 0), &record.check.document);
		record.check.photo_matched = statement_column_int(statement, 1) != 0;
		record.check.name_matched = statement_column_int(statement, 2) != 0;
		record.check.concerns_representative = strcmp(database_text(statement, 3), "representative") == 0;
		record.verified = record.check.photo_matched && record.check.name_matched;
		text_copy(record.checked_at, sizeof record.checked_at, database_text(statement, 4));
		text_copy(record.checked_by, sizeof record.checked_by, database_text(statement, 5));
		status = visit(&record, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "ID checks");
	database_finalize(statement);
	return status;
}

enum status request_notifications_each(struct session *session, long long request_id,
				       enum status (*visit)(const struct recipient_notice *notice, void *context),
				       void *context)
{
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT r.name, n.notified_on, n.note, coalesce(a.username, '') FROM recipient_notification n "
		"JOIN recipient r ON r.id = n.recipient_id LEFT JOIN account a ON a.id = n.recorded_by "
		"WHERE n.request_id = ? ORDER BY n.notified_on, n.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, request_id);
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct recipient_notice notice = { 0 };
		text_copy(notice.recipient, sizeof notice.recipient, database_text(statement, 0));
		text_copy(notice.notified_on, sizeof notice.notified_on, database_text(statement, 1));
		text_copy(notice.note, sizeof notice.note, database_text(statement, 2));
		text_copy(notice.recorded_by, sizeof notice.recorded_by, database_text(statement, 3));
		status = visit(&notice, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "recipient notifications");
	database_finalize(statement);
	return status;
}

/* ---- The recipients to tell (GDPR Art. 19) ---- */

static int read_recipients(struct database *db, struct statement *statement, struct request_recipient *out, int max)
{
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct request_recipient *row = &out[count++];
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		text_copy(row->name, sizeof row->name, database_text(statement, 1));
		text_copy(row->country, sizeof row->country, database_text(statement, 2));
		text_copy(row->notified_on, sizeof row->notified_on, database_text(statement, 3));
	}
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(db, "recipients");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

int request_recipients(struct session *session, long long request_id, struct request_recipient *out, int max)
{
	struct subject_request request;
	if (request_load(session, request_id, &request) != STATUS_OK)
		return -1;
	/* Whom the person's data went to is the person's data too. */
	if (!request_identity_verified(&request) && request.status != REQUEST_STATUS_COMPLETED) {
		snprintf(session->db->error, sizeof session->db->error, "%s",
			 _("identity not verified: nothing of the requester may be shown yet"));
		return -1;
	}
	struct statement *statement = database_prepare(session->db,
		"SELECT r.id, r.name, r.country, coalesce(n.notified_on, '') FROM request_recipient rr "
		"JOIN recipient r ON r.id = rr.recipient_id "
		"LEFT JOIN recipient_notification n ON n.request_id = rr.request_id AND n.recipient_id = rr.recipient_id "
		"WHERE rr.request_id = ? ORDER BY r.name COLLATE finnish, r.id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, request_id);
	return read_recipients(session->db, statement, out, max);
}

int request_recipients_of_contact(struct session *session, long long contact_id, struct request_recipient *out, int max)
{
	if (!permission_allows(session->role, PERMISSION_ERASE) &&
	    permission_require(session, PERMISSION_HANDLE_REQUESTS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT r.id, r.name, r.country, '' FROM recipient r WHERE EXISTS (SELECT 1 FROM disclosure_contact dc "
		"JOIN disclosure d ON d.id = dc.disclosure_id WHERE d.recipient_id = r.id AND dc.contact_id = ?) "
		"ORDER BY r.name COLLATE finnish, r.id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	return read_recipients(session->db, statement, out, max);
}

/* ---- Rectification (GDPR Art. 16) ---- */

enum status request_rectify(struct session *session, long long request_id, struct contact *contact,
			    bool duplicate_confirmed, struct contact_conflict *conflict)
{
	struct subject_request request;
	enum status status = request_load(session, request_id, &request);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	if (request.kind != REQUEST_RECTIFICATION)
		return database_refuse(db, _("only a rectification request rectifies a record"));
	if (request.status == REQUEST_STATUS_COMPLETED || request.status == REQUEST_STATUS_REFUSED)
		return database_refuse(db, _("the request is closed"));
	long long linked[64];
	int count = request_contacts(session, request_id, linked, 64);
	if (count < 0)
		return STATUS_ERR_INVALID;
	bool found = false;
	for (int i = 0; i < count; i++)
		found = found || linked[i] == contact->id;
	if (!found) {
		snprintf(db->error, sizeof db->error, _("contact #%lld is not linked to request #%lld"), contact->id, request_id);
		return STATUS_ERR_INVALID;
	}
	return contact_save_for_request(session, contact, request_id, duplicate_confirmed, conflict);
}

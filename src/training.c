/* Trainings and events: sessions, registrations, attendance, certificates,
 * events; a trainer's view limited to their own sessions (product brief). */
#include "training.h"
#include "database_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact_internal.h"
#include "disclosure_internal.h"
#include "i18n.h"
#include "organisation.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

static const struct {
	const char *code;
	const char *label;
} certificate_kinds[] = {
#define ROW(name, code, label) [CERTIFICATE_KIND_##name] = { code, label },
	CERTIFICATE_KINDS(ROW)
#undef ROW
}, registrars[] = {
#define ROW(name, code, label) [REGISTRAR_##name] = { code, label },
	REGISTRARS(ROW)
#undef ROW
}, attendances[] = {
#define ROW(name, code, label) [ATTENDANCE_##name] = { code, label },
	ATTENDANCES(ROW)
#undef ROW
}, event_sources[] = {
#define ROW(name, code, label) [EVENT_SOURCE_##name] = { code, label },
	EVENT_SOURCES(ROW)
#undef ROW
};

const char *certificate_kind_label(enum certificate_kind kind) { return _(certificate_kinds[kind].label); }
const char *registrar_label(enum registrar registrar) { return _(registrars[registrar].label); }
const char *attendance_label(enum attendance attendance) { return _(attendances[attendance].label); }
const char *event_source_label(enum event_source source) { return _(event_sources[source].label); }

static int code_index(const char *code, int count, const char *(*code_of)(int))
{
	for (int i = 0; i < count; i++)
		if (strcmp(code, code_of(i)) == 0)
			return i;
	return 0;
}

static const char *certificate_code(int i) { return certificate_kinds[i].code; }
static const char *registrar_code(int i) { return registrars[i].code; }
static const char *attendance_code(int i) { return attendances[i].code; }
static const char *event_source_code(int i) { return event_sources[i].code; }

static void now_iso(char out[32])
{
	clock_format_iso(clock_now(), out, 32);
}

/* True when the recipient exists and is of the kind (its code): a session's
 * external trainer and an event's venue are the recipients the list goes to,
 * so the screens' choices (only that kind) hold for every caller. */
static bool recipient_is_kind(struct database *db, long long recipient_id, const char *kind)
{
	struct statement *statement = database_prepare(db, "SELECT 1 FROM recipient WHERE id = ? AND kind = ?");
	if (!statement)
		return false;
	statement_bind_int64(statement, 1, recipient_id);
	statement_bind_text(statement, 2, kind);
	bool found = statement_step(statement) == STORAGE_ROW;
	database_finalize(statement);
	return found;
}

/* ---- Courses ---- */

enum status course_save(struct session *session, struct course *course)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_TRAININGS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* Stored composed (NFC), whichever form the screen, batch or file sent. */
	text_nfc_into(course->name, course->name, sizeof course->name);
	text_nfc_into(course->description, course->description, sizeof course->description);
	char reason[160];
	if (!validate_text(course->name, 200, true, false, reason, sizeof reason) ||
	    !validate_text(course->description, 1000, false, true, reason, sizeof reason))
		return database_refuse(db, reason);
	if (course->validity_months < 0 || course->validity_months > 1200)
		return database_refuse(db, _("validity is 0 to 1200 months"));
	char now[32];
	now_iso(now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	if (course->id)
		status = database_run(db, "UPDATE course SET name = ?, description = ?, certificate_kind = ?, validity_months = ? WHERE id = ?",
			     "tttii", course->name, course->description, certificate_kinds[course->certificate_kind].code,
			     (long long)course->validity_months, course->id);
	else
		status = database_run(db, "INSERT INTO course (name, description, certificate_kind, validity_months, created_at, created_by) "
			     "VALUES (?, ?, ?, ?, ?, ?)", "tttiti", course->name, course->description,
			     certificate_kinds[course->certificate_kind].code, (long long)course->validity_months, now,
			     session->account_id);
	if (status == STATUS_OK && !course->id)
		course->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "course.save", "course", course->id, "name,certificate_kind,validity_months");
	return database_finish(db, status);
}

int course_list(struct session *session, struct course *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_TRAININGS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT id, name, description, certificate_kind, validity_months FROM course ORDER BY name COLLATE finnish");
	if (!statement)
		return -1;
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct course *course = &out[count++];
		course->id = statement_column_int64(statement, 0);
		text_copy(course->name, sizeof course->name, database_text(statement, 1));
		text_copy(course->description, sizeof course->description, database_text(statement, 2));
		course->certificate_kind = (enum certificate_kind)code_index(database_text(statement, 3), CERTIFICATE_KIND_COUNT, certificate_code);
		course->validity_months = statement_column_int(statement, 4);
	}
	database_finalize(statement);
	return count;
}

/* ---- Sessions and who may see them ---- */

/* A trainer may touch only sessions they give or created; the privacy
 * officer all. Refusals are audited like any other. */
static enum status require_session_access(struct session *session, long long session_id)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_TRAININGS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT coalesce(trainer_account_id, 0), coalesce(created_by, 0) FROM training_session WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, session_id);
	int rc = statement_step(statement);
	long long trainer = rc == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	long long creator = rc == STORAGE_ROW ? statement_column_int64(statement, 1) : 0;
	database_finalize(statement);
	if (rc != STORAGE_ROW) {
		snprintf(session->db->error, sizeof session->db->error, _("no training session #%lld"), session_id);
		return STATUS_ERR_NOT_FOUND;
	}
	if (session->role == ROLE_PRIVACY_OFFICER || trainer == session->account_id || creator == session->account_id)
		return STATUS_OK;
	audit_append(session->db, session->account_id, "permission.denied", "training_session", session_id, "other trainer's session");
	snprintf(session->db->error, sizeof session->db->error, "%s", _("this is another trainer's session"));
	return STATUS_ERR_FORBIDDEN;
}

static long long session_of_registration(struct database *db, long long registration_id)
{
	struct statement *statement = database_prepare(db, "SELECT session_id FROM registration WHERE id = ?");
	if (!statement)
		return 0;
	statement_bind_int64(statement, 1, registration_id);
	long long id = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return id;
}

enum status training_session_save(struct session *session, struct training_session *training)
{
	enum status status = training->id ? require_session_access(session, training->id)
					  : permission_require(session, PERMISSION_MANAGE_TRAININGS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* Stored composed (NFC), whichever form the screen, batch or file sent. */
	text_nfc_into(training->place, training->place, sizeof training->place);
	char reason[160], date[16];
	int hour = 0, minute = 0;
	char day[11] = "";
	if (sscanf(training->starts_at, "%10s %d:%d", day, &hour, &minute) < 1 ||
	    !validate_date(day, date, sizeof date, reason, sizeof reason) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
		return database_refuse(db, _("the start looks like 2026-12-01 09:00"));
	snprintf(training->starts_at, sizeof training->starts_at, "%.10s %02d:%02d", date, hour, minute);
	if (!validate_text(training->place, 200, false, false, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!training->course_id)
		return database_refuse(db, _("choose the course"));
	/* A trainer gives their own sessions, unless an external trainer does (notice §2.6). */
	if (session->role == ROLE_TRAINER && !training->external_trainer_id)
		training->trainer_account_id = session->account_id;
	if (!training->trainer_account_id == !training->external_trainer_id)
		return database_refuse(db, _("the session has one trainer: one of ours or an external one"));
	if (training->external_trainer_id && !recipient_is_kind(db, training->external_trainer_id, "external-trainer"))
		return database_refuse(db, _("the external trainer must be a recipient of the kind external trainer (notice §2.6)"));
	char now[32];
	now_iso(now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	const char *sql = training->id
		? "UPDATE training_session SET course_id = ?1, starts_at = ?2, place = ?3, capacity = ?4, trainer_account_id = ?5, "
		  "external_trainer_id = ?6 WHERE id = ?7"
		: "INSERT INTO training_session (course_id, starts_at, place, capacity, trainer_account_id, external_trainer_id, "
		  "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		status = STATUS_ERR_DATABASE;
	else {
		statement_bind_int64(statement, 1, training->course_id);
		statement_bind_text(statement, 2, training->starts_at);
		statement_bind_text(statement, 3, training->place);
		statement_bind_int(statement, 4, training->capacity);
		if (training->trainer_account_id)
			statement_bind_int64(statement, 5, training->trainer_account_id);
		if (training->external_trainer_id)
			statement_bind_int64(statement, 6, training->external_trainer_id);
		if (training->id) {
			statement_bind_int64(statement, 7, training->id);
		} else {
			statement_bind_text(statement, 7, now);
			statement_bind_int64(statement, 8, session->account_id);
		}
		int rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			status = rc == STORAGE_CONSTRAINT_FOREIGNKEY ? database_refuse(db, _("no such course or trainer")) : database_fail(db, "session");
	}
	if (status == STATUS_OK && !training->id)
		training->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "training.session-save", "training_session", training->id,
				      "course_id,starts_at,place,capacity,trainer");
	return database_finish(db, status);
}

#define SESSION_SELECT \
	"SELECT s.id, s.course_id, c.name, s.starts_at, s.place, s.capacity, coalesce(s.trainer_account_id, 0), " \
	"coalesce(s.external_trainer_id, 0), coalesce(a.full_name, r.name, ''), " \
	"(SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'registered'), " \
	"(SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'registered' AND g.attendance = 'present') " \
	"FROM training_session s JOIN course c ON c.id = s.course_id LEFT JOIN account a ON a.id = s.trainer_account_id " \
	"LEFT JOIN recipient r ON r.id = s.external_trainer_id "

static void read_session(struct statement *statement, struct training_session *out)
{
	memset(out, 0, sizeof *out);
	out->id = statement_column_int64(statement, 0);
	out->course_id = statement_column_int64(statement, 1);
	text_copy(out->course_name, sizeof out->course_name, database_text(statement, 2));
	text_copy(out->starts_at, sizeof out->starts_at, database_text(statement, 3));
	text_copy(out->place, sizeof out->place, database_text(statement, 4));
	out->capacity = statement_column_int(statement, 5);
	out->trainer_account_id = statement_column_int64(statement, 6);
	out->external_trainer_id = statement_column_int64(statement, 7);
	text_copy(out->trainer_name, sizeof out->trainer_name, database_text(statement, 8));
	out->registered = statement_column_int(statement, 9);
	out->present = statement_column_int(statement, 10);
}

enum status training_session_load(struct session *session, long long id, struct training_session *out)
{
	enum status status = require_session_access(session, id);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db, SESSION_SELECT "WHERE s.id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		read_session(statement, out);
	database_finalize(statement);
	return rc == STORAGE_ROW ? STATUS_OK : STATUS_ERR_NOT_FOUND;
}

int training_session_list(struct session *session, struct training_session *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_TRAININGS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db, SESSION_SELECT
		"WHERE ?1 OR s.trainer_account_id = ?2 OR s.created_by = ?2 ORDER BY s.starts_at DESC, s.id DESC");
	if (!statement)
		return -1;
	statement_bind_int(statement, 1, session->role == ROLE_PRIVACY_OFFICER);
	statement_bind_int64(statement, 2, session->account_id);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW)
		read_session(statement, &out[count++]);
	database_finalize(statement);
	return count;
}

int training_participants(struct session *session, long long session_id, struct participant *out, int max)
{
	if (require_session_access(session, session_id) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT g.id, g.contact_id, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), c.email, g.registered_by, "
		"g.registered_by_name, g.status = 'cancelled', g.attendance, coalesce(k.number, ''), coalesce(k.valid_until, '') "
		"FROM registration g JOIN contact c ON c.id = g.contact_id LEFT JOIN organisation o ON o.id = c.organisation_id "
		"LEFT JOIN certificate k ON k.registration_id = g.id WHERE g.session_id = ? ORDER BY c.sort_key, c.id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, session_id);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct participant *row = &out[count++];
		memset(row, 0, sizeof *row);
		row->registration_id = statement_column_int64(statement, 0);
		row->contact_id = statement_column_int64(statement, 1);
		text_copy(row->name, sizeof row->name, database_text(statement, 2));
		text_copy(row->organisation, sizeof row->organisation, database_text(statement, 3));
		text_copy(row->email, sizeof row->email, database_text(statement, 4));
		row->registrar = (enum registrar)code_index(database_text(statement, 5), REGISTRAR_COUNT, registrar_code);
		text_copy(row->registrar_name, sizeof row->registrar_name, database_text(statement, 6));
		row->cancelled = statement_column_int(statement, 7) != 0;
		row->attendance = (enum attendance)code_index(database_text(statement, 8), ATTENDANCE_COUNT, attendance_code);
		text_copy(row->certificate_number, sizeof row->certificate_number, database_text(statement, 9));
		text_copy(row->valid_until, sizeof row->valid_until, database_text(statement, 10));
	}
	database_finalize(statement);
	return count;
}

/* Registers inside the caller's transaction; adds the training category. */
static enum status insert_registration(struct session *session, long long session_id, long long contact_id,
				       enum registrar registrar, const char *registrar_name)
{
	struct database *db = session->db;
	char reason[160], today[11];
	enum status writable = contact_require_writable(db, contact_id);
	if (writable != STATUS_OK)
		return writable;
	if (registrar != REGISTRAR_SELF && !*registrar_name)
		return database_refuse(db, _("name the employer or the party that registered them (notice §1.4)"));
	if (!validate_text(registrar_name, 200, false, false, reason, sizeof reason))
		return database_refuse(db, reason);
	calendar_today(today);
	/* Registered before and cancelled: register again. Registered now:
	 * who registered them and when stay as recorded (notice §1.4). */
	enum status status = database_run(db, "INSERT INTO registration (session_id, contact_id, registered_by, registered_by_name, "
				 "registered_on) SELECT ?, id, ?, ?, ? FROM contact WHERE id = ? AND merged_into IS NULL "
				 "ON CONFLICT (session_id, contact_id) DO UPDATE SET status = 'registered', "
				 "registered_by = excluded.registered_by, registered_by_name = excluded.registered_by_name, "
				 "registered_on = excluded.registered_on WHERE registration.status = 'cancelled'",
				 "ittti", session_id, registrars[registrar].code, registrar_name,
				 today, contact_id);
	if (status == STATUS_OK && database_changes(db) != 1) {
		struct statement *statement = database_prepare(db,
			"SELECT 1 FROM registration WHERE session_id = ? AND contact_id = ?");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_int64(statement, 1, session_id);
		statement_bind_int64(statement, 2, contact_id);
		bool registered = statement_step(statement) == STORAGE_ROW;
		database_finalize(statement);
		if (!registered)
			return database_refuse(db, _("no such contact"));
		snprintf(db->error, sizeof db->error, "%s", _("already registered for this session"));
		return STATUS_ERR_EXISTS;
	}
	if (status == STATUS_OK)
		status = database_run(db, "INSERT OR IGNORE INTO contact_category (contact_id, category) VALUES (?, 'training')", "i", contact_id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "training.register", "contact", contact_id, "registration");
	return status;
}

enum status training_register(struct session *session, long long session_id, long long contact_id,
			      enum registrar registrar, const char *registrar_name)
{
	enum status status = require_session_access(session, session_id);
	if (status != STATUS_OK)
		return status;
	/* A trainer registers only people already in their sessions or added by them. */
	if (session->role == ROLE_TRAINER) {
		struct statement *statement = database_prepare(session->db,
			"SELECT 1 FROM registration g JOIN training_session s ON s.id = g.session_id WHERE g.contact_id = ? "
			"AND (s.trainer_account_id = ? OR s.created_by = ?)");
		bool known = false;
		if (statement) {
			statement_bind_int64(statement, 1, contact_id);
			statement_bind_int64(statement, 2, session->account_id);
			statement_bind_int64(statement, 3, session->account_id);
			known = statement_step(statement) == STORAGE_ROW;
			database_finalize(statement);
		}
		if (!known)
			return permission_require(session, PERMISSION_VIEW_REGISTER);
	}
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = insert_registration(session, session_id, contact_id, registrar, registrar_name);
	return database_finish(db, status);
}

/* Finds an organisation by exact name, or creates it (inside the transaction). */
static enum status organisation_for_name(struct session *session, const char *name, long long *id)
{
	*id = 0;
	if (!*name)
		return STATUS_OK;
	char folded[1024];
	text_search_fold(name, folded, sizeof folded);
	struct statement *statement = database_prepare(session->db, "SELECT id FROM organisation WHERE search_text = ? ORDER BY id LIMIT 1");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, folded);
	if (statement_step(statement) == STORAGE_ROW)
		*id = statement_column_int64(statement, 0);
	database_finalize(statement);
	if (*id)
		return STATUS_OK;
	/* Saved under the caller's training right: the organisation is part of the participant. */
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, name);
	enum status status = organisation_save_checked(session, &organisation);
	*id = organisation.id;
	organisation_free(&organisation);
	return status;
}

enum status training_quick_add(struct session *session, long long session_id, const struct quick_participant *person,
			       bool force, struct contact_duplicate *duplicates, int *duplicate_count,
			       long long *contact_id)
{
	*contact_id = 0;
	if (duplicate_count)
		*duplicate_count = 0;
	enum status status = require_session_access(session, session_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, person->first_name);
	contact_set(&contact, CONTACT_LAST_NAME, person->last_name);
	contact_set(&contact, CONTACT_EMAIL, person->email);
	/* The data source follows who registered them (notice §1.4). */
	contact_set(&contact, CONTACT_SOURCE, person->registrar == REGISTRAR_EMPLOYER ? "employer"
			    : person->registrar == REGISTRAR_OTHER ? "registering-party" : "person");
	if (person->registrar == REGISTRAR_OTHER)
		contact_set(&contact, CONTACT_SOURCE_DETAIL, person->registrar_name);
	contact.categories = 1u << CATEGORY_TRAINING;
	enum contact_field bad;
	char reason[256];
	if (!contact_validate(db, &contact, &bad, reason, sizeof reason)) {
		snprintf(db->error, sizeof db->error, "%s: %s", contact_field_label(bad), reason);
		contact_free(&contact);
		return STATUS_ERR_INVALID;
	}
	status = database_begin(db);
	if (status == STATUS_OK)
		status = organisation_for_name(session, person->organisation, &contact.organisation_id);
	struct contact_duplicate found[8];
	int count = 0;
	if (status == STATUS_OK) {
		/* The duplicate rules of the register; a trainer is told nothing
		 * about the people found. */
		count = contact_find_duplicates_checked(session, &contact, found, 8);
		if (count < 0)
			status = STATUS_ERR_DATABASE;
	}
	/* A trainer never sees or links people outside their sessions: the
	 * participant is made as typed and flagged for reception or the privacy
	 * officer to merge; the trainer is told nothing of the other record. */
	bool flag = status == STATUS_OK && count > 0 && session->role == ROLE_TRAINER;
	if (status == STATUS_OK && count > 0 && !flag && !force) {
		for (int i = 0; duplicates && i < count; i++)
			duplicates[i] = found[i];
		if (duplicate_count)
			*duplicate_count = count;
		status = STATUS_ERR_EXISTS;
	}
	if (status == STATUS_OK) {
		status = contact_store_save_checked(session, &contact, count > 0 && !flag, NULL);
		*contact_id = contact.id;
	}
	for (int i = 0; flag && status == STATUS_OK && i < count; i++)
		status = contact_store_flag_possible_duplicate(db, session->account_id, contact.id, found[i].id,
							       found[i].match == DUPLICATE_EMAIL ? "e-mail"
							       : found[i].match == DUPLICATE_PHONE ? "phone" : "name");
	if (status == STATUS_OK)
		status = insert_registration(session, session_id, *contact_id, person->registrar, person->registrar_name);
	contact_free(&contact);
	if (status != STATUS_OK)
		*contact_id = 0;
	return database_finish(db, status);
}

int training_candidates(struct session *session, const char *text, struct contact_row *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_TRAININGS) != STATUS_OK)
		return -1;
	if (session->role != ROLE_TRAINER) {
		struct contact_query query = { "", 0 };
		text_copy(query.text, sizeof query.text, text);
		return contact_search_page(session, &query, NULL, false, out, max);
	}
	/* A trainer picks only from people of their own sessions. */
	char folded[512];
	text_search_fold(text, folded, sizeof folded);
	struct statement *statement = database_prepare(session->db,
		"SELECT DISTINCT c.id, c.sort_key, c.last_name || ', ' || c.first_name, coalesce(o.name, '') FROM registration g "
		"JOIN training_session s ON s.id = g.session_id JOIN contact c ON c.id = g.contact_id "
		"LEFT JOIN organisation o ON o.id = c.organisation_id WHERE (s.trainer_account_id = ?1 OR s.created_by = ?1) "
		"AND c.merged_into IS NULL AND words_match(c.search_text, ?2) ORDER BY c.sort_key, c.id LIMIT ?3");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, session->account_id);
	statement_bind_text(statement, 2, folded);
	statement_bind_int(statement, 3, max);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct contact_row *row = &out[count++];
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		row->position.id = row->id;
		text_copy(row->position.sort_key, sizeof row->position.sort_key, database_text(statement, 1));
		text_copy(row->name, sizeof row->name, database_text(statement, 2));
		text_copy(row->organisation, sizeof row->organisation, database_text(statement, 3));
	}
	database_finalize(statement);
	return count;
}

/* A change of one registration of a session the user may access. */
static enum status change_registration(struct session *session, long long registration_id, const char *sql,
				       const char *value, const char *action)
{
	long long session_id = session_of_registration(session->db, registration_id);
	enum status status = require_session_access(session, session_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, sql, "ti", value, registration_id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, action, "registration", registration_id, "attendance,status");
	return database_finish(db, status);
}

enum status training_cancel_registration(struct session *session, long long registration_id)
{
	return change_registration(session, registration_id, "UPDATE registration SET status = ? WHERE id = ?", "cancelled",
				   "training.cancel");
}

enum status training_mark(struct session *session, long long registration_id, enum attendance attendance)
{
	return change_registration(session, registration_id, "UPDATE registration SET attendance = ? WHERE id = ?",
				   attendances[attendance].code, "training.attendance");
}

enum status training_mark_all_present(struct session *session, long long session_id, int *marked)
{
	enum status status = require_session_access(session, session_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "UPDATE registration SET attendance = 'present' WHERE session_id = ? AND status = 'registered' "
			     "AND attendance = ''", "i", session_id);
	*marked = status == STATUS_OK ? database_changes(db) : 0;
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "training.attendance-all", "training_session", session_id, "attendance");
	return database_finish(db, status);
}

enum status training_issue_certificates(struct session *session, long long session_id, int *issued)
{
	*issued = 0;
	struct training_session training;
	enum status status = training_session_load(session, session_id, &training);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct course courses[1];
	struct statement *statement = database_prepare(db, "SELECT certificate_kind, validity_months FROM course WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, training.course_id);
	if (statement_step(statement) == STORAGE_ROW) {
		courses[0].certificate_kind = (enum certificate_kind)code_index(database_text(statement, 0), CERTIFICATE_KIND_COUNT, certificate_code);
		courses[0].validity_months = statement_column_int(statement, 1);
	} else {
		courses[0].certificate_kind = CERTIFICATE_KIND_NONE;
	}
	database_finalize(statement);
	if (courses[0].certificate_kind == CERTIFICATE_KIND_NONE)
		return database_refuse(db, _("the course leads to no certificate or permit card"));
	char today[11], valid_until[11] = "";
	calendar_today(today);
	if (courses[0].validity_months > 0)
		calendar_add_months(today, courses[0].validity_months, valid_until);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	statement = database_prepare(db,
		"SELECT g.id, g.contact_id FROM registration g WHERE g.session_id = ? AND g.status = 'registered' "
		"AND g.attendance = 'present' AND NOT EXISTS (SELECT 1 FROM certificate k WHERE k.registration_id = g.id)");
	if (!statement)
		return database_finish(db, STATUS_ERR_DATABASE);
	statement_bind_int64(statement, 1, session_id);
	while (status == STATUS_OK && statement_step(statement) == STORAGE_ROW) {
		long long registration_id = statement_column_int64(statement, 0);
		long long contact_id = statement_column_int64(statement, 1);
		char number[64];
		snprintf(number, sizeof number, "%.4s-%lld-%lld", today, session_id, registration_id);
		struct statement *insert = database_prepare(db,
			"INSERT INTO certificate (registration_id, contact_id, kind, number, issued_on, valid_until, issuer_account_id, "
			"issuer_recipient_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
		if (!insert) {
			status = STATUS_ERR_DATABASE;
			break;
		}
		statement_bind_int64(insert, 1, registration_id);
		statement_bind_int64(insert, 2, contact_id);
		statement_bind_text(insert, 3, certificate_kinds[courses[0].certificate_kind].code);
		statement_bind_text(insert, 4, number);
		statement_bind_text(insert, 5, today);
		statement_bind_text(insert, 6, valid_until);
		/* The issuer: the session's trainer, ours or external (notice §2.6). */
		if (training.trainer_account_id)
			statement_bind_int64(insert, 7, training.trainer_account_id);
		if (training.external_trainer_id)
			statement_bind_int64(insert, 8, training.external_trainer_id);
		if (statement_step(insert) != STORAGE_DONE)
			status = database_fail(db, "certificate");
		database_finalize(insert);
		if (status == STATUS_OK)
			status = audit_append(db, session->account_id, "training.certificate", "contact", contact_id, "certificate");
		if (status == STATUS_OK)
			(*issued)++;
	}
	database_finalize(statement);
	return database_finish(db, status);
}

int training_expiring(struct session *session, int days, struct expiring_card *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_TRAININGS) != STATUS_OK)
		return -1;
	char today[11], until[11];
	calendar_today(today);
	calendar_add_days(today, days > 0 ? days : 90, until);
	struct statement *statement = database_prepare(session->db,
		"SELECT k.contact_id, c.last_name || ', ' || c.first_name, c.email, co.name, k.kind, k.number, k.valid_until "
		"FROM certificate k JOIN contact c ON c.id = k.contact_id JOIN registration g ON g.id = k.registration_id "
		"JOIN training_session s ON s.id = g.session_id JOIN course co ON co.id = s.course_id "
		"WHERE k.valid_until <> '' AND k.valid_until >= ?1 AND k.valid_until <= ?2 AND c.merged_into IS NULL "
		"AND (?3 OR s.trainer_account_id = ?4 OR s.created_by = ?4) ORDER BY k.valid_until, c.sort_key LIMIT ?5");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, today);
	statement_bind_text(statement, 2, until);
	statement_bind_int(statement, 3, session->role == ROLE_PRIVACY_OFFICER);
	statement_bind_int64(statement, 4, session->account_id);
	statement_bind_int(statement, 5, max);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct expiring_card *card = &out[count++];
		card->contact_id = statement_column_int64(statement, 0);
		text_copy(card->name, sizeof card->name, database_text(statement, 1));
		text_copy(card->email, sizeof card->email, database_text(statement, 2));
		text_copy(card->course, sizeof card->course, database_text(statement, 3));
		card->certificate_kind = (enum certificate_kind)code_index(database_text(statement, 4), CERTIFICATE_KIND_COUNT,
									   certificate_code);
		text_copy(card->kind, sizeof card->kind, certificate_kind_label(card->certificate_kind));
		text_copy(card->number, sizeof card->number, database_text(statement, 5));
		text_copy(card->valid_until, sizeof card->valid_until, database_text(statement, 6));
	}
	database_finalize(statement);
	return count;
}

/* Contact ids from a query with one integer parameter. */
static long long *collect_ids(struct database *db, const char *sql, long long parameter, long long *count)
{
	*count = 0;
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return NULL;
	statement_bind_int64(statement, 1, parameter);
	long long capacity = 64;
	long long *ids = malloc((size_t)capacity * sizeof *ids);
	while (ids && statement_step(statement) == STORAGE_ROW) {
		if (*count == capacity) {
			long long *grown = realloc(ids, (size_t)(capacity *= 2) * sizeof *ids);
			if (!grown) {
				free(ids);
				ids = NULL;
				break;
			}
			ids = grown;
		}
		ids[(*count)++] = statement_column_int64(statement, 0);
	}
	database_finalize(statement);
	return ids;
}

enum status training_export_for_trainer(struct session *session, long long session_id, const char *path,
					char sha256_hex[65], long long *count)
{
	struct training_session training;
	enum status status = training_session_load(session, session_id, &training);
	if (status != STATUS_OK)
		return status;
	if (!training.external_trainer_id)
		return database_refuse(session->db, _("the session has no external trainer: nothing to disclose"));
	long long *ids = collect_ids(session->db,
		"SELECT g.contact_id FROM registration g JOIN contact c ON c.id = g.contact_id WHERE g.session_id = ? "
		"AND g.status = 'registered' ORDER BY c.sort_key", session_id, count);
	if (!ids)
		return STATUS_ERR_NO_MEMORY;
	char purpose[900];
	snprintf(purpose, sizeof purpose, _("certificates for %s %s (notice §2.6)"), training.course_name, training.starts_at);
	status = disclosure_write_people(session, training.external_trainer_id, purpose, _("performance of the training agreement"),
					 "first_name,last_name,organisation", ids, *count, path, sha256_hex);
	free(ids);
	return status;
}

/* ---- Events ---- */

enum status event_save(struct session *session, struct event *event)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_EVENTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* Stored composed (NFC), whichever form the screen, batch or file sent. */
	text_nfc_into(event->name, event->name, sizeof event->name);
	text_nfc_into(event->venue_name, event->venue_name, sizeof event->venue_name);
	text_nfc_into(event->place, event->place, sizeof event->place);
	char reason[160], date[16];
	if (!validate_text(event->name, 200, true, false, reason, sizeof reason) ||
	    !validate_text(event->place, 200, false, false, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!*event->date)
		return database_refuse(db, _("the event needs a date"));
	if (!validate_date(event->date, date, sizeof date, reason, sizeof reason))
		return database_refuse(db, reason);
	text_copy(event->date, sizeof event->date, date);
	if (event->venue_recipient_id && !recipient_is_kind(db, event->venue_recipient_id, "venue"))
		return database_refuse(db, _("the venue must be a recipient of the kind venue (notice §2.7)"));
	char now[32];
	now_iso(now);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db, event->id
		? "UPDATE event SET name = ?1, date = ?2, venue_recipient_id = ?3, place = ?4 WHERE id = ?5"
		: "INSERT INTO event (name, date, venue_recipient_id, place, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!statement) {
		status = STATUS_ERR_DATABASE;
	} else {
		statement_bind_text(statement, 1, event->name);
		statement_bind_text(statement, 2, event->date);
		if (event->venue_recipient_id)
			statement_bind_int64(statement, 3, event->venue_recipient_id);
		statement_bind_text(statement, 4, event->place);
		if (event->id) {
			statement_bind_int64(statement, 5, event->id);
		} else {
			statement_bind_text(statement, 5, now);
			statement_bind_int64(statement, 6, session->account_id);
		}
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "event");
		database_finalize(statement);
	}
	if (status == STATUS_OK && !event->id)
		event->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "event.save", "event", event->id, "name,date,venue");
	return database_finish(db, status);
}

/* An event with its venue's name and its counts: the list's rows and one
 * event alike (event_read reads a row of it). */
#define EVENT_COLUMNS \
	"SELECT e.id, e.name, e.date, coalesce(e.venue_recipient_id, 0), coalesce(r.name, ''), e.place, " \
	"(SELECT count(*) FROM event_registration g WHERE g.event_id = e.id AND g.status = 'registered'), " \
	"(SELECT count(*) FROM event_registration g WHERE g.event_id = e.id AND g.attendance = 'present') " \
	"FROM event e LEFT JOIN recipient r ON r.id = e.venue_recipient_id"

static void event_read(struct statement *statement, struct event *event)
{
	memset(event, 0, sizeof *event);
	event->id = statement_column_int64(statement, 0);
	text_copy(event->name, sizeof event->name, database_text(statement, 1));
	text_copy(event->date, sizeof event->date, database_text(statement, 2));
	event->venue_recipient_id = statement_column_int64(statement, 3);
	text_copy(event->venue_name, sizeof event->venue_name, database_text(statement, 4));
	text_copy(event->place, sizeof event->place, database_text(statement, 5));
	event->registered = statement_column_int(statement, 6);
	event->present = statement_column_int(statement, 7);
}

int event_list(struct session *session, struct event *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_EVENTS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		EVENT_COLUMNS " ORDER BY e.date DESC, e.id DESC");
	if (!statement)
		return -1;
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		event_read(statement, &out[count++]);
	}
	database_finalize(statement);
	return count;
}

enum status event_load(struct session *session, long long id, struct event *out)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_EVENTS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		EVENT_COLUMNS " WHERE e.id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW) {
		event_read(statement, out);
	}
	database_finalize(statement);
	if (rc == STORAGE_ROW)
		return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error, _("no event #%lld"), id);
	return STATUS_ERR_NOT_FOUND;
}

enum status event_register(struct session *session, long long event_id, long long contact_id, enum event_source source)
{
	struct event event;
	enum status status = event_load(session, event_id, &event);
	if (status == STATUS_OK)
		status = contact_require_writable(session->db, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	char today[11];
	calendar_today(today);
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "INSERT INTO event_registration (event_id, contact_id, source, registered_on) "
			     "SELECT ?, id, ?, ? FROM contact WHERE id = ? AND merged_into IS NULL "
			     "ON CONFLICT (event_id, contact_id) DO UPDATE SET status = 'registered'", "itti", event_id,
			     event_sources[source].code, today, contact_id);
	if (status == STATUS_OK && database_changes(db) != 1)
		status = database_refuse(db, _("no such contact"));
	if (status == STATUS_OK)
		status = database_run(db, "INSERT OR IGNORE INTO contact_category (contact_id, category) VALUES (?, 'event')", "i", contact_id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "event.register", "contact", contact_id, "event_registration");
	return database_finish(db, status);
}

int event_guests(struct session *session, long long event_id, struct event_guest *out, int max)
{
	if (permission_require(session, PERMISSION_MANAGE_EVENTS) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT g.id, g.contact_id, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), g.source, "
		"g.status = 'cancelled', g.attendance = 'present' FROM event_registration g JOIN contact c ON c.id = g.contact_id "
		"LEFT JOIN organisation o ON o.id = c.organisation_id WHERE g.event_id = ? ORDER BY c.sort_key, c.id");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, event_id);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct event_guest *guest = &out[count++];
		guest->registration_id = statement_column_int64(statement, 0);
		guest->contact_id = statement_column_int64(statement, 1);
		text_copy(guest->name, sizeof guest->name, database_text(statement, 2));
		text_copy(guest->organisation, sizeof guest->organisation, database_text(statement, 3));
		guest->source = (enum event_source)code_index(database_text(statement, 4), EVENT_SOURCE_COUNT, event_source_code);
		guest->cancelled = statement_column_int(statement, 5) != 0;
		guest->present = statement_column_int(statement, 6) != 0;
	}
	database_finalize(statement);
	return count;
}

static enum status change_guest(struct session *session, long long registration_id, const char *sql, const char *value,
				const char *action)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_EVENTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, sql, "ti", value, registration_id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, action, "event_registration", registration_id, "attendance,status");
	return database_finish(db, status);
}

enum status event_mark(struct session *session, long long registration_id, bool present)
{
	return change_guest(session, registration_id, "UPDATE event_registration SET attendance = ? WHERE id = ?",
			    present ? "present" : "absent", "event.attendance");
}

enum status event_cancel_registration(struct session *session, long long registration_id)
{
	return change_guest(session, registration_id, "UPDATE event_registration SET status = ? WHERE id = ?", "cancelled",
			    "event.cancel");
}

enum status event_export_for_venue(struct session *session, long long event_id, const char *path,
				   char sha256_hex[65], long long *count)
{
	struct event event;
	enum status status = event_load(session, event_id, &event);   /* the role, and an unknown event named */
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct statement *statement = database_prepare(db, "SELECT coalesce(venue_recipient_id, 0), name, date FROM event WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, event_id);
	long long venue = 0;
	char purpose[900] = "";
	if (statement_step(statement) == STORAGE_ROW) {
		venue = statement_column_int64(statement, 0);
		snprintf(purpose, sizeof purpose, _("entry check for %s %s (notice §2.7)"), database_text(statement, 1),
			 database_text(statement, 2));
	}
	database_finalize(statement);
	if (!venue)
		return database_refuse(db, _("the event is at our own premises: nothing to disclose"));
	long long *ids = collect_ids(db, "SELECT g.contact_id FROM event_registration g JOIN contact c ON c.id = g.contact_id "
				     "WHERE g.event_id = ? AND g.status = 'registered' ORDER BY c.sort_key", event_id, count);
	if (!ids)
		return STATUS_ERR_NO_MEMORY;
	status = disclosure_write_people(session, venue, purpose, _("legitimate interest (entry check)"), "first_name,last_name",
					 ids, *count, path, sha256_hex);
	free(ids);
	return status;
}

int training_participations(struct session *session, long long contact_id, struct participation *out, int max)
{
	if (permission_require(session, PERMISSION_VIEW_REGISTER) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT s.starts_at, co.name, 'training', g.status, g.attendance, coalesce(k.number, ''), coalesce(k.valid_until, '') "
		"FROM registration g JOIN training_session s ON s.id = g.session_id JOIN course co ON co.id = s.course_id "
		"LEFT JOIN certificate k ON k.registration_id = g.id WHERE g.contact_id = ?1 "
		"UNION ALL SELECT e.date, e.name, 'event', g.status, g.attendance, '', '' FROM event_registration g "
		"JOIN event e ON e.id = g.event_id WHERE g.contact_id = ?1 ORDER BY 1 DESC");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, contact_id);
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct participation *row = &out[count++];
		text_copy(row->date, sizeof row->date, database_text(statement, 0));
		text_copy(row->what, sizeof row->what, database_text(statement, 1));
		text_copy(row->kind, sizeof row->kind, database_text(statement, 2));
		if (strcmp(database_text(statement, 3), "cancelled") == 0)
			text_copy(row->status, sizeof row->status, _("cancelled"));
		else if (*database_text(statement, 5) && *database_text(statement, 6))
			/* TRANSLATORS: a certificate number and its expiry date. */
			snprintf(row->status, sizeof row->status, _("%s, valid until %s"), database_text(statement, 5),
				 database_text(statement, 6));
		else if (*database_text(statement, 5))
			text_copy(row->status, sizeof row->status, database_text(statement, 5));
		else
			text_copy(row->status, sizeof row->status, attendance_label((enum attendance)code_index(
				database_text(statement, 4), ATTENDANCE_COUNT, attendance_code)));
	}
	database_finalize(statement);
	return count;
}

/* ---- Every registration in full, streamed, for the access report ---- */

enum status training_participations_each(struct session *session, long long contact_id,
					 enum status (*visit)(const struct participation_detail *row, void *context),
					 void *context)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT 0, s.starts_at, co.name, s.place, g.registered_on, g.registered_by, g.registered_by_name, '', g.status, "
		"g.attendance, coalesce(k.kind, 'none'), coalesce(k.number, ''), coalesce(k.issued_on, ''), "
		"coalesce(k.valid_until, ''), coalesce(x.name, ''), coalesce(t.username, ''), g.id "
		"FROM registration g JOIN training_session s ON s.id = g.session_id JOIN course co ON co.id = s.course_id "
		"LEFT JOIN certificate k ON k.registration_id = g.id LEFT JOIN recipient x ON x.id = s.external_trainer_id "
		"LEFT JOIN account t ON t.id = s.trainer_account_id WHERE g.contact_id = ?1 "
		"UNION ALL SELECT 1, e.date, e.name, e.place, g.registered_on, 'self', '', g.source, g.status, g.attendance, "
		"'none', '', '', '', coalesce(v.name, ''), '', g.id FROM event_registration g JOIN event e ON e.id = g.event_id "
		"LEFT JOIN recipient v ON v.id = e.venue_recipient_id WHERE g.contact_id = ?1 ORDER BY 2, 1, 17");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	struct participation_detail row;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		memset(&row, 0, sizeof row);
		row.event = statement_column_int(statement, 0) != 0;
		text_copy(row.date, sizeof row.date, database_text(statement, 1));
		text_copy(row.what, sizeof row.what, database_text(statement, 2));
		text_copy(row.place, sizeof row.place, database_text(statement, 3));
		text_copy(row.registered_on, sizeof row.registered_on, database_text(statement, 4));
		row.registrar = (enum registrar)code_index(database_text(statement, 5), REGISTRAR_COUNT, registrar_code);
		text_copy(row.registrar_name, sizeof row.registrar_name, database_text(statement, 6));
		row.source = (enum event_source)code_index(database_text(statement, 7), EVENT_SOURCE_COUNT, event_source_code);
		row.cancelled = strcmp(database_text(statement, 8), "cancelled") == 0;
		row.attendance = (enum attendance)code_index(database_text(statement, 9), ATTENDANCE_COUNT, attendance_code);
		row.certificate_kind = (enum certificate_kind)code_index(database_text(statement, 10), CERTIFICATE_KIND_COUNT,
									 certificate_code);
		text_copy(row.certificate_number, sizeof row.certificate_number, database_text(statement, 11));
		text_copy(row.issued_on, sizeof row.issued_on, database_text(statement, 12));
		text_copy(row.valid_until, sizeof row.valid_until, database_text(statement, 13));
		text_copy(row.external_party, sizeof row.external_party, database_text(statement, 14));
		text_copy(row.trainer_username, sizeof row.trainer_username, database_text(statement, 15));
		status = visit(&row, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "trainings and events");
	database_finalize(statement);
	return status;
}

/* Batch commands for trainings and events (notice §1.3-§1.5, §2.6, §2.7):
 * course add|edit|list, session add|edit|list|show|register|register-new|
 * attend|all-present|cancel|certify|entry-list, certificate expiring, event add|list|show|register|attend|
 * cancel|entry-list. Every rule, role check and audit entry lives in the
 * core (training.c), as for the screens; this module only reads options,
 * calls the same core functions and prints. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_common.h"
#include "csv_output.h"
#include "database_internal.h"
#include "i18n.h"
#include "office.h"
#include "text.h"
#include "training.h"

#define FIRST_CAPACITY 32
#define ENTRY_LIST_PATH_MAX 512     /* the disclosure log keeps at most 511 bytes of the file name */
#define EXPIRING_DAYS_DEFAULT 90    /* as the screen */
#define EXPIRING_DAYS_MAX 36500

/* The codes a user may type, as the core's tables have them. */
static const char *const certificate_codes[] = {
#define CODE(name, code, label) [CERTIFICATE_KIND_##name] = code,
	CERTIFICATE_KINDS(CODE)
#undef CODE
};
static const char *const registrar_codes[] = {
#define CODE(name, code, label) [REGISTRAR_##name] = code,
	REGISTRARS(CODE)
#undef CODE
};
static const char *const attendance_codes[] = {
#define CODE(name, code, label) [ATTENDANCE_##name] = code,
	ATTENDANCES(CODE)
#undef CODE
};
static const char *const event_source_codes[] = {
#define CODE(name, code, label) [EVENT_SOURCE_##name] = code,
	EVENT_SOURCES(CODE)
#undef CODE
};

/* The index of code in codes[first..count), or -1. */
static int code_index(const char *const *codes, int first, int count, const char *code)
{
	for (int i = first; i < count; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

/* "a, b or c" of codes[first..count), for the messages naming them. */
static void code_list(const char *const *codes, int first, int count, char *out, size_t out_size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = first; i < count && used < out_size; i++)
		used += (size_t)snprintf(out + used, out_size - used, "%s%s", i == first ? "" : i + 1 == count ? _(" or ") : ", ",
					 codes[i]);
}

static bool parse_code(const char *const *codes, int first, int count, const char *given, const char *what, int *out)
{
	*out = code_index(codes, first, count, given);
	if (*out >= 0)
		return true;
	char known[256];
	code_list(codes, first, count, known, sizeof known);
	/* TRANSLATORS: "unknown attendance 'x': use present, absent or partly". */
	cli_fail(_("unknown %s '%s': use %s"), what, given, known);
	return false;
}

/* A number min..max ("" and "12x" are not). */
static bool parse_count(const char *text, long min, long max, const char *option, int *out)
{
	char *end;
	long value = text && *text ? strtol(text, &end, 10) : -1;
	if (!text || !*text || *end || value < min || value > max) {
		cli_fail(_("%s takes a whole number from %ld to %ld"), option, min, max);
		return false;
	}
	*out = (int)value;
	return true;
}

static bool parse_id_word(const struct cli_call *call, int word, const char *what, long long *id)
{
	if (cli_parse_id(cli_word(call, word), id))
		return true;
	cli_fail(_("%s is a record number such as 12, not '%s'"), what, cli_word(call, word) ? cli_word(call, word) : "");
	return false;
}

/* Reads every row a core list call gives, growing the buffer until it is not full. */
typedef int (*list_fetch)(struct session *session, long long key, void *out, int max);

static int read_all(struct session *session, long long key, size_t row_size, list_fetch fetch, void **out)
{
	*out = NULL;
	session->db->error[0] = '\0';
	int capacity = FIRST_CAPACITY, count;
	for (;;) {
		void *grown = realloc(*out, (size_t)capacity * row_size);
		if (!grown) {
			free(*out);
			*out = NULL;
			cli_out_of_memory();
			return -1;
		}
		*out = grown;
		count = fetch(session, key, *out, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(*out);
		*out = NULL;
		cli_report_explained(STATUS_ERR_DATABASE, session->db);
	}
	return count;
}

static int fetch_courses(struct session *session, long long key, void *out, int max)
{
	(void)key;
	return course_list(session, out, max);
}

static int fetch_sessions(struct session *session, long long key, void *out, int max)
{
	(void)key;
	return training_session_list(session, out, max);
}

static int fetch_participants(struct session *session, long long session_id, void *out, int max)
{
	return training_participants(session, session_id, out, max);
}

static int fetch_expiring(struct session *session, long long days, void *out, int max)
{
	return training_expiring(session, (int)days, out, max);
}

static int fetch_events(struct session *session, long long key, void *out, int max)
{
	(void)key;
	return event_list(session, out, max);
}

static int fetch_guests(struct session *session, long long event_id, void *out, int max)
{
	return event_guests(session, event_id, out, max);
}

/* The list file's path as the disclosure log keeps it: in the office
 * install inside the files folder, and absolute, so that the record names
 * the file wherever the command was run from. An existing file is kept:
 * an earlier disclosure's record names it and its hash. */
static bool entry_list_path(const char *given, char out[ENTRY_LIST_PATH_MAX])
{
	char office_path[ENTRY_LIST_PATH_MAX], error[1024], directory[4096];
	if (!office_output_path(given, office_path, sizeof office_path, error, sizeof error)) {
		cli_fail("%s", error);
		return false;
	}
	int length = office_path[0] == '/' ? snprintf(out, ENTRY_LIST_PATH_MAX, "%s", office_path)
		: getcwd(directory, sizeof directory) ? snprintf(out, ENTRY_LIST_PATH_MAX, "%s/%s", directory, office_path) : -1;
	if (length <= 0 || length >= ENTRY_LIST_PATH_MAX) {
		cli_fail(_("the file name %s is too long"), given);
		return false;
	}
	if (faccessat(AT_FDCWD, out, F_OK, AT_EACCESS) == 0) {
		cli_fail(_("%s already exists: choose another file name"), out);
		return false;
	}
	return true;
}

static void print_id(char out[24], long long id)
{
	snprintf(out, 24, "%lld", id);
}


/* --- course add | course list ---------------------------------------------------------- */

int cli_course_add(const struct cli_call *call)
{
	const char *name = NULL, *leads_to = "certificate", *months = "0", *description = "";
	const struct command_option table[] = {
		{ "--name", &name, NULL },
		{ "--leads-to", &leads_to, NULL },
		{ "--valid-months", &months, NULL },
		{ "--description", &description, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!name)
		return cli_missing("course add", "--name NAME");
	struct course course = { 0 };
	int kind;
	if (!parse_code(certificate_codes, 0, CERTIFICATE_KIND_COUNT, leads_to, "--leads-to", &kind) ||
	    !parse_count(months, 0, 1200, "--valid-months", &course.validity_months))
		return CLI_USAGE;
	course.certificate_kind = (enum certificate_kind)kind;
	if (!cli_copy_value(course.name, sizeof course.name, name, "--name") ||
	    !cli_copy_value(course.description, sizeof course.description, description, "--description"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = course_save(&session, &course);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Added course #%lld.\n"), course.id);
	return CLI_OK;
}

int cli_course_edit(const struct cli_call *call)
{
	const char *name = NULL, *leads_to = NULL, *months = NULL, *description = NULL;
	const struct command_option table[] = {
		{ "--name", &name, NULL },
		{ "--leads-to", &leads_to, NULL },
		{ "--valid-months", &months, NULL },
		{ "--description", &description, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	long long course_id;
	int kind = 0, validity = 0;
	if (!parse_id_word(call, 0, "COURSE", &course_id) ||
	    (leads_to && !parse_code(certificate_codes, 0, CERTIFICATE_KIND_COUNT, leads_to, "--leads-to", &kind)) ||
	    (months && !parse_count(months, 0, 1200, "--valid-months", &validity)))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	/* The course as it is (the courses screen's 'e'), with what was given changed. */
	struct course *courses;
	int count = read_all(&session, 0, sizeof *courses, fetch_courses, (void **)&courses);
	if (count < 0)
		return CLI_FAILED;
	struct course course = { 0 };
	for (int i = 0; i < count && !course.id; i++)
		if (courses[i].id == course_id)
			course = courses[i];
	free(courses);
	if (!course.id) {
		cli_fail(_("no course #%lld"), course_id);
		return CLI_FAILED;
	}
	if ((name && !cli_copy_value(course.name, sizeof course.name, name, "--name")) ||
	    (description && !cli_copy_value(course.description, sizeof course.description, description, "--description")))
		return CLI_FAILED;
	if (leads_to)
		course.certificate_kind = (enum certificate_kind)kind;
	if (months)
		course.validity_months = validity;
	call->db->error[0] = '\0';
	enum status status = course_save(&session, &course);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Saved course #%lld.\n"), course.id);
	return CLI_OK;
}

int cli_course_list(const struct cli_call *call)
{
	const char *format = NULL;
	const struct command_option table[] = { { "--format", &format, NULL }, { NULL, NULL, NULL } };
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct course *courses;
	int count = read_all(&session, 0, sizeof *courses, fetch_courses, (void **)&courses);
	if (count < 0)
		return CLI_FAILED;
	if (csv) {
		const char *header[] = { "id", "name", "leads_to", "validity_months", "description" };
		csv_output_row(stdout, header, 5);
	}
	for (int i = 0; i < count; i++) {
		const struct course *course = &courses[i];
		char id[24], months[16];
		print_id(id, course->id);
		snprintf(months, sizeof months, "%d", course->validity_months);
		if (csv) {
			const char *cells[] = { id, course->name, certificate_codes[course->certificate_kind], months,
						course->description };
			csv_output_row(stdout, cells, 5);
			continue;
		}
		char name[512], kind[128], validity[64];
		text_fit_columns(course->name, 36, name, sizeof name);
		text_fit_columns(certificate_kind_label(course->certificate_kind), 16, kind, sizeof kind);
		if (course->validity_months)
			snprintf(validity, sizeof validity, _("valid %d months"), course->validity_months);
		else
			snprintf(validity, sizeof validity, "%s",
				 course->certificate_kind == CERTIFICATE_KIND_NONE ? "" : _("no expiry"));
		printf("%6s %s %s %s\n", id, name, kind, validity);
	}
	free(courses);
	return CLI_OK;
}


/* --- session add | list | show --------------------------------------------------------- */

int cli_session_add(const struct cli_call *call)
{
	const char *course_text = NULL, *starts = NULL, *place = "", *capacity = "0", *external = NULL;
	const struct command_option table[] = {
		{ "--course", &course_text, NULL },
		{ "--starts", &starts, NULL },
		{ "--place", &place, NULL },
		{ "--capacity", &capacity, NULL },
		{ "--external-trainer", &external, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	struct training_session training = { 0 };
	if (!cli_parse_id(course_text, &training.course_id))
		return cli_missing("session add", "--course ID");
	if (!starts)
		return cli_missing("session add", "--starts 'DATE HH:MM'");
	if (external && !cli_parse_id(external, &training.external_trainer_id)) {
		cli_fail("%s", _("--external-trainer is the recipient number of an external trainer (regdesk recipient list)"));
		return CLI_USAGE;
	}
	if (!parse_count(capacity, 0, 100000, "--capacity", &training.capacity))
		return CLI_USAGE;
	if (!cli_copy_value(training.starts_at, sizeof training.starts_at, starts, "--starts") ||
	    !cli_copy_value(training.place, sizeof training.place, place, "--place"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	/* As the session form: one of ours is the user giving the command. */
	if (!training.external_trainer_id)
		training.trainer_account_id = session.account_id;
	call->db->error[0] = '\0';
	enum status status = training_session_save(&session, &training);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Added session #%lld. It starts %s.\n"), training.id, training.starts_at);
	return CLI_OK;
}

int cli_session_edit(const struct cli_call *call)
{
	const char *course_text = NULL, *starts = NULL, *place = NULL, *capacity = NULL, *external = NULL;
	const struct command_option table[] = {
		{ "--course", &course_text, NULL },
		{ "--starts", &starts, NULL },
		{ "--place", &place, NULL },
		{ "--capacity", &capacity, NULL },
		{ "--external-trainer", &external, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	long long session_id, course_id = 0, external_id = 0;
	int seats = 0;
	if (!parse_id_word(call, 0, "SESSION", &session_id))
		return CLI_USAGE;
	if (course_text && !cli_parse_id(course_text, &course_id)) {
		cli_fail("%s", _("--course is a course number (regdesk course list)"));
		return CLI_USAGE;
	}
	if (external && !cli_parse_id(external, &external_id)) {
		cli_fail("%s", _("--external-trainer is the recipient number of an external trainer (regdesk recipient list)"));
		return CLI_USAGE;
	}
	if (capacity && !parse_count(capacity, 0, 100000, "--capacity", &seats))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	/* The session as it is (a trainer: their own), with what was given changed. */
	struct training_session training;
	call->db->error[0] = '\0';
	enum status status = training_session_load(&session, session_id, &training);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	if ((starts && !cli_copy_value(training.starts_at, sizeof training.starts_at, starts, "--starts")) ||
	    (place && !cli_copy_value(training.place, sizeof training.place, place, "--place")))
		return CLI_FAILED;
	if (course_id)
		training.course_id = course_id;
	if (capacity)
		training.capacity = seats;
	if (external_id) {
		training.external_trainer_id = external_id;
		training.trainer_account_id = 0;
	}
	status = training_session_save(&session, &training);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Saved session #%lld. It starts %s.\n"), training.id, training.starts_at);
	return CLI_OK;
}

static void print_session_csv(const struct training_session *training)
{
	char id[24], course[24], capacity[16], registered[16], present[16];
	print_id(id, training->id);
	print_id(course, training->course_id);
	snprintf(capacity, sizeof capacity, "%d", training->capacity);
	snprintf(registered, sizeof registered, "%d", training->registered);
	snprintf(present, sizeof present, "%d", training->present);
	const char *cells[] = { id, course, training->course_name, training->starts_at, training->place, capacity,
				training->external_trainer_id ? "external" : "ours", training->trainer_name, registered, present };
	csv_output_row(stdout, cells, 10);
}

static const char *const session_header[] = { "id", "course_id", "course", "starts_at", "place", "capacity",
					      "trainer_kind", "trainer", "registered", "present" };

int cli_session_list(const struct cli_call *call)
{
	const char *format = NULL;
	const struct command_option table[] = { { "--format", &format, NULL }, { NULL, NULL, NULL } };
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct training_session *sessions;   /* a trainer's own; the core decides */
	int count = read_all(&session, 0, sizeof *sessions, fetch_sessions, (void **)&sessions);
	if (count < 0)
		return CLI_FAILED;
	if (csv)
		csv_output_row(stdout, session_header, 10);
	for (int i = 0; i < count; i++) {
		const struct training_session *training = &sessions[i];
		if (csv) {
			print_session_csv(training);
			continue;
		}
		char id[24], course[512], place[256], trainer[512], counts[32];
		print_id(id, training->id);
		text_fit_columns(training->course_name, 24, course, sizeof course);
		text_fit_columns(training->place, 15, place, sizeof place);
		text_make_inert(training->trainer_name, trainer, sizeof trainer);
		snprintf(counts, sizeof counts, "%d/%d", training->present, training->registered);
		printf("%6s %-16s %s %s %-7s %s\n", id, training->starts_at, course, place, counts, trainer);
	}
	free(sessions);
	return CLI_OK;
}

static const char *participant_status(const struct participant *row)
{
	return row->cancelled ? "cancelled" : "registered";
}

int cli_session_show(const struct cli_call *call)
{
	const char *format = NULL;
	const struct command_option table[] = { { "--format", &format, NULL }, { NULL, NULL, NULL } };
	bool csv;
	long long session_id;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (!parse_id_word(call, 0, "SESSION", &session_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct training_session training;
	call->db->error[0] = '\0';
	enum status status = training_session_load(&session, session_id, &training);   /* a trainer: their own */
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	struct participant *participants;
	int count = read_all(&session, session_id, sizeof *participants, fetch_participants, (void **)&participants);
	if (count < 0)
		return CLI_FAILED;
	if (csv) {
		/* Participants, one row each; the session is the list's own row (session list). */
		const char *header[] = { "registration_id", "contact_id", "name", "organisation", "email", "registered_by",
					 "registered_by_name", "status", "attendance", "certificate_number", "valid_until" };
		csv_output_row(stdout, header, 11);
	} else {
		char text[2048], capacity[16];
		const int label = 14;
		snprintf(text, sizeof text, "#%lld %s", training.id, training.course_name);
		cli_print_field(_("Session"), label, text);
		cli_print_field(_("Starts"), label, training.starts_at);
		cli_print_field(_("Place"), label, training.place);
		if (training.external_trainer_id)
			snprintf(text, sizeof text, _("%s (external)"), training.trainer_name);
		else
			text_copy(text, sizeof text, training.trainer_name);
		cli_print_field(_("Trainer"), label, text);
		snprintf(capacity, sizeof capacity, "%d", training.capacity);
		cli_print_field(_("Capacity"), label, training.capacity ? capacity : _("no limit"));
		snprintf(text, sizeof text, _("%d registered, %d present"), training.registered, training.present);
		cli_print_field(_("Participants"), label, text);
	}
	for (int i = 0; i < count; i++) {
		const struct participant *row = &participants[i];
		char registration[24], contact[24];
		print_id(registration, row->registration_id);
		print_id(contact, row->contact_id);
		if (csv) {
			const char *cells[] = { registration, contact, row->name, row->organisation, row->email,
						registrar_codes[row->registrar], row->registrar_name, participant_status(row),
						attendance_codes[row->attendance], row->certificate_number, row->valid_until };
			csv_output_row(stdout, cells, 11);
			continue;
		}
		char name[512], organisation[512], here[128], registrar[512], card[256];
		text_fit_columns(row->name, 26, name, sizeof name);
		text_fit_columns(row->organisation, 20, organisation, sizeof organisation);
		text_fit_columns(row->cancelled ? _("cancelled") : attendance_label(row->attendance), 14, here, sizeof here);
		snprintf(registrar, sizeof registrar, "%s%s%s", registrar_label(row->registrar), *row->registrar_name ? ": " : "",
			 row->registrar_name);
		text_make_inert(registrar, card, sizeof card);
		text_copy(registrar, sizeof registrar, card);
		snprintf(card, sizeof card, "%s %s", row->certificate_number, row->valid_until);
		printf("%6s %s %s %s %s  %s\n", contact, name, organisation, here, registrar, *row->certificate_number ? card : "");
	}
	free(participants);
	return CLI_OK;
}


/* --- session register | attend | cancel | certify | entry-list ------------------------ */

/* The registration of the contact in the session (a trainer: their own
 * session), or 0 with the reason printed. */
static long long registration_in_session(struct session *session, long long session_id, long long contact_id)
{
	struct participant *participants;
	int count = read_all(session, session_id, sizeof *participants, fetch_participants, (void **)&participants);
	if (count < 0)
		return 0;
	long long registration_id = 0;
	for (int i = 0; i < count && !registration_id; i++)
		if (participants[i].contact_id == contact_id)
			registration_id = participants[i].registration_id;
	free(participants);
	if (!registration_id)
		cli_fail(_("contact #%lld is not registered to training session #%lld"), contact_id, session_id);
	return registration_id;
}

int cli_session_register(const struct cli_call *call)
{
	const char *by = NULL, *party = "";
	const struct command_option table[] = {
		{ "--by", &by, NULL },
		{ "--party", &party, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	long long session_id, contact_id;
	int registrar;
	if (!parse_id_word(call, 0, "SESSION", &session_id) || !parse_id_word(call, 1, "CONTACT", &contact_id))
		return CLI_USAGE;
	if (!by)
		return cli_missing("session register", "--by self|employer|other");
	if (!parse_code(registrar_codes, 0, REGISTRAR_COUNT, by, "--by", &registrar))
		return CLI_USAGE;
	if (registrar == REGISTRAR_SELF && *party) {
		cli_fail("%s", _("--party names the employer or other party: not with --by self"));
		return CLI_USAGE;
	}
	char party_name[401];
	if (!cli_copy_value(party_name, sizeof party_name, party, "--party"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = training_register(&session, session_id, contact_id, (enum registrar)registrar, party_name);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Registered contact #%lld to training session #%lld.\n"), contact_id, session_id);
	return CLI_OK;
}

/* A person new to the session, as the session screen's quick registration
 * (notice §1.4): the core creates the contact with what a training needs.
 * Reception and the privacy officer are shown likely duplicates and save
 * only with --confirm-duplicate; a trainer is shown nothing of the register
 * and the new record is flagged for reception to merge (the core decides). */
int cli_session_register_new(const struct cli_call *call)
{
	const char *first = NULL, *last = NULL, *organisation = "", *email = "", *by = NULL, *party = "";
	bool confirm = false;
	const struct command_option table[] = {
		{ "--first-name", &first, NULL },
		{ "--last-name", &last, NULL },
		{ "--organisation", &organisation, NULL },
		{ "--email", &email, NULL },
		{ "--by", &by, NULL },
		{ "--party", &party, NULL },
		{ "--confirm-duplicate", NULL, &confirm },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	long long session_id;
	int registrar;
	if (!parse_id_word(call, 0, "SESSION", &session_id))
		return CLI_USAGE;
	if (!first || !last)
		return cli_missing("session register-new", "--first-name NAME --last-name NAME");
	if (!by)
		return cli_missing("session register-new", "--by self|employer|other");
	if (!parse_code(registrar_codes, 0, REGISTRAR_COUNT, by, "--by", &registrar))
		return CLI_USAGE;
	if (registrar == REGISTRAR_SELF && *party) {
		cli_fail("%s", _("--party names the employer or other party: not with --by self"));
		return CLI_USAGE;
	}
	struct quick_participant person = { .registrar = (enum registrar)registrar };
	if (!cli_copy_value(person.first_name, sizeof person.first_name, first, "--first-name") ||
	    !cli_copy_value(person.last_name, sizeof person.last_name, last, "--last-name") ||
	    !cli_copy_value(person.organisation, sizeof person.organisation, organisation, "--organisation") ||
	    !cli_copy_value(person.email, sizeof person.email, email, "--email") ||
	    !cli_copy_value(person.registrar_name, sizeof person.registrar_name, party, "--party"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct contact_duplicate duplicates[8];
	int found = 0;
	long long contact_id = 0;
	call->db->error[0] = '\0';
	enum status status = training_quick_add(&session, session_id, &person, confirm, duplicates, &found, &contact_id);
	/* A shared phone or e-mail under another name is another person: noted,
	 * and added, as the screen's default. */
	if (status == STATUS_ERR_EXISTS && found > 0 && contact_duplicates_all_other_names(duplicates, found)) {
		for (int i = 0; i < found; i++) {
			char why[sizeof duplicates[i].reason];
			text_make_inert(duplicates[i].reason, why, sizeof why);
			fprintf(stderr, _("note: %s; saved as a new contact\n"), why);
		}
		call->db->error[0] = '\0';
		status = training_quick_add(&session, session_id, &person, true, NULL, NULL, &contact_id);
	}
	if (status == STATUS_ERR_EXISTS && found > 0) {
		cli_fail("%s", _("likely duplicates found; nothing saved (register one of them with session register, or add "
				 "--confirm-duplicate to save anyway):"));
		for (int i = 0; i < found; i++) {
			char name[sizeof duplicates[i].name], where[sizeof duplicates[i].organisation], why[sizeof duplicates[i].reason];
			text_make_inert(duplicates[i].name, name, sizeof name);
			text_make_inert(duplicates[i].organisation, where, sizeof where);
			text_make_inert(duplicates[i].reason, why, sizeof why);
			fprintf(stderr, "  #%lld %s%s%s (%s)\n", duplicates[i].id, name, *where ? ", " : "", where, why);
		}
		return CLI_FAILED;
	}
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Added contact #%lld.\n"), contact_id);
	printf(_("Registered contact #%lld to training session #%lld.\n"), contact_id, session_id);
	return CLI_OK;
}

/* Everyone registered and not yet marked, present (the session screen's '*'). */
int cli_session_all_present(const struct cli_call *call)
{
	long long session_id;
	if (!parse_id_word(call, 0, "SESSION", &session_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	int marked = 0;
	call->db->error[0] = '\0';
	enum status status = training_mark_all_present(&session, session_id, &marked);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("%d marked present.\n"), marked);
	return CLI_OK;
}

int cli_session_attend(const struct cli_call *call)
{
	long long session_id, contact_id;
	int attendance;
	if (!parse_id_word(call, 0, "SESSION", &session_id) || !parse_id_word(call, 1, "CONTACT", &contact_id))
		return CLI_USAGE;
	/* From 1: "not marked" is no mark one gives. */
	if (!parse_code(attendance_codes, ATTENDANCE_PRESENT, ATTENDANCE_COUNT, cli_word(call, 2), _("attendance"), &attendance))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	long long registration_id = registration_in_session(&session, session_id, contact_id);
	if (!registration_id)
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = training_mark(&session, registration_id, (enum attendance)attendance);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Contact #%lld: %s.\n"), contact_id, attendance_label((enum attendance)attendance));
	return CLI_OK;
}

int cli_session_cancel(const struct cli_call *call)
{
	long long session_id, contact_id;
	if (!parse_id_word(call, 0, "SESSION", &session_id) || !parse_id_word(call, 1, "CONTACT", &contact_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	long long registration_id = registration_in_session(&session, session_id, contact_id);
	if (!registration_id)
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = training_cancel_registration(&session, registration_id);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf("%s\n", _("Registration cancelled."));
	return CLI_OK;
}

int cli_session_certify(const struct cli_call *call)
{
	long long session_id;
	if (!parse_id_word(call, 0, "SESSION", &session_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	int issued = 0;
	call->db->error[0] = '\0';
	enum status status = training_issue_certificates(&session, session_id, &issued);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("%d certificates or cards issued to those present.\n"), issued);
	return CLI_OK;
}

/* The external trainer's or the venue's list (notice §2): written by the
 * core, which logs it as a disclosure; both commands differ only in these. */
struct entry_list_kind {
	const char *command, *id_word;
	enum status (*write)(struct session *session, long long id, const char *path, char sha256_hex[65],
			     long long *count);
	bool with_organisations;
};

static int entry_list(const struct cli_call *call, const struct entry_list_kind *kind)
{
	long long id;
	const char *out = cli_value(call, "out");
	if (!parse_id_word(call, 0, kind->id_word, &id))
		return CLI_USAGE;
	if (!out || !*out)
		return cli_missing(kind->command, "--out FILE");
	char path[ENTRY_LIST_PATH_MAX];
	if (!entry_list_path(out, path))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	char sha256[65];
	long long count = 0;
	call->db->error[0] = '\0';
	enum status status = kind->write(&session, id, path, sha256, &count);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	if (kind->with_organisations)
		printf(_("%lld names and organisations written to %s (logged as a disclosure).\n"), count, path);
	else
		printf(_("%lld names written to %s (logged as a disclosure).\n"), count, path);
	printf("SHA-256: %s\n", sha256);
	return CLI_OK;
}

int cli_session_entry_list(const struct cli_call *call)
{
	static const struct entry_list_kind kind = { "session entry-list", "SESSION", training_export_for_trainer, true };
	return entry_list(call, &kind);
}


/* --- certificate expiring -------------------------------------------------------------- */

int cli_certificate_expiring(const struct cli_call *call)
{
	const char *format = NULL, *within = NULL;
	const struct command_option table[] = {
		{ "--within", &within, NULL },
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	int days = EXPIRING_DAYS_DEFAULT;
	if (within && !parse_count(within, 1, EXPIRING_DAYS_MAX, "--within", &days))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct expiring_card *cards;   /* a trainer: those of their own sessions; the core decides */
	int count = read_all(&session, days, sizeof *cards, fetch_expiring, (void **)&cards);
	if (count < 0)
		return CLI_FAILED;
	if (csv) {
		const char *header[] = { "valid_until", "contact_id", "name", "email", "course", "kind", "number" };
		csv_output_row(stdout, header, 7);
	} else {
		printf(_("%d expiring within %d days:\n"), count, days);
	}
	for (int i = 0; i < count; i++) {
		const struct expiring_card *card = &cards[i];
		char contact[24];
		print_id(contact, card->contact_id);
		if (csv) {
			const char *cells[] = { card->valid_until, contact, card->name, card->email, card->course,
						certificate_codes[card->certificate_kind], card->number };
			csv_output_row(stdout, cells, 7);
			continue;
		}
		char name[512], course[512], kind[128], rest[1024];
		text_fit_columns(card->name, 26, name, sizeof name);
		text_fit_columns(card->course, 22, course, sizeof course);
		snprintf(rest, sizeof rest, "%s %s %s", card->kind, card->number, card->email);
		text_make_inert(rest, kind, sizeof kind);
		printf("%s %6s %s %s %s\n", card->valid_until, contact, name, course, kind);
	}
	free(cards);
	return CLI_OK;
}


/* --- event add | list | show | register | attend | cancel | entry-list ----------------- */

int cli_event_add(const struct cli_call *call)
{
	const char *name = NULL, *date = NULL, *venue = NULL, *place = "";
	const struct command_option table[] = {
		{ "--name", &name, NULL },
		{ "--date", &date, NULL },
		{ "--venue", &venue, NULL },
		{ "--place", &place, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!name)
		return cli_missing("event add", "--name NAME");
	if (!date)
		return cli_missing("event add", "--date DATE");
	struct event event = { 0 };
	if (venue && !cli_parse_id(venue, &event.venue_recipient_id)) {
		cli_fail("%s", _("--venue is the recipient number of a venue (regdesk recipient list); leave it out for our own premises"));
		return CLI_USAGE;
	}
	char normalised[16];
	if (!cli_normalise_date(date, normalised, "--date"))
		return CLI_FAILED;
	if (!cli_copy_value(event.name, sizeof event.name, name, "--name") ||
	    !cli_copy_value(event.date, sizeof event.date, normalised, "--date") ||
	    !cli_copy_value(event.place, sizeof event.place, place, "--place"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = event_save(&session, &event);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Added event #%lld. Its date: %s.\n"), event.id, event.date);
	return CLI_OK;
}

static void print_event(const struct event *event, bool csv)
{
	char id[24], venue_id[24], registered[16], present[16];
	print_id(id, event->id);
	venue_id[0] = '\0';
	if (event->venue_recipient_id)
		print_id(venue_id, event->venue_recipient_id);
	snprintf(registered, sizeof registered, "%d", event->registered);
	snprintf(present, sizeof present, "%d", event->present);
	if (csv) {
		const char *cells[] = { id, event->date, event->name, venue_id, event->venue_name, event->place, registered,
					present };
		csv_output_row(stdout, cells, 8);
		return;
	}
	char name[512], venue[512], counts[32];
	text_fit_columns(event->name, 34, name, sizeof name);
	text_fit_columns(event->venue_recipient_id ? event->venue_name : _("our premises"), 24, venue, sizeof venue);
	snprintf(counts, sizeof counts, "%s/%s", present, registered);
	printf("%6s %s %s %s %s\n", id, event->date, name, venue, counts);
}

static const char *const event_header[] = { "id", "date", "name", "venue_id", "venue", "place", "registered",
					    "present" };

int cli_event_list(const struct cli_call *call)
{
	const char *format = NULL;
	const struct command_option table[] = { { "--format", &format, NULL }, { NULL, NULL, NULL } };
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct event *events;
	int count = read_all(&session, 0, sizeof *events, fetch_events, (void **)&events);
	if (count < 0)
		return CLI_FAILED;
	if (csv)
		csv_output_row(stdout, event_header, 8);
	for (int i = 0; i < count; i++)
		print_event(&events[i], csv);
	free(events);
	return CLI_OK;
}

int cli_event_show(const struct cli_call *call)
{
	const char *format = NULL;
	const struct command_option table[] = { { "--format", &format, NULL }, { NULL, NULL, NULL } };
	bool csv;
	long long event_id;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (!parse_id_word(call, 0, "EVENT", &event_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct event event;
	call->db->error[0] = '\0';
	enum status status = event_load(&session, event_id, &event);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	struct event_guest *guests;
	int count = read_all(&session, event_id, sizeof *guests, fetch_guests, (void **)&guests);
	if (count < 0)
		return CLI_FAILED;
	if (csv) {
		const char *header[] = { "registration_id", "contact_id", "name", "organisation", "source", "status", "attendance" };
		csv_output_row(stdout, header, 7);
	} else {
		char text[2048];
		const int label = 14;
		snprintf(text, sizeof text, "#%lld %s", event.id, event.name);
		cli_print_field(_("Event"), label, text);
		cli_print_field(_("Date"), label, event.date);
		cli_print_field(_("Venue"), label, event.venue_recipient_id ? event.venue_name : _("our premises"));
		cli_print_field(_("Place"), label, event.place);
		snprintf(text, sizeof text, _("%d registered, %d present"), event.registered, event.present);
		cli_print_field(_("Participants"), label, text);
	}
	for (int i = 0; i < count; i++) {
		const struct event_guest *guest = &guests[i];
		char registration[24], contact[24];
		print_id(registration, guest->registration_id);
		print_id(contact, guest->contact_id);
		if (csv) {
			const char *cells[] = { registration, contact, guest->name, guest->organisation,
						event_source_codes[guest->source], guest->cancelled ? "cancelled" : "registered",
						guest->present ? "present" : "" };
			csv_output_row(stdout, cells, 7);
			continue;
		}
		char name[512], organisation[512], source[128];
		text_fit_columns(guest->name, 28, name, sizeof name);
		text_fit_columns(guest->organisation, 22, organisation, sizeof organisation);
		text_fit_columns(event_source_label(guest->source), 14, source, sizeof source);
		printf("%6s %s %s %s %s\n", contact, name, organisation, source,
		       guest->cancelled ? _("cancelled") : guest->present ? _("present") : "");
	}
	free(guests);
	return CLI_OK;
}

int cli_event_register(const struct cli_call *call)
{
	const char *source_text = "sign-up";   /* as the event screen starts */
	const struct command_option table[] = { { "--source", &source_text, NULL }, { NULL, NULL, NULL } };
	cli_bind(call, table, NULL, 0);
	long long event_id, contact_id;
	int source;
	if (!parse_id_word(call, 0, "EVENT", &event_id) || !parse_id_word(call, 1, "CONTACT", &contact_id) ||
	    !parse_code(event_source_codes, 0, EVENT_SOURCE_COUNT, source_text, "--source", &source))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = event_register(&session, event_id, contact_id, (enum event_source)source);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Registered contact #%lld to event #%lld.\n"), contact_id, event_id);
	return CLI_OK;
}

/* The contact's registration to the event, or 0 with the reason printed. */
static long long registration_in_event(struct session *session, long long event_id, long long contact_id)
{
	struct event event;
	session->db->error[0] = '\0';
	enum status status = event_load(session, event_id, &event);
	if (status != STATUS_OK) {
		cli_report_explained(status, session->db);
		return 0;
	}
	struct event_guest *guests;
	int count = read_all(session, event_id, sizeof *guests, fetch_guests, (void **)&guests);
	if (count < 0)
		return 0;
	long long registration_id = 0;
	for (int i = 0; i < count && !registration_id; i++)
		if (guests[i].contact_id == contact_id)
			registration_id = guests[i].registration_id;
	free(guests);
	if (!registration_id)
		cli_fail(_("contact #%lld is not registered to event #%lld"), contact_id, event_id);
	return registration_id;
}

int cli_event_attend(const struct cli_call *call)
{
	long long event_id, contact_id;
	static const char *const marks[] = { "present", "absent" };   /* an event knows these two */
	int mark;
	if (!parse_id_word(call, 0, "EVENT", &event_id) || !parse_id_word(call, 1, "CONTACT", &contact_id) ||
	    !parse_code(marks, 0, 2, cli_word(call, 2), _("attendance"), &mark))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	long long registration_id = registration_in_event(&session, event_id, contact_id);
	if (!registration_id)
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = event_mark(&session, registration_id, mark == 0);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf(_("Contact #%lld: %s.\n"), contact_id, mark == 0 ? _("present") : _("absent"));
	return CLI_OK;
}

int cli_event_cancel(const struct cli_call *call)
{
	long long event_id, contact_id;
	if (!parse_id_word(call, 0, "EVENT", &event_id) || !parse_id_word(call, 1, "CONTACT", &contact_id))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	long long registration_id = registration_in_event(&session, event_id, contact_id);
	if (!registration_id)
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = event_cancel_registration(&session, registration_id);
	if (status != STATUS_OK)
		return cli_report_explained(status, call->db);
	printf("%s\n", _("Registration cancelled."));
	return CLI_OK;
}

int cli_event_entry_list(const struct cli_call *call)
{
	static const struct entry_list_kind kind = { "event entry-list", "EVENT", event_export_for_venue, false };
	return entry_list(call, &kind);
}

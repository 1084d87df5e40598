/* The import run (issue 7; notice §1.4, §1.5): one pass over an opened file
 * (csv_mapping.c) read by csv_reader.c: each row validated, checked for
 * duplicates, written with its organisation, statements, registration and
 * audit entry; a dry run rolled back. The sniffing is in csv_sniff.c. See
 * csv_import.h. */
#include "csv_import_internal.h"
#include "database_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "contact_internal.h"
#include "csv_output.h"
#include "i18n.h"
#include "office.h"
#include "organisation.h"
#include "permission.h"
#include "text.h"
#include "training.h"
#include "validate.h"

#define DUPLICATES_MAX 8
#define PROGRESS_INTERVAL 0.1             /* seconds between progress reports */
#define DEFERRED_INDEX_COUNT 3
#define BULK_MIN_ROWS 2000                /* below this the search index is kept row by row */
#define BULK_CACHE_KIB (12 * 1024)        /* SQLite's page cache for a large pass: the default 2 MiB
					     spills to the WAL and reads back, row after row */

/* Sets the one-line message a failed call leaves in db->error (cut when long). */
void import_set_error(struct database *db, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(db->error, sizeof db->error, format, arguments);
	va_end(arguments);
}

/* ---- Code tables ---- */

static const struct code_label {
	const char *code;
	const char *label;
} policies[] = {
#define IMPORT_MATCH_ROW(name, code, label) [IMPORT_MATCH_##name] = { code, label },
	IMPORT_MATCH_POLICIES(IMPORT_MATCH_ROW)
#undef IMPORT_MATCH_ROW
}, outcomes[] = {
#define IMPORT_OUTCOME_ROW(name, code, label) [IMPORT_OUTCOME_##name] = { code, label },
	IMPORT_OUTCOMES(IMPORT_OUTCOME_ROW)
#undef IMPORT_OUTCOME_ROW
};

const char *import_match_policy_code(enum import_match_policy policy)
{
	return (unsigned)policy < IMPORT_MATCH_COUNT ? policies[policy].code : "?";
}

const char *import_match_policy_label(enum import_match_policy policy)
{
	return (unsigned)policy < IMPORT_MATCH_COUNT ? _(policies[policy].label) : "?";
}

bool import_match_policy_parse(const char *code, enum import_match_policy *out)
{
	for (int i = 0; i < IMPORT_MATCH_COUNT; i++) {
		if (strcmp(code, policies[i].code) == 0) {
			*out = (enum import_match_policy)i;
			return true;
		}
	}
	return false;
}

static const struct code_label other_name_policies[] = {
#define IMPORT_OTHER_NAME_ROW(name, code, label) [IMPORT_OTHER_NAME_##name] = { code, label },
	IMPORT_OTHER_NAME_POLICIES(IMPORT_OTHER_NAME_ROW)
#undef IMPORT_OTHER_NAME_ROW
};

const char *import_other_name_policy_code(enum import_other_name_policy policy)
{
	return (unsigned)policy < IMPORT_OTHER_NAME_COUNT ? other_name_policies[policy].code : "?";
}

const char *import_other_name_policy_label(enum import_other_name_policy policy)
{
	return (unsigned)policy < IMPORT_OTHER_NAME_COUNT ? _(other_name_policies[policy].label) : "?";
}

bool import_other_name_policy_parse(const char *code, enum import_other_name_policy *out)
{
	for (int i = 0; i < IMPORT_OTHER_NAME_COUNT; i++) {
		if (strcmp(code, other_name_policies[i].code) == 0) {
			*out = (enum import_other_name_policy)i;
			return true;
		}
	}
	return false;
}

const char *import_outcome_label(enum import_outcome outcome)
{
	return (unsigned)outcome < IMPORT_OUTCOME_COUNT ? _(outcomes[outcome].label) : "?";
}

void import_options_init(struct import_options *options)
{
	memset(options, 0, sizeof *options);
	options->encoding = IMPORT_ENCODING_AUTO;
	options->source = SOURCE_PERSON;
	options->statement_channel = CONSENT_CHANNEL_WEB_FORM;
	options->on_match = IMPORT_MATCH_LINK;
	options->on_other_name = IMPORT_OTHER_NAME_NEW;
}

static bool looks_like_formula(const char *value)
{
	return *value == '=' || *value == '@' ||
	       ((*value == '+' || *value == '-') && value[1] && strpbrk(value, "(|!") != NULL);
}

/* ---- The pass ---- */

/* Organisations the rows named and the register had, by the row's exact
 * country, business ID and name: an employer's list names one organisation
 * on every row, and each is validated and looked up once. Adding an
 * organisation may change what a name finds (two of the same name), so it
 * empties the cache. */
#define ORGANISATION_CACHE_SLOTS 256

struct organisation_cache_entry {
	unsigned hash;
	unsigned generation;              /* the cache's generation when stored: older ones are empty */
	long long id;
	char key[4 + 121 + 801];          /* country, business ID and name, each ended by '\0' */
	size_t key_length;
	char name[801];                   /* its name in the register; "" until a new contact needed it */
};

static size_t organisation_cache_key(const char *country, const char *business_id, const char *name, char *out,
				     size_t out_size)
{
	size_t used = 0;
	const char *parts[3] = { country, business_id, name };
	for (int i = 0; i < 3; i++) {
		size_t length = strlen(parts[i]);
		if (used + length + 1 > out_size)
			return 0;   /* too long to cache */
		memcpy(out + used, parts[i], length + 1);
		used += length + 1;
	}
	return used;
}

static unsigned organisation_cache_hash(const char *key, size_t length)
{
	unsigned hash = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < length; i++)
		hash = (hash ^ (unsigned char)key[i]) * 16777619u;
	return hash;
}

struct run {
	struct csv_import *import;
	struct session *session;
	struct database *db;
	struct import_report *report;
	bool dry_run;
	struct contact contact;           /* the row as it will be stored */
	struct contact existing;          /* the contact a row matches */
	char *value;                      /* one cleaned cell */
	bool mapped[CONTACT_FIELD_COUNT]; /* fields some column fills */
	char organisation_name[801];
	char business_id[121];
	long long organisation_id;        /* the row's organisation; 0 for none */
	bool organisation_pending;        /* named by the row but not in the register yet */
	char organisation_register_name[801]; /* its name in the register; "" until a new contact needs it */
	struct organisation_cache_entry *organisations; /* ORGANISATION_CACHE_SLOTS; NULL: no cache */
	struct organisation_cache_entry *organisation_entry; /* the row's organisation's entry, or NULL */
	unsigned organisation_generation; /* starts at 1; a new organisation moves it on */
	struct statement *by_business_id, *by_name, *name_of_organisation, *restricted;
	struct consent_current *current;  /* a matching contact's statements */
	long long first_new_id;           /* contacts from this id on were made by this pass */
	bool categories_later;            /* new contacts get their categories in one pass at the end */
	long long created_lines[IMPORT_PREVIEW_ROWS]; /* line of the first created contacts, by id - first_new_id */
	FILE *rejects;
	char rejects_temp[4200];
	long long *bytes_read;            /* the reader's count of bytes */
	struct timespec started;
	double last_progress;
	bool progress_reported;
	enum status status;               /* a fatal error stops the pass */
	bool cancelled;
	bool header_seen;
	long long line;                   /* of the row being placed */
	long long other_name_id;          /* the row matched a contact of another name (0: none) */
	char other_name_reason[256];
	enum import_other_name_policy other_name_policy;
	char today[11];
	char *deferred[DEFERRED_INDEX_COUNT]; /* CREATE INDEX statements dropped for a bulk pass */
	bool bulk;                        /* a large file: indexes deferred, the search index rebuilt at the end */
	long long cache_size;             /* the page cache before a bulk pass set it; 0: not changed */
};

/* Indexes a bulk pass drops at its start and builds again, sorted, at its
 * end, inside the same transaction: nothing the pass reads uses them (the
 * duplicate checks go through the e-mail, phone and name indexes), and
 * keeping them row by row costs a random page write per row each once the
 * register outgrows the page cache. */
static const char *const deferred_index_names[DEFERRED_INDEX_COUNT] = {
	"contact_sort", "contact_review", "contact_organisation",
};

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* 1 for yes, 0 for no (or empty), -1 for anything else. */
static int parse_yes_no(const char *value)
{
	static const char *const yes[] = { "kylla", "k", "yes", "y", "x", "1", "true", "tosi", "on", "ja", "j" };
	static const char *const no[] = { "", "ei", "e", "no", "n", "0", "false", "epatosi", "off", "nej" };
	if (strstr(value, "\u2713") || strstr(value, "\u2714") || strstr(value, "\u2611"))
		return 1;
	char folded[64];
	text_search_fold(value, folded, sizeof folded);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(folded, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(folded, no[i]) == 0)
			return 0;
	return -1;
}

/* Country and language as people write them: "Suomi", "fi", "svenska". */
static void normalise_code(enum contact_field field, char *value, size_t value_size)
{
	static const struct { const char *folded, *code; } countries[] = {
		{ "suomi", "FI" }, { "finland", "FI" }, { "ruotsi", "SE" }, { "sverige", "SE" }, { "sweden", "SE" },
		{ "norja", "NO" }, { "norway", "NO" }, { "viro", "EE" }, { "estonia", "EE" }, { "saksa", "DE" },
		{ "germany", "DE" }, { "tanska", "DK" }, { "denmark", "DK" },
	}, languages[] = {
		{ "suomi", "fi" }, { "finnish", "fi" }, { "ruotsi", "sv" }, { "svenska", "sv" }, { "swedish", "sv" },
		{ "englanti", "en" }, { "english", "en" },
	};
	char folded[64];
	text_search_fold(value, folded, sizeof folded);
	if (field == CONTACT_COUNTRY) {
		for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
			if (strcmp(folded, countries[i].folded) == 0)
				text_copy(value, value_size, countries[i].code);
		if (strlen(value) == 2)
			for (char *p = value; *p; p++)
				*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	} else {
		for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
			if (strcmp(folded, languages[i].folded) == 0)
				text_copy(value, value_size, languages[i].code);
		if (strlen(value) == 2)
			for (char *p = value; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
}

/* A column's header made safe for a message. */
static void column_name(const struct csv_import *import, int column, char *out, size_t out_size)
{
	char header[128];
	text_copy(header, sizeof header, import->columns[column].header);
	text_make_inert(*header ? header : "?", out, out_size);
}

static void reset_contact(struct run *run)
{
	const struct import_options *options = &run->import->options;
	struct contact *contact = &run->contact;
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		if (*contact->value[field])
			contact_set(contact, (enum contact_field)field, "");
	contact_set(contact, CONTACT_COUNTRY, "FI");
	contact_set(contact, CONTACT_LANGUAGE, "fi");
	contact_set(contact, CONTACT_SOURCE, data_source_code(options->source));
	contact_set(contact, CONTACT_SOURCE_DETAIL, options->source_detail);
	contact->id = 0;
	contact->version = 0;
	contact->organisation_id = 0;
	contact->categories = options->categories;
	run->organisation_name[0] = run->business_id[0] = '\0';
}

/* Appends one problem of a row to reason ("; " between them). */
static void add_problem(char *reason, size_t reason_size, const char *problem)
{
	size_t used = strlen(reason);
	if (used + 1 >= reason_size)
		return;
	snprintf(reason + used, reason_size - used, "%s%s", used ? "; " : "", problem);
}

/* The column a field is read from, or -1. */
static int column_of_field(const struct csv_import *import, enum contact_field field)
{
	for (int c = 0; c < import->column_count; c++) {
		const struct import_target *target = &import->columns[c].target;
		if ((target->kind == IMPORT_TARGET_FIELD && target->field == field) ||
		    (target->kind == IMPORT_TARGET_FULL_NAME && (field == CONTACT_FIRST_NAME || field == CONTACT_LAST_NAME)))
			return c;
	}
	return -1;
}

static void add_field_problem(struct run *run, enum contact_field field, const char *why, char *reason,
			      size_t reason_size)
{
	char problem[512];
	int column = column_of_field(run->import, field);
	if (column >= 0) {
		char name[160];
		column_name(run->import, column, name, sizeof name);
		snprintf(problem, sizeof problem, _("%s (column %s): %s"), contact_field_label(field), name, why);
	} else {
		snprintf(problem, sizeof problem, "%s: %s", contact_field_label(field), why);
	}
	add_problem(reason, reason_size, problem);
}

/* Fills run->contact and the organisation from the row's cells and
 * validates them; false with every problem of the row in reason (field
 * names, never values), so that a file is corrected in one round. */
static bool build_row(struct run *run, const struct csv_record *record, char *reason, size_t reason_size)
{
	struct csv_import *import = run->import;
	reset_contact(run);
	reason[0] = '\0';
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_IGNORE)
			continue;
		bool multiline = target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_NOTES;
		import_clean_cell(record->cells[column], run->value, IMPORT_MAX_FIELD_BYTES + 1, multiline);
		if (looks_like_formula(run->value))
			run->report->counts.formula_cells++;
		switch (target->kind) {
		case IMPORT_TARGET_IGNORE:
			break;
		case IMPORT_TARGET_FIELD:
			if (target->field == CONTACT_COUNTRY || target->field == CONTACT_LANGUAGE)
				normalise_code(target->field, run->value, IMPORT_MAX_FIELD_BYTES + 1);
			if (*run->value && !contact_set(&run->contact, target->field, run->value)) {
				run->status = STATUS_ERR_NO_MEMORY;
				return false;
			}
			break;
		case IMPORT_TARGET_FULL_NAME: {
			char *space = strrchr(run->value, ' ');
			if (space) {
				*space = '\0';
				import_clean_cell(space + 1, space + 1, strlen(space + 1) + 1, false);
				contact_set(&run->contact, CONTACT_LAST_NAME, space + 1);
				import_clean_cell(run->value, run->value, strlen(run->value) + 1, false);
				contact_set(&run->contact, CONTACT_FIRST_NAME, run->value);
			} else {
				contact_set(&run->contact, CONTACT_LAST_NAME, run->value);
			}
			break;
		}
		case IMPORT_TARGET_ORGANISATION:
			text_copy(run->organisation_name, sizeof run->organisation_name, run->value);
			if (strlen(run->value) >= sizeof run->organisation_name) {
				char problem[256];
				snprintf(problem, sizeof problem, "%s: %s", _("Organisation"), _("at most 200 characters"));
				add_problem(reason, reason_size, problem);
			}
			break;
		case IMPORT_TARGET_BUSINESS_ID:
			text_copy(run->business_id, sizeof run->business_id, run->value);
			if (strlen(run->value) >= sizeof run->business_id) {
				char problem[256];
				snprintf(problem, sizeof problem, "%s: %s", _("Business ID"), _("at most 30 characters"));
				add_problem(reason, reason_size, problem);
			}
			break;
		case IMPORT_TARGET_BAN:
		case IMPORT_TARGET_CONSENT:
			if (parse_yes_no(run->value) < 0) {
				char name[160], problem[256];
				column_name(import, column, name, sizeof name);
				snprintf(problem, sizeof problem, _("%s: write yes or no (kyllä or ei)"), name);
				add_problem(reason, reason_size, problem);
			}
			break;
		}
	}
	enum contact_field bad_field;
	char why[256];
	/* The whole check once; only a row that fails it is looked at field by
	 * field, so a valid row costs no more. */
	if (contact_validate(run->db, &run->contact, &bad_field, why, sizeof why))
		return !*reason;
	bool field_problem = false;
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		char field_why[256];
		if (!contact_validate_field(run->db, &run->contact, (enum contact_field)field, field_why, sizeof field_why)) {
			add_field_problem(run, (enum contact_field)field, field_why, reason, reason_size);
			field_problem = true;
		}
	}
	if (!field_problem)   /* a rule across fields */
		add_field_problem(run, bad_field, why, reason, reason_size);
	return false;
}

/* Finds the row's organisation in the register by business ID, else by
 * name (case and accents aside); one that is not there yet is left pending,
 * to be added only when a contact needs it. */
/* Checks the row's organisation (its business ID's check digit); false with
 * the problem appended to reason. */
static bool validate_row_organisation(struct run *run, char *reason, size_t reason_size)
{
	if (!*run->organisation_name && !*run->business_id)
		return true;
	struct organisation candidate;
	organisation_init(&candidate);
	organisation_set(&candidate, ORGANISATION_NAME, *run->organisation_name ? run->organisation_name : "-");
	organisation_set(&candidate, ORGANISATION_BUSINESS_ID, run->business_id);
	organisation_set(&candidate, ORGANISATION_COUNTRY, run->contact.value[CONTACT_COUNTRY]);
	enum organisation_field bad_field;
	char why[256];
	bool valid = organisation_validate(run->db, &candidate, &bad_field, why, sizeof why);
	organisation_free(&candidate);
	if (!valid) {
		char problem[512];
		snprintf(problem, sizeof problem, "%s: %s",
			 bad_field == ORGANISATION_NAME ? _("Organisation") : organisation_field_label(bad_field), why);
		add_problem(reason, reason_size, problem);
	}
	return valid;
}

static bool find_organisation(struct run *run, char *reason, size_t reason_size)
{
	if (!validate_row_organisation(run, reason, reason_size))
		return false;
	if (*run->business_id) {
		statement_bind_text(run->by_business_id, 1, run->contact.value[CONTACT_COUNTRY]);
		statement_bind_text(run->by_business_id, 2, run->business_id);
		int rc = statement_step(run->by_business_id);
		if (rc == STORAGE_ROW)
			run->organisation_id = statement_column_int64(run->by_business_id, 0);
		statement_reset(run->by_business_id);
		if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
			run->status = database_fail(run->db, "organisation");
			return false;
		}
		if (run->organisation_id)
			return true;
		if (!*run->organisation_name) {
			snprintf(reason, reason_size, "%s: %s", _("Business ID"),
				 _("no organisation with this business ID in the register: add a column with its name"));
			return false;
		}
	}
	char sort_key[1024];
	text_finnish_sort_key(run->organisation_name, sort_key, sizeof sort_key);
	statement_bind_text(run->by_name, 1, sort_key);
	int rows = 0, without_business_id = 0, rc;
	long long first_id = 0, first_without_id = 0;
	while ((rc = statement_step(run->by_name)) == STORAGE_ROW) {
		long long id = statement_column_int64(run->by_name, 0);
		if (rows++ == 0)
			first_id = id;
		if (!*import_column_text(run->by_name, 1) && without_business_id++ == 0)
			first_without_id = id;
	}
	statement_reset(run->by_name);
	if (rc != STORAGE_DONE) {
		run->status = database_fail(run->db, "organisation");
		return false;
	}
	if (*run->business_id) {
		/* The register may have it without its business ID. */
		if (without_business_id == 1)
			run->organisation_id = first_without_id;
		else
			run->organisation_pending = true;
		return true;
	}
	if (rows > 1) {
		snprintf(reason, reason_size, "%s: %s", _("Organisation"),
			 _("several organisations in the register have this name: add a business ID column"));
		return false;
	}
	if (rows == 1)
		run->organisation_id = first_id;
	else
		run->organisation_pending = true;
	return true;
}

/* find_organisation through the cache of organisations found before. */
static bool resolve_organisation(struct run *run, char *reason, size_t reason_size)
{
	run->organisation_id = 0;
	run->organisation_pending = false;
	run->organisation_register_name[0] = '\0';
	run->organisation_entry = NULL;
	if (!*run->organisation_name && !*run->business_id)
		return true;
	char key[sizeof run->organisations->key];
	size_t key_length = organisation_cache_key(run->contact.value[CONTACT_COUNTRY], run->business_id,
						   run->organisation_name, key, sizeof key);
	unsigned hash = organisation_cache_hash(key, key_length);
	struct organisation_cache_entry *cached =
		run->organisations && key_length ? &run->organisations[hash % ORGANISATION_CACHE_SLOTS] : NULL;
	if (cached && cached->generation == run->organisation_generation && cached->hash == hash &&
	    cached->key_length == key_length &&
	    memcmp(cached->key, key, key_length) == 0) {
		run->organisation_id = cached->id;
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name, cached->name);
		run->organisation_entry = cached;
		return true;
	}
	bool found = find_organisation(run, reason, reason_size);
	if (found && cached && run->organisation_id) {
		cached->generation = run->organisation_generation;
		cached->id = run->organisation_id;
		cached->hash = hash;
		memcpy(cached->key, key, key_length);
		cached->key_length = key_length;
		cached->name[0] = '\0';
		run->organisation_entry = cached;
	}
	return found;
}

static bool add_pending_organisation(struct run *run)
{
	if (!run->organisation_pending)
		return true;
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, run->organisation_name);
	organisation_set(&organisation, ORGANISATION_BUSINESS_ID, run->business_id);
	organisation_set(&organisation, ORGANISATION_COUNTRY, run->contact.value[CONTACT_COUNTRY]);
	enum status status = organisation_save(run->session, &organisation);
	run->organisation_id = organisation.id;
	organisation_free(&organisation);
	if (status != STATUS_OK) {
		run->status = status;
		return false;
	}
	text_copy(run->organisation_register_name, sizeof run->organisation_register_name, run->organisation_name);
	run->organisation_generation++;   /* empties the cache */
	run->organisation_entry = NULL;
	run->organisation_pending = false;
	run->report->counts.organisations++;
	return true;
}

/* Records the row's bans and consents for the contact (notice §1.5, §6.3);
 * for a contact already in the register, only what differs from its
 * current statement. */
static bool record_statements(struct run *run, const struct csv_record *record, long long contact_id, bool existing)
{
	struct csv_import *import = run->import;
	int current_count = -1;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind != IMPORT_TARGET_BAN && target->kind != IMPORT_TARGET_CONSENT)
			continue;
		import_clean_cell(record->cells[column], run->value, IMPORT_MAX_FIELD_BYTES + 1, false);
		if (parse_yes_no(run->value) != 1)
			continue;
		enum consent_state state = target->kind == IMPORT_TARGET_BAN ? CONSENT_STATE_OBJECTION : CONSENT_STATE_CONSENT;
		if (existing) {
			if (current_count < 0)
				current_count = consent_current(run->session, contact_id, run->current, PURPOSES_MAX);
			bool same = false;
			for (int i = 0; i < current_count; i++)
				if (strcmp(run->current[i].purpose.code, target->purpose) == 0 && run->current[i].effective == state)
					same = true;
			if (same)
				continue;
		}
		struct consent_event event;
		memset(&event, 0, sizeof event);
		text_copy(event.purpose, sizeof event.purpose, target->purpose);
		event.state = state;
		text_copy(event.given_on, sizeof event.given_on, run->today);
		event.channel = import->options.statement_channel;
		snprintf(event.note, sizeof event.note, _("imported from %s"), import->name);
		enum status status = consent_record(run->session, contact_id, &event);
		if (status != STATUS_OK) {
			run->status = status;
			return false;
		}
		if (state == CONSENT_STATE_OBJECTION)
			run->report->counts.bans++;
		else
			run->report->counts.consents++;
	}
	return true;
}

/* Registers the contact to the event or training session of the file
 * (notice §1.4, §1.5); the registrar follows the data source. */
static bool register_contact(struct run *run, long long contact_id)
{
	const struct import_options *options = &run->import->options;
	enum status status = STATUS_OK;
	if (options->event_id) {
		status = event_register(run->session, options->event_id, contact_id, EVENT_SOURCE_SIGN_UP);
		if (status == STATUS_OK)
			run->report->counts.registrations++;
	}
	if (status == STATUS_OK && options->training_session_id) {
		enum registrar registrar = options->source == SOURCE_EMPLOYER ? REGISTRAR_EMPLOYER
			: options->source == SOURCE_REGISTERING_PARTY ? REGISTRAR_OTHER : REGISTRAR_SELF;
		status = training_register(run->session, options->training_session_id, contact_id, registrar,
					   registrar == REGISTRAR_SELF ? "" : options->source_detail);
		if (status == STATUS_OK)
			run->report->counts.registrations++;
	}
	if (status != STATUS_OK)
		run->status = status;
	return status == STATUS_OK;
}

/* Only the preview tells which earlier row a row repeats ("as line 3"),
 * and a preview row can only repeat a contact made by an earlier preview
 * row: the lines of the first few contacts are all that is kept. */
static void note_created(struct run *run, long long id, long long line)
{
	long long index = id - run->first_new_id;
	if (index >= 0 && index < IMPORT_PREVIEW_ROWS)
		run->created_lines[index] = line;
}

/* Reads the row's organisation's name in the register (a new contact's
 * search words carry it) once per organisation the cache holds. */
static bool organisation_register_name(struct run *run)
{
	if (!run->organisation_id || *run->organisation_register_name)
		return true;
	struct organisation_cache_entry *entry = run->organisation_entry;
	if (entry && (entry->generation != run->organisation_generation || entry->id != run->organisation_id))
		entry = NULL;   /* emptied since, or another organisation's now */
	if (entry && *entry->name) {
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name, entry->name);
		return true;
	}
	statement_bind_int64(run->name_of_organisation, 1, run->organisation_id);
	int rc = statement_step(run->name_of_organisation);
	if (rc == STORAGE_ROW)
		text_copy(run->organisation_register_name, sizeof run->organisation_register_name,
			  import_column_text(run->name_of_organisation, 0));
	statement_reset(run->name_of_organisation);
	if (rc != STORAGE_ROW) {
		run->status = database_fail(run->db, "organisation");
		return false;
	}
	if (entry)
		text_copy(entry->name, sizeof entry->name, run->organisation_register_name);
	return true;
}

/* Places a valid row: a new contact, or what the policy says for a match. */
static enum import_outcome place_row(struct run *run, const struct csv_record *record, long long *contact_id,
				     long long *duplicate_line, char *reason, size_t reason_size)
{
	struct import_counts *counts = &run->report->counts;
	const struct import_options *options = &run->import->options;
	struct contact_duplicate duplicates[DUPLICATES_MAX];
	/* An organisation not in the register yet cannot have this person. */
	run->contact.organisation_id = run->organisation_id ? run->organisation_id : run->organisation_pending ? -1 : 0;
	/* Most rows match none or one: the light probe says which, and whether
	 * of the same name; two or more of the same name are listed in order by
	 * contact_find_duplicates for the message. */
	long long probed[4];
	bool same_name[4];
	int probe_count = contact_store_duplicate_probe_names(run->session, &run->contact, probed, same_name, 4);
	if (probe_count < 0) {
		run->status = STATUS_ERR_DATABASE;
		return IMPORT_OUTCOME_INVALID;
	}
	int found = 0;
	for (int i = 0; i < probe_count; i++)
		if (same_name[i])
			duplicates[found++].id = probed[i];
	if (found > 1) {
		found = contact_find_duplicates(run->session, &run->contact, duplicates, DUPLICATES_MAX);
		int same = 0;
		for (int i = 0; i < found; i++)
			if (!duplicates[i].other_name)
				same++;
		snprintf(reason, reason_size, _("matches %d contacts of the register (#%lld, #%lld): merge them first"),
			 same, duplicates[0].id, duplicates[1].id);
		return IMPORT_OUTCOME_INVALID;
	}
	/* A shared phone or e-mail is not the same person: a match of another
	 * name is reported with that person's name and why, and is a new
	 * contact unless the user chose otherwise for the row or the file. */
	enum import_match_policy policy = options->on_match;
	bool other_name = false;
	if (found == 0 && probe_count > 0) {
		int listed = contact_find_duplicates(run->session, &run->contact, duplicates, 1);
		if (listed != 1) {
			run->status = STATUS_ERR_DATABASE;
			return IMPORT_OUTCOME_INVALID;
		}
		enum import_other_name_policy chosen = options->on_other_name;
		for (int i = 0; i < options->row_choice_count; i++)
			if (options->row_choices[i].line == run->line)
				chosen = options->row_choices[i].policy;
		run->other_name_id = duplicates[0].id;
		text_copy(run->other_name_reason, sizeof run->other_name_reason, duplicates[0].reason);
		run->other_name_policy = chosen;
		counts->other_names++;
		struct import_report *report = run->report;
		if (report->other_name_row_count < IMPORT_ROW_CHOICES_MAX) {
			struct import_other_name_row *row = &report->other_name_rows[report->other_name_row_count++];
			row->line = run->line;
			row->contact_id = duplicates[0].id;
			snprintf(row->row_name, sizeof row->row_name, "%s%s%s", run->contact.value[CONTACT_LAST_NAME],
				 *run->contact.value[CONTACT_FIRST_NAME] ? ", " : "", run->contact.value[CONTACT_FIRST_NAME]);
			text_copy(row->reason, sizeof row->reason, duplicates[0].reason);
			row->policy = chosen;
		}
		if (chosen != IMPORT_OTHER_NAME_NEW) {
			found = 1;
			other_name = true;
			policy = chosen == IMPORT_OTHER_NAME_LINK ? IMPORT_MATCH_LINK
				: chosen == IMPORT_OTHER_NAME_FILL ? IMPORT_MATCH_FILL : IMPORT_MATCH_SKIP;
		}
	}
	enum status status;
	if (found == 0) {
		if (!add_pending_organisation(run))
			return IMPORT_OUTCOME_INVALID;
		run->contact.organisation_id = run->organisation_id;
		if (!organisation_register_name(run))
			return IMPORT_OUTCOME_INVALID;
		text_copy(run->contact.organisation_name, sizeof run->contact.organisation_name,
			  run->organisation_register_name);
		/* build_row validated the row just now: not again. */
		status = contact_store_add_validated(run->session, &run->contact, run->categories_later);
		if (status == STATUS_ERR_INVALID) {
			text_copy(reason, reason_size, run->db->error);
			return IMPORT_OUTCOME_INVALID;
		}
		if (status != STATUS_OK) {
			run->status = status;
			return IMPORT_OUTCOME_INVALID;
		}
		*contact_id = run->contact.id;
		note_created(run, run->contact.id, run->line);
		if (record_statements(run, record, run->contact.id, false))
			register_contact(run, run->contact.id);
		return IMPORT_OUTCOME_NEW;
	}
	long long id = duplicates[0].id;
	/* A contact this pass made is not held: a hold is set outside the
	 * pass's transaction, on a contact that existed before it. */
	bool restricted = false;
	if (id < run->first_new_id) {
		statement_bind_int64(run->restricted, 1, id);
		restricted = statement_step(run->restricted) == STORAGE_ROW && statement_column_int(run->restricted, 0);
		statement_reset(run->restricted);
	}
	if (restricted) {
		snprintf(reason, reason_size,
			 _("matches #%lld, a record kept after an erasure request: the privacy officer decides"), id);
		return IMPORT_OUTCOME_INVALID;
	}
	enum import_outcome outcome = id >= run->first_new_id ? IMPORT_OUTCOME_IN_FILE : IMPORT_OUTCOME_MATCH;
	*contact_id = id;
	if (outcome == IMPORT_OUTCOME_IN_FILE && id - run->first_new_id < IMPORT_PREVIEW_ROWS)
		*duplicate_line = run->created_lines[id - run->first_new_id];
	if (policy == IMPORT_MATCH_SKIP) {
		counts->skipped++;
		return outcome;
	}
	if (outcome == IMPORT_OUTCOME_IN_FILE && policy == IMPORT_MATCH_LINK && !other_name) {
		/* Made by this pass from an earlier row, with the same categories
		 * (every row gets the options' ones): linking changes nothing in the
		 * contact, so loading and saving it back would be a no-op. */
		counts->linked++;
		if (record_statements(run, record, id, true))
			register_contact(run, id);
		return outcome;
	}
	status = contact_load(run->session, id, false, &run->existing);
	if (status != STATUS_OK) {
		run->status = status;
		return IMPORT_OUTCOME_INVALID;
	}
	struct contact *existing = &run->existing;
	existing->categories |= run->contact.categories;
	bool filled = false;
	if (policy == IMPORT_MATCH_FILL) {
		for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
			if (run->mapped[field] && !*existing->value[field] && *run->contact.value[field]) {
				contact_set(existing, (enum contact_field)field, run->contact.value[field]);
				filled = true;
			}
		}
		if (!existing->organisation_id && (run->organisation_id || run->organisation_pending)) {
			if (!add_pending_organisation(run))
				return IMPORT_OUTCOME_INVALID;
			existing->organisation_id = run->organisation_id;
			filled = true;
		}
	}
	status = contact_save(run->session, existing, false, NULL);
	if (status == STATUS_ERR_INVALID) {
		text_copy(reason, reason_size, run->db->error);
		return IMPORT_OUTCOME_INVALID;
	}
	if (status != STATUS_OK) {
		run->status = status;
		return IMPORT_OUTCOME_INVALID;
	}
	if (filled)
		counts->filled++;
	else
		counts->linked++;
	if (record_statements(run, record, id, true))
		register_contact(run, id);
	return outcome;
}

static void write_reject(struct run *run, const struct csv_record *record, const char *reason)
{
	const char **cells = calloc((size_t)record->count + 2, sizeof *cells);
	if (!cells) {
		run->status = STATUS_ERR_NO_MEMORY;
		return;
	}
	char line[24];
	snprintf(line, sizeof line, "%lld", record->line);
	for (int i = 0; i < record->count; i++)
		cells[i] = record->cells[i];
	cells[record->count] = line;
	cells[record->count + 1] = reason;
	if (csv_output_row_inert(run->rejects, cells, record->count + 2) != 0) {
		import_set_error(run->db, "%s: %s", run->import->options.rejects_path, strerror(errno));
		run->status = STATUS_ERR_IO;
	} else {
		run->report->counts.rejected++;
	}
	free(cells);
}

static void process_row(struct run *run, const struct csv_record *record)
{
	struct csv_import *import = run->import;
	struct import_report *report = run->report;
	char reason[sizeof report->errors[0].message] = "";
	enum import_outcome outcome = IMPORT_OUTCOME_INVALID;
	long long contact_id = 0, duplicate_line = 0;
	run->line = record->line;
	run->other_name_id = 0;
	run->other_name_reason[0] = '\0';
	if (record->count != import->column_count) {
		reset_contact(run);
		snprintf(reason, sizeof reason, _("%d cells, but the header has %d columns"), record->count,
			 import->column_count);
	} else if (!build_row(run, record, reason, sizeof reason)) {
		/* Every problem at once: the organisation's too. */
		if (run->status == STATUS_OK && (strlen(run->organisation_name) < sizeof run->organisation_name - 1))
			validate_row_organisation(run, reason, sizeof reason);
	} else if (resolve_organisation(run, reason, sizeof reason)) {
		outcome = place_row(run, record, &contact_id, &duplicate_line, reason, sizeof reason);
	}
	if (run->status != STATUS_OK)
		return;
	switch (outcome) {
	case IMPORT_OUTCOME_NEW: report->counts.new_contacts++; break;
	case IMPORT_OUTCOME_MATCH: report->counts.matches++; break;
	case IMPORT_OUTCOME_IN_FILE: report->counts.in_file_duplicates++; break;
	case IMPORT_OUTCOME_INVALID:
	case IMPORT_OUTCOME_COUNT:
		report->counts.invalid++;
		if (report->error_count < IMPORT_ERRORS_KEPT) {
			report->errors[report->error_count].line = record->line;
			text_copy(report->errors[report->error_count].message, sizeof report->errors[0].message, reason);
			report->error_count++;
		}
		if (run->rejects)
			write_reject(run, record, reason);
		break;
	}
	if (report->preview_count < IMPORT_PREVIEW_ROWS) {
		struct import_preview_row *row = &report->preview[report->preview_count++];
		const struct contact *contact = &run->contact;
		row->line = record->line;
		row->outcome = outcome;
		row->contact_id = outcome == IMPORT_OUTCOME_MATCH ? contact_id : 0;
		row->duplicate_line = duplicate_line;
		snprintf(row->name, sizeof row->name, "%s%s%s", contact->value[CONTACT_LAST_NAME],
			 *contact->value[CONTACT_FIRST_NAME] ? ", " : "", contact->value[CONTACT_FIRST_NAME]);
		text_copy(row->organisation, sizeof row->organisation, run->organisation_name);
		text_copy(row->email, sizeof row->email, contact->value[CONTACT_EMAIL]);
		text_copy(row->phone, sizeof row->phone, contact->value[CONTACT_PHONE]);
		text_copy(row->city, sizeof row->city, contact->value[CONTACT_CITY]);
		text_copy(row->reason, sizeof row->reason, reason);
		row->other_name_id = run->other_name_id;
		text_copy(row->other_name_reason, sizeof row->other_name_reason, run->other_name_reason);
		row->other_name_policy = run->other_name_policy;
	}
}

static void report_progress(struct run *run, bool final)
{
	const struct import_options *options = &run->import->options;
	if (!options->progress)
		return;
	double seconds = seconds_since(&run->started);
	/* The first report comes at once, the next every PROGRESS_INTERVAL. */
	if (!final && run->progress_reported && seconds - run->last_progress < PROGRESS_INTERVAL)
		return;
	run->progress_reported = true;
	run->last_progress = seconds;
	struct import_progress progress = { 0 };
	progress.rows = run->report->counts.rows;
	progress.bytes = run->bytes_read ? *run->bytes_read : run->import->facts.bytes;
	progress.total_bytes = run->import->facts.bytes;
	progress.seconds = seconds;
	progress.rows_per_second = seconds > 0 ? (double)progress.rows / seconds : 0;
	progress.seconds_left = -1;
	if (progress.bytes > 0 && seconds > 0.2)
		progress.seconds_left = (double)(progress.total_bytes - progress.bytes) * seconds / (double)progress.bytes;
	progress.dry_run = run->dry_run;
	if (!options->progress(&progress, options->progress_context))
		run->cancelled = true;
}

static bool run_visit(const struct csv_record *record, void *context)
{
	struct run *run = context;
	if (!run->header_seen) {
		run->header_seen = true;
		return true;
	}
	if (import_record_is_blank(record))
		return true;
	run->report->counts.rows++;
	process_row(run, record);
	if ((run->report->counts.rows & 63) == 0) {
		report_progress(run, false);
		/* 99 at most: the indexes and the commit come after the last row. */
		long long total = run->import->facts.bytes;
		if (run->bytes_read && total > 0)
			activity_progress(run->db, (int)(*run->bytes_read * 99 / total));
	}
	return run->status == STATUS_OK && !run->cancelled;
}

/* Sets SQLite's page cache (PRAGMA cache_size: pages, or KiB when negative)
 * and returns the size it had. */
static long long set_cache_size(struct database *db, long long size)
{
	long long previous = 0;
	struct statement *statement = database_prepare(db, "PRAGMA cache_size");
	if (statement && statement_step(statement) == STORAGE_ROW)
		previous = statement_column_int64(statement, 0);
	database_finalize(statement);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %lld", size);
	database_exec(db, pragma);
	return previous;
}

/* The contacts in the register now. */
static long long contact_count(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT count(*) FROM contact");
	if (!statement)
		return -1;
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

static bool open_rejects(struct run *run)
{
	/* The office install writes only into its files folder (issue 14). */
	char checked[sizeof run->import->options.rejects_path];
	if (!office_output_path(run->import->options.rejects_path, checked, sizeof checked, run->db->error,
				sizeof run->db->error))
		return false;
	text_copy(run->import->options.rejects_path, sizeof run->import->options.rejects_path, checked);
	const char *path = run->import->options.rejects_path;
	snprintf(run->rejects_temp, sizeof run->rejects_temp, "%s.partial-XXXXXX", path);
	int fd = mkostemp(run->rejects_temp, O_CLOEXEC);   /* mode 0600: the rows hold personal data */
	if (fd >= 0 && office_mode())
		fchmod(fd, office_file_mode());   /* the office's group: other staff sessions */
	run->rejects = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!run->rejects) {
		import_set_error(run->db, "%s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(run->rejects_temp);
		}
		run->rejects_temp[0] = '\0';
		return false;
	}
	struct csv_import *import = run->import;
	const char **cells = calloc((size_t)import->column_count + 2, sizeof *cells);
	if (!cells)
		return false;
	for (int i = 0; i < import->column_count; i++)
		cells[i] = import->columns[i].header;
	cells[import->column_count] = "line";
	cells[import->column_count + 1] = "reason";
	int written = csv_output_row_inert(run->rejects, cells, import->column_count + 2);
	free(cells);
	return written == 0;
}

/* Keeps the rejects file when the import was committed with rejected rows;
 * otherwise removes it. */
static enum status close_rejects(struct run *run, bool keep)
{
	if (!run->rejects)
		return STATUS_OK;
	bool written = fflush(run->rejects) == 0 && fsync(fileno(run->rejects)) == 0;
	written = fclose(run->rejects) == 0 && written;
	run->rejects = NULL;
	if (keep && written && rename(run->rejects_temp, run->import->options.rejects_path) == 0)
		return STATUS_OK;
	unlink(run->rejects_temp);
	return keep ? STATUS_ERR_IO : STATUS_OK;
}

/* Drops the deferred indexes, keeping their definitions to build them again. */
static enum status defer_indexes(struct run *run)
{
	struct database *db = run->db;
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		struct statement *statement = database_prepare(db,
			"SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'contact' AND name = ? AND sql IS NOT NULL");
		if (!statement)
			return STATUS_ERR_DATABASE;
		statement_bind_text(statement, 1, deferred_index_names[i]);
		int rc = statement_step(statement);
		char *sql = rc == STORAGE_ROW ? import_copy_text(database_text(statement, 0)) : NULL;
		database_finalize(statement);
		if (rc == STORAGE_DONE)
			continue;   /* not in this schema */
		if (!sql)
			return rc == STORAGE_ROW ? STATUS_ERR_NO_MEMORY : database_fail(db, "index");
		char drop[96];
		snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", deferred_index_names[i]);
		if (database_exec(db, drop) != STORAGE_OK) {
			free(sql);
			return database_fail(db, "index");
		}
		run->deferred[i] = sql;
	}
	return STATUS_OK;
}

/* Builds the deferred indexes again (before the commit). */
static enum status restore_indexes(struct run *run)
{
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		if (!run->deferred[i])
			continue;
		int rc = database_exec(run->db, run->deferred[i]);
		free(run->deferred[i]);
		run->deferred[i] = NULL;
		if (rc != STORAGE_OK)
			return database_fail(run->db, "index");
	}
	return STATUS_OK;
}

static void free_run(struct run *run)
{
	for (int i = 0; i < DEFERRED_INDEX_COUNT; i++) {
		free(run->deferred[i]);
		run->deferred[i] = NULL;
	}
	database_finalize(run->by_business_id);
	database_finalize(run->by_name);
	database_finalize(run->name_of_organisation);
	database_finalize(run->restricted);
	contact_free(&run->contact);
	contact_free(&run->existing);
	free(run->value);
	free(run->organisations);
	free(run->current);
}

/* One line for the audit trail: the file, its SHA-256 and the counts;
 * no personal data. */
static void audit_summary(const struct run *run, char *out, size_t out_size)
{
	const struct import_counts *c = &run->report->counts;
	char name[101];
	text_copy(name, sizeof name, run->import->name);
	for (char *p = name; *p; p++)
		if (*p == ' ' || *p == ',')
			*p = '_';
	snprintf(out, out_size,
		 "file=%s,sha256=%s,rows=%lld,new=%lld,matches=%lld,in_file=%lld,linked=%lld,filled=%lld,skipped=%lld,"
		 "invalid=%lld,rejected=%lld,organisations=%lld,bans=%lld,consents=%lld,registrations=%lld,other_names=%lld",
		 name, run->report->sha256, c->rows, c->new_contacts, c->matches, c->in_file_duplicates, c->linked,
		 c->filled, c->skipped, c->invalid, c->rejected, c->organisations, c->bans, c->consents, c->registrations,
		 c->other_names);
}

/* What a pass needs before it starts: the permissions its columns and
 * options need, a named source, the event or session to register to, and
 * the file as it was opened. */
static enum status check_run(struct csv_import *import, struct run *run)
{
	struct session *session = import->session;
	struct database *db = session->db;
	const struct import_options *options = &import->options;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	char reason[256];
	if (!csv_import_mapping_ready(import, reason, sizeof reason)) {
		import_set_error(db, "%s: %s", import->name, reason);
		return STATUS_ERR_INVALID;
	}
	bool statements = false;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_FIELD)
			run->mapped[target->field] = true;
		if (target->kind == IMPORT_TARGET_FULL_NAME)
			run->mapped[CONTACT_FIRST_NAME] = run->mapped[CONTACT_LAST_NAME] = true;
		statements |= target->kind == IMPORT_TARGET_BAN || target->kind == IMPORT_TARGET_CONSENT;
	}
	if (statements && (status = permission_require(session, PERMISSION_EDIT_CONSENTS)) != STATUS_OK)
		return status;
	if (data_source_is_named(options->source) && !*options->source_detail && !run->mapped[CONTACT_SOURCE_DETAIL]) {
		import_set_error(db, "%s: %s", contact_field_label(CONTACT_SOURCE_DETAIL),
				 _("name the party or the public source the data came from"));
		return STATUS_ERR_INVALID;
	}
	if (options->training_session_id && options->source == SOURCE_EMPLOYER && !*options->source_detail) {
		import_set_error(db, "%s: %s", contact_field_label(CONTACT_SOURCE_DETAIL),
				 _("name the employer that registered the participants (notice §1.4)"));
		return STATUS_ERR_INVALID;
	}
	if (options->training_session_id) {
		struct training_session training;
		if ((status = training_session_load(session, options->training_session_id, &training)) != STATUS_OK)
			return status;
	}
	if (options->event_id) {
		if ((status = permission_require(session, PERMISSION_MANAGE_EVENTS)) != STATUS_OK)
			return status;
		struct statement *statement = database_prepare(db, "SELECT 1 FROM event WHERE id = ?");
		bool found = false;
		if (statement) {
			statement_bind_int64(statement, 1, options->event_id);
			found = statement_step(statement) == STORAGE_ROW;
			database_finalize(statement);
		}
		if (!found) {
			import_set_error(db, _("no event #%lld"), options->event_id);
			return STATUS_ERR_NOT_FOUND;
		}
	}
	struct stat now;
	if (fstat(fileno(import->stream), &now) != 0 || now.st_size != import->opened.st_size ||
	    now.st_mtim.tv_sec != import->opened.st_mtim.tv_sec || now.st_mtim.tv_nsec != import->opened.st_mtim.tv_nsec) {
		import_set_error(db, "%s: %s", import->name, _("the file changed after it was opened: open it again"));
		return STATUS_ERR_INVALID;
	}
	return STATUS_OK;
}

/* The pass's working memory, its caches, and the rejects file. */
static enum status prepare_run(struct run *run)
{
	const struct import_options *options = &run->import->options;
	/* Every new contact gets the options' categories: written at the end in
	 * one pass, unless "update empty fields" may load a contact this pass
	 * made before then. */
	run->categories_later = options->on_match != IMPORT_MATCH_FILL && options->on_other_name != IMPORT_OTHER_NAME_FILL;
	for (int i = 0; i < options->row_choice_count; i++)
		if (options->row_choices[i].policy == IMPORT_OTHER_NAME_FILL)
			run->categories_later = false;
	contact_init(&run->contact);
	contact_init(&run->existing);
	run->value = malloc(IMPORT_MAX_FIELD_BYTES + 1);
	run->organisations = calloc(ORGANISATION_CACHE_SLOTS, sizeof *run->organisations);   /* none: no cache */
	run->organisation_generation = 1;
	run->current = calloc(PURPOSES_MAX, sizeof *run->current);
	if (!run->value || !run->current)
		return STATUS_ERR_NO_MEMORY;
	calendar_today(run->today);
	if (!run->dry_run && options->skip_invalid && *options->rejects_path && !open_rejects(run))
		return STATUS_ERR_IO;
	long long existing_contacts = contact_count(run->db);
	/* SQLite only: PostgreSQL's application role may not drop and create
	 * indexes, and its triggers keep the search words as the rows come. */
	run->bulk = database_engine(run->db) == ENGINE_SQLITE && run->import->facts.lines >= BULK_MIN_ROWS &&
		    run->import->facts.lines * 4 >= existing_contacts;
	run->report->bulk_indexed = run->bulk && !run->dry_run;
	return STATUS_OK;
}

/* Opens the pass's transaction, prepares the statements used on every row,
 * and for a large file sets the page cache and drops the deferred indexes. */
static enum status begin_pass(struct run *run)
{
	struct database *db = run->db;
	/* Other desks' saves wait for the pass: they are told what for. */
	activity_begin(db, run->dry_run ? ACTIVITY_IMPORT_CHECK : ACTIVITY_IMPORT, run->session->username);
	enum status status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM contact");
	if (statement && statement_step(statement) == STORAGE_ROW)
		run->first_new_id = statement_column_int64(statement, 0);
	database_finalize(statement);
	run->by_business_id = database_prepare(db,
		"SELECT id FROM organisation WHERE country = ?1 AND business_id = ?2 AND business_id <> ''");
	run->by_name = database_prepare(db, "SELECT id, business_id FROM organisation WHERE sort_key = ?1 LIMIT 3");
	run->name_of_organisation = database_prepare(db, "SELECT name FROM organisation WHERE id = ?");
	run->restricted = database_prepare(db, "SELECT restricted_until <> '' FROM contact WHERE id = ?");
	if (!statement || !run->first_new_id || !run->by_business_id || !run->by_name || !run->name_of_organisation ||
	    !run->restricted)
		return STATUS_ERR_DATABASE;
	contact_store_set_bulk(db, run->bulk);
	if (run->bulk)
		run->cache_size = set_cache_size(db, -BULK_CACHE_KIB);
	/* PostgreSQL: a plan for each row's lookups. A generic plan cached while
	 * the register was small (a first import into an empty one) scans the
	 * whole table for every row once the pass has added thousands; the
	 * statistics cannot catch up inside the transaction. */
	if (database_engine(db) == ENGINE_POSTGRESQL &&
	    database_exec(db, "SET LOCAL plan_cache_mode = force_custom_plan") != STORAGE_OK)
		return database_fail(db, "import");
	if (run->bulk && !run->dry_run)
		return run->status = defer_indexes(run);
	return STATUS_OK;
}

/* Reads every row through process_row, hashing the file's bytes; then says
 * why the pass cannot be committed, if it cannot. */
static enum status read_rows(struct run *run)
{
	struct csv_import *import = run->import;
	struct database *db = run->db;
	struct import_report *report = run->report;
	char read_error[512] = "";
	crypto_hash_sha256_state hash;
	crypto_hash_sha256_init(&hash);
	bool read_ok = csv_read_records(import->stream, import->name, &import->facts, run_visit, run, &hash,
					&run->bytes_read, read_error, sizeof read_error);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&hash, digest);
	sodium_bin2hex(report->sha256, sizeof report->sha256, digest, sizeof digest);
	report_progress(run, true);
	enum status status = run->status;
	if (status == STATUS_OK && !read_ok) {
		import_set_error(db, "%s", read_error);
		status = STATUS_ERR_INVALID;
	} else if (status != STATUS_OK && run->line > 0) {
		char detail[sizeof db->error];
		text_copy(detail, sizeof detail, db->error);
		import_set_error(db, "%s:%lld: %s", import->name, run->line, detail);
	} else if (status == STATUS_OK && run->cancelled) {
		import_set_error(db, "%s", _("the import was cancelled: nothing was written"));
		report->cancelled = true;
		status = STATUS_ERR_INVALID;
	} else if (status == STATUS_OK && report->counts.invalid > 0 && !import->options.skip_invalid && !run->dry_run) {
		import_set_error(db, _("%lld invalid rows: nothing was imported (fix them, or skip them to a rejects file)"),
				 report->counts.invalid);
		status = STATUS_ERR_INVALID;
	}
	return status;
}

/* Ends the pass: a failed pass or a dry run is rolled back (a dry run then
 * audited on its own); an import gets its categories, indexes and search
 * index, its "import" audit entry, and is committed. */
static enum status finish_pass(struct run *run, enum status status)
{
	struct database *db = run->db;
	if (run->cache_size)
		set_cache_size(db, run->cache_size);
	database_finalize(run->by_business_id);
	database_finalize(run->by_name);
	database_finalize(run->name_of_organisation);
	database_finalize(run->restricted);
	run->by_business_id = run->by_name = run->name_of_organisation = run->restricted = NULL;
	contact_store_set_bulk(db, false);
	char summary[600];
	audit_summary(run, summary, sizeof summary);
	long long account_id = run->session->account_id;
	if (status != STATUS_OK || run->dry_run) {
		database_rollback(db);
		activity_end(db);
		return status == STATUS_OK ? audit_append(db, account_id, "import.dry-run", "file", 0, summary) : status;
	}
	if (run->categories_later)
		status = contact_store_add_categories(db, run->first_new_id, run->import->options.categories);
	if (status == STATUS_OK)
		status = restore_indexes(run);
	if (status == STATUS_OK && run->bulk)
		status = contact_store_rebuild_search(db);
	if (status == STATUS_OK)
		status = audit_append(db, account_id, "import", "file", 0, summary);
	status = database_finish(db, status);
	activity_end(db);
	run->report->committed = status == STATUS_OK;
	return status;
}

enum status csv_import_run(struct csv_import *import, bool dry_run, struct import_report *report)
{
	memset(report, 0, sizeof *report);
	struct run run;
	memset(&run, 0, sizeof run);
	run.import = import;
	run.session = import->session;
	run.db = import->session->db;
	run.report = report;
	run.dry_run = dry_run;
	enum status status = check_run(import, &run);
	if (status != STATUS_OK)
		return status;
	status = prepare_run(&run);
	clock_gettime(CLOCK_MONOTONIC, &run.started);
	if (status == STATUS_OK) {
		status = begin_pass(&run);
		if (status == STATUS_OK)
			status = read_rows(&run);
		status = finish_pass(&run, status);
	}
	enum status closed = close_rejects(&run, report->committed && report->counts.rejected > 0);
	if (report->committed && closed != STATUS_OK)
		import_set_error(run.db, "%s: %s", import->options.rejects_path, _("the rejects file could not be written"));
	report->seconds = seconds_since(&run.started);
	free_run(&run);
	return status != STATUS_OK ? status : closed;
}

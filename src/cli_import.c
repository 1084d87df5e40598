/* Batch command "import contacts FILE": the same core, rules and audit as
 * the import screen (issue 7). A dry run shows the mapping, the first rows as
 * they will be stored and the counts; the import writes all rows or none.
 * Progress goes to stderr when it is a terminal; Ctrl-C, a kill or a full
 * disk leave the register as it was. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_common.h"
#include "database_internal.h"
#include "csv_import.h"
#include "i18n.h"
#include "office.h"
#include "text.h"

#define MAPS_MAX 64
#define ERRORS_SHOWN 20
#define PROGRESS_MIN_LINES 2000       /* smaller files finish before a bar helps */

static volatile sig_atomic_t interrupted;

static void interrupt(int signal_number)
{
	(void)signal_number;
	interrupted = 1;
}

struct progress_state {
	bool show;                        /* stderr is a terminal and the file is large */
	bool shown;                       /* a progress line is on the terminal */
};

static bool show_progress(const struct import_progress *progress, void *context)
{
	struct progress_state *state = context;
	if (state->show) {
		char left[32] = "";
		if (progress->seconds_left >= 0)
			snprintf(left, sizeof left, _(", %d:%02d left"), (int)progress->seconds_left / 60,
				 (int)progress->seconds_left % 60);
		int width = 20, done = progress->total_bytes > 0 ? (int)(width * progress->bytes / progress->total_bytes) : 0;
		char bar[32];
		for (int i = 0; i < width; i++)
			bar[i] = i < done ? '#' : '.';
		bar[width] = '\0';
		fputc('\r', stderr);
		fprintf(stderr, _("%s [%s] %lld rows, %.0f rows/s%s   "),
			progress->dry_run ? _("Checking") : _("Importing"), bar, progress->rows, progress->rows_per_second, left);
		fflush(stderr);
		state->shown = true;
	}
	return !interrupted;
}

static void end_progress(struct progress_state *state)
{
	if (state->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	state->shown = false;
}

static bool parse_categories(const char *list, unsigned *categories)
{
	char copy[256];
	text_copy(copy, sizeof copy, list);
	for (char *code = strtok(copy, ", "); code; code = strtok(NULL, ", ")) {
		enum contact_category category;
		if (!contact_category_parse(code, &category)) {
			cli_fail(_("unknown category '%s': use customer, stakeholder, maintenance, prospect, training or event"), code);
			return false;
		}
		*categories |= 1u << category;
	}
	return true;
}

static bool parse_delimiter(const char *text, char *out)
{
	if (strcmp(text, ",") == 0 || strcmp(text, "comma") == 0)
		*out = ',';
	else if (strcmp(text, ";") == 0 || strcmp(text, "semicolon") == 0)
		*out = ';';
	else if (strcmp(text, "tab") == 0 || strcmp(text, "\t") == 0)
		*out = '\t';
	else if (strcmp(text, "auto") == 0)
		*out = 0;
	else
		return false;
	return true;
}

/* "Sähköposti=email" or "3=email": the column by header text (case and
 * accents aside) or by number from 1. */
static bool apply_map(struct csv_import *import, struct database *db, const char *map)
{
	const char *equals = strrchr(map, '=');
	if (!equals) {
		cli_fail(_("--map takes COLUMN=TARGET, got '%s'"), map);
		return false;
	}
	char column_text[512], folded[512], code[128];
	snprintf(column_text, sizeof column_text, "%.*s", (int)(equals - map), map);
	text_copy(code, sizeof code, equals + 1);
	struct import_target target;
	if (!import_target_parse(db, code, &target)) {
		cli_fail(_("unknown target '%s': see regdesk --help"), code);
		return false;
	}
	int column = -1;
	char *end;
	long number = strtol(column_text, &end, 10);
	if (*column_text && !*end && number >= 1 && number <= csv_import_column_count(import)) {
		column = (int)number - 1;
	} else {
		text_search_fold(column_text, folded, sizeof folded);
		for (int i = 0; i < csv_import_column_count(import) && column < 0; i++) {
			char header[512];
			text_search_fold(csv_import_column_header(import, i), header, sizeof header);
			if (strcmp(header, folded) == 0)
				column = i;
		}
	}
	if (column < 0) {
		char inert[512];
		text_make_inert(column_text, inert, sizeof inert);
		cli_fail(_("no column '%s' in the file"), inert);
		return false;
	}
	csv_import_set_column_target(import, column, &target);
	return true;
}

static void print_mapping(struct csv_import *import, struct database *db)
{
	const char *applied = csv_import_applied_mapping(import);
	char path[512];
	text_make_inert(csv_import_path(import), path, sizeof path);
	printf(_("File %s: %s, delimiter %s%s, %lld lines.\n"), path, import_encoding_label(csv_import_encoding(import)),
	       csv_import_delimiter(import) == '\t' ? "tab" : csv_import_delimiter(import) == ';' ? ";" : ",",
	       csv_import_had_bom(import) ? _(", byte order mark") : "", csv_import_line_count(import));
	if (*applied) {
		char name[256];
		text_make_inert(applied, name, sizeof name);
		printf(_("Saved mapping applied: %s\n"), name);
	}
	printf("%s\n", _("Columns:"));
	for (int column = 0; column < csv_import_column_count(import); column++) {
		struct import_target target = csv_import_column_target(import, column);
		char header[256], sample[256], code[64], label[256];
		text_fit_columns(csv_import_column_header(import, column), 22, header, sizeof header);
		text_fit_columns(csv_import_column_sample(import, column), 22, sample, sizeof sample);
		import_target_code(&target, code, sizeof code);
		import_target_label(db, &target, label, sizeof label);
		printf("  %3d %s %s -> %-20s %s\n", column + 1, header, sample, code, label);
	}
}

static void print_preview(const struct import_report *report)
{
	printf("%s\n", _("First rows as they will be stored:"));
	for (int i = 0; i < report->preview_count; i++) {
		const struct import_preview_row *row = &report->preview[i];
		char outcome[64], name[256], organisation[256], email[256], note[1024] = "";
		text_fit_columns(import_outcome_label(row->outcome), 18, outcome, sizeof outcome);
		text_fit_columns(row->name, 24, name, sizeof name);
		text_fit_columns(row->organisation, 16, organisation, sizeof organisation);
		text_fit_columns(row->email, 24, email, sizeof email);
		if (row->outcome == IMPORT_OUTCOME_MATCH)
			snprintf(note, sizeof note, "#%lld", row->contact_id);
		else if (row->outcome == IMPORT_OUTCOME_IN_FILE && row->duplicate_line)
			snprintf(note, sizeof note, _("as line %lld"), row->duplicate_line);
		else if (row->outcome == IMPORT_OUTCOME_INVALID)
			text_make_inert(row->reason, note, sizeof note);
		if (row->other_name_id) {
			/* Whom it matched and why, and what is done: a shared phone is
			 * not the same person. */
			char reason[300];
			text_make_inert(row->other_name_reason, reason, sizeof reason);
			size_t used = strlen(note);
			snprintf(note + used, sizeof note - used, "%s%s: %s", used ? " " : "", reason,
				 import_other_name_policy_label(row->other_name_policy));
		}
		printf("  %6lld %s %s %s %s %s\n", row->line, outcome, name, organisation, email, note);
	}
}

static void print_counts(const struct import_report *report, const struct import_options *options, bool dry_run)
{
	const struct import_counts *c = &report->counts;
	printf(_("Rows: %lld; new %lld, in the register %lld, twice in the file %lld, invalid %lld.\n"), c->rows,
	       c->new_contacts, c->matches, c->in_file_duplicates, c->invalid);
	printf(_("Matching rows (%s): linked %lld, filled %lld, skipped %lld.\n"),
	       import_match_policy_label(options->on_match), c->linked, c->filled, c->skipped);
	if (c->other_names)
		printf(_("Rows whose e-mail or phone is another name's (%s): %lld.\n"),
		       import_other_name_policy_label(options->on_other_name), c->other_names);
	if (c->organisations || c->bans || c->consents || c->registrations)
		printf(_("Organisations added %lld; bans %lld; consents %lld; registrations %lld.\n"), c->organisations, c->bans,
		       c->consents, c->registrations);
	if (c->formula_cells)
		printf(_("%lld cells look like spreadsheet formulas; they are stored as plain text.\n"), c->formula_cells);
	if (!dry_run)
		printf(_("SHA-256 of the file: %s (%.2f s)\n"), report->sha256, report->seconds);
}

static void print_errors(const struct import_report *report, const char *path)
{
	char name[512];
	const char *slash = strrchr(path, '/');
	text_make_inert(slash ? slash + 1 : path, name, sizeof name);
	int shown = report->error_count < ERRORS_SHOWN ? report->error_count : ERRORS_SHOWN;
	for (int i = 0; i < shown; i++) {
		char message[sizeof report->errors[i].message];
		text_make_inert(report->errors[i].message, message, sizeof message);
		fprintf(stderr, "%s:%lld: %s\n", name, report->errors[i].line, message);
	}
	if (report->counts.invalid > shown)
		fprintf(stderr, _("... and %lld more invalid rows\n"), report->counts.invalid - shown);
}

int cli_import_contacts(const struct cli_call *call)
{
	struct database *db = call->db;
	struct import_options options;
	import_options_init(&options);
	const char *path = cli_word(call, 0), *mapping = NULL, *save_mapping = NULL, *maps[MAPS_MAX];
	int map_count = 0;
	bool dry_run = false;
	for (int i = 0; i < call->given_count; i++) {
		const char *option = call->given[i].option->name, *value = call->given[i].value;
		if (strcmp(option, "dry-run") == 0) {
			dry_run = true;
		} else if (strcmp(option, "skip-invalid") == 0) {
			options.skip_invalid = true;
		} else if (strcmp(option, "delimiter") == 0) {
			if (!parse_delimiter(value, &options.delimiter)) {
				cli_fail(_("unknown delimiter '%s': use , ; or tab"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "encoding") == 0) {
			if (!import_encoding_parse(value, &options.encoding)) {
				cli_fail(_("unknown encoding '%s': use auto, utf-8 or windows-1252"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "category") == 0) {
			if (!parse_categories(value, &options.categories))
				return CLI_USAGE;
		} else if (strcmp(option, "source") == 0) {
			if (!data_source_parse(value, &options.source)) {
				cli_fail(_("unknown data source '%s': see regdesk --help"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "source-detail") == 0) {
			text_copy(options.source_detail, sizeof options.source_detail, value);
		} else if (strcmp(option, "channel") == 0) {
			if (!consent_channel_parse(value, &options.statement_channel)) {
				cli_fail(_("unknown channel '%s': see regdesk --help"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "on-match") == 0) {
			if (!import_match_policy_parse(value, &options.on_match)) {
				cli_fail(_("unknown choice '%s' for --on-match: use link, fill or skip"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "on-other-name") == 0) {
			if (!import_other_name_policy_parse(value, &options.on_other_name)) {
				cli_fail(_("unknown choice '%s' for --on-other-name: use new, link, fill or skip"), value);
				return CLI_USAGE;
			}
		} else if (strcmp(option, "rejects") == 0) {
			text_copy(options.rejects_path, sizeof options.rejects_path, value);
		} else if (strcmp(option, "event") == 0) {
			options.event_id = atoll(value);
		} else if (strcmp(option, "training-session") == 0) {
			options.training_session_id = atoll(value);
		} else if (strcmp(option, "map") == 0) {
			if (map_count == MAPS_MAX) {
				cli_fail(_("at most %d --map options"), MAPS_MAX);
				return CLI_USAGE;
			}
			maps[map_count++] = value;
		} else if (strcmp(option, "mapping") == 0) {
			mapping = value;
		} else if (strcmp(option, "save-mapping") == 0) {
			save_mapping = value;
		}
	}
	if (*options.rejects_path) {
		char office_path[sizeof options.rejects_path], office_error[1024];
		if (!office_output_path(options.rejects_path, office_path, sizeof office_path, office_error, sizeof office_error)) {
			cli_fail("%s", office_error);
			return CLI_FAILED;
		}
		text_copy(options.rejects_path, sizeof options.rejects_path, office_path);
		options.skip_invalid = true;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;

	struct progress_state progress = { false, false };
	options.progress = show_progress;
	options.progress_context = &progress;
	struct csv_import *import;
	enum status status = csv_import_open(&session, path, &options, &import);
	if (status == STATUS_ERR_IO && db->error[0]) {
		char message[sizeof db->error];
		text_make_inert(db->error, message, sizeof message);
		cli_fail("%s", message);   /* the file and why it cannot be read */
		return CLI_FAILED;
	}
	if (status != STATUS_OK)
		return cli_report(status, db);
	int result = CLI_OK;
	if (mapping && csv_import_apply_mapping(import, mapping) != STATUS_OK)
		result = cli_report(STATUS_ERR_NOT_FOUND, db);
	for (int i = 0; i < map_count && result == CLI_OK; i++)
		if (!apply_map(import, db, maps[i]))
			result = CLI_USAGE;
	char reason[256];
	if (result == CLI_OK && !csv_import_mapping_ready(import, reason, sizeof reason)) {
		print_mapping(import, db);
		cli_fail("%s", reason);
		result = CLI_FAILED;
	}
	if (result == CLI_OK && save_mapping) {
		status = csv_import_save_mapping(import, save_mapping);
		if (status != STATUS_OK)
			result = cli_report(status, db);
	}
	struct import_report *report = calloc(1, sizeof *report);
	if (result == CLI_OK && !report)
		result = cli_report(STATUS_ERR_NO_MEMORY, db);
	if (result == CLI_OK) {
		if (dry_run)
			print_mapping(import, db);
		progress.show = isatty(STDERR_FILENO) && csv_import_line_count(import) >= PROGRESS_MIN_LINES;
		/* Ctrl-C, a kill or a hang-up roll the import back instead of cutting it. */
		struct sigaction action = { 0 }, old_int, old_term, old_hup;
		action.sa_handler = interrupt;
		sigaction(SIGINT, &action, &old_int);
		sigaction(SIGTERM, &action, &old_term);
		sigaction(SIGHUP, &action, &old_hup);
		status = csv_import_run(import, dry_run, report);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
		end_progress(&progress);
		if (dry_run && status == STATUS_OK)
			print_preview(report);
		if (report->counts.rows > 0)
			print_counts(report, csv_import_options(import), dry_run);
		print_errors(report, path);
		if (status != STATUS_OK) {
			if (interrupted)
				cli_fail("%s", _("interrupted: nothing was imported"));
			else
				cli_report(status, db);
			result = CLI_FAILED;
		} else if (dry_run) {
			printf("%s\n", report->counts.invalid && !options.skip_invalid
				? _("Dry run: nothing was written. The invalid rows would stop the import.")
				: _("Dry run: nothing was written."));
		} else {
			printf(_("Imported: %lld new contacts, %lld linked, %lld filled.\n"), report->counts.new_contacts,
			       report->counts.linked, report->counts.filled);
			if (report->counts.rejected) {
				char rejects[512];
				text_make_inert(options.rejects_path, rejects, sizeof rejects);
				printf(_("%lld invalid rows were skipped and written to %s.\n"), report->counts.rejected, rejects);
			}
		}
	}
	free(report);
	csv_import_close(import);
	return result;
}

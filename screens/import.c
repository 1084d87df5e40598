/* Import contacts from a CSV file (issue 7; notice §1.4, §1.5): choose the
 * file and what it is (category, data source, the event or employer), check
 * where each column goes, see a dry run's counts and first rows, decide what
 * happens to matches and invalid rows, then import all rows or none, with a
 * progress bar that Esc cancels. Text from the file is drawn inert. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_import.h"
#include "form.h"
#include "listbox.h"
#include "permission.h"
#include "progress_line.h"
#include "screens.h"
#include "text.h"
#include "training.h"

#define EVENTS_MAX 60
#define SESSIONS_MAX 60
#define CHOICE_TEXT 120
#define PROGRESS_MIN_LINES 2000       /* a smaller file is read before a bar would help */

enum stage {
	CHOOSING_FILE,                    /* the file form */
	MAPPING,                          /* the columns and where they go */
	CHOOSING_TARGET,                  /* the list of targets for one column */
	NAMING,                           /* a name for saving the mapping */
	PREVIEWED,                        /* the dry run's counts and first rows */
	DONE,                             /* imported */
};

enum { FILE_PATH, DELIMITER, ENCODING, CATEGORIES, SOURCE, SOURCE_DETAIL, EVENT, TRAINING_SESSION, CHANNEL,
       FILE_FIELD_COUNT };
enum { ON_MATCH, ON_OTHER_NAME, INVALID_ROWS, REJECTS_PATH, DECISION_FIELD_COUNT };

static const char delimiters[] = { 0, ',', ';', '\t' };
static const char *const delimiter_labels[] = { N_("detect"), N_("comma ,"), N_("semicolon ;"), N_("tab") };
static const char *const invalid_labels[] = { N_("stop the import"), N_("skip them to the rejects file") };

/* Everything one opening of the import keeps. */
struct import_state {
	enum stage stage;
	struct database *db;              /* for the target labels the lists draw */
	/* Choice labels, translated at open. */
	const char *encoding_labels[IMPORT_ENCODING_COUNT];
	const char *category_labels[CATEGORY_COUNT];
	const char *source_labels[SOURCE_COUNT];
	const char *channel_labels[CONSENT_CHANNEL_COUNT];
	const char *policy_labels[IMPORT_MATCH_COUNT];
	const char *other_name_labels[IMPORT_OTHER_NAME_COUNT];
	struct form_field file_fields[FILE_FIELD_COUNT];
	struct form file_form;
	struct form_field decision_fields[DECISION_FIELD_COUNT];
	struct form decision_form;
	struct form_field name_fields[1];
	struct form name_form;
	struct listbox columns;
	int column_widths[3];             /* of the mapping table: column, first row, where it goes */
	struct listbox targets;
	struct csv_import *import;        /* the open file; NULL while choosing it */
	struct import_report report;      /* of the last pass */
	bool previewed;                   /* report holds a dry run */
	long long event_ids[EVENTS_MAX + 1];
	char event_text[EVENTS_MAX + 1][CHOICE_TEXT];
	const char *event_labels[EVENTS_MAX + 1];
	long long session_ids[SESSIONS_MAX + 1];
	char session_text[SESSIONS_MAX + 1][CHOICE_TEXT];
	const char *session_labels[SESSIONS_MAX + 1];
};

/* ---- A pass: its progress bar; Esc or a signal (Ctrl-C) rolls it back ---- */

/* What the progress callback needs during one pass. */
struct pass_progress {
	struct app *app;
	const struct csv_import *import;
};

/* Draws the bar on the last content row and takes Esc as a cancel; a
 * signal asking regdesk to stop cancels too, then the loop ends. */
static bool draw_progress(const struct import_progress *progress, void *context)
{
	const struct pass_progress *pass = context;
	struct app *app = pass->app;
	if (csv_import_line_count(pass->import) >= PROGRESS_MIN_LINES) {
		char left[48] = "", line[256], bar[48];
		int width = 24, done = progress->total_bytes > 0 ? (int)(width * progress->bytes / progress->total_bytes) : 0;
		for (int i = 0; i < width; i++)
			bar[i] = i < done ? '#' : '.';
		bar[width] = '\0';
		if (progress->seconds_left >= 0)
			snprintf(left, sizeof left, _("%d:%02d left"), (int)progress->seconds_left / 60,
				 (int)progress->seconds_left % 60);
		snprintf(line, sizeof line, _("%s [%s] %lld rows, %.0f rows/s, %s  (Esc cancels)"),
			 progress->dry_run ? _("Checking") : _("Importing"), bar, progress->rows, progress->rows_per_second, left);
		ui_draw_text(app->content_top + app->content_rows - 1, 1, app->cols - 2, line, COLOR_ROLE_WARNING, true);
		refresh();
	}
	return progress_line_goes_on();
}

static enum status run_pass(struct import_state *state, struct app *app, bool dry_run)
{
	struct pass_progress pass = { .app = app, .import = state->import };
	struct import_options *options = csv_import_options(state->import);
	options->progress = draw_progress;
	options->progress_context = &pass;
	enum status status = csv_import_run(state->import, dry_run, &state->report);
	options->progress_context = NULL;   /* pass lives only during the run */
	return status;
}

/* ---- Lists ---- */

static long column_count(void *context)
{
	const struct import_state *state = context;
	return state->import ? csv_import_column_count(state->import) : 0;
}

static void draw_column(void *context, long index, int y, int x, int width, bool selected)
{
	const struct import_state *state = context;
	const int *widths = state->column_widths;
	struct import_target target = csv_import_column_target(state->import, (int)index);
	char label[300], goes[320];
	import_target_label(state->db, &target, label, sizeof label);
	snprintf(goes, sizeof goes, "-> %s", label);
	const char *cells[] = { csv_import_column_header(state->import, (int)index),
				csv_import_column_sample(state->import, (int)index), goes };
	ui_draw_row(y, x, width, widths, cells, 3,
		    selected ? COLOR_ROLE_SELECTED : target.kind == IMPORT_TARGET_IGNORE ? COLOR_ROLE_DIM : COLOR_ROLE_NORMAL);
}

static long target_count(void *context)
{
	const struct import_state *state = context;
	return state->import ? csv_import_target_count(state->import) : 0;
}

static void draw_target(void *context, long index, int y, int x, int width, bool selected)
{
	const struct import_state *state = context;
	struct import_target target = csv_import_target_at(state->import, (int)index);
	char label[300], line[320];
	import_target_label(state->db, &target, label, sizeof label);
	snprintf(line, sizeof line, "  %s", label);
	ui_draw_text(y, x, width, line, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
}

/* ---- Opening and leaving ---- */

static void load_events_and_sessions(struct import_state *state, struct app *app)
{
	state->event_labels[0] = state->session_labels[0] = N_("(none)");
	state->event_ids[0] = state->session_ids[0] = 0;
	int events = 0, sessions = 0;
	if (permission_allows(app->session.role, PERMISSION_MANAGE_EVENTS)) {
		struct event *list = calloc(EVENTS_MAX, sizeof *list);
		events = list ? event_list(&app->session, list, EVENTS_MAX) : 0;
		for (int i = 0; i < events; i++) {
			state->event_ids[i + 1] = list[i].id;
			snprintf(state->event_text[i + 1], CHOICE_TEXT, "%s %.100s", list[i].date, list[i].name);
			state->event_labels[i + 1] = state->event_text[i + 1];
		}
		free(list);
	}
	if (permission_allows(app->session.role, PERMISSION_MANAGE_TRAININGS)) {
		struct training_session *list = calloc(SESSIONS_MAX, sizeof *list);
		sessions = list ? training_session_list(&app->session, list, SESSIONS_MAX) : 0;
		for (int i = 0; i < sessions; i++) {
			state->session_ids[i + 1] = list[i].id;
			snprintf(state->session_text[i + 1], CHOICE_TEXT, "%s %.100s", list[i].starts_at, list[i].course_name);
			state->session_labels[i + 1] = state->session_text[i + 1];
		}
		free(list);
	}
	state->file_fields[EVENT].choice_count = (events > 0 ? events : 0) + 1;
	state->file_fields[EVENT].hidden = events <= 0;
	state->file_fields[TRAINING_SESSION].choice_count = (sessions > 0 ? sessions : 0) + 1;
	state->file_fields[TRAINING_SESSION].hidden = sessions <= 0;
}

static void import_open(void *self, struct app *app, const void *argument)
{
	struct import_state *state = self;
	(void)argument;
	state->db = app->db;
	for (int i = 0; i < IMPORT_ENCODING_COUNT; i++)
		state->encoding_labels[i] = import_encoding_label((enum import_encoding)i);
	for (int i = 0; i < CATEGORY_COUNT; i++)
		state->category_labels[i] = contact_category_label((enum contact_category)i);
	for (int i = 0; i < SOURCE_COUNT; i++)
		state->source_labels[i] = data_source_label((enum data_source)i);
	for (int i = 0; i < CONSENT_CHANNEL_COUNT; i++)
		state->channel_labels[i] = consent_channel_label((enum consent_channel)i);
	for (int i = 0; i < IMPORT_MATCH_COUNT; i++)
		state->policy_labels[i] = import_match_policy_label((enum import_match_policy)i);
	for (int i = 0; i < IMPORT_OTHER_NAME_COUNT; i++)
		state->other_name_labels[i] = import_other_name_policy_label((enum import_other_name_policy)i);
	struct form_field *f = state->file_fields;
	f[FILE_PATH] = (struct form_field){ .label = N_("File"), .max_chars = 250 };
	f[DELIMITER] = (struct form_field){ .label = N_("Delimiter"), .kind = FIELD_CHOICE, .choices = delimiter_labels,
		.choice_count = 4 };
	f[ENCODING] = (struct form_field){ .label = N_("Encoding"), .kind = FIELD_CHOICE, .choices = state->encoding_labels,
		.choice_count = IMPORT_ENCODING_COUNT };
	f[CATEGORIES] = (struct form_field){ .label = N_("Categories"), .kind = FIELD_FLAGS, .choices = state->category_labels,
		.choice_count = CATEGORY_COUNT };
	f[SOURCE] = (struct form_field){ .label = N_("Data source"), .kind = FIELD_CHOICE, .choices = state->source_labels,
		.choice_count = SOURCE_COUNT };
	f[SOURCE_DETAIL] = (struct form_field){ .label = N_("Source named"), .max_chars = 200 };
	f[EVENT] = (struct form_field){ .label = N_("Register to event"), .kind = FIELD_CHOICE,
		.choices = state->event_labels, .choice_count = 1 };
	f[TRAINING_SESSION] = (struct form_field){ .label = N_("Register to training"), .kind = FIELD_CHOICE,
		.choices = state->session_labels, .choice_count = 1 };
	f[CHANNEL] = (struct form_field){ .label = N_("Bans received by"), .kind = FIELD_CHOICE, .choices = state->channel_labels,
		.choice_count = CONSENT_CHANNEL_COUNT, .choice = CONSENT_CHANNEL_WEB_FORM };
	load_events_and_sessions(state, app);
	form_init(&state->file_form, state->file_fields, FILE_FIELD_COUNT, state);
	char directory[3000];
	if (getcwd(directory, sizeof directory)) {
		char path[3100];
		snprintf(path, sizeof path, "%s/", directory);
		form_set_value(&state->file_form, FILE_PATH, path);
		state->file_fields[FILE_PATH].cursor = state->file_fields[FILE_PATH].length;
	}
	struct form_field *d = state->decision_fields;
	d[ON_MATCH] = (struct form_field){ .label = N_("Rows already in the register"), .kind = FIELD_CHOICE,
		.choices = state->policy_labels, .choice_count = IMPORT_MATCH_COUNT };
	/* A shared phone or e-mail is not the same person: new unless chosen. */
	d[ON_OTHER_NAME] = (struct form_field){ .label = N_("Same phone or e-mail, other name"), .kind = FIELD_CHOICE,
		.choices = state->other_name_labels, .choice_count = IMPORT_OTHER_NAME_COUNT, .choice = IMPORT_OTHER_NAME_NEW };
	d[INVALID_ROWS] = (struct form_field){ .label = N_("Invalid rows"), .kind = FIELD_CHOICE, .choices = invalid_labels,
		.choice_count = 2 };
	d[REJECTS_PATH] = (struct form_field){ .label = N_("Rejects file"), .max_chars = 250 };
	form_init(&state->decision_form, state->decision_fields, DECISION_FIELD_COUNT, state);
	state->name_fields[0] = (struct form_field){ .label = N_("Mapping name"), .max_chars = 100 };
	form_init(&state->name_form, state->name_fields, 1, state);
	listbox_init(&state->columns, column_count, draw_column, state);
	listbox_init(&state->targets, target_count, draw_target, state);
	state->stage = CHOOSING_FILE;
}

static void import_leave(void *self, struct app *app)
{
	struct import_state *state = self;
	(void)app;
	csv_import_close(state->import);
	state->import = NULL;
}

/* Places the forms and lists of every stage (the decisions under the preview's rows). */
static void place(struct import_state *state, struct app *app)
{
	form_layout(&state->file_form, app->content_top + 2, 1, app->cols, app->content_rows - 3);
	form_layout(&state->name_form, app->content_top + 2, 1, app->cols, 0);
	listbox_layout(&state->columns, app->content_top + 4, 1, app->content_rows - 6, app->cols - 2);
	listbox_layout(&state->targets, app->content_top + 2, 1, app->content_rows - 3, app->cols - 2);
	int rows = state->report.preview_count < 8 ? state->report.preview_count : 8;
	form_layout(&state->decision_form, app->content_top + 5 + rows, 1, app->cols, 0);
}

static void import_layout(void *self, struct app *app)
{
	place(self, app);
}

/* ---- Drawing ---- */

static void describe_file(const struct import_state *state, char *out, size_t out_size)
{
	const char *path = csv_import_path(state->import), *slash = strrchr(path, '/');
	char delimiter = csv_import_delimiter(state->import);
	snprintf(out, out_size, _("%s: %s%s, delimiter %s, %lld lines"), slash ? slash + 1 : path,
		 import_encoding_label(csv_import_encoding(state->import)), csv_import_had_bom(state->import) ? _(" with BOM") : "",
		 delimiter == '\t' ? _("tab") : delimiter == ';' ? ";" : ",", csv_import_line_count(state->import));
}

/* The mapping table's columns: the headers as wide as they are (up to 22),
 * the longest "-> target" whole where it fits (a ban's purpose is long),
 * and the first row's sample in what is left, 10 to 22 columns. */
static void mapping_widths(const struct import_state *state, int cols, int widths[3])
{
	int header = ui_text_width(_("Column")), target = ui_text_width(_("Goes to"));
	for (int i = 0; i < csv_import_column_count(state->import); i++) {
		int width = ui_text_width(csv_import_column_header(state->import, i));
		if (width > header)
			header = width;
		struct import_target goes = csv_import_column_target(state->import, i);
		char label[300];
		import_target_label(state->db, &goes, label, sizeof label);
		width = ui_text_width(label) + 3;   /* "-> " */
		if (width > target)
			target = width;
	}
	widths[0] = header < 22 ? header : 22;
	int sample = cols - widths[0] - 2 - target;   /* a space after each cell */
	widths[1] = sample > 22 ? 22 : sample < 10 ? 10 : sample;
	widths[2] = 0;   /* the rest */
}

static void draw_mapping(struct import_state *state, struct app *app)
{
	char line[700], file[512];
	describe_file(state, file, sizeof file);
	const char *applied = csv_import_applied_mapping(state->import);
	if (*applied)
		snprintf(line, sizeof line, _("%s; saved mapping \"%s\""), file, applied);
	else
		text_copy(line, sizeof line, file);
	int top = app->content_top;
	if (*applied && ui_text_width(line) > app->cols - 2) {
		/* Too long for one row (a long file name, Finnish): the mapping's
		 * name on the empty row above the table. */
		snprintf(line, sizeof line, _("Saved mapping \"%s\""), applied);
		ui_draw_text(top + 2, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		text_copy(line, sizeof line, file);
	}
	ui_draw_text(top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	ui_draw_text(top + 1, 1, app->cols - 2,
		     _("Enter: where a column goes. Left/Right: change it. M: save mapping. F2: check."),
		     COLOR_ROLE_DIM, false);
	mapping_widths(state, app->cols - 2, state->column_widths);
	const char *cells[] = { _("Column"), _("First row"), _("Goes to") };
	ui_draw_row(top + 3, 1, app->cols - 2, state->column_widths, cells, 3, COLOR_ROLE_TITLE);
	listbox_draw(&state->columns);
	char reason[256];
	if (!csv_import_mapping_ready(state->import, reason, sizeof reason))
		ui_draw_text(top + app->content_rows - 1, 1, app->cols - 2, reason, COLOR_ROLE_WARNING, false);
}

static void draw_counts(const struct import_state *state, struct app *app, int y)
{
	const struct import_counts *c = &state->report.counts;
	char line[400];
	snprintf(line, sizeof line, _("%lld rows: %lld new, %lld in the register, %lld twice in the file, %lld invalid"),
		 c->rows, c->new_contacts, c->matches, c->in_file_duplicates, c->invalid);
	ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	snprintf(line, sizeof line, _("Organisations to add %lld; bans %lld; consents %lld; registrations %lld"),
		 c->organisations, c->bans, c->consents, c->registrations);
	ui_draw_text(y + 1, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	if (state->report.error_count > 0) {
		snprintf(line, sizeof line, _("First invalid row: line %lld: %s"), state->report.errors[0].line,
			 state->report.errors[0].message);
		ui_draw_text(y + 2, 1, app->cols - 2, line, COLOR_ROLE_FIELD_ERROR, false);
	}
}

static void draw_preview(struct import_state *state, struct app *app)
{
	int top = app->content_top;
	draw_counts(state, app, top);
	/* The outcome as wide as its longest label in this language; an
	 * invalid row's reason takes the organisation's room too. */
	int widths[] = { 5, ui_text_width(_("Outcome")), 20, 12, 0 };
	for (int o = 0; o < IMPORT_OUTCOME_COUNT; o++) {
		int width = ui_text_width(import_outcome_label((enum import_outcome)o));
		widths[1] = width > widths[1] ? width : widths[1];
	}
	const int reason_widths[] = { widths[0], widths[1], widths[2], 0 };
	const char *header[] = { _("Line"), _("Outcome"), _("Name"), _("Organisation"), _("E-mail, or why") };
	ui_draw_row(top + 3, 1, app->cols - 2, widths, header, 5, COLOR_ROLE_TITLE);
	int rows = state->report.preview_count < 8 ? state->report.preview_count : 8;
	for (int i = 0; i < rows; i++) {
		const struct import_preview_row *row = &state->report.preview[i];
		char line[24], note[700];
		snprintf(line, sizeof line, "%lld", row->line);
		if (row->outcome == IMPORT_OUTCOME_INVALID)
			text_copy(note, sizeof note, row->reason);
		else if (row->other_name_id)
			snprintf(note, sizeof note, "%s: %s", row->other_name_reason,
				 import_other_name_policy_label(row->other_name_policy));
		else if (row->outcome == IMPORT_OUTCOME_MATCH)
			snprintf(note, sizeof note, "#%lld %s", row->contact_id, row->email);
		else if (row->outcome == IMPORT_OUTCOME_IN_FILE && row->duplicate_line)
			snprintf(note, sizeof note, _("as line %lld"), row->duplicate_line);
		else
			text_copy(note, sizeof note, row->email);
		const char *cells[] = { line, import_outcome_label(row->outcome), row->name, row->organisation, note };
		if (row->outcome == IMPORT_OUTCOME_INVALID) {
			const char *reason_cells[] = { line, import_outcome_label(row->outcome), row->name, note };
			ui_draw_row(top + 4 + i, 1, app->cols - 2, reason_widths, reason_cells, 4, COLOR_ROLE_FIELD_ERROR);
		} else {
			ui_draw_row(top + 4 + i, 1, app->cols - 2, widths, cells, 5, COLOR_ROLE_NORMAL);
		}
	}
	form_draw(&state->decision_form);
	ui_draw_text(top + app->content_rows - 1, 1, app->cols - 2,
		     _("Nothing written yet. F2 imports all rows or none; Esc: back to the columns."),
		     COLOR_ROLE_WARNING, false);
	form_place_cursor(&state->decision_form);
}

static void draw_done(const struct import_state *state, struct app *app)
{
	const struct import_counts *c = &state->report.counts;
	int y = app->content_top;
	char line[700], file[512];
	describe_file(state, file, sizeof file);
	ui_draw_text(y++, 1, app->cols - 2, file, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Imported: %lld new contacts, %lld linked, %lld filled, %lld skipped."), c->new_contacts,
		 c->linked, c->filled, c->skipped);
	ui_draw_text(++y, 1, app->cols - 2, line, COLOR_ROLE_MESSAGE_INFO, false);
	snprintf(line, sizeof line, _("Organisations added %lld; bans %lld; consents %lld; registrations %lld."),
		 c->organisations, c->bans, c->consents, c->registrations);
	ui_draw_text(++y, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	if (c->rejected) {
		char path[4200];
		form_value(&state->decision_form, REJECTS_PATH, path, sizeof path);
		snprintf(line, sizeof line, _("%lld invalid rows were skipped and written to %s."), c->rejected, path);
		ui_draw_text(++y, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
	}
	/* The file's hash alone on its row: 64 digits leave no room beside them at 80 columns. */
	snprintf(line, sizeof line, _("Took %.2f s. The file's SHA-256:"), state->report.seconds);
	ui_draw_text(++y, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	ui_draw_text(++y, 1, app->cols - 2, state->report.sha256, COLOR_ROLE_DIM, false);
	ui_draw_text(y + 2, 1, app->cols - 2, _("The import is in the audit trail. Esc returns to the menu."),
		     COLOR_ROLE_NORMAL, false);
}

static void import_draw(void *self, struct app *app)
{
	struct import_state *state = self;
	switch (state->stage) {
	case CHOOSING_FILE:
		ui_draw_text(app->content_top, 1, app->cols - 2,
			     _("Choose the CSV file and what it is. F2 reads its columns; nothing is written."),
			     COLOR_ROLE_DIM, false);
		form_draw(&state->file_form);
		form_place_cursor(&state->file_form);
		break;
	case MAPPING:
		draw_mapping(state, app);
		break;
	case CHOOSING_TARGET: {
		char line[400], header[160];
		text_copy(header, sizeof header, csv_import_column_header(state->import, (int)state->columns.selected));
		snprintf(line, sizeof line, _("Where does the column \"%s\" go? Enter chooses, Esc keeps it."), header);
		ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		listbox_draw(&state->targets);
		break;
	}
	case NAMING:
		ui_draw_text(app->content_top, 1, app->cols - 2,
			     _("Save the mapping under a name: a file with the same columns gets it next time."),
			     COLOR_ROLE_DIM, false);
		form_draw(&state->name_form);
		form_place_cursor(&state->name_form);
		break;
	case PREVIEWED:
		draw_preview(state, app);
		break;
	case DONE:
		draw_done(state, app);
		break;
	}
}

/* ---- Keys ---- */

static void open_file(struct import_state *state, struct app *app)
{
	char path[4 * FORM_TEXT_MAX + 1], detail[4 * FORM_TEXT_MAX + 1];
	form_value(&state->file_form, FILE_PATH, path, sizeof path);
	form_value(&state->file_form, SOURCE_DETAIL, detail, sizeof detail);
	struct import_options options;
	import_options_init(&options);
	options.delimiter = delimiters[state->file_fields[DELIMITER].choice];
	options.encoding = (enum import_encoding)state->file_fields[ENCODING].choice;
	options.categories = state->file_fields[CATEGORIES].flags;
	options.source = (enum data_source)state->file_fields[SOURCE].choice;
	text_copy(options.source_detail, sizeof options.source_detail, detail);
	options.event_id = state->event_ids[state->file_fields[EVENT].choice];
	options.training_session_id = state->session_ids[state->file_fields[TRAINING_SESSION].choice];
	options.statement_channel = (enum consent_channel)state->file_fields[CHANNEL].choice;
	csv_import_close(state->import);
	state->import = NULL;
	enum status status = csv_import_open(&app->session, path, &options, &state->import);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	char rejects[4200];
	const char *dot = strrchr(path, '.');
	snprintf(rejects, sizeof rejects, "%.*s-rejects.csv", (int)(dot && dot > strrchr(path, '/') ? dot - path : (long)strlen(path)), path);
	form_set_value(&state->decision_form, REJECTS_PATH, rejects);
	listbox_init(&state->columns, column_count, draw_column, state);
	state->stage = MAPPING;
	place(state, app);
}

static void cycle_target(struct import_state *state, int step)
{
	int column = (int)state->columns.selected;
	if (column < 0)
		return;
	struct import_target target = csv_import_column_target(state->import, column);
	int count = csv_import_target_count(state->import);
	int index = (csv_import_target_index(state->import, &target) + step + count) % count;
	target = csv_import_target_at(state->import, index);
	csv_import_set_column_target(state->import, column, &target);
}

static void check_rows(struct import_state *state, struct app *app)
{
	char reason[256];
	if (!csv_import_mapping_ready(state->import, reason, sizeof reason)) {
		app_message(app, true, "%s", reason);
		return;
	}
	enum status status = run_pass(state, app, true);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	state->previewed = true;
	state->stage = PREVIEWED;
	state->decision_form.focus = ON_MATCH;
	place(state, app);
}

static void commit(struct import_state *state, struct app *app)
{
	struct import_options *options = csv_import_options(state->import);
	options->on_match = (enum import_match_policy)state->decision_fields[ON_MATCH].choice;
	options->on_other_name = (enum import_other_name_policy)state->decision_fields[ON_OTHER_NAME].choice;
	options->skip_invalid = state->decision_fields[INVALID_ROWS].choice == 1;
	options->rejects_path[0] = '\0';
	if (options->skip_invalid)
		form_value(&state->decision_form, REJECTS_PATH, options->rejects_path, sizeof options->rejects_path);
	enum status status = run_pass(state, app, false);
	if (status != STATUS_OK) {
		app_fail(app, status);
		place(state, app);
		return;
	}
	state->stage = DONE;
	app_message(app, false, "%s", _("Import done."));
}

static int import_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct import_state *state = self;
	enum form_result result;
	switch (state->stage) {
	case CHOOSING_FILE:
		result = form_handle(&state->file_form, action, key);
		if (result == FORM_CANCEL)
			app_pop(app);
		else if (result == FORM_SUBMIT)
			open_file(state, app);
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	case MAPPING:
		if (listbox_handle(&state->columns, action))
			return SCREEN_HANDLED;
		if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT)) {
			cycle_target(state, key.code == KEY_LEFT ? -1 : 1);
			return SCREEN_HANDLED;
		}
		if (!key.function && key.code == ' ') {
			cycle_target(state, 1);
			return SCREEN_HANDLED;
		}
		if (action == ACTION_OPEN && state->columns.selected >= 0) {
			struct import_target target = csv_import_column_target(state->import, (int)state->columns.selected);
			state->targets.selected = csv_import_target_index(state->import, &target);
			state->targets.first = 0;
			listbox_clamp(&state->targets);
			state->stage = CHOOSING_TARGET;
		} else if (action == ACTION_SAVE_MAPPING) {
			form_set_value(&state->name_form, 0, csv_import_applied_mapping(state->import));
			state->name_fields[0].cursor = state->name_fields[0].length;
			state->stage = NAMING;
		} else if (action == ACTION_SAVE) {
			check_rows(state, app);
		} else if (action == ACTION_BACK) {
			csv_import_close(state->import);
			state->import = NULL;
			state->stage = CHOOSING_FILE;
		} else {
			return 0;
		}
		return SCREEN_HANDLED;
	case CHOOSING_TARGET:
		if (listbox_handle(&state->targets, action))
			return SCREEN_HANDLED;
		if (action == ACTION_OPEN && state->targets.selected >= 0) {
			struct import_target target = csv_import_target_at(state->import, (int)state->targets.selected);
			csv_import_set_column_target(state->import, (int)state->columns.selected, &target);
			state->stage = MAPPING;
		} else if (action == ACTION_BACK) {
			state->stage = MAPPING;
		} else {
			return 0;
		}
		return SCREEN_HANDLED;
	case NAMING:
		result = form_handle(&state->name_form, action, key);
		if (result == FORM_CANCEL) {
			state->stage = MAPPING;
		} else if (result == FORM_SUBMIT) {
			char name[4 * FORM_TEXT_MAX + 1];
			form_value(&state->name_form, 0, name, sizeof name);
			enum status status = csv_import_save_mapping(state->import, name);
			if (status == STATUS_OK) {
				app_message(app, false, _("Mapping saved as \"%s\"."), name);
				state->stage = MAPPING;
			} else {
				app_fail(app, status);
			}
		}
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	case PREVIEWED:
		result = form_handle(&state->decision_form, action, key);
		if (result == FORM_CANCEL)
			state->stage = MAPPING;
		else if (result == FORM_SUBMIT && action == ACTION_SAVE)
			commit(state, app);
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	case DONE:
		if (action == ACTION_BACK || action == ACTION_OPEN || action == ACTION_QUIT) {
			app_pop(app);
			return SCREEN_HANDLED;
		}
		return 0;
	}
	return 0;
}

static bool import_typing(void *self, struct app *app)
{
	const struct import_state *state = self;
	(void)app;
	switch (state->stage) {
	case CHOOSING_FILE: return form_typing(&state->file_form);
	case NAMING: return form_typing(&state->name_form);
	case PREVIEWED: return form_typing(&state->decision_form);
	default: return false;
	}
}

static const enum action import_keys[] = { ACTION_OPEN, ACTION_SAVE, ACTION_SAVE_MAPPING, ACTION_BACK, ACTION_HELP,
					   ACTION_NONE };
static const enum action import_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };
static const enum action import_name_keys[] = { ACTION_SAVE, ACTION_BACK, ACTION_NONE };
static const enum action import_choose_keys[] = { ACTION_OPEN, ACTION_BACK, ACTION_NONE };

/* Each stage its keys: M saves a mapping only while mapping. */
static const enum action *import_keys_now(const void *self)
{
	const struct import_state *state = self;
	switch (state->stage) {
	case CHOOSING_FILE: case PREVIEWED: return import_form_keys;
	case NAMING: return import_name_keys;
	case CHOOSING_TARGET: case DONE: return import_choose_keys;
	case MAPPING: break;
	}
	return import_keys;
}

const struct screen_ops import_screen = {
	.title = N_("Import contacts from CSV"),
	.state_size = sizeof(struct import_state),
	.open = import_open,
	.layout = import_layout,
	.draw = import_draw,
	.handle = import_handle,
	.leave = import_leave,
	.typing = import_typing,
	.key_help = import_keys,
	.keys_now = import_keys_now,
};

/* Export a list for a purpose to a recipient (privacy officer): the preview
 * says how many go and why the others do not; the file carries only the
 * purpose's fields and the disclosure is logged with its SHA-256. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "disclosure.h"
#include "form.h"
#include "progress_line.h"
#include "screens.h"
#include "written_files.h"

#define PURPOSES_MAX 32
#define RECIPIENTS_MAX 200

enum { PURPOSE, RECIPIENT, FILE_PATH, FIELD_COUNT };
enum stage { CHOOSING, PREVIEWED, WRITTEN };

/* Everything one opening of the screen keeps. */
struct export_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct purpose purposes[PURPOSES_MAX];
	const char *purpose_labels[PURPOSES_MAX];       /* point into purposes */
	struct recipient recipients[RECIPIENTS_MAX];
	const char *recipient_labels[RECIPIENTS_MAX];   /* point into recipients */
	int purpose_count, recipient_count;
	enum stage stage;
	struct export_preview preview;
	char sha256[65];
	char written_path[4096];
};

/* In the private files folder (issue 13), not the home directory. */
static void suggest_path(struct export_state *state, struct app *app)
{
	const struct purpose *purposes = state->purposes;
	const struct form_field *fields = state->fields;
	char today[11], name[256], path[4096];
	calendar_today(today);
	snprintf(name, sizeof name, "regdesk-%s-%s.csv", state->purpose_count > 0 ? purposes[fields[PURPOSE].choice].code : "export",
		 today);
	if (!files_folder_path(app->db, name, path, sizeof path))
		snprintf(path, sizeof path, "%s", name);
	form_set_value(&state->form, FILE_PATH, path);
}

static void export_open(void *self, struct app *app, const void *argument)
{
	struct export_state *state = self;
	struct form_field *fields = state->fields;
	(void)argument;
	state->stage = CHOOSING;
	state->purpose_count = consent_purposes(app->db, state->purposes, PURPOSES_MAX);
	state->recipient_count = recipient_list(&app->session, state->recipients, RECIPIENTS_MAX);
	if (state->purpose_count < 0)
		state->purpose_count = 0;
	if (state->recipient_count < 0)
		state->recipient_count = 0;
	for (int i = 0; i < state->purpose_count; i++)
		state->purpose_labels[i] = state->purposes[i].name;
	for (int i = 0; i < state->recipient_count; i++)
		state->recipient_labels[i] = state->recipients[i].name;
	fields[PURPOSE] = (struct form_field){ .label = N_("Purpose"), .kind = FIELD_CHOICE, .choices = state->purpose_labels,
		.choice_count = state->purpose_count > 0 ? state->purpose_count : 1 };
	fields[RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE, .choices = state->recipient_labels,
		.choice_count = state->recipient_count > 0 ? state->recipient_count : 1 };
	fields[FILE_PATH] = (struct form_field){ .label = N_("File"), .max_chars = 250 };
	form_init(&state->form, fields, FIELD_COUNT, state);
	suggest_path(state, app);
}

static void export_layout(void *self, struct app *app)
{
	struct export_state *state = self;
	form_layout(&state->form, app->content_top + 2, 1, app->cols, 0);
}

static void export_draw(void *self, struct app *app)
{
	struct export_state *state = self;
	const struct export_preview *preview = &state->preview;
	if (state->purpose_count == 0 || state->recipient_count == 0) {
		ui_draw_text(app->content_top, 1, app->cols - 2, _("Add a recipient first (main menu: Recipients)."),
			     COLOR_ROLE_WARNING, false);
		return;
	}
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Choose the purpose and the recipient; F2 shows who would be included."), COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	int y = state->form.top + form_height(&state->form) + 1;
	const struct purpose *purpose = &state->purposes[state->fields[PURPOSE].choice];
	char line[800];
	snprintf(line, sizeof line, _("Fields: %s"), purpose->export_fields);
	ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Legal ground: %s"), purpose->legal_ground);
	ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	if (state->stage != CHOOSING) {
		y++;
		snprintf(line, sizeof line, _("%lld contacts considered:"), preview->considered);
		ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_TITLE, false);
		for (int i = 0; i < ELIGIBILITY_COUNT; i++) {
			if (!preview->counts[i] && i != ELIGIBILITY_ELIGIBLE)
				continue;
			snprintf(line, sizeof line, "  %10lld  %s", preview->counts[i], eligibility_label((enum eligibility)i));
			ui_draw_text(y++, 2, app->cols - 4, line, i == ELIGIBILITY_ELIGIBLE ? COLOR_ROLE_TITLE : COLOR_ROLE_NORMAL, false);
		}
		y++;
		if (state->stage == PREVIEWED) {
			ui_draw_text(y, 2, app->cols - 4, _("y writes the file and records the disclosure; Esc changes the choices."),
				     COLOR_ROLE_WARNING, false);
		} else {
			snprintf(line, sizeof line, _("Written %s, SHA-256 %s"), state->written_path, state->sha256);
			ui_draw_text(y, 2, app->cols - 4, line, COLOR_ROLE_MESSAGE_INFO, false);
		}
	}
	if (state->stage == CHOOSING)
		form_place_cursor(&state->form);
}

static int export_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct export_state *state = self;
	const struct form_field *fields = state->fields;
	if (state->purpose_count == 0 || state->recipient_count == 0)
		return 0;
	if (state->stage == PREVIEWED) {
		if (action == ACTION_YES) {
			form_value(&state->form, FILE_PATH, state->written_path, sizeof state->written_path);
			progress_line_start(app);
			enum status status = export_write(&app->session, state->purposes[fields[PURPOSE].choice].code,
							  state->recipients[fields[RECIPIENT].choice].id, state->written_path,
							  &state->preview, state->sha256);
			progress_line_stop(app);
			if (status != STATUS_OK) {
				app_fail(app, status);
				state->stage = CHOOSING;
				return SCREEN_HANDLED;
			}
			state->stage = WRITTEN;
			form_mark_saved(&state->form);   /* done: Esc need not ask */
			app_message(app, false, _("Exported %lld contacts; the disclosure is logged."),
				    state->preview.counts[ELIGIBILITY_ELIGIBLE]);
		} else {
			state->stage = CHOOSING;
		}
		return SCREEN_HANDLED;
	}
	if (state->stage == WRITTEN && action == ACTION_BACK)
		return 0;
	int purpose_before = fields[PURPOSE].choice;
	enum form_result result = form_handle(&state->form, action, key);
	if (fields[PURPOSE].choice != purpose_before)
		suggest_path(state, app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result == FORM_SUBMIT) {
		progress_line_start(app);
		enum status status = export_preview(&app->session, state->purposes[fields[PURPOSE].choice].code,
						    state->recipients[fields[RECIPIENT].choice].id, &state->preview);
		progress_line_stop(app);
		if (status != STATUS_OK) {
			app_fail(app, status);
			return SCREEN_HANDLED;
		}
		state->stage = PREVIEWED;
	} else if (result == FORM_CHANGED) {
		state->stage = CHOOSING;
	}
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool export_typing(void *self, struct app *app)
{
	const struct export_state *state = self;
	(void)app;
	return state->stage == CHOOSING && form_typing(&state->form);
}

static const enum action export_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_YES, ACTION_BACK, ACTION_NONE };

const struct screen_ops export_screen = {
	.title = N_("Export a list"),
	.state_size = sizeof(struct export_state),
	.open = export_open,
	.layout = export_layout,
	.draw = export_draw,
	.handle = export_handle,
	.typing = export_typing,
	.key_help = export_keys,
};

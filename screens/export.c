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
#include "screens.h"
#include "written_files.h"

#define PURPOSES_MAX 32
#define RECIPIENTS_MAX 200

enum { PURPOSE, RECIPIENT, FILE_PATH, FIELD_COUNT };
enum stage { CHOOSING, PREVIEWED, WRITTEN };

static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct purpose purposes[PURPOSES_MAX];
static const char *purpose_labels[PURPOSES_MAX];
static struct recipient recipients[RECIPIENTS_MAX];
static const char *recipient_labels[RECIPIENTS_MAX];
static int purpose_count, recipient_count;
static enum stage stage;
static struct export_preview preview;
static char sha256[65];
static char written_path[4096];

/* In the private files folder (issue 13), not the home directory. */
static void suggest_path(struct app *app)
{
	char today[11], name[256], path[4096];
	calendar_today(today);
	snprintf(name, sizeof name, "regdesk-%s-%s.csv", purpose_count > 0 ? purposes[fields[PURPOSE].choice].code : "export",
		 today);
	if (!files_folder_path(app->db, name, path, sizeof path))
		snprintf(path, sizeof path, "%s", name);
	form_set_value(&form, FILE_PATH, path);
}

static void export_enter(struct app *app, void *argument)
{
	(void)argument;
	stage = CHOOSING;
	purpose_count = consent_purposes(app->db, purposes, PURPOSES_MAX);
	recipient_count = recipient_list(&app->session, recipients, RECIPIENTS_MAX);
	if (purpose_count < 0)
		purpose_count = 0;
	if (recipient_count < 0)
		recipient_count = 0;
	for (int i = 0; i < purpose_count; i++)
		purpose_labels[i] = purposes[i].name;
	for (int i = 0; i < recipient_count; i++)
		recipient_labels[i] = recipients[i].name;
	memset(fields, 0, sizeof fields);
	fields[PURPOSE] = (struct form_field){ .label = N_("Purpose"), .kind = FIELD_CHOICE, .choices = purpose_labels,
		.choice_count = purpose_count > 0 ? purpose_count : 1 };
	fields[RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE, .choices = recipient_labels,
		.choice_count = recipient_count > 0 ? recipient_count : 1 };
	fields[FILE_PATH] = (struct form_field){ .label = N_("File"), .max_chars = 250 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	suggest_path(app);
}

static void export_layout(struct app *app)
{
	form_layout(&form, app->content_top + 2, 1, app->cols, 0);
}

static void export_draw(struct app *app)
{
	if (purpose_count == 0 || recipient_count == 0) {
		ui_draw_text(app->content_top, 1, app->cols - 2, _("Add a recipient first (main menu: Recipients)."),
			     COLOR_ROLE_WARNING, false);
		return;
	}
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Choose the purpose and the recipient; F2 shows who would be included."), COLOR_ROLE_DIM, false);
	form_draw(&form);
	int y = form.top + form_height(&form) + 1;
	const struct purpose *purpose = &purposes[fields[PURPOSE].choice];
	char line[800];
	snprintf(line, sizeof line, _("Fields: %s"), purpose->export_fields);
	ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Legal ground: %s"), purpose->legal_ground);
	ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	if (stage != CHOOSING) {
		y++;
		snprintf(line, sizeof line, _("%lld contacts considered:"), preview.considered);
		ui_draw_text(y++, 2, app->cols - 4, line, COLOR_ROLE_TITLE, false);
		for (int i = 0; i < ELIGIBILITY_COUNT; i++) {
			if (!preview.counts[i] && i != ELIGIBILITY_ELIGIBLE)
				continue;
			snprintf(line, sizeof line, "  %10lld  %s", preview.counts[i], eligibility_label((enum eligibility)i));
			ui_draw_text(y++, 2, app->cols - 4, line, i == ELIGIBILITY_ELIGIBLE ? COLOR_ROLE_TITLE : COLOR_ROLE_NORMAL, false);
		}
		y++;
		if (stage == PREVIEWED) {
			ui_draw_text(y, 2, app->cols - 4, _("y writes the file and records the disclosure; Esc changes the choices."),
				     COLOR_ROLE_WARNING, false);
		} else {
			snprintf(line, sizeof line, _("Written %s, SHA-256 %s"), written_path, sha256);
			ui_draw_text(y, 2, app->cols - 4, line, COLOR_ROLE_MESSAGE_INFO, false);
		}
	}
	if (stage == CHOOSING)
		form_place_cursor(&form);
}

static int export_handle(struct app *app, enum action action, struct key_press key)
{
	if (purpose_count == 0 || recipient_count == 0)
		return 0;
	if (stage == PREVIEWED) {
		if (action == ACTION_YES) {
			form_value(&form, FILE_PATH, written_path, sizeof written_path);
			enum status status = export_write(&app->session, purposes[fields[PURPOSE].choice].code,
							  recipients[fields[RECIPIENT].choice].id, written_path, &preview, sha256);
			if (status != STATUS_OK) {
				app_fail(app, status);
				stage = CHOOSING;
				return SCREEN_HANDLED;
			}
			stage = WRITTEN;
			app_message(app, false, _("Exported %lld contacts; the disclosure is logged."), preview.counts[ELIGIBILITY_ELIGIBLE]);
		} else {
			stage = CHOOSING;
		}
		return SCREEN_HANDLED;
	}
	if (stage == WRITTEN && action == ACTION_BACK)
		return 0;
	int purpose_before = fields[PURPOSE].choice;
	enum form_result result = form_handle(&form, action, key);
	if (fields[PURPOSE].choice != purpose_before)
		suggest_path(app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result == FORM_SUBMIT) {
		enum status status = export_preview(&app->session, purposes[fields[PURPOSE].choice].code,
						    recipients[fields[RECIPIENT].choice].id, &preview);
		if (status != STATUS_OK) {
			app_fail(app, status);
			return SCREEN_HANDLED;
		}
		stage = PREVIEWED;
	} else if (result == FORM_CHANGED) {
		stage = CHOOSING;
	}
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool export_typing(struct app *app)
{
	(void)app;
	return stage == CHOOSING && form_typing(&form);
}

static const enum action export_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_YES, ACTION_BACK, ACTION_NONE };

const struct screen_ops export_screen = {
	.title = N_("Export a list"),
	.legacy.enter = export_enter,
	.legacy.layout = export_layout,
	.legacy.draw = export_draw,
	.legacy.handle = export_handle,
	.legacy.typing = export_typing,
	.key_help = export_keys,
};

/* Add or edit an organisation; a Finnish business ID is checked with its
 * check digit on leaving the field. */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "form.h"
#include "organisation.h"
#include "screens.h"

#define GROUP_ROW ORGANISATION_FIELD_COUNT

static struct form_field fields[ORGANISATION_FIELD_COUNT + 1];
static struct form form;
static struct organisation organisation;
static struct organisation_form_request *request;
static struct app *current_app;
static const char *const yes_no[] = { N_("no"), N_("yes") };

static void form_to_organisation(void)
{
	char value[4 * FORM_TEXT_MAX + 1];
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++) {
		form_value(&form, i, value, sizeof value);
		organisation_set(&organisation, (enum organisation_field)i, value);
	}
	organisation.group_company = fields[GROUP_ROW].choice == 1;
}

static bool validate_row(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			 void *context)
{
	(void)value;
	(void)context;
	form_to_organisation();
	return organisation_validate_field(current_app->db, &organisation, (enum organisation_field)field->tag,
					   reason, reason_size);
}

static void organisation_form_enter(struct app *app, void *argument)
{
	current_app = app;
	request = argument;
	organisation_init(&organisation);
	memset(fields, 0, sizeof fields);
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++)
		fields[i] = (struct form_field){ .label = organisation_field_label((enum organisation_field)i),
			.max_chars = (int)organisation_field_max_chars((enum organisation_field)i),
			.validate = validate_row, .tag = i };
	fields[GROUP_ROW] = (struct form_field){ .label = N_("Our group company"), .kind = FIELD_CHOICE,
		.choices = yes_no, .choice_count = 2, .tag = -1 };
	form_init(&form, fields, ORGANISATION_FIELD_COUNT + 1, NULL);
	if (request->organisation_id) {
		enum status status = organisation_load(&app->session, request->organisation_id, &organisation);
		if (status != STATUS_OK)
			app_message(app, true, "%s", status_message(status));
	} else {
		organisation_set(&organisation, ORGANISATION_NAME, request->initial_name);
	}
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++)
		form_set_value(&form, i, organisation.value[i]);
	fields[GROUP_ROW].choice = organisation.group_company;
}

static void organisation_form_layout(struct app *app)
{
	form_layout(&form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void organisation_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("A Finnish business ID looks like 1234567-8; for a foreign one set the country first."),
		     COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int organisation_form_handle(struct app *app, enum action action, struct key_press key)
{
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	form_to_organisation();
	enum status status = organisation_save(&app->session, &organisation);
	if (status != STATUS_OK) {
		app_fail(app, status);
		if (status == STATUS_ERR_EXISTS)
			form.focus = ORGANISATION_BUSINESS_ID;
		return SCREEN_HANDLED;
	}
	request->saved_id = organisation.id;
	snprintf(request->saved_name, sizeof request->saved_name, "%s", organisation.value[ORGANISATION_NAME]);
	app_message(app, false, _("Saved %s."), organisation.value[ORGANISATION_NAME]);
	app_pop(app);
	return SCREEN_HANDLED;
}

static bool organisation_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static void organisation_form_leave(struct app *app)
{
	(void)app;
	organisation_free(&organisation);
}

static const enum action organisation_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisation_form_screen = {
	.title = N_("Organisation form"),
	.legacy.enter = organisation_form_enter,
	.legacy.layout = organisation_form_layout,
	.legacy.draw = organisation_form_draw,
	.legacy.handle = organisation_form_handle,
	.legacy.leave = organisation_form_leave,
	.legacy.typing = organisation_form_typing,
	.key_help = organisation_form_keys,
};

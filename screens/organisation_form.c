/* Add or edit an organisation; a Finnish business ID is checked with its
 * check digit on leaving the field. Saved, it closes with SCREEN_SAVED, the
 * organisation's id and name. */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "form.h"
#include "organisation.h"
#include "screens.h"
#include "text.h"

#define GROUP_ROW ORGANISATION_FIELD_COUNT

static const char *const yes_no[] = { N_("no"), N_("yes") };

struct organisation_form_state {
	struct form_field fields[ORGANISATION_FIELD_COUNT + 1];
	struct form form;
	struct organisation organisation;
	struct database *db;             /* for the field checks */
};

static void form_to_organisation(struct organisation_form_state *state)
{
	char value[4 * FORM_TEXT_MAX + 1];
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++) {
		form_value(&state->form, i, value, sizeof value);
		organisation_set(&state->organisation, (enum organisation_field)i, value);
	}
	state->organisation.group_company = state->fields[GROUP_ROW].choice == 1;
}

static bool validate_row(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			 void *context)
{
	struct organisation_form_state *state = context;
	(void)value;
	form_to_organisation(state);
	return organisation_validate_field(state->db, &state->organisation, (enum organisation_field)field->tag,
					   reason, reason_size);
}

static void organisation_form_open(void *self, struct app *app, const void *argument)
{
	struct organisation_form_state *state = self;
	const struct organisation_form_argument *given = argument;
	state->db = app->db;
	organisation_init(&state->organisation);
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++)
		state->fields[i] = (struct form_field){ .label = organisation_field_label((enum organisation_field)i),
			.max_chars = (int)organisation_field_max_chars((enum organisation_field)i),
			.validate = validate_row, .tag = i };
	state->fields[GROUP_ROW] = (struct form_field){ .label = N_("Our group company"), .kind = FIELD_CHOICE,
		.choices = yes_no, .choice_count = 2, .tag = -1 };
	form_init(&state->form, state->fields, ORGANISATION_FIELD_COUNT + 1, state);
	if (given->organisation_id) {
		enum status status = organisation_load(&app->session, given->organisation_id, &state->organisation);
		if (status != STATUS_OK)
			app_fail(app, status);
	} else {
		organisation_set(&state->organisation, ORGANISATION_NAME, given->initial_name);
	}
	for (int i = 0; i < ORGANISATION_FIELD_COUNT; i++)
		form_set_value(&state->form, i, state->organisation.value[i]);
	state->fields[GROUP_ROW].choice = state->organisation.group_company;
}

static void organisation_form_layout(void *self, struct app *app)
{
	struct organisation_form_state *state = self;
	form_layout(&state->form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void organisation_form_draw(void *self, struct app *app)
{
	struct organisation_form_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("A Finnish business ID looks like 1234567-8; for a foreign one set the country first."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int organisation_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct organisation_form_state *state = self;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	form_to_organisation(state);
	enum status status = organisation_save(&app->session, &state->organisation);
	if (status != STATUS_OK) {
		app_fail(app, status);
		if (status == STATUS_ERR_EXISTS)
			state->form.focus = ORGANISATION_BUSINESS_ID;
		return SCREEN_HANDLED;
	}
	/* The screen below decides: a picker chooses it, a detail reads it again. */
	struct screen_result saved = { .outcome = SCREEN_SAVED, .id = state->organisation.id };
	text_copy(saved.text, sizeof saved.text, state->organisation.value[ORGANISATION_NAME]);
	app_message(app, false, _("Saved %s."), state->organisation.value[ORGANISATION_NAME]);
	app_pop_with(app, &saved);
	return SCREEN_HANDLED;
}

static bool organisation_form_typing(void *self, struct app *app)
{
	const struct organisation_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static void organisation_form_leave(void *self, struct app *app)
{
	struct organisation_form_state *state = self;
	(void)app;
	organisation_free(&state->organisation);
}

static const enum action organisation_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisation_form_screen = {
	.title = N_("Organisation form"),
	.state_size = sizeof(struct organisation_form_state),
	.open = organisation_form_open,
	.layout = organisation_form_layout,
	.draw = organisation_form_draw,
	.handle = organisation_form_handle,
	.leave = organisation_form_leave,
	.typing = organisation_form_typing,
	.key_help = organisation_form_keys,
};

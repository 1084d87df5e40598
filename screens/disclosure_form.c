/* A disclosure made outside an export, recorded on the contact by hand: a
 * partner for an order, a subcontractor, a group company for invoicing
 * (notice §2.1-§2.3). */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact_screens.h"
#include "disclosure.h"
#include "form.h"
#include "screens.h"

#define RECIPIENTS_MAX 200

enum { RECIPIENT, PURPOSE, LEGAL_GROUND, FIELDS, MADE_ON, NOTE, FIELD_COUNT };

struct disclosure_form_state {
	long long contact_id;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct recipient recipients[RECIPIENTS_MAX];
	const char *recipient_labels[RECIPIENTS_MAX];   /* the recipients' names, for the choice */
	int recipient_count;
};

static void disclosure_form_open(void *self, struct app *app, const void *argument)
{
	struct disclosure_form_state *state = self;
	const struct disclosure_form_argument *given = argument;
	state->contact_id = given->contact_id;
	state->recipient_count = recipient_list(&app->session, state->recipients, RECIPIENTS_MAX);
	if (state->recipient_count < 0)
		state->recipient_count = 0;
	for (int i = 0; i < state->recipient_count; i++)
		state->recipient_labels[i] = state->recipients[i].name;
	state->fields[RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE,
		.choices = state->recipient_labels, .choice_count = state->recipient_count > 0 ? state->recipient_count : 1 };
	state->fields[PURPOSE] = (struct form_field){ .label = N_("Purpose"), .max_chars = 200 };
	state->fields[LEGAL_GROUND] = (struct form_field){ .label = N_("Legal ground"), .max_chars = 200 };
	state->fields[FIELDS] = (struct form_field){ .label = N_("Data passed on"), .max_chars = 400 };
	state->fields[MADE_ON] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
	state->fields[NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	char today[11];
	calendar_today(today);
	form_set_value(&state->form, MADE_ON, today);
	form_set_value(&state->form, LEGAL_GROUND, _("performance of the agreement"));
	form_set_value(&state->form, FIELDS, _("name, organisation, contact details"));
}

static void disclosure_form_layout(void *self, struct app *app)
{
	struct disclosure_form_state *state = self;
	form_layout(&state->form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void disclosure_form_draw(void *self, struct app *app)
{
	struct disclosure_form_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     state->recipient_count ? _("Record a disclosure made by hand; F2 saves.")
					    : _("No recipients yet: the privacy officer adds them first."),
		     state->recipient_count ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING, false);
	if (!state->recipient_count)
		return;
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int disclosure_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct disclosure_form_state *state = self;
	if (!state->recipient_count)
		return 0;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct manual_disclosure disclosure = { .recipient_id = state->recipients[state->fields[RECIPIENT].choice].id };
	form_value(&state->form, PURPOSE, disclosure.purpose, sizeof disclosure.purpose);
	form_value(&state->form, LEGAL_GROUND, disclosure.legal_ground, sizeof disclosure.legal_ground);
	form_value(&state->form, FIELDS, disclosure.fields, sizeof disclosure.fields);
	form_value(&state->form, MADE_ON, disclosure.made_on, sizeof disclosure.made_on);
	form_value(&state->form, NOTE, disclosure.note, sizeof disclosure.note);
	enum status status = disclosure_record(&app->session, state->contact_id, &disclosure);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", _("Disclosure recorded."));
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_DONE, .id = state->contact_id });
	return SCREEN_HANDLED;
}

static bool disclosure_form_typing(void *self, struct app *app)
{
	const struct disclosure_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action disclosure_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops disclosure_form_screen = {
	.title = N_("Record a disclosure"),
	.state_size = sizeof(struct disclosure_form_state),
	.open = disclosure_form_open,
	.layout = disclosure_form_layout,
	.draw = disclosure_form_draw,
	.handle = disclosure_form_handle,
	.typing = disclosure_form_typing,
	.key_help = disclosure_form_keys,
};

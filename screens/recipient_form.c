/* Add or edit a recipient: name, kind, country, and the safeguard a
 * non-EEA country needs before anything is disclosed (notice §3.1). */
#include <stdio.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "recipient_form.h"
#include "screens.h"
#include "text.h"

enum { NAME, KIND, COUNTRY, SAFEGUARD, REFERENCE, DATE, FIELD_COUNT };

/* Everything one opening of the form keeps. */
struct recipient_form_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct recipient recipient;             /* as opened (id, version), then as saved */
	const char *kind_labels[RECIPIENT_KIND_COUNT];      /* translated at open */
	const char *safeguard_labels[SAFEGUARD_COUNT];
};

static void recipient_form_open(void *self, struct app *app, const void *argument)
{
	struct recipient_form_state *state = self;
	const struct recipient_form_argument *given = argument;
	struct recipient *recipient = &state->recipient;
	struct form_field *fields = state->fields;
	(void)app;
	if (given && given->recipient.id)
		*recipient = given->recipient;
	else
		snprintf(recipient->country, sizeof recipient->country, "FI");
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
		state->kind_labels[i] = recipient_kind_label((enum recipient_kind)i);
	for (int i = 0; i < SAFEGUARD_COUNT; i++)
		state->safeguard_labels[i] = safeguard_label((enum safeguard)i);
	fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
	fields[KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE, .choices = state->kind_labels,
		.choice_count = RECIPIENT_KIND_COUNT, .choice = (int)recipient->kind };
	fields[COUNTRY] = (struct form_field){ .label = N_("Country (ISO code)"), .max_chars = 2 };
	fields[SAFEGUARD] = (struct form_field){ .label = N_("Transfer safeguard"), .kind = FIELD_CHOICE,
		.choices = state->safeguard_labels, .choice_count = SAFEGUARD_COUNT, .choice = (int)recipient->safeguard };
	fields[REFERENCE] = (struct form_field){ .label = N_("Safeguard reference"), .max_chars = 200 };
	fields[DATE] = (struct form_field){ .label = N_("Safeguard date"), .max_chars = 10 };
	form_init(&state->form, fields, FIELD_COUNT, state);
	form_set_value(&state->form, NAME, recipient->name);
	form_set_value(&state->form, COUNTRY, recipient->country);
	form_set_value(&state->form, REFERENCE, recipient->safeguard_reference);
	form_set_value(&state->form, DATE, recipient->safeguard_date);
}

static void recipient_form_layout(void *self, struct app *app)
{
	struct recipient_form_state *state = self;
	form_layout(&state->form, app->content_top + 3, 1, app->cols, app->content_rows - 3);
}

static void recipient_form_draw(void *self, struct app *app)
{
	struct recipient_form_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Outside the EU/EEA nothing is disclosed until a safeguard is recorded (notice §3.1)."),
		     COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2, _("EU/EEA membership comes from the country table."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int recipient_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct recipient_form_state *state = self;
	struct form *form = &state->form;
	struct recipient *recipient = &state->recipient;
	enum form_result result = form_handle(form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	form_value(form, NAME, recipient->name, sizeof recipient->name);
	form_value(form, COUNTRY, recipient->country, sizeof recipient->country);
	for (char *p = recipient->country; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	form_value(form, REFERENCE, recipient->safeguard_reference, sizeof recipient->safeguard_reference);
	form_value(form, DATE, recipient->safeguard_date, sizeof recipient->safeguard_date);
	recipient->kind = (enum recipient_kind)state->fields[KIND].choice;
	recipient->safeguard = (enum safeguard)state->fields[SAFEGUARD].choice;
	enum status status = recipient_save(&app->session, recipient);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Saved %s."), recipient->name);
	struct screen_result saved = { .outcome = SCREEN_SAVED, .id = recipient->id };
	text_copy(saved.text, sizeof saved.text, recipient->name);
	app_pop_with(app, &saved);
	return SCREEN_HANDLED;
}

static bool recipient_form_typing(void *self, struct app *app)
{
	struct recipient_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action recipient_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops recipient_form_screen = {
	.title = N_("Recipient"),
	.state_size = sizeof(struct recipient_form_state),
	.open = recipient_form_open,
	.layout = recipient_form_layout,
	.draw = recipient_form_draw,
	.handle = recipient_form_handle,
	.typing = recipient_form_typing,
	.key_help = recipient_form_keys,
};

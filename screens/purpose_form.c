/* Add a purpose (privacy officer): its code, names, the address it needs,
 * the columns an export carries, the legal ground, and the 917/2014 §200
 * rules: consent from a private person, the §200(2) soft opt-in (own
 * similar products by e-mail only), data handed to third parties. */
#include <stdio.h>
#include <string.h>

#include "consent.h"
#include "form.h"
#include "screens.h"
#include "text.h"

enum { CODE, NAME, NAME_FI, CHANNEL, EXPORT_FIELDS, LEGAL_GROUND, RULES, FIELD_COUNT };
enum { RULE_CONSENT, RULE_SOFT_OPT_IN, RULE_THIRD_PARTY, RULE_COUNT };

#define CHANNEL_COUNT 4

static const char *const channel_labels[CHANNEL_COUNT] = {
	N_("postal address"), N_("e-mail"), N_("phone"), N_("no address")
};
static const char *const rules[RULE_COUNT] = {
	[RULE_CONSENT] = N_("private: consent (§200(1))"),
	[RULE_SOFT_OPT_IN] = N_("sale e-mail (§200(2))"),
	[RULE_THIRD_PARTY] = N_("third party"),
};

/* Everything one opening of the form keeps. */
struct purpose_form_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	const char *rule_labels[RULE_COUNT];            /* translated at open */
	const char *channel_labels[CHANNEL_COUNT];
};

static void purpose_form_open(void *self, struct app *app, const void *argument)
{
	struct purpose_form_state *state = self;
	struct form_field *fields = state->fields;
	(void)app;
	(void)argument;
	for (int i = 0; i < RULE_COUNT; i++)
		state->rule_labels[i] = _(rules[i]);
	for (int i = 0; i < CHANNEL_COUNT; i++)
		state->channel_labels[i] = _(channel_labels[i]);
	fields[CODE] = (struct form_field){ .label = N_("Code"), .max_chars = 40 };
	fields[NAME] = (struct form_field){ .label = N_("Name in English"), .max_chars = 200 };
	fields[NAME_FI] = (struct form_field){ .label = N_("Name in Finnish"), .max_chars = 200 };
	fields[CHANNEL] = (struct form_field){ .label = N_("Address it needs"), .kind = FIELD_CHOICE, .choices = state->channel_labels,
		.choice_count = CHANNEL_COUNT, .choice = PURPOSE_EMAIL };
	fields[EXPORT_FIELDS] = (struct form_field){ .label = N_("Export fields"), .max_chars = 200 };
	fields[LEGAL_GROUND] = (struct form_field){ .label = N_("Legal ground"), .max_chars = 200 };
	fields[RULES] = (struct form_field){ .label = N_("Rules"), .kind = FIELD_FLAGS, .choices = state->rule_labels,
		.choice_count = RULE_COUNT };
	form_init(&state->form, fields, FIELD_COUNT, state);
	form_set_value(&state->form, EXPORT_FIELDS, "first_name,last_name");
}

static void purpose_form_layout(void *self, struct app *app)
{
	struct purpose_form_state *state = self;
	form_layout(&state->form, app->content_top + 5, 1, app->cols, app->content_rows - 5);
}

static void purpose_form_draw(void *self, struct app *app)
{
	struct purpose_form_state *state = self;
	ui_draw_wrapped(app->content_top, 1, app->cols - 2, 4,
			_("A private person must consent to e-mail or text marketing (917/2014 §200(1)); the sale e-mail "
			  "exception is only for the company's own similar products, never for third parties (§200(2))."),
			COLOR_ROLE_DIM);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int purpose_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct purpose_form_state *state = self;
	struct form *form = &state->form;
	const struct form_field *fields = state->fields;
	enum form_result result = form_handle(form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct purpose purpose;
	memset(&purpose, 0, sizeof purpose);
	char name_fi[sizeof purpose.name];
	form_value(form, CODE, purpose.code, sizeof purpose.code);
	form_value(form, NAME, purpose.name, sizeof purpose.name);
	form_value(form, NAME_FI, name_fi, sizeof name_fi);
	form_value(form, EXPORT_FIELDS, purpose.export_fields, sizeof purpose.export_fields);
	form_value(form, LEGAL_GROUND, purpose.legal_ground, sizeof purpose.legal_ground);
	purpose.channel = (enum purpose_channel)fields[CHANNEL].choice;
	purpose.consent_for_private = (fields[RULES].flags & (1u << RULE_CONSENT)) != 0;
	purpose.soft_opt_in = (fields[RULES].flags & (1u << RULE_SOFT_OPT_IN)) != 0;
	purpose.third_party = (fields[RULES].flags & (1u << RULE_THIRD_PARTY)) != 0;
	enum status status = consent_purpose_add(&app->session, &purpose, name_fi);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Added purpose %s."), purpose.code);
	struct screen_result saved = { .outcome = SCREEN_SAVED };   /* purposes have no id: the code */
	text_copy(saved.text, sizeof saved.text, purpose.code);
	app_pop_with(app, &saved);
	return SCREEN_HANDLED;
}

static bool purpose_form_typing(void *self, struct app *app)
{
	struct purpose_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action purpose_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops purpose_form_screen = {
	.title = N_("New purpose"),
	.state_size = sizeof(struct purpose_form_state),
	.open = purpose_form_open,
	.layout = purpose_form_layout,
	.draw = purpose_form_draw,
	.handle = purpose_form_handle,
	.typing = purpose_form_typing,
	.key_help = purpose_form_keys,
};

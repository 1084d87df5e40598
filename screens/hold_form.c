/* A legal hold on a contact (privacy officer): which law, what it covers,
 * the fields it keeps (ticked; the Accounting Act's name, organisation and
 * references by default), until when; the Accounting Act's end date is
 * computed (notice §4.2; GDPR Art. 17(3)(b)). */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "form.h"
#include "erasure.h"
#include "request.h"
#include "screens.h"

enum { LAW, LAW_NAME, COVERS, BASIS, UNTIL, KEPT, FIELD_COUNT };

struct hold_form_state {
	long long contact_id;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	const char *law_labels[HOLD_LAW_COUNT];      /* translated at open */
	const char *kept_labels[HOLD_FIELD_COUNT];
};

static void show_fields(struct hold_form_state *state)
{
	bool other = state->fields[LAW].choice == HOLD_OTHER;
	state->fields[LAW_NAME].hidden = !other;
	state->fields[UNTIL].hidden = !other;
	state->fields[BASIS].hidden = other;
}

static void hold_form_open(void *self, struct app *app, const void *argument)
{
	struct hold_form_state *state = self;
	const struct hold_form_argument *given = argument;
	(void)app;
	state->contact_id = given->contact_id;
	for (int i = 0; i < HOLD_LAW_COUNT; i++)
		state->law_labels[i] = hold_law_label((enum hold_law)i);
	for (int i = 0; i < HOLD_FIELD_COUNT; i++)
		state->kept_labels[i] = hold_field_label((enum hold_field)i);
	state->fields[LAW] = (struct form_field){ .label = N_("Law"), .kind = FIELD_CHOICE, .choices = state->law_labels,
		.choice_count = HOLD_LAW_COUNT };
	state->fields[LAW_NAME] = (struct form_field){ .label = N_("The law, named"), .max_chars = 400 };
	state->fields[COVERS] = (struct form_field){ .label = N_("Covers"), .max_chars = 400 };
	state->fields[KEPT] = (struct form_field){ .label = N_("Fields kept"), .kind = FIELD_FLAGS, .choices = state->kept_labels,
		.choice_count = HOLD_FIELD_COUNT, .flags = HOLD_FIELDS_ACCOUNTING };
	state->fields[BASIS] = (struct form_field){ .label = N_("Financial year ends"), .max_chars = 10 };
	state->fields[UNTIL] = (struct form_field){ .label = N_("Kept until"), .max_chars = 10 };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	form_set_value(&state->form, COVERS, _("contact data tied to contracts and invoices"));
	show_fields(state);
}

/* The fields shown follow the law chosen. */
static void place(struct hold_form_state *state, struct app *app)
{
	show_fields(state);
	form_layout(&state->form, app->content_top + 2, 1, app->cols, 0);
}

static void hold_form_layout(void *self, struct app *app)
{
	place(self, app);
}

static void hold_form_draw(void *self, struct app *app)
{
	struct hold_form_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Held data are kept read-only, shown to the privacy officer, used for nothing else."), COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("An erasure under the hold blanks every field not ticked in Fields kept."), COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int hold_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct hold_form_state *state = self;
	int law_before = state->fields[LAW].choice;
	enum form_result result = form_handle(&state->form, action, key);
	if (state->fields[LAW].choice != law_before)
		place(state, app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct legal_hold hold = { .contact_id = state->contact_id, .law = (enum hold_law)state->fields[LAW].choice,
				   .fields = state->fields[KEPT].flags };
	if (!hold.fields) {
		app_message(app, true, "%s", _("Tick at least one field the hold keeps (Space)."));
		return SCREEN_HANDLED;
	}
	form_value(&state->form, LAW_NAME, hold.law_name, sizeof hold.law_name);
	form_value(&state->form, COVERS, hold.covers, sizeof hold.covers);
	if (!state->fields[BASIS].hidden)
		form_value(&state->form, BASIS, hold.basis_date, sizeof hold.basis_date);
	if (!state->fields[UNTIL].hidden)
		form_value(&state->form, UNTIL, hold.until, sizeof hold.until);
	enum status status = hold_add(&app->session, &hold);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	char kept[512];
	hold_fields_labels(hold.fields, kept, sizeof kept);
	app_message(app, false, _("Hold recorded until %s; it keeps %s."), hold.until, kept);
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_SAVED, .id = hold.id });
	return SCREEN_HANDLED;
}

static bool hold_form_typing(void *self, struct app *app)
{
	const struct hold_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action hold_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops hold_form_screen = {
	.title = N_("Legal hold"),
	.state_size = sizeof(struct hold_form_state),
	.open = hold_form_open,
	.layout = hold_form_layout,
	.draw = hold_form_draw,
	.handle = hold_form_handle,
	.typing = hold_form_typing,
	.key_help = hold_form_keys,
};

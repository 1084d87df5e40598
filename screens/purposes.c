/* Purposes a contact may be used for (privacy officer): the address each
 * needs, whether a private person must consent (917/2014 §200(1)), whether
 * the soft opt-in of §200(2) applies and whether data go to third parties.
 * A new purpose lets a person ban one channel apart from another, such as
 * text messages apart from e-mail (notice §6.3). */
#include <stdio.h>

#include "consent.h"
#include "listbox.h"
#include "screens.h"

#define PURPOSES_MAX 64

/* Everything one opening of the list keeps. */
struct purposes_state {
	struct purpose purposes[PURPOSES_MAX];
	int purpose_count;
	struct listbox list;
	/* Code, name, address, consent rule, and the legal ground where there is
	 * room (it is shown whole under the list for the selected row). */
	int widths[5];
	int columns;
};

static long purpose_rows(void *context)
{
	const struct purposes_state *state = context;
	return state->purpose_count;
}

/* Who must have said yes: the rule of 917/2014 §200 as the purpose has it. */
static const char *consent_rule(const struct purpose *purpose)
{
	if (purpose->third_party && purpose->consent_for_private)
		return _("private: consent; third party");
	if (purpose->third_party)
		return _("unless objected; third party");
	if (purpose->soft_opt_in)
		return _("private: consent or sale e-mail");
	if (purpose->consent_for_private)
		return _("private: consent");
	return _("unless objected");
}

static void draw_purpose(void *context, long index, int y, int x, int width, bool selected)
{
	const struct purposes_state *state = context;
	const struct purpose *purpose = &state->purposes[index];
	const char *cells[] = { purpose->code, purpose->name, purpose_channel_code(purpose->channel), consent_rule(purpose),
				consent_legal_ground_words(purpose->legal_ground) };
	ui_draw_row(y, x + 1, width - 1, state->widths, cells, state->columns, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void reload(struct purposes_state *state, struct app *app)
{
	state->purpose_count = consent_purpose_list(&app->session, state->purposes, PURPOSES_MAX);
	if (state->purpose_count < 0) {
		state->purpose_count = 0;
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
	}
	listbox_clamp(&state->list);
}

static void purposes_open(void *self, struct app *app, const void *argument)
{
	struct purposes_state *state = self;
	(void)argument;
	listbox_init(&state->list, purpose_rows, draw_purpose, state);
	reload(state, app);
}

/* Back on top: the form above may have added one. */
static void purposes_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct purposes_state *state = self;
	(void)result;
	reload(state, app);
}

static void purposes_layout(void *self, struct app *app)
{
	struct purposes_state *state = self;
	int *widths = state->widths;
	bool wide = app->cols >= 120;
	state->columns = wide ? 5 : 4;
	widths[0] = 21;
	widths[2] = 7;
	widths[3] = wide ? 30 : 0;
	widths[1] = wide ? 30 : app->cols - 2 - widths[0] - widths[2] - 26;
	widths[4] = 0;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 4, app->cols);
}

static void purposes_draw(void *self, struct app *app)
{
	struct purposes_state *state = self;
	const char *headers[] = { _("Code"), _("Name"), _("Address"), _("Consent"), _("Legal ground") };
	ui_draw_row(app->content_top, 1, app->cols - 1, state->widths, headers, state->columns, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->purpose_count > 0 && state->list.selected >= 0) {
		const struct purpose *purpose = &state->purposes[state->list.selected];
		char line[1400];
		snprintf(line, sizeof line, "%s: %s; %s", purpose->name, purpose->export_fields,
			 consent_legal_ground_words(purpose->legal_ground));
		ui_draw_wrapped(app->content_top + app->content_rows - 2, 1, app->cols - 2, 2, line, COLOR_ROLE_DIM);
	}
}

static int purposes_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct purposes_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		app_push(app, &purpose_form_screen, NULL);
		return SCREEN_HANDLED;
	}
	return 0;
}

static const enum action purposes_keys[] = { ACTION_ADD, ACTION_BACK, ACTION_NONE };

const struct screen_ops purposes_screen = {
	.title = N_("Purposes"),
	.state_size = sizeof(struct purposes_state),
	.open = purposes_open,
	.resume = purposes_resume,
	.layout = purposes_layout,
	.draw = purposes_draw,
	.handle = purposes_handle,
	.key_help = purposes_keys,
};

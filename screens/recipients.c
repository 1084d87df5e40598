/* Recipients of disclosures (privacy officer): kind, country, and for a
 * country outside the EU/EEA the safeguard that allows a transfer (notice §3.1). */
#include <stdio.h>

#include "disclosure.h"
#include "listbox.h"
#include "recipient_form.h"
#include "screens.h"

#define RECIPIENTS_MAX 500

static const int widths[] = { 28, 24, 8, 0 };

/* Everything one opening of the list keeps. */
struct recipients_state {
	struct recipient recipients[RECIPIENTS_MAX];
	int recipient_count;
	struct listbox list;
};

static long recipient_rows(void *context)
{
	const struct recipients_state *state = context;
	return state->recipient_count;
}

static void draw_recipient(void *context, long index, int y, int x, int width, bool selected)
{
	const struct recipients_state *state = context;
	const struct recipient *recipient = &state->recipients[index];
	char country[32], safeguard[600];
	snprintf(country, sizeof country, "%s%s", recipient->country, recipient->eu_eea ? "" : _(" (non-EEA)"));
	if (recipient->eu_eea)
		snprintf(safeguard, sizeof safeguard, "%s", _("EU/EEA: no safeguard needed"));
	else if (recipient->safeguard == SAFEGUARD_NONE)
		snprintf(safeguard, sizeof safeguard, "%s", _("NO SAFEGUARD: nothing may be disclosed"));
	else
		snprintf(safeguard, sizeof safeguard, "%s %s %s", safeguard_label(recipient->safeguard),
			 recipient->safeguard_reference, recipient->safeguard_date);
	const char *cells[] = { recipient->name, recipient_kind_label(recipient->kind), country, safeguard };
	enum color_role role = selected ? COLOR_ROLE_SELECTED
		: !recipient->eu_eea && recipient->safeguard == SAFEGUARD_NONE ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, role);
}

static void reload(struct recipients_state *state, struct app *app)
{
	state->recipient_count = recipient_list(&app->session, state->recipients, RECIPIENTS_MAX);
	if (state->recipient_count < 0)
		state->recipient_count = 0;
	listbox_clamp(&state->list);
}

static void recipients_open(void *self, struct app *app, const void *argument)
{
	struct recipients_state *state = self;
	(void)argument;
	listbox_init(&state->list, recipient_rows, draw_recipient, state);
	reload(state, app);
}

/* Back on top: the form above may have added or changed one. */
static void recipients_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct recipients_state *state = self;
	(void)result;
	reload(state, app);
}

static void recipients_layout(void *self, struct app *app)
{
	struct recipients_state *state = self;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
}

static void recipients_draw(void *self, struct app *app)
{
	struct recipients_state *state = self;
	const char *headers[] = { _("Name"), _("Kind"), _("Country"), _("Transfer safeguard") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->recipient_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No recipients yet: a adds one."), COLOR_ROLE_DIM, false);
}

static int recipients_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct recipients_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		app_push(app, &recipient_form_screen, NULL);
		return SCREEN_HANDLED;
	}
	if ((action == ACTION_EDIT || action == ACTION_OPEN) && state->list.selected >= 0) {
		APP_OPEN(app, recipient_form, .recipient = state->recipients[state->list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static const enum action recipients_keys[] = { ACTION_ADD, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

const struct screen_ops recipients_screen = {
	.title = N_("Recipients"),
	.state_size = sizeof(struct recipients_state),
	.open = recipients_open,
	.resume = recipients_resume,
	.layout = recipients_layout,
	.draw = recipients_draw,
	.handle = recipients_handle,
	.key_help = recipients_keys,
};

/* Certificates and permit cards expiring within N days (default 90), so
 * that their holders can be invited to renew. / changes N. */
#include <stdio.h>
#include <stdlib.h>

#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"

#define CARDS_MAX 1000
#define DEFAULT_DAYS 90

static const int widths[] = { 11, 26, 22, 0 };

struct expiring_state {
	struct expiring_card cards[CARDS_MAX];
	int card_count;
	int days;
	struct listbox list;
	struct form_field days_field[1];
	struct form days_form;
	bool asking;                      /* the days are being typed */
};

static long card_rows(void *context)
{
	const struct expiring_state *state = context;
	return state->card_count;
}

static void draw_card(void *context, long index, int y, int x, int width, bool selected)
{
	const struct expiring_state *state = context;
	const struct expiring_card *card = &state->cards[index];
	char what[900];
	snprintf(what, sizeof what, "%s %s %s", card->kind, card->number, card->email);
	const char *cells[] = { card->valid_until, card->name, card->course, what };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void expiring_open(void *self, struct app *app, const void *argument)
{
	struct expiring_state *state = self;
	(void)app;
	(void)argument;
	state->days = DEFAULT_DAYS;
	state->days_field[0] = (struct form_field){ .label = N_("Days ahead"), .max_chars = 4, .disposable = true };
	form_init(&state->days_form, state->days_field, 1, state);
	listbox_init(&state->list, card_rows, draw_card, state);
}

/* Reads the cards expiring within the days and places the list. */
static void place(struct expiring_state *state, struct app *app)
{
	state->card_count = training_expiring(&app->session, state->days, state->cards, CARDS_MAX);
	if (state->card_count < 0)
		state->card_count = 0;
	form_layout(&state->days_form, app->content_top, 1, app->cols, 0);
	listbox_layout(&state->list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void expiring_layout(void *self, struct app *app)
{
	place(self, app);
}

static void expiring_draw(void *self, struct app *app)
{
	struct expiring_state *state = self;
	if (state->asking) {
		form_draw(&state->days_form);
		form_place_cursor(&state->days_form);
	} else {
		char line[128];
		snprintf(line, sizeof line, _("%d expiring within %d days (/ changes the days):"), state->card_count, state->days);
		ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	const char *headers[] = { _("Valid until"), _("Holder"), _("Course"), _("Card and e-mail") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
}

static int expiring_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct expiring_state *state = self;
	if (state->asking) {
		enum form_result result = form_handle(&state->days_form, action, key);
		if (result == FORM_SUBMIT) {
			char text[16];
			form_value(&state->days_form, 0, text, sizeof text);
			int value = atoi(text);
			state->days = value > 0 ? value : DEFAULT_DAYS;
			state->asking = false;
			place(state, app);
		} else if (result == FORM_CANCEL) {
			state->asking = false;
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		state->asking = true;
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool expiring_typing(void *self, struct app *app)
{
	struct expiring_state *state = self;
	(void)app;
	return state->asking;
}

static const enum action expiring_keys[] = { ACTION_FILTER, ACTION_BACK, ACTION_NONE };

const struct screen_ops expiring_screen = {
	.title = N_("Expiring certificates and permit cards"),
	.state_size = sizeof(struct expiring_state),
	.open = expiring_open,
	.layout = expiring_layout,
	.draw = expiring_draw,
	.handle = expiring_handle,
	.typing = expiring_typing,
	.key_help = expiring_keys,
};

/* Certificates and permit cards expiring within N days (default 90), so
 * that their holders can be invited to renew. / changes N. */
#include <stdio.h>
#include <stdlib.h>

#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"

#define CARDS_MAX 1000

static struct expiring_card cards[CARDS_MAX];
static int card_count;
static int days = 90;
static struct listbox list;
static struct form_field days_field[1];
static struct form days_form;
static bool asking;
static const int widths[] = { 11, 26, 22, 0 };

static long card_rows(void *context)
{
	(void)context;
	return card_count;
}

static void draw_card(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct expiring_card *card = &cards[index];
	char what[900];
	snprintf(what, sizeof what, "%s %s %s", card->kind, card->number, card->email);
	const char *cells[] = { card->valid_until, card->name, card->course, what };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void expiring_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	asking = false;
	days_field[0] = (struct form_field){ .label = N_("Days ahead"), .max_chars = 4 };
	form_init(&days_form, days_field, 1, NULL);
	listbox_init(&list, card_rows, draw_card, NULL);
}

static void expiring_layout(struct app *app)
{
	card_count = training_expiring(&app->session, days, cards, CARDS_MAX);
	if (card_count < 0)
		card_count = 0;
	form_layout(&days_form, app->content_top, 1, app->cols, 0);
	listbox_layout(&list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void expiring_draw(struct app *app)
{
	if (asking) {
		form_draw(&days_form);
		form_place_cursor(&days_form);
	} else {
		char line[128];
		snprintf(line, sizeof line, _("%d expiring within %d days (/ changes the days):"), card_count, days);
		ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	const char *headers[] = { _("Valid until"), _("Holder"), _("Course"), _("Card and e-mail") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
}

static int expiring_handle(struct app *app, enum action action, struct key_press key)
{
	if (asking) {
		enum form_result result = form_handle(&days_form, action, key);
		if (result == FORM_SUBMIT) {
			char text[16];
			form_value(&days_form, 0, text, sizeof text);
			int value = atoi(text);
			days = value > 0 ? value : 90;
			asking = false;
			expiring_layout(app);
		} else if (result == FORM_CANCEL) {
			asking = false;
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		asking = true;
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool expiring_typing(struct app *app)
{
	(void)app;
	return asking;
}

static const enum action expiring_keys[] = { ACTION_FILTER, ACTION_BACK, ACTION_NONE };

const struct screen_ops expiring_screen = {
	.title = N_("Expiring certificates and permit cards"),
	.legacy.enter = expiring_enter,
	.legacy.layout = expiring_layout,
	.legacy.draw = expiring_draw,
	.legacy.handle = expiring_handle,
	.legacy.typing = expiring_typing,
	.key_help = expiring_keys,
};

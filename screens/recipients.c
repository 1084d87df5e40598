/* Recipients of disclosures (privacy officer): kind, country, and for a
 * country outside the EU/EEA the safeguard that allows a transfer (notice §3.1). */
#include <stdio.h>

#include "disclosure.h"
#include "listbox.h"
#include "screens.h"

#define RECIPIENTS_MAX 500

static struct recipient recipients[RECIPIENTS_MAX];
static int recipient_count;
static struct listbox list;
static const int widths[] = { 28, 24, 8, 0 };

static long recipient_rows(void *context)
{
	(void)context;
	return recipient_count;
}

static void draw_recipient(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct recipient *recipient = &recipients[index];
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

static void recipients_enter(struct app *app, void *argument)
{
	(void)argument;
	(void)app;
	listbox_init(&list, recipient_rows, draw_recipient, NULL);
}

static void recipients_layout(struct app *app)
{
	recipient_count = recipient_list(&app->session, recipients, RECIPIENTS_MAX);
	if (recipient_count < 0)
		recipient_count = 0;
	listbox_layout(&list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
}

static void recipients_draw(struct app *app)
{
	const char *headers[] = { _("Name"), _("Kind"), _("Country"), _("Transfer safeguard") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (recipient_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("No recipients yet: a adds one."), COLOR_ROLE_DIM, false);
}

static int recipients_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		app_push(app, &recipient_form_screen, NULL);
		return SCREEN_HANDLED;
	}
	if ((action == ACTION_EDIT || action == ACTION_OPEN) && list.selected >= 0) {
		app_push(app, &recipient_form_screen, &recipients[list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static const enum action recipients_keys[] = { ACTION_ADD, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

const struct screen_ops recipients_screen = {
	.title = N_("Recipients"),
	.legacy.enter = recipients_enter,
	.legacy.layout = recipients_layout,
	.legacy.draw = recipients_draw,
	.legacy.handle = recipients_handle,
	.key_help = recipients_keys,
};

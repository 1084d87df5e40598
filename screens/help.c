/* Help: generated from the action table, never kept by hand. */
#include <stdio.h>

#include "listbox.h"
#include "screens.h"

static struct listbox list;

static long help_count(void *context)
{
	(void)context;
	return ACTION_COUNT - 1;
}

static void help_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	enum action action = (enum action)(index + 1);
	char line[512];
	snprintf(line, sizeof line, "  %-8s %s", action_key_label(action), action_help(action));
	ui_draw_text(y, x, width, line, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
}

static void help_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	listbox_init(&list, help_count, help_draw_row, NULL);
}

static void help_layout(struct app *app)
{
	listbox_layout(&list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void help_draw(struct app *app)
{
	ui_draw_text(app->content_top, 2, app->cols - 4,
		     _("In a form letters are typed; Tab, Enter, F2 and Esc work everywhere."),
		     COLOR_ROLE_NORMAL, false);
	listbox_draw(&list);
}

static int help_handle(struct app *app, enum action action, struct key_press key)
{
	(void)app;
	(void)key;
	return listbox_handle(&list, action) ? SCREEN_HANDLED : 0;
}

static const enum action help_keys[] = { ACTION_UP, ACTION_DOWN, ACTION_BACK, ACTION_NONE };

const struct screen_ops help_screen = {
	.title = N_("Help: keys"),
	.legacy.enter = help_enter,
	.legacy.layout = help_layout,
	.legacy.draw = help_draw,
	.legacy.handle = help_handle,
	.key_help = help_keys,
};

/* Help: generated from the action table and the contact list's markers,
 * never kept by hand. */
#include <stdio.h>

#include "contact.h"
#include "listbox.h"
#include "screens.h"

struct help_state {
	struct listbox list;
};

/* The keys, then a heading and one row per marker of the contact list. */
static long help_count(void *context)
{
	(void)context;
	return ACTION_COUNT - 1 + 1 + contact_marker_count();
}

static void help_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	char line[512];
	enum color_role role = selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL;
	if (index < ACTION_COUNT - 1) {
		enum action action = (enum action)(index + 1);
		snprintf(line, sizeof line, "  %-8s %s", action_key_label(action), action_help(action));
	} else if (index == ACTION_COUNT - 1) {
		snprintf(line, sizeof line, "%s", _("Markers in the contact list (the selected row's are shown below the list):"));
		role = selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_TITLE;
	} else {
		int marker = (int)(index - ACTION_COUNT);
		snprintf(line, sizeof line, "  %-8c %s", contact_marker_symbol(marker), contact_marker_label(marker));
	}
	ui_draw_text(y, x, width, line, role, true);
}

static void help_open(void *self, struct app *app, const void *argument)
{
	struct help_state *state = self;
	(void)app;
	(void)argument;
	listbox_init(&state->list, help_count, help_draw_row, state);
}

static void help_layout(void *self, struct app *app)
{
	struct help_state *state = self;
	listbox_layout(&state->list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void help_draw(void *self, struct app *app)
{
	struct help_state *state = self;
	ui_draw_text(app->content_top, 2, app->cols - 4,
		     _("In a form letters are typed; Tab, Enter, F2 and Esc work everywhere."),
		     COLOR_ROLE_NORMAL, false);
	listbox_draw(&state->list);
}

static int help_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct help_state *state = self;
	(void)app;
	(void)key;
	return listbox_handle(&state->list, action) ? SCREEN_HANDLED : 0;
}

static const enum action help_keys[] = { ACTION_DOWN, ACTION_UP, ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };

/* Up at the top and down at the end move nothing: not offered there. */
static bool help_key_works(const void *self, const struct app *app, enum action action)
{
	const struct help_state *state = self;
	(void)app;
	return action == ACTION_BACK || listbox_would_move(&state->list, action);
}

const struct screen_ops help_screen = {
	.title = N_("Help: keys"),
	.state_size = sizeof(struct help_state),
	.open = help_open,
	.layout = help_layout,
	.draw = help_draw,
	.handle = help_handle,
	.key_help = help_keys,
	.key_works = help_key_works,
};

/* Help: generated from the action table and the contact list's markers,
 * never kept by hand. */
#include <stdio.h>

#include "contact.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"

#define SELECTED_ROWS 2

struct help_state {
	struct listbox list;
	/* The message shown when help was asked for, whole: the message line
	 * may have had to end it with "…" (issue 16). */
	char message[sizeof ((struct app *)0)->message];
	bool message_is_error;
	int message_rows;
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
	(void)argument;
	text_copy(state->message, sizeof state->message, app->message);
	state->message_is_error = app->message_is_error;
	app->message[0] = '\0';   /* shown whole here instead */
	listbox_init(&state->list, help_count, help_draw_row, state);
}

/* Rows the whole message takes at the top (with a blank row after it). */
static int message_rows(const struct help_state *state, const struct app *app)
{
	return state->message[0] ? ui_wrapped_rows(app->cols - 4, 6, state->message) + 1 : 0;
}

static void help_layout(void *self, struct app *app)
{
	struct help_state *state = self;
	state->message_rows = message_rows(state, app);
	/* Two rows under the list show the selected key's help whole, which its
	 * row may have had to cut (a Finnish text is longer). */
	listbox_layout(&state->list, app->content_top + state->message_rows + 2, 0,
		       app->content_rows - state->message_rows - 2 - SELECTED_ROWS, app->cols);
}

static void help_draw(void *self, struct app *app)
{
	struct help_state *state = self;
	int y = app->content_top;
	if (state->message[0])
		ui_draw_wrapped(y, 2, app->cols - 4, state->message_rows - 1, state->message,
				state->message_is_error ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_MESSAGE_INFO);
	ui_draw_wrapped(y + state->message_rows, 2, app->cols - 4, 1,
			_("In a form letters are typed; Tab, Enter, F2 and Esc work everywhere."), COLOR_ROLE_NORMAL);
	listbox_draw(&state->list);
	if (state->list.selected >= 0 && state->list.selected != ACTION_COUNT - 1) {
		/* The selected key's help, or the selected marker's: the rows past
		 * the keys are the markers' heading and the markers, no action. */
		char line[512];
		long index = state->list.selected;
		if (index < ACTION_COUNT - 1) {
			enum action action = (enum action)(index + 1);
			snprintf(line, sizeof line, "%s: %s", action_key_label(action), action_help(action));
		} else {
			int marker = (int)(index - ACTION_COUNT);
			snprintf(line, sizeof line, "%c: %s", contact_marker_symbol(marker), contact_marker_label(marker));
		}
		ui_draw_wrapped(app->content_top + app->content_rows - SELECTED_ROWS, 2, app->cols - 4, SELECTED_ROWS, line,
				COLOR_ROLE_DIM);
	}
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

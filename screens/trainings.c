/* Training sessions: a trainer sees their own, the privacy officer all. */
#include <stdio.h>

#include "listbox.h"
#include "screens.h"
#include "training.h"
#include "training_screens.h"

#define SESSIONS_MAX 500

/* At 80 columns the trainer keeps 14 (a name); the counts are "12/30". */
static const int widths[] = { 16, 24, 15, 6, 0 };

struct trainings_state {
	struct training_session sessions[SESSIONS_MAX];
	int session_count;
	struct listbox list;
};

static long session_rows(void *context)
{
	const struct trainings_state *state = context;
	return state->session_count;
}

static void draw_session(void *context, long index, int y, int x, int width, bool selected)
{
	const struct trainings_state *state = context;
	const struct training_session *training = &state->sessions[index];
	char counts[32];
	snprintf(counts, sizeof counts, "%d/%d", training->present, training->registered);
	const char *cells[] = { training->starts_at, training->course_name, training->place, counts, training->trainer_name };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 5, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void trainings_open(void *self, struct app *app, const void *argument)
{
	struct trainings_state *state = self;
	(void)app;
	(void)argument;
	listbox_init(&state->list, session_rows, draw_session, state);
}

/* Read again on every layout: a session added, changed or attended above shows at once. */
static void trainings_layout(void *self, struct app *app)
{
	struct trainings_state *state = self;
	state->session_count = training_session_list(&app->session, state->sessions, SESSIONS_MAX);
	if (state->session_count < 0)
		state->session_count = 0;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
}

static void trainings_draw(void *self, struct app *app)
{
	struct trainings_state *state = self;
	const char *headers[] = { _("Starts"), _("Course"), _("Place"), _("Here"), _("Trainer") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 5, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->session_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No sessions yet: a adds one (a course first, from Courses)."),
			     COLOR_ROLE_DIM, false);
}

static int trainings_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct trainings_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		APP_OPEN(app, session_form, .session_id = 0);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_OPEN && state->list.selected >= 0) {
		APP_OPEN(app, session, .session_id = state->sessions[state->list.selected].id);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_EDIT && state->list.selected >= 0) {
		APP_OPEN(app, session_form, .session_id = state->sessions[state->list.selected].id);
		return SCREEN_HANDLED;
	}
	return 0;
}

static const enum action trainings_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

/* Opening and editing need a session. */
static bool trainings_key_works(const void *self, const struct app *app, enum action action)
{
	const struct trainings_state *state = self;
	(void)app;
	return (action != ACTION_OPEN && action != ACTION_EDIT) || state->list.selected >= 0;
}

const struct screen_ops trainings_screen = {
	.title = N_("Trainings"),
	.state_size = sizeof(struct trainings_state),
	.open = trainings_open,
	.layout = trainings_layout,
	.draw = trainings_draw,
	.handle = trainings_handle,
	.key_help = trainings_keys,
	.key_works = trainings_key_works,
};

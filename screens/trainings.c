/* Training sessions: a trainer sees their own, the privacy officer all. */
#include <stdio.h>

#include "listbox.h"
#include "screens.h"
#include "training.h"

#define SESSIONS_MAX 500

static struct training_session sessions[SESSIONS_MAX];
static int session_count;
static struct listbox list;
/* At 80 columns the trainer keeps 14 (a name); the counts are "12/30". */
static const int widths[] = { 16, 24, 15, 6, 0 };

static long session_rows(void *context)
{
	(void)context;
	return session_count;
}

static void draw_session(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct training_session *training = &sessions[index];
	char counts[32];
	snprintf(counts, sizeof counts, "%d/%d", training->present, training->registered);
	const char *cells[] = { training->starts_at, training->course_name, training->place, counts, training->trainer_name };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 5, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void trainings_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	listbox_init(&list, session_rows, draw_session, NULL);
}

static void trainings_layout(struct app *app)
{
	session_count = training_session_list(&app->session, sessions, SESSIONS_MAX);
	if (session_count < 0)
		session_count = 0;
	listbox_layout(&list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
}

static void trainings_draw(struct app *app)
{
	const char *headers[] = { _("Starts"), _("Course"), _("Place"), _("Here"), _("Trainer") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 5, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (session_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("No sessions yet: a adds one (a course first, from Courses)."),
			     COLOR_ROLE_DIM, false);
}

static int trainings_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		app_push(app, &session_form_screen, NULL);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_OPEN && list.selected >= 0) {
		app_push(app, &session_screen, &sessions[list.selected].id);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_EDIT && list.selected >= 0) {
		app_push(app, &session_form_screen, &sessions[list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static const enum action trainings_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

const struct screen_ops trainings_screen = {
	.title = N_("Trainings"),
	.legacy.enter = trainings_enter,
	.legacy.layout = trainings_layout,
	.legacy.draw = trainings_draw,
	.legacy.handle = trainings_handle,
	.key_help = trainings_keys,
};

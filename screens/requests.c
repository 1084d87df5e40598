/* The request queue: open requests by deadline, overdue ones highlighted
 * (GDPR Art. 12(3)); / shows the closed ones too. */
#include <stdio.h>

#include "calendar.h"
#include "consent.h"
#include "listbox.h"
#include "request.h"
#include "request_screens.h"
#include "screens.h"

#define REQUESTS_MAX 1000

static const int widths[] = { 6, 19, 11, 12, 0 };

/* Everything one opening of the queue keeps. */
struct requests_state {
	struct subject_request requests[REQUESTS_MAX];
	int request_count;
	bool show_all;
	struct listbox list;
	char today[11];
};

static long request_rows(void *context)
{
	const struct requests_state *state = context;
	return state->request_count;
}

static void draw_request(void *context, long index, int y, int x, int width, bool selected)
{
	const struct requests_state *state = context;
	const struct subject_request *request = &state->requests[index];
	char number[24], name[500];
	snprintf(number, sizeof number, "#%lld", request->id);
	/* The queue names the requester only as given; nothing of the register shows here. */
	snprintf(name, sizeof name, "%s%s", request->requester_name, *request->representative_name ? _(" (by a representative)") : "");
	bool overdue = request_is_overdue(request, state->today);
	const char *cells[] = { number, request_kind_label(request->kind), request_deadline(request),
				overdue ? _("OVERDUE") : request_status_label(request->status), name };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : overdue ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 5, role);
}

/* Reads the queue (open ones, or all). */
static void load(struct requests_state *state, struct app *app)
{
	calendar_today(state->today);
	state->request_count = request_list(&app->session, !state->show_all, state->requests, REQUESTS_MAX);
	if (state->request_count < 0)
		state->request_count = 0;
	listbox_clamp(&state->list);
}

static void requests_open(void *self, struct app *app, const void *argument)
{
	struct requests_state *state = self;
	(void)argument;
	listbox_init(&state->list, request_rows, draw_request, state);
	load(state, app);
}

/* Back on top: a request recorded on the form is opened; the queue is read
 * again (a request above may have been closed or extended). */
static void requests_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct requests_state *state = self;
	load(state, app);
	if (result->from == &request_form_screen && result->outcome == SCREEN_SAVED)
		APP_OPEN(app, request, .request_id = result->id);
}

static void requests_layout(void *self, struct app *app)
{
	struct requests_state *state = self;
	listbox_layout(&state->list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void requests_draw(void *self, struct app *app)
{
	struct requests_state *state = self;
	int open, overdue;
	request_counts(&app->session, &open, &overdue);
	char line[256];
	snprintf(line, sizeof line, _("%d open, %d overdue. %s"), open, overdue,
		 state->show_all ? _("Showing all requests (/ for open only).") : _("Showing open requests (/ for all)."));
	ui_draw_text(app->content_top, 1, app->cols - 2, line, overdue ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL, false);
	const char *headers[] = { "#", _("Kind"), _("Due"), _("Status"), _("Requester (as given)") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 5, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->request_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No requests: a records one."), COLOR_ROLE_DIM, false);
}

static int requests_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct requests_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	switch (action) {
	case ACTION_ADD:
		app_push(app, &request_form_screen, NULL);
		return SCREEN_HANDLED;
	case ACTION_OPEN:
		if (state->list.selected >= 0)
			APP_OPEN(app, request, .request_id = state->requests[state->list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_FILTER:
		state->show_all = !state->show_all;
		load(state, app);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static const enum action requests_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_FILTER, ACTION_BACK, ACTION_NONE };

const struct screen_ops requests_screen = {
	.title = N_("Requests"),
	.state_size = sizeof(struct requests_state),
	.open = requests_open,
	.resume = requests_resume,
	.layout = requests_layout,
	.draw = requests_draw,
	.handle = requests_handle,
	.key_help = requests_keys,
};

/* The request queue: open requests by deadline, overdue ones highlighted
 * (GDPR Art. 12(3)); / shows the closed ones too. */
#include <stdio.h>

#include "calendar.h"
#include "consent.h"
#include "listbox.h"
#include "request.h"
#include "screens.h"

#define REQUESTS_MAX 1000

static struct subject_request requests[REQUESTS_MAX];
static int request_count;
static bool show_all;
static struct listbox list;
static char today[11];
static const int widths[] = { 6, 19, 11, 12, 0 };

static long request_rows(void *context)
{
	(void)context;
	return request_count;
}

static void draw_request(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct subject_request *request = &requests[index];
	char number[24], name[500];
	snprintf(number, sizeof number, "#%lld", request->id);
	/* The queue names the requester only as given; nothing of the register shows here. */
	snprintf(name, sizeof name, "%s%s", request->requester_name, *request->representative_name ? _(" (by a representative)") : "");
	bool overdue = request_is_overdue(request, today);
	const char *cells[] = { number, request_kind_label(request->kind), request_deadline(request),
				overdue ? _("OVERDUE") : request_status_label(request->status), name };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : overdue ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 5, role);
}

static void requests_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	show_all = false;
	listbox_init(&list, request_rows, draw_request, NULL);
}

static void requests_layout(struct app *app)
{
	calendar_today(today);
	request_count = request_list(&app->session, !show_all, requests, REQUESTS_MAX);
	if (request_count < 0)
		request_count = 0;
	listbox_layout(&list, app->content_top + 2, 0, app->content_rows - 2, app->cols);
}

static void requests_draw(struct app *app)
{
	int open, overdue;
	request_counts(&app->session, &open, &overdue);
	char line[256];
	snprintf(line, sizeof line, _("%d open, %d overdue. %s"), open, overdue,
		 show_all ? _("Showing all requests (/ for open only).") : _("Showing open requests (/ for all)."));
	ui_draw_text(app->content_top, 1, app->cols - 2, line, overdue ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL, false);
	const char *headers[] = { "#", _("Kind"), _("Due"), _("Status"), _("Requester (as given)") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 5, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (request_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("No requests: a records one."), COLOR_ROLE_DIM, false);
}

static int requests_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	switch (action) {
	case ACTION_ADD:
		app_push(app, &request_form_screen, NULL);
		return SCREEN_HANDLED;
	case ACTION_OPEN:
		if (list.selected >= 0)
			app_push(app, &request_screen, &requests[list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_FILTER:
		show_all = !show_all;
		requests_layout(app);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static const enum action requests_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_FILTER, ACTION_BACK, ACTION_NONE };

const struct screen_ops requests_screen = {
	.title = N_("Requests"),
	.legacy.enter = requests_enter,
	.legacy.layout = requests_layout,
	.legacy.draw = requests_draw,
	.legacy.handle = requests_handle,
	.key_help = requests_keys,
};

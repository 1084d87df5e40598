/* One event: registrations from sign-ups with their source, attendance at
 * the door, and the names-only list for a third-party venue (notice §2.7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact_screens.h"
#include "listbox.h"
#include "screens.h"
#include "written_files.h"
#include "training.h"
#include "training_screens.h"

#define GUESTS_MAX 2000

static const int widths[] = { 30, 24, 14, 0 };

struct event_state {
	struct event event;
	struct event_guest guests[GUESTS_MAX];
	int guest_count;
	struct listbox list;
	int source;                       /* for the next registration; Left/Right change it */
};

static long guest_rows(void *context)
{
	const struct event_state *state = context;
	return state->guest_count;
}

static void draw_guest(void *context, long index, int y, int x, int width, bool selected)
{
	const struct event_state *state = context;
	const struct event_guest *guest = &state->guests[index];
	const char *cells[] = { guest->name, guest->organisation, event_source_label(guest->source),
				guest->cancelled ? _("cancelled") : guest->present ? _("present") : "" };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4,
		    selected ? COLOR_ROLE_SELECTED : guest->cancelled ? COLOR_ROLE_DIM : COLOR_ROLE_NORMAL);
}

static void load(struct event_state *state, struct app *app)
{
	state->guest_count = event_guests(&app->session, state->event.id, state->guests, GUESTS_MAX);
	if (state->guest_count < 0)
		state->guest_count = 0;
	listbox_clamp(&state->list);
}

static void event_open(void *self, struct app *app, const void *argument)
{
	struct event_state *state = self;
	const struct event_argument *given = argument;
	(void)app;
	state->event = given->event;
	state->source = EVENT_SOURCE_SIGN_UP;
	listbox_init(&state->list, guest_rows, draw_guest, state);
}

/* Back from the contact list with the person to register. */
static void event_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct event_state *state = self;
	if (result->from != &contacts_screen || result->outcome != SCREEN_CHOSEN)
		return;
	enum status status = event_register(&app->session, state->event.id, result->id, (enum event_source)state->source);
	if (status == STATUS_OK)
		app_message(app, false, "%s", _("Registered."));
	else
		app_fail(app, status);
}

/* Read again on every layout: a registration made in resume shows at once. */
static void event_layout(void *self, struct app *app)
{
	struct event_state *state = self;
	load(state, app);
	listbox_layout(&state->list, app->content_top + 3, 0, app->content_rows - 3, app->cols);
}

static void event_draw(void *self, struct app *app)
{
	struct event_state *state = self;
	const struct event *event = &state->event;
	char line[3000];
	snprintf(line, sizeof line, "%s  %s  %s %s", event->date, event->name,
		 event->venue_recipient_id ? event->venue_name : _("our premises"), event->place);
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	snprintf(line, sizeof line, _("Source of the next registration (Left/Right): %s"), event_source_label((enum event_source)state->source));
	ui_draw_text(app->content_top + 1, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	const char *headers[] = { _("Name"), _("Organisation"), _("Source"), _("At the door") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->guest_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No registrations yet: ^N registers someone from the register."),
			     COLOR_ROLE_DIM, false);
}

static void report(struct event_state *state, struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK)
		app_message(app, false, "%s", success);
	else
		app_fail(app, status);
	load(state, app);
}

static int event_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct event_state *state = self;
	struct listbox *list = &state->list;
	if (listbox_handle(list, action))
		return SCREEN_HANDLED;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT)) {
		state->source = (state->source + (key.code == KEY_RIGHT ? 1 : EVENT_SOURCE_COUNT - 1)) % EVENT_SOURCE_COUNT;
		return SCREEN_HANDLED;
	}
	switch (action) {
	case ACTION_ADD:
		APP_OPEN(app, contacts, .choosing = true, .prompt = _("Choose who to register: Enter."));
		return SCREEN_HANDLED;
	case ACTION_MARK_PRESENT: case ACTION_MARK_ABSENT:
		if (list->selected >= 0) {
			bool present = action == ACTION_MARK_PRESENT;
			report(state, app, event_mark(&app->session, state->guests[list->selected].registration_id, present),
			       present ? _("present") : _("absent"));
			if (list->selected + 1 < state->guest_count)
				list->selected++;
		}
		return SCREEN_HANDLED;
	case ACTION_CANCEL:
		if (list->selected >= 0)
			report(state, app, event_cancel_registration(&app->session, state->guests[list->selected].registration_id),
			       _("Registration cancelled."));
		return SCREEN_HANDLED;
	case ACTION_EXPORT_LIST: {
		char path[4096], today[11], sha256[65];
		calendar_today(today);
		char name[128];
		snprintf(name, sizeof name, "regdesk-event-%lld-%s.csv", state->event.id, today);
		if (!files_folder_path(app->db, name, path, sizeof path)) {   /* private folder, not $HOME (issue 13) */
			app_fail(app, STATUS_ERR_IO);
			return SCREEN_HANDLED;
		}
		long long count = 0;
		enum status status = event_export_for_venue(&app->session, state->event.id, path, sha256, &count);
		if (status == STATUS_OK)
			app_message(app, false, _("%lld names written to %s (logged as a disclosure)."), count, path);
		else
			app_fail(app, status);
		return SCREEN_HANDLED;
	}
	default:
		return 0;
	}
}

static const enum action event_keys[] = {
	ACTION_ADD, ACTION_MARK_PRESENT, ACTION_MARK_ABSENT, ACTION_CANCEL, ACTION_EXPORT_LIST, ACTION_BACK, ACTION_NONE
};

/* Marking and cancelling need a guest; the venue's list needs someone on it. */
static bool event_key_works(const void *self, const struct app *app, enum action action)
{
	const struct event_state *state = self;
	(void)app;
	switch (action) {
	case ACTION_MARK_PRESENT: case ACTION_MARK_ABSENT: case ACTION_CANCEL:
		return state->list.selected >= 0 && state->list.selected < state->guest_count;
	case ACTION_EXPORT_LIST:
		return state->guest_count > 0;
	default:
		return true;
	}
}

const struct screen_ops event_screen = {
	.title = N_("Event"),
	.state_size = sizeof(struct event_state),
	.open = event_open,
	.resume = event_resume,
	.layout = event_layout,
	.draw = event_draw,
	.handle = event_handle,
	.key_help = event_keys,
	.key_works = event_key_works,
};

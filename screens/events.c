/* Customer events (notice §1.3, §1.5, §2.7): our premises or a third-party
 * venue from the recipients. a adds one in the form below the list. */
#include <stdio.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"
#include "training_screens.h"

#define EVENTS_MAX 500
#define VENUES_MAX 200

enum { NAME, DATE, VENUE, PLACE, FIELD_COUNT };

static const int widths[] = { 11, 34, 24, 0 };

struct events_state {
	struct event events[EVENTS_MAX];
	int event_count;
	struct listbox list;
	bool editing;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	long long venue_ids[VENUES_MAX];  /* [0] our own premises, then the venues among the recipients */
	char venue_text[VENUES_MAX][120];
	const char *venue_labels[VENUES_MAX];
	int venue_count;
	struct recipient recipients[VENUES_MAX];   /* scratch for collecting the venues */
	struct event saving;              /* the form's event on its way to the core */
};

static long event_rows(void *context)
{
	const struct events_state *state = context;
	return state->event_count;
}

static void draw_event(void *context, long index, int y, int x, int width, bool selected)
{
	const struct events_state *state = context;
	const struct event *event = &state->events[index];
	char counts[48];
	snprintf(counts, sizeof counts, "%d/%d", event->present, event->registered);
	const char *cells[] = { event->date, event->name, event->venue_recipient_id ? event->venue_name : _("our premises"), counts };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void events_open(void *self, struct app *app, const void *argument)
{
	struct events_state *state = self;
	(void)argument;
	int count = recipient_list(&app->session, state->recipients, VENUES_MAX);
	state->venue_count = 1;
	state->venue_ids[0] = 0;
	snprintf(state->venue_text[0], sizeof state->venue_text[0], "%s", _("our own premises"));
	for (int i = 0; i < count && state->venue_count < VENUES_MAX; i++) {
		if (state->recipients[i].kind != RECIPIENT_VENUE)
			continue;
		snprintf(state->venue_text[state->venue_count], sizeof state->venue_text[state->venue_count], "%.110s",
			 state->recipients[i].name);
		state->venue_ids[state->venue_count++] = state->recipients[i].id;
	}
	for (int i = 0; i < state->venue_count; i++)
		state->venue_labels[i] = state->venue_text[i];
	listbox_init(&state->list, event_rows, draw_event, state);
}

/* Reads the events and places the list, and the form under it while adding. */
static void place(struct events_state *state, struct app *app)
{
	state->event_count = event_list(&app->session, state->events, EVENTS_MAX);
	if (state->event_count < 0)
		state->event_count = 0;
	int form_rows = state->editing ? FIELD_COUNT + 2 : 0;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 1 - form_rows, app->cols);
	form_layout(&state->form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void events_layout(void *self, struct app *app)
{
	place(self, app);
}

static void events_draw(void *self, struct app *app)
{
	struct events_state *state = self;
	const char *headers[] = { _("Date"), _("Event"), _("Venue"), _("Here") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->editing) {
		ui_draw_text(state->form.top - 1, 2, app->cols - 4, _("New event:"), COLOR_ROLE_TITLE, true);
		form_draw(&state->form);
		form_place_cursor(&state->form);
	} else if (state->event_count == 0) {
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No events yet: a adds one."), COLOR_ROLE_DIM, false);
	}
}

static void save(struct events_state *state, struct app *app)
{
	struct event *event = &state->saving;
	memset(event, 0, sizeof *event);
	form_value(&state->form, NAME, event->name, sizeof event->name);
	form_value(&state->form, DATE, event->date, sizeof event->date);
	form_value(&state->form, PLACE, event->place, sizeof event->place);
	event->venue_recipient_id = state->venue_ids[state->fields[VENUE].choice];
	enum status status = event_save(&app->session, event);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	app_message(app, false, _("Saved %s."), event->name);
	state->editing = false;
	place(state, app);
}

static void start_adding(struct events_state *state, struct app *app)
{
	struct form_field *fields = state->fields;
	memset(state->fields, 0, sizeof state->fields);
	fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
	fields[DATE] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
	fields[VENUE] = (struct form_field){ .label = N_("Venue"), .kind = FIELD_CHOICE, .choices = state->venue_labels,
		.choice_count = state->venue_count };
	fields[PLACE] = (struct form_field){ .label = N_("Place or room"), .max_chars = 200 };
	form_init(&state->form, fields, FIELD_COUNT, state);
	state->editing = true;
	place(state, app);
}

static int events_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct events_state *state = self;
	if (state->editing) {
		enum form_result result = form_handle(&state->form, action, key);
		if (result == FORM_CANCEL) {
			state->editing = false;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			save(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		start_adding(state, app);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_OPEN && state->list.selected >= 0) {
		APP_OPEN(app, event, .event = state->events[state->list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool events_typing(void *self, struct app *app)
{
	struct events_state *state = self;
	(void)app;
	return state->editing && form_typing(&state->form);
}

static const enum action events_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_BACK, ACTION_NONE };
static const enum action events_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

/* F2 saves only in the form; the list opens and adds. */
static const enum action *events_keys_now(const void *self)
{
	const struct events_state *state = self;
	return state->editing ? events_form_keys : events_keys;
}

static bool events_key_works(const void *self, const struct app *app, enum action action)
{
	const struct events_state *state = self;
	(void)app;
	return action != ACTION_OPEN || state->editing || state->list.selected >= 0;
}

const struct screen_ops events_screen = {
	.title = N_("Events"),
	.state_size = sizeof(struct events_state),
	.open = events_open,
	.layout = events_layout,
	.draw = events_draw,
	.handle = events_handle,
	.typing = events_typing,
	.key_help = events_keys,
	.keys_now = events_keys_now,
	.key_works = events_key_works,
};

/* Customer events (notice §1.3, §1.5, §2.7): our premises or a third-party
 * venue from the recipients. a adds one in the form below the list. */
#include <stdio.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"

#define EVENTS_MAX 500
#define VENUES_MAX 200

enum { NAME, DATE, VENUE, PLACE, FIELD_COUNT };

static struct event events[EVENTS_MAX];
static int event_count;
static struct listbox list;
static bool editing;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static long long venue_ids[VENUES_MAX];
static char venue_text[VENUES_MAX][120];
static const char *venue_labels[VENUES_MAX];
static int venue_count;
static const int widths[] = { 11, 34, 24, 0 };

static long event_rows(void *context)
{
	(void)context;
	return event_count;
}

static void draw_event(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct event *event = &events[index];
	char counts[48];
	snprintf(counts, sizeof counts, "%d/%d", event->present, event->registered);
	const char *cells[] = { event->date, event->name, event->venue_recipient_id ? event->venue_name : _("our premises"), counts };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void events_enter(struct app *app, void *argument)
{
	(void)argument;
	editing = false;
	static struct recipient recipients[VENUES_MAX];
	int count = recipient_list(&app->session, recipients, VENUES_MAX);
	venue_count = 1;
	venue_ids[0] = 0;
	snprintf(venue_text[0], sizeof venue_text[0], "%s", _("our own premises"));
	for (int i = 0; i < count && venue_count < VENUES_MAX; i++) {
		if (recipients[i].kind != RECIPIENT_VENUE)
			continue;
		snprintf(venue_text[venue_count], sizeof venue_text[venue_count], "%.110s", recipients[i].name);
		venue_ids[venue_count++] = recipients[i].id;
	}
	for (int i = 0; i < venue_count; i++)
		venue_labels[i] = venue_text[i];
	listbox_init(&list, event_rows, draw_event, NULL);
}

static void events_layout(struct app *app)
{
	event_count = event_list(&app->session, events, EVENTS_MAX);
	if (event_count < 0)
		event_count = 0;
	int form_rows = editing ? FIELD_COUNT + 2 : 0;
	listbox_layout(&list, app->content_top + 1, 0, app->content_rows - 1 - form_rows, app->cols);
	form_layout(&form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void events_draw(struct app *app)
{
	const char *headers[] = { _("Date"), _("Event"), _("Venue"), _("Here") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (editing) {
		ui_draw_text(form.top - 1, 2, app->cols - 4, _("New event:"), COLOR_ROLE_TITLE, true);
		form_draw(&form);
		form_place_cursor(&form);
	} else if (event_count == 0) {
		ui_draw_text(list.top, 2, app->cols - 4, _("No events yet: a adds one."), COLOR_ROLE_DIM, false);
	}
}

static int events_handle(struct app *app, enum action action, struct key_press key)
{
	if (editing) {
		enum form_result result = form_handle(&form, action, key);
		if (result == FORM_CANCEL) {
			editing = false;
			events_layout(app);
		} else if (result == FORM_SUBMIT) {
			static struct event event;
			memset(&event, 0, sizeof event);
			form_value(&form, NAME, event.name, sizeof event.name);
			form_value(&form, DATE, event.date, sizeof event.date);
			form_value(&form, PLACE, event.place, sizeof event.place);
			event.venue_recipient_id = venue_ids[fields[VENUE].choice];
			enum status status = event_save(&app->session, &event);
			if (status != STATUS_OK) {
				app_fail(app, status);
			} else {
				app_message(app, false, _("Saved %s."), event.name);
				editing = false;
				events_layout(app);
			}
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		memset(fields, 0, sizeof fields);
		fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
		fields[DATE] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
		fields[VENUE] = (struct form_field){ .label = N_("Venue"), .kind = FIELD_CHOICE, .choices = venue_labels,
			.choice_count = venue_count };
		fields[PLACE] = (struct form_field){ .label = N_("Place or room"), .max_chars = 200 };
		form_init(&form, fields, FIELD_COUNT, NULL);
		editing = true;
		events_layout(app);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_OPEN && list.selected >= 0) {
		app_push(app, &event_screen, &events[list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool events_typing(struct app *app)
{
	(void)app;
	return editing && form_typing(&form);
}

static const enum action events_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops events_screen = {
	.title = N_("Events"),
	.legacy.enter = events_enter,
	.legacy.layout = events_layout,
	.legacy.draw = events_draw,
	.legacy.handle = events_handle,
	.legacy.typing = events_typing,
	.key_help = events_keys,
};

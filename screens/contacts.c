/* The contact list: incremental search as you type (accents ignored, each
 * word a prefix), Finnish order, a category filter, desk markers. The list
 * is windowed: only the visible rows are ever read. As a picker (choosing)
 * Enter closes it with the chosen contact (SCREEN_CHOSEN). */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "permission.h"
#include "screens.h"
#include "text.h"

#define WINDOW_MAX 160
#define COUNT_CAP 1000


/* Everything one opening of the list keeps. */
struct contacts_state {
	struct form_field search_field[1];
	struct form search;
	struct listbox list;
	struct contact_row window[WINDOW_MAX]; /* the visible rows, in order */
	int window_count;
	struct contact_row fresh[WINDOW_MAX], joined[2 * WINDOW_MAX]; /* scratch for scrolling */
	struct contact_query query;
	int category_filter;              /* -1: all categories */
	long long match_count;
	bool choosing;                    /* a picker for the screen below */
	long long exclude_id;             /* choosing: the record being merged, not selectable */
	char prompt[256];                 /* choosing: what the choice is for */
};

static long window_rows(void *context)
{
	const struct contacts_state *state = context;
	return state->window_count;
}

static void draw_contact_row(void *context, long index, int y, int x, int width, bool selected)
{
	const struct contacts_state *state = context;
	const struct contact_row *row = &state->window[index];
	char contact_details[512];
	snprintf(contact_details, sizeof contact_details, "%s%s%s", row->email, *row->email && *row->phone ? "  " : "",
		 row->phone);
	static const int widths[] = { 3, 30, 24, 0 };
	const char *cells[] = { row->markers, row->name, row->organisation, contact_details };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x, width, widths, cells, 4, role);
	if (!selected && row->markers[0])
		ui_draw_text(y, x, 3, row->markers, COLOR_ROLE_WARNING, false);
}

/* Reads a page into the window. after: the row before the first wanted
 * (NULL from the start); backwards: the page ending before it. */
static int read_page(struct contacts_state *state, struct app *app, const struct contact_position *after, bool backwards,
		     struct contact_row *rows, int limit)
{
	int count = contact_search_page(&app->session, &state->query, after, backwards, rows, limit);
	if (count < 0) {
		app_fail(app, STATUS_ERR_DATABASE);
		return 0;
	}
	return count;
}

/* Fills the window starting at the row at top (inclusive), or from the start. */
static void fill_from(struct contacts_state *state, struct app *app, const struct contact_position *top)
{
	struct contact_position before;
	if (top) {
		before = *top;
		before.id = top->id - 1;   /* (key, id) >= (key, n) is (key, id) > (key, n - 1) */
	}
	state->window_count = read_page(state, app, top ? &before : NULL, false, state->window, state->list.height);
	if (top && state->window_count < state->list.height) {
		/* Near the end: show the last full page instead of a short one. */
		struct contact_row *tail = state->fresh;
		int count = read_page(state, app, NULL, true, tail, state->list.height);
		if (count > state->window_count) {
			for (int i = 0; i < count; i++)
				state->window[i] = tail[count - 1 - i];
			state->list.selected += count - state->window_count;
			state->window_count = count;
		}
	}
	state->list.first = 0;
	listbox_clamp(&state->list);
}

static void refresh_matches(struct contacts_state *state, struct app *app)
{
	form_value(&state->search, 0, state->query.text, sizeof state->query.text);
	state->query.categories = state->category_filter >= 0 ? 1u << state->category_filter : 0;
	state->match_count = contact_search_count(&app->session, &state->query, COUNT_CAP);
	state->list.selected = 0;
	fill_from(state, app, NULL);
}

/* Scrolls by up to count rows (negative: up), reading only the new rows. */
static void scroll_window(struct contacts_state *state, struct app *app, int count)
{
	struct contact_row *fresh = state->fresh, *joined = state->joined;
	if (state->window_count == 0)
		return;
	bool down = count > 0;
	int wanted = down ? count : -count;
	if (wanted > state->list.height)
		wanted = state->list.height;
	const struct contact_position *edge = down ? &state->window[state->window_count - 1].position : &state->window[0].position;
	int got = read_page(state, app, edge, !down, fresh, wanted);
	if (got == 0)
		return;
	int total = state->window_count + got;
	int keep = total < state->list.height ? total : state->list.height;
	if (down) {
		memcpy(joined, state->window, (size_t)state->window_count * sizeof state->window[0]);
		memcpy(joined + state->window_count, fresh, (size_t)got * sizeof state->window[0]);
		memcpy(state->window, joined + total - keep, (size_t)keep * sizeof state->window[0]);
	} else {
		for (int i = 0; i < got; i++)
			joined[got - 1 - i] = fresh[i];   /* fresh is nearest first */
		memcpy(joined + got, state->window, (size_t)state->window_count * sizeof state->window[0]);
		memcpy(state->window, joined, (size_t)keep * sizeof state->window[0]);
	}
	state->window_count = keep;
}

static void move_selection(struct contacts_state *state, struct app *app, enum action action)
{
	switch (action) {
	case ACTION_DOWN:
		if (state->list.selected + 1 < state->window_count)
			state->list.selected++;
		else
			scroll_window(state, app, 1);
		break;
	case ACTION_UP:
		if (state->list.selected > 0)
			state->list.selected--;
		else
			scroll_window(state, app, -1);
		break;
	case ACTION_PAGE_DOWN:
		scroll_window(state, app, state->list.height);
		if (state->window_count > 0 && state->list.selected >= state->window_count)
			state->list.selected = state->window_count - 1;
		break;
	case ACTION_PAGE_UP:
		scroll_window(state, app, -state->list.height);
		break;
	case ACTION_FIRST:
		state->list.selected = 0;
		fill_from(state, app, NULL);
		break;
	case ACTION_LAST: {
		struct contact_row *tail = state->fresh;
		int count = read_page(state, app, NULL, true, tail, state->list.height);
		for (int i = 0; i < count; i++)
			state->window[i] = tail[count - 1 - i];
		state->window_count = count;
		state->list.selected = count - 1;
		break;
	}
	default:
		break;
	}
	listbox_clamp(&state->list);
}

static void contacts_open(void *self, struct app *app, const void *argument)
{
	struct contacts_state *state = self;
	const struct contacts_argument *given = argument;
	(void)app;
	state->search_field[0] = (struct form_field){ .label = N_("Search"), .max_chars = 120, .disposable = true };   /* room for name, e-mail and phone to add from */
	form_init(&state->search, state->search_field, 1, NULL);
	state->category_filter = -1;
	if (given && given->choosing) {
		state->choosing = true;
		state->exclude_id = given->exclude_id;
		text_copy(state->prompt, sizeof state->prompt, given->prompt ? given->prompt : _("Choose the other record: Enter."));
	}
	if (given && *given->initial_text) {
		form_set_value(&state->search, 0, given->initial_text);
		form_value(&state->search, 0, state->query.text, sizeof state->query.text);
	}
	listbox_init(&state->list, window_rows, draw_contact_row, state);
	state->list.height = 1;
}

/* Back on top: a contact added here is opened; what changed above is read
 * again by layout, which follows. */
static void contacts_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct contacts_state *state = self;
	if (result->from == &contact_form_screen && result->outcome == SCREEN_SAVED && !state->choosing)
		APP_OPEN(app, contact_detail, .contact_id = result->id);
}

static void contacts_layout(void *self, struct app *app)
{
	struct contacts_state *state = self;
	form_layout(&state->search, app->content_top, 1, app->cols - 28, 0);
	int height = app->content_rows - 3;
	listbox_layout(&state->list, app->content_top + 3, 0, height < WINDOW_MAX ? height : WINDOW_MAX, app->cols);
	/* Keep the first visible row across a resize or a return from a form. */
	struct contact_position top;
	bool have_top = state->window_count > 0;
	if (have_top)
		top = state->window[0].position;
	long selected = state->list.selected;
	state->match_count = contact_search_count(&app->session, &state->query, COUNT_CAP);
	fill_from(state, app, have_top ? &top : NULL);
	state->list.selected = selected;
	listbox_clamp(&state->list);
}

/* The selected row's markers in words ("B: a ban (objection) in force; ..."),
 * on the message line while it has nothing else to say. */
static void draw_marker_words(const struct contacts_state *state, struct app *app)
{
	if (app->message[0] || state->list.selected < 0 || state->list.selected >= state->window_count)
		return;
	const char *markers = state->window[state->list.selected].markers;
	char line[1024] = "";
	size_t used = 0;
	for (const char *marker = markers; *marker && used < sizeof line; marker++)
		for (int i = 0; i < contact_marker_count(); i++)
			if (contact_marker_symbol(i) == *marker) {
				int written = snprintf(line + used, sizeof line - used, "%s%c: %s", used ? "; " : "", *marker,
						       contact_marker_label(i));
				if (written > 0)
					used += (size_t)written;
			}
	if (line[0])
		ui_draw_text(app->rows - 2, 0, app->cols, line, COLOR_ROLE_WARNING, false);
}

static void contacts_draw(void *self, struct app *app)
{
	struct contacts_state *state = self;
	form_draw(&state->search);
	char status[160];
	if (state->match_count > COUNT_CAP)
		snprintf(status, sizeof status, _("over %d matches"), COUNT_CAP);
	else
		snprintf(status, sizeof status, _("%lld matches"), state->match_count);
	char filter[200];
	snprintf(filter, sizeof filter, "%s: %s", _("Category"),
		 state->category_filter >= 0 ? contact_category_label((enum contact_category)state->category_filter) : _("all"));
	int prompt_x = 40;
	if (!state->search_field[0].error[0]) {
		int filter_width = ui_draw_text(app->content_top + 1, 1, 38, filter, COLOR_ROLE_DIM, false);
		/* Right after the filter, so that "…: Enter." is whole at 80 columns. */
		prompt_x = 1 + filter_width + 3;
	}
	ui_draw_text(app->content_top, app->cols - 26, 25, status, COLOR_ROLE_DIM, false);
	if (state->choosing)
		ui_draw_text(app->content_top + 1, prompt_x, app->cols - prompt_x - 1, state->prompt, COLOR_ROLE_WARNING, false);
	static const int widths[] = { 3, 30, 24, 0 };
	const char *headers[] = { "", _("Name"), _("Organisation"), _("E-mail and phone") };
	ui_draw_row(app->content_top + 2, 0, app->cols, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	draw_marker_words(state, app);
	if (state->window_count == 0)
		ui_draw_text(state->list.top, 4, app->cols - 8,
			     state->choosing ? _("No contact matches.")   /* a picker adds nobody */
			     : *state->query.text ? _("No contact matches. ^N adds one.") : _("The register is empty. ^N adds a contact."),
			     COLOR_ROLE_DIM, false);
	form_place_cursor(&state->search);
}

static int contacts_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct contacts_state *state = self;
	switch (action) {
	case ACTION_UP: case ACTION_DOWN: case ACTION_PAGE_UP: case ACTION_PAGE_DOWN:
	case ACTION_FIRST: case ACTION_LAST:
		move_selection(state, app, action);
		return SCREEN_HANDLED;
	case ACTION_OPEN:
		if (state->list.selected < 0 || state->list.selected >= state->window_count)
			return SCREEN_HANDLED;
		if (state->choosing) {
			if (state->window[state->list.selected].id == state->exclude_id) {
				app_message(app, true, "%s", _("Choose another record than the one being merged."));
				return SCREEN_HANDLED;
			}
			struct screen_result chosen = { .outcome = SCREEN_CHOSEN, .id = state->window[state->list.selected].id };
			text_copy(chosen.text, sizeof chosen.text, state->window[state->list.selected].name);
			app_pop_with(app, &chosen);
			return SCREEN_HANDLED;
		}
		APP_OPEN(app, contact_detail, .contact_id = state->window[state->list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_ADD:
		if (!state->choosing)
			APP_OPEN(app, contact_form, .contact_id = 0, .typed = state->query.text);
		return SCREEN_HANDLED;
	case ACTION_CATEGORY:
		state->category_filter = state->category_filter + 1 < CATEGORY_COUNT ? state->category_filter + 1 : -1;
		refresh_matches(state, app);
		return SCREEN_HANDLED;
	case ACTION_BAN:
		if (!state->choosing && state->list.selected >= 0 && state->list.selected < state->window_count)
			APP_OPEN(app, consents, .contact_id = state->window[state->list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_ORGANISATIONS:
		if (!state->choosing)
			app_push(app, &organisations_screen, NULL);
		return SCREEN_HANDLED;
	case ACTION_BACK:
		if (*state->query.text) {   /* Esc first clears the search, then leaves */
			form_clear(&state->search, 0);
			refresh_matches(state, app);
			return SCREEN_HANDLED;
		}
		return 0;
	default:
		break;
	}
	char before[sizeof state->query.text];
	form_value(&state->search, 0, before, sizeof before);
	enum form_result result = form_handle(&state->search, action, key);
	if (result == FORM_CHANGED) {
		char after[sizeof state->query.text];
		form_value(&state->search, 0, after, sizeof after);
		if (strcmp(before, after) != 0)
			refresh_matches(state, app);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool contacts_typing(void *self, struct app *app)
{
	(void)self;
	(void)app;
	return true;
}

static const enum action contacts_keys[] = {
	ACTION_OPEN, ACTION_ADD, ACTION_BAN, ACTION_CATEGORY, ACTION_ORGANISATIONS, ACTION_BACK, ACTION_NONE
};

/* A picker only chooses; the rest needs a row and the role's permission. */
static bool contacts_key_works(const void *self, const struct app *app, enum action action)
{
	const struct contacts_state *state = self;
	bool row = state->list.selected >= 0 && state->list.selected < state->window_count;
	switch (action) {
	case ACTION_OPEN:
		return row;
	case ACTION_ADD:
		return !state->choosing && permission_allows(app->session.role, PERMISSION_EDIT_CONTACTS);
	case ACTION_BAN:
		return !state->choosing && row && permission_allows(app->session.role, PERMISSION_EDIT_CONSENTS);
	case ACTION_ORGANISATIONS:
		return !state->choosing;
	default:
		return true;
	}
}

/* A picker's Enter chooses the row for the screen below. */
static const char *contacts_key_words(const void *self, enum action action)
{
	const struct contacts_state *state = self;
	return state->choosing && action == ACTION_OPEN ? _("choose") : NULL;
}

const struct screen_ops contacts_screen = {
	.title = N_("Contacts"),
	.state_size = sizeof(struct contacts_state),
	.open = contacts_open,
	.resume = contacts_resume,
	.layout = contacts_layout,
	.draw = contacts_draw,
	.handle = contacts_handle,
	.typing = contacts_typing,
	.key_help = contacts_keys,
	.key_works = contacts_key_works,
	.key_words = contacts_key_words,
};

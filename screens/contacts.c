/* The contact list: incremental search as you type (accents ignored, each
 * word a prefix), Finnish order, a category filter, desk markers. The list
 * is windowed: only the visible rows are ever read. */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"

#define WINDOW_MAX 160
#define COUNT_CAP 1000

static struct form_field search_field[1];
static struct form search;
static struct listbox list;
static struct contact_row window[WINDOW_MAX]; /* the visible rows, in order */
static int window_count;
static struct contact_query query;
static int category_filter = -1;              /* -1: all categories */
static long long match_count;
static struct contact_pick *pick;             /* set when choosing a contact for another screen */
static struct app *current_app;

static long window_rows(void *context)
{
	(void)context;
	return window_count;
}

static void draw_contact_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct contact_row *row = &window[index];
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
static int read_page(const struct contact_position *after, bool backwards, struct contact_row *rows, int limit)
{
	int count = contact_search_page(&current_app->session, &query, after, backwards, rows, limit);
	if (count < 0) {
		app_message(current_app, true, "%s", current_app->db->error);
		return 0;
	}
	return count;
}

/* Fills the window starting at the row at top (inclusive), or from the start. */
static void fill_from(const struct contact_position *top)
{
	struct contact_position before;
	if (top) {
		before = *top;
		before.id = top->id - 1;   /* (key, id) >= (key, n) is (key, id) > (key, n - 1) */
	}
	window_count = read_page(top ? &before : NULL, false, window, list.height);
	if (top && window_count < list.height) {
		/* Near the end: show the last full page instead of a short one. */
		static struct contact_row tail[WINDOW_MAX];
		int count = read_page(NULL, true, tail, list.height);
		if (count > window_count) {
			for (int i = 0; i < count; i++)
				window[i] = tail[count - 1 - i];
			list.selected += count - window_count;
			window_count = count;
		}
	}
	list.first = 0;
	listbox_clamp(&list);
}

static void refresh_matches(void)
{
	form_value(&search, 0, query.text, sizeof query.text);
	query.categories = category_filter >= 0 ? 1u << category_filter : 0;
	match_count = contact_search_count(&current_app->session, &query, COUNT_CAP);
	list.selected = 0;
	fill_from(NULL);
}

/* Scrolls by up to count rows (negative: up), reading only the new rows. */
static void scroll_window(int count)
{
	static struct contact_row fresh[WINDOW_MAX], joined[2 * WINDOW_MAX];
	if (window_count == 0)
		return;
	bool down = count > 0;
	int wanted = down ? count : -count;
	if (wanted > list.height)
		wanted = list.height;
	const struct contact_position *edge = down ? &window[window_count - 1].position : &window[0].position;
	int got = read_page(edge, !down, fresh, wanted);
	if (got == 0)
		return;
	int total = window_count + got;
	int keep = total < list.height ? total : list.height;
	if (down) {
		memcpy(joined, window, (size_t)window_count * sizeof window[0]);
		memcpy(joined + window_count, fresh, (size_t)got * sizeof window[0]);
		memcpy(window, joined + total - keep, (size_t)keep * sizeof window[0]);
	} else {
		for (int i = 0; i < got; i++)
			joined[got - 1 - i] = fresh[i];   /* fresh is nearest first */
		memcpy(joined + got, window, (size_t)window_count * sizeof window[0]);
		memcpy(window, joined, (size_t)keep * sizeof window[0]);
	}
	window_count = keep;
}

static void move_selection(enum action action)
{
	switch (action) {
	case ACTION_DOWN:
		if (list.selected + 1 < window_count)
			list.selected++;
		else
			scroll_window(1);
		break;
	case ACTION_UP:
		if (list.selected > 0)
			list.selected--;
		else
			scroll_window(-1);
		break;
	case ACTION_PAGE_DOWN:
		scroll_window(list.height);
		if (window_count > 0 && list.selected >= window_count)
			list.selected = window_count - 1;
		break;
	case ACTION_PAGE_UP:
		scroll_window(-list.height);
		break;
	case ACTION_FIRST:
		list.selected = 0;
		fill_from(NULL);
		break;
	case ACTION_LAST: {
		static struct contact_row tail[WINDOW_MAX];
		int count = read_page(NULL, true, tail, list.height);
		for (int i = 0; i < count; i++)
			window[i] = tail[count - 1 - i];
		window_count = count;
		list.selected = count - 1;
		break;
	}
	default:
		break;
	}
	listbox_clamp(&list);
}

static void contacts_enter(struct app *app, void *argument)
{
	current_app = app;
	pick = argument;
	memset(search_field, 0, sizeof search_field);
	search_field[0] = (struct form_field){ .label = N_("Search"), .max_chars = 60 };
	form_init(&search, search_field, 1, NULL);
	category_filter = -1;
	memset(&query, 0, sizeof query);
	listbox_init(&list, window_rows, draw_contact_row, NULL);
	list.height = 1;
}

static void contacts_layout(struct app *app)
{
	current_app = app;
	form_layout(&search, app->content_top, 1, app->cols - 28, 0);
	int height = app->content_rows - 3;
	listbox_layout(&list, app->content_top + 3, 0, height < WINDOW_MAX ? height : WINDOW_MAX, app->cols);
	/* Keep the first visible row across a resize or a return from a form. */
	struct contact_position top;
	bool have_top = window_count > 0;
	if (have_top)
		top = window[0].position;
	long selected = list.selected;
	match_count = contact_search_count(&app->session, &query, COUNT_CAP);
	fill_from(have_top ? &top : NULL);
	list.selected = selected;
	listbox_clamp(&list);
}

static void contacts_draw(struct app *app)
{
	form_draw(&search);
	char status[160];
	if (match_count > COUNT_CAP)
		snprintf(status, sizeof status, _("over %d matches"), COUNT_CAP);
	else
		snprintf(status, sizeof status, _("%lld matches"), match_count);
	char filter[200];
	snprintf(filter, sizeof filter, "%s: %s", _("Category"),
		 category_filter >= 0 ? contact_category_label((enum contact_category)category_filter) : _("all"));
	if (!search_field[0].error[0])
		ui_draw_text(app->content_top + 1, 1, 38, filter, COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top, app->cols - 26, 25, status, COLOR_ROLE_DIM, false);
	if (pick)
		ui_draw_text(app->content_top + 1, 40, app->cols - 41, _("Choose the other record: Enter."),
			     COLOR_ROLE_WARNING, false);
	static const int widths[] = { 3, 30, 24, 0 };
	const char *headers[] = { "", _("Name"), _("Organisation"), _("E-mail and phone") };
	ui_draw_row(app->content_top + 2, 0, app->cols, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (window_count == 0)
		ui_draw_text(list.top, 4, app->cols - 8,
			     *query.text ? _("No contact matches. ^N adds one.") : _("The register is empty. ^N adds a contact."),
			     COLOR_ROLE_DIM, false);
	form_place_cursor(&search);
}

static int contacts_handle(struct app *app, enum action action, struct key_press key)
{
	switch (action) {
	case ACTION_UP: case ACTION_DOWN: case ACTION_PAGE_UP: case ACTION_PAGE_DOWN:
	case ACTION_FIRST: case ACTION_LAST:
		move_selection(action);
		return SCREEN_HANDLED;
	case ACTION_OPEN:
		if (list.selected < 0 || list.selected >= window_count)
			return SCREEN_HANDLED;
		if (pick) {
			if (window[list.selected].id == pick->exclude_id) {
				app_message(app, true, "%s", _("Choose another record than the one being merged."));
				return SCREEN_HANDLED;
			}
			pick->chosen_id = window[list.selected].id;
			app_pop(app);
			return SCREEN_HANDLED;
		}
		app_push(app, &contact_detail_screen, &window[list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_ADD:
		if (!pick)
			app_push(app, &contact_form_screen, NULL);
		return SCREEN_HANDLED;
	case ACTION_CATEGORY:
		category_filter = category_filter + 1 < CATEGORY_COUNT ? category_filter + 1 : -1;
		refresh_matches();
		return SCREEN_HANDLED;
	case ACTION_BAN:
		if (!pick && list.selected >= 0 && list.selected < window_count)
			app_push(app, &consents_screen, &window[list.selected].id);
		return SCREEN_HANDLED;
	case ACTION_ORGANISATIONS:
		if (!pick)
			app_push(app, &organisations_screen, NULL);
		return SCREEN_HANDLED;
	case ACTION_BACK:
		if (*query.text) {   /* Esc first clears the search, then leaves */
			form_clear(&search, 0);
			refresh_matches();
			return SCREEN_HANDLED;
		}
		return 0;
	default:
		break;
	}
	char before[sizeof query.text];
	form_value(&search, 0, before, sizeof before);
	enum form_result result = form_handle(&search, action, key);
	if (result == FORM_CHANGED) {
		char after[sizeof query.text];
		form_value(&search, 0, after, sizeof after);
		if (strcmp(before, after) != 0)
			refresh_matches();
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool contacts_typing(struct app *app)
{
	(void)app;
	return true;
}

static const enum action contacts_keys[] = {
	ACTION_OPEN, ACTION_ADD, ACTION_BAN, ACTION_CATEGORY, ACTION_ORGANISATIONS, ACTION_BACK, ACTION_NONE
};

const struct screen_ops contacts_screen = {
	.title = N_("Contacts"),
	.enter = contacts_enter,
	.layout = contacts_layout,
	.draw = contacts_draw,
	.handle = contacts_handle,
	.typing = contacts_typing,
	.key_help = contacts_keys,
};

/* Organisations: search as you type; Enter opens one, or chooses it for the
 * contact form; ^N adds one (inline from the contact form too). */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "organisation.h"
#include "screens.h"

#define PAGE_MAX 160

static struct form_field search_field[1];
static struct form search;
static struct listbox list;
static struct organisation_row page[PAGE_MAX];
static int page_first = -1, page_count;
static long row_total;
static char query[256];
static struct organisation_pick *pick;
static struct organisation_form_request form_request;
static bool adding;
static struct app *current_app;

static long organisation_rows(void *context)
{
	(void)context;
	return row_total;
}

static void load_page(long first)
{
	if (first >= page_first && first + list.height <= page_first + page_count)
		return;
	page_first = (int)first;
	page_count = organisation_search(&current_app->session, query, page_first, page, PAGE_MAX);
	if (page_count < 0)
		page_count = 0;
}

static void draw_organisation(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	load_page(list.first);
	long slot = index - page_first;
	if (slot < 0 || slot >= page_count)
		return;
	const struct organisation_row *row = &page[slot];
	char contacts[32];
	snprintf(contacts, sizeof contacts, "%lld", row->contact_count);
	static const int widths[] = { 40, 11, 16, 0 };
	const char *cells[] = { row->name, row->business_id, row->city, contacts };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
	if (row->group_company && !selected)
		ui_draw_text(y, x, 1, "*", COLOR_ROLE_TITLE, false);
}

static void refresh_matches(void)
{
	form_value(&search, 0, query, sizeof query);
	page_first = -1;
	long long count = organisation_search_count(&current_app->session, query);
	row_total = count > 0 ? (long)count : 0;
	listbox_clamp(&list);
}

static void organisations_enter(struct app *app, void *argument)
{
	current_app = app;
	pick = argument;
	adding = false;
	memset(search_field, 0, sizeof search_field);
	search_field[0] = (struct form_field){ .label = N_("Search"), .max_chars = 60 };
	form_init(&search, search_field, 1, NULL);
	if (pick)
		form_set_value(&search, 0, pick->initial_text);
	listbox_init(&list, organisation_rows, draw_organisation, NULL);
	refresh_matches();
}

static void organisations_layout(struct app *app)
{
	current_app = app;
	if (adding) {
		adding = false;
		if (form_request.saved_id && pick) {
			/* Created inline from the contact form: choose it at once. */
			pick->chosen_id = form_request.saved_id;
			snprintf(pick->chosen_name, sizeof pick->chosen_name, "%s", form_request.saved_name);
			app_pop(app);
			return;
		}
	}
	form_layout(&search, app->content_top, 1, app->cols, 0);
	int height = app->content_rows - 3;
	listbox_layout(&list, app->content_top + 3, 0, height < PAGE_MAX ? height : PAGE_MAX, app->cols);
	refresh_matches();
}

static void organisations_draw(struct app *app)
{
	form_draw(&search);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     pick ? _("Choose the organisation with Enter, or add it with ^N.") : _("* = our own group company"),
		     COLOR_ROLE_DIM, false);
	static const int widths[] = { 40, 11, 16, 0 };
	const char *headers[] = { _("Name"), _("Business ID"), _("City"), _("Contacts") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (row_total == 0)
		ui_draw_text(list.top, 4, app->cols - 8, _("No organisation matches. ^N adds one."), COLOR_ROLE_DIM, false);
	form_place_cursor(&search);
}

static int organisations_handle(struct app *app, enum action action, struct key_press key)
{
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_OPEN) {
		if (list.selected < 0)
			return SCREEN_HANDLED;
		load_page(list.first);
		const struct organisation_row *row = &page[list.selected - page_first];
		if (pick) {
			pick->chosen_id = row->id;
			snprintf(pick->chosen_name, sizeof pick->chosen_name, "%s", row->name);
			app_pop(app);
		} else {
			long long id = row->id;
			app_push(app, &organisation_detail_screen, &id);
		}
		return SCREEN_HANDLED;
	}
	if (action == ACTION_ADD) {
		memset(&form_request, 0, sizeof form_request);
		snprintf(form_request.initial_name, sizeof form_request.initial_name, "%s", query);
		adding = true;
		app_push(app, &organisation_form_screen, &form_request);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK && *query) {
		form_clear(&search, 0);
		refresh_matches();
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK)
		return 0;
	char before[256];
	snprintf(before, sizeof before, "%s", query);
	if (form_handle(&search, action, key) == FORM_CHANGED) {
		char after[256];
		form_value(&search, 0, after, sizeof after);
		if (strcmp(before, after) != 0) {
			list.selected = 0;
			refresh_matches();
		}
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool organisations_typing(struct app *app)
{
	(void)app;
	return true;
}

static const enum action organisations_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisations_screen = {
	.title = N_("Organisations"),
	.enter = organisations_enter,
	.layout = organisations_layout,
	.draw = organisations_draw,
	.handle = organisations_handle,
	.typing = organisations_typing,
	.key_help = organisations_keys,
};

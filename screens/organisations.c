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


/* Everything the screen keeps, in one place: saved and restored by the loop
 * when the screen is opened again on top of itself. */
static struct organisations_state {
	struct form_field search_field[1];
	struct form search;
	struct listbox list;
	struct organisation_row page[PAGE_MAX];
	int page_first;
	int page_count;
	long row_total;
	char query[256];
	struct organisation_pick *pick;
	struct organisation_form_request form_request;
	bool adding;
	struct app *current_app;
} state = { .page_first = -1 };

static long organisation_rows(void *context)
{
	(void)context;
	return state.row_total;
}

static void load_page(long first)
{
	if (first >= state.page_first && first + state.list.height <= state.page_first + state.page_count)
		return;
	state.page_first = (int)first;
	state.page_count = organisation_search(&state.current_app->session, state.query, state.page_first, state.page, PAGE_MAX);
	if (state.page_count < 0)
		state.page_count = 0;
}

static void draw_organisation(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	load_page(state.list.first);
	long slot = index - state.page_first;
	if (slot < 0 || slot >= state.page_count)
		return;
	const struct organisation_row *row = &state.page[slot];
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
	form_value(&state.search, 0, state.query, sizeof state.query);
	state.page_first = -1;
	long long count = organisation_search_count(&state.current_app->session, state.query);
	state.row_total = count > 0 ? (long)count : 0;
	listbox_clamp(&state.list);
}

static void organisations_enter(struct app *app, void *argument)
{
	state.current_app = app;
	state.pick = argument;
	state.adding = false;
	memset(state.search_field, 0, sizeof state.search_field);
	state.search_field[0] = (struct form_field){ .label = N_("Search"), .max_chars = 60 };
	form_init(&state.search, state.search_field, 1, NULL);
	if (state.pick)
		form_set_value(&state.search, 0, state.pick->initial_text);
	listbox_init(&state.list, organisation_rows, draw_organisation, NULL);
	refresh_matches();
}

static void organisations_layout(struct app *app)
{
	state.current_app = app;
	if (state.adding) {
		state.adding = false;
		if (state.form_request.saved_id && state.pick) {
			/* Created inline from the contact form: choose it at once. */
			state.pick->chosen_id = state.form_request.saved_id;
			snprintf(state.pick->chosen_name, sizeof state.pick->chosen_name, "%s", state.form_request.saved_name);
			app_pop(app);
			return;
		}
	}
	form_layout(&state.search, app->content_top, 1, app->cols, 0);
	int height = app->content_rows - 3;
	listbox_layout(&state.list, app->content_top + 3, 0, height < PAGE_MAX ? height : PAGE_MAX, app->cols);
	refresh_matches();
}

static void organisations_draw(struct app *app)
{
	form_draw(&state.search);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     state.pick ? _("Choose the organisation with Enter, or add it with ^N.") : _("* = our own group company"),
		     COLOR_ROLE_DIM, false);
	static const int widths[] = { 40, 11, 16, 0 };
	const char *headers[] = { _("Name"), _("Business ID"), _("City"), _("People") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state.list);
	if (state.row_total == 0)
		ui_draw_text(state.list.top, 4, app->cols - 8, _("No organisation matches. ^N adds one."), COLOR_ROLE_DIM, false);
	form_place_cursor(&state.search);
}

static int organisations_handle(struct app *app, enum action action, struct key_press key)
{
	if (listbox_handle(&state.list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_OPEN) {
		if (state.list.selected < 0)
			return SCREEN_HANDLED;
		load_page(state.list.first);
		const struct organisation_row *row = &state.page[state.list.selected - state.page_first];
		if (state.pick) {
			state.pick->chosen_id = row->id;
			snprintf(state.pick->chosen_name, sizeof state.pick->chosen_name, "%s", row->name);
			app_pop(app);
		} else {
			long long id = row->id;
			app_push(app, &organisation_detail_screen, &id);
		}
		return SCREEN_HANDLED;
	}
	if (action == ACTION_ADD) {
		memset(&state.form_request, 0, sizeof state.form_request);
		snprintf(state.form_request.initial_name, sizeof state.form_request.initial_name, "%s", state.query);
		state.adding = true;
		app_push(app, &organisation_form_screen, &state.form_request);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK && *state.query) {
		form_clear(&state.search, 0);
		refresh_matches();
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK)
		return 0;
	char before[256];
	snprintf(before, sizeof before, "%s", state.query);
	if (form_handle(&state.search, action, key) == FORM_CHANGED) {
		char after[256];
		form_value(&state.search, 0, after, sizeof after);
		if (strcmp(before, after) != 0) {
			state.list.selected = 0;
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
	.legacy.state = &state,
	.legacy.state_size = sizeof state,
	.title = N_("Organisations"),
	.legacy.enter = organisations_enter,
	.legacy.layout = organisations_layout,
	.legacy.draw = organisations_draw,
	.legacy.handle = organisations_handle,
	.legacy.typing = organisations_typing,
	.key_help = organisations_keys,
};

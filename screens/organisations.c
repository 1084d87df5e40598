/* Organisations: search as you type; Enter opens one, or chooses it for the
 * contact form (SCREEN_CHOSEN); ^N adds one (inline from the contact form
 * too: a new one is chosen at once). */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "organisation.h"
#include "screens.h"
#include "text.h"

#define PAGE_MAX 160

/* Everything one opening of the list keeps. */
struct organisations_state {
	struct form_field search_field[1];
	struct form search;
	struct listbox list;
	struct organisation_row page[PAGE_MAX];
	int page_first;                   /* -1: nothing read */
	int page_count;
	long row_total;
	char query[256];
	bool choosing;                    /* a picker for the screen below */
};

static long organisation_rows(void *context)
{
	const struct organisations_state *state = context;
	return state->row_total;
}

/* Reads the page holding the visible rows, unless it is read already. */
static void load_page(struct organisations_state *state, struct app *app, long first)
{
	if (first >= state->page_first && first + state->list.height <= state->page_first + state->page_count)
		return;
	state->page_first = (int)first;
	state->page_count = organisation_search(&app->session, state->query, state->page_first, state->page, PAGE_MAX);
	if (state->page_count < 0)
		state->page_count = 0;
}

static void draw_organisation(void *context, long index, int y, int x, int width, bool selected)
{
	const struct organisations_state *state = context;
	long slot = index - state->page_first;
	if (slot < 0 || slot >= state->page_count)
		return;
	const struct organisation_row *row = &state->page[slot];
	char contacts[32];
	snprintf(contacts, sizeof contacts, "%lld", row->contact_count);
	static const int widths[] = { 40, 11, 16, 0 };
	const char *cells[] = { row->name, row->business_id, row->city, contacts };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
	if (row->group_company && !selected)
		ui_draw_text(y, x, 1, "*", COLOR_ROLE_TITLE, false);
}

static void refresh_matches(struct organisations_state *state, struct app *app)
{
	form_value(&state->search, 0, state->query, sizeof state->query);
	state->page_first = -1;
	long long count = organisation_search_count(&app->session, state->query);
	state->row_total = count > 0 ? (long)count : 0;
	listbox_clamp(&state->list);
}

static void organisations_open(void *self, struct app *app, const void *argument)
{
	struct organisations_state *state = self;
	const struct organisations_argument *given = argument;
	state->page_first = -1;
	state->search_field[0] = (struct form_field){ .label = N_("Search"), .max_chars = 60, .disposable = true };
	form_init(&state->search, state->search_field, 1, NULL);
	if (given && given->choosing) {
		state->choosing = true;
		form_set_value(&state->search, 0, given->initial_text);
	}
	listbox_init(&state->list, organisation_rows, draw_organisation, state);
	refresh_matches(state, app);
}

/* Back on top: one added inline for the screen below is chosen at once;
 * what changed above is read again by layout, which follows. */
static void organisations_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct organisations_state *state = self;
	if (result->from == &organisation_form_screen && result->outcome == SCREEN_SAVED && state->choosing) {
		struct screen_result chosen = { .outcome = SCREEN_CHOSEN, .id = result->id };
		text_copy(chosen.text, sizeof chosen.text, result->text);
		app_pop_with(app, &chosen);
	}
}

static void organisations_layout(void *self, struct app *app)
{
	struct organisations_state *state = self;
	form_layout(&state->search, app->content_top, 1, app->cols, 0);
	int height = app->content_rows - 3;
	listbox_layout(&state->list, app->content_top + 3, 0, height < PAGE_MAX ? height : PAGE_MAX, app->cols);
	refresh_matches(state, app);
}

static void organisations_draw(void *self, struct app *app)
{
	struct organisations_state *state = self;
	form_draw(&state->search);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     state->choosing ? _("Choose the organisation with Enter, or add it with ^N.") : _("* = our own group company"),
		     COLOR_ROLE_DIM, false);
	static const int widths[] = { 40, 11, 16, 0 };
	const char *headers[] = { _("Name"), _("Business ID"), _("City"), _("People") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	load_page(state, app, state->list.first);   /* the rows draw_organisation shows */
	listbox_draw(&state->list);
	if (state->row_total == 0)
		ui_draw_text(state->list.top, 4, app->cols - 8, _("No organisation matches. ^N adds one."), COLOR_ROLE_DIM, false);
	form_place_cursor(&state->search);
}

static int organisations_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct organisations_state *state = self;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_OPEN) {
		if (state->list.selected < 0)
			return SCREEN_HANDLED;
		load_page(state, app, state->list.first);
		const struct organisation_row *row = &state->page[state->list.selected - state->page_first];
		if (state->choosing) {
			struct screen_result chosen = { .outcome = SCREEN_CHOSEN, .id = row->id };
			text_copy(chosen.text, sizeof chosen.text, row->name);
			app_pop_with(app, &chosen);
		} else {
			APP_OPEN(app, organisation_detail, .organisation_id = row->id);
		}
		return SCREEN_HANDLED;
	}
	if (action == ACTION_ADD) {
		struct organisation_form_argument adding = { .organisation_id = 0 };
		text_copy(adding.initial_name, sizeof adding.initial_name, state->query);
		app_push(app, &organisation_form_screen, &adding);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK && *state->query) {
		form_clear(&state->search, 0);
		refresh_matches(state, app);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK)
		return 0;
	char before[256];
	text_copy(before, sizeof before, state->query);
	if (form_handle(&state->search, action, key) == FORM_CHANGED) {
		char after[256];
		form_value(&state->search, 0, after, sizeof after);
		if (strcmp(before, after) != 0) {
			state->list.selected = 0;
			refresh_matches(state, app);
		}
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool organisations_typing(void *self, struct app *app)
{
	(void)self;
	(void)app;
	return true;
}

static const enum action organisations_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisations_screen = {
	.title = N_("Organisations"),
	.state_size = sizeof(struct organisations_state),
	.open = organisations_open,
	.resume = organisations_resume,
	.layout = organisations_layout,
	.draw = organisations_draw,
	.handle = organisations_handle,
	.typing = organisations_typing,
	.key_help = organisations_keys,
};

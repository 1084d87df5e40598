/* The annual review (notice §4.1): records due under a retention rule,
 * never reviewed, not reviewed in 12 months, or whose relationship ended,
 * each with the reason; decisions keep, erase or end the relationship. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact.h"
#include "form.h"
#include "progress_line.h"
#include "listbox.h"
#include "review.h"
#include "contact_screens.h"
#include "screens.h"

#define PAGE_MAX 160

enum mode { BROWSING, KEEPING, BULK, FILTERING };
enum { FILTER_CATEGORY, FILTER_REASON, FILTER_FIELD_COUNT };

static const int widths[] = { 20, 12, 26, 0 };

struct review_state {
	struct review_item page[PAGE_MAX];   /* the rows around the visible ones */
	long page_first, page_count;      /* page_first -1: nothing read */
	long long total, built;
	struct review_filter queue_filter;
	struct listbox list;
	enum mode mode;
	struct form_field fields[FILTER_FIELD_COUNT];
	struct form form;
	char bulk_rule[41];
	long long bulk_count, bulk_held;
	const char *category_labels[CATEGORY_COUNT + 1];   /* translated at open */
	const char *reason_labels[REVIEW_REASON_COUNT + 1];
	struct review_round closed_round;  /* filled by closing the round */
};

static long review_rows(void *context)
{
	const struct review_state *state = context;
	return (long)state->total;
}

/* Reads the page holding the visible rows from first, unless it is read. */
static void load_page(struct review_state *state, struct app *app, long first)
{
	if (first >= state->page_first && first + state->list.height <= state->page_first + state->page_count)
		return;
	state->page_first = first;
	state->page_count = review_queue_page(&app->session, &state->queue_filter, first, state->page, PAGE_MAX);
	if (state->page_count < 0)
		state->page_count = 0;
}

/* Draws from the page read by review_draw just before (load_page). */
static void draw_item(void *context, long index, int y, int x, int width, bool selected)
{
	const struct review_state *state = context;
	long slot = index - state->page_first;
	if (slot < 0 || slot >= state->page_count)
		return;
	const struct review_item *item = &state->page[slot];
	/* The rule that made it due, or when it was last reviewed. */
	const char *cells[] = { item->name, item->organisation, review_reason_label(item->reason),
				*item->rule_code ? item->rule_code : item->last_reviewed };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : item->reason == REVIEW_RULE ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, role);
}

static void refresh_total(struct review_state *state, struct app *app)
{
	state->total = review_queue_count(&app->session, &state->queue_filter);
	if (state->total < 0)
		state->total = 0;
	state->page_first = -1;
	state->page_count = 0;
	listbox_clamp(&state->list);
}

static void review_open(void *self, struct app *app, const void *argument)
{
	struct review_state *state = self;
	(void)argument;
	state->mode = BROWSING;
	state->page_first = -1;
	state->queue_filter = (struct review_filter){ .category = -1, .reason = -1 };
	state->category_labels[0] = _("(all)");
	for (int i = 0; i < CATEGORY_COUNT; i++)
		state->category_labels[i + 1] = contact_category_label((enum contact_category)i);
	state->reason_labels[0] = _("(all)");
	for (int i = 0; i < REVIEW_REASON_COUNT; i++)
		state->reason_labels[i + 1] = review_reason_label((enum review_reason)i);
	listbox_init(&state->list, review_rows, draw_item, state);
	progress_line_start(app);
	state->built = review_build_queue(&app->session);
	progress_line_stop(app);
	if (state->built < 0)
		app_fail(app, STATUS_ERR_FORBIDDEN);
}

/* Places the list, and the form under it in a mode that has one; counts the queue again. */
static void place(struct review_state *state, struct app *app)
{
	int form_rows = state->mode == BROWSING ? 0 : 5;
	listbox_layout(&state->list, app->content_top + 2, 0, app->content_rows - 2 - form_rows, app->cols);
	form_layout(&state->form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
	refresh_total(state, app);
}

static void review_layout(void *self, struct app *app)
{
	place(self, app);
}

static void review_draw(void *self, struct app *app)
{
	struct review_state *state = self;
	long long due;
	char last_closed[32], line[512];
	bool round_open;
	review_status(&app->session, &due, last_closed, &round_open);
	if (round_open)
		snprintf(line, sizeof line, _("%lld in the queue, %lld due under a rule. A round is open."), state->total, due);
	else
		snprintf(line, sizeof line, _("%lld in the queue, %lld due under a rule. No round open (R opens one)."),
			 state->total, due);
	/* When the last round was closed is on the main menu and in L. */
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	const char *headers[] = { _("Name"), _("Organisation"), _("Reason"), _("Rule or reviewed") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	/* The rows about to be drawn are read here: the list's callback gets no session. */
	load_page(state, app, state->list.first);
	listbox_draw(&state->list);
	const struct form *form = &state->form;
	if (state->mode == BULK) {
		snprintf(line, sizeof line, _("Erase %lld records due under %s? %lld held by law stay."), state->bulk_count,
			 state->bulk_rule, state->bulk_held);
		ui_draw_text(form->top - 2, 2, app->cols - 4, line, COLOR_ROLE_WARNING, true);
		snprintf(line, sizeof line, _("Type the rule's code to confirm: %s"), state->bulk_rule);
		ui_draw_text(form->top - 1, 2, app->cols - 4, line, COLOR_ROLE_WARNING, true);
	} else if (state->mode == KEEPING) {
		ui_draw_text(form->top - 1, 2, app->cols - 4, _("Keep the record: why is it still needed?"), COLOR_ROLE_TITLE, true);
	} else if (state->mode == FILTERING) {
		ui_draw_text(form->top - 1, 2, app->cols - 4, _("Show only:"), COLOR_ROLE_TITLE, true);
	}
	if (state->mode != BROWSING) {
		form_draw(&state->form);
		form_place_cursor(&state->form);
	}
}

static const struct review_item *selected_item(struct review_state *state, struct app *app)
{
	load_page(state, app, state->list.first);
	long slot = state->list.selected - state->page_first;
	return state->list.selected >= 0 && slot >= 0 && slot < state->page_count ? &state->page[slot] : NULL;
}

static void start(struct review_state *state, struct app *app, enum mode new_mode)
{
	struct form_field *fields = state->fields;
	memset(state->fields, 0, sizeof state->fields);
	if (new_mode == FILTERING) {
		fields[0] = (struct form_field){ .label = N_("Category"), .kind = FIELD_CHOICE, .choices = state->category_labels,
			.choice_count = CATEGORY_COUNT + 1, .choice = state->queue_filter.category + 1, .disposable = true };
		fields[1] = (struct form_field){ .label = N_("Reason"), .kind = FIELD_CHOICE, .choices = state->reason_labels,
			.choice_count = REVIEW_REASON_COUNT + 1, .choice = state->queue_filter.reason + 1, .disposable = true };
		form_init(&state->form, fields, 2, state);
	} else {
		fields[0] = (struct form_field){ .label = new_mode == BULK ? N_("Rule") : N_("Reason"), .max_chars = 400 };
		form_init(&state->form, fields, 1, state);
	}
	state->mode = new_mode;
	place(state, app);
}

static void report(struct review_state *state, struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK)
		app_message(app, false, "%s", success);
	else
		app_fail(app, status);
	state->mode = BROWSING;
	place(state, app);
}

static void submit(struct review_state *state, struct app *app)
{
	char text[1600];
	form_value(&state->form, 0, text, sizeof text);
	const struct review_item *item = selected_item(state, app);
	if (state->mode == FILTERING) {
		state->queue_filter.category = state->fields[0].choice - 1;
		state->queue_filter.reason = state->fields[1].choice - 1;
		state->mode = BROWSING;
		place(state, app);
	} else if (state->mode == KEEPING && item) {
		report(state, app, review_keep(&app->session, item->contact_id, text), _("Kept; the review date is set."));
	} else if (state->mode == BULK) {
		if (strcmp(text, state->bulk_rule) != 0) {
			app_message(app, true, "%s", _("The text is not the rule's code: nothing erased."));
			state->mode = BROWSING;
			place(state, app);
			return;
		}
		long long erased = 0, held = 0;
		progress_line_start(app);
		enum status status = review_erase_rule(&app->session, state->bulk_rule, false, &erased, &held);
		progress_line_stop(app);
		char done[200];
		snprintf(done, sizeof done, _("%lld erased, %lld held by law."), erased, held);
		report(state, app, status, done);
	}
}

static int review_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct review_state *state = self;
	if (state->mode != BROWSING) {
		enum form_result result = form_handle(&state->form, action, key);
		if (result == FORM_CANCEL) {
			state->mode = BROWSING;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			submit(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	const struct review_item *item = selected_item(state, app);
	switch (action) {
	case ACTION_OPEN:
		if (item)
			APP_OPEN(app, contact_detail, .contact_id = item->contact_id);
		return SCREEN_HANDLED;
	case ACTION_KEEP:
		if (item)
			start(state, app, KEEPING);
		return SCREEN_HANDLED;
	case ACTION_END_RELATIONSHIP:
		if (item)
			report(state, app, review_end_relationship(&app->session, item->contact_id), _("Relationship ended."));
		return SCREEN_HANDLED;
	case ACTION_ERASE:
		if (item)
			APP_OPEN(app, erasure, .contact_id = item->contact_id);
		return SCREEN_HANDLED;
	case ACTION_ERASE_RULE:
		if (item && *item->rule_code) {
			snprintf(state->bulk_rule, sizeof state->bulk_rule, "%s", item->rule_code);
			review_erase_rule(&app->session, state->bulk_rule, true, &state->bulk_count, &state->bulk_held);
			start(state, app, BULK);
		} else {
			app_message(app, true, "%s", _("Select a record due under a rule first."));
		}
		return SCREEN_HANDLED;
	case ACTION_FILTER:
		start(state, app, FILTERING);
		return SCREEN_HANDLED;
	case ACTION_ROUND: {
		long long due;
		char last_closed[32];
		bool round_open;
		review_status(&app->session, &due, last_closed, &round_open);
		if (round_open) {
			enum status status = review_round_close(&app->session, &state->closed_round);
			if (status == STATUS_OK)
				app_push(app, &rounds_screen, NULL);
			else
				report(state, app, status, "");
		} else {
			char today[11];
			calendar_today(today);
			long long id;
			int year = 0;
			sscanf(today, "%d", &year);
			report(state, app, review_round_open(&app->session, year, &id), _("Review round opened: decisions are recorded in it."));
		}
		return SCREEN_HANDLED;
	}
	case ACTION_ROUNDS:
		app_push(app, &rounds_screen, NULL);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static bool review_typing(void *self, struct app *app)
{
	struct review_state *state = self;
	(void)app;
	return state->mode != BROWSING && form_typing(&state->form);
}

static const enum action review_keys[] = {
	ACTION_KEEP, ACTION_ERASE, ACTION_END_RELATIONSHIP, ACTION_ERASE_RULE, ACTION_FILTER, ACTION_ROUND, ACTION_ROUNDS,
	ACTION_BACK, ACTION_NONE
};

const struct screen_ops review_screen = {
	.title = N_("Annual review"),
	.state_size = sizeof(struct review_state),
	.open = review_open,
	.layout = review_layout,
	.draw = review_draw,
	.handle = review_handle,
	.typing = review_typing,
	.key_help = review_keys,
};

/* The annual review (notice §4.1): records due under a retention rule,
 * never reviewed, not reviewed in 12 months, or whose relationship ended,
 * each with the reason; decisions keep, erase or end the relationship. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact.h"
#include "form.h"
#include "listbox.h"
#include "review.h"
#include "contact_screens.h"
#include "screens.h"

#define PAGE_MAX 160

enum mode { BROWSING, KEEPING, BULK, FILTERING };
enum { FILTER_CATEGORY, FILTER_REASON, FILTER_FIELD_COUNT };

static struct review_item page[PAGE_MAX];
static long page_first = -1, page_count;
static long long total, built;
static struct review_filter queue_filter = { .category = -1, .reason = -1 };
static struct listbox list;
static enum mode mode;
static struct form_field fields[FILTER_FIELD_COUNT];
static struct form form;
static char bulk_rule[41];
static long long bulk_count, bulk_held;
static const char *category_labels[CATEGORY_COUNT + 1];
static const char *reason_labels[REVIEW_REASON_COUNT + 1];
static struct app *current_app;
static const int widths[] = { 20, 12, 26, 0 };

static long review_rows(void *context)
{
	(void)context;
	return (long)total;
}

static void load_page(long first)
{
	if (first >= page_first && first + list.height <= page_first + page_count)
		return;
	page_first = first;
	page_count = review_queue_page(&current_app->session, &queue_filter, first, page, PAGE_MAX);
	if (page_count < 0)
		page_count = 0;
}

static void draw_item(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	load_page(list.first);
	long slot = index - page_first;
	if (slot < 0 || slot >= page_count)
		return;
	const struct review_item *item = &page[slot];
	/* The rule that made it due, or when it was last reviewed. */
	const char *cells[] = { item->name, item->organisation, review_reason_label(item->reason),
				*item->rule_code ? item->rule_code : item->last_reviewed };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : item->reason == REVIEW_RULE ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, role);
}

static void refresh_total(void)
{
	total = review_queue_count(&current_app->session, &queue_filter);
	if (total < 0)
		total = 0;
	page_first = -1;
	page_count = 0;
	listbox_clamp(&list);
}

static void review_enter(struct app *app, void *argument)
{
	(void)argument;
	current_app = app;
	mode = BROWSING;
	category_labels[0] = _("(all)");
	for (int i = 0; i < CATEGORY_COUNT; i++)
		category_labels[i + 1] = contact_category_label((enum contact_category)i);
	reason_labels[0] = _("(all)");
	for (int i = 0; i < REVIEW_REASON_COUNT; i++)
		reason_labels[i + 1] = review_reason_label((enum review_reason)i);
	listbox_init(&list, review_rows, draw_item, NULL);
	built = review_build_queue(&app->session);
	if (built < 0)
		app_fail(app, STATUS_ERR_FORBIDDEN);
}

static void review_layout(struct app *app)
{
	current_app = app;
	int form_rows = mode == BROWSING ? 0 : 5;
	listbox_layout(&list, app->content_top + 2, 0, app->content_rows - 2 - form_rows, app->cols);
	form_layout(&form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
	refresh_total();
}

static void review_draw(struct app *app)
{
	long long due;
	char last_closed[32], line[512];
	bool round_open;
	review_status(&app->session, &due, last_closed, &round_open);
	if (round_open)
		snprintf(line, sizeof line, _("%lld in the queue, %lld due under a rule. A round is open."), total, due);
	else
		snprintf(line, sizeof line, _("%lld in the queue, %lld due under a rule. No round open (R opens one)."),
			 total, due);
	/* When the last round was closed is on the main menu and in L. */
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	const char *headers[] = { _("Name"), _("Organisation"), _("Reason"), _("Rule or reviewed") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (mode == BULK) {
		snprintf(line, sizeof line, _("Erase %lld records due under %s? %lld held by law stay."), bulk_count, bulk_rule,
			 bulk_held);
		ui_draw_text(form.top - 2, 2, app->cols - 4, line, COLOR_ROLE_WARNING, true);
		snprintf(line, sizeof line, _("Type the rule's code to confirm: %s"), bulk_rule);
		ui_draw_text(form.top - 1, 2, app->cols - 4, line, COLOR_ROLE_WARNING, true);
	} else if (mode == KEEPING) {
		ui_draw_text(form.top - 1, 2, app->cols - 4, _("Keep the record: why is it still needed?"), COLOR_ROLE_TITLE, true);
	} else if (mode == FILTERING) {
		ui_draw_text(form.top - 1, 2, app->cols - 4, _("Show only:"), COLOR_ROLE_TITLE, true);
	}
	if (mode != BROWSING) {
		form_draw(&form);
		form_place_cursor(&form);
	}
}

static const struct review_item *selected_item(void)
{
	load_page(list.first);
	long slot = list.selected - page_first;
	return list.selected >= 0 && slot >= 0 && slot < page_count ? &page[slot] : NULL;
}

static void start(struct app *app, enum mode new_mode)
{
	memset(fields, 0, sizeof fields);
	if (new_mode == FILTERING) {
		fields[0] = (struct form_field){ .label = N_("Category"), .kind = FIELD_CHOICE, .choices = category_labels,
			.choice_count = CATEGORY_COUNT + 1, .choice = queue_filter.category + 1 };
		fields[1] = (struct form_field){ .label = N_("Reason"), .kind = FIELD_CHOICE, .choices = reason_labels,
			.choice_count = REVIEW_REASON_COUNT + 1, .choice = queue_filter.reason + 1 };
		form_init(&form, fields, 2, NULL);
	} else {
		fields[0] = (struct form_field){ .label = new_mode == BULK ? N_("Rule") : N_("Reason"), .max_chars = 400 };
		form_init(&form, fields, 1, NULL);
	}
	mode = new_mode;
	review_layout(app);
}

static void report(struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK)
		app_message(app, false, "%s", success);
	else
		app_fail(app, status);
	mode = BROWSING;
	review_layout(app);
}

static void submit(struct app *app)
{
	char text[1600];
	form_value(&form, 0, text, sizeof text);
	const struct review_item *item = selected_item();
	if (mode == FILTERING) {
		queue_filter.category = fields[0].choice - 1;
		queue_filter.reason = fields[1].choice - 1;
		mode = BROWSING;
		review_layout(app);
	} else if (mode == KEEPING && item) {
		report(app, review_keep(&app->session, item->contact_id, text), _("Kept; the review date is set."));
	} else if (mode == BULK) {
		if (strcmp(text, bulk_rule) != 0) {
			app_message(app, true, "%s", _("The text is not the rule's code: nothing erased."));
			mode = BROWSING;
			review_layout(app);
			return;
		}
		long long erased = 0, held = 0;
		enum status status = review_erase_rule(&app->session, bulk_rule, false, &erased, &held);
		char done[200];
		snprintf(done, sizeof done, _("%lld erased, %lld held by law."), erased, held);
		report(app, status, done);
	}
}

static int review_handle(struct app *app, enum action action, struct key_press key)
{
	if (mode != BROWSING) {
		enum form_result result = form_handle(&form, action, key);
		if (result == FORM_CANCEL) {
			mode = BROWSING;
			review_layout(app);
		} else if (result == FORM_SUBMIT) {
			submit(app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	const struct review_item *item = selected_item();
	switch (action) {
	case ACTION_OPEN:
		if (item)
			APP_OPEN(app, contact_detail, .contact_id = item->contact_id);
		return SCREEN_HANDLED;
	case ACTION_KEEP:
		if (item)
			start(app, KEEPING);
		return SCREEN_HANDLED;
	case ACTION_END_RELATIONSHIP:
		if (item)
			report(app, review_end_relationship(&app->session, item->contact_id), _("Relationship ended."));
		return SCREEN_HANDLED;
	case ACTION_ERASE:
		if (item)
			APP_OPEN(app, erasure, .contact_id = item->contact_id);
		return SCREEN_HANDLED;
	case ACTION_ERASE_RULE:
		if (item && *item->rule_code) {
			snprintf(bulk_rule, sizeof bulk_rule, "%s", item->rule_code);
			review_erase_rule(&app->session, bulk_rule, true, &bulk_count, &bulk_held);
			start(app, BULK);
		} else {
			app_message(app, true, "%s", _("Select a record due under a rule first."));
		}
		return SCREEN_HANDLED;
	case ACTION_FILTER:
		start(app, FILTERING);
		return SCREEN_HANDLED;
	case ACTION_ROUND: {
		long long due;
		char last_closed[32];
		bool round_open;
		review_status(&app->session, &due, last_closed, &round_open);
		if (round_open) {
			static struct review_round round;
			enum status status = review_round_close(&app->session, &round);
			if (status == STATUS_OK)
				app_push(app, &rounds_screen, NULL);
			else
				report(app, status, "");
		} else {
			char today[11];
			calendar_today(today);
			long long id;
			int year = 0;
			sscanf(today, "%d", &year);
			report(app, review_round_open(&app->session, year, &id), _("Review round opened: decisions are recorded in it."));
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

static bool review_typing(struct app *app)
{
	(void)app;
	return mode != BROWSING && form_typing(&form);
}

static const enum action review_keys[] = {
	ACTION_KEEP, ACTION_ERASE, ACTION_END_RELATIONSHIP, ACTION_ERASE_RULE, ACTION_FILTER, ACTION_ROUND, ACTION_ROUNDS,
	ACTION_BACK, ACTION_NONE
};

const struct screen_ops review_screen = {
	.title = N_("Annual review"),
	.legacy.enter = review_enter,
	.legacy.layout = review_layout,
	.legacy.draw = review_draw,
	.legacy.handle = review_handle,
	.legacy.typing = review_typing,
	.key_help = review_keys,
};

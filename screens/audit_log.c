/* The audit trail (privacy officer): newest first, filtered by user and
 * action, read a page at a time however long the trail grows. */
#include <stdio.h>
#include <string.h>

#include "audit_log.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"

#define PAGE_MAX 256

enum { FILTER_USER, FILTER_ACTION, FILTER_FIELD_COUNT };

static struct listbox list;
static struct audit_entry page[PAGE_MAX];
static long page_first, page_count;
static long long total;
static char filter_user[128], filter_action[64];
static struct audit_filter entry_filter;
static struct form_field filter_fields[FILTER_FIELD_COUNT];
static struct form filter_form;
static bool filtering;
static struct app *current_app;
static const int column_widths[] = { 6, 16, 10, 20, 12, 0 };

static long audit_rows(void *context)
{
	(void)context;
	return (long)total;
}

static void collect_entry(const struct audit_entry *entry, void *context)
{
	(void)context;
	if (page_count < PAGE_MAX)
		page[page_count++] = *entry;
}

/* Reads the visible rows from the core when they are not in the page. */
static void load_page(long first, long rows)
{
	if (first >= page_first && first + rows <= page_first + page_count)
		return;
	page_first = first;
	page_count = 0;
	audit_list(&current_app->session, &entry_filter, first, rows < PAGE_MAX ? (int)rows : PAGE_MAX, collect_entry, NULL);
}

static void audit_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	load_page(list.first, list.height);
	long slot = index - page_first;
	if (slot < 0 || slot >= page_count)
		return;
	const struct audit_entry *entry = &page[slot];
	char record[32] = "";
	if (entry->record_id)
		snprintf(record, sizeof record, "%lld", entry->record_id);
	enum color_role role = selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL;
	if (!selected && (strstr(entry->action, "failed") || strstr(entry->action, "denied") || strstr(entry->action, "locked")))
		role = COLOR_ROLE_WARNING;
	char id[24], at[24], target[64] = "";
	snprintf(id, sizeof id, "%6lld", entry->id);
	snprintf(at, sizeof at, "%.16s", entry->at);
	if (entry->entity[0])
		snprintf(target, sizeof target, "%s%s%s", entry->entity, record[0] ? " #" : "", record);
	const char *cells[] = { id, at, entry->username[0] ? entry->username : "-", entry->action, target, entry->fields };
	ui_draw_row(y, x, width, column_widths, cells, 6, role);
}

static void refresh_entries(struct app *app)
{
	entry_filter.username = filter_user[0] ? filter_user : NULL;
	entry_filter.action_prefix = filter_action[0] ? filter_action : NULL;
	total = audit_count(&app->session, &entry_filter);
	if (total < 0) {
		total = 0;
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
	}
	page_count = 0;
	page_first = -1;
	listbox_clamp(&list);
}

static void audit_log_enter(struct app *app, void *argument)
{
	(void)argument;
	current_app = app;
	filter_user[0] = filter_action[0] = '\0';
	memset(&entry_filter, 0, sizeof entry_filter);
	filtering = false;
	memset(filter_fields, 0, sizeof filter_fields);
	filter_fields[FILTER_USER] = (struct form_field){ .label = N_("User"), .max_chars = ACCOUNT_USERNAME_MAX_CHARS };
	filter_fields[FILTER_ACTION] = (struct form_field){ .label = N_("Action starts with"), .max_chars = 40 };
	form_init(&filter_form, filter_fields, FILTER_FIELD_COUNT, &filter_form);
	listbox_init(&list, audit_rows, audit_draw_row, NULL);
	refresh_entries(app);
}

static void audit_log_layout(struct app *app)
{
	refresh_entries(app);   /* back from another screen or the lock: count anew */
	int filter_rows = filtering ? form_height(&filter_form) : 0;
	form_layout(&filter_form, app->content_top, 2, app->cols, 0);
	listbox_layout(&list, app->content_top + 1 + filter_rows, 0, app->content_rows - 1 - filter_rows, app->cols);
	page_first = -1;
	page_count = 0;
}

static void audit_log_draw(struct app *app)
{
	int header_row = app->content_top + (filtering ? form_height(&filter_form) : 0);
	const char *headers[] = { "     #", _("Time (UTC)"), _("User"), _("Action"), _("Record"), _("Fields") };
	ui_draw_row(header_row, 0, app->cols, column_widths, headers, 6, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (filtering) {
		form_draw(&filter_form);
		form_place_cursor(&filter_form);
	}
}

static int audit_log_handle(struct app *app, enum action action, struct key_press key)
{
	if (filtering) {
		enum form_result result = form_handle(&filter_form, action, key);
		if (result == FORM_SUBMIT || result == FORM_CANCEL) {
			if (result == FORM_SUBMIT) {
				form_value(&filter_form, FILTER_USER, filter_user, sizeof filter_user);
				form_value(&filter_form, FILTER_ACTION, filter_action, sizeof filter_action);
			}
			filtering = false;
			audit_log_layout(app);
			refresh_entries(app);
			app_message(app, false, _("%lld entries."), total);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		filtering = true;
		audit_log_layout(app);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_VERIFY) {
		struct audit_verification result;
		enum status status = audit_verify(app->db, &result);
		if (status == STATUS_OK)
			app_message(app, false, _("Audit trail intact: %lld entries."), result.entries);
		else if (status == STATUS_ERR_AUDIT_BROKEN)
			app_message(app, true, _("Audit trail broken: %s"), result.problem);
		else
			app_message(app, true, "%s", app->db->error);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool audit_log_typing(struct app *app)
{
	(void)app;
	return filtering;
}

static const enum action audit_log_keys[] = { ACTION_FILTER, ACTION_VERIFY, ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };

const struct screen_ops audit_log_screen = {
	.title = N_("Audit trail"),
	.enter = audit_log_enter,
	.layout = audit_log_layout,
	.draw = audit_log_draw,
	.handle = audit_log_handle,
	.typing = audit_log_typing,
	.key_help = audit_log_keys,
};

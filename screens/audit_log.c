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

static const int column_widths[] = { 6, 16, 10, 20, 12, 0 };

/* Everything one opening of the trail keeps. */
struct audit_log_state {
	struct listbox list;
	struct audit_entry page[PAGE_MAX];      /* the rows read, from page_first */
	long page_first, page_count;
	long long total;
	char filter_user[128], filter_action[64];
	struct audit_filter entry_filter;
	struct form_field filter_fields[FILTER_FIELD_COUNT];
	struct form filter_form;
	bool filtering;
};

static long audit_rows(void *context)
{
	const struct audit_log_state *state = context;
	return (long)state->total;
}

static void collect_entry(const struct audit_entry *entry, void *context)
{
	struct audit_log_state *state = context;
	if (state->page_count < PAGE_MAX)
		state->page[state->page_count++] = *entry;
}

/* Reads the visible rows from the core when they are not in the page. */
static void load_page(struct audit_log_state *state, struct app *app, long first, long rows)
{
	if (first >= state->page_first && first + rows <= state->page_first + state->page_count)
		return;
	state->page_first = first;
	state->page_count = 0;
	audit_list(&app->session, &state->entry_filter, first, rows < PAGE_MAX ? (int)rows : PAGE_MAX, collect_entry, state);
}

/* The rows come from the page draw has loaded for the visible part. */
static void audit_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	const struct audit_log_state *state = context;
	long slot = index - state->page_first;
	if (slot < 0 || slot >= state->page_count)
		return;
	const struct audit_entry *entry = &state->page[slot];
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

static void refresh_entries(struct audit_log_state *state, struct app *app)
{
	state->entry_filter.username = state->filter_user[0] ? state->filter_user : NULL;
	state->entry_filter.action_prefix = state->filter_action[0] ? state->filter_action : NULL;
	state->total = audit_count(&app->session, &state->entry_filter);
	if (state->total < 0) {
		state->total = 0;
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
	}
	state->page_count = 0;
	state->page_first = -1;
	listbox_clamp(&state->list);
}

/* Places the filter form (when open) and the list under it. */
static void place(struct audit_log_state *state, struct app *app)
{
	int filter_rows = state->filtering ? form_height(&state->filter_form) : 0;
	form_layout(&state->filter_form, app->content_top, 2, app->cols, 0);
	listbox_layout(&state->list, app->content_top + 1 + filter_rows, 0, app->content_rows - 1 - filter_rows, app->cols);
	state->page_first = -1;
	state->page_count = 0;
}

static void audit_log_open(void *self, struct app *app, const void *argument)
{
	struct audit_log_state *state = self;
	(void)argument;
	state->filter_fields[FILTER_USER] = (struct form_field){ .label = N_("User"), .max_chars = ACCOUNT_USERNAME_MAX_CHARS,
		.disposable = true };
	state->filter_fields[FILTER_ACTION] = (struct form_field){ .label = N_("Action starts with"), .max_chars = 40,
		.disposable = true };
	form_init(&state->filter_form, state->filter_fields, FILTER_FIELD_COUNT, &state->filter_form);
	listbox_init(&state->list, audit_rows, audit_draw_row, state);
	refresh_entries(state, app);
}

static void audit_log_layout(void *self, struct app *app)
{
	struct audit_log_state *state = self;
	refresh_entries(state, app);   /* back from another screen or the lock: count anew */
	place(state, app);
}

static void audit_log_draw(void *self, struct app *app)
{
	struct audit_log_state *state = self;
	int header_row = app->content_top + (state->filtering ? form_height(&state->filter_form) : 0);
	const char *headers[] = { "     #", _("Time (UTC)"), _("User"), _("Action"), _("Record"), _("Fields") };
	ui_draw_row(header_row, 0, app->cols, column_widths, headers, 6, COLOR_ROLE_TITLE);
	load_page(state, app, state->list.first, state->list.height);
	listbox_draw(&state->list);
	if (state->filtering) {
		form_draw(&state->filter_form);
		form_place_cursor(&state->filter_form);
	}
}

static int audit_log_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct audit_log_state *state = self;
	if (state->filtering) {
		enum form_result result = form_handle(&state->filter_form, action, key);
		if (result == FORM_SUBMIT || result == FORM_CANCEL) {
			if (result == FORM_SUBMIT) {
				form_value(&state->filter_form, FILTER_USER, state->filter_user, sizeof state->filter_user);
				form_value(&state->filter_form, FILTER_ACTION, state->filter_action, sizeof state->filter_action);
			}
			state->filtering = false;
			refresh_entries(state, app);
			place(state, app);
			app_message(app, false, _("%lld entries."), state->total);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		state->filtering = true;
		place(state, app);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_VERIFY) {
		struct audit_verification result;
		enum status status = audit_verify(app->db, &result);
		if (status == STATUS_OK && result.note[0] && result.head_id > 0)
			app_message(app, false, _("Audit trail %s: %lld entries, chained and matching their head."), result.note,
				    result.entries);
		else if (status == STATUS_OK && result.note[0])   /* no head file (PostgreSQL) */
			app_message(app, false, _("Audit trail %s: %lld entries, chained."), result.note, result.entries);
		else if (status == STATUS_OK)
			app_message(app, false, _("Audit trail intact: %lld entries."), result.entries);
		else if (status == STATUS_ERR_AUDIT_BROKEN)
			app_message(app, true, _("Audit trail broken: %s"), result.problem);
		else
			app_fail(app, status);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool audit_log_typing(void *self, struct app *app)
{
	const struct audit_log_state *state = self;
	(void)app;
	return state->filtering;
}

static const enum action audit_log_keys[] = { ACTION_FILTER, ACTION_VERIFY, ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };
static const enum action audit_log_filter_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

static const enum action *audit_log_keys_now(const void *self)
{
	const struct audit_log_state *state = self;
	return state->filtering ? audit_log_filter_keys : audit_log_keys;
}

/* Page down only where there is more. */
static bool audit_log_key_works(const void *self, const struct app *app, enum action action)
{
	const struct audit_log_state *state = self;
	(void)app;
	return action != ACTION_PAGE_DOWN || state->filtering || listbox_would_move(&state->list, action);
}

const struct screen_ops audit_log_screen = {
	.title = N_("Audit trail"),
	.state_size = sizeof(struct audit_log_state),
	.open = audit_log_open,
	.layout = audit_log_layout,
	.draw = audit_log_draw,
	.handle = audit_log_handle,
	.typing = audit_log_typing,
	.key_help = audit_log_keys,
	.keys_now = audit_log_keys_now,
	.key_works = audit_log_key_works,
};

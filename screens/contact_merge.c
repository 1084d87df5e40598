/* Merge two records of one person: pick the surviving record, choose field by
 * field which value stays; every link moves to the survivor and the other
 * record's number resolves to it from then on. */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "listbox.h"
#include "screens.h"

#define ORGANISATION_ROW CONTACT_FIELD_COUNT

static struct contact records[2];       /* [survivor], [other] */
static int survivor;                    /* index of the surviving record */
static bool take_other[CONTACT_FIELD_COUNT + 1]; /* per field: keep the other record's value */
static int differing[CONTACT_FIELD_COUNT + 1];   /* rows: fields that differ */
static int differing_count;
static struct listbox list;
static bool loaded;

static const char *value_of(const struct contact *record, int field)
{
	return field == ORGANISATION_ROW ? record->organisation_name : record->value[field];
}

static void find_differences(void)
{
	differing_count = 0;
	for (int field = 0; field <= ORGANISATION_ROW; field++) {
		bool same = field == ORGANISATION_ROW
			? records[0].organisation_id == records[1].organisation_id
			: strcmp(records[0].value[field], records[1].value[field]) == 0;
		if (!same) {
			differing[differing_count++] = field;
			/* An empty value never wins over a given one. */
			take_other[field] = !*value_of(&records[survivor], field) && *value_of(&records[1 - survivor], field);
		}
	}
}

static long merge_rows(void *context)
{
	(void)context;
	return differing_count;
}

static void draw_merge_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	int field = differing[index];
	const char *label = field == ORGANISATION_ROW ? _("Organisation") : contact_field_label((enum contact_field)field);
	char kept[700], other[700];
	bool other_wins = take_other[field];
	snprintf(kept, sizeof kept, "%s %s", other_wins ? "  " : "=>", value_of(&records[survivor], field));
	snprintf(other, sizeof other, "%s %s", other_wins ? "=>" : "  ", value_of(&records[1 - survivor], field));
	static const int widths[] = { 18, 29, 0 };
	const char *cells[] = { label, kept, other };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 3, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void contact_merge_enter(struct app *app, void *argument)
{
	const long long *ids = argument;
	survivor = 0;
	loaded = false;
	contact_init(&records[0]);
	contact_init(&records[1]);
	listbox_init(&list, merge_rows, draw_merge_row, NULL);
	enum status status = contact_load(&app->session, ids[0], false, &records[0]);
	if (status == STATUS_OK)
		status = contact_load(&app->session, ids[1], true, &records[1]);   /* the other record is viewed here */
	if (status != STATUS_OK || records[0].id == records[1].id) {
		app_message(app, true, "%s", status == STATUS_OK ? _("These are already the same record.") : status_message(status));
		return;
	}
	loaded = true;
	find_differences();
}

static void contact_merge_layout(struct app *app)
{
	listbox_layout(&list, app->content_top + 4, 0, app->content_rows - 5, app->cols);
}

static void contact_merge_draw(struct app *app)
{
	if (!loaded)
		return;
	char line[600];
	snprintf(line, sizeof line, _("Survivor #%lld keeps its number; #%lld will resolve to it. s swaps them."),
		 records[survivor].id, records[1 - survivor].id);
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("Left/Right chooses the value to keep (=>); categories and references are combined. F2 merges."),
		     COLOR_ROLE_DIM, false);
	char survivor_title[64], other_title[64];
	snprintf(survivor_title, sizeof survivor_title, _("#%lld (survives)"), records[survivor].id);
	snprintf(other_title, sizeof other_title, _("#%lld (merged away)"), records[1 - survivor].id);
	static const int widths[] = { 18, 29, 0 };
	const char *headers[] = { _("Field"), survivor_title, other_title };
	ui_draw_row(app->content_top + 3, 1, app->cols - 1, widths, headers, 3, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (differing_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("The records hold the same values."), COLOR_ROLE_DIM, false);
}

static int contact_merge_handle(struct app *app, enum action action, struct key_press key)
{
	if (!loaded)
		return 0;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT) && list.selected >= 0) {
		take_other[differing[list.selected]] = key.code == KEY_RIGHT;
		return SCREEN_HANDLED;
	}
	if (action == ACTION_SWAP) {
		survivor = 1 - survivor;
		find_differences();
		return SCREEN_HANDLED;
	}
	if (action != ACTION_SAVE)
		return 0;
	struct contact merged;
	contact_init(&merged);
	contact_copy(&merged, &records[survivor]);
	for (int i = 0; i < differing_count; i++) {
		int field = differing[i];
		if (!take_other[field])
			continue;
		if (field == ORGANISATION_ROW)
			merged.organisation_id = records[1 - survivor].organisation_id;
		else
			contact_set(&merged, (enum contact_field)field, records[1 - survivor].value[field]);
	}
	long long survivor_id = records[survivor].id, other_id = records[1 - survivor].id;
	enum status status = contact_merge(&app->session, survivor_id, other_id, &merged);
	contact_free(&merged);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", status == STATUS_ERR_INVALID || status == STATUS_ERR_DATABASE
			    ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Merged #%lld into #%lld."), other_id, survivor_id);
	app_pop(app);
	return SCREEN_HANDLED;
}

static void contact_merge_leave(struct app *app)
{
	(void)app;
	contact_free(&records[0]);
	contact_free(&records[1]);
}

static const enum action contact_merge_keys[] = { ACTION_SWAP, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen contact_merge_screen = {
	.title = N_("Merge two records of one person"),
	.legacy.enter = contact_merge_enter,
	.legacy.layout = contact_merge_layout,
	.legacy.draw = contact_merge_draw,
	.legacy.handle = contact_merge_handle,
	.legacy.leave = contact_merge_leave,
	.key_help = contact_merge_keys,
};

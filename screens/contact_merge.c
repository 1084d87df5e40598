/* Merge two records of one person: pick the surviving record, choose field by
 * field which value stays; every link moves to the survivor and the other
 * record's number resolves to it from then on. */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "contact_screens.h"
#include "listbox.h"
#include "screens.h"

#define ORGANISATION_ROW CONTACT_MERGE_ORGANISATION

struct contact_merge_state {
	struct contact records[2];       /* as opened: [0] the contact, [1] the other */
	int survivor;                    /* index of the surviving record */
	bool take_other[CONTACT_FIELD_COUNT + 1]; /* per field: keep the other record's value */
	int differing[CONTACT_FIELD_COUNT + 1];   /* rows: fields that differ */
	int differing_count;
	struct listbox list;
	bool loaded;
};

static const char *value_of(const struct contact *record, int field)
{
	return field == ORGANISATION_ROW ? record->organisation_name : record->value[field];
}

static void find_differences(struct contact_merge_state *state)
{
	state->differing_count = 0;
	for (int field = 0; field <= ORGANISATION_ROW; field++) {
		bool same = field == ORGANISATION_ROW
			? state->records[0].organisation_id == state->records[1].organisation_id
			: strcmp(state->records[0].value[field], state->records[1].value[field]) == 0;
		if (!same) {
			state->differing[state->differing_count++] = field;
			/* An empty value never wins over a given one (the core's default). */
			state->take_other[field] = contact_merge_takes_other(&state->records[state->survivor],
									     &state->records[1 - state->survivor], field);
		}
	}
}

static long merge_rows(void *context)
{
	const struct contact_merge_state *state = context;
	return state->differing_count;
}

static void draw_merge_row(void *context, long index, int y, int x, int width, bool selected)
{
	const struct contact_merge_state *state = context;
	int field = state->differing[index];
	const char *label = field == ORGANISATION_ROW ? _("Organisation") : contact_field_label((enum contact_field)field);
	char kept[700], other[700];
	bool other_wins = state->take_other[field];
	snprintf(kept, sizeof kept, "%s %s", other_wins ? "  " : "=>", value_of(&state->records[state->survivor], field));
	snprintf(other, sizeof other, "%s %s", other_wins ? "=>" : "  ", value_of(&state->records[1 - state->survivor], field));
	static const int widths[] = { 18, 29, 0 };
	const char *cells[] = { label, kept, other };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 3, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void contact_merge_open(void *self, struct app *app, const void *argument)
{
	struct contact_merge_state *state = self;
	const struct contact_merge_argument *given = argument;
	state->survivor = 0;
	state->loaded = false;
	contact_init(&state->records[0]);
	contact_init(&state->records[1]);
	listbox_init(&state->list, merge_rows, draw_merge_row, state);
	enum status status = contact_load(&app->session, given->contact_id, false, &state->records[0]);
	if (status == STATUS_OK)
		status = contact_load(&app->session, given->other_id, true, &state->records[1]);   /* the other record is viewed here */
	if (status != STATUS_OK || state->records[0].id == state->records[1].id) {
		app_message(app, true, "%s", status == STATUS_OK ? _("These are already the same record.") : status_message(status));
		return;
	}
	state->loaded = true;
	find_differences(state);
}

static void contact_merge_layout(void *self, struct app *app)
{
	struct contact_merge_state *state = self;
	listbox_layout(&state->list, app->content_top + 4, 0, app->content_rows - 5, app->cols);
}

static void contact_merge_draw(void *self, struct app *app)
{
	struct contact_merge_state *state = self;
	if (!state->loaded)
		return;
	char line[600];
	snprintf(line, sizeof line, _("Survivor #%lld keeps its number; #%lld will resolve to it. s swaps them."),
		 state->records[state->survivor].id, state->records[1 - state->survivor].id);
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("Left/Right chooses the value to keep (=>); categories and references are combined. F2 merges."),
		     COLOR_ROLE_DIM, false);
	char survivor_title[64], other_title[64];
	snprintf(survivor_title, sizeof survivor_title, _("#%lld (survives)"), state->records[state->survivor].id);
	snprintf(other_title, sizeof other_title, _("#%lld (merged away)"), state->records[1 - state->survivor].id);
	static const int widths[] = { 18, 29, 0 };
	const char *headers[] = { _("Field"), survivor_title, other_title };
	ui_draw_row(app->content_top + 3, 1, app->cols - 1, widths, headers, 3, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->differing_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("The records hold the same values."), COLOR_ROLE_DIM, false);
}

static int contact_merge_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct contact_merge_state *state = self;
	if (!state->loaded)
		return 0;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT) && state->list.selected >= 0) {
		state->take_other[state->differing[state->list.selected]] = key.code == KEY_RIGHT;
		return SCREEN_HANDLED;
	}
	if (action == ACTION_SWAP) {
		state->survivor = 1 - state->survivor;
		find_differences(state);
		return SCREEN_HANDLED;
	}
	if (action != ACTION_SAVE)
		return 0;
	struct contact merged;
	contact_init(&merged);
	contact_copy(&merged, &state->records[state->survivor]);
	for (int i = 0; i < state->differing_count; i++) {
		int field = state->differing[i];
		if (!state->take_other[field])
			continue;
		if (field == ORGANISATION_ROW)
			merged.organisation_id = state->records[1 - state->survivor].organisation_id;
		else
			contact_set(&merged, (enum contact_field)field, state->records[1 - state->survivor].value[field]);
	}
	long long survivor_id = state->records[state->survivor].id, other_id = state->records[1 - state->survivor].id;
	enum status status = contact_merge(&app->session, survivor_id, other_id, &merged);
	contact_free(&merged);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Merged #%lld into #%lld."), other_id, survivor_id);
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_DONE, .id = survivor_id });
	return SCREEN_HANDLED;
}

static void contact_merge_leave(void *self, struct app *app)
{
	struct contact_merge_state *state = self;
	(void)app;
	contact_free(&state->records[0]);
	contact_free(&state->records[1]);
}

static const enum action contact_merge_keys[] = { ACTION_SWAP, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops contact_merge_screen = {
	.title = N_("Merge two records of one person"),
	.state_size = sizeof(struct contact_merge_state),
	.open = contact_merge_open,
	.layout = contact_merge_layout,
	.draw = contact_merge_draw,
	.handle = contact_merge_handle,
	.leave = contact_merge_leave,
	.key_help = contact_merge_keys,
};

/* The disclosure log (privacy officer), newest first, with each
 * recipient's kind and country (GDPR Art. 30(1)(d)-(e)), filtered by
 * recipient, recipient kind, purpose and dates (notice §2). */
#include <stdio.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"

#define ROWS_MAX 500

enum { FILTER_RECIPIENT, FILTER_KIND, FILTER_PURPOSE, FILTER_FROM, FILTER_TO, FILTER_FIELD_COUNT };

#define RECIPIENTS_MAX 200

static const int widths[] = { 10, 7, 30, 20, 6, 0 };
#define RECIPIENT_COLUMNS 30

/* Everything one opening of the log keeps. */
struct disclosures_state {
	struct disclosure_row rows[ROWS_MAX];
	int row_count;
	struct listbox list;
	struct form_field filter_fields[FILTER_FIELD_COUNT];
	struct form filter_form;
	bool filtering;
	struct recipient recipients[RECIPIENTS_MAX];
	const char *recipient_labels[RECIPIENTS_MAX + 1];       /* "(all)", then into recipients */
	int recipient_count;
	const char *kind_labels[RECIPIENT_KIND_COUNT + 1];      /* translated at open */
	char purpose_filter[64], from_filter[16], to_filter[16];
};

static long disclosure_rows(void *context)
{
	const struct disclosures_state *state = context;
	return state->row_count;
}

static void draw_disclosure(void *context, long index, int y, int x, int width, bool selected)
{
	const struct disclosures_state *state = context;
	const struct disclosure_row *row = &state->rows[index];
	char date[16], count[24], detail[1200];
	snprintf(date, sizeof date, "%.10s", row->made_at);
	snprintf(count, sizeof count, "%lld", row->contact_count);
	snprintf(detail, sizeof detail, "%s [%s] %s %s%s%.12s", row->fields, row->made_by, row->file_name,
		 *row->file_sha256 ? "sha256:" : "", "", row->file_sha256);
	/* The recipient with its country and kind (GDPR Art. 30(1)(d)-(e)); a long
	 * name is cut, never them. The kind without its notice section. */
	char kind[200], suffix[260], name[1200], recipient[1500];
	snprintf(kind, sizeof kind, "%s", recipient_kind_label(row->recipient_kind));
	char *section = strstr(kind, " (");
	if (section)
		*section = '\0';
	snprintf(suffix, sizeof suffix, " (%s, %s)", row->recipient_country, kind);
	int room = RECIPIENT_COLUMNS - ui_text_width(suffix);
	if (room < 4)
		room = 4;
	bool cut = ui_text_width(row->recipient) > room;
	/* A cut name ends with "…", never mid-word unmarked. */
	text_fit_columns(row->recipient, cut ? room - 1 : room, name, sizeof name);
	for (size_t end = strlen(name); end > 0 && name[end - 1] == ' '; end--)
		name[end - 1] = '\0';
	if (cut && strlen(name) + sizeof "…" <= sizeof name)
		strcat(name, "…");
	snprintf(recipient, sizeof recipient, "%s%s", name, suffix);
	/* The stored code in the user's language (7 columns). */
	const char *kind_word = strcmp(row->kind, "manual") == 0 ? _("by hand") : _("export");
	const char *cells[] = { date, kind_word, recipient, row->purpose, count, detail };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 6, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void load(struct disclosures_state *state, struct app *app)
{
	const struct form_field *filter_fields = state->filter_fields;
	struct disclosure_filter filter = {
		.recipient_id = filter_fields[FILTER_RECIPIENT].choice > 0
			? state->recipients[filter_fields[FILTER_RECIPIENT].choice - 1].id : 0,
		.purpose = state->purpose_filter, .from_date = state->from_filter, .to_date = state->to_filter,
		.recipient_kind = filter_fields[FILTER_KIND].choice > 0
			? recipient_kind_code((enum recipient_kind)(filter_fields[FILTER_KIND].choice - 1)) : NULL,
	};
	state->row_count = disclosure_list(&app->session, &filter, 0, state->rows, ROWS_MAX);
	if (state->row_count < 0) {
		state->row_count = 0;
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
	}
	listbox_clamp(&state->list);
}

/* Places the filter form (when open) and the list under it. */
static void place(struct disclosures_state *state, struct app *app)
{
	int filter_rows = state->filtering ? form_height(&state->filter_form) : 0;
	form_layout(&state->filter_form, app->content_top, 1, app->cols, 0);
	listbox_layout(&state->list, app->content_top + 1 + filter_rows, 0, app->content_rows - 1 - filter_rows, app->cols);
}

static void disclosures_open(void *self, struct app *app, const void *argument)
{
	struct disclosures_state *state = self;
	struct form_field *filter_fields = state->filter_fields;
	(void)argument;
	state->recipient_count = recipient_list(&app->session, state->recipients, RECIPIENTS_MAX);
	if (state->recipient_count < 0)
		state->recipient_count = 0;
	state->recipient_labels[0] = _("(all)");
	for (int i = 0; i < state->recipient_count; i++)
		state->recipient_labels[i + 1] = state->recipients[i].name;
	filter_fields[FILTER_RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE,
		.choices = state->recipient_labels, .choice_count = state->recipient_count + 1, .disposable = true };
	state->kind_labels[0] = _("(all)");
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
		state->kind_labels[i + 1] = recipient_kind_label((enum recipient_kind)i);
	filter_fields[FILTER_KIND] = (struct form_field){ .label = N_("Recipient kind"), .kind = FIELD_CHOICE,
		.choices = state->kind_labels, .choice_count = RECIPIENT_KIND_COUNT + 1, .disposable = true };
	filter_fields[FILTER_PURPOSE] = (struct form_field){ .label = N_("Purpose code"), .max_chars = 40, .disposable = true };
	filter_fields[FILTER_FROM] = (struct form_field){ .label = N_("From date"), .max_chars = 10, .disposable = true };
	filter_fields[FILTER_TO] = (struct form_field){ .label = N_("To date"), .max_chars = 10, .disposable = true };
	form_init(&state->filter_form, filter_fields, FILTER_FIELD_COUNT, state);
	listbox_init(&state->list, disclosure_rows, draw_disclosure, state);
}

static void disclosures_layout(void *self, struct app *app)
{
	struct disclosures_state *state = self;
	place(state, app);
	load(state, app);   /* back from the lock or help: read anew */
}

static void disclosures_draw(void *self, struct app *app)
{
	struct disclosures_state *state = self;
	int header_row = app->content_top + (state->filtering ? form_height(&state->filter_form) : 0);
	const char *headers[] = { _("Date"), _("Kind"), _("Recipient (country, kind)"), _("Purpose"), _("People"),
				  _("Fields, by, file") };
	ui_draw_row(header_row, 1, app->cols - 1, widths, headers, 6, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->row_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No disclosures match."), COLOR_ROLE_DIM, false);
	if (state->filtering) {
		form_draw(&state->filter_form);
		form_place_cursor(&state->filter_form);
	}
}

static int disclosures_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct disclosures_state *state = self;
	if (state->filtering) {
		enum form_result result = form_handle(&state->filter_form, action, key);
		if (result == FORM_SUBMIT || result == FORM_CANCEL) {
			form_value(&state->filter_form, FILTER_PURPOSE, state->purpose_filter, sizeof state->purpose_filter);
			form_value(&state->filter_form, FILTER_FROM, state->from_filter, sizeof state->from_filter);
			form_value(&state->filter_form, FILTER_TO, state->to_filter, sizeof state->to_filter);
			state->filtering = false;
			place(state, app);
			load(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		state->filtering = true;
		place(state, app);
		load(state, app);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool disclosures_typing(void *self, struct app *app)
{
	const struct disclosures_state *state = self;
	(void)app;
	return state->filtering && form_typing(&state->filter_form);
}

static const enum action disclosures_keys[] = { ACTION_FILTER, ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };
static const enum action disclosures_filter_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

static const enum action *disclosures_keys_now(const void *self)
{
	const struct disclosures_state *state = self;
	return state->filtering ? disclosures_filter_keys : disclosures_keys;
}

/* Page down only where there is more. */
static bool disclosures_key_works(const void *self, const struct app *app, enum action action)
{
	const struct disclosures_state *state = self;
	(void)app;
	return action != ACTION_PAGE_DOWN || state->filtering || listbox_would_move(&state->list, action);
}

const struct screen_ops disclosures_screen = {
	.title = N_("Disclosure log"),
	.state_size = sizeof(struct disclosures_state),
	.open = disclosures_open,
	.layout = disclosures_layout,
	.draw = disclosures_draw,
	.handle = disclosures_handle,
	.typing = disclosures_typing,
	.key_help = disclosures_keys,
	.keys_now = disclosures_keys_now,
	.key_works = disclosures_key_works,
};

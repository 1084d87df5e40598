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

static struct disclosure_row rows[ROWS_MAX];
static int row_count;
static struct listbox list;
static struct form_field filter_fields[FILTER_FIELD_COUNT];
static struct form filter_form;
static bool filtering;
static struct recipient recipients[200];
static const char *recipient_labels[201];
static int recipient_count;
static const char *kind_labels[RECIPIENT_KIND_COUNT + 1];
static char purpose_filter[64], from_filter[16], to_filter[16];
static const int widths[] = { 10, 7, 30, 20, 6, 0 };
#define RECIPIENT_COLUMNS 30

static long disclosure_rows(void *context)
{
	(void)context;
	return row_count;
}

static void draw_disclosure(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct disclosure_row *row = &rows[index];
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
	text_fit_columns(row->recipient, room > 4 ? room : 4, name, sizeof name);
	for (size_t end = strlen(name); end > 0 && name[end - 1] == ' '; end--)
		name[end - 1] = '\0';
	snprintf(recipient, sizeof recipient, "%s%s", name, suffix);
	const char *cells[] = { date, row->kind, recipient, row->purpose, count, detail };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 6, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void load(struct app *app)
{
	struct disclosure_filter filter = {
		.recipient_id = filter_fields[FILTER_RECIPIENT].choice > 0 ? recipients[filter_fields[FILTER_RECIPIENT].choice - 1].id : 0,
		.purpose = purpose_filter, .from_date = from_filter, .to_date = to_filter,
		.recipient_kind = filter_fields[FILTER_KIND].choice > 0
			? recipient_kind_code((enum recipient_kind)(filter_fields[FILTER_KIND].choice - 1)) : NULL,
	};
	row_count = disclosure_list(&app->session, &filter, 0, rows, ROWS_MAX);
	if (row_count < 0) {
		row_count = 0;
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
	}
	listbox_clamp(&list);
}

static void disclosures_enter(struct app *app, void *argument)
{
	(void)argument;
	filtering = false;
	purpose_filter[0] = from_filter[0] = to_filter[0] = '\0';
	recipient_count = recipient_list(&app->session, recipients, 200);
	if (recipient_count < 0)
		recipient_count = 0;
	recipient_labels[0] = _("(all)");
	for (int i = 0; i < recipient_count; i++)
		recipient_labels[i + 1] = recipients[i].name;
	memset(filter_fields, 0, sizeof filter_fields);
	filter_fields[FILTER_RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE,
		.choices = recipient_labels, .choice_count = recipient_count + 1 };
	kind_labels[0] = _("(all)");
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
		kind_labels[i + 1] = recipient_kind_label((enum recipient_kind)i);
	filter_fields[FILTER_KIND] = (struct form_field){ .label = N_("Recipient kind"), .kind = FIELD_CHOICE,
		.choices = kind_labels, .choice_count = RECIPIENT_KIND_COUNT + 1 };
	filter_fields[FILTER_PURPOSE] = (struct form_field){ .label = N_("Purpose code"), .max_chars = 40 };
	filter_fields[FILTER_FROM] = (struct form_field){ .label = N_("From date"), .max_chars = 10 };
	filter_fields[FILTER_TO] = (struct form_field){ .label = N_("To date"), .max_chars = 10 };
	form_init(&filter_form, filter_fields, FILTER_FIELD_COUNT, NULL);
	listbox_init(&list, disclosure_rows, draw_disclosure, NULL);
}

static void disclosures_layout(struct app *app)
{
	int filter_rows = filtering ? form_height(&filter_form) : 0;
	form_layout(&filter_form, app->content_top, 1, app->cols, 0);
	listbox_layout(&list, app->content_top + 1 + filter_rows, 0, app->content_rows - 1 - filter_rows, app->cols);
	load(app);
}

static void disclosures_draw(struct app *app)
{
	int header_row = app->content_top + (filtering ? form_height(&filter_form) : 0);
	const char *headers[] = { _("Date"), _("Kind"), _("Recipient (country, kind)"), _("Purpose"), _("People"),
				  _("Fields, by, file") };
	ui_draw_row(header_row, 1, app->cols - 1, widths, headers, 6, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (row_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("No disclosures match."), COLOR_ROLE_DIM, false);
	if (filtering) {
		form_draw(&filter_form);
		form_place_cursor(&filter_form);
	}
}

static int disclosures_handle(struct app *app, enum action action, struct key_press key)
{
	if (filtering) {
		enum form_result result = form_handle(&filter_form, action, key);
		if (result == FORM_SUBMIT || result == FORM_CANCEL) {
			form_value(&filter_form, FILTER_PURPOSE, purpose_filter, sizeof purpose_filter);
			form_value(&filter_form, FILTER_FROM, from_filter, sizeof from_filter);
			form_value(&filter_form, FILTER_TO, to_filter, sizeof to_filter);
			filtering = false;
			disclosures_layout(app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_FILTER) {
		filtering = true;
		disclosures_layout(app);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool disclosures_typing(struct app *app)
{
	(void)app;
	return filtering && form_typing(&filter_form);
}

static const enum action disclosures_keys[] = { ACTION_FILTER, ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };

const struct screen_ops disclosures_screen = {
	.title = N_("Disclosure log"),
	.legacy.enter = disclosures_enter,
	.legacy.layout = disclosures_layout,
	.legacy.draw = disclosures_draw,
	.legacy.handle = disclosures_handle,
	.legacy.typing = disclosures_typing,
	.key_help = disclosures_keys,
};

/* One person's bans and consents (notice §1.5, §6.3): every purpose with its
 * standing state (the newest by the person's date), when and how it was said
 * and who recorded it, the e-mail address obtained in a sale with a refusal
 * offered (917/2014 §200(2)), and the whole history below. A change adds a
 * row; nothing is overwritten. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"

#define PURPOSES_MAX 32
#define HISTORY_MAX 200
#define SALES_MAX 20

enum { STATE, GIVEN_ON, CHANNEL, WORDING, EXPIRES, NOTE, FIELD_COUNT };
enum { SALE_ON, SALE_NOTE, SALE_FIELD_COUNT };

static long long contact_id;
static char contact_name[512];
static struct consent_current current[PURPOSES_MAX];
static int purpose_count;
static struct consent_event history[HISTORY_MAX];
static int history_count;
static struct sale_email sales[SALES_MAX];
static int sale_count;
static struct listbox purposes;
static bool editing, recording_sale;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct form_field sale_fields[SALE_FIELD_COUNT];
static struct form sale_form;
static const char *state_labels[CONSENT_STATE_COUNT];
static const char *channel_labels[CONSENT_CHANNEL_COUNT];
static struct app *current_app;

static long purpose_rows(void *context)
{
	(void)context;
	return purpose_count;
}

/* Purpose, state, given on, and the rest for how and by whom. */
static int purpose_widths[4] = { 28, 22, 10, 0 };

static void state_text(const struct consent_current *row, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s%s%s", consent_state_label(row->effective),
		 row->effective != row->latest.state ? _(" (expired)") : "",
		 row->soft_opt_in && row->effective == CONSENT_STATE_NONE ? _(" (sale e-mail)") : "");
}

static void how_text(const struct consent_current *row, char *out, size_t out_size)
{
	out[0] = '\0';
	if (row->latest.id != 0)
		snprintf(out, out_size, "%s, %s", consent_channel_label(row->latest.channel), row->latest.recorded_by);
}

/* The states as wide as the widest; how and by whom whole up to 26 columns;
 * the purposes' names in what is left (the Finnish names are long: a cut one
 * is shown whole under the list when selected). */
static void fit_purpose_widths(int cols)
{
	int purpose = ui_text_width(_("Purpose")), state = ui_text_width(_("State")), how = 16;
	for (int i = 0; i < purpose_count; i++) {
		char text[300];
		state_text(&current[i], text, sizeof text);
		int width = ui_text_width(text);
		state = width > state ? width : state;
		how_text(&current[i], text, sizeof text);
		width = ui_text_width(text);
		how = width > how ? width : how;
		width = ui_text_width(current[i].purpose.name);
		purpose = width > purpose ? width : purpose;
	}
	purpose_widths[1] = state < 30 ? state : 30;
	int room = cols - 2 - 3 - purpose_widths[1] - purpose_widths[2] - (how < 26 ? how : 26);
	purpose_widths[0] = purpose < room ? purpose : room < 20 ? 20 : room;
}

static void draw_purpose(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct consent_current *row = &current[index];
	bool said = row->latest.id != 0;
	char state[128];
	state_text(row, state, sizeof state);
	char how[300];
	how_text(row, how, sizeof how);
	const char *cells[] = { row->purpose.name, state, said ? row->latest.given_on : "", how };
	enum color_role role = selected ? COLOR_ROLE_SELECTED
		: row->effective == CONSENT_STATE_OBJECTION ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, purpose_widths, cells, 4, role);
}

static void load(struct app *app)
{
	purpose_count = consent_current(&app->session, contact_id, current, PURPOSES_MAX);
	history_count = consent_history(&app->session, contact_id, history, HISTORY_MAX);
	sale_count = consent_sale_emails(&app->session, contact_id, sales, SALES_MAX);
	if (purpose_count < 0 || history_count < 0 || sale_count < 0) {
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
		purpose_count = history_count = sale_count = 0;
	}
	listbox_clamp(&purposes);
}

static void consents_enter(struct app *app, void *argument)
{
	current_app = app;
	contact_id = *(const long long *)argument;
	editing = recording_sale = false;
	struct contact contact;
	contact_init(&contact);
	contact_name[0] = '\0';
	if (contact_load(&app->session, contact_id, false, &contact) == STATUS_OK)
		snprintf(contact_name, sizeof contact_name, "%s %s (#%lld)", contact.value[CONTACT_FIRST_NAME],
			 contact.value[CONTACT_LAST_NAME], contact.id);
	contact_free(&contact);
	for (int i = 0; i < CONSENT_STATE_COUNT; i++)
		state_labels[i] = consent_state_label((enum consent_state)i);
	for (int i = 0; i < CONSENT_CHANNEL_COUNT; i++)
		channel_labels[i] = consent_channel_label((enum consent_channel)i);
	listbox_init(&purposes, purpose_rows, draw_purpose, NULL);
	load(app);
}

static void show_consent_fields(void)
{
	bool consent = fields[STATE].choice == CONSENT_STATE_CONSENT;
	fields[WORDING].hidden = !consent;
	fields[EXPIRES].hidden = !consent;
}

static void consents_layout(struct app *app)
{
	current_app = app;
	fit_purpose_widths(app->cols);
	int list_rows = purpose_count < app->content_rows - 8 ? purpose_count : app->content_rows - 8;
	listbox_layout(&purposes, app->content_top + 2, 0, list_rows, app->cols);
	if (editing)
		form_layout(&form, app->content_top + 3 + list_rows, 2, app->cols, app->content_rows - 3 - list_rows);
	if (recording_sale)
		form_layout(&sale_form, app->content_top + 4 + list_rows, 2, app->cols, app->content_rows - 4 - list_rows);
}

static void consents_draw(struct app *app)
{
	char title[700];
	snprintf(title, sizeof title, _("Bans and consents of %s"), contact_name);
	ui_draw_text(app->content_top, 1, app->cols - 2, title, COLOR_ROLE_TITLE, false);
	const char *headers[] = { _("Purpose"), _("State"), _("Given on"), _("How, recorded by") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, purpose_widths, headers, 4, COLOR_ROLE_DIM);
	listbox_draw(&purposes);
	int y = purposes.top + purposes.height + 1;
	if (editing) {
		char line[600];
		snprintf(line, sizeof line, _("New statement for: %s"), current[purposes.selected].purpose.name);
		ui_draw_text(y - 1, 2, app->cols - 4, line, COLOR_ROLE_TITLE, true);
		form_draw(&form);
		form_place_cursor(&form);
		return;
	}
	if (recording_sale) {
		ui_draw_text(y - 1, 2, app->cols - 4, _("E-mail address obtained in a sale, a free and easy refusal offered "
							"(917/2014 §200(2)):"), COLOR_ROLE_TITLE, true);
		ui_draw_text(y, 2, app->cols - 4, _("covers the contact's present address; recorded by you"), COLOR_ROLE_DIM, false);
		form_draw(&sale_form);
		form_place_cursor(&sale_form);
		return;
	}
	if (purpose_count > 0 && ui_text_width(current[purposes.selected].purpose.name) > purpose_widths[0])
		ui_draw_text(y - 1, 2, app->cols - 4, current[purposes.selected].purpose.name, COLOR_ROLE_DIM, false);
	if (sale_count > 0) {
		char line[1200];
		snprintf(line, sizeof line, _("Sale e-mail %s, refusal offered on %s, recorded by %s (917/2014 §200(2))"),
			 sales[0].email, sales[0].offered_on, sales[0].recorded_by);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	}
	ui_draw_text(y++, 1, app->cols - 2, _("History, newest first:"), COLOR_ROLE_TITLE, false);
	for (int i = 0; i < history_count && y < app->content_top + app->content_rows; i++, y++) {
		const struct consent_event *event = &history[i];
		char line[1600], purpose[200], state[100];
		text_fit_columns(event->purpose_name, 24, purpose, sizeof purpose);
		text_fit_columns(consent_state_label(event->state), purpose_widths[1], state, sizeof state);
		snprintf(line, sizeof line, "%s  %s %s %s %s, %s: %s%s%s%s%s", event->given_on, purpose, state, _("via"), consent_channel_label(event->channel),
			 event->recorded_by, event->recorded_at, *event->wording ? "  " : "", event->wording,
			 *event->note ? "  " : "", event->note);
		ui_draw_text(y, 2, app->cols - 3, line, COLOR_ROLE_NORMAL, false);
	}
	if (history_count == 0)
		ui_draw_text(y, 2, app->cols - 4, _("Nothing recorded yet."), COLOR_ROLE_DIM, false);
}

static void start_statement(struct app *app, enum consent_state state)
{
	memset(fields, 0, sizeof fields);
	fields[STATE] = (struct form_field){ .label = N_("State"), .kind = FIELD_CHOICE, .choices = state_labels,
		.choice_count = CONSENT_STATE_COUNT, .choice = (int)state };
	fields[GIVEN_ON] = (struct form_field){ .label = N_("Given on"), .max_chars = 10 };
	fields[CHANNEL] = (struct form_field){ .label = N_("How it arrived"), .kind = FIELD_CHOICE,
		.choices = channel_labels, .choice_count = CONSENT_CHANNEL_COUNT };
	fields[WORDING] = (struct form_field){ .label = N_("Notice or wording"), .max_chars = 200 };
	fields[EXPIRES] = (struct form_field){ .label = N_("Expires on"), .max_chars = 10 };
	fields[NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	char today[11];
	calendar_today(today);
	form_set_value(&form, GIVEN_ON, today);
	form.focus = CHANNEL;   /* a ban at the desk: the channel is all that is left to say */
	show_consent_fields();
	editing = true;
	consents_layout(app);
}

static void save_statement(struct app *app)
{
	struct consent_event event = { 0 };
	snprintf(event.purpose, sizeof event.purpose, "%s", current[purposes.selected].purpose.code);
	event.state = (enum consent_state)fields[STATE].choice;
	event.channel = (enum consent_channel)fields[CHANNEL].choice;
	form_value(&form, GIVEN_ON, event.given_on, sizeof event.given_on);
	if (!fields[WORDING].hidden)
		form_value(&form, WORDING, event.wording, sizeof event.wording);
	if (!fields[EXPIRES].hidden)
		form_value(&form, EXPIRES, event.expires_on, sizeof event.expires_on);
	form_value(&form, NOTE, event.note, sizeof event.note);
	struct consent_outcome outcome;
	enum status status = consent_record_outcome(&app->session, contact_id, &event, &outcome);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	/* An older date than the standing statement's: said, so that it is not missed. */
	char told[600];
	consent_outcome_text(&outcome, told, sizeof told);
	if (*told)
		app_message(app, true, "%s", told);
	else
		app_message(app, false, _("Recorded: %s, %s."), current[purposes.selected].purpose.name,
			    consent_state_label(event.state));
	editing = false;
	load(app);
	consents_layout(app);
}

static void start_sale(struct app *app)
{
	memset(sale_fields, 0, sizeof sale_fields);
	sale_fields[SALE_ON] = (struct form_field){ .label = N_("Sale on"), .max_chars = 10 };
	sale_fields[SALE_NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&sale_form, sale_fields, SALE_FIELD_COUNT, NULL);
	char today[11];
	calendar_today(today);
	form_set_value(&sale_form, SALE_ON, today);
	recording_sale = true;
	consents_layout(app);
}

static void save_sale(struct app *app)
{
	char offered_on[16], note[4001];
	form_value(&sale_form, SALE_ON, offered_on, sizeof offered_on);
	form_value(&sale_form, SALE_NOTE, note, sizeof note);
	enum status status = consent_sale_email_record(&app->session, contact_id, offered_on, note);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	app_message(app, false, "%s", _("Recorded: the e-mail address was obtained in a sale, refusal offered."));
	recording_sale = false;
	load(app);
	consents_layout(app);
}

static int consents_handle(struct app *app, enum action action, struct key_press key)
{
	if (recording_sale) {
		enum form_result result = form_handle(&sale_form, action, key);
		if (result == FORM_CANCEL) {
			recording_sale = false;
			consents_layout(app);
		} else if (result == FORM_SUBMIT) {
			save_sale(app);
		}
		return SCREEN_HANDLED;
	}
	if (editing) {
		enum form_result result = form_handle(&form, action, key);
		show_consent_fields();
		if (result == FORM_CANCEL) {
			editing = false;
			consents_layout(app);
		} else if (result == FORM_SUBMIT) {
			save_statement(app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&purposes, action))
		return SCREEN_HANDLED;
	if (purposes.selected < 0)
		return 0;
	switch (action) {
	case ACTION_BAN: start_statement(app, CONSENT_STATE_OBJECTION); return SCREEN_HANDLED;
	case ACTION_CONSENT: start_statement(app, CONSENT_STATE_CONSENT); return SCREEN_HANDLED;
	case ACTION_WITHDRAW: start_statement(app, CONSENT_STATE_NONE); return SCREEN_HANDLED;
	case ACTION_SALE_EMAIL: start_sale(app); return SCREEN_HANDLED;
	default: return 0;
	}
}

static bool consents_typing(struct app *app)
{
	(void)app;
	return (editing && form_typing(&form)) || (recording_sale && form_typing(&sale_form));
}

static const enum action consents_keys[] = { ACTION_BAN, ACTION_CONSENT, ACTION_WITHDRAW, ACTION_SALE_EMAIL, ACTION_SAVE,
					     ACTION_BACK, ACTION_NONE };

const struct screen_ops consents_screen = {
	.title = N_("Bans and consents"),
	.legacy.enter = consents_enter,
	.legacy.layout = consents_layout,
	.legacy.draw = consents_draw,
	.legacy.handle = consents_handle,
	.legacy.typing = consents_typing,
	.key_help = consents_keys,
};

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
#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "permission.h"
#include "screens.h"
#include "text.h"

#define PURPOSES_MAX 32
#define HISTORY_MAX 200
#define SALES_MAX 20

enum { STATE, GIVEN_ON, CHANNEL, WORDING, EXPIRES, NOTE, FIELD_COUNT };
enum { SALE_ON, SALE_NOTE, SALE_FIELD_COUNT };

/* Purpose, state, given on, and the rest for how and by whom. */
static const int purpose_widths_initial[4] = { 28, 22, 10, 0 };

/* Everything one opening of the screen keeps. */
struct consents_state {
	long long contact_id;
	char contact_name[512];
	struct consent_current current[PURPOSES_MAX];
	int purpose_count;
	struct consent_event history[HISTORY_MAX];
	int history_count;
	struct sale_email sales[SALES_MAX];
	int sale_count;
	struct listbox purposes;
	bool editing, recording_sale;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct form_field sale_fields[SALE_FIELD_COUNT];
	struct form sale_form;
	const char *state_labels[CONSENT_STATE_COUNT];     /* translated at open */
	const char *channel_labels[CONSENT_CHANNEL_COUNT];
	int purpose_widths[4];                              /* fitted to the names and the terminal */
};

static long purpose_rows(void *context)
{
	const struct consents_state *state = context;
	return state->purpose_count;
}

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
static void fit_purpose_widths(struct consents_state *state, int cols)
{
	int purpose = ui_text_width(_("Purpose")), standing = ui_text_width(_("State")), how = 16;
	for (int i = 0; i < state->purpose_count; i++) {
		char text[300];
		state_text(&state->current[i], text, sizeof text);
		int width = ui_text_width(text);
		standing = width > standing ? width : standing;
		how_text(&state->current[i], text, sizeof text);
		width = ui_text_width(text);
		how = width > how ? width : how;
		width = ui_text_width(state->current[i].purpose.name);
		purpose = width > purpose ? width : purpose;
	}
	state->purpose_widths[1] = standing < 30 ? standing : 30;
	int room = cols - 2 - 3 - state->purpose_widths[1] - state->purpose_widths[2] - (how < 26 ? how : 26);
	state->purpose_widths[0] = purpose < room ? purpose : room < 20 ? 20 : room;
}

static void draw_purpose(void *context, long index, int y, int x, int width, bool selected)
{
	const struct consents_state *state = context;
	const struct consent_current *row = &state->current[index];
	bool said = row->latest.id != 0;
	char standing[128];
	state_text(row, standing, sizeof standing);
	char how[300];
	how_text(row, how, sizeof how);
	const char *cells[] = { row->purpose.name, standing, said ? row->latest.given_on : "", how };
	enum color_role role = selected ? COLOR_ROLE_SELECTED
		: row->effective == CONSENT_STATE_OBJECTION ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, state->purpose_widths, cells, 4, role);
}

static void load(struct consents_state *state, struct app *app)
{
	state->purpose_count = consent_current(&app->session, state->contact_id, state->current, PURPOSES_MAX);
	state->history_count = consent_history(&app->session, state->contact_id, state->history, HISTORY_MAX);
	state->sale_count = consent_sale_emails(&app->session, state->contact_id, state->sales, SALES_MAX);
	if (state->purpose_count < 0 || state->history_count < 0 || state->sale_count < 0) {
		app_message(app, true, "%s", status_message(STATUS_ERR_FORBIDDEN));
		state->purpose_count = state->history_count = state->sale_count = 0;
	}
	listbox_clamp(&state->purposes);
}

static void consents_open(void *self, struct app *app, const void *argument)
{
	struct consents_state *state = self;
	const struct consents_argument *given = argument;
	state->contact_id = given->contact_id;
	memcpy(state->purpose_widths, purpose_widths_initial, sizeof state->purpose_widths);
	struct contact contact;
	contact_init(&contact);
	state->contact_name[0] = '\0';
	if (contact_load(&app->session, state->contact_id, false, &contact) == STATUS_OK)
		snprintf(state->contact_name, sizeof state->contact_name, "%s %s (#%lld)", contact.value[CONTACT_FIRST_NAME],
			 contact.value[CONTACT_LAST_NAME], contact.id);
	contact_free(&contact);
	for (int i = 0; i < CONSENT_STATE_COUNT; i++)
		state->state_labels[i] = consent_state_label((enum consent_state)i);
	for (int i = 0; i < CONSENT_CHANNEL_COUNT; i++)
		state->channel_labels[i] = consent_channel_label((enum consent_channel)i);
	listbox_init(&state->purposes, purpose_rows, draw_purpose, state);
	load(state, app);
}

static void show_consent_fields(struct consents_state *state)
{
	bool consent = state->fields[STATE].choice == CONSENT_STATE_CONSENT;
	state->fields[WORDING].hidden = !consent;
	state->fields[EXPIRES].hidden = !consent;
}

/* Places the list and the open form (the list's height follows the rows). */
static void place(struct consents_state *state, struct app *app)
{
	fit_purpose_widths(state, app->cols);
	int list_rows = state->purpose_count < app->content_rows - 8 ? state->purpose_count : app->content_rows - 8;
	listbox_layout(&state->purposes, app->content_top + 2, 0, list_rows, app->cols);
	if (state->editing)
		form_layout(&state->form, app->content_top + 3 + list_rows, 2, app->cols, app->content_rows - 3 - list_rows);
	if (state->recording_sale)
		form_layout(&state->sale_form, app->content_top + 4 + list_rows, 2, app->cols, app->content_rows - 4 - list_rows);
}

static void consents_layout(void *self, struct app *app)
{
	place(self, app);
}

static void consents_draw(void *self, struct app *app)
{
	struct consents_state *state = self;
	char title[700];
	snprintf(title, sizeof title, _("Bans and consents of %s"), state->contact_name);
	ui_draw_text(app->content_top, 1, app->cols - 2, title, COLOR_ROLE_TITLE, false);
	const char *headers[] = { _("Purpose"), _("State"), _("Given on"), _("How, recorded by") };
	ui_draw_row(app->content_top + 1, 1, app->cols - 1, state->purpose_widths, headers, 4, COLOR_ROLE_DIM);
	listbox_draw(&state->purposes);
	int y = state->purposes.top + state->purposes.height + 1;
	if (state->editing) {
		char line[600];
		snprintf(line, sizeof line, _("New statement for: %s"), state->current[state->purposes.selected].purpose.name);
		ui_draw_text(y - 1, 2, app->cols - 4, line, COLOR_ROLE_TITLE, true);
		form_draw(&state->form);
		form_place_cursor(&state->form);
		return;
	}
	if (state->recording_sale) {
		ui_draw_text(y - 1, 2, app->cols - 4, _("E-mail address obtained in a sale, a free and easy refusal offered "
							"(917/2014 §200(2)):"), COLOR_ROLE_TITLE, true);
		ui_draw_text(y, 2, app->cols - 4, _("covers the contact's present address; recorded by you"), COLOR_ROLE_DIM, false);
		form_draw(&state->sale_form);
		form_place_cursor(&state->sale_form);
		return;
	}
	if (state->purpose_count > 0 && ui_text_width(state->current[state->purposes.selected].purpose.name) > state->purpose_widths[0])
		ui_draw_text(y - 1, 2, app->cols - 4, state->current[state->purposes.selected].purpose.name, COLOR_ROLE_DIM, false);
	if (state->sale_count > 0) {
		char line[1200];
		snprintf(line, sizeof line, _("Sale e-mail %s, refusal offered on %s, recorded by %s (917/2014 §200(2))"),
			 state->sales[0].email, state->sales[0].offered_on, state->sales[0].recorded_by);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	}
	ui_draw_text(y++, 1, app->cols - 2, _("History, newest first:"), COLOR_ROLE_TITLE, false);
	for (int i = 0; i < state->history_count && y < app->content_top + app->content_rows; i++, y++) {
		const struct consent_event *event = &state->history[i];
		/* Cells, so that a purpose cut to its column ends with "…". */
		char rest[1600];
		snprintf(rest, sizeof rest, "%s %s, %s: %s%s%s%s%s", _("via"), consent_channel_label(event->channel),
			 event->recorded_by, event->recorded_at, *event->wording ? "  " : "", event->wording,
			 *event->note ? "  " : "", event->note);
		const int widths[] = { 11, 24, state->purpose_widths[1], 0 };
		const char *cells[] = { event->given_on, event->purpose_name, consent_state_label(event->state), rest };
		ui_draw_row(y, 2, app->cols - 3, widths, cells, 4, COLOR_ROLE_NORMAL);
	}
	if (state->history_count == 0)
		ui_draw_text(y, 2, app->cols - 4, _("Nothing recorded yet."), COLOR_ROLE_DIM, false);
}

static void start_statement(struct consents_state *state, struct app *app, enum consent_state initial)
{
	memset(state->fields, 0, sizeof state->fields);
	state->fields[STATE] = (struct form_field){ .label = N_("State"), .kind = FIELD_CHOICE, .choices = state->state_labels,
		.choice_count = CONSENT_STATE_COUNT, .choice = (int)initial };
	state->fields[GIVEN_ON] = (struct form_field){ .label = N_("Given on"), .max_chars = 10 };
	/* In person: the channel the desk uses (issue 16), so that b and F2 record a ban. */
	state->fields[CHANNEL] = (struct form_field){ .label = N_("How it arrived"), .kind = FIELD_CHOICE,
		.choices = state->channel_labels, .choice_count = CONSENT_CHANNEL_COUNT, .choice = CONSENT_CHANNEL_IN_PERSON };
	state->fields[WORDING] = (struct form_field){ .label = N_("Notice or wording"), .max_chars = 200 };
	state->fields[EXPIRES] = (struct form_field){ .label = N_("Expires on"), .max_chars = 10 };
	state->fields[NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	char today[11];
	calendar_today(today);
	form_set_value(&state->form, GIVEN_ON, today);
	state->form.focus = CHANNEL;   /* a ban at the desk: the channel is all that is left to say */
	show_consent_fields(state);
	state->editing = true;
	place(state, app);
}

static void save_statement(struct consents_state *state, struct app *app)
{
	struct consent_event event = { 0 };
	snprintf(event.purpose, sizeof event.purpose, "%s", state->current[state->purposes.selected].purpose.code);
	event.state = (enum consent_state)state->fields[STATE].choice;
	event.channel = (enum consent_channel)state->fields[CHANNEL].choice;
	form_value(&state->form, GIVEN_ON, event.given_on, sizeof event.given_on);
	if (!state->fields[WORDING].hidden)
		form_value(&state->form, WORDING, event.wording, sizeof event.wording);
	if (!state->fields[EXPIRES].hidden)
		form_value(&state->form, EXPIRES, event.expires_on, sizeof event.expires_on);
	form_value(&state->form, NOTE, event.note, sizeof event.note);
	struct consent_outcome outcome;
	enum status status = consent_record_outcome(&app->session, state->contact_id, &event, &outcome);
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
		app_message(app, false, _("Recorded: %s, %s."), state->current[state->purposes.selected].purpose.name,
			    consent_state_label(event.state));
	state->editing = false;
	load(state, app);
	place(state, app);
}

static void start_sale(struct consents_state *state, struct app *app)
{
	memset(state->sale_fields, 0, sizeof state->sale_fields);
	state->sale_fields[SALE_ON] = (struct form_field){ .label = N_("Sale on"), .max_chars = 10 };
	state->sale_fields[SALE_NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&state->sale_form, state->sale_fields, SALE_FIELD_COUNT, state);
	char today[11];
	calendar_today(today);
	form_set_value(&state->sale_form, SALE_ON, today);
	state->recording_sale = true;
	place(state, app);
}

static void save_sale(struct consents_state *state, struct app *app)
{
	char offered_on[16], note[4001];
	form_value(&state->sale_form, SALE_ON, offered_on, sizeof offered_on);
	form_value(&state->sale_form, SALE_NOTE, note, sizeof note);
	enum status status = consent_sale_email_record(&app->session, state->contact_id, offered_on, note);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	app_message(app, false, "%s", _("Recorded: the e-mail address was obtained in a sale, refusal offered."));
	state->recording_sale = false;
	load(state, app);
	place(state, app);
}

static int consents_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct consents_state *state = self;
	if (state->recording_sale) {
		enum form_result result = form_handle(&state->sale_form, action, key);
		if (result == FORM_CANCEL) {
			state->recording_sale = false;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			save_sale(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (state->editing) {
		enum form_result result = form_handle(&state->form, action, key);
		show_consent_fields(state);
		if (result == FORM_CANCEL) {
			state->editing = false;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			save_statement(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->purposes, action))
		return SCREEN_HANDLED;
	if (state->purposes.selected < 0)
		return 0;
	switch (action) {
	case ACTION_BAN: start_statement(state, app, CONSENT_STATE_OBJECTION); return SCREEN_HANDLED;
	case ACTION_CONSENT: start_statement(state, app, CONSENT_STATE_CONSENT); return SCREEN_HANDLED;
	case ACTION_WITHDRAW: start_statement(state, app, CONSENT_STATE_NONE); return SCREEN_HANDLED;
	case ACTION_SALE_EMAIL: start_sale(state, app); return SCREEN_HANDLED;
	default: return 0;
	}
}

static bool consents_typing(void *self, struct app *app)
{
	const struct consents_state *state = self;
	(void)app;
	return (state->editing && form_typing(&state->form)) || (state->recording_sale && form_typing(&state->sale_form));
}

static const enum action consents_keys[] = { ACTION_BAN, ACTION_CONSENT, ACTION_WITHDRAW, ACTION_SALE_EMAIL,
					     ACTION_BACK, ACTION_NONE };
static const enum action consents_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

/* F2 saves only in a form; the purposes list takes the statements. */
static const enum action *consents_keys_now(const void *self)
{
	const struct consents_state *state = self;
	return state->editing || state->recording_sale ? consents_form_keys : consents_keys;
}

static bool consents_key_works(const void *self, const struct app *app, enum action action)
{
	const struct consents_state *state = self;
	if (state->editing || state->recording_sale || action == ACTION_BACK)
		return true;
	return state->purposes.selected >= 0 && permission_allows(app->session.role, PERMISSION_EDIT_CONSENTS);
}

const struct screen_ops consents_screen = {
	.title = N_("Bans and consents"),
	.state_size = sizeof(struct consents_state),
	.open = consents_open,
	.layout = consents_layout,
	.draw = consents_draw,
	.handle = consents_handle,
	.typing = consents_typing,
	.key_help = consents_keys,
	.keys_now = consents_keys_now,
	.key_works = consents_key_works,
};

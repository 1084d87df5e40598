/* One person's record: every field, categories, source, references. Opening
 * it is an audited view (notice §5.2). Later features add their sections. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "erasure.h"
#include "permission.h"
#include "request.h"
#include "training.h"
#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"

#define LINES_MAX 256
#define REFERENCES_MAX 64

struct detail_line {
	char label[96];
	char value[600];
	enum color_role role;
};

enum mode { VIEWING, CONFIRM_END, ADDING_REFERENCE };
enum { REFERENCE_KIND, REFERENCE_NUMBER, REFERENCE_DATE, REFERENCE_FIELD_COUNT };

/* Everything one opening of the record keeps: a detail opened over another
 * detail (a duplicate's record) has its own. */
struct contact_detail_state {
	long long requested_id;               /* the number opened; follows a merge to the survivor */
	struct contact contact;
	struct detail_line lines[LINES_MAX];
	int line_count;
	struct listbox list;
	enum mode mode;
	struct form_field reference_fields[REFERENCE_FIELD_COUNT];
	struct form reference_form;
	const char *reference_kind_labels[8];
	/* Records this one may duplicate (a trainer's quick registration that
	 * matched someone): m merges with the first, D dismisses (issue 12). */
	struct contact_duplicate possible[8];
	int possible_count;
	struct subject_request requests[16];  /* scratch for building the lines */
	struct disclosure_row disclosures[64];
};

static long detail_rows(void *context)
{
	const struct contact_detail_state *state = context;
	return state->line_count;
}

static void draw_line(void *context, long index, int y, int x, int width, bool selected)
{
	const struct contact_detail_state *state = context;
	(void)selected;
	const struct detail_line *line = &state->lines[index];
	if (!line->value[0]) {   /* a section title takes the whole row */
		ui_draw_text(y, x + 1, width - 1, line->label, line->role, true);
		return;
	}
	static const int widths[] = { 22, 0 };
	const char *cells[] = { line->label, line->value };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 2, line->role);
}

static void add_line(struct contact_detail_state *state, const char *label, const char *value, enum color_role role)
{
	/* A multi-line value (notes) takes one row per line. */
	const char *start = value;
	do {
		if (state->line_count >= LINES_MAX)
			return;
		size_t length = strcspn(start, "\n");
		struct detail_line *line = &state->lines[state->line_count++];
		text_copy(line->label, sizeof line->label, start == value ? label : "");
		snprintf(line->value, sizeof line->value, "%.*s", (int)length, start);
		line->role = role;
		start += length;
		if (*start == '\n')
			start++;
	} while (*start);
}

static void add_field(struct contact_detail_state *state, enum contact_field field)
{
	if (*state->contact.value[field])
		add_line(state, contact_field_label(field), state->contact.value[field], COLOR_ROLE_NORMAL);
}

static void add_section(struct contact_detail_state *state, const char *title)
{
	if (state->line_count > 0)
		add_line(state, "", "", COLOR_ROLE_NORMAL);
	add_line(state, title, "", COLOR_ROLE_TITLE);
}

/* Requests the person made (notice §6), for those who handle them. */
static void add_request_section(struct contact_detail_state *state, struct app *app)
{
	if (!permission_allows(app->session.role, PERMISSION_HANDLE_REQUESTS))
		return;
	struct subject_request *requests = state->requests;
	int count = request_list_for_contact(&app->session, state->contact.id, requests, 16);
	if (count <= 0)
		return;
	add_section(state, _("Data-subject requests (notice §6)"));
	for (int i = 0; i < count; i++) {
		char text[600];
		snprintf(text, sizeof text, "#%lld %s, %s, %s %s", requests[i].id, request_kind_label(requests[i].kind),
			 request_status_label(requests[i].status), _("due"), request_deadline(&requests[i]));
		add_line(state, requests[i].received_on, text, requests[i].status == REQUEST_STATUS_COMPLETED ||
			 requests[i].status == REQUEST_STATUS_REFUSED ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING);
	}
}

static void add_possible_duplicate_section(struct contact_detail_state *state, struct app *app)
{
	state->possible_count = contact_possible_duplicates(&app->session, state->contact.id, state->possible, 8);
	if (state->possible_count <= 0) {
		state->possible_count = 0;
		return;
	}
	add_section(state, _("Possible duplicate: check and merge (m) or dismiss (D)"));
	for (int i = 0; i < state->possible_count; i++) {
		char number[24], text[1300];
		snprintf(number, sizeof number, "#%lld", state->possible[i].id);
		snprintf(text, sizeof text, "%s%s%s (%s)", state->possible[i].name, *state->possible[i].organisation ? ", " : "",
			 state->possible[i].organisation, state->possible[i].reason);
		add_line(state, number, text, COLOR_ROLE_WARNING);
	}
}

/* Legal holds keeping the person's data (notice §4.2). */
static void add_hold_section(struct contact_detail_state *state, struct app *app)
{
	struct legal_hold holds[16];
	int count = hold_list(&app->session, state->contact.id, holds, 16);
	if (count <= 0 && !*state->contact.restricted_until)
		return;
	add_section(state, _("Legal holds (notice §4.2)"));
	if (*state->contact.restricted_until)
		add_line(state, _("Restricted until"), state->contact.restricted_until, COLOR_ROLE_WARNING);
	for (int i = 0; i < count; i++) {
		char text[900];
		snprintf(text, sizeof text, "%s: %s", *holds[i].law_name ? holds[i].law_name : hold_law_label(holds[i].law), holds[i].covers);
		add_line(state, holds[i].until, text, COLOR_ROLE_WARNING);
		/* What an erasure under the hold keeps (GDPR Art. 17(3)(b)). */
		char kept[512];
		hold_fields_labels(holds[i].fields, kept, sizeof kept);
		add_line(state, _("Keeps"), kept, COLOR_ROLE_WARNING);
	}
}

/* Trainings and events the person took part in (notice §1.3, §1.4). */
static void add_participation_section(struct contact_detail_state *state, struct app *app)
{
	struct participation rows[64];
	int count = training_participations(&app->session, state->contact.id, rows, 64);
	if (count <= 0)
		return;
	add_section(state, _("Trainings and events"));
	for (int i = 0; i < count; i++) {
		char label[32], text[1200];
		snprintf(label, sizeof label, "%.10s", rows[i].date);
		snprintf(text, sizeof text, "%s: %s (%s)", strcmp(rows[i].kind, "event") == 0 ? _("event") : _("training"),
			 rows[i].what, rows[i].status);
		add_line(state, label, text, COLOR_ROLE_NORMAL);
	}
}

/* Purposes where the person has said something (notice §1.5, §6.3). */
static void add_consent_section(struct contact_detail_state *state, struct app *app)
{
	struct consent_current current[32];
	int count = consent_current(&app->session, state->contact.id, current, 32);
	add_section(state, _("Bans and consents (b opens them)"));
	int said = 0;
	for (int i = 0; i < count; i++) {
		if (!current[i].latest.id)
			continue;
		char text[600];
		snprintf(text, sizeof text, "%s  %s  %s", consent_state_label(current[i].effective), current[i].latest.given_on,
			 consent_channel_label(current[i].latest.channel));
		add_line(state, current[i].purpose.name, text,
			 current[i].effective == CONSENT_STATE_OBJECTION ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL);
		said++;
	}
	if (!said)
		add_line(state, "", _("nothing said about any purpose"), COLOR_ROLE_DIM);
}

/* Every disclosure of the person's data (notice §2). */
static void add_disclosure_section(struct contact_detail_state *state, struct app *app)
{
	struct disclosure_row *rows = state->disclosures;
	struct disclosure_filter filter = { .contact_id = state->contact.id };
	int count = disclosure_list(&app->session, &filter, 0, rows, 64);
	add_section(state, _("Disclosures of this person's data (l records one)"));
	for (int i = 0; i < count; i++) {
		char label[64], text[1200];
		snprintf(label, sizeof label, "%.10s", rows[i].made_at);
		snprintf(text, sizeof text, "%s: %s (%s) [%s]", rows[i].recipient, rows[i].purpose, rows[i].fields, rows[i].made_by);
		add_line(state, label, text, COLOR_ROLE_NORMAL);
	}
	if (count <= 0)
		add_line(state, "", _("none"), COLOR_ROLE_DIM);
}

static void build_lines(struct contact_detail_state *state, struct app *app)
{
	state->line_count = 0;
	char text[1024];
	snprintf(text, sizeof text, "%s %s", state->contact.value[CONTACT_FIRST_NAME], state->contact.value[CONTACT_LAST_NAME]);
	add_line(state, _("Name"), text, COLOR_ROLE_TITLE);
	add_field(state, CONTACT_TITLE);
	add_line(state, _("Organisation"), *state->contact.organisation_name ? state->contact.organisation_name : _("(private person)"),
		 COLOR_ROLE_NORMAL);
	add_field(state, CONTACT_EMAIL);
	add_field(state, CONTACT_PHONE);
	snprintf(text, sizeof text, "%s%s%s %s%s%s", state->contact.value[CONTACT_STREET], *state->contact.value[CONTACT_STREET] ? ", " : "",
		 state->contact.value[CONTACT_POSTAL_CODE], state->contact.value[CONTACT_CITY],
		 strcmp(state->contact.value[CONTACT_COUNTRY], "FI") ? ", " : "",
		 strcmp(state->contact.value[CONTACT_COUNTRY], "FI") ? state->contact.value[CONTACT_COUNTRY] : "");
	add_line(state, _("Address"), text, COLOR_ROLE_NORMAL);
	add_field(state, CONTACT_LANGUAGE);
	text[0] = '\0';
	for (int category = 0; category < CATEGORY_COUNT; category++)
		if (state->contact.categories & (1u << category))
			snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", *text ? ", " : "",
				 contact_category_label((enum contact_category)category));
	add_line(state, _("Categories"), *text ? text : "-", COLOR_ROLE_NORMAL);

	add_section(state, _("Where the data came from (notice §1)"));
	enum data_source source = SOURCE_PERSON;
	data_source_parse(state->contact.value[CONTACT_SOURCE], &source);
	add_line(state, contact_field_label(CONTACT_SOURCE), data_source_label(source), COLOR_ROLE_NORMAL);
	add_field(state, CONTACT_SOURCE_DETAIL);
	add_field(state, CONTACT_INTEREST_CHANNEL);
	add_field(state, CONTACT_INTEREST_DATE);

	add_section(state, _("Relationship"));
	add_field(state, CONTACT_RELATIONSHIP_START);
	if (*state->contact.value[CONTACT_RELATIONSHIP_END])
		add_line(state, contact_field_label(CONTACT_RELATIONSHIP_END), state->contact.value[CONTACT_RELATIONSHIP_END], COLOR_ROLE_WARNING);
	add_line(state, contact_field_label(CONTACT_LAST_REVIEWED),
		 *state->contact.value[CONTACT_LAST_REVIEWED] ? state->contact.value[CONTACT_LAST_REVIEWED] : _("never"), COLOR_ROLE_NORMAL);

	struct maintenance_reference references[REFERENCES_MAX];
	int count = contact_references(&app->session, state->contact.id, references, REFERENCES_MAX);
	if (count > 0 || (state->contact.categories & (1u << CATEGORY_MAINTENANCE))) {
		add_section(state, _("Maintenance references (notice §1.2)"));
		for (int i = 0; i < count; i++) {
			snprintf(text, sizeof text, "%s  %s", references[i].reference, references[i].date);
			add_line(state, reference_kind_label(references[i].kind), text, COLOR_ROLE_NORMAL);
		}
		if (count == 0)
			add_line(state, "", _("none yet: t adds one"), COLOR_ROLE_DIM);
	}
	add_request_section(state, app);
	add_possible_duplicate_section(state, app);
	add_hold_section(state, app);
	add_participation_section(state, app);
	add_consent_section(state, app);
	add_disclosure_section(state, app);
	if (*state->contact.value[CONTACT_NOTES]) {
		add_section(state, contact_field_label(CONTACT_NOTES));
		add_line(state, "", state->contact.value[CONTACT_NOTES], COLOR_ROLE_NORMAL);
	}
	add_section(state, _("Record"));
	snprintf(text, sizeof text, "#%lld", state->contact.id);
	add_line(state, _("Number"), text, COLOR_ROLE_DIM);
	snprintf(text, sizeof text, "%s  %s", state->contact.created_at, state->contact.created_by);
	add_line(state, _("Created"), text, COLOR_ROLE_DIM);
	snprintf(text, sizeof text, "%s  %s", state->contact.changed_at, state->contact.changed_by);
	add_line(state, _("Changed"), text, COLOR_ROLE_DIM);
}

/* Reads the record; only the first opening counts as a view in the audit trail. */
static bool load(struct contact_detail_state *state, struct app *app, bool audit_view)
{
	contact_free(&state->contact);
	contact_init(&state->contact);
	enum status status = contact_load(&app->session, state->requested_id, audit_view, &state->contact);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return false;
	}
	if (state->contact.id != state->requested_id) {
		app_message(app, false, _("Record #%lld was merged into #%lld; showing #%lld."), state->requested_id, state->contact.id, state->contact.id);
		state->requested_id = state->contact.id;
	}
	build_lines(state, app);
	return true;
}

static void place(struct contact_detail_state *state, struct app *app)
{
	listbox_layout(&state->list, app->content_top, 0, app->content_rows - (state->mode == ADDING_REFERENCE ? 5 : 0),
		       app->cols);
	form_layout(&state->reference_form, app->content_top + app->content_rows - 4, 2, app->cols, 0);
}

static void contact_detail_open(void *self, struct app *app, const void *argument)
{
	struct contact_detail_state *state = self;
	const struct contact_detail_argument *given = argument;
	state->requested_id = given->contact_id;
	state->mode = VIEWING;
	contact_init(&state->contact);
	listbox_init(&state->list, detail_rows, draw_line, state);
	for (int kind = 0; reference_kind_label(kind) && kind < 7; kind++)
		state->reference_kind_labels[kind] = reference_kind_label(kind);
	if (!load(state, app, true))
		state->line_count = 0;
}

/* Back on top: the record is read again (the screen above may have changed
 * it, or merged it away: the old number leads to the survivor); a record chosen to merge with is merged. */
static void contact_detail_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct contact_detail_state *state = self;
	if (result->from == &contacts_screen && result->outcome == SCREEN_CHOSEN) {
		APP_OPEN(app, contact_merge, .contact_id = state->contact.id, .other_id = result->id);
		return;
	}
	if (state->mode == VIEWING)
		load(state, app, false);
}

static void contact_detail_layout(void *self, struct app *app)
{
	place(self, app);
}

static void contact_detail_draw(void *self, struct app *app)
{
	struct contact_detail_state *state = self;
	listbox_draw(&state->list);
	if (state->mode == CONFIRM_END) {
		char line[256];
		snprintf(line, sizeof line, "%s", _("End the relationship today? Nothing is deleted; the end date is set. (y/n)"));
		ui_draw_text(app->rows - 2, 0, app->cols, line, COLOR_ROLE_WARNING, true);
	} else if (state->mode == ADDING_REFERENCE) {
		ui_draw_text(app->content_top + app->content_rows - 5, 2, app->cols - 4, _("New maintenance reference:"),
			     COLOR_ROLE_TITLE, true);
		form_draw(&state->reference_form);
		form_place_cursor(&state->reference_form);
	}
}

static void start_reference(struct contact_detail_state *state, struct app *app)
{
	memset(state->reference_fields, 0, sizeof state->reference_fields);
	int kinds = 0;
	while (reference_kind_code(kinds))
		kinds++;
	state->reference_fields[REFERENCE_KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE,
		.choices = state->reference_kind_labels, .choice_count = kinds };
	state->reference_fields[REFERENCE_NUMBER] = (struct form_field){ .label = N_("Reference number"), .max_chars = 200 };
	state->reference_fields[REFERENCE_DATE] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
	form_init(&state->reference_form, state->reference_fields, REFERENCE_FIELD_COUNT, NULL);
	state->mode = ADDING_REFERENCE;
	place(state, app);
}

static int handle_reference(struct contact_detail_state *state, struct app *app, enum action action, struct key_press key)
{
	enum form_result result = form_handle(&state->reference_form, action, key);
	if (result == FORM_CANCEL) {
		state->mode = VIEWING;
		place(state, app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return SCREEN_HANDLED;
	struct maintenance_reference reference = { .kind = state->reference_fields[REFERENCE_KIND].choice };
	form_value(&state->reference_form, REFERENCE_NUMBER, reference.reference, sizeof reference.reference);
	form_value(&state->reference_form, REFERENCE_DATE, reference.date, sizeof reference.date);
	enum status status = contact_add_reference(&app->session, state->contact.id, &reference);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	state->mode = VIEWING;
	app_message(app, false, "%s", _("Reference added."));
	load(state, app, false);
	place(state, app);
	return SCREEN_HANDLED;
}

static int contact_detail_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct contact_detail_state *state = self;
	if (state->mode == ADDING_REFERENCE)
		return handle_reference(state, app, action, key);
	if (state->mode == CONFIRM_END) {
		state->mode = VIEWING;
		if (action != ACTION_YES) {
			app_message(app, false, "%s", _("Nothing changed."));
			return SCREEN_HANDLED;
		}
		char today[11];
		calendar_today(today);
		enum status status = contact_end_relationship(&app->session, state->contact.id, today);
		if (status == STATUS_OK)
			app_message(app, false, _("Relationship ended on %s."), today);
		else
			app_fail(app, status);
		load(state, app, false);
		return SCREEN_HANDLED;
	}
	if (state->line_count == 0)
		return 0;
	switch (action) {
	case ACTION_UP:
		if (state->list.first > 0)
			state->list.first--;
		return SCREEN_HANDLED;
	case ACTION_DOWN:
		if (state->list.first + state->list.height < state->line_count)
			state->list.first++;
		return SCREEN_HANDLED;
	case ACTION_PAGE_DOWN: case ACTION_PAGE_UP: case ACTION_FIRST: case ACTION_LAST:
		state->list.selected = action == ACTION_PAGE_DOWN || action == ACTION_LAST ? state->line_count - 1 : 0;
		listbox_clamp(&state->list);
		return SCREEN_HANDLED;
	case ACTION_EDIT:
		APP_OPEN(app, contact_form, .contact_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_MERGE:
		if (state->possible_count > 0) {
			/* Flagged: the merge with the record it may duplicate, at once. */
			APP_OPEN(app, contact_merge, .contact_id = state->contact.id, .other_id = state->possible[0].id);
			return SCREEN_HANDLED;
		}
		/* The other record is chosen from the list; resume merges. */
		APP_OPEN(app, contacts, .choosing = true, .exclude_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_END_RELATIONSHIP:
		state->mode = CONFIRM_END;
		return SCREEN_HANDLED;
	case ACTION_ADD_REFERENCE:
		start_reference(state, app);
		return SCREEN_HANDLED;
	case ACTION_BAN:
		APP_OPEN(app, consents, .contact_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_DISCLOSE:
		APP_OPEN(app, disclosure_form, .contact_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_HOLD:
		APP_OPEN(app, hold_form, .contact_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_ERASE:
		APP_OPEN(app, erasure, .contact_id = state->contact.id);
		return SCREEN_HANDLED;
	case ACTION_DISMISS_DUPLICATE: {
		if (state->possible_count == 0)
			return 0;
		enum status status = contact_dismiss_possible_duplicates(&app->session, state->contact.id);
		if (status == STATUS_OK)
			app_message(app, false, "%s", _("Not the same person: the possible-duplicate flag is removed."));
		else
			app_fail(app, status);
		load(state, app, false);
		return SCREEN_HANDLED;
	}
	default:
		return 0;
	}
}

static bool contact_detail_typing(void *self, struct app *app)
{
	const struct contact_detail_state *state = self;
	(void)app;
	return state->mode == ADDING_REFERENCE && form_typing(&state->reference_form);
}

static void contact_detail_leave(void *self, struct app *app)
{
	struct contact_detail_state *state = self;
	(void)app;
	contact_free(&state->contact);
}

static const enum action contact_detail_keys[] = {
	ACTION_EDIT, ACTION_BAN, ACTION_MERGE, ACTION_DISMISS_DUPLICATE, ACTION_END_RELATIONSHIP, ACTION_ADD_REFERENCE,
	ACTION_DISCLOSE, ACTION_HOLD, ACTION_ERASE, ACTION_BACK, ACTION_NONE
};
static const enum action contact_detail_reference_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };
static const enum action contact_detail_confirm_keys[] = { ACTION_YES, ACTION_NO, ACTION_NONE };

static const enum action *contact_detail_keys_now(const void *self)
{
	const struct contact_detail_state *state = self;
	if (state->mode == ADDING_REFERENCE)
		return contact_detail_reference_keys;
	if (state->mode == CONFIRM_END)
		return contact_detail_confirm_keys;
	return contact_detail_keys;
}

/* What this role may do to this record (the core refuses the rest). */
static bool contact_detail_key_works(const void *self, const struct app *app, enum action action)
{
	const struct contact_detail_state *state = self;
	enum role role = app->session.role;
	if (state->mode != VIEWING)
		return true;
	if (state->line_count == 0)
		return action == ACTION_BACK;
	switch (action) {
	case ACTION_EDIT: case ACTION_MERGE: case ACTION_END_RELATIONSHIP: case ACTION_ADD_REFERENCE:
		return permission_allows(role, PERMISSION_EDIT_CONTACTS);
	case ACTION_DISMISS_DUPLICATE:
		return state->possible_count > 0 && permission_allows(role, PERMISSION_EDIT_CONTACTS);
	case ACTION_BAN:
		return permission_allows(role, PERMISSION_EDIT_CONSENTS);
	case ACTION_DISCLOSE:
		return permission_allows(role, PERMISSION_RECORD_DISCLOSURE);
	case ACTION_HOLD: case ACTION_ERASE:
		return permission_allows(role, PERMISSION_ERASE);
	default:
		return true;
	}
}

const struct screen_ops contact_detail_screen = {
	.title = N_("Contact"),
	.state_size = sizeof(struct contact_detail_state),
	.open = contact_detail_open,
	.resume = contact_detail_resume,
	.layout = contact_detail_layout,
	.draw = contact_detail_draw,
	.handle = contact_detail_handle,
	.leave = contact_detail_leave,
	.typing = contact_detail_typing,
	.key_help = contact_detail_keys,
	.keys_now = contact_detail_keys_now,
	.key_works = contact_detail_key_works,
};

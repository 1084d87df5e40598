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

static struct contact contact;
static long long requested_id;
static struct detail_line lines[LINES_MAX];
static int line_count;
static struct listbox list;
static enum mode mode;
static struct contact_pick merge_pick;
static struct form_field reference_fields[REFERENCE_FIELD_COUNT];
static struct form reference_form;
static const char *reference_kind_labels[8];

static long detail_rows(void *context)
{
	(void)context;
	return line_count;
}

static void draw_line(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	(void)selected;
	const struct detail_line *line = &lines[index];
	if (!line->value[0]) {   /* a section title takes the whole row */
		ui_draw_text(y, x + 1, width - 1, line->label, line->role, true);
		return;
	}
	static const int widths[] = { 22, 0 };
	const char *cells[] = { line->label, line->value };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 2, line->role);
}

static void add_line(const char *label, const char *value, enum color_role role)
{
	/* A multi-line value (notes) takes one row per line. */
	const char *start = value;
	do {
		if (line_count >= LINES_MAX)
			return;
		size_t length = strcspn(start, "\n");
		struct detail_line *line = &lines[line_count++];
		text_copy(line->label, sizeof line->label, start == value ? label : "");
		snprintf(line->value, sizeof line->value, "%.*s", (int)length, start);
		line->role = role;
		start += length;
		if (*start == '\n')
			start++;
	} while (*start);
}

static void add_field(enum contact_field field)
{
	if (*contact.value[field])
		add_line(contact_field_label(field), contact.value[field], COLOR_ROLE_NORMAL);
}

static void add_section(const char *title)
{
	if (line_count > 0)
		add_line("", "", COLOR_ROLE_NORMAL);
	add_line(title, "", COLOR_ROLE_TITLE);
}

/* Requests the person made (notice §6), for those who handle them. */
static void add_request_section(struct app *app)
{
	if (!permission_allows(app->session.role, PERMISSION_HANDLE_REQUESTS))
		return;
	static struct subject_request requests[16];
	int count = request_list_for_contact(&app->session, contact.id, requests, 16);
	if (count <= 0)
		return;
	add_section(_("Data-subject requests (notice §6)"));
	for (int i = 0; i < count; i++) {
		char text[600];
		snprintf(text, sizeof text, "#%lld %s, %s, %s %s", requests[i].id, request_kind_label(requests[i].kind),
			 request_status_label(requests[i].status), _("due"), request_deadline(&requests[i]));
		add_line(requests[i].received_on, text, requests[i].status == REQUEST_STATUS_COMPLETED ||
			 requests[i].status == REQUEST_STATUS_REFUSED ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING);
	}
}

/* Records this one may duplicate (a trainer's quick registration that
 * matched someone): m merges with the first, D dismisses (issue 12). */
static struct contact_duplicate possible[8];
static int possible_count;

static void add_possible_duplicate_section(struct app *app)
{
	possible_count = contact_possible_duplicates(&app->session, contact.id, possible, 8);
	if (possible_count <= 0) {
		possible_count = 0;
		return;
	}
	add_section(_("Possible duplicate: check and merge (m) or dismiss (D)"));
	for (int i = 0; i < possible_count; i++) {
		char number[24], text[1300];
		snprintf(number, sizeof number, "#%lld", possible[i].id);
		snprintf(text, sizeof text, "%s%s%s (%s)", possible[i].name, *possible[i].organisation ? ", " : "",
			 possible[i].organisation, possible[i].reason);
		add_line(number, text, COLOR_ROLE_WARNING);
	}
}

/* Legal holds keeping the person's data (notice §4.2). */
static void add_hold_section(struct app *app)
{
	struct legal_hold holds[16];
	int count = hold_list(&app->session, contact.id, holds, 16);
	if (count <= 0 && !*contact.restricted_until)
		return;
	add_section(_("Legal holds (notice §4.2)"));
	if (*contact.restricted_until)
		add_line(_("Restricted until"), contact.restricted_until, COLOR_ROLE_WARNING);
	for (int i = 0; i < count; i++) {
		char text[900];
		snprintf(text, sizeof text, "%s: %s", *holds[i].law_name ? holds[i].law_name : hold_law_label(holds[i].law), holds[i].covers);
		add_line(holds[i].until, text, COLOR_ROLE_WARNING);
		/* What an erasure under the hold keeps (GDPR Art. 17(3)(b)). */
		char kept[512];
		hold_fields_labels(holds[i].fields, kept, sizeof kept);
		add_line(_("Keeps"), kept, COLOR_ROLE_WARNING);
	}
}

/* Trainings and events the person took part in (notice §1.3, §1.4). */
static void add_participation_section(struct app *app)
{
	struct participation rows[64];
	int count = training_participations(&app->session, contact.id, rows, 64);
	if (count <= 0)
		return;
	add_section(_("Trainings and events"));
	for (int i = 0; i < count; i++) {
		char label[32], text[1200];
		snprintf(label, sizeof label, "%.10s", rows[i].date);
		snprintf(text, sizeof text, "%s: %s (%s)", strcmp(rows[i].kind, "event") == 0 ? _("event") : _("training"),
			 rows[i].what, rows[i].status);
		add_line(label, text, COLOR_ROLE_NORMAL);
	}
}

/* Purposes where the person has said something (notice §1.5, §6.3). */
static void add_consent_section(struct app *app)
{
	struct consent_current current[32];
	int count = consent_current(&app->session, contact.id, current, 32);
	add_section(_("Bans and consents (b opens them)"));
	int said = 0;
	for (int i = 0; i < count; i++) {
		if (!current[i].latest.id)
			continue;
		char text[600];
		snprintf(text, sizeof text, "%s  %s  %s", consent_state_label(current[i].effective), current[i].latest.given_on,
			 consent_channel_label(current[i].latest.channel));
		add_line(current[i].purpose.name, text,
			 current[i].effective == CONSENT_STATE_OBJECTION ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL);
		said++;
	}
	if (!said)
		add_line("", _("nothing said about any purpose"), COLOR_ROLE_DIM);
}

/* Every disclosure of the person's data (notice §2). */
static void add_disclosure_section(struct app *app)
{
	static struct disclosure_row rows[64];
	struct disclosure_filter filter = { .contact_id = contact.id };
	int count = disclosure_list(&app->session, &filter, 0, rows, 64);
	add_section(_("Disclosures of this person's data (l records one)"));
	for (int i = 0; i < count; i++) {
		char label[64], text[1200];
		snprintf(label, sizeof label, "%.10s", rows[i].made_at);
		snprintf(text, sizeof text, "%s: %s (%s) [%s]", rows[i].recipient, rows[i].purpose, rows[i].fields, rows[i].made_by);
		add_line(label, text, COLOR_ROLE_NORMAL);
	}
	if (count <= 0)
		add_line("", _("none"), COLOR_ROLE_DIM);
}

static void build_lines(struct app *app)
{
	line_count = 0;
	char text[1024];
	snprintf(text, sizeof text, "%s %s", contact.value[CONTACT_FIRST_NAME], contact.value[CONTACT_LAST_NAME]);
	add_line(_("Name"), text, COLOR_ROLE_TITLE);
	add_field(CONTACT_TITLE);
	add_line(_("Organisation"), *contact.organisation_name ? contact.organisation_name : _("(private person)"),
		 COLOR_ROLE_NORMAL);
	add_field(CONTACT_EMAIL);
	add_field(CONTACT_PHONE);
	snprintf(text, sizeof text, "%s%s%s %s%s%s", contact.value[CONTACT_STREET], *contact.value[CONTACT_STREET] ? ", " : "",
		 contact.value[CONTACT_POSTAL_CODE], contact.value[CONTACT_CITY],
		 strcmp(contact.value[CONTACT_COUNTRY], "FI") ? ", " : "",
		 strcmp(contact.value[CONTACT_COUNTRY], "FI") ? contact.value[CONTACT_COUNTRY] : "");
	add_line(_("Address"), text, COLOR_ROLE_NORMAL);
	add_field(CONTACT_LANGUAGE);
	text[0] = '\0';
	for (int category = 0; category < CATEGORY_COUNT; category++)
		if (contact.categories & (1u << category))
			snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", *text ? ", " : "",
				 contact_category_label((enum contact_category)category));
	add_line(_("Categories"), *text ? text : "-", COLOR_ROLE_NORMAL);

	add_section(_("Where the data came from (notice §1)"));
	enum data_source source = SOURCE_PERSON;
	data_source_parse(contact.value[CONTACT_SOURCE], &source);
	add_line(contact_field_label(CONTACT_SOURCE), data_source_label(source), COLOR_ROLE_NORMAL);
	add_field(CONTACT_SOURCE_DETAIL);
	add_field(CONTACT_INTEREST_CHANNEL);
	add_field(CONTACT_INTEREST_DATE);

	add_section(_("Relationship"));
	add_field(CONTACT_RELATIONSHIP_START);
	if (*contact.value[CONTACT_RELATIONSHIP_END])
		add_line(contact_field_label(CONTACT_RELATIONSHIP_END), contact.value[CONTACT_RELATIONSHIP_END], COLOR_ROLE_WARNING);
	add_line(contact_field_label(CONTACT_LAST_REVIEWED),
		 *contact.value[CONTACT_LAST_REVIEWED] ? contact.value[CONTACT_LAST_REVIEWED] : _("never"), COLOR_ROLE_NORMAL);

	struct maintenance_reference references[REFERENCES_MAX];
	int count = contact_references(&app->session, contact.id, references, REFERENCES_MAX);
	if (count > 0 || (contact.categories & (1u << CATEGORY_MAINTENANCE))) {
		add_section(_("Maintenance references (notice §1.2)"));
		for (int i = 0; i < count; i++) {
			snprintf(text, sizeof text, "%s  %s", references[i].reference, references[i].date);
			add_line(reference_kind_label(references[i].kind), text, COLOR_ROLE_NORMAL);
		}
		if (count == 0)
			add_line("", _("none yet: t adds one"), COLOR_ROLE_DIM);
	}
	add_request_section(app);
	add_possible_duplicate_section(app);
	add_hold_section(app);
	add_participation_section(app);
	add_consent_section(app);
	add_disclosure_section(app);
	if (*contact.value[CONTACT_NOTES]) {
		add_section(contact_field_label(CONTACT_NOTES));
		add_line("", contact.value[CONTACT_NOTES], COLOR_ROLE_NORMAL);
	}
	add_section(_("Record"));
	snprintf(text, sizeof text, "#%lld", contact.id);
	add_line(_("Number"), text, COLOR_ROLE_DIM);
	snprintf(text, sizeof text, "%s  %s", contact.created_at, contact.created_by);
	add_line(_("Created"), text, COLOR_ROLE_DIM);
	snprintf(text, sizeof text, "%s  %s", contact.changed_at, contact.changed_by);
	add_line(_("Changed"), text, COLOR_ROLE_DIM);
}

/* Reads the record; only the first opening counts as a view in the audit trail. */
static bool load(struct app *app, bool audit_view)
{
	contact_free(&contact);
	contact_init(&contact);
	enum status status = contact_load(&app->session, requested_id, audit_view, &contact);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", status == STATUS_ERR_DATABASE ? app->db->error : status_message(status));
		return false;
	}
	if (contact.id != requested_id) {
		app_message(app, false, _("Record #%lld was merged into #%lld; showing #%lld."), requested_id, contact.id, contact.id);
		requested_id = contact.id;
	}
	build_lines(app);
	return true;
}

static void contact_detail_enter(struct app *app, void *argument)
{
	requested_id = *(const long long *)argument;
	mode = VIEWING;
	memset(&merge_pick, 0, sizeof merge_pick);
	contact_init(&contact);
	listbox_init(&list, detail_rows, draw_line, NULL);
	if (!load(app, true))
		line_count = 0;
	for (int kind = 0; reference_kind_label(kind) && kind < 7; kind++)
		reference_kind_labels[kind] = reference_kind_label(kind);
}

static void contact_detail_layout(struct app *app)
{
	if (merge_pick.chosen_id) {
		/* Back from choosing the other record: merge them. */
		long long ids[2] = { contact.id, merge_pick.chosen_id };
		merge_pick.chosen_id = 0;
		app_push(app, &contact_merge_screen, ids);
		return;
	}
	if (mode == VIEWING)
		load(app, false);
	listbox_layout(&list, app->content_top, 0, app->content_rows - (mode == ADDING_REFERENCE ? 5 : 0), app->cols);
	form_layout(&reference_form, app->content_top + app->content_rows - 4, 2, app->cols, 0);
}

static void contact_detail_draw(struct app *app)
{
	listbox_draw(&list);
	if (mode == CONFIRM_END) {
		char line[256];
		snprintf(line, sizeof line, "%s", _("End the relationship today? Nothing is deleted; the end date is set. (y/n)"));
		ui_draw_text(app->rows - 2, 0, app->cols, line, COLOR_ROLE_WARNING, true);
	} else if (mode == ADDING_REFERENCE) {
		ui_draw_text(app->content_top + app->content_rows - 5, 2, app->cols - 4, _("New maintenance reference:"),
			     COLOR_ROLE_TITLE, true);
		form_draw(&reference_form);
		form_place_cursor(&reference_form);
	}
}

static void start_reference(struct app *app)
{
	memset(reference_fields, 0, sizeof reference_fields);
	int kinds = 0;
	while (reference_kind_code(kinds))
		kinds++;
	reference_fields[REFERENCE_KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE,
		.choices = reference_kind_labels, .choice_count = kinds };
	reference_fields[REFERENCE_NUMBER] = (struct form_field){ .label = N_("Reference number"), .max_chars = 200 };
	reference_fields[REFERENCE_DATE] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
	form_init(&reference_form, reference_fields, REFERENCE_FIELD_COUNT, NULL);
	mode = ADDING_REFERENCE;
	contact_detail_layout(app);
}

static int handle_reference(struct app *app, enum action action, struct key_press key)
{
	enum form_result result = form_handle(&reference_form, action, key);
	if (result == FORM_CANCEL) {
		mode = VIEWING;
		contact_detail_layout(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return SCREEN_HANDLED;
	struct maintenance_reference reference = { .kind = reference_fields[REFERENCE_KIND].choice };
	form_value(&reference_form, REFERENCE_NUMBER, reference.reference, sizeof reference.reference);
	form_value(&reference_form, REFERENCE_DATE, reference.date, sizeof reference.date);
	enum status status = contact_add_reference(&app->session, contact.id, &reference);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", status == STATUS_ERR_INVALID || status == STATUS_ERR_DATABASE
			    ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	mode = VIEWING;
	app_message(app, false, "%s", _("Reference added."));
	contact_detail_layout(app);
	return SCREEN_HANDLED;
}

static int contact_detail_handle(struct app *app, enum action action, struct key_press key)
{
	if (mode == ADDING_REFERENCE)
		return handle_reference(app, action, key);
	if (mode == CONFIRM_END) {
		mode = VIEWING;
		if (action != ACTION_YES) {
			app_message(app, false, "%s", _("Nothing changed."));
			return SCREEN_HANDLED;
		}
		char today[11];
		calendar_today(today);
		enum status status = contact_end_relationship(&app->session, contact.id, today);
		if (status == STATUS_OK)
			app_message(app, false, _("Relationship ended on %s."), today);
		else
			app_message(app, true, "%s", status == STATUS_ERR_DATABASE || status == STATUS_ERR_INVALID
				    ? app->db->error : status_message(status));
		load(app, false);
		return SCREEN_HANDLED;
	}
	if (line_count == 0)
		return 0;
	switch (action) {
	case ACTION_UP:
		if (list.first > 0)
			list.first--;
		return SCREEN_HANDLED;
	case ACTION_DOWN:
		if (list.first + list.height < line_count)
			list.first++;
		return SCREEN_HANDLED;
	case ACTION_PAGE_DOWN: case ACTION_PAGE_UP: case ACTION_FIRST: case ACTION_LAST:
		list.selected = action == ACTION_PAGE_DOWN || action == ACTION_LAST ? line_count - 1 : 0;
		listbox_clamp(&list);
		return SCREEN_HANDLED;
	case ACTION_EDIT: {
		static struct contact_form_request request;
		request.contact_id = contact.id;
		app_push(app, &contact_form_screen, &request);
		return SCREEN_HANDLED;
	}
	case ACTION_MERGE:
		if (possible_count > 0) {
			/* Flagged: the merge with the record it may duplicate, at once. */
			static long long ids[2];
			ids[0] = contact.id;
			ids[1] = possible[0].id;
			app_push(app, &contact_merge_screen, ids);
			return SCREEN_HANDLED;
		}
		merge_pick.exclude_id = contact.id;
		merge_pick.chosen_id = 0;
		app_push(app, &contacts_screen, &merge_pick);
		return SCREEN_HANDLED;
	case ACTION_END_RELATIONSHIP:
		mode = CONFIRM_END;
		return SCREEN_HANDLED;
	case ACTION_ADD_REFERENCE:
		start_reference(app);
		return SCREEN_HANDLED;
	case ACTION_BAN:
		app_push(app, &consents_screen, &contact.id);
		return SCREEN_HANDLED;
	case ACTION_DISCLOSE:
		app_push(app, &disclosure_form_screen, &contact.id);
		return SCREEN_HANDLED;
	case ACTION_HOLD:
		app_push(app, &hold_form_screen, &contact.id);
		return SCREEN_HANDLED;
	case ACTION_ERASE: {
		static long long ids[2];
		ids[0] = contact.id;
		ids[1] = 0;
		app_push(app, &erasure_screen, ids);
		return SCREEN_HANDLED;
	}
	case ACTION_DISMISS_DUPLICATE: {
		if (possible_count == 0)
			return 0;
		enum status status = contact_dismiss_possible_duplicates(&app->session, contact.id);
		if (status == STATUS_OK)
			app_message(app, false, "%s", _("Not the same person: the possible-duplicate flag is removed."));
		else
			app_message(app, true, "%s", status == STATUS_ERR_DATABASE || status == STATUS_ERR_INVALID
				    ? app->db->error : status_message(status));
		load(app, false);
		return SCREEN_HANDLED;
	}
	default:
		return 0;
	}
}

static bool contact_detail_typing(struct app *app)
{
	(void)app;
	return mode == ADDING_REFERENCE && form_typing(&reference_form);
}

static void contact_detail_leave(struct app *app)
{
	(void)app;
	contact_free(&contact);
}

static const enum action contact_detail_keys[] = {
	ACTION_EDIT, ACTION_BAN, ACTION_MERGE, ACTION_DISMISS_DUPLICATE, ACTION_END_RELATIONSHIP, ACTION_ADD_REFERENCE,
	ACTION_DISCLOSE, ACTION_HOLD, ACTION_ERASE, ACTION_BACK, ACTION_NONE
};

const struct screen_ops contact_detail_screen = {
	.title = N_("Contact"),
	.enter = contact_detail_enter,
	.layout = contact_detail_layout,
	.draw = contact_detail_draw,
	.handle = contact_detail_handle,
	.leave = contact_detail_leave,
	.typing = contact_detail_typing,
	.key_help = contact_detail_keys,
};

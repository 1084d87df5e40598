/* Add or edit a contact. Each field is checked on leaving it with the reason
 * shown; on save, likely duplicates are listed first (open the existing one,
 * or save anyway, recorded); a save that lost a race with another
 * workstation shows what changed and lets the user decide. */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "contact_screens.h"
#include "form.h"
#include "listbox.h"
#include "request.h"
#include "screens.h"
#include "text.h"

#define DUPLICATES_MAX 20
#define TAG_ORGANISATION 100
#define TAG_CATEGORIES 101

enum mode { EDITING, DUPLICATES, CONFLICT };

/* The form's rows, in order; tag is the contact field or one of the TAG_ values. */
static const struct row {
	int tag;
	enum field_kind kind;
} rows[] = {
	{ CONTACT_FIRST_NAME, FIELD_TEXT }, { CONTACT_LAST_NAME, FIELD_TEXT }, { CONTACT_TITLE, FIELD_TEXT },
	{ TAG_ORGANISATION, FIELD_TEXT }, { CONTACT_EMAIL, FIELD_TEXT }, { CONTACT_PHONE, FIELD_TEXT },
	{ CONTACT_STREET, FIELD_TEXT }, { CONTACT_POSTAL_CODE, FIELD_TEXT }, { CONTACT_CITY, FIELD_TEXT },
	{ CONTACT_COUNTRY, FIELD_TEXT }, { CONTACT_LANGUAGE, FIELD_CHOICE }, { TAG_CATEGORIES, FIELD_FLAGS },
	{ CONTACT_SOURCE, FIELD_CHOICE }, { CONTACT_SOURCE_DETAIL, FIELD_TEXT },
	{ CONTACT_INTEREST_CHANNEL, FIELD_CHOICE }, { CONTACT_INTEREST_DATE, FIELD_TEXT },
	{ CONTACT_RELATIONSHIP_START, FIELD_TEXT }, { CONTACT_RELATIONSHIP_END, FIELD_TEXT },
	{ CONTACT_NOTES, FIELD_TEXT },
};
#define ROW_COUNT ((int)(sizeof rows / sizeof rows[0]))

static const char *const languages[] = { "fi", "sv", "en" };
static const char *language_labels[] = { N_("Finnish (fi)"), N_("Swedish (sv)"), N_("English (en)") };
static const char *category_labels[CATEGORY_COUNT];
static const char *source_labels[SOURCE_COUNT];
static const char *channel_labels[8];
static int channel_count;

static struct form_field fields[ROW_COUNT];
static struct form form;
static struct contact contact;          /* the record as opened (id, version) and as being edited */
static long long rectifying_request;     /* the rectification request being carried out; 0 when none */
static struct app *current_app;
static enum mode mode;
static struct organisation_pick organisation_pick;
static bool picking_organisation;
static struct contact_duplicate duplicates[DUPLICATES_MAX];
static int duplicate_count;
static struct listbox duplicate_list;
static struct contact_conflict conflict;
static bool have_conflict;

static int row_of(int tag)
{
	for (int i = 0; i < ROW_COUNT; i++)
		if (rows[i].tag == tag)
			return i;
	return 0;
}

/* Copies the form into contact (the model the core validates and saves). */
static void form_to_contact(void)
{
	char value[4 * FORM_TEXT_MAX + 1];
	for (int i = 0; i < ROW_COUNT; i++) {
		int tag = rows[i].tag;
		if (tag == TAG_ORGANISATION || tag == TAG_CATEGORIES)
			continue;
		if (tag == CONTACT_LANGUAGE)
			contact_set(&contact, CONTACT_LANGUAGE, languages[fields[i].choice]);
		else if (tag == CONTACT_SOURCE)
			contact_set(&contact, CONTACT_SOURCE, data_source_code((enum data_source)fields[i].choice));
		else if (tag == CONTACT_INTEREST_CHANNEL)
			contact_set(&contact, CONTACT_INTEREST_CHANNEL,
				    fields[i].choice == 0 ? "" : interest_channel_code(fields[i].choice - 1));
		else {
			form_value(&form, i, value, sizeof value);
			contact_set(&contact, (enum contact_field)tag, value);
		}
	}
	contact.categories = fields[row_of(TAG_CATEGORIES)].flags;
	if (!fields[row_of(TAG_ORGANISATION)].length)
		contact.organisation_id = 0;
}

static void contact_to_form(void)
{
	for (int i = 0; i < ROW_COUNT; i++) {
		int tag = rows[i].tag;
		if (tag == TAG_ORGANISATION) {
			form_set_value(&form, i, contact.organisation_name);
		} else if (tag == TAG_CATEGORIES) {
			fields[i].flags = contact.categories;
		} else if (tag == CONTACT_LANGUAGE) {
			for (int l = 0; l < 3; l++)
				if (strcmp(contact.value[CONTACT_LANGUAGE], languages[l]) == 0)
					fields[i].choice = l;
		} else if (tag == CONTACT_SOURCE) {
			enum data_source source = SOURCE_PERSON;
			data_source_parse(contact.value[CONTACT_SOURCE], &source);
			fields[i].choice = (int)source;
		} else if (tag == CONTACT_INTEREST_CHANNEL) {
			fields[i].choice = 0;
			for (int c = 0; interest_channel_code(c); c++)
				if (strcmp(contact.value[CONTACT_INTEREST_CHANNEL], interest_channel_code(c)) == 0)
					fields[i].choice = c + 1;
		} else {
			form_set_value(&form, i, contact.value[tag]);
		}
	}
}

/* Shows the source's detail fields only when the source needs them (notice §1.1, §1.3). */
static void show_source_fields(void)
{
	enum data_source source = (enum data_source)fields[row_of(CONTACT_SOURCE)].choice;
	fields[row_of(CONTACT_SOURCE_DETAIL)].hidden = !data_source_is_named(source);
	fields[row_of(CONTACT_INTEREST_CHANNEL)].hidden = source != SOURCE_INTEREST;
	fields[row_of(CONTACT_INTEREST_DATE)].hidden = source != SOURCE_INTEREST;
}

static bool validate_row(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			 void *context)
{
	(void)value;
	(void)context;
	if (field->tag == TAG_CATEGORIES)
		return true;
	if (field->tag == TAG_ORGANISATION) {
		if (field->length && !contact.organisation_id) {
			text_copy(reason, reason_size, _("Enter chooses an organisation from the register or adds it"));
			return false;
		}
		return true;
	}
	form_to_contact();
	return contact_validate_field(current_app->db, &contact, (enum contact_field)field->tag, reason, reason_size);
}

static void contact_form_enter(struct app *app, void *argument)
{
	current_app = app;
	mode = EDITING;
	picking_organisation = false;
	have_conflict = false;
	contact_init(&contact);
	for (int i = 0; i < CATEGORY_COUNT; i++)
		category_labels[i] = contact_category_label((enum contact_category)i);
	for (int i = 0; i < SOURCE_COUNT; i++)
		source_labels[i] = data_source_label((enum data_source)i);
	channel_labels[0] = _("(not given)");
	for (channel_count = 1; interest_channel_label(channel_count - 1) && channel_count < 8; channel_count++)
		channel_labels[channel_count] = interest_channel_label(channel_count - 1);
	memset(fields, 0, sizeof fields);
	for (int i = 0; i < ROW_COUNT; i++) {
		struct form_field *f = &fields[i];
		f->tag = rows[i].tag;
		f->kind = rows[i].kind;
		f->validate = validate_row;
		if (f->tag == TAG_ORGANISATION) {
			f->label = N_("Organisation");
			f->max_chars = 200;
		} else if (f->tag == TAG_CATEGORIES) {
			f->label = N_("Categories");
			f->choices = category_labels;
			f->choice_count = CATEGORY_COUNT;
		} else {
			f->label = contact_field_label((enum contact_field)f->tag);
			f->max_chars = (int)contact_field_max_chars((enum contact_field)f->tag);
		}
		if (f->tag == CONTACT_LANGUAGE) {
			f->choices = language_labels;
			f->choice_count = 3;
		} else if (f->tag == CONTACT_SOURCE) {
			f->choices = source_labels;
			f->choice_count = SOURCE_COUNT;
		} else if (f->tag == CONTACT_INTEREST_CHANNEL) {
			f->choices = channel_labels;
			f->choice_count = channel_count;
		}
	}
	form_init(&form, fields, ROW_COUNT, NULL);
	const struct contact_form_request *request = argument;
	rectifying_request = request ? request->request_id : 0;
	if (request && request->contact_id) {
		enum status status = contact_load(&app->session, request->contact_id, false, &contact);
		if (status != STATUS_OK)
			app_message(app, true, "%s", status_message(status));
	}
	contact_to_form();
	show_source_fields();
}

static long duplicate_rows(void *context)
{
	(void)context;
	return duplicate_count;
}

static void draw_duplicate(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	static const int widths[] = { 8, 28, 24, 0 };
	char number[24];
	snprintf(number, sizeof number, "#%lld", duplicates[index].id);
	const char *cells[] = { number, duplicates[index].name, duplicates[index].organisation, duplicates[index].reason };
	ui_draw_row(y, x, width, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void contact_form_layout(struct app *app)
{
	current_app = app;
	if (picking_organisation) {
		/* Back from the organisation list: take what was chosen. */
		picking_organisation = false;
		int row = row_of(TAG_ORGANISATION);
		if (organisation_pick.chosen_id) {
			contact.organisation_id = organisation_pick.chosen_id;
			text_copy(contact.organisation_name, sizeof contact.organisation_name, organisation_pick.chosen_name);
			form_set_value(&form, row, organisation_pick.chosen_name);
			form.focus = row + 1;
		} else {
			form.focus = row;
		}
	}
	form_layout(&form, app->content_top + 1, 1, app->cols, app->content_rows - 1);
	listbox_init(&duplicate_list, duplicate_rows, draw_duplicate, NULL);
	listbox_layout(&duplicate_list, app->content_top + 3, 0, app->content_rows - 5, app->cols);
}

static void contact_form_draw(struct app *app)
{
	if (mode == DUPLICATES) {
		if (contact_duplicates_all_other_names(duplicates, duplicate_count)) {
			/* A shared phone or e-mail is not the same person: new is the default. */
			ui_draw_text(app->content_top, 1, app->cols - 2,
				     _("Same e-mail or phone as someone of another name: probably another person."),
				     COLOR_ROLE_WARNING, false);
			ui_draw_text(app->content_top + 1, 1, app->cols - 2,
				     _("Enter or y saves a new contact; o opens the selected record; Esc returns to the form."),
				     COLOR_ROLE_NORMAL, false);
		} else {
			ui_draw_text(app->content_top, 1, app->cols - 2, _("This person may already be in the register:"),
				     COLOR_ROLE_WARNING, false);
			ui_draw_text(app->content_top + 1, 1, app->cols - 2,
				     _("Enter opens the selected record; y saves anyway (recorded); Esc returns to the form."),
				     COLOR_ROLE_NORMAL, false);
		}
		listbox_draw(&duplicate_list);
		return;
	}
	if (mode == CONFLICT) {
		char line[800];
		ui_draw_text(app->content_top, 1, app->cols - 2,
			     _("Someone else saved this contact while you were editing it."), COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, _("Their version differs from yours in: %s"), conflict.changed_fields);
		ui_draw_text(app->content_top + 2, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		int y = app->content_top + 4;
		for (int field = 0; field < CONTACT_FIELD_COUNT && y < app->rows - 4; field++) {
			if (strcmp(conflict.current.value[field], contact.value[field]) == 0)
				continue;
			static const int widths[] = { 20, 27, 0 };
			char theirs[600], mine[600];
			snprintf(theirs, sizeof theirs, "%s: %s", _("theirs"), conflict.current.value[field]);
			snprintf(mine, sizeof mine, "%s: %s", _("yours"), contact.value[field]);
			const char *cells[] = { contact_field_label((enum contact_field)field), theirs, mine };
			ui_draw_row(y++, 1, app->cols - 2, widths, cells, 3, COLOR_ROLE_NORMAL);
		}
		ui_draw_text(y + 1, 1, app->cols - 2,
			     _("y: save yours over theirs; n: discard yours and show theirs; Esc: keep editing."),
			     COLOR_ROLE_TITLE, false);
		return;
	}
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     contact.id ? _("Edit the contact. F2 saves, Esc cancels.") : _("New contact. F2 saves, Esc cancels."),
		     COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static void open_organisation_picker(struct app *app)
{
	memset(&organisation_pick, 0, sizeof organisation_pick);
	form_value(&form, row_of(TAG_ORGANISATION), organisation_pick.initial_text, sizeof organisation_pick.initial_text);
	picking_organisation = true;
	app_push(app, &organisations_screen, &organisation_pick);
}

static void save(struct app *app, bool duplicate_confirmed)
{
	/* A rectification request's edit is audited naming the request (GDPR Art. 16). */
	enum status status = rectifying_request
		? request_rectify(&app->session, rectifying_request, &contact, duplicate_confirmed, &conflict)
		: contact_save(&app->session, &contact, duplicate_confirmed, &conflict);
	if (status == STATUS_OK) {
		long long id = contact.id;
		app_message(app, false, _("Saved %s %s."), contact.value[CONTACT_FIRST_NAME], contact.value[CONTACT_LAST_NAME]);
		app_pop(app);
		if (duplicate_confirmed || !app_top_is(app, &contact_detail_screen))
			app_push(app, &contact_detail_screen, &id);
		return;
	}
	if (status == STATUS_ERR_CONFLICT) {
		have_conflict = true;
		mode = CONFLICT;
		return;
	}
	app_message(app, true, "%s", status == STATUS_ERR_INVALID || status == STATUS_ERR_DATABASE
		    ? app->db->error : status_message(status));
}

static void submit(struct app *app)
{
	form_to_contact();
	enum contact_field bad;
	char reason[256];
	if (!contact_validate(app->db, &contact, &bad, reason, sizeof reason)) {
		form.focus = row_of((int)bad);
		form_set_error(&form, form.focus, reason);
		return;
	}
	duplicate_count = contact_find_duplicates(&app->session, &contact, duplicates, DUPLICATES_MAX);
	if (duplicate_count > 0) {
		mode = DUPLICATES;
		duplicate_list.selected = 0;
		listbox_clamp(&duplicate_list);
		return;
	}
	save(app, false);
}

static int handle_duplicates(struct app *app, enum action action, struct key_press key)
{
	if (listbox_handle(&duplicate_list, action))
		return SCREEN_HANDLED;
	bool other_names = contact_duplicates_all_other_names(duplicates, duplicate_count);
	if (other_names && action == ACTION_OPEN)
		action = ACTION_YES;
	else if (other_names && !key.function && key.code == 'o')
		action = ACTION_OPEN;
	if (action == ACTION_BACK) {
		mode = EDITING;
	} else if (action == ACTION_YES || action == ACTION_SAVE) {
		mode = EDITING;
		save(app, true);
	} else if (action == ACTION_OPEN && duplicate_list.selected >= 0) {
		long long id = duplicates[duplicate_list.selected].id;
		app_pop(app);
		app_push(app, &contact_detail_screen, &id);
	}
	return SCREEN_HANDLED;
}

static int handle_conflict(struct app *app, enum action action)
{
	if (action == ACTION_YES) {
		/* Decided: theirs is seen and overwritten on purpose. */
		contact.version = conflict.current.version;
		contact_free(&conflict.current);
		have_conflict = false;
		mode = EDITING;
		save(app, false);
	} else if (action == ACTION_NO) {
		contact_free(&contact);
		contact = conflict.current;
		have_conflict = false;
		contact_to_form();
		show_source_fields();
		mode = EDITING;
		app_message(app, false, "%s", _("Showing their version; your changes were discarded."));
	} else if (action == ACTION_BACK) {
		contact_free(&conflict.current);
		have_conflict = false;
		mode = EDITING;
	}
	return SCREEN_HANDLED;
}

static int contact_form_handle(struct app *app, enum action action, struct key_press key)
{
	if (mode == DUPLICATES)
		return handle_duplicates(app, action, key);
	if (mode == CONFLICT)
		return handle_conflict(app, action);
	int organisation_row = row_of(TAG_ORGANISATION);
	if (form.focus == organisation_row && action == ACTION_OPEN) {
		open_organisation_picker(app);
		return SCREEN_HANDLED;
	}
	char organisation_before[4 * FORM_TEXT_MAX + 1];
	form_value(&form, organisation_row, organisation_before, sizeof organisation_before);
	int focus_before = form.focus;
	enum form_result result = form_handle(&form, action, key);
	if (focus_before == organisation_row) {
		char organisation_after[4 * FORM_TEXT_MAX + 1];
		form_value(&form, organisation_row, organisation_after, sizeof organisation_after);
		if (strcmp(organisation_before, organisation_after) != 0)
			contact.organisation_id = 0;   /* typed over: choose again */
		if (form.focus != organisation_row && *organisation_after && !contact.organisation_id) {
			open_organisation_picker(app);
			return SCREEN_HANDLED;
		}
	}
	show_source_fields();
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result == FORM_SUBMIT)
		submit(app);
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool contact_form_typing(struct app *app)
{
	(void)app;
	return mode == EDITING && form_typing(&form);
}

static void contact_form_leave(struct app *app)
{
	(void)app;
	if (have_conflict)
		contact_free(&conflict.current);
	have_conflict = false;
	contact_free(&contact);
}

static const enum action contact_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen contact_form_screen = {
	.title = N_("Contact form"),
	.legacy.enter = contact_form_enter,
	.legacy.layout = contact_form_layout,
	.legacy.draw = contact_form_draw,
	.legacy.handle = contact_form_handle,
	.legacy.leave = contact_form_leave,
	.legacy.typing = contact_form_typing,
	.key_help = contact_form_keys,
};

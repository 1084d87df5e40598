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

/* The form's rows, in order; tag is the contact field or one of the TAG_ values.
 * What the desk types most comes first: names, e-mail, phone, organisation
 * (issue 16). */
static const struct row {
	int tag;
	enum field_kind kind;
} rows[] = {
	{ CONTACT_FIRST_NAME, FIELD_TEXT }, { CONTACT_LAST_NAME, FIELD_TEXT }, { CONTACT_EMAIL, FIELD_TEXT },
	{ CONTACT_PHONE, FIELD_TEXT }, { TAG_ORGANISATION, FIELD_TEXT }, { CONTACT_TITLE, FIELD_TEXT },
	{ CONTACT_STREET, FIELD_TEXT }, { CONTACT_POSTAL_CODE, FIELD_TEXT }, { CONTACT_CITY, FIELD_TEXT },
	{ CONTACT_COUNTRY, FIELD_TEXT }, { CONTACT_LANGUAGE, FIELD_CHOICE }, { TAG_CATEGORIES, FIELD_FLAGS },
	{ CONTACT_SOURCE, FIELD_CHOICE }, { CONTACT_SOURCE_DETAIL, FIELD_TEXT },
	{ CONTACT_INTEREST_CHANNEL, FIELD_CHOICE }, { CONTACT_INTEREST_DATE, FIELD_TEXT },
	{ CONTACT_RELATIONSHIP_START, FIELD_TEXT }, { CONTACT_RELATIONSHIP_END, FIELD_TEXT },
	{ CONTACT_NOTES, FIELD_TEXT },
};
#define ROW_COUNT ((int)(sizeof rows / sizeof rows[0]))

static const char *const languages[] = { "fi", "sv", "en" };
static const char *const language_labels[] = { N_("Finnish (fi)"), N_("Swedish (sv)"), N_("English (en)") };

struct contact_form_state {
	struct form_field fields[ROW_COUNT];
	struct form form;
	struct contact contact;          /* the record as opened (id, version) and as being edited */
	long long rectifying_request;    /* the rectification request being carried out; 0 when none */
	struct database *db;             /* for the field checks */
	enum mode mode;
	bool picking_organisation;       /* the organisation list is open for the organisation field */
	struct contact_duplicate duplicates[DUPLICATES_MAX];
	int duplicate_count;
	struct listbox duplicate_list;
	struct contact_conflict conflict;
	bool have_conflict;
	const char *category_labels[CATEGORY_COUNT];
	const char *source_labels[SOURCE_COUNT];
	const char *channel_labels[8];
	int channel_count;
};

static int row_of(int tag)
{
	for (int i = 0; i < ROW_COUNT; i++)
		if (rows[i].tag == tag)
			return i;
	return 0;
}

/* Copies the form into contact (the model the core validates and saves). */
static void form_to_contact(struct contact_form_state *state)
{
	char value[4 * FORM_TEXT_MAX + 1];
	for (int i = 0; i < ROW_COUNT; i++) {
		int tag = rows[i].tag;
		if (tag == TAG_ORGANISATION || tag == TAG_CATEGORIES)
			continue;
		if (tag == CONTACT_LANGUAGE)
			contact_set(&state->contact, CONTACT_LANGUAGE, languages[state->fields[i].choice]);
		else if (tag == CONTACT_SOURCE)
			contact_set(&state->contact, CONTACT_SOURCE, data_source_code((enum data_source)state->fields[i].choice));
		else if (tag == CONTACT_INTEREST_CHANNEL)
			contact_set(&state->contact, CONTACT_INTEREST_CHANNEL,
				    state->fields[i].choice == 0 ? "" : interest_channel_code(state->fields[i].choice - 1));
		else {
			form_value(&state->form, i, value, sizeof value);
			contact_set(&state->contact, (enum contact_field)tag, value);
		}
	}
	state->contact.categories = state->fields[row_of(TAG_CATEGORIES)].flags;
	if (!state->fields[row_of(TAG_ORGANISATION)].length)
		state->contact.organisation_id = 0;
}

static void contact_to_form(struct contact_form_state *state)
{
	for (int i = 0; i < ROW_COUNT; i++) {
		int tag = rows[i].tag;
		if (tag == TAG_ORGANISATION) {
			form_set_value(&state->form, i, state->contact.organisation_name);
		} else if (tag == TAG_CATEGORIES) {
			state->fields[i].flags = state->contact.categories;
		} else if (tag == CONTACT_LANGUAGE) {
			for (int l = 0; l < 3; l++)
				if (strcmp(state->contact.value[CONTACT_LANGUAGE], languages[l]) == 0)
					state->fields[i].choice = l;
		} else if (tag == CONTACT_SOURCE) {
			enum data_source source = SOURCE_PERSON;
			data_source_parse(state->contact.value[CONTACT_SOURCE], &source);
			state->fields[i].choice = (int)source;
		} else if (tag == CONTACT_INTEREST_CHANNEL) {
			state->fields[i].choice = 0;
			for (int c = 0; interest_channel_code(c); c++)
				if (strcmp(state->contact.value[CONTACT_INTEREST_CHANNEL], interest_channel_code(c)) == 0)
					state->fields[i].choice = c + 1;
		} else {
			form_set_value(&state->form, i, state->contact.value[tag]);
		}
	}
}

/* Shows the source's detail fields only when the source needs them (notice §1.1, §1.3). */
static void show_source_fields(struct contact_form_state *state)
{
	enum data_source source = (enum data_source)state->fields[row_of(CONTACT_SOURCE)].choice;
	state->fields[row_of(CONTACT_SOURCE_DETAIL)].hidden = !data_source_is_named(source);
	state->fields[row_of(CONTACT_INTEREST_CHANNEL)].hidden = source != SOURCE_INTEREST;
	state->fields[row_of(CONTACT_INTEREST_DATE)].hidden = source != SOURCE_INTEREST;
}

static bool validate_row(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			 void *context)
{
	struct contact_form_state *state = context;
	(void)value;
	if (field->tag == TAG_CATEGORIES)
		return true;
	if (field->tag == TAG_ORGANISATION) {
		if (field->length && !state->contact.organisation_id) {
			text_copy(reason, reason_size, _("Enter chooses an organisation from the register or adds it"));
			return false;
		}
		return true;
	}
	form_to_contact(state);
	return contact_validate_field(state->db, &state->contact, (enum contact_field)field->tag, reason, reason_size);
}

static long duplicate_rows(void *context)
{
	const struct contact_form_state *state = context;
	return state->duplicate_count;
}

static void draw_duplicate(void *context, long index, int y, int x, int width, bool selected)
{
	const struct contact_form_state *state = context;
	static const int widths[] = { 8, 28, 24, 0 };
	char number[24];
	snprintf(number, sizeof number, "#%lld", state->duplicates[index].id);
	const char *cells[] = { number, state->duplicates[index].name, state->duplicates[index].organisation, state->duplicates[index].reason };
	ui_draw_row(y, x, width, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void contact_form_open(void *self, struct app *app, const void *argument)
{
	struct contact_form_state *state = self;
	state->db = app->db;
	state->mode = EDITING;
	contact_init(&state->contact);
	for (int i = 0; i < CATEGORY_COUNT; i++)
		state->category_labels[i] = contact_category_label((enum contact_category)i);
	for (int i = 0; i < SOURCE_COUNT; i++)
		state->source_labels[i] = data_source_label((enum data_source)i);
	state->channel_labels[0] = _("(not given)");
	for (state->channel_count = 1; interest_channel_label(state->channel_count - 1) && state->channel_count < 8; state->channel_count++)
		state->channel_labels[state->channel_count] = interest_channel_label(state->channel_count - 1);
	for (int i = 0; i < ROW_COUNT; i++) {
		struct form_field *f = &state->fields[i];
		f->tag = rows[i].tag;
		f->kind = rows[i].kind;
		f->validate = validate_row;
		if (f->tag == TAG_ORGANISATION) {
			f->label = N_("Organisation");
			f->max_chars = 200;
		} else if (f->tag == TAG_CATEGORIES) {
			f->label = N_("Categories");
			f->choices = state->category_labels;
			f->choice_count = CATEGORY_COUNT;
		} else {
			f->label = contact_field_label((enum contact_field)f->tag);
			f->max_chars = (int)contact_field_max_chars((enum contact_field)f->tag);
		}
		if (f->tag == CONTACT_LANGUAGE) {
			f->choices = language_labels;
			f->choice_count = 3;
		} else if (f->tag == CONTACT_SOURCE) {
			f->choices = state->source_labels;
			f->choice_count = SOURCE_COUNT;
		} else if (f->tag == CONTACT_INTEREST_CHANNEL) {
			f->choices = state->channel_labels;
			f->choice_count = state->channel_count;
		}
	}
	form_init(&state->form, state->fields, ROW_COUNT, state);
	const struct contact_form_argument *given = argument;
	state->rectifying_request = given ? given->request_id : 0;
	if (given && given->contact_id) {
		enum status status = contact_load(&app->session, given->contact_id, false, &state->contact);
		if (status != STATUS_OK)
			app_message(app, true, "%s", status_message(status));
	}
	else if (given && given->typed && *given->typed)
		contact_fill_from_search(&state->contact, given->typed);
	contact_to_form(state);
	show_source_fields(state);
	listbox_init(&state->duplicate_list, duplicate_rows, draw_duplicate, state);
	if (!given || !given->contact_id) {
		/* The cursor on the first field still empty: the desk types on. */
		for (int row = 0; row < ROW_COUNT; row++) {
			char value[64];
			form_value(&state->form, row, value, sizeof value);
			if (state->fields[row].kind == FIELD_TEXT && !*value) {
				state->form.focus = row;
				break;
			}
		}
	}
}

/* Back from the organisation list: take what was chosen. */
static void contact_form_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct contact_form_state *state = self;
	(void)app;
	if (result->from != &organisations_screen || !state->picking_organisation)
		return;
	state->picking_organisation = false;
	int row = row_of(TAG_ORGANISATION);
	if (result->outcome == SCREEN_CHOSEN) {
		state->contact.organisation_id = result->id;
		text_copy(state->contact.organisation_name, sizeof state->contact.organisation_name, result->text);
		form_set_value(&state->form, row, state->contact.organisation_name);
		state->form.focus = row + 1;
	} else {
		state->form.focus = row;
	}
}

static void contact_form_layout(void *self, struct app *app)
{
	struct contact_form_state *state = self;
	form_layout(&state->form, app->content_top + 1, 1, app->cols, app->content_rows - 1);
	listbox_layout(&state->duplicate_list, app->content_top + 3, 0, app->content_rows - 5, app->cols);
}

static void contact_form_draw(void *self, struct app *app)
{
	struct contact_form_state *state = self;
	if (state->mode == DUPLICATES) {
		if (contact_duplicates_all_other_names(state->duplicates, state->duplicate_count)) {
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
		listbox_draw(&state->duplicate_list);
		return;
	}
	if (state->mode == CONFLICT) {
		char line[800];
		ui_draw_text(app->content_top, 1, app->cols - 2,
			     _("Someone else saved this contact while you were editing it."), COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, _("Their version differs from yours in: %s"), state->conflict.changed_fields);
		ui_draw_text(app->content_top + 2, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		int y = app->content_top + 4;
		for (int field = 0; field < CONTACT_FIELD_COUNT && y < app->rows - 4; field++) {
			if (strcmp(state->conflict.current.value[field], state->contact.value[field]) == 0)
				continue;
			static const int widths[] = { 20, 27, 0 };
			char theirs[600], mine[600];
			snprintf(theirs, sizeof theirs, "%s: %s", _("theirs"), state->conflict.current.value[field]);
			snprintf(mine, sizeof mine, "%s: %s", _("yours"), state->contact.value[field]);
			const char *cells[] = { contact_field_label((enum contact_field)field), theirs, mine };
			ui_draw_row(y++, 1, app->cols - 2, widths, cells, 3, COLOR_ROLE_NORMAL);
		}
		ui_draw_text(y + 1, 1, app->cols - 2,
			     _("y: save yours over theirs; n: discard yours and show theirs; Esc: keep editing."),
			     COLOR_ROLE_TITLE, false);
		return;
	}
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     state->contact.id ? _("Edit the contact. F2 saves, Esc cancels.") : _("New contact. F2 saves, Esc cancels."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static void open_organisation_picker(struct contact_form_state *state, struct app *app)
{
	struct organisations_argument picking = { .choosing = true };
	form_value(&state->form, row_of(TAG_ORGANISATION), picking.initial_text, sizeof picking.initial_text);
	state->picking_organisation = true;
	app_push(app, &organisations_screen, &picking);
}

static void save(struct contact_form_state *state, struct app *app, bool duplicate_confirmed)
{
	/* A rectification request's edit is audited naming the request (GDPR Art. 16). */
	enum status status = state->rectifying_request
		? request_rectify(&app->session, state->rectifying_request, &state->contact, duplicate_confirmed, &state->conflict)
		: contact_save(&app->session, &state->contact, duplicate_confirmed, &state->conflict);
	if (status == STATUS_OK) {
		/* The screen below shows the record: a list opens it, a detail reads it again. */
		struct screen_result saved = { .outcome = SCREEN_SAVED, .id = state->contact.id };
		snprintf(saved.text, sizeof saved.text, "%s %s", state->contact.value[CONTACT_FIRST_NAME],
			 state->contact.value[CONTACT_LAST_NAME]);
		app_message(app, false, _("Saved %s %s."), state->contact.value[CONTACT_FIRST_NAME],
			    state->contact.value[CONTACT_LAST_NAME]);
		app_pop_with(app, &saved);
		return;
	}
	if (status == STATUS_ERR_CONFLICT) {
		state->have_conflict = true;
		state->mode = CONFLICT;
		return;
	}
	app_fail(app, status);
}

static void submit(struct contact_form_state *state, struct app *app)
{
	form_to_contact(state);
	enum contact_field bad;
	char reason[256];
	if (!contact_validate(app->db, &state->contact, &bad, reason, sizeof reason)) {
		state->form.focus = row_of((int)bad);
		form_set_error(&state->form, state->form.focus, reason);
		return;
	}
	state->duplicate_count = contact_find_duplicates(&app->session, &state->contact, state->duplicates, DUPLICATES_MAX);
	if (state->duplicate_count > 0) {
		state->mode = DUPLICATES;
		state->duplicate_list.selected = 0;
		listbox_clamp(&state->duplicate_list);
		return;
	}
	save(state, app, false);
}

static int handle_duplicates(struct contact_form_state *state, struct app *app, enum action action, struct key_press key)
{
	if (listbox_handle(&state->duplicate_list, action))
		return SCREEN_HANDLED;
	bool other_names = contact_duplicates_all_other_names(state->duplicates, state->duplicate_count);
	if (other_names && action == ACTION_OPEN)
		action = ACTION_YES;
	else if (other_names && !key.function && key.code == 'o')
		action = ACTION_OPEN;
	if (action == ACTION_BACK) {
		state->mode = EDITING;
	} else if (action == ACTION_YES || action == ACTION_SAVE) {
		state->mode = EDITING;
		save(state, app, true);
	} else if (action == ACTION_OPEN && state->duplicate_list.selected >= 0) {
		/* The existing record instead of this form, over the screen below
		 * (another opening of the detail keeps its own record). */
		long long id = state->duplicates[state->duplicate_list.selected].id;
		app_pop(app);
		APP_OPEN(app, contact_detail, .contact_id = id);
	}
	return SCREEN_HANDLED;
}

static int handle_conflict(struct contact_form_state *state, struct app *app, enum action action)
{
	if (action == ACTION_YES) {
		/* Decided: theirs is seen and overwritten on purpose. */
		state->contact.version = state->conflict.current.version;
		contact_free(&state->conflict.current);
		state->have_conflict = false;
		state->mode = EDITING;
		save(state, app, false);
	} else if (action == ACTION_NO) {
		contact_free(&state->contact);
		state->contact = state->conflict.current;
		state->have_conflict = false;
		contact_to_form(state);
		show_source_fields(state);
		state->mode = EDITING;
		app_message(app, false, "%s", _("Showing their version; your changes were discarded."));
	} else if (action == ACTION_BACK) {
		contact_free(&state->conflict.current);
		state->have_conflict = false;
		state->mode = EDITING;
	}
	return SCREEN_HANDLED;
}

static int contact_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct contact_form_state *state = self;
	if (state->mode == DUPLICATES)
		return handle_duplicates(state, app, action, key);
	if (state->mode == CONFLICT)
		return handle_conflict(state, app, action);
	int organisation_row = row_of(TAG_ORGANISATION);
	if (state->form.focus == organisation_row && action == ACTION_OPEN) {
		open_organisation_picker(state, app);
		return SCREEN_HANDLED;
	}
	char organisation_before[4 * FORM_TEXT_MAX + 1];
	form_value(&state->form, organisation_row, organisation_before, sizeof organisation_before);
	int focus_before = state->form.focus;
	enum form_result result = form_handle(&state->form, action, key);
	if (focus_before == organisation_row) {
		char organisation_after[4 * FORM_TEXT_MAX + 1];
		form_value(&state->form, organisation_row, organisation_after, sizeof organisation_after);
		if (strcmp(organisation_before, organisation_after) != 0)
			state->contact.organisation_id = 0;   /* typed over: choose again */
		if (state->form.focus != organisation_row && *organisation_after && !state->contact.organisation_id) {
			open_organisation_picker(state, app);
			return SCREEN_HANDLED;
		}
	}
	show_source_fields(state);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result == FORM_SUBMIT)
		submit(state, app);
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool contact_form_typing(void *self, struct app *app)
{
	const struct contact_form_state *state = self;
	(void)app;
	return state->mode == EDITING && form_typing(&state->form);
}

static void contact_form_leave(void *self, struct app *app)
{
	struct contact_form_state *state = self;
	(void)app;
	if (state->have_conflict)
		contact_free(&state->conflict.current);
	state->have_conflict = false;
	contact_free(&state->contact);
}

static const enum action contact_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops contact_form_screen = {
	.title = N_("Contact form"),
	.state_size = sizeof(struct contact_form_state),
	.open = contact_form_open,
	.resume = contact_form_resume,
	.layout = contact_form_layout,
	.draw = contact_form_draw,
	.handle = contact_form_handle,
	.leave = contact_form_leave,
	.typing = contact_form_typing,
	.key_help = contact_form_keys,
};

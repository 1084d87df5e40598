/* Registering at the session: type a few letters and pick the person (Enter
 * registers, ^P registers and marks present), or add them with the minimum a
 * training needs; likely duplicates are offered first (to a trainer nothing
 * of the register is shown). "Registered by" starts as the person
 * themselves, or as the last choice made for the session (issue 16). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "text.h"
#include "training.h"
#include "training_screens.h"

#define CANDIDATES_MAX 100
#define PARTICIPANTS_READ_MAX 1000   /* as the session screen lists them */

enum { SEARCH, REGISTRAR, REGISTRAR_NAME, FIRST_NAME, LAST_NAME, ORGANISATION, EMAIL, FIELD_COUNT };
enum mode { PICKING, ADDING, DUPLICATES };

/* Everything one opening keeps. */
struct quick_register_state {
	long long session_id;
	enum mode mode;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct contact_row candidates[CANDIDATES_MAX];
	int candidate_count;
	struct contact_duplicate duplicates[8];
	int duplicate_count;
	struct listbox list;
	const char *registrar_labels[REGISTRAR_COUNT];   /* translated at open */
};

static long candidate_rows(void *context)
{
	const struct quick_register_state *state = context;
	return state->mode == DUPLICATES ? state->duplicate_count : state->candidate_count;
}

static void draw_candidate(void *context, long index, int y, int x, int width, bool selected)
{
	const struct quick_register_state *state = context;
	static const int widths[] = { 32, 0 };
	const char *cells[2];
	if (state->mode == DUPLICATES) {
		cells[0] = state->duplicates[index].name;
		cells[1] = state->duplicates[index].reason;
	} else {
		cells[0] = state->candidates[index].name;
		cells[1] = state->candidates[index].organisation;
	}
	ui_draw_row(y, x + 2, width - 2, widths, cells, 2, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void search(struct quick_register_state *state, struct app *app)
{
	char text[256];
	form_value(&state->form, SEARCH, text, sizeof text);
	state->candidate_count = *text ? training_candidates(&app->session, text, state->candidates, CANDIDATES_MAX) : 0;
	if (state->candidate_count < 0)
		state->candidate_count = 0;
	state->list.selected = 0;
	listbox_clamp(&state->list);
}

/* Picking shows the search and who registered them; adding the person's few fields too. */
static void show_fields(struct quick_register_state *state)
{
	struct form_field *fields = state->fields;
	bool adding = state->mode == ADDING;
	fields[SEARCH].hidden = adding;
	fields[FIRST_NAME].hidden = fields[LAST_NAME].hidden = !adding;
	fields[ORGANISATION].hidden = fields[EMAIL].hidden = !adding;
	fields[REGISTRAR_NAME].hidden = fields[REGISTRAR].choice == REGISTRAR_SELF;
}

/* The session's participants (malloc'd, *out to free), or -1. */
static int session_participants(struct app *app, long long session_id, struct participant **out)
{
	*out = calloc(PARTICIPANTS_READ_MAX, sizeof **out);
	if (!*out)
		return -1;
	int count = training_participants(&app->session, session_id, *out, PARTICIPANTS_READ_MAX);
	if (count < 0) {
		free(*out);
		*out = NULL;
	}
	return count;
}

/* "Registered by" as the last registration made for the session said (the
 * highest registration number), or the person themselves for the first. */
static void default_registrar(struct quick_register_state *state, struct app *app)
{
	state->fields[REGISTRAR].choice = REGISTRAR_SELF;
	struct participant *participants;
	int count = session_participants(app, state->session_id, &participants);
	int last = -1;
	for (int i = 0; i < count; i++)
		if (last < 0 || participants[i].registration_id > participants[last].registration_id)
			last = i;
	if (last >= 0) {
		state->fields[REGISTRAR].choice = (int)participants[last].registrar;
		if (participants[last].registrar != REGISTRAR_SELF)
			form_set_value(&state->form, REGISTRAR_NAME, participants[last].registrar_name);
	}
	free(participants);
}

static void quick_register_open(void *self, struct app *app, const void *argument)
{
	struct quick_register_state *state = self;
	const struct quick_register_argument *given = argument;
	state->session_id = given->session_id;
	state->mode = PICKING;
	for (int i = 0; i < REGISTRAR_COUNT; i++)
		state->registrar_labels[i] = registrar_label((enum registrar)i);
	struct form_field *fields = state->fields;
	fields[SEARCH] = (struct form_field){ .label = N_("Find"), .max_chars = 60, .disposable = true };
	fields[REGISTRAR] = (struct form_field){ .label = N_("Registered by"), .kind = FIELD_CHOICE,
		.choices = state->registrar_labels, .choice_count = REGISTRAR_COUNT };
	fields[REGISTRAR_NAME] = (struct form_field){ .label = N_("Employer or party"), .max_chars = 200 };
	fields[FIRST_NAME] = (struct form_field){ .label = N_("First name"), .max_chars = 100 };
	fields[LAST_NAME] = (struct form_field){ .label = N_("Last name"), .max_chars = 100 };
	fields[ORGANISATION] = (struct form_field){ .label = N_("Organisation"), .max_chars = 200 };
	fields[EMAIL] = (struct form_field){ .label = N_("E-mail (optional)"), .max_chars = 254 };
	form_init(&state->form, fields, FIELD_COUNT, state);
	default_registrar(state, app);
	listbox_init(&state->list, candidate_rows, draw_candidate, state);
	show_fields(state);
}

/* Shows the fields of the mode and places the form and the list under it. */
static void place(struct quick_register_state *state, struct app *app)
{
	show_fields(state);
	form_layout(&state->form, app->content_top + 1, 1, app->cols, 0);
	int top = state->form.top + form_height(&state->form) + 1;
	listbox_layout(&state->list, top, 0, app->content_top + app->content_rows - top, app->cols);
}

static void quick_register_layout(void *self, struct app *app)
{
	place(self, app);
}

static void quick_register_draw(void *self, struct app *app)
{
	struct quick_register_state *state = self;
	const char *intro = state->mode == PICKING ? _("Type a few letters. Enter registers; ^P also marks present. ^N: new.")
		: state->mode == ADDING ? _("A new participant: name, organisation, e-mail if given. F2 saves.")
		: contact_duplicates_all_other_names(state->duplicates, state->duplicate_count)
		? _("Same e-mail as someone of another name: Enter or y adds a new person.")
		: _("Already in the register? Enter registers the selected one (a new person if of another name); y adds a new person anyway.");
	ui_draw_text(app->content_top, 1, app->cols - 2, intro, COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	listbox_draw(&state->list);
	if (state->mode == PICKING)
		form_place_cursor(&state->form);
}

/* Done: back to the session with the person registered. self is freed. */
static void registered(struct app *app, long long contact_id, const char *name)
{
	app_message(app, false, _("%s registered."), name);
	struct screen_result result = { .outcome = SCREEN_DONE, .id = contact_id };
	text_copy(result.text, sizeof result.text, name);
	app_pop_with(app, &result);
}

/* Marks the contact's registration in the session present (audited by the core). */
static enum status mark_present(struct quick_register_state *state, struct app *app, long long contact_id)
{
	struct participant *participants;
	int count = session_participants(app, state->session_id, &participants);
	enum status status = count < 0 ? STATUS_ERR_DATABASE : STATUS_ERR_NOT_FOUND;
	for (int i = 0; i < count; i++)
		if (participants[i].contact_id == contact_id && !participants[i].cancelled)
			status = training_mark(&app->session, participants[i].registration_id, ATTENDANCE_PRESENT);
	free(participants);
	return status;
}

/* Registers a person found; present: marks them present at once. */
static void register_existing(struct quick_register_state *state, struct app *app, long long contact_id, const char *name,
			      bool present)
{
	char registrar_name[401];
	form_value(&state->form, REGISTRAR_NAME, registrar_name, sizeof registrar_name);
	enum status status = training_register(&app->session, state->session_id, contact_id,
					       (enum registrar)state->fields[REGISTRAR].choice,
					       state->fields[REGISTRAR_NAME].hidden ? "" : registrar_name);
	/* Registered already: ^P still marks them present; Enter says so. */
	bool already = status == STATUS_ERR_EXISTS && present;
	if (already)
		status = STATUS_OK;
	if (status == STATUS_OK && present)
		status = mark_present(state, app, contact_id);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	if (present) {
		char text[900];
		snprintf(text, sizeof text, already ? _("%s was registered already; marked present.")
						    : _("%s registered and marked present."), name);
		struct screen_result result = { .outcome = SCREEN_DONE, .id = contact_id };
		text_copy(result.text, sizeof result.text, name);
		app_message(app, false, "%s", text);
		app_pop_with(app, &result);
		return;
	}
	registered(app, contact_id, name);
}

static void add_new(struct quick_register_state *state, struct app *app, bool force)
{
	struct quick_participant person = { .registrar = (enum registrar)state->fields[REGISTRAR].choice };
	form_value(&state->form, FIRST_NAME, person.first_name, sizeof person.first_name);
	form_value(&state->form, LAST_NAME, person.last_name, sizeof person.last_name);
	form_value(&state->form, ORGANISATION, person.organisation, sizeof person.organisation);
	form_value(&state->form, EMAIL, person.email, sizeof person.email);
	if (!state->fields[REGISTRAR_NAME].hidden)
		form_value(&state->form, REGISTRAR_NAME, person.registrar_name, sizeof person.registrar_name);
	long long contact_id = 0;
	enum status status = training_quick_add(&app->session, state->session_id, &person, force, state->duplicates,
						&state->duplicate_count, &contact_id);
	if (status == STATUS_ERR_EXISTS && state->duplicate_count > 0) {
		state->mode = DUPLICATES;
		state->list.selected = 0;
		place(state, app);
		return;
	}
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	char name[900];
	snprintf(name, sizeof name, "%s %s", person.first_name, person.last_name);
	registered(app, contact_id, name);
}

/* ^N: a new person from what was typed: one word is usually the surname;
 * "äijä öhman-ålander" is the first and last name, an e-mail word the
 * e-mail (as the contact list does). The cursor on the first empty field. */
static void start_adding(struct quick_register_state *state, struct app *app)
{
	state->mode = ADDING;
	char typed[256];
	form_value(&state->form, SEARCH, typed, sizeof typed);
	struct contact contact;
	contact_init(&contact);
	contact_fill_from_search(&contact, typed);
	if (*contact.value[CONTACT_LAST_NAME] || *contact.value[CONTACT_EMAIL]) {
		form_set_value(&state->form, FIRST_NAME, contact.value[CONTACT_FIRST_NAME]);
		form_set_value(&state->form, LAST_NAME, contact.value[CONTACT_LAST_NAME]);
		form_set_value(&state->form, EMAIL, contact.value[CONTACT_EMAIL]);
	} else {
		form_set_value(&state->form, LAST_NAME, typed);
	}
	contact_free(&contact);
	place(state, app);
	state->form.focus = ORGANISATION;
	for (int field = FIRST_NAME; field <= LAST_NAME; field++)
		if (!state->fields[field].length) {
			state->form.focus = field;
			break;
		}
}

static int quick_register_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct quick_register_state *state = self;
	struct listbox *list = &state->list;
	if (state->mode == DUPLICATES) {
		if (listbox_handle(list, action))
			return SCREEN_HANDLED;
		/* Another name with the same e-mail is another person by default. */
		if (action == ACTION_OPEN && list->selected >= 0 && state->duplicates[list->selected].other_name)
			add_new(state, app, true);
		else if (action == ACTION_OPEN && list->selected >= 0)
			register_existing(state, app, state->duplicates[list->selected].id, state->duplicates[list->selected].name,
					  false);
		else if (action == ACTION_YES)
			add_new(state, app, true);
		else if (action == ACTION_BACK) {
			state->mode = ADDING;
			place(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (state->mode == PICKING) {
		if (action == ACTION_UP || action == ACTION_DOWN || action == ACTION_PAGE_UP || action == ACTION_PAGE_DOWN) {
			listbox_handle(list, action);
			return SCREEN_HANDLED;
		}
		/* Enter registers the person found; ^P (a key, not a digit that
		 * would be typed into the search) also marks them present. */
		if (action == ACTION_OPEN || action == ACTION_REGISTER_PRESENT) {
			if (list->selected >= 0 && list->selected < state->candidate_count)
				register_existing(state, app, state->candidates[list->selected].id,
						  state->candidates[list->selected].name,
						  action == ACTION_REGISTER_PRESENT);
			return SCREEN_HANDLED;
		}
		if (action == ACTION_ADD) {
			start_adding(state, app);
			return SCREEN_HANDLED;
		}
	}
	int registrar_before = state->fields[REGISTRAR].choice;
	char before[256];
	form_value(&state->form, SEARCH, before, sizeof before);
	enum form_result result = form_handle(&state->form, action, key);
	if (state->fields[REGISTRAR].choice != registrar_before)
		place(state, app);
	if (result == FORM_CANCEL) {
		if (state->mode == ADDING) {
			state->mode = PICKING;
			place(state, app);
		} else {
			app_pop(app);
		}
		return SCREEN_HANDLED;
	}
	if (state->mode == ADDING && result == FORM_SUBMIT) {
		add_new(state, app, false);
		return SCREEN_HANDLED;
	}
	char after[256];
	form_value(&state->form, SEARCH, after, sizeof after);
	if (strcmp(before, after) != 0)
		search(state, app);
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool quick_register_typing(void *self, struct app *app)
{
	struct quick_register_state *state = self;
	(void)app;
	return state->mode != DUPLICATES && form_typing(&state->form);
}

static const enum action quick_register_keys[] = { ACTION_OPEN, ACTION_REGISTER_PRESENT, ACTION_ADD, ACTION_NEXT_FIELD,
						    ACTION_BACK, ACTION_NONE };
static const enum action quick_register_adding_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };
static const enum action quick_register_duplicate_keys[] = { ACTION_OPEN, ACTION_YES, ACTION_BACK, ACTION_NONE };

/* Each mode its keys: F2 saves only a new participant. */
static const enum action *quick_register_keys_now(const void *self)
{
	const struct quick_register_state *state = self;
	return state->mode == ADDING ? quick_register_adding_keys
		: state->mode == DUPLICATES ? quick_register_duplicate_keys : quick_register_keys;
}

/* Enter registers (or takes) a row, and ^P registers it present, only when one is selected. */
static bool quick_register_key_works(const void *self, const struct app *app, enum action action)
{
	const struct quick_register_state *state = self;
	(void)app;
	if (action != ACTION_OPEN && action != ACTION_REGISTER_PRESENT)
		return true;
	long rows = state->mode == DUPLICATES ? state->duplicate_count : state->candidate_count;
	return state->list.selected >= 0 && state->list.selected < rows;
}

/* Enter on a person found registers them; on a likely duplicate, takes it. */
static const char *quick_register_key_words(const void *self, enum action action)
{
	const struct quick_register_state *state = self;
	if (action != ACTION_OPEN)
		return NULL;
	return state->mode == PICKING ? _("register") : state->mode == DUPLICATES ? _("choose") : NULL;
}

const struct screen_ops quick_register_screen = {
	.title = N_("Register a participant"),
	.state_size = sizeof(struct quick_register_state),
	.open = quick_register_open,
	.layout = quick_register_layout,
	.draw = quick_register_draw,
	.handle = quick_register_handle,
	.typing = quick_register_typing,
	.key_help = quick_register_keys,
	.keys_now = quick_register_keys_now,
	.key_works = quick_register_key_works,
	.key_words = quick_register_key_words,
};

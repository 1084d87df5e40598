/* Registering at the session: type a few letters and pick the person, or
 * add them with the minimum a training needs; likely duplicates are offered
 * first (to a trainer nothing of the register is shown). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"

#define CANDIDATES_MAX 100

enum { SEARCH, REGISTRAR, REGISTRAR_NAME, FIRST_NAME, LAST_NAME, ORGANISATION, EMAIL, FIELD_COUNT };
enum mode { PICKING, ADDING, DUPLICATES };

static long long session_id;
static enum mode mode;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct contact_row candidates[CANDIDATES_MAX];
static int candidate_count;
static struct contact_duplicate duplicates[8];
static int duplicate_count;
static struct listbox list;
static const char *registrar_labels[REGISTRAR_COUNT];
static struct app *current_app;

static long candidate_rows(void *context)
{
	(void)context;
	return mode == DUPLICATES ? duplicate_count : candidate_count;
}

static void draw_candidate(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	static const int widths[] = { 32, 0 };
	const char *cells[2];
	if (mode == DUPLICATES) {
		cells[0] = duplicates[index].name;
		cells[1] = duplicates[index].reason;
	} else {
		cells[0] = candidates[index].name;
		cells[1] = candidates[index].organisation;
	}
	ui_draw_row(y, x + 2, width - 2, widths, cells, 2, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void search(void)
{
	char text[256];
	form_value(&form, SEARCH, text, sizeof text);
	candidate_count = *text ? training_candidates(&current_app->session, text, candidates, CANDIDATES_MAX) : 0;
	if (candidate_count < 0)
		candidate_count = 0;
	list.selected = 0;
	listbox_clamp(&list);
}

/* Picking shows the search and who registered them; adding the person's few fields too. */
static void show_fields(void)
{
	bool adding = mode == ADDING;
	fields[SEARCH].hidden = adding;
	fields[FIRST_NAME].hidden = fields[LAST_NAME].hidden = !adding;
	fields[ORGANISATION].hidden = fields[EMAIL].hidden = !adding;
	fields[REGISTRAR_NAME].hidden = fields[REGISTRAR].choice == REGISTRAR_SELF;
}

static void quick_register_enter(struct app *app, void *argument)
{
	current_app = app;
	session_id = *(const long long *)argument;
	mode = PICKING;
	for (int i = 0; i < REGISTRAR_COUNT; i++)
		registrar_labels[i] = registrar_label((enum registrar)i);
	memset(fields, 0, sizeof fields);
	fields[SEARCH] = (struct form_field){ .label = N_("Find"), .max_chars = 60 };
	fields[REGISTRAR] = (struct form_field){ .label = N_("Registered by"), .kind = FIELD_CHOICE,
		.choices = registrar_labels, .choice_count = REGISTRAR_COUNT, .choice = REGISTRAR_EMPLOYER };
	fields[REGISTRAR_NAME] = (struct form_field){ .label = N_("Employer or party"), .max_chars = 200 };
	fields[FIRST_NAME] = (struct form_field){ .label = N_("First name"), .max_chars = 100 };
	fields[LAST_NAME] = (struct form_field){ .label = N_("Last name"), .max_chars = 100 };
	fields[ORGANISATION] = (struct form_field){ .label = N_("Organisation"), .max_chars = 200 };
	fields[EMAIL] = (struct form_field){ .label = N_("E-mail (optional)"), .max_chars = 254 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	listbox_init(&list, candidate_rows, draw_candidate, NULL);
	show_fields();
}

static void quick_register_layout(struct app *app)
{
	current_app = app;
	show_fields();
	form_layout(&form, app->content_top + 1, 1, app->cols, 0);
	int top = form.top + form_height(&form) + 1;
	listbox_layout(&list, top, 0, app->content_top + app->content_rows - top, app->cols);
}

static void quick_register_draw(struct app *app)
{
	const char *intro = mode == PICKING ? _("Type a few letters; Up/Down and Enter registers. ^N adds a new person.")
		: mode == ADDING ? _("A new participant: name, organisation, e-mail if given. F2 saves.")
		: contact_duplicates_all_other_names(duplicates, duplicate_count)
		? _("Same e-mail as someone of another name: Enter or y adds a new person.")
		: _("Already in the register? Enter registers the selected one (a new person if of another name); y adds a new person anyway.");
	ui_draw_text(app->content_top, 1, app->cols - 2, intro, COLOR_ROLE_DIM, false);
	form_draw(&form);
	listbox_draw(&list);
	if (mode == PICKING)
		form_place_cursor(&form);
}

static void registered(struct app *app, const char *name)
{
	app_message(app, false, _("%s registered."), name);
	app_pop(app);
}

static void register_existing(struct app *app, long long contact_id, const char *name)
{
	char registrar_name[401];
	form_value(&form, REGISTRAR_NAME, registrar_name, sizeof registrar_name);
	enum status status = training_register(&app->session, session_id, contact_id, (enum registrar)fields[REGISTRAR].choice,
					       fields[REGISTRAR_NAME].hidden ? "" : registrar_name);
	if (status == STATUS_OK)
		registered(app, name);
	else
		app_fail(app, status);
}

static void add_new(struct app *app, bool force)
{
	struct quick_participant person = { .registrar = (enum registrar)fields[REGISTRAR].choice };
	form_value(&form, FIRST_NAME, person.first_name, sizeof person.first_name);
	form_value(&form, LAST_NAME, person.last_name, sizeof person.last_name);
	form_value(&form, ORGANISATION, person.organisation, sizeof person.organisation);
	form_value(&form, EMAIL, person.email, sizeof person.email);
	if (!fields[REGISTRAR_NAME].hidden)
		form_value(&form, REGISTRAR_NAME, person.registrar_name, sizeof person.registrar_name);
	long long contact_id = 0;
	enum status status = training_quick_add(&app->session, session_id, &person, force, duplicates, &duplicate_count,
						&contact_id);
	if (status == STATUS_ERR_EXISTS && duplicate_count > 0) {
		mode = DUPLICATES;
		list.selected = 0;
		quick_register_layout(app);
		return;
	}
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	char name[900];
	snprintf(name, sizeof name, "%s %s", person.first_name, person.last_name);
	registered(app, name);
}

static int quick_register_handle(struct app *app, enum action action, struct key_press key)
{
	if (mode == DUPLICATES) {
		if (listbox_handle(&list, action))
			return SCREEN_HANDLED;
		/* Another name with the same e-mail is another person by default. */
		if (action == ACTION_OPEN && list.selected >= 0 && duplicates[list.selected].other_name)
			add_new(app, true);
		else if (action == ACTION_OPEN && list.selected >= 0)
			register_existing(app, duplicates[list.selected].id, duplicates[list.selected].name);
		else if (action == ACTION_YES)
			add_new(app, true);
		else if (action == ACTION_BACK) {
			mode = ADDING;
			quick_register_layout(app);
		}
		return SCREEN_HANDLED;
	}
	if (mode == PICKING) {
		if (action == ACTION_UP || action == ACTION_DOWN || action == ACTION_PAGE_UP || action == ACTION_PAGE_DOWN) {
			listbox_handle(&list, action);
			return SCREEN_HANDLED;
		}
		if (action == ACTION_OPEN) {
			if (list.selected >= 0 && list.selected < candidate_count)
				register_existing(app, candidates[list.selected].id, candidates[list.selected].name);
			return SCREEN_HANDLED;
		}
		if (action == ACTION_ADD) {
			mode = ADDING;
			char typed[256];
			form_value(&form, SEARCH, typed, sizeof typed);
			form_set_value(&form, LAST_NAME, typed);   /* what was typed is usually the surname */
			quick_register_layout(app);
			form.focus = FIRST_NAME;
			return SCREEN_HANDLED;
		}
	}
	int registrar_before = fields[REGISTRAR].choice;
	char before[256];
	form_value(&form, SEARCH, before, sizeof before);
	enum form_result result = form_handle(&form, action, key);
	if (fields[REGISTRAR].choice != registrar_before)
		quick_register_layout(app);
	if (result == FORM_CANCEL) {
		if (mode == ADDING) {
			mode = PICKING;
			quick_register_layout(app);
		} else {
			app_pop(app);
		}
		return SCREEN_HANDLED;
	}
	if (mode == ADDING && result == FORM_SUBMIT) {
		add_new(app, false);
		return SCREEN_HANDLED;
	}
	char after[256];
	form_value(&form, SEARCH, after, sizeof after);
	if (strcmp(before, after) != 0)
		search();
	return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
}

static bool quick_register_typing(struct app *app)
{
	(void)app;
	return mode != DUPLICATES && form_typing(&form);
}

static const enum action quick_register_keys[] = { ACTION_OPEN, ACTION_ADD, ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops quick_register_screen = {
	.title = N_("Register a participant"),
	.legacy.enter = quick_register_enter,
	.legacy.layout = quick_register_layout,
	.legacy.draw = quick_register_draw,
	.legacy.handle = quick_register_handle,
	.legacy.typing = quick_register_typing,
	.key_help = quick_register_keys,
};

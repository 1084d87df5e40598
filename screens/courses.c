/* Courses and what they lead to: a certificate or a permit card, valid for
 * some months (notice §1.4, §2.6). a adds one in the form below the list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "listbox.h"
#include "screens.h"
#include "training.h"

#define COURSES_MAX 500

enum { NAME, KIND, VALIDITY, DESCRIPTION, FIELD_COUNT };

static const int widths[] = { 36, 16, 0 };

struct courses_state {
	struct course courses[COURSES_MAX];
	int course_count;
	struct listbox list;
	bool editing;
	long long editing_id;             /* the course being changed; 0: a new one */
	struct form_field fields[FIELD_COUNT];
	struct form form;
	const char *kind_labels[CERTIFICATE_KIND_COUNT];   /* translated at open */
	struct course saving;             /* the form's course on its way to the core */
};

static long course_rows(void *context)
{
	const struct courses_state *state = context;
	return state->course_count;
}

static void draw_course(void *context, long index, int y, int x, int width, bool selected)
{
	const struct courses_state *state = context;
	const struct course *course = &state->courses[index];
	char validity[64];
	if (course->validity_months)
		snprintf(validity, sizeof validity, _("valid %d months"), course->validity_months);
	else
		snprintf(validity, sizeof validity, "%s", course->certificate_kind == CERTIFICATE_KIND_NONE ? "" : _("no expiry"));
	const char *cells[] = { course->name, certificate_kind_label(course->certificate_kind), validity };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 3, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void courses_open(void *self, struct app *app, const void *argument)
{
	struct courses_state *state = self;
	(void)app;
	(void)argument;
	for (int i = 0; i < CERTIFICATE_KIND_COUNT; i++)
		state->kind_labels[i] = certificate_kind_label((enum certificate_kind)i);
	listbox_init(&state->list, course_rows, draw_course, state);
}

/* Reads the courses and places the list, and the form under it while editing. */
static void place(struct courses_state *state, struct app *app)
{
	state->course_count = course_list(&app->session, state->courses, COURSES_MAX);
	if (state->course_count < 0)
		state->course_count = 0;
	int form_rows = state->editing ? FIELD_COUNT + 2 : 0;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 1 - form_rows, app->cols);
	form_layout(&state->form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void courses_layout(void *self, struct app *app)
{
	place(self, app);
}

static void courses_draw(void *self, struct app *app)
{
	struct courses_state *state = self;
	const char *headers[] = { _("Course"), _("Leads to"), _("Validity") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 3, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->editing) {
		ui_draw_text(state->form.top - 1, 2, app->cols - 4, state->editing_id ? _("Change the course:") : _("New course:"),
			     COLOR_ROLE_TITLE, true);
		form_draw(&state->form);
		form_place_cursor(&state->form);
	} else if (state->course_count == 0) {
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No courses yet: a adds one."), COLOR_ROLE_DIM, false);
	}
}

/* course: the one to change (copied), NULL for a new one. */
static void start_editing(struct courses_state *state, struct app *app, const struct course *course)
{
	struct form_field *fields = state->fields;
	memset(state->fields, 0, sizeof state->fields);
	fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
	fields[KIND] = (struct form_field){ .label = N_("Leads to"), .kind = FIELD_CHOICE, .choices = state->kind_labels,
		.choice_count = CERTIFICATE_KIND_COUNT, .choice = course ? (int)course->certificate_kind : CERTIFICATE_KIND_CERTIFICATE };
	fields[VALIDITY] = (struct form_field){ .label = N_("Valid for months (0: no expiry)"), .max_chars = 4 };
	fields[DESCRIPTION] = (struct form_field){ .label = N_("Description"), .max_chars = 1000 };
	form_init(&state->form, fields, FIELD_COUNT, state);
	char months[16];
	snprintf(months, sizeof months, "%d", course ? course->validity_months : 0);
	form_set_value(&state->form, VALIDITY, months);
	if (course) {
		form_set_value(&state->form, NAME, course->name);
		form_set_value(&state->form, DESCRIPTION, course->description);
	}
	state->editing_id = course ? course->id : 0;
	state->editing = true;
	place(state, app);
}

static void save(struct courses_state *state, struct app *app)
{
	struct course *course = &state->saving;
	memset(course, 0, sizeof *course);
	course->id = state->editing_id;
	char months[16];
	form_value(&state->form, NAME, course->name, sizeof course->name);
	form_value(&state->form, DESCRIPTION, course->description, sizeof course->description);
	form_value(&state->form, VALIDITY, months, sizeof months);
	course->certificate_kind = (enum certificate_kind)state->fields[KIND].choice;
	char *end;
	course->validity_months = (int)strtol(months, &end, 10);
	if (*end) {
		app_message(app, true, "%s", _("months: a whole number"));
		return;
	}
	enum status status = course_save(&app->session, course);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	app_message(app, false, _("Saved %s."), course->name);
	state->editing = false;
	place(state, app);
}

static int courses_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct courses_state *state = self;
	if (state->editing) {
		enum form_result result = form_handle(&state->form, action, key);
		if (result == FORM_CANCEL) {
			state->editing = false;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			save(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		start_editing(state, app, NULL);
		return SCREEN_HANDLED;
	}
	if ((action == ACTION_EDIT || action == ACTION_OPEN) && state->list.selected >= 0) {
		/* A copy: place() reads the list again while the form opens. */
		state->saving = state->courses[state->list.selected];
		start_editing(state, app, &state->saving);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool courses_typing(void *self, struct app *app)
{
	struct courses_state *state = self;
	(void)app;
	return state->editing && form_typing(&state->form);
}

static const enum action courses_keys[] = { ACTION_ADD, ACTION_EDIT, ACTION_BACK, ACTION_NONE };
static const enum action courses_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

/* F2 saves only in the form; the list adds and edits. */
static const enum action *courses_keys_now(const void *self)
{
	const struct courses_state *state = self;
	return state->editing ? courses_form_keys : courses_keys;
}

static bool courses_key_works(const void *self, const struct app *app, enum action action)
{
	const struct courses_state *state = self;
	(void)app;
	return action != ACTION_EDIT || state->editing || state->list.selected >= 0;
}

const struct screen_ops courses_screen = {
	.title = N_("Courses"),
	.state_size = sizeof(struct courses_state),
	.open = courses_open,
	.layout = courses_layout,
	.draw = courses_draw,
	.handle = courses_handle,
	.typing = courses_typing,
	.key_help = courses_keys,
	.keys_now = courses_keys_now,
	.key_works = courses_key_works,
};

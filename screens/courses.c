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

static struct course courses[COURSES_MAX];
static int course_count;
static struct listbox list;
static bool editing;
static long long editing_id;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static const char *kind_labels[CERTIFICATE_KIND_COUNT];
static const int widths[] = { 36, 16, 0 };

static long course_rows(void *context)
{
	(void)context;
	return course_count;
}

static void draw_course(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	char validity[64];
	if (courses[index].validity_months)
		snprintf(validity, sizeof validity, _("valid %d months"), courses[index].validity_months);
	else
		snprintf(validity, sizeof validity, "%s", courses[index].certificate_kind == CERTIFICATE_KIND_NONE ? "" : _("no expiry"));
	const char *cells[] = { courses[index].name, certificate_kind_label(courses[index].certificate_kind), validity };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 3, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void courses_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	editing = false;
	for (int i = 0; i < CERTIFICATE_KIND_COUNT; i++)
		kind_labels[i] = certificate_kind_label((enum certificate_kind)i);
	listbox_init(&list, course_rows, draw_course, NULL);
}

static void courses_layout(struct app *app)
{
	course_count = course_list(&app->session, courses, COURSES_MAX);
	if (course_count < 0)
		course_count = 0;
	int form_rows = editing ? FIELD_COUNT + 2 : 0;
	listbox_layout(&list, app->content_top + 1, 0, app->content_rows - 1 - form_rows, app->cols);
	form_layout(&form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void courses_draw(struct app *app)
{
	const char *headers[] = { _("Course"), _("Leads to"), _("Validity") };
	ui_draw_row(app->content_top, 1, app->cols - 1, widths, headers, 3, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (editing) {
		ui_draw_text(form.top - 1, 2, app->cols - 4, editing_id ? _("Change the course:") : _("New course:"),
			     COLOR_ROLE_TITLE, true);
		form_draw(&form);
		form_place_cursor(&form);
	} else if (course_count == 0) {
		ui_draw_text(list.top, 2, app->cols - 4, _("No courses yet: a adds one."), COLOR_ROLE_DIM, false);
	}
}

static void start_editing(struct app *app, const struct course *course)
{
	memset(fields, 0, sizeof fields);
	fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
	fields[KIND] = (struct form_field){ .label = N_("Leads to"), .kind = FIELD_CHOICE, .choices = kind_labels,
		.choice_count = CERTIFICATE_KIND_COUNT, .choice = course ? (int)course->certificate_kind : CERTIFICATE_KIND_CERTIFICATE };
	fields[VALIDITY] = (struct form_field){ .label = N_("Valid for months (0: no expiry)"), .max_chars = 4 };
	fields[DESCRIPTION] = (struct form_field){ .label = N_("Description"), .max_chars = 1000 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	char months[16];
	snprintf(months, sizeof months, "%d", course ? course->validity_months : 0);
	form_set_value(&form, VALIDITY, months);
	if (course) {
		form_set_value(&form, NAME, course->name);
		form_set_value(&form, DESCRIPTION, course->description);
	}
	editing_id = course ? course->id : 0;
	editing = true;
	courses_layout(app);
}

static int courses_handle(struct app *app, enum action action, struct key_press key)
{
	if (editing) {
		enum form_result result = form_handle(&form, action, key);
		if (result == FORM_CANCEL) {
			editing = false;
			courses_layout(app);
		} else if (result == FORM_SUBMIT) {
			static struct course course;
			memset(&course, 0, sizeof course);
			course.id = editing_id;
			char months[16];
			form_value(&form, NAME, course.name, sizeof course.name);
			form_value(&form, DESCRIPTION, course.description, sizeof course.description);
			form_value(&form, VALIDITY, months, sizeof months);
			course.certificate_kind = (enum certificate_kind)fields[KIND].choice;
			char *end;
			course.validity_months = (int)strtol(months, &end, 10);
			if (*end) {
				app_message(app, true, "%s", _("months: a whole number"));
				return SCREEN_HANDLED;
			}
			enum status status = course_save(&app->session, &course);
			if (status != STATUS_OK) {
				app_fail(app, status);
			} else {
				app_message(app, false, _("Saved %s."), course.name);
				editing = false;
				courses_layout(app);
			}
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		start_editing(app, NULL);
		return SCREEN_HANDLED;
	}
	if ((action == ACTION_EDIT || action == ACTION_OPEN) && list.selected >= 0) {
		start_editing(app, &courses[list.selected]);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool courses_typing(struct app *app)
{
	(void)app;
	return editing && form_typing(&form);
}

static const enum action courses_keys[] = { ACTION_ADD, ACTION_EDIT, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops courses_screen = {
	.title = N_("Courses"),
	.legacy.enter = courses_enter,
	.legacy.layout = courses_layout,
	.legacy.draw = courses_draw,
	.legacy.handle = courses_handle,
	.legacy.typing = courses_typing,
	.key_help = courses_keys,
};

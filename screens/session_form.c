/* A training session: course, start, place, capacity, and its trainer: one
 * of ours or an external trainer from the recipients (notice §2.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "screens.h"
#include "training.h"

#define COURSES_MAX 200
#define TRAINERS_MAX 200

enum { COURSE, STARTS_AT, PLACE, CAPACITY, TRAINER, FIELD_COUNT };

static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct training_session training;
static struct course courses[COURSES_MAX];
static const char *course_labels[COURSES_MAX];
static int course_count;
/* Trainer choices: [0] the user (or, for the officer, "our trainer" = the officer), then external trainers. */
static long long trainer_recipient[TRAINERS_MAX];
static char trainer_text[TRAINERS_MAX][128];
static const char *trainer_labels[TRAINERS_MAX];
static int trainer_count;

static void collect_external_trainers(struct app *app)
{
	static struct recipient recipients[TRAINERS_MAX];
	int count = recipient_list(&app->session, recipients, TRAINERS_MAX);
	trainer_count = 1;
	snprintf(trainer_text[0], sizeof trainer_text[0], _("me (%s)"), app->session.username);
	trainer_recipient[0] = 0;
	for (int i = 0; i < count && trainer_count < TRAINERS_MAX; i++) {
		if (recipients[i].kind != RECIPIENT_EXTERNAL_TRAINER)
			continue;
		snprintf(trainer_text[trainer_count], sizeof trainer_text[trainer_count], _("external: %.100s"), recipients[i].name);
		trainer_recipient[trainer_count++] = recipients[i].id;
	}
	for (int i = 0; i < trainer_count; i++)
		trainer_labels[i] = trainer_text[i];
}

static void session_form_enter(struct app *app, void *argument)
{
	memset(&training, 0, sizeof training);
	if (argument)
		training = *(const struct training_session *)argument;
	course_count = course_list(&app->session, courses, COURSES_MAX);
	if (course_count < 0)
		course_count = 0;
	for (int i = 0; i < course_count; i++)
		course_labels[i] = courses[i].name;
	collect_external_trainers(app);
	memset(fields, 0, sizeof fields);
	fields[COURSE] = (struct form_field){ .label = N_("Course"), .kind = FIELD_CHOICE, .choices = course_labels,
		.choice_count = course_count > 0 ? course_count : 1 };
	fields[STARTS_AT] = (struct form_field){ .label = N_("Starts (YYYY-MM-DD HH:MM)"), .max_chars = 16 };
	fields[PLACE] = (struct form_field){ .label = N_("Place"), .max_chars = 200 };
	fields[CAPACITY] = (struct form_field){ .label = N_("Capacity (0: no limit)"), .max_chars = 5 };
	fields[TRAINER] = (struct form_field){ .label = N_("Trainer"), .kind = FIELD_CHOICE, .choices = trainer_labels,
		.choice_count = trainer_count };
	form_init(&form, fields, FIELD_COUNT, NULL);
	for (int i = 0; i < course_count; i++)
		if (courses[i].id == training.course_id)
			fields[COURSE].choice = i;
	for (int i = 1; i < trainer_count; i++)
		if (trainer_recipient[i] == training.external_trainer_id)
			fields[TRAINER].choice = i;
	form_set_value(&form, STARTS_AT, training.starts_at);
	form_set_value(&form, PLACE, training.place);
	char capacity[16];
	snprintf(capacity, sizeof capacity, "%d", training.capacity);
	form_set_value(&form, CAPACITY, capacity);
}

static void session_form_layout(struct app *app)
{
	form_layout(&form, app->content_top + 2, 1, app->cols, 0);
}

static void session_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     course_count ? _("A session of a course; F2 saves.") : _("Add a course first (main menu: Courses)."),
		     course_count ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING, false);
	if (!course_count)
		return;
	form_draw(&form);
	form_place_cursor(&form);
}

static int session_form_handle(struct app *app, enum action action, struct key_press key)
{
	if (!course_count)
		return 0;
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char capacity[16];
	training.course_id = courses[fields[COURSE].choice].id;
	form_value(&form, STARTS_AT, training.starts_at, sizeof training.starts_at);
	form_value(&form, PLACE, training.place, sizeof training.place);
	form_value(&form, CAPACITY, capacity, sizeof capacity);
	char *end;
	long number = strtol(capacity, &end, 10);
	if (*end || number < 0 || number > 100000) {
		form_set_error(&form, CAPACITY, _("a whole number, 0 for no limit"));
		form.focus = CAPACITY;
		return SCREEN_HANDLED;
	}
	training.capacity = (int)number;
	training.external_trainer_id = trainer_recipient[fields[TRAINER].choice];
	training.trainer_account_id = training.external_trainer_id ? 0 : app->session.account_id;
	enum status status = training_session_save(&app->session, &training);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", _("Session saved."));
	app_pop(app);
	return SCREEN_HANDLED;
}

static bool session_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static const enum action session_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops session_form_screen = {
	.title = N_("Training session"),
	.legacy.enter = session_form_enter,
	.legacy.layout = session_form_layout,
	.legacy.draw = session_form_draw,
	.legacy.handle = session_form_handle,
	.legacy.typing = session_form_typing,
	.key_help = session_form_keys,
};

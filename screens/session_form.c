/* A training session: course, start, place, capacity, and its trainer: one
 * of ours or an external trainer from the recipients (notice §2.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "screens.h"
#include "training.h"
#include "training_screens.h"

#define COURSES_MAX 200
#define TRAINERS_MAX 200

enum { COURSE, STARTS_AT, PLACE, CAPACITY, TRAINER, FIELD_COUNT };

struct session_form_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct training_session training;   /* as opened (id 0: a new one) and as being edited */
	bool unavailable;                   /* the session to change could not be read */
	struct course courses[COURSES_MAX];
	const char *course_labels[COURSES_MAX];
	int course_count;
	/* Trainer choices: [0] the user (or, for the officer, "our trainer" = the officer), then external trainers. */
	long long trainer_recipient[TRAINERS_MAX];
	char trainer_text[TRAINERS_MAX][128];
	const char *trainer_labels[TRAINERS_MAX];
	int trainer_count;
	struct recipient recipients[TRAINERS_MAX];   /* scratch for collecting the external trainers */
};

static void collect_external_trainers(struct session_form_state *state, struct app *app)
{
	int count = recipient_list(&app->session, state->recipients, TRAINERS_MAX);
	state->trainer_count = 1;
	snprintf(state->trainer_text[0], sizeof state->trainer_text[0], _("me (%s)"), app->session.username);
	state->trainer_recipient[0] = 0;
	for (int i = 0; i < count && state->trainer_count < TRAINERS_MAX; i++) {
		if (state->recipients[i].kind != RECIPIENT_EXTERNAL_TRAINER)
			continue;
		snprintf(state->trainer_text[state->trainer_count], sizeof state->trainer_text[state->trainer_count],
			 _("external: %.100s"), state->recipients[i].name);
		state->trainer_recipient[state->trainer_count++] = state->recipients[i].id;
	}
	for (int i = 0; i < state->trainer_count; i++)
		state->trainer_labels[i] = state->trainer_text[i];
}

static void session_form_open(void *self, struct app *app, const void *argument)
{
	struct session_form_state *state = self;
	const struct session_form_argument *given = argument;
	if (given && given->session_id) {
		enum status status = training_session_load(&app->session, given->session_id, &state->training);
		if (status != STATUS_OK) {
			app_fail(app, status);
			state->unavailable = true;
			return;
		}
	}
	state->course_count = course_list(&app->session, state->courses, COURSES_MAX);
	if (state->course_count < 0)
		state->course_count = 0;
	for (int i = 0; i < state->course_count; i++)
		state->course_labels[i] = state->courses[i].name;
	collect_external_trainers(state, app);
	struct form_field *fields = state->fields;
	fields[COURSE] = (struct form_field){ .label = N_("Course"), .kind = FIELD_CHOICE, .choices = state->course_labels,
		.choice_count = state->course_count > 0 ? state->course_count : 1 };
	fields[STARTS_AT] = (struct form_field){ .label = N_("Starts (YYYY-MM-DD HH:MM)"), .max_chars = 16 };
	fields[PLACE] = (struct form_field){ .label = N_("Place"), .max_chars = 200 };
	fields[CAPACITY] = (struct form_field){ .label = N_("Capacity (0: no limit)"), .max_chars = 5 };
	fields[TRAINER] = (struct form_field){ .label = N_("Trainer"), .kind = FIELD_CHOICE, .choices = state->trainer_labels,
		.choice_count = state->trainer_count };
	form_init(&state->form, fields, FIELD_COUNT, state);
	for (int i = 0; i < state->course_count; i++)
		if (state->courses[i].id == state->training.course_id)
			fields[COURSE].choice = i;
	for (int i = 1; i < state->trainer_count; i++)
		if (state->trainer_recipient[i] == state->training.external_trainer_id)
			fields[TRAINER].choice = i;
	form_set_value(&state->form, STARTS_AT, state->training.starts_at);
	form_set_value(&state->form, PLACE, state->training.place);
	char capacity[16];
	snprintf(capacity, sizeof capacity, "%d", state->training.capacity);
	form_set_value(&state->form, CAPACITY, capacity);
}

static bool form_shown(const struct session_form_state *state)
{
	return state->course_count > 0 && !state->unavailable;
}

static void session_form_layout(void *self, struct app *app)
{
	struct session_form_state *state = self;
	form_layout(&state->form, app->content_top + 2, 1, app->cols, 0);
}

static void session_form_draw(void *self, struct app *app)
{
	struct session_form_state *state = self;
	if (state->unavailable)
		return;   /* the reason is on the message line; Esc goes back */
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     state->course_count ? _("A session of a course; F2 saves.") : _("Add a course first (main menu: Courses)."),
		     state->course_count ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING, false);
	if (!form_shown(state))
		return;
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int session_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct session_form_state *state = self;
	if (!form_shown(state))
		return 0;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct training_session *training = &state->training;
	char capacity[16];
	training->course_id = state->courses[state->fields[COURSE].choice].id;
	form_value(&state->form, STARTS_AT, training->starts_at, sizeof training->starts_at);
	form_value(&state->form, PLACE, training->place, sizeof training->place);
	form_value(&state->form, CAPACITY, capacity, sizeof capacity);
	char *end;
	long number = strtol(capacity, &end, 10);
	if (*end || number < 0 || number > 100000) {
		form_set_error(&state->form, CAPACITY, _("a whole number, 0 for no limit"));
		state->form.focus = CAPACITY;
		return SCREEN_HANDLED;
	}
	training->capacity = (int)number;
	training->external_trainer_id = state->trainer_recipient[state->fields[TRAINER].choice];
	training->trainer_account_id = training->external_trainer_id ? 0 : app->session.account_id;
	enum status status = training_session_save(&app->session, training);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", _("Session saved."));
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_SAVED, .id = training->id });
	return SCREEN_HANDLED;
}

static bool session_form_typing(void *self, struct app *app)
{
	struct session_form_state *state = self;
	(void)app;
	return form_shown(state) && form_typing(&state->form);
}

static const enum action session_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops session_form_screen = {
	.title = N_("Training session"),
	.state_size = sizeof(struct session_form_state),
	.open = session_form_open,
	.layout = session_form_layout,
	.draw = session_form_draw,
	.handle = session_form_handle,
	.typing = session_form_typing,
	.key_help = session_form_keys,
};

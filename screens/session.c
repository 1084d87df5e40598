/* One training session at the session itself: participants, one key per
 * row for attendance, everyone present at once, certificates, and the list
 * for an external trainer (notice §1.4, §2.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "listbox.h"
#include "screens.h"
#include "written_files.h"
#include "training.h"
#include "training_screens.h"

#define PARTICIPANTS_MAX 1000

static const int widths[] = { 24, 18, 9, 0 };

struct session_state {
	long long session_id;
	struct training_session training;
	struct participant participants[PARTICIPANTS_MAX];
	int participant_count;
	struct listbox list;
	long long select_contact_id;    /* just registered: selected once the list is read, for 1 to mark */
};

static long participant_rows(void *context)
{
	const struct session_state *state = context;
	return state->participant_count;
}

static void draw_participant(void *context, long index, int y, int x, int width, bool selected)
{
	const struct session_state *state = context;
	const struct participant *row = &state->participants[index];
	char card[96] = "";
	if (*row->certificate_number)
		snprintf(card, sizeof card, "%s %s", row->valid_until, row->certificate_number);
	const char *cells[] = { row->name, row->organisation,
				row->cancelled ? _("cancelled") : attendance_label(row->attendance), card };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : row->cancelled ? COLOR_ROLE_DIM
		: row->attendance == ATTENDANCE_ABSENT ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, role);
}

static void load(struct session_state *state, struct app *app)
{
	if (training_session_load(&app->session, state->session_id, &state->training) != STATUS_OK) {
		app_fail(app, STATUS_ERR_FORBIDDEN);
		state->participant_count = 0;
		return;
	}
	state->participant_count = training_participants(&app->session, state->session_id, state->participants,
							 PARTICIPANTS_MAX);
	if (state->participant_count < 0)
		state->participant_count = 0;
	listbox_clamp(&state->list);
}

static void session_open(void *self, struct app *app, const void *argument)
{
	struct session_state *state = self;
	const struct session_argument *given = argument;
	(void)app;
	state->session_id = given->session_id;
	listbox_init(&state->list, participant_rows, draw_participant, state);
}

/* Back from registering: the person registered is selected (issue 16). */
static void session_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct session_state *state = self;
	(void)app;
	if (result->from == &quick_register_screen && result->outcome == SCREEN_DONE)
		state->select_contact_id = result->id;
}

/* Read again on every layout: a participant registered above shows at once. */
static void session_layout(void *self, struct app *app)
{
	struct session_state *state = self;
	load(state, app);
	for (int i = 0; state->select_contact_id && i < state->participant_count; i++)
		if (state->participants[i].contact_id == state->select_contact_id)
			state->list.selected = i;
	state->select_contact_id = 0;
	listbox_layout(&state->list, app->content_top + 3, 0, app->content_rows - 3, app->cols);
}

static void session_draw(void *self, struct app *app)
{
	struct session_state *state = self;
	const struct training_session *training = &state->training;
	char line[2000];
	snprintf(line, sizeof line, "%s  %s  %s", training->course_name, training->starts_at, training->place);
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	if (training->capacity)
		snprintf(line, sizeof line, _("Trainer: %s.  Registered %d of %d, present %d."), training->trainer_name,
			 training->registered, training->capacity, training->present);
	else
		snprintf(line, sizeof line, _("Trainer: %s.  Registered %d, present %d."), training->trainer_name,
			 training->registered, training->present);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	const char *headers[] = { _("Participant"), _("Organisation"), _("Here"), _("Card valid until, number") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->participant_count == 0)
		ui_draw_text(state->list.top, 2, app->cols - 4, _("No participants yet: ^N registers one."), COLOR_ROLE_DIM, false);
}

static void report(struct session_state *state, struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK)
		app_message(app, false, "%s", success);
	else
		app_fail(app, status);
	load(state, app);
}

static void mark(struct session_state *state, struct app *app, enum attendance attendance)
{
	struct listbox *list = &state->list;
	if (list->selected < 0)
		return;
	enum status status = training_mark(&app->session, state->participants[list->selected].registration_id, attendance);
	report(state, app, status, attendance_label(attendance));
	if (status == STATUS_OK && list->selected + 1 < state->participant_count)
		list->selected++;   /* one key per row: on to the next person */
	listbox_clamp(list);
}

static void export_for_trainer(struct session_state *state, struct app *app)
{
	char path[4096], today[11], sha256[65];
	calendar_today(today);
	char name[128];
	snprintf(name, sizeof name, "regdesk-participants-%lld-%s.csv", state->session_id, today);
	if (!files_folder_path(app->db, name, path, sizeof path)) {   /* private folder, not $HOME (issue 13) */
		app_fail(app, STATUS_ERR_IO);
		return;
	}
	long long count = 0;
	enum status status = training_export_for_trainer(&app->session, state->session_id, path, sha256, &count);
	if (status == STATUS_OK)
		app_message(app, false, _("%lld names and organisations written to %s (logged as a disclosure)."), count, path);
	else
		app_fail(app, status);
}

static int session_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct session_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	switch (action) {
	case ACTION_MARK_PRESENT: mark(state, app, ATTENDANCE_PRESENT); return SCREEN_HANDLED;
	case ACTION_MARK_ABSENT: mark(state, app, ATTENDANCE_ABSENT); return SCREEN_HANDLED;
	case ACTION_MARK_PARTLY: mark(state, app, ATTENDANCE_PARTLY); return SCREEN_HANDLED;
	case ACTION_MARK_ALL: {
		int marked = 0;
		enum status status = training_mark_all_present(&app->session, state->session_id, &marked);
		char text[128];
		snprintf(text, sizeof text, _("%d marked present; mark the exceptions with 2 or 3."), marked);
		report(state, app, status, text);
		return SCREEN_HANDLED;
	}
	case ACTION_ISSUE: {
		int issued = 0;
		enum status status = training_issue_certificates(&app->session, state->session_id, &issued);
		char text[128];
		snprintf(text, sizeof text, _("%d certificates or cards issued to those present."), issued);
		report(state, app, status, text);
		return SCREEN_HANDLED;
	}
	case ACTION_CANCEL:
		if (state->list.selected >= 0)
			report(state, app, training_cancel_registration(&app->session,
									state->participants[state->list.selected].registration_id),
			       _("Registration cancelled."));
		return SCREEN_HANDLED;
	case ACTION_ADD:
		APP_OPEN(app, quick_register, .session_id = state->session_id);
		return SCREEN_HANDLED;
	case ACTION_EXPORT_LIST:
		export_for_trainer(state, app);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

/* Registering first: at 80 columns the line holds only the first few
 * (with it after the marks, ^N gave way as soon as one was registered). */
static const enum action session_keys[] = {
	ACTION_ADD, ACTION_MARK_PRESENT, ACTION_MARK_ABSENT, ACTION_MARK_PARTLY, ACTION_MARK_ALL, ACTION_ISSUE,
	ACTION_EXPORT_LIST, ACTION_CANCEL, ACTION_BACK, ACTION_NONE
};

/* Marking and cancelling need a participant; with nobody registered yet,
 * adding one is what there is to do. */
static bool session_key_works(const void *self, const struct app *app, enum action action)
{
	const struct session_state *state = self;
	(void)app;
	switch (action) {
	case ACTION_MARK_PRESENT: case ACTION_MARK_ABSENT: case ACTION_MARK_PARTLY: case ACTION_CANCEL:
		return state->list.selected >= 0 && state->list.selected < state->participant_count;
	case ACTION_MARK_ALL: case ACTION_ISSUE: case ACTION_EXPORT_LIST:
		return state->participant_count > 0;
	default:
		return true;
	}
}

const struct screen_ops session_screen = {
	.title = N_("Training session"),
	.state_size = sizeof(struct session_state),
	.open = session_open,
	.resume = session_resume,
	.layout = session_layout,
	.draw = session_draw,
	.handle = session_handle,
	.key_help = session_keys,
	.key_works = session_key_works,
};

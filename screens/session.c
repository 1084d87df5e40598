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

#define PARTICIPANTS_MAX 1000

static long long session_id;
static struct training_session training;
static struct participant participants[PARTICIPANTS_MAX];
static int participant_count;
static struct listbox list;
static const int widths[] = { 24, 18, 9, 0 };

static long participant_rows(void *context)
{
	(void)context;
	return participant_count;
}

static void draw_participant(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	const struct participant *row = &participants[index];
	char card[96] = "";
	if (*row->certificate_number)
		snprintf(card, sizeof card, "%s %s", row->valid_until, row->certificate_number);
	const char *cells[] = { row->name, row->organisation,
				row->cancelled ? _("cancelled") : attendance_label(row->attendance), card };
	enum color_role role = selected ? COLOR_ROLE_SELECTED : row->cancelled ? COLOR_ROLE_DIM
		: row->attendance == ATTENDANCE_ABSENT ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL;
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, role);
}

static void load(struct app *app)
{
	if (training_session_load(&app->session, session_id, &training) != STATUS_OK) {
		app_fail(app, STATUS_ERR_FORBIDDEN);
		participant_count = 0;
		return;
	}
	participant_count = training_participants(&app->session, session_id, participants, PARTICIPANTS_MAX);
	if (participant_count < 0)
		participant_count = 0;
	listbox_clamp(&list);
}

static void session_enter(struct app *app, void *argument)
{
	(void)app;
	session_id = *(const long long *)argument;
	listbox_init(&list, participant_rows, draw_participant, NULL);
}

static void session_layout(struct app *app)
{
	load(app);
	listbox_layout(&list, app->content_top + 3, 0, app->content_rows - 3, app->cols);
}

static void session_draw(struct app *app)
{
	char line[2000];
	snprintf(line, sizeof line, "%s  %s  %s", training.course_name, training.starts_at, training.place);
	ui_draw_text(app->content_top, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	if (training.capacity)
		snprintf(line, sizeof line, _("Trainer: %s.  Registered %d of %d, present %d."), training.trainer_name,
			 training.registered, training.capacity, training.present);
	else
		snprintf(line, sizeof line, _("Trainer: %s.  Registered %d, present %d."), training.trainer_name,
			 training.registered, training.present);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	const char *headers[] = { _("Participant"), _("Organisation"), _("Here"), _("Card valid until, number") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, widths, headers, 4, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (participant_count == 0)
		ui_draw_text(list.top, 2, app->cols - 4, _("No participants yet: ^N registers one."), COLOR_ROLE_DIM, false);
}

static void report(struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK)
		app_message(app, false, "%s", success);
	else
		app_fail(app, status);
	load(app);
}

static void mark(struct app *app, enum attendance attendance)
{
	if (list.selected < 0)
		return;
	enum status status = training_mark(&app->session, participants[list.selected].registration_id, attendance);
	report(app, status, attendance_label(attendance));
	if (status == STATUS_OK && list.selected + 1 < participant_count)
		list.selected++;   /* one key per row: on to the next person */
	listbox_clamp(&list);
}

static void export_for_trainer(struct app *app)
{
	char path[4096], today[11], sha256[65];
	calendar_today(today);
	char name[128];
	snprintf(name, sizeof name, "regdesk-participants-%lld-%s.csv", session_id, today);
	if (!files_folder_path(app->db, name, path, sizeof path)) {   /* private folder, not $HOME (issue 13) */
		app_fail(app, STATUS_ERR_IO);
		return;
	}
	long long count = 0;
	enum status status = training_export_for_trainer(&app->session, session_id, path, sha256, &count);
	if (status == STATUS_OK)
		app_message(app, false, _("%lld names and organisations written to %s (logged as a disclosure)."), count, path);
	else
		app_fail(app, status);
}

static int session_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	switch (action) {
	case ACTION_MARK_PRESENT: mark(app, ATTENDANCE_PRESENT); return SCREEN_HANDLED;
	case ACTION_MARK_ABSENT: mark(app, ATTENDANCE_ABSENT); return SCREEN_HANDLED;
	case ACTION_MARK_PARTLY: mark(app, ATTENDANCE_PARTLY); return SCREEN_HANDLED;
	case ACTION_MARK_ALL: {
		int marked = 0;
		enum status status = training_mark_all_present(&app->session, session_id, &marked);
		char text[128];
		snprintf(text, sizeof text, _("%d marked present; mark the exceptions with 2 or 3."), marked);
		report(app, status, text);
		return SCREEN_HANDLED;
	}
	case ACTION_ISSUE: {
		int issued = 0;
		enum status status = training_issue_certificates(&app->session, session_id, &issued);
		char text[128];
		snprintf(text, sizeof text, _("%d certificates or cards issued to those present."), issued);
		report(app, status, text);
		return SCREEN_HANDLED;
	}
	case ACTION_CANCEL:
		if (list.selected >= 0)
			report(app, training_cancel_registration(&app->session, participants[list.selected].registration_id),
			       _("Registration cancelled."));
		return SCREEN_HANDLED;
	case ACTION_ADD:
		app_push(app, &quick_register_screen, &session_id);
		return SCREEN_HANDLED;
	case ACTION_EXPORT_LIST:
		export_for_trainer(app);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static const enum action session_keys[] = {
	ACTION_MARK_PRESENT, ACTION_MARK_ABSENT, ACTION_MARK_PARTLY, ACTION_MARK_ALL, ACTION_ADD, ACTION_ISSUE,
	ACTION_EXPORT_LIST, ACTION_BACK, ACTION_NONE
};

const struct screen_ops session_screen = {
	.title = N_("Training session"),
	.legacy.enter = session_enter,
	.legacy.layout = session_layout,
	.legacy.draw = session_draw,
	.legacy.handle = session_handle,
	.key_help = session_keys,
};

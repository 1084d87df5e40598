/* Backups (privacy officer): a consistent copy while others work, private
 * (0600), checked, with its SHA-256; F11 checks the live database, ^R opens
 * the restore (screens/restore.c) (notice §5.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "calendar.h"
#include "consent.h"
#include "erasure.h"
#include "form.h"
#include "progress_line.h"
#include "office.h"
#include "permission.h"
#include "review.h"
#include "request.h"
#include "screens.h"

/* Everything one opening of the screen keeps. */
struct backup_state {
	struct form_field fields[2];
	struct form form;
	char result[1024];                      /* what the last backup or check found; "" before */
};

static void backup_open(void *self, struct app *app, const void *argument)
{
	struct backup_state *state = self;
	(void)app;
	(void)argument;
	state->fields[0] = (struct form_field){ .label = N_("Backup file"), .max_chars = 250 };
	/* Encryption (notice §5.3: a lost backup reveals nothing): a key file
	 * made with `regdesk backup --make-key`; empty writes a plain copy. The
	 * office install's key is the default there. */
	state->fields[1] = (struct form_field){ .label = N_("Key file (empty: not encrypted)"), .max_chars = 250 };
	form_init(&state->form, state->fields, 2, state);
	if (office_backup_key_file())
		form_set_value(&state->form, 1, office_backup_key_file());
	char today[11], path[4200];
	calendar_today(today);
	const char *home = getenv("HOME");
	if (office_config())   /* the office install keeps backups only in its folder */
		snprintf(path, sizeof path, "%s/regdesk-backup-%s.db", office_config()->backup_folder, today);
	else
		snprintf(path, sizeof path, "%s/regdesk-backup-%s.db", home && *home ? home : ".", today);
	form_set_value(&state->form, 0, path);
}

static void backup_layout(void *self, struct app *app)
{
	struct backup_state *state = self;
	form_layout(&state->form, app->content_top + 3, 1, app->cols, 0);
}

static void backup_draw(void *self, struct app *app)
{
	struct backup_state *state = self;
	const char *result = state->result;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("F2 writes a consistent copy while others keep working; F11 checks the live database."), COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("Backups hold erased data until they age out: keep them private and only as long as needed."),
		     COLOR_ROLE_DIM, false);
	/* The result may be two lines: what was written, then the digest on its own. */
	const char *second = strchr(result, '\n');
	if (*result) {
		char first[sizeof state->result];
		/* Up to the line break, which a wide terminal showed as "^J". */
		snprintf(first, sizeof first, "%.*s", second ? (int)(second - result) : (int)strlen(result), result);
		ui_draw_text(app->content_top + 6, 1, app->cols - 2, first, COLOR_ROLE_MESSAGE_INFO, false);
	}
	if (second)
		ui_draw_text(app->content_top + 7, 1, app->cols - 2, second + 1, COLOR_ROLE_MESSAGE_INFO, false);
	ui_draw_text(app->content_top + 9, 1, app->cols - 2,
		     _("^R restores the register from a backup: a preview and a typed confirmation come first."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int backup_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct backup_state *state = self;
	if (action == ACTION_CHECK) {
		char note[256] = "";
		progress_line_start(app);
		enum status status = backup_check_noted(app->db, note, sizeof note);
		progress_line_stop(app);
		if (status == STATUS_OK && !erasure_finish_pending(app->db))   /* reports an erasure not yet finished */
			status = STATUS_ERR_INVALID;
		if (status == STATUS_OK && note[0])
			snprintf(state->result, sizeof state->result,
				 _("The database is sound: integrity and references; audit chain %s."), note);
		else
			snprintf(state->result, sizeof state->result, "%s",
				 status == STATUS_OK ? _("The database is sound: integrity, references and audit chain.")
						     : status_explain(app->db, status));
		return SCREEN_HANDLED;
	}
	if (action == ACTION_RESTORE) {
		/* The menu offers this screen to the privacy officer only; the core checks again. */
		if (!permission_allows(app->session.role, PERMISSION_MANAGE_USERS)) {
			app_fail(app, STATUS_ERR_FORBIDDEN);
			return SCREEN_HANDLED;
		}
		app_push(app, &restore_screen, NULL);
		return SCREEN_HANDLED;
	}
	enum form_result outcome = form_handle(&state->form, action, key);
	if (outcome == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (outcome != FORM_SUBMIT)
		return outcome == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char path[4096], key_file[4096];
	form_value(&state->form, 0, path, sizeof path);
	form_value(&state->form, 1, key_file, sizeof key_file);
	struct backup_key encryption = { key_file[0] ? key_file : NULL, NULL };
	struct backup_result written;
	progress_line_start(app);
	enum status status = backup_write(app->db, app->session.account_id, path, &encryption, &written);
	progress_line_stop(app);
	if (status == STATUS_OK && written.warning[0])
		app_message(app, true, "%s", written.warning);
	if (status == STATUS_OK)
		form_mark_saved(&state->form);   /* written: Esc loses nothing, so it does not ask */
	if (status == STATUS_OK)
		snprintf(state->result, sizeof state->result,
			 key_file[0] ? _("Written encrypted and checked: %s (%lld bytes)\nSHA-256 %s")
				     : _("Written and checked: %s (%lld bytes)\nSHA-256 %s"),
			 path, written.bytes, written.sha256);
	else
		app_fail(app, status);
	return SCREEN_HANDLED;
}

static bool backup_typing(void *self, struct app *app)
{
	(void)self;
	(void)app;
	return true;
}

static const enum action backup_keys[] = { ACTION_SAVE, ACTION_CHECK, ACTION_RESTORE, ACTION_BACK, ACTION_NONE };

const struct screen_ops backup_screen = {
	.title = N_("Backups and integrity"),
	.state_size = sizeof(struct backup_state),
	.open = backup_open,
	.layout = backup_layout,
	.draw = backup_draw,
	.handle = backup_handle,
	.typing = backup_typing,
	.key_help = backup_keys,
};

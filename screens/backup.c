/* Backups (privacy officer): a consistent copy while others work, private
 * (0600), checked, with its SHA-256; v checks the live database (notice §5.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "calendar.h"
#include "consent.h"
#include "erasure.h"
#include "form.h"
#include "review.h"
#include "request.h"
#include "screens.h"

static struct form_field fields[1];
static struct form form;
static char result[1024];

static void backup_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	result[0] = '\0';
	fields[0] = (struct form_field){ .label = N_("Backup file"), .max_chars = 250 };
	form_init(&form, fields, 1, NULL);
	char today[11], path[4096];
	calendar_today(today);
	const char *home = getenv("HOME");
	snprintf(path, sizeof path, "%s/regdesk-backup-%s.db", home && *home ? home : ".", today);
	form_set_value(&form, 0, path);
}

static void backup_layout(struct app *app)
{
	form_layout(&form, app->content_top + 3, 1, app->cols, 0);
}

static void backup_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("F2 writes a consistent copy while others keep working; F11 checks the live database."), COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("Backups hold erased data until they age out: keep them private and only as long as needed."),
		     COLOR_ROLE_DIM, false);
	/* The result may be two lines: what was written, then the digest on its own. */
	const char *second = strchr(result, '\n');
	if (*result)
		ui_draw_text(app->content_top + 6, 1, app->cols - 2, result, COLOR_ROLE_MESSAGE_INFO, false);
	if (second)
		ui_draw_text(app->content_top + 7, 1, app->cols - 2, second + 1, COLOR_ROLE_MESSAGE_INFO, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int backup_handle(struct app *app, enum action action, struct key_press key)
{
	app->db->error[0] = '\0';
	if (action == ACTION_CHECK) {
		enum status status = backup_check(app->db);
		if (status == STATUS_OK && !erasure_finish_pending(app->db))   /* reports an erasure not yet finished */
			status = STATUS_ERR_INVALID;
		snprintf(result, sizeof result, "%s", status == STATUS_OK ? _("The database is sound: integrity, references and audit chain.")
									   : app->db->error);
		return SCREEN_HANDLED;
	}
	enum form_result outcome = form_handle(&form, action, key);
	if (outcome == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (outcome != FORM_SUBMIT)
		return outcome == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char path[4096], sha256[65];
	long long bytes = 0;
	form_value(&form, 0, path, sizeof path);
	enum status status = backup_write(app->db, app->session.account_id, path, sha256, &bytes);
	if (status == STATUS_OK)
		snprintf(result, sizeof result, _("Written and checked: %s (%lld bytes)\nSHA-256 %s"), path, bytes, sha256);
	else
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
	return SCREEN_HANDLED;
}

static bool backup_typing(struct app *app)
{
	(void)app;
	return true;
}

static const enum action backup_keys[] = { ACTION_SAVE, ACTION_CHECK, ACTION_BACK, ACTION_NONE };

const struct screen_ops backup_screen = {
	.title = N_("Backups and integrity"),
	.enter = backup_enter,
	.layout = backup_layout,
	.draw = backup_draw,
	.handle = backup_handle,
	.typing = backup_typing,
	.key_help = backup_keys,
};

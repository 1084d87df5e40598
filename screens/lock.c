/* The locked screen: shows nothing of the register, since the screen may
 * face a visitor. Unlocking asks the same user's password and returns to the
 * screen below with nothing lost. */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "screens.h"

static struct form_field fields[1];
static struct form form;

static void lock_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	memset(fields, 0, sizeof fields);
	fields[0] = (struct form_field){ .label = N_("Password"), .kind = FIELD_SECRET,
					 .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4 };
	form_init(&form, fields, 1, &form);
}

static void lock_layout(struct app *app)
{
	form_layout(&form, app->content_top + 4, 2, app->cols, 0);
}

static void lock_draw(struct app *app)
{
	char line[1200];
	snprintf(line, sizeof line, "%s (%s)", app->session.full_name, app->session.username);
	ui_draw_text(app->content_top, 2, app->cols - 4, _("The screen is locked. Enter your password to continue."),
		     COLOR_ROLE_WARNING, false);
	ui_draw_text(app->content_top + 1, 2, app->cols - 4, line, COLOR_ROLE_TITLE, false);
	ui_draw_text(app->content_top + 2, 2, app->cols - 4, _("F10 logs out, so that another user can log in."),
		     COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int lock_handle(struct app *app, enum action action, struct key_press key)
{
	if (key.function && key.code == KEY_F(10)) {
		form_wipe_secrets(&form);
		app_log_out(app);
		return SCREEN_HANDLED;
	}
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL)
		return SCREEN_HANDLED;   /* Esc does not unlock */
	if (result != FORM_SUBMIT)
		return SCREEN_HANDLED;
	char password[1024];
	form_value(&form, 0, password, sizeof password);
	form_wipe_secrets(&form);
	enum status status = account_unlock(&app->session, password);
	memset(password, 0, sizeof password);
	if (status == STATUS_OK) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (status == STATUS_ERR_LOGIN_FAILED)
		app_message(app, true, "%s", _("Wrong password. After 5 failed attempts the account is locked for 15 minutes."));
	else
		app_message(app, true, "%s", status_message(status));
	return SCREEN_HANDLED;
}

static bool lock_typing(struct app *app)
{
	(void)app;
	return true;
}

static void lock_leave(struct app *app)
{
	(void)app;
	form_wipe_secrets(&form);
}

static const enum action lock_keys[] = { ACTION_OPEN, ACTION_NONE };

const struct screen_ops lock_screen = {
	.title = N_("Locked"),
	.legacy.enter = lock_enter,
	.legacy.layout = lock_layout,
	.legacy.draw = lock_draw,
	.legacy.handle = lock_handle,
	.legacy.leave = lock_leave,
	.legacy.typing = lock_typing,
	.key_help = lock_keys,
};

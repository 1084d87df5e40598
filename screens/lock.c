/* The locked screen: shows nothing of the register, since the screen may
 * face a visitor. Unlocking asks the same user's password and returns to the
 * screen below with nothing lost. */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "screens.h"

struct lock_state {
	struct form_field fields[1];
	struct form form;
};

static void lock_open(void *self, struct app *app, const void *argument)
{
	struct lock_state *state = self;
	(void)app;
	(void)argument;
	state->fields[0] = (struct form_field){ .label = N_("Password"), .kind = FIELD_SECRET,
						.max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4 };
	form_init(&state->form, state->fields, 1, &state->form);
}

static void lock_layout(void *self, struct app *app)
{
	struct lock_state *state = self;
	form_layout(&state->form, app->content_top + 4, 2, app->cols, 0);
}

static void lock_draw(void *self, struct app *app)
{
	struct lock_state *state = self;
	char line[1200];
	snprintf(line, sizeof line, "%s (%s)", app->session.full_name, app->session.username);
	ui_draw_text(app->content_top, 2, app->cols - 4, _("The screen is locked. Enter your password to continue."),
		     COLOR_ROLE_WARNING, false);
	ui_draw_text(app->content_top + 1, 2, app->cols - 4, line, COLOR_ROLE_TITLE, false);
	ui_draw_text(app->content_top + 2, 2, app->cols - 4, _("F10 logs out, so that another user can log in."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int lock_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct lock_state *state = self;
	if (key.function && key.code == KEY_F(10)) {
		form_wipe_secrets(&state->form);
		app_log_out(app);   /* frees self */
		return SCREEN_HANDLED;
	}
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL)
		return SCREEN_HANDLED;   /* Esc does not unlock */
	if (result != FORM_SUBMIT)
		return SCREEN_HANDLED;
	char password[1024];
	form_value(&state->form, 0, password, sizeof password);
	form_wipe_secrets(&state->form);
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

static bool lock_typing(void *self, struct app *app)
{
	(void)self;
	(void)app;
	return true;
}

static void lock_leave(void *self, struct app *app)
{
	struct lock_state *state = self;
	(void)app;
	form_wipe_secrets(&state->form);
}

static const enum action lock_keys[] = { ACTION_OPEN, ACTION_NONE };

const struct screen_ops lock_screen = {
	.title = N_("Locked"),
	.state_size = sizeof(struct lock_state),
	.open = lock_open,
	.layout = lock_layout,
	.draw = lock_draw,
	.handle = lock_handle,
	.leave = lock_leave,
	.typing = lock_typing,
	.key_help = lock_keys,
};

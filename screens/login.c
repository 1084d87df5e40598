/* Login with a personal account (notice §5.2). */
#include <string.h>

#include "form.h"
#include "screens.h"
#include "text.h"
#include "user_form.h"

enum { USERNAME, PASSWORD, FIELD_COUNT };

struct login_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
};

static void login_open(void *self, struct app *app, const void *argument)
{
	struct login_state *state = self;
	(void)app;
	(void)argument;
	state->fields[USERNAME] = (struct form_field){ .label = N_("Username"), .max_chars = ACCOUNT_USERNAME_MAX_CHARS,
						       .disposable = true };
	state->fields[PASSWORD] = (struct form_field){ .label = N_("Password"), .kind = FIELD_SECRET,
						       .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4 };
	form_init(&state->form, state->fields, FIELD_COUNT, &state->form);
}

static void login_layout(void *self, struct app *app)
{
	struct login_state *state = self;
	form_layout(&state->form, app->content_top + 2, 2, app->cols, 0);
}

static void login_draw(void *self, struct app *app)
{
	struct login_state *state = self;
	ui_draw_text(app->content_top, 2, app->cols - 4, _("Log in with your personal account."), COLOR_ROLE_NORMAL, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int login_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct login_state *state = self;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		app->quit = true;
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char username[256], password[1024];
	form_value(&state->form, USERNAME, username, sizeof username);
	form_value(&state->form, PASSWORD, password, sizeof password);
	form_wipe_secrets(&state->form);
	enum status status = account_login(app->db, username, password, &app->session);
	memset(password, 0, sizeof password);
	if (status != STATUS_OK) {
		/* The same words whether or not the name exists. */
		app_fail(app, status);
		state->form.focus = PASSWORD;
		return SCREEN_HANDLED;
	}
	app->logged_in = true;
	/* The reset frees self: nothing of it is touched after. */
	app_reset(app, &main_menu_screen, NULL);
	if (app->session.commitment_missing) {
		/* A privacy officer whose commitment date was never recorded (an
		 * account older than the rule): asked here, once (notice §5.1). */
		struct user_form_argument own = { 0 };   /* copied by the form's open */
		own.mode = USER_FORM_COMMITMENT;
		own.account.id = app->session.account_id;
		text_copy(own.account.username, sizeof own.account.username, app->session.username);
		text_copy(own.account.full_name, sizeof own.account.full_name, app->session.full_name);
		own.account.role = app->session.role;
		app_push(app, &user_form_screen, &own);
		app_message(app, false, "%s", _("Enter the date you signed the confidentiality commitment before anything else."));
		return SCREEN_HANDLED;
	}
	if (app->session.must_change_password) {
		app_push(app, &password_screen, NULL);
		app_message(app, false, "%s", _("Choose your own password before anything else."));
	}
	return SCREEN_HANDLED;
}

static bool login_typing(void *self, struct app *app)
{
	struct login_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static void login_leave(void *self, struct app *app)
{
	struct login_state *state = self;
	(void)app;
	form_wipe_secrets(&state->form);
}

static const enum action login_keys[] = { ACTION_NEXT_FIELD, ACTION_OPEN, ACTION_BACK, ACTION_NONE };

const struct screen_ops login_screen = {
	.title = N_("Log in"),
	.state_size = sizeof(struct login_state),
	.open = login_open,
	.layout = login_layout,
	.draw = login_draw,
	.handle = login_handle,
	.leave = login_leave,
	.typing = login_typing,
	.key_help = login_keys,
};

/* First run: no accounts exist, so the first privacy officer is created
 * here. There is no default account and no default password (notice §5.2). */
#include <string.h>

#include "account_fields.h"
#include "screens.h"

enum { USERNAME, FULL_NAME, COMMITMENT, PASSWORD, PASSWORD_AGAIN, FIELD_COUNT };

struct first_run_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
};

static void first_run_open(void *self, struct app *app, const void *argument)
{
	struct first_run_state *state = self;
	struct form_field *fields = state->fields;
	(void)app;
	(void)argument;
	fields[USERNAME] = (struct form_field){ .label = N_("Username"), .max_chars = ACCOUNT_USERNAME_MAX_CHARS,
						.validate = account_fields_username };
	fields[FULL_NAME] = (struct form_field){ .label = N_("Full name"), .max_chars = ACCOUNT_FULL_NAME_MAX_CHARS,
						 .validate = account_fields_full_name };
	fields[COMMITMENT] = (struct form_field){ .label = N_("Commitment signed"), .max_chars = 10,
						  .validate = account_fields_commitment };
	fields[PASSWORD] = (struct form_field){ .label = N_("Password"), .kind = FIELD_SECRET,
						.max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						.validate = account_fields_new_password };
	fields[PASSWORD_AGAIN] = (struct form_field){ .label = N_("Password again"), .kind = FIELD_SECRET,
						      .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						      .validate = account_fields_password_again };
	/* The password checks read the form (the username, the first password). */
	form_init(&state->form, fields, FIELD_COUNT, &state->form);
}

static void first_run_layout(void *self, struct app *app)
{
	struct first_run_state *state = self;
	/* Below the hint, which takes two rows at 80 columns. */
	form_layout(&state->form, app->content_top + 5, 2, app->cols, 0);
}

static void first_run_draw(void *self, struct app *app)
{
	struct first_run_state *state = self;
	int y = app->content_top;
	ui_draw_text(y, 2, app->cols - 4, _("Welcome to regdesk. The register has no accounts yet."), COLOR_ROLE_NORMAL, false);
	ui_draw_text(y + 1, 2, app->cols - 4, _("Create the first privacy officer: a personal account, never shared."), COLOR_ROLE_NORMAL, false);
	/* Wrapped: at 80 columns the password rule would be cut off. */
	ui_draw_wrapped(y + 2, 2, app->cols - 4, 2, _("Commitment signed: the date you signed the confidentiality commitment. The password needs 10 characters, not the username."), COLOR_ROLE_DIM);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int first_run_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct first_run_state *state = self;
	struct form *form = &state->form;
	enum form_result result = form_handle(form, action, key);
	if (result == FORM_CANCEL) {
		app->quit = true;
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char username[256], full_name[512], commitment[64], password[1024];
	form_value(form, USERNAME, username, sizeof username);
	form_value(form, FULL_NAME, full_name, sizeof full_name);
	form_value(form, COMMITMENT, commitment, sizeof commitment);
	form_value(form, PASSWORD, password, sizeof password);
	enum status status = account_create_first(app->db, username, full_name, password, commitment, &app->session);
	memset(password, 0, sizeof password);
	form_wipe_secrets(form);
	if (status != STATUS_OK) {
		app_fail(app, status);
		form->focus = PASSWORD;
		return SCREEN_HANDLED;
	}
	app->logged_in = true;
	/* The reset frees self: nothing of it is touched after. */
	app_reset(app, &main_menu_screen, NULL);
	app_message(app, false, _("Welcome, %s. You are the privacy officer of this register."), app->session.full_name);
	return SCREEN_HANDLED;
}

static bool first_run_typing(void *self, struct app *app)
{
	struct first_run_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static void first_run_leave(void *self, struct app *app)
{
	struct first_run_state *state = self;
	(void)app;
	form_wipe_secrets(&state->form);
}

static const enum action first_run_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops first_run_screen = {
	.title = N_("Create the first privacy officer"),
	.state_size = sizeof(struct first_run_state),
	.open = first_run_open,
	.layout = first_run_layout,
	.draw = first_run_draw,
	.handle = first_run_handle,
	.leave = first_run_leave,
	.typing = first_run_typing,
	.key_help = first_run_keys,
};

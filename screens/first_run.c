/* First run: no accounts exist, so the first privacy officer is created
 * here. There is no default account and no default password (notice §5.2). */
#include <string.h>

#include "account_fields.h"
#include "screens.h"

enum { USERNAME, FULL_NAME, COMMITMENT, PASSWORD, PASSWORD_AGAIN, FIELD_COUNT };

static struct form_field fields[FIELD_COUNT];
static struct form form;

static void first_run_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	memset(fields, 0, sizeof fields);
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
	form_init(&form, fields, FIELD_COUNT, &form);
}

static void first_run_layout(struct app *app)
{
	form_layout(&form, app->content_top + 4, 2, app->cols, 0);
}

static void first_run_draw(struct app *app)
{
	int y = app->content_top;
	ui_draw_text(y, 2, app->cols - 4, _("Welcome to regdesk. The register has no accounts yet."), COLOR_ROLE_NORMAL, false);
	ui_draw_text(y + 1, 2, app->cols - 4, _("Create the first privacy officer: a personal account, never shared."), COLOR_ROLE_NORMAL, false);
	ui_draw_text(y + 2, 2, app->cols - 4, _("Commitment signed: the date you signed the confidentiality commitment. The password needs 10 characters, not the username."), COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int first_run_handle(struct app *app, enum action action, struct key_press key)
{
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL) {
		app->quit = true;
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char username[256], full_name[512], commitment[64], password[1024];
	form_value(&form, USERNAME, username, sizeof username);
	form_value(&form, FULL_NAME, full_name, sizeof full_name);
	form_value(&form, COMMITMENT, commitment, sizeof commitment);
	form_value(&form, PASSWORD, password, sizeof password);
	enum status status = account_create_first(app->db, username, full_name, password, commitment, &app->session);
	memset(password, 0, sizeof password);
	form_wipe_secrets(&form);
	if (status != STATUS_OK) {
		bool explained = status == STATUS_ERR_DATABASE || (status == STATUS_ERR_INVALID && app->db->error[0]);
		app_message(app, true, "%s", explained ? app->db->error : status_message(status));
		form.focus = PASSWORD;
		return SCREEN_HANDLED;
	}
	app->logged_in = true;
	app_reset(app, &main_menu_screen, NULL);
	app_message(app, false, _("Welcome, %s. You are the privacy officer of this register."), app->session.full_name);
	return SCREEN_HANDLED;
}

static bool first_run_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static void first_run_leave(struct app *app)
{
	(void)app;
	form_wipe_secrets(&form);
}

static const enum action first_run_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops first_run_screen = {
	.title = N_("Create the first privacy officer"),
	.enter = first_run_enter,
	.layout = first_run_layout,
	.draw = first_run_draw,
	.handle = first_run_handle,
	.leave = first_run_leave,
	.typing = first_run_typing,
	.key_help = first_run_keys,
};

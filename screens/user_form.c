/* Add a user, change a role, reset a password or record the confidentiality
 * commitment's date (privacy officer; an officer without one, their own at login). */
#include <stdio.h>
#include <string.h>

#include "account_fields.h"
#include "screens.h"
#include "user_form.h"

enum { USERNAME, FULL_NAME, ROLE, COMMITMENT, PASSWORD, PASSWORD_AGAIN, FIELD_COUNT };

/* Everything one opening of the form keeps. */
struct user_form_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct user_form_argument request;      /* copied at open */
};

static void user_form_open(void *self, struct app *app, const void *argument)
{
	struct user_form_state *state = self;
	(void)app;
	state->request = *(const struct user_form_argument *)argument;
	const struct user_form_argument *request = &state->request;
	struct form_field *fields = state->fields;
	bool adding = request->mode == USER_FORM_ADD;
	fields[USERNAME] = (struct form_field){ .label = N_("Username"), .max_chars = ACCOUNT_USERNAME_MAX_CHARS,
						.validate = account_fields_username, .hidden = !adding };
	fields[FULL_NAME] = (struct form_field){ .label = N_("Full name"), .max_chars = ACCOUNT_FULL_NAME_MAX_CHARS,
						 .validate = account_fields_full_name, .hidden = !adding };
	fields[ROLE] = (struct form_field){ .label = N_("Role"), .kind = FIELD_CHOICE,
					    .choices = account_fields_roles, .choice_count = ROLE_COUNT,
					    .choice = adding ? ROLE_RECEPTION : (int)request->account.role,
					    .hidden = request->mode == USER_FORM_RESET_PASSWORD ||
						      request->mode == USER_FORM_COMMITMENT };
	bool dated = adding || request->mode == USER_FORM_COMMITMENT;
	fields[COMMITMENT] = (struct form_field){ .label = N_("Commitment signed"), .max_chars = 10,
						  .validate = account_fields_commitment, .hidden = !dated };
	bool no_password = request->mode == USER_FORM_ROLE || request->mode == USER_FORM_COMMITMENT;
	fields[PASSWORD] = (struct form_field){ .label = N_("Temporary password"), .kind = FIELD_SECRET,
						.max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						.validate = account_fields_new_password, .hidden = no_password };
	fields[PASSWORD_AGAIN] = (struct form_field){ .label = N_("Temporary password again"), .kind = FIELD_SECRET,
						      .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						      .validate = account_fields_password_again, .hidden = no_password };
	/* The account validators take the form as their context. */
	form_init(&state->form, fields, FIELD_COUNT, &state->form);
	if (request->mode == USER_FORM_COMMITMENT) {
		form_set_value(&state->form, COMMITMENT, request->account.commitment_signed_on);
		state->form.focus = COMMITMENT;
	}
}

static void user_form_layout(void *self, struct app *app)
{
	struct user_form_state *state = self;
	form_layout(&state->form, app->content_top + 2, 2, app->cols, 0);
}

static void user_form_draw(void *self, struct app *app)
{
	struct user_form_state *state = self;
	const struct user_form_argument *request = &state->request;
	char line[600];
	switch (request->mode) {
	case USER_FORM_ADD:
		snprintf(line, sizeof line, "%s", _("A personal account, with the date its confidentiality commitment was signed."));
		break;
	case USER_FORM_COMMITMENT:
		snprintf(line, sizeof line, _("When %s (%s) signed the confidentiality commitment (notice §5.1)."),
			 request->account.full_name, request->account.username);
		break;
	case USER_FORM_ROLE:
		snprintf(line, sizeof line, _("Role of %s (%s). Left/Right or Space changes it."),
			 request->account.full_name, request->account.username);
		break;
	case USER_FORM_RESET_PASSWORD:
		snprintf(line, sizeof line, _("New temporary password for %s (%s); they must change it at next login."),
			 request->account.full_name, request->account.username);
		break;
	}
	ui_draw_text(app->content_top, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

/* Saves; the account's id (a new one's) in *saved_id. */
static enum status save(struct user_form_state *state, struct app *app, long long *saved_id)
{
	const struct user_form_argument *request = &state->request;
	struct form *form = &state->form;
	*saved_id = request->account.id;
	char username[256], full_name[512], commitment[64], password[1024];
	form_value(form, USERNAME, username, sizeof username);
	form_value(form, FULL_NAME, full_name, sizeof full_name);
	form_value(form, COMMITMENT, commitment, sizeof commitment);
	form_value(form, PASSWORD, password, sizeof password);
	enum role role = (enum role)state->fields[ROLE].choice;
	enum status status = STATUS_OK;
	switch (request->mode) {
	case USER_FORM_ADD:
		status = account_add(&app->session, username, full_name, role, password, commitment, saved_id);
		if (status == STATUS_OK)
			app_message(app, false, _("Added %s. They must change the temporary password at first login."), username);
		break;
	case USER_FORM_ROLE:
		status = account_set_role(&app->session, request->account.id, role);
		if (status == STATUS_OK)
			app_message(app, false, _("%s is now %s."), request->account.username, role_label(role));
		break;
	case USER_FORM_RESET_PASSWORD:
		status = account_reset_password(&app->session, request->account.id, password);
		if (status == STATUS_OK)
			app_message(app, false, _("Password of %s reset."), request->account.username);
		break;
	case USER_FORM_COMMITMENT:
		status = account_set_commitment(&app->session, request->account.id, commitment);
		if (status == STATUS_OK)
			app_message(app, false, _("Recorded that %s signed the confidentiality commitment."),
				    request->account.username);
		break;
	}
	memset(password, 0, sizeof password);
	return status;
}

static int user_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct user_form_state *state = self;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		/* An officer asked at login cannot go on without the date. */
		if (app->session.commitment_missing)
			app_log_out(app);
		else
			app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	long long saved_id = 0;
	enum status status = save(state, app, &saved_id);
	form_wipe_secrets(&state->form);
	if (status == STATUS_OK) {
		app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_SAVED, .id = saved_id });
		return SCREEN_HANDLED;
	}
	if (status == STATUS_ERR_EXISTS) {
		form_set_error(&state->form, USERNAME, status_message(status));
		state->form.focus = USERNAME;
	}
	app_fail(app, status);
	return SCREEN_HANDLED;
}

static bool user_form_typing(void *self, struct app *app)
{
	struct user_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static void user_form_leave(void *self, struct app *app)
{
	struct user_form_state *state = self;
	(void)app;
	form_wipe_secrets(&state->form);
}

static const enum action user_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops user_form_screen = {
	.title = N_("User"),
	.state_size = sizeof(struct user_form_state),
	.open = user_form_open,
	.layout = user_form_layout,
	.draw = user_form_draw,
	.handle = user_form_handle,
	.leave = user_form_leave,
	.typing = user_form_typing,
	.key_help = user_form_keys,
};

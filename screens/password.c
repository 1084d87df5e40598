/* Change one's own password; forced (no way around it) after an officer's reset. */
#include <string.h>

#include "account_fields.h"
#include "screens.h"

enum { OLD_PASSWORD, NEW_PASSWORD, PASSWORD_AGAIN, FIELD_COUNT };

/* Everything one opening of the form keeps. */
struct password_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
};

static void password_open(void *self, struct app *app, const void *argument)
{
	struct password_state *state = self;
	struct form_field *fields = state->fields;
	(void)argument;
	fields[OLD_PASSWORD] = (struct form_field){ .label = N_("Current password"), .kind = FIELD_SECRET,
						    .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						    .hidden = app->session.must_change_password };
	fields[NEW_PASSWORD] = (struct form_field){ .label = N_("New password"), .kind = FIELD_SECRET,
						    .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						    .validate = account_fields_new_password };
	fields[PASSWORD_AGAIN] = (struct form_field){ .label = N_("New password again"), .kind = FIELD_SECRET,
						      .max_chars = ACCOUNT_PASSWORD_MAX_BYTES / 4,
						      .validate = account_fields_password_again };
	/* The account validators take the form as their context. */
	form_init(&state->form, fields, FIELD_COUNT, &state->form);
}

static void password_layout(void *self, struct app *app)
{
	struct password_state *state = self;
	form_layout(&state->form, app->content_top + 2, 2, app->cols, 0);
}

static void password_draw(void *self, struct app *app)
{
	struct password_state *state = self;
	ui_draw_text(app->content_top, 2, app->cols - 4,
		     app->session.must_change_password
			     ? _("You have a temporary password. Choose your own (Esc logs out).")
			     : _("At least 10 characters, not your username."),
		     COLOR_ROLE_NORMAL, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int password_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct password_state *state = self;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		form_wipe_secrets(&state->form);
		if (app->session.must_change_password)
			app_log_out(app);
		else
			app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	/* The new-password rule needs the username, which this form lacks. */
	char old_password[1024], new_password[1024];
	form_value(&state->form, OLD_PASSWORD, old_password, sizeof old_password);
	form_value(&state->form, NEW_PASSWORD, new_password, sizeof new_password);
	form_wipe_secrets(&state->form);
	enum status status = account_change_own_password(&app->session, old_password, new_password);
	memset(old_password, 0, sizeof old_password);
	memset(new_password, 0, sizeof new_password);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", status_message(status));
		state->form.focus = app->session.must_change_password ? NEW_PASSWORD : OLD_PASSWORD;
		return SCREEN_HANDLED;
	}
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_DONE, .id = app->session.account_id });
	app_message(app, false, "%s", _("Password changed."));
	return SCREEN_HANDLED;
}

static bool password_typing(void *self, struct app *app)
{
	struct password_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static void password_leave(void *self, struct app *app)
{
	struct password_state *state = self;
	(void)app;
	form_wipe_secrets(&state->form);
}

static const enum action password_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops password_screen = {
	.title = N_("Change my password"),
	.state_size = sizeof(struct password_state),
	.open = password_open,
	.layout = password_layout,
	.draw = password_draw,
	.handle = password_handle,
	.leave = password_leave,
	.typing = password_typing,
	.key_help = password_keys,
};

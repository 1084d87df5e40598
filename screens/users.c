/* Users and roles (privacy officer): add, set role, reset password,
 * record the confidentiality commitment's date (e), deactivate. Accounts are never deleted: the audit trail refers to them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listbox.h"
#include "screens.h"
#include "user_form.h"

static const int column_widths[] = { 0, 11, 21, 15, 10, 0 };   /* the state keeps its 18 columns */

/* Everything one opening of the list keeps. */
struct users_state {
	struct account *accounts;         /* heap, grown as read */
	long account_total;
	long account_capacity;
	struct listbox list;
	bool confirming_deactivation;
};

static void collect_account(const struct account *account, void *context)
{
	struct users_state *state = context;
	if (state->account_total == state->account_capacity) {
		long capacity = state->account_capacity ? state->account_capacity * 2 : 32;
		struct account *grown = realloc(state->accounts, (size_t)capacity * sizeof *state->accounts);
		if (!grown)
			return;
		state->accounts = grown;
		state->account_capacity = capacity;
	}
	state->accounts[state->account_total++] = *account;
}

static void reload(struct users_state *state, struct app *app)
{
	state->account_total = 0;
	enum status status = account_list(&app->session, collect_account, state);
	if (status != STATUS_OK)
		app_fail(app, status);
	listbox_clamp(&state->list);
}

static long users_count(void *context)
{
	const struct users_state *state = context;
	return state->account_total;
}

static const char *state_label(const struct account *account)
{
	if (!account->active)
		return _("deactivated");
	if (account->locked)
		return _("locked");
	if (account->must_change_password)
		return _("temporary password");
	return _("active");
}

static void users_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	const struct users_state *state = context;
	const struct account *account = &state->accounts[index];
	enum color_role role = selected ? COLOR_ROLE_SELECTED : account->active ? COLOR_ROLE_NORMAL : COLOR_ROLE_DIM;
	/* No commitment date: the account cannot log in until one is recorded (notice §5.1). */
	const char *cells[] = { "", account->username, account->full_name, role_label(account->role),
				*account->commitment_signed_on ? account->commitment_signed_on : _("no date"),
				state_label(account) };
	ui_draw_row(y, x, width, column_widths, cells, 6, role);
}

static void users_open(void *self, struct app *app, const void *argument)
{
	struct users_state *state = self;
	(void)argument;
	listbox_init(&state->list, users_count, users_draw_row, state);
	reload(state, app);
}

/* Back on top: the form above may have changed an account; show it. */
static void users_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct users_state *state = self;
	(void)result;
	reload(state, app);
}

static void users_layout(void *self, struct app *app)
{
	struct users_state *state = self;
	listbox_layout(&state->list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
}

static void users_draw(void *self, struct app *app)
{
	struct users_state *state = self;
	int y = app->content_top;
	const char *headers[] = { "", _("Username"), _("Full name"), _("Role"), _("Commitment"), _("State") };
	ui_draw_row(y, 0, app->cols, column_widths, headers, 6, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->confirming_deactivation && state->list.selected >= 0) {
		char line[512];
		snprintf(line, sizeof line, _("Deactivate %s? They cannot log in after this; the account stays. (y/n)"),
			 state->accounts[state->list.selected].username);
		ui_draw_text(app->rows - 2, 0, app->cols, line, COLOR_ROLE_WARNING, true);
	}
}

static int users_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct users_state *state = self;
	(void)key;
	if (state->confirming_deactivation) {
		state->confirming_deactivation = false;
		if (action != ACTION_YES) {
			app_message(app, false, "%s", _("Nothing changed."));
			return SCREEN_HANDLED;
		}
		const struct account *account = &state->accounts[state->list.selected];
		enum status status = account_deactivate(&app->session, account->id);
		if (status == STATUS_OK)
			app_message(app, false, _("%s deactivated."), account->username);
		else
			app_fail(app, status);
		reload(state, app);
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		APP_OPEN(app, user_form, .mode = USER_FORM_ADD);
		return SCREEN_HANDLED;
	}
	if (state->list.selected < 0)
		return 0;
	const struct account *account = &state->accounts[state->list.selected];
	switch (action) {
	case ACTION_EDIT:
		APP_OPEN(app, user_form, .mode = USER_FORM_COMMITMENT, .account = *account);
		return SCREEN_HANDLED;
	case ACTION_SET_ROLE:
	case ACTION_RESET_PASSWORD:
	case ACTION_OPEN:
		if (!account->active) {
			app_message(app, true, _("%s is deactivated."), account->username);
			return SCREEN_HANDLED;
		}
		APP_OPEN(app, user_form, .mode = action == ACTION_RESET_PASSWORD ? USER_FORM_RESET_PASSWORD : USER_FORM_ROLE,
			 .account = *account);
		return SCREEN_HANDLED;
	case ACTION_DEACTIVATE:
		if (!account->active) {
			app_message(app, true, _("%s is already deactivated."), account->username);
			return SCREEN_HANDLED;
		}
		state->confirming_deactivation = true;
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static void users_leave(void *self, struct app *app)
{
	struct users_state *state = self;
	(void)app;
	free(state->accounts);
}

static const enum action users_keys[] = {
	ACTION_ADD, ACTION_EDIT, ACTION_SET_ROLE, ACTION_RESET_PASSWORD, ACTION_DEACTIVATE, ACTION_BACK, ACTION_NONE
};

const struct screen_ops users_screen = {
	.title = N_("Users and roles"),
	.state_size = sizeof(struct users_state),
	.open = users_open,
	.resume = users_resume,
	.layout = users_layout,
	.draw = users_draw,
	.handle = users_handle,
	.leave = users_leave,
	.key_help = users_keys,
};

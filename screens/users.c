/* Users and roles (privacy officer): add, set role, reset password,
 * record the confidentiality commitment's date (e), deactivate. Accounts are never deleted: the audit trail refers to them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listbox.h"
#include "screens.h"
#include "user_form.h"

static struct account *accounts;
static long account_total;
static long account_capacity;
static struct listbox list;
static bool confirming_deactivation;
static struct user_form_request request;
static const int column_widths[] = { 0, 11, 21, 15, 10, 0 };   /* the state keeps its 18 columns */

static void collect_account(const struct account *account, void *context)
{
	(void)context;
	if (account_total == account_capacity) {
		long capacity = account_capacity ? account_capacity * 2 : 32;
		struct account *grown = realloc(accounts, (size_t)capacity * sizeof *accounts);
		if (!grown)
			return;
		accounts = grown;
		account_capacity = capacity;
	}
	accounts[account_total++] = *account;
}

static void reload(struct app *app)
{
	account_total = 0;
	enum status status = account_list(&app->session, collect_account, NULL);
	if (status != STATUS_OK)
		app_message(app, true, "%s", status_message(status));
	listbox_clamp(&list);
}

static long users_count(void *context)
{
	(void)context;
	return account_total;
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
	(void)context;
	const struct account *account = &accounts[index];
	enum color_role role = selected ? COLOR_ROLE_SELECTED : account->active ? COLOR_ROLE_NORMAL : COLOR_ROLE_DIM;
	/* No commitment date: the account cannot log in until one is recorded (notice §5.1). */
	const char *cells[] = { "", account->username, account->full_name, role_label(account->role),
				*account->commitment_signed_on ? account->commitment_signed_on : _("no date"),
				state_label(account) };
	ui_draw_row(y, x, width, column_widths, cells, 6, role);
}

static void users_enter(struct app *app, void *argument)
{
	(void)argument;
	listbox_init(&list, users_count, users_draw_row, NULL);
	confirming_deactivation = false;
	reload(app);
}

static void users_layout(struct app *app)
{
	listbox_layout(&list, app->content_top + 1, 0, app->content_rows - 1, app->cols);
	/* Coming back from the form: show what it changed. */
	reload(app);
}

static void users_draw(struct app *app)
{
	int y = app->content_top;
	const char *headers[] = { "", _("Username"), _("Full name"), _("Role"), _("Commitment"), _("State") };
	ui_draw_row(y, 0, app->cols, column_widths, headers, 6, COLOR_ROLE_TITLE);
	listbox_draw(&list);
	if (confirming_deactivation && list.selected >= 0) {
		char line[512];
		snprintf(line, sizeof line, _("Deactivate %s? They cannot log in after this; the account stays. (y/n)"),
			 accounts[list.selected].username);
		ui_draw_text(app->rows - 2, 0, app->cols, line, COLOR_ROLE_WARNING, true);
	}
}

static int users_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (confirming_deactivation) {
		confirming_deactivation = false;
		if (action != ACTION_YES) {
			app_message(app, false, "%s", _("Nothing changed."));
			return SCREEN_HANDLED;
		}
		const struct account *account = &accounts[list.selected];
		enum status status = account_deactivate(&app->session, account->id);
		if (status == STATUS_OK)
			app_message(app, false, _("%s deactivated."), account->username);
		else
			app_message(app, true, "%s", status == STATUS_ERR_DATABASE ? app->db->error : status_message(status));
		reload(app);
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_ADD) {
		memset(&request, 0, sizeof request);
		request.mode = USER_FORM_ADD;
		app_push(app, &user_form_screen, &request);
		return SCREEN_HANDLED;
	}
	if (list.selected < 0)
		return 0;
	const struct account *account = &accounts[list.selected];
	switch (action) {
	case ACTION_EDIT:
		request.mode = USER_FORM_COMMITMENT;
		request.account = *account;
		app_push(app, &user_form_screen, &request);
		return SCREEN_HANDLED;
	case ACTION_SET_ROLE:
	case ACTION_RESET_PASSWORD:
	case ACTION_OPEN:
		if (!account->active) {
			app_message(app, true, _("%s is deactivated."), account->username);
			return SCREEN_HANDLED;
		}
		request.mode = action == ACTION_RESET_PASSWORD ? USER_FORM_RESET_PASSWORD : USER_FORM_ROLE;
		request.account = *account;
		app_push(app, &user_form_screen, &request);
		return SCREEN_HANDLED;
	case ACTION_DEACTIVATE:
		if (!account->active) {
			app_message(app, true, _("%s is already deactivated."), account->username);
			return SCREEN_HANDLED;
		}
		confirming_deactivation = true;
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static void users_leave(struct app *app)
{
	(void)app;
	free(accounts);
	accounts = NULL;
	account_total = account_capacity = 0;
}

static const enum action users_keys[] = {
	ACTION_ADD, ACTION_EDIT, ACTION_SET_ROLE, ACTION_RESET_PASSWORD, ACTION_DEACTIVATE, ACTION_BACK, ACTION_NONE
};

const struct screen_ops users_screen = {
	.title = N_("Users and roles"),
	.enter = users_enter,
	.layout = users_layout,
	.draw = users_draw,
	.handle = users_handle,
	.leave = users_leave,
	.key_help = users_keys,
};

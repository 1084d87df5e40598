/* The main menu: only what the user's role may do (the core enforces it too). */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "permission.h"
#include "request.h"
#include "review.h"
#include "screens.h"

enum menu_command { OPEN_SCREEN, LOCK_NOW, LOG_OUT, QUIT };

/* The menu, one line per entry; permission -1 means everyone. */
static const struct menu_item {
	const char *label;                 /* N_() */
	int permission;
	enum menu_command command;
	const struct screen_ops *screen;
} all_items[] = {
	{ N_("Contacts"), PERMISSION_VIEW_REGISTER, OPEN_SCREEN, &contacts_screen },
	{ N_("Data-subject requests"), PERMISSION_HANDLE_REQUESTS, OPEN_SCREEN, &requests_screen },
	{ N_("Organisations"), PERMISSION_VIEW_REGISTER, OPEN_SCREEN, &organisations_screen },
	{ N_("Import contacts from CSV"), PERMISSION_EDIT_CONTACTS, OPEN_SCREEN, &import_screen },
	{ N_("Trainings"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &trainings_screen },
	{ N_("Courses"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &courses_screen },
	{ N_("Expiring certificates and cards"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &expiring_screen },
	{ N_("Events"), PERMISSION_MANAGE_EVENTS, OPEN_SCREEN, &events_screen },
	{ N_("Export a list (disclosure)"), PERMISSION_EXPORT, OPEN_SCREEN, &export_screen },
	{ N_("Disclosure log"), PERMISSION_VIEW_DISCLOSURE_LOG, OPEN_SCREEN, &disclosures_screen },
	{ N_("Recipients"), PERMISSION_MANAGE_RECIPIENTS, OPEN_SCREEN, &recipients_screen },
	{ N_("Purposes of use"), PERMISSION_MANAGE_RECIPIENTS, OPEN_SCREEN, &purposes_screen },
	{ N_("Annual review and retention"), PERMISSION_ERASE, OPEN_SCREEN, &review_screen },
	{ N_("Retention rules"), PERMISSION_DECIDE_REQUESTS, OPEN_SCREEN, &retention_screen },
	{ N_("Backups and integrity"), PERMISSION_MANAGE_USERS, OPEN_SCREEN, &backup_screen },
	{ N_("Users and roles"), PERMISSION_MANAGE_USERS, OPEN_SCREEN, &users_screen },
	{ N_("Settings"), PERMISSION_MANAGE_USERS, OPEN_SCREEN, &settings_screen },
	{ N_("Audit trail"), PERMISSION_VIEW_AUDIT, OPEN_SCREEN, &audit_log_screen },
	{ N_("Change my password"), -1, OPEN_SCREEN, &password_screen },
	{ N_("Lock the screen"), -1, LOCK_NOW, NULL },
	{ N_("Log out"), -1, LOG_OUT, NULL },
	{ N_("Quit"), -1, QUIT, NULL },
};
#define ALL_ITEM_COUNT ((int)(sizeof all_items / sizeof all_items[0]))

struct main_menu_state {
	const struct menu_item *visible[ALL_ITEM_COUNT];   /* what the user's role may open */
	int visible_count;
	int selected;
	int grid_top, grid_rows, column_width;
};

/* The menu is two columns: down the first, then the second. */
static int grid_rows_for(int count)
{
	return (count + 1) / 2;
}

static void main_menu_open(void *self, struct app *app, const void *argument)
{
	struct main_menu_state *state = self;
	(void)argument;
	for (int i = 0; i < ALL_ITEM_COUNT; i++)
		if (all_items[i].permission < 0 ||
		    permission_allows(app->session.role, (enum permission)all_items[i].permission))
			state->visible[state->visible_count++] = &all_items[i];
}

static void main_menu_layout(void *self, struct app *app)
{
	struct main_menu_state *state = self;
	state->grid_top = app->content_top + 2;
	state->grid_rows = grid_rows_for(state->visible_count);
	state->column_width = (app->cols - 4) / 2;
}

/* What needs the user's attention: open and overdue requests (GDPR Art.
 * 12(3)); for the privacy officer also the review (notice §4.1). */
static void draw_attention(struct app *app, int y, int x, int width)
{
	char line[300], today[11];
	int open, overdue;
	request_counts(&app->session, &open, &overdue);
	if (permission_allows(app->session.role, PERMISSION_HANDLE_REQUESTS)) {
		snprintf(line, sizeof line, _("Requests: %d open, %d overdue"), open, overdue);
		ui_draw_text(y++, x, width, line, overdue ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL, false);
	}
	if (!permission_allows(app->session.role, PERMISSION_ERASE))
		return;
	long long due;
	char last_closed[32], year_ago[40];
	bool round_open;
	review_status(&app->session, &due, last_closed, &round_open);
	calendar_today(today);
	int year = 0, month = 0, day = 0;
	sscanf(today, "%d-%d-%d", &year, &month, &day);
	snprintf(year_ago, sizeof year_ago, "%04d-%02d-%02d", year - 1, month, day);
	bool late = !*last_closed || strncmp(last_closed, year_ago, 10) < 0;
	char due_text[128];
	if (due >= 0)
		snprintf(due_text, sizeof due_text, _("Due for erasure: %lld"), due);
	else
		snprintf(due_text, sizeof due_text, "%s", _("Erasure due: see the review"));
	ui_draw_text(y++, x, width, due_text, due > 0 ? COLOR_ROLE_WARNING : COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Last review round: %.10s%s"), *last_closed ? last_closed : _("never"),
		 late ? _(" (over 12 months ago: notice §4.1)") : "");
	ui_draw_text(y, x, width, line, late ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL, false);
}

static void main_menu_draw(void *self, struct app *app)
{
	struct main_menu_state *state = self;
	char line[600];
	snprintf(line, sizeof line, _("Logged in as %s, %s."), app->session.full_name, role_label(app->session.role));
	ui_draw_text(app->content_top, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	for (int i = 0; i < state->visible_count; i++) {
		int column = i / state->grid_rows, row = i % state->grid_rows;
		snprintf(line, sizeof line, "  %s", _(state->visible[i]->label));
		ui_draw_text(state->grid_top + row, 2 + column * (state->column_width + 1), state->column_width, line,
			     i == state->selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
	}
	draw_attention(app, state->grid_top + state->grid_rows + 1, 4, app->cols - 6);
}

static int main_menu_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct main_menu_state *state = self;
	int *selected = &state->selected;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT)) {
		int moved = *selected + (key.code == KEY_RIGHT ? state->grid_rows : -state->grid_rows);
		if (moved >= 0 && moved < state->visible_count)
			*selected = moved;
		return SCREEN_HANDLED;
	}
	switch (action) {
	case ACTION_UP: if (*selected > 0) (*selected)--; return SCREEN_HANDLED;
	case ACTION_DOWN: if (*selected + 1 < state->visible_count) (*selected)++; return SCREEN_HANDLED;
	case ACTION_FIRST: *selected = 0; return SCREEN_HANDLED;
	case ACTION_LAST: *selected = state->visible_count - 1; return SCREEN_HANDLED;
	case ACTION_QUIT: app->quit = true; return SCREEN_HANDLED;
	case ACTION_BACK: return SCREEN_HANDLED;   /* one Esc too many must not end the session: q quits */
	case ACTION_OPEN: break;
	default: return 0;
	}
	/* Log out frees self: nothing of it is read after the command. */
	const struct menu_item *item = state->visible[*selected];
	switch (item->command) {
	case OPEN_SCREEN: app_push(app, item->screen, NULL); break;
	case LOCK_NOW: app_lock(app, false); break;
	case LOG_OUT: app_log_out(app); break;
	case QUIT: app->quit = true; break;
	}
	return SCREEN_HANDLED;
}

static const enum action main_menu_keys[] = { ACTION_OPEN, ACTION_LOCK, ACTION_HELP, ACTION_QUIT, ACTION_NONE };

const struct screen_ops main_menu_screen = {
	.title = N_("Main menu"),
	.state_size = sizeof(struct main_menu_state),
	.open = main_menu_open,
	.layout = main_menu_layout,
	.draw = main_menu_draw,
	.handle = main_menu_handle,
	.key_help = main_menu_keys,
};

/* The main menu: only what the user's role may do (the core enforces it too). */
#include <stdio.h>
#include <string.h>

#include "listbox.h"
#include "permission.h"
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
	{ N_("Requests (inspection, rectification, erasure, objection)"), PERMISSION_HANDLE_REQUESTS, OPEN_SCREEN, &requests_screen },
	{ N_("Organisations"), PERMISSION_VIEW_REGISTER, OPEN_SCREEN, &organisations_screen },
	{ N_("Trainings"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &trainings_screen },
	{ N_("Courses"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &courses_screen },
	{ N_("Expiring certificates and permit cards"), PERMISSION_MANAGE_TRAININGS, OPEN_SCREEN, &expiring_screen },
	{ N_("Events"), PERMISSION_MANAGE_EVENTS, OPEN_SCREEN, &events_screen },
	{ N_("Export a list (disclosure)"), PERMISSION_EXPORT, OPEN_SCREEN, &export_screen },
	{ N_("Disclosure log"), PERMISSION_VIEW_DISCLOSURE_LOG, OPEN_SCREEN, &disclosures_screen },
	{ N_("Recipients"), PERMISSION_MANAGE_RECIPIENTS, OPEN_SCREEN, &recipients_screen },
	{ N_("Annual review and retention"), PERMISSION_ERASE, OPEN_SCREEN, &review_screen },
	{ N_("Backups and integrity"), PERMISSION_MANAGE_USERS, OPEN_SCREEN, &backup_screen },
	{ N_("Users and roles"), PERMISSION_MANAGE_USERS, OPEN_SCREEN, &users_screen },
	{ N_("Audit trail"), PERMISSION_VIEW_AUDIT, OPEN_SCREEN, &audit_log_screen },
	{ N_("Change my password"), -1, OPEN_SCREEN, &password_screen },
	{ N_("Lock the screen"), -1, LOCK_NOW, NULL },
	{ N_("Log out"), -1, LOG_OUT, NULL },
	{ N_("Quit"), -1, QUIT, NULL },
};
#define ALL_ITEM_COUNT ((int)(sizeof all_items / sizeof all_items[0]))

static const struct menu_item *visible[ALL_ITEM_COUNT];
static int visible_count;
static struct listbox list;

static long menu_count(void *context)
{
	(void)context;
	return visible_count;
}

static void menu_draw_row(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	char line[256];
	snprintf(line, sizeof line, "  %s", _(visible[index]->label));
	ui_draw_text(y, x, width, line, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
}

static void main_menu_enter(struct app *app, void *argument)
{
	(void)argument;
	visible_count = 0;
	for (int i = 0; i < ALL_ITEM_COUNT; i++)
		if (all_items[i].permission < 0 ||
		    permission_allows(app->session.role, (enum permission)all_items[i].permission))
			visible[visible_count++] = &all_items[i];
	listbox_init(&list, menu_count, menu_draw_row, NULL);
}

static void main_menu_layout(struct app *app)
{
	listbox_layout(&list, app->content_top + 2, 2, app->content_rows - 2, 40);
}

static void main_menu_draw(struct app *app)
{
	char line[600];
	snprintf(line, sizeof line, _("Logged in as %s, %s."), app->session.full_name, role_label(app->session.role));
	ui_draw_text(app->content_top, 2, app->cols - 4, line, COLOR_ROLE_NORMAL, false);
	listbox_draw(&list);
}

static int main_menu_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_QUIT) {
		app->quit = true;
		return SCREEN_HANDLED;
	}
	if (action == ACTION_BACK)
		return SCREEN_HANDLED;   /* one Esc too many must not end the session: q quits */
	if (action != ACTION_OPEN || list.selected < 0)
		return 0;
	const struct menu_item *item = visible[list.selected];
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
	.enter = main_menu_enter,
	.layout = main_menu_layout,
	.draw = main_menu_draw,
	.handle = main_menu_handle,
	.key_help = main_menu_keys,
};

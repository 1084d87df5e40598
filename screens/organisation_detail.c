/* One organisation and its contacts; Enter opens a contact, e edits. */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "listbox.h"
#include "organisation.h"
#include "screens.h"

#define CONTACTS_PAGE 160

static long long organisation_id;
static struct organisation organisation;
static struct contact_row contacts[CONTACTS_PAGE];
static int contact_count;
static struct listbox list;
static struct organisation_form_request form_request;

static long contact_rows(void *context)
{
	(void)context;
	return contact_count;
}

static void draw_contact(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	static const int widths[] = { 32, 0 };
	char details[400];
	snprintf(details, sizeof details, "%s  %s", contacts[index].email, contacts[index].phone);
	const char *cells[] = { contacts[index].name, details };
	ui_draw_row(y, x + 2, width - 2, widths, cells, 2, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void load(struct app *app)
{
	organisation_free(&organisation);
	organisation_init(&organisation);
	enum status status = organisation_load(&app->session, organisation_id, &organisation);
	if (status != STATUS_OK)
		app_message(app, true, "%s", status_message(status));
	contact_count = organisation_contacts(&app->session, organisation_id, 0, contacts, CONTACTS_PAGE);
	if (contact_count < 0)
		contact_count = 0;
	listbox_clamp(&list);
}

static void organisation_detail_enter(struct app *app, void *argument)
{
	organisation_id = *(const long long *)argument;
	organisation_init(&organisation);
	listbox_init(&list, contact_rows, draw_contact, NULL);
	(void)app;
}

static void organisation_detail_layout(struct app *app)
{
	load(app);
	listbox_layout(&list, app->content_top + 6, 0, app->content_rows - 6, app->cols);
}

static void organisation_detail_draw(struct app *app)
{
	int y = app->content_top;
	char line[1200];
	snprintf(line, sizeof line, "%s%s", organisation.value[ORGANISATION_NAME],
		 organisation.group_company ? _("  (our own group company)") : "");
	ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	snprintf(line, sizeof line, "%s: %s   %s: %s", organisation_field_label(ORGANISATION_BUSINESS_ID),
		 *organisation.value[ORGANISATION_BUSINESS_ID] ? organisation.value[ORGANISATION_BUSINESS_ID] : "-",
		 organisation_field_label(ORGANISATION_COUNTRY), organisation.value[ORGANISATION_COUNTRY]);
	ui_draw_text(y + 1, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, "%s, %s %s", organisation.value[ORGANISATION_STREET],
		 organisation.value[ORGANISATION_POSTAL_CODE], organisation.value[ORGANISATION_CITY]);
	ui_draw_text(y + 2, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Contacts (%d%s):"), contact_count, contact_count == CONTACTS_PAGE ? "+" : "");
	ui_draw_text(y + 4, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	listbox_draw(&list);
}

static int organisation_detail_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_OPEN && list.selected >= 0) {
		APP_OPEN(app, contact_detail, .contact_id = contacts[list.selected].id);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_EDIT) {
		memset(&form_request, 0, sizeof form_request);
		form_request.organisation_id = organisation_id;
		app_push(app, &organisation_form_screen, &form_request);
		return SCREEN_HANDLED;
	}
	return 0;
}

static void organisation_detail_leave(struct app *app)
{
	(void)app;
	organisation_free(&organisation);
}

static const enum action organisation_detail_keys[] = { ACTION_OPEN, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisation_detail_screen = {
	.title = N_("Organisation"),
	.legacy.enter = organisation_detail_enter,
	.legacy.layout = organisation_detail_layout,
	.legacy.draw = organisation_detail_draw,
	.legacy.handle = organisation_detail_handle,
	.legacy.leave = organisation_detail_leave,
	.key_help = organisation_detail_keys,
};

/* One organisation and its contacts; Enter opens a contact, e edits. */
#include <stdio.h>
#include <string.h>

#include "contact_screens.h"
#include "listbox.h"
#include "organisation.h"
#include "screens.h"

#define CONTACTS_PAGE 160

/* Everything one opening of the organisation keeps. */
struct organisation_detail_state {
	long long organisation_id;
	struct organisation organisation;
	struct contact_row contacts[CONTACTS_PAGE];
	int contact_count;
	struct listbox list;
};

static long contact_rows(void *context)
{
	const struct organisation_detail_state *state = context;
	return state->contact_count;
}

static void draw_contact(void *context, long index, int y, int x, int width, bool selected)
{
	const struct organisation_detail_state *state = context;
	static const int widths[] = { 32, 0 };
	char details[400];
	snprintf(details, sizeof details, "%s  %s", state->contacts[index].email, state->contacts[index].phone);
	const char *cells[] = { state->contacts[index].name, details };
	ui_draw_row(y, x + 2, width - 2, widths, cells, 2, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void load(struct organisation_detail_state *state, struct app *app)
{
	organisation_free(&state->organisation);
	organisation_init(&state->organisation);
	enum status status = organisation_load(&app->session, state->organisation_id, &state->organisation);
	if (status != STATUS_OK)
		app_fail(app, status);
	state->contact_count = organisation_contacts(&app->session, state->organisation_id, 0, state->contacts, CONTACTS_PAGE);
	if (state->contact_count < 0)
		state->contact_count = 0;
	listbox_clamp(&state->list);
}

static void organisation_detail_open(void *self, struct app *app, const void *argument)
{
	struct organisation_detail_state *state = self;
	const struct organisation_detail_argument *given = argument;
	state->organisation_id = given->organisation_id;
	organisation_init(&state->organisation);
	listbox_init(&state->list, contact_rows, draw_contact, state);
	load(state, app);
}

/* Back on top: read again (the form or a contact's screen may have changed it). */
static void organisation_detail_resume(void *self, struct app *app, const struct screen_result *result)
{
	(void)result;
	load(self, app);
}

static void organisation_detail_layout(void *self, struct app *app)
{
	struct organisation_detail_state *state = self;
	listbox_layout(&state->list, app->content_top + 6, 0, app->content_rows - 6, app->cols);
}

static void organisation_detail_draw(void *self, struct app *app)
{
	struct organisation_detail_state *state = self;
	const struct organisation *organisation = &state->organisation;
	int y = app->content_top;
	char line[1200];
	snprintf(line, sizeof line, "%s%s", organisation->value[ORGANISATION_NAME],
		 organisation->group_company ? _("  (our own group company)") : "");
	ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	snprintf(line, sizeof line, "%s: %s   %s: %s", organisation_field_label(ORGANISATION_BUSINESS_ID),
		 *organisation->value[ORGANISATION_BUSINESS_ID] ? organisation->value[ORGANISATION_BUSINESS_ID] : "-",
		 organisation_field_label(ORGANISATION_COUNTRY), organisation->value[ORGANISATION_COUNTRY]);
	ui_draw_text(y + 1, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, "%s, %s %s", organisation->value[ORGANISATION_STREET],
		 organisation->value[ORGANISATION_POSTAL_CODE], organisation->value[ORGANISATION_CITY]);
	ui_draw_text(y + 2, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Contacts (%d%s):"), state->contact_count, state->contact_count == CONTACTS_PAGE ? "+" : "");
	ui_draw_text(y + 4, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	listbox_draw(&state->list);
}

static int organisation_detail_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct organisation_detail_state *state = self;
	(void)key;
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (action == ACTION_OPEN && state->list.selected >= 0) {
		APP_OPEN(app, contact_detail, .contact_id = state->contacts[state->list.selected].id);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_EDIT) {
		APP_OPEN(app, organisation_form, .organisation_id = state->organisation_id);
		return SCREEN_HANDLED;
	}
	return 0;
}

static void organisation_detail_leave(void *self, struct app *app)
{
	struct organisation_detail_state *state = self;
	(void)app;
	organisation_free(&state->organisation);
}

static const enum action organisation_detail_keys[] = { ACTION_OPEN, ACTION_EDIT, ACTION_BACK, ACTION_NONE };

const struct screen_ops organisation_detail_screen = {
	.title = N_("Organisation"),
	.state_size = sizeof(struct organisation_detail_state),
	.open = organisation_detail_open,
	.resume = organisation_detail_resume,
	.layout = organisation_detail_layout,
	.draw = organisation_detail_draw,
	.handle = organisation_detail_handle,
	.leave = organisation_detail_leave,
	.key_help = organisation_detail_keys,
};

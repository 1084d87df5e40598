/* A disclosure made outside an export, recorded on the contact by hand: a
 * partner for an order, a subcontractor, a group company for invoicing
 * (notice §2.1-§2.3). */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "disclosure.h"
#include "form.h"
#include "screens.h"

enum { RECIPIENT, PURPOSE, LEGAL_GROUND, FIELDS, MADE_ON, NOTE, FIELD_COUNT };

static long long contact_id;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct recipient recipients[200];
static const char *recipient_labels[200];
static int recipient_count;

static void disclosure_form_enter(struct app *app, void *argument)
{
	contact_id = *(const long long *)argument;
	recipient_count = recipient_list(&app->session, recipients, 200);
	if (recipient_count < 0)
		recipient_count = 0;
	for (int i = 0; i < recipient_count; i++)
		recipient_labels[i] = recipients[i].name;
	memset(fields, 0, sizeof fields);
	fields[RECIPIENT] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE, .choices = recipient_labels,
		.choice_count = recipient_count > 0 ? recipient_count : 1 };
	fields[PURPOSE] = (struct form_field){ .label = N_("Purpose"), .max_chars = 200 };
	fields[LEGAL_GROUND] = (struct form_field){ .label = N_("Legal ground"), .max_chars = 200 };
	fields[FIELDS] = (struct form_field){ .label = N_("Data passed on"), .max_chars = 400 };
	fields[MADE_ON] = (struct form_field){ .label = N_("Date"), .max_chars = 10 };
	fields[NOTE] = (struct form_field){ .label = N_("Note"), .max_chars = 1000 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	char today[11];
	calendar_today(today);
	form_set_value(&form, MADE_ON, today);
	form_set_value(&form, LEGAL_GROUND, _("performance of the agreement"));
	form_set_value(&form, FIELDS, _("name, organisation, contact details"));
}

static void disclosure_form_layout(struct app *app)
{
	form_layout(&form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void disclosure_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     recipient_count ? _("Record a disclosure made by hand; F2 saves.")
				     : _("No recipients yet: the privacy officer adds them first."),
		     recipient_count ? COLOR_ROLE_DIM : COLOR_ROLE_WARNING, false);
	if (!recipient_count)
		return;
	form_draw(&form);
	form_place_cursor(&form);
}

static int disclosure_form_handle(struct app *app, enum action action, struct key_press key)
{
	if (!recipient_count)
		return 0;
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct manual_disclosure disclosure = { .recipient_id = recipients[fields[RECIPIENT].choice].id };
	form_value(&form, PURPOSE, disclosure.purpose, sizeof disclosure.purpose);
	form_value(&form, LEGAL_GROUND, disclosure.legal_ground, sizeof disclosure.legal_ground);
	form_value(&form, FIELDS, disclosure.fields, sizeof disclosure.fields);
	form_value(&form, MADE_ON, disclosure.made_on, sizeof disclosure.made_on);
	form_value(&form, NOTE, disclosure.note, sizeof disclosure.note);
	enum status status = disclosure_record(&app->session, contact_id, &disclosure);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", _("Disclosure recorded."));
	app_pop(app);
	return SCREEN_HANDLED;
}

static bool disclosure_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static const enum action disclosure_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops disclosure_form_screen = {
	.title = N_("Record a disclosure"),
	.legacy.enter = disclosure_form_enter,
	.legacy.layout = disclosure_form_layout,
	.legacy.draw = disclosure_form_draw,
	.legacy.handle = disclosure_form_handle,
	.legacy.typing = disclosure_form_typing,
	.key_help = disclosure_form_keys,
};

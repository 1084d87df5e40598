/* Add or edit a recipient: name, kind, country, and the safeguard a
 * non-EEA country needs before anything is disclosed (notice §3.1). */
#include <stdio.h>
#include <string.h>

#include "disclosure.h"
#include "form.h"
#include "screens.h"

enum { NAME, KIND, COUNTRY, SAFEGUARD, REFERENCE, DATE, FIELD_COUNT };

static struct form_field fields[FIELD_COUNT];
static struct form form;
static struct recipient recipient;
static const char *kind_labels[RECIPIENT_KIND_COUNT];
static const char *safeguard_labels[SAFEGUARD_COUNT];

static void recipient_form_enter(struct app *app, void *argument)
{
	(void)app;
	memset(&recipient, 0, sizeof recipient);
	if (argument)
		recipient = *(const struct recipient *)argument;
	else
		snprintf(recipient.country, sizeof recipient.country, "FI");
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
		kind_labels[i] = recipient_kind_label((enum recipient_kind)i);
	for (int i = 0; i < SAFEGUARD_COUNT; i++)
		safeguard_labels[i] = safeguard_label((enum safeguard)i);
	memset(fields, 0, sizeof fields);
	fields[NAME] = (struct form_field){ .label = N_("Name"), .max_chars = 200 };
	fields[KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE, .choices = kind_labels,
		.choice_count = RECIPIENT_KIND_COUNT, .choice = (int)recipient.kind };
	fields[COUNTRY] = (struct form_field){ .label = N_("Country (ISO code)"), .max_chars = 2 };
	fields[SAFEGUARD] = (struct form_field){ .label = N_("Transfer safeguard"), .kind = FIELD_CHOICE,
		.choices = safeguard_labels, .choice_count = SAFEGUARD_COUNT, .choice = (int)recipient.safeguard };
	fields[REFERENCE] = (struct form_field){ .label = N_("Safeguard reference"), .max_chars = 200 };
	fields[DATE] = (struct form_field){ .label = N_("Safeguard date"), .max_chars = 10 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	form_set_value(&form, NAME, recipient.name);
	form_set_value(&form, COUNTRY, recipient.country);
	form_set_value(&form, REFERENCE, recipient.safeguard_reference);
	form_set_value(&form, DATE, recipient.safeguard_date);
}

static void recipient_form_layout(struct app *app)
{
	form_layout(&form, app->content_top + 3, 1, app->cols, app->content_rows - 3);
}

static void recipient_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Outside the EU/EEA nothing is disclosed until a safeguard is recorded (notice §3.1)."),
		     COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2, _("EU/EEA membership comes from the country table."),
		     COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int recipient_form_handle(struct app *app, enum action action, struct key_press key)
{
	enum form_result result = form_handle(&form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	form_value(&form, NAME, recipient.name, sizeof recipient.name);
	form_value(&form, COUNTRY, recipient.country, sizeof recipient.country);
	for (char *p = recipient.country; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	form_value(&form, REFERENCE, recipient.safeguard_reference, sizeof recipient.safeguard_reference);
	form_value(&form, DATE, recipient.safeguard_date, sizeof recipient.safeguard_date);
	recipient.kind = (enum recipient_kind)fields[KIND].choice;
	recipient.safeguard = (enum safeguard)fields[SAFEGUARD].choice;
	enum status status = recipient_save(&app->session, &recipient);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Saved %s."), recipient.name);
	app_pop(app);
	return SCREEN_HANDLED;
}

static bool recipient_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static const enum action recipient_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops recipient_form_screen = {
	.title = N_("Recipient"),
	.legacy.enter = recipient_form_enter,
	.legacy.layout = recipient_form_layout,
	.legacy.draw = recipient_form_draw,
	.legacy.handle = recipient_form_handle,
	.legacy.typing = recipient_form_typing,
	.key_help = recipient_form_keys,
};

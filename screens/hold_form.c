/* A legal hold on a contact (privacy officer): which law, what it covers,
 * the fields it keeps (ticked; the Accounting Act's name, organisation and
 * references by default), until when; the Accounting Act's end date is
 * computed (notice §4.2; GDPR Art. 17(3)(b)). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "erasure.h"
#include "request.h"
#include "screens.h"

enum { LAW, LAW_NAME, COVERS, BASIS, UNTIL, KEPT, FIELD_COUNT };

static long long contact_id;
static struct form_field fields[FIELD_COUNT];
static struct form form;
static const char *law_labels[HOLD_LAW_COUNT];
static const char *kept_labels[HOLD_FIELD_COUNT];

static void show_fields(void)
{
	bool other = fields[LAW].choice == HOLD_OTHER;
	fields[LAW_NAME].hidden = !other;
	fields[UNTIL].hidden = !other;
	fields[BASIS].hidden = other;
}

static void hold_form_enter(struct app *app, void *argument)
{
	(void)app;
	contact_id = *(const long long *)argument;
	for (int i = 0; i < HOLD_LAW_COUNT; i++)
		law_labels[i] = hold_law_label((enum hold_law)i);
	for (int i = 0; i < HOLD_FIELD_COUNT; i++)
		kept_labels[i] = hold_field_label((enum hold_field)i);
	memset(fields, 0, sizeof fields);
	fields[LAW] = (struct form_field){ .label = N_("Law"), .kind = FIELD_CHOICE, .choices = law_labels, .choice_count = HOLD_LAW_COUNT };
	fields[LAW_NAME] = (struct form_field){ .label = N_("The law, named"), .max_chars = 400 };
	fields[COVERS] = (struct form_field){ .label = N_("Covers"), .max_chars = 400 };
	fields[KEPT] = (struct form_field){ .label = N_("Fields kept"), .kind = FIELD_FLAGS, .choices = kept_labels,
					    .choice_count = HOLD_FIELD_COUNT, .flags = HOLD_FIELDS_ACCOUNTING };
	fields[BASIS] = (struct form_field){ .label = N_("Financial year ends"), .max_chars = 10 };
	fields[UNTIL] = (struct form_field){ .label = N_("Kept until"), .max_chars = 10 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	form_set_value(&form, COVERS, _("contact data tied to contracts and invoices"));
	show_fields();
}

static void hold_form_layout(struct app *app)
{
	show_fields();
	form_layout(&form, app->content_top + 2, 1, app->cols, 0);
}

static void hold_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Held data are kept read-only, shown to the privacy officer, used for nothing else."), COLOR_ROLE_DIM, false);
	ui_draw_text(app->content_top + 1, 1, app->cols - 2,
		     _("An erasure under the hold blanks every field not ticked in Fields kept."), COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int hold_form_handle(struct app *app, enum action action, struct key_press key)
{
	int law_before = fields[LAW].choice;
	enum form_result result = form_handle(&form, action, key);
	if (fields[LAW].choice != law_before)
		hold_form_layout(app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct legal_hold hold = { .contact_id = contact_id, .law = (enum hold_law)fields[LAW].choice,
				   .fields = fields[KEPT].flags };
	if (!hold.fields) {
		app_message(app, true, "%s", _("Tick at least one field the hold keeps (Space)."));
		return SCREEN_HANDLED;
	}
	form_value(&form, LAW_NAME, hold.law_name, sizeof hold.law_name);
	form_value(&form, COVERS, hold.covers, sizeof hold.covers);
	if (!fields[BASIS].hidden)
		form_value(&form, BASIS, hold.basis_date, sizeof hold.basis_date);
	if (!fields[UNTIL].hidden)
		form_value(&form, UNTIL, hold.until, sizeof hold.until);
	app->db->error[0] = '\0';
	enum status status = hold_add(&app->session, &hold);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	char kept[512];
	hold_fields_labels(hold.fields, kept, sizeof kept);
	app_message(app, false, _("Hold recorded until %s; it keeps %s."), hold.until, kept);
	app_pop(app);
	return SCREEN_HANDLED;
}

static bool hold_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static const enum action hold_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops hold_form_screen = {
	.title = N_("Legal hold"),
	.enter = hold_form_enter,
	.layout = hold_form_layout,
	.draw = hold_form_draw,
	.handle = hold_form_handle,
	.typing = hold_form_typing,
	.key_help = hold_form_keys,
};

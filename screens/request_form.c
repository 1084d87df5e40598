/* A new request: in person at the desk (notice §6.6), a hand-signed letter
 * with its envelope marking (notice §6.5), e-mail, phone or another channel:
 * every one is a valid request (GDPR Art. 12(2)); the notice's two are the
 * recommended ways. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "form.h"
#include "request.h"
#include "screens.h"

enum { KIND, CHANNEL, MARKING, SIGNED, NAME, DETAILS, REPRESENTATIVE, AUTHORISATION, RECEIVED, TOLD, FIELD_COUNT };

static struct form_field fields[FIELD_COUNT];
static struct form form;
static const char *kind_labels[REQUEST_KIND_COUNT];
static const char *channel_labels[REQUEST_CHANNEL_COUNT];
static const char *const yes_no[] = { N_("no"), N_("yes") };

static void show_channel_fields(void)
{
	enum request_channel channel = (enum request_channel)fields[CHANNEL].choice;
	fields[MARKING].hidden = channel != REQUEST_CHANNEL_LETTER;
	fields[SIGNED].hidden = channel != REQUEST_CHANNEL_LETTER;
	fields[TOLD].hidden = channel == REQUEST_CHANNEL_LETTER || channel == REQUEST_CHANNEL_IN_PERSON;
}

static void request_form_enter(struct app *app, void *argument)
{
	(void)app;
	(void)argument;
	for (int i = 0; i < REQUEST_KIND_COUNT; i++)
		kind_labels[i] = request_kind_label((enum request_kind)i);
	for (int i = 0; i < REQUEST_CHANNEL_COUNT; i++)
		channel_labels[i] = request_channel_label((enum request_channel)i);
	memset(fields, 0, sizeof fields);
	fields[KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE, .choices = kind_labels,
		.choice_count = REQUEST_KIND_COUNT };
	fields[CHANNEL] = (struct form_field){ .label = N_("Channel"), .kind = FIELD_CHOICE, .choices = channel_labels,
		.choice_count = REQUEST_CHANNEL_COUNT };
	fields[MARKING] = (struct form_field){ .label = N_("Envelope marking"), .max_chars = 200 };
	fields[SIGNED] = (struct form_field){ .label = N_("Signed by hand"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
	fields[NAME] = (struct form_field){ .label = N_("Requester's name"), .max_chars = 200 };
	fields[DETAILS] = (struct form_field){ .label = N_("Identifying details given"), .max_chars = 2000 };
	fields[REPRESENTATIVE] = (struct form_field){ .label = N_("On behalf of: representative"), .max_chars = 200 };
	fields[AUTHORISATION] = (struct form_field){ .label = N_("Authorisation shown"), .max_chars = 400 };
	fields[RECEIVED] = (struct form_field){ .label = N_("Received on"), .max_chars = 10 };
	fields[TOLD] = (struct form_field){ .label = N_("Told the recommended ways"), .kind = FIELD_CHOICE,
		.choices = yes_no, .choice_count = 2 };
	form_init(&form, fields, FIELD_COUNT, NULL);
	char today[11];
	calendar_today(today);
	form_set_value(&form, RECEIVED, today);
	show_channel_fields();
}

static void request_form_layout(struct app *app)
{
	show_channel_fields();
	form_layout(&form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void request_form_draw(struct app *app)
{
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Record what the person asks. No ID document number or identity code is ever stored."), COLOR_ROLE_DIM, false);
	form_draw(&form);
	form_place_cursor(&form);
}

static int request_form_handle(struct app *app, enum action action, struct key_press key)
{
	int channel_before = fields[CHANNEL].choice;
	enum form_result result = form_handle(&form, action, key);
	if (fields[CHANNEL].choice != channel_before)
		request_form_layout(app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	static struct subject_request request;
	memset(&request, 0, sizeof request);
	request.kind = (enum request_kind)fields[KIND].choice;
	request.channel = (enum request_channel)fields[CHANNEL].choice;
	if (!fields[MARKING].hidden)
		form_value(&form, MARKING, request.envelope_marking, sizeof request.envelope_marking);
	request.signature_handwritten = !fields[SIGNED].hidden && fields[SIGNED].choice == 1;
	request.told_valid_way = !fields[TOLD].hidden && fields[TOLD].choice == 1;
	form_value(&form, NAME, request.requester_name, sizeof request.requester_name);
	form_value(&form, DETAILS, request.identifying_details, sizeof request.identifying_details);
	form_value(&form, REPRESENTATIVE, request.representative_name, sizeof request.representative_name);
	form_value(&form, AUTHORISATION, request.authorisation, sizeof request.authorisation);
	form_value(&form, RECEIVED, request.received_on, sizeof request.received_on);
	enum status status = request_add(&app->session, &request);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Request #%lld (%s) recorded; due %s."), request.id, request_kind_label(request.kind), request.due_on);
	long long id = request.id;
	app_pop(app);
	app_push(app, &request_screen, &id);
	return SCREEN_HANDLED;
}

static bool request_form_typing(struct app *app)
{
	(void)app;
	return form_typing(&form);
}

static const enum action request_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops request_form_screen = {
	.title = N_("New request"),
	.legacy.enter = request_form_enter,
	.legacy.layout = request_form_layout,
	.legacy.draw = request_form_draw,
	.legacy.handle = request_form_handle,
	.legacy.typing = request_form_typing,
	.key_help = request_form_keys,
};

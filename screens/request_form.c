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

static const char *const yes_no[] = { N_("no"), N_("yes") };

struct request_form_state {
	struct form_field fields[FIELD_COUNT];
	struct form form;
	const char *kind_labels[REQUEST_KIND_COUNT];       /* translated at open */
	const char *channel_labels[REQUEST_CHANNEL_COUNT];
	struct subject_request request;                    /* the request being recorded */
};

static void show_channel_fields(struct request_form_state *state)
{
	enum request_channel channel = (enum request_channel)state->fields[CHANNEL].choice;
	state->fields[MARKING].hidden = channel != REQUEST_CHANNEL_LETTER;
	state->fields[SIGNED].hidden = channel != REQUEST_CHANNEL_LETTER;
	state->fields[TOLD].hidden = channel == REQUEST_CHANNEL_LETTER || channel == REQUEST_CHANNEL_IN_PERSON;
}

static void request_form_open(void *self, struct app *app, const void *argument)
{
	struct request_form_state *state = self;
	(void)app;
	(void)argument;
	for (int i = 0; i < REQUEST_KIND_COUNT; i++)
		state->kind_labels[i] = request_kind_label((enum request_kind)i);
	for (int i = 0; i < REQUEST_CHANNEL_COUNT; i++)
		state->channel_labels[i] = request_channel_label((enum request_channel)i);
	state->fields[KIND] = (struct form_field){ .label = N_("Kind"), .kind = FIELD_CHOICE, .choices = state->kind_labels,
		.choice_count = REQUEST_KIND_COUNT };
	state->fields[CHANNEL] = (struct form_field){ .label = N_("Channel"), .kind = FIELD_CHOICE, .choices = state->channel_labels,
		.choice_count = REQUEST_CHANNEL_COUNT };
	state->fields[MARKING] = (struct form_field){ .label = N_("Envelope marking"), .max_chars = 200 };
	state->fields[SIGNED] = (struct form_field){ .label = N_("Signed by hand"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
	state->fields[NAME] = (struct form_field){ .label = N_("Requester's name"), .max_chars = 200 };
	state->fields[DETAILS] = (struct form_field){ .label = N_("Identifying details given"), .max_chars = 2000 };
	state->fields[REPRESENTATIVE] = (struct form_field){ .label = N_("On behalf of: representative"), .max_chars = 200 };
	state->fields[AUTHORISATION] = (struct form_field){ .label = N_("Authorisation shown"), .max_chars = 400 };
	state->fields[RECEIVED] = (struct form_field){ .label = N_("Received on"), .max_chars = 10 };
	state->fields[TOLD] = (struct form_field){ .label = N_("Told the recommended ways"), .kind = FIELD_CHOICE,
		.choices = yes_no, .choice_count = 2 };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	char today[11];
	calendar_today(today);
	form_set_value(&state->form, RECEIVED, today);
	show_channel_fields(state);
	/* The defaults are what the desk keeps (an inspection, in person,
	 * received today): the cursor waits on the name (issue 16). */
	state->form.focus = NAME;
}

/* The fields shown follow the channel chosen. */
static void place(struct request_form_state *state, struct app *app)
{
	show_channel_fields(state);
	form_layout(&state->form, app->content_top + 2, 1, app->cols, app->content_rows - 2);
}

static void request_form_layout(void *self, struct app *app)
{
	place(self, app);
}

static void request_form_draw(void *self, struct app *app)
{
	struct request_form_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Record what the person asks. No ID document number or identity code is ever stored."), COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static int request_form_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct request_form_state *state = self;
	int channel_before = state->fields[CHANNEL].choice;
	enum form_result result = form_handle(&state->form, action, key);
	if (state->fields[CHANNEL].choice != channel_before)
		place(state, app);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	struct subject_request *request = &state->request;
	memset(request, 0, sizeof *request);
	request->kind = (enum request_kind)state->fields[KIND].choice;
	request->channel = (enum request_channel)state->fields[CHANNEL].choice;
	if (!state->fields[MARKING].hidden)
		form_value(&state->form, MARKING, request->envelope_marking, sizeof request->envelope_marking);
	request->signature_handwritten = !state->fields[SIGNED].hidden && state->fields[SIGNED].choice == 1;
	request->told_valid_way = !state->fields[TOLD].hidden && state->fields[TOLD].choice == 1;
	form_value(&state->form, NAME, request->requester_name, sizeof request->requester_name);
	form_value(&state->form, DETAILS, request->identifying_details, sizeof request->identifying_details);
	form_value(&state->form, REPRESENTATIVE, request->representative_name, sizeof request->representative_name);
	form_value(&state->form, AUTHORISATION, request->authorisation, sizeof request->authorisation);
	form_value(&state->form, RECEIVED, request->received_on, sizeof request->received_on);
	enum status status = request_add(&app->session, request);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	app_message(app, false, _("Request #%lld (%s) recorded; due %s."), request->id, request_kind_label(request->kind), request->due_on);
	/* The queue below opens it. */
	app_pop_with(app, &(struct screen_result){ .outcome = SCREEN_SAVED, .id = request->id });
	return SCREEN_HANDLED;
}

static bool request_form_typing(void *self, struct app *app)
{
	const struct request_form_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action request_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops request_form_screen = {
	.title = N_("New request"),
	.state_size = sizeof(struct request_form_state),
	.open = request_form_open,
	.layout = request_form_layout,
	.draw = request_form_draw,
	.handle = request_form_handle,
	.typing = request_form_typing,
	.key_help = request_form_keys,
};

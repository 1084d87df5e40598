/* One request at the desk. Nothing of the register about the requester is
 * shown until the identity is verified by a reasonable means (the ID check,
 * a hand-signed letter, a reply from the e-mail on record, a call back; GDPR
 * Art. 12(6)); then the records are found and linked, the previous
 * inspection is shown as information (notice §6.7), the report produced
 * (notice §6.1), and the recipients to tell are listed (GDPR Art. 19). */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "consent.h"
#include "contact.h"
#include "contact_screens.h"
#include "request_screens.h"
#include "disclosure.h"
#include "form.h"
#include "listbox.h"
#include "permission.h"
#include "request.h"
#include "screens.h"
#include "text.h"

#define LINKED_MAX 32
#define RECIPIENTS_MAX 32

enum mode { VIEWING, CHECKING_ID, VERIFYING, EXTENDING, CLOSING, NOTIFYING };

static const char *const yes_no[] = { N_("no"), N_("yes") };
static const char *const close_choices[] = { N_("complete"), N_("refuse") };

/* Everything one opening of the request keeps. */
struct request_state {
	long long request_id;
	struct subject_request request;
	long long linked[LINKED_MAX];
	char linked_names[LINKED_MAX][4096];
	int linked_count;
	struct listbox list;
	enum mode mode;
	struct form_field fields[4];
	struct form form;
	struct charge_info charge;
	struct request_recipient recipients[RECIPIENTS_MAX];
	int recipient_count;
	const char *recipient_labels[RECIPIENTS_MAX];
	const char *document_labels[DOCUMENT_KIND_COUNT];   /* translated at open */
	const char *ground_labels[CHARGE_GROUND_COUNT];
	enum verification_means means_offered[VERIFICATION_MEANS_COUNT];
	const char *means_labels[VERIFICATION_MEANS_COUNT];
	/* The key-help line: the keys that work for this request now, so that
	 * they fit at 80 columns (N where there are recipients to tell). */
	enum action request_keys[12];
};

static void choose_keys(struct request_state *state)
{
	int count = 0;
	bool closed = state->request.status == REQUEST_STATUS_COMPLETED || state->request.status == REQUEST_STATUS_REFUSED;
	bool verified = request_identity_verified(&state->request);
	if (!verified && !closed)
		state->request_keys[count++] = ACTION_VERIFY;
	if (verified && !closed)
		state->request_keys[count++] = ACTION_LINK;
	if (verified && state->request.kind == REQUEST_INSPECTION)
		state->request_keys[count++] = ACTION_REPORT;
	if (verified && !closed && state->request.kind == REQUEST_RECTIFICATION)
		state->request_keys[count++] = ACTION_EDIT;
	if (verified && !closed && state->request.kind == REQUEST_ERASURE)
		state->request_keys[count++] = ACTION_ERASE;
	if (verified && !closed && state->request.kind == REQUEST_OBJECTION)
		state->request_keys[count++] = ACTION_BAN;
	if (verified && state->recipient_count > 0 && (state->request.kind == REQUEST_RECTIFICATION || state->request.kind == REQUEST_ERASURE))
		state->request_keys[count++] = ACTION_NOTIFY;
	/* Closing (the README's last step) before extending: the line's last keys give way first. */
	if (!closed)
		state->request_keys[count++] = ACTION_CLOSE_REQUEST;
	if (!closed && !*state->request.extended_due_on)
		state->request_keys[count++] = ACTION_EXTEND;
	state->request_keys[count++] = ACTION_BACK;
	state->request_keys[count] = ACTION_NONE;
}

static long linked_rows(void *context)
{
	const struct request_state *state = context;
	return state->linked_count;
}

static void draw_linked(void *context, long index, int y, int x, int width, bool selected)
{
	const struct request_state *state = context;
	ui_draw_text(y, x + 2, width - 2, state->linked_names[index], selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
}

static void load(struct request_state *state, struct app *app)
{
	enum status status = request_load(&app->session, state->request_id, &state->request);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	state->linked_count = 0;
	if (request_identity_verified(&state->request)) {
		int count = request_contacts(&app->session, state->request_id, state->linked, LINKED_MAX);
		for (int i = 0; i < count; i++) {
			struct contact contact;
			contact_init(&contact);
			char *name = state->linked_names[state->linked_count];
			if (contact_load(&app->session, state->linked[i], false, &contact) == STATUS_OK)
				snprintf(name, sizeof state->linked_names[0], "#%lld %s %s, %s %s %s", contact.id,
					 contact.value[CONTACT_FIRST_NAME], contact.value[CONTACT_LAST_NAME],
					 contact.organisation_name, contact.value[CONTACT_EMAIL], contact.value[CONTACT_PHONE]);
			else
				snprintf(name, sizeof state->linked_names[0], "#%lld", state->linked[i]);
			state->linked[state->linked_count++] = state->linked[i];
			contact_free(&contact);
		}
		if (state->request.kind == REQUEST_INSPECTION)
			request_charge_info(&app->session, state->request_id, &state->charge);
	}
	/* Kept after an erasure: the request holds recipient ids, not the person. */
	state->recipient_count = 0;
	if (request_identity_verified(&state->request)) {
		int count = request_recipients(&app->session, state->request_id, state->recipients, RECIPIENTS_MAX);
		state->recipient_count = count > 0 ? count : 0;
		for (int i = 0; i < state->recipient_count; i++)
			state->recipient_labels[i] = state->recipients[i].name;
	}
	choose_keys(state);
	listbox_clamp(&state->list);
}

static void request_open(void *self, struct app *app, const void *argument)
{
	struct request_state *state = self;
	const struct request_argument *given = argument;
	state->request_id = given->request_id;
	state->mode = VIEWING;
	state->request_keys[0] = ACTION_BACK;
	state->request_keys[1] = ACTION_NONE;
	for (int i = 0; i < DOCUMENT_KIND_COUNT; i++)
		state->document_labels[i] = document_kind_label((enum document_kind)i);
	for (int i = 0; i < CHARGE_GROUND_COUNT; i++)
		state->ground_labels[i] = charge_ground_label((enum charge_ground)i);
	listbox_init(&state->list, linked_rows, draw_linked, state);
	load(state, app);
}

/* Back on top: the request is read again (the screen above may have
 * erased, rectified or reported). Back from the register with the
 * requester's record: it is linked first. A rectification saved on the
 * form: the record is shown. */
static void request_resume(void *self, struct app *app, const struct screen_result *result)
{
	struct request_state *state = self;
	if (result->from == &contacts_screen && result->outcome == SCREEN_CHOSEN) {
		enum status status = request_link_contact(&app->session, state->request_id, result->id);
		app_message(app, status != STATUS_OK, "%s", status == STATUS_OK ? _("Record linked to the request.")
			    : status_explain(app->db, status));
	}
	load(state, app);
	if (result->from == &contact_form_screen && result->outcome == SCREEN_SAVED)
		APP_OPEN(app, contact_detail, .contact_id = result->id);
}

/* The list above the form while one is open. */
static void place(struct request_state *state, struct app *app)
{
	int top = app->content_top + 8;
	int form_rows = state->mode == VIEWING ? 0 : 6;
	listbox_layout(&state->list, top, 0, app->content_rows - 8 - form_rows, app->cols);
	form_layout(&state->form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void request_layout(void *self, struct app *app)
{
	place(self, app);
}

static void request_draw(void *self, struct app *app)
{
	struct request_state *state = self;
	char line[3000], today[11];
	calendar_today(today);
	int y = app->content_top;
	snprintf(line, sizeof line, "#%lld  %s, %s", state->request.id, request_kind_label(state->request.kind), request_channel_label(state->request.channel));
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	bool overdue = request_is_overdue(&state->request, today);
	snprintf(line, sizeof line, _("Received %s, due %s%s%s. Status: %s."), state->request.received_on, request_deadline(&state->request),
		 *state->request.extended_due_on ? _(" (extended)") : "", overdue ? _(" OVERDUE") : "", request_status_label(state->request.status));
	ui_draw_text(y++, 1, app->cols - 2, line, overdue ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Requester as given: %s%s%s%s"), state->request.requester_name,
		 *state->request.representative_name ? _(", represented by ") : "", state->request.representative_name,
		 *state->request.authorisation ? "" : "");
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	if (*state->request.identifying_details) {
		snprintf(line, sizeof line, _("Identifying details: %s"), state->request.identifying_details);
		ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	y++;
	bool closed = state->request.status == REQUEST_STATUS_COMPLETED || state->request.status == REQUEST_STATUS_REFUSED;
	if (!request_identity_verified(&state->request) && state->request.status != REQUEST_STATUS_REFUSED) {
		ui_draw_text(y++, 1, app->cols - 2,
			     state->request.channel == REQUEST_CHANNEL_LETTER
				     ? _("Not verified: v checks the handwritten signature and details, or records another means.")
				     : state->request.channel == REQUEST_CHANNEL_IN_PERSON
				     ? _("Not verified: v records the ID check (notice §6.6). Nothing of the register is shown before.")
				     : _("A valid request. Not verified: v records how (reply from the e-mail on record, call back, ID check)."),
			     COLOR_ROLE_WARNING, false);
	} else if (state->request.verified_by != VERIFIED_BY_NONE) {
		snprintf(line, sizeof line, _("Identity verified: %s."), verification_means_label(state->request.verified_by));
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	} else {
		y++;
	}
	if (state->request.kind == REQUEST_INSPECTION && request_identity_verified(&state->request) && state->linked_count > 0) {
		char fee[32];
		if (state->request.charge_ground != CHARGE_GROUND_NONE && state->request.charge_fee_cents) {
			request_format_amount(state->request.charge_fee_cents, fee, sizeof fee);
			snprintf(line, sizeof line, _("Fee %s euros: %s. %s"), fee, charge_ground_label(state->request.charge_ground),
				 state->request.charge_reason);
		} else if (*state->charge.previous) {
			/* The previous inspection is information (notice §6.7), not a ground. */
			snprintf(line, sizeof line, _("Free unless a ground is found (F9). Inspected %s, %d months ago."),
				 state->charge.previous, state->charge.months_ago);
		} else {
			snprintf(line, sizeof line, "%s", _("Free: the first copy (GDPR Art. 15(3)). No previous inspection."));
		}
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_MESSAGE_INFO, false);
	}
	if (closed) {
		/* Closed: the free text is gone, an outcome code or the erasure's summary stays (issue 13). */
		const char *outcome = *state->request.refusal_reason ? state->request.refusal_reason : state->request.outcome;
		if (strcmp(outcome, "completed") == 0 || strcmp(outcome, "refused") == 0)
			outcome = "";
		snprintf(line, sizeof line, *outcome ? "%s: %s" : "%s", request_status_label(state->request.status), outcome);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	}
	/* GDPR Art. 19: whom to tell of a rectification or erasure, by name. */
	if ((state->request.kind == REQUEST_RECTIFICATION || state->request.kind == REQUEST_ERASURE) && request_identity_verified(&state->request) &&
	    y < app->content_top + 7) {
		if (state->recipient_count == 0) {
			snprintf(line, sizeof line, "%s", _("Recipients to tell (GDPR Art. 19): none received the person's data."));
		} else {
			snprintf(line, sizeof line, "%s", _("Recipients to tell (GDPR Art. 19, N records):"));
			for (int i = 0; i < state->recipient_count && strlen(line) + 1100 < sizeof line; i++) {
				char told[64];
				if (*state->recipients[i].notified_on)
					snprintf(told, sizeof told, _("told %s"), state->recipients[i].notified_on);
				else
					snprintf(told, sizeof told, "%s", _("not told"));
				snprintf(line + strlen(line), sizeof line - strlen(line), "%s %s (%s)", i ? ";" : "", state->recipients[i].name,
					 told);
			}
		}
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	ui_draw_text(app->content_top + 7, 1, app->cols - 2,
		     closed ? _("Records of the requester:")
		     : request_identity_verified(&state->request) ? _("Records of the requester (f finds and links one):")
								  : _("Records: shown after the identity is verified."),
		     COLOR_ROLE_TITLE, false);
	listbox_draw(&state->list);
	if (state->mode != VIEWING) {
		const char *title = state->mode == CHECKING_ID ? _("ID check: the document is looked at, never copied or noted:")
			: state->mode == VERIFYING ? _("How was the identity verified (GDPR Art. 12(6))?")
			: state->mode == EXTENDING ? _("Extension by two months (GDPR Art. 12(3)):")
			: state->mode == NOTIFYING ? _("Record that a recipient was told (GDPR Art. 19):") : _("Close the request:");
		ui_draw_text(state->form.top - 1, 2, app->cols - 4, title, COLOR_ROLE_TITLE, true);
		form_draw(&state->form);
		if (state->mode == CHECKING_ID)
			ui_draw_text(state->form.top + 3, 2, app->cols - 4,
				     _("y: the photo and the name matched, saved at once; F2 saves as set."), COLOR_ROLE_DIM, false);
		form_place_cursor(&state->form);
	}
}

static void start_form(struct request_state *state, struct app *app, enum mode new_mode)
{
	memset(state->fields, 0, sizeof state->fields);
	int count = 0;
	if (new_mode == CHECKING_ID) {
		state->fields[0] = (struct form_field){ .label = N_("Document"), .kind = FIELD_CHOICE, .choices = state->document_labels,
			.choice_count = DOCUMENT_KIND_COUNT, .choice = DOCUMENT_IDENTITY_CARD };
		state->fields[1] = (struct form_field){ .label = N_("Photo matches the person"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
		state->fields[2] = (struct form_field){ .label = N_("Name matches the request"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
		count = 3;
	} else if (new_mode == VERIFYING) {
		/* The letter's own means first; the ID check when the person comes in. */
		int offered = 0;
		if (state->request.channel == REQUEST_CHANNEL_LETTER)
			state->means_offered[offered++] = VERIFIED_BY_SIGNED_LETTER;
		state->means_offered[offered++] = VERIFIED_BY_EMAIL_ON_RECORD;
		state->means_offered[offered++] = VERIFIED_BY_PHONE_ON_RECORD;
		state->means_offered[offered++] = VERIFIED_BY_ID_CHECK;
		for (int i = 0; i < offered; i++)
			state->means_labels[i] = verification_means_label(state->means_offered[i]);
		state->fields[0] = (struct form_field){ .label = N_("Verified by"), .kind = FIELD_CHOICE, .choices = state->means_labels,
			.choice_count = offered };
		count = 1;
	} else if (new_mode == EXTENDING) {
		char today[11];
		calendar_today(today);
		state->fields[0] = (struct form_field){ .label = N_("Reason"), .max_chars = 400 };
		state->fields[1] = (struct form_field){ .label = N_("Requester told on"), .max_chars = 10 };
		/* After the first month's deadline only with the officer's reason, audited. */
		state->fields[2] = (struct form_field){ .label = N_("Recorded late because"), .max_chars = 400,
			.hidden = strcmp(today, state->request.due_on) <= 0 };
		count = 3;
	} else if (new_mode == NOTIFYING) {
		state->fields[0] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE, .choices = state->recipient_labels,
			.choice_count = state->recipient_count };
		state->fields[1] = (struct form_field){ .label = N_("How told (note)"), .max_chars = 400 };
		count = 2;
	} else {
		/* A fee or a refusal on a ground is the privacy officer's finding (GDPR Art. 12(5), 15(3)). */
		bool officer = permission_allows(app->session.role, PERMISSION_DECIDE_REQUESTS);
		state->fields[0] = (struct form_field){ .label = N_("Complete or refuse"), .kind = FIELD_CHOICE, .choices = close_choices, .choice_count = 2 };
		state->fields[1] = (struct form_field){ .label = N_("Outcome or reason"), .max_chars = 1000 };
		state->fields[2] = (struct form_field){ .label = N_("Ground for a fee or refusal"), .kind = FIELD_CHOICE, .choices = state->ground_labels,
			.choice_count = CHARGE_GROUND_COUNT, .hidden = !officer };
		state->fields[3] = (struct form_field){ .label = N_("Fee in euros (with a ground)"), .max_chars = 12, .hidden = !officer };
		count = 4;
	}
	form_init(&state->form, state->fields, count, state);
	if (new_mode == EXTENDING) {
		char today[11];
		calendar_today(today);
		form_set_value(&state->form, 1, today);
	}
	state->mode = new_mode;
	place(state, app);
}

/* After an action: its outcome said, the request read again. */
static void report_status(struct request_state *state, struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK) {
		app_message(app, false, "%s", success);
		state->mode = VIEWING;
	} else {
		app_fail(app, status);
	}
	load(state, app);
	place(state, app);
}

static void submit_form(struct request_state *state, struct app *app)
{
	if (state->mode == VERIFYING) {
		enum verification_means means = state->means_offered[state->fields[0].choice];
		if (means == VERIFIED_BY_ID_CHECK) {
			start_form(state, app, CHECKING_ID);
			return;
		}
		report_status(state, app, request_verify_by(&app->session, state->request_id, means),
			      _("Identity verified: find and link the requester's records with f."));
	} else if (state->mode == NOTIFYING) {
		char note[1600];
		form_value(&state->form, 1, note, sizeof note);
		report_status(state, app, request_notify_recipient(&app->session, state->request_id, state->recipients[state->fields[0].choice].id, note),
			      _("Recorded that the recipient was told (GDPR Art. 19)."));
	} else if (state->mode == CHECKING_ID) {
		struct id_check check = { .document = (enum document_kind)state->fields[0].choice, .photo_matched = state->fields[1].choice == 1,
					  .name_matched = state->fields[2].choice == 1,
					  .concerns_representative = *state->request.representative_name != '\0' };
		report_status(state, app, request_record_id_check(&app->session, state->request_id, &check),
			      _("Identity verified: find and link the requester's records with f."));
	} else if (state->mode == EXTENDING) {
		char reason[1600], told[16], late[1600] = "";
		form_value(&state->form, 0, reason, sizeof reason);
		form_value(&state->form, 1, told, sizeof told);
		if (!state->fields[2].hidden)
			form_value(&state->form, 2, late, sizeof late);
		report_status(state, app, request_extend_override(&app->session, state->request_id, reason, told, late), _("Deadline extended."));
	} else {
		char text[4000], fee_text[64];
		form_value(&state->form, 1, text, sizeof text);
		form_value(&state->form, 3, fee_text, sizeof fee_text);
		bool refuse = state->fields[0].choice == 1;
		enum charge_ground ground = state->fields[2].hidden ? CHARGE_GROUND_NONE : (enum charge_ground)state->fields[2].choice;
		enum status status = STATUS_OK;
		if (ground != CHARGE_GROUND_NONE) {
			struct charge_finding finding = { .ground = ground, .reason = text, .refuse = refuse };
			if (!refuse && !request_parse_amount(fee_text, &finding.fee_cents)) {
				app_message(app, true, "%s", _("Fee in euros: an amount such as 15 or 15,50, with a ground."));
				return;
			}
			status = request_record_finding(&app->session, state->request_id, &finding);
			if (status == STATUS_OK && !refuse)
				status = request_complete(&app->session, state->request_id, text);
		} else {
			status = refuse ? request_refuse(&app->session, state->request_id, text) : request_complete(&app->session, state->request_id, text);
		}
		report_status(state, app, status, !refuse ? _("Request completed.") : _("Request refused; the reason is recorded."));
	}
}

static int request_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct request_state *state = self;
	if (state->mode == CHECKING_ID && action == ACTION_YES) {
		/* One key for the usual case: the photo and the name matched the
		 * document chosen (recorded with its method, notice §6.6). */
		state->fields[1].choice = 1;
		state->fields[2].choice = 1;
		submit_form(state, app);
		return SCREEN_HANDLED;
	}
	if (state->mode != VIEWING) {
		enum form_result result = form_handle(&state->form, action, key);
		if (result == FORM_CANCEL) {
			state->mode = VIEWING;
			place(state, app);
		} else if (result == FORM_SUBMIT) {
			submit_form(state, app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	bool verified = request_identity_verified(&state->request);
	bool selected = state->list.selected >= 0 && state->list.selected < state->linked_count;
	switch (action) {
	case ACTION_VERIFY:
		if (verified)
			app_message(app, true, "%s", _("The identity is already verified."));
		else if (state->request.channel == REQUEST_CHANNEL_IN_PERSON)
			start_form(state, app, CHECKING_ID);
		else
			start_form(state, app, VERIFYING);
		return SCREEN_HANDLED;
	case ACTION_LINK: {
		if (state->request.status == REQUEST_STATUS_COMPLETED || state->request.status == REQUEST_STATUS_REFUSED) {
			/* The core refuses it; not after a search in the picker. */
			app_message(app, true, "%s", _("The request is closed: no record is linked to it any more."));
			return SCREEN_HANDLED;
		}
		if (!verified) {
			app_message(app, true, "%s", _("Verify the identity first."));
			return SCREEN_HANDLED;
		}
		/* The name as given is searched for at once; Esc clears it. */
		struct contacts_argument pick = { .choosing = true, .prompt = _("Choose the requester's record: Enter.") };
		text_copy(pick.initial_text, sizeof pick.initial_text, state->request.requester_name);
		app_push(app, &contacts_screen, &pick);
		return SCREEN_HANDLED;
	}
	case ACTION_REPORT: {
		if (!selected) {
			app_message(app, true, "%s", verified ? _("Link and select the requester's record first.") : _("Verify the identity first."));
			return SCREEN_HANDLED;
		}
		APP_OPEN(app, report, .request_id = state->request_id, .contact_id = state->linked[state->list.selected]);
		return SCREEN_HANDLED;
	}
	case ACTION_EDIT:
		if (selected && state->request.kind == REQUEST_RECTIFICATION) {
			/* The edit is the request's rectification: audited naming it. */
			APP_OPEN(app, contact_form, .contact_id = state->linked[state->list.selected], .request_id = state->request_id);
		}
		return SCREEN_HANDLED;
	case ACTION_NOTIFY:
		if (!verified)
			app_message(app, true, "%s", _("Verify the identity first."));
		else if (state->recipient_count == 0)
			app_message(app, true, "%s", _("No recipient received the person's data: nobody to tell."));
		else
			start_form(state, app, NOTIFYING);
		return SCREEN_HANDLED;
	case ACTION_BAN:
		if (state->request.kind == REQUEST_OBJECTION) {
			int bans = 0;
			enum status status = request_apply_objection(&app->session, state->request_id, &bans);
			char text[128];
			snprintf(text, sizeof text, _("%d bans recorded for the linked records."), bans);
			report_status(state, app, status, text);
		}
		return SCREEN_HANDLED;
	case ACTION_ERASE:
		if (selected) {
			APP_OPEN(app, erasure, .contact_id = state->linked[state->list.selected], .request_id = state->request_id);
		}
		return SCREEN_HANDLED;
	case ACTION_EXTEND:
		start_form(state, app, EXTENDING);
		return SCREEN_HANDLED;
	case ACTION_CLOSE_REQUEST:
		start_form(state, app, CLOSING);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static bool request_typing(void *self, struct app *app)
{
	const struct request_state *state = self;
	(void)app;
	return state->mode != VIEWING && form_typing(&state->form);
}

static const enum action request_form_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };
/* The ID check: y records "photo and name matched" and saves at once. */
static const enum action request_id_check_keys[] = { ACTION_YES, ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

static const enum action *request_keys_now(const void *self)
{
	const struct request_state *state = self;
	return state->mode == VIEWING ? state->request_keys
		: state->mode == CHECKING_ID ? request_id_check_keys : request_form_keys;
}

/* Keys on a linked record need one selected; extending and erasing are the
 * privacy officer's (the core refuses them to others). */
static bool request_key_works(const void *self, const struct app *app, enum action action)
{
	const struct request_state *state = self;
	bool selected = state->list.selected >= 0 && state->list.selected < state->linked_count;
	if (state->mode != VIEWING)
		return true;
	switch (action) {
	case ACTION_EDIT:
		return selected;
	case ACTION_BAN:
		return state->linked_count > 0;
	case ACTION_ERASE:
		return selected && permission_allows(app->session.role, PERMISSION_ERASE);
	case ACTION_EXTEND:
		return permission_allows(app->session.role, PERMISSION_DECIDE_REQUESTS);
	default:
		return true;
	}
}

/* Only where keys_now is not asked; keys_now gives this request's. */
static const enum action request_back_keys[] = { ACTION_BACK, ACTION_NONE };

const struct screen_ops request_screen = {
	.title = N_("Request"),
	.state_size = sizeof(struct request_state),
	.open = request_open,
	.resume = request_resume,
	.layout = request_layout,
	.draw = request_draw,
	.handle = request_handle,
	.typing = request_typing,
	.key_help = request_back_keys,
	.keys_now = request_keys_now,
	.key_works = request_key_works,
};

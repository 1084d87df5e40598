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

static long long request_id;
static struct subject_request request;
static long long linked[LINKED_MAX];
static char linked_names[LINKED_MAX][4096];
static int linked_count;
static struct listbox list;
static enum mode mode;
static struct form_field fields[4];
static struct form form;
static struct charge_info charge;
static struct request_recipient recipients[RECIPIENTS_MAX];
static int recipient_count;
static const char *recipient_labels[RECIPIENTS_MAX];
static const char *document_labels[DOCUMENT_KIND_COUNT];
static const char *ground_labels[CHARGE_GROUND_COUNT];
static enum verification_means means_offered[VERIFICATION_MEANS_COUNT];
static const char *means_labels[VERIFICATION_MEANS_COUNT];
static const char *const yes_no[] = { N_("no"), N_("yes") };
static const char *const close_choices[] = { N_("complete"), N_("refuse") };
static long long erasure[2];             /* contact, request: for the erasure screen */

/* The key-help line: the keys that work for this request now, so that they
 * fit at 80 columns (N where there are recipients to tell). */
static enum action request_keys[12] = { ACTION_BACK, ACTION_NONE };

static void choose_keys(void)
{
	int count = 0;
	bool closed = request.status == REQUEST_STATUS_COMPLETED || request.status == REQUEST_STATUS_REFUSED;
	bool verified = request_identity_verified(&request);
	if (!verified && !closed)
		request_keys[count++] = ACTION_VERIFY;
	if (verified && !closed)
		request_keys[count++] = ACTION_LINK;
	if (verified && request.kind == REQUEST_INSPECTION)
		request_keys[count++] = ACTION_REPORT;
	if (verified && !closed && request.kind == REQUEST_RECTIFICATION)
		request_keys[count++] = ACTION_EDIT;
	if (verified && !closed && request.kind == REQUEST_ERASURE)
		request_keys[count++] = ACTION_ERASE;
	if (verified && !closed && request.kind == REQUEST_OBJECTION)
		request_keys[count++] = ACTION_BAN;
	if (verified && recipient_count > 0 && (request.kind == REQUEST_RECTIFICATION || request.kind == REQUEST_ERASURE))
		request_keys[count++] = ACTION_NOTIFY;
	if (!closed && !*request.extended_due_on)
		request_keys[count++] = ACTION_EXTEND;
	if (!closed)
		request_keys[count++] = ACTION_CLOSE_REQUEST;
	request_keys[count++] = ACTION_BACK;
	request_keys[count] = ACTION_NONE;
}

static long linked_rows(void *context)
{
	(void)context;
	return linked_count;
}

static void draw_linked(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	ui_draw_text(y, x + 2, width - 2, linked_names[index], selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL, true);
}

static void load(struct app *app)
{
	enum status status = request_load(&app->session, request_id, &request);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	linked_count = 0;
	if (request_identity_verified(&request)) {
		int count = request_contacts(&app->session, request_id, linked, LINKED_MAX);
		for (int i = 0; i < count; i++) {
			struct contact contact;
			contact_init(&contact);
			if (contact_load(&app->session, linked[i], false, &contact) == STATUS_OK)
				snprintf(linked_names[linked_count], sizeof linked_names[0], "#%lld %s %s, %s %s %s", contact.id,
					 contact.value[CONTACT_FIRST_NAME], contact.value[CONTACT_LAST_NAME],
					 contact.organisation_name, contact.value[CONTACT_EMAIL], contact.value[CONTACT_PHONE]);
			else
				snprintf(linked_names[linked_count], sizeof linked_names[0], "#%lld", linked[i]);
			linked[linked_count++] = linked[i];
			contact_free(&contact);
		}
		if (request.kind == REQUEST_INSPECTION)
			request_charge_info(&app->session, request_id, &charge);
	}
	/* Kept after an erasure: the request holds recipient ids, not the person. */
	recipient_count = 0;
	if (request_identity_verified(&request)) {
		int count = request_recipients(&app->session, request_id, recipients, RECIPIENTS_MAX);
		recipient_count = count > 0 ? count : 0;
		for (int i = 0; i < recipient_count; i++)
			recipient_labels[i] = recipients[i].name;
	}
	choose_keys();
	listbox_clamp(&list);
}

static void request_enter(struct app *app, void *argument)
{
	request_id = *(const long long *)argument;
	mode = VIEWING;
	for (int i = 0; i < DOCUMENT_KIND_COUNT; i++)
		document_labels[i] = document_kind_label((enum document_kind)i);
	for (int i = 0; i < CHARGE_GROUND_COUNT; i++)
		ground_labels[i] = charge_ground_label((enum charge_ground)i);
	listbox_init(&list, linked_rows, draw_linked, NULL);
	(void)app;
}

/* Back from the register with the requester's record: it is linked. A
 * rectification saved on the form: the record is shown. */
static void request_resume(struct app *app, const struct screen_result *result)
{
	if (result->from == &contacts_screen && result->outcome == SCREEN_CHOSEN) {
		enum status status = request_link_contact(&app->session, request_id, result->id);
		app_message(app, status != STATUS_OK, "%s", status == STATUS_OK ? _("Record linked to the request.")
			    : status_explain(app->db, status));
	} else if (result->from == &contact_form_screen && result->outcome == SCREEN_SAVED) {
		APP_OPEN(app, contact_detail, .contact_id = result->id);
	}
}

static void request_layout(struct app *app)
{
	load(app);
	int top = app->content_top + 8;
	int form_rows = mode == VIEWING ? 0 : 6;
	listbox_layout(&list, top, 0, app->content_rows - 8 - form_rows, app->cols);
	form_layout(&form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void request_draw(struct app *app)
{
	char line[3000], today[11];
	calendar_today(today);
	int y = app->content_top;
	snprintf(line, sizeof line, "#%lld  %s, %s", request.id, request_kind_label(request.kind), request_channel_label(request.channel));
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	bool overdue = request_is_overdue(&request, today);
	snprintf(line, sizeof line, _("Received %s, due %s%s%s. Status: %s."), request.received_on, request_deadline(&request),
		 *request.extended_due_on ? _(" (extended)") : "", overdue ? _(" OVERDUE") : "", request_status_label(request.status));
	ui_draw_text(y++, 1, app->cols - 2, line, overdue ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Requester as given: %s%s%s%s"), request.requester_name,
		 *request.representative_name ? _(", represented by ") : "", request.representative_name,
		 *request.authorisation ? "" : "");
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	if (*request.identifying_details) {
		snprintf(line, sizeof line, _("Identifying details: %s"), request.identifying_details);
		ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	y++;
	bool closed = request.status == REQUEST_STATUS_COMPLETED || request.status == REQUEST_STATUS_REFUSED;
	if (!request_identity_verified(&request) && request.status != REQUEST_STATUS_REFUSED) {
		ui_draw_text(y++, 1, app->cols - 2,
			     request.channel == REQUEST_CHANNEL_LETTER
				     ? _("Not verified: v checks the handwritten signature and details, or records another means.")
				     : request.channel == REQUEST_CHANNEL_IN_PERSON
				     ? _("Not verified: v records the ID check (notice §6.6). Nothing of the register is shown before.")
				     : _("A valid request. Not verified: v records how (reply from the e-mail on record, call back, ID check)."),
			     COLOR_ROLE_WARNING, false);
	} else if (request.verified_by != VERIFIED_BY_NONE) {
		snprintf(line, sizeof line, _("Identity verified: %s."), verification_means_label(request.verified_by));
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	} else {
		y++;
	}
	if (request.kind == REQUEST_INSPECTION && request_identity_verified(&request) && linked_count > 0) {
		char fee[32];
		if (request.charge_ground != CHARGE_GROUND_NONE && request.charge_fee_cents) {
			request_format_amount(request.charge_fee_cents, fee, sizeof fee);
			snprintf(line, sizeof line, _("Fee %s euros: %s. %s"), fee, charge_ground_label(request.charge_ground),
				 request.charge_reason);
		} else if (*charge.previous) {
			/* The previous inspection is information (notice §6.7), not a ground. */
			snprintf(line, sizeof line, _("Free unless a ground is found (F9). Inspected %s, %d months ago."),
				 charge.previous, charge.months_ago);
		} else {
			snprintf(line, sizeof line, "%s", _("Free: the first copy (GDPR Art. 15(3)). No previous inspection."));
		}
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_MESSAGE_INFO, false);
	}
	if (closed) {
		/* Closed: the free text is gone, an outcome code or the erasure's summary stays (issue 13). */
		const char *outcome = *request.refusal_reason ? request.refusal_reason : request.outcome;
		if (strcmp(outcome, "completed") == 0 || strcmp(outcome, "refused") == 0)
			outcome = "";
		snprintf(line, sizeof line, *outcome ? "%s: %s" : "%s", request_status_label(request.status), outcome);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	}
	/* GDPR Art. 19: whom to tell of a rectification or erasure, by name. */
	if ((request.kind == REQUEST_RECTIFICATION || request.kind == REQUEST_ERASURE) && request_identity_verified(&request) &&
	    y < app->content_top + 7) {
		if (recipient_count == 0) {
			snprintf(line, sizeof line, "%s", _("Recipients to tell (GDPR Art. 19): none received the person's data."));
		} else {
			snprintf(line, sizeof line, "%s", _("Recipients to tell (GDPR Art. 19, N records):"));
			for (int i = 0; i < recipient_count && strlen(line) + 1100 < sizeof line; i++) {
				char told[64];
				if (*recipients[i].notified_on)
					snprintf(told, sizeof told, _("told %s"), recipients[i].notified_on);
				else
					snprintf(told, sizeof told, "%s", _("not told"));
				snprintf(line + strlen(line), sizeof line - strlen(line), "%s %s (%s)", i ? ";" : "", recipients[i].name,
					 told);
			}
		}
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	ui_draw_text(app->content_top + 7, 1, app->cols - 2,
		     request_identity_verified(&request) ? _("Records of the requester (f finds and links one):")
							 : _("Records: shown after the identity is verified."),
		     COLOR_ROLE_TITLE, false);
	listbox_draw(&list);
	if (mode != VIEWING) {
		const char *title = mode == CHECKING_ID ? _("ID check: the document is looked at, never copied or noted:")
			: mode == VERIFYING ? _("How was the identity verified (GDPR Art. 12(6))?")
			: mode == EXTENDING ? _("Extension by two months (GDPR Art. 12(3)):")
			: mode == NOTIFYING ? _("Record that a recipient was told (GDPR Art. 19):") : _("Close the request:");
		ui_draw_text(form.top - 1, 2, app->cols - 4, title, COLOR_ROLE_TITLE, true);
		form_draw(&form);
		form_place_cursor(&form);
	}
}

static void start_form(struct app *app, enum mode new_mode)
{
	memset(fields, 0, sizeof fields);
	int count = 0;
	if (new_mode == CHECKING_ID) {
		fields[0] = (struct form_field){ .label = N_("Document"), .kind = FIELD_CHOICE, .choices = document_labels,
			.choice_count = DOCUMENT_KIND_COUNT, .choice = DOCUMENT_IDENTITY_CARD };
		fields[1] = (struct form_field){ .label = N_("Photo matches the person"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
		fields[2] = (struct form_field){ .label = N_("Name matches the request"), .kind = FIELD_CHOICE, .choices = yes_no, .choice_count = 2 };
		count = 3;
	} else if (new_mode == VERIFYING) {
		/* The letter's own means first; the ID check when the person comes in. */
		int offered = 0;
		if (request.channel == REQUEST_CHANNEL_LETTER)
			means_offered[offered++] = VERIFIED_BY_SIGNED_LETTER;
		means_offered[offered++] = VERIFIED_BY_EMAIL_ON_RECORD;
		means_offered[offered++] = VERIFIED_BY_PHONE_ON_RECORD;
		means_offered[offered++] = VERIFIED_BY_ID_CHECK;
		for (int i = 0; i < offered; i++)
			means_labels[i] = verification_means_label(means_offered[i]);
		fields[0] = (struct form_field){ .label = N_("Verified by"), .kind = FIELD_CHOICE, .choices = means_labels,
			.choice_count = offered };
		count = 1;
	} else if (new_mode == EXTENDING) {
		char today[11];
		calendar_today(today);
		fields[0] = (struct form_field){ .label = N_("Reason"), .max_chars = 400 };
		fields[1] = (struct form_field){ .label = N_("Requester told on"), .max_chars = 10 };
		/* After the first month's deadline only with the officer's reason, audited. */
		fields[2] = (struct form_field){ .label = N_("Recorded late because"), .max_chars = 400,
			.hidden = strcmp(today, request.due_on) <= 0 };
		count = 3;
	} else if (new_mode == NOTIFYING) {
		fields[0] = (struct form_field){ .label = N_("Recipient"), .kind = FIELD_CHOICE, .choices = recipient_labels,
			.choice_count = recipient_count };
		fields[1] = (struct form_field){ .label = N_("How told (note)"), .max_chars = 400 };
		count = 2;
	} else {
		/* A fee or a refusal on a ground is the privacy officer's finding (GDPR Art. 12(5), 15(3)). */
		bool officer = permission_allows(app->session.role, PERMISSION_DECIDE_REQUESTS);
		fields[0] = (struct form_field){ .label = N_("Complete or refuse"), .kind = FIELD_CHOICE, .choices = close_choices, .choice_count = 2 };
		fields[1] = (struct form_field){ .label = N_("Outcome or reason"), .max_chars = 1000 };
		fields[2] = (struct form_field){ .label = N_("Ground for a fee or refusal"), .kind = FIELD_CHOICE, .choices = ground_labels,
			.choice_count = CHARGE_GROUND_COUNT, .hidden = !officer };
		fields[3] = (struct form_field){ .label = N_("Fee in euros (with a ground)"), .max_chars = 12, .hidden = !officer };
		count = 4;
	}
	form_init(&form, fields, count, NULL);
	if (new_mode == EXTENDING) {
		char today[11];
		calendar_today(today);
		form_set_value(&form, 1, today);
	}
	mode = new_mode;
	request_layout(app);
}

static void report_status(struct app *app, enum status status, const char *success)
{
	if (status == STATUS_OK) {
		app_message(app, false, "%s", success);
		mode = VIEWING;
	} else {
		app_fail(app, status);
	}
	request_layout(app);
}

static void submit_form(struct app *app)
{
	if (mode == VERIFYING) {
		enum verification_means means = means_offered[fields[0].choice];
		if (means == VERIFIED_BY_ID_CHECK) {
			start_form(app, CHECKING_ID);
			return;
		}
		report_status(app, request_verify_by(&app->session, request_id, means),
			      _("Identity verified: find and link the requester's records with f."));
	} else if (mode == NOTIFYING) {
		char note[1600];
		form_value(&form, 1, note, sizeof note);
		report_status(app, request_notify_recipient(&app->session, request_id, recipients[fields[0].choice].id, note),
			      _("Recorded that the recipient was told (GDPR Art. 19)."));
	} else if (mode == CHECKING_ID) {
		struct id_check check = { .document = (enum document_kind)fields[0].choice, .photo_matched = fields[1].choice == 1,
					  .name_matched = fields[2].choice == 1,
					  .concerns_representative = *request.representative_name != '\0' };
		report_status(app, request_record_id_check(&app->session, request_id, &check),
			      _("Identity verified: find and link the requester's records with f."));
	} else if (mode == EXTENDING) {
		char reason[1600], told[16], late[1600] = "";
		form_value(&form, 0, reason, sizeof reason);
		form_value(&form, 1, told, sizeof told);
		if (!fields[2].hidden)
			form_value(&form, 2, late, sizeof late);
		report_status(app, request_extend_override(&app->session, request_id, reason, told, late), _("Deadline extended."));
	} else {
		char text[4000], fee_text[64];
		form_value(&form, 1, text, sizeof text);
		form_value(&form, 3, fee_text, sizeof fee_text);
		bool refuse = fields[0].choice == 1;
		enum charge_ground ground = fields[2].hidden ? CHARGE_GROUND_NONE : (enum charge_ground)fields[2].choice;
		enum status status = STATUS_OK;
		if (ground != CHARGE_GROUND_NONE) {
			struct charge_finding finding = { .ground = ground, .reason = text, .refuse = refuse };
			if (!refuse && !request_parse_amount(fee_text, &finding.fee_cents)) {
				app_message(app, true, "%s", _("Fee in euros: an amount such as 15 or 15,50, with a ground."));
				return;
			}
			status = request_record_finding(&app->session, request_id, &finding);
			if (status == STATUS_OK && !refuse)
				status = request_complete(&app->session, request_id, text);
		} else {
			status = refuse ? request_refuse(&app->session, request_id, text) : request_complete(&app->session, request_id, text);
		}
		report_status(app, status, !refuse ? _("Request completed.") : _("Request refused; the reason is recorded."));
	}
}

static int request_handle(struct app *app, enum action action, struct key_press key)
{
	if (mode != VIEWING) {
		enum form_result result = form_handle(&form, action, key);
		if (result == FORM_CANCEL) {
			mode = VIEWING;
			request_layout(app);
		} else if (result == FORM_SUBMIT) {
			submit_form(app);
		}
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	bool verified = request_identity_verified(&request);
	bool selected = list.selected >= 0 && list.selected < linked_count;
	switch (action) {
	case ACTION_VERIFY:
		if (verified)
			app_message(app, true, "%s", _("The identity is already verified."));
		else if (request.channel == REQUEST_CHANNEL_IN_PERSON)
			start_form(app, CHECKING_ID);
		else
			start_form(app, VERIFYING);
		return SCREEN_HANDLED;
	case ACTION_LINK: {
		if (!verified) {
			app_message(app, true, "%s", _("Verify the identity first."));
			return SCREEN_HANDLED;
		}
		/* The name as given is searched for at once; Esc clears it. */
		struct contacts_argument pick = { .choosing = true, .prompt = _("Choose the requester's record: Enter.") };
		text_copy(pick.initial_text, sizeof pick.initial_text, request.requester_name);
		app_push(app, &contacts_screen, &pick);
		return SCREEN_HANDLED;
	}
	case ACTION_REPORT: {
		if (!selected) {
			app_message(app, true, "%s", verified ? _("Link and select the requester's record first.") : _("Verify the identity first."));
			return SCREEN_HANDLED;
		}
		static long long report_ids[2];
		report_ids[0] = request_id;
		report_ids[1] = linked[list.selected];
		app_push(app, &report_screen, report_ids);
		return SCREEN_HANDLED;
	}
	case ACTION_EDIT:
		if (selected && request.kind == REQUEST_RECTIFICATION) {
			/* The edit is the request's rectification: audited naming it. */
			APP_OPEN(app, contact_form, .contact_id = linked[list.selected], .request_id = request_id);
		}
		return SCREEN_HANDLED;
	case ACTION_NOTIFY:
		if (!verified)
			app_message(app, true, "%s", _("Verify the identity first."));
		else if (recipient_count == 0)
			app_message(app, true, "%s", _("No recipient received the person's data: nobody to tell."));
		else
			start_form(app, NOTIFYING);
		return SCREEN_HANDLED;
	case ACTION_BAN:
		if (request.kind == REQUEST_OBJECTION) {
			int bans = 0;
			enum status status = request_apply_objection(&app->session, request_id, &bans);
			char text[128];
			snprintf(text, sizeof text, _("%d bans recorded for the linked records."), bans);
			report_status(app, status, text);
		}
		return SCREEN_HANDLED;
	case ACTION_ERASE:
		if (selected) {
			erasure[0] = linked[list.selected];
			erasure[1] = request_id;
			app_push(app, &erasure_screen, erasure);
		}
		return SCREEN_HANDLED;
	case ACTION_EXTEND:
		start_form(app, EXTENDING);
		return SCREEN_HANDLED;
	case ACTION_CLOSE_REQUEST:
		start_form(app, CLOSING);
		return SCREEN_HANDLED;
	default:
		return 0;
	}
}

static bool request_typing(struct app *app)
{
	(void)app;
	return mode != VIEWING && form_typing(&form);
}


const struct screen_ops request_screen = {
	.title = N_("Request"),
	.legacy.enter = request_enter,
	.legacy.layout = request_layout,
	.legacy.resume = request_resume,
	.legacy.draw = request_draw,
	.legacy.handle = request_handle,
	.legacy.typing = request_typing,
	.key_help = request_keys,
};

/* One request at the desk. Nothing of the register about the requester is
 * shown until the ID check (or, for a letter, the signature and details) is
 * recorded; then the records are found and linked, the charge rule is shown
 * (notice §6.7), and the report produced (notice §6.1). */
#include <stdio.h>
#include <string.h>

#include "consent.h"
#include "contact.h"
#include "contact_screens.h"
#include "disclosure.h"
#include "form.h"
#include "listbox.h"
#include "request.h"
#include "screens.h"
#include "text.h"

#define LINKED_MAX 32

enum mode { VIEWING, CHECKING_ID, EXTENDING, CLOSING };

static long long request_id;
static struct subject_request request;
static long long linked[LINKED_MAX];
static char linked_names[LINKED_MAX][4096];
static int linked_count;
static struct listbox list;
static enum mode mode;
static struct form_field fields[4];
static struct form form;
static struct contact_pick pick;
static bool charge_free;
static char charge_previous[11];
static const char *document_labels[DOCUMENT_KIND_COUNT];
static const char *charge_labels[CHARGE_DECISION_COUNT];
static const char *const yes_no[] = { N_("no"), N_("yes") };
static const char *const close_choices[] = { N_("complete"), N_("refuse") };
static long long erasure[2];             /* contact, request: for the erasure screen */

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
	app->db->error[0] = '\0';
	if (request_load(&app->session, request_id, &request) != STATUS_OK) {
		app_message(app, true, "%s", app->db->error);
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
			request_charge_rule(&app->session, request_id, &charge_free, charge_previous);
	}
	listbox_clamp(&list);
}

static void request_enter(struct app *app, void *argument)
{
	request_id = *(const long long *)argument;
	mode = VIEWING;
	memset(&pick, 0, sizeof pick);
	for (int i = 0; i < DOCUMENT_KIND_COUNT; i++)
		document_labels[i] = document_kind_label((enum document_kind)i);
	for (int i = 0; i < CHARGE_DECISION_COUNT; i++)
		charge_labels[i] = charge_decision_label((enum charge_decision)i);
	listbox_init(&list, linked_rows, draw_linked, NULL);
	(void)app;
}

static void request_layout(struct app *app)
{
	if (pick.chosen_id) {
		/* Back from the register with the requester's record. */
		app->db->error[0] = '\0';
		enum status status = request_link_contact(&app->session, request_id, pick.chosen_id);
		app_message(app, status != STATUS_OK, "%s", status == STATUS_OK ? _("Record linked to the request.")
			    : app->db->error[0] ? app->db->error : status_message(status));
		pick.chosen_id = 0;
	}
	load(app);
	int top = app->content_top + 8;
	int form_rows = mode == VIEWING ? 0 : 6;
	listbox_layout(&list, top, 0, app->content_rows - 8 - form_rows, app->cols);
	form_layout(&form, app->content_top + app->content_rows - form_rows + 1, 2, app->cols, 0);
}

static void request_draw(struct app *app)
{
	char line[3000], today[11];
	consent_today(today);
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
	if (!request_identity_verified(&request) && request.status != REQUEST_STATUS_REFUSED) {
		ui_draw_text(y++, 1, app->cols - 2,
			     request.channel == REQUEST_CHANNEL_LETTER
				     ? _("Not verified: v checks the handwritten signature and identifying details (notice §6.5).")
				     : request.channel == REQUEST_CHANNEL_IN_PERSON
				     ? _("Not verified: v records the ID check (notice §6.6). Nothing of the register is shown before.")
				     : _("Not a valid request as such: tell the person to come in or send a signed letter."),
			     COLOR_ROLE_WARNING, false);
	} else if (request.kind == REQUEST_INSPECTION && linked_count > 0) {
		if (charge_free)
			snprintf(line, sizeof line, "%s", _("Free of charge: no inspection by this person within a year (notice §6.7)."));
		else
			snprintf(line, sizeof line, _("Inspected %s: within a year, a reasonable fee may be charged (F9)."),
				 charge_previous);
		ui_draw_text(y++, 1, app->cols - 2, line, charge_free ? COLOR_ROLE_MESSAGE_INFO : COLOR_ROLE_WARNING, false);
	} else {
		y++;
	}
	if (request.status == REQUEST_STATUS_COMPLETED || request.status == REQUEST_STATUS_REFUSED) {
		/* Closed: the free text is gone, an outcome code or the erasure's summary stays (issue 13). */
		const char *outcome = *request.refusal_reason ? request.refusal_reason : request.outcome;
		if (strcmp(outcome, "completed") == 0 || strcmp(outcome, "refused") == 0)
			outcome = "";
		snprintf(line, sizeof line, *outcome ? "%s: %s" : "%s", request_status_label(request.status), outcome);
		ui_draw_text(y, 1, app->cols - 2, line, COLOR_ROLE_DIM, false);
	}
	ui_draw_text(app->content_top + 7, 1, app->cols - 2,
		     request_identity_verified(&request) ? _("Records of the requester (f finds and links one):")
							 : _("Records: shown after the identity is verified."),
		     COLOR_ROLE_TITLE, false);
	listbox_draw(&list);
	if (mode != VIEWING) {
		const char *title = mode == CHECKING_ID ? _("ID check: the document is looked at, never copied or noted:")
			: mode == EXTENDING ? _("Extension by two months (GDPR Art. 12(3)):") : _("Close the request:");
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
	} else if (new_mode == EXTENDING) {
		fields[0] = (struct form_field){ .label = N_("Reason"), .max_chars = 400 };
		fields[1] = (struct form_field){ .label = N_("Requester told on"), .max_chars = 10 };
		count = 2;
	} else {
		fields[0] = (struct form_field){ .label = N_("Complete or refuse"), .kind = FIELD_CHOICE, .choices = close_choices, .choice_count = 2 };
		fields[1] = (struct form_field){ .label = N_("Outcome or reason"), .max_chars = 1000 };
		fields[2] = (struct form_field){ .label = N_("Charge (inspection)"), .kind = FIELD_CHOICE, .choices = charge_labels,
			.choice_count = CHARGE_DECISION_COUNT, .hidden = request.kind != REQUEST_INSPECTION };
		count = 3;
	}
	form_init(&form, fields, count, NULL);
	if (new_mode == EXTENDING) {
		char today[11];
		consent_today(today);
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
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
	}
	request_layout(app);
}

static void submit_form(struct app *app)
{
	app->db->error[0] = '\0';
	if (mode == CHECKING_ID) {
		struct id_check check = { .document = (enum document_kind)fields[0].choice, .photo_matched = fields[1].choice == 1,
					  .name_matched = fields[2].choice == 1,
					  .concerns_representative = *request.representative_name != '\0' };
		report_status(app, request_record_id_check(&app->session, request_id, &check),
			      _("Identity verified: find and link the requester's records with f."));
	} else if (mode == EXTENDING) {
		char reason[1600], told[16];
		form_value(&form, 0, reason, sizeof reason);
		form_value(&form, 1, told, sizeof told);
		report_status(app, request_extend(&app->session, request_id, reason, told), _("Deadline extended."));
	} else {
		char text[4000];
		form_value(&form, 1, text, sizeof text);
		enum status status = STATUS_OK;
		if (request.kind == REQUEST_INSPECTION && fields[0].choice == 0 && fields[2].choice != CHARGE_UNDECIDED)
			status = request_record_charge(&app->session, request_id, (enum charge_decision)fields[2].choice);
		if (status == STATUS_OK)
			status = fields[0].choice == 0 ? request_complete(&app->session, request_id, text)
						       : request_refuse(&app->session, request_id, text);
		report_status(app, status, fields[0].choice == 0 ? _("Request completed.") : _("Request refused; the reason is recorded."));
	}
}

static void notify_recipients(struct app *app)
{
	static struct disclosure_row rows[128];
	int notified = 0;
	for (int c = 0; c < linked_count; c++) {
		struct disclosure_filter filter = { .contact_id = linked[c] };
		int count = disclosure_list(&app->session, &filter, 0, rows, 128);
		static struct recipient recipients[256];
		int recipient_count = recipient_list(&app->session, recipients, 256);
		for (int i = 0; i < count; i++)
			for (int r = 0; r < recipient_count; r++)
				if (strcmp(recipients[r].name, rows[i].recipient) == 0 &&
				    request_notify_recipient(&app->session, request_id, recipients[r].id, rows[i].purpose) == STATUS_OK)
					notified++;
	}
	app_message(app, false, _("%d notifications to recipients recorded (GDPR Art. 19)."), notified);
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
	app->db->error[0] = '\0';
	switch (action) {
	case ACTION_VERIFY:
		if (request.channel == REQUEST_CHANNEL_LETTER)
			report_status(app, request_verify_letter(&app->session, request_id), _("Letter verified: signature and details."));
		else if (request.channel == REQUEST_CHANNEL_IN_PERSON)
			start_form(app, CHECKING_ID);
		else
			app_message(app, true, "%s", _("E-mail and phone requests are not valid as such (notice §6.5, §6.6)."));
		return SCREEN_HANDLED;
	case ACTION_LINK:
		if (!verified) {
			app_message(app, true, "%s", _("Verify the identity first."));
			return SCREEN_HANDLED;
		}
		pick.exclude_id = 0;
		pick.chosen_id = 0;
		pick.prompt = _("Choose the requester's record: Enter.");
		/* The name as given is searched for at once; Esc clears it. */
		text_copy(pick.initial_text, sizeof pick.initial_text, request.requester_name);
		app_push(app, &contacts_screen, &pick);
		return SCREEN_HANDLED;
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
			static struct contact_form_request form_request;
			form_request.contact_id = linked[list.selected];
			app_push(app, &contact_form_screen, &form_request);
		}
		return SCREEN_HANDLED;
	case ACTION_NOTIFY:
		if (verified)
			notify_recipients(app);
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

static const enum action request_keys[] = {
	ACTION_VERIFY, ACTION_LINK, ACTION_REPORT, ACTION_EDIT, ACTION_ERASE, ACTION_EXTEND, ACTION_CLOSE_REQUEST, ACTION_BACK,
	ACTION_NONE
};

const struct screen_ops request_screen = {
	.title = N_("Request"),
	.enter = request_enter,
	.layout = request_layout,
	.draw = request_draw,
	.handle = request_handle,
	.typing = request_typing,
	.key_help = request_keys,
};

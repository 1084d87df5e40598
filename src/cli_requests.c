/* Batch commands for data-subject requests (notice §4.2, §6): request
 * add|list|show|verify|link|unlink|charge|extend|complete|refuse|objection|notify,
 * report (the access report), erase (preview and confirm) and hold add|list.
 * Every rule lives in the core (request.c, report.c, erasure.c); this module
 * only reads options, calls the core and prints. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "cli_common.h"
#include "database_internal.h"
#include "consent.h"
#include "contact.h"
#include "csv_output.h"
#include "erasure.h"
#include "i18n.h"
#include "office.h"
#include "permission.h"
#include "report.h"
#include "request.h"
#include "text.h"
#include "written_files.h"
#include "validate.h"

#define FIRST_CAPACITY 32
#define LINKED_SHOWN 64              /* request_contacts() fills at most this many */

/* The codes a user may type, for the messages naming them (" a b c"). */
#define KIND_CODE_TEXT(name, code, label, marking) " " code
#define CODE_TEXT(name, code, label) " " code
static const char kind_codes[] = REQUEST_KINDS(KIND_CODE_TEXT);
static const char channel_codes[] = REQUEST_CHANNELS(CODE_TEXT);
static const char document_codes[] = DOCUMENT_KINDS(CODE_TEXT);
static const char law_codes[] = HOLD_LAWS(CODE_TEXT);
static const char ground_codes[] = CHARGE_GROUNDS(CODE_TEXT);
#undef CODE_TEXT
#undef KIND_CODE_TEXT

/* Stable codes for CSV, whatever the language (the core exports labels only). */
static const char *const status_codes[] = {
#define STATUS_CODE(name, code, label) [REQUEST_STATUS_##name] = code,
	REQUEST_STATUSES(STATUS_CODE)
#undef STATUS_CODE
};
static const char *const charge_codes[] = {
#define CHARGE_CODE(name, code, label) [CHARGE_##name] = code,
	CHARGE_DECISIONS(CHARGE_CODE)
#undef CHARGE_CODE
};
static const char *const law_code_of[] = {
#define LAW_CODE(name, code, label) [HOLD_##name] = code,
	HOLD_LAWS(LAW_CODE)
#undef LAW_CODE
};

/* ---- Options ---- */

/* Logs in and clears the database's last message, so that report_status
 * prints only what the next core call said. */
static bool log_in(const struct cli_call *call, struct session *session)
{
	struct database *db = call->db;
	if (!cli_log_in(call, session))
		return false;
	db->error[0] = '\0';
	return true;
}

/* ---- request add ---- */

int cli_request_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *kind_text = NULL, *channel_text = NULL, *name = NULL, *details = "", *marking = "", *received = "",
		*representative = "", *authorisation = "";
	bool signed_by_hand = false, told_valid_way = false;
	const struct command_option table[] = {
		{ "--kind", &kind_text, NULL },
		{ "--channel", &channel_text, NULL },
		{ "--name", &name, NULL },
		{ "--details", &details, NULL },
		{ "--marking", &marking, NULL },
		{ "--signed", NULL, &signed_by_hand },
		{ "--received", &received, NULL },
		{ "--representative", &representative, NULL },
		{ "--authorisation", &authorisation, NULL },
		{ "--told-valid-way", NULL, &told_valid_way },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!channel_text)
		return cli_missing("request add", "--channel CHANNEL");
	if (!name)
		return cli_missing("request add", "--name NAME");
	struct subject_request *request = calloc(1, sizeof *request);
	if (!request)
		return cli_out_of_memory();
	int result = CLI_OK;
	enum request_kind marked_kind = REQUEST_INSPECTION;
	bool marked = false;
	if (!request_channel_parse(channel_text, &request->channel)) {
		cli_fail(_("unknown channel '%s': use one of%s"), channel_text, channel_codes);
		result = CLI_USAGE;
	} else {
		/* A letter's envelope marking names the kind (notice §6.5). */
		marked = request->channel == REQUEST_CHANNEL_LETTER && request_kind_from_marking(marking, &marked_kind);
		if (kind_text && !request_kind_parse(kind_text, &request->kind)) {
			cli_fail(_("unknown request kind '%s': use one of%s"), kind_text, kind_codes);
			result = CLI_USAGE;
		} else if (!kind_text && !marked) {
			result = cli_missing("request add", _("--kind KIND (or a letter's --marking)"));
		}
	}
	char received_date[16];
	if (result == CLI_OK && !cli_normalise_date(received, received_date, "--received"))
		result = CLI_FAILED;
	if (result == CLI_OK &&
	    (!cli_copy_value(request->requester_name, sizeof request->requester_name, name, "--name") ||
	     !cli_copy_value(request->identifying_details, sizeof request->identifying_details, details, "--details") ||
	     !cli_copy_value(request->envelope_marking, sizeof request->envelope_marking, marking, "--marking") ||
	     !cli_copy_value(request->received_on, sizeof request->received_on, received_date, "--received") ||
	     !cli_copy_value(request->representative_name, sizeof request->representative_name, representative,
			 "--representative") ||
	     !cli_copy_value(request->authorisation, sizeof request->authorisation, authorisation, "--authorisation")))
		result = CLI_FAILED;
	request->signature_handwritten = signed_by_hand;
	request->told_valid_way = told_valid_way;
	struct session session;
	if (result == CLI_OK && !log_in(call, &session))
		result = CLI_FAILED;
	if (result == CLI_OK) {
		enum request_kind typed = request->kind;
		enum status status = request_add(&session, request);
		result = cli_report_explained(status, db);
		if (result == CLI_OK) {
			if (kind_text && marked && typed != request->kind)
				printf(_("The envelope is marked '%s': recorded as %s.\n"), marking,
				       request_kind_label(request->kind));
			printf(_("Recorded request #%lld: %s, %s, received on %s, due %s.\n"), request->id,
			       request_kind_label(request->kind), request_channel_label(request->channel),
			       request->received_on, request->due_on);
			if (request->channel != REQUEST_CHANNEL_LETTER && request->channel != REQUEST_CHANNEL_IN_PERSON)
				printf("%s\n", _("A valid request (GDPR Art. 12(2)). Verify the identity by reasonable means: "
						 "a reply from the e-mail address on record, a call back to the number on record, "
						 "or the ID check at the desk (request verify)."));
		}
	}
	free(request);
	return result;
}

/* ---- request list | request show ---- */

/* Every request (open ones only when open_only) into a grown array; returns
 * the count, or -1 (printed). */
static int read_requests(struct session *session, bool open_only, struct subject_request **out)
{
	int capacity = FIRST_CAPACITY, count;
	*out = NULL;
	for (;;) {
		struct subject_request *grown = realloc(*out, (size_t)capacity * sizeof **out);
		if (!grown) {
			cli_out_of_memory();
			return -1;
		}
		*out = grown;
		count = request_list(session, open_only, *out, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0)
		cli_report(permission_allows(session->role, PERMISSION_HANDLE_REQUESTS) ? STATUS_ERR_DATABASE
											  : STATUS_ERR_FORBIDDEN, session->db);
	return count;
}

static void print_request_row(const struct subject_request *request, const char *today, bool csv)
{
	char id[24], linked[24];
	snprintf(id, sizeof id, "%lld", request->id);
	snprintf(linked, sizeof linked, "%d", request->linked_contacts);
	bool overdue = request_is_overdue(request, today);
	if (csv) {
		/* The privacy officer's finding, when there is one (GDPR Art. 12(5), 15(3)). */
		char fee[32] = "";
		if (request->charge_ground != CHARGE_GROUND_NONE && request->charge_fee_cents)
			request_format_amount(request->charge_fee_cents, fee, sizeof fee);
		const char *cells[] = {
			id, request_kind_code(request->kind), request_channel_code(request->channel),
			status_codes[request->status], request->received_on, request->due_on, request->extended_due_on,
			request_deadline(request), overdue ? "yes" : "no", charge_codes[request->charge], linked,
			request->requester_name, request->representative_name, request->created_by,
			request->verified_by != VERIFIED_BY_NONE ? verification_means_code(request->verified_by) : "",
			request->charge_ground != CHARGE_GROUND_NONE ? charge_ground_code(request->charge_ground) : "", fee,
		};
		csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
		return;
	}
	char kind[256], status[256], name[512], overdue_text[64];
	text_fit_columns(request_kind_label(request->kind), 16, kind, sizeof kind);
	text_fit_columns(request_status_label(request->status), 18, status, sizeof status);
	text_fit_columns(overdue ? _("OVERDUE") : "", 8, overdue_text, sizeof overdue_text);
	text_fit_columns(request->requester_name, 28, name, sizeof name);
	printf("%6s %s %-10s %-10s %s %s %3s %s\n", id, kind, request->received_on, request_deadline(request),
	       overdue_text, status, linked, name);
}

int cli_request_list(const struct cli_call *call)
{
	const char *format = NULL;
	bool all = false, csv;
	const struct command_option table[] = {
		{ "--all", NULL, &all },
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	struct subject_request *requests;
	int count = read_requests(&session, !all, &requests);
	if (count >= 0) {
		char today[11];
		calendar_today(today);
		if (csv) {
			const char *header[] = { "id", "kind", "channel", "status", "received_on", "due_on", "extended_due_on",
						 "deadline", "overdue", "charge", "linked_contacts", "requester_name",
						 "representative_name", "created_by", "verified_by", "charge_ground", "fee_euros" };
			csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
		}
		for (int i = 0; i < count; i++)
			print_request_row(&requests[i], today, csv);
	}
	free(requests);
	return count >= 0 ? CLI_OK : CLI_FAILED;
}

/* The linked contacts by name: only once the identity is verified, since
 * nothing of the requester may be shown before (notice §6.5, §6.6). Opening
 * each record is audited (notice §5.2). */
static void print_linked_contacts(struct session *session, const struct subject_request *request)
{
	if (!request_identity_verified(request)) {
		if (request->linked_contacts > 0)
			printf("  %s\n", _("(names are shown once the identity is verified)"));
		return;
	}
	long long linked[LINKED_SHOWN];
	int count = request_contacts(session, request->id, linked, LINKED_SHOWN);
	for (int i = 0; i < count; i++) {
		struct contact contact;
		contact_init(&contact);
		if (contact_load(session, linked[i], true, &contact) == STATUS_OK) {
			char name[1024], inert[4096], organisation[4 * sizeof contact.organisation_name];
			snprintf(name, sizeof name, "%s, %s", contact.value[CONTACT_LAST_NAME], contact.value[CONTACT_FIRST_NAME]);
			text_make_inert(name, inert, sizeof inert);
			text_make_inert(contact.organisation_name, organisation, sizeof organisation);
			printf("  #%lld %s%s%s\n", linked[i], inert, *organisation ? ", " : "", organisation);
		} else {
			printf(_("  #%lld (restricted: shown to the privacy officer only)\n"), linked[i]);
		}
		contact_free(&contact);
	}
	session->db->error[0] = '\0';
}

/* GDPR Art. 19: the recipients that received the person's data, and which
 * were told; shown once the identity is verified, kept after an erasure. */
static void print_recipients(struct session *session, const struct subject_request *request)
{
	if (!request_identity_verified(request))
		return;
	struct request_recipient recipients[LINKED_SHOWN];
	int count = request_recipients(session, request->id, recipients, LINKED_SHOWN);
	if (count < 0)
		return;
	char number[24];
	snprintf(number, sizeof number, "%d", count);
	cli_print_field(_("Recipients (GDPR Art. 19)"), 26, number);
	for (int i = 0; i < count; i++) {
		char name[4 * sizeof recipients[i].name], told[64];
		text_make_inert(recipients[i].name, name, sizeof name);
		if (*recipients[i].notified_on)
			snprintf(told, sizeof told, _("told on %s"), recipients[i].notified_on);
		else
			snprintf(told, sizeof told, "%s", _("not told yet"));
		printf("  #%lld %s (%s): %s\n", recipients[i].id, name, recipients[i].country, told);
	}
	session->db->error[0] = '\0';
}

static int request_show(struct session *session, long long id)
{
	struct subject_request *request = calloc(1, sizeof *request);
	if (!request)
		return cli_out_of_memory();
	enum status status = request_load(session, id, request);
	if (status != STATUS_OK) {
		free(request);
		return cli_report_explained(status, session->db);
	}
	char today[11], number[32], deadline[64], linked[24];
	calendar_today(today);
	snprintf(number, sizeof number, "#%lld", request->id);
	snprintf(deadline, sizeof deadline, "%s%s", request_deadline(request),
		 request_is_overdue(request, today) ? _(" OVERDUE") : "");
	snprintf(linked, sizeof linked, "%d", request->linked_contacts);
	cli_print_field(_("Request"), 26, number);
	cli_print_field(_("Kind"), 26, request_kind_label(request->kind));
	cli_print_field(_("Channel"), 26, request_channel_label(request->channel));
	cli_print_field(_("Envelope marking"), 26, request->envelope_marking);
	if (request->channel == REQUEST_CHANNEL_LETTER)
		cli_print_field(_("Signed by hand"), 26, request->signature_handwritten ? _("yes") : _("no"));
	if (request->told_valid_way)
		cli_print_field(_("Told the recommended ways"), 26, _("yes"));
	cli_print_field(_("Requester"), 26, request->requester_name);
	cli_print_field(_("Identifying details"), 26, request->identifying_details);
	cli_print_field(_("Representative"), 26, request->representative_name);
	cli_print_field(_("Authorisation shown"), 26, request->authorisation);
	cli_print_field(_("Received on"), 26, request->received_on);
	cli_print_field(_("Due (first month)"), 26, request->due_on);
	cli_print_field(_("Extended to"), 26, request->extended_due_on);
	cli_print_field(_("Extension reason"), 26, request->extension_reason);
	cli_print_field(_("Requester told on"), 26, request->extension_told_on);
	cli_print_field(_("Recorded late because"), 26, request->extension_override_reason);
	cli_print_field(_("Deadline"), 26, deadline);
	cli_print_field(_("Status"), 26, request_status_label(request->status));
	if (request->verified_by != VERIFIED_BY_NONE)
		cli_print_field(_("Identity verified by"), 26, verification_means_label(request->verified_by));
	cli_print_field(_("Refusal reason"), 26, request->refusal_reason);
	cli_print_field(_("Charge"), 26, charge_decision_label(request->charge));
	if (request->charge_ground != CHARGE_GROUND_NONE) {
		char fee[32] = "";
		if (request->charge_fee_cents)
			request_format_amount(request->charge_fee_cents, fee, sizeof fee);
		cli_print_field(_("Finding"), 26, charge_ground_label(request->charge_ground));
		cli_print_field(_("Finding's reason"), 26, request->charge_reason);
		if (*fee)
			cli_print_field(_("Fee (euros)"), 26, fee);
	}
	cli_print_field(_("Outcome"), 26, request->outcome);
	cli_print_field(_("Recorded by"), 26, request->created_by);
	cli_print_field(_("Linked contacts"), 26, linked);
	print_linked_contacts(session, request);
	print_recipients(session, request);
	free(request);
	return CLI_OK;
}

/* ---- request verify ---- */

static int request_verify(const struct cli_call *call, long long id)
{
	struct database *db = call->db;
	const char *document = NULL, *means_text = NULL;
	bool letter = false, photo = false, name = false, representative = false;
	const struct command_option table[] = {
		{ "--document", &document, NULL },
		{ "--means", &means_text, NULL },
		{ "--photo-matched", NULL, &photo },
		{ "--name-matched", NULL, &name },
		{ "--representative", NULL, &representative },
		{ "--letter", NULL, &letter },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	enum verification_means means = VERIFIED_BY_NONE;
	if ((int)letter + (document != NULL) + (means_text != NULL) != 1 ||
	    ((letter || means_text) && (photo || name || representative))) {
		cli_fail("%s", _("usage: regdesk request verify ID --document KIND [--photo-matched] [--name-matched] "
				 "[--representative] | --letter | --means email-on-record|phone-on-record"));
		return CLI_USAGE;
	}
	if (means_text && (!verification_means_parse(means_text, &means) ||
			   (means != VERIFIED_BY_EMAIL_ON_RECORD && means != VERIFIED_BY_PHONE_ON_RECORD))) {
		cli_fail(_("unknown means '%s': use email-on-record or phone-on-record (or --document, --letter)"), means_text);
		return CLI_USAGE;
	}
	/* Whether the photo and the name matched is what the desk saw; a flag
	 * left out is a mismatch, which the core records as a failed check. */
	struct id_check check = { .photo_matched = photo, .name_matched = name, .concerns_representative = representative };
	if (document && !document_kind_parse(document, &check.document)) {
		cli_fail(_("unknown document '%s': use one of%s"), document, document_codes);
		return CLI_USAGE;
	}
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = letter ? request_verify_letter(&session, id)
			     : means_text ? request_verify_by(&session, id, means) : request_record_id_check(&session, id, &check);
	if (status == STATUS_OK)
		printf(_("Identity verified for request #%lld.\n"), id);
	return cli_report_explained(status, db);
}

/* ---- request charge ---- */

/* Shows the previous inspection as information (notice §6.7), records free
 * or fee-waived, or the privacy officer's finding: --ground with --reason
 * and --fee EUROS or --refuse (GDPR Art. 12(5), 15(3)). */
static int request_charge(const struct cli_call *call, long long id)
{
	struct database *db = call->db;
	const char *decision_text = NULL, *ground_text = NULL, *reason = NULL, *fee_text = NULL;
	bool refuse = false;
	const struct command_option table[] = {
		{ "--decide", &decision_text, NULL },
		{ "--ground", &ground_text, NULL },
		{ "--reason", &reason, NULL },
		{ "--fee", &fee_text, NULL },
		{ "--refuse", NULL, &refuse },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	enum charge_decision decision = CHARGE_UNDECIDED;
	if (decision_text && (!*decision_text || !charge_decision_parse(decision_text, &decision))) {
		cli_fail(_("unknown decision '%s': use free or fee-waived (a fee needs --ground)"), decision_text);
		return CLI_USAGE;
	}
	bool finding = ground_text || reason || fee_text || refuse;
	if (decision_text && finding) {
		cli_fail("%s", _("usage: regdesk request charge ID [--decide free|fee-waived | --ground GROUND --reason TEXT "
				 "(--fee EUROS | --refuse)]"));
		return CLI_USAGE;
	}
	struct charge_finding found = { .reason = reason, .refuse = refuse };
	if (finding) {
		if (!ground_text || !charge_ground_parse(ground_text, &found.ground) || found.ground == CHARGE_GROUND_NONE) {
			cli_fail(_("--ground: use one of%s"), ground_codes);
			return CLI_USAGE;
		}
		if (!reason)
			return cli_missing("request charge", "--reason TEXT");
		if (!fee_text == !refuse) {
			cli_fail("%s", _("a finding ends in a fee (--fee EUROS) or a refusal (--refuse)"));
			return CLI_USAGE;
		}
		if (fee_text && !request_parse_amount(fee_text, &found.fee_cents)) {
			cli_fail(_("--fee: '%s' is not an amount in euros, such as 15 or 15,50"), fee_text);
			return CLI_USAGE;
		}
	}
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	struct charge_info info;
	enum status status = request_charge_info(&session, id, &info);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	printf("%s\n", _("Free of charge unless the privacy officer finds the request manifestly unfounded or excessive, "
			 "or further copies are asked for (GDPR Art. 12(5), 15(3))."));
	if (*info.previous)
		printf(_("For information: the previous inspection request of the same person was on %s, %d months "
			 "earlier (notice §6.7).\n"), info.previous, info.months_ago);
	else
		printf("%s\n", _("For information: no earlier inspection request of the same person."));
	if (!decision_text && !finding)
		return CLI_OK;
	if (finding) {
		status = request_record_finding(&session, id, &found);
		if (status == STATUS_OK && refuse) {
			printf(_("Request #%lld refused: %s.\n"), id, charge_ground_label(found.ground));
		} else if (status == STATUS_OK) {
			char fee[32];
			request_format_amount(found.fee_cents, fee, sizeof fee);
			printf(_("Recorded for request #%lld: a fee of %s euros; %s.\n"), id, fee, charge_ground_label(found.ground));
		}
		return cli_report_explained(status, db);
	}
	status = request_record_charge(&session, id, decision);
	if (status == STATUS_OK)
		printf(_("Recorded for request #%lld: %s.\n"), id, charge_decision_label(decision));
	return cli_report_explained(status, db);
}

/* ---- request extend | complete | refuse | objection | notify | link | unlink ---- */

static int request_extend_command(const struct cli_call *call, long long id)
{
	struct database *db = call->db;
	const char *reason = NULL, *told_on = NULL, *late_reason = NULL;
	const struct command_option table[] = {
		{ "--reason", &reason, NULL },
		{ "--told-on", &told_on, NULL },
		{ "--late-reason", &late_reason, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!reason)
		return cli_missing("request extend", "--reason TEXT");
	if (!told_on)
		return cli_missing("request extend", "--told-on DATE");
	char told_date[16];
	if (!cli_normalise_date(told_on, told_date, "--told-on"))
		return CLI_FAILED;
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = request_extend_override(&session, id, reason, told_date, late_reason);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	struct subject_request *request = calloc(1, sizeof *request);
	if (!request)
		return cli_out_of_memory();
	status = request_load(&session, id, request);
	if (status == STATUS_OK)
		printf(_("Deadline of request #%lld extended to %s; the requester was told on %s.\n"), id,
		       request->extended_due_on, request->extension_told_on);
	if (status == STATUS_OK && *request->extension_override_reason)
		printf("%s\n", _("Recorded after the first month's deadline: the override is in the audit trail."));
	free(request);
	return cli_report_explained(status, db);
}

/* complete --outcome TEXT, or refuse --reason TEXT. */
static int request_close(const struct cli_call *call, long long id, bool refuse)
{
	struct database *db = call->db;
	const char *text = NULL;
	const struct command_option table[] = {
		{ refuse ? "--reason" : "--outcome", &text, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!text)
		return cli_missing(refuse ? "request refuse" : "request complete", refuse ? "--reason TEXT" : "--outcome TEXT");
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = refuse ? request_refuse(&session, id, text) : request_complete(&session, id, text);
	if (status == STATUS_OK)
		printf(refuse ? _("Request #%lld refused.\n") : _("Request #%lld completed.\n"), id);
	return cli_report_explained(status, db);
}

static int request_objection(const struct cli_call *call, long long id)
{
	struct database *db = call->db;
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	int bans = 0;
	enum status status = request_apply_objection(&session, id, &bans);
	if (status == STATUS_OK)
		printf(_("Recorded %d bans (every purpose, every linked contact) for request #%lld.\n"), bans, id);
	return cli_report_explained(status, db);
}

static int request_notify(const struct cli_call *call, long long id)
{
	struct database *db = call->db;
	const char *recipient_text = NULL, *note = "";
	const struct command_option table[] = {
		{ "--recipient", &recipient_text, NULL },
		{ "--note", &note, NULL },
		{ NULL, NULL, NULL },
	};
	long long recipient_id;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_id(recipient_text, &recipient_id))
		return cli_missing("request notify", "--recipient ID");
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = request_notify_recipient(&session, id, recipient_id, note);
	if (status == STATUS_OK)
		printf(_("Recorded that recipient #%lld was told, for request #%lld (GDPR Art. 19).\n"), recipient_id, id);
	return cli_report_explained(status, db);
}

static int request_link(const struct cli_call *call, long long id, bool unlink_contact)
{
	struct database *db = call->db;
	long long contact_id;
	if (!cli_parse_id(cli_word(call, 1), &contact_id))
		return cli_missing(unlink_contact ? "request unlink ID" : "request link ID", "CONTACT_ID");
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = unlink_contact ? request_unlink_contact(&session, id, contact_id)
					    : request_link_contact(&session, id, contact_id);
	if (status == STATUS_OK)
		printf(unlink_contact ? _("Unlinked contact #%lld from request #%lld.\n")
				      : _("Linked contact #%lld to request #%lld.\n"), contact_id, id);
	return cli_report_explained(status, db);
}

/* The request's ID, the command's first word. */
static bool request_id_word(const struct cli_call *call, long long *id)
{
	if (cli_parse_id(cli_word(call, 0), id))
		return true;
	cli_fail(_("usage: regdesk request %s ID ..."), call->command->verb);
	return false;
}

int cli_request_show(const struct cli_call *call)
{
	long long id;
	if (!request_id_word(call, &id))
		return CLI_USAGE;
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	return request_show(&session, id);
}

#define WITH_REQUEST_ID(command, ...) \
	long long id; \
	if (!request_id_word(call, &id)) \
		return CLI_USAGE; \
	return command(call, id, ##__VA_ARGS__)

int cli_request_verify(const struct cli_call *call) { WITH_REQUEST_ID(request_verify); }
int cli_request_link(const struct cli_call *call) { WITH_REQUEST_ID(request_link, false); }
int cli_request_unlink(const struct cli_call *call) { WITH_REQUEST_ID(request_link, true); }
int cli_request_charge(const struct cli_call *call) { WITH_REQUEST_ID(request_charge); }
int cli_request_extend(const struct cli_call *call) { WITH_REQUEST_ID(request_extend_command); }
int cli_request_complete(const struct cli_call *call) { WITH_REQUEST_ID(request_close, false); }
int cli_request_refuse(const struct cli_call *call) { WITH_REQUEST_ID(request_close, true); }
int cli_request_objection(const struct cli_call *call) { WITH_REQUEST_ID(request_objection); }
int cli_request_notify(const struct cli_call *call) { WITH_REQUEST_ID(request_notify); }

/* ---- report (notice §6.1, §6.8, §6.9) ---- */

int cli_report_command(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *request_text = NULL, *format = NULL, *language = NULL, *path = NULL;
	const struct command_option table[] = {
		{ "--request", &request_text, NULL },
		{ "--format", &format, NULL },
		{ "--lang", &language, NULL },
		{ "--out", &path, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id, request_id = 0;
	bool json;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_format(format, "json", &json))
		return CLI_USAGE;
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("report", "CONTACT_ID");
	if (request_text && !cli_parse_id(request_text, &request_id))
		return cli_missing("--request", _("an ID"));
	if (!format)
		return cli_missing("report", "--format text|json");
	if (language && strcmp(language, "fi") != 0 && strcmp(language, "en") != 0) {
		cli_fail(_("unknown language '%s': use fi or en"), language);
		return CLI_USAGE;
	}
	/* A report names a person: a file of it is the user's alone (in the
	 * office install, the group's files folder), and an existing file is
	 * never overwritten. */
	char office_path[4096], office_error[1024];
	if (path && !office_output_path(path, office_path, sizeof office_path, office_error, sizeof office_error)) {
		cli_fail("%s", office_error);
		return CLI_FAILED;
	}
	if (path)
		path = office_path;
	if (path && faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0) {
		cli_fail(_("%s already exists: choose another file name"), path);
		return CLI_FAILED;
	}
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	FILE *out = stdout;
	if (path) {
		int descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, office_file_mode());
		out = descriptor >= 0 ? fdopen(descriptor, "w") : NULL;
		if (!out) {
			cli_fail(_("cannot create %s: %s"), path, strerror(errno));
			if (descriptor >= 0) {
				close(descriptor);
				unlink(path);
			}
			return CLI_FAILED;
		}
	}
	enum status status = report_write(&session, request_id, contact_id, language, json ? REPORT_JSON : REPORT_TEXT, out);
	if (path) {
		if (fclose(out) != 0 && status == STATUS_OK) {
			snprintf(db->error, sizeof db->error, _("cannot write %s: %s"), path, strerror(errno));
			status = STATUS_ERR_IO;
		}
		/* Nothing half-written is left behind. */
		if (status != STATUS_OK)
			unlink(path);
		else
			printf(_("Wrote the access report of contact #%lld to %s.\n"), contact_id, path);
	} else if (fflush(stdout) != 0 && status == STATUS_OK) {
		snprintf(db->error, sizeof db->error, _("cannot write the report: %s"), strerror(errno));
		status = STATUS_ERR_IO;
	}
	return cli_report_explained(status, db);
}

/* ---- erase (notice §4.2, §6.4; GDPR Art. 17, 18, 19) ---- */

/* Recipients the person's data were disclosed to (GDPR Art. 19), as
 * "  #ID name (country)" lines in a string the caller frees; NULL when out of
 * memory. Read before the erasure removes the links. */
static char *recipients_to_notify(struct session *session, long long contact_id)
{
	struct request_recipient *recipients = NULL;
	int capacity = FIRST_CAPACITY, count;
	for (;;) {
		struct request_recipient *grown = realloc(recipients, (size_t)capacity * sizeof *recipients);
		if (!grown) {
			free(recipients);
			return NULL;
		}
		recipients = grown;
		count = request_recipients_of_contact(session, contact_id, recipients, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	size_t size = 1, used = 0;
	char *text = calloc(1, size);
	for (int r = 0; r < count && text; r++) {
		char name[4 * sizeof recipients[r].name], line[sizeof name + 64];
		text_make_inert(recipients[r].name, name, sizeof name);
		int length = snprintf(line, sizeof line, "  #%lld %s (%s)\n", recipients[r].id, name, recipients[r].country);
		if (length >= (int)sizeof line)
			length = (int)sizeof line - 1;
		char *grown = length > 0 ? realloc(text, size + (size_t)length) : text;
		if (!grown) {
			free(text);
			text = NULL;
			break;
		}
		text = grown;
		memcpy(text + used, line, (size_t)length + 1);
		used += (size_t)length;
		size += (size_t)length;
	}
	free(recipients);
	return text;
}

static void print_erasure_figures(struct session *session, const struct erasure_preview *preview, const char *today)
{
	printf(_("legal holds in force: %d\n"), preview->held);
	if (preview->held) {
		/* Exactly what stays, and until when (GDPR Art. 17(3)(b)). */
		char kept[512];
		hold_fields_labels(preview->kept_fields, kept, sizeof kept);
		printf(_("kept restricted until: %s\n"), preview->held_until);
		printf(_("kept fields: %s\n"), kept);
	}
	struct legal_hold holds[64];
	int count = hold_list(session, preview->contact_id, holds, 64);
	for (int i = 0; i < count; i++) {
		char law[1024], covers[2048];
		text_make_inert(*holds[i].law_name ? holds[i].law_name : hold_law_label(holds[i].law), law, sizeof law);
		text_make_inert(holds[i].covers, covers, sizeof covers);
		char kept[512];
		hold_fields_labels(holds[i].fields, kept, sizeof kept);
		printf(_("  %s: %s, keeps %s until %s%s\n"), law, covers, kept, holds[i].until,
		       strcmp(holds[i].until, today) < 0 ? _(" (ended)") : "");
	}
	printf("%s\n", _("to be erased:"));
	printf(_("  contact data: %s\n"), preview->held ? _("every field but the kept ones above, at once")
							    : _("all"));
	printf(_("  consents and bans: %d\n"), preview->consents);
	printf(_("  disclosure links: %d\n"), preview->disclosures);
	printf(_("  training registrations: %d\n"), preview->registrations);
	printf(_("  certificates: %d\n"), preview->certificates);
	printf(_("  event registrations: %d\n"), preview->events);
	printf(_("  maintenance references: %d\n"), preview->references);
	printf(_("  categories: %d\n"), preview->categories);
	printf(_("recipients to notify: %d\n"), preview->recipients_to_notify);
}

/* The local files that hold the person's data (issue 13). */
static void print_erasure_files(const struct erasure_files *files, bool preview)
{
	printf(_("files holding the person's data: %d\n"), files->count);
	for (int i = 0; i < files->count; i++) {
		char inert[4096];
		text_make_inert(files->path[i], inert, sizeof inert);
		printf("  %s\n", inert);
	}
	if (files->count > 0)
		printf("%s\n", preview ? _("--confirm --delete-files deletes them with the erasure")
				       : _("kept: delete them by hand, or erase with --delete-files"));
}

int cli_erase_command(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *request_text = NULL;
	bool preview_only = false, confirm = false, delete_files = false;
	const struct command_option table[] = {
		{ "--preview", NULL, &preview_only },
		{ "--confirm", NULL, &confirm },
		{ "--delete-files", NULL, &delete_files },
		{ "--request", &request_text, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id, request_id = 0;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("erase", "CONTACT_ID");
	if (preview_only == confirm) {
		cli_fail("%s", _("usage: regdesk erase CONTACT_ID --preview|--confirm [--request ID] [--delete-files]"));
		return CLI_USAGE;
	}
	if (request_text && !cli_parse_id(request_text, &request_id))
		return cli_missing("--request", _("an ID"));
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	struct erasure_preview preview;
	enum status status = erasure_preview(&session, contact_id, &preview);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	/* Listed before the erasure: it removes the disclosure links that find exports. */
	static struct erasure_files files;
	status = erasure_list_files(&session, contact_id, &files);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	char today[11];
	calendar_today(today);
	char *recipients = recipients_to_notify(&session, contact_id);
	if (!recipients)
		return cli_out_of_memory();
	db->error[0] = '\0';
	if (preview_only) {
		printf(_("Erasure preview of contact #%lld; nothing is changed.\n"), contact_id);
		print_erasure_figures(&session, &preview, today);
		fputs(recipients, stdout);
		free(recipients);
		print_erasure_files(&files, true);
		return CLI_OK;
	}
	/* The holds are listed from the preview: after the erasure a person
	 * without holds has none left to list. */
	status = erasure_confirm(&session, contact_id, request_id, &preview);
	if (status != STATUS_OK) {
		free(recipients);
		return cli_report_explained(status, db);
	}
	if (preview.held) {
		char kept[512];
		hold_fields_labels(preview.kept_fields, kept, sizeof kept);
		printf(_("Erased contact #%lld except %s, which %d legal hold(s) cover; kept restricted until %s.\n"),
		       contact_id, kept, preview.held, preview.held_until);
	} else {
		printf(_("Erased contact #%lld.\n"), contact_id);
	}
	if (request_id)
		printf(_("Request #%lld completed.\n"), request_id);
	if (erasure_pending_count(db) > 0)
		cli_fail("%s", db->error);
	if (delete_files && files.count > 0) {
		int deleted = 0;
		status = erasure_delete_files(&session, contact_id, &files, &deleted);
		printf(_("files deleted: %d\n"), deleted);
		if (status != STATUS_OK) {
			free(recipients);
			return cli_report_explained(status, db);
		}
	} else {
		print_erasure_files(&files, false);
	}
	printf(_("recipients to notify: %d\n"), preview.recipients_to_notify);
	fputs(recipients, stdout);
	if (preview.recipients_to_notify)
		printf("%s\n", _("Tell them of the erasure (GDPR Art. 19), then record it with: "
				 "regdesk request notify ID --recipient RECIPIENT_ID"));
	free(recipients);
	return CLI_OK;
}

/* ---- hold add | hold list (notice §4.2) ---- */

int cli_hold_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *law_text = NULL, *law_name = "", *covers = NULL, *year_end = "", *until = NULL,
		   *fields = NULL;
	const struct command_option table[] = {
		{ "--law", &law_text, NULL },
		{ "--fields", &fields, NULL },
		{ "--law-name", &law_name, NULL },
		{ "--covers", &covers, NULL },
		{ "--financial-year-end", &year_end, NULL },
		{ "--until", &until, NULL },
		{ NULL, NULL, NULL },
	};
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_id(contact_text, &hold.contact_id))
		return cli_missing("hold add", "CONTACT_ID");
	if (!law_text)
		return cli_missing("hold add", "--law LAW");
	if (!covers)
		return cli_missing("hold add", "--covers TEXT");
	if (!hold_law_parse(law_text, &hold.law)) {
		cli_fail(_("unknown law '%s': use one of%s"), law_text, law_codes);
		return CLI_USAGE;
	}
	char bad[80];
	if (fields && (!hold_fields_parse(fields, &hold.fields, bad, sizeof bad) || !hold.fields)) {
		char known[256];
		hold_fields_codes((1u << HOLD_FIELD_COUNT) - 1, known, sizeof known);
		cli_fail(_("--fields: unknown field '%s': use some of %s"), fields && hold.fields ? bad : fields, known);
		return CLI_USAGE;
	}
	if (hold.law != HOLD_OTHER && until) {
		cli_fail("%s", _("the Accounting Act's period is counted from --financial-year-end: leave out --until"));
		return CLI_USAGE;
	}
	char year_end_date[16], until_date[16] = "";
	if (!cli_normalise_date(year_end, year_end_date, "--financial-year-end") ||
	    (until && !cli_normalise_date(until, until_date, "--until")))
		return CLI_FAILED;
	if (!cli_copy_value(hold.law_name, sizeof hold.law_name, law_name, "--law-name") ||
	    !cli_copy_value(hold.covers, sizeof hold.covers, covers, "--covers") ||
	    !cli_copy_value(hold.basis_date, sizeof hold.basis_date, year_end_date, "--financial-year-end") ||
	    !cli_copy_value(hold.until, sizeof hold.until, until_date, "--until"))
		return CLI_FAILED;
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	enum status status = hold_add(&session, &hold);
	if (status == STATUS_OK) {
		char kept[512];
		hold_fields_labels(hold.fields, kept, sizeof kept);
		printf(_("Added legal hold #%lld on contact #%lld: %s; keeps %s until %s.\n"), hold.id, hold.contact_id,
		       *hold.law_name ? hold.law_name : hold_law_label(hold.law), kept, hold.until);
	}
	return cli_report_explained(status, db);
}

int cli_hold_list(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *format = NULL;
	const struct command_option table[] = {
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id = 0;
	bool csv;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (contact_text && !cli_parse_id(contact_text, &contact_id))
		return cli_missing("hold list", _("a CONTACT_ID or nothing"));
	struct session session;
	if (!log_in(call, &session))
		return CLI_FAILED;
	struct legal_hold *holds = NULL;
	int capacity = FIRST_CAPACITY, count;
	for (;;) {
		struct legal_hold *grown = realloc(holds, (size_t)capacity * sizeof *holds);
		if (!grown) {
			free(holds);
			return cli_out_of_memory();
		}
		holds = grown;
		count = hold_list(&session, contact_id, holds, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(holds);
		return cli_report_explained(STATUS_ERR_FORBIDDEN, db);
	}
	if (csv) {
		const char *header[] = { "id", "contact_id", "law", "law_name", "covers", "financial_year_end", "until", "fields" };
		csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
	}
	for (int i = 0; i < count; i++) {
		const struct legal_hold *hold = &holds[i];
		char id[24], contact[24], kept[256];
		snprintf(id, sizeof id, "%lld", hold->id);
		snprintf(contact, sizeof contact, "%lld", hold->contact_id);
		hold_fields_codes(hold->fields, kept, sizeof kept);
		if (csv) {
			const char *cells[] = { id, contact, law_code_of[hold->law], hold->law_name, hold->covers, hold->basis_date,
						hold->until, kept };
			csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
			continue;
		}
		char law[512], covers[2048];
		text_fit_columns(*hold->law_name ? hold->law_name : law_code_of[hold->law], 24, law, sizeof law);
		text_make_inert(hold->covers, covers, sizeof covers);
		printf("%6s %8s %-10s %s %s [%s]\n", id, contact, hold->until, law, covers, kept);
	}
	free(holds);
	return CLI_OK;
}


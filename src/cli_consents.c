/* Batch commands for bans, consents and disclosures: ban set|show|sale-email,
 * purpose add|list, recipient add|list, export, disclosure list|add (notice
 * §1.5, §2, §3.1, §6.3). Every rule lives in the core (consent.c, disclosure.c); this module
 * only reads options, calls the core and prints. */
#include <ctype.h>
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
#include "disclosure.h"
#include "i18n.h"
#include "office.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

#define DISCLOSURE_PAGE 100
#define FIRST_CAPACITY 32
#define EXPORT_PATH_MAX 512         /* the disclosure log keeps at most 511 bytes of the file name */

/* The codes a user may type, for the messages naming them (" a b c"). */
#define CODE_TEXT(name, code, label) " " code
static const char state_codes[] = CONSENT_STATES(CODE_TEXT);
static const char channel_codes[] = CONSENT_CHANNELS(CODE_TEXT);
static const char kind_codes[] = RECIPIENT_KINDS(CODE_TEXT);
#undef CODE_TEXT


/* --- ban set | ban show (notice §1.5, §6.3) ---------------------------------------- */

int cli_ban_set(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *purpose = NULL, *state_text = "objection", *channel_text = NULL,
		*given_on = NULL, *note = "", *wording = "", *expires_on = "";
	const struct command_option table[] = {
		{ "--purpose", &purpose, NULL },
		{ "--state", &state_text, NULL },
		{ "--channel", &channel_text, NULL },
		{ "--given-on", &given_on, NULL },
		{ "--note", &note, NULL },
		{ "--wording", &wording, NULL },
		{ "--expires", &expires_on, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("ban set", "CONTACT_ID");
	if (!purpose)
		return cli_missing("ban set", "--purpose CODE");
	if (!channel_text)
		return cli_missing("ban set", "--channel CHANNEL");
	struct consent_event event = { 0 };
	if (!consent_state_parse(state_text, &event.state)) {
		cli_fail(_("unknown state '%s': use one of%s"), state_text, state_codes);
		return CLI_USAGE;
	}
	if (!consent_channel_parse(channel_text, &event.channel)) {
		cli_fail(_("unknown channel '%s': use one of%s"), channel_text, channel_codes);
		return CLI_USAGE;
	}
	/* The person's date defaults to today, the day it is recorded. */
	char today[11], given_on_date[16];
	calendar_today(today);
	if (!cli_normalise_date(given_on ? given_on : today, given_on_date, "--given-on"))
		return CLI_FAILED;
	if (!cli_copy_value(event.purpose, sizeof event.purpose, purpose, "--purpose") ||
	    !cli_copy_value(event.given_on, sizeof event.given_on, given_on_date, "--given-on") ||
	    !cli_copy_value(event.note, sizeof event.note, note, "--note") ||
	    !cli_copy_value(event.wording, sizeof event.wording, wording, "--wording") ||
	    !cli_copy_value(event.expires_on, sizeof event.expires_on, expires_on, "--expires"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	db->error[0] = '\0';
	struct consent_outcome outcome;
	enum status status = consent_record_outcome(&session, contact_id, &event, &outcome);
	if (status == STATUS_OK) {
		printf(_("Recorded %s for contact #%lld: purpose %s, given on %s, %s.\n"), consent_state_label(event.state),
		       contact_id, event.purpose, event.given_on, consent_channel_label(event.channel));
		char told[600];
		consent_outcome_text(&outcome, told, sizeof told);
		if (*told)
			printf("%s\n", told);
	}
	return cli_report_explained(status, db);
}

/* ban sale-email: the address obtained in a sale, refusal offered (917/2014 §200(2)). */
int cli_ban_sale_email(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *offered_on = NULL, *note = "";
	const struct command_option table[] = {
		{ "--offered-on", &offered_on, NULL },
		{ "--note", &note, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("ban sale-email", "CONTACT_ID");
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	db->error[0] = '\0';
	enum status status = consent_sale_email_record(&session, contact_id, offered_on ? offered_on : "", note);
	if (status == STATUS_OK)
		printf(_("Recorded for contact #%lld: the e-mail address was obtained in a sale and a free refusal was "
			 "offered (917/2014 §200(2)).\n"), contact_id);
	return cli_report_explained(status, db);
}

/* Rows of one contact from a core call that fills at most max: the buffer
 * grows until everything fits. Returns the count, or -1 (error printed). */
typedef int (*contact_rows_fetch)(struct session *session, long long contact_id, void *out, int max);

static int read_all(struct session *session, long long contact_id, size_t row_size, contact_rows_fetch fetch,
		    void **out)
{
	int capacity = FIRST_CAPACITY, count;
	*out = NULL;
	for (;;) {
		void *grown = realloc(*out, (size_t)capacity * row_size);
		if (!grown) {
			cli_out_of_memory();
			return -1;
		}
		*out = grown;
		count = fetch(session, contact_id, *out, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0)
		cli_report(STATUS_ERR_DATABASE, session->db);
	return count;
}

static int fetch_history(struct session *session, long long contact_id, void *out, int max)
{
	return consent_history(session, contact_id, out, max);
}

static int fetch_current(struct session *session, long long contact_id, void *out, int max)
{
	return consent_current(session, contact_id, out, max);
}

static int fetch_sale_emails(struct session *session, long long contact_id, void *out, int max)
{
	return consent_sale_emails(session, contact_id, out, max);
}

/* CSV: one row per current state ("current") and per statement ("history"),
 * stable codes whatever the language. */
static void print_event_csv(const char *section, const char *purpose, const struct consent_event *event,
			    enum consent_state effective, const char *soft_opt_in)
{
	char id[24] = "";
	if (event->id)
		snprintf(id, sizeof id, "%lld", event->id);
	const char *cells[] = {
		section, id, purpose, consent_state_code(event->state), consent_state_code(effective), event->given_on,
		event->id ? consent_channel_code(event->channel) : "", event->wording, event->expires_on, event->note,
		event->recorded_at, event->recorded_by, soft_opt_in, "",
	};
	csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
}

static void print_current_text(const struct consent_current *current)
{
	const struct consent_event *latest = &current->latest;
	char purpose[256], state[256], channel[256], recorded_by[256];
	text_fit_columns(current->purpose.code, 22, purpose, sizeof purpose);
	text_fit_columns(consent_state_label(current->effective), 22, state, sizeof state);
	text_fit_columns(latest->id ? consent_channel_label(latest->channel) : "", 20, channel, sizeof channel);
	text_fit_columns(latest->recorded_by, 16, recorded_by, sizeof recorded_by);
	printf("  %s %s %-10s  %s %s", purpose, state, latest->given_on, channel, recorded_by);
	if (current->effective != latest->state)
		printf(_(" (consent expired on %s)"), latest->expires_on);
	else if (*latest->expires_on)
		printf(_(" (until %s)"), latest->expires_on);
	if (current->soft_opt_in && current->effective != CONSENT_STATE_CONSENT)
		printf("%s", _(" (customer's e-mail from a sale, 917/2014 §200(2))"));
	putchar('\n');
}

static void print_history_text(const struct consent_event *event)
{
	char purpose[256], state[256], channel[256], recorded_by[256];
	text_fit_columns(event->purpose, 22, purpose, sizeof purpose);
	text_fit_columns(consent_state_label(event->state), 22, state, sizeof state);
	text_fit_columns(consent_channel_label(event->channel), 20, channel, sizeof channel);
	text_fit_columns(event->recorded_by, 16, recorded_by, sizeof recorded_by);
	printf("  %s %s %-10s  %s %s %s\n", purpose, state, event->given_on, channel, recorded_by, event->recorded_at);
	char inert[4 * sizeof event->note];
	if (*event->wording) {
		text_make_inert(event->wording, inert, sizeof inert);
		printf("      %s %s\n", _("wording:"), inert);
	}
	if (*event->expires_on)
		printf("      %s %s\n", _("expires on:"), event->expires_on);
	if (*event->note) {
		text_make_inert(event->note, inert, sizeof inert);
		printf("      %s %s\n", _("note:"), inert);
	}
}

int cli_ban_show(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *format = NULL;
	const struct command_option table[] = {
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id;
	bool csv;
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("ban show", "CONTACT_ID");
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	/* Showing a person's statements opens their record: audited (notice §5.2);
	 * a merged id shows the survivor's. */
	struct contact contact;
	contact_init(&contact);
	enum status status = contact_load(&session, contact_id, true, &contact);
	if (status != STATUS_OK) {
		contact_free(&contact);
		return cli_report(status, db);
	}
	struct consent_current *current = NULL;
	struct consent_event *history = NULL;
	void *current_rows = NULL, *history_rows = NULL;
	int current_count = read_all(&session, contact.id, sizeof *current, fetch_current, &current_rows);
	int history_count = current_count < 0 ? -1 : read_all(&session, contact.id, sizeof *history, fetch_history,
							       &history_rows);
	void *sale_rows = NULL;
	int sale_count = history_count < 0 ? -1 : read_all(&session, contact.id, sizeof(struct sale_email),
							   fetch_sale_emails, &sale_rows);
	struct sale_email *sales = sale_rows;
	if (sale_count < 0)
		history_count = -1;
	current = current_rows;
	history = history_rows;
	if (history_count >= 0 && csv) {
		const char *header[] = { "section", "event_id", "purpose", "state", "effective_state", "given_on", "channel",
					 "wording", "expires_on", "note", "recorded_at", "recorded_by", "soft_opt_in", "email" };
		csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
		for (int i = 0; i < current_count; i++)
			print_event_csv("current", current[i].purpose.code, &current[i].latest, current[i].effective,
					current[i].soft_opt_in ? "yes" : "no");
		for (int i = 0; i < history_count; i++)
			print_event_csv("history", history[i].purpose, &history[i], history[i].state, "");
		/* The sales with a refusal offered: the date in given_on, the address in email. */
		for (int i = 0; i < sale_count; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", sales[i].id);
			const char *cells[] = { "sale-email", id, "", "", "", sales[i].offered_on, "", "", "", sales[i].note,
						sales[i].recorded_at, sales[i].recorded_by, "", sales[i].email };
			csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
		}
	} else if (history_count >= 0) {
		char first[512], last[512], organisation[sizeof contact.organisation_name];
		text_make_inert(contact.value[CONTACT_FIRST_NAME], first, sizeof first);
		text_make_inert(contact.value[CONTACT_LAST_NAME], last, sizeof last);
		text_make_inert(contact.organisation_name, organisation, sizeof organisation);
		printf(_("Contact #%lld %s %s%s%s\n"), contact.id, first, last, *organisation ? ", " : "", organisation);
		printf("%s\n", _("Current state per purpose:"));
		for (int i = 0; i < current_count; i++)
			print_current_text(&current[i]);
		printf("%s\n", _("History, newest first:"));
		if (history_count == 0)
			printf("  %s\n", _("nothing recorded"));
		for (int i = 0; i < history_count; i++)
			print_history_text(&history[i]);
		if (sale_count > 0)
			printf("%s\n", _("E-mail address obtained in a sale, refusal offered (917/2014 §200(2)):"));
		for (int i = 0; i < sale_count; i++) {
			char email[4 * sizeof sales[i].email], note_text[4 * sizeof sales[i].note];
			text_make_inert(sales[i].email, email, sizeof email);
			text_make_inert(sales[i].note, note_text, sizeof note_text);
			printf("  %-10s  %s  %s %s%s%s\n", sales[i].offered_on, email, sales[i].recorded_by, sales[i].recorded_at,
			       *note_text ? "  " : "", note_text);
		}
	}
	free(sales);
	free(current);
	free(history);
	contact_free(&contact);
	return history_count >= 0 ? CLI_OK : CLI_FAILED;
}


/* --- recipient add | recipient list (notice §2, §3.1) ---------------------------------- */

int cli_recipient_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *name = NULL, *kind_text = NULL, *country = NULL, *safeguard_text = NULL, *reference = NULL,
		*safeguard_date = NULL;
	const struct command_option table[] = {
		{ "--name", &name, NULL },
		{ "--kind", &kind_text, NULL },
		{ "--country", &country, NULL },
		{ "--safeguard", &safeguard_text, NULL },
		{ "--safeguard-reference", &reference, NULL },
		{ "--safeguard-date", &safeguard_date, NULL },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!name)
		return cli_missing("recipient add", "--name NAME");
	if (!kind_text)
		return cli_missing("recipient add", "--kind KIND");
	if (!country)
		return cli_missing("recipient add", "--country CC");
	struct recipient recipient = { 0 };
	if (!recipient_kind_parse(kind_text, &recipient.kind)) {
		cli_fail(_("unknown recipient kind '%s': use one of%s"), kind_text, kind_codes);
		return CLI_USAGE;
	}
	if (safeguard_text && (!*safeguard_text || !safeguard_parse(safeguard_text, &recipient.safeguard))) {
		cli_fail(_("unknown safeguard '%s': use adequacy, scc or other"), safeguard_text);
		return CLI_USAGE;
	}
	if (!safeguard_text && (reference || safeguard_date)) {
		cli_fail("%s", _("--safeguard-reference and --safeguard-date go with --safeguard adequacy|scc|other"));
		return CLI_USAGE;
	}
	if (strlen(country) != 2) {
		cli_fail("%s", _("use a two-letter ISO 3166 country code such as FI or SE"));
		return CLI_FAILED;
	}
	if (!cli_copy_value(recipient.name, sizeof recipient.name, name, "--name") ||
	    !cli_copy_value(recipient.safeguard_reference, sizeof recipient.safeguard_reference, reference ? reference : "",
			"--safeguard-reference") ||
	    !cli_copy_value(recipient.safeguard_date, sizeof recipient.safeguard_date, safeguard_date ? safeguard_date : "",
			"--safeguard-date"))
		return CLI_FAILED;
	for (int i = 0; i < 2; i++)
		recipient.country[i] = (char)toupper((unsigned char)country[i]);
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	db->error[0] = '\0';
	enum status status = recipient_save(&session, &recipient);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	printf(_("Added recipient #%lld.\n"), recipient.id);
	struct recipient saved;
	if (recipient_load(&session, recipient.id, &saved) == STATUS_OK && !saved.eu_eea && saved.safeguard == SAFEGUARD_NONE)
		printf("%s\n", _("It is outside the EU/EEA: nothing may be disclosed to it until a safeguard is recorded (notice §3.1)."));
	return CLI_OK;
}

int cli_recipient_list(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *format = NULL;
	const struct command_option table[] = {
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	struct recipient *recipients = NULL;
	int capacity = FIRST_CAPACITY, count;
	for (;;) {
		struct recipient *grown = realloc(recipients, (size_t)capacity * sizeof *recipients);
		if (!grown) {
			free(recipients);
			return cli_out_of_memory();
		}
		recipients = grown;
		count = recipient_list(&session, recipients, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(recipients);
		return cli_report(STATUS_ERR_DATABASE, db);
	}
	if (csv) {
		const char *header[] = { "id", "name", "kind", "country", "eu_eea", "safeguard", "safeguard_reference",
					 "safeguard_date" };
		csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
	}
	for (int i = 0; i < count; i++) {
		const struct recipient *recipient = &recipients[i];
		char id[24];
		snprintf(id, sizeof id, "%lld", recipient->id);
		if (csv) {
			const char *cells[] = { id, recipient->name, recipient_kind_code(recipient->kind), recipient->country,
						recipient->eu_eea ? "yes" : "no", safeguard_code(recipient->safeguard),
						recipient->safeguard_reference, recipient->safeguard_date };
			csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
			continue;
		}
		char name[512], kind[256], eu_eea[64], safeguard[256], reference[1024];
		text_fit_columns(recipient->name, 28, name, sizeof name);
		text_fit_columns(recipient_kind_label(recipient->kind), 28, kind, sizeof kind);
		text_fit_columns(recipient->eu_eea ? _("EU/EEA: yes") : _("EU/EEA: no"), 12, eu_eea, sizeof eu_eea);
		text_fit_columns(safeguard_label(recipient->safeguard), 30, safeguard, sizeof safeguard);
		text_make_inert(recipient->safeguard_reference, reference, sizeof reference);
		printf("%6s %s %s %-2s %s %s %s %s\n", id, name, kind, recipient->country, eu_eea, safeguard, reference,
		       recipient->safeguard_date);
	}
	free(recipients);
	return CLI_OK;
}


/* --- export (notice §2, §3.1) ---------------------------------------------------------- */

static int list_purposes(const struct cli_call *call, bool csv)
{
	struct database *db = call->db;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct purpose *purposes = NULL;
	int capacity = FIRST_CAPACITY, count;
	for (;;) {
		struct purpose *grown = realloc(purposes, (size_t)capacity * sizeof *purposes);
		if (!grown) {
			free(purposes);
			return cli_out_of_memory();
		}
		purposes = grown;
		count = consent_purpose_list(&session, purposes, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(purposes);
		return cli_report(STATUS_ERR_FORBIDDEN, db);
	}
	if (csv) {
		const char *header[] = { "code", "name", "channel", "consent_for_private", "fields", "legal_ground",
					 "soft_opt_in", "third_party" };
		csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
	}
	for (int i = 0; i < count; i++) {
		const struct purpose *purpose = &purposes[i];
		const char *channel = purpose_channel_code(purpose->channel);
		if (csv) {
			const char *cells[] = { purpose->code, purpose->name, channel, purpose->consent_for_private ? "yes" : "no",
						purpose->export_fields, purpose->legal_ground, purpose->soft_opt_in ? "yes" : "no",
						purpose->third_party ? "yes" : "no" };
			csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
		} else {
			char code[256], name[1024], fields[1024], ground[1024];
			text_fit_columns(purpose->code, 22, code, sizeof code);
			text_fit_columns(purpose->name, 44, name, sizeof name);
			text_make_inert(purpose->export_fields, fields, sizeof fields);
			text_make_inert(purpose->legal_ground, ground, sizeof ground);
			printf("%s %s %-6s %s\n", code, name, channel, fields);
			printf("       %s %s\n", _("legal ground:"), ground);
			if (purpose->consent_for_private)
				printf("       %s\n", purpose->soft_opt_in
				       ? _("a private person: consent, or a customer's e-mail from a sale (917/2014 §200)")
				       : _("a private person: consent (917/2014 §200(1))"));
		}
	}
	free(purposes);
	return CLI_OK;
}

/* --- purpose add | purpose list (notice §6.3) ------------------------------------------- */

int cli_purpose_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *code = NULL, *name = NULL, *name_fi = "", *channel_text = NULL, *fields = "", *legal_ground = NULL;
	bool consent_for_private = false, soft_opt_in = false, third_party = false;
	const struct command_option table[] = {
		{ "--code", &code, NULL },
		{ "--name", &name, NULL },
		{ "--name-fi", &name_fi, NULL },
		{ "--channel", &channel_text, NULL },
		{ "--fields", &fields, NULL },
		{ "--legal-ground", &legal_ground, NULL },
		{ "--consent-for-private", NULL, &consent_for_private },
		{ "--soft-opt-in", NULL, &soft_opt_in },
		{ "--third-party", NULL, &third_party },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!code)
		return cli_missing("purpose add", "--code CODE");
	if (!name)
		return cli_missing("purpose add", "--name NAME");
	if (!channel_text)
		return cli_missing("purpose add", "--channel postal|email|phone|none");
	if (!legal_ground)
		return cli_missing("purpose add", "--legal-ground TEXT");
	struct purpose purpose;
	memset(&purpose, 0, sizeof purpose);
	if (!purpose_channel_parse(channel_text, &purpose.channel)) {
		cli_fail(_("unknown channel '%s': use one of postal email phone none"), channel_text);
		return CLI_USAGE;
	}
	char finnish[sizeof purpose.name];
	if (!cli_copy_value(purpose.code, sizeof purpose.code, code, "--code") ||
	    !cli_copy_value(purpose.name, sizeof purpose.name, name, "--name") ||
	    !cli_copy_value(finnish, sizeof finnish, name_fi, "--name-fi") ||
	    !cli_copy_value(purpose.export_fields, sizeof purpose.export_fields, fields, "--fields") ||
	    !cli_copy_value(purpose.legal_ground, sizeof purpose.legal_ground, legal_ground, "--legal-ground"))
		return CLI_FAILED;
	purpose.consent_for_private = consent_for_private;
	purpose.soft_opt_in = soft_opt_in;
	purpose.third_party = third_party;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	db->error[0] = '\0';
	enum status status = consent_purpose_add(&session, &purpose, finnish);
	if (status == STATUS_OK)
		printf(_("Added purpose %s.\n"), purpose.code);
	return cli_report_explained(status, db);
}

int cli_purpose_list(const struct cli_call *call)
{
	bool csv;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &csv))
		return CLI_USAGE;
	return list_purposes(call, csv);
}

/* The preview figures, on stderr: how many were considered, how many go,
 * and why the others do not. */
static void print_preview(const struct export_preview *preview)
{
	fprintf(stderr, _("considered: %lld\n"), preview->considered);
	for (int eligibility = 0; eligibility < ELIGIBILITY_COUNT; eligibility++)
		fprintf(stderr, "  %s: %lld\n", eligibility_label((enum eligibility)eligibility), preview->counts[eligibility]);
}

/* The export's path as the disclosure log keeps it: absolute, so that the
 * record names the file wherever the command was run from. */
static bool absolute_path(const char *path, char *out, size_t out_size)
{
	char directory[4096];
	int length;
	if (path[0] == '/')
		length = snprintf(out, out_size, "%s", path);
	else if (getcwd(directory, sizeof directory))
		length = snprintf(out, out_size, "%s/%s", directory, path);
	else
		return false;
	return length > 0 && (size_t)length < out_size;
}

int cli_export(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *purpose = NULL, *recipient_text = NULL, *path = NULL, *format = NULL;
	bool preview_only = false, listing = false, csv;
	const struct command_option table[] = {
		{ "--purpose", &purpose, NULL },
		{ "--recipient", &recipient_text, NULL },
		{ "--out", &path, NULL },
		{ "--format", &format, NULL },
		{ "--preview", NULL, &preview_only },
		{ "--list-purposes", NULL, &listing },
		{ NULL, NULL, NULL },
	};
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (listing) {
		if (purpose || recipient_text || path || preview_only) {
			cli_fail("%s", _("usage: regdesk export --list-purposes [--format text|csv]"));
			return CLI_USAGE;
		}
		return list_purposes(call, csv);
	}
	if (format) {
		cli_fail("%s", _("--format goes with --list-purposes: an export is always CSV"));
		return CLI_USAGE;
	}
	long long recipient_id;
	if (!purpose)
		return cli_missing("export", "--purpose CODE");
	if (!cli_parse_id(recipient_text, &recipient_id))
		return cli_missing("export", "--recipient ID");
	if (!path && !preview_only)
		return cli_missing("export", "--out FILE");
	char absolute[EXPORT_PATH_MAX], office_path[EXPORT_PATH_MAX], office_error[1024];
	if (path && !office_output_path(path, office_path, sizeof office_path, office_error, sizeof office_error)) {
		cli_fail("%s", office_error);
		return CLI_FAILED;
	}
	if (path)
		path = office_path;
	if (path && !absolute_path(path, absolute, sizeof absolute)) {
		cli_fail(_("the file name %s is too long"), path);
		return CLI_FAILED;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct export_preview preview;
	db->error[0] = '\0';
	if (preview_only) {
		cli_progress_start(db);
		enum status status = export_preview(&session, purpose, recipient_id, &preview);
		cli_progress_stop(db);
		if (status == STATUS_OK)
			print_preview(&preview);
		return cli_report_explained(status, db);
	}
	/* An earlier export keeps its file: its record names it and its hash. */
	if (faccessat(AT_FDCWD, absolute, F_OK, AT_EACCESS) == 0) {
		cli_fail(_("%s already exists: choose another file name"), absolute);
		return CLI_FAILED;
	}
	char sha256[65];
	cli_progress_start(db);
	enum status status = export_write(&session, purpose, recipient_id, absolute, &preview, sha256);
	cli_progress_stop(db);
	if (status != STATUS_OK)
		return cli_report_explained(status, db);
	print_preview(&preview);
	printf(_("Exported to %s; the disclosure is recorded.\n"), absolute);
	printf(_("Contacts: %lld\n"), preview.counts[ELIGIBILITY_ELIGIBLE]);
	printf("SHA-256: %s\n", sha256);
	return CLI_OK;
}

/* --- disclosure list | disclosure add (notice §2.1-§2.3) --------------------------------- */

static void print_disclosure(const struct disclosure_row *row, bool csv)
{
	char id[24], count[24];
	snprintf(id, sizeof id, "%lld", row->id);
	snprintf(count, sizeof count, "%lld", row->contact_count);
	if (csv) {
		const char *cells[] = { id, row->made_at, row->kind, row->recipient, row->purpose, row->legal_ground, row->fields,
					count, row->file_name, row->file_sha256, row->made_by,
					recipient_kind_code(row->recipient_kind), row->recipient_country };
		csv_output_row(stdout, cells, (int)(sizeof cells / sizeof cells[0]));
		return;
	}
	char recipient[512], purpose[512], inert[4 * sizeof row->legal_ground];
	text_fit_columns(row->recipient, 28, recipient, sizeof recipient);
	text_fit_columns(row->purpose, 24, purpose, sizeof purpose);
	printf("%6s %-20s %-6s %s %s ", id, row->made_at, row->kind, recipient, purpose);
	printf(_("contacts: %lld, by %s\n"), row->contact_count, row->made_by);
	printf("       %s %s, %s\n", _("recipient:"), recipient_kind_label(row->recipient_kind), row->recipient_country);
	text_make_inert(row->fields, inert, sizeof inert);
	printf("       %s %s\n", _("fields:"), inert);
	text_make_inert(row->legal_ground, inert, sizeof inert);
	printf("       %s %s\n", _("legal ground:"), inert);
	if (*row->file_name) {
		text_make_inert(row->file_name, inert, sizeof inert);
		printf("       %s %s\n", _("file:"), inert);
		printf("       SHA-256: %s\n", row->file_sha256);
	}
}

int cli_disclosure_list(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *recipient_text = NULL, *purpose = NULL, *from = "", *to = "", *contact_text = NULL, *format = NULL,
		*kind_text = NULL;
	const struct command_option table[] = {
		{ "--recipient", &recipient_text, NULL },
		{ "--kind", &kind_text, NULL },
		{ "--purpose", &purpose, NULL },
		{ "--from", &from, NULL },
		{ "--to", &to, NULL },
		{ "--contact", &contact_text, NULL },
		{ "--format", &format, NULL },
		{ NULL, NULL, NULL },
	};
	struct disclosure_filter filter = { 0 };
	char from_date[16], to_date[16];
	bool csv;
	cli_bind(call, table, NULL, 0);
	if (!cli_parse_format(format, "csv", &csv))
		return CLI_USAGE;
	if (recipient_text && !cli_parse_id(recipient_text, &filter.recipient_id))
		return cli_missing("--recipient", _("an ID"));
	if (contact_text && !cli_parse_id(contact_text, &filter.contact_id))
		return cli_missing("--contact", _("an ID"));
	enum recipient_kind kind;
	if (kind_text && !recipient_kind_parse(kind_text, &kind)) {
		cli_fail(_("unknown recipient kind '%s': use one of%s"), kind_text, kind_codes);
		return CLI_USAGE;
	}
	filter.recipient_kind = kind_text;
	if (!cli_normalise_date(from, from_date, "--from") || !cli_normalise_date(to, to_date, "--to"))
		return CLI_USAGE;
	filter.purpose = purpose;
	filter.from_date = from_date;
	filter.to_date = to_date;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	/* The whole log is the privacy officer's; one person's disclosures are
	 * part of their record (disclosure.h). */
	enum status status = permission_require(&session, filter.contact_id ? PERMISSION_VIEW_REGISTER
								       : PERMISSION_VIEW_DISCLOSURE_LOG);
	if (status != STATUS_OK)
		return cli_report(status, db);
	struct disclosure_row *rows = malloc(DISCLOSURE_PAGE * sizeof *rows);
	if (!rows)
		return cli_out_of_memory();
	if (csv) {
		const char *header[] = { "id", "made_at", "kind", "recipient", "purpose", "legal_ground", "fields",
					 "contact_count", "file_name", "file_sha256", "made_by", "recipient_kind",
					 "recipient_country" };
		csv_output_row(stdout, header, (int)(sizeof header / sizeof header[0]));
	}
	int count, offset = 0;
	do {
		count = disclosure_list(&session, &filter, offset, rows, DISCLOSURE_PAGE);
		for (int i = 0; i < count; i++)
			print_disclosure(&rows[i], csv);
		offset += count;
	} while (count == DISCLOSURE_PAGE);
	free(rows);
	return count < 0 ? cli_report(STATUS_ERR_DATABASE, db) : CLI_OK;
}

int cli_disclosure_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *contact_text = NULL, *recipient_text = NULL, *purpose = NULL, *legal_ground = NULL, *fields = NULL,
		*note = "", *made_on = "";
	const struct command_option table[] = {
		{ "--recipient", &recipient_text, NULL },
		{ "--purpose", &purpose, NULL },
		{ "--legal-ground", &legal_ground, NULL },
		{ "--fields", &fields, NULL },
		{ "--note", &note, NULL },
		{ "--date", &made_on, NULL },
		{ NULL, NULL, NULL },
	};
	long long contact_id;
	struct manual_disclosure disclosure = { 0 };
	cli_bind(call, table, &contact_text, 1);
	if (!cli_parse_id(contact_text, &contact_id))
		return cli_missing("disclosure add", "CONTACT_ID");
	if (!cli_parse_id(recipient_text, &disclosure.recipient_id))
		return cli_missing("disclosure add", "--recipient ID");
	if (!purpose)
		return cli_missing("disclosure add", "--purpose TEXT");
	if (!legal_ground)
		return cli_missing("disclosure add", "--legal-ground TEXT");
	if (!fields)
		return cli_missing("disclosure add", "--fields TEXT");
	if (!cli_copy_value(disclosure.purpose, sizeof disclosure.purpose, purpose, "--purpose") ||
	    !cli_copy_value(disclosure.legal_ground, sizeof disclosure.legal_ground, legal_ground, "--legal-ground") ||
	    !cli_copy_value(disclosure.fields, sizeof disclosure.fields, fields, "--fields") ||
	    !cli_copy_value(disclosure.note, sizeof disclosure.note, note, "--note") ||
	    !cli_copy_value(disclosure.made_on, sizeof disclosure.made_on, made_on, "--date"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	db->error[0] = '\0';
	enum status status = disclosure_record(&session, contact_id, &disclosure);
	if (status == STATUS_OK)
		printf(_("Recorded the disclosure of contact #%lld to recipient #%lld.\n"), contact_id, disclosure.recipient_id);
	return cli_report_explained(status, db);
}


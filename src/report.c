/* The access report (notice §6.1, §6.8, §6.9): everything the register
 * holds about one person, as A4 text or JSON with the same content, in the
 * person's language. Nothing of any other person. */
#include "request.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "i18n.h"
#include "permission.h"
#include "settings.h"
#include "text.h"
#include "training.h"

#define PAGE_WIDTH 72   /* monospaced A4 with margins */

/* One emitter for both formats: sections, fields and lists of items. */
struct emitter {
	FILE *out;
	enum report_format format;
	bool first[16];                 /* JSON: nothing yet in the open container */
	int depth;
	bool in_item;                   /* text: fields of a list item are indented more */
};

static void json_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void json_separator(struct emitter *emitter)
{
	if (!emitter->first[emitter->depth])
		fputc(',', emitter->out);
	emitter->first[emitter->depth] = false;
	fprintf(emitter->out, "\n%*s", 2 * emitter->depth, "");
}

static void json_open(struct emitter *emitter, const char *key, char bracket)
{
	json_separator(emitter);
	if (key) {
		json_string(emitter->out, key);
		fputs(": ", emitter->out);
	}
	fputc(bracket, emitter->out);
	emitter->first[++emitter->depth] = true;
}

static void json_close(struct emitter *emitter, char bracket)
{
	emitter->depth--;
	fprintf(emitter->out, "\n%*s%c", 2 * emitter->depth, "", bracket);
}

/* Text wrapped at the page width, continuation lines indented. */
static void text_wrapped(FILE *out, int indent, const char *label, const char *value)
{
	char inert[8192];
	text_make_inert(value, inert, sizeof inert);
	int label_width = label ? (int)text_char_count(label) + 2 : 0;
	fprintf(out, "%*s%s%s", indent, "", label ? label : "", label ? ": " : "");
	int column = indent + label_width;
	const char *word = inert;
	while (*word) {
		size_t length = strcspn(word, " ");
		int width = (int)text_char_count(word) - (int)text_char_count(word + length);
		/* A value too long beside its label starts on the next line. */
		if (column + width > PAGE_WIDTH && column > indent + 4) {
			fprintf(out, "\n%*s", indent + 4, "");
			column = indent + 4;
		}
		fwrite(word, 1, length, out);
		column += width;
		word += length;
		if (*word == ' ') {
			fputc(' ', out);
			column++;
			word++;
		}
	}
	fputc('\n', out);
}

static void section(struct emitter *emitter, const char *key, const char *title)
{
	if (emitter->format == REPORT_JSON) {
		json_open(emitter, key, '{');
		return;
	}
	char line[PAGE_WIDTH + 1];
	memset(line, '-', PAGE_WIDTH);
	line[PAGE_WIDTH] = '\0';
	fprintf(emitter->out, "\n%s\n", title);
	fprintf(emitter->out, "%.*s\n", (int)(text_char_count(title) < PAGE_WIDTH ? text_char_count(title) : PAGE_WIDTH), line);
}

static void section_end(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, '}');
}

static void field(struct emitter *emitter, const char *key, const char *label, const char *value)
{
	if (emitter->format == REPORT_JSON) {
		json_separator(emitter);
		json_string(emitter->out, key);
		fputs(": ", emitter->out);
		json_string(emitter->out, value);
		return;
	}
	if (*value)
		text_wrapped(emitter->out, emitter->in_item ? 4 : 2, label, value);
}

static void paragraph(struct emitter *emitter, const char *key, const char *text)
{
	if (emitter->format == REPORT_JSON) {
		field(emitter, key, "", text);
		return;
	}
	text_wrapped(emitter->out, 2, NULL, text);
}

static void list(struct emitter *emitter, const char *key, const char *title)
{
	if (emitter->format == REPORT_JSON)
		json_open(emitter, key, '[');
	else
		fprintf(emitter->out, "\n  %s\n", title);
}

static void list_end(struct emitter *emitter, int count)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, ']');
	else if (count == 0)
		fprintf(emitter->out, "    %s\n", _("none"));
}

static void item(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_open(emitter, NULL, '{');
	emitter->in_item = true;
}

static void item_end(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, '}');
	else
		fputc('\n', emitter->out);
	emitter->in_item = false;
}

/* Checks who may see the report: a verified request linked to the contact,
 * or the privacy officer. */
static enum status check_access(struct session *session, long long request_id, long long contact_id)
{
	if (!request_id)
		return permission_require(session, PERMISSION_DECIDE_REQUESTS);
	enum status status = permission_require(session, PERMISSION_HANDLE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	long long linked[64];
	int count = request_contacts(session, request_id, linked, 64);
	if (count < 0)
		return STATUS_ERR_FORBIDDEN;   /* identity not verified: db->error says so */
	for (int i = 0; i < count; i++)
		if (linked[i] == contact_id)
			return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error, "%s", _("the contact is not linked to this request"));
	return STATUS_ERR_FORBIDDEN;
}

static void write_contact(struct emitter *emitter, const struct contact *contact)
{
	section(emitter, "contact", _("Your contact data (notice §1)"));
	for (int f = 0; f < CONTACT_FIELD_COUNT; f++) {
		if (f == CONTACT_TITLE)
			field(emitter, "organisation", _("Organisation"), contact->organisation_name);
		const char *value = contact->value[f];
		enum data_source source;
		if (f == CONTACT_SOURCE && data_source_parse(value, &source))
			value = data_source_label(source);
		field(emitter, contact_field_column((enum contact_field)f), contact_field_label((enum contact_field)f), value);
	}
	char categories[1024] = "";
	for (int c = 0; c < CATEGORY_COUNT; c++)
		if (contact->categories & (1u << c))
			snprintf(categories + strlen(categories), sizeof categories - strlen(categories), "%s%s",
				 *categories ? ", " : "", contact_category_label((enum contact_category)c));
	field(emitter, "categories", _("Categories"), categories);
	field(emitter, "created_at", _("Recorded"), contact->created_at);
	field(emitter, "changed_at", _("Last changed"), contact->changed_at);
	section_end(emitter);
}

static void write_references(struct emitter *emitter, struct session *session, long long contact_id)
{
	struct maintenance_reference references[64];
	int count = contact_references(session, contact_id, references, 64);
	list(emitter, "maintenance_references", _("Maintenance references (notice §1.2)"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "kind", _("Kind"), reference_kind_label(references[i].kind));
		field(emitter, "reference", _("Reference"), references[i].reference);
		field(emitter, "date", _("Date"), references[i].date);
		item_end(emitter);
	}
	list_end(emitter, count > 0 ? count : 0);
}

static void write_consents(struct emitter *emitter, struct session *session, long long contact_id)
{
	section(emitter, "bans_and_consents", _("Bans and consents (notice §1.5, §6.3)"));
	struct consent_current current[32];
	int count = consent_current(session, contact_id, current, 32);
	list(emitter, "current", _("Now in force"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "purpose", _("Purpose"), current[i].purpose.name);
		field(emitter, "state", _("State"), consent_state_label(current[i].effective));
		field(emitter, "given_on", _("Given on"), current[i].latest.given_on);
		item_end(emitter);
	}
	list_end(emitter, count);
	static struct consent_event history[200];
	count = consent_history(session, contact_id, history, 200);
	list(emitter, "history", _("History"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "purpose", _("Purpose"), history[i].purpose_name);
		field(emitter, "state", _("State"), consent_state_label(history[i].state));
		field(emitter, "given_on", _("Given on"), history[i].given_on);
		field(emitter, "channel", _("How it arrived"), consent_channel_label(history[i].channel));
		field(emitter, "wording", _("Notice or wording"), history[i].wording);
		field(emitter, "expires_on", _("Expires on"), history[i].expires_on);
		field(emitter, "recorded_at", _("Recorded"), history[i].recorded_at);
		item_end(emitter);
	}
	list_end(emitter, count > 0 ? count : 0);
	section_end(emitter);
}

static void write_participations(struct emitter *emitter, struct session *session, long long contact_id)
{
	struct participation rows[128];
	int count = training_participations(session, contact_id, rows, 128);
	list(emitter, "trainings_and_events", _("Trainings, attendance, certificates and events (notice §1.3, §1.4)"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "date", _("Date"), rows[i].date);
		field(emitter, "kind", _("Kind"), strcmp(rows[i].kind, "event") == 0 ? _("event") : _("training"));
		field(emitter, "name", _("Name"), rows[i].what);
		field(emitter, "status", _("Attendance or certificate"), rows[i].status);
		item_end(emitter);
	}
	list_end(emitter, count > 0 ? count : 0);
}

static void write_disclosures(struct emitter *emitter, struct session *session, long long contact_id)
{
	static struct disclosure_row rows[256];
	static struct recipient recipients[256];
	struct disclosure_filter filter = { .contact_id = contact_id };
	int count = disclosure_list(session, &filter, 0, rows, 256);
	int recipient_count = recipient_list(session, recipients, 256);
	list(emitter, "disclosures", _("Disclosures of your data (notice §2, §3)"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "date", _("Date"), rows[i].made_at);
		field(emitter, "recipient", _("Recipient"), rows[i].recipient);
		for (int r = 0; r < recipient_count; r++) {
			if (strcmp(recipients[r].name, rows[i].recipient) != 0)
				continue;
			field(emitter, "country", _("Country"), recipients[r].country);
			if (!recipients[r].eu_eea) {
				char safeguard[900];
				snprintf(safeguard, sizeof safeguard, "%s %s %s", safeguard_label(recipients[r].safeguard),
					 recipients[r].safeguard_reference, recipients[r].safeguard_date);
				field(emitter, "transfer_safeguard", _("Transfer outside the EU/EEA, safeguard"), safeguard);
			}
			break;
		}
		field(emitter, "purpose", _("Purpose"), rows[i].purpose);
		field(emitter, "legal_ground", _("Legal ground"), rows[i].legal_ground);
		field(emitter, "data", _("Data disclosed"), rows[i].fields);
		item_end(emitter);
	}
	list_end(emitter, count > 0 ? count : 0);
}

static void write_holds(struct emitter *emitter, struct session *session, long long contact_id)
{
	struct legal_hold holds[32];
	int count = hold_list(session, contact_id, holds, 32);
	list(emitter, "legal_holds", _("Data kept because a law requires it (notice §4.2)"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "law", _("Law"), *holds[i].law_name ? holds[i].law_name : hold_law_label(holds[i].law));
		field(emitter, "covers", _("Covers"), holds[i].covers);
		field(emitter, "until", _("Kept until"), holds[i].until);
		item_end(emitter);
	}
	list_end(emitter, count > 0 ? count : 0);
}

enum status report_write(struct session *session, long long request_id, long long contact_id, const char *language,
			 enum report_format format, FILE *out)
{
	enum status status = check_access(session, request_id, contact_id);
	if (status != STATUS_OK)
		return status;
	struct contact contact;
	contact_init(&contact);
	status = contact_load(session, contact_id, true, &contact);
	if (status != STATUS_OK) {
		contact_free(&contact);
		return status;
	}
	char previous[3];
	i18n_switch(language && *language ? language : contact.value[CONTACT_LANGUAGE], previous);
	struct emitter emitter = { .out = out, .format = format };
	char controller[512], address[512], email[512], authority[1024], today[11];
	settings_get(session->db, SETTING_CONTROLLER_NAME, controller, sizeof controller);
	settings_get(session->db, SETTING_CONTROLLER_ADDRESS, address, sizeof address);
	settings_get(session->db, SETTING_PRIVACY_EMAIL, email, sizeof email);
	settings_get(session->db, SETTING_SUPERVISORY_AUTHORITY, authority, sizeof authority);
	consent_today(today);
	char number[32];
	snprintf(number, sizeof number, "%lld", request_id);

	if (format == REPORT_JSON) {
		fputc('{', out);
		emitter.first[0] = true;
		field(&emitter, "language", "", i18n_language());
	} else {
		fprintf(out, "%s\n", _("ACCESS REPORT: YOUR DATA IN THE CUSTOMER AND STAKEHOLDER REGISTER"));
	}
	section(&emitter, "report", _("About this report"));
	field(&emitter, "controller", _("Controller"), controller);
	field(&emitter, "controller_address", _("Address"), address);
	field(&emitter, "date", _("Date"), today);
	field(&emitter, "request", _("Request number"), request_id ? number : "");
	paragraph(&emitter, "basis", _("You asked to inspect the data about you in our register (notice §6.1, GDPR Art. 15). "
				       "This report contains everything the register holds about you."));
	section_end(&emitter);
	write_contact(&emitter, &contact);
	if (emitter.format == REPORT_JSON)
		json_open(&emitter, "records", '{');
	write_references(&emitter, session, contact.id);
	write_participations(&emitter, session, contact.id);
	write_disclosures(&emitter, session, contact.id);
	write_holds(&emitter, session, contact.id);
	if (emitter.format == REPORT_JSON)
		json_close(&emitter, '}');
	write_consents(&emitter, session, contact.id);

	section(&emitter, "processing", _("Why and how long we keep your data (notice §1, §4)"));
	paragraph(&emitter, "purposes", _("Purposes: managing customer and stakeholder relationships, maintenance and service, "
					  "trainings and events, marketing and customer surveys within your bans and consents."));
	paragraph(&emitter, "retention", _("Data are kept only as long as needed for these purposes; their necessity is assessed "
					   "annually, and outdated data are destroyed (notice §4.1). Data are erased on your "
					   "request or when the customer relationship ends, unless a law requires keeping them "
					   "(notice §4.2)."));
	section_end(&emitter);
	section(&emitter, "rights", _("Your rights (notice §6)"));
	paragraph(&emitter, "rights", _("You may inspect your data, demand that wrong data be corrected, forbid marketing, "
					"newsletters, surveys and research or consent to them, and demand erasure "
					"(notice §6.1-§6.4). Inspection is free when more than a year has passed since "
					"your previous request (notice §6.7)."));
	field(&emitter, "supervisory_authority", _("You may complain to the supervisory authority (notice §6.8)"), authority);
	field(&emitter, "privacy_contact", _("More information (notice §6.9)"), email);
	section_end(&emitter);
	if (format == REPORT_JSON)
		fputs("\n}\n", out);
	char restored[3];
	i18n_switch(previous, restored);
	contact_free(&contact);
	if (ferror(out)) {
		snprintf(session->db->error, sizeof session->db->error, _("cannot write the report: %s"), strerror(errno));
		return STATUS_ERR_IO;
	}
	return audit_append(session->db, session->account_id, "report.produce", "contact", contact_id,
			    format == REPORT_JSON ? "access_report:json" : "access_report:text");
}

enum status report_print(struct session *session, const char *path)
{
	/* lp reads the file itself; no shell sees the name. */
	if (access("/usr/bin/lp", X_OK) != 0 && access("/bin/lp", X_OK) != 0) {
		snprintf(session->db->error, sizeof session->db->error, "%s",
			 _("no printer command (lp) on this computer: the report file can be printed elsewhere"));
		return STATUS_ERR_IO;
	}
	pid_t child = fork();
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp("lp", "lp", "--", path, (char *)NULL);
		_exit(127);
	}
	int wait_status = 0;
	if (child < 0 || waitpid(child, &wait_status, 0) < 0 || !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
		snprintf(session->db->error, sizeof session->db->error, "%s", _("printing failed: check the printer with lpstat"));
		return STATUS_ERR_IO;
	}
	return audit_append(session->db, session->account_id, "report.print", "", 0, "access_report");
}

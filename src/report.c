/* The access report (GDPR Art. 15; notice §6.1, §6.8, §6.9): everything the
 * register holds about one person, as A4 text or JSON with the same content
 * (the JSON's shape is data/report.schema.json), in the person's language,
 * every code in words. Nothing of any other person. Complete or nothing:
 * every list is streamed whole from the core, and a failed read stops the
 * report with its reason before anything reaches the caller's file. */
#include "request.h"
#include "database_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "erasure.h"
#include "i18n.h"
#include "permission.h"
#include "report.h"
#include "review.h"
#include "settings.h"
#include "text.h"
#include "training.h"
#include "office.h"
#include "written_files.h"

#define PAGE_WIDTH 72   /* monospaced A4 with margins */
#define NESTING_MAX 16

/* ---- One emitter for both formats: sections, fields, lists of items ---- */

struct emitter {
	FILE *out;
	enum report_format format;
	bool first[NESTING_MAX];        /* JSON: nothing yet in the open container */
	int depth;                      /* JSON: open containers */
	int item_depth;                 /* open list items: text indents their fields more */
	bool in_section;                /* text: a list inside a section is a subheading */
	bool failed;                    /* out of memory while writing: the report is not produced */
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
			if (*p < 0x20 || *p == 0x7f)
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
	if (emitter->depth + 1 < NESTING_MAX)
		emitter->first[++emitter->depth] = true;
}

static void json_close(struct emitter *emitter, char bracket)
{
	emitter->depth--;
	fprintf(emitter->out, "\n%*s%c", 2 * emitter->depth, "", bracket);
}

/* Text wrapped at the page width, continuation lines indented; control
 * characters made inert, line breaks of the value kept as breaks. */
static bool text_wrapped(FILE *out, int indent, const char *label, const char *value)
{
	size_t size = 4 * strlen(value) + 16;
	char *inert = malloc(size);
	/* Line breaks are white space here: the value is flowed. */
	char *flat = strdup(value);
	if (!inert || !flat) {
		free(inert);
		free(flat);
		return false;
	}
	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	text_make_inert(flat, inert, size);
	free(flat);
	int label_width = label ? (int)text_char_count(label) + 2 : 0;
	/* Continuation lines of a labelled value are indented under it; a
	 * paragraph keeps its own indentation. */
	int continuation = label ? indent + 4 : indent;
	fprintf(out, "%*s%s%s", indent, "", label ? label : "", label ? ": " : "");
	int column = indent + label_width;
	bool line_empty = true;
	for (const char *word = inert; *word;) {
		if (*word == ' ') {
			word++;
			continue;
		}
		size_t length = strcspn(word, " ");
		int width = (int)text_char_count(word) - (int)text_char_count(word + length);
		/* A word that would pass the margin starts the next line; so does
		 * a value too long to start beside its label. */
		if (line_empty ? column + width > PAGE_WIDTH && column > continuation : column + 1 + width > PAGE_WIDTH) {
			fprintf(out, "\n%*s", continuation, "");
			column = continuation;
		} else if (!line_empty) {
			fputc(' ', out);
			column++;
		}
		fwrite(word, 1, length, out);
		column += width;
		line_empty = false;
		word += length;
	}
	fputc('\n', out);
	free(inert);
	return true;
}

static void heading(struct emitter *emitter, const char *title)
{
	char line[PAGE_WIDTH + 1];
	memset(line, '-', PAGE_WIDTH);
	line[PAGE_WIDTH] = '\0';
	size_t width = text_char_count(title);
	fprintf(emitter->out, "\n%s\n%.*s\n", title, (int)(width < PAGE_WIDTH ? width : PAGE_WIDTH), line);
}

static void section(struct emitter *emitter, const char *key, const char *title)
{
	if (emitter->format == REPORT_JSON)
		json_open(emitter, key, '{');
	else
		heading(emitter, title);
	emitter->in_section = true;
}

static void section_end(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, '}');
	emitter->in_section = false;
}

/* A field; an empty value is left out of the text (the JSON keeps it, ""). */
static void field(struct emitter *emitter, const char *key, const char *label, const char *value)
{
	if (emitter->format == REPORT_JSON) {
		json_separator(emitter);
		json_string(emitter->out, key);
		fputs(": ", emitter->out);
		json_string(emitter->out, value);
		return;
	}
	if (*value && !text_wrapped(emitter->out, 2 + 2 * emitter->item_depth, label, value))
		emitter->failed = true;
}

static void paragraph(struct emitter *emitter, const char *key, const char *text)
{
	if (emitter->format == REPORT_JSON) {
		field(emitter, key, "", text);
		return;
	}
	fputc('\n', emitter->out);
	if (!text_wrapped(emitter->out, 2 + 2 * emitter->item_depth, NULL, text))
		emitter->failed = true;
}

/* A list: a heading of its own at the top level of the text, a subheading
 * inside a section or an item. */
static void list(struct emitter *emitter, const char *key, const char *title)
{
	if (emitter->format == REPORT_JSON)
		json_open(emitter, key, '[');
	else if (!emitter->in_section && emitter->item_depth == 0)
		heading(emitter, title);
	else
		fprintf(emitter->out, "\n%*s%s\n", 2 + 2 * emitter->item_depth, "", title);
}

static void list_end(struct emitter *emitter, long long count)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, ']');
	else if (count == 0)
		fprintf(emitter->out, "%*s%s\n", 4 + 2 * emitter->item_depth, "", _("none"));
}

static void item(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_open(emitter, NULL, '{');
	else if (emitter->item_depth == 0)
		fputc('\n', emitter->out);
	emitter->item_depth++;
}

static void item_end(struct emitter *emitter)
{
	if (emitter->format == REPORT_JSON)
		json_close(emitter, '}');
	emitter->item_depth--;
}

/* ---- The report being written ---- */

/* A recipient outside the EU/EEA that received the person's data (GDPR Art. 15(2)). */
struct transfer {
	char recipient[801];
	char country[260];
	char safeguard[900];
};

struct report {
	struct session *session;
	struct emitter emitter;
	long long contact_id;
	bool names_staff;               /* the setting report_names_staff */
	/* what is held, by category (GDPR Art. 15(1)(b)) */
	long long references, participations, disclosures, holds, requests, id_checks, notifications, decisions,
		consultations, consents;
	unsigned recipient_kinds;       /* bit per enum recipient_kind that received data */
	struct transfer *transfers;     /* distinct non-EEA recipients; owned */
	size_t transfer_count, transfer_capacity;
};

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

/* Who did it: the employee's role, or their name and role when the privacy
 * officer's setting says so (CJEU C-579/21). */
static enum status staff(struct report *report, const char *username, char *out, size_t out_size)
{
	if (!*username) {
		snprintf(out, out_size, "%s", _("the system (no user)"));
		return STATUS_OK;
	}
	char full_name[512];
	enum role role;
	enum status status = account_describe(report->session->db, username, full_name, sizeof full_name, &role);
	if (status == STATUS_ERR_NOT_FOUND) {
		snprintf(out, out_size, "%s", _("an employee"));
		return STATUS_OK;
	}
	if (status != STATUS_OK)
		return status;
	if (report->names_staff)
		snprintf(out, out_size, "%s (%s)", full_name, role_label(role));
	else
		snprintf(out, out_size, "%s", role_label(role));
	return STATUS_OK;
}

static void country_name(struct database *db, const char *code, char *out, size_t out_size)
{
	text_copy(out, out_size, code);
	struct statement *statement = database_prepare(db, strcmp(i18n_language(), "fi") == 0
		? "SELECT name_fi FROM country WHERE code = ?" : "SELECT name_en FROM country WHERE code = ?");
	if (!statement)
		return;
	statement_bind_text(statement, 1, code);
	if (statement_step(statement) == STORAGE_ROW)
		snprintf(out, out_size, "%s (%s)", database_text(statement, 0), code);
	database_finalize(statement);
}

static const char *yes_no(bool yes)
{
	return yes ? _("yes") : _("no");
}

/* ---- Your contact data ---- */

static const char *language_words(const char *code)
{
	if (strcmp(code, "fi") == 0)
		return _("Finnish");
	if (strcmp(code, "sv") == 0)
		return _("Swedish");
	if (strcmp(code, "en") == 0)
		return _("English");
	return code;
}

static enum status write_contact(struct report *report, const struct contact *contact)
{
	struct emitter *emitter = &report->emitter;
	section(emitter, "contact", _("Your contact data (notice §1)"));
	for (int f = 0; f < CONTACT_FIELD_COUNT; f++) {
		if (f == CONTACT_TITLE)
			field(emitter, "organisation", _("Organisation"), contact->organisation_name);
		const char *value = contact->value[f];
		char words[256];
		enum data_source source;
		if (f == CONTACT_SOURCE && data_source_parse(value, &source))
			value = data_source_label(source);
		else if (f == CONTACT_LANGUAGE)
			value = language_words(value);
		else if (f == CONTACT_INTEREST_CHANNEL) {
			for (int c = 0; interest_channel_code(c); c++)
				if (strcmp(interest_channel_code(c), value) == 0)
					value = interest_channel_label(c);
		} else if (f == CONTACT_COUNTRY) {
			country_name(report->session->db, value, words, sizeof words);
			value = words;
		}
		field(emitter, contact_field_column((enum contact_field)f), contact_field_label((enum contact_field)f), value);
	}
	char categories[1024] = "";
	for (int c = 0; c < CATEGORY_COUNT; c++)
		if (contact->categories & (1u << c))
			snprintf(categories + strlen(categories), sizeof categories - strlen(categories), "%s%s",
				 *categories ? ", " : "", contact_category_label((enum contact_category)c));
	field(emitter, "categories", _("Categories"), categories);
	field(emitter, "restricted_until", _("Erased, but kept restricted by law until"), contact->restricted_until);
	char who[600];
	field(emitter, "created_at", _("Recorded"), contact->created_at);
	enum status status = staff(report, contact->created_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	field(emitter, "created_by", _("Recorded by"), who);
	field(emitter, "changed_at", _("Last changed"), contact->changed_at);
	status = staff(report, contact->changed_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	field(emitter, "changed_by", _("Last changed by"), who);
	section_end(emitter);
	return STATUS_OK;
}

/* ---- Records: each list streamed from the core ---- */

static enum status write_reference(const struct maintenance_reference *reference, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	item(emitter);
	field(emitter, "kind", _("Kind"), reference_kind_label(reference->kind));
	field(emitter, "reference", _("Reference"), reference->reference);
	field(emitter, "date", _("Date"), reference->date);
	item_end(emitter);
	report->references++;
	return STATUS_OK;
}

static enum status write_participation(const struct participation_detail *row, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	item(emitter);
	field(emitter, "kind", _("Kind"), row->event ? _("event") : _("training"));
	field(emitter, "date", _("Date"), row->date);
	field(emitter, "name", _("Name"), row->what);
	field(emitter, "place", _("Place"), row->place);
	field(emitter, "registered_on", _("Registered on"), row->registered_on);
	/* Who gave us the data (notice §1.4, §1.5). */
	field(emitter, "registered_by", _("Registered by"),
	      row->event ? event_source_label(row->source) : registrar_label(row->registrar));
	field(emitter, "registering_party", _("Registering party"), row->event ? "" : row->registrar_name);
	field(emitter, "registration", _("Registration"), row->cancelled ? _("cancelled") : _("registered"));
	field(emitter, "attendance", _("Attendance"), attendance_label(row->attendance));
	field(emitter, "certificate", _("Certificate or card"),
	      row->certificate_kind == CERTIFICATE_KIND_NONE ? "" : certificate_kind_label(row->certificate_kind));
	field(emitter, "certificate_number", _("Number"), row->certificate_number);
	field(emitter, "issued_on", _("Issued on"), row->issued_on);
	field(emitter, "valid_until", _("Valid until"), row->valid_until);
	char trainer[600] = "";
	if (*row->trainer_username) {
		enum status status = staff(report, row->trainer_username, trainer, sizeof trainer);
		if (status != STATUS_OK)
			return status;
	}
	field(emitter, "trainer", _("Trainer"), *row->external_party && !row->event ? row->external_party : trainer);
	field(emitter, "venue", _("Venue"), row->event ? row->external_party : "");
	item_end(emitter);
	report->participations++;
	return STATUS_OK;
}

static enum status remember_transfer(struct report *report, const struct disclosure_detail *row, const char *country,
				     const char *safeguard)
{
	for (size_t i = 0; i < report->transfer_count; i++)
		if (strcmp(report->transfers[i].recipient, row->recipient) == 0)
			return STATUS_OK;
	if (report->transfer_count == report->transfer_capacity) {
		size_t capacity = report->transfer_capacity ? 2 * report->transfer_capacity : 8;
		struct transfer *grown = realloc(report->transfers, capacity * sizeof *grown);
		if (!grown)
			return STATUS_ERR_NO_MEMORY;
		report->transfers = grown;
		report->transfer_capacity = capacity;
	}
	struct transfer *transfer = &report->transfers[report->transfer_count++];
	text_copy(transfer->recipient, sizeof transfer->recipient, row->recipient);
	text_copy(transfer->country, sizeof transfer->country, country);
	text_copy(transfer->safeguard, sizeof transfer->safeguard, safeguard);
	return STATUS_OK;
}

static enum status write_disclosure(const struct disclosure_detail *row, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600], safeguard[900] = "", country[260];
	snprintf(country, sizeof country, "%s (%s)", row->country_name, row->country);
	enum status status = staff(report, row->made_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	if (!row->eu_eea) {
		snprintf(safeguard, sizeof safeguard, "%s", safeguard_label(row->safeguard));
		if (*row->safeguard_reference)
			snprintf(safeguard + strlen(safeguard), sizeof safeguard - strlen(safeguard), ", %s", row->safeguard_reference);
		if (*row->safeguard_date)
			snprintf(safeguard + strlen(safeguard), sizeof safeguard - strlen(safeguard), ", %s", row->safeguard_date);
		status = remember_transfer(report, row, country, safeguard);
		if (status != STATUS_OK)
			return status;
	}
	item(emitter);
	field(emitter, "date", _("Date"), row->made_at);
	field(emitter, "kind", _("How"), row->manual ? _("passed on by hand") : _("in an exported list"));
	field(emitter, "recipient", _("Recipient"), row->recipient);
	field(emitter, "recipient_category", _("Kind of recipient"), recipient_kind_label(row->recipient_kind));
	field(emitter, "country", _("Country"), country);
	field(emitter, "outside_eu_eea", _("Outside the EU/EEA"), yes_no(!row->eu_eea));
	field(emitter, "transfer_safeguard", _("Transfer outside the EU/EEA, safeguard"), safeguard);
	field(emitter, "purpose", _("Purpose"), row->purpose);
	field(emitter, "legal_ground", _("Legal ground"), consent_legal_ground_words(row->legal_ground));
	char data[2048] = "";
	/* The columns disclosed, by their names. */
	char columns[1601];
	text_copy(columns, sizeof columns, row->fields);
	for (char *save = NULL, *column = strtok_r(columns, ",", &save); column; column = strtok_r(NULL, ",", &save)) {
		enum contact_field which;
		const char *name = contact_field_parse(column, &which) ? contact_field_label(which)
			: strcmp(column, "organisation") == 0 ? _("Organisation") : column;
		snprintf(data + strlen(data), sizeof data - strlen(data), "%s%s", *data ? ", " : "", name);
	}
	field(emitter, "data", _("Data disclosed"), data);
	field(emitter, "note", _("Note"), row->note);
	field(emitter, "made_by", _("Disclosed by"), who);
	item_end(emitter);
	report->disclosures++;
	report->recipient_kinds |= 1u << row->recipient_kind;
	return STATUS_OK;
}

/* Legal holds: few per person; hold_list is read until it returns fewer
 * than asked, so none is cut off. */
static enum status write_holds(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	int capacity = 16, count;
	struct legal_hold *holds = NULL;
	for (;;) {
		struct legal_hold *grown = realloc(holds, (size_t)capacity * sizeof *grown);
		if (!grown) {
			free(holds);
			return STATUS_ERR_NO_MEMORY;
		}
		holds = grown;
		count = hold_list(report->session, report->contact_id, holds, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(holds);
		return STATUS_ERR_DATABASE;
	}
	list(emitter, "legal_holds", _("Data kept because a law requires it (notice §4.2)"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "law", _("Law"), *holds[i].law_name ? holds[i].law_name : hold_law_label(holds[i].law));
		field(emitter, "covers", _("Covers"), holds[i].covers);
		char kept[512];
		hold_fields_labels(holds[i].fields, kept, sizeof kept);
		field(emitter, "fields_kept", _("Fields kept"), kept);
		field(emitter, "until", _("Kept until"), holds[i].until);
		item_end(emitter);
	}
	list_end(emitter, count);
	report->holds = count;
	free(holds);
	return STATUS_OK;
}

static enum status write_id_check(const struct id_check_record *record, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600];
	enum status status = staff(report, record->checked_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	item(emitter);
	field(emitter, "checked_at", _("Checked"), record->checked_at);
	field(emitter, "document", _("Document shown (its number is never recorded)"), document_kind_label(record->check.document));
	field(emitter, "concerns", _("Whose"), record->check.concerns_representative ? _("the representative") : _("the requester"));
	field(emitter, "photo_matched", _("Photo matched"), yes_no(record->check.photo_matched));
	field(emitter, "name_matched", _("Name matched"), yes_no(record->check.name_matched));
	field(emitter, "result", _("Result"), record->verified ? _("identity verified") : _("not verified"));
	field(emitter, "checked_by", _("Checked by"), who);
	item_end(emitter);
	report->id_checks++;
	return STATUS_OK;
}

static enum status write_notification(const struct recipient_notice *notice, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600];
	enum status status = staff(report, notice->recorded_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	item(emitter);
	field(emitter, "recipient", _("Recipient"), notice->recipient);
	field(emitter, "told_on", _("Told on"), notice->notified_on);
	field(emitter, "note", _("Note"), notice->note);
	field(emitter, "recorded_by", _("Recorded by"), who);
	item_end(emitter);
	report->notifications++;
	return STATUS_OK;
}

/* A request and what was done with it (notice §6). A new field of the
 * request is one line here. */
static enum status write_request(const struct subject_request *request, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char number[32], who[600];
	snprintf(number, sizeof number, "%lld", request->id);
	enum status status = staff(report, request->created_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	item(emitter);
	field(emitter, "number", _("Request number"), number);
	field(emitter, "kind", _("Kind"), request_kind_label(request->kind));
	field(emitter, "channel", _("How it came"), request_channel_label(request->channel));
	field(emitter, "received_on", _("Received on"), request->received_on);
	field(emitter, "requester_name", _("Name given"), request->requester_name);
	field(emitter, "identifying_details", _("Identifying details given"), request->identifying_details);
	field(emitter, "representative_name", _("Made on your behalf by"), request->representative_name);
	field(emitter, "authorisation", _("Authorisation shown"), request->authorisation);
	field(emitter, "envelope_marking", _("Envelope marking"), request->envelope_marking);
	field(emitter, "signature_handwritten", _("Signed by hand"),
	      request->channel == REQUEST_CHANNEL_LETTER ? yes_no(request->signature_handwritten) : "");
	field(emitter, "due_on", _("Deadline"), request->due_on);
	field(emitter, "extended_due_on", _("Extended deadline"), request->extended_due_on);
	field(emitter, "extension_reason", _("Reason for the extension"), request->extension_reason);
	field(emitter, "extension_told_on", _("Extension told on"), request->extension_told_on);
	field(emitter, "status", _("Status"), request_status_label(request->status));
	field(emitter, "identity_verified_by", _("Identity verified by"),
	      request->verified_by != VERIFIED_BY_NONE ? verification_means_label(request->verified_by) : "");
	field(emitter, "charge", _("Charge decision"), charge_decision_label(request->charge));
	char fee[32] = "";
	if (request->charge_ground != CHARGE_GROUND_NONE && request->charge_fee_cents)
		request_format_amount(request->charge_fee_cents, fee, sizeof fee);
	field(emitter, "charge_ground", _("Ground for a fee or refusal"),
	      request->charge_ground != CHARGE_GROUND_NONE ? charge_ground_label(request->charge_ground) : "");
	field(emitter, "charge_reason", _("Why"), request->charge_reason);
	field(emitter, "fee_euros", _("Fee (euros)"), fee);
	/* A closed request keeps its outcome as a code (issue 13): the status says it in words. */
	bool outcome_is_code = strcmp(request->outcome, "completed") == 0 || strcmp(request->outcome, "refused") == 0;
	field(emitter, "outcome", _("Outcome"), outcome_is_code ? "" : request->outcome);
	field(emitter, "refusal_reason", _("Reason for refusal"), request->refusal_reason);
	field(emitter, "recorded_by", _("Recorded by"), who);
	list(emitter, "id_checks", _("ID checks (notice §6.6)"));
	long long before = report->id_checks;
	status = request_id_checks_each(report->session, request->id, write_id_check, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->id_checks - before);
	list(emitter, "recipients_told", _("Recipients told of the correction or erasure (GDPR Art. 19)"));
	before = report->notifications;
	status = request_notifications_each(report->session, request->id, write_notification, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->notifications - before);
	item_end(emitter);
	report->requests++;
	return STATUS_OK;
}

static enum status write_decision(const struct review_decision_record *record, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600];
	enum status status = staff(report, record->decided_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	item(emitter);
	field(emitter, "date", _("Date"), record->decided_at);
	field(emitter, "decision", _("Decision"), record->decision_label);
	field(emitter, "reason", _("Reason"), record->reason);
	field(emitter, "rule", _("Retention rule"), record->rule_name);
	field(emitter, "decided_by", _("Decided by"), who);
	item_end(emitter);
	report->decisions++;
	return STATUS_OK;
}

/* What an audit action means, in words: the consultations log. */
static const struct {
	const char *action;             /* the action, or its start ending in '.' */
	const char *words;
} consultation_words[] = {
	{ "contact.view", N_("your record was viewed") },
	{ "contact.add", N_("your record was created") },
	{ "contact.edit", N_("your record was changed") },
	{ "contact.duplicate-confirmed", N_("your record was saved although it resembled another") },
	{ "contact.merge", N_("another record of you was merged into this one") },
	{ "contact.merged-into", N_("this record was merged into another record of you") },
	{ "contact.reference-add", N_("a maintenance reference was added") },
	{ "contact.reference-remove", N_("a maintenance reference was removed") },
	{ "consent.record", N_("a ban or consent was recorded") },
	{ "disclosure.manual", N_("your data were disclosed (recorded by hand)") },
	{ "disclosure.export", N_("your data were exported to a recipient") },
	{ "training.register", N_("you were registered for a training") },
	{ "training.certificate", N_("a certificate or card was issued") },
	{ "training.attendance", N_("training attendance was marked") },
	{ "training.cancel", N_("a training registration was cancelled") },
	{ "event.register", N_("you were registered for an event") },
	{ "event.attendance", N_("event attendance was marked") },
	{ "event.cancel", N_("an event registration was cancelled") },
	{ "hold.add", N_("a legal hold was recorded") },
	{ "erasure.complete", N_("your data were erased") },
	{ "erasure.partial", N_("your data were erased except what a law keeps") },
	{ "review.keep", N_("kept in the annual review") },
	{ "report.produce", N_("an access report was produced") },
	{ "request.add", N_("your request was recorded") },
	{ "request.link", N_("your record was linked to your request") },
	{ "request.unlink", N_("your record was unlinked from a request") },
	{ "request.id-check", N_("your identity was checked") },
	{ "request.id-check-failed", N_("an identity check did not match") },
	{ "request.letter-verified", N_("your letter's signature and details were checked") },
	{ "request.charge", N_("the charge of your request was decided") },
	{ "request.extend", N_("the deadline of your request was extended") },
	{ "request.start", N_("work on your request started") },
	{ "request.complete", N_("your request was completed") },
	{ "request.refuse", N_("your request was refused") },
	{ "request.notify-recipient", N_("a recipient was told of your request") },
	{ "request.", N_("your request was handled") },
	{ "training.", N_("your training registration was handled") },
	{ "event.", N_("your event registration was handled") },
	{ "contact.", N_("your record was handled") },
};

static const char *consultation_description(const char *action)
{
	for (size_t i = 0; i < sizeof consultation_words / sizeof consultation_words[0]; i++) {
		const char *known = consultation_words[i].action;
		size_t length = strlen(known);
		if (known[length - 1] == '.' ? strncmp(action, known, length) == 0 : strcmp(action, known) == 0)
			return _(consultation_words[i].words);
	}
	return _("your data were processed");
}

/* The changed fields of a contact entry, by their names; "" for others. */
static void changed_fields(const struct audit_entry *entry, char *out, size_t out_size)
{
	*out = '\0';
	if (strcmp(entry->action, "contact.edit") != 0 && strcmp(entry->action, "contact.add") != 0)
		return;
	char columns[sizeof entry->fields];
	text_copy(columns, sizeof columns, entry->fields);
	for (char *save = NULL, *column = strtok_r(columns, ",", &save); column; column = strtok_r(NULL, ",", &save)) {
		enum contact_field which;
		const char *name = contact_field_parse(column, &which) ? contact_field_label(which)
			: strcmp(column, "categories") == 0 ? _("Categories")
			: strncmp(column, "organisation", 12) == 0 ? _("Organisation") : NULL;
		if (name)
			snprintf(out + strlen(out), out_size - strlen(out), "%s%s", *out ? ", " : "", name);
	}
}

static enum status write_consultation(const struct audit_entry *entry, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600], fields[1024];
	enum status status = staff(report, entry->username, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	changed_fields(entry, fields, sizeof fields);
	item(emitter);
	field(emitter, "at", _("When"), entry->at);
	field(emitter, "what", _("What"), consultation_description(entry->action));
	field(emitter, "fields", _("Fields"), fields);
	field(emitter, "by", report->names_staff ? _("By") : _("By (role)"), who);
	item_end(emitter);
	report->consultations++;
	return STATUS_OK;
}

/* ---- Bans and consents ---- */

static enum status write_consent_event(const struct consent_event *event, void *context)
{
	struct report *report = context;
	struct emitter *emitter = &report->emitter;
	char who[600];
	enum status status = staff(report, event->recorded_by, who, sizeof who);
	if (status != STATUS_OK)
		return status;
	item(emitter);
	field(emitter, "purpose", _("Purpose"), event->purpose_name);
	field(emitter, "state", _("State"), consent_state_label(event->state));
	field(emitter, "given_on", _("Given on"), event->given_on);
	field(emitter, "channel", _("How it arrived"), consent_channel_label(event->channel));
	field(emitter, "wording", _("Notice or wording"), event->wording);
	field(emitter, "expires_on", _("Expires on"), event->expires_on);
	field(emitter, "note", _("Note"), event->note);
	field(emitter, "recorded_at", _("Recorded"), event->recorded_at);
	field(emitter, "recorded_by", _("Recorded by"), who);
	item_end(emitter);
	report->consents++;
	return STATUS_OK;
}

static enum status write_sale_emails(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	int capacity = 8, count;
	struct sale_email *rows = NULL;
	for (;;) {
		struct sale_email *grown = realloc(rows, (size_t)capacity * sizeof *grown);
		if (!grown) {
			free(rows);
			return STATUS_ERR_NO_MEMORY;
		}
		rows = grown;
		count = consent_sale_emails(report->session, report->contact_id, rows, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(rows);
		return STATUS_ERR_DATABASE;
	}
	list(emitter, "sale_emails", _("E-mail obtained in a sale, with a refusal offered (917/2014 §200(2))"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "email", _("E-mail"), rows[i].email);
		field(emitter, "offered_on", _("Refusal offered on"), rows[i].offered_on);
		field(emitter, "note", _("Note"), rows[i].note);
		field(emitter, "recorded_at", _("Recorded at"), rows[i].recorded_at);
		item_end(emitter);
	}
	list_end(emitter, count);
	free(rows);
	return STATUS_OK;
}

static enum status write_consents(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	/* Every purpose: consent_current is read until it returns fewer than asked. */
	int capacity = 16, count;
	struct consent_current *current = NULL;
	for (;;) {
		struct consent_current *grown = realloc(current, (size_t)capacity * sizeof *grown);
		if (!grown) {
			free(current);
			return STATUS_ERR_NO_MEMORY;
		}
		current = grown;
		count = consent_current(report->session, report->contact_id, current, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(current);
		return STATUS_ERR_DATABASE;
	}
	section(emitter, "bans_and_consents", _("Bans and consents (notice §1.5, §6.3)"));
	list(emitter, "current", _("Now in force"));
	for (int i = 0; i < count; i++) {
		item(emitter);
		field(emitter, "purpose", _("Purpose"), current[i].purpose.name);
		field(emitter, "state", _("State"), consent_state_label(current[i].effective));
		field(emitter, "given_on", _("Given on"), current[i].latest.given_on);
		item_end(emitter);
	}
	list_end(emitter, count);
	free(current);
	/* E-mail addresses obtained in a sale, with a refusal offered (917/2014 §200(2)). */
	enum status status = write_sale_emails(report);
	if (status != STATUS_OK)
		return status;
	list(emitter, "history", _("History"));
	status = consent_history_each(report->session, report->contact_id, write_consent_event, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->consents);
	section_end(emitter);
	return STATUS_OK;
}

/* ---- What GDPR Art. 15(1) asks besides the data ---- */

struct purpose_ground {
	const char *purpose, *ground;
};

static enum status write_purposes(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	static const struct purpose_ground fixed[] = {
		{ N_("managing customer and stakeholder relationships (notice §1.1)"),
		  N_("contract or steps before one (GDPR Art. 6(1)(b)); legitimate interest (Art. 6(1)(f))") },
		{ N_("maintenance and service under agreements, fault reports and orders (notice §1.2)"),
		  N_("contract (GDPR Art. 6(1)(b))") },
		{ N_("trainings, attendance, certificates and permit cards (notice §1.4, §2.6)"),
		  N_("contract with you or your employer (GDPR Art. 6(1)(b)); legitimate interest (Art. 6(1)(f))") },
		{ N_("customer events and entry to them (notice §1.3, §1.5, §2.7)"),
		  N_("legitimate interest (GDPR Art. 6(1)(f))") },
		{ N_("invoicing within the group (notice §2.3)"),
		  N_("legal obligation: the Accounting Act (GDPR Art. 6(1)(c))") },
		{ N_("keeping data a law requires (notice §4.2)"),
		  N_("legal obligation (GDPR Art. 6(1)(c))") },
		{ N_("handling your requests and keeping this log of them (notice §6)"),
		  N_("legal obligation (GDPR Art. 6(1)(c), Art. 12-22)") },
	};
	list(emitter, "purposes", _("Purposes and their legal grounds"));
	int count = 0;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++, count++) {
		item(emitter);
		field(emitter, "purpose", _("Purpose"), _(fixed[i].purpose));
		field(emitter, "legal_ground", _("Legal ground"), _(fixed[i].ground));
		item_end(emitter);
	}
	/* The marketing purposes the register records bans and consents for. */
	int capacity = 16, purposes;
	struct purpose *rows = NULL;
	for (;;) {
		struct purpose *grown = realloc(rows, (size_t)capacity * sizeof *grown);
		if (!grown) {
			free(rows);
			return STATUS_ERR_NO_MEMORY;
		}
		rows = grown;
		purposes = consent_purposes(report->session->db, rows, capacity);
		if (purposes < capacity)
			break;
		capacity *= 2;
	}
	if (purposes < 0) {
		free(rows);
		return STATUS_ERR_DATABASE;
	}
	for (int i = 0; i < purposes; i++, count++) {
		item(emitter);
		field(emitter, "purpose", _("Purpose"), rows[i].name);
		field(emitter, "legal_ground", _("Legal ground"), consent_legal_ground_words(rows[i].legal_ground));
		item_end(emitter);
	}
	free(rows);
	list_end(emitter, count);
	return STATUS_OK;
}

static void write_data_categories(struct report *report, const struct contact *contact)
{
	struct emitter *emitter = &report->emitter;
	bool identity = false;
	static const enum contact_field identity_fields[] = { CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_EMAIL, CONTACT_PHONE,
							      CONTACT_STREET, CONTACT_POSTAL_CODE, CONTACT_CITY };
	for (size_t i = 0; i < sizeof identity_fields / sizeof identity_fields[0]; i++)
		identity = identity || *contact->value[identity_fields[i]];
	const struct {
		const char *key, *words;
		long long count;
	} categories[] = {
		{ "identity_and_contact", N_("name and contact details"), identity },
		{ "organisation_and_title", N_("organisation and title"),
		  *contact->organisation_name || *contact->value[CONTACT_TITLE] },
		{ "relationship", N_("kind and dates of the relationship, source of the data"), 1 },
		{ "interest", N_("interest shown and its channel (notice §1.3)"), *contact->value[CONTACT_INTEREST_CHANNEL] != '\0' },
		{ "notes", N_("notes"), *contact->value[CONTACT_NOTES] != '\0' },
		{ "maintenance_references", N_("maintenance references"), report->references },
		{ "bans_and_consents", N_("bans and consents"), report->consents },
		{ "trainings_and_events", N_("trainings, attendance, certificates and events"), report->participations },
		{ "disclosures", N_("disclosures of your data"), report->disclosures },
		{ "legal_holds", N_("legal holds"), report->holds },
		{ "requests", N_("your requests, ID checks and their handling"), report->requests },
		{ "review_decisions", N_("annual review decisions"), report->decisions },
		{ "consultations", N_("log of views and changes of your record"), report->consultations },
	};
	list(emitter, "data_categories", _("Categories of your data held"));
	int count = 0;
	for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++) {
		if (!categories[i].count)
			continue;
		item(emitter);
		field(emitter, "category", _("Category"), _(categories[i].words));
		item_end(emitter);
		count++;
	}
	list_end(emitter, count);
}

static void write_recipients(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	static const char *const purposes[RECIPIENT_KIND_COUNT] = {
		[RECIPIENT_PARTNER] = N_("to arrange an order, work, service or delivery under a cooperation agreement"),
		[RECIPIENT_SUBCONTRACTOR] = N_("as far as needed to deliver our services"),
		[RECIPIENT_GROUP_COMPANY] = N_("invoicing, and cooperation agreements with stakeholders"),
		[RECIPIENT_SURVEY_PARTNER] = N_("customer surveys and market research"),
		[RECIPIENT_EXTERNAL_TRAINER] = N_("name and organisation, to issue certificates and permit cards"),
		[RECIPIENT_VENUE] = N_("name only, to check entry to an event"),
	};
	list(emitter, "recipient_categories", _("Categories of recipients (notice §2)"));
	for (int kind = 0; kind < RECIPIENT_KIND_COUNT; kind++) {
		item(emitter);
		field(emitter, "category", _("Kind of recipient"), recipient_kind_label((enum recipient_kind)kind));
		field(emitter, "why", _("What and why"), _(purposes[kind]));
		field(emitter, "received_your_data", _("Has received your data"),
		      yes_no(report->recipient_kinds & (1u << kind)));
		item_end(emitter);
	}
	list_end(emitter, RECIPIENT_KIND_COUNT);
	paragraph(emitter, "transfers_rule", _("Data are not, as a rule, disclosed outside the EU/EEA. When that is technically "
					       "necessary, nothing goes to the recipient until a safeguard is recorded: an adequacy "
					       "decision or standard contractual clauses (notice §3.1, GDPR Art. 15(2), 46)."));
	list(emitter, "transfers", _("Your data transferred outside the EU/EEA"));
	for (size_t i = 0; i < report->transfer_count; i++) {
		item(emitter);
		field(emitter, "recipient", _("Recipient"), report->transfers[i].recipient);
		field(emitter, "country", _("Country"), report->transfers[i].country);
		field(emitter, "safeguard", _("Safeguard"), report->transfers[i].safeguard);
		item_end(emitter);
	}
	list_end(emitter, (long long)report->transfer_count);
}

static enum status write_retention(struct report *report)
{
	struct emitter *emitter = &report->emitter;
	int capacity = 16, count;
	struct retention_rule *rules = NULL;
	for (;;) {
		struct retention_rule *grown = realloc(rules, (size_t)capacity * sizeof *grown);
		if (!grown) {
			free(rules);
			return STATUS_ERR_NO_MEMORY;
		}
		rules = grown;
		count = retention_rules(report->session->db, rules, capacity);
		if (count < capacity)
			break;
		capacity *= 2;
	}
	if (count < 0) {
		free(rules);
		return STATUS_ERR_DATABASE;
	}
	paragraph(emitter, "review", _("Data are kept only as long as needed for these purposes; their necessity is assessed "
				       "annually, and outdated data are destroyed (notice §4.1). Data are erased on your request "
				       "or when the customer relationship ends, unless a law requires keeping them (notice §4.2)."));
	list(emitter, "retention", _("How long each kind of data is kept"));
	for (int i = 0; i < count; i++) {
		char data[600], period[600];
		if (rules[i].category >= 0)
			snprintf(data, sizeof data, "%s: %s", contact_category_label((enum contact_category)rules[i].category),
				 rules[i].name);
		else
			snprintf(data, sizeof data, "%s: %s", _("every contact"), rules[i].name);
		if (rules[i].active)
			/* TRANSLATORS: e.g. "24 months after last activity". */
			snprintf(period, sizeof period, _("%d months after %s"), rules[i].months,
				 retention_basis_label(rules[i].basis));
		else
			snprintf(period, sizeof period, "%s", _("no fixed period now: assessed in the annual review"));
		item(emitter);
		field(emitter, "data", _("Data"), data);
		field(emitter, "period", _("Kept"), period);
		item_end(emitter);
	}
	static const struct purpose_ground fixed[] = {
		{ N_("bans, consents, registrations, disclosures, requests and review decisions"),
		  N_("as long as your contact record, and erased with it; of a completed erasure request only its number, "
		     "kind, dates and outcome are kept") },
		{ N_("log of views and changes of your record"),
		  N_("as long as the register: it names fields, never their values, so an erasure leaves none of your "
		     "data in it (notice §5.2)") },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		item(emitter);
		field(emitter, "data", _("Data"), _(fixed[i].purpose));
		field(emitter, "period", _("Kept"), _(fixed[i].ground));
		item_end(emitter);
	}
	list_end(emitter, count + 2);
	free(rules);
	return STATUS_OK;
}

static enum status write_source_registration(const struct participation_detail *row, void *context)
{
	struct report *report = context;
	if (row->event || row->registrar == REGISTRAR_SELF)
		return STATUS_OK;
	struct emitter *emitter = &report->emitter;
	char what[1200];
	snprintf(what, sizeof what, "%s %s, %s", _("registration for"), row->what, row->date);
	item(emitter);
	field(emitter, "source", _("Source"), registrar_label(row->registrar));
	field(emitter, "named", _("Named"), row->registrar_name);
	field(emitter, "concerns", _("Concerns"), what);
	item_end(emitter);
	return STATUS_OK;
}

/* Where the data came from (GDPR Art. 15(1)(g); notice §1): the record's
 * source and every employer or other party that registered the person. */
static enum status write_sources(struct report *report, const struct contact *contact)
{
	struct emitter *emitter = &report->emitter;
	list(emitter, "sources", _("Where your data came from (notice §1)"));
	enum data_source source;
	item(emitter);
	field(emitter, "source", _("Source"),
	      data_source_parse(contact->value[CONTACT_SOURCE], &source) ? data_source_label(source) : contact->value[CONTACT_SOURCE]);
	field(emitter, "named", _("Named"), contact->value[CONTACT_SOURCE_DETAIL]);
	field(emitter, "concerns", _("Concerns"), _("your contact data"));
	item_end(emitter);
	enum status status = training_participations_each(report->session, report->contact_id, write_source_registration, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, 1);
	return STATUS_OK;
}

static void write_rights(struct report *report, const char *authority, const char *email)
{
	struct emitter *emitter = &report->emitter;
	static const struct purpose_ground rights[] = {
		{ N_("access (GDPR Art. 15; notice §6.1)"),
		  N_("to see the data about you, as in this report; the first copy is free") },
		{ N_("rectification (GDPR Art. 16; notice §6.2)"), N_("to have wrong or incomplete data corrected") },
		{ N_("erasure (GDPR Art. 17; notice §6.4)"),
		  N_("to have your data erased, except what a law requires us to keep") },
		{ N_("restriction (GDPR Art. 18)"),
		  N_("to have your data only stored, not otherwise used, e.g. while their correctness is checked") },
		{ N_("objection (GDPR Art. 21(1))"),
		  N_("to object, on grounds relating to your situation, to processing based on legitimate interest") },
		{ N_("objection to direct marketing (GDPR Art. 21(2); notice §6.3)"),
		  N_("to forbid direct marketing, newsletters, surveys and research at any time; a ban always wins") },
		{ N_("withdrawing a consent (GDPR Art. 7(3))"), N_("at any time, without affecting what was done before") },
		{ N_("data portability (GDPR Art. 20)"),
		  N_("where processing rests on your consent or a contract: the data you gave us in a machine-readable "
		     "form, such as the JSON form of this report") },
		{ N_("complaint (GDPR Art. 77; notice §6.8)"), N_("to complain to the supervisory authority named below") },
	};
	section(emitter, "rights", _("Your rights (notice §6)"));
	list(emitter, "rights", _("Rights"));
	for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++) {
		item(emitter);
		field(emitter, "right", _("Right"), _(rights[i].purpose));
		field(emitter, "what", _("What it gives"), _(rights[i].ground));
		item_end(emitter);
	}
	list_end(emitter, sizeof rights / sizeof rights[0]);
	paragraph(emitter, "how", _("Requests are made in writing, signed by hand, or in person at our premises with an identity "
				    "document (notice §6.5, §6.6). A reasonable fee may be charged only for further copies or "
				    "for manifestly unfounded or excessive requests (GDPR Art. 12(5), 15(3)); inspection is "
				    "free when more than a year has passed since your previous request (notice §6.7)."));
	paragraph(emitter, "automated_decisions", _("No decision about you is made by automated means alone, and you are not "
						    "profiled (GDPR Art. 22)."));
	field(emitter, "supervisory_authority", _("You may complain to the supervisory authority (notice §6.8)"), authority);
	field(emitter, "privacy_contact", _("More information (notice §6.9)"), email);
	section_end(emitter);
}

/* The whole report into emitter->out; the first failure is returned. */
static enum status write_report(struct report *report, const struct contact *contact, long long request_id)
{
	struct emitter *emitter = &report->emitter;
	struct session *session = report->session;
	char controller[512], address[512], email[512], authority[1024], today[11], number[32];
	settings_get(session->db, SETTING_CONTROLLER_NAME, controller, sizeof controller);
	settings_get(session->db, SETTING_CONTROLLER_ADDRESS, address, sizeof address);
	settings_get(session->db, SETTING_PRIVACY_EMAIL, email, sizeof email);
	settings_get(session->db, SETTING_SUPERVISORY_AUTHORITY, authority, sizeof authority);
	calendar_today(today);
	snprintf(number, sizeof number, "%lld", request_id);

	if (emitter->format == REPORT_JSON) {
		fputc('{', emitter->out);
		emitter->first[0] = true;
		field(emitter, "language", "", i18n_language());
	} else {
		fprintf(emitter->out, "%s\n", _("ACCESS REPORT: YOUR DATA IN THE CUSTOMER AND STAKEHOLDER REGISTER"));
	}
	section(emitter, "report", _("About this report"));
	field(emitter, "controller", _("Controller"), controller);
	field(emitter, "controller_address", _("Address"), address);
	field(emitter, "date", _("Date"), today);
	field(emitter, "request", _("Request number"), request_id ? number : "");
	paragraph(emitter, "basis", _("You asked to inspect the data about you in our register (notice §6.1, GDPR Art. 15). "
				      "This report contains everything the register holds about you."));
	paragraph(emitter, "staff", report->names_staff
		  ? _("Employees who handled your data are named with their role.")
		  : _("Employees who handled your data are shown by their role."));
	section_end(emitter);
	enum status status = write_contact(report, contact);
	if (status != STATUS_OK)
		return status;

	if (emitter->format == REPORT_JSON)
		json_open(emitter, "records", '{');
	list(emitter, "maintenance_references", _("Maintenance references (notice §1.2)"));
	status = contact_references_each(session, report->contact_id, write_reference, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->references);
	list(emitter, "trainings_and_events", _("Trainings, attendance, certificates and events (notice §1.3, §1.4)"));
	status = training_participations_each(session, report->contact_id, write_participation, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->participations);
	list(emitter, "disclosures", _("Disclosures of your data (notice §2, §3)"));
	status = disclosure_each_for_contact(session, report->contact_id, write_disclosure, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->disclosures);
	status = write_holds(report);
	if (status != STATUS_OK)
		return status;
	list(emitter, "requests", _("Your requests (notice §6)"));
	status = request_each_for_contact(session, report->contact_id, write_request, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->requests);
	list(emitter, "review_decisions", _("Annual review decisions (notice §4.1)"));
	status = review_decisions_each(session, report->contact_id, write_decision, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->decisions);
	list(emitter, "consultations", _("When your record was viewed, changed or disclosed, and by whom"));
	status = audit_each_for_contact(session->db, report->contact_id, write_consultation, report);
	if (status != STATUS_OK)
		return status;
	list_end(emitter, report->consultations);
	if (emitter->format == REPORT_JSON)
		json_close(emitter, '}');

	status = write_consents(report);
	if (status != STATUS_OK)
		return status;

	section(emitter, "processing", _("Why, to whom and how long (GDPR Art. 15(1); notice §1-§4)"));
	status = write_purposes(report);
	if (status == STATUS_OK) {
		write_data_categories(report, contact);
		write_recipients(report);
		status = write_retention(report);
	}
	if (status == STATUS_OK)
		status = write_sources(report, contact);
	if (status != STATUS_OK)
		return status;
	section_end(emitter);
	write_rights(report, authority, email);
	if (emitter->format == REPORT_JSON)
		fputs("\n}\n", emitter->out);
	return STATUS_OK;
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
	/* The whole report is built in memory first: the caller's file gets a
	 * complete report or nothing. */
	char *buffer = NULL;
	size_t size = 0;
	FILE *memory = open_memstream(&buffer, &size);
	if (!memory) {
		contact_free(&contact);
		snprintf(session->db->error, sizeof session->db->error, _("cannot write the report: %s"), strerror(errno));
		return STATUS_ERR_NO_MEMORY;
	}
	char previous[3];
	i18n_switch(language && *language ? language : contact.value[CONTACT_LANGUAGE], previous);
	struct report report = {
		.session = session,
		.emitter = { .out = memory, .format = format },
		.contact_id = contact.id,
		.names_staff = settings_get_flag(session->db, SETTING_REPORT_NAMES_STAFF),
	};
	session->db->error[0] = '\0';
	status = write_report(&report, &contact, request_id);
	bool memory_failed = ferror(memory) != 0 || report.emitter.failed;
	if (fclose(memory) != 0)
		memory_failed = true;
	if (status == STATUS_OK && memory_failed) {
		snprintf(session->db->error, sizeof session->db->error, _("cannot write the report: %s"), strerror(ENOMEM));
		status = STATUS_ERR_NO_MEMORY;
	}
	if (status != STATUS_OK) {
		/* The reason, in the user's language, naming the report. */
		char reason[sizeof session->db->error];
		text_copy(reason, sizeof reason, session->db->error);
		char restored[3];
		i18n_switch(previous, restored);
		snprintf(session->db->error, sizeof session->db->error, _("the access report was not produced: %s"),
			 *reason ? reason : status_message(status));
	} else {
		char restored[3];
		i18n_switch(previous, restored);
	}
	free(report.transfers);
	contact_free(&contact);
	if (status == STATUS_OK)
		status = audit_append(session->db, session->account_id, "report.produce", "contact", contact_id,
				      format == REPORT_JSON ? "access_report:json" : "access_report:text");
	if (status == STATUS_OK && (fwrite(buffer, 1, size, out) != size || fflush(out) != 0)) {
		snprintf(session->db->error, sizeof session->db->error, _("cannot write the report: %s"), strerror(errno));
		status = STATUS_ERR_IO;
	}
	free(buffer);
	return status;
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

/* A report that fails leaves no file, and an earlier complete one stays as it
 * was: it is written to a temporary file renamed into place. */
enum status report_save(struct session *session, long long request_id, long long contact_id, const char *language,
			enum report_format format, char *path, size_t path_size)
{
	struct database *db = session->db;
	char name[128];
	snprintf(name, sizeof name, "regdesk-report-%lld-%lld.%s", request_id, contact_id,
		 format == REPORT_JSON ? "json" : "txt");
	if (!files_folder_path(db, name, path, path_size))
		return STATUS_ERR_IO;
	char temporary[4200];
	snprintf(temporary, sizeof temporary, "%s.XXXXXX", path);
	int fd = mkostemp(temporary, O_CLOEXEC);
	if (fd >= 0 && office_mode())
		fchmod(fd, office_file_mode());   /* the office's group: other staff sessions */
	FILE *file = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!file) {
		if (fd >= 0) {
			close(fd);
			unlink(temporary);
		}
		snprintf(db->error, sizeof db->error, _("cannot write %s"), path);
		return STATUS_ERR_IO;
	}
	enum status status = report_write(session, request_id, contact_id, language, format, file);
	char detail[sizeof db->error];
	snprintf(detail, sizeof detail, "%s", db->error);
	if (fclose(file) != 0 && status == STATUS_OK) {
		snprintf(detail, sizeof detail, _("cannot write %s"), path);
		status = STATUS_ERR_IO;
	}
	if (status == STATUS_OK && rename(temporary, path) != 0) {
		snprintf(detail, sizeof detail, _("cannot write %s"), path);
		status = STATUS_ERR_IO;
	}
	if (status != STATUS_OK) {
		unlink(temporary);
		snprintf(db->error, sizeof db->error, "%s", detail);
		return status;
	}
	return written_file_record(session, path, "report", contact_id);
}

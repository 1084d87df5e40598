/* Batch commands for the register: contact add|show|find|edit|end, org add|find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "database_internal.h"
#include "calendar.h"
#include "contact.h"
#include "csv_output.h"
#include "i18n.h"
#include "organisation.h"
#include "request.h"
#include "text.h"

#define DUPLICATES_SHOWN 10
#define FIND_LIMIT_MAX 100000

/* The contact's ID, the command's first word; a usage error when it is not one. */
static bool contact_id_word(const struct cli_call *call, long long *id)
{
	if (cli_parse_id(cli_word(call, 0), id))
		return true;
	char name[64];
	snprintf(name, sizeof name, "contact %s", call->command->verb);
	cli_missing(name, _("a contact's ID (a number)"));
	return false;
}

/* "postal-code" -> "postal_code". */
static void option_to_column(const char *option, char *out, size_t out_size)
{
	text_copy(out, out_size, option);
	for (char *p = out; *p; p++)
		if (*p == '-')
			*p = '_';
}

static bool parse_categories(const char *list, unsigned *categories)
{
	char copy[256];
	text_copy(copy, sizeof copy, list);
	for (char *code = strtok(copy, ", "); code; code = strtok(NULL, ", ")) {
		enum contact_category category;
		if (!contact_category_parse(code, &category)) {
			cli_fail(_("unknown category '%s': use customer, stakeholder, maintenance, prospect, training or event"), code);
			return false;
		}
		*categories |= 1u << category;
	}
	return true;
}

/* Applies the "--field value" options, in the order given, to contact.
 * Returns CLI_OK, CLI_USAGE or CLI_FAILED. */
static int apply_contact_options(struct session *session, const struct cli_call *call, struct contact *contact,
				 bool *confirm_duplicate)
{
	for (int i = 0; i < call->given_count; i++) {
		const char *name = call->given[i].option->name, *value = call->given[i].value;
		if (strcmp(name, "confirm-duplicate") == 0) {
			*confirm_duplicate = true;
			continue;
		}
		if (strcmp(name, "request") == 0)
			continue;   /* contact edit's, read there */
		if (strcmp(name, "category") == 0) {
			contact->categories = 0;
			if (!parse_categories(value, &contact->categories))
				return CLI_USAGE;
			continue;
		}
		if (strcmp(name, "organisation") == 0) {
			contact->organisation_id = 0;
			if (*value && organisation_resolve(session, value, &contact->organisation_id) != STATUS_OK) {
				cli_fail("%s", session->db->error);
				return CLI_FAILED;
			}
			continue;
		}
		char column[64];
		enum contact_field field;
		option_to_column(name, column, sizeof column);
		if (!contact_field_parse(column, &field)) {
			cli_fail(_("unknown field --%s: see regdesk --help"), name);
			return CLI_USAGE;
		}
		contact_set(contact, field, value);
	}
	return CLI_OK;
}

/* Saves after the duplicate question: without --confirm-duplicate, likely
 * duplicates are listed and nothing is saved. */
static int save_contact(struct session *session, struct contact *contact, bool confirm_duplicate, long long request_id)
{
	struct database *db = session->db;
	enum contact_field bad_field;
	char reason[256];
	if (!contact_validate(db, contact, &bad_field, reason, sizeof reason)) {
		cli_fail("%s: %s", contact_field_label(bad_field), reason);
		return CLI_FAILED;
	}
	struct contact_duplicate duplicates[DUPLICATES_SHOWN];
	int found = contact_find_duplicates(session, contact, duplicates, DUPLICATES_SHOWN);
	/* A shared phone or e-mail is not the same person: noted, and saved. */
	if (found > 0 && !confirm_duplicate && contact_duplicates_all_other_names(duplicates, found)) {
		for (int i = 0; i < found; i++) {
			char why[sizeof duplicates[i].reason];
			text_make_inert(duplicates[i].reason, why, sizeof why);
			fprintf(stderr, _("note: %s; saved as a new contact\n"), why);
		}
		confirm_duplicate = true;
	}
	if (found > 0 && !confirm_duplicate) {
		cli_fail("%s", _("likely duplicates found; nothing saved (add --confirm-duplicate to save anyway):"));
		for (int i = 0; i < found; i++) {
			char name[sizeof duplicates[i].name], organisation[sizeof duplicates[i].organisation];
			text_make_inert(duplicates[i].name, name, sizeof name);
			text_make_inert(duplicates[i].organisation, organisation, sizeof organisation);
			fprintf(stderr, "  #%lld %s%s%s (%s)\n", duplicates[i].id, name, *organisation ? ", " : "",
				organisation, duplicates[i].reason);
		}
		return CLI_FAILED;
	}
	struct contact_conflict conflict;
	enum status status = request_id ? request_rectify(session, request_id, contact, found > 0, &conflict)
				    : contact_save(session, contact, found > 0, &conflict);
	if (status == STATUS_ERR_CONFLICT) {
		cli_fail(_("contact #%lld was changed by someone else meanwhile (%s); nothing saved"), contact->id,
			 conflict.changed_fields);
		contact_free(&conflict.current);
		return CLI_FAILED;
	}
	return cli_report(status, db);
}

int cli_contact_add(const struct cli_call *call)
{
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	struct contact contact;
	contact_init(&contact);
	bool confirm = false;
	int result = apply_contact_options(session, call, &contact, &confirm);
	if (result == CLI_OK)
		result = save_contact(session, &contact, confirm, 0);
	if (result == CLI_OK)
		printf(_("Added contact #%lld.\n"), contact.id);
	contact_free(&contact);
	return result;
}

/* contact edit ID [--request RID] [--FIELD VALUE]...: with --request the
 * edit is the rectification of that request (GDPR Art. 16), audited as such. */
int cli_contact_edit(const struct cli_call *call)
{
	long long id, request_id = 0;
	if (!contact_id_word(call, &id))
		return CLI_USAGE;
	const char *request_text = cli_value(call, "request");
	if (request_text && !cli_parse_id(request_text, &request_id))
		return cli_missing("--request", _("an ID"));
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	struct contact contact;
	contact_init(&contact);
	enum status status = contact_load(session, id, false, &contact);
	int result = status == STATUS_OK ? CLI_OK : cli_report(status, session->db);
	bool confirm = false;
	if (result == CLI_OK)
		result = apply_contact_options(session, call, &contact, &confirm);
	if (result == CLI_OK)
		result = save_contact(session, &contact, confirm, request_id);
	if (result == CLI_OK)
		printf(_("Saved contact #%lld.\n"), contact.id);
	contact_free(&contact);
	return result;
}

int cli_contact_show(const struct cli_call *call)
{
	long long id;
	if (!contact_id_word(call, &id))
		return CLI_USAGE;
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	struct contact contact;
	contact_init(&contact);
	enum status status = contact_load(session, id, true, &contact);
	if (status != STATUS_OK) {
		contact_free(&contact);
		return cli_report(status, session->db);
	}
	char number[32];
	snprintf(number, sizeof number, "#%lld", contact.id);
	cli_print_field(_("Contact"), 20, number);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		if (field == CONTACT_TITLE)
			cli_print_field(_("Organisation"), 20, contact.organisation_name);
		cli_print_field(contact_field_label((enum contact_field)field), 20, contact.value[field]);
	}
	char categories[512] = "";
	for (int category = 0; category < CATEGORY_COUNT; category++)
		if (contact.categories & (1u << category))
			snprintf(categories + strlen(categories), sizeof categories - strlen(categories), "%s%s",
				 *categories ? ", " : "", contact_category_label((enum contact_category)category));
	cli_print_field(_("Categories"), 20, categories);
	struct maintenance_reference references[32];
	int count = contact_references(session, contact.id, references, 32);
	for (int i = 0; i < count; i++) {
		char line[512];
		snprintf(line, sizeof line, "%s %s %s", reference_kind_label(references[i].kind), references[i].reference,
			 references[i].date);
		cli_print_field(_("Reference"), 20, line);
	}
	char created[256], changed[256];
	snprintf(created, sizeof created, "%s %s", contact.created_at, contact.created_by);
	snprintf(changed, sizeof changed, "%s %s", contact.changed_at, contact.changed_by);
	cli_print_field(_("Created"), 20, created);
	cli_print_field(_("Changed"), 20, changed);
	contact_free(&contact);
	return CLI_OK;
}

int cli_contact_find(const struct cli_call *call)
{
	struct contact_query query = { "", 0 };
	bool csv = false;
	long limit = 50;
	if (cli_value(call, "category") && !parse_categories(cli_value(call, "category"), &query.categories))
		return CLI_USAGE;
	/* A limit out of range is refused, naming the range: cutting it
	 * silently to 50 would look like the whole list (issue 16). */
	if (cli_value(call, "limit") && !cli_parse_limit(cli_value(call, "limit"), FIND_LIMIT_MAX, &limit))
		return CLI_USAGE;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &csv))
		return CLI_USAGE;
	for (int i = 0; i < call->word_count; i++) {
		size_t used = strlen(query.text);
		snprintf(query.text + used, sizeof query.text - used, "%s%s", used ? " " : "", call->words[i]);
	}
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	if (csv) {
		const char *header[] = { "id", "name", "organisation", "email", "phone", "markers" };
		csv_output_row(stdout, header, 6);
	}
	struct contact_row rows[100];
	struct contact_position position;
	bool started = false;
	long printed = 0;
	while (printed < limit) {
		int page = (int)(limit - printed < 100 ? limit - printed : 100);
		int count = contact_search_page(session, &query, started ? &position : NULL, false, rows, page);
		if (count < 0)
			return cli_report(STATUS_ERR_DATABASE, session->db);
		for (int i = 0; i < count; i++) {
			char id[32];
			snprintf(id, sizeof id, "%lld", rows[i].id);
			if (csv) {
				const char *cells[] = { id, rows[i].name, rows[i].organisation, rows[i].email, rows[i].phone, rows[i].markers };
				csv_output_row(stdout, cells, 6);
			} else {
				char name[512], organisation[512], email[512];
				text_fit_columns(rows[i].name, 32, name, sizeof name);
				text_fit_columns(rows[i].organisation, 28, organisation, sizeof organisation);
				text_make_inert(rows[i].email, email, sizeof email);
				printf("%8s %-3s %s %s %s\n", id, rows[i].markers, name, organisation, email);
			}
		}
		printed += count;
		if (count < page)
			break;
		position = rows[count - 1].position;
		started = true;
	}
	return CLI_OK;
}

int cli_contact_end(const struct cli_call *call)
{
	long long id;
	if (!contact_id_word(call, &id))
		return CLI_USAGE;
	char date[11];
	calendar_today(date);
	const char *end_date = cli_value(call, "date") ? cli_value(call, "date") : date;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	enum status status = contact_end_relationship(&session, id, end_date);
	if (status == STATUS_OK)
		printf(_("Relationship of contact #%lld ended on %s.\n"), id, end_date);
	return cli_report(status, call->db);
}

/* contact reference add ID --kind KIND --number REF --date DATE (notice §1.2),
 * as the detail screen's "t": the core checks, stores and audits it. */
int cli_contact_reference_add(const struct cli_call *call)
{
	long long id;
	if (!contact_id_word(call, &id))
		return CLI_USAGE;
	struct maintenance_reference reference = { .kind = -1 };
	const char *kind = cli_value(call, "kind");
	for (int i = 0; reference_kind_code(i); i++)
		if (strcmp(reference_kind_code(i), kind) == 0)
			reference.kind = i;
	if (reference.kind < 0) {
		cli_fail(_("unknown kind '%s': use service-agreement, fault-report or maintenance-order"), kind);
		return CLI_USAGE;
	}
	char date[16];
	if (!cli_copy_value(reference.reference, sizeof reference.reference, cli_value(call, "number"), "--number") ||
	    !cli_normalise_date(cli_value(call, "date"), date, "--date") ||
	    !cli_copy_value(reference.date, sizeof reference.date, date, "--date"))
		return CLI_FAILED;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = contact_add_reference(&session, id, &reference);
	if (status == STATUS_OK)
		printf(_("Added %s %s to contact #%lld.\n"), reference_kind_label(reference.kind), reference.reference, id);
	return cli_report_explained(status, call->db);
}

/* --take-other first-name,email,organisation: the fields whose value comes
 * from the other record (the merge screen's Right), beside the default. */
static bool parse_take_other(const char *list, bool take_other[CONTACT_FIELD_COUNT + 1])
{
	char copy[1024];
	if (!cli_copy_value(copy, sizeof copy, list, "--take-other"))
		return false;
	for (char *name = strtok(copy, ", "); name; name = strtok(NULL, ", ")) {
		char column[64];
		enum contact_field field;
		option_to_column(name, column, sizeof column);
		if (strcmp(column, "organisation") == 0) {
			take_other[CONTACT_MERGE_ORGANISATION] = true;
		} else if (contact_field_parse(column, &field)) {
			take_other[field] = true;
		} else {
			cli_fail(_("unknown field '%s' in --take-other: a contact field (first-name, email, ...) or organisation"),
				 name);
			return false;
		}
	}
	return true;
}

/* contact merge SURVIVOR OTHER: the merge screen's F2. The survivor keeps its
 * values, an empty one takes the other's (contact_merge_takes_other), the
 * fields named by --take-other come from the other; the core moves every
 * link, combines the categories and audits both numbers. Nothing of either
 * record is shown, so nothing is read as a view. */
int cli_contact_merge(const struct cli_call *call)
{
	long long survivor_id, other_id;
	if (!cli_parse_id(cli_word(call, 0), &survivor_id) || !cli_parse_id(cli_word(call, 1), &other_id))
		return cli_missing("contact merge", _("two contacts' IDs (numbers)"));
	bool take_other[CONTACT_FIELD_COUNT + 1] = { false };
	if (cli_value(call, "take-other") && !parse_take_other(cli_value(call, "take-other"), take_other))
		return CLI_USAGE;
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	struct contact records[2], merged;
	contact_init(&records[0]);
	contact_init(&records[1]);
	contact_init(&merged);
	enum status status = contact_load(session, survivor_id, false, &records[0]);
	if (status == STATUS_OK)
		status = contact_load(session, other_id, false, &records[1]);
	int result = status == STATUS_OK ? CLI_OK : cli_report(status, session->db);
	if (result == CLI_OK && records[0].id == records[1].id) {
		/* A number merged before resolves to its survivor. */
		cli_fail(_("#%lld and #%lld are already the same record (#%lld)"), survivor_id, other_id, records[0].id);
		result = CLI_FAILED;
	}
	if (result == CLI_OK) {
		contact_copy(&merged, &records[0]);
		for (int field = 0; field <= CONTACT_MERGE_ORGANISATION; field++) {
			if (!take_other[field] && !contact_merge_takes_other(&records[0], &records[1], field))
				continue;
			if (field == CONTACT_MERGE_ORGANISATION)
				merged.organisation_id = records[1].organisation_id;
			else
				contact_set(&merged, (enum contact_field)field, records[1].value[field]);
		}
		session->db->error[0] = '\0';
		result = cli_report_explained(contact_merge(session, records[0].id, records[1].id, &merged), session->db);
	}
	if (result == CLI_OK)
		printf(_("Merged #%lld into #%lld.\n"), records[1].id, records[0].id);
	contact_free(&merged);
	contact_free(&records[0]);
	contact_free(&records[1]);
	return result;
}

int cli_org_add(const struct cli_call *call)
{
	struct organisation organisation;
	organisation_init(&organisation);
	organisation.group_company = cli_flag(call, "group-company");
	for (int i = 0; i < call->given_count; i++) {
		char column[64];
		option_to_column(call->given[i].option->name, column, sizeof column);
		for (int field = 0; field < ORGANISATION_FIELD_COUNT; field++)
			if (strcmp(column, organisation_field_column((enum organisation_field)field)) == 0)
				organisation_set(&organisation, (enum organisation_field)field, call->given[i].value);
	}
	struct session login, *session = &login;
	int result = cli_log_in(call, session) ? CLI_OK : CLI_FAILED;
	if (result == CLI_OK) {
		enum status status = organisation_save(session, &organisation);
		result = cli_report(status, session->db);
		if (result == CLI_OK)
			printf(_("Added organisation #%lld.\n"), organisation.id);
	}
	organisation_free(&organisation);
	return result;
}

int cli_org_find(const struct cli_call *call)
{
	char text[256] = "";
	bool csv = false;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &csv))
		return CLI_USAGE;
	for (int i = 0; i < call->word_count; i++) {
		size_t used = strlen(text);
		snprintf(text + used, sizeof text - used, "%s%s", used ? " " : "", call->words[i]);
	}
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	struct organisation_row rows[100];
	int count = organisation_search(session, text, 0, rows, 100);
	if (count < 0)
		return cli_report(STATUS_ERR_DATABASE, session->db);
	if (csv) {
		const char *header[] = { "id", "name", "business_id", "city", "group_company", "contacts" };
		csv_output_row(stdout, header, 6);
	}
	for (int i = 0; i < count; i++) {
		char id[32], contacts[32];
		snprintf(id, sizeof id, "%lld", rows[i].id);
		snprintf(contacts, sizeof contacts, "%lld", rows[i].contact_count);
		if (csv) {
			const char *cells[] = { id, rows[i].name, rows[i].business_id, rows[i].city,
						rows[i].group_company ? "yes" : "no", contacts };
			csv_output_row(stdout, cells, 6);
		} else {
			char name[512], business_id[128], city[256];
			text_fit_columns(rows[i].name, 40, name, sizeof name);
			text_fit_columns(rows[i].business_id, 12, business_id, sizeof business_id);
			text_fit_columns(rows[i].city, 16, city, sizeof city);
			printf("%8s %s %s %s %s\n", id, name, business_id, city, contacts);
		}
	}
	return CLI_OK;
}

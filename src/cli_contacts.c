/* Batch commands for the register: contact add|show|find|edit|end, org add|find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
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

/* "--postal-code" -> "postal_code". */
static void option_to_column(const char *option, char *out, size_t out_size)
{
	text_copy(out, out_size, option + 2);
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

/* Applies "--field value" pairs to contact. Returns CLI_OK or CLI_USAGE. */
static int apply_contact_options(struct session *session, int argc, char **argv, struct contact *contact,
				 bool *confirm_duplicate)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--confirm-duplicate") == 0) {
			*confirm_duplicate = true;
			continue;
		}
		if (strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc) {
			cli_fail(_("expected --FIELD VALUE, got '%s'"), argv[i]);
			return CLI_USAGE;
		}
		const char *value = argv[++i];
		if (strcmp(argv[i - 1], "--category") == 0) {
			contact->categories = 0;
			if (!parse_categories(value, &contact->categories))
				return CLI_USAGE;
			continue;
		}
		if (strcmp(argv[i - 1], "--organisation") == 0) {
			contact->organisation_id = 0;
			if (*value && organisation_resolve(session, value, &contact->organisation_id) != STATUS_OK) {
				cli_fail("%s", session->db->error);
				return CLI_FAILED;
			}
			continue;
		}
		char column[64];
		enum contact_field field;
		option_to_column(argv[i - 1], column, sizeof column);
		if (!contact_field_parse(column, &field)) {
			cli_fail(_("unknown field %s: see regdesk --help"), argv[i - 1]);
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

static int contact_add(struct session *session, int argc, char **argv)
{
	struct contact contact;
	contact_init(&contact);
	bool confirm = false;
	int result = apply_contact_options(session, argc, argv, &contact, &confirm);
	if (result == CLI_OK)
		result = save_contact(session, &contact, confirm, 0);
	if (result == CLI_OK)
		printf(_("Added contact #%lld.\n"), contact.id);
	contact_free(&contact);
	return result;
}

/* contact edit ID [--request RID] [--FIELD VALUE]...: with --request the
 * edit is the rectification of that request (GDPR Art. 16), audited as such. */
static int contact_edit(struct session *session, long long id, int argc, char **argv)
{
	long long request_id = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--request") != 0)
			continue;
		if (i + 1 >= argc || !cli_parse_id(argv[i + 1], &request_id))
			return cli_missing("--request", _("an ID"));
		for (int j = i; j + 2 < argc; j++)
			argv[j] = argv[j + 2];
		argc -= 2;
		break;
	}
	struct contact contact;
	contact_init(&contact);
	enum status status = contact_load(session, id, false, &contact);
	int result = status == STATUS_OK ? CLI_OK : cli_report(status, session->db);
	bool confirm = false;
	if (result == CLI_OK)
		result = apply_contact_options(session, argc, argv, &contact, &confirm);
	if (result == CLI_OK)
		result = save_contact(session, &contact, confirm, request_id);
	if (result == CLI_OK)
		printf(_("Saved contact #%lld.\n"), contact.id);
	contact_free(&contact);
	return result;
}

static int contact_show(struct session *session, long long id)
{
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

static int contact_find(struct session *session, int argc, char **argv)
{
	struct contact_query query = { "", 0 };
	bool csv = false;
	long limit = 50;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--category") == 0 && i + 1 < argc) {
			if (!parse_categories(argv[++i], &query.categories))
				return CLI_USAGE;
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			limit = strtol(argv[++i], NULL, 10);
			if (limit <= 0 || limit > FIND_LIMIT_MAX)
				limit = 50;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			const char *format = argv[++i];
			csv = strcmp(format, "csv") == 0;
			if (!csv && strcmp(format, "text") != 0)
				return CLI_USAGE;
		} else {
			size_t used = strlen(query.text);
			snprintf(query.text + used, sizeof query.text - used, "%s%s", used ? " " : "", argv[i]);
		}
	}
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

int cli_contact_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	long long id = 0;
	bool needs_id = strcmp(verb, "show") == 0 || strcmp(verb, "edit") == 0 || strcmp(verb, "end") == 0;
	if (needs_id && (argc < 3 || !cli_parse_id(argv[2], &id))) {
		cli_fail(_("usage: regdesk contact %s ID ..."), verb);
		return CLI_USAGE;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "find") != 0 && !needs_id) {
		cli_fail("%s", _("usage: regdesk contact add|show|find|edit|end ..."));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	if (strcmp(verb, "add") == 0)
		return contact_add(&session, argc - 2, argv + 2);
	if (strcmp(verb, "find") == 0)
		return contact_find(&session, argc - 2, argv + 2);
	if (strcmp(verb, "show") == 0)
		return contact_show(&session, id);
	if (strcmp(verb, "edit") == 0)
		return contact_edit(&session, id, argc - 3, argv + 3);
	char date[11];
	calendar_today(date);
	const char *end_date = argc >= 5 && strcmp(argv[3], "--date") == 0 ? argv[4] : date;
	enum status status = contact_end_relationship(&session, id, end_date);
	if (status == STATUS_OK)
		printf(_("Relationship of contact #%lld ended on %s.\n"), id, end_date);
	return cli_report(status, db);
}

static int organisation_add(struct session *session, int argc, char **argv)
{
	struct organisation organisation;
	organisation_init(&organisation);
	int result = CLI_OK;
	for (int i = 0; i < argc && result == CLI_OK; i++) {
		if (strcmp(argv[i], "--group-company") == 0) {
			organisation.group_company = true;
			continue;
		}
		bool known = false;
		for (int field = 0; field < ORGANISATION_FIELD_COUNT && i + 1 < argc; field++) {
			char column[64];
			option_to_column(argv[i], column, sizeof column);
			if (strncmp(argv[i], "--", 2) == 0 && strcmp(column, organisation_field_column((enum organisation_field)field)) == 0) {
				organisation_set(&organisation, (enum organisation_field)field, argv[++i]);
				known = true;
				break;
			}
		}
		if (!known) {
			cli_fail(_("unknown option '%s': use --name, --business-id, --country, --street, --postal-code, --city, --group-company"), argv[i]);
			result = CLI_USAGE;
		}
	}
	if (result == CLI_OK) {
		enum status status = organisation_save(session, &organisation);
		result = cli_report(status, session->db);
		if (result == CLI_OK)
			printf(_("Added organisation #%lld.\n"), organisation.id);
	}
	organisation_free(&organisation);
	return result;
}

static int organisation_find(struct session *session, int argc, char **argv)
{
	char text[256] = "";
	bool csv = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			csv = strcmp(argv[++i], "csv") == 0;
		} else {
			size_t used = strlen(text);
			snprintf(text + used, sizeof text - used, "%s%s", used ? " " : "", argv[i]);
		}
	}
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

int cli_organisation_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	if (strcmp(verb, "add") != 0 && strcmp(verb, "find") != 0) {
		cli_fail("%s", _("usage: regdesk org add|find ..."));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	return strcmp(verb, "add") == 0 ? organisation_add(&session, argc - 2, argv + 2)
					: organisation_find(&session, argc - 2, argv + 2);
}

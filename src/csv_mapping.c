/* Column mapping (issue 7): opening a file for import reads its header and
 * first row; each column gets a target (a contact field, the name split in
 * two, the organisation, a ban or a consent) from its header in Finnish,
 * Swedish or English, or from a mapping saved under a name for files of the
 * same header shape; and the mapping is checked before a pass. */
#include "csv_import_internal.h"
#include "database_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "office.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

/* ---- Targets ---- */

void import_target_code(const struct import_target *target, char *out, size_t out_size)
{
	switch (target->kind) {
	case IMPORT_TARGET_IGNORE: text_copy(out, out_size, "ignore"); break;
	case IMPORT_TARGET_FIELD: text_copy(out, out_size, contact_field_column(target->field)); break;
	case IMPORT_TARGET_FULL_NAME: text_copy(out, out_size, "name"); break;
	case IMPORT_TARGET_ORGANISATION: text_copy(out, out_size, "organisation"); break;
	case IMPORT_TARGET_BUSINESS_ID: text_copy(out, out_size, "business_id"); break;
	case IMPORT_TARGET_BAN: snprintf(out, out_size, "ban:%s", target->purpose); break;
	case IMPORT_TARGET_CONSENT: snprintf(out, out_size, "consent:%s", target->purpose); break;
	}
}

void import_target_label(struct database *db, const struct import_target *target, char *out, size_t out_size)
{
	struct purpose purpose;
	switch (target->kind) {
	case IMPORT_TARGET_IGNORE: text_copy(out, out_size, _("(not imported)")); break;
	case IMPORT_TARGET_FIELD: text_copy(out, out_size, contact_field_label(target->field)); break;
	case IMPORT_TARGET_FULL_NAME: text_copy(out, out_size, _("Name (first and last)")); break;
	case IMPORT_TARGET_ORGANISATION: text_copy(out, out_size, _("Organisation")); break;
	case IMPORT_TARGET_BUSINESS_ID: text_copy(out, out_size, _("Business ID")); break;
	case IMPORT_TARGET_BAN:
	case IMPORT_TARGET_CONSENT:
		if (!db || consent_purpose_find(db, target->purpose, &purpose) != STATUS_OK)
			text_copy(purpose.name, sizeof purpose.name, target->purpose);
		snprintf(out, out_size, target->kind == IMPORT_TARGET_BAN ? _("Ban: %s") : _("Consent: %s"), purpose.name);
		break;
	}
}

bool import_target_parse(struct database *db, const char *code, struct import_target *out)
{
	memset(out, 0, sizeof *out);
	enum contact_field field;
	if (strcmp(code, "ignore") == 0 || strcmp(code, "") == 0) {
		out->kind = IMPORT_TARGET_IGNORE;
	} else if (strcmp(code, "name") == 0) {
		out->kind = IMPORT_TARGET_FULL_NAME;
	} else if (strcmp(code, "organisation") == 0 || strcmp(code, "organization") == 0) {
		out->kind = IMPORT_TARGET_ORGANISATION;
	} else if (strcmp(code, "business_id") == 0) {
		out->kind = IMPORT_TARGET_BUSINESS_ID;
	} else if (contact_field_parse(code, &field)) {
		out->kind = IMPORT_TARGET_FIELD;
		out->field = field;
	} else if (strncmp(code, "ban:", 4) == 0 || strncmp(code, "consent:", 8) == 0) {
		bool ban = code[0] == 'b';
		struct purpose purpose;
		const char *purpose_code = code + (ban ? 4 : 8);
		if (!db || consent_purpose_find(db, purpose_code, &purpose) != STATUS_OK)
			return false;
		out->kind = ban ? IMPORT_TARGET_BAN : IMPORT_TARGET_CONSENT;
		text_copy(out->purpose, sizeof out->purpose, purpose_code);
	} else {
		return false;
	}
	return true;
}

static bool same_target(const struct import_target *a, const struct import_target *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == IMPORT_TARGET_FIELD)
		return a->field == b->field;
	if (a->kind == IMPORT_TARGET_BAN || a->kind == IMPORT_TARGET_CONSENT)
		return strcmp(a->purpose, b->purpose) == 0;
	return true;
}
/* ---- Header names: the fields they name, in Finnish, Swedish and English ---- */

/* Headers folded by text_search_fold (lower case, no accents, words), and the target code. */
static const struct alias {
	const char *header;
	const char *target;
} aliases[] = {
	{ "etunimi", "first_name" }, { "etunimet", "first_name" }, { "first name", "first_name" },
	{ "firstname", "first_name" }, { "given name", "first_name" }, { "forename", "first_name" },
	{ "fornamn", "first_name" }, { "first", "first_name" },
	{ "sukunimi", "last_name" }, { "last name", "last_name" }, { "lastname", "last_name" },
	{ "surname", "last_name" }, { "family name", "last_name" }, { "efternamn", "last_name" }, { "last", "last_name" },
	{ "nimi", "name" }, { "koko nimi", "name" }, { "name", "name" }, { "full name", "name" },
	{ "osallistuja", "name" }, { "osallistujan nimi", "name" }, { "participant", "name" }, { "namn", "name" },
	{ "titteli", "title" }, { "nimike", "title" }, { "tehtava", "title" }, { "tehtavanimike", "title" },
	{ "ammattinimike", "title" }, { "asema", "title" }, { "title", "title" }, { "job title", "title" },
	{ "position", "title" }, { "titel", "title" },
	{ "sahkoposti", "email" }, { "sahkopostiosoite", "email" }, { "s posti", "email" }, { "sposti", "email" },
	{ "email", "email" }, { "e mail", "email" }, { "email address", "email" }, { "e mail address", "email" },
	{ "mail", "email" }, { "e post", "email" }, { "epost", "email" },
	{ "puhelin", "phone" }, { "puhelinnumero", "phone" }, { "puh", "phone" }, { "puh nro", "phone" },
	{ "matkapuhelin", "phone" }, { "gsm", "phone" }, { "kannykka", "phone" }, { "mobiili", "phone" },
	{ "phone", "phone" }, { "phone number", "phone" }, { "telephone", "phone" }, { "tel", "phone" },
	{ "mobile", "phone" }, { "mobile phone", "phone" }, { "telefon", "phone" },
	{ "yritys", "organisation" }, { "yrityksen nimi", "organisation" }, { "organisaatio", "organisation" },
	{ "yhtio", "organisation" }, { "tyonantaja", "organisation" }, { "firma", "organisation" },
	{ "company", "organisation" }, { "company name", "organisation" }, { "organisation", "organisation" },
	{ "organization", "organisation" }, { "employer", "organisation" }, { "foretag", "organisation" },
	{ "y tunnus", "business_id" }, { "ytunnus", "business_id" }, { "yritystunnus", "business_id" },
	{ "business id", "business_id" }, { "business identity code", "business_id" }, { "company id", "business_id" },
	{ "fo nummer", "business_id" },
	{ "postinumero", "postal_code" }, { "postinro", "postal_code" }, { "postal code", "postal_code" },
	{ "postcode", "postal_code" }, { "post code", "postal_code" }, { "zip", "postal_code" },
	{ "zip code", "postal_code" }, { "postnummer", "postal_code" },
	{ "postitoimipaikka", "city" }, { "toimipaikka", "city" }, { "kaupunki", "city" }, { "paikkakunta", "city" },
	{ "kotikunta", "city" }, { "kunta", "city" }, { "city", "city" }, { "town", "city" }, { "postort", "city" },
	{ "ort", "city" },
	{ "katuosoite", "street" }, { "osoite", "street" }, { "lahiosoite", "street" }, { "postiosoite", "street" },
	{ "street", "street" }, { "street address", "street" }, { "address", "street" }, { "gatuadress", "street" },
	{ "adress", "street" },
	{ "maa", "country" }, { "country", "country" }, { "land", "country" },
	{ "kieli", "language" }, { "asiointikieli", "language" }, { "language", "language" }, { "sprak", "language" },
	{ "lisatiedot", "notes" }, { "lisatietoja", "notes" }, { "huomautukset", "notes" }, { "huomiot", "notes" },
	{ "kommentit", "notes" }, { "notes", "notes" }, { "comments", "notes" }, { "remarks", "notes" },
	/* Bans (notice §1.5, §6.3) and consents. */
	{ "postituskielto", "ban:postal-mail" }, { "suoramarkkinointikielto", "ban:postal-mail" },
	{ "suoramainontakielto", "ban:postal-mail" }, { "no mail", "ban:postal-mail" },
	{ "do not mail", "ban:postal-mail" }, { "mailing ban", "ban:postal-mail" }, { "postal ban", "ban:postal-mail" },
	{ "sahkopostikielto", "ban:electronic-marketing" }, { "sahkoinen markkinointikielto", "ban:electronic-marketing" },
	{ "sahkoinen suoramarkkinointikielto", "ban:electronic-marketing" }, { "markkinointikielto", "ban:electronic-marketing" },
	{ "no email", "ban:electronic-marketing" }, { "no marketing", "ban:electronic-marketing" },
	{ "email opt out", "ban:electronic-marketing" }, { "unsubscribed", "ban:electronic-marketing" },
	{ "puhelinkielto", "ban:phone-marketing" }, { "puhelinmarkkinointikielto", "ban:phone-marketing" },
	{ "no calls", "ban:phone-marketing" }, { "do not call", "ban:phone-marketing" },
	{ "uutiskirjekielto", "ban:newsletter" }, { "no newsletter", "ban:newsletter" },
	{ "tutkimuskielto", "ban:survey" }, { "asiakastutkimuskielto", "ban:survey" }, { "no surveys", "ban:survey" },
	{ "luovutuskielto", "ban:partner-marketing" },
	{ "markkinointilupa", "consent:electronic-marketing" }, { "sahkoinen markkinointilupa", "consent:electronic-marketing" },
	{ "markkinointisuostumus", "consent:electronic-marketing" }, { "marketing consent", "consent:electronic-marketing" },
	{ "marketing permission", "consent:electronic-marketing" }, { "email consent", "consent:electronic-marketing" },
	{ "uutiskirje", "consent:newsletter" }, { "uutiskirjeen tilaus", "consent:newsletter" },
	{ "tilaa uutiskirje", "consent:newsletter" }, { "newsletter", "consent:newsletter" },
};

/* The fields in the order a screen cycles through them: the common ones first. */
static const enum contact_field field_order[] = {
	CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_TITLE, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_STREET,
	CONTACT_POSTAL_CODE, CONTACT_CITY, CONTACT_COUNTRY, CONTACT_LANGUAGE, CONTACT_NOTES, CONTACT_SOURCE,
	CONTACT_SOURCE_DETAIL, CONTACT_INTEREST_CHANNEL, CONTACT_INTEREST_DATE, CONTACT_RELATIONSHIP_START,
	CONTACT_RELATIONSHIP_END, CONTACT_LAST_REVIEWED,
};

char *import_copy_text(const char *text)
{
	char *copy = strdup(text ? text : "");
	return copy;
}

/* Copies a cell into out without the spaces, tabs and no-break spaces
 * around it, and without the apostrophe an export puts before a cell that
 * a spreadsheet would run as a formula (csv_output_row); line breaks become
 * "\n" when multiline, else stay (and are refused by validation). */
void import_clean_cell(const char *cell, char *out, size_t out_size, bool multiline)
{
	const char *start = cell, *end = cell + strlen(cell);
	for (;;) {
		if (*start == ' ' || *start == '\t')
			start++;
		else if ((unsigned char)start[0] == 0xC2 && (unsigned char)start[1] == 0xA0)
			start += 2;
		else
			break;
	}
	for (;;) {
		if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - start >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (end - start >= 2 && *start == '\'' && strchr("=+-@", start[1]))
		start++;
	size_t used = 0;
	for (const char *p = start; p < end && used + 1 < out_size; p++) {
		if (multiline && *p == '\r') {
			out[used++] = '\n';
			if (p + 1 < end && p[1] == '\n')
				p++;
			continue;
		}
		out[used++] = *p;
	}
	out[used] = '\0';
	text_nfc_into(out, out, out_size);   /* every cell composed (NFC): a decomposed name finds its twin */
}

static void fold_header(const char *header, char **out)
{
	char cleaned[512], folded[512];
	import_clean_cell(header, cleaned, sizeof cleaned, false);
	text_search_fold(cleaned, folded, sizeof folded);
	*out = import_copy_text(folded);
}

static void add_target(struct csv_import *import, struct import_target target)
{
	import->targets[import->target_count++] = target;
}

/* The choosable targets: ignore, the names, organisation, the fields, then
 * a ban and a consent for each purpose of the register. */
static bool build_targets(struct csv_import *import)
{
	struct purpose *purposes = calloc(PURPOSES_MAX, sizeof *purposes);
	int purpose_count = purposes ? consent_purposes(import->session->db, purposes, PURPOSES_MAX) : -1;
	if (purpose_count < 0)
		purpose_count = 0;
	import->targets = calloc((size_t)(8 + CONTACT_FIELD_COUNT + 2 * purpose_count), sizeof *import->targets);
	if (!import->targets) {
		free(purposes);
		return false;
	}
	add_target(import, (struct import_target){ .kind = IMPORT_TARGET_IGNORE });
	for (size_t i = 0; i < sizeof field_order / sizeof field_order[0]; i++) {
		if (field_order[i] == CONTACT_TITLE) {
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_FULL_NAME });
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_ORGANISATION });
			add_target(import, (struct import_target){ .kind = IMPORT_TARGET_BUSINESS_ID });
		}
		add_target(import, (struct import_target){ .kind = IMPORT_TARGET_FIELD, .field = field_order[i] });
	}
	for (int kind = 0; kind < 2; kind++) {
		for (int i = 0; i < purpose_count; i++) {
			struct import_target target = { .kind = kind == 0 ? IMPORT_TARGET_BAN : IMPORT_TARGET_CONSENT };
			text_copy(target.purpose, sizeof target.purpose, purposes[i].code);
			add_target(import, target);
		}
	}
	free(purposes);
	return true;
}

int csv_import_target_count(const struct csv_import *import)
{
	return import->target_count;
}

struct import_target csv_import_target_at(const struct csv_import *import, int index)
{
	if (index < 0 || index >= import->target_count)
		return (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	return import->targets[index];
}

int csv_import_target_index(const struct csv_import *import, const struct import_target *target)
{
	for (int i = 0; i < import->target_count; i++)
		if (same_target(&import->targets[i], target))
			return i;
	return 0;
}

/* Proposes a target for each column from its header; a target goes to the
 * first column naming it only. */
static void map_by_headers(struct csv_import *import)
{
	for (int column = 0; column < import->column_count; column++) {
		struct import_target target = { .kind = IMPORT_TARGET_IGNORE };
		for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
			if (strcmp(import->columns[column].folded, aliases[i].header) == 0) {
				if (!import_target_parse(import->session->db, aliases[i].target, &target))
					target.kind = IMPORT_TARGET_IGNORE;
				break;
			}
		}
		for (int earlier = 0; earlier < column && target.kind != IMPORT_TARGET_IGNORE; earlier++)
			if (same_target(&import->columns[earlier].target, &target))
				target.kind = IMPORT_TARGET_IGNORE;
		import->columns[column].target = target;
	}
}

/* The header shape: folded headers joined by '|'. Owned by the caller. */
static char *header_key(const struct csv_import *import)
{
	size_t length = 1;
	for (int column = 0; column < import->column_count; column++)
		length += strlen(import->columns[column].folded) + 1;
	char *key = malloc(length);
	if (!key)
		return NULL;
	key[0] = '\0';
	size_t used = 0;
	for (int column = 0; column < import->column_count; column++)
		used += (size_t)sprintf(key + used, "%s%s", column ? "|" : "", import->columns[column].folded);
	return key;
}

/* Applies "folded header<TAB>target" lines to the columns of the same header. */
static void apply_mapping_text(struct csv_import *import, const char *text)
{
	for (int column = 0; column < import->column_count; column++)
		import->columns[column].target = (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	bool *taken = calloc((size_t)import->column_count + 1, sizeof *taken);
	if (!taken)
		return;
	for (const char *line = text; *line;) {
		size_t length = strcspn(line, "\n");
		const char *tab = memchr(line, '\t', length);
		if (tab) {
			char header[512], code[128];
			snprintf(header, sizeof header, "%.*s", (int)(tab - line), line);
			snprintf(code, sizeof code, "%.*s", (int)(line + length - tab - 1), tab + 1);
			struct import_target target;
			for (int column = 0; column < import->column_count; column++) {
				if (!taken[column] && strcmp(import->columns[column].folded, header) == 0) {
					if (import_target_parse(import->session->db, code, &target))
						import->columns[column].target = target;
					taken[column] = true;
					break;
				}
			}
		}
		line += length;
		if (*line == '\n')
			line++;
	}
	free(taken);
}

const char *import_column_text(struct statement *statement, int column)
{
	const char *text = statement_column_text(statement, column);
	return text ? text : "";
}

/* The newest saved mapping named name, or of the file's header shape when
 * name is NULL. Returns STATUS_ERR_NOT_FOUND when there is none. */
static enum status load_mapping(struct csv_import *import, const char *name)
{
	struct database *db = import->session->db;
	char *key = header_key(import);
	if (!key)
		return STATUS_ERR_NO_MEMORY;
	struct statement *statement = database_prepare(db, name
		? "SELECT name, columns FROM import_mapping WHERE name = ?1"
		: "SELECT name, columns FROM import_mapping WHERE header_key = ?1 ORDER BY changed_at DESC, id DESC LIMIT 1");
	if (!statement) {
		free(key);
		return STATUS_ERR_DATABASE;
	}
	statement_bind_text(statement, 1, name ? name : key);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW) {
		text_copy(import->applied_mapping, sizeof import->applied_mapping, import_column_text(statement, 0));
		apply_mapping_text(import, import_column_text(statement, 1));
	}
	database_finalize(statement);
	free(key);
	if (rc == STORAGE_ROW)
		return STATUS_OK;
	if (rc == STORAGE_DONE) {
		if (name)
			import_set_error(db, _("no saved mapping called '%s'"), name);
		return STATUS_ERR_NOT_FOUND;
	}
	return database_fail(db, "import mapping");
}

enum status csv_import_apply_mapping(struct csv_import *import, const char *name)
{
	return load_mapping(import, name);
}

enum status csv_import_save_mapping(struct csv_import *import, const char *name)
{
	struct session *session = import->session;
	struct database *db = session->db;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	char reason[160];
	if (!validate_text(name, 100, true, false, reason, sizeof reason)) {
		import_set_error(db, "%s: %s", _("Mapping name"), reason);
		return STATUS_ERR_INVALID;
	}
	char *key = header_key(import);
	size_t length = 1;
	for (int column = 0; column < import->column_count; column++)
		length += strlen(import->columns[column].folded) + 64;
	char *columns = malloc(length);
	if (!key || !columns) {
		free(key);
		free(columns);
		return STATUS_ERR_NO_MEMORY;
	}
	size_t used = 0;
	columns[0] = '\0';
	for (int column = 0; column < import->column_count; column++) {
		char code[64];
		import_target_code(&import->columns[column].target, code, sizeof code);
		used += (size_t)snprintf(columns + used, length - used, "%s\t%s\n", import->columns[column].folded, code);
	}
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	struct statement *statement = status == STATUS_OK ? database_prepare(db,
		"INSERT INTO import_mapping (name, header_key, columns, created_at, created_by, changed_at, changed_by) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5) ON CONFLICT (name) DO UPDATE SET header_key = ?2, columns = ?3, "
		"changed_at = ?4, changed_by = ?5") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_text(statement, 1, name);
		statement_bind_text(statement, 2, key);
		statement_bind_text(statement, 3, columns);
		statement_bind_text(statement, 4, now);
		statement_bind_int64(statement, 5, session->account_id);
		status = statement_step(statement) == STORAGE_DONE ? STATUS_OK : database_fail(db, "import mapping");
		database_finalize(statement);
	}
	long long id = 0;
	if (status == STATUS_OK) {
		statement = database_prepare(db, "SELECT id FROM import_mapping WHERE name = ?");
		if (statement) {
			statement_bind_text(statement, 1, name);
			if (statement_step(statement) == STORAGE_ROW)
				id = statement_column_int64(statement, 0);
			database_finalize(statement);
		}
		status = audit_append(db, session->account_id, "import.mapping-save", "import_mapping", id, "name,columns");
	}
	free(key);
	free(columns);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		text_copy(import->applied_mapping, sizeof import->applied_mapping, name);
	return status;
}

/* Reads the header (the first record) and the first data row of the file. */
struct open_reading {
	struct csv_import *import;
	int records;
	bool failed;
};

bool import_record_is_blank(const struct csv_record *record)
{
	for (int i = 0; i < record->count; i++)
		for (const char *p = record->cells[i]; *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				return false;
	return true;
}

static bool open_visit(const struct csv_record *record, void *context)
{
	struct open_reading *reading = context;
	struct csv_import *import = reading->import;
	if (reading->records == 0) {
		import->columns = calloc((size_t)record->count, sizeof *import->columns);
		if (!import->columns) {
			reading->failed = true;
			return false;
		}
		import->column_count = record->count;
		for (int i = 0; i < record->count; i++) {
			char cleaned[1024];
			import_clean_cell(record->cells[i], cleaned, sizeof cleaned, false);
			import->columns[i].header = import_copy_text(cleaned);
			fold_header(record->cells[i], &import->columns[i].folded);
			import->columns[i].sample = import_copy_text("");
			if (!import->columns[i].header || !import->columns[i].folded || !import->columns[i].sample) {
				reading->failed = true;
				return false;
			}
		}
		reading->records++;
		return true;
	}
	if (import_record_is_blank(record))
		return true;
	for (int i = 0; i < import->column_count && i < record->count; i++) {
		char cleaned[1024];
		import_clean_cell(record->cells[i], cleaned, sizeof cleaned, false);
		char *sample = import_copy_text(cleaned);
		if (!sample) {
			reading->failed = true;
			return false;
		}
		free(import->columns[i].sample);
		import->columns[i].sample = sample;
	}
	reading->records++;
	return false;
}

void csv_import_close(struct csv_import *import)
{
	if (!import)
		return;
	if (import->stream)
		fclose(import->stream);
	for (int i = 0; i < import->column_count; i++) {
		free(import->columns[i].header);
		free(import->columns[i].sample);
		free(import->columns[i].folded);
	}
	free(import->columns);
	free(import->targets);
	free(import);
}

enum status csv_import_open(struct session *session, const char *path, const struct import_options *options,
			    struct csv_import **out)
{
	*out = NULL;
	enum status status = permission_require(session, PERMISSION_EDIT_CONTACTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct csv_import *import = calloc(1, sizeof *import);
	if (!import)
		return STATUS_ERR_NO_MEMORY;
	import->session = session;
	if (options)
		import->options = *options;
	else
		import_options_init(&import->options);
	text_copy(import->path, sizeof import->path, path);
	const char *slash = strrchr(path, '/');
	char base[256];
	text_copy(base, sizeof base, slash ? slash + 1 : path);
	text_make_inert(base, import->name, sizeof import->name);
	/* With the user's own rights: an import must not read the register's folder. */
	import->stream = office_open_user_file(path, "rbe");
	if (!import->stream || fstat(fileno(import->stream), &import->opened) != 0) {
		import_set_error(db, "%s: %s", import->name, strerror(errno));
		csv_import_close(import);
		return STATUS_ERR_IO;
	}
	if (!S_ISREG(import->opened.st_mode)) {
		import_set_error(db, "%s: %s", import->name, _("not a regular file"));
		csv_import_close(import);
		return STATUS_ERR_IO;
	}
	if (!csv_scan_stream(import->stream, import->name, import->options.encoding, import->options.delimiter,
			 &import->facts, db->error, sizeof db->error)) {
		csv_import_close(import);
		return STATUS_ERR_INVALID;
	}
	struct open_reading reading = { import, 0, false };
	if (!csv_read_records(import->stream, import->name, &import->facts, open_visit, &reading, NULL, NULL, db->error,
			  sizeof db->error) || reading.failed) {
		if (reading.failed)
			import_set_error(db, "%s", status_message(STATUS_ERR_NO_MEMORY));
		csv_import_close(import);
		return reading.failed ? STATUS_ERR_NO_MEMORY : STATUS_ERR_INVALID;
	}
	if (reading.records < 2) {
		import_set_error(db, "%s: %s", import->name,
			 reading.records == 0 ? _("the file is empty") : _("only a header row, no data rows"));
		csv_import_close(import);
		return STATUS_ERR_INVALID;
	}
	if (!build_targets(import)) {
		csv_import_close(import);
		return STATUS_ERR_NO_MEMORY;
	}
	status = load_mapping(import, NULL);
	if (status == STATUS_ERR_NOT_FOUND)
		map_by_headers(import);
	else if (status != STATUS_OK) {
		csv_import_close(import);
		return status;
	}
	*out = import;
	return STATUS_OK;
}

struct import_options *csv_import_options(struct csv_import *import)
{
	return &import->options;
}

const char *csv_import_path(const struct csv_import *import)
{
	return import->path;
}

enum import_encoding csv_import_encoding(const struct csv_import *import)
{
	return import->facts.encoding;
}

char csv_import_delimiter(const struct csv_import *import)
{
	return import->facts.delimiter;
}

bool csv_import_had_bom(const struct csv_import *import)
{
	return import->facts.bom;
}

long long csv_import_line_count(const struct csv_import *import)
{
	return import->facts.lines;
}

long long csv_import_file_bytes(const struct csv_import *import)
{
	return import->facts.bytes;
}

int csv_import_column_count(const struct csv_import *import)
{
	return import->column_count;
}

const char *csv_import_column_header(const struct csv_import *import, int column)
{
	return column >= 0 && column < import->column_count ? import->columns[column].header : "";
}

const char *csv_import_column_sample(const struct csv_import *import, int column)
{
	return column >= 0 && column < import->column_count ? import->columns[column].sample : "";
}

struct import_target csv_import_column_target(const struct csv_import *import, int column)
{
	if (column < 0 || column >= import->column_count)
		return (struct import_target){ .kind = IMPORT_TARGET_IGNORE };
	return import->columns[column].target;
}

void csv_import_set_column_target(struct csv_import *import, int column, const struct import_target *target)
{
	if (column >= 0 && column < import->column_count)
		import->columns[column].target = *target;
}

const char *csv_import_applied_mapping(const struct csv_import *import)
{
	return import->applied_mapping;
}

bool csv_import_mapping_ready(const struct csv_import *import, char *reason, size_t reason_size)
{
	bool first = false, last = false, full = false;
	for (int column = 0; column < import->column_count; column++) {
		const struct import_target *target = &import->columns[column].target;
		if (target->kind == IMPORT_TARGET_IGNORE)
			continue;
		if (validate_is_identity_code_header(import->columns[column].header)) {   /* issue 13; GDPR Art. 87 */
			snprintf(reason, reason_size, _("the column %s holds identity codes: do not record identity codes or "
							"document numbers; leave it out"), import->columns[column].header);
			return false;
		}
		for (int other = 0; other < column; other++) {
			if (same_target(&import->columns[other].target, target)) {
				char label[256];
				import_target_label(import->session->db, target, label, sizeof label);
				snprintf(reason, reason_size, _("two columns go to %s: choose one"), label);
				return false;
			}
		}
		first |= target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_FIRST_NAME;
		last |= target->kind == IMPORT_TARGET_FIELD && target->field == CONTACT_LAST_NAME;
		full |= target->kind == IMPORT_TARGET_FULL_NAME;
	}
	if (full && (first || last)) {
		text_copy(reason, reason_size, _("map either a name column or the first and last name columns, not both"));
		return false;
	}
	if (!full && !(first && last)) {
		text_copy(reason, reason_size, _("map a column to First name and one to Last name (or one to Name)"));
		return false;
	}
	return true;
}


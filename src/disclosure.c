/* Recipients, exports and the disclosure log (notice §2, §3.1). */
#include "disclosure.h"
#include "database_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "csv_output.h"
#include "contact_internal.h"
#include "i18n.h"
#include "office.h"
#include "progress.h"
#include "permission.h"
#include "text.h"
#include "validate.h"
#include "disclosure_internal.h"

static const struct {
	const char *code;
	const char *label;
} kinds[] = {
#define KIND_ROW(name, code, label) [RECIPIENT_##name] = { code, label },
	RECIPIENT_KINDS(KIND_ROW)
#undef KIND_ROW
}, safeguards[] = {
#define SAFEGUARD_ROW(name, code, label) [SAFEGUARD_##name] = { code, label },
	SAFEGUARDS(SAFEGUARD_ROW)
#undef SAFEGUARD_ROW
};

const char *recipient_kind_code(enum recipient_kind kind) { return kinds[kind].code; }
const char *recipient_kind_label(enum recipient_kind kind) { return _(kinds[kind].label); }
const char *safeguard_code(enum safeguard safeguard) { return safeguards[safeguard].code; }
const char *safeguard_label(enum safeguard safeguard) { return _(safeguards[safeguard].label); }

bool recipient_kind_parse(const char *code, enum recipient_kind *out)
{
	for (int kind = 0; kind < RECIPIENT_KIND_COUNT; kind++) {
		if (strcmp(code, kinds[kind].code) == 0) {
			*out = (enum recipient_kind)kind;
			return true;
		}
	}
	return false;
}

bool safeguard_parse(const char *code, enum safeguard *out)
{
	for (int safeguard = 0; safeguard < SAFEGUARD_COUNT; safeguard++) {
		if (strcmp(code, safeguards[safeguard].code) == 0) {
			*out = (enum safeguard)safeguard;
			return true;
		}
	}
	return false;
}

enum status recipient_save(struct session *session, struct recipient *recipient)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_RECIPIENTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* Stored composed (NFC), whichever form the screen, batch or file sent. */
	text_nfc_into(recipient->name, recipient->name, sizeof recipient->name);
	text_nfc_into(recipient->safeguard_reference, recipient->safeguard_reference, sizeof recipient->safeguard_reference);
	char reason[160], date[16];
	if (!validate_text(recipient->name, 200, true, false, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!validate_text(recipient->safeguard_reference, 200, false, false, reason, sizeof reason) ||
	    !validate_date(recipient->safeguard_date, date, sizeof date, reason, sizeof reason))
		return database_refuse(db, reason);
	if (recipient->safeguard != SAFEGUARD_NONE && (!*recipient->safeguard_reference || !*date))
		return database_refuse(db, _("a safeguard needs its reference and date"));
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	bool is_new = recipient->id == 0;
	struct statement *statement = database_prepare(db, is_new
		? "INSERT INTO recipient (name, kind, country, safeguard, safeguard_reference, safeguard_date, created_at, created_by) "
		  "SELECT ?1, ?2, code, ?4, ?5, ?6, ?7, ?8 FROM country WHERE code = ?3"
		: "UPDATE recipient SET name = ?1, kind = ?2, country = (SELECT code FROM country WHERE code = ?3), "
		  "safeguard = ?4, safeguard_reference = ?5, safeguard_date = ?6, version = version + 1 "
		  "WHERE id = ?7 AND version = ?8 AND EXISTS (SELECT 1 FROM country WHERE code = ?3)");
	int rc = STORAGE_ERROR;
	if (statement) {
		statement_bind_text(statement, 1, recipient->name);
		statement_bind_text(statement, 2, recipient_kind_code(recipient->kind));
		statement_bind_text(statement, 3, recipient->country);
		statement_bind_text(statement, 4, safeguard_code(recipient->safeguard));
		statement_bind_text(statement, 5, recipient->safeguard_reference);
		statement_bind_text(statement, 6, date);
		/* Every parameter is used (PostgreSQL infers each one's type from its use). */
		if (is_new) {
			statement_bind_text(statement, 7, now);
			statement_bind_int64(statement, 8, session->account_id);
		} else {
			statement_bind_int64(statement, 7, recipient->id);
			statement_bind_int64(statement, 8, recipient->version);
		}
		rc = statement_step(statement);
		database_finalize(statement);
	}
	status = rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "recipient");
	if (status == STATUS_OK && database_changes(db) != 1) {
		snprintf(db->error, sizeof db->error, "%s", _("use a two-letter ISO 3166 country code such as FI or SE"));
		status = is_new ? STATUS_ERR_INVALID : STATUS_ERR_CONFLICT;
	}
	if (status == STATUS_OK && is_new)
		recipient->id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, is_new ? "recipient.add" : "recipient.edit", "recipient",
				      recipient->id, "name,kind,country,safeguard");
	status = database_finish(db, status);
	if (status == STATUS_OK)
		recipient->version = is_new ? 1 : recipient->version + 1;
	else if (is_new)
		recipient->id = 0;
	return status;
}

#define RECIPIENT_COLUMNS "r.id, r.version, r.name, r.kind, r.country, co.eu_eea, r.safeguard, " \
	"r.safeguard_reference, r.safeguard_date FROM recipient r JOIN country co ON co.code = r.country"

static void read_recipient(struct statement *statement, struct recipient *out)
{
	memset(out, 0, sizeof *out);
	out->id = statement_column_int64(statement, 0);
	out->version = statement_column_int64(statement, 1);
	text_copy(out->name, sizeof out->name, database_text(statement, 2));
	recipient_kind_parse(database_text(statement, 3), &out->kind);
	text_copy(out->country, sizeof out->country, database_text(statement, 4));
	out->eu_eea = statement_column_int(statement, 5) != 0;
	safeguard_parse(database_text(statement, 6), &out->safeguard);
	text_copy(out->safeguard_reference, sizeof out->safeguard_reference, database_text(statement, 7));
	text_copy(out->safeguard_date, sizeof out->safeguard_date, database_text(statement, 8));
}

static enum status require_recipient_reader(struct session *session)
{
	if (permission_allows(session->role, PERMISSION_MANAGE_TRAININGS) ||
	    permission_allows(session->role, PERMISSION_MANAGE_EVENTS))
		return STATUS_OK;
	return permission_require(session, PERMISSION_RECORD_DISCLOSURE);
}

enum status recipient_load(struct session *session, long long id, struct recipient *out)
{
	enum status status = require_recipient_reader(session);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db, "SELECT " RECIPIENT_COLUMNS " WHERE r.id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, id);
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW)
		read_recipient(statement, out);
	database_finalize(statement);
	if (rc == STORAGE_ROW)
		return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error, _("no recipient #%lld"), id);
	return STATUS_ERR_NOT_FOUND;
}

/* Recipients are known to those who disclose, and to those who choose an
 * external trainer (notice §2.6) or a venue (notice §2.7). */
int recipient_list(struct session *session, struct recipient *out, int max)
{
	if (require_recipient_reader(session) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db, "SELECT " RECIPIENT_COLUMNS " ORDER BY r.name COLLATE finnish, r.id");
	if (!statement)
		return -1;
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < max && (rc = statement_step(statement)) == STORAGE_ROW)
		read_recipient(statement, &out[count++]);
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "recipients");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

enum status recipient_may_receive(struct session *session, const struct recipient *recipient)
{
	if (recipient->eu_eea || recipient->safeguard != SAFEGUARD_NONE)
		return STATUS_OK;
	snprintf(session->db->error, sizeof session->db->error,
		 _("%s is outside the EU/EEA (%s) and has no recorded safeguard: nothing may be disclosed to it (notice §3.1)"),
		 recipient->name, recipient->country);
	audit_append(session->db, session->account_id, "disclosure.refused", "recipient", recipient->id, "safeguard");
	return STATUS_ERR_TRANSFER_REFUSED;
}

/* The columns an export may carry, by name. */
static const char *const exportable[] = {
	"first_name", "last_name", "organisation", "street", "postal_code", "city", "country", "email", "phone",
};
#define EXPORTABLE_COUNT ((int)(sizeof exportable / sizeof exportable[0]))

/* Reads every active contact with what the rule needs, in Finnish order;
 * the standing statement and the soft opt-in by the shared views
 * (consent_standing, soft_opt_in_standing). The soft opt-in is looked up
 * only where it can matter (?3: the purpose allows it; a private person
 * without a standing ban), so other exports pay nothing for it. */
#define EXPORT_QUERY \
	"SELECT c.id, c.first_name, c.last_name, coalesce(o.name, ''), c.street, c.postal_code, c.city, c.country, " \
	"c.email, c.phone, c.organisation_id IS NOT NULL, c.relationship_end <> '' AND c.relationship_end <= ?2, " \
	"coalesce(e.state, 'none'), coalesce(e.expires_on, ''), " \
	"CASE WHEN ?3 <> 0 AND c.organisation_id IS NULL AND coalesce(e.state, 'none') <> 'objection' " \
	"THEN EXISTS (SELECT 1 FROM soft_opt_in_standing s WHERE s.contact_id = c.id AND s.purpose = ?1) ELSE FALSE END " \
	"FROM contact c INDEXED BY contact_sort LEFT JOIN organisation o ON o.id = c.organisation_id " \
	"LEFT JOIN consent_standing e ON e.contact_id = c.id AND e.purpose = ?1 " \
	"WHERE c.merged_into IS NULL AND c.restricted_until = '' ORDER BY c.sort_key, c.id"
#define EXPORT_FIRST_VALUE 1

static enum eligibility judge(const struct purpose *purpose, struct statement *statement, const char *today)
{
	struct eligibility_facts facts = { 0 };
	enum consent_state state = CONSENT_STATE_NONE;
	consent_state_parse(database_text(statement, 12), &state);
	facts.state = consent_effective_state(state, database_text(statement, 13), today);
	facts.soft_opt_in = statement_column_int(statement, 14) != 0;
	facts.at_organisation = statement_column_int(statement, 10) != 0;
	facts.relationship_ended = statement_column_int(statement, 11) != 0;
	facts.has_postal_address = *database_text(statement, 4) && *database_text(statement, 5) && *database_text(statement, 6);
	facts.has_email = *database_text(statement, 8) != '\0';
	facts.has_phone = *database_text(statement, 9) != '\0';
	return consent_eligibility(purpose, &facts);
}

/* Checks permission, purpose and recipient (the transfer rule of notice §3.1). */
static enum status prepare_export(struct session *session, const char *purpose_code, long long recipient_id,
				  struct purpose *purpose, struct recipient *recipient)
{
	enum status status = permission_require(session, PERMISSION_EXPORT);
	if (status == STATUS_OK)
		status = consent_purpose_find(session->db, purpose_code, purpose);
	if (status == STATUS_OK)
		status = recipient_load(session, recipient_id, recipient);
	if (status == STATUS_OK)
		status = recipient_may_receive(session, recipient);
	return status;
}

/* The contacts the export query walks, for its progress. */
static long long count_candidates(struct database *db)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM contact WHERE merged_into IS NULL AND restricted_until = ''");
	long long count = statement && statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

/* Runs the export query, calling row() for each eligible contact. */
static enum status walk_contacts(struct session *session, const struct purpose *purpose, struct export_preview *preview,
				 enum status (*row)(struct statement *statement, void *context), void *context)
{
	memset(preview, 0, sizeof *preview);
	char today[11];
	calendar_today(today);
	struct statement *statement = database_prepare(session->db, EXPORT_QUERY);
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, purpose->code);
	statement_bind_text(statement, 2, today);
	statement_bind_int(statement, 3, purpose->soft_opt_in && !purpose->third_party);
	/* Both the preview and the export may stop at any row: nothing is kept (issue 16). */
	progress_begin(session->db, PROGRESS_EXPORT, count_candidates(session->db), true);
	enum status status = STATUS_OK;
	int rc;
	while (status == STATUS_OK && (rc = statement_step(statement)) == STORAGE_ROW) {
		enum eligibility verdict = judge(purpose, statement, today);
		preview->considered++;
		preview->counts[verdict]++;
		if (verdict == ELIGIBILITY_ELIGIBLE && row)
			status = row(statement, context);
		if (status == STATUS_OK && !progress_advance(session->db, preview->considered))
			status = progress_cancelled(session->db, row ? _("export cancelled: no file was written and nothing was recorded")
								     : _("cancelled"));
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "export");
	database_finalize(statement);
	progress_end(session->db);
	return status;
}

enum status export_preview(struct session *session, const char *purpose_code, long long recipient_id,
			   struct export_preview *out)
{
	struct purpose purpose;
	struct recipient recipient;
	enum status status = prepare_export(session, purpose_code, recipient_id, &purpose, &recipient);
	if (status != STATUS_OK)
		return status;
	database_whole_register_pass(session->db, true);
	status = walk_contacts(session, &purpose, out, NULL, NULL);
	database_whole_register_pass(session->db, false);
	return status;
}

/* Inserts the disclosure row; its id in *id. */
static enum status insert_disclosure(struct session *session, const char *kind, long long recipient_id,
				     const char *purpose, const char *legal_ground, const char *fields,
				     const char *file_name, const char *note, const char *made_at, long long *id)
{
	struct statement *statement = database_prepare(session->db,
		"INSERT INTO disclosure (kind, recipient_id, purpose, legal_ground, fields, file_name, contact_count, note, "
		"made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, kind);
	statement_bind_int64(statement, 2, recipient_id);
	statement_bind_text(statement, 3, purpose);
	statement_bind_text(statement, 4, legal_ground);
	statement_bind_text(statement, 5, fields);
	statement_bind_text(statement, 6, file_name);
	statement_bind_text(statement, 7, note);
	statement_bind_text(statement, 8, made_at);
	statement_bind_int64(statement, 9, session->account_id);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE)
		return database_fail(session->db, "disclosure");
	*id = database_last_insert_id(session->db);
	return STATUS_OK;
}

/* A disclosure being written: the file under a temporary name, the open
 * transaction with the disclosure row, and the statement linking people. */
struct disclosure_file {
	struct session *session;
	char path[4096];
	char temporary[4200];
	FILE *file;
	long long disclosure_id;
	long long rows;
	struct statement *link;                 /* INSERT INTO disclosure_contact */
	char fields[512];
	/* PostgreSQL: the contacts not yet linked, inserted LINK_BATCH at a
	 * time (a round trip a contact would dominate a large export); SQLite
	 * inserts each in-process as it is written. NULL on SQLite. */
	long long *pending;
	int pending_count;
};

#define LINK_BATCH 10000

/* SHA-256 of a file, as hex. */
static bool file_sha256(const char *path, char hex[65])
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	crypto_hash_sha256_state state;
	crypto_hash_sha256_init(&state);
	unsigned char buffer[65536], digest[crypto_hash_sha256_BYTES];
	size_t length;
	while ((length = fread(buffer, 1, sizeof buffer, file)) > 0)
		crypto_hash_sha256_update(&state, buffer, length);
	bool ok = !ferror(file);
	fclose(file);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return ok;
}

/* GDPR Art. 19: the recipient of a disclosure is one to tell for every open
 * request of a person in it. One statement per disclosure, from the few
 * open requests' links to the disclosure's rows (not a trigger per row). */
static enum status note_request_recipients(struct database *db, long long disclosure_id)
{
	return database_run(db,
		"INSERT OR IGNORE INTO request_recipient (request_id, recipient_id) "
		"SELECT rc.request_id, d.recipient_id FROM subject_request r CROSS JOIN request_contact rc "
		"CROSS JOIN disclosure_contact dc CROSS JOIN disclosure d "
		"WHERE r.status NOT IN ('completed', 'refused') AND rc.request_id = r.id "
		"AND dc.disclosure_id = ?1 AND dc.contact_id = rc.contact_id AND d.id = ?1", "i", disclosure_id);
}

/* Creates path.part (0600, never over an existing file), opens the
 * transaction, inserts the disclosure row and writes the header. */
static enum status disclosure_file_open(struct disclosure_file *out, struct session *session, long long recipient_id,
					const char *purpose, const char *legal_ground, const char *const *header, int columns,
					const char *path)
{
	struct database *db = session->db;
	memset(out, 0, sizeof *out);
	/* The office install writes only into its files folder (issue 14). */
	char checked[4096];
	if (!office_output_path(path, checked, sizeof checked, db->error, sizeof db->error))
		return STATUS_ERR_FORBIDDEN;
	path = checked;
	out->session = session;
	text_copy(out->path, sizeof out->path, path);
	snprintf(out->temporary, sizeof out->temporary, "%s.part", path);
	for (int i = 0; i < columns; i++)
		snprintf(out->fields + strlen(out->fields), sizeof out->fields - strlen(out->fields), "%s%s", i ? "," : "", header[i]);
	int fd = open(out->temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, office_file_mode());
	if (fd < 0) {
		snprintf(db->error, sizeof db->error, _("cannot create %s: %s"), out->temporary, strerror(errno));
		return STATUS_ERR_IO;
	}
	out->file = fdopen(fd, "w");
	if (!out->file) {
		close(fd);
		unlink(out->temporary);
		return STATUS_ERR_NO_MEMORY;
	}
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	enum status status = database_begin(db);
	if (status == STATUS_OK)
		status = insert_disclosure(session, "export", recipient_id, purpose, legal_ground, out->fields, path, "", now,
					   &out->disclosure_id);
	bool batched = database_engine(db) == ENGINE_POSTGRESQL;
	if (status == STATUS_OK && batched && !(out->pending = malloc(LINK_BATCH * sizeof *out->pending)))
		status = STATUS_ERR_NO_MEMORY;
	if (status == STATUS_OK) {
		out->link = database_prepare(db, batched
			? "INSERT INTO disclosure_contact (disclosure_id, contact_id) SELECT CAST(?1 AS bigint), unnest(CAST(?2 AS bigint[]))"
			: "INSERT INTO disclosure_contact (disclosure_id, contact_id) VALUES (?, ?)");
		if (!out->link)
			status = STATUS_ERR_DATABASE;
		else
			statement_bind_int64(out->link, 1, out->disclosure_id);
	}
	if (status == STATUS_OK && csv_output_row(out->file, header, columns) != 0)
		status = STATUS_ERR_IO;
	return status;
}

/* Links the pending contacts to the disclosure in one statement, their ids
 * as one array ("{1,2,3}"). */
static enum status link_pending(struct disclosure_file *disclosure)
{
	struct database *db = disclosure->session->db;
	if (!disclosure->pending || disclosure->pending_count == 0)
		return STATUS_OK;
	size_t size = (size_t)disclosure->pending_count * 21 + 3, used = 0;
	char *ids = malloc(size);
	if (!ids)
		return STATUS_ERR_NO_MEMORY;
	ids[used++] = '{';
	for (int i = 0; i < disclosure->pending_count; i++)
		used += (size_t)snprintf(ids + used, size - used, "%s%lld", i ? "," : "", disclosure->pending[i]);
	snprintf(ids + used, size - used, "}");
	statement_reset(disclosure->link);
	statement_bind_text(disclosure->link, 2, ids);
	free(ids);
	if (statement_step(disclosure->link) != STORAGE_DONE)
		return database_fail(db, "disclosure");
	disclosure->pending_count = 0;
	return STATUS_OK;
}

static enum status disclosure_file_row(struct disclosure_file *disclosure, long long contact_id, const char *const *cells,
				       int columns)
{
	struct database *db = disclosure->session->db;
	if (csv_output_row(disclosure->file, cells, columns) != 0) {
		snprintf(db->error, sizeof db->error, _("cannot write the export file: %s"), strerror(errno));
		return STATUS_ERR_IO;
	}
	if (disclosure->pending) {
		disclosure->pending[disclosure->pending_count++] = contact_id;
		disclosure->rows++;
		return disclosure->pending_count == LINK_BATCH ? link_pending(disclosure) : STATUS_OK;
	}
	statement_reset(disclosure->link);
	statement_bind_int64(disclosure->link, 2, contact_id);
	if (statement_step(disclosure->link) != STORAGE_DONE)
		return database_fail(db, "disclosure");
	disclosure->rows++;
	return STATUS_OK;
}

/* Finishes: on success records the SHA-256, audits, commits, and only then
 * gives the file its name (never a file without its record); on failure
 * rolls back and removes the file. */
static enum status disclosure_file_close(struct disclosure_file *disclosure, enum status status, char sha256_hex[65])
{
	struct database *db = disclosure->session->db;
	if (status == STATUS_OK)
		status = link_pending(disclosure);
	database_finalize(disclosure->link);
	free(disclosure->pending);
	if ((fflush(disclosure->file) != 0 || fsync(fileno(disclosure->file)) != 0) && status == STATUS_OK) {
		snprintf(db->error, sizeof db->error, _("cannot write the export file: %s"), strerror(errno));
		status = STATUS_ERR_IO;
	}
	fclose(disclosure->file);
	if (status == STATUS_OK && !file_sha256(disclosure->temporary, sha256_hex))
		status = STATUS_ERR_IO;
	if (status == STATUS_OK)
		status = note_request_recipients(db, disclosure->disclosure_id);
	if (status == STATUS_OK) {
		struct statement *statement = database_prepare(db, "UPDATE disclosure SET file_sha256 = ?, contact_count = ? WHERE id = ?");
		if (!statement) {
			status = STATUS_ERR_DATABASE;
		} else {
			statement_bind_text(statement, 1, sha256_hex);
			statement_bind_int64(statement, 2, disclosure->rows);
			statement_bind_int64(statement, 3, disclosure->disclosure_id);
			if (statement_step(statement) != STORAGE_DONE)
				status = database_fail(db, "disclosure");
			database_finalize(statement);
		}
	}
	if (status == STATUS_OK)
		status = audit_append(db, disclosure->session->account_id, "disclosure.export", "disclosure",
				      disclosure->disclosure_id, disclosure->fields);
	/* Never over an existing file: the log must name what was written. */
	if (status == STATUS_OK && faccessat(AT_FDCWD, disclosure->path, F_OK, AT_EACCESS) == 0) {
		snprintf(db->error, sizeof db->error, _("%s already exists: choose another file name"), disclosure->path);
		status = STATUS_ERR_EXISTS;
	}
	status = database_finish(db, status);
	if (status == STATUS_OK && link(disclosure->temporary, disclosure->path) == 0)
		unlink(disclosure->temporary);
	else if (status == STATUS_OK) {
		snprintf(db->error, sizeof db->error, _("the export was recorded but %s could not be written: %s"),
			 disclosure->path, strerror(errno));
		status = STATUS_ERR_IO;
	}
	if (status != STATUS_OK)
		unlink(disclosure->temporary);
	return status;
}

struct export_writer {
	struct disclosure_file *disclosure;
	int columns[EXPORTABLE_COUNT];      /* query column of each exported field */
	int column_count;
};

static enum status write_contact(struct statement *statement, void *context)
{
	struct export_writer *writer = context;
	const char *cells[EXPORTABLE_COUNT];
	for (int i = 0; i < writer->column_count; i++)
		cells[i] = database_text(statement, writer->columns[i]);
	return disclosure_file_row(writer->disclosure, statement_column_int64(statement, 0), cells, writer->column_count);
}

enum status export_write(struct session *session, const char *purpose_code, long long recipient_id,
			 const char *path, struct export_preview *out, char sha256_hex[65])
{
	struct purpose purpose;
	struct recipient recipient;
	enum status status = prepare_export(session, purpose_code, recipient_id, &purpose, &recipient);
	if (status != STATUS_OK)
		return status;
	/* Only the fields the purpose needs, in the purpose's order. */
	struct disclosure_file disclosure;
	struct export_writer writer = { .disclosure = &disclosure };
	char fields[sizeof purpose.export_fields];
	text_copy(fields, sizeof fields, purpose.export_fields);
	const char *header[EXPORTABLE_COUNT];
	for (char *field = strtok(fields, ","); field && writer.column_count < EXPORTABLE_COUNT; field = strtok(NULL, ",")) {
		for (int i = 0; i < EXPORTABLE_COUNT; i++) {
			if (strcmp(field, exportable[i]) == 0) {
				header[writer.column_count] = exportable[i];
				writer.columns[writer.column_count++] = EXPORT_FIRST_VALUE + i;
			}
		}
	}
	status = disclosure_file_open(&disclosure, session, recipient_id, purpose.code, purpose.legal_ground, header,
				      writer.column_count, path);
	if (!disclosure.file)
		return status;
	if (status == STATUS_OK) {
		database_whole_register_pass(session->db, true);
		status = walk_contacts(session, &purpose, out, write_contact, &writer);
		database_whole_register_pass(session->db, false);
	}
	return disclosure_file_close(&disclosure, status, sha256_hex);
}

enum status disclosure_write_people(struct session *session, long long recipient_id, const char *purpose,
				    const char *legal_ground, const char *columns, const long long *contact_ids,
				    long long count, const char *path, char sha256_hex[65])
{
	struct recipient recipient;
	enum status status = recipient_load(session, recipient_id, &recipient);
	if (status == STATUS_OK)
		status = recipient_may_receive(session, &recipient);
	if (status != STATUS_OK)
		return status;
	static const char *const allowed[] = { "first_name", "last_name", "organisation" };
	const char *header[3];
	int indexes[3], column_count = 0;
	char list[128];
	text_copy(list, sizeof list, columns);
	for (char *column = strtok(list, ","); column && column_count < 3; column = strtok(NULL, ","))
		for (int i = 0; i < 3; i++)
			if (strcmp(column, allowed[i]) == 0) {
				header[column_count] = allowed[i];
				indexes[column_count++] = i;
			}
	struct disclosure_file disclosure;
	status = disclosure_file_open(&disclosure, session, recipient_id, purpose, legal_ground, header, column_count, path);
	if (!disclosure.file)
		return status;
	struct statement *statement = status == STATUS_OK ? database_prepare(session->db,
		"SELECT c.first_name, c.last_name, coalesce(o.name, '') FROM contact c "
		"LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id = ?") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	for (long long i = 0; status == STATUS_OK && i < count; i++) {
		statement_reset(statement);
		statement_bind_int64(statement, 1, contact_ids[i]);
		if (statement_step(statement) != STORAGE_ROW)
			continue;
		const char *cells[3];
		for (int c = 0; c < column_count; c++)
			cells[c] = database_text(statement, indexes[c]);
		status = disclosure_file_row(&disclosure, contact_ids[i], cells, column_count);
	}
	database_finalize(statement);
	return disclosure_file_close(&disclosure, status, sha256_hex);
}

enum status disclosure_record(struct session *session, long long contact_id, const struct manual_disclosure *disclosure)
{
	enum status status = permission_require(session, PERMISSION_RECORD_DISCLOSURE);
	if (status == STATUS_OK)
		status = contact_require_writable(session->db, contact_id);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct recipient recipient;
	status = recipient_load(session, disclosure->recipient_id, &recipient);
	if (status != STATUS_OK)
		return status;
	status = recipient_may_receive(session, &recipient);
	if (status != STATUS_OK)
		return status;
	char reason[160], made_on[16];
	if (!validate_text(disclosure->purpose, 200, true, false, reason, sizeof reason) ||
	    !validate_text(disclosure->legal_ground, 200, true, false, reason, sizeof reason) ||
	    !validate_text(disclosure->fields, 400, true, false, reason, sizeof reason) ||
	    !validate_text(disclosure->note, 1000, false, true, reason, sizeof reason) ||
	    !validate_date(disclosure->made_on, made_on, sizeof made_on, reason, sizeof reason))
		return database_refuse(db, reason);
	if (!*made_on)
		calendar_today(made_on);
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	long long id = 0;
	status = insert_disclosure(session, "manual", disclosure->recipient_id, disclosure->purpose, disclosure->legal_ground,
				   disclosure->fields, "", disclosure->note, made_on, &id);
	struct statement *statement = status == STATUS_OK ? database_prepare(db,
		"INSERT INTO disclosure_contact (disclosure_id, contact_id) SELECT ?, id FROM contact WHERE id = ? AND merged_into IS NULL") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_int64(statement, 1, id);
		statement_bind_int64(statement, 2, contact_id);
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "disclosure");
		else if (database_changes(db) != 1)
			status = database_refuse(db, _("no such contact"));
		database_finalize(statement);
	}
	if (status == STATUS_OK) {
		statement = database_prepare(db, "UPDATE disclosure SET contact_count = 1 WHERE id = ?");
		if (statement) {
			statement_bind_int64(statement, 1, id);
			statement_step(statement);
			database_finalize(statement);
		}
		status = note_request_recipients(db, id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "disclosure.manual", "contact", contact_id, "disclosure");
	}
	return database_finish(db, status);
}

int disclosure_list(struct session *session, const struct disclosure_filter *filter, int offset,
		    struct disclosure_row *out, int limit)
{
	enum permission needed = filter && filter->contact_id ? PERMISSION_VIEW_REGISTER : PERMISSION_VIEW_DISCLOSURE_LOG;
	if (permission_require(session, needed) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT d.id, d.kind, r.name, d.purpose, d.legal_ground, d.fields, d.file_name, d.file_sha256, d.contact_count, "
		"d.made_at, coalesce(a.username, ''), r.kind, r.country FROM disclosure d JOIN recipient r ON r.id = d.recipient_id "
		"LEFT JOIN account a ON a.id = d.made_by "
		"WHERE (?1 = 0 OR d.recipient_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR d.purpose = ?2) "
		"AND (CAST(?8 AS TEXT) IS NULL OR r.kind = ?8) "
		"AND (CAST(?3 AS TEXT) IS NULL OR substr(d.made_at, 1, 10) >= ?3) "
		"AND (CAST(?4 AS TEXT) IS NULL OR substr(d.made_at, 1, 10) <= ?4) "
		"AND (?5 = 0 OR EXISTS (SELECT 1 FROM disclosure_contact dc WHERE dc.disclosure_id = d.id AND dc.contact_id = ?5)) "
		"ORDER BY d.made_at DESC, d.id DESC LIMIT ?6 OFFSET ?7");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, filter ? filter->recipient_id : 0);
	if (filter && filter->purpose && *filter->purpose)
		statement_bind_text(statement, 2, filter->purpose);
	if (filter && filter->from_date && *filter->from_date)
		statement_bind_text(statement, 3, filter->from_date);
	if (filter && filter->to_date && *filter->to_date)
		statement_bind_text(statement, 4, filter->to_date);
	statement_bind_int64(statement, 5, filter ? filter->contact_id : 0);
	statement_bind_int(statement, 6, limit);
	statement_bind_int(statement, 7, offset);
	if (filter && filter->recipient_kind && *filter->recipient_kind)
		statement_bind_text(statement, 8, filter->recipient_kind);
	int count = 0;
	int rc = STORAGE_DONE;
	while (count < limit && (rc = statement_step(statement)) == STORAGE_ROW) {
		struct disclosure_row *row = &out[count++];
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		text_copy(row->kind, sizeof row->kind, database_text(statement, 1));
		text_copy(row->recipient, sizeof row->recipient, database_text(statement, 2));
		text_copy(row->purpose, sizeof row->purpose, database_text(statement, 3));
		text_copy(row->legal_ground, sizeof row->legal_ground, database_text(statement, 4));
		text_copy(row->fields, sizeof row->fields, database_text(statement, 5));
		text_copy(row->file_name, sizeof row->file_name, database_text(statement, 6));
		text_copy(row->file_sha256, sizeof row->file_sha256, database_text(statement, 7));
		row->contact_count = statement_column_int64(statement, 8);
		text_copy(row->made_at, sizeof row->made_at, database_text(statement, 9));
		text_copy(row->made_by, sizeof row->made_by, database_text(statement, 10));
		recipient_kind_parse(database_text(statement, 11), &row->recipient_kind);
		text_copy(row->recipient_country, sizeof row->recipient_country, database_text(statement, 12));
	}
	/* PostgreSQL reports a failed read at the first step, not at prepare. */
	if (rc != STORAGE_ROW && rc != STORAGE_DONE) {
		database_fail(session->db, "disclosures");
		count = -1;
	}
	database_finalize(statement);
	return count;
}

/* ---- Every disclosure of one person, streamed, for the access report ---- */

enum status disclosure_each_for_contact(struct session *session, long long contact_id,
					enum status (*visit)(const struct disclosure_detail *row, void *context),
					void *context)
{
	enum status status = permission_require(session, PERMISSION_VIEW_REGISTER);
	if (status != STATUS_OK)
		return status;
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	struct statement *statement = database_prepare(session->db, finnish
		? "SELECT d.id, d.kind, d.made_at, coalesce(a.username, ''), r.name, r.kind, r.country, coalesce(c.name_fi, r.country), "
		  "coalesce(c.eu_eea, 0), r.safeguard, r.safeguard_reference, r.safeguard_date, "
		  "CASE WHEN d.kind = 'export' THEN coalesce(p.name_fi, d.purpose) ELSE d.purpose END, d.legal_ground, d.fields, d.note "
		  "FROM disclosure_contact dc JOIN disclosure d ON d.id = dc.disclosure_id JOIN recipient r ON r.id = d.recipient_id "
		  "LEFT JOIN country c ON c.code = r.country LEFT JOIN purpose p ON p.code = d.purpose "
		  "LEFT JOIN account a ON a.id = d.made_by WHERE dc.contact_id = ? ORDER BY d.made_at, d.id"
		: "SELECT d.id, d.kind, d.made_at, coalesce(a.username, ''), r.name, r.kind, r.country, coalesce(c.name_en, r.country), "
		  "coalesce(c.eu_eea, 0), r.safeguard, r.safeguard_reference, r.safeguard_date, "
		  "CASE WHEN d.kind = 'export' THEN coalesce(p.name_en, d.purpose) ELSE d.purpose END, d.legal_ground, d.fields, d.note "
		  "FROM disclosure_contact dc JOIN disclosure d ON d.id = dc.disclosure_id JOIN recipient r ON r.id = d.recipient_id "
		  "LEFT JOIN country c ON c.code = r.country LEFT JOIN purpose p ON p.code = d.purpose "
		  "LEFT JOIN account a ON a.id = d.made_by WHERE dc.contact_id = ? ORDER BY d.made_at, d.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	struct disclosure_detail *row = malloc(sizeof *row);
	if (!row) {
		database_finalize(statement);
		return STATUS_ERR_NO_MEMORY;
	}
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		memset(row, 0, sizeof *row);
		row->id = statement_column_int64(statement, 0);
		row->manual = strcmp(database_text(statement, 1), "manual") == 0;
		text_copy(row->made_at, sizeof row->made_at, database_text(statement, 2));
		text_copy(row->made_by, sizeof row->made_by, database_text(statement, 3));
		text_copy(row->recipient, sizeof row->recipient, database_text(statement, 4));
		recipient_kind_parse(database_text(statement, 5), &row->recipient_kind);
		text_copy(row->country, sizeof row->country, database_text(statement, 6));
		text_copy(row->country_name, sizeof row->country_name, database_text(statement, 7));
		row->eu_eea = statement_column_int(statement, 8) != 0;
		safeguard_parse(database_text(statement, 9), &row->safeguard);
		text_copy(row->safeguard_reference, sizeof row->safeguard_reference, database_text(statement, 10));
		text_copy(row->safeguard_date, sizeof row->safeguard_date, database_text(statement, 11));
		text_copy(row->purpose, sizeof row->purpose, database_text(statement, 12));
		text_copy(row->legal_ground, sizeof row->legal_ground, database_text(statement, 13));
		text_copy(row->fields, sizeof row->fields, database_text(statement, 14));
		text_copy(row->note, sizeof row->note, database_text(statement, 15));
		status = visit(row, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "disclosures");
	database_finalize(statement);
	free(row);
	return status;
}

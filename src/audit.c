#include "audit.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "clock.h"
#include "i18n.h"
#include "text.h"

#define HASH_BYTES crypto_hash_sha256_BYTES
_Static_assert(sizeof ((struct database *)0)->audit_tail_hash == HASH_BYTES, "the cached tail holds one hash");

/* An entry serialised for its hash: each field length-prefixed, so that no
 * two different entries serialise to the same bytes. Short entries are
 * gathered in a buffer and hashed in one call; a field too long for it
 * flushes the buffer first (the hash of the bytes is the same either way). */
struct hash_input {
	crypto_hash_sha256_state state;
	unsigned char buffer[1024];
	size_t used;
};

static void hash_bytes(struct hash_input *input, const void *bytes, size_t length)
{
	if (input->used + length > sizeof input->buffer) {
		crypto_hash_sha256_update(&input->state, input->buffer, input->used);
		input->used = 0;
		if (length > sizeof input->buffer) {
			crypto_hash_sha256_update(&input->state, bytes, length);
			return;
		}
	}
	memcpy(input->buffer + input->used, bytes, length);
	input->used += length;
}

/* Feeds one length-prefixed field into the hash. */
static void hash_text(struct hash_input *input, const char *text)
{
	uint32_t length = (uint32_t)strlen(text);
	unsigned char prefix[4] = { length >> 24, length >> 16, length >> 8, length };
	hash_bytes(input, prefix, sizeof prefix);
	hash_bytes(input, text, length);
}

/* A number as its decimal text, as "%lld" writes it. */
static void hash_number(struct hash_input *input, long long number)
{
	char text[32], *p = text + sizeof text;
	unsigned long long magnitude = number < 0 ? 0ULL - (unsigned long long)number : (unsigned long long)number;
	*--p = '\0';
	do {
		*--p = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude);
	if (number < 0)
		*--p = '-';
	hash_text(input, p);
}

static void entry_hash(const unsigned char previous[HASH_BYTES], long long id, const char *at,
		       long long account_id, const char *action, const char *entity,
		       long long record_id, const char *fields, unsigned char out[HASH_BYTES])
{
	struct hash_input input;
	crypto_hash_sha256_init(&input.state);
	input.used = 0;
	hash_bytes(&input, previous, HASH_BYTES);
	hash_number(&input, id);
	hash_text(&input, at);
	hash_number(&input, account_id);
	hash_text(&input, action);
	hash_text(&input, entity);
	hash_number(&input, record_id);
	hash_text(&input, fields);
	crypto_hash_sha256_update(&input.state, input.buffer, input.used);
	crypto_hash_sha256_final(&input.state, out);
}

/* Reads the newest entry's id and hash; id 0 and a zero hash when empty. */
static enum status read_tail(struct database *db, long long *id, unsigned char hash[HASH_BYTES])
{
	if (db->audit_tail_known) {
		*id = db->audit_tail_id;
		memcpy(hash, db->audit_tail_hash, HASH_BYTES);
		return STATUS_OK;
	}
	*id = 0;
	memset(hash, 0, HASH_BYTES);
	sqlite3_stmt *statement = database_prepare(db, "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
	if (!statement)
		return STATUS_ERR_DATABASE;
	int rc = sqlite3_step(statement);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(statement, 0);
		if (sqlite3_column_bytes(statement, 1) == HASH_BYTES)
			memcpy(hash, sqlite3_column_blob(statement, 1), HASH_BYTES);
	}
	database_finalize(statement);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK : database_fail(db, "audit");
}

enum status audit_append(struct database *db, long long account_id, const char *action,
			 const char *entity, long long record_id, const char *fields)
{
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	enum status status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	long long previous_id;
	unsigned char previous[HASH_BYTES], hash[HASH_BYTES];
	status = read_tail(db, &previous_id, previous);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	char at[32];
	clock_format_iso(clock_now(), at, sizeof at);
	long long id = previous_id + 1;
	entity = entity ? entity : "";
	fields = fields ? fields : "";
	entry_hash(previous, id, at, account_id, action, entity, record_id, fields, hash);

	sqlite3_stmt *statement = database_prepare(db,
		"INSERT INTO audit_entry (id, at, account_id, action, entity, record_id, fields, hash) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!statement) {
		database_rollback(db);
		return STATUS_ERR_DATABASE;
	}
	sqlite3_bind_int64(statement, 1, id);
	sqlite3_bind_text(statement, 2, at, -1, SQLITE_STATIC);
	if (account_id > 0)
		sqlite3_bind_int64(statement, 3, account_id);
	else
		sqlite3_bind_null(statement, 3);
	sqlite3_bind_text(statement, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(statement, 5, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(statement, 6, record_id);
	sqlite3_bind_text(statement, 7, fields, -1, SQLITE_STATIC);
	sqlite3_bind_blob(statement, 8, hash, HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(statement);
	database_finalize(statement);
	if (rc != SQLITE_DONE) {
		status = database_fail(db, "audit");
		database_rollback(db);
		return status;
	}
	database_after_commit(db, audit_write_head);
	db->audit_tail_known = true;
	db->audit_tail_id = id;
	memcpy(db->audit_tail_hash, hash, HASH_BYTES);
	if (id == 1)
		db->audit_chain_started = true;
	return database_commit(db);
}

/* The head file holds "<count> <hex hash>\n" of the newest entry known to be
 * committed. It only moves forward, under an exclusive lock, so that two
 * sessions cannot move it back. */
static bool read_head(int fd, long long *count, char hex[2 * HASH_BYTES + 1])
{
	char buffer[160] = "";
	if (lseek(fd, 0, SEEK_SET) < 0)
		return false;
	ssize_t length = read(fd, buffer, sizeof buffer - 1);
	if (length <= 0)
		return false;
	buffer[length] = '\0';
	return sscanf(buffer, "%lld %64s", count, hex) == 2;
}

/* True when entry id carries the hash given in hex. */
static bool entry_has_hash(struct database *db, long long id, const char *hex)
{
	sqlite3_stmt *statement = database_prepare(db, "SELECT hash FROM audit_entry WHERE id = ?");
	if (!statement)
		return false;
	sqlite3_bind_int64(statement, 1, id);
	char stored[2 * HASH_BYTES + 1] = "";
	if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_bytes(statement, 0) == HASH_BYTES)
		sodium_bin2hex(stored, sizeof stored, sqlite3_column_blob(statement, 0), HASH_BYTES);
	database_finalize(statement);
	return strcmp(stored, hex) == 0;
}

void audit_write_head(struct database *db)
{
	if (!*db->audit_head_path)
		return;
	long long id;
	unsigned char hash[HASH_BYTES];
	if (read_tail(db, &id, hash) != STATUS_OK || id == 0)
		return;
	/* A missing head file is created only for a new chain: otherwise its
	 * loss must stay visible to audit_verify. */
	int fd = open(db->audit_head_path, O_RDWR | O_CLOEXEC | (db->audit_chain_started ? O_CREAT : 0), 0600);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX) == 0) {
		long long known = 0;
		char known_hex[2 * HASH_BYTES + 1] = "";
		/* Forward only, and only along the chain the head names: after
		 * entries were cut off, the head stays put so that verify reports it. */
		bool advance = read_head(fd, &known, known_hex)
			? id > known && entry_has_hash(db, known, known_hex)
			: db->audit_chain_started;
		if (advance) {
			/* One fixed-length write in place: never an empty or half file. */
			char hex[2 * HASH_BYTES + 1], line[160];
			sodium_bin2hex(hex, sizeof hex, hash, HASH_BYTES);
			int length = snprintf(line, sizeof line, "%020lld %s\n", id, hex);
			if (pwrite(fd, line, (size_t)length, 0) == length)
				fsync(fd);
		}
	}
	close(fd);
}

enum status audit_verify(struct database *db, struct audit_verification *result)
{
	memset(result, 0, sizeof *result);
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	sqlite3_stmt *statement = database_prepare(db,
		"SELECT id, at, coalesce(account_id, 0), action, entity, record_id, fields, hash "
		"FROM audit_entry ORDER BY id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	unsigned char previous[HASH_BYTES] = { 0 }, expected[HASH_BYTES];
	long long expected_id = 1;
	int rc;
	while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(statement, 0);
		entry_hash(previous, id, (const char *)sqlite3_column_text(statement, 1),
			   sqlite3_column_int64(statement, 2), (const char *)sqlite3_column_text(statement, 3),
			   (const char *)sqlite3_column_text(statement, 4), sqlite3_column_int64(statement, 5),
			   (const char *)sqlite3_column_text(statement, 6), expected);
		bool hash_matches = sqlite3_column_bytes(statement, 7) == HASH_BYTES &&
			memcmp(sqlite3_column_blob(statement, 7), expected, HASH_BYTES) == 0;
		if (id != expected_id) {
			result->first_broken_id = expected_id;
			snprintf(result->problem, sizeof result->problem,
				 _("entry #%lld is missing (the next entry is #%lld)"), expected_id, id);
			break;
		}
		if (!hash_matches) {
			result->first_broken_id = id;
			snprintf(result->problem, sizeof result->problem,
				 _("entry #%lld was altered: its hash does not match"), id);
			break;
		}
		memcpy(previous, sqlite3_column_blob(statement, 7), HASH_BYTES);
		result->entries = id;
		expected_id++;
	}
	database_finalize(statement);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return database_fail(db, "audit verify");
	if (result->first_broken_id)
		return STATUS_ERR_AUDIT_BROKEN;

	if (!*db->audit_head_path)
		return STATUS_OK;
	int fd = open(db->audit_head_path, O_RDONLY | O_CLOEXEC);
	long long head_count = 0;
	char head_hex[2 * HASH_BYTES + 1] = "";
	bool have_head = fd >= 0 && flock(fd, LOCK_SH) == 0 && read_head(fd, &head_count, head_hex);
	if (fd >= 0)
		close(fd);
	if (!have_head) {
		if (result->entries > 0) {
			result->first_broken_id = 1;
			snprintf(result->problem, sizeof result->problem,
				 _("the chain head file %s is missing or unreadable"), db->audit_head_path);
			return STATUS_ERR_AUDIT_BROKEN;
		}
		return STATUS_OK;
	}
	if (head_count > result->entries) {
		result->first_broken_id = result->entries + 1;
		snprintf(result->problem, sizeof result->problem,
			 _("entries #%lld to #%lld were cut off the end of the trail"),
			 result->entries + 1, head_count);
		return STATUS_ERR_AUDIT_BROKEN;
	}
	/* The head may lag behind by entries committed just before a crash;
	 * the entry it names must still carry the hash it recorded. */
	statement = database_prepare(db, "SELECT hash FROM audit_entry WHERE id = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	sqlite3_bind_int64(statement, 1, head_count);
	char hex[2 * HASH_BYTES + 1] = "";
	if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_bytes(statement, 0) == HASH_BYTES)
		sodium_bin2hex(hex, sizeof hex, sqlite3_column_blob(statement, 0), HASH_BYTES);
	database_finalize(statement);
	if (strcmp(hex, head_hex) != 0) {
		result->first_broken_id = head_count;
		snprintf(result->problem, sizeof result->problem,
			 _("entry #%lld does not match the chain head kept outside the database"), head_count);
		return STATUS_ERR_AUDIT_BROKEN;
	}
	return STATUS_OK;
}

/* ---- The consultations log of one person, for the access report ---- */

enum status audit_each_for_contact(struct database *db, long long contact_id,
				   enum status (*visit)(const struct audit_entry *entry, void *context), void *context)
{
	sqlite3_stmt *statement = database_prepare(db,
		"SELECT e.id, e.at, coalesce(e.account_id, 0), coalesce(a.username, ''), e.action, e.entity, e.record_id, e.fields "
		"FROM audit_entry e LEFT JOIN account a ON a.id = e.account_id "
		"WHERE (e.entity = 'contact' AND e.record_id IN (SELECT id FROM contact WHERE id = ?1 OR merged_into = ?1)) "
		"OR (e.entity = 'disclosure' AND e.record_id IN (SELECT disclosure_id FROM disclosure_contact WHERE contact_id = ?1)) "
		"OR (e.entity = 'registration' AND e.record_id IN (SELECT id FROM registration WHERE contact_id = ?1)) "
		"OR (e.entity = 'event_registration' AND e.record_id IN (SELECT id FROM event_registration WHERE contact_id = ?1)) "
		"OR (e.entity = 'request' AND e.record_id IN (SELECT request_id FROM request_contact WHERE contact_id = ?1)) "
		"ORDER BY e.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	sqlite3_bind_int64(statement, 1, contact_id);
	enum status status = STATUS_OK;
	int rc;
	while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
		struct audit_entry entry = { 0 };
		entry.id = sqlite3_column_int64(statement, 0);
		text_copy(entry.at, sizeof entry.at, (const char *)sqlite3_column_text(statement, 1));
		entry.account_id = sqlite3_column_int64(statement, 2);
		text_copy(entry.username, sizeof entry.username, (const char *)sqlite3_column_text(statement, 3));
		text_copy(entry.action, sizeof entry.action, (const char *)sqlite3_column_text(statement, 4));
		text_copy(entry.entity, sizeof entry.entity, (const char *)sqlite3_column_text(statement, 5));
		entry.record_id = sqlite3_column_int64(statement, 6);
		text_copy(entry.fields, sizeof entry.fields, (const char *)sqlite3_column_text(statement, 7));
		status = visit(&entry, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != SQLITE_DONE)
		status = database_fail(db, "audit");
	database_finalize(statement);
	return status;
}

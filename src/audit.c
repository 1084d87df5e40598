#include "audit.h"
#include "audit_internal.h"
#include "database_internal.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "clock.h"
#include "i18n.h"
#include "office.h"
#include "text.h"
#include "witness.h"

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
	struct statement *statement = database_prepare(db, "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
	if (!statement)
		return STATUS_ERR_DATABASE;
	int rc = statement_step(statement);
	if (rc == STORAGE_ROW) {
		*id = statement_column_int64(statement, 0);
		if (statement_column_bytes(statement, 1) == HASH_BYTES)
			memcpy(hash, statement_column_blob(statement, 1), HASH_BYTES);
	}
	database_finalize(statement);
	return rc == STORAGE_ROW || rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "audit");
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
	if (!database_will_run_after_commit(db, audit_write_head))   /* the transaction's first entry */
		db->audit_commit_from = previous_id;
	char at[32];
	clock_format_iso(clock_now(), at, sizeof at);
	long long id = previous_id + 1;
	entity = entity ? entity : "";
	fields = fields ? fields : "";
	entry_hash(previous, id, at, account_id, action, entity, record_id, fields, hash);

	struct statement *statement = database_prepare(db,
		"INSERT INTO audit_entry (id, at, account_id, action, entity, record_id, fields, hash) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!statement) {
		database_rollback(db);
		return STATUS_ERR_DATABASE;
	}
	statement_bind_int64(statement, 1, id);
	statement_bind_text(statement, 2, at);
	if (account_id > 0)
		statement_bind_int64(statement, 3, account_id);
	else
		statement_bind_null(statement, 3);
	statement_bind_text(statement, 4, action);
	statement_bind_text(statement, 5, entity);
	statement_bind_int64(statement, 6, record_id);
	statement_bind_text(statement, 7, fields);
	statement_bind_blob(statement, 8, hash, HASH_BYTES);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE) {
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
	struct statement *statement = database_prepare(db, "SELECT hash FROM audit_entry WHERE id = ?");
	if (!statement)
		return false;
	statement_bind_int64(statement, 1, id);
	char stored[2 * HASH_BYTES + 1] = "";
	if (statement_step(statement) == STORAGE_ROW && statement_column_bytes(statement, 0) == HASH_BYTES)
		sodium_bin2hex(stored, sizeof stored, statement_column_blob(statement, 0), HASH_BYTES);
	database_finalize(statement);
	return strcmp(stored, hex) == 0;
}

/* PostgreSQL's stand-in for the head file's other use: the newest entry
 * witnessed, "<id> <hash>" in the setting table, so that a commit whose
 * session was stopped before it witnessed it is witnessed by the next one
 * (see audit_write_head). Only widens what a witness line covers: a forged
 * mark can hide nothing, as the witness is compared with the trail. */
#define WITNESSED_THROUGH_KEY "audit.witnessed_through"

/* The marked entry, 0 when there is none or it no longer carries the hash
 * the mark recorded. */
static long long witnessed_through(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT value FROM setting WHERE key = ?");
	char mark[160] = "";
	if (statement) {
		statement_bind_text(statement, 1, WITNESSED_THROUGH_KEY);
		if (statement_step(statement) == STORAGE_ROW)
			text_copy(mark, sizeof mark, database_text(statement, 0));
		database_finalize(statement);
	}
	long long known = 0;
	char known_hex[2 * HASH_BYTES + 1] = "";
	return sscanf(mark, "%lld %64[0-9a-f]", &known, known_hex) == 2 && known > 0 && entry_has_hash(db, known, known_hex)
		? known : 0;
}

enum status audit_forget_witness_mark(struct database *db)
{
	return database_run(db, "DELETE FROM setting WHERE key = ?", "t", WITNESSED_THROUGH_KEY);
}

static void witness_through_mark(struct database *db, long long from, long long id,
				 const unsigned char hash[HASH_BYTES])
{
	long long known = witnessed_through(db);
	if (known > 0 && known < from)
		from = known;
	if (!witness_record(db, from, id, hash))
		return;
	char mark[160], hex[2 * HASH_BYTES + 1];
	sodium_bin2hex(hex, sizeof hex, hash, HASH_BYTES);
	snprintf(mark, sizeof mark, "%lld %s", id, hex);
	/* Forward only: desks committing at once may write in either order. */
	struct statement *statement = database_prepare(db,
		"INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value "
		"WHERE CAST(split_part(setting.value, ' ', 1) AS bigint) < ?3");
	if (statement) {
		statement_bind_text(statement, 1, WITNESSED_THROUGH_KEY);
		statement_bind_text(statement, 2, mark);
		statement_bind_int64(statement, 3, id);
		statement_step(statement);
		database_finalize(statement);
	}
}

void audit_write_head(struct database *db)
{
	/* PostgreSQL keeps no head file: its triggers and the application
	 * role's grants (INSERT and SELECT only) keep the trail append-only,
	 * and the witness still records each commit's head. An in-memory
	 * database has neither. */
	bool witness_only = !*db->audit_head_path && database_engine(db) == ENGINE_POSTGRESQL;
	if (!*db->audit_head_path && !witness_only)
		return;
	long long id;
	unsigned char hash[HASH_BYTES];
	if (read_tail(db, &id, hash) != STATUS_OK || id == 0)
		return;
	long long from = db->audit_commit_from < id ? db->audit_commit_from : id - 1;
	if (witness_only) {
		witness_through_mark(db, from, id, hash);
		return;
	}
	/* A missing head file is created only for a new chain: otherwise its
	 * loss must stay visible to audit_verify. */
	int fd = open(db->audit_head_path, O_RDWR | O_CLOEXEC | (db->audit_chain_started ? O_CREAT : 0), office_file_mode());
	bool locked = fd >= 0 && flock(fd, LOCK_EX) == 0;
	long long known = 0;
	char known_hex[2 * HASH_BYTES + 1] = "";
	bool have_head = locked && read_head(fd, &known, known_hex);
	bool head_on_chain = have_head && entry_has_hash(db, known, known_hex);
	/* Entries before this transaction that the head file does not reach
	 * were committed by a session stopped before it witnessed them (the
	 * witness comes first, then the head): this commit witnesses them too,
	 * so that a kill at that moment leaves no gap (verify names such a gap
	 * at the end of the trail until then). */
	if (head_on_chain && known < from)
		from = known;
	/* Witnessed whatever the head file does: the witness is the record of
	 * what this program committed, kept where the database's owner cannot
	 * rewrite it. */
	witness_record(db, from, id, hash);
	if (locked) {
		/* Forward only, and only along the chain the head names: after
		 * entries were cut off, the head stays put so that verify reports it. */
		bool advance = have_head ? id > known && head_on_chain : db->audit_chain_started;
		if (advance) {
			/* One fixed-length write in place: never an empty or half file. */
			char hex[2 * HASH_BYTES + 1], line[160];
			sodium_bin2hex(hex, sizeof hex, hash, HASH_BYTES);
			int length = snprintf(line, sizeof line, "%020lld %s\n", id, hex);
			if (pwrite(fd, line, (size_t)length, 0) == length)
				fsync(fd);
		}
	}
	if (fd >= 0)
		close(fd);
}

/* A restore entry's fields; see audit_restore_fields. */
struct restore_entry {
	long long id;              /* the restore's own entry */
	long long replaced_last;   /* the replaced trail's newest entry */
	char replaced_hash[2 * HASH_BYTES + 1];
};

void audit_restore_fields(char *out, size_t out_size, long long replaced_last, const char *replaced_hash_hex,
			  const char *backup_sha256_hex, const char *backup_path)
{
	/* The path last: it may hold spaces. */
	snprintf(out, out_size, "replaced_last=%lld replaced_hash=%s sha256=%s backup=%s", replaced_last,
		 *replaced_hash_hex ? replaced_hash_hex : "-", backup_sha256_hex, backup_path);
}

/* The restores recorded in the chain, oldest first; malloc'ed, NULL when none. */
static struct restore_entry *read_restores(struct database *db, size_t *count)
{
	*count = 0;
	struct statement *statement = database_prepare(db,
		"SELECT id, fields FROM audit_entry WHERE action = '" AUDIT_RESTORE_ACTION "' ORDER BY id");
	if (!statement)
		return NULL;
	struct restore_entry *restores = NULL;
	size_t capacity = 0;
	while (statement_step(statement) == STORAGE_ROW) {
		struct restore_entry entry = { .id = statement_column_int64(statement, 0) };
		if (sscanf(database_text(statement, 1), "replaced_last=%lld replaced_hash=%64s", &entry.replaced_last,
			   entry.replaced_hash) != 2)
			continue;
		if (*count == capacity) {
			capacity = capacity ? 2 * capacity : 4;
			struct restore_entry *grown = realloc(restores, capacity * sizeof *grown);
			if (!grown)
				break;
			restores = grown;
		}
		restores[(*count)++] = entry;
	}
	database_finalize(statement);
	return restores;
}

/* The newest restore that replaced entries sets the note: a sound trail
 * that was rewound is never reported as simply intact. */
static void note_restore(struct database *db, struct audit_verification *result)
{
	size_t count;
	struct restore_entry *restores = read_restores(db, &count);
	for (size_t i = 0; i < count; i++) {
		if (restores[i].replaced_last < restores[i].id)
			continue;
		result->replaced_first = restores[i].id;
		result->replaced_last = restores[i].replaced_last;
	}
	free(restores);
	if (result->replaced_last)
		snprintf(result->note, sizeof result->note, _("restored from a backup; entries #%lld–#%lld were replaced"),
			 result->replaced_first, result->replaced_last);
}

/* Every account's creation is in the trail: a register whose entries were
 * wiped (and perhaps restarted) has accounts the chain never saw made. */
static bool accounts_all_created_in_trail(struct database *db, char *username, size_t username_size)
{
	struct statement *statement = database_prepare(db,
		"SELECT username FROM account a WHERE NOT EXISTS (SELECT 1 FROM audit_entry e "
		"WHERE e.entity = 'account' AND e.record_id = a.id "
		"AND e.action IN ('account.create-first', 'account.add')) ORDER BY id LIMIT 1");
	if (!statement)
		return true;
	bool all = statement_step(statement) != STORAGE_ROW;
	if (!all)
		text_copy(username, username_size, database_text(statement, 0));
	database_finalize(statement);
	return all;
}

enum status audit_tail(struct database *db, long long *id, char hash_hex[65])
{
	unsigned char hash[HASH_BYTES];
	db->audit_tail_known = false;
	enum status status = read_tail(db, id, hash);
	hash_hex[0] = '\0';
	if (status == STATUS_OK && *id > 0)
		sodium_bin2hex(hash_hex, 65, hash, HASH_BYTES);
	return status;
}

bool audit_install_head(const char *head_path, long long id, const char *hash_hex)
{
	char temporary[4300];
	snprintf(temporary, sizeof temporary, "%s.new", head_path);
	int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	char line[160];
	int length = snprintf(line, sizeof line, "%020lld %s\n", id, hash_hex);
	bool ok = write(fd, line, (size_t)length) == length && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(temporary, head_path) == 0;
	if (!ok)
		unlink(temporary);
	return ok;
}

/* The chain's entries, for the progress of its verification. */
static long long audit_entry_count(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT coalesce(max(id), 0) FROM audit_entry");
	long long count = statement && statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

enum status audit_verify(struct database *db, struct audit_verification *result)
{
	memset(result, 0, sizeof *result);
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	struct statement *statement = database_prepare(db,
		"SELECT id, at, coalesce(account_id, 0), action, entity, record_id, fields, hash "
		"FROM audit_entry ORDER BY id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	unsigned char previous[HASH_BYTES] = { 0 }, expected[HASH_BYTES];
	long long expected_id = 1;
	int rc;
	/* A check only reads: stopping it loses nothing (issue 16). */
	progress_begin(db, PROGRESS_AUDIT_CHAIN, audit_entry_count(db), true);
	bool cancelled = false;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		long long id = statement_column_int64(statement, 0);
		if (!progress_advance(db, id - 1)) {
			cancelled = true;
			break;
		}
		entry_hash(previous, id, statement_column_text(statement, 1),
			   statement_column_int64(statement, 2), statement_column_text(statement, 3),
			   statement_column_text(statement, 4), statement_column_int64(statement, 5),
			   statement_column_text(statement, 6), expected);
		bool hash_matches = statement_column_bytes(statement, 7) == HASH_BYTES &&
			memcmp(statement_column_blob(statement, 7), expected, HASH_BYTES) == 0;
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
		memcpy(previous, statement_column_blob(statement, 7), HASH_BYTES);
		result->entries = id;
		expected_id++;
	}
	database_finalize(statement);
	progress_end(db);
	if (cancelled)
		return progress_cancelled(db, _("check cancelled: nothing was changed"));
	if (rc != STORAGE_ROW && rc != STORAGE_DONE)
		return database_fail(db, "audit verify");
	if (result->first_broken_id)
		return STATUS_ERR_AUDIT_BROKEN;

	/* Accounts but no entry of their making: the trail was wiped, whether
	 * or not it was started anew and its head file deleted. */
	char username[65] = "";
	if (!accounts_all_created_in_trail(db, username, sizeof username)) {
		result->first_broken_id = 1;
		snprintf(result->problem, sizeof result->problem,
			 _("the trail has no entry of the creation of account %s: entries were removed"), username);
		return STATUS_ERR_AUDIT_BROKEN;
	}

	if (!*db->audit_head_path) {
		note_restore(db, result);
		return STATUS_OK;
	}
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
	result->head_id = head_count;
	if (head_count > result->entries) {
		result->first_broken_id = result->entries + 1;
		snprintf(result->problem, sizeof result->problem,
			 _("entries #%lld to #%lld were cut off the end of the trail"),
			 result->entries + 1, head_count);
		return STATUS_ERR_AUDIT_BROKEN;
	}
	/* The head may lag behind by entries committed just before a crash;
	 * the entry it names must still carry the hash it recorded. */
	if (!entry_has_hash(db, head_count, head_hex)) {
		result->first_broken_id = head_count;
		snprintf(result->problem, sizeof result->problem,
			 _("entry #%lld does not match the chain head kept outside the database"), head_count);
		return STATUS_ERR_AUDIT_BROKEN;
	}
	note_restore(db, result);
	return STATUS_OK;
}

static int compare_spans(const void *a, const void *b)
{
	const struct witnessed_head *x = a, *y = b;
	return x->from_id < y->from_id ? -1 : x->from_id > y->from_id;
}

enum status audit_verify_witnessed(struct database *db, const char *witness_path, struct audit_verification *result)
{
	enum status status = audit_verify(db, result);
	if (status != STATUS_OK)
		return status;
	size_t count = 0, restore_count = 0;
	struct witnessed_head *heads = witness_read(db, witness_path, &count);
	if (!heads)
		return STATUS_ERR_IO;
	struct restore_entry *restores = read_restores(db, &restore_count);
	/* Witnessed commits of the trail as it stands, for the coverage below. */
	struct witnessed_head *spans = malloc((count ? count : 1) * sizeof *spans);
	size_t span_count = 0;
	long long mismatch = 0, replaced_first = 0, replaced_last = 0;
	status = spans ? STATUS_OK : STATUS_ERR_NO_MEMORY;
	for (size_t i = 0; status == STATUS_OK && i < count; i++) {
		if (entry_has_hash(db, heads[i].id, heads[i].hash_hex)) {
			spans[span_count++] = heads[i];
			continue;
		}
		/* Another hash (or none) at a witnessed entry: explained only by a
		 * restore in the chain that replaced it and was witnessed after it. */
		bool explained = false;
		for (size_t r = 0; r < restore_count && !explained; r++) {
			if (heads[i].id < restores[r].id || heads[i].id > restores[r].replaced_last)
				continue;
			long long restore_id = restores[r].id;
			for (size_t j = i + 1; j < count && !explained; j++)
				explained = heads[j].from_id < restore_id && heads[j].id >= restore_id &&
					    entry_has_hash(db, heads[j].id, heads[j].hash_hex);
			if (explained) {
				if (!replaced_first || restore_id < replaced_first)
					replaced_first = restore_id;
				if (restores[r].replaced_last > replaced_last)
					replaced_last = restores[r].replaced_last;
			}
		}
		if (!explained && (!mismatch || heads[i].id < mismatch))
			mismatch = heads[i].id;
	}
	if (status == STATUS_OK && mismatch) {
		/* The rewrite lies after the newest witnessed entry that still matches. */
		long long last_good = 0;
		for (size_t s = 0; s < span_count; s++)
			if (spans[s].id < mismatch && spans[s].id > last_good)
				last_good = spans[s].id;
		result->first_broken_id = last_good + 1;
		if (mismatch > result->entries)
			snprintf(result->problem, sizeof result->problem,
				 _("entry #%lld was witnessed but is not in the trail: entries after #%lld were removed"),
				 mismatch, last_good);
		else
			snprintf(result->problem, sizeof result->problem,
				 _("entry #%lld differs from its witnessed head: the trail was rewritten after #%lld"),
				 mismatch, last_good);
		status = STATUS_ERR_AUDIT_BROKEN;
	} else if (status == STATUS_OK && span_count == 0 && result->entries > 0) {
		result->first_broken_id = 1;
		snprintf(result->problem, sizeof result->problem, _("no head of this database is witnessed in %s"),
			 witness_path);
		status = STATUS_ERR_AUDIT_BROKEN;
	} else if (status == STATUS_OK) {
		/* From the first witnessed commit on, every entry was written by a
		 * witnessed commit: an entry slipped in between or after them was not. */
		qsort(spans, span_count, sizeof *spans, compare_spans);
		long long covered = spans[0].from_id;
		long long gap_first = 0, gap_last = 0;
		for (size_t s = 0; s < span_count && !gap_first; s++) {
			if (spans[s].from_id > covered) {
				gap_first = covered + 1;
				gap_last = spans[s].from_id;
			}
			if (spans[s].id > covered)
				covered = spans[s].id;
		}
		if (!gap_first && covered < result->entries) {
			gap_first = covered + 1;
			gap_last = result->entries;
		}
		/* The entry the head file names; on PostgreSQL, the witnessed-through mark. */
		long long head_id = *db->audit_head_path ? result->head_id
			: database_engine(db) == ENGINE_POSTGRESQL ? witnessed_through(db) : 0;
		if (gap_first && gap_last == result->entries && head_id && head_id < gap_first) {
			/* At the end, and the head file stops before them too: a
			 * session was stopped between saving them and witnessing them
			 * (the next save witnesses them). Entries added outside regdesk
			 * look the same until then, so it is said, not passed over. */
			snprintf(result->note, sizeof result->note,
				 _("entries #%lld–#%lld at the end are not witnessed yet: a session was stopped between "
				   "saving and witnessing them; the next save witnesses them"), gap_first, gap_last);
		} else if (gap_first) {
			result->first_broken_id = gap_first;
			snprintf(result->problem, sizeof result->problem,
				 _("entries #%lld–#%lld were not witnessed: regdesk did not write them"), gap_first, gap_last);
			status = STATUS_ERR_AUDIT_BROKEN;
		}
	}
	if (status == STATUS_OK && replaced_first && !result->replaced_last) {
		result->replaced_first = replaced_first;
		result->replaced_last = replaced_last;
		snprintf(result->note, sizeof result->note, _("restored from a backup; entries #%lld–#%lld were replaced"),
			 replaced_first, replaced_last);
	}
	free(spans);
	free(restores);
	free(heads);
	return status;
}

/* ---- The consultations log of one person, for the access report ---- */

/* One row of "e.id, e.at, account id, username, e.action, e.entity,
 * e.record_id, e.fields" (the columns every reader of the trail selects). */
void audit_entry_read(struct statement *statement, struct audit_entry *entry)
{
	*entry = (struct audit_entry){ 0 };
	entry->id = statement_column_int64(statement, 0);
	text_copy(entry->at, sizeof entry->at, statement_column_text(statement, 1));
	entry->account_id = statement_column_int64(statement, 2);
	text_copy(entry->username, sizeof entry->username, statement_column_text(statement, 3));
	text_copy(entry->action, sizeof entry->action, statement_column_text(statement, 4));
	text_copy(entry->entity, sizeof entry->entity, statement_column_text(statement, 5));
	entry->record_id = statement_column_int64(statement, 6);
	text_copy(entry->fields, sizeof entry->fields, statement_column_text(statement, 7));
}

enum status audit_each_for_contact(struct database *db, long long contact_id,
				   enum status (*visit)(const struct audit_entry *entry, void *context), void *context)
{
	struct statement *statement = database_prepare(db,
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
	statement_bind_int64(statement, 1, contact_id);
	enum status status = STATUS_OK;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct audit_entry entry;
		audit_entry_read(statement, &entry);
		status = visit(&entry, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(db, "audit");
	database_finalize(statement);
	return status;
}

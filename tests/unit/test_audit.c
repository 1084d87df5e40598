/* The audit trail (notice §5.2): append-only, hash-chained, its head kept
 * outside the database, naming fields and never values (notice §6.4). */
#include "unit.h"

#include <ctype.h>
#include <sodium.h>
#include <sys/stat.h>

#include "audit.h"
#include "audit_log.h"
#include "backup.h"
#include "settings.h"
#include "witness.h"

/* The first officer adds 2 entries (account.create-first, login); the setup
 * appends 6 more, so a test starts with entries #1..#8. */
#define SETUP_ENTRIES 8

struct fixture {
	struct unit_db *u;
	struct session officer;
	char witness[PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->u = unit_open();
	/* A witness the test can read: a file beside the database. */
	snprintf(f->witness, sizeof f->witness, "%s/witness.log", f->u->dir);
	char setting[PATH_MAX + 8];
	snprintf(setting, sizeof setting, "file:%s", f->witness);
	assert_int_equal(settings_set(f->u->db, SETTING_AUDIT_WITNESS, setting), STATUS_OK);
	unit_first_officer(f->u->db, &f->officer);
	struct database *db = f->u->db;
	long long id = f->officer.account_id;
	assert_int_equal(audit_append(db, id, "contact.view", "contact", 11, ""), STATUS_OK);
	assert_int_equal(audit_append(db, id, "contact.edit", "contact", 11, "email,phone"), STATUS_OK);
	assert_int_equal(audit_append(db, 0, "login.failed", "account", 0, ""), STATUS_OK);
	assert_int_equal(audit_append(db, id, "contact.add", "contact", 12, "first_name,last_name"), STATUS_OK);
	assert_int_equal(audit_append(db, id, "session.lock", NULL, 0, NULL), STATUS_OK);
	assert_int_equal(audit_append(db, id, "logout", "account", id, ""), STATUS_OK);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry"), SETUP_ENTRIES);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_close(f->u);
	free(f);
	return 0;
}

static struct database *db_of(void **state)
{
	return ((struct fixture *)*state)->u->db;
}

/* What an attacker holding the file does first; on PostgreSQL, one holding
 * the table's owner or a superuser (the application role may not). */
static void drop_triggers(struct database *db)
{
	if (unit_on_sqlite()) {
		unit_exec(db, "DROP TRIGGER audit_entry_no_update");
		unit_exec(db, "DROP TRIGGER audit_entry_no_delete");
	} else {
		unit_exec(db, "ALTER TABLE audit_entry DISABLE TRIGGER USER");
	}
}

/* The head file beside an SQLite register; PostgreSQL has none (its
 * triggers and grants keep the trail append-only, the witness records it). */
static bool has_head_file(void)
{
	return unit_on_sqlite();
}

/* Entry id's hash in lower-case hex. */
static void hash_hex_of(struct database *db, long long id, char out[65])
{
	struct statement *statement = database_prepare(db, "SELECT hash FROM audit_entry WHERE id = ?");
	assert_non_null(statement);
	statement_bind_int64(statement, 1, id);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_int_equal(statement_column_bytes(statement, 0), crypto_hash_sha256_BYTES);
	sodium_bin2hex(out, 65, statement_column_blob(statement, 0), crypto_hash_sha256_BYTES);
	database_finalize(statement);
}

/* Sets entry id's hash. */
static void set_hash(struct database *db, long long id, const unsigned char hash[crypto_hash_sha256_BYTES])
{
	struct statement *statement = database_prepare(db, "UPDATE audit_entry SET hash = ? WHERE id = ?");
	assert_non_null(statement);
	statement_bind_blob(statement, 1, hash, crypto_hash_sha256_BYTES);
	statement_bind_int64(statement, 2, id);
	assert_int_equal(statement_step(statement), STORAGE_DONE);
	database_finalize(statement);
}

static void assert_witness_broken_at(void **state, long long first_broken_id);

static void assert_intact(struct database *db, long long entries)
{
	struct audit_verification result;
	enum status status = audit_verify(db, &result);
	if (status != STATUS_OK)
		fail_msg("audit_verify: %d, first broken #%lld: %s", status, result.first_broken_id, result.problem);
	assert_int_equal(result.entries, entries);
	assert_int_equal(result.first_broken_id, 0);
	assert_string_equal(result.problem, "");
}

static void assert_broken_at(struct database *db, long long first_broken_id)
{
	struct audit_verification result;
	assert_int_equal(audit_verify(db, &result), STATUS_ERR_AUDIT_BROKEN);
	assert_int_equal(result.first_broken_id, first_broken_id);
	assert_true(result.problem[0] != '\0');
}

static void test_append_and_verify(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	assert_intact(db, SETUP_ENTRIES);
	/* The chain is numbered from 1 without gaps. */
	assert_int_equal(unit_query_int(db, "SELECT min(id) FROM audit_entry"), 1);
	assert_int_equal(unit_query_int(db, "SELECT max(id) FROM audit_entry"), SETUP_ENTRIES);
	if (!has_head_file()) {
		assert_string_equal(db->audit_head_path, "");
		assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 12, ""), STATUS_OK);
		assert_intact(db, SETUP_ENTRIES + 1);
		return;
	}
	/* The head file exists beside the database and is private (notice §5.3). */
	char head[PATH_MAX + 32];
	snprintf(head, sizeof head, "%s.audit-head", f->u->path);
	assert_string_equal(db->audit_head_path, head);
	struct stat info;
	assert_int_equal(stat(head, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0600);
	/* More entries keep it intact. */
	assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 12, ""), STATUS_OK);
	assert_intact(db, SETUP_ENTRIES + 1);
}

/* Entries appended in one transaction chain on each other (the tail is
 * remembered, not read back); after a rollback the next entry chains onto
 * the committed tail, not onto an entry that was never stored. */
static void test_chain_across_transactions(void **state)
{
	struct database *db = db_of(state);
	long long account = ((struct fixture *)*state)->officer.account_id;
	assert_int_equal(database_begin(db), STATUS_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(audit_append(db, account, "contact.add", "contact", 100 + i, "first_name"), STATUS_OK);
	assert_int_equal(database_commit(db), STATUS_OK);
	assert_intact(db, SETUP_ENTRIES + 5);
	assert_int_equal(database_begin(db), STATUS_OK);
	assert_int_equal(audit_append(db, account, "contact.add", "contact", 200, "first_name"), STATUS_OK);
	assert_int_equal(audit_append(db, account, "contact.add", "contact", 201, "first_name"), STATUS_OK);
	database_rollback(db);
	assert_int_equal(audit_append(db, account, "contact.view", "contact", 100, ""), STATUS_OK);
	assert_int_equal(database_begin(db), STATUS_OK);
	assert_int_equal(audit_append(db, account, "contact.view", "contact", 101, ""), STATUS_OK);
	assert_int_equal(database_commit(db), STATUS_OK);
	assert_intact(db, SETUP_ENTRIES + 7);
}

/* One changed byte of an old entry is found, and the entry is named. */
static void test_tampered_old_entry(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	/* "contact.edit" -> "contact.ediT" in entry #4 of 8. */
	unit_exec(db, "UPDATE audit_entry SET action = 'contact.ediT' WHERE id = 4 AND action = 'contact.edit'");
	assert_int_equal(database_changes(db), 1);
	assert_broken_at(db, 4);
}

/* Every column is covered by the hash: a change to any of them in any entry
 * is found at exactly that entry. */
static void test_every_column_is_chained(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	static const char *const changes[] = {
		"at = substr(at, 1, 3) || (CASE substr(at, 4, 1) WHEN '9' THEN '8' ELSE '9' END) || substr(at, 5)",
		"account_id = NULL",
		"action = 'x' || substr(action, 2)",
		"entity = entity || 'x'",
		"record_id = record_id + 1",
		"fields = fields || 'x'",
		"hash = randomblob(32)",
		"hash = substr(hash, 1, 31)",
	};
	static const char *const postgresql_hash_changes[] = { "hash = sha256(hash)", "hash = substr(hash, 1, 31)" };
	/* Entry #2 (login), #4 (contact.edit with fields) and the newest. */
	static const long long ids[] = { 2, 4, SETUP_ENTRIES };
	for (size_t c = 0; c < sizeof changes / sizeof changes[0]; c++) {
		for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
			char sql[512];
			const char *change = changes[c];
			if (!unit_on_sqlite() && strncmp(change, "hash =", 6) == 0)
				change = postgresql_hash_changes[strcmp(change, "hash = randomblob(32)") == 0 ? 0 : 1];
			snprintf(sql, sizeof sql, "UPDATE audit_entry SET %s WHERE id = %lld", change, ids[i]);
			unit_exec(db, "BEGIN");
			unit_exec(db, sql);
			struct audit_verification result;
			enum status status = audit_verify(db, &result);
			unit_exec(db, "ROLLBACK");
			if (status != STATUS_ERR_AUDIT_BROKEN || result.first_broken_id != ids[i])
				fail_msg("%s: status %d, first broken #%lld", sql, status, result.first_broken_id);
		}
	}
	assert_intact(db, SETUP_ENTRIES);
}

/* The chain's hash as the attacker recomputes it: SHA-256 over the previous
 * hash and each field, length-prefixed (see audit.c). */
static void feed_text(crypto_hash_sha256_state *sha, const char *text)
{
	uint32_t length = (uint32_t)strlen(text);
	unsigned char prefix[4] = { (unsigned char)(length >> 24), (unsigned char)(length >> 16),
				    (unsigned char)(length >> 8), (unsigned char)length };
	crypto_hash_sha256_update(sha, prefix, sizeof prefix);
	crypto_hash_sha256_update(sha, (const unsigned char *)text, length);
}

static void feed_number(crypto_hash_sha256_state *sha, long long number)
{
	char text[32];
	snprintf(text, sizeof text, "%lld", number);
	feed_text(sha, text);
}

/* Hash of entry id with its stored columns, except action, given here. */
static void recompute_hash(struct database *db, long long id, const char *action,
			   unsigned char out[crypto_hash_sha256_BYTES])
{
	struct statement *statement = database_prepare(db,
		"SELECT p.hash, e.at, coalesce(e.account_id, 0), e.entity, e.record_id, e.fields "
		"FROM audit_entry e JOIN audit_entry p ON p.id = e.id - 1 WHERE e.id = ?");
	assert_non_null(statement);
	statement_bind_int64(statement, 1, id);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_int_equal(statement_column_bytes(statement, 0), crypto_hash_sha256_BYTES);
	crypto_hash_sha256_state sha;
	crypto_hash_sha256_init(&sha);
	crypto_hash_sha256_update(&sha, statement_column_blob(statement, 0), crypto_hash_sha256_BYTES);
	feed_number(&sha, id);
	feed_text(&sha, database_text(statement, 1));
	feed_number(&sha, statement_column_int64(statement, 2));
	feed_text(&sha, action);
	feed_text(&sha, database_text(statement, 3));
	feed_number(&sha, statement_column_int64(statement, 4));
	feed_text(&sha, database_text(statement, 5));
	crypto_hash_sha256_final(&sha, out);
	database_finalize(statement);
}

/* An attacker who alters an old entry and gives it a correct hash of its
 * own still breaks the chain at the next entry, which was hashed over the
 * original. (Every later hash would have to be recomputed, and then the
 * head file no longer matches.) */
static void test_recomputed_hash_breaks_chain(void **state)
{
	struct database *db = db_of(state);
	assert_int_equal(sodium_init() >= 0, 1);
	unsigned char hash[crypto_hash_sha256_BYTES];
	/* The recomputation matches the stored hash of an untouched entry;
	 * otherwise the hash format changed and this test must follow it. */
	recompute_hash(db, 4, "contact.edit", hash);
	char stored[65], computed[65];
	hash_hex_of(db, 4, stored);
	sodium_bin2hex(computed, sizeof computed, hash, sizeof hash);
	assert_string_equal(stored, computed);

	/* "contact.edit" becomes "contact.view", with a matching hash. */
	drop_triggers(db);
	recompute_hash(db, 4, "contact.view", hash);
	unit_exec(db, "UPDATE audit_entry SET action = 'contact.view' WHERE id = 4");
	set_hash(db, 4, hash);
	assert_broken_at(db, 5);
}

static void test_deleted_middle_entry(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id = 4");
	assert_broken_at(db, 4);
}

/* Renumbering after a deletion does not help: the hashes chain the ids. */
static void test_deleted_and_renumbered(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id = 4");
	unit_exec(db, "UPDATE audit_entry SET id = id - 1 WHERE id > 4");
	assert_broken_at(db, 4);
}

/* Cutting off the newest entries leaves a valid chain; the head file kept
 * outside the database finds it. */
static void test_truncated_end(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id > 6");
	if (has_head_file())
		assert_broken_at(db, 7);
	else
		assert_witness_broken_at(state, 7);   /* no head file: the witness finds it */
	unit_exec(db, "DELETE FROM audit_entry");
	assert_broken_at(db, 1);
}

/* The newest entry replaced by a forged one with a correctly chained hash
 * (the chain is unkeyed SHA-256, so anyone can recompute it): the head file
 * still names the original. Forged here by deleting it and appending anew. */
static void test_replaced_newest_entry(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id = 8");
	assert_int_equal(audit_append(db, f->officer.account_id, "logout", "account", 999, ""), STATUS_OK);
	if (has_head_file())
		assert_broken_at(db, 8);
	else
		assert_witness_broken_at(state, 8);
}

/* Truncation stays detectable after the program appends new entries past the
 * old end: the head must not be advanced over a chain that no longer passes
 * through the entry it recorded. */
static void test_truncation_then_more_entries(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id > 6");
	if (has_head_file())
		assert_broken_at(db, 7);
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 11, ""), STATUS_OK);
	/* Entries #7..#9 are new; the original #7 and #8 are gone. */
	struct audit_verification result;
	if (has_head_file())
		assert_int_equal(audit_verify(db, &result), STATUS_ERR_AUDIT_BROKEN);
	else
		assert_int_equal(audit_verify_witnessed(db, f->witness, &result), STATUS_ERR_AUDIT_BROKEN);
}

static void test_missing_head_file(void **state)
{
	struct database *db = db_of(state);
	if (!has_head_file()) {
		print_message("skipped on PostgreSQL: it keeps no head file\n");
		skip();
	}
	assert_int_equal(unlink(db->audit_head_path), 0);
	assert_broken_at(db, 1);
}

/* Without dropping the triggers, SQL cannot change or remove entries. */
static void test_triggers_refuse_changes(void **state)
{
	struct database *db = db_of(state);
	char before[64], after[64];
	unit_query_text(db, "SELECT action FROM audit_entry WHERE id = 4", before, sizeof before);
	assert_int_not_equal(database_exec(db, "UPDATE audit_entry SET action = 'x' WHERE id = 4"), STORAGE_OK);
	assert_int_not_equal(database_exec(db, "UPDATE audit_entry SET fields = ''"), STORAGE_OK);
	assert_int_not_equal(database_exec(db, "DELETE FROM audit_entry WHERE id = 4"), STORAGE_OK);
	assert_int_not_equal(database_exec(db, "DELETE FROM audit_entry"), STORAGE_OK);
	if (!unit_on_sqlite())
		assert_int_not_equal(database_exec(db, "TRUNCATE audit_entry"), STORAGE_OK);
	unit_query_text(db, "SELECT action FROM audit_entry WHERE id = 4", after, sizeof after);
	assert_string_equal(after, before);
	assert_string_equal(after, "contact.edit");
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry"), SETUP_ENTRIES);
	assert_intact(db, SETUP_ENTRIES);
}

/* Does any text or blob column of any audit entry contain needle? */
static bool audit_contains(struct database *db, const char *needle)
{
	struct statement *statement = database_prepare(db,
		"SELECT id, at, account_id, action, entity, record_id, fields, hash FROM audit_entry");
	assert_non_null(statement);
	bool found = false;
	while (!found && statement_step(statement) == STORAGE_ROW) {
		for (int column = 0; column < 8; column++) {
			const void *bytes = column == 7 ? statement_column_blob(statement, column)
							: (const void *)statement_column_text(statement, column);
			int length = statement_column_bytes(statement, column);
			if (bytes && memmem(bytes, (size_t)length, needle, strlen(needle)))
				found = true;
		}
	}
	database_finalize(statement);
	return found;
}

/* Entries name the changed fields, never their values: an erased person
 * leaves no copy of their data in the trail (notice §6.4). */
static void test_fields_not_values(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	const char *full_name = "Saara Värttinä-Testinen";
	const char *password = "Saaran-Salasana-1";
	long long id = 0;
	assert_int_equal(account_add(&f->officer, "saara", full_name, ROLE_RECEPTION, password, UNIT_COMMITMENT, &id), STATUS_OK);

	struct statement *statement = database_prepare(db,
		"SELECT action, entity, record_id, coalesce(account_id, 0), fields FROM audit_entry ORDER BY id DESC LIMIT 1");
	assert_non_null(statement);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_string_equal(database_text(statement, 0), "account.add");
	assert_string_equal(database_text(statement, 1), "account");
	assert_int_equal(statement_column_int64(statement, 2), id);
	assert_int_equal(statement_column_int64(statement, 3), f->officer.account_id);
	assert_string_equal(database_text(statement, 4), "username,full_name,role,password,commitment_signed_on");
	database_finalize(statement);

	assert_true(audit_contains(db, "full_name")); /* the scan itself works */
	assert_false(audit_contains(db, full_name));
	assert_false(audit_contains(db, "Värttinä"));
	assert_false(audit_contains(db, password));
	/* Nor the first officer's name and password. */
	assert_false(audit_contains(db, UNIT_OFFICER_FULL_NAME));
	assert_false(audit_contains(db, UNIT_OFFICER_PASSWORD));
	assert_intact(db, SETUP_ENTRIES + 1);
}

struct listed {
	int count;
	long long ids[16];
	char first_username[65];
	char first_fields[512];
};

static void collect(const struct audit_entry *entry, void *context)
{
	struct listed *listed = context;
	if (listed->count == 0) {
		snprintf(listed->first_username, sizeof listed->first_username, "%s", entry->username);
		snprintf(listed->first_fields, sizeof listed->first_fields, "%s", entry->fields);
	}
	if (listed->count < 16)
		listed->ids[listed->count] = entry->id;
	listed->count++;
}

/* Browsing: newest first, limit and offset, filters. */
static void test_list(void **state)
{
	struct fixture *f = *state;
	struct listed listed = { 0 };
	assert_int_equal(audit_list(&f->officer, NULL, 0, 3, collect, &listed), STATUS_OK);
	assert_int_equal(listed.count, 3);
	assert_int_equal(listed.ids[0], 8);
	assert_int_equal(listed.ids[1], 7);
	assert_int_equal(listed.ids[2], 6);
	assert_string_equal(listed.first_username, UNIT_OFFICER_USERNAME);

	memset(&listed, 0, sizeof listed);
	assert_int_equal(audit_list(&f->officer, NULL, 6, 10, collect, &listed), STATUS_OK);
	assert_int_equal(listed.count, 2);
	assert_int_equal(listed.ids[0], 2);
	assert_int_equal(listed.ids[1], 1);

	struct audit_filter filter = { .action_prefix = "contact." };
	memset(&listed, 0, sizeof listed);
	assert_int_equal(audit_list(&f->officer, &filter, 0, 10, collect, &listed), STATUS_OK);
	assert_int_equal(listed.count, 3);
	assert_int_equal(listed.ids[0], 6);
	assert_string_equal(listed.first_fields, "first_name,last_name");
	assert_int_equal(audit_count(&f->officer, &filter), 3);

	struct audit_filter by_record = { .record_id = 11 };
	assert_int_equal(audit_count(&f->officer, &by_record), 2);
	struct audit_filter by_user = { .username = UNIT_OFFICER_USERNAME };
	assert_int_equal(audit_count(&f->officer, &by_user), SETUP_ENTRIES - 1); /* #5 had no account */
}


/* ---- Tamper cases with the witness (the trail cannot be quietly rewritten) ----
 * The attacker owns the database file and its head file: they may drop the
 * triggers, recompute every hash (the chain is unkeyed SHA-256) and rewrite
 * the head. Only the witnessed heads, written where they cannot write, stay. */

static void write_head(struct database *db, long long id)
{
	char hex[65] = "";
	if (id > 0)
		hash_hex_of(db, id, hex);
	if (!has_head_file()) {   /* PostgreSQL: its mark of the newest witnessed entry */
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE setting SET value = '%lld %s' WHERE key = 'audit.witnessed_through'", id, hex);
		unit_exec(db, sql);
		return;
	}
	FILE *file = fopen(db->audit_head_path, "w");
	assert_non_null(file);
	fprintf(file, "%020lld %s\n", id, hex);
	fclose(file);
}

/* Recomputes the hashes of entries from..to in order, as an attacker would. */
static void rehash(struct database *db, long long from, long long to)
{
	for (long long id = from; id <= to; id++) {
		char action[64], sql[96];
		snprintf(sql, sizeof sql, "SELECT action FROM audit_entry WHERE id = %lld", id);
		unit_query_text(db, sql, action, sizeof action);
		unsigned char hash[crypto_hash_sha256_BYTES];
		recompute_hash(db, id, action, hash);
		set_hash(db, id, hash);
	}
}

static void assert_witness_broken_at(void **state, long long first_broken_id)
{
	struct fixture *f = *state;
	struct audit_verification result;
	enum status status = audit_verify_witnessed(f->u->db, f->witness, &result);
	if (status != STATUS_ERR_AUDIT_BROKEN || result.first_broken_id != first_broken_id)
		fail_msg("verify --witness: status %d, first broken #%lld (expected #%lld): %s", status,
			 result.first_broken_id, first_broken_id, result.problem);
}

/* Every commit of the setup was witnessed, and the untouched trail agrees. */
static void test_witness_agrees_with_untouched_trail(void **state)
{
	struct fixture *f = *state;
	size_t count = 0;
	struct witnessed_head *heads = witness_read(f->u->db, f->witness, &count);
	assert_non_null(heads);
	/* create-first and its login in one commit, then 6 single entries. */
	assert_int_equal(count, 7);
	assert_int_equal(heads[0].from_id, 0);
	assert_int_equal(heads[0].id, 2);
	assert_int_equal(heads[6].id, SETUP_ENTRIES);
	free(heads);
	struct audit_verification result;
	assert_int_equal(audit_verify_witnessed(f->u->db, f->witness, &result), STATUS_OK);
	assert_int_equal(result.entries, SETUP_ENTRIES);
	assert_string_equal(result.note, "");
}

/* A trail with accounts but no entries is broken, never intact, also when
 * its head file was deleted with them and when the chain was restarted. */
static void test_wiped_trail_and_head(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry");
	if (has_head_file())
		assert_int_equal(unlink(db->audit_head_path), 0);
	assert_broken_at(db, 1);
	assert_witness_broken_at(state, 1);
	/* The next session starts a new chain #1 with a new head file. */
	db->audit_chain_started = false;
	assert_int_equal(audit_append(db, f->officer.account_id, "login", "account", f->officer.account_id, ""), STATUS_OK);
	assert_broken_at(db, 1);
	assert_witness_broken_at(state, 1);
}

/* Entry #4 rewritten, every later hash and the head recomputed: the chain
 * and head agree, so only the witness finds it, at #4 (the newest witnessed
 * entry that still matches is #3). */
static void test_rewritten_and_rehashed(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	unit_exec(db, "UPDATE audit_entry SET action = 'contact.view' WHERE id = 4");
	rehash(db, 4, SETUP_ENTRIES);
	write_head(db, SETUP_ENTRIES);
	assert_intact(db, SETUP_ENTRIES);       /* without the witness it cannot be seen */
	assert_witness_broken_at(state, 4);
}

/* A forged entry appended with a correct hash and the head moved onto it:
 * no witnessed commit wrote #9. Still found after regdesk appends #10. */
static void test_forged_append(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	drop_triggers(db);
	unit_exec(db, unit_on_sqlite()
		  ? "INSERT INTO audit_entry (id, at, account_id, action, entity, record_id, fields, hash) "
		    "VALUES (9, '2026-12-06T05:00:00Z', NULL, 'logout', 'account', 1, '', zeroblob(32))"
		  : "INSERT INTO audit_entry (id, at, account_id, action, entity, record_id, fields, hash) "
		    "VALUES (9, '2026-12-06T05:00:00Z', NULL, 'logout', 'account', 1, '', decode(repeat('00', 32), 'hex'))");
	rehash(db, 9, 9);
	write_head(db, 9);
	assert_intact(db, 9);
	assert_witness_broken_at(state, 9);
	assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 11, ""), STATUS_OK);
	assert_witness_broken_at(state, 9);
}

static char *read_whole(const char *path)
{
	FILE *file = fopen(path, "r");
	assert_non_null(file);
	char *text = calloc(1, 65536);
	assert_non_null(text);
	size_t length = fread(text, 1, 65535, file);
	text[length] = '\0';
	fclose(file);
	return text;
}

static void write_whole(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

/* A session killed after its commit but before it witnessed it (and so
 * before the head file, written after the witness): the trail ends with an
 * entry neither reaches. That is said, not called tampering; the next save
 * witnesses it with its own entry, and then nothing is left to say. */
static void test_killed_before_witness(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	char *head = has_head_file() ? read_whole(db->audit_head_path) : NULL, *witnessed = read_whole(f->witness);
	/* PostgreSQL's mark of the newest witnessed entry, written after the witness. */
	char mark[160] = "", restore_mark[256];
	if (!head)
		unit_query_text(db, "SELECT value FROM setting WHERE key = 'audit.witnessed_through'", mark, sizeof mark);
	assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 11, ""), STATUS_OK);
	if (head) {
		write_whole(db->audit_head_path, head);         /* as if killed right after the commit */
	} else {
		snprintf(restore_mark, sizeof restore_mark,
			 "UPDATE setting SET value = '%s' WHERE key = 'audit.witnessed_through'", mark);
		unit_exec(db, restore_mark);
	}
	write_whole(f->witness, witnessed);
	free(head);
	free(witnessed);
	struct audit_verification result;
	assert_int_equal(audit_verify_witnessed(db, f->witness, &result), STATUS_OK);
	assert_non_null(strstr(result.note, "not witnessed yet"));
	assert_non_null(strstr(result.note, "#9"));
	assert_int_equal(audit_append(db, f->officer.account_id, "contact.view", "contact", 12, ""), STATUS_OK);
	assert_int_equal(audit_verify_witnessed(db, f->witness, &result), STATUS_OK);
	assert_string_equal(result.note, "");
}

/* Entries cut off the end and the head moved back onto the new end. */
static void test_cut_and_head_moved_back(void **state)
{
	struct database *db = db_of(state);
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id > 6");
	write_head(db, 6);
	assert_intact(db, 6);
	assert_witness_broken_at(state, 7);
}

/* A witness file naming other databases only: nothing of this one is witnessed. */
static void test_witness_of_another_database(void **state)
{
	struct fixture *f = *state;
	char other[PATH_MAX + 16];
	snprintf(other, sizeof other, "%s/other.log", f->u->dir);
	FILE *file = fopen(other, "w");
	assert_non_null(file);
	fprintf(file, "Dec  6 05:00:00 host regdesk[1]: regdesk audit head #8 %064d from #0 db=/elsewhere/regdesk.db\n", 0);
	fclose(file);
	struct audit_verification result;
	assert_int_equal(audit_verify_witnessed(f->u->db, other, &result), STATUS_ERR_AUDIT_BROKEN);
	assert_int_equal(result.first_broken_id, 1);
}

/* Entries cut off, then a forged restore entry "explaining" them, written
 * with the witness pointed elsewhere (the attacker owns the settings too):
 * without the witness the trail says it was restored, never intact; with
 * the witness the unwitnessed restore entry breaks it. */
static void test_forged_restore_explains_nothing(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	drop_triggers(db);
	char hex8[65] = "";
	hash_hex_of(db, 8, hex8);
	unit_exec(db, "DELETE FROM audit_entry WHERE id > 5");
	char elsewhere[PATH_MAX + 16];
	snprintf(elsewhere, sizeof elsewhere, "file:%s/attacker.log", f->u->dir);
	assert_int_equal(settings_set(db, SETTING_AUDIT_WITNESS, elsewhere), STATUS_OK);
	char fields[512];
	audit_restore_fields(fields, sizeof fields, 8, hex8, "0000", "/tmp/forged.db");
	assert_int_equal(audit_append(db, f->officer.account_id, AUDIT_RESTORE_ACTION, "", 0, fields), STATUS_OK);
	write_head(db, 6);
	struct audit_verification result;
	assert_int_equal(audit_verify(db, &result), STATUS_OK);
	assert_int_equal(result.replaced_first, 6);
	assert_int_equal(result.replaced_last, 8);
	assert_true(strstr(result.note, "#6–#8") != NULL);
	assert_witness_broken_at(state, 6);
}

/* A real restore's entry, witnessed after the replaced entries: the
 * witness agrees, and the verdict names the replaced entries. */
static void test_witnessed_restore_is_reported_not_tampered(void **state)
{
	struct database *db = db_of(state);
	struct fixture *f = *state;
	char hex8[65] = "";
	hash_hex_of(db, 8, hex8);
	/* The restored trail is the backup's (#1..#5) plus the restore entry. */
	drop_triggers(db);
	unit_exec(db, "DELETE FROM audit_entry WHERE id > 5");
	char fields[512];
	audit_restore_fields(fields, sizeof fields, 8, hex8, "0000", "/tmp/backup.db");
	assert_int_equal(audit_append(db, f->officer.account_id, AUDIT_RESTORE_ACTION, "", 0, fields), STATUS_OK);
	/* As backup_restore does: the head file names the restore entry. */
	long long tail = 0;
	char tail_hex[65];
	assert_int_equal(audit_tail(db, &tail, tail_hex), STATUS_OK);
	assert_int_equal(tail, 6);
	if (has_head_file())
		assert_true(audit_install_head(db->audit_head_path, tail, tail_hex));
	struct audit_verification result;
	enum status status = audit_verify_witnessed(db, f->witness, &result);
	if (status != STATUS_OK)
		fail_msg("verify --witness after a restore: %d, #%lld: %s", status, result.first_broken_id, result.problem);
	assert_int_equal(result.replaced_first, 6);
	assert_int_equal(result.replaced_last, 8);
	assert_string_equal(result.problem, "");
	assert_true(strstr(result.note, "restored from a backup") != NULL);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_append_and_verify),
		T(test_chain_across_transactions),
		T(test_tampered_old_entry),
		T(test_every_column_is_chained),
		T(test_recomputed_hash_breaks_chain),
		T(test_deleted_middle_entry),
		T(test_deleted_and_renumbered),
		T(test_truncated_end),
		T(test_replaced_newest_entry),
		T(test_truncation_then_more_entries),
		T(test_missing_head_file),
		T(test_triggers_refuse_changes),
		T(test_fields_not_values),
		T(test_list),
		T(test_witness_agrees_with_untouched_trail),
		T(test_wiped_trail_and_head),
		T(test_rewritten_and_rehashed),
		T(test_forged_append),
		T(test_killed_before_witness),
		T(test_cut_and_head_moved_back),
		T(test_witness_of_another_database),
		T(test_forged_restore_explains_nothing),
		T(test_witnessed_restore_is_reported_not_tampered),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

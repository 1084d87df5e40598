/* The PostgreSQL engine (src/storage_postgresql.c, issue 17): how it reads
 * SQLite's SQL (always, no server needed), and, when REGDESK_TEST_POSTGRESQL
 * names a throwaway cluster, how it reads columns, maps constraint failures,
 * serialises writers, and follows a lost connection: made again between
 * transactions, never inside one (a desk told "saved" must have saved). */
#include "unit.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "activity.h"
#include "calendar.h"
#include "contact.h"
#include "storage_postgresql.h"

/* ---- translation: no server ---- */

static void translates(const char *sql, const char *expected, int expected_count)
{
	int count = -1;
	char *out = postgresql_translate(sql, &count);
	assert_non_null(out);
	if (strcmp(out, expected) != 0)
		fail_msg("translate(%s)\n  gave     [%s]\n  expected [%s]", sql, out, expected);
	assert_int_equal(count, expected_count);
	free(out);
}

static void test_translate_placeholders(void **state)
{
	(void)state;
	translates("SELECT a FROM t WHERE b = ?1 AND c = ?2", "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	/* A bare ? takes the next number after the highest so far, as in SQLite. */
	translates("UPDATE t SET a = ?, b = ? WHERE id = ?", "UPDATE t SET a = $1, b = $2 WHERE id = $3", 3);
	translates("SELECT ?3, ?, ?1", "SELECT $3, $4, $1", 4);
	translates("SELECT ?12", "SELECT $12", 12);
	translates("SELECT 1", "SELECT 1", 0);
	/* Trailing blanks and semicolons go (one statement for PQprepare). */
	translates("SELECT ?1;\n\t ", "SELECT $1", 1);
}

static void test_translate_leaves_quotes_alone(void **state)
{
	(void)state;
	translates("SELECT '?1 it''s ?' || ?1", "SELECT '?1 it''s ?' || $1", 1);
	translates("SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = $1", 1);
	/* A keyword inside a literal is text, not SQL. */
	translates("SELECT 'INSERT OR IGNORE INDEXED BY x'", "SELECT 'INSERT OR IGNORE INDEXED BY x'", 0);
}

static void test_translate_drops_comments(void **state)
{
	(void)state;
	translates("SELECT a -- why? it's here\nFROM t WHERE b = ?", "SELECT a \nFROM t WHERE b = $1", 1);
	translates("SELECT /* a ? and a ' */ b FROM t WHERE c = ?", "SELECT   b FROM t WHERE c = $1", 1);
}

static void test_translate_indexed_by(void **state)
{
	(void)state;
	translates("SELECT id FROM contact INDEXED BY contact_by_sort WHERE x = ?1",
		   "SELECT id FROM contact  WHERE x = $1", 1);
	/* The words may be apart, on two lines, in lower case. */
	translates("SELECT id FROM contact indexed\n\tby contact_by_sort WHERE x = ?1",
		   "SELECT id FROM contact  WHERE x = $1", 1);
	translates("SELECT id FROM contact NOT INDEXED WHERE x = 1", "SELECT id FROM contact  WHERE x = 1", 0);
	/* A name that only contains the word stays. */
	translates("SELECT reindexed_by FROM t", "SELECT reindexed_by FROM t", 0);
}

static void test_translate_insert_or_ignore(void **state)
{
	(void)state;
	translates("INSERT OR IGNORE INTO t (a) VALUES (?1);", "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING", 1);
	translates("insert or ignore\n  into t (a) VALUES (?1)", "INSERT\n  into t (a) VALUES ($1) ON CONFLICT DO NOTHING", 1);
	/* ON CONFLICT goes before RETURNING, which PostgreSQL reads last. */
	translates("INSERT OR IGNORE INTO t (a) VALUES (?1) RETURNING id",
		   "INSERT INTO t (a) VALUES ($1)  ON CONFLICT DO NOTHING RETURNING id", 1);
	translates("INSERT INTO t (a) VALUES (?1)", "INSERT INTO t (a) VALUES ($1)", 1);
}

static void test_translate_grows_its_buffer(void **state)
{
	(void)state;
	/* 400 bare ?s become $1..$400 (up to 4 bytes from 1), and then a long
	 * literal: the literal must come out whole, not cut where the buffer
	 * first ran out. */
	char sql[8192] = "SELECT ";
	char expected[16384] = "SELECT ";
	for (int i = 1; i <= 400; i++) {
		strcat(sql, i > 1 ? ",?" : "?");
		char number[16];
		snprintf(number, sizeof number, i > 1 ? ",$%d" : "$%d", i);
		strcat(expected, number);
	}
	strcat(sql, ", '");
	strcat(expected, ", '");
	for (int i = 0; i < 600; i++) {
		strcat(sql, "?");
		strcat(expected, "?");
	}
	strcat(sql, "'");
	strcat(expected, "'");
	translates(sql, expected, 400);
}

static void test_uri_shown_without_password(void **state)
{
	(void)state;
	char shown[512];
	postgresql_uri_shown("postgresql://regdesk:s3cret@db1.example.fi,db2.example.fi/regdesk?target_session_attrs=read-write",
			     shown, sizeof shown);
	assert_null(strstr(shown, "s3cret"));
	assert_string_equal(shown, "postgresql://regdesk@db1.example.fi,db2.example.fi/regdesk?target_session_attrs=read-write");
	postgresql_uri_shown("postgresql://db1/regdesk?user=regdesk&password=s3cret&sslmode=verify-full", shown, sizeof shown);
	assert_null(strstr(shown, "s3cret"));
	assert_non_null(strstr(shown, "sslmode=verify-full"));
	postgresql_uri_shown("postgresql://db1/regdesk?sslpassword=k3y&user=regdesk&password=s3cret", shown, sizeof shown);
	assert_null(strstr(shown, "s3cret"));
	assert_null(strstr(shown, "k3y"));
	assert_non_null(strstr(shown, "user=regdesk"));
	postgresql_uri_shown("postgresql://regdesk@db1:5432/regdesk", shown, sizeof shown);
	assert_string_equal(shown, "postgresql://regdesk@db1:5432/regdesk");
	assert_true(postgresql_uri("postgres://x/y"));
	assert_false(postgresql_uri("/var/lib/regdesk/regdesk.db"));
}

/* ---- on a server ---- */

#define NEEDS_SERVER()                                                                                   \
	do {                                                                                             \
		if (unit_on_sqlite())                                                                    \
			skip();   /* REGDESK_TEST_POSTGRESQL is not set: these need a cluster */        \
	} while (0)

/* Ends the server process behind db's connection, from another connection,
 * as a failover or a restart would. */
static void kill_backend(struct database *db)
{
	long long pid = unit_query_int(db, "SELECT pg_backend_pid()");
	assert_true(pid > 0);
	PGconn *other = PQconnectdb(unit_postgresql());
	assert_int_equal(PQstatus(other), CONNECTION_OK);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld, 5000)", pid);
	PGresult *result = PQexec(other, sql);
	assert_int_equal(PQresultStatus(result), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(result, 0, 0), "t");
	PQclear(result);
	PQfinish(other);
}

static void test_columns_read_as_sqlite_would(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	struct statement *statement = database_prepare(u->db,
		"SELECT CAST(?1 AS bigint), 2 > 1, 2 < 1, NULL, CAST(?2 AS bytea), CAST(?3 AS text), 'Åkerlund'");
	assert_non_null(statement);
	statement_bind_int64(statement, 1, -9007199254740993LL);
	static const unsigned char bytes[] = { 0x00, 0xff, 0x5c, 0x78, 0x00 };
	statement_bind_blob(statement, 2, bytes, (int)sizeof bytes);
	statement_bind_text(statement, 3, "\\x41");   /* text that looks like bytea's escape */
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_int_equal(statement_column_int64(statement, 0), -9007199254740993LL);
	assert_int_equal(statement_column_int(statement, 1), 1);
	assert_int_equal(statement_column_int(statement, 2), 0);
	assert_null(statement_column_text(statement, 3));
	assert_int_equal(statement_column_type(statement, 3), STORAGE_NULL);
	assert_string_equal(database_text(statement, 3), "");
	assert_int_equal(statement_column_bytes(statement, 4), (int)sizeof bytes);
	assert_memory_equal(statement_column_blob(statement, 4), bytes, sizeof bytes);
	assert_string_equal(statement_column_text(statement, 5), "\\x41");
	assert_int_equal(statement_column_bytes(statement, 5), 4);
	assert_int_equal(statement_column_bytes(statement, 6), (int)strlen("Åkerlund"));
	assert_int_equal(statement_step(statement), STORAGE_DONE);
	database_finalize(statement);
}

static void test_constraint_codes(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe_parent (id bigint PRIMARY KEY)");
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY, name text NOT NULL UNIQUE CHECK (name <> ''), "
			 "parent bigint REFERENCES probe_parent(id))");
	unit_exec(u->db, "INSERT INTO probe (id, name) VALUES (1, 'Ähtäri')");
	static const struct {
		const char *sql;
		int code;
	} cases[] = {
		{ "INSERT INTO probe (id, name) VALUES (2, 'Ähtäri')", STORAGE_CONSTRAINT_UNIQUE },
		{ "INSERT INTO probe (id, name) VALUES (3, '')", STORAGE_CONSTRAINT_CHECK },
		{ "INSERT INTO probe (id, name) VALUES (4, NULL)", STORAGE_CONSTRAINT_NOTNULL },
		{ "INSERT INTO probe (id, name, parent) VALUES (5, 'x', 99)", STORAGE_CONSTRAINT_FOREIGNKEY },
		/* The audit trail's triggers refuse as SQLite's RAISE(ABORT). */
		{ "TRUNCATE audit_entry", STORAGE_CONSTRAINT_TRIGGER },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct statement *statement = database_prepare(u->db, cases[i].sql);
		assert_non_null(statement);
		int rc = statement_step(statement);
		database_finalize(statement);
		if (rc != cases[i].code)
			fail_msg("%s: code %d, expected %d (%s)", cases[i].sql, rc, cases[i].code,
				 database_error_message(u->db));
		assert_int_equal(database_error_code(u->db), cases[i].code);
		assert_int_equal(database_error_code(u->db) & 0xFF, STORAGE_CONSTRAINT);
	}
	/* database_run's duplicate is the core's "exists". */
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id, name) VALUES (?, ?)", "it", 6LL, "Ähtäri"),
			 STATUS_ERR_EXISTS);
	/* Success clears the last error. */
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 1);
	assert_int_equal(database_error_code(u->db), STORAGE_OK);
}

/* A statement that failed spoils its transaction on PostgreSQL; COMMIT then
 * answers ROLLBACK without an error. The desk must hear it failed. */
static void test_commit_of_a_spoilt_transaction_fails(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY)");
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (1)", ""), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (1)", ""), STATUS_ERR_EXISTS);
	assert_int_not_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 0);
	/* The connection is usable again. */
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (2)", ""), STATUS_OK);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 1);
}

static const char *today_on_server =
	"SELECT coalesce(current_setting('regdesk.today', true), '') || ' ' || local_today()";

static void want_today_given(struct database *db)
{
	char today[11], expected[32], given[64];
	calendar_today(today);
	snprintf(expected, sizeof expected, "%s %s", today, today);
	unit_query_text(db, today_on_server, given, sizeof given);
	assert_string_equal(given, expected);
}

/* set_config inside a transaction is undone by its ROLLBACK: the engine must
 * give the date again, not believe the server still has it. */
static void test_today_given_again_after_a_rollback(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	database_close(u->db);
	char error[512];
	assert_int_equal(database_open(&u->db, u->path, error, sizeof error), STATUS_OK);
	assert_int_equal(database_begin(u->db), STATUS_OK);   /* the session's first statement */
	database_rollback(u->db);
	want_today_given(u->db);
}

/* Finnish names are UTF-8 and the search counts their characters: a
 * database of another encoding is refused at once, with the reason. */
static void test_database_not_in_utf8_refused(void **state)
{
	NEEDS_SERVER();
	(void)state;
	char name[64], sql[256], uri[PATH_MAX], error[512] = "";
	snprintf(name, sizeof name, "unit_ascii_%d", (int)getpid());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0",
		 name);
	unit_postgresql_run(sql);
	unit_postgresql_uri(name, uri, sizeof uri);
	struct database *db = NULL;
	enum status status = database_open(&db, uri, error, sizeof error);
	database_close(db);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
	unit_postgresql_run(sql);
	assert_int_not_equal(status, STATUS_OK);
	assert_non_null(strstr(error, "is not a UTF-8 database (its encoding is SQL_ASCII)"));
}

static void test_reconnect_between_transactions(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY)");
	/* A cached statement, prepared on the server under its name. */
	static const char *const insert = "INSERT INTO probe (id) VALUES (?1)";
	assert_int_equal(database_run(u->db, insert, "i", 1LL), STATUS_OK);
	long long before = unit_query_int(u->db, "SELECT pg_backend_pid()");
	kill_backend(u->db);
	/* Outside a transaction: made again, the statement prepared again. */
	assert_int_equal(database_run(u->db, insert, "i", 2LL), STATUS_OK);
	assert_int_not_equal(unit_query_int(u->db, "SELECT pg_backend_pid()"), before);
	want_today_given(u->db);
	/* A lost connection found by BEGIN: the transaction starts on the new one. */
	kill_backend(u->db);
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, insert, "i", 3LL), STATUS_OK);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 3);
}

/* How often the statements below were sent: each draws one number. */
static long long sent_times(struct database *db)
{
	return unit_query_int(db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sent");
}

/* A write outside a transaction whose answer is lost with the connection
 * (here: its backend ends while running it) may have been committed by the
 * server: it is not sent again on the new connection, where it could be
 * saved twice, and the caller is told to check (a desk told "saved" must
 * have saved; one told nothing must not find it saved twice). */
static void test_write_whose_answer_was_lost_is_not_sent_again(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY)");
	unit_exec(u->db, "CREATE SEQUENCE sent");
	/* A cached statement (database_run) and a plain one (database_exec). */
	static const char *const dying_insert =
		"INSERT INTO probe (id) SELECT n FROM (SELECT nextval('sent') AS n, "
		"pg_terminate_backend(pg_backend_pid()) AS ended) AS s WHERE CAST(?1 AS bigint) = 1";
	assert_int_not_equal(database_run(u->db, dying_insert, "i", 1LL), STATUS_OK);
	assert_non_null(strstr(database_error_message(u->db), "check whether the change was saved"));
	assert_int_equal(sent_times(u->db), 1);
	assert_int_not_equal(database_exec(u->db, "INSERT INTO probe (id) SELECT n FROM (SELECT nextval('sent') AS n, "
						  "pg_terminate_backend(pg_backend_pid()) AS ended) AS s"), STORAGE_OK);
	assert_non_null(strstr(database_error_message(u->db), "check whether the change was saved"));
	assert_int_equal(sent_times(u->db), 2);
	/* The connection is made again for the next statement. */
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (?1)", "i", 100LL), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe WHERE id = 100"), 1);
}

/* A query that only reads is sent again after its connection was lost: the
 * answer comes from the new connection. */
static void test_read_whose_answer_was_lost_is_sent_again(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE SEQUENCE sent");
	/* Its first run ends its backend, the second answers. */
	long long before = unit_query_int(u->db, "SELECT pg_backend_pid()");
	assert_int_equal(unit_query_int(u->db, "SELECT CASE WHEN nextval('sent') = 1 "
					       "THEN pg_terminate_backend(pg_backend_pid())::int ELSE 7 END"), 7);
	assert_int_equal(sent_times(u->db), 2);
	assert_int_not_equal(unit_query_int(u->db, "SELECT pg_backend_pid()"), before);
}

static void test_connection_lost_inside_a_transaction_fails_it(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY)");
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (1)", ""), STATUS_OK);
	kill_backend(u->db);
	/* The rest of the transaction must not run on a new connection. */
	assert_int_not_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (2)", ""), STATUS_OK);
	assert_non_null(strstr(database_error_message(u->db), "lost"));
	assert_int_not_equal(database_commit(u->db), STATUS_OK);
	assert_non_null(strstr(status_explain(u->db, STATUS_ERR_DATABASE), "nothing was saved"));
	database_rollback(u->db);
	/* Nothing of it was saved; the next transaction works. */
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 0);
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (3)", ""), STATUS_OK);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 1);
}

/* Even if a caller goes on to commit after a statement failed for the lost
 * connection, the commit must not "succeed" on a fresh connection. */
static void test_commit_never_runs_on_a_new_connection(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY)");
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_run(u->db, "INSERT INTO probe (id) VALUES (1)", ""), STATUS_OK);
	kill_backend(u->db);
	assert_int_not_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe"), 0);
}

static double now_seconds(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* One writer at a time, as SQLite's BEGIN IMMEDIATE: a second desk's write
 * transaction waits for the first's to end. */
static void test_writers_take_turns(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct database *db = NULL;
		char error[512];
		if (database_open(&db, u->path, error, sizeof error) != STATUS_OK || database_begin(db) != STATUS_OK)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		struct timespec pause = { 0, 700 * 1000000L };
		nanosleep(&pause, NULL);
		int rc = database_commit(db) == STATUS_OK ? 0 : 1;
		database_close(db);
		_exit(rc);
	}
	char byte;
	assert_int_equal(read(ready[0], &byte, 1), 1);
	/* The lock is the advisory lock, seen by the server. */
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"), 1);
	double started = now_seconds();
	assert_int_equal(database_begin(u->db), STATUS_OK);
	double waited = now_seconds() - started;
	assert_int_equal(database_commit(u->db), STATUS_OK);
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (waited < 0.4)
		fail_msg("the second writer began after %.3f s: it did not wait for the first", waited);
	close(ready[0]);
	close(ready[1]);
}

/* The lost-update check across two connections (two desks on two hosts):
 * the desk that read before the other saved is refused, not obeyed. */
static void test_stale_edit_refused_across_connections(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	struct session first;
	unit_first_officer(u->db, &first);
	struct contact c;
	contact_init(&c);
	assert_true(contact_set(&c, CONTACT_FIRST_NAME, "Aino"));
	assert_true(contact_set(&c, CONTACT_LAST_NAME, "Söderström"));
	assert_int_equal(contact_save(&first, &c, false, NULL), STATUS_OK);
	long long id = c.id;
	contact_free(&c);

	struct database *other_db = NULL;
	char error[512];
	assert_int_equal(database_open(&other_db, u->path, error, sizeof error), STATUS_OK);
	struct session second = first;
	second.db = other_db;

	struct contact read_first, read_second;
	contact_init(&read_first);
	contact_init(&read_second);
	assert_int_equal(contact_load(&first, id, false, &read_first), STATUS_OK);
	assert_int_equal(contact_load(&second, id, false, &read_second), STATUS_OK);
	assert_true(contact_set(&read_second, CONTACT_CITY, "Ähtäri"));
	assert_int_equal(contact_save(&second, &read_second, false, NULL), STATUS_OK);
	assert_true(contact_set(&read_first, CONTACT_PHONE, "+358401234567"));
	struct contact_conflict conflict;
	memset(&conflict, 0, sizeof conflict);
	assert_int_equal(contact_save(&first, &read_first, false, &conflict), STATUS_ERR_CONFLICT);
	assert_non_null(strstr(conflict.changed_fields, "city"));
	contact_free(&conflict.current);

	struct contact stored;
	contact_init(&stored);
	assert_int_equal(contact_load(&first, id, false, &stored), STATUS_OK);
	assert_string_equal(stored.value[CONTACT_CITY], "Ähtäri");
	assert_string_equal(stored.value[CONTACT_PHONE], "");
	contact_free(&stored);
	contact_free(&read_first);
	contact_free(&read_second);
	database_close(other_db);
}

static char notice_seen[256];

static void remember_notice(const char *message, void *context)
{
	(void)context;
	if (message && !notice_seen[0])
		snprintf(notice_seen, sizeof notice_seen, "%s", message);
}

/* A desk waiting for another's long operation is told what it waits for,
 * as with SQLite's side file (there is no file beside a server's register),
 * and waits as long as that operation runs. */
static void test_waiting_desk_is_told_what_for(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct database *db = NULL;
		char error[512];
		if (database_open(&db, u->path, error, sizeof error) != STATUS_OK || database_begin(db) != STATUS_OK)
			_exit(1);
		activity_begin(db, ACTIVITY_IMPORT, "anna");
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		struct timespec pause = { 1, 200 * 1000000L };
		nanosleep(&pause, NULL);
		int rc = database_commit(db) == STATUS_OK ? 0 : 1;
		activity_end(db);
		database_close(db);
		_exit(rc);
	}
	char byte;
	assert_int_equal(read(ready[0], &byte, 1), 1);
	notice_seen[0] = '\0';
	activity_set_wait_notice(remember_notice, NULL);
	assert_int_equal(database_begin(u->db), STATUS_OK);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	activity_set_wait_notice(NULL, NULL);
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (!strstr(notice_seen, "an import by anna"))
		fail_msg("the waiting desk was told \"%s\", not what it waits for", notice_seen);
	close(ready[0]);
	close(ready[1]);
}

/* The cursors of a whole-register pass still open on the server (asked
 * with the pass off: the question itself is no cursor). */
static long long open_cursors(struct database *db)
{
	database_whole_register_pass(db, false);
	long long count = unit_query_int(db, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'regdesk_cursor_%'");
	database_whole_register_pass(db, true);
	return count;
}

/* A pass over the whole register (an export, the review queue) reads a
 * batch at a time through a cursor, not a million rows into memory; the
 * rows come all and in order across batches while the pass writes between
 * two steps, and a walk stopped half-way leaves the connection as it was. */
static void test_whole_register_pass_reads_through_a_cursor(void **state)
{
	NEEDS_SERVER();
	struct unit_db *u = *state;
	unit_exec(u->db, "CREATE TABLE probe (id bigint PRIMARY KEY, name text NOT NULL)");
	unit_exec(u->db, "CREATE TABLE probe_seen (id bigint PRIMARY KEY)");
	unit_exec(u->db, "INSERT INTO probe SELECT i, 'Åkerlund ' || i FROM generate_series(1, 2500) AS i");
	const char *walk = "SELECT id, name FROM probe WHERE id > ?1 ORDER BY id";

	/* Inside a write transaction: 2,500 rows in three batches, an insert after each. */
	assert_int_equal(database_begin(u->db), STATUS_OK);
	database_whole_register_pass(u->db, true);
	struct statement *statement = database_prepare(u->db, walk);
	assert_non_null(statement);
	statement_bind_int64(statement, 1, 0);
	long long expected = 1;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		assert_int_equal(statement_column_int64(statement, 0), expected);
		char name[64];
		snprintf(name, sizeof name, "Åkerlund %lld", expected);
		assert_string_equal(statement_column_text(statement, 1), name);
		assert_int_equal(database_run(u->db, "INSERT INTO probe_seen (id) VALUES (?)", "i", expected), STATUS_OK);
		if (expected == 1500)
			assert_int_equal(open_cursors(u->db), 1);   /* a cursor, not the whole result */
		expected++;
	}
	assert_int_equal(rc, STORAGE_DONE);
	assert_int_equal(expected, 2501);
	assert_int_equal(statement_step(statement), STORAGE_DONE);   /* stays done, as SQLite's */
	assert_int_equal(open_cursors(u->db), 0);   /* closed once it ran dry */

	/* A reset half-way closes the cursor; the next walk starts again. */
	statement_reset(statement);
	for (int i = 0; i < 1200; i++)
		assert_int_equal(statement_step(statement), STORAGE_ROW);
	statement_reset(statement);
	assert_int_equal(open_cursors(u->db), 0);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_int_equal(statement_column_int64(statement, 0), 1);
	/* So does a finalize; the transaction is unspoilt and commits. */
	database_finalize(statement);
	assert_int_equal(open_cursors(u->db), 0);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe_seen"), 2500);

	/* Outside a transaction the cursor is held; finalized half-way, it is closed. */
	statement = database_prepare(u->db, walk);
	statement_bind_int64(statement, 1, 0);
	for (long long id = 1; id <= 1200; id++) {   /* into the second batch, a third to come */
		assert_int_equal(statement_step(statement), STORAGE_ROW);
		assert_int_equal(statement_column_int64(statement, 0), id);
		assert_int_equal(database_run(u->db, "DELETE FROM probe_seen WHERE id = ?", "i", id), STATUS_OK);
	}
	assert_int_equal(open_cursors(u->db), 1);
	database_finalize(statement);
	assert_int_equal(open_cursors(u->db), 0);

	/* A cursor whose transaction ended under it: its reset sends no CLOSE
	 * that would spoil the next transaction. */
	assert_int_equal(database_begin(u->db), STATUS_OK);
	statement = database_prepare(u->db, walk);
	statement_bind_int64(statement, 1, 0);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	assert_int_equal(database_begin(u->db), STATUS_OK);
	statement_reset(statement);
	database_finalize(statement);
	assert_int_equal(database_run(u->db, "INSERT INTO probe_seen (id) VALUES (3000)", ""), STATUS_OK);
	assert_int_equal(database_commit(u->db), STATUS_OK);
	database_whole_register_pass(u->db, false);
	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM probe_seen"), 2500 - 1200 + 1);
}

int main(void)
{
#define S(name) cmocka_unit_test(name)
#define T(name) cmocka_unit_test_setup_teardown(name, unit_setup_db, unit_teardown_db)
	const struct CMUnitTest translation[] = {
		S(test_translate_placeholders),
		S(test_translate_leaves_quotes_alone),
		S(test_translate_drops_comments),
		S(test_translate_indexed_by),
		S(test_translate_insert_or_ignore),
		S(test_translate_grows_its_buffer),
		S(test_uri_shown_without_password),
	};
	const struct CMUnitTest server[] = {
		T(test_columns_read_as_sqlite_would),
		T(test_constraint_codes),
		T(test_commit_of_a_spoilt_transaction_fails),
		T(test_today_given_again_after_a_rollback),
		T(test_database_not_in_utf8_refused),
		T(test_reconnect_between_transactions),
		T(test_write_whose_answer_was_lost_is_not_sent_again),
		T(test_read_whose_answer_was_lost_is_sent_again),
		T(test_connection_lost_inside_a_transaction_fails_it),
		T(test_commit_never_runs_on_a_new_connection),
		T(test_writers_take_turns),
		T(test_stale_edit_refused_across_connections),
		T(test_waiting_desk_is_told_what_for),
		T(test_whole_register_pass_reads_through_a_cursor),
	};
#undef S
#undef T
	int failed = cmocka_run_group_tests_name("translation", translation, NULL, NULL);
	if (unit_on_sqlite()) {
		/* Said once, not per test: the rest needs a cluster. */
		printf("# skip: the engine's server tests need REGDESK_TEST_POSTGRESQL (a tests/pg_cluster.sh URI)\n");
		return failed;
	}
	return failed + cmocka_run_group_tests_name("server", server, NULL, NULL);
}

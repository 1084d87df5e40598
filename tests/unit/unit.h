/* Shared helpers of the cmocka unit tests: a fresh register in a private
 * temporary directory, the first privacy officer, sessions of a given role,
 * and raw SQL for looking behind the core's back. */
#ifndef REGDESK_UNIT_H
#define REGDESK_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <libpq-fe.h>
#include <fcntl.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "account_internal.h"    /* cheap fixture hashes */
#include "office.h"
#include "database_internal.h"   /* tests look inside the register */

#define UNIT_OFFICER_USERNAME "officer"
#define UNIT_OFFICER_FULL_NAME "Olli Upseeri"
#define UNIT_OFFICER_PASSWORD "officer-password-1"
/* When the staff member signed the confidentiality commitment (notice §5.1). */
#define UNIT_COMMITMENT "2020-01-02"
#define UNIT_DIR_SIZE 1024

/* One test's register: a real file (so that WAL and the audit head file
 * exist) in a directory of its own; or, when REGDESK_TEST_POSTGRESQL names
 * a throwaway cluster (tests/pg_cluster.sh), a database of its own there. */
struct unit_db {
	char dir[UNIT_DIR_SIZE];
	char path[PATH_MAX];
	char postgresql_name[64];  /* "" on SQLite */
	struct database *db;
};

/* The cluster the tests run on, or NULL for SQLite files. */
static inline const char *unit_postgresql(void)
{
	const char *uri = getenv("REGDESK_TEST_POSTGRESQL");
	return uri && *uri ? uri : NULL;
}

/* Whether this run's registers are SQLite files (tests that read the file
 * itself, its pages or its WAL, are SQLite's). */
static inline bool unit_on_sqlite(void)
{
	return unit_postgresql() == NULL;
}

/* The cluster's URI with another database name. */
static inline void unit_postgresql_uri(const char *name, char *out, size_t out_size)
{
	const char *base = unit_postgresql();
	const char *scheme_end = strstr(base, "://");
	const char *path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
	const char *query = strchr(base, '?');
	if (!path || (query && query < path))
		fail_msg("REGDESK_TEST_POSTGRESQL has no database name: %s", base);
	snprintf(out, out_size, "%.*s/%s%s", (int)(path - base), base, name, query ? query : "");
}

/* Runs one statement on the cluster's own database (CREATE/DROP DATABASE). */
static inline void unit_postgresql_run(const char *sql)
{
	PGconn *connection = PQconnectdb(unit_postgresql());
	if (PQstatus(connection) != CONNECTION_OK)
		fail_msg("cannot reach the test cluster: %s", PQerrorMessage(connection));
	PGresult *result = PQexec(connection, sql);
	if (PQresultStatus(result) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(result));
	PQclear(result);
	PQfinish(connection);
}

/* Creates a private temporary directory; dir must hold UNIT_DIR_SIZE bytes. */
static inline void unit_make_temp_dir(char *dir)
{
	const char *base = getenv("TMPDIR");
	snprintf(dir, UNIT_DIR_SIZE, "%s/regdesk-unit-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
}

/* Removes dir and the plain files in it (the tests make no subdirectories
 * except those they remove themselves). */
static inline void unit_remove_dir(const char *dir)
{
	DIR *listing = opendir(dir);
	if (listing) {
		struct dirent *entry;
		while ((entry = readdir(listing)) != NULL) {
			if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
				continue;
			char file[PATH_MAX + 256];
			snprintf(file, sizeof file, "%s/%s", dir, entry->d_name);
			unlink(file);
		}
		closedir(listing);
	}
	rmdir(dir);
}

/* The migrated empty register, made once per test program: running the
 * migrations is most of a fresh register's cost under the sanitizers (they
 * are plain SQL, no clock or randomness: a copy is the same register). */
static char unit_template_dir[UNIT_DIR_SIZE];
static char unit_postgresql_template[64];

static inline void unit_remove_template(void)
{
	unit_remove_dir(unit_template_dir);
	if (unit_postgresql_template[0]) {
		char drop[128];
		snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s WITH (FORCE)", unit_postgresql_template);
		unit_postgresql_run(drop);
	}
}

/* A new database on the cluster, a copy of the migrated template. */
static inline void unit_postgresql_create(struct unit_db *u)
{
	static int made;
	char sql[256];
	if (!unit_postgresql_template[0]) {
		snprintf(unit_postgresql_template, sizeof unit_postgresql_template, "unit_template_%d", (int)getpid());
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", unit_postgresql_template);
		unit_postgresql_run(sql);
		if (!unit_template_dir[0]) {
			unit_make_temp_dir(unit_template_dir);
			atexit(unit_remove_template);
		}
		char uri[PATH_MAX];
		unit_postgresql_uri(unit_postgresql_template, uri, sizeof uri);
		struct database *db = NULL;
		char error[512] = "";
		if (database_open(&db, uri, error, sizeof error) != STATUS_OK)
			fail_msg("database_open(%s): %s", uri, error);
		database_close(db);
	}
	snprintf(u->postgresql_name, sizeof u->postgresql_name, "unit_%d_%d", (int)getpid(), ++made);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", u->postgresql_name, unit_postgresql_template);
	unit_postgresql_run(sql);
	unit_postgresql_uri(u->postgresql_name, u->path, sizeof u->path);
}

/* Copies the file from to to (created 0600, as database_open's umask
 * would); a missing from is not an error when optional. */
static inline void unit_copy_file(const char *from, const char *to, bool optional)
{
	FILE *in = fopen(from, "rb");
	if (!in && optional)
		return;
	assert_non_null(in);
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "wb");
	assert_non_null(out);
	char buffer[65536];
	size_t n;
	while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
		assert_int_equal(fwrite(buffer, 1, n, out), n);
	assert_false(ferror(in));
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Puts a copy of the migrated empty register at path (office mode, whose
 * files start with other modes, opens a fresh one instead). */
static inline void unit_copy_template(const char *path)
{
	if (office_mode())
		return;
	char template_path[PATH_MAX];
	if (!unit_template_dir[0]) {
		unit_make_temp_dir(unit_template_dir);
		atexit(unit_remove_template);
		snprintf(template_path, sizeof template_path, "%s/regdesk.db", unit_template_dir);
		struct database *db = NULL;
		char error[512] = "";
		if (database_open(&db, template_path, error, sizeof error) != STATUS_OK)
			fail_msg("database_open(%s): %s", template_path, error);
		database_close(db);
	}
	snprintf(template_path, sizeof template_path, "%s/regdesk.db", unit_template_dir);
	unit_copy_file(template_path, path, false);
	char from[PATH_MAX + 8], to[PATH_MAX + 8];
	snprintf(from, sizeof from, "%s-wal", template_path);
	snprintf(to, sizeof to, "%s-wal", path);
	unit_copy_file(from, to, true);
}

/* Opens a fresh, migrated database in a new temporary directory. */
static inline struct unit_db *unit_open(void)
{
	struct unit_db *u = calloc(1, sizeof *u);
	assert_non_null(u);
	unit_make_temp_dir(u->dir);
	/* Fixture accounts: cheap hashes (src/account_internal.h). */
	account_hash_cheaply_for_tests(true);
	if (unit_postgresql()) {
		unit_postgresql_create(u);
	} else {
		snprintf(u->path, sizeof u->path, "%s/regdesk.db", u->dir);
		unit_copy_template(u->path);
	}
	char error[512] = "";
	enum status status = database_open(&u->db, u->path, error, sizeof error);
	if (status != STATUS_OK)
		fail_msg("database_open(%s): %s", u->path, error);
	assert_non_null(u->db);
	return u;
}

static inline void unit_close(struct unit_db *u)
{
	if (!u)
		return;
	database_close(u->db);
	unit_remove_dir(u->dir);
	if (u->postgresql_name[0]) {
		char drop[128];
		snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s WITH (FORCE)", u->postgresql_name);
		unit_postgresql_run(drop);
	}
	free(u);
}

/* cmocka setup/teardown pair giving each test a fresh database as *state. */
static inline int unit_setup_db(void **state)
{
	*state = unit_open();
	return 0;
}

static inline int unit_teardown_db(void **state)
{
	unit_close(*state);
	*state = NULL;
	return 0;
}

/* Creates the first privacy officer and fills session (one argon2id hash). */
static inline void unit_first_officer(struct database *db, struct session *session)
{
	assert_int_equal(account_create_first(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_FULL_NAME,
					      UNIT_OFFICER_PASSWORD, UNIT_COMMITMENT, session),
			 STATUS_OK);
}

/* Adds an account of the given role through the officer and fills session as
 * if that user had logged in, without spending a second hash on a login. */
static inline void unit_make_session(struct session *officer, enum role role, const char *username,
				     struct session *session)
{
	long long id = 0;
	char full_name[64];
	snprintf(full_name, sizeof full_name, "Test %s", username);
	assert_int_equal(account_add(officer, username, full_name, role, "temporary-password-1", UNIT_COMMITMENT, &id),
			 STATUS_OK);
	assert_true(id > 0);
	memset(session, 0, sizeof *session);
	session->db = officer->db;
	session->account_id = id;
	snprintf(session->username, sizeof session->username, "%s", username);
	snprintf(session->full_name, sizeof session->full_name, "%s", full_name);
	session->role = role;
}

/* Runs SQL directly on the connection (either engine); fails the test when
 * the database refuses. */
static inline void unit_exec(struct database *db, const char *sql)
{
	if (database_exec(db, sql) != STORAGE_OK)
		fail_msg("SQL refused: %s: %s", sql, database_error_message(db));
}

/* First column of the first row of a query as an integer; -1 when no row. */
static inline long long unit_query_int(struct database *db, const char *sql)
{
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		fail_msg("cannot prepare %s: %s", sql, db->error);
	long long value = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return value;
}

/* First column of the first row as text into out; "" when no row or NULL. */
static inline void unit_query_text(struct database *db, const char *sql, char *out, size_t out_size)
{
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		fail_msg("cannot prepare %s: %s", sql, db->error);
	out[0] = '\0';
	if (statement_step(statement) == STORAGE_ROW && statement_column_text(statement, 0))
		snprintf(out, out_size, "%s", statement_column_text(statement, 0));
	database_finalize(statement);
}

/* The same on an SQLite file opened behind the core's back (tests of the
 * file itself: its migrations, pages, backups). */
static inline void unit_raw_exec(sqlite3 *handle, const char *sql)
{
	char *message = NULL;
	if (sqlite3_exec(handle, sql, NULL, NULL, &message) != SQLITE_OK) {
		char copy[512];
		snprintf(copy, sizeof copy, "%s", message ? message : "?");
		sqlite3_free(message);
		fail_msg("SQL refused: %s: %s", sql, copy);
	}
}

static inline long long unit_raw_query_int(sqlite3 *handle, const char *sql)
{
	sqlite3_stmt *statement = NULL;
	if (sqlite3_prepare_v2(handle, sql, -1, &statement, NULL) != SQLITE_OK)
		fail_msg("cannot prepare %s: %s", sql, sqlite3_errmsg(handle));
	long long value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
	sqlite3_finalize(statement);
	return value;
}

static inline void unit_raw_query_text(sqlite3 *handle, const char *sql, char *out, size_t out_size)
{
	sqlite3_stmt *statement = NULL;
	if (sqlite3_prepare_v2(handle, sql, -1, &statement, NULL) != SQLITE_OK)
		fail_msg("cannot prepare %s: %s", sql, sqlite3_errmsg(handle));
	out[0] = '\0';
	if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
		snprintf(out, out_size, "%s", (const char *)sqlite3_column_text(statement, 0));
	sqlite3_finalize(statement);
}

/* The tables whose pages hold mark in some tuple, live or dead, comma
 * separated ("" when none). Read page by page with pageinspect (the test
 * connects as the superuser), as the SQLite check reads the file's bytes. */
static inline void unit_tables_mentioning(struct database *db, const char *mark, char *where, size_t where_size)
{
	unit_exec(db, "CREATE EXTENSION IF NOT EXISTS pageinspect");
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT string_agg(DISTINCT c.relname, ', ') FROM pg_class c "
		 "CROSS JOIN LATERAL generate_series(0, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int - 1) AS b "
		 "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND EXISTS ("
		 "SELECT 1 FROM heap_page_items(get_raw_page(c.relname, b)) h "
		 "WHERE position(convert_to('%s', 'UTF8') IN h.t_data) > 0)", mark);
	unit_query_text(db, sql, where, where_size);
}

/* PostgreSQL keeps a deleted row as a dead tuple until VACUUM, and an index
 * entry until VACUUM cleans the index: after an erasure no tuple of any
 * table and no entry of any B-tree index may hold the mark (notice §6.4). */
static inline void unit_expect_no_tuples_mentioning(struct database *db, const char *mark)
{
	char sql[1024], where[512];
	unit_tables_mentioning(db, mark, where, sizeof where);
	if (*where)
		fail_msg("tuples (live or dead) still hold \"%s\" after the erasure: %s", mark, where);
	/* An index entry's key, in bt_page_items' hex words. */
	char hex[64] = "";
	for (const char *p = mark; *p && strlen(hex) + 4 < sizeof hex; p++)
		snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%s%02x", p == mark ? "" : " ", (unsigned char)*p);
	snprintf(sql, sizeof sql,
		 "SELECT string_agg(DISTINCT c.relname, ', ') FROM pg_class c JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree' "
		 "CROSS JOIN LATERAL generate_series(1, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int - 1) AS b "
		 "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'i' AND EXISTS ("
		 "SELECT 1 FROM bt_page_items(c.relname, b) i WHERE i.data LIKE '%%%s%%')", hex);
	unit_query_text(db, sql, where, sizeof where);
	if (*where)
		fail_msg("index entries still hold \"%s\" after the erasure: %s", mark, where);
}

/* The other side: mark is in some live tuple (what an erasure keeps). */
static inline bool unit_some_tuple_mentions(struct database *db, const char *mark)
{
	char where[512];
	unit_tables_mentioning(db, mark, where, sizeof where);
	return *where != '\0';
}

/* Fails the test naming the call, both statuses and the core's message. */
static inline void expect_status(struct session *session, enum status got, enum status expected, const char *what)
{
	if (got != expected)
		fail_msg("%s: got \"%s\" (%s), expected \"%s\"", what, status_message(got), session->db->error,
			 status_message(expected));
}

#define EXPECT_OK(session, call) expect_status((session), (call), STATUS_OK, #call)
#define EXPECT_STATUS(session, call, expected) expect_status((session), (call), (expected), #call)

/* An integer (a count) from SQL built like printf. */
__attribute__((format(printf, 2, 3)))
static inline long long sql_int(struct database *db, const char *format, ...)
{
	char sql[1024];
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(sql, sizeof sql, format, arguments);
	va_end(arguments);
	return unit_query_int(db, sql);
}

/* Text from SQL built like printf, into out. */
__attribute__((format(printf, 4, 5)))
static inline void sql_text(struct database *db, char *out, size_t out_size, const char *format, ...)
{
	char sql[1024];
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(sql, sizeof sql, format, arguments);
	va_end(arguments);
	unit_query_text(db, sql, out, out_size);
}

#endif

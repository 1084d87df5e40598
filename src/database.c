#include "database.h"
#include "database_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activity.h"
#include "calendar.h"
#include "i18n.h"
#include "migrations.h"
#include "office.h"
#include "backup.h"
#include "review.h"
#include "storage_postgresql.h"
#include "text.h"


int database_schema_version(void)
{
	return migration_count;
}

/* mkdir -p with mode 0700 for every directory it creates. */
static bool make_private_directories(const char *path)
{
	char partial[4096];
	text_copy(partial, sizeof partial, path);
	for (char *p = partial + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(partial, 0700) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(partial, 0700) == 0 || errno == EEXIST;
}

bool database_default_path(char *out, size_t out_size, char *error, size_t error_size)
{
	const char *explicit_path = getenv("REGDESK_DB");
	if (explicit_path && *explicit_path) {
		text_copy(out, out_size, explicit_path);
		return true;
	}
	char directory[4096];
	const char *data_home = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (data_home && *data_home == '/') {
		snprintf(directory, sizeof directory, "%s/regdesk", data_home);
	} else if (home && *home) {
		snprintf(directory, sizeof directory, "%s/.local/share/regdesk", home);
	} else {
		snprintf(error, error_size, "%s", _("Neither XDG_DATA_HOME nor HOME is set: give the database with --db PATH."));
		return false;
	}
	if (!make_private_directories(directory)) {
		snprintf(error, error_size, _("Cannot create the directory %s: %s"), directory, strerror(errno));
		return false;
	}
	chmod(directory, 0700);
	if ((size_t)snprintf(out, out_size, "%s/regdesk.db", directory) >= out_size) {
		snprintf(error, error_size, "%s", _("The database path is too long."));
		return false;
	}
	return true;
}

/* The open databases, so that a statement finds its cache by its connection. */
static struct database *open_databases[8];

static unsigned text_hash(const char *text)
{
	unsigned hash = 2166136261u;   /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		hash = (hash ^ *p) * 16777619u;
	return hash;
}

struct statement *database_prepare(struct database *db, const char *sql)
{
	/* Most callers pass a literal: the same pointer finds it without
	 * hashing its text (a buffer reused for other text fails the strcmp). */
	for (int i = 0; i < db->statement_count; i++) {
		struct cached_statement *cached = &db->statements[i];
		if (cached->given == sql && !cached->in_use && strcmp(cached->sql, sql) == 0) {
			cached->in_use = true;
			return cached->statement;
		}
	}
	unsigned hash = text_hash(sql);
	for (int i = 0; i < db->statement_count; i++) {
		struct cached_statement *cached = &db->statements[i];
		if (!cached->in_use && cached->hash == hash && strcmp(cached->sql, sql) == 0) {
			cached->in_use = true;
			cached->given = sql;
			return cached->statement;
		}
	}
	/* Only databases opened by database_open keep statements: they are the
	 * ones closing frees. */
	bool registered = false;
	for (size_t d = 0; d < sizeof open_databases / sizeof open_databases[0]; d++)
		registered = registered || open_databases[d] == db;
	bool cache = registered && db->statement_count < (int)(sizeof db->statements / sizeof db->statements[0]);
	struct statement *statement = calloc(1, sizeof *statement);
	char *copy = cache ? strdup(sql) : NULL;
	if (!statement || (cache && !copy)) {
		free(statement);
		free(copy);
		snprintf(db->error, sizeof db->error, "%s", strerror(ENOMEM));
		return NULL;
	}
	statement->db = db;
	statement->cached = cache;
	if (db->engine == ENGINE_POSTGRESQL) {
		statement->postgresql = postgresql_prepare(db, sql, cache);
		if (!statement->postgresql) {
			free(statement);
			free(copy);
			return NULL;
		}
	} else if (sqlite3_prepare_v3(db->handle, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &statement->sqlite, NULL) !=
		   SQLITE_OK) {
		snprintf(db->error, sizeof db->error, "%s", sqlite3_errmsg(db->handle));
		free(statement);
		free(copy);
		return NULL;
	}
	if (cache)
		db->statements[db->statement_count++] = (struct cached_statement){ copy, sql, hash, statement, true };
	return statement;
}

static void statement_free(struct statement *statement)
{
	if (statement->postgresql)
		postgresql_statement_free(statement->db, statement->postgresql);
	else
		sqlite3_finalize(statement->sqlite);
	free(statement);
}

void database_finalize(struct statement *statement)
{
	if (!statement)
		return;
	if (!statement->cached) {
		statement_free(statement);
		return;
	}
	struct database *db = statement->db;
	for (int i = 0; i < db->statement_count; i++) {
		if (db->statements[i].statement == statement) {
			if (statement->postgresql) {
				postgresql_reset(statement->postgresql);
				postgresql_clear_bindings(statement->postgresql);
			} else {
				sqlite3_reset(statement->sqlite);
				sqlite3_clear_bindings(statement->sqlite);
			}
			db->statements[i].in_use = false;
			return;
		}
	}
}

bool database_indexes_words_itself(const struct database *db)
{
	return db->engine == ENGINE_POSTGRESQL;
}

bool database_location_is_server(const char *location)
{
	return postgresql_uri(location);
}

enum storage_engine database_engine(const struct database *db)
{
	return db->engine;
}

int statement_bind_int64(struct statement *statement, int index, long long value)
{
	if (statement->postgresql)
		return postgresql_bind_int64(statement->postgresql, index, value);
	return sqlite3_bind_int64(statement->sqlite, index, value);
}

int statement_bind_int(struct statement *statement, int index, int value)
{
	return statement_bind_int64(statement, index, value);
}

int statement_bind_text(struct statement *statement, int index, const char *text)
{
	if (statement->postgresql)
		return postgresql_bind_text(statement->postgresql, index, text);
	return sqlite3_bind_text(statement->sqlite, index, text, -1, SQLITE_TRANSIENT);
}

int statement_bind_blob(struct statement *statement, int index, const void *bytes, int length)
{
	if (statement->postgresql)
		return postgresql_bind_blob(statement->postgresql, index, bytes, length);
	return sqlite3_bind_blob(statement->sqlite, index, bytes, length, SQLITE_TRANSIENT);
}

int statement_bind_null(struct statement *statement, int index)
{
	if (statement->postgresql)
		return postgresql_bind_null(statement->postgresql, index);
	return sqlite3_bind_null(statement->sqlite, index);
}

int statement_parameter_count(struct statement *statement)
{
	if (statement->postgresql)
		return postgresql_parameter_count(statement->postgresql);
	return sqlite3_bind_parameter_count(statement->sqlite);
}

int statement_step(struct statement *statement)
{
	if (statement->postgresql)
		return postgresql_step(statement->db, statement->postgresql);
	return sqlite3_step(statement->sqlite);
}

void statement_reset(struct statement *statement)
{
	if (statement->postgresql)
		postgresql_reset(statement->postgresql);
	else
		sqlite3_reset(statement->sqlite);
}

long long statement_column_int64(struct statement *statement, int column)
{
	if (statement->postgresql)
		return postgresql_column_int64(statement->postgresql, column);
	return sqlite3_column_int64(statement->sqlite, column);
}

int statement_column_int(struct statement *statement, int column)
{
	return (int)statement_column_int64(statement, column);
}

const char *statement_column_text(struct statement *statement, int column)
{
	if (statement->postgresql)
		return postgresql_column_text(statement->postgresql, column);
	return (const char *)sqlite3_column_text(statement->sqlite, column);
}

const void *statement_column_blob(struct statement *statement, int column)
{
	if (statement->postgresql)
		return postgresql_column_blob(statement->postgresql, column);
	return sqlite3_column_blob(statement->sqlite, column);
}

int statement_column_bytes(struct statement *statement, int column)
{
	if (statement->postgresql)
		return postgresql_column_bytes(statement->postgresql, column);
	return sqlite3_column_bytes(statement->sqlite, column);
}

int statement_column_type(struct statement *statement, int column)
{
	if (statement->postgresql)
		return postgresql_column_text(statement->postgresql, column) ? SQLITE_TEXT : STORAGE_NULL;
	return sqlite3_column_type(statement->sqlite, column);
}

int database_exec(struct database *db, const char *sql)
{
	if (db->engine == ENGINE_POSTGRESQL)
		return postgresql_exec(db, sql);
	return sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
}

long long database_changes(struct database *db)
{
	if (db->engine == ENGINE_POSTGRESQL)
		return db->postgresql_changes;
	return sqlite3_changes(db->handle);
}

long long database_last_insert_id(struct database *db)
{
	if (db->engine == ENGINE_POSTGRESQL)
		return postgresql_last_insert_id(db);
	return sqlite3_last_insert_rowid(db->handle);
}

const char *database_error_message(struct database *db)
{
	if (db->engine == ENGINE_POSTGRESQL)
		return postgresql_error_message(db);
	return sqlite3_errmsg(db->handle);
}

int database_error_code(struct database *db)
{
	if (db->engine == ENGINE_POSTGRESQL)
		return postgresql_error_code(db);
	return sqlite3_extended_errcode(db->handle);
}

/* SQLite reports a full disk met while growing its -wal or -shm file as an
 * I/O error; the system's errno tells the truth. */
static bool disk_full(sqlite3 *handle)
{
	if (!handle)
		return false;
	int system_errno = sqlite3_system_errno(handle);
	return (sqlite3_extended_errcode(handle) & 0xFF) == SQLITE_FULL || system_errno == ENOSPC ||
	       system_errno == EDQUOT || system_errno == EFBIG;
}

enum status database_fail(struct database *db, const char *what)
{
	int code = database_error_code(db) & 0xFF;
	if (disk_full(db->handle))
		code = SQLITE_FULL;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		snprintf(db->error, sizeof db->error, _("%s is locked by another program: close it and try again."), db->path);
	else if (code == SQLITE_FULL)
		snprintf(db->error, sizeof db->error, _("The disk holding %s is full: nothing was saved; free some space."), db->path);
	else if (code == SQLITE_READONLY && db->engine == ENGINE_POSTGRESQL)
		/* A standby, or a right the database role lacks: the server's words name which. */
		snprintf(db->error, sizeof db->error, _("%s refused the change (nothing was saved): %s"), db->path,
			 database_error_message(db));
	else if (code == SQLITE_READONLY)
		snprintf(db->error, sizeof db->error, _("%s is read-only: nothing was saved; check its permissions."), db->path);
	else
		snprintf(db->error, sizeof db->error, "%s: %s", what, database_error_message(db));
	return STATUS_ERR_DATABASE;
}

const char *database_path(const struct database *db)
{
	return db->path;
}

const char *status_explain(const struct database *db, enum status status)
{
	if (status != STATUS_OK && db && db->error[0])
		return db->error;
	return status_message(status);
}

const char *database_text(struct statement *statement, int column)
{
	const char *text = statement_column_text(statement, column);
	return text ? text : "";
}

enum status database_run(struct database *db, const char *sql, const char *types, ...)
{
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return STATUS_ERR_DATABASE;
	va_list arguments;
	va_start(arguments, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i')
			statement_bind_int64(statement, i + 1, va_arg(arguments, long long));
		else if (types[i] == 't')
			statement_bind_text(statement, i + 1, va_arg(arguments, const char *));
		else
			statement_bind_null(statement, i + 1);
	}
	va_end(arguments);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc == STORAGE_CONSTRAINT_UNIQUE || rc == STORAGE_CONSTRAINT_PRIMARYKEY)
		return STATUS_ERR_EXISTS;
	return rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "statement");
}

enum status database_finish(struct database *db, enum status status)
{
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

enum status database_refuse(struct database *db, const char *reason)
{
	snprintf(db->error, sizeof db->error, "%s", reason);
	return STATUS_ERR_INVALID;
}

enum status database_begin(struct database *db)
{
	if (db->transaction_depth++ > 0)
		return STATUS_OK;
	db->after_commit_count = 0;
	db->audit_tail_known = false;
	/* One writer at a time on either engine: what a transaction reads stays
	 * true until it commits (the lost-update check, the audit chain). */
	int rc = db->engine == ENGINE_POSTGRESQL ? postgresql_begin(db)
						 : sqlite3_exec(db->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	activity_wait_over(db);
	if (rc != STORAGE_OK) {
		db->transaction_depth = 0;
		return database_fail(db, "BEGIN");
	}
	return STATUS_OK;
}

enum status database_commit(struct database *db)
{
	if (db->transaction_depth == 0)
		return STATUS_OK;
	if (--db->transaction_depth > 0)
		return STATUS_OK;
	db->audit_tail_known = false;
	int rc = db->engine == ENGINE_POSTGRESQL ? postgresql_commit(db) : database_exec(db, "COMMIT");
	if (rc != STORAGE_OK) {
		enum status status = database_fail(db, "COMMIT");
		if (db->engine == ENGINE_POSTGRESQL)
			postgresql_rollback(db);
		else
			database_exec(db, "ROLLBACK");
		return status;
	}
	/* Hooks see the committed state; one registering another runs it too. */
	for (int i = 0; i < db->after_commit_count; i++)
		db->after_commit[i](db);
	db->after_commit_count = 0;
	return STATUS_OK;
}

void database_after_commit(struct database *db, void (*hook)(struct database *db))
{
	for (int i = 0; i < db->after_commit_count; i++)
		if (db->after_commit[i] == hook)
			return;
	if (db->transaction_depth == 0) {
		hook(db);   /* nothing open: what it follows is already committed */
		return;
	}
	if (db->after_commit_count < (int)(sizeof db->after_commit / sizeof db->after_commit[0]))
		db->after_commit[db->after_commit_count++] = hook;
}

bool database_will_run_after_commit(const struct database *db, void (*hook)(struct database *db))
{
	for (int i = 0; i < db->after_commit_count; i++)
		if (db->after_commit[i] == hook)
			return true;
	return false;
}

void database_rollback(struct database *db)
{
	if (db->transaction_depth == 0)
		return;
	db->transaction_depth = 0;
	db->after_commit_count = 0;
	db->audit_tail_known = false;
	if (db->engine == ENGINE_POSTGRESQL)
		postgresql_rollback(db);
	else
		database_exec(db, "ROLLBACK");
}

static int finnish_collation(void *unused, int a_length, const void *a, int b_length, const void *b)
{
	(void)unused;
	return text_finnish_compare(a, a_length, b, b_length);
}

static int read_user_version(sqlite3 *handle, int *version)
{
	sqlite3_stmt *statement;
	int rc = sqlite3_prepare_v2(handle, "PRAGMA user_version", -1, &statement, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(statement);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(statement, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(statement);
	return rc;
}

/* Explains an sqlite error at open time in one line naming the file and what to do. */
static void explain_open_error(int rc, const char *path, const char *detail, char *error, size_t error_size)
{
	switch (rc & 0xFF) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		snprintf(error, error_size, _("%s is not a regdesk database or is damaged: restore it from a backup (%s)."), path, detail);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(error, error_size, _("%s is locked by another program: close it and try again."), path);
		break;
	case SQLITE_READONLY:
		snprintf(error, error_size, _("%s is read-only: regdesk needs to write it; check the file's and its directory's permissions."), path);
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		snprintf(error, error_size, _("Cannot open %s: check that it exists and that you may read and write it and its directory."), path);
		break;
	case SQLITE_FULL:
		snprintf(error, error_size, _("The disk holding %s is full: free some space and try again."), path);
		break;
	default:
		snprintf(error, error_size, _("Cannot use the database %s: %s"), path, detail);
		break;
	}
}

static int migrate_in_transaction(sqlite3 *handle, int from_version, char *detail, size_t detail_size);

/* A row of PRAGMA foreign_key_check: a migration broke a reference. */
static int foreign_key_broken(void *context, int columns, char **values, char **names)
{
	(void)names;
	char **table = context;
	if (!*table && columns > 0)
		*table = sqlite3_mprintf("%s", values[0] ? values[0] : "?");
	return 0;
}

/* Applies every pending migration in one transaction; on failure rolls back,
 * so the file is exactly as it was. Foreign keys are off meanwhile, as
 * SQLite's procedure for rebuilding a table asks (a DROP TABLE with them on
 * would delete the rows that refer to it), and checked before the commit. */
static int migrate(sqlite3 *handle, int from_version, char *detail, size_t detail_size)
{
	int rc = sqlite3_exec(handle, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = migrate_in_transaction(handle, from_version, detail, detail_size);
	int on = sqlite3_exec(handle, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return rc != SQLITE_OK ? rc : on;
}

static int migrate_in_transaction(sqlite3 *handle, int from_version, char *detail, size_t detail_size)
{
	int rc = sqlite3_exec(handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto failed;
	int version;
	rc = read_user_version(handle, &version);
	if (rc != SQLITE_OK)
		goto failed;
	if (version != from_version) {
		from_version = version;    /* another process migrated meanwhile */
		if (version >= migration_count) {
			sqlite3_exec(handle, "ROLLBACK", NULL, NULL, NULL);
			return SQLITE_OK;
		}
	}
	for (int i = from_version; i < migration_count; i++) {
		char *message = NULL;
		rc = sqlite3_exec(handle, migrations[i].sql, NULL, NULL, &message);
		if (rc != SQLITE_OK) {
			snprintf(detail, detail_size, "%s: %s", migrations[i].name, message ? message : "");
			sqlite3_free(message);
			sqlite3_exec(handle, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
		rc = sqlite3_exec(handle, pragma, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto failed;
	}
	char *broken_table = NULL;
	rc = sqlite3_exec(handle, "PRAGMA foreign_key_check", foreign_key_broken, &broken_table, NULL);
	if (rc == SQLITE_OK && broken_table) {
		snprintf(detail, detail_size, "foreign_key_check: %s", broken_table);
		sqlite3_free(broken_table);
		sqlite3_exec(handle, "ROLLBACK", NULL, NULL, NULL);
		return SQLITE_CONSTRAINT_FOREIGNKEY;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(handle, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return SQLITE_OK;
failed:
	snprintf(detail, detail_size, "%s", sqlite3_errmsg(handle));
	sqlite3_exec(handle, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* SQL's today is the register's local date, as in C (calendar_today), not
 * date('now'), which is UTC's. */
static void local_today_function(sqlite3_context *context, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char today[11];
	calendar_today(today);
	sqlite3_result_text(context, today, -1, SQLITE_TRANSIENT);
}

/* Registered, a database keeps its prepared statements (database_prepare)
 * and closing frees them. */
static void remember_open(struct database *db)
{
	for (size_t d = 0; d < sizeof open_databases / sizeof open_databases[0]; d++) {
		if (!open_databases[d]) {
			open_databases[d] = db;
			return;
		}
	}
}

enum status database_open(struct database **out, const char *path, char *error, size_t error_size)
{
	*out = NULL;
	/* SQLite would open "" as a temporary database, gone at close with
	 * whatever was saved in it. */
	if (!*path) {
		snprintf(error, error_size, "%s", _("No database was named: give the database file or PostgreSQL URI."));
		return STATUS_ERR_DATABASE;
	}
	struct database *db = calloc(1, sizeof *db);
	if (!db) {
		snprintf(error, error_size, "%s", status_message(STATUS_ERR_NO_MEMORY));
		return STATUS_ERR_NO_MEMORY;
	}
	text_copy(db->path, sizeof db->path, path);
	if (postgresql_uri(path)) {
		enum status status = postgresql_open(db, path, error, error_size);
		if (status != STATUS_OK) {
			database_close(db);
			return status;
		}
		remember_open(db);
		*out = db;
		return STATUS_OK;
	}
	bool in_memory = strcmp(path, ":memory:") == 0;
	if (!in_memory)
		snprintf(db->audit_head_path, sizeof db->audit_head_path, "%s.audit-head", path);

	/* Private files (notice §5.3): the database, its WAL and the head file. */
	mode_t old_mask = umask(office_private_umask());
	/* The office install: the file is the group's (0660) before SQLite
	 * creates its WAL and -shm files, which copy its mode. */
	if (office_mode() && !in_memory) {
		int created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, office_file_mode());
		if (created >= 0)
			close(created);
	}
	char detail[512] = "";
	/* One connection per thread: the per-call mutexes of the serialised mode cost 6% of a bulk pass. */
	int rc = sqlite3_open_v2(path, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK && !in_memory && sqlite3_db_readonly(db->handle, "main") == 1)
		rc = SQLITE_READONLY;
	if (rc == SQLITE_OK) {
		/* A write waits for another desk's instead of failing: as long as a
		 * named long operation runs, else up to a minute (activity.h). */
		sqlite3_busy_handler(db->handle, activity_busy_handler, db);
		sqlite3_extended_result_codes(db->handle, 1);
		rc = sqlite3_create_collation(db->handle, "finnish", SQLITE_UTF8, NULL, finnish_collation);
	}
	if (rc == SQLITE_OK)
		rc = text_register_sql_functions(db->handle);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->handle, "local_today", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
					     local_today_function, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->handle, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	/* Deleted personal data is overwritten, not left in free pages (notice §6.4). */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->handle, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	int version = 0;
	if (rc == SQLITE_OK)
		rc = read_user_version(db->handle, &version);
	if (rc == SQLITE_OK && version > migration_count) {
		umask(old_mask);
		snprintf(error, error_size,
			 _("%s was written by a newer regdesk (schema %d; this one knows %d): use the newer regdesk."),
			 path, version, migration_count);
		database_close(db);
		return STATUS_ERR_DATABASE;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->handle, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < migration_count)
		rc = migrate(db->handle, version, detail, sizeof detail);
	/* WAL with synchronous=FULL (with NORMAL a commit can be lost on power
	 * failure); switched on only after the migrations, so that a failed one
	 * leaves the file's bytes exactly as they were. */
	if (rc == SQLITE_OK && !in_memory)
		rc = sqlite3_exec(db->handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	umask(old_mask);
	if (rc != SQLITE_OK) {
		if (!*detail)
			snprintf(detail, sizeof detail, "%s", db->handle ? sqlite3_errmsg(db->handle) : "");
		if (db->handle && disk_full(db->handle))
			rc = SQLITE_FULL;
		explain_open_error(rc, path, detail, error, error_size);
		database_close(db);
		return STATUS_ERR_DATABASE;
	}
	if (!in_memory)
		chmod(path, office_file_mode());
	remember_open(db);
	/* A restore killed half-way is completed (or undone) before any use. */
	if (!in_memory)
		backup_finish_restore(db);
	*out = db;
	return STATUS_OK;
}

void database_close(struct database *db)
{
	if (!db)
		return;
	for (size_t d = 0; d < sizeof open_databases / sizeof open_databases[0]; d++)
		if (open_databases[d] == db)
			open_databases[d] = NULL;
	for (int i = 0; i < db->statement_count; i++) {
		statement_free(db->statements[i].statement);
		free(db->statements[i].sql);
	}
	if (db->postgresql)
		postgresql_close(db);
	sqlite3_close_v2(db->handle);
	free(db);
}

int database_stored_version(struct database *db)
{
	struct statement *statement = database_prepare(db, db->engine == ENGINE_POSTGRESQL
							   ? "SELECT coalesce(max(version), 0) FROM schema_version"
							   : "PRAGMA user_version");
	if (!statement)
		return -1;
	int version = statement_step(statement) == STORAGE_ROW ? statement_column_int(statement, 0) : -1;
	database_finalize(statement);
	return version;
}

bool database_wipe_deleted(struct database *db, char *why, size_t why_size)
{
	if (db->engine == ENGINE_POSTGRESQL) {
		/* VACUUM removes dead tuples from the tables, and with
		 * INDEX_CLEANUP ON from every index too (by default PostgreSQL
		 * skips the indexes when few rows died, as after one person's
		 * erasure); what stays in WAL segments and base backups ages out
		 * with them (README, "Several sites: PostgreSQL"). */
		if (!postgresql_may_vacuum(db, why, why_size))
			return false;   /* erasure_pending stays: check reports it, the owner's run finishes it */
		if (postgresql_exec(db, "VACUUM (INDEX_CLEANUP ON)") != STORAGE_OK || postgresql_exec(db, "DELETE FROM erasure_pending") != STORAGE_OK) {
			snprintf(why, why_size, "%s", postgresql_error_message(db));
			return false;
		}
		return true;
	}
	char *message = NULL;
	if (sqlite3_exec(db->handle, "INSERT INTO contact_search (contact_search) VALUES ('optimize'); "
			 "INSERT INTO organisation_search (organisation_search) VALUES ('optimize'); VACUUM; "
			 "DELETE FROM erasure_pending", NULL, NULL, &message) != SQLITE_OK) {
		snprintf(why, why_size, "%s", message ? message : sqlite3_errmsg(db->handle));
		sqlite3_free(message);
		return false;
	}
	int log_frames = -1, checkpointed = -1;
	int rc = sqlite3_wal_checkpoint_v2(db->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed);
	if (rc == SQLITE_OK && log_frames == 0)
		return true;
	snprintf(why, why_size, "%s", rc == SQLITE_OK || (rc & 0xFF) == SQLITE_BUSY
		 ? _("another program is reading the database") : sqlite3_errmsg(db->handle));
	return false;
}

void database_whole_register_pass(struct database *db, bool on)
{
	if (db->engine != ENGINE_SQLITE)
		return;
	/* 1 GiB of address space, not of memory: pages stay the kernel's cache. */
	sqlite3_exec(db->handle, on ? "PRAGMA mmap_size = 1073741824" : "PRAGMA mmap_size = 0", NULL, NULL, NULL);
}

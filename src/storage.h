/* The storage seam: how the core runs SQL on either engine.
 *
 * SQLite (a file, the embedded default) and PostgreSQL (a libpq URI, for
 * several sites) sit behind the same calls. Modules keep their SQL, written
 * once with ?N or ? placeholders (the PostgreSQL engine numbers them $N);
 * where the dialects must differ, a module asks database_engine() in one
 * place. Result codes are SQLite's numbers under engine-neutral names, so
 * the SQLite engine passes its codes through and the PostgreSQL engine maps
 * SQLSTATEs onto them. */
#ifndef REGDESK_STORAGE_H
#define REGDESK_STORAGE_H

#include <stdbool.h>
#include <stddef.h>

struct database;
struct statement;

enum storage_engine {
	ENGINE_SQLITE,
	ENGINE_POSTGRESQL,
};

enum {
	STORAGE_OK = 0,
	STORAGE_ERROR = 1,
	STORAGE_BUSY = 5,
	STORAGE_LOCKED = 6,
	STORAGE_INTERRUPT = 9,
	STORAGE_READONLY = 8,
	STORAGE_FULL = 13,
	STORAGE_CONSTRAINT = 19,
	STORAGE_ROW = 100,
	STORAGE_DONE = 101,
	STORAGE_CONSTRAINT_CHECK = STORAGE_CONSTRAINT | (1 << 8),
	STORAGE_CONSTRAINT_FOREIGNKEY = STORAGE_CONSTRAINT | (3 << 8),
	STORAGE_CONSTRAINT_NOTNULL = STORAGE_CONSTRAINT | (5 << 8),
	STORAGE_CONSTRAINT_PRIMARYKEY = STORAGE_CONSTRAINT | (6 << 8),
	STORAGE_CONSTRAINT_TRIGGER = STORAGE_CONSTRAINT | (7 << 8),
	STORAGE_CONSTRAINT_UNIQUE = STORAGE_CONSTRAINT | (8 << 8),
};

/* A column's type as far as the core asks: NULL or not. */
enum { STORAGE_NULL = 5 };

/* Which engine holds the register. */
enum storage_engine database_engine(const struct database *db);
/* Whether the search words follow the rows by themselves: PostgreSQL's
 * word tables are kept by triggers; SQLite's FTS5 index is kept by the
 * core, row by row or rebuilt after a bulk load. */
bool database_indexes_words_itself(const struct database *db);

/* Prepares sql, or hands out the statement prepared from the same text
 * before (reset, no bindings); release it with database_finalize. On error
 * records the message in db->error and returns NULL. */
struct statement *database_prepare(struct database *db, const char *sql);
/* Gives a statement back: a cached one is reset for the next use, any
 * other freed. Safe on NULL. */
void database_finalize(struct statement *statement);

/* Parameters count from 1. Text and blobs are copied where the engine
 * needs them after the call; the caller's buffer need only live until the
 * next step. */
int statement_bind_int64(struct statement *statement, int index, long long value);
int statement_bind_int(struct statement *statement, int index, int value);
int statement_bind_text(struct statement *statement, int index, const char *text);
int statement_bind_blob(struct statement *statement, int index, const void *bytes, int length);
int statement_bind_null(struct statement *statement, int index);
int statement_parameter_count(struct statement *statement);

/* STORAGE_ROW with a row to read, STORAGE_DONE at the end, else an error
 * code (the detail through database_error_message). */
int statement_step(struct statement *statement);
/* Back to before the first step; the bindings stay. */
void statement_reset(struct statement *statement);

long long statement_column_int64(struct statement *statement, int column);
int statement_column_int(struct statement *statement, int column);
/* NULL for SQL NULL; valid until the next step. */
const char *statement_column_text(struct statement *statement, int column);
/* A column's text, "" for NULL; valid until the next step. */
const char *database_text(struct statement *statement, int column);
const void *statement_column_blob(struct statement *statement, int column);
int statement_column_bytes(struct statement *statement, int column);
/* STORAGE_NULL or another (positive) number. */
int statement_column_type(struct statement *statement, int column);

/* Runs SQL without results (may hold several statements on SQLite; one on
 * PostgreSQL unless it is a migration). */
int database_exec(struct database *db, const char *sql);
/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
long long database_changes(struct database *db);
/* The id the last INSERT on this connection gave its row. */
long long database_last_insert_id(struct database *db);
/* The engine's own words for the last error. */
const char *database_error_message(struct database *db);
/* The last error's code (STORAGE_*), extended where the engine knows more. */
int database_error_code(struct database *db);

#endif

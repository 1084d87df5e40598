/* The register's SQLite database: opening, migrations, transactions. */
#ifndef REGDESK_DATABASE_H
#define REGDESK_DATABASE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "status.h"

struct database {
	sqlite3 *handle;           /* open connection, foreign keys on, WAL */
	char path[4096];           /* file name as given, or ":memory:" */
	char audit_head_path[4200]; /* file keeping the audit chain head; "" for :memory: */
	int transaction_depth;     /* nesting of database_begin() calls */
	/* Run once each after the open transaction commits (database_after_commit). */
	void (*after_commit[4])(struct database *db);
	int after_commit_count;
	bool audit_chain_started;  /* this connection wrote the chain's first entry: the head file may be created */
	bool bulk_load;            /* search indexes are rebuilt at the end, not kept per row */
	/* The audit chain's newest entry as this connection wrote it, known only
	 * inside the write transaction that wrote it (nobody else can append
	 * meanwhile): a bulk import appends without reading it back per row. */
	bool audit_tail_known;
	long long audit_tail_id;
	unsigned char audit_tail_hash[32];
	char last_country[4];      /* the last code found in the country table (reference data, never changed) */
	struct cached_statement {
		char *sql;             /* the text it was prepared from; owned */
		const char *given;     /* the pointer it was last asked for with: a string literal is found without hashing */
		unsigned hash;
		sqlite3_stmt *statement;
		bool in_use;
	} statements[128];         /* prepared once, reused: preparing dominated bulk work */
	int statement_count;
	char error[512];           /* last error, one line, for the user */
};

/* The schema version this build writes (number of embedded migrations). */
int database_schema_version(void);

/* Default database file: $REGDESK_DB, else $XDG_DATA_HOME/regdesk/regdesk.db,
 * else ~/.local/share/regdesk/regdesk.db. Creates the directory 0700.
 * Writes into out; returns false with a message in error when impossible. */
bool database_default_path(char *out, size_t out_size, char *error, size_t error_size);

/* Opens or creates the database at path, applies pending migrations in one
 * transaction. On failure returns a status, leaves a one-line message in
 * error (naming the file and what to do) and leaves the file unchanged. */
enum status database_open(struct database **out, const char *path, char *error, size_t error_size);
void database_close(struct database *db);

/* BEGIN IMMEDIATE (nested calls only count depth). Every write goes through these. */
enum status database_begin(struct database *db);
enum status database_commit(struct database *db);
void database_rollback(struct database *db);
/* Runs hook once after the open transaction commits, not after a rollback
 * (at once when none is open). The audit trail advances its head file this
 * way, so that the transaction primitive knows nothing of the trail. */
void database_after_commit(struct database *db, void (*hook)(struct database *db));

/* Prepares sql, or hands out the statement prepared from the same text
 * before (reset, no bindings); release it with database_finalize. On error
 * records the message in db->error and returns NULL. */
sqlite3_stmt *database_prepare(struct database *db, const char *sql);
/* Gives a statement back: a cached one is reset for the next use, any
 * other finalized. Safe on NULL. */
void database_finalize(sqlite3_stmt *statement);
/* Records sqlite's message for the failed step and returns STATUS_ERR_DATABASE. */
enum status database_fail(struct database *db, const char *what);

/* A pass that reads the whole register (an export, the review queue): the
 * file is mapped for it, so pages are not copied through the small cache;
 * off again afterwards, so everyday work keeps its small footprint. */
void database_whole_register_pass(struct database *db, bool on);
/* A column's text, "" for NULL; valid until the next step. */
const char *database_text(sqlite3_stmt *statement, int column);
/* Runs one statement to completion. types has one letter per parameter:
 * 'i' long long, 't' text, 'n' NULL (no argument). A unique-key clash is
 * STATUS_ERR_EXISTS; any other failure STATUS_ERR_DATABASE with db->error. */
enum status database_run(struct database *db, const char *sql, const char *types, ...);
/* Commits when status is STATUS_OK, else rolls back; returns the outcome. */
enum status database_finish(struct database *db, enum status status);
/* Puts reason in db->error and returns STATUS_ERR_INVALID. */
enum status database_refuse(struct database *db, const char *reason);

#endif

/* The register's SQLite database: opening, migrations, transactions. */
#ifndef REGDESK_DATABASE_H
#define REGDESK_DATABASE_H

#include <stdbool.h>
#include <stddef.h>
#include "status.h"

/* The open register. Its fields are the core's (src/database_internal.h):
 * screens hold a pointer and go through the functions below. */
struct database;

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
/* Whether location names a database server (a postgresql:// URI) rather
 * than a file. */
bool database_location_is_server(const char *location);

/* BEGIN IMMEDIATE (nested calls only count depth). Every write goes through these. */
enum status database_begin(struct database *db);
enum status database_commit(struct database *db);
void database_rollback(struct database *db);
/* Runs hook once after the open transaction commits, not after a rollback
 * (at once when none is open). The audit trail advances its head file this
 * way, so that the transaction primitive knows nothing of the trail. */
void database_after_commit(struct database *db, void (*hook)(struct database *db));

/* Records sqlite's message for the failed step and returns STATUS_ERR_DATABASE. */
enum status database_fail(struct database *db, const char *what);

/* A pass that reads the whole register (an export, the review queue): the
 * file is mapped for it, so pages are not copied through the small cache;
 * off again afterwards, so everyday work keeps its small footprint. On
 * PostgreSQL the SELECTs first stepped meanwhile read through server-side
 * cursors, a batch at a time: memory holds a batch, not the register. */
void database_whole_register_pass(struct database *db, bool on);
/* Runs one statement to completion. types has one letter per parameter:
 * 'i' long long, 't' text, 'n' NULL (no argument). A unique-key clash is
 * STATUS_ERR_EXISTS; any other failure STATUS_ERR_DATABASE with db->error. */
enum status database_run(struct database *db, const char *sql, const char *types, ...);
/* Commits when status is STATUS_OK, else rolls back; returns the outcome. */
enum status database_finish(struct database *db, enum status status);
/* Puts reason in db->error and returns STATUS_ERR_INVALID. */
enum status database_refuse(struct database *db, const char *reason);

/* The file name the register was opened from, or ":memory:". */
const char *database_path(const struct database *db);

/* The one message a person reads for a status the core returned: the
 * detail the core recorded with that status in the operation that failed
 * (which file, which field, why), else the status's general message. */
const char *status_explain(const struct database *db, enum status status);

#endif

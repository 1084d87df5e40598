/* The PostgreSQL engine behind the storage seam (storage.h): libpq, one
 * connection per process, statements prepared on the server once and
 * prepared again after a failover. Only database.c calls these. */
#ifndef REGDESK_STORAGE_POSTGRESQL_H
#define REGDESK_STORAGE_POSTGRESQL_H

#include <stdbool.h>
#include <stddef.h>

#include "database_internal.h"

/* Whether path is a libpq connection URI (postgresql:// or postgres://). */
bool postgresql_uri(const char *path);
/* The URI without its password, for messages and the side files' names. */
void postgresql_uri_shown(const char *uri, char *out, size_t out_size);

enum status postgresql_open(struct database *db, const char *uri, char *error, size_t error_size);
void postgresql_close(struct database *db);

struct postgresql_statement *postgresql_prepare(struct database *db, const char *sql, bool keep);
void postgresql_statement_free(struct database *db, struct postgresql_statement *statement);
void postgresql_reset(struct postgresql_statement *statement);
void postgresql_clear_bindings(struct postgresql_statement *statement);
int postgresql_bind_int64(struct postgresql_statement *statement, int index, long long value);
int postgresql_bind_text(struct postgresql_statement *statement, int index, const char *text);
int postgresql_bind_blob(struct postgresql_statement *statement, int index, const void *bytes, int length);
int postgresql_bind_null(struct postgresql_statement *statement, int index);
int postgresql_parameter_count(struct postgresql_statement *statement);
int postgresql_step(struct database *db, struct postgresql_statement *statement);
/* While on, a SELECT's first step declares a server-side cursor and its
 * rows come a batch at a time: a pass over the whole register holds one
 * batch in memory, not the result (database_whole_register_pass). */
void postgresql_whole_register_pass(struct database *db, bool on);
long long postgresql_column_int64(struct postgresql_statement *statement, int column);
const char *postgresql_column_text(struct postgresql_statement *statement, int column);
const void *postgresql_column_blob(struct postgresql_statement *statement, int column);
int postgresql_column_bytes(struct postgresql_statement *statement, int column);

int postgresql_exec(struct database *db, const char *sql);
int postgresql_begin(struct database *db);
/* Commits the open transaction on the connection it began on; a lost
 * connection, or a transaction a failed statement spoilt, is an error. */
int postgresql_commit(struct database *db);
void postgresql_rollback(struct database *db);
long long postgresql_last_insert_id(struct database *db);
const char *postgresql_error_message(struct database *db);
/* A long operation's line for the desks waiting on the writer lock, as the
 * session's application_name (NULL: none); and the line of the session
 * holding the lock now, false when none (activity.c). */
void postgresql_announce(struct database *db, const char *line);
bool postgresql_writer_announcement(struct database *db, char *out, size_t out_size);
/* Whether this role's VACUUM reaches every table of the register (it owns
 * them, or holds MAINTAIN); else says why. */
bool postgresql_may_vacuum(struct database *db, char *why, size_t why_size);
int postgresql_error_code(struct database *db);

/* The SQL as PostgreSQL reads it: ?N and ? numbered $N, and SQLite's
 * planner hints (INDEXED BY) and INSERT OR IGNORE in PostgreSQL's words.
 * Returns a malloc'd string and the highest parameter number. */
char *postgresql_translate(const char *sql, int *parameter_count);

#endif

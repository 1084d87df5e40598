/* Desks never see "locked" (issue 14): a write that finds the database held
 * by another desk waits instead of failing, and is told what it waits for.
 *
 * SQLite in WAL mode lets readers go on beside a writer, but one writer at a
 * time. A long operation that holds the write lock (an import, a bulk
 * erasure, a restore) says what it is, who runs it and how far it is in a
 * small side file next to the database (PATH.activity: its own transaction
 * hides any table row from the desks that wait). A desk whose write must
 * wait reads it: while a live process is named there, the desk waits as
 * long as it takes and shows "waiting: an import by anna, 40 % done"; with
 * no such operation (short writes of other desks) it waits up to
 * ACTIVITY_BUSY_LIMIT_MS, far longer than any of those takes.
 *
 * The core knows no curses: the screens and the batch command line register
 * a notice that is told what the desk waits for, while it waits. */
#ifndef REGDESK_ACTIVITY_H
#define REGDESK_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>

#include "database.h"

#define ACTIVITY_BUSY_LIMIT_MS 60000   /* no long operation named: give up after this */
#define ACTIVITY_NOTICE_AFTER_MS 300   /* a wait shorter than this is not shown */

/* The long operations, by their code in the side file. */
#define ACTIVITIES(_) \
	_(IMPORT,       "import") \
	_(IMPORT_CHECK, "import-check") \
	_(ERASURE,      "erasure") \
	_(RESTORE,      "restore") \
	_(MIGRATE,      "migrate")

enum activity {
#define ACTIVITY_ENUM(name, code) ACTIVITY_##name,
	ACTIVITIES(ACTIVITY_ENUM)
#undef ACTIVITY_ENUM
	ACTIVITY_COUNT
};

/* The long operation on db starts, run by the user named who: written to
 * the side file (private, 0600) before it takes the lock. Nested calls
 * only count. */
void activity_begin(struct database *db, enum activity what, const char *who);
/* How far it is, 0..100 (at most every half second reaches the file). */
void activity_progress(struct database *db, int percent);
/* It ended: the side file is removed. */
void activity_end(struct database *db);

/* What holds the database at path, for a waiting desk: true with e.g. "an
 * import by anna, 40 % done" (translated, the name made inert) while a live
 * process is named in the side file. */
bool activity_describe(const char *path, char *out, size_t out_size);

/* The desk's notice: called with what the desk waits for while a write
 * waits more than ACTIVITY_NOTICE_AFTER_MS, again when that changes, and
 * with NULL once the wait is over. One per process; NULL for none. */
typedef void (*activity_wait_notice)(const char *waiting_for, void *context);
void activity_set_wait_notice(activity_wait_notice notice, void *context);

/* SQLite's busy handler for db's connection (database_open installs it). */
int activity_busy_handler(void *database, int attempts);
/* A wait the busy handler told the notice about is over (database_begin
 * calls it once BEGIN returns). */
void activity_wait_over(struct database *db);

#endif

/* Progress of long work (issue 16): an export, a bulk erasure, the review
 * queue, a backup or restore, the check. One type for the screens and the
 * batch command line: done of total, the rate and the time left, and a
 * cancel where stopping loses nothing.
 *
 * The core reports through the database connection the work runs on, so
 * that no call changes its arguments: whoever wants to see it watches the
 * connection (progress_watch) around the call. The report costs nothing per
 * row: the watcher is called at most every PROGRESS_INTERVAL seconds. The
 * same points feed activity_progress, the "waiting: an erasure by anna,
 * 40 % done" notice of other desks. Implemented in src/progress.c. */
#ifndef REGDESK_PROGRESS_H
#define REGDESK_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "database.h"

#define PROGRESS_INTERVAL 0.1   /* seconds between two calls of the watcher */

/* The stages of long work: what is done, and what is counted. */
/* Short labels: a line stays within 80 columns in Finnish too (a longer one
 * would wrap, and \r would rewrite only its last row). */
#define PROGRESS_STAGES(_) \
	_(EXPORT,         N_("Exporting"),          N_("contacts")) \
	_(ERASURE,        N_("Erasing"),            N_("contacts")) \
	_(REVIEW_QUEUE,   N_("Review queue"),       N_("contacts")) \
	_(BACKUP,         N_("Backing up"),         N_("pages")) \
	_(READING,        N_("Reading the backup"), N_("MB")) \
	_(RESTORE_KEEP,   N_("Keeping a copy"),     N_("pages")) \
	_(RESTORE_MAKE,   N_("Preparing"),          N_("pages")) \
	_(RESTORE_COPY,   N_("Restoring"),          N_("pages")) \
	_(INTEGRITY,      N_("Checking the file"),  N_("pages")) \
	_(AUDIT_CHAIN,    N_("Audit trail"),        N_("entries")) \
	_(MIGRATE,        N_("Copying"),            N_("rows"))

enum progress_stage {
#define PROGRESS_STAGE_ENUM(name, label, unit) PROGRESS_##name,
	PROGRESS_STAGES(PROGRESS_STAGE_ENUM)
#undef PROGRESS_STAGE_ENUM
	PROGRESS_STAGE_COUNT
};

struct progress {
	enum progress_stage stage;
	long long done;
	long long total;            /* 0 while not known (the file check counts no pages) */
	double seconds;             /* since the stage began */
	double per_second;          /* done per second */
	double seconds_left;        /* -1 while not known */
	bool cancellable;           /* stopping now loses nothing: the watcher may cancel */
	bool cancelled;             /* the watcher asked to stop at a cancellable point */
	/* The core's bookkeeping. */
	double started, reported;   /* monotonic seconds */
	bool active;
};

/* Called at the start of each stage, about every PROGRESS_INTERVAL seconds
 * and at its end. Returning false asks to stop: heeded only while
 * progress->cancellable, and then the work ends as if never begun
 * (STATUS_ERR_CANCELLED, db->error saying what was kept). */
typedef bool (*progress_watcher)(const struct progress *progress, void *context);

/* Watch the long work on db from now on (NULL: stop watching). The interval
 * is PROGRESS_INTERVAL; tests may make it shorter (0: every step). */
void progress_watch(struct database *db, progress_watcher watcher, void *context);
void progress_set_interval(struct database *db, double seconds);

/* The core's side. A stage of total steps (0: unknown) begins; the watcher
 * sees done 0. cancellable: stopping during the stage loses nothing. */
void progress_begin(struct database *db, enum progress_stage stage, long long total, bool cancellable);
/* done steps of the stage are done. false when the watcher cancelled (only
 * while the stage is cancellable): the caller stops, undoes and returns
 * progress_cancelled(db). Cheap enough to call for every row. */
bool progress_advance(struct database *db, long long done);
/* The stage ended (the watcher sees it whole when it succeeded). */
void progress_end(struct database *db);
/* STATUS_ERR_CANCELLED with what_happened (translated) in db->error. */
enum status progress_cancelled(struct database *db, const char *what_happened);
/* The watcher's view of the stage running on db (for a nested connection). */
void progress_share(struct database *to, const struct database *from);

const char *progress_stage_label(enum progress_stage stage);   /* translated */
/* "Exporting: 12 000 of 50 000 contacts, 8 000/s, 0:05 left", translated. */
void progress_describe(const struct progress *progress, char *out, size_t out_size);
/* The same without the unit, for a narrow line: "Exporting: 12000/50000 (24 %), 8000/s, 0:05 left". */
void progress_describe_compact(const struct progress *progress, char *out, size_t out_size);
/* 0..100, or -1 when the total is not known. */
int progress_percent(const struct progress *progress);

#endif

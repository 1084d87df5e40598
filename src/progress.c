/* Progress of long work (issue 16): see include/progress.h. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "database_internal.h"
#include "i18n.h"

static const struct {
	const char *label, *unit;
} stages[] = {
#define PROGRESS_STAGE_ROW(name, label, unit) { label, unit },
	PROGRESS_STAGES(PROGRESS_STAGE_ROW)
#undef PROGRESS_STAGE_ROW
};

/* The coarse clock: a few nanoseconds, so that a step per row costs nothing. */
static double now_seconds(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static double interval(const struct database *db)
{
	return db->progress_interval == 0 ? PROGRESS_INTERVAL : db->progress_interval < 0 ? 0 : db->progress_interval;
}

void progress_watch(struct database *db, progress_watcher watcher, void *context)
{
	db->progress_watcher = watcher;
	db->progress_context = context;
}

void progress_set_interval(struct database *db, double seconds)
{
	db->progress_interval = seconds > 0 ? seconds : -1;
}

void progress_share(struct database *to, const struct database *from)
{
	to->progress_watcher = from->progress_watcher;
	to->progress_context = from->progress_context;
	to->progress_interval = from->progress_interval;
}

int progress_percent(const struct progress *progress)
{
	if (progress->total <= 0)
		return -1;
	long long done = progress->done < progress->total ? progress->done : progress->total;
	return (int)(done * 100 / progress->total);
}

/* Rate and time left, then the watcher and the other desks' notice. */
static void report(struct database *db, double now)
{
	struct progress *progress = &db->progress;
	progress->reported = now;
	progress->seconds = now - progress->started;
	progress->per_second = progress->seconds > 0 ? (double)progress->done / progress->seconds : 0;
	progress->seconds_left = -1;
	/* An estimate from the first instants would jump about. */
	if (progress->total > 0 && progress->done > 0 && progress->seconds >= 0.2)
		progress->seconds_left = (double)(progress->total - progress->done) / progress->per_second;
	int percent = progress_percent(progress);
	if (percent >= 0)
		activity_progress(db, percent > 99 ? 99 : percent);   /* 100 only once it ended */
	if (db->progress_watcher && !db->progress_watcher(progress, db->progress_context) && progress->cancellable)
		progress->cancelled = true;
}

void progress_begin(struct database *db, enum progress_stage stage, long long total, bool cancellable)
{
	struct progress *progress = &db->progress;
	memset(progress, 0, sizeof *progress);
	progress->stage = (unsigned)stage < PROGRESS_STAGE_COUNT ? stage : PROGRESS_EXPORT;
	progress->total = total > 0 ? total : 0;
	progress->cancellable = cancellable;
	progress->active = true;
	progress->started = now_seconds();
	report(db, progress->started);
}

bool progress_advance(struct database *db, long long done)
{
	struct progress *progress = &db->progress;
	if (!progress->active)
		return true;
	progress->done = done;
	double now = now_seconds();
	if (now - progress->reported >= interval(db) && !progress->cancelled)
		report(db, now);
	return !progress->cancelled;
}

void progress_end(struct database *db)
{
	struct progress *progress = &db->progress;
	if (!progress->active)
		return;
	if (!progress->cancelled && progress->total > 0)
		progress->done = progress->total;
	progress->cancellable = false;
	if (!progress->cancelled)
		report(db, now_seconds());
	progress->active = false;
}

enum status progress_cancelled(struct database *db, const char *what_happened)
{
	snprintf(db->error, sizeof db->error, "%s", what_happened);
	return STATUS_ERR_CANCELLED;
}

const char *progress_stage_label(enum progress_stage stage)
{
	return (unsigned)stage < PROGRESS_STAGE_COUNT ? _(stages[stage].label) : "";
}

static void describe(const struct progress *progress, bool compact, char *out, size_t out_size)
{
	const char *label = progress_stage_label(progress->stage), *unit = _(stages[progress->stage].unit);
	int elapsed = (int)progress->seconds;
	if (progress->total <= 0) {
		snprintf(out, out_size, _("%s: %d:%02d"), label, elapsed / 60, elapsed % 60);
		return;
	}
	char left[64] = "";
	if (progress->seconds_left >= 0) {
		int seconds = (int)(progress->seconds_left + 0.5);
		snprintf(left, sizeof left, _(", %d:%02d left"), seconds / 60, seconds % 60);
	}
	if (compact)
		snprintf(out, out_size, _("%s: %lld/%lld (%d %%), %.0f/s%s"), label, progress->done, progress->total,
			 progress_percent(progress), progress->per_second, left);
	else
		snprintf(out, out_size, _("%s: %lld of %lld %s (%d %%), %.0f/s%s"), label, progress->done, progress->total, unit,
			 progress_percent(progress), progress->per_second, left);
}

void progress_describe(const struct progress *progress, char *out, size_t out_size)
{
	describe(progress, false, out, out_size);
}

void progress_describe_compact(const struct progress *progress, char *out, size_t out_size)
{
	describe(progress, true, out, out_size);
}

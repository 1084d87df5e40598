/* Waiting for another desk instead of failing with "locked" (issue 14). See
 * activity.h. The side file holds one line, "pid<TAB>what<TAB>percent<TAB>
 * who", replaced whole (a new file renamed over it), so a reader never sees
 * half of one. */
#include "activity.h"
#include "database_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "storage_postgresql.h"
#include "text.h"

#define PROGRESS_WRITE_SECONDS 0.5
#define SIDE_FILE_SUFFIX ".activity"

static const char *const activity_codes[] = {
#define ACTIVITY_ROW(name, code) [ACTIVITY_##name] = code,
	ACTIVITIES(ACTIVITY_ROW)
#undef ACTIVITY_ROW
};

static activity_wait_notice wait_notice;
static void *wait_notice_context;

void activity_set_wait_notice(activity_wait_notice notice, void *context)
{
	wait_notice = notice;
	wait_notice_context = context;
}

static double monotonic_seconds(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static bool side_file_path(const char *database_path, char *out, size_t out_size)
{
	/* A server's register has no file beside it: PostgreSQL desks tell
	 * each other through the server (announce_on_server). */
	if (strcmp(database_path, ":memory:") == 0 || !*database_path || strstr(database_path, "://"))
		return false;
	return (size_t)snprintf(out, out_size, "%s" SIDE_FILE_SUFFIX, database_path) < out_size;
}

/* On PostgreSQL the same line goes to the server as the session's
 * application_name, "regdesk|what|percent|who" (printable ASCII, at most
 * 63 bytes: the name is cut), where a waiting desk reads it from the
 * holder of the writer lock (postgresql_writer_announcement). */
static void announce_on_server(struct database *db)
{
	char who[40];
	text_copy(who, sizeof who, db->activity_who);
	for (char *p = who; *p; p++)
		if (*p == '|' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	char line[64];
	snprintf(line, sizeof line, "regdesk|%s|%d|%s", activity_codes[db->activity_what], db->activity_percent, who);
	postgresql_announce(db, line);
	db->activity_written = monotonic_seconds();
}

static void write_side_file(struct database *db)
{
	if (db->engine == ENGINE_POSTGRESQL) {
		announce_on_server(db);
		return;
	}
	char path[4200], temporary[4300];
	if (!side_file_path(db->path, path, sizeof path))
		return;
	snprintf(temporary, sizeof temporary, "%s.%ld", path, (long)getpid());
	int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;   /* the others then wait without knowing for what */
	char line[256];
	int length = snprintf(line, sizeof line, "%ld\t%s\t%d\t%s\n", (long)getpid(), activity_codes[db->activity_what],
			      db->activity_percent, db->activity_who);
	bool written = length > 0 && write(fd, line, (size_t)length) == length;
	close(fd);
	if (!written || rename(temporary, path) != 0)
		unlink(temporary);
	db->activity_written = monotonic_seconds();
}

void activity_begin(struct database *db, enum activity what, const char *who)
{
	if (db->activity_depth++ > 0)
		return;
	db->activity_what = (unsigned)what < ACTIVITY_COUNT ? (int)what : 0;
	db->activity_percent = -1;
	/* The name goes into a tab-separated line: no tabs or line ends in it. */
	text_copy(db->activity_who, sizeof db->activity_who, who ? who : "");
	for (char *p = db->activity_who; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	write_side_file(db);
}

void activity_progress(struct database *db, int percent)
{
	if (db->activity_depth == 0 || percent == db->activity_percent)
		return;
	db->activity_percent = percent < 0 ? -1 : percent > 100 ? 100 : percent;
	if (monotonic_seconds() - db->activity_written >= PROGRESS_WRITE_SECONDS)
		write_side_file(db);
}

void activity_end(struct database *db)
{
	if (db->activity_depth == 0 || --db->activity_depth > 0)
		return;
	if (db->engine == ENGINE_POSTGRESQL) {
		postgresql_announce(db, NULL);
		return;
	}
	char path[4200];
	if (!side_file_path(db->path, path, sizeof path))
		return;
	/* Only our own: another process may have started one since. */
	FILE *file = fopen(path, "r");
	long pid = 0;
	if (file) {
		if (fscanf(file, "%ld", &pid) != 1)
			pid = 0;
		fclose(file);
	}
	if (pid == (long)getpid())
		unlink(path);
}

/* "an import by anna": a literal format each, so that the compiler checks them. */
static void describe_activity(enum activity what, const char *who, char *out, size_t out_size)
{
	switch (what) {
	case ACTIVITY_IMPORT: snprintf(out, out_size, _("an import by %s"), who); break;
	case ACTIVITY_IMPORT_CHECK: snprintf(out, out_size, _("an import check by %s"), who); break;
	case ACTIVITY_ERASURE: snprintf(out, out_size, _("an erasure by %s"), who); break;
	case ACTIVITY_RESTORE: snprintf(out, out_size, _("a restore by %s"), who); break;
	case ACTIVITY_MIGRATE: snprintf(out, out_size, _("a copy to another database by %s"), who); break;
	case ACTIVITY_COUNT: text_copy(out, out_size, who); break;
	}
}

static bool process_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Reads "first<SEPARATOR>what<SEPARATOR>percent<SEPARATOR>who" into out. */
static bool describe_line(char *line, char separator, bool from_side_file, char *out, size_t out_size)
{
	line[strcspn(line, "\n")] = '\0';
	char *fields[4] = { line, NULL, NULL, NULL };
	for (int i = 1; i < 4; i++) {
		fields[i] = strchr(fields[i - 1], separator);
		if (!fields[i])
			return false;
		*fields[i]++ = '\0';
	}
	if (from_side_file) {
		long pid = strtol(fields[0], NULL, 10);
		if (pid == (long)getpid() || !process_alive(pid))
			return false;   /* a killed operation's file: its lock went with it */
	}
	int what = -1;
	for (int i = 0; i < ACTIVITY_COUNT; i++)
		if (strcmp(fields[1], activity_codes[i]) == 0)
			what = i;
	if (what < 0)
		return false;
	char who[128];
	text_make_inert(fields[3], who, sizeof who);
	char described[256];
	describe_activity((enum activity)what, *who ? who : "?", described, sizeof described);
	int percent = atoi(fields[2]);
	if (*fields[2] != '-' && percent >= 0 && percent <= 100)
		/* TRANSLATORS: "an import by anna" and how far it is: "an import by anna, 40 % done". */
		snprintf(out, out_size, _("%s, %d %% done"), described, percent);
	else
		text_copy(out, out_size, described);
	return true;
}

bool activity_describe(const char *path, char *out, size_t out_size)
{
	char side[4200];
	if (!side_file_path(path, side, sizeof side))
		return false;
	FILE *file = fopen(side, "r");
	if (!file)
		return false;
	char line[256] = "";
	bool read = fgets(line, sizeof line, file) != NULL;
	fclose(file);
	return read && describe_line(line, '\t', true, out, out_size);
}

/* What the desk holding the writer lock does: its side file on SQLite, its
 * announcement on the server on PostgreSQL (a live session holds the lock:
 * no process to look for). */
static bool describe_writer(struct database *db, char *out, size_t out_size)
{
	if (db->engine != ENGINE_POSTGRESQL)
		return activity_describe(db->path, out, out_size);
	char line[128];
	return postgresql_writer_announcement(db, line, sizeof line) && strncmp(line, "regdesk|", 8) == 0 &&
	       describe_line(line, '|', false, out, out_size);
}

static void tell(struct database *db, const char *message)
{
	if (message && strcmp(message, db->wait.shown) == 0)
		return;
	text_copy(db->wait.shown, sizeof db->wait.shown, message ? message : "");
	if (wait_notice)
		wait_notice(message, wait_notice_context);
}

int activity_busy_handler(void *database, int attempts)
{
	struct database *db = database;
	double now = monotonic_seconds();
	if (attempts == 0) {
		db->wait.started = now;
		db->wait.checked = 0;
		db->wait.long_operation = false;
	}
	double waited = now - db->wait.started;
	if (waited * 1000 >= ACTIVITY_NOTICE_AFTER_MS && now - db->wait.checked >= 0.25) {
		db->wait.checked = now;
		char what[200];
		db->wait.long_operation = describe_writer(db, what, sizeof what);
		if (db->wait.long_operation) {
			char message[256];
			/* TRANSLATORS: shown while a save waits for another desk: "waiting: an import by anna, 40 % done". */
			snprintf(message, sizeof message, _("waiting: %s"), what);
			tell(db, message);
		} else if (waited >= 2) {
			char message[256];
			snprintf(message, sizeof message, "%s", _("waiting: another program is writing to the database"));
			tell(db, message);
		}
	}
	if (!db->wait.long_operation && waited * 1000 >= ACTIVITY_BUSY_LIMIT_MS)
		return 0;
	/* Short sleeps: a waiting desk takes the lock soon after it is free. */
	struct timespec pause = { 0, (attempts < 20 ? 2 : 10) * 1000000L };
	nanosleep(&pause, NULL);
	return 1;
}

void activity_wait_over(struct database *db)
{
	if (db->wait.shown[0])
		tell(db, NULL);
}

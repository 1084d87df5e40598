/* Backups, restores and integrity checks (notice §5.3). */
#include "review.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"

#define BACKUP_PAGES_PER_STEP 256   /* small steps: others keep working during the copy */

__attribute__((format(printf, 2, 3)))
static enum status fail(struct database *db, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(db->error, sizeof db->error, format, arguments);
	va_end(arguments);
	return STATUS_ERR_IO;
}

static bool file_sha256(const char *path, char hex[65], long long *bytes)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	crypto_hash_sha256_state state;
	crypto_hash_sha256_init(&state);
	unsigned char buffer[65536], digest[crypto_hash_sha256_BYTES];
	size_t length;
	*bytes = 0;
	while ((length = fread(buffer, 1, sizeof buffer, file)) > 0) {
		crypto_hash_sha256_update(&state, buffer, length);
		*bytes += (long long)length;
	}
	bool ok = !ferror(file);
	fclose(file);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return ok;
}

/* Copies the file at from to to, 0600; false on any error. */
static bool copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return false;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok = out >= 0;
	char buffer[65536];
	ssize_t length;
	while (ok && (length = read(in, buffer, sizeof buffer)) > 0)
		ok = write(out, buffer, (size_t)length) == length;
	if (out >= 0) {
		ok = ok && fsync(out) == 0;
		ok = close(out) == 0 && ok;
	}
	close(in);
	return ok;
}

/* Copies whole databases with the online backup API, a few pages at a time. */
static int online_copy(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *backup = sqlite3_backup_init(to, "main", from, "main");
	if (!backup)
		return sqlite3_errcode(to);
	int rc;
	do {
		rc = sqlite3_backup_step(backup, BACKUP_PAGES_PER_STEP);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(backup);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool integrity_ok(sqlite3 *handle, char *problem, size_t problem_size)
{
	sqlite3_stmt *statement;
	if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, NULL) != SQLITE_OK) {
		text_copy(problem, problem_size, sqlite3_errmsg(handle));
		return false;
	}
	bool ok = sqlite3_step(statement) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(statement, 0), "ok") == 0;
	if (!ok)
		text_copy(problem, problem_size, sqlite3_column_text(statement, 0) ? (const char *)sqlite3_column_text(statement, 0)
										     : sqlite3_errmsg(handle));
	database_finalize(statement);
	return ok;
}

enum status backup_write(struct database *db, long long account_id, const char *path, char sha256_hex[65], long long *bytes)
{
	char temporary[4200];
	snprintf(temporary, sizeof temporary, "%s.part", path);
	unlink(temporary);
	int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(db, _("cannot create the backup: %s"), strerror(errno));
	close(fd);
	/* The head is copied before the pages: a head that lags behind the copy
	 * verifies, one ahead would not. Both take their names only at the end,
	 * so a failed backup leaves an earlier one of the same name whole. */
	char head_copy[4300], head_final[4300];
	snprintf(head_final, sizeof head_final, "%s.audit-head", path);
	snprintf(head_copy, sizeof head_copy, "%s.audit-head.part", path);
	bool have_head = *db->audit_head_path && access(db->audit_head_path, R_OK) == 0;
	if (have_head && !copy_file(db->audit_head_path, head_copy)) {
		unlink(temporary);
		unlink(head_copy);
		return fail(db, _("cannot copy the audit chain head: %s"), strerror(errno));
	}
	sqlite3 *target;
	int rc = sqlite3_open_v2(temporary, &target, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = online_copy(db->handle, target);
	char problem[512] = "";
	bool intact = rc == SQLITE_OK && integrity_ok(target, problem, sizeof problem);
	if (rc != SQLITE_OK)
		text_copy(problem, sizeof problem, sqlite3_errmsg(target));
	sqlite3_close(target);
	if (!intact) {
		unlink(temporary);
		unlink(head_copy);
		return fail(db, rc == SQLITE_OK ? _("the backup failed its check: %s") : _("the backup could not be written: %s"),
			    problem);
	}
	chmod(temporary, 0600);
	if (rename(temporary, path) != 0 || (have_head && rename(head_copy, head_final) != 0)) {
		unlink(temporary);
		unlink(head_copy);
		return fail(db, _("cannot write the backup: %s"), strerror(errno));
	}
	if (!file_sha256(path, sha256_hex, bytes))
		return fail(db, _("cannot read the backup back: %s"), strerror(errno));
	return audit_append(db, account_id, "backup.write", "", 0, "database");
}

/* Opens a file read-only as a database struct, for checks. */
static bool open_for_check(const char *path, struct database *out, char *problem, size_t problem_size)
{
	memset(out, 0, sizeof *out);
	text_copy(out->path, sizeof out->path, path);
	snprintf(out->audit_head_path, sizeof out->audit_head_path, "%s.audit-head", path);
	if (sqlite3_open_v2(path, &out->handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		text_copy(problem, problem_size, sqlite3_errmsg(out->handle));
		sqlite3_close(out->handle);
		return false;
	}
	return true;
}

/* integrity, foreign keys, schema version, audit chain: the first problem in problem. */
static bool check_handle(struct database *db, bool check_version, char *problem, size_t problem_size)
{
	if (!integrity_ok(db->handle, problem, problem_size))
		return false;
	sqlite3_stmt *statement;
	if (sqlite3_prepare_v2(db->handle, "PRAGMA foreign_key_check", -1, &statement, NULL) != SQLITE_OK) {
		text_copy(problem, problem_size, sqlite3_errmsg(db->handle));
		return false;
	}
	if (sqlite3_step(statement) == SQLITE_ROW) {
		snprintf(problem, problem_size, _("a row of %s refers to a missing %s"), sqlite3_column_text(statement, 0),
			 sqlite3_column_text(statement, 2));
		database_finalize(statement);
		return false;
	}
	database_finalize(statement);
	if (check_version) {
		int version = -1;
		if (sqlite3_prepare_v2(db->handle, "PRAGMA user_version", -1, &statement, NULL) == SQLITE_OK) {
			if (sqlite3_step(statement) == SQLITE_ROW)
				version = sqlite3_column_int(statement, 0);
			database_finalize(statement);
		}
		if (version != database_schema_version()) {
			snprintf(problem, problem_size, _("schema version %d, this regdesk writes %d"), version, database_schema_version());
			return false;
		}
	}
	struct audit_verification verification;
	if (audit_verify(db, &verification) != STATUS_OK) {
		snprintf(problem, problem_size, _("audit trail: %s"), verification.problem[0] ? verification.problem : db->error);
		return false;
	}
	return true;
}

enum status backup_check(struct database *db)
{
	char problem[512] = "";
	if (check_handle(db, true, problem, sizeof problem))
		return STATUS_OK;
	text_copy(db->error, sizeof db->error, problem);
	return STATUS_ERR_AUDIT_BROKEN;
}

enum status backup_restore(struct database *db, const char *path, char *kept_path, size_t kept_size)
{
	struct database backup;
	char problem[512] = "";
	if (!open_for_check(path, &backup, problem, sizeof problem))
		return fail(db, _("cannot open the backup: %s"), problem);
	bool intact = check_handle(&backup, true, problem, sizeof problem);
	if (!intact) {
		sqlite3_close(backup.handle);
		return fail(db, _("the backup is not sound, nothing restored: %s"), problem);
	}
	/* Keep the database being replaced beside it. */
	char stamp[32];
	clock_format_iso(clock_now(), stamp, sizeof stamp);
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(kept_path, kept_size, "%s.replaced-%s", db->path, stamp);
	sqlite3 *kept;
	int rc = sqlite3_open_v2(kept_path, &kept, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = online_copy(db->handle, kept);
	sqlite3_close(kept);
	chmod(kept_path, 0600);
	if (rc != SQLITE_OK) {
		sqlite3_close(backup.handle);
		return fail(db, _("cannot keep the current database aside: %s"), sqlite3_errstr(rc));
	}
	char kept_head[4400];
	snprintf(kept_head, sizeof kept_head, "%s.audit-head", kept_path);
	if (*db->audit_head_path && access(db->audit_head_path, R_OK) == 0)
		copy_file(db->audit_head_path, kept_head);
	/* The live database takes the backup's pages in one step; then its head. */
	rc = online_copy(backup.handle, db->handle);
	sqlite3_close(backup.handle);
	if (rc != SQLITE_OK)
		return fail(db, _("the restore failed; the database is unchanged: %s"), sqlite3_errstr(rc));
	if (*db->audit_head_path && !copy_file(backup.audit_head_path, db->audit_head_path))
		unlink(db->audit_head_path);
	sqlite3_exec(db->handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	return STATUS_OK;
}

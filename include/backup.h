/* Backups, restore and the integrity check (notice §5.3). Implemented in src/backup.c. */
#ifndef REGDESK_BACKUP_H
#define REGDESK_BACKUP_H

#include <stddef.h>

#include "database.h"

/* A consistent copy through SQLite's online backup while others work,
 * written 0600, checked with integrity_check, with its SHA-256; the audit
 * chain head goes beside it as FILE.audit-head. Whoever can read the
 * database file may back it up (the file's permissions are the guard, notice
 * §5.3): account_id is the privacy officer doing it, or 0 for a scheduled job. */
enum status backup_write(struct database *db, long long account_id, const char *path, char sha256_hex[65], long long *bytes);
/* Checks integrity, schema version and audit chain of a backup, then
 * replaces the live database, keeping the replaced one beside it. */
enum status backup_restore(struct database *db, const char *path, char *kept_path, size_t kept_size);
/* integrity_check, foreign_key_check and the audit chain; the first problem in db->error. */
enum status backup_check(struct database *db);

#endif

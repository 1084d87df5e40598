/* Backups, restore and the integrity check (notice §5.3). Implemented in src/backup.c. */
#ifndef REGDESK_BACKUP_H
#define REGDESK_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "database.h"

/* How a backup file is encrypted (notice §5.3: a lost backup reveals
 * nothing): through libsodium's crypto_secretstream with a key read from
 * key_file (32 raw bytes, or 64 hex digits as backup_make_key writes) or
 * derived with argon2id from the first line of passphrase_file. Both NULL
 * (or no struct): a plain SQLite file. The office install passes its
 * configured key file here. */
struct backup_key {
	const char *key_file;
	const char *passphrase_file;
};

/* What backup_write wrote: the file's SHA-256 and size, and a warning when
 * the backup was written but something after it was not (its audit entry). */
struct backup_result {
	char sha256[65];
	long long bytes;
	char warning[512];
};

/* A consistent copy through SQLite's online backup while others work,
 * written 0600, checked with integrity_check, with its SHA-256; the audit
 * chain head goes beside it as FILE.audit-head. Encrypted when key names a
 * key; the plain copy is then made beside the database, never beside the
 * backup. The file takes its name only when whole (FILE.part before; a
 * killed backup's .part is removed by the next backup to FILE): a backup
 * that was written returns STATUS_OK. Whoever can read the database file may
 * back it up (the file's permissions are the guard, notice §5.3):
 * account_id is the privacy officer doing it, or 0 for a scheduled job. */
enum status backup_write(struct database *db, long long account_id, const char *path, const struct backup_key *key,
			 struct backup_result *result);
/* Writes a new random backup key (64 hex digits and a newline) to path,
 * 0600; refuses an existing file. false with a reason in error. */
bool backup_make_key(const char *path, char *error, size_t error_size);
/* Checks integrity, schema version and audit chain of a backup (decrypting
 * it with key first when it is encrypted), then replaces the live database
 * with it, keeping the replaced one beside it (kept_path). The restored
 * trail gets an entry (AUDIT_RESTORE_ACTION, by account_id) naming the
 * backup, its SHA-256 and the replaced trail's last entry and hash, and it
 * is witnessed. Crash-safe: the new register is made aside, a journal
 * (DB.restore-journal) names its head, the pages go in one transaction, then
 * the head file; a kill at any moment leaves the old register with its head
 * or the restored one, whose head the next open installs
 * (backup_finish_restore). */
enum status backup_restore(struct database *db, long long account_id, const char *path, const struct backup_key *key,
			   char *kept_path, size_t kept_size);
/* The office install's key when key names neither a key file nor a
 * passphrase file (empty strings count as none): its backups are encrypted. */
void backup_key_or_install(struct backup_key *key);
/* What a restore of the backup at path would do, before it is done: for the
 * privacy officer only, in the office install only from backup_folder, with
 * the install's key unless key names one (the batch command's rules). Reads
 * the backup (decrypting a copy) but checks it fully only at the restore. */
struct backup_preview {
	bool encrypted;
	long long bytes;
	char written[40];               /* the file's modification time, local */
	long long last_entry;           /* the backup's audit trail: its last entry, */
	char last_hash[65];             /* that entry's hash (the backup's audit head) */
	char last_at[40];               /* and when it was written, local */
	long long replaced_last;        /* the live trail's last entry, replaced by the restore */
};
enum status backup_preview_restore(struct session *session, const char *path, const struct backup_key *key,
				   struct backup_preview *preview);
/* backup_restore under the same rules as backup_preview_restore, by the
 * session's privacy officer, announced to other desks as a restore
 * (activity.h). The batch command and the backups screen both call this. */
enum status backup_restore_by_officer(struct session *session, const char *path, const struct backup_key *key,
				      char *kept_path, size_t kept_size);
/* PostgreSQL: restores the backup at path (pg_dump's custom format,
 * decrypted with key when encrypted) with pg_restore into the EMPTY
 * database at the URI to, as the role it names (the owner role), in one
 * transaction; checks its schema version and audit chain and appends the
 * restore's entry there, naming the live register's trail end. The live
 * register is left as it is: the configuration is then pointed at to.
 * The same rules as backup_restore_by_officer. */
enum status backup_restore_postgresql(struct session *session, const char *path, const struct backup_key *key,
				      const char *to);
/* A file offered for a restore: a SQLite file or an encrypted backup. */
struct backup_file {
	char path[4200];
	long long bytes;
	long long modified;             /* seconds since the epoch */
	char modified_text[40];         /* local */
	bool encrypted;
};
/* Where backups are kept: the office install's backup_folder, else $HOME
 * (the backups screen's default). false when there is none. */
bool backup_folder(char *out, size_t out_size);
/* The newest (at most max) backups in folder, newest first; their count. */
int backup_list_newest(const char *folder, struct backup_file *out, int max);
/* Completes or rolls back a restore that was killed, and removes the plain
 * copies a killed backup or restore left. Called by database_open. */
void backup_finish_restore(struct database *db);
/* integrity_check, foreign_key_check and the audit chain; the first problem in db->error. */
enum status backup_check(struct database *db);
/* backup_check; when sound, note gets the trail's restore note (see
 * struct audit_verification), "" when none. */
enum status backup_check_noted(struct database *db, char *note, size_t note_size);
/* The same checks of a backup file (decrypted with key when encrypted). */
enum status backup_check_file(struct database *db, const char *path, const struct backup_key *key);

#endif

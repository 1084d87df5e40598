/* The audit trail: an append-only, hash-chained log of logins, views and
 * changes of personal data (notice §5.2). Entries name fields, never values,
 * so that an erased person leaves no copy of their data here (notice §6.4). */
#ifndef REGDESK_AUDIT_H
#define REGDESK_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "account.h"
#include "database.h"

struct audit_entry {
	long long id;              /* position in the chain, from 1 */
	char at[32];               /* ISO 8601 UTC time */
	long long account_id;      /* acting account; 0 when none (failed login of an unknown name) */
	char username[65];         /* the acting account's username, "" when none */
	char action[48];           /* e.g. "login", "contact.view", "user.role" */
	char entity[32];           /* kind of record, e.g. "account", "contact"; "" when none */
	long long record_id;       /* the record's id; 0 when none */
	char fields[512];          /* changed field names, comma separated */
};

/* Appends an entry inside the caller's transaction (or its own when none is
 * open). Returns STATUS_OK, or an error and writes nothing. */
enum status audit_append(struct database *db, long long account_id, const char *action,
			 const char *entity, long long record_id, const char *fields);

struct audit_verification {
	long long entries;         /* entries checked */
	long long first_broken_id; /* first entry whose hash does not match; 0 when intact */
	char problem[256];         /* one line naming the first problem; "" when intact */
	/* A sound trail that a restore rewound: the restore's entry names the
	 * replaced trail's last entry, so entries #replaced_first..#replaced_last
	 * of the replaced trail are not in this one (0, 0 when none). */
	long long replaced_first, replaced_last;
	char note[256];            /* "restored from a backup; entries #a–#b were replaced", or "" */
	long long head_id;         /* the entry the head file kept outside the database names; 0: none */
};

/* The action of the entry a restore appends to the restored trail. Its
 * fields, made by audit_restore_fields, name the replaced trail's last
 * entry and hash, the backup's SHA-256 and the backup's path. */
#define AUDIT_RESTORE_ACTION "backup.restore"
void audit_restore_fields(char *out, size_t out_size, long long replaced_last, const char *replaced_hash_hex,
			  const char *backup_sha256_hex, const char *backup_path);

/* The newest entry's id (0 when empty) and its hash in hex ("" when empty). */
enum status audit_tail(struct database *db, long long *id, char hash_hex[65]);

/* Replaces the head file by "<id> <hash>" through a new file renamed over
 * it (never a half-written head); false on failure. For a restore only:
 * everything else moves the head forward with audit_write_head. */
bool audit_install_head(const char *head_path, long long id, const char *hash_hex);

/* The consultations log of one person (GDPR Art. 15(1), CJEU C-579/21):
 * every entry that concerns the contact, oldest first, calls visit. An entry
 * concerns the contact when it names the contact (entity "contact", also a
 * record merged into it) or a record of theirs: a disclosure that held them,
 * a training or event registration, a request linked to them. No permission
 * check: the caller (the access report) checks access. visit returns
 * STATUS_OK to go on, anything else stops the walk and is returned. A failed
 * read returns STATUS_ERR_DATABASE with the reason in db->error. */
enum status audit_each_for_contact(struct database *db, long long contact_id,
				   enum status (*visit)(const struct audit_entry *entry, void *context), void *context);

/* Recomputes the chain and compares its end with the head kept outside the
 * database file, so that an edit, a deletion or a cut-off end is found.
 * Returns STATUS_OK when intact, STATUS_ERR_AUDIT_BROKEN otherwise. */
enum status audit_verify(struct database *db, struct audit_verification *result);

/* audit_verify, then compares the chain with the heads witnessed in
 * witness_path (see witness.h): a witnessed entry that is absent or carries
 * another hash, or an entry after the first witnessed one that no witnessed
 * commit wrote, breaks the trail at the first such entry. Witnessed entries
 * that a later witnessed restore replaced are reported in result->note.
 * Returns STATUS_OK, STATUS_ERR_AUDIT_BROKEN, or an error with db->error. */
enum status audit_verify_witnessed(struct database *db, const char *witness_path, struct audit_verification *result);

/* Advances the head file; audit_append registers it with
 * database_after_commit, so it runs after a commit that appended entries. */
void audit_write_head(struct database *db);

#endif

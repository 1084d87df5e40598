/* Moving a register between engines (issue 17): `regdesk migrate --to
 * TARGET` copies the open register, every table with its ids and the audit
 * chain byte for byte, into an empty PostgreSQL database (a postgresql://
 * URI) or into a new SQLite file, in either direction.
 *
 * The copy works at the table level: the tables, their columns and the
 * order that respects their foreign keys are read from the two schemas at
 * run time, so a new migration needs nothing here. The target is created or
 * migrated to this build's schema by database_open and must hold no
 * account; the copy is one transaction on it, so a failure or a cancel
 * leaves it empty (a new file is removed). Identities continue past the
 * copied ids (and past SQLite's sqlite_sequence: record numbers are never
 * reused), the search indexes are rebuilt, and the audit chain is verified
 * on arrival before the commit. The source is held for writing meanwhile:
 * the copy is of one moment, and it carries the "register.migrate" entry
 * that records it. Implemented in src/migrate.c. */
#ifndef REGDESK_MIGRATE_H
#define REGDESK_MIGRATE_H

#include <stddef.h>

#include "account.h"
#include "database.h"

/* The audit action of a migration; its fields read "to=TARGET" (a URI
 * shown without its password). */
#define MIGRATE_AUDIT_ACTION "register.migrate"

struct migrate_result {
	char target_shown[512];    /* the target, a URI without its password */
	int tables;                /* tables copied */
	long long rows;            /* rows copied */
	long long audit_entries;   /* entries of the chain verified on the target */
	double seconds;            /* the whole copy, verification included */
};

/* Copies the session's register into target (the privacy officer only:
 * PERMISSION_MANAGE_USERS). STATUS_OK with result filled; otherwise nothing
 * is written to the target and the reason is in session->db->error:
 * STATUS_ERR_FORBIDDEN, STATUS_ERR_INVALID (a target that is not empty, a
 * file that exists, not a postgresql:// URI), STATUS_ERR_DATABASE (the
 * target cannot be opened, a row was refused), STATUS_ERR_AUDIT_BROKEN (the
 * chain did not arrive intact), STATUS_ERR_CANCELLED. Reports progress on
 * session->db (PROGRESS_MIGRATE, cancellable). */
enum status migrate_register(struct session *session, const char *target, struct migrate_result *result);

/* target as it may be shown and audited: a URI without its password. */
void migrate_target_shown(const char *target, char *out, size_t out_size);

#endif

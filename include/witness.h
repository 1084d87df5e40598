/* Witnesses of the audit chain's head outside the database's owner: each
 * commit that appends entries also tells a log the database's owner cannot
 * rewrite (by default the system log, facility authpriv) which entries it
 * added and the newest one's hash. `audit verify --witness FILE` compares
 * the chain with those lines, so that a trail rewritten, cut or extended
 * behind regdesk's back is found even when its head file was rewritten too.
 *
 * Where the lines go is the setting audit_witness (privacy officer, audited):
 *   syslog        syslog(3), ident "regdesk", facility authpriv (default)
 *   file:/PATH    one line appended to PATH (tests; a log host's spool)
 * A line reads
 *   regdesk audit head #N HASH from #M db=PATH
 * (entries #M+1..#N were committed; HASH is entry #N's; PATH the database's
 * full path). Not an environment variable: a setgid install must not let
 * the caller point the witness elsewhere. */
#ifndef REGDESK_WITNESS_H
#define REGDESK_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include "database.h"

#define WITNESS_HASH_BYTES 32

/* Writes the witness line for entries from_id+1..id of db, id carrying hash,
 * to the configured witness. Best effort: false when it could not be written
 * (the commit stands; verify --witness will name the unwitnessed entries). */
bool witness_record(struct database *db, long long from_id, long long id, const unsigned char hash[WITNESS_HASH_BYTES]);

/* True when value names a witness ("syslog" or "file:/full/path"). */
bool witness_setting_valid(const char *value);

/* The identity of db in witness lines: its full path. */
void witness_identity(const struct database *db, char *out, size_t out_size);

struct witnessed_head {
	long long from_id;         /* the chain's tail before the commit */
	long long id;              /* the newest entry the commit wrote */
	char hash_hex[2 * WITNESS_HASH_BYTES + 1];
};

/* Reads the witness lines about db from a file (a file witness, or the
 * system log exported with journalctl or /var/log/auth.log), in the file's
 * order. Lines about other databases and other text are skipped. Returns a
 * malloc'ed array (free it) with *count set, or NULL with a reason in
 * db->error when the file cannot be read (an empty result is not NULL). */
struct witnessed_head *witness_read(struct database *db, const char *path, size_t *count);

#endif

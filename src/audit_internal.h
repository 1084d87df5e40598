/* What the audit modules share inside the core (audit.c writes and
 * verifies the trail, audit_log.c browses it). */
#ifndef REGDESK_AUDIT_INTERNAL_H
#define REGDESK_AUDIT_INTERNAL_H

#include "storage.h"
#include "audit.h"

/* Fills entry from the current row of a statement selecting e.id, e.at,
 * the account id, the username, e.action, e.entity, e.record_id, e.fields. */
void audit_entry_read(struct statement *statement, struct audit_entry *entry);

/* A copied register starts a witness of its own (regdesk migrate): the
 * source's PostgreSQL witness mark names where the source was witnessed,
 * which is not where the copy is. */
enum status audit_forget_witness_mark(struct database *db);

#endif

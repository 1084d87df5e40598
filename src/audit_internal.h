/* What the audit modules share inside the core (audit.c writes and
 * verifies the trail, audit_log.c browses it). */
#ifndef REGDESK_AUDIT_INTERNAL_H
#define REGDESK_AUDIT_INTERNAL_H

#include "storage.h"
#include "audit.h"

/* Fills entry from the current row of a statement selecting e.id, e.at,
 * the account id, the username, e.action, e.entity, e.record_id, e.fields. */
void audit_entry_read(struct statement *statement, struct audit_entry *entry);

#endif

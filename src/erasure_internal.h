/* Erasure in steps, for batches (internal). */
#ifndef REGDESK_ERASURE_INTERNAL_H
#define REGDESK_ERASURE_INTERNAL_H

#include "request.h"
#include "erasure.h"
#include "database_internal.h"

/* erasure_confirm without the final rewrite of the search index and WAL:
 * a batch erases many, then calls erasure_leave_no_trace once. Runs inside
 * the caller's transaction when one is open. */
enum status erasure_erase_person(struct session *session, long long contact_id, long long request_id,
				 struct erasure_preview *out);
/* Merges the search index, rewrites the file (VACUUM) and empties the WAL,
 * outside any transaction. False when a reader kept the WAL from being
 * emptied (or another error): a pending finish is then recorded, and
 * db->error says so. */
bool erasure_leave_no_trace(struct database *db);

/* Leaves a closed request only what accountability needs (number, kind,
 * channel, dates, outcome code, handler); inside the caller's transaction. */
enum status request_clean_on_close(struct database *db, long long request_id);

#endif

/* Erasure in steps, for batches (internal). */
#ifndef REGDESK_ERASURE_INTERNAL_H
#define REGDESK_ERASURE_INTERNAL_H

#include "request.h"

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

#endif

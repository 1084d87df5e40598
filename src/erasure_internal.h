/* Erasure in steps, for batches (internal). */
#ifndef REGDESK_ERASURE_INTERNAL_H
#define REGDESK_ERASURE_INTERNAL_H

#include "request.h"

/* erasure_confirm without the final rewrite of the search index and WAL:
 * a batch erases many, then calls erasure_leave_no_trace once. Runs inside
 * the caller's transaction when one is open. */
enum status erasure_erase_person(struct session *session, long long contact_id, long long request_id,
				 struct erasure_preview *out);
void erasure_leave_no_trace(struct database *db);

#endif

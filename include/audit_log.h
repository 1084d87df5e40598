/* Browsing the audit trail (privacy officer only). */
#ifndef REGDESK_AUDIT_LOG_H
#define REGDESK_AUDIT_LOG_H

#include "audit.h"

struct audit_filter {
	const char *username;      /* exact, or NULL for all */
	const char *action_prefix; /* e.g. "login", or NULL for all */
	long long record_id;       /* 0 for all */
};

/* Browsing needs PERMISSION_VIEW_AUDIT (privacy officer); -1 when refused. */
long long audit_count(struct session *session, const struct audit_filter *filter);
/* Reads up to limit entries matching the filter, newest first, skipping
 * offset; calls visit for each. Returns STATUS_OK, STATUS_ERR_FORBIDDEN
 * (audited) or a database error. */
enum status audit_list(struct session *session, const struct audit_filter *filter, long long offset,
		       int limit, void (*visit)(const struct audit_entry *entry, void *context),
		       void *context);

#endif

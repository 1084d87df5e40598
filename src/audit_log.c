/* Browsing the audit trail: the privacy officer's view (notice §5.2). Apart
 * from audit.c, which permission.c uses to record refusals, so that the
 * trail's writer does not depend on the permission check. */
#include "audit_log.h"
#include "audit_internal.h"
#include "database_internal.h"

#include "permission.h"
#include "text.h"

/* The WHERE clause shared by count and list; bind_filter fills ?1 to ?3. */
#define FILTER_CLAUSE \
	" WHERE (CAST(?1 AS TEXT) IS NULL OR a.username = ?1)" \
	" AND (CAST(?2 AS TEXT) IS NULL OR substr(e.action, 1, length(?2)) = ?2)" \
	" AND (?3 = 0 OR e.record_id = ?3)"

static void bind_filter(struct statement *statement, const struct audit_filter *filter)
{
	if (filter && filter->username && *filter->username)
		statement_bind_text(statement, 1, filter->username);
	if (filter && filter->action_prefix && *filter->action_prefix)
		statement_bind_text(statement, 2, filter->action_prefix);
	statement_bind_int64(statement, 3, filter ? filter->record_id : 0);
}

long long audit_count(struct session *session, const struct audit_filter *filter)
{
	if (permission_require(session, PERMISSION_VIEW_AUDIT) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT count(*) FROM audit_entry e LEFT JOIN account a ON a.id = e.account_id" FILTER_CLAUSE);
	if (!statement)
		return 0;
	bind_filter(statement, filter);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

enum status audit_list(struct session *session, const struct audit_filter *filter, long long offset,
		       int limit, void (*visit)(const struct audit_entry *entry, void *context),
		       void *context)
{
	enum status status = permission_require(session, PERMISSION_VIEW_AUDIT);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	struct statement *statement = database_prepare(db,
		"SELECT e.id, e.at, coalesce(e.account_id, 0), coalesce(a.username, ''), e.action, e.entity, "
		"e.record_id, e.fields FROM audit_entry e LEFT JOIN account a ON a.id = e.account_id" FILTER_CLAUSE
		" ORDER BY e.id DESC LIMIT ?4 OFFSET ?5");
	if (!statement)
		return STATUS_ERR_DATABASE;
	bind_filter(statement, filter);
	statement_bind_int(statement, 4, limit);
	statement_bind_int64(statement, 5, offset);
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct audit_entry entry;
		audit_entry_read(statement, &entry);
		visit(&entry, context);
	}
	database_finalize(statement);
	return rc == STORAGE_DONE ? STATUS_OK : database_fail(db, "audit list");
}

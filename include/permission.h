/* What each role may do (product brief), enforced in the core. */
#ifndef REGDESK_PERMISSION_H
#define REGDESK_PERMISSION_H

#include <stdbool.h>
#include "account.h"

/*        name,              reception, trainer, privacy officer */
#define PERMISSIONS(_) \
	_(MANAGE_USERS,          0, 0, 1) \
	_(VIEW_AUDIT,            0, 0, 1) \
	_(VIEW_REGISTER,         1, 0, 1) \
	_(EDIT_CONTACTS,         1, 0, 1) \
	_(ERASE,                 0, 0, 1) \
	_(MANAGE_TRAININGS,      0, 1, 1) \
	_(EDIT_CONSENTS,         1, 0, 1) \
	_(RECORD_DISCLOSURE,     1, 0, 1) \
	_(MANAGE_RECIPIENTS,     0, 0, 1) \
	_(EXPORT,                0, 0, 1) \
	_(VIEW_DISCLOSURE_LOG,   0, 0, 1) \
	_(MANAGE_EVENTS,         1, 0, 1) \
	_(HANDLE_REQUESTS,       1, 0, 1) \
	_(DECIDE_REQUESTS,       0, 0, 1)

enum permission {
#define PERMISSION_ENUM(name, reception, trainer, officer) PERMISSION_##name,
	PERMISSIONS(PERMISSION_ENUM)
#undef PERMISSION_ENUM
	PERMISSION_COUNT
};

/* True when the role has the permission; no side effects (for menus). */
bool permission_allows(enum role role, enum permission permission);

/* STATUS_OK when allowed; otherwise appends a "permission.denied" audit
 * entry naming the permission and returns STATUS_ERR_FORBIDDEN. */
enum status permission_require(struct session *session, enum permission permission);

const char *permission_name(enum permission permission);

#endif

#include "permission.h"
#include "database_internal.h"

#include "audit.h"

static const struct {
	const char *name;
	bool allowed[ROLE_COUNT];
} permissions[] = {
#define PERMISSION_ROW(name, reception, trainer, officer) \
	[PERMISSION_##name] = { #name, { reception, trainer, officer } },
	PERMISSIONS(PERMISSION_ROW)
#undef PERMISSION_ROW
};

bool permission_allows(enum role role, enum permission permission)
{
	return (unsigned)role < ROLE_COUNT && (unsigned)permission < PERMISSION_COUNT &&
		permissions[permission].allowed[role];
}

const char *permission_name(enum permission permission)
{
	return (unsigned)permission < PERMISSION_COUNT ? permissions[permission].name : "?";
}

enum status permission_require(struct session *session, enum permission permission)
{
	if (session)
		session->db->error[0] = '\0';   /* an operation starts here: an older detail explains nothing */
	/* A privacy officer without a commitment date may do nothing until it is
	 * recorded (notice §5.1; account_set_commitment). */
	if (session && !session->commitment_missing && permission_allows(session->role, permission))
		return STATUS_OK;
	if (session)
		audit_append(session->db, session->account_id, "permission.denied", "permission", 0,
			     permission_name(permission));
	return STATUS_ERR_FORBIDDEN;
}

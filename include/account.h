/* Personal user accounts (notice §5.2): passwords, login, lockout, roles. */
#ifndef REGDESK_ACCOUNT_H
#define REGDESK_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include "database.h"

#define ACCOUNT_PASSWORD_MIN_CHARS 10
#define ACCOUNT_PASSWORD_MAX_BYTES 256
#define ACCOUNT_USERNAME_MAX_CHARS 32
#define ACCOUNT_FULL_NAME_MAX_CHARS 100
#define ACCOUNT_MAX_FAILED_LOGINS 5
#define ACCOUNT_LOCKOUT_SECONDS (15 * 60)

#ifndef N_
#define N_(text) (text)
#endif

/* Roles of the product brief; the name is what the database and the command line use. */
#define ROLES(_) \
	_(RECEPTION, "reception", N_("reception")) \
	_(TRAINER, "trainer", N_("trainer")) \
	_(PRIVACY_OFFICER, "privacy-officer", N_("privacy officer"))

enum role {
#define ROLE_ENUM(name, code, label) ROLE_##name,
	ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
};

const char *role_code(enum role role);
/* Translated human name of the role. */
const char *role_label(enum role role);
/* Parses a role code; returns false when unknown. */
bool role_parse(const char *code, enum role *out);

/* A logged-in user. Owned by the caller; account_login fills it. */
struct session {
	struct database *db;                  /* the register */
	long long account_id;                 /* the logged-in account */
	char username[4 * ACCOUNT_USERNAME_MAX_CHARS + 1];
	char full_name[4 * ACCOUNT_FULL_NAME_MAX_CHARS + 1];
	enum role role;
	bool must_change_password;            /* reset by an officer: change before anything else */
	bool commitment_missing;              /* a privacy officer without a commitment date: nothing is
						 permitted until account_set_commitment records their own */
};

struct account {
	long long id;
	char username[4 * ACCOUNT_USERNAME_MAX_CHARS + 1];
	char full_name[4 * ACCOUNT_FULL_NAME_MAX_CHARS + 1];
	enum role role;
	bool active;                          /* false once deactivated; never deleted */
	bool must_change_password;
	bool locked;                          /* locked now after failed logins */
	char commitment_signed_on[11];        /* the confidentiality commitment (notice §5.1); "" when not recorded */
};

/* Field validators shared by the forms and the command line. Each returns
 * STATUS_OK or STATUS_ERR_INVALID with a translated reason in reason. */
enum status account_validate_username(const char *username, char *reason, size_t reason_size);
enum status account_validate_full_name(const char *full_name, char *reason, size_t reason_size);
/* Password rules: at least ACCOUNT_PASSWORD_MIN_CHARS characters, not the username. */
enum status account_validate_password(const char *username, const char *password);

/* The date the confidentiality commitment was signed (notice §5.1): a date
 * (normalised to YYYY-MM-DD in out), required, not after today. */
enum status account_validate_commitment(const char *date, char out[11], char *reason, size_t reason_size);

long long account_count(struct database *db);

/* Creates the first privacy officer when no account exists (first run);
 * STATUS_ERR_NEEDS_LOGIN once any account exists. Fills session on success. */
enum status account_create_first(struct database *db, const char *username, const char *full_name,
				 const char *password, const char *commitment_signed_on, struct session *session);

/* Checks the password (argon2id). Five failures lock the account for 15
 * minutes; a locked, unknown or deactivated account gets the same answer,
 * STATUS_ERR_LOGIN_FAILED, so that nobody learns which names exist. With the
 * right password, an account without its confidentiality commitment date is
 * refused (STATUS_ERR_NO_COMMITMENT), except a privacy officer, whose session
 * has commitment_missing set: they must record their own date first. */
enum status account_login(struct database *db, const char *username, const char *password,
			  struct session *session);

/* Re-checks the session user's password to unlock the screen; failures count
 * toward the lockout like logins. */
enum status account_unlock(struct session *session, const char *password);
/* Records that the screen was locked. */
void account_note_lock(struct session *session, bool idle);
void account_logout(struct session *session);

/* The user's own password change (old password required unless a reset forced it). */
enum status account_change_own_password(struct session *session, const char *old_password,
					const char *new_password);

/* Privacy officer only (checked here, audited when refused). */
/* Every account records when its confidentiality commitment was signed
 * (commitment_signed_on, see account_validate_commitment); a refused date is
 * STATUS_ERR_INVALID with the reason in db->error. */
enum status account_add(struct session *session, const char *username, const char *full_name,
			enum role role, const char *temporary_password, const char *commitment_signed_on,
			long long *new_id);
/* Records or corrects the commitment date of an account (privacy officer), or
 * a privacy officer's own when their session has commitment_missing. Audited. */
enum status account_set_commitment(struct session *session, long long account_id, const char *signed_on);
enum status account_set_role(struct session *session, long long account_id, enum role role);
enum status account_reset_password(struct session *session, long long account_id,
				   const char *temporary_password);
enum status account_deactivate(struct session *session, long long account_id);
enum status account_find(struct session *session, const char *username, struct account *out);
/* All accounts ordered by username; calls visit for each. */
enum status account_list(struct session *session,
			 void (*visit)(const struct account *account, void *context), void *context);

/* Who an employee is, for the access report (which checks access itself):
 * full name and role of username. STATUS_ERR_NOT_FOUND when no such
 * account, STATUS_ERR_DATABASE with db->error when the read failed. */
enum status account_describe(struct database *db, const char *username, char *full_name, size_t full_name_size,
			     enum role *role);

#endif

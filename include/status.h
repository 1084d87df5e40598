/* Status codes of the core and their user-facing messages: one table. */
#ifndef REGDESK_STATUS_H
#define REGDESK_STATUS_H

/* N_() marks a message for translation; status_message() translates it. */
#ifndef N_
#define N_(text) (text)
#endif
#define STATUS_CODES(_) \
	_(OK,                 N_("ok")) \
	_(ERR_DATABASE,       N_("database error")) \
	_(ERR_NO_MEMORY,      N_("out of memory")) \
	_(ERR_FORBIDDEN,      N_("not permitted for your role")) \
	_(ERR_LOGIN_FAILED,   N_("Login failed: wrong username or password, or locked for 15 min after 5 tries.")) \
	_(ERR_INVALID,        N_("invalid input")) \
	_(ERR_NOT_FOUND,      N_("not found")) \
	_(ERR_EXISTS,         N_("that username is already taken")) \
	_(ERR_PASSWORD_SHORT, N_("the password must be at least 10 characters long")) \
	_(ERR_PASSWORD_IS_USERNAME, N_("the password must not be the username")) \
	_(ERR_PASSWORD_MISMATCH, N_("the two passwords differ")) \
	_(ERR_PASSWORD_WRONG, N_("wrong password")) \
	_(ERR_LAST_OFFICER,   N_("the last active privacy officer cannot be deactivated or given another role")) \
	_(ERR_NEEDS_LOGIN,    N_("log in first: accounts already exist")) \
	_(ERR_CONFLICT,       N_("the record was changed by someone else meanwhile")) \
	_(ERR_AUDIT_BROKEN,   N_("the audit trail is broken")) \
	_(ERR_IO,             N_("file error")) \
	_(ERR_NO_COMMITMENT,  N_("no confidentiality commitment recorded for this account: the privacy officer records the date it was signed first")) \
	_(ERR_TRANSFER_REFUSED, N_("nothing may be disclosed outside the EU/EEA until the recipient's safeguard is recorded (notice §3.1)")) \
	_(ERR_CANCELLED,      N_("cancelled"))

enum status {
#define STATUS_ENUM(name, message) STATUS_##name,
	STATUS_CODES(STATUS_ENUM)
#undef STATUS_ENUM
};

/* Translated message for a status; the string is static. */
const char *status_message(enum status status);

#endif

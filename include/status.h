/* Status codes of the core and their user-facing messages: one table. */
#ifndef REGDESK_STATUS_H
#define REGDESK_STATUS_H

/* N_() marks a message for translation; status_message() translates it. */
#define STATUS_CODES(_) \
	_(OK,                 "ok") \
	_(ERR_DATABASE,       "database error") \
	_(ERR_NO_MEMORY,      "out of memory") \
	_(ERR_FORBIDDEN,      "not permitted for your role") \
	_(ERR_LOGIN_FAILED,   "Login failed: wrong username or password, or the account is locked for 15 minutes after 5 failed attempts.") \
	_(ERR_INVALID,        "invalid input") \
	_(ERR_NOT_FOUND,      "not found") \
	_(ERR_EXISTS,         "that username is already taken") \
	_(ERR_PASSWORD_SHORT, "the password must be at least 10 characters long") \
	_(ERR_PASSWORD_IS_USERNAME, "the password must not be the username") \
	_(ERR_PASSWORD_MISMATCH, "the two passwords differ") \
	_(ERR_PASSWORD_WRONG, "wrong password") \
	_(ERR_LAST_OFFICER,   "the last active privacy officer cannot be deactivated or given another role") \
	_(ERR_NEEDS_LOGIN,    "log in first: accounts already exist") \
	_(ERR_CONFLICT,       "the record was changed by someone else meanwhile") \
	_(ERR_AUDIT_BROKEN,   "the audit trail is broken") \
	_(ERR_IO,             "file error")

enum status {
#define STATUS_ENUM(name, message) STATUS_##name,
	STATUS_CODES(STATUS_ENUM)
#undef STATUS_ENUM
};

/* Translated message for a status; the string is static. */
const char *status_message(enum status status);

#endif

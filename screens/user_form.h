/* What the users screen asks of the user form. */
#ifndef REGDESK_USER_FORM_H
#define REGDESK_USER_FORM_H

#include "account.h"

/* USER_FORM_COMMITMENT: the date the account's confidentiality commitment
 * was signed; at login, a privacy officer's own (cancelling logs out). */
enum user_form_mode { USER_FORM_ADD, USER_FORM_ROLE, USER_FORM_RESET_PASSWORD, USER_FORM_COMMITMENT };

/* The user form (user_form_screen). Saved, it closes with SCREEN_SAVED and
 * the account's id (0 for an added one). */
struct user_form_argument {
	enum user_form_mode mode;
	struct account account;             /* the account changed; unused when adding */
};

#endif

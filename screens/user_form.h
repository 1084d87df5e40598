/* What the users screen asks of the user form. */
#ifndef REGDESK_USER_FORM_H
#define REGDESK_USER_FORM_H

#include "account.h"

enum user_form_mode { USER_FORM_ADD, USER_FORM_ROLE, USER_FORM_RESET_PASSWORD };

struct user_form_request {
	enum user_form_mode mode;
	struct account account;             /* the account changed; unused when adding */
};

#endif

/* What the contact and organisation screens pass each other. */
#ifndef REGDESK_CONTACT_SCREENS_H
#define REGDESK_CONTACT_SCREENS_H

#include <stdbool.h>

/* The contact list in choosing mode: the chosen id is written back. */
struct contact_pick {
	long long exclude_id;       /* the record being merged: not selectable */
	long long chosen_id;        /* 0 until chosen */
	const char *prompt;         /* what the choice is for; NULL: the other record of a merge */
	char initial_text[256];     /* searched for at once (the requester's name as given); "" for none */
};

/* The organisation list in choosing mode (the contact form's organisation). */
struct organisation_pick {
	char initial_text[256];     /* what was typed in the form */
	long long chosen_id;        /* 0 until chosen or created */
	char chosen_name[801];
};

/* The contact form: editing an existing contact (0: a new one). */
struct contact_form_request {
	long long contact_id;
	long long request_id;               /* a rectification request the edit is for; 0 when none */
};

/* The organisation form: edit one (id), or add one (0) starting from a name;
 * a new organisation's id and name are written back. */
struct organisation_form_request {
	long long organisation_id;
	char initial_name[256];
	long long saved_id;
	char saved_name[801];
};

#endif

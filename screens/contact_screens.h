/* What the contact and organisation screens pass each other. */
#ifndef REGDESK_CONTACT_SCREENS_H
#define REGDESK_CONTACT_SCREENS_H

#include <stdbool.h>

/* The contact list (contacts_screen); NULL: browse the register. Choosing,
 * it is a picker: Enter closes it with SCREEN_CHOSEN, the contact's id and name. */
struct contacts_argument {
	bool choosing;
	long long exclude_id;       /* choosing: the record being merged, not selectable */
	const char *prompt;         /* choosing: what the choice is for (copied); NULL: the other record of a merge */
	char initial_text[256];     /* searched for at once (the requester's name as given); "" for none */
};

/* One person's record (contact_detail_screen). */
struct contact_detail_argument {
	long long contact_id;
};

/* Add (contact_id 0) or edit a contact (contact_form_screen). Saved, it
 * closes with SCREEN_SAVED and the contact's id; the screen below decides
 * what to show next. */
struct contact_form_argument {
	long long contact_id;
	long long request_id;               /* a rectification request the edit is for; 0 when none */
	const char *typed;                  /* a new contact: what was typed into the list's search (names, e-mail, phone) */
};

/* Merge two records of one person (contact_merge_screen): contact_id
 * survives unless swapped. Merged, it closes with SCREEN_DONE and the survivor. */
struct contact_merge_argument {
	long long contact_id;
	long long other_id;
};

/* The organisation list (organisations_screen); NULL: browse. Choosing, it
 * is the contact form's picker: Enter (or one added with ^N) closes it with
 * SCREEN_CHOSEN, the organisation's id and name. */
struct organisations_argument {
	bool choosing;
	char initial_text[256];     /* what was typed in the form, searched for at once */
};

/* One organisation and its contacts (organisation_detail_screen). */
struct organisation_detail_argument {
	long long organisation_id;
};

/* Edit an organisation (organisation_id), or add one (0) starting from
 * initial_name (organisation_form_screen). Saved, it closes with SCREEN_SAVED,
 * the organisation's id and name. */
struct organisation_form_argument {
	long long organisation_id;
	char initial_name[256];
};
/* One person's bans and consents (consents_screen). */
struct consents_argument {
	long long contact_id;
};

/* A disclosure made by hand, recorded on a contact (disclosure_form_screen). */
struct disclosure_form_argument {
	long long contact_id;
};

/* A legal hold on a contact (hold_form_screen). */
struct hold_form_argument {
	long long contact_id;
};

/* The erasure of a contact's record (erasure_screen): its preview, then
 * the confirmation; request_id names the erasure request it carries out
 * (0: none, the privacy officer's own decision). */
struct erasure_argument {
	long long contact_id;
	long long request_id;
};

#endif

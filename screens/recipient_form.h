/* What the recipients screen asks of the recipient form. */
#ifndef REGDESK_RECIPIENT_FORM_H
#define REGDESK_RECIPIENT_FORM_H

#include "disclosure.h"

/* The recipient form (recipient_form_screen): edit recipient as listed, or
 * add one when its id is 0 (NULL argument: the same, from Finland). Saved, it
 * closes with SCREEN_SAVED and the recipient's id and name. */
struct recipient_form_argument {
	struct recipient recipient;
};

#endif

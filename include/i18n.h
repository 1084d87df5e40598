/* Translations through gettext. */
#ifndef REGDESK_I18N_H
#define REGDESK_I18N_H

#include <libintl.h>

#define _(text) gettext(text)
#ifndef N_
#define N_(text) (text)
#endif

/* Sets the locale (falling back to C.UTF-8 when the user's locale is not
 * installed, so that UTF-8 still works), picks the language from
 * language_override ("fi" or "en") or from LC_ALL/LC_MESSAGES/LANG, and binds
 * the catalogs next to the binary or under the install prefix.
 * Returns false when language_override is not a known language. */
#include <stdbool.h>
bool i18n_init(const char *language_override);
/* "fi" or "en". */
const char *i18n_language(void);
/* Switches the language of messages (a report in the person's language);
 * writes the previous one to previous (3 bytes). */
void i18n_switch(const char *language, char previous[3]);

#endif

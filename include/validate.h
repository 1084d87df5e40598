/* Validators of register fields, shared by forms, the command line and
 * imports. Each returns true, or false with a translated reason. */
#ifndef REGDESK_VALIDATE_H
#define REGDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* Finnish business ID (Y-tunnus) "1234567-8" with its check digit. */
bool validate_business_id(const char *value, char *reason, size_t reason_size);
/* Postal code: five digits in Finland (and Åland); free form elsewhere. */
bool validate_postal_code(const char *value, const char *country, char *reason, size_t reason_size);
/* E-mail address: one @, a local part, a domain with a dot; empty is allowed. */
bool validate_email(const char *value, char *reason, size_t reason_size);
/* Phone number: digits, spaces, + - ( ); 5 to 20 digits; empty is allowed. */
bool validate_phone(const char *value, char *reason, size_t reason_size);
/* Date as YYYY-MM-DD or d.m.yyyy; rewritten to YYYY-MM-DD in normalised
 * (which may be value itself). Empty is allowed. */
bool validate_date(const char *value, char *normalised, size_t normalised_size, char *reason, size_t reason_size);
/* Free text: valid UTF-8, at most max_chars characters, no control
 * characters (newlines only when multiline). required refuses "". */
bool validate_text(const char *value, size_t max_chars, bool required, bool multiline, char *reason,
		   size_t reason_size);

#endif

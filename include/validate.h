/* Validators of register fields, shared by forms, the command line and
 * imports. Each returns true, or false with a translated reason. */
#ifndef REGDESK_VALIDATE_H
#define REGDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* Finnish business ID (Y-tunnus) "1234567-8" with its check digit. */
bool validate_business_id(const char *value, char *reason, size_t reason_size);
/* The stored form 1234567-8 of a business ID as people paste it (12345678,
 * "1234567 8", the VAT number FI12345678); other text is copied unchanged. */
void validate_business_id_canonical(const char *value, char *out, size_t out_size);
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
/* Free text must not carry a Finnish personal identity code or an identity
 * document's number (GDPR Art. 5(1)(c), 87; Data Protection Act 1050/2018
 * §29; the Ombudsman's guidance: do not record them). Refused:
 * - a henkilötunnus DDMMYYCNNNQ as a word: a real date, century sign
 *   + - A B C D E F Y X W V U, three digits, and the check character of
 *   DDMMYYNNN mod 31 in "0123456789ABCDEFHJKLMNPRSTUVWXY". With a letter
 *   for a century sign (used since 2000 and 2023) it is refused even with a
 *   wrong check character: nothing else looks like that, and a mistyped
 *   code still identifies. With + or - only a valid check character is
 *   refused, since "120590-1234" may be a reference of another kind.
 * - a passport number: two letters and seven digits as a word (Finnish
 *   passports since 2006, e.g. XP1234567).
 * - a nine-digit run as a word (Finnish identity card numbers) only when a
 *   document word (passi, henkilökortti, passport, identity card, id card,
 *   ajokortti, driving licence, document) precedes it within 40 bytes:
 *   alone, nine digits are as often a phone number or a reference.
 * Phone numbers, postal codes, dates and business IDs (1234567-8) match
 * none of these. */
bool validate_no_identity_numbers(const char *value, char *reason, size_t reason_size);
/* True when a column header names an identity code (Henkilötunnus, HETU,
 * Personnummer, SSN, Identity code, ...): such a column is never imported. */
bool validate_is_identity_code_header(const char *header);

#endif

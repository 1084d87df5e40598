/* Disclosure of a given list of people, for other core modules (internal). */
#ifndef REGDESK_DISCLOSURE_INTERNAL_H
#define REGDESK_DISCLOSURE_INTERNAL_H

#include "disclosure.h"

/* Writes the people's columns (a comma list of first_name, last_name,
 * organisation) as CSV to path (0600, formula cells neutralised) and records
 * the disclosure to the recipient, whose transfer rule is checked (notice
 * §3.1). The caller checks its own permission. On failure no file is left
 * and nothing is recorded. */
enum status disclosure_write_people(struct session *session, long long recipient_id, const char *purpose,
				    const char *legal_ground, const char *columns, const long long *contact_ids,
				    long long count, const char *path, char sha256_hex[65]);

#endif

/* Checking a field by its rule, shared by contacts and organisations (internal). */
#ifndef REGDESK_FIELD_RULES_H
#define REGDESK_FIELD_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "database.h"
#include "field_rule.h"

/* Checks *value under rule; a date is normalised in place (reallocated).
 * RULE_SOURCE and RULE_CHANNEL are the contact's own codes: only their text
 * is checked here, their code in contact.c.
 * country is the record's country, for the postal code. */
bool field_rule_check(struct database *db, enum field_rule rule, size_t max_chars, char **value,
		      const char *country, char *reason, size_t reason_size);
/* Replaces *slot with a copy of value in NFC (NULL becomes ""); false when out of memory. */
bool field_value_set(char **slot, const char *value);
/* True when code is in the country table. */
bool field_country_exists(struct database *db, const char *code);
/* Current time as stored in created_at / changed_at. */
void field_now(char *out, size_t out_size);

#endif

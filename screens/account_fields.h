/* Field validators for account forms, shared by the first-run, user and
 * password screens (the rules themselves live in the core). */
#ifndef REGDESK_ACCOUNT_FIELDS_H
#define REGDESK_ACCOUNT_FIELDS_H

#include "form.h"

bool account_fields_username(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context);
bool account_fields_full_name(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context);
/* context: the form; checks length and, when the form has a username field
 * first, that the password differs from it. */
bool account_fields_new_password(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context);
/* Checks "again" against the field before it. */
bool account_fields_password_again(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context);

/* The date the confidentiality commitment was signed (notice §5.1). */
bool account_fields_commitment(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context);

/* Role choices in enum role order. */
extern const char *const account_fields_roles[ROLE_COUNT];

#endif

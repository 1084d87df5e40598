#include "account_fields.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

const char *const account_fields_roles[ROLE_COUNT] = {
#define ROLE_CHOICE(name, code, label) [ROLE_##name] = label,
	ROLES(ROLE_CHOICE)
#undef ROLE_CHOICE
};

bool account_fields_username(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context)
{
	(void)field;
	(void)context;
	return account_validate_username(value, reason, reason_size) == STATUS_OK;
}

bool account_fields_full_name(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context)
{
	(void)field;
	(void)context;
	return account_validate_full_name(value, reason, reason_size) == STATUS_OK;
}

bool account_fields_commitment(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context)
{
	(void)field;
	(void)context;
	char date[11];
	return account_validate_commitment(value, date, reason, reason_size) == STATUS_OK;
}

/* The form's username: its first text field labelled as such, if any. */
static void form_username(const struct form *form, char *out, size_t out_size)
{
	out[0] = '\0';
	for (int i = 0; i < form->count; i++) {
		if (form->fields[i].validate == account_fields_username) {
			form_value(form, i, out, out_size);
			return;
		}
	}
}

bool account_fields_new_password(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context)
{
	(void)field;
	const struct form *form = context;
	char username[256];
	form_username(form, username, sizeof username);
	enum status status = account_validate_password(username[0] ? username : NULL, value);
	if (status == STATUS_OK)
		return true;
	text_copy(reason, reason_size, status_message(status));
	return false;
}

bool account_fields_password_again(const struct form_field *field, const char *value, char *reason, size_t reason_size, void *context)
{
	(void)field;
	const struct form *form = context;
	/* The field before this one (the focused one is this). */
	for (int i = 1; i < form->count; i++) {
		if (form->fields[i].validate != account_fields_password_again)
			continue;
		char first[4 * FORM_TEXT_MAX + 1];
		form_value(form, i - 1, first, sizeof first);
		bool same = strcmp(first, value) == 0;
		if (!same)
			text_copy(reason, reason_size, status_message(STATUS_ERR_PASSWORD_MISMATCH));
		return same;
	}
	return true;
}

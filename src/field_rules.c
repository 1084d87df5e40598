#include "field_rules.h"
#include "database_internal.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "text.h"
#include "validate.h"

bool field_value_set(char **slot, const char *value)
{
	char *copy = text_nfc(value);   /* composed: an NFD name searches and sorts as its NFC twin */
	if (!copy)
		return false;
	free(*slot);
	*slot = copy;
	return true;
}

bool field_country_exists(struct database *db, const char *code)
{
	/* Nearly every row of a file names the same country. */
	if (*db->last_country && strcmp(code, db->last_country) == 0)
		return true;
	struct statement *statement = database_prepare(db, "SELECT 1 FROM country WHERE code = ?");
	if (!statement)
		return false;
	statement_bind_text(statement, 1, code);
	bool exists = statement_step(statement) == STORAGE_ROW;
	database_finalize(statement);
	if (exists && strlen(code) < sizeof db->last_country)
		strcpy(db->last_country, code);
	return exists;
}

void field_now(char *out, size_t out_size)
{
	clock_format_iso(clock_now(), out, out_size);
}

bool field_rule_check(struct database *db, enum field_rule rule, size_t max_chars, char **value,
		      const char *country, char *reason, size_t reason_size)
{
	const char *text = *value ? *value : "";
	if (rule != RULE_MULTILINE && !validate_text(text, max_chars, rule == RULE_NAME, false, reason, reason_size))
		return false;
	switch (rule) {
	case RULE_NAME:
	case RULE_TEXT:
		return true;
	case RULE_MULTILINE:   /* notes: never an identity code or a document number (issue 13) */
		return validate_text(text, max_chars, false, true, reason, reason_size) &&
		       validate_no_identity_numbers(text, reason, reason_size);
	case RULE_EMAIL:
		return validate_email(text, reason, reason_size);
	case RULE_PHONE:
		return validate_phone(text, reason, reason_size);
	case RULE_POSTAL_CODE:
		return validate_postal_code(text, country, reason, reason_size);
	case RULE_COUNTRY:
		if (field_country_exists(db, text))
			return true;
		text_copy(reason, reason_size, _("use a two-letter ISO 3166 country code such as FI or SE"));
		return false;
	case RULE_LANGUAGE:
		if (strcmp(text, "fi") == 0 || strcmp(text, "sv") == 0 || strcmp(text, "en") == 0)
			return true;
		text_copy(reason, reason_size, _("fi, sv or en"));
		return false;
	case RULE_SOURCE:   /* codes of the contact model: contact_validate_field checks them */
	case RULE_CHANNEL:
		return true;
	case RULE_DATE: {
		char normalised[16];
		if (!validate_date(text, normalised, sizeof normalised, reason, reason_size))
			return false;
		return strcmp(normalised, text) == 0 || field_value_set(value, normalised);
	}
	}
	return true;
}

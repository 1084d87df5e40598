/* The rules a record's field is checked by, named in the field tables of
 * contacts and organisations (contact.h, organisation.h). */
#ifndef REGDESK_FIELD_RULE_H
#define REGDESK_FIELD_RULE_H

enum field_rule {
	RULE_NAME,        /* required text */
	RULE_TEXT,        /* optional one-line text */
	RULE_MULTILINE,   /* optional text with line breaks */
	RULE_EMAIL,
	RULE_PHONE,
	RULE_POSTAL_CODE, /* five digits in FI/AX */
	RULE_COUNTRY,     /* ISO 3166 alpha-2 from the country table */
	RULE_LANGUAGE,    /* fi, sv, en */
	RULE_SOURCE,      /* a data source code */
	RULE_CHANNEL,     /* an interest channel code or "" */
	RULE_DATE,        /* YYYY-MM-DD or "" */
};

#endif

/* Organisations of the register (notice §1.1): companies our contacts
 * represent, and our own group companies (notice §2.3, §2.5). */
#ifndef REGDESK_ORGANISATION_H
#define REGDESK_ORGANISATION_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "contact.h"

/*  name,          column,         label,                    max chars, rule */
#define ORGANISATION_FIELDS(_) \
	_(NAME,        "name",         N_("Name"),               200, RULE_NAME) \
	_(BUSINESS_ID, "business_id",  N_("Business ID"),        30,  RULE_TEXT) \
	_(COUNTRY,     "country",      N_("Country"),            2,   RULE_COUNTRY) \
	_(STREET,      "street",       N_("Street address"),     200, RULE_TEXT) \
	_(POSTAL_CODE, "postal_code",  N_("Postal code"),        20,  RULE_POSTAL_CODE) \
	_(CITY,        "city",         N_("City"),               100, RULE_TEXT)

enum organisation_field {
#define ORGANISATION_FIELD_ENUM(name, column, label, max_chars, rule) ORGANISATION_##name,
	ORGANISATION_FIELDS(ORGANISATION_FIELD_ENUM)
#undef ORGANISATION_FIELD_ENUM
	ORGANISATION_FIELD_COUNT
};

struct organisation {
	long long id;                          /* 0 until saved */
	long long version;                     /* for the lost-update check */
	bool group_company;                    /* our own group (notice §2.3, §2.5) */
	char *value[ORGANISATION_FIELD_COUNT]; /* UTF-8, "" when empty; owned */
};

void organisation_init(struct organisation *organisation);
void organisation_free(struct organisation *organisation);
bool organisation_set(struct organisation *organisation, enum organisation_field field, const char *value);
const char *organisation_field_column(enum organisation_field field);
const char *organisation_field_label(enum organisation_field field);
size_t organisation_field_max_chars(enum organisation_field field);

/* Business ID: a Finnish one (country FI) must be a valid Y-tunnus; a
 * foreign one is free text. */
bool organisation_validate_field(struct database *db, struct organisation *organisation,
				 enum organisation_field field, char *reason, size_t reason_size);
bool organisation_validate(struct database *db, struct organisation *organisation,
			   enum organisation_field *bad_field, char *reason, size_t reason_size);

enum status organisation_load(struct session *session, long long id, struct organisation *out);
/* Insert or update, audited; STATUS_ERR_CONFLICT on a lost update,
 * STATUS_ERR_EXISTS when the business ID is already registered. */
enum status organisation_save(struct session *session, struct organisation *organisation);

/* Finds one organisation by id, business ID or exact name (case and accents
 * ignored); STATUS_ERR_NOT_FOUND, or STATUS_ERR_INVALID when a name is ambiguous. */
enum status organisation_resolve(struct session *session, const char *text, long long *id);

struct organisation_row {
	long long id;
	char name[801];
	char business_id[121];
	char city[401];
	bool group_company;
	long long contact_count;
};

/* Organisations whose words start with the words of text (accents ignored),
 * in Finnish order, from offset; returns the count (<= limit) or -1. */
int organisation_search(struct session *session, const char *text, int offset, struct organisation_row *rows,
			int limit);
/* How many organisations organisation_search would list; -1 on error. */
long long organisation_search_count(struct session *session, const char *text);
/* The organisation's contacts in Finnish order; returns the count or -1. */
int organisation_contacts(struct session *session, long long organisation_id, int offset,
			  struct contact_row *rows, int limit);

#endif

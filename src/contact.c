/* The contact model: field and code tables, validation. */
#include "contact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field_rules.h"
#include "i18n.h"
#include "text.h"

static const struct {
	const char *column;
	const char *label;
	size_t max_chars;
	enum field_rule rule;
} fields[] = {
#define CONTACT_FIELD_ROW(name, column, label, max_chars, rule) [CONTACT_##name] = { column, label, max_chars, rule },
	CONTACT_FIELDS(CONTACT_FIELD_ROW)
#undef CONTACT_FIELD_ROW
};

static const struct code_label {
	const char *code;
	const char *label;
} categories[] = {
#define CATEGORY_ROW(name, code, label) [CATEGORY_##name] = { code, label },
	CONTACT_CATEGORIES(CATEGORY_ROW)
#undef CATEGORY_ROW
}, channels[] = {
#define CHANNEL_ROW(name, code, label) { code, label },
	INTEREST_CHANNELS(CHANNEL_ROW)
#undef CHANNEL_ROW
	{ NULL, NULL },
}, reference_kinds[] = {
#define KIND_ROW(name, code, label) { code, label },
	REFERENCE_KINDS(KIND_ROW)
#undef KIND_ROW
	{ NULL, NULL },
};

static const struct {
	const char *code;
	const char *label;
	bool named;
} sources[] = {
#define SOURCE_ROW(name, code, label, named) [SOURCE_##name] = { code, label, named },
	DATA_SOURCES(SOURCE_ROW)
#undef SOURCE_ROW
};

void contact_init(struct contact *contact)
{
	memset(contact, 0, sizeof *contact);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		contact->value[field] = strdup("");
	contact_set(contact, CONTACT_COUNTRY, "FI");
	contact_set(contact, CONTACT_LANGUAGE, "fi");
	contact_set(contact, CONTACT_SOURCE, "person");
}

void contact_free(struct contact *contact)
{
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		free(contact->value[field]);
		contact->value[field] = NULL;
	}
}

bool contact_set(struct contact *contact, enum contact_field field, const char *value)
{
	return field_value_set(&contact->value[field], value);
}

void contact_copy(struct contact *to, const struct contact *from)
{
	char *values[CONTACT_FIELD_COUNT];
	memcpy(values, to->value, sizeof values);
	memcpy(to, from, sizeof *to);
	memcpy(to->value, values, sizeof values);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		contact_set(to, (enum contact_field)field, from->value[field]);
}

bool contact_merge_takes_other(const struct contact *survivor, const struct contact *other, int field)
{
	if (field == CONTACT_MERGE_ORGANISATION)
		return !survivor->organisation_id && other->organisation_id;
	return !*survivor->value[field] && *other->value[field];
}

const char *contact_field_column(enum contact_field field)
{
	return fields[field].column;
}

const char *contact_field_label(enum contact_field field)
{
	return _(fields[field].label);
}

size_t contact_field_max_chars(enum contact_field field)
{
	return fields[field].max_chars;
}

bool contact_field_parse(const char *column, enum contact_field *out)
{
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		if (strcmp(column, fields[field].column) == 0) {
			*out = (enum contact_field)field;
			return true;
		}
	}
	return false;
}

const char *contact_category_code(enum contact_category category)
{
	return categories[category].code;
}

const char *contact_category_label(enum contact_category category)
{
	return _(categories[category].label);
}

bool contact_category_parse(const char *code, enum contact_category *out)
{
	for (int category = 0; category < CATEGORY_COUNT; category++) {
		if (strcmp(code, categories[category].code) == 0) {
			*out = (enum contact_category)category;
			return true;
		}
	}
	return false;
}

const char *data_source_code(enum data_source source)
{
	return sources[source].code;
}

const char *data_source_label(enum data_source source)
{
	return _(sources[source].label);
}

bool data_source_parse(const char *code, enum data_source *out)
{
	for (int source = 0; source < SOURCE_COUNT; source++) {
		if (strcmp(code, sources[source].code) == 0) {
			*out = (enum data_source)source;
			return true;
		}
	}
	return false;
}

bool data_source_is_named(enum data_source source)
{
	return sources[source].named;
}

const char *interest_channel_code(int index)
{
	return index >= 0 && index < (int)(sizeof channels / sizeof channels[0]) ? channels[index].code : NULL;
}

const char *interest_channel_label(int index)
{
	const char *label = index >= 0 && index < (int)(sizeof channels / sizeof channels[0]) ? channels[index].label : NULL;
	return label ? _(label) : NULL;
}

const char *reference_kind_code(int index)
{
	return index >= 0 && index < (int)(sizeof reference_kinds / sizeof reference_kinds[0])
		? reference_kinds[index].code : NULL;
}

const char *reference_kind_label(int index)
{
	const char *label = index >= 0 && index < (int)(sizeof reference_kinds / sizeof reference_kinds[0])
		? reference_kinds[index].label : NULL;
	return label ? _(label) : NULL;
}

bool contact_validate_field(struct database *db, struct contact *contact, enum contact_field field,
			    char *reason, size_t reason_size)
{
	reason[0] = '\0';
	if (!field_rule_check(db, fields[field].rule, fields[field].max_chars, &contact->value[field],
			      contact->value[CONTACT_COUNTRY], reason, reason_size))
		return false;
	const char *text = contact->value[field] ? contact->value[field] : "";
	if (fields[field].rule == RULE_SOURCE) {
		enum data_source source;
		if (data_source_parse(text, &source))
			return true;
		text_copy(reason, reason_size, _("not a data source of the privacy notice"));
		return false;
	}
	if (fields[field].rule == RULE_CHANNEL) {
		for (int i = 0; interest_channel_code(i); i++)
			if (strcmp(text, interest_channel_code(i)) == 0)
				return true;
		if (!*text)
			return true;
		text_copy(reason, reason_size, _("phone, web, email or other"));
		return false;
	}
	return true;
}

/* Rules across fields: a named source needs its name (notice §1.1, §1.4), an
 * expression of interest its channel and date (notice §1.3), and a
 * relationship cannot end before it starts. */
static bool validate_across(struct contact *contact, enum contact_field *bad_field, char *reason, size_t reason_size)
{
	enum data_source source = SOURCE_PERSON;
	data_source_parse(contact->value[CONTACT_SOURCE], &source);
	if (data_source_is_named(source) && !*contact->value[CONTACT_SOURCE_DETAIL]) {
		*bad_field = CONTACT_SOURCE_DETAIL;
		text_copy(reason, reason_size, _("name the party or the public source the data came from"));
		return false;
	}
	if (source == SOURCE_INTEREST && !*contact->value[CONTACT_INTEREST_CHANNEL]) {
		*bad_field = CONTACT_INTEREST_CHANNEL;
		text_copy(reason, reason_size, _("how was the interest shown: phone, web, email or other"));
		return false;
	}
	if (source == SOURCE_INTEREST && !*contact->value[CONTACT_INTEREST_DATE]) {
		*bad_field = CONTACT_INTEREST_DATE;
		text_copy(reason, reason_size, _("the date the interest was shown"));
		return false;
	}
	const char *start = contact->value[CONTACT_RELATIONSHIP_START];
	const char *end = contact->value[CONTACT_RELATIONSHIP_END];
	if (*start && *end && strcmp(end, start) < 0) {
		*bad_field = CONTACT_RELATIONSHIP_END;
		text_copy(reason, reason_size, _("the relationship cannot end before it starts"));
		return false;
	}
	return true;
}

bool contact_validate(struct database *db, struct contact *contact, enum contact_field *bad_field,
		      char *reason, size_t reason_size)
{
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		if (!contact_validate_field(db, contact, (enum contact_field)field, reason, reason_size)) {
			*bad_field = (enum contact_field)field;
			return false;
		}
	}
	return validate_across(contact, bad_field, reason, reason_size);
}

/* A word that looks like part of a phone number: digits, with + ( ) - only. */
static bool phone_like(const char *word)
{
	int digits = 0;
	for (const char *p = word; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+()-", *p))
			return false;
	}
	return digits > 0;
}

void contact_fill_from_search(struct contact *contact, const char *typed)
{
	char words[CONTACT_TYPED_MAX], first[CONTACT_TYPED_MAX] = "", last[CONTACT_TYPED_MAX] = "";
	char email[CONTACT_TYPED_MAX] = "", phone[CONTACT_TYPED_MAX] = "";
	text_copy(words, sizeof words, typed);
	char *saved = NULL;
	for (char *word = strtok_r(words, " \t", &saved); word; word = strtok_r(NULL, " \t", &saved)) {
		char *target = strchr(word, '@') ? email : phone_like(word) ? phone : *first ? last : first;
		char piece[CONTACT_TYPED_MAX];
		if (target == first || target == last)
			text_capitalise_name(word, piece, sizeof piece);
		else
			text_copy(piece, sizeof piece, word);
		/* Several name words after the first are one surname; a phone
		 * typed with spaces ("040 123 4567") is one number. */
		if (*target && target != email)
			strncat(target, " ", CONTACT_TYPED_MAX - strlen(target) - 1);
		if (!*target || target != email)
			strncat(target, piece, CONTACT_TYPED_MAX - strlen(target) - 1);
	}
	if (*first)
		contact_set(contact, CONTACT_FIRST_NAME, first);
	if (*last)
		contact_set(contact, CONTACT_LAST_NAME, last);
	if (*email)
		contact_set(contact, CONTACT_EMAIL, email);
	if (*phone)
		contact_set(contact, CONTACT_PHONE, phone);
}

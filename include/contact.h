/* Contacts of the register (notice §1): the model, its validation, storage,
 * duplicate detection, merging and search. */
#ifndef REGDESK_CONTACT_H
#define REGDESK_CONTACT_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "database.h"
#include "field_rule.h"

#ifndef N_
#define N_(text) (text)
#endif

/*  name,             column,               label,                 max chars, rule */
#define CONTACT_FIELDS(_) \
	_(FIRST_NAME,         "first_name",         N_("First name"),         100,  RULE_NAME) \
	_(LAST_NAME,          "last_name",          N_("Last name"),          100,  RULE_NAME) \
	_(TITLE,              "title",              N_("Title"),              100,  RULE_TEXT) \
	_(EMAIL,              "email",              N_("E-mail"),             254,  RULE_EMAIL) \
	_(PHONE,              "phone",              N_("Phone"),              40,   RULE_PHONE) \
	_(STREET,             "street",             N_("Street address"),     200,  RULE_TEXT) \
	_(POSTAL_CODE,        "postal_code",        N_("Postal code"),        20,   RULE_POSTAL_CODE) \
	_(CITY,               "city",               N_("City"),               100,  RULE_TEXT) \
	_(COUNTRY,            "country",            N_("Country"),            2,    RULE_COUNTRY) \
	_(LANGUAGE,           "language",           N_("Language"),           2,    RULE_LANGUAGE) \
	_(SOURCE,             "source",             N_("Data source"),        20,   RULE_SOURCE) \
	_(SOURCE_DETAIL,      "source_detail",      N_("Source named"),       200,  RULE_TEXT) \
	_(INTEREST_CHANNEL,   "interest_channel",   N_("Interest channel"),   10,   RULE_CHANNEL) \
	_(INTEREST_DATE,      "interest_date",      N_("Interest date"),      10,   RULE_DATE) \
	_(RELATIONSHIP_START, "relationship_start", N_("Relationship start"), 10,   RULE_DATE) \
	_(RELATIONSHIP_END,   "relationship_end",   N_("Relationship end"),   10,   RULE_DATE) \
	_(LAST_REVIEWED,      "last_reviewed",      N_("Last reviewed"),      10,   RULE_DATE) \
	_(NOTES,              "notes",              N_("Notes"),              2000, RULE_MULTILINE)

enum contact_field {
#define CONTACT_FIELD_ENUM(name, column, label, max_chars, rule) CONTACT_##name,
	CONTACT_FIELDS(CONTACT_FIELD_ENUM)
#undef CONTACT_FIELD_ENUM
	CONTACT_FIELD_COUNT
};

/* Categories, several per contact (notice §1). */
#define CONTACT_CATEGORIES(_) \
	_(CUSTOMER,    "customer",    N_("customer contact")) \
	_(STAKEHOLDER, "stakeholder", N_("stakeholder")) \
	_(MAINTENANCE, "maintenance", N_("maintenance contact")) \
	_(PROSPECT,    "prospect",    N_("prospect")) \
	_(TRAINING,    "training",    N_("training participant")) \
	_(EVENT,       "event",       N_("event participant"))

enum contact_category {
#define CATEGORY_ENUM(name, code, label) CATEGORY_##name,
	CONTACT_CATEGORIES(CATEGORY_ENUM)
#undef CATEGORY_ENUM
	CATEGORY_COUNT
};

/* Where the data came from, as the notice lists it (notice §1.1-§1.5);
 * named: the source needs a name in source_detail. */
#define DATA_SOURCES(_) \
	_(PERSON,             "person",             N_("the person themselves"),            false) \
	_(COMPANY,            "company",            N_("the company they represent"),       false) \
	_(EMPLOYER,           "employer",           N_("their employer"),                   false) \
	_(REGISTERING_PARTY,  "registering-party",  N_("another registering party"),        true) \
	_(PUBLIC_SOURCE,      "public-source",      N_("a public source"),                  true) \
	_(SERVICE_AGREEMENT,  "service-agreement",  N_("a service agreement"),              false) \
	_(FAULT_REPORT,       "fault-report",       N_("a fault report"),                   false) \
	_(MAINTENANCE_ORDER,  "maintenance-order",  N_("a maintenance or service order"),   false) \
	_(EVENT_REGISTRATION, "event-registration", N_("an event registration"),            false) \
	_(INTEREST,           "interest",           N_("an expression of interest"),        false)

enum data_source {
#define SOURCE_ENUM(name, code, label, named) SOURCE_##name,
	DATA_SOURCES(SOURCE_ENUM)
#undef SOURCE_ENUM
	SOURCE_COUNT
};

#define INTEREST_CHANNELS(_) \
	_(PHONE, "phone", N_("phone")) \
	_(WEB,   "web",   N_("web")) \
	_(EMAIL, "email", N_("e-mail")) \
	_(OTHER, "other", N_("other"))

#define REFERENCE_KINDS(_) \
	_(SERVICE_AGREEMENT, "service-agreement", N_("service agreement")) \
	_(FAULT_REPORT,      "fault-report",      N_("fault report")) \
	_(MAINTENANCE_ORDER, "maintenance-order", N_("maintenance order"))

/* A contact as read or being edited. */
struct contact {
	long long id;                       /* 0 until saved */
	long long version;                  /* version read: a save over a newer one is a conflict */
	long long organisation_id;          /* 0: a private person */
	unsigned categories;                /* bit (1u << enum contact_category) */
	char *value[CONTACT_FIELD_COUNT];   /* UTF-8, "" when empty; owned, see contact_free */
	char organisation_name[801];        /* filled by contact_load, for display */
	char created_at[32], changed_at[32];
	char created_by[129], changed_by[129]; /* usernames */
	char restricted_until[11];          /* erased but held by law: read-only, for the privacy officer only */
};

/* Empty contact with the defaults (country FI, language fi, source person). */
void contact_init(struct contact *contact);
void contact_free(struct contact *contact);
/* Replaces a field's value with a copy; returns false when out of memory. */
bool contact_set(struct contact *contact, enum contact_field field, const char *value);

/* What the desk typed into the list's search, as a new contact (issue 16):
 * a word with @ is the e-mail, phone-like words the phone, the first other
 * word the first name and the rest the last name, each capitalised when
 * typed all in lower case. "sanna pöyhönen sanna.poyhonen@example.fi" is
 * Sanna / Pöyhönen / sanna.poyhonen@example.fi. */
#define CONTACT_TYPED_MAX 256
void contact_fill_from_search(struct contact *contact, const char *typed);
void contact_copy(struct contact *to, const struct contact *from);

const char *contact_field_column(enum contact_field field);
const char *contact_field_label(enum contact_field field);       /* translated */
size_t contact_field_max_chars(enum contact_field field);
bool contact_field_parse(const char *column, enum contact_field *out);

const char *contact_category_code(enum contact_category category);
const char *contact_category_label(enum contact_category category); /* translated */
bool contact_category_parse(const char *code, enum contact_category *out);
const char *data_source_code(enum data_source source);
const char *data_source_label(enum data_source source);           /* translated */
bool data_source_parse(const char *code, enum data_source *out);
bool data_source_is_named(enum data_source source);
/* Codes and translated labels of channels, reference kinds; NULL past the end. */
const char *interest_channel_code(int index);
const char *interest_channel_label(int index);
const char *reference_kind_code(int index);
const char *reference_kind_label(int index);

/* Checks one field in the context of the contact (country for the postal
 * code); a date is normalised in place. */
bool contact_validate_field(struct database *db, struct contact *contact, enum contact_field field,
			    char *reason, size_t reason_size);
/* Checks every field and the rules across fields; on failure names the
 * first bad field. */
bool contact_validate(struct database *db, struct contact *contact, enum contact_field *bad_field,
		      char *reason, size_t reason_size);

/* Reads a contact (a merged id resolves to the survivor). With audit_view set,
 * records "contact.view" in the audit trail: opening a person's record is
 * audited (notice §5.2). Needs PERMISSION_VIEW_REGISTER. */
enum status contact_load(struct session *session, long long id, bool audit_view, struct contact *out);

/* A likely duplicate of a contact being saved. */
struct contact_duplicate {
	long long id;
	char name[402];                     /* "Last, First" */
	char organisation[801];
	char reason[128];                   /* translated: same e-mail, same phone, same name at … */
	enum { DUPLICATE_EMAIL = 1, DUPLICATE_PHONE, DUPLICATE_NAME } match; /* the strongest key that matched */
	/* Same e-mail or phone but another name (accents and case aside): most
	 * likely another person sharing a switchboard, a family line or a
	 * mailbox. Nothing is ever written onto such a record by default; the
	 * default is a new contact. */
	bool other_name;
};

/* Likely duplicates: same e-mail, same phone, or same name at the same
 * organisation, accent- and case-insensitive; the contact itself excluded.
 * Those of the same name come first. Fills up to max; returns how many were
 * found (<= max) or -1 on error. */
int contact_find_duplicates(struct session *session, const struct contact *contact,
			    struct contact_duplicate *found, int max);
/* True when every one found has another name: the default is then to save
 * a new contact (a shared phone or e-mail is not the same person). */
bool contact_duplicates_all_other_names(const struct contact_duplicate *found, int count);

/* "Possible duplicate" flags: a record that may be the same person as
 * another, left for reception or the privacy officer to merge or dismiss
 * (a trainer's quick registration that matched someone the trainer may not
 * see). The records flagged with contact_id, for its detail screen (needs
 * PERMISSION_VIEW_REGISTER); count (<= max) or -1. */
int contact_possible_duplicates(struct session *session, long long contact_id, struct contact_duplicate *out, int max);
/* Not the same person: removes the contact's flags both ways; audited. */
enum status contact_dismiss_possible_duplicates(struct session *session, long long contact_id);

/* What a save that lost the race found: the stored record and how it
 * differs from the one being saved. The caller frees current. */
struct contact_conflict {
	struct contact current;             /* as stored now, by the other save */
	char changed_fields[512];           /* columns where current differs, comma separated */
};

/* Saves (insert when id is 0, else update) after validating
 * (STATUS_ERR_INVALID, db->error names the field and reason). Duplicates are
 * the caller's question, asked with contact_find_duplicates first;
 * duplicate_confirmed records in the audit trail that the user saved anyway.
 * An update whose version is older than the stored one changes nothing and
 * returns STATUS_ERR_CONFLICT with conflict filled: no lost update. Audits
 * the names of the fields changed. On success id and version are updated. */
enum status contact_save(struct session *session, struct contact *contact, bool duplicate_confirmed,
			 struct contact_conflict *conflict);
/* contact_save made for a data-subject request (request_rectify checks the
 * request): the audit entries name the request. request_id 0 is contact_save. */
enum status contact_save_for_request(struct session *session, struct contact *contact, long long request_id,
				     bool duplicate_confirmed, struct contact_conflict *conflict);

/* Ends the relationship on date (YYYY-MM-DD); no hard delete (notice §4.2). */
enum status contact_end_relationship(struct session *session, long long id, const char *date);

/* Merges other into survivor: survivor takes merged_values' fields (chosen
 * field by field), the union of categories, and every link of other; other
 * resolves to survivor from then on. Audited. */
enum status contact_merge(struct session *session, long long survivor_id, long long other_id,
			  struct contact *merged_values);

/* The merge's default, field by field (field CONTACT_MERGE_ORGANISATION is
 * the organisation): the survivor's value stays, except that an empty value
 * never wins over a given one, so that merging loses nothing. The merge
 * screen and "contact merge" start from this. */
#define CONTACT_MERGE_ORGANISATION CONTACT_FIELD_COUNT
bool contact_merge_takes_other(const struct contact *survivor, const struct contact *other, int field);

/* A maintenance reference (notice §1.2). */
struct maintenance_reference {
	long long id;
	int kind;                           /* index into REFERENCE_KINDS */
	char reference[201];
	char date[11];
};
enum status contact_add_reference(struct session *session, long long contact_id,
				  const struct maintenance_reference *reference);
enum status contact_remove_reference(struct session *session, long long contact_id, long long reference_id);
/* Up to max references of the contact; returns the count or -1. */
int contact_references(struct session *session, long long contact_id, struct maintenance_reference *out, int max);
/* Every reference of the contact, streamed to visit (STATUS_OK goes on, else
 * stops and is returned); a failed read is STATUS_ERR_DATABASE with db->error. */
enum status contact_references_each(struct session *session, long long contact_id,
				    enum status (*visit)(const struct maintenance_reference *reference, void *context),
				    void *context);

/* ---- Search and the windowed list ---- */

struct contact_query {
	char text[256];                     /* words; each a prefix, accents ignored; "" lists all */
	unsigned categories;                /* only contacts in any of these; 0 for all */
};

/* Where a page starts: after (or before) this row in Finnish order. */
struct contact_position {
	char sort_key[512];
	long long id;
};

struct contact_row {
	long long id;
	struct contact_position position;
	char name[402];                     /* "Last, First" */
	char organisation[201];
	char email[255];
	char phone[41];
	char markers[16];                   /* one character per marker that applies */
};

/* One page of matches in Finnish order after position (NULL: from the
 * start), or before it when backwards (NULL: from the end), nearest first.
 * Never sorts a large hit set and never loads the register. Returns the row
 * count (<= limit) or -1 with the reason in session->db->error. */
int contact_search_page(struct session *session, const struct contact_query *query,
			const struct contact_position *position, bool backwards, struct contact_row *rows,
			int limit);
/* Matches up to cap: the exact count, or cap + 1 when there are more. */
long long contact_search_count(struct session *session, const struct contact_query *query, long long cap);

/* Marker symbols and labels, for legends. */
int contact_marker_count(void);
char contact_marker_symbol(int index);
const char *contact_marker_label(int index);

/* Bulk loading (import, benchmark): skip per-row index maintenance, then
 * rebuild the search index once. */
void contact_store_set_bulk(struct database *db, bool bulk);
enum status contact_store_rebuild_search(struct database *db);

#endif

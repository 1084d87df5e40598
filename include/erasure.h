/* Legal holds and erasure (notice §4.2, §6.4; GDPR Art. 17, 18).
 * Implemented in src/erasure.c. */
#ifndef REGDESK_ERASURE_H
#define REGDESK_ERASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"

#define HOLD_LAWS(_) \
	_(ACCOUNTING_LEDGER,  "accounting-act-ledger",  N_("Accounting Act 2:10: ledgers, 10 years")) \
	_(ACCOUNTING_VOUCHER, "accounting-act-voucher", N_("Accounting Act 2:10: vouchers, 6 years")) \
	_(OTHER,              "other",                  N_("another law (named)"))

enum hold_law {
#define HOLD_LAW_ENUM(name, code, label) HOLD_##name,
	HOLD_LAWS(HOLD_LAW_ENUM)
#undef HOLD_LAW_ENUM
	HOLD_LAW_COUNT
};
const char *hold_law_label(enum hold_law law);
bool hold_law_parse(const char *code, enum hold_law *out);

/* The fields a hold keeps (GDPR Art. 17(3)(b)); an erasure under it blanks
 * every other field at once. */
#define HOLD_FIELDS(_) \
	_(NAME,         "name",         N_("name")) \
	_(ORGANISATION, "organisation", N_("organisation")) \
	_(REFERENCES,   "references",   N_("invoice and contract references")) \
	_(EMAIL,        "email",        N_("e-mail")) \
	_(PHONE,        "phone",        N_("phone")) \
	_(ADDRESS,      "address",      N_("postal address")) \
	_(TITLE,        "title",        N_("title"))

enum hold_field {
#define HOLD_FIELD_ENUM(name, code, label) HOLD_FIELD_##name,
	HOLD_FIELDS(HOLD_FIELD_ENUM)
#undef HOLD_FIELD_ENUM
	HOLD_FIELD_COUNT
};
/* The Accounting Act's default: name, organisation and the invoice or
 * contract references; not e-mail, phone or address unless the officer says so. */
#define HOLD_FIELDS_ACCOUNTING ((1u << HOLD_FIELD_NAME) | (1u << HOLD_FIELD_ORGANISATION) | (1u << HOLD_FIELD_REFERENCES))
const char *hold_field_code(enum hold_field field);
const char *hold_field_label(enum hold_field field);     /* translated */
/* "name,organisation" into bits (1u << enum hold_field); false names the
 * first unknown code in bad (when given). */
bool hold_fields_parse(const char *codes, unsigned *out, char *bad, size_t bad_size);
/* Bits as codes ("name,organisation"), or as translated labels ("name, organisation"). */
void hold_fields_codes(unsigned fields, char *out, size_t out_size);
void hold_fields_labels(unsigned fields, char *out, size_t out_size);

struct legal_hold {
	long long id;
	long long contact_id;
	enum hold_law law;
	char law_name[401];
	char covers[401];
	char basis_date[11];                /* the Accounting Act's end of financial year */
	char until[11];
	unsigned fields;                    /* bits (1u << enum hold_field); 0 on add: the Accounting Act's default */
};
/* The end of an Accounting Act hold from the end of the financial year:
 * ledgers 10 years after it; vouchers 6 years after the end of its calendar year. */
void hold_until(enum hold_law law, const char *financial_year_end, char out[11]);
enum status hold_add(struct session *session, struct legal_hold *hold);
int hold_list(struct session *session, long long contact_id, struct legal_hold *out, int max);

struct erasure_preview {
	long long contact_id;
	int held;                            /* holds in force */
	char held_until[11];                 /* the latest hold's end */
	unsigned kept_fields;                /* what the holds in force keep: bits (1u << enum hold_field) */
	int consents, disclosures, registrations, certificates, events, references, categories;
	int recipients_to_notify;
};
enum status erasure_preview(struct session *session, long long contact_id, struct erasure_preview *out);
/* Erases what no hold covers: every field the holds in force do not keep is
 * blanked at once, and the search index holds only the kept words; a held
 * person stays restricted (used for nothing) until the last hold ends, then
 * comes to the review as "hold ended". Leaves no readable trace in the file
 * or its WAL (secure_delete, the search index rewritten, a TRUNCATE checkpoint). With a request, completes
 * it keeping only what accountability needs. */
enum status erasure_confirm(struct session *session, long long contact_id, long long request_id,
			    struct erasure_preview *out);
/* Erasures whose last step (the rewrite and the emptied WAL) could not run
 * yet because another program was reading: 0 when none. */
int erasure_pending_count(struct database *db);
/* Finishes any pending erasure (at start, by check, on a retry); false when
 * one is still pending, with db->error saying why. */
bool erasure_finish_pending(struct database *db);

#endif

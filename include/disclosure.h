/* Recipients, exports and the disclosure log (notice §2, §3.1). */
#ifndef REGDESK_DISCLOSURE_H
#define REGDESK_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "consent.h"

#define RECIPIENT_KINDS(_) \
	_(PARTNER,          "partner",          N_("partner (§2.1)")) \
	_(SUBCONTRACTOR,    "subcontractor",    N_("subcontractor (§2.2)")) \
	_(GROUP_COMPANY,    "group-company",    N_("group company (§2.3, §2.5)")) \
	_(SURVEY_PARTNER,   "survey-partner",   N_("survey partner (§2.4)")) \
	_(EXTERNAL_TRAINER, "external-trainer", N_("external trainer (§2.6)")) \
	_(VENUE,            "venue",            N_("venue (§2.7)"))

enum recipient_kind {
#define RECIPIENT_KIND_ENUM(name, code, label) RECIPIENT_##name,
	RECIPIENT_KINDS(RECIPIENT_KIND_ENUM)
#undef RECIPIENT_KIND_ENUM
	RECIPIENT_KIND_COUNT
};

#define SAFEGUARDS(_) \
	_(NONE,      "",          N_("none recorded")) \
	_(ADEQUACY,  "adequacy",  N_("adequacy decision")) \
	_(SCC,       "scc",       N_("standard contractual clauses")) \
	_(OTHER,     "other",     N_("other safeguard"))

enum safeguard {
#define SAFEGUARD_ENUM(name, code, label) SAFEGUARD_##name,
	SAFEGUARDS(SAFEGUARD_ENUM)
#undef SAFEGUARD_ENUM
	SAFEGUARD_COUNT
};

const char *recipient_kind_code(enum recipient_kind kind);
const char *recipient_kind_label(enum recipient_kind kind);
bool recipient_kind_parse(const char *code, enum recipient_kind *out);
const char *safeguard_code(enum safeguard safeguard);
const char *safeguard_label(enum safeguard safeguard);
bool safeguard_parse(const char *code, enum safeguard *out);

struct recipient {
	long long id;
	long long version;
	char name[801];
	enum recipient_kind kind;
	char country[3];
	bool eu_eea;                    /* from the country table in data/ */
	enum safeguard safeguard;
	char safeguard_reference[401];
	char safeguard_date[11];
};

/* Validates and saves (privacy officer), audited. A recipient outside the
 * EU/EEA may be saved without a safeguard, but nothing is disclosed to it
 * until one is recorded (notice §3.1). */
enum status recipient_save(struct session *session, struct recipient *recipient);
enum status recipient_load(struct session *session, long long id, struct recipient *out);
/* All recipients by name; returns the count (<= max) or -1. */
int recipient_list(struct session *session, struct recipient *out, int max);
/* STATUS_OK when data may go to the recipient; STATUS_ERR_TRANSFER_REFUSED
 * with the reason in db->error when it is outside the EU/EEA without a
 * safeguard (audited as "disclosure.refused"). */
enum status recipient_may_receive(struct session *session, const struct recipient *recipient);

/* The preview of an export: how many go and why the others do not. */
struct export_preview {
	long long considered;
	long long counts[ELIGIBILITY_COUNT];   /* [ELIGIBILITY_ELIGIBLE] are exported */
};

/* Computes the preview without writing anything (privacy officer). */
enum status export_preview(struct session *session, const char *purpose_code, long long recipient_id,
			   struct export_preview *out);

/* Writes the eligible contacts' purpose fields as CSV (libcsv, formula cells
 * neutralised) to path, created 0600, and records the disclosure with its
 * SHA-256 and every contact included, all in one transaction: if anything
 * fails, no file is left and nothing is recorded. */
enum status export_write(struct session *session, const char *purpose_code, long long recipient_id,
			 const char *path, struct export_preview *out, char sha256_hex[65]);

/* A disclosure made outside an export (notice §2.1-§2.3), recorded by hand. */
struct manual_disclosure {
	long long recipient_id;
	char purpose[801];              /* e.g. "delivery of an order", "invoicing" */
	char legal_ground[801];
	char fields[1601];              /* what was passed on */
	char note[4001];
	char made_on[11];               /* YYYY-MM-DD */
};
enum status disclosure_record(struct session *session, long long contact_id, const struct manual_disclosure *disclosure);

struct disclosure_row {
	long long id;
	char kind[16];                  /* export, manual */
	char recipient[801];
	char purpose[801];
	char legal_ground[801];
	char fields[1601];
	char file_name[4200];
	char file_sha256[65];
	long long contact_count;
	char made_at[32];
	char made_by[129];
	enum recipient_kind recipient_kind;
	char recipient_country[3];
};

struct disclosure_filter {
	long long recipient_id;         /* 0: all */
	const char *purpose;            /* NULL: all */
	const char *from_date, *to_date; /* YYYY-MM-DD or NULL */
	long long contact_id;           /* 0: all; else only disclosures of this person */
	const char *recipient_kind;     /* a recipient kind code (partner, venue, ...); NULL: all */
};

/* The log, newest first; returns the count (<= limit) or -1. Browsing the
 * whole log needs the privacy officer; one contact's disclosures are part of
 * their record (VIEW_REGISTER). */
int disclosure_list(struct session *session, const struct disclosure_filter *filter, int offset,
		    struct disclosure_row *out, int limit);

/* One disclosure of a person in full, for the access report. */
struct disclosure_detail {
	long long id;
	bool manual;                    /* recorded by hand, else an export */
	char made_at[32];
	char made_by[129];              /* username */
	char recipient[801];
	enum recipient_kind recipient_kind;
	char country[3];
	char country_name[201];         /* in the user's language */
	bool eu_eea;
	enum safeguard safeguard;
	char safeguard_reference[401];
	char safeguard_date[11];
	char purpose[801];              /* an export's purpose by its name, or the reason given */
	char legal_ground[801];
	char fields[1601];              /* the columns disclosed */
	char note[4001];
};
/* Every disclosure that held the contact, oldest first, streamed to visit
 * (STATUS_OK goes on, else stops and is returned); a failed read is
 * STATUS_ERR_DATABASE with db->error. */
enum status disclosure_each_for_contact(struct session *session, long long contact_id,
					enum status (*visit)(const struct disclosure_detail *row, void *context),
					void *context);

#endif

/* Data-subject requests (notice §6.1-§6.7, GDPR Art. 12, 15(3), 19):
 * inspection, rectification, erasure and objection; verifying the identity;
 * deadlines; the charge finding; the recipients to tell. */
#ifndef REGDESK_REQUEST_H
#define REGDESK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "account.h"

#define REQUEST_KINDS(_) \
	_(INSPECTION,    "inspection",    N_("inspection (access)"),  "asiakasrekisteri/tarkastuspyyntö") \
	_(RECTIFICATION, "rectification", N_("rectification"),        "asiakasrekisteri/oikaisupyyntö") \
	_(ERASURE,       "erasure",       N_("erasure"),              "asiakasrekisteri/poistopyyntö") \
	_(OBJECTION,     "objection",     N_("objection"),            "")

enum request_kind {
#define REQUEST_KIND_ENUM(name, code, label, marking) REQUEST_##name,
	REQUEST_KINDS(REQUEST_KIND_ENUM)
#undef REQUEST_KIND_ENUM
	REQUEST_KIND_COUNT
};

/* Every channel makes a valid request (GDPR Art. 12(2)); the notice's two
 * (the desk, notice §6.6; a hand-signed letter, §6.5) are the recommended
 * ways. Labels fit a form's choice at 80 columns. */
#define REQUEST_CHANNELS(_) \
	_(IN_PERSON, "in-person", N_("in person at the desk (recommended)")) \
	_(LETTER,    "letter",    N_("hand-signed letter (recommended)")) \
	_(EMAIL,     "email",     N_("e-mail")) \
	_(PHONE,     "phone",     N_("phone")) \
	_(OTHER,     "other",     N_("other"))

enum request_channel {
#define REQUEST_CHANNEL_ENUM(name, code, label) REQUEST_CHANNEL_##name,
	REQUEST_CHANNELS(REQUEST_CHANNEL_ENUM)
#undef REQUEST_CHANNEL_ENUM
	REQUEST_CHANNEL_COUNT
};

#define REQUEST_STATUSES(_) \
	_(RECEIVED,          "received",          N_("received")) \
	_(IDENTITY_VERIFIED, "identity-verified", N_("identity verified")) \
	_(IN_PROGRESS,       "in-progress",       N_("in progress")) \
	_(COMPLETED,         "completed",         N_("completed")) \
	_(REFUSED,           "refused",           N_("refused"))

enum request_status {
#define REQUEST_STATUS_ENUM(name, code, label) REQUEST_STATUS_##name,
	REQUEST_STATUSES(REQUEST_STATUS_ENUM)
#undef REQUEST_STATUS_ENUM
	REQUEST_STATUS_COUNT
};

#define DOCUMENT_KINDS(_) \
	_(PASSPORT,        "passport",        N_("passport")) \
	_(IDENTITY_CARD,   "identity-card",   N_("identity card")) \
	_(DRIVING_LICENCE, "driving-licence", N_("driving licence")) \
	_(OTHER,           "other",           N_("other document"))

enum document_kind {
#define DOCUMENT_KIND_ENUM(name, code, label) DOCUMENT_##name,
	DOCUMENT_KINDS(DOCUMENT_KIND_ENUM)
#undef DOCUMENT_KIND_ENUM
	DOCUMENT_KIND_COUNT
};

/* How the identity was verified: any reasonable means (GDPR Art. 12(6)),
 * never by keeping the document's number. */
#define VERIFICATION_MEANS(_) \
	_(NONE,            "",                N_("not verified")) \
	_(ID_CHECK,        "id-check",        N_("ID check at the desk")) \
	_(SIGNED_LETTER,   "signed-letter",   N_("hand-signed letter with identifying details")) \
	_(EMAIL_ON_RECORD, "email-on-record", N_("reply from the e-mail address on record")) \
	_(PHONE_ON_RECORD, "phone-on-record", N_("call back to the phone number on record"))

enum verification_means {
#define VERIFICATION_ENUM(name, code, label) VERIFIED_BY_##name,
	VERIFICATION_MEANS(VERIFICATION_ENUM)
#undef VERIFICATION_ENUM
	VERIFICATION_MEANS_COUNT
};

/* The only grounds for a fee or a refusal (GDPR Art. 12(5), 15(3)). */
#define CHARGE_GROUNDS(_) \
	_(NONE,                 "",                     N_("no ground: free")) \
	_(MANIFESTLY_UNFOUNDED, "manifestly-unfounded", N_("manifestly unfounded (GDPR Art. 12(5))")) \
	_(EXCESSIVE,            "excessive",            N_("excessive, in particular repetitive (GDPR Art. 12(5))")) \
	_(FURTHER_COPY,         "further-copy",         N_("further copies asked for (GDPR Art. 15(3))"))

enum charge_ground {
#define CHARGE_GROUND_ENUM(name, code, label) CHARGE_GROUND_##name,
	CHARGE_GROUNDS(CHARGE_GROUND_ENUM)
#undef CHARGE_GROUND_ENUM
	CHARGE_GROUND_COUNT
};

#define CHARGE_DECISIONS(_) \
	_(UNDECIDED,  "",           N_("not decided")) \
	_(FREE,       "free",       N_("free of charge")) \
	_(FEE,        "fee",        N_("a reasonable fee charged (GDPR Art. 12(5))")) \
	_(FEE_WAIVED, "fee-waived", N_("free, although a fee could be charged"))

enum charge_decision {
#define CHARGE_ENUM(name, code, label) CHARGE_##name,
	CHARGE_DECISIONS(CHARGE_ENUM)
#undef CHARGE_ENUM
	CHARGE_DECISION_COUNT
};

const char *request_kind_code(enum request_kind kind);
const char *request_kind_label(enum request_kind kind);
bool request_kind_parse(const char *code, enum request_kind *out);
const char *request_channel_code(enum request_channel channel);
const char *request_channel_label(enum request_channel channel);
bool request_channel_parse(const char *code, enum request_channel *out);
const char *request_status_label(enum request_status status);
const char *document_kind_label(enum document_kind kind);
bool document_kind_parse(const char *code, enum document_kind *out);
const char *charge_decision_label(enum charge_decision decision);
bool charge_decision_parse(const char *code, enum charge_decision *out);
const char *verification_means_code(enum verification_means means);
const char *verification_means_label(enum verification_means means);
bool verification_means_parse(const char *code, enum verification_means *out);
const char *charge_ground_code(enum charge_ground ground);
const char *charge_ground_label(enum charge_ground ground);
bool charge_ground_parse(const char *code, enum charge_ground *out);
/* An amount in euros ("15", "15,50", "15.5") in cents; false unless a
 * positive amount with at most two decimals. */
bool request_parse_amount(const char *text, long long *cents);
/* Cents as euros with a decimal comma ("15,50"). */
void request_format_amount(long long cents, char *out, size_t out_size);

/* The kind an envelope marking names (notice §6.5); false when it names none. */
bool request_kind_from_marking(const char *marking, enum request_kind *out);

/* A working day in Finland: not a Saturday or Sunday, not a public holiday
 * (Easter-based ones computed), not Independence Day, May Day, Midsummer Eve
 * or Christmas Eve (Act 150/1930 on calculating time limits). date YYYY-MM-DD. */
bool request_is_working_day(const char *date);
/* received + months: the same day of that month, or its last day when the day
 * does not exist, moved to the next working day (GDPR Art. 12(3)). */
void request_due_date(const char *received, int months, char out[11]);

struct subject_request {
	long long id;
	enum request_kind kind;
	enum request_channel channel;
	char envelope_marking[201];
	bool signature_handwritten;
	char requester_name[401];
	char identifying_details[2001];
	char representative_name[401];      /* "" unless on someone's behalf */
	char authorisation[401];
	char received_on[11];
	char due_on[11];                    /* the first month's deadline */
	char extended_due_on[11];           /* "" unless extended */
	char extension_reason[401];
	char extension_told_on[11];
	enum request_status status;
	char refusal_reason[1001];
	enum charge_decision charge;
	enum charge_ground charge_ground;   /* the privacy officer's finding behind a fee or refusal */
	char charge_reason[401];
	long long charge_fee_cents;
	enum verification_means verified_by;
	char extension_override_reason[401]; /* recorded after the first month's deadline */
	char outcome[1001];
	bool told_valid_way;
	char created_by[129];
	int linked_contacts;
};

/* The deadline in force: the extended one when set. */
const char *request_deadline(const struct subject_request *request);
/* True when the deadline has passed and the request is open. */
bool request_is_overdue(const struct subject_request *request, const char *today);

/* Records a request (reception, privacy officer), computing its deadline.
 * A letter's marking fills the kind when it names one. Any channel is a
 * valid request (GDPR Art. 12(2)). A receipt dated after today is refused. */
enum status request_add(struct session *session, struct subject_request *request);
enum status request_load(struct session *session, long long id, struct subject_request *out);
/* Requests by deadline (open ones only when open_only), overdue first. */
int request_list(struct session *session, bool open_only, struct subject_request *out, int max);
/* The requests a contact is linked to, newest first (the contact detail). */
int request_list_for_contact(struct session *session, long long contact_id, struct subject_request *out, int max);
/* Open requests and how many are overdue, for the main screen. */
void request_counts(struct session *session, int *open, int *overdue);

/* The ID check (notice §6.6): document kind and that photo and name matched;
 * never the document number. Whom it concerns: the requester, or the
 * representative with their authorisation. Both must match to verify. */
struct id_check {
	enum document_kind document;
	bool photo_matched;
	bool name_matched;
	bool concerns_representative;
};
enum status request_record_id_check(struct session *session, long long request_id, const struct id_check *check);
/* A letter is verified by its handwritten signature and identifying details (notice §6.5). */
enum status request_verify_letter(struct session *session, long long request_id);
/* Verified by other reasonable means (GDPR Art. 12(6)): a reply from the
 * e-mail address on record or a call back to the number on record; the ID
 * check and the letter go through their own functions above. Audited. */
enum status request_verify_by(struct session *session, long long request_id, enum verification_means means);
bool request_identity_verified(const struct subject_request *request);

enum status request_link_contact(struct session *session, long long request_id, long long contact_id);
enum status request_unlink_contact(struct session *session, long long request_id, long long contact_id);
/* The contacts linked to the request; needs a verified identity (nothing of
 * the requester is shown before). Returns the count or -1. */
int request_contacts(struct session *session, long long request_id, long long *out, int max);

/* Information for the privacy officer, not a ground of its own: the same
 * person's previous inspection request (notice §6.7's one-year rule). previous
 * "" when none; months_ago the whole months between it and this request. */
struct charge_info {
	char previous[11];
	int months_ago;
	bool within_year;                   /* a year or less before this one */
};
enum status request_charge_info(struct session *session, long long request_id, struct charge_info *out);
/* Free or fee-waived; a fee needs request_record_finding (the first copy is
 * free, GDPR Art. 15(3)). */
enum status request_record_charge(struct session *session, long long request_id, enum charge_decision decision);
/* The privacy officer's finding (GDPR Art. 12(5), 15(3)): the request is
 * manifestly unfounded or excessive, or further copies were asked for; with
 * the reason, a fee in cents or (not for further copies) a refusal. Audited. */
struct charge_finding {
	enum charge_ground ground;
	const char *reason;
	long long fee_cents;                /* > 0 for a fee */
	bool refuse;
};
enum status request_record_finding(struct session *session, long long request_id, const struct charge_finding *finding);

/* The privacy officer extends by two months with a reason, told to the
 * requester within the first month and not after today (GDPR Art. 12(3)).
 * After the first month's deadline it is refused unless override_reason
 * (may be NULL) gives the privacy officer's reason, audited as an override. */
enum status request_extend(struct session *session, long long request_id, const char *reason, const char *told_on);
enum status request_extend_override(struct session *session, long long request_id, const char *reason,
				    const char *told_on, const char *override_reason);
enum status request_start(struct session *session, long long request_id);
enum status request_complete(struct session *session, long long request_id, const char *outcome);
enum status request_refuse(struct session *session, long long request_id, const char *reason);
/* Records that a recipient was told of a rectification or erasure (GDPR Art. 19). */
enum status request_notify_recipient(struct session *session, long long request_id, long long recipient_id,
				     const char *note);
/* A recipient that received the data of a person linked to the request
 * (GDPR Art. 19), and whether it was told. */
struct request_recipient {
	long long id;
	char name[801];
	char country[3];
	char notified_on[11];               /* "" until told */
};
/* The request's recipients by name; kept after an erasure (recipient ids
 * only). Needs a verified identity. Returns the count or -1. */
int request_recipients(struct session *session, long long request_id, struct request_recipient *out, int max);
/* The recipients that received a contact's data (the erasure screen, before
 * and after erasing: call it before). notified_on is "". Returns the count or -1. */
int request_recipients_of_contact(struct session *session, long long contact_id, struct request_recipient *out, int max);
/* Saves a rectification for an open, verified rectification request linked
 * to the contact (GDPR Art. 16): contact_save whose audit entries name the
 * request. */
struct contact;
struct contact_conflict;
enum status request_rectify(struct session *session, long long request_id, struct contact *contact,
			    bool duplicate_confirmed, struct contact_conflict *conflict);
/* An objection request sets a ban for every purpose on every linked contact, in one step. */
enum status request_apply_objection(struct session *session, long long request_id, int *bans);

/* ---- Reading a person's requests in full, for the access report ---- */

/* Every request linked to the contact, oldest first, streamed to visit
 * (STATUS_OK goes on, else stops and is returned); a failed read is
 * STATUS_ERR_DATABASE with db->error. */
enum status request_each_for_contact(struct session *session, long long contact_id,
				     enum status (*visit)(const struct subject_request *request, void *context),
				     void *context);
/* One recorded ID check: never a document number (notice §6.6). */
struct id_check_record {
	struct id_check check;
	bool verified;                      /* photo and name matched */
	char checked_at[32];
	char checked_by[129];               /* username */
};
enum status request_id_checks_each(struct session *session, long long request_id,
				   enum status (*visit)(const struct id_check_record *record, void *context),
				   void *context);
/* Recipients told of a rectification or erasure (GDPR Art. 19). */
struct recipient_notice {
	char recipient[801];
	char notified_on[11];
	char note[1001];
	char recorded_by[129];              /* username */
};
enum status request_notifications_each(struct session *session, long long request_id,
				       enum status (*visit)(const struct recipient_notice *notice, void *context),
				       void *context);

#endif

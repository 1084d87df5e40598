/* Bans (objections) and consents per purpose (notice §1.5, §6.3), and the one
 * rule that decides whether a contact may be used for a purpose. */
#ifndef REGDESK_CONSENT_H
#define REGDESK_CONSENT_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "contact.h"

#define CONSENT_STATES(_) \
	_(NONE,      "none",      N_("nothing said")) \
	_(CONSENT,   "consent",   N_("consent")) \
	_(OBJECTION, "objection", N_("ban (objection)"))

enum consent_state {
#define CONSENT_STATE_ENUM(name, code, label) CONSENT_STATE_##name,
	CONSENT_STATES(CONSENT_STATE_ENUM)
#undef CONSENT_STATE_ENUM
	CONSENT_STATE_COUNT
};

/* How the person's statement arrived. */
#define CONSENT_CHANNELS(_) \
	_(IN_PERSON, "in-person", N_("in person")) \
	_(LETTER,    "letter",    N_("hand-signed letter")) \
	_(PHONE,     "phone",     N_("phone")) \
	_(EMAIL,     "email",     N_("e-mail")) \
	_(WEB_FORM,  "web-form",  N_("web form")) \
	_(EMPLOYER,  "employer",  N_("from the employer"))

enum consent_channel {
#define CONSENT_CHANNEL_ENUM(name, code, label) CONSENT_CHANNEL_##name,
	CONSENT_CHANNELS(CONSENT_CHANNEL_ENUM)
#undef CONSENT_CHANNEL_ENUM
	CONSENT_CHANNEL_COUNT
};

const char *consent_state_code(enum consent_state state);
const char *consent_state_label(enum consent_state state);
bool consent_state_parse(const char *code, enum consent_state *out);
const char *consent_channel_code(enum consent_channel channel);
const char *consent_channel_label(enum consent_channel channel);
bool consent_channel_parse(const char *code, enum consent_channel *out);

/* The address a purpose needs. */
enum purpose_channel { PURPOSE_POSTAL, PURPOSE_EMAIL, PURPOSE_PHONE, PURPOSE_NO_ADDRESS };

struct purpose {
	char code[41];
	char name[401];                 /* in the user's language */
	enum purpose_channel channel;
	bool consent_for_private;       /* a private person must have consented (917/2014 §200(1)) */
	bool soft_opt_in;               /* own similar products by e-mail: a customer's sale address will do (§200(2)) */
	bool third_party;               /* hands data to others (partners): never soft opt-in */
	char export_fields[401];        /* columns an export carries, comma separated */
	char legal_ground[401];
};

/* A legal ground as the migrations store it, in the user's language (a
 * ground typed by the privacy officer is shown as typed). */
const char *consent_legal_ground_words(const char *stored);
/* The purposes in their order; returns the count (<= max) or -1. */
int consent_purposes(struct database *db, struct purpose *out, int max);
enum status consent_purpose_find(struct database *db, const char *code, struct purpose *out);
/* Privacy officer: a new purpose, audited. name is the English name,
 * name_fi the Finnish one (empty: the same). A soft opt-in purpose must be
 * e-mail, need consent from private persons and not go to third parties. */
enum status consent_purpose_add(struct session *session, const struct purpose *purpose, const char *name_fi);
/* The purposes for a logged-in user; returns the count (<= max) or -1. */
int consent_purpose_list(struct session *session, struct purpose *out, int max);
const char *purpose_channel_code(enum purpose_channel channel);
bool purpose_channel_parse(const char *code, enum purpose_channel *out);

/* Why a contact may or may not be used for a purpose. */
#define ELIGIBILITIES(_) \
	_(ELIGIBLE,      N_("included")) \
	_(OBJECTION,     N_("objection (ban)")) \
	_(NO_CONSENT,    N_("private person without consent")) \
	_(ENDED,         N_("relationship ended")) \
	_(ERASED,        N_("erased")) \
	_(NO_ADDRESS,    N_("no address for the channel"))

enum eligibility {
#define ELIGIBILITY_ENUM(name, label) ELIGIBILITY_##name,
	ELIGIBILITIES(ELIGIBILITY_ENUM)
#undef ELIGIBILITY_ENUM
	ELIGIBILITY_COUNT
};
const char *eligibility_label(enum eligibility eligibility);

/* What the rule needs to know of one contact. */
struct eligibility_facts {
	enum consent_state state;       /* the standing state, expiry already applied */
	bool soft_opt_in;               /* a sale address with refusal offered, not refused since (§200(2)) */
	bool at_organisation;           /* contacted in their role at an organisation */
	bool relationship_ended;
	bool erased;
	bool has_postal_address, has_email, has_phone;
};

/* THE rule: an objection always wins (GDPR Art. 21(3)); electronic direct
 * marketing to a private person needs a recorded consent (917/2014 §200(1)),
 * except the company's own similar products to a customer whose address it
 * got in a sale with a refusal offered (§200(2), never for a third party);
 * to a person at an organisation it is allowed unless they objected (§202);
 * other purposes are allowed unless objected (GDPR Art. 21(2)); an erased or
 * relationship-ended contact is never eligible; and the purpose's address
 * must exist. */
enum eligibility consent_eligibility(const struct purpose *purpose, const struct eligibility_facts *facts);

/* The state a history row stands for today: a consent past its expiry date
 * counts as nothing said. today is YYYY-MM-DD. */
enum consent_state consent_effective_state(enum consent_state state, const char *expires_on, const char *today);

/* One statement: a new history row; nothing is overwritten. */
struct consent_event {
	long long id;
	char purpose[41];               /* the code */
	char purpose_name[401];         /* filled by consent_history, in the user's language */
	enum consent_state state;
	char given_on[11];              /* the person's date */
	enum consent_channel channel;
	char note[4001];
	char wording[801];              /* a consent: notice version or wording */
	char expires_on[11];
	char recorded_at[32];
	char recorded_by[129];          /* username */
};

/* Records a statement (reception and privacy officer), audited. A date
 * after today is refused; an old one is recorded (history is never refused
 * for its age). */
enum status consent_record(struct session *session, long long contact_id, const struct consent_event *event);

/* What a recorded statement did: when a statement of another state is
 * standing with a newer date, the new one does not change the current state
 * (a consent dated before the standing objection does not lift it). */
struct consent_outcome {
	bool overruled;                 /* recorded, but standing stays as it was */
	struct consent_event standing;  /* the standing statement after recording */
};
enum status consent_record_outcome(struct session *session, long long contact_id, const struct consent_event *event,
				   struct consent_outcome *out);
/* The sentence telling the user, translated. */
void consent_outcome_text(const struct consent_outcome *outcome, char *out, size_t out_size);

/* A customer's e-mail address obtained in a sale, with a free and easy
 * refusal offered then (917/2014 §200(2)). */
struct sale_email {
	long long id;
	char email[801];
	char offered_on[11];
	char note[4001];
	char recorded_at[32];
	char recorded_by[129];
};
/* Records that the contact's present e-mail address was obtained in a sale
 * on offered_on (today when empty) with a refusal offered; recorded by the
 * logged-in user, audited. */
enum status consent_sale_email_record(struct session *session, long long contact_id, const char *offered_on,
				      const char *note);
/* The records, newest first; returns the count (<= max) or -1. */
int consent_sale_emails(struct session *session, long long contact_id, struct sale_email *out, int max);

/* History of a contact, newest first (by the person's date, then entry);
 * returns the count (<= max) or -1. */
int consent_history(struct session *session, long long contact_id, struct consent_event *out, int max);

/* The whole history of a contact for the access report, oldest first,
 * streamed: visit is called per event (purpose_name filled) and returns
 * STATUS_OK to go on; anything else stops and is returned. A failed read is
 * STATUS_ERR_DATABASE with the reason in db->error. */
enum status consent_history_each(struct session *session, long long contact_id,
				 enum status (*visit)(const struct consent_event *event, void *context), void *context);

/* The standing statement per purpose, by the one ordering rule (the view
 * consent_standing): the newest date the person gave, then entry (state
 * NONE with an empty date when never said). */
struct consent_current {
	struct purpose purpose;
	struct consent_event latest;    /* id 0 when nothing was ever recorded */
	enum consent_state effective;   /* expiry applied */
	bool soft_opt_in;               /* the §200(2) soft opt-in stands for this purpose */
};
int consent_current(struct session *session, long long contact_id, struct consent_current *out, int max);


#endif

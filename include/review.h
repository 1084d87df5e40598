/* Retention rules and the annual review (notice §4.1, §4.2). */
#ifndef REGDESK_REVIEW_H
#define REGDESK_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "account.h"
#include "request.h"

#define RETENTION_BASES(_) \
	_(LAST_ACTIVITY,    "last-activity",    N_("last activity")) \
	_(LAST_EVENT,       "last-event",       N_("the last event")) \
	_(CARD_EXPIRY,      "card-expiry",      N_("the newest card's expiry")) \
	_(RELATIONSHIP_END, "relationship-end", N_("the end of the relationship"))

enum retention_basis {
#define RETENTION_BASIS_ENUM(name, code, label) RETENTION_##name,
	RETENTION_BASES(RETENTION_BASIS_ENUM)
#undef RETENTION_BASIS_ENUM
	RETENTION_BASIS_COUNT
};
const char *retention_basis_label(enum retention_basis basis);

struct retention_rule {
	char code[41];
	char name[401];                 /* in the user's language */
	int category;                   /* enum contact_category, or -1 for every contact */
	enum retention_basis basis;
	int months;
	bool active;
};

int retention_rules(struct database *db, struct retention_rule *out, int max);
/* Privacy officer: change a rule's months or switch it off, audited. */
enum status retention_rule_set(struct session *session, const char *code, int months, bool active);

/* What the retention rule needs to know of one contact; dates YYYY-MM-DD or "". */
struct retention_facts {
	unsigned categories;            /* bit per enum contact_category */
	char last_activity[11];
	char last_event[11];
	char newest_card_expiry[11];    /* "" when no card, or it never expires */
	char relationship_end[11];
	char hold_until[11];            /* the latest legal hold in force, "" when none */
};

enum retention_verdict {
	RETENTION_NOT_DUE,
	RETENTION_DUE,                  /* due under the rule since the date given */
	RETENTION_HELD,                 /* would be due, but a legal hold takes precedence */
};

/* THE rule: whether and why a contact is due. Walks the active rules in
 * order; the earliest due date wins; a legal hold in force makes a due
 * contact HELD instead. due_rule and due_on describe the verdict. */
enum retention_verdict retention_due(const struct retention_rule *rules, int rule_count, const struct retention_facts *facts,
				     const char *today, int *due_rule, char due_on[11]);

#define REVIEW_REASONS(_) \
	_(RULE,          "rule",          N_("due under a retention rule")) \
	_(HELD,          "held",          N_("due, but held by law")) \
	_(ENDED,         "ended",         N_("relationship ended")) \
	_(NEVER,         "never",         N_("never reviewed")) \
	_(STALE,         "stale",         N_("not reviewed in 12 months")) \
	_(HOLD_ENDED,    "hold-ended",    N_("hold ended"))

enum review_reason {
#define REVIEW_REASON_ENUM(name, code, label) REVIEW_##name,
	REVIEW_REASONS(REVIEW_REASON_ENUM)
#undef REVIEW_REASON_ENUM
	REVIEW_REASON_COUNT
};
const char *review_reason_label(enum review_reason reason);
bool review_reason_parse(const char *code, enum review_reason *out);

struct review_item {
	long long contact_id;
	char name[402];
	char organisation[801];
	unsigned categories;
	enum review_reason reason;
	char rule_code[41];
	char due_on[11];
	char last_reviewed[11];
};

struct review_filter {
	int category;                   /* -1: all */
	long long organisation_id;      /* 0: all */
	int reason;                     /* -1: all, else enum review_reason */
	const char *rule_code;          /* NULL: all */
};

/* Builds the whole queue (privacy officer) in one pass over the register;
 * returns how many are in it, or -1. The queue is kept for this connection
 * until built again. */
long long review_build_queue(struct session *session);
/* Pages through the built queue in Finnish order; returns the count or -1. */
int review_queue_page(struct session *session, const struct review_filter *filter, long long offset,
		      struct review_item *out, int limit);
long long review_queue_count(struct session *session, const struct review_filter *filter);

/* Decisions (privacy officer), recorded in the open round if any. */
enum status review_keep(struct session *session, long long contact_id, const char *reason);
enum status review_end_relationship(struct session *session, long long contact_id);
enum status review_erase(struct session *session, long long contact_id, const char *rule_code);
/* The rule code that names the records whose last legal hold has ended:
 * restricted until then, they are due for erasure in full (GDPR Art. 17, 18). */
#define REVIEW_RULE_HOLD_ENDED "hold-ended"

/* Erases every contact of the built queue due under rule_code (not held),
 * or every "hold ended" one under REVIEW_RULE_HOLD_ENDED, in one
 * transaction, then rewrites the search index once. preview only counts. An
 * unknown rule is refused (STATUS_ERR_INVALID) with the known ones named. */
enum status review_erase_rule(struct session *session, const char *rule_code, bool preview, long long *erased,
			      long long *held);

struct review_round {
	long long id;
	int year;
	char opened_at[32];
	char closed_at[32];
	char summary[8192];
};
enum status review_round_open(struct session *session, int year, long long *id);
/* Closes the open round: stores and returns the signed-off summary (date,
 * who, counts kept / erased / held by reason, rules in force). */
enum status review_round_close(struct session *session, struct review_round *out);
int review_rounds(struct session *session, struct review_round *out, int max);
/* For the privacy officer's main screen: records due now and when the last
 * round was closed ("" when never). */
void review_status(struct session *session, long long *due, char last_closed[32], bool *open_round);

/* ---- A person's review decisions, for the access report ---- */

struct review_decision_record {
	char decided_at[32];
	char decision[24];              /* keep, erase, end-relationship, held */
	char decision_label[128];       /* the decision in words, in the user's language */
	char reason[1001];
	char rule_name[401];            /* the retention rule in the user's language, "" when none */
	char decided_by[129];           /* username */
};
/* Every decision about the contact, oldest first, streamed to visit
 * (STATUS_OK goes on, else stops and is returned); a failed read is
 * STATUS_ERR_DATABASE with db->error. The caller checks access. */
enum status review_decisions_each(struct session *session, long long contact_id,
				  enum status (*visit)(const struct review_decision_record *record, void *context),
				  void *context);

#endif

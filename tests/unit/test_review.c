/* Retention rules, the annual review and backups (notice §4.1, §4.2, §5.3):
 * the due rule written out as a truth table (retention_due), the review queue
 * and its reasons built from data entered through the core, the decisions
 * (keep, end the relationship, erase one, erase by rule), rounds and their
 * signed-off summaries, who may do what, and backups that are private,
 * checked and restorable while a damaged or tampered one is refused. */
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "erasure.h"
#include "permission.h"
#include "request.h"
#include "review.h"
#include "text.h"
#include "training.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])
#define TODAY "2026-03-15"

/* ---- Fixture: a fresh register on 2026-03-15, its officer, reception and a trainer ---- */

struct fixture {
	struct unit_db *u;
	struct session officer, reception, trainer;
};

static time_t utc_noon(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	return timegm(&parts);
}

/* Moves the core's clock to noon (UTC) of YYYY-MM-DD. */
static void clock_at(const char *date)
{
	int year, month, day;
	assert_int_equal(sscanf(date, "%d-%d-%d", &year, &month, &day), 3);
	clock_override(utc_noon(year, month, day));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_at(TODAY);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	unit_make_session(&f->officer, ROLE_RECEPTION, "rita", &f->reception);
	unit_make_session(&f->officer, ROLE_TRAINER, "tero", &f->trainer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_override(0);
	if (f) {
		unit_close(f->u);
		free(f);
	}
	*state = NULL;
	return 0;
}

/* ---- Helpers ---- */


/* What a test contact is made of; dates "" when not set. */
struct person {
	const char *created_on;             /* the clock when saved: the contact's changed_at */
	const char *first, *last;
	unsigned categories;
	const char *relationship_end;
	const char *last_reviewed;
};

/* Saves a contact through the core on p->created_on, then returns the clock to TODAY. */
static long long add_person(struct session *session, const struct person *p)
{
	clock_at(p->created_on);
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, p->first);
	contact_set(&contact, CONTACT_LAST_NAME, p->last);
	contact_set(&contact, CONTACT_STREET, "Kunnanmäki 1");
	contact_set(&contact, CONTACT_POSTAL_CODE, "50600");
	contact_set(&contact, CONTACT_CITY, "Mikkeli");
	contact_set(&contact, CONTACT_RELATIONSHIP_END, p->relationship_end ? p->relationship_end : "");
	contact_set(&contact, CONTACT_LAST_REVIEWED, p->last_reviewed ? p->last_reviewed : "");
	contact.categories = p->categories;
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	clock_at(TODAY);
	expect_status(session, status, STATUS_OK, "contact_save");
	assert_true(id > 0);
	return id;
}

#define PROSPECT (1u << CATEGORY_PROSPECT)
#define CUSTOMER (1u << CATEGORY_CUSTOMER)
#define EVENT (1u << CATEGORY_EVENT)
#define TRAINING (1u << CATEGORY_TRAINING)

/* A prospect saved on created_on, never reviewed. */
static long long prospect(struct session *session, const char *created_on, const char *last)
{
	struct person p = { created_on, "Pekka", last, PROSPECT, "", "" };
	return add_person(session, &p);
}

/* An Accounting Act ledger hold from the financial year ending 2025-12-31: until 2035-12-31. */
static void hold_ledger(struct session *session, long long contact_id)
{
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = contact_id;
	hold.law = HOLD_ACCOUNTING_LEDGER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "contact data on invoices of 2025");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(session, hold_add(session, &hold));
	assert_string_equal(hold.until, "2035-12-31");
}

static long long contact_exists(struct database *db, long long id)
{
	return sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", id);
}

static long long denied_count(struct database *db, long long account_id)
{
	return sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied' AND account_id = %lld",
		       account_id);
}

/* The built queue, all of it, into items; returns the count. */
static int whole_queue(struct session *session, struct review_item *items, int max)
{
	struct review_filter all = { .category = -1, .reason = -1 };
	int count = review_queue_page(session, &all, 0, items, max);
	assert_true(count >= 0);
	assert_true(count < max);   /* the test's array was big enough */
	return count;
}

static const struct review_item *queue_item(const struct review_item *items, int count, long long contact_id)
{
	for (int i = 0; i < count; i++)
		if (items[i].contact_id == contact_id)
			return &items[i];
	return NULL;
}

static const char *reason_code(enum review_reason reason)
{
	static const char *const codes[] = {
#define CODE(name, code, label) [REVIEW_##name] = code,
		REVIEW_REASONS(CODE)
#undef CODE
	};
	return (unsigned)reason < COUNT(codes) ? codes[reason] : "?";
}

/* The contact is in the queue for reason under rule (""), due on due_on (""). */
static void expect_queued(const struct review_item *items, int count, long long id, const char *what, const char *reason,
			  const char *rule, const char *due_on)
{
	const struct review_item *item = queue_item(items, count, id);
	if (!item)
		fail_msg("%s (#%lld) is not in the review queue; expected reason '%s'", what, id, reason);
	if (strcmp(reason_code(item->reason), reason) != 0 || strcmp(item->rule_code, rule) != 0 ||
	    strcmp(item->due_on, due_on) != 0)
		fail_msg("%s (#%lld): reason '%s', rule '%s', due '%s'; expected '%s', '%s', '%s'", what, id,
			 reason_code(item->reason), item->rule_code, item->due_on, reason, rule, due_on);
}

static void expect_not_queued(const struct review_item *items, int count, long long id, const char *what)
{
	const struct review_item *item = queue_item(items, count, id);
	if (item)
		fail_msg("%s (#%lld) is in the review queue (reason '%s', rule '%s'); expected not", what, id,
			 reason_code(item->reason), item->rule_code);
}

/* ---- 1. The due rule, as a truth table ---- */

/* The four rules of the notice, as migration 0008 installs them, in its order. */
static const struct retention_rule notice_rules[] = {
	{ "prospect-inactive",    "", CATEGORY_PROSPECT, RETENTION_LAST_ACTIVITY,    24, true },
	{ "event-participant",    "", CATEGORY_EVENT,    RETENTION_LAST_EVENT,       12, true },
	{ "training-participant", "", CATEGORY_TRAINING, RETENTION_CARD_EXPIRY,      12, true },
	{ "relationship-ended",   "", -1,                RETENTION_RELATIONSHIP_END,  6, true },
};

struct due_case {
	const char *what;
	unsigned categories;
	const char *last_activity, *last_event, *card, *ended, *hold;
	const char *today;
	enum retention_verdict verdict;
	const char *rule;                   /* "" when none */
	const char *due_on;
};

static const char *verdict_name(enum retention_verdict verdict)
{
	return verdict == RETENTION_NOT_DUE ? "NOT_DUE" : verdict == RETENTION_DUE ? "DUE" : verdict == RETENTION_HELD ? "HELD" : "?";
}

static void expect_case(const struct retention_rule *rules, int rule_count, const struct due_case *c)
{
	struct retention_facts facts;
	memset(&facts, 0, sizeof facts);
	facts.categories = c->categories;
	snprintf(facts.last_activity, sizeof facts.last_activity, "%s", c->last_activity);
	snprintf(facts.last_event, sizeof facts.last_event, "%s", c->last_event);
	snprintf(facts.newest_card_expiry, sizeof facts.newest_card_expiry, "%s", c->card);
	snprintf(facts.relationship_end, sizeof facts.relationship_end, "%s", c->ended);
	snprintf(facts.hold_until, sizeof facts.hold_until, "%s", c->hold);
	int due_rule = 12345;
	char due_on[11] = "garbage";
	enum retention_verdict verdict = retention_due(rules, rule_count, &facts, c->today, &due_rule, due_on);
	const char *rule = due_rule >= 0 && due_rule < rule_count ? rules[due_rule].code : "";
	if (verdict != c->verdict || strcmp(rule, c->rule) != 0 || strcmp(due_on, c->due_on) != 0 ||
	    (!*c->rule && due_rule != -1))
		fail_msg("%s: got %s, rule '%s' (index %d), due '%s'; expected %s, rule '%s', due '%s'", c->what,
			 verdict_name(verdict), rule, due_rule, due_on, verdict_name(c->verdict), c->rule, c->due_on);
}

static void test_default_rules_are_the_notices(void **state)
{
	struct fixture *f = *state;
	struct retention_rule rules[16];
	int count = retention_rules(f->u->db, rules, 16);
	assert_int_equal(count, (int)COUNT(notice_rules));
	for (int i = 0; i < count; i++) {
		const struct retention_rule *want = &notice_rules[i];
		if (strcmp(rules[i].code, want->code) != 0 || rules[i].category != want->category ||
		    rules[i].basis != want->basis || rules[i].months != want->months || rules[i].active != want->active)
			fail_msg("rule %d: %s category %d basis %d months %d active %d; expected %s %d %d %d %d", i, rules[i].code,
				 rules[i].category, rules[i].basis, rules[i].months, rules[i].active, want->code,
				 want->category, want->basis, want->months, want->active);
		assert_true(rules[i].name[0] != '\0');
	}
}

/* Notice §4.1: the privacy officer changes a rule (the retention screen and
 * "retention set"); an unknown rule is refused naming the rules, nothing
 * changes, and a change is audited. */
static void test_retention_rule_set_refuses_an_unknown_rule_naming_the_rules(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	EXPECT_STATUS(officer, retention_rule_set(officer, "prospect-inactiv", 36, true), STATUS_ERR_NOT_FOUND);
	assert_non_null(strstr(db->error, "prospect-inactiv'"));
	assert_non_null(strstr(db->error, "prospect-inactive, event-participant, training-participant, relationship-ended"));
	assert_int_equal(sql_int(db, "SELECT months FROM retention_rule WHERE code = 'prospect-inactive'"), 24);
	EXPECT_STATUS(officer, retention_rule_set(officer, "prospect-inactive", 1201, true), STATUS_ERR_INVALID);
	EXPECT_OK(officer, retention_rule_set(officer, "prospect-inactive", 36, false));
	struct retention_rule rules[16];
	assert_true(retention_rules(db, rules, 16) >= 1);
	assert_string_equal(rules[0].code, "prospect-inactive");
	assert_int_equal(rules[0].months, 36);
	assert_false(rules[0].active);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'retention.rule' AND "
				 "fields = 'prospect-inactive' AND account_id = %lld", officer->account_id), 1);
}

static void test_retention_due_truth_table(void **state)
{
	(void)state;
	static const struct due_case cases[] = {
		/* prospect-inactive: prospect, last activity + 24 months. */
		{ "prospect, activity + 24 months is today", PROSPECT, "2024-03-15", "", "", "", "", TODAY,
		  RETENTION_DUE, "prospect-inactive", "2026-03-15" },
		{ "prospect, a day before it is due", PROSPECT, "2024-03-16", "", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "prospect, long past", PROSPECT, "2020-01-01", "", "", "", "", TODAY,
		  RETENTION_DUE, "prospect-inactive", "2022-01-01" },
		{ "customer (not a prospect) inactive for years", CUSTOMER, "2020-01-01", "", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "prospect without any activity date", PROSPECT, "", "", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		/* event-participant: event, last event + 12 months. */
		{ "event participant, last event + 12 months is today", EVENT, "2026-01-01", "2025-03-15", "", "", "", TODAY,
		  RETENTION_DUE, "event-participant", "2026-03-15" },
		{ "event participant, a day before", EVENT, "2026-01-01", "2025-03-16", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "event participant with no event date", EVENT, "2020-01-01", "", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "an old event of a contact not in the event category", CUSTOMER, "", "2020-01-01", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		/* training-participant: training, newest card's expiry + 12 months. */
		{ "training participant, card expiry + 12 months is today", TRAINING, "", "", "2025-03-15", "", "", TODAY,
		  RETENTION_DUE, "training-participant", "2026-03-15" },
		{ "training participant, a day before", TRAINING, "", "", "2025-03-16", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "training participant whose card never expires", TRAINING, "2020-01-01", "", "", "", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "an expired card of a contact not in the training category", EVENT | CUSTOMER, "", "", "2020-01-01", "", "",
		  TODAY, RETENTION_NOT_DUE, "", "" },
		/* relationship-ended: any contact, end + 6 months. */
		{ "relationship ended 6 months ago today, no category", 0, "", "", "", "2025-09-15", "", TODAY,
		  RETENTION_DUE, "relationship-ended", "2026-03-15" },
		{ "relationship ended, a day before", CUSTOMER, "", "", "", "2025-09-16", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "relationship ended, any category (training)", TRAINING, "", "", "", "2025-01-01", "", TODAY,
		  RETENTION_DUE, "relationship-ended", "2025-07-01" },
		/* Several rules due: the earliest due date wins, whatever the rule order. */
		{ "prospect + event + ended: ended is due first", PROSPECT | EVENT, "2023-01-10", "2024-02-01", "",
		  "2024-06-30", "", TODAY, RETENTION_DUE, "relationship-ended", "2024-12-30" },
		{ "prospect + event + ended: event is due first", PROSPECT | EVENT, "2023-06-10", "2024-02-01", "",
		  "2025-06-30", "", TODAY, RETENTION_DUE, "event-participant", "2025-02-01" },
		{ "prospect + training: the prospect rule is due first", PROSPECT | TRAINING, "2023-01-10", "", "2024-06-01",
		  "", "", TODAY, RETENTION_DUE, "prospect-inactive", "2025-01-10" },
		{ "event due, training not yet", EVENT | TRAINING, "", "2024-12-01", "2025-12-01", "", "", TODAY,
		  RETENTION_DUE, "event-participant", "2025-12-01" },
		/* Legal holds (notice §4.2): in force until its day, inclusive. */
		{ "due, held until today", PROSPECT, "2023-01-01", "", "", "", TODAY, TODAY,
		  RETENTION_HELD, "prospect-inactive", "2025-01-01" },
		{ "due, held for years", 0, "", "", "", "2024-01-01", "2035-12-31", TODAY,
		  RETENTION_HELD, "relationship-ended", "2024-07-01" },
		{ "due, the hold ended yesterday", PROSPECT, "2023-01-01", "", "", "", "2026-03-14", TODAY,
		  RETENTION_DUE, "prospect-inactive", "2025-01-01" },
		{ "held but not due: not due", PROSPECT, "2025-01-01", "", "", "", "2035-12-31", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		/* Month ends: a day that does not exist is the month's last. */
		{ "2024-08-31 + 6 months is 2025-02-28", 0, "", "", "", "2024-08-31", "", "2025-02-28",
		  RETENTION_DUE, "relationship-ended", "2025-02-28" },
		{ "2024-08-31 + 6 months: not due on 2025-02-27", 0, "", "", "", "2024-08-31", "", "2025-02-27",
		  RETENTION_NOT_DUE, "", "" },
		{ "2023-08-31 + 6 months is 2024-02-29 (leap year)", 0, "", "", "", "2023-08-31", "", "2024-02-29",
		  RETENTION_DUE, "relationship-ended", "2024-02-29" },
		{ "2023-08-31 + 6 months: not due on 2024-02-28", 0, "", "", "", "2023-08-31", "", "2024-02-28",
		  RETENTION_NOT_DUE, "", "" },
		{ "2025-12-31 + 12 months over the year's end", EVENT, "", "2025-12-31", "", "", "", "2026-12-31",
		  RETENTION_DUE, "event-participant", "2026-12-31" },
		{ "2024-02-29 + 24 months is 2026-02-28", PROSPECT, "2024-02-29", "", "", "", "", "2026-02-28",
		  RETENTION_DUE, "prospect-inactive", "2026-02-28" },
	};
	for (size_t i = 0; i < COUNT(cases); i++)
		expect_case(notice_rules, (int)COUNT(notice_rules), &cases[i]);

	/* The earliest wins in either order of the rules. */
	struct retention_rule reversed[COUNT(notice_rules)];
	for (size_t i = 0; i < COUNT(notice_rules); i++)
		reversed[i] = notice_rules[COUNT(notice_rules) - 1 - i];
	for (size_t i = 16; i < 20; i++)
		expect_case(reversed, (int)COUNT(reversed), &cases[i]);

	/* An inactive rule never applies. */
	struct retention_rule some_off[COUNT(notice_rules)];
	memcpy(some_off, notice_rules, sizeof some_off);
	some_off[3].active = false;   /* relationship-ended */
	static const struct due_case off_cases[] = {
		{ "ended rule off: the event rule is the earliest left", PROSPECT | EVENT, "2023-01-10", "2024-02-01", "",
		  "2024-06-30", "", TODAY, RETENTION_DUE, "prospect-inactive", "2025-01-10" },
		{ "ended rule off: an ended customer is not due", CUSTOMER, "", "", "", "2020-01-01", "", TODAY,
		  RETENTION_NOT_DUE, "", "" },
		{ "ended rule off, held: not held either", CUSTOMER, "", "", "", "2020-01-01", "2035-12-31", TODAY,
		  RETENTION_NOT_DUE, "", "" },
	};
	for (size_t i = 0; i < COUNT(off_cases); i++)
		expect_case(some_off, (int)COUNT(some_off), &off_cases[i]);
	struct retention_rule all_off[COUNT(notice_rules)];
	memcpy(all_off, notice_rules, sizeof all_off);
	for (size_t i = 0; i < COUNT(all_off); i++)
		all_off[i].active = false;
	static const struct due_case everything_due = { "every rule off", PROSPECT | EVENT | TRAINING, "2020-01-01",
		"2020-01-01", "2020-01-01", "2020-01-01", "", TODAY, RETENTION_NOT_DUE, "", "" };
	expect_case(all_off, (int)COUNT(all_off), &everything_due);
	expect_case(notice_rules, 0, &everything_due);

	/* Month-end clamping with a one-month rule: 2024-01-31 + 1 month is 2024-02-29. */
	struct retention_rule one_month[] = { { "one-month", "", -1, RETENTION_RELATIONSHIP_END, 1, true } };
	static const struct due_case clamp[] = {
		{ "2024-01-31 + 1 month is 2024-02-29", 0, "", "", "", "2024-01-31", "", "2024-02-29",
		  RETENTION_DUE, "one-month", "2024-02-29" },
		{ "2024-01-31 + 1 month: not due on 2024-02-28", 0, "", "", "", "2024-01-31", "", "2024-02-28",
		  RETENTION_NOT_DUE, "", "" },
		{ "2023-01-31 + 1 month is 2023-02-28", 0, "", "", "", "2023-01-31", "", "2023-02-28",
		  RETENTION_DUE, "one-month", "2023-02-28" },
		{ "2024-03-31 + 1 month is 2024-04-30", 0, "", "", "", "2024-03-31", "", "2024-04-30",
		  RETENTION_DUE, "one-month", "2024-04-30" },
		{ "2024-12-31 + 1 month is 2025-01-31", 0, "", "", "", "2024-12-31", "", "2025-01-31",
		  RETENTION_DUE, "one-month", "2025-01-31" },
	};
	for (size_t i = 0; i < COUNT(clamp); i++)
		expect_case(one_month, 1, &clamp[i]);
}

/* ---- 2. The review queue and its reasons ---- */

static void test_queue_reasons(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;

	/* Due under prospect-inactive: saved 2023-09-01, nothing since. */
	long long due_prospect = prospect(officer, "2023-09-01", "Vanhanen");
	/* Not due: a prospect of 2025-01-10 (due 2027-01-10), never reviewed. */
	long long young_prospect = prospect(officer, "2025-01-10", "Nuorinen");
	/* A consent the person gave on 2025-01-01 is activity: not due until 2027. */
	long long consenting = prospect(officer, "2023-06-01", "Suostunut");
	clock_at("2025-01-01");
	struct consent_event consent;
	memset(&consent, 0, sizeof consent);
	snprintf(consent.purpose, sizeof consent.purpose, "%s", "postal-mail");
	consent.state = CONSENT_STATE_CONSENT;
	snprintf(consent.given_on, sizeof consent.given_on, "%s", "2025-01-01");
	consent.channel = CONSENT_CHANNEL_LETTER;
	EXPECT_OK(officer, consent_record(officer, consenting, &consent));
	clock_at(TODAY);
	/* Due but held by the Accounting Act. */
	long long held = prospect(officer, "2023-06-01", "Pidetty");
	hold_ledger(officer, held);
	/* A hold that ended: due again. */
	long long hold_ended = prospect(officer, "2023-06-01", "Vapautunut");
	struct legal_hold old_hold;
	memset(&old_hold, 0, sizeof old_hold);
	old_hold.contact_id = hold_ended;
	old_hold.law = HOLD_OTHER;
	snprintf(old_hold.law_name, sizeof old_hold.law_name, "%s", "Consumer Protection Act");
	snprintf(old_hold.covers, sizeof old_hold.covers, "%s", "guarantee records");
	snprintf(old_hold.until, sizeof old_hold.until, "%s", "2026-03-14");
	EXPECT_OK(officer, hold_add(officer, &old_hold));

	/* Relationships: ended long ago (due), ended lately (not due yet), ending later. */
	struct person ended_long_ago = { "2025-06-01", "Eero", "Entinen", CUSTOMER, "2025-06-01", "" };
	long long ended_due = add_person(officer, &ended_long_ago);
	struct person ended_lately = { "2026-01-10", "Erkki", "Eronnut", CUSTOMER, "2026-01-10", "2026-01-10" };
	long long ended = add_person(officer, &ended_lately);
	struct person ending_later = { "2026-03-01", "Tuomas", "Tuleva", CUSTOMER, "2026-12-31", "2026-03-01" };
	long long ending = add_person(officer, &ending_later);

	/* Reviews: never, stale (one day over 12 months), exactly 12 months, recent. */
	struct person never_reviewed = { "2026-03-01", "Niina", "Nollanen", CUSTOMER, "", "" };
	long long never = add_person(officer, &never_reviewed);
	struct person stale_review = { "2025-03-14", "Saara", "Seisova", CUSTOMER, "", "2025-03-14" };
	long long stale = add_person(officer, &stale_review);
	struct person year_review = { "2025-03-15", "Vuokko", "Vuotinen", CUSTOMER, "", "2025-03-15" };
	long long year_ago = add_person(officer, &year_review);
	struct person recent_review = { "2026-02-01", "Reijo", "Tuore", CUSTOMER, "", "2026-02-01" };
	long long recent = add_person(officer, &recent_review);

	/* An event of 2024-06-01: its participant is due on 2025-06-01. */
	clock_at("2024-05-01");
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Asiakasilta 2024");
	snprintf(event.date, sizeof event.date, "%s", "2024-06-01");
	EXPECT_OK(officer, event_save(officer, &event));
	struct person guest_person = { "2024-05-01", "Ville", "Vieras", CUSTOMER, "", "" };
	long long guest = add_person(officer, &guest_person);
	clock_at("2024-05-01");
	EXPECT_OK(officer, event_register(officer, event.id, guest, EVENT_SOURCE_SIGN_UP));
	clock_at(TODAY);

	/* A permit card issued 2024-01-15, valid 12 months: due 2026-01-15. One that never expires: never due. */
	clock_at("2024-01-15");
	struct course card_course;
	memset(&card_course, 0, sizeof card_course);
	snprintf(card_course.name, sizeof card_course.name, "%s", "Tulityökortti");
	card_course.certificate_kind = CERTIFICATE_KIND_PERMIT_CARD;
	card_course.validity_months = 12;
	EXPECT_OK(officer, course_save(officer, &card_course));
	struct course lasting_course;
	memset(&lasting_course, 0, sizeof lasting_course);
	snprintf(lasting_course.name, sizeof lasting_course.name, "%s", "Perehdytys");
	lasting_course.certificate_kind = CERTIFICATE_KIND_CERTIFICATE;
	lasting_course.validity_months = 0;
	EXPECT_OK(officer, course_save(officer, &lasting_course));
	long long sessions[2], courses[2] = { card_course.id, lasting_course.id };
	for (int i = 0; i < 2; i++) {
		struct training_session training;
		memset(&training, 0, sizeof training);
		training.course_id = courses[i];
		snprintf(training.starts_at, sizeof training.starts_at, "%s", "2024-01-15 09:00");
		snprintf(training.place, sizeof training.place, "%s", "Koulutustila 2");
		training.trainer_account_id = f->trainer.account_id;
		EXPECT_OK(officer, training_session_save(officer, &training));
		sessions[i] = training.id;
	}
	struct person carded_person = { "2024-01-10", "Kalle", "Korttinen", CUSTOMER, "", "" };
	long long carded = add_person(officer, &carded_person);
	struct person lasting_person = { "2024-01-10", "Liisa", "Pysyvä", CUSTOMER, "", "2026-02-01" };
	long long lasting = add_person(officer, &lasting_person);
	long long trainees[2] = { carded, lasting };
	clock_at("2024-01-15");
	for (int i = 0; i < 2; i++) {
		EXPECT_OK(officer, training_register(officer, sessions[i], trainees[i], REGISTRAR_SELF, ""));
		int marked = 0, issued = 0;
		EXPECT_OK(officer, training_mark_all_present(officer, sessions[i], &marked));
		EXPECT_OK(officer, training_issue_certificates(officer, sessions[i], &issued));
		assert_int_equal(issued, 1);
	}
	/* A card renewed: the old one expired 2024-06-01, the new one runs to 2026-06-01; the newest counts. */
	struct person renewed_person = { "2023-05-20", "Reino", "Uusija", CUSTOMER, "", "2026-02-01" };
	long long renewed = add_person(officer, &renewed_person);
	const char *renewals[] = { "2023-06-01", "2025-06-01" };
	for (int i = 0; i < 2; i++) {
		clock_at(renewals[i]);
		struct training_session training;
		memset(&training, 0, sizeof training);
		training.course_id = card_course.id;
		snprintf(training.starts_at, sizeof training.starts_at, "%s 09:00", renewals[i]);
		snprintf(training.place, sizeof training.place, "%s", "Koulutustila 1");
		training.trainer_account_id = f->trainer.account_id;
		EXPECT_OK(officer, training_session_save(officer, &training));
		EXPECT_OK(officer, training_register(officer, training.id, renewed, REGISTRAR_SELF, ""));
		int marked = 0, issued = 0;
		EXPECT_OK(officer, training_mark_all_present(officer, training.id, &marked));
		EXPECT_OK(officer, training_issue_certificates(officer, training.id, &issued));
		assert_int_equal(issued, 1);
	}
	clock_at(TODAY);
	char text[32];
	sql_text(db, text, sizeof text, "SELECT valid_until FROM certificate WHERE contact_id = %lld", carded);
	assert_string_equal(text, "2025-01-15");
	sql_text(db, text, sizeof text, "SELECT count(*) || ':' || min(valid_until) || ',' || max(valid_until) "
		 "FROM certificate WHERE contact_id = %lld", renewed);
	assert_string_equal(text, "2:2024-06-01,2026-06-01");

	/* A merged-away record and a restricted (erased but held) one stay out. */
	struct person twin = { "2026-03-01", "Mikko", "Kaksonen", CUSTOMER, "", "" };
	long long survivor = add_person(officer, &twin);
	long long merged_away = add_person(officer, &twin);
	struct contact merged;
	contact_init(&merged);
	EXPECT_OK(officer, contact_load(officer, survivor, false, &merged));
	EXPECT_OK(officer, contact_merge(officer, survivor, merged_away, &merged));
	contact_free(&merged);
	long long restricted = prospect(officer, "2023-06-01", "Rajoitettu");
	hold_ledger(officer, restricted);
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, restricted, 0, &preview));
	sql_text(db, text, sizeof text, "SELECT restricted_until FROM contact WHERE id = %lld", restricted);
	assert_string_equal(text, "2035-12-31");

	long long queued = review_build_queue(officer);
	struct review_item items[64];
	int count = whole_queue(officer, items, 64);
	assert_int_equal(queued, count);

	expect_queued(items, count, due_prospect, "prospect saved 2023-09-01", "rule", "prospect-inactive", "2025-09-01");
	expect_queued(items, count, young_prospect, "prospect of 2025, never reviewed", "never", "", "");
	expect_queued(items, count, consenting, "prospect who consented on 2025-01-01", "never", "", "");
	expect_queued(items, count, held, "prospect due but held", "held", "prospect-inactive", "2025-06-01");
	expect_queued(items, count, hold_ended, "prospect whose hold ended yesterday", "rule", "prospect-inactive",
		      "2025-06-01");
	expect_queued(items, count, ended_due, "relationship ended 2025-06-01", "rule", "relationship-ended", "2025-12-01");
	expect_queued(items, count, ended, "relationship ended 2026-01-10 (not due yet)", "ended", "", "");
	expect_not_queued(items, count, ending, "relationship ending 2026-12-31, reviewed lately");
	expect_queued(items, count, never, "never reviewed", "never", "", "");
	expect_queued(items, count, stale, "reviewed 2025-03-14", "stale", "", "");
	expect_not_queued(items, count, year_ago, "reviewed exactly 12 months ago (2025-03-15)");
	expect_not_queued(items, count, recent, "reviewed 2026-02-01");
	expect_queued(items, count, guest, "event participant of 2024-06-01", "rule", "event-participant", "2025-06-01");
	expect_queued(items, count, carded, "card expired 2025-01-15", "rule", "training-participant", "2026-01-15");
	expect_not_queued(items, count, lasting, "card that never expires, reviewed lately");
	expect_not_queued(items, count, renewed, "card renewed until 2026-06-01, reviewed lately");
	expect_queued(items, count, survivor, "survivor of a merge", "never", "", "");
	expect_not_queued(items, count, merged_away, "merged-away record");
	expect_not_queued(items, count, restricted, "restricted record (erased, held)");
	assert_int_equal(count, 12);

	/* Items carry the name and the last review; filters and counts agree. */
	const struct review_item *item = queue_item(items, count, stale);
	assert_string_equal(item->name, "Seisova, Saara");
	assert_string_equal(item->last_reviewed, "2025-03-14");
	struct review_filter by_rule = { .category = -1, .reason = REVIEW_RULE };
	assert_int_equal(review_queue_count(officer, &by_rule), 5);
	struct review_filter by_code = { .category = -1, .reason = -1, .rule_code = "prospect-inactive" };
	assert_int_equal(review_queue_count(officer, &by_code), 3);   /* two due, one held */
	struct review_filter prospects = { .category = CATEGORY_PROSPECT, .reason = -1 };
	assert_int_equal(review_queue_count(officer, &prospects), 5);
	assert_int_equal(review_queue_count(officer, NULL), 12);

	/* review_status counts what is due under a rule. */
	long long due = -2;
	char last_closed[32] = "x";
	bool open_round = true;
	review_status(officer, &due, last_closed, &open_round);
	assert_int_equal(due, 5);
	assert_string_equal(last_closed, "");
	assert_false(open_round);
}

/* The queue is built from "today": the same register a year later. */
static void test_queue_follows_the_clock(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	long long p = prospect(officer, "2024-06-01", "Odottava");   /* due 2026-06-01 */
	struct review_item items[8];
	assert_int_equal(review_build_queue(officer), 1);
	expect_queued(items, whole_queue(officer, items, 8), p, "prospect before due", "never", "", "");
	clock_at("2026-05-31");
	review_build_queue(officer);
	expect_queued(items, whole_queue(officer, items, 8), p, "prospect the day before", "never", "", "");
	clock_at("2026-06-01");
	review_build_queue(officer);
	expect_queued(items, whole_queue(officer, items, 8), p, "prospect on its due day", "rule", "prospect-inactive",
		      "2026-06-01");
}

/* ---- 3. Decisions, rounds and the status ---- */

static void test_keep(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct person p = { "2026-03-01", "Kaarina", "Kept", CUSTOMER, "", "" };
	long long id = add_person(officer, &p);
	long long other = prospect(officer, "2026-03-01", "Toinen");
	assert_int_equal(review_build_queue(officer), 2);

	EXPECT_STATUS(officer, review_keep(officer, id, ""), STATUS_ERR_INVALID);
	EXPECT_STATUS(officer, review_keep(officer, id, NULL), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "reason"));
	EXPECT_STATUS(officer, review_keep(officer, 999999, "no such contact"), STATUS_ERR_NOT_FOUND);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), 0);
	char text[64];
	sql_text(db, text, sizeof text, "SELECT last_reviewed FROM contact WHERE id = %lld", id);
	assert_string_equal(text, "");

	EXPECT_OK(officer, review_keep(officer, id, "active customer: order in February 2026"));
	sql_text(db, text, sizeof text, "SELECT last_reviewed FROM contact WHERE id = %lld", id);
	assert_string_equal(text, TODAY);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE contact_id = %lld AND decision = 'keep' "
				 "AND reason = 'active customer: order in February 2026' AND decided_by = %lld "
				 "AND round_id IS NULL AND decided_at LIKE '" TODAY "%%'", id, officer->account_id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'review.keep' AND record_id = %lld "
				 "AND account_id = %lld", id, officer->account_id), 1);
	/* Off the built queue at once, and not in it when built again. */
	assert_int_equal(review_queue_count(officer, NULL), 1);
	assert_int_equal(review_build_queue(officer), 1);
	struct review_item items[8];
	int count = whole_queue(officer, items, 8);
	expect_not_queued(items, count, id, "kept contact");
	expect_queued(items, count, other, "the other contact", "never", "", "");
}

/* A contact due under a rule that the privacy officer decided to keep (with
 * the reason, notice §4.1) must not be erased right after by the bulk erasure
 * of that rule. */
static void test_kept_contact_not_erased_by_rule(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long kept = prospect(officer, "2023-01-01", "Säilytetty");
	long long other = prospect(officer, "2023-01-01", "Poistettava");
	review_build_queue(officer);
	EXPECT_OK(officer, review_keep(officer, kept, "negotiating a service agreement"));
	/* Kept on review: off the queue until the next annual review. */
	assert_int_equal(review_build_queue(officer), 1);
	long long erased = -1, held = -1;
	EXPECT_OK(officer, review_erase_rule(officer, "prospect-inactive", false, &erased, &held));
	assert_int_equal(contact_exists(db, other), 0);
	if (contact_exists(db, kept) != 1)
		fail_msg("the contact kept with a reason today was erased by review_erase_rule (erased %lld): the keep "
			 "decision is ignored by the queue", erased);
}

static void test_end_relationship(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct person p = { "2025-01-01", "Eila", "Eroava", CUSTOMER, "", "2025-06-01" };
	long long id = add_person(officer, &p);
	EXPECT_STATUS(&f->reception, review_end_relationship(&f->reception, id), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(officer, review_end_relationship(officer, id));
	char text[16];
	sql_text(db, text, sizeof text, "SELECT relationship_end FROM contact WHERE id = %lld", id);
	assert_string_equal(text, TODAY);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE contact_id = %lld AND "
				 "decision = 'end-relationship' AND decided_by = %lld", id, officer->account_id), 1);
	review_build_queue(officer);
	struct review_item items[8];
	expect_queued(items, whole_queue(officer, items, 8), id, "relationship ended today", "ended", "", "");
	/* Six months on, due under relationship-ended. */
	clock_at("2026-09-15");
	review_build_queue(officer);
	expect_queued(items, whole_queue(officer, items, 8), id, "ended six months ago", "rule", "relationship-ended",
		      "2026-09-15");
}

static void test_erase_one(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct person p = { "2023-01-01", "Aatu", "Aaltonenpoisto", PROSPECT, "", "" };
	long long id = add_person(officer, &p);
	long long held = prospect(officer, "2023-01-01", "Pidättävä");
	hold_ledger(officer, held);
	review_build_queue(officer);

	EXPECT_OK(officer, review_erase(officer, id, "prospect-inactive"));
	assert_int_equal(contact_exists(db, id), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE contact_id = %lld AND decision = 'erase' "
				 "AND rule_code = 'prospect-inactive' AND decided_by = %lld", id, officer->account_id), 1);
	/* By number only: no name in the decisions, the audit trail or the search. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE reason LIKE '%%Aaltonenpoisto%%' "
				 "OR reason LIKE '%%Aatu%%'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE fields LIKE '%%Aaltonenpoisto%%'"), 0);
	struct contact_query query;
	memset(&query, 0, sizeof query);
	snprintf(query.text, sizeof query.text, "%s", "Aaltonenpoisto");
	assert_int_equal(contact_search_count(officer, &query, 10), 0);
	struct review_item items[8];
	expect_not_queued(items, whole_queue(officer, items, 8), id, "erased contact");

	/* A held contact is kept restricted, and the decision says so. */
	EXPECT_OK(officer, review_erase(officer, held, "prospect-inactive"));
	assert_int_equal(contact_exists(db, held), 1);
	char text[16];
	sql_text(db, text, sizeof text, "SELECT restricted_until FROM contact WHERE id = %lld", held);
	assert_string_equal(text, "2035-12-31");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE contact_id = %lld AND decision = 'held'",
				 held), 1);

	/* The reception may not erase. */
	long long another = prospect(officer, "2023-01-01", "Kolmas");
	EXPECT_STATUS(&f->reception, review_erase(&f->reception, another, "prospect-inactive"), STATUS_ERR_FORBIDDEN);
	assert_int_equal(contact_exists(db, another), 1);
}

/* Three prospects due, one held, one due under another rule, one never reviewed. */
struct rule_world {
	long long due[3], held, ended_due, never;
};

static void make_rule_world(struct fixture *f, struct rule_world *w)
{
	struct session *officer = &f->officer;
	w->due[0] = prospect(officer, "2023-01-01", "Ensimmäinen");
	w->due[1] = prospect(officer, "2023-02-01", "Toinenpoisto");
	w->due[2] = prospect(officer, "2023-03-01", "Kolmaspoisto");
	w->held = prospect(officer, "2023-01-01", "Pidetty");
	hold_ledger(officer, w->held);
	struct person ended = { "2025-01-01", "Eino", "Loppunut", CUSTOMER, "2025-01-01", "" };
	w->ended_due = add_person(officer, &ended);
	struct person never = { "2026-01-01", "Nelli", "Uusi", CUSTOMER, "", "" };
	w->never = add_person(officer, &never);
}

static void test_erase_rule(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct rule_world w;
	make_rule_world(f, &w);
	long long contacts = sql_int(db, "SELECT count(*) FROM contact");
	assert_int_equal(review_build_queue(officer), 6);

	long long erased = -1, held = -1;
	EXPECT_OK(officer, review_erase_rule(officer, "prospect-inactive", true, &erased, &held));
	assert_int_equal(erased, 3);
	assert_int_equal(held, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), contacts);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action LIKE 'erasure.%%' OR "
				 "action = 'review.erase-rule'"), 0);

	EXPECT_OK(officer, review_erase_rule(officer, "prospect-inactive", false, &erased, &held));
	assert_int_equal(erased, 3);
	assert_int_equal(held, 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(contact_exists(db, w.due[i]), 0);
	assert_int_equal(contact_exists(db, w.held), 1);
	char text[16];
	sql_text(db, text, sizeof text, "SELECT restricted_until FROM contact WHERE id = %lld", w.held);
	assert_string_equal(text, "");   /* the held one is left as it was */
	assert_int_equal(contact_exists(db, w.ended_due), 1);
	assert_int_equal(contact_exists(db, w.never), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), contacts - 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE decision = 'erase' AND "
				 "rule_code = 'prospect-inactive'"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'review.erase-rule' AND "
				 "fields = 'rule:prospect-inactive,count:3' AND account_id = %lld", officer->account_id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'erasure.complete'"), 3);
	struct audit_verification verification;
	EXPECT_OK(officer, audit_verify(db, &verification));

	/* Nothing more to erase under it; the other rule's due contact is next. */
	assert_int_equal(review_build_queue(officer), 3);
	EXPECT_OK(officer, review_erase_rule(officer, "prospect-inactive", true, &erased, &held));
	assert_int_equal(erased, 0);
	assert_int_equal(held, 1);
	EXPECT_OK(officer, review_erase_rule(officer, "relationship-ended", true, &erased, &held));
	assert_int_equal(erased, 1);
	assert_int_equal(held, 0);
	/* An unknown rule is refused, naming the known ones (it used to erase nothing and say ok). */
	EXPECT_STATUS(officer, review_erase_rule(officer, "no-such-rule", true, &erased, &held), STATUS_ERR_INVALID);
	assert_non_null(strstr(officer->db->error, "relationship-ended"));
	assert_non_null(strstr(officer->db->error, "hold-ended"));
	assert_int_equal(erased, 0);
	assert_int_equal(held, 0);
}

/* In one go: when one erasure fails, none of the rule's contacts is erased. */
static void test_erase_rule_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct rule_world w;
	make_rule_world(f, &w);
	review_build_queue(officer);
	long long decisions = sql_int(db, "SELECT count(*) FROM review_decision");
	char sql[512];
	if (unit_on_sqlite()) {
		snprintf(sql, sizeof sql, "CREATE TEMP TRIGGER refuse_second BEFORE DELETE ON main.contact WHEN old.id = %lld "
			 "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END", w.due[1]);
	} else {
		unit_exec(db, "CREATE FUNCTION refuse_second() RETURNS trigger LANGUAGE plpgsql AS "
			  "$$BEGIN RAISE EXCEPTION 'refused by the test'; END$$");
		snprintf(sql, sizeof sql, "CREATE TRIGGER refuse_second BEFORE DELETE ON contact FOR EACH ROW "
			 "WHEN (old.id = %lld) EXECUTE FUNCTION refuse_second()", w.due[1]);
	}
	unit_exec(db, sql);
	long long erased = -1, held = -1;
	enum status status = review_erase_rule(officer, "prospect-inactive", false, &erased, &held);
	unit_exec(db, unit_on_sqlite() ? "DROP TRIGGER temp.refuse_second" : "DROP TRIGGER refuse_second ON contact");
	assert_int_not_equal(status, STATUS_OK);
	for (int i = 0; i < 3; i++)
		if (contact_exists(db, w.due[i]) != 1)
			fail_msg("contact #%lld was erased although the erasure by rule failed", w.due[i]);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), decisions);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action LIKE 'erasure.%%'"), 0);
	assert_int_equal(db->transaction_depth, 0);
	/* And then it goes through. */
	EXPECT_OK(officer, review_erase_rule(officer, "prospect-inactive", false, &erased, &held));
	assert_int_equal(erased, 3);
}

/* Finds a summary line "DECISION RULE COUNT" (columns separated by spaces). */
static bool summary_has(const char *summary, const char *decision, const char *rule, int count)
{
	char copy[8192];
	snprintf(copy, sizeof copy, "%s", summary);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[64], b[64];
		int n;
		if (sscanf(line, " %63s %d %63[^\n]", b, &n, a) == 3 && strcmp(a, decision) == 0 && strcmp(b, rule) == 0 &&
		    n == count)
			return true;
	}
	return false;
}

/* The line of the rules-in-force section naming code, into out; false when none. */
static bool rule_line(const char *summary, const char *code, char *out, size_t out_size)
{
	out[0] = '\0';
	const char *section = strstr(summary, "rules in force");
	const char *at = section ? strstr(section, code) : NULL;
	if (!at)
		return false;
	const char *end = strchr(at, '\n');
	snprintf(out, out_size, "%.*s", end ? (int)(end - at) : (int)strlen(at), at);
	return true;
}

static void test_rounds(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	struct rule_world w;
	make_rule_world(f, &w);
	struct person second_ended = { "2025-02-01", "Elsa", "Loppunut", CUSTOMER, "2025-02-01", "" };
	long long ended_due_2 = add_person(officer, &second_ended);
	struct person stale = { "2025-01-01", "Sulo", "Vanha", CUSTOMER, "", "2025-01-01" };
	long long stale_id = add_person(officer, &stale);

	struct review_round round;
	EXPECT_STATUS(officer, review_round_close(officer, &round), STATUS_ERR_INVALID);
	long long id = 0, second = 0;
	EXPECT_OK(officer, review_round_open(officer, 2026, &id));
	assert_true(id > 0);
	EXPECT_STATUS(officer, review_round_open(officer, 2026, &second), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "already open"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_round"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'review.round-open'"), 1);
	long long due = -1;
	char last_closed[32];
	bool open = false;
	review_build_queue(officer);
	review_status(officer, &due, last_closed, &open);
	assert_true(open);
	assert_int_equal(due, 5);   /* three prospects and two ended relationships */

	/* Decisions of the round: keep one, end one, erase one, erase by rule two, one held. */
	EXPECT_OK(officer, review_keep(officer, w.never, "customer with an open order"));
	EXPECT_OK(officer, review_end_relationship(officer, stale_id));
	EXPECT_OK(officer, review_erase(officer, w.due[0], "prospect-inactive"));
	EXPECT_OK(officer, review_erase(officer, w.held, "prospect-inactive"));
	long long erased = 0, held = 0;
	EXPECT_OK(officer, review_erase_rule(officer, "relationship-ended", false, &erased, &held));
	assert_int_equal(erased, 2);
	assert_int_equal(contact_exists(db, ended_due_2), 0);
	EXPECT_OK(officer, retention_rule_set(officer, "event-participant", 18, false));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE round_id = %lld", id), 6);

	clock_at("2026-03-20");
	EXPECT_OK(officer, review_round_close(officer, &round));
	clock_at(TODAY);
	const char *s = round.summary;
	assert_int_equal(round.id, id);
	assert_int_equal(round.year, 2026);
	assert_string_equal(round.closed_at, "2026-03-20T12:00:00Z");
	if (!strstr(s, "2026") || !strstr(s, UNIT_OFFICER_FULL_NAME) || !strstr(s, UNIT_OFFICER_USERNAME))
		fail_msg("the summary does not name the year, the officer's name and username:\n%s", s);
	if (!strstr(s, "2026-03-20"))
		fail_msg("the summary does not give the date it was closed:\n%s", s);
	if (!summary_has(s, "kept", "-", 1) || !summary_has(s, "relationship ended", "-", 1) ||
	    !summary_has(s, "erased", "prospect-inactive", 1) || !summary_has(s, "erased", "relationship-ended", 2) ||
	    !summary_has(s, "held (legal hold)", "prospect-inactive", 1))
		fail_msg("the summary does not count the decisions by decision and rule:\n%s", s);
	for (size_t i = 0; i < COUNT(notice_rules); i++)
		if (!strstr(s, notice_rules[i].code))
			fail_msg("the summary does not list the rule %s in force:\n%s", notice_rules[i].code, s);
	char line[512];
	if (!rule_line(s, "event-participant", line, sizeof line) || !strstr(line, "18") || !strstr(line, "(off)"))
		fail_msg("the summary's line of the switched-off rule shows neither its months nor that it is off: '%s'\n%s",
			 line, s);
	if (!rule_line(s, "prospect-inactive", line, sizeof line) || !strstr(line, "24") || strstr(line, "(off)"))
		fail_msg("the summary's line of the prospect rule does not give its 24 months in force: '%s'\n%s", line, s);
	if (!rule_line(s, "relationship-ended", line, sizeof line) || !strstr(line, " 6 "))
		fail_msg("the summary's line of the relationship rule does not give its 6 months: '%s'\n%s", line, s);

	/* Stored as shown, signed off by the officer. */
	char stored[8192];
	sql_text(db, stored, sizeof stored, "SELECT summary FROM review_round WHERE id = %lld", id);
	assert_string_equal(stored, s);
	assert_int_equal(sql_int(db, "SELECT closed_by FROM review_round WHERE id = %lld", id), officer->account_id);
	sql_text(db, stored, sizeof stored, "SELECT closed_at FROM review_round WHERE id = %lld", id);
	assert_string_equal(stored, "2026-03-20T12:00:00Z");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'review.round-close' AND "
				 "record_id = %lld", id), 1);

	review_status(officer, &due, last_closed, &open);
	assert_false(open);
	assert_string_equal(last_closed, "2026-03-20T12:00:00Z");
	EXPECT_STATUS(officer, review_round_close(officer, &round), STATUS_ERR_INVALID);
	/* The next year's round may be opened; decisions then go to it. */
	EXPECT_OK(officer, review_round_open(officer, 2027, &second));
	assert_true(second > id);
	struct review_round rounds[4];
	assert_int_equal(review_rounds(officer, rounds, 4), 2);
	assert_int_equal(rounds[0].id, second);
	assert_string_equal(rounds[0].closed_at, "");
	assert_int_equal(rounds[1].id, id);
	assert_string_equal(rounds[1].summary, s);
}

static void test_status(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	prospect(officer, "2023-01-01", "Eka");
	prospect(officer, "2023-01-01", "Toka");
	long long held = prospect(officer, "2023-01-01", "Pidetty");
	hold_ledger(officer, held);
	prospect(officer, "2026-01-01", "Uusi");
	long long due = 0;
	char last_closed[32] = "x";
	bool open = true;
	review_build_queue(officer);
	review_status(officer, &due, last_closed, &open);
	assert_int_equal(due, 2);   /* held and never-reviewed are not due */
	assert_string_equal(last_closed, "");
	assert_false(open);
	/* Nothing for the reception. */
	review_status(&f->reception, &due, last_closed, &open);
	assert_int_equal(due, -1);
	assert_string_equal(last_closed, "");
	assert_false(open);
}

/* ---- 4. Permissions ---- */

static void test_reception_refused(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *reception = &f->reception;
	long long id = prospect(&f->officer, "2023-01-01", "Kielletty");
	review_build_queue(&f->officer);

	long long before = denied_count(db, reception->account_id);
	assert_int_equal(review_build_queue(reception), -1);
	assert_int_equal(denied_count(db, reception->account_id), before + 1);
	EXPECT_STATUS(reception, review_keep(reception, id, "I think we need it"), STATUS_ERR_FORBIDDEN);
	assert_int_equal(denied_count(db, reception->account_id), before + 2);
	long long erased = -1, held = -1;
	EXPECT_STATUS(reception, review_erase_rule(reception, "prospect-inactive", false, &erased, &held),
		      STATUS_ERR_FORBIDDEN);
	assert_int_equal(denied_count(db, reception->account_id), before + 3);
	EXPECT_STATUS(reception, review_erase_rule(reception, "prospect-inactive", true, &erased, &held),
		      STATUS_ERR_FORBIDDEN);
	assert_int_equal(erased, 0);
	assert_int_equal(denied_count(db, reception->account_id), before + 4);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied' AND "
				 "account_id = %lld AND fields = 'ERASE'", reception->account_id), 4);
	struct review_item items[4];
	assert_int_equal(review_queue_page(reception, NULL, 0, items, 4), -1);
	long long round = 0;
	EXPECT_STATUS(reception, review_round_open(reception, 2026, &round), STATUS_ERR_FORBIDDEN);
	EXPECT_STATUS(reception, retention_rule_set(reception, "prospect-inactive", 1, true), STATUS_ERR_FORBIDDEN);
	EXPECT_STATUS(&f->trainer, review_keep(&f->trainer, id, "trainer"), STATUS_ERR_FORBIDDEN);
	assert_int_equal(review_build_queue(&f->trainer), -1);

	/* Nothing happened. */
	assert_int_equal(contact_exists(db, id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_round"), 0);
	assert_int_equal(sql_int(db, "SELECT months FROM retention_rule WHERE code = 'prospect-inactive'"), 24);
	char text[16];
	sql_text(db, text, sizeof text, "SELECT last_reviewed FROM contact WHERE id = %lld", id);
	assert_string_equal(text, "");
}

/* ---- 5. Backups, restores and checks (notice §5.3) ---- */

static void file_sha256_hex(const char *path, char hex[65])
{
	FILE *file = fopen(path, "rb");
	assert_non_null(file);
	crypto_hash_sha256_state hash;
	crypto_hash_sha256_init(&hash);
	unsigned char buffer[65536], digest[crypto_hash_sha256_BYTES];
	size_t length;
	while ((length = fread(buffer, 1, sizeof buffer, file)) > 0)
		crypto_hash_sha256_update(&hash, buffer, length);
	fclose(file);
	crypto_hash_sha256_final(&hash, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
}

static void copy_bytes(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	char buffer[65536];
	size_t length;
	while ((length = fread(buffer, 1, sizeof buffer, in)) > 0)
		assert_int_equal(fwrite(buffer, 1, length, out), length);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	chmod(to, 0600);
}

/* Copies a backup and its audit head beside it. */
static void copy_backup(const char *from, const char *to)
{
	copy_bytes(from, to);
	char from_head[PATH_MAX + 16], to_head[PATH_MAX + 16];
	snprintf(from_head, sizeof from_head, "%s.audit-head", from);
	snprintf(to_head, sizeof to_head, "%s.audit-head", to);
	copy_bytes(from_head, to_head);
}

static void read_file_text(const char *path, char *out, size_t out_size)
{
	out[0] = '\0';
	FILE *file = fopen(path, "rb");
	if (!file)
		return;
	size_t length = fread(out, 1, out_size - 1, file);
	while (length > 0 && out[length - 1] == '\n')
		length--;
	out[length] = '\0';
	fclose(file);
}

/* Every contact as "id:last:first;..." from a raw connection to path. */
static void contacts_of_file(const char *path, char *out, size_t out_size)
{
	sqlite3 *handle = NULL;
	assert_int_equal(sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	unit_raw_query_text(handle, "SELECT group_concat(id || ':' || last_name || ':' || first_name, ';') FROM "
			"(SELECT * FROM contact ORDER BY id)", out, out_size);
	sqlite3_close(handle);
}

static void contacts_of(struct database *db, char *out, size_t out_size)
{
	unit_query_text(db, "SELECT group_concat(id || ':' || last_name || ':' || first_name, ';') FROM "
			"(SELECT * FROM contact ORDER BY id)", out, out_size);
}

static void raw_integrity(const char *path, char *out, size_t out_size)
{
	sqlite3 *handle = NULL;
	out[0] = '\0';
	if (sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(out, out_size, "cannot open");
		sqlite3_close(handle);
		return;
	}
	sqlite3_stmt *statement = NULL;
	if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, NULL) != SQLITE_OK) {
		snprintf(out, out_size, "%s", sqlite3_errmsg(handle));
	} else {
		int rc = sqlite3_step(statement);
		if (rc == SQLITE_ROW && sqlite3_column_text(statement, 0))
			snprintf(out, out_size, "%s", (const char *)sqlite3_column_text(statement, 0));
		else
			snprintf(out, out_size, "%s", sqlite3_errmsg(handle));
	}
	sqlite3_finalize(statement);
	sqlite3_close(handle);
}

/* How many files in dir start with prefix. */
static int files_starting(const char *dir, const char *prefix)
{
	DIR *listing = opendir(dir);
	assert_non_null(listing);
	int count = 0;
	struct dirent *entry;
	while ((entry = readdir(listing)) != NULL)
		if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0)
			count++;
	closedir(listing);
	return count;
}

/* What must not change when a restore is refused. */
struct live_state {
	char contacts[8192];
	long long audit_entries;
	char head[256];
};

static void live_state_of(struct unit_db *u, struct live_state *out)
{
	contacts_of(u->db, out->contacts, sizeof out->contacts);
	out->audit_entries = unit_query_int(u->db, "SELECT count(*) FROM audit_entry");
	read_file_text(u->db->audit_head_path, out->head, sizeof out->head);
}

static void expect_live_unchanged(struct unit_db *u, const struct live_state *before, const char *what)
{
	struct live_state now;
	live_state_of(u, &now);
	if (strcmp(now.contacts, before->contacts) != 0)
		fail_msg("%s: the live contacts changed:\n%s\nwere:\n%s", what, now.contacts, before->contacts);
	if (now.audit_entries != before->audit_entries || strcmp(now.head, before->head) != 0)
		fail_msg("%s: the live audit trail changed (%lld entries, head %s; were %lld, %s)", what, now.audit_entries,
			 now.head, before->audit_entries, before->head);
	struct audit_verification verification;
	if (audit_verify(u->db, &verification) != STATUS_OK)
		fail_msg("%s: the live audit chain no longer verifies: %s", what, verification.problem);
}

static void three_contacts(struct fixture *f, long long ids[3])
{
	struct person a = { TODAY, "Anna", "Alanko", CUSTOMER, "", "" };
	struct person b = { TODAY, "Bertta", "Bäckman", CUSTOMER, "", "" };
	struct person c = { TODAY, "Cecilia", "Öhman", PROSPECT, "", "" };
	ids[0] = add_person(&f->officer, &a);
	ids[1] = add_person(&f->officer, &b);
	ids[2] = add_person(&f->officer, &c);
}

/* backup_write without encryption, its result as digest and size. */
static enum status write_backup(struct database *db, long long account_id, const char *path, char sha256[65], long long *bytes)
{
	struct backup_result result;
	enum status status = backup_write(db, account_id, path, NULL, &result);
	memcpy(sha256, result.sha256, sizeof result.sha256);
	*bytes = result.bytes;
	return status;
}

/* These read the backup as an SQLite file (its pages, its head file):
 * PostgreSQL's backups are pg_dump files, tested with backup.c's engine. */
static void skip_unless_sqlite_backup(void)
{
	if (!unit_on_sqlite()) {
		print_message("skipped on PostgreSQL: the backup read here is an SQLite file\n");
		skip();
	}
}

static void test_backup_write(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX], head[PATH_MAX + 16], part[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/backup.db", f->u->dir);
	snprintf(head, sizeof head, "%s.audit-head", path);
	snprintf(part, sizeof part, "%s.part", path);
	mode_t old_mask = umask(022);
	char sha[65] = "";
	long long bytes = -1;
	enum status status = write_backup(db, f->officer.account_id, path, sha, &bytes);
	umask(old_mask);
	EXPECT_OK(&f->officer, status);

	struct stat info;
	assert_int_equal(stat(path, &info), 0);
	if ((info.st_mode & 0777) != 0600)
		fail_msg("the backup has mode %o, expected 600 (notice §5.3)", (unsigned)(info.st_mode & 0777));
	assert_int_equal(bytes, (long long)info.st_size);
	char hex[65];
	file_sha256_hex(path, hex);
	assert_string_equal(sha, hex);
	assert_int_equal(access(part, F_OK), -1);

	char integrity[256];
	raw_integrity(path, integrity, sizeof integrity);
	assert_string_equal(integrity, "ok");
	char live[8192], copy[8192];
	contacts_of(db, live, sizeof live);
	contacts_of_file(path, copy, sizeof copy);
	assert_string_equal(copy, live);
	assert_non_null(strstr(copy, "Öhman"));

	/* The chain head beside it, private, naming an entry the copy holds. */
	assert_int_equal(stat(head, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0600);
	char head_text[256];
	read_file_text(head, head_text, sizeof head_text);
	long long head_id = 0;
	char head_hex[80] = "";
	assert_int_equal(sscanf(head_text, "%lld %79s", &head_id, head_hex), 2);
	assert_true(head_id > 0);
	sqlite3 *handle = NULL;
	assert_int_equal(sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	char sql[128], stored[80];
	snprintf(sql, sizeof sql, "SELECT lower(hex(hash)) FROM audit_entry WHERE id = %lld", head_id);
	unit_raw_query_text(handle, sql, stored, sizeof stored);
	sqlite3_close(handle);
	assert_string_equal(stored, head_hex);

	/* Audited in the live trail; the whole backup passes the check. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'backup.write' AND account_id = %lld",
				 f->officer.account_id), 1);
	struct database *opened = NULL;
	char error[512] = "";
	EXPECT_OK(&f->officer, database_open(&opened, path, error, sizeof error));
	enum status checked = backup_check(opened);
	if (checked != STATUS_OK)
		fail_msg("backup_check of the fresh backup: %s", opened->error);
	database_close(opened);
}

/* A backup that fails (here: the file size limit, as on a full disk) leaves
 * the earlier backup of the same name whole and restorable: its copy and
 * its audit head. */
static void test_failed_backup_keeps_the_previous_one(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX], head[PATH_MAX + 16], part[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/nightly.db", f->u->dir);
	snprintf(head, sizeof head, "%s.audit-head", path);
	snprintf(part, sizeof part, "%s.part", path);
	char sha[65], first_sha[65], first_head[256];
	long long bytes = 0;
	EXPECT_OK(&f->officer, write_backup(db, 0, path, sha, &bytes));
	file_sha256_hex(path, first_sha);
	read_file_text(head, first_head, sizeof first_head);
	assert_true(bytes > 256 * 1024);
	/* More work, then a backup under the same name that cannot be written. */
	struct person later = { TODAY, "Leena", "Myöhäinen", CUSTOMER, "", "" };
	add_person(&f->officer, &later);
	struct rlimit old_limit, limit;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
	limit = old_limit;
	limit.rlim_cur = 128 * 1024;
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &limit), 0);
	enum status status = write_backup(db, 0, path, sha, &bytes);
	setrlimit(RLIMIT_FSIZE, &old_limit);
	signal(SIGXFSZ, old_handler);
	assert_int_not_equal(status, STATUS_OK);
	assert_true(db->error[0] != '\0');
	assert_int_equal(access(part, F_OK), -1);
	char now_sha[65], now_head[256];
	file_sha256_hex(path, now_sha);
	assert_string_equal(now_sha, first_sha);
	read_file_text(head, now_head, sizeof now_head);
	if (strcmp(now_head, first_head) != 0)
		fail_msg("the failed backup changed or removed %s, the earlier backup's audit head (was '%s', now '%s'): "
			 "the earlier backup can no longer be verified", head, first_head, now_head);
	char kept[PATH_MAX + 64];
	status = backup_restore(db, 0, path, NULL, kept, sizeof kept);
	if (status != STATUS_OK)
		fail_msg("the earlier backup cannot be restored after a failed backup of the same name: %s", db->error);
}

static void test_restore_refuses_a_damaged_backup(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX], damaged[PATH_MAX];
	snprintf(path, sizeof path, "%s/good.db", f->u->dir);
	snprintf(damaged, sizeof damaged, "%s/damaged.db", f->u->dir);
	char sha[65];
	long long bytes = 0;
	EXPECT_OK(&f->officer, write_backup(db, 0, path, sha, &bytes));
	copy_backup(path, damaged);

	/* Garbage over eight pages in the middle of the copy. */
	sqlite3 *handle = NULL;
	assert_int_equal(sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	long long page_size = unit_raw_query_int(handle, "PRAGMA page_size");
	sqlite3_close(handle);
	long long pages = bytes / page_size;
	assert_true(pages > 16);
	int fd = open(damaged, O_WRONLY);
	assert_true(fd >= 0);
	static unsigned char garbage[8 * 65536];
	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(i * 131 + 17);
	size_t length = (size_t)(8 * page_size) <= sizeof garbage ? (size_t)(8 * page_size) : sizeof garbage;
	assert_int_equal(pwrite(fd, garbage, length, (off_t)((pages / 2 - 4) * page_size)), (ssize_t)length);
	close(fd);
	char integrity[256];
	raw_integrity(damaged, integrity, sizeof integrity);
	if (strcmp(integrity, "ok") == 0)
		fail_msg("test precondition: the damaged copy still passes integrity_check");

	/* Something new in the live database that a restore would lose. */
	struct person later = { TODAY, "Leena", "Myöhäinen", CUSTOMER, "", "" };
	add_person(&f->officer, &later);
	struct live_state before;
	live_state_of(f->u, &before);
	int kept_before = files_starting(f->u->dir, "regdesk.db.replaced-");
	char kept[PATH_MAX + 64] = "";
	enum status status = backup_restore(db, 0, damaged, NULL, kept, sizeof kept);
	if (status == STATUS_OK)
		fail_msg("a damaged backup was restored (kept %s)", kept);
	assert_true(db->error[0] != '\0');
	expect_live_unchanged(f->u, &before, "restore of a damaged backup");
	assert_int_equal(files_starting(f->u->dir, "regdesk.db.replaced-"), kept_before);

	/* A file that is no database at all, and a missing one. */
	char junk[PATH_MAX];
	snprintf(junk, sizeof junk, "%s/junk.db", f->u->dir);
	FILE *file = fopen(junk, "wb");
	assert_non_null(file);
	for (int i = 0; i < 4096; i++)
		fputc('x', file);
	fclose(file);
	assert_int_not_equal(backup_restore(db, 0, junk, NULL, kept, sizeof kept), STATUS_OK);
	expect_live_unchanged(f->u, &before, "restore of a file that is no database");
	char missing[PATH_MAX];
	snprintf(missing, sizeof missing, "%s/missing.db", f->u->dir);
	assert_int_not_equal(backup_restore(db, 0, missing, NULL, kept, sizeof kept), STATUS_OK);
	expect_live_unchanged(f->u, &before, "restore of a missing file");
}

/* Drops the append-only triggers of a closed copy and runs sql on it. */
static void tamper(const char *path, const char *sql)
{
	sqlite3 *handle = NULL;
	assert_int_equal(sqlite3_open(path, &handle), SQLITE_OK);
	unit_raw_exec(handle, "DROP TRIGGER IF EXISTS audit_entry_no_update");
	unit_raw_exec(handle, "DROP TRIGGER IF EXISTS audit_entry_no_delete");
	unit_raw_exec(handle, sql);
	sqlite3_close(handle);
}

static void test_restore_refuses_a_tampered_backup(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX], altered[PATH_MAX], cut[PATH_MAX], newer[PATH_MAX];
	snprintf(path, sizeof path, "%s/good.db", f->u->dir);
	snprintf(altered, sizeof altered, "%s/altered.db", f->u->dir);
	snprintf(cut, sizeof cut, "%s/cut.db", f->u->dir);
	snprintf(newer, sizeof newer, "%s/newer.db", f->u->dir);
	char sha[65];
	long long bytes = 0;
	EXPECT_OK(&f->officer, write_backup(db, 0, path, sha, &bytes));
	copy_backup(path, altered);
	copy_backup(path, cut);
	copy_backup(path, newer);
	tamper(altered, "UPDATE audit_entry SET fields = 'nothing to see' WHERE id = 2");
	tamper(cut, "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)");
	tamper(newer, "PRAGMA user_version = 999");

	struct live_state before;
	live_state_of(f->u, &before);
	char kept[PATH_MAX + 64] = "";
	enum status status = backup_restore(db, 0, altered, NULL, kept, sizeof kept);
	if (status == STATUS_OK)
		fail_msg("a backup with an altered audit entry was restored");
	if (!strstr(db->error, "audit"))
		fail_msg("the refusal does not name the audit trail: %s", db->error);
	expect_live_unchanged(f->u, &before, "restore of a backup with an altered audit entry");
	status = backup_restore(db, 0, cut, NULL, kept, sizeof kept);
	if (status == STATUS_OK)
		fail_msg("a backup whose newest audit entry was cut off was restored");
	expect_live_unchanged(f->u, &before, "restore of a backup with its audit trail cut");
	status = backup_restore(db, 0, newer, NULL, kept, sizeof kept);
	if (status == STATUS_OK)
		fail_msg("a backup of another schema version was restored");
	assert_non_null(strstr(db->error, "schema"));
	expect_live_unchanged(f->u, &before, "restore of a backup of another schema version");
	assert_int_equal(files_starting(f->u->dir, "regdesk.db.replaced-"), 0);
}

static void test_restore(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/backup.db", f->u->dir);
	char sha[65];
	long long bytes = 0;
	EXPECT_OK(officer, write_backup(db, officer->account_id, path, sha, &bytes));
	char at_backup[8192];
	contacts_of_file(path, at_backup, sizeof at_backup);

	/* Afterwards: one added, one changed, one erased. */
	clock_at("2026-03-16");
	struct person later = { "2026-03-16", "Leena", "Myöhäinen", CUSTOMER, "", "" };
	long long added = add_person(officer, &later);
	clock_at("2026-03-16");
	struct contact contact;
	contact_init(&contact);
	EXPECT_OK(officer, contact_load(officer, ids[0], false, &contact));
	contact_set(&contact, CONTACT_LAST_NAME, "Muutettu");
	EXPECT_OK(officer, contact_save(officer, &contact, true, NULL));
	contact_free(&contact);
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, ids[1], 0, &preview));
	char before_restore[8192];
	contacts_of(db, before_restore, sizeof before_restore);
	assert_string_not_equal(before_restore, at_backup);

	char kept[PATH_MAX + 64] = "";
	enum status status = backup_restore(db, 0, path, NULL, kept, sizeof kept);
	if (status != STATUS_OK)
		fail_msg("backup_restore of a good backup: %s", db->error);
	clock_at(TODAY);
	char now[8192];
	contacts_of(db, now, sizeof now);
	assert_string_equal(now, at_backup);
	assert_int_equal(contact_exists(db, added), 0);
	assert_int_equal(contact_exists(db, ids[1]), 1);

	/* The replaced database is kept beside, private, with what it held. */
	char prefix[PATH_MAX + 16];
	snprintf(prefix, sizeof prefix, "%s.replaced-", f->u->path);
	if (strncmp(kept, prefix, strlen(prefix)) != 0)
		fail_msg("the replaced database is kept as '%s', expected '%s...'", kept, prefix);
	struct stat info;
	assert_int_equal(stat(kept, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0600);
	char kept_contacts[8192];
	contacts_of_file(kept, kept_contacts, sizeof kept_contacts);
	assert_string_equal(kept_contacts, before_restore);

	/* The chain verifies, and keeps verifying as work goes on. */
	struct audit_verification verification;
	status = audit_verify(db, &verification);
	if (status != STATUS_OK)
		fail_msg("audit_verify after the restore: %s", verification.problem);
	if (backup_check(db) != STATUS_OK)
		fail_msg("backup_check after the restore: %s", db->error);
	struct person next = { TODAY, "Niilo", "Jälkeen", CUSTOMER, "", "" };
	add_person(officer, &next);
	status = audit_verify(db, &verification);
	if (status != STATUS_OK)
		fail_msg("audit_verify after a save following the restore: %s", verification.problem);
}

/* The restore's rules, one place for the batch command and the backups
 * screen (notice §5.3): the privacy officer only, one way to decrypt; the
 * preview names the backup's audit head and the trail being replaced. */
static void test_restore_by_officer_rules(void **state)
{
	skip_unless_sqlite_backup();
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	long long ids[3];
	three_contacts(f, ids);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/backup.db", f->u->dir);
	char sha[65];
	long long bytes = 0;
	/* The backup's own audit entry goes into the live trail, after the copy. */
	long long backup_tail = sql_int(db, "SELECT max(id) FROM audit_entry");
	EXPECT_OK(officer, write_backup(db, officer->account_id, path, sha, &bytes));
	struct person later = { TODAY, "Leena", "Myöhäinen", CUSTOMER, "", "" };
	long long added = add_person(officer, &later);

	struct backup_key none = { NULL, NULL };
	struct backup_preview preview;
	char kept[PATH_MAX + 64];
	long long denied = denied_count(db, f->reception.account_id);
	EXPECT_STATUS(&f->reception, backup_preview_restore(&f->reception, path, &none, &preview), STATUS_ERR_FORBIDDEN);
	EXPECT_STATUS(&f->reception, backup_restore_by_officer(&f->reception, path, &none, kept, sizeof kept),
		      STATUS_ERR_FORBIDDEN);
	assert_int_equal(denied_count(db, f->reception.account_id), denied + 2);
	assert_int_equal(contact_exists(db, added), 1);

	struct backup_key both = { "a.key", "a.passphrase" };
	EXPECT_STATUS(officer, backup_restore_by_officer(officer, path, &both, kept, sizeof kept), STATUS_ERR_INVALID);
	EXPECT_STATUS(officer, backup_restore_by_officer(officer, "", &none, kept, sizeof kept), STATUS_ERR_INVALID);
	assert_int_equal(contact_exists(db, added), 1);

	/* Empty key fields (a screen's) count as none. */
	struct backup_key empty = { "", "" };
	EXPECT_OK(officer, backup_preview_restore(officer, path, &empty, &preview));
	assert_false(preview.encrypted);
	assert_int_equal(preview.bytes, bytes);
	assert_int_equal(preview.last_entry, backup_tail);
	assert_int_equal(strlen(preview.last_hash), 64);
	assert_int_equal(preview.replaced_last, sql_int(db, "SELECT max(id) FROM audit_entry"));

	struct backup_file newest[4];
	assert_int_equal(backup_list_newest(f->u->dir, newest, 4), 2);   /* the backup and the register itself */
	bool listed = false;
	for (int i = 0; i < 2; i++)
		listed = listed || strcmp(newest[i].path, path) == 0;
	assert_true(listed);

	EXPECT_OK(officer, backup_restore_by_officer(officer, path, &empty, kept, sizeof kept));
	assert_int_equal(contact_exists(db, added), 0);
	char activity[PATH_MAX + 16];
	snprintf(activity, sizeof activity, "%s.activity", f->u->path);
	assert_int_not_equal(access(activity, F_OK), 0);   /* the other desks' notice ended with it */
}

static void test_check(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long ids[3];
	three_contacts(f, ids);
	if (backup_check(db) != STATUS_OK)
		fail_msg("backup_check of a sound database: %s", db->error);
	if (!unit_on_sqlite())
		return;   /* the damage below is written into the SQLite file behind the core's back */

	/* A foreign key problem, written where foreign keys are off. */
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open(f->u->path, &raw), SQLITE_OK);
	unit_raw_exec(raw, "PRAGMA foreign_keys = OFF");
	unit_raw_exec(raw, "INSERT INTO contact_category (contact_id, category) VALUES (987654, 'customer')");
	sqlite3_close(raw);
	assert_int_not_equal(backup_check(db), STATUS_OK);
	if (!strstr(db->error, "contact_category") || !strstr(db->error, "contact"))
		fail_msg("the foreign key problem is not named: '%s'", db->error);

	/* Both a foreign key problem and an altered audit entry: the first one is named. */
	tamper(f->u->path, "UPDATE audit_entry SET fields = 'forged' WHERE id = 3");
	assert_int_not_equal(backup_check(db), STATUS_OK);
	if (!strstr(db->error, "contact_category"))
		fail_msg("with two problems, the first (foreign key) is not the one named: '%s'", db->error);
	assert_int_equal(sqlite3_open(f->u->path, &raw), SQLITE_OK);
	unit_raw_exec(raw, "DELETE FROM contact_category WHERE contact_id = 987654");
	sqlite3_close(raw);
	assert_int_not_equal(backup_check(db), STATUS_OK);
	if (!strstr(db->error, "audit") || !strstr(db->error, "#3"))
		fail_msg("the altered audit entry #3 is not named: '%s'", db->error);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_rules_are_the_notices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_rule_set_refuses_an_unknown_rule_naming_the_rules, setup, teardown),
		cmocka_unit_test(test_retention_due_truth_table),
		cmocka_unit_test_setup_teardown(test_queue_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_follows_the_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_contact_not_erased_by_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_relationship, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_rule_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reception_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_backup_keeps_the_previous_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_a_damaged_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_a_tampered_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_by_officer_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Bans, consents and disclosures (notice §1.5, §2, §3.1, §6.3): the one
 * eligibility rule as a literal truth table, expiry of a consent, the history
 * that is never overwritten, recipients and the transfer rule, the export file
 * (only the purpose's fields, 0600, libcsv round trip, formula cells
 * neutralised, SHA-256 logged with every contact), merging, and the manual
 * disclosure with its permissions. */
#include "unit.h"

#include <csv.h>
#include <errno.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "erasure.h"
#include "organisation.h"
#include "permission.h"
#include "request.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

/* The core's "today" in every test but the truth table: 2026-03-15. */
#define TODAY "2026-03-15"

/* ---- Fixture: a fresh register, its officer, reception and a trainer ---- */

struct fixture {
	struct unit_db *u;
	struct session officer, reception, trainer;
};

static time_t fixed_time(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 10 };
	return timegm(&parts);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_override(fixed_time(2026, 3, 15));
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
	if (f) {
		unit_close(f->u);
		free(f);
	}
	clock_override(0);
	*state = NULL;
	return 0;
}

/* ---- Helpers ---- */

/* Rows of table (consent_event, disclosure_contact) linked to one contact. */
static long long rows_of(struct database *db, const char *table, long long contact_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE contact_id = %lld", table, contact_id);
	return unit_query_int(db, sql);
}

static long long count_audit(struct database *db, const char *action, long long record_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_entry WHERE action = '%s' AND record_id = %lld", action,
		 record_id);
	return unit_query_int(db, sql);
}

static long long count_audit_by(struct database *db, const char *action, long long account_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_entry WHERE action = '%s' AND account_id = %lld",
		 action, account_id);
	return unit_query_int(db, sql);
}

/* The fields of the newest audit entry with this action. */
static void last_audit_fields(struct database *db, const char *action, char *out, size_t out_size)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT fields FROM audit_entry WHERE action = '%s' ORDER BY id DESC LIMIT 1", action);
	unit_query_text(db, sql, out, out_size);
}

/* Audit entries whose text anywhere contains value (behind the core, either engine). */
static long long audit_mentions(struct database *db, const char *value)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM audit_entry WHERE instr(lower(action || '|' || entity || '|' || fields), lower(?1)) > 0");
	assert_non_null(statement);
	statement_bind_text(statement, 1, value);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	long long count = statement_column_int64(statement, 0);
	database_finalize(statement);
	return count;
}

struct person {
	const char *first, *last, *email, *phone, *street, *postal_code, *city, *relationship_end;
	long long organisation_id;
};

/* Adds a contact (Finnish address) as the officer; returns its id. */
static long long add_person(struct session *session, const struct person *p)
{
	struct contact c;
	contact_init(&c);
	assert_true(contact_set(&c, CONTACT_FIRST_NAME, p->first));
	assert_true(contact_set(&c, CONTACT_LAST_NAME, p->last));
	assert_true(contact_set(&c, CONTACT_EMAIL, p->email ? p->email : ""));
	assert_true(contact_set(&c, CONTACT_PHONE, p->phone ? p->phone : ""));
	assert_true(contact_set(&c, CONTACT_STREET, p->street ? p->street : ""));
	assert_true(contact_set(&c, CONTACT_POSTAL_CODE, p->postal_code ? p->postal_code : ""));
	assert_true(contact_set(&c, CONTACT_CITY, p->city ? p->city : ""));
	if (p->relationship_end) {
		assert_true(contact_set(&c, CONTACT_RELATIONSHIP_START, "2020-01-01"));
		assert_true(contact_set(&c, CONTACT_RELATIONSHIP_END, p->relationship_end));
	}
	c.organisation_id = p->organisation_id;
	enum status status = contact_save(session, &c, true, NULL);
	if (status != STATUS_OK)
		fail_msg("saving %s %s: %s (%s)", p->first, p->last, status_message(status), session->db->error);
	long long id = c.id;
	contact_free(&c);
	assert_true(id > 0);
	return id;
}

static long long add_simple(struct session *session, const char *first, const char *last, const char *email)
{
	const struct person p = { .first = first, .last = last, .email = email, .street = "Porrassalmenkatu 1",
				  .postal_code = "50100", .city = "Mikkeli" };
	return add_person(session, &p);
}

static long long add_organisation(struct session *session, const char *name, const char *business_id)
{
	struct organisation o;
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, name);
	organisation_set(&o, ORGANISATION_BUSINESS_ID, business_id);
	enum status status = organisation_save(session, &o);
	long long id = o.id;
	organisation_free(&o);
	if (status != STATUS_OK)
		fail_msg("saving organisation %s: %s (%s)", name, status_message(status), session->db->error);
	return id;
}

/* Fills a statement; wording and expiry only when given. */
static struct consent_event statement_of(const char *purpose, enum consent_state state, const char *given_on,
					 enum consent_channel channel, const char *note)
{
	struct consent_event event;
	memset(&event, 0, sizeof event);
	snprintf(event.purpose, sizeof event.purpose, "%s", purpose);
	event.state = state;
	snprintf(event.given_on, sizeof event.given_on, "%s", given_on);
	event.channel = channel;
	snprintf(event.note, sizeof event.note, "%s", note ? note : "");
	return event;
}

/* Records a statement and fails with the core's reason when refused. */
static void record_ok(struct session *session, long long contact_id, const struct consent_event *event)
{
	enum status status = consent_record(session, contact_id, event);
	if (status != STATUS_OK)
		fail_msg("consent_record(%s, %s): %s (%s)", event->purpose, consent_state_code(event->state),
			 status_message(status), session->db->error);
}

static void ban(struct session *session, long long contact_id, const char *purpose)
{
	struct consent_event event = statement_of(purpose, CONSENT_STATE_OBJECTION, "2026-01-10", CONSENT_CHANNEL_LETTER, NULL);
	record_ok(session, contact_id, &event);
}

static void consent(struct session *session, long long contact_id, const char *purpose, const char *expires_on)
{
	struct consent_event event = statement_of(purpose, CONSENT_STATE_CONSENT, "2026-01-10", CONSENT_CHANNEL_WEB_FORM, NULL);
	snprintf(event.wording, sizeof event.wording, "%s", "privacy notice 2026-01");
	snprintf(event.expires_on, sizeof event.expires_on, "%s", expires_on ? expires_on : "");
	record_ok(session, contact_id, &event);
}

/* The current row of one purpose. */
static struct consent_current current_of(struct session *session, long long contact_id, const char *purpose)
{
	struct consent_current current[32];
	int count = consent_current(session, contact_id, current, 32);
	assert_true(count > 0);
	for (int i = 0; i < count; i++)
		if (strcmp(current[i].purpose.code, purpose) == 0)
			return current[i];
	fail_msg("no current row for purpose %s", purpose);
	return current[0];
}

static long long save_recipient(struct session *session, const char *name, const char *country, enum safeguard safeguard,
				const char *reference, const char *date, struct recipient *out)
{
	struct recipient r;
	memset(&r, 0, sizeof r);
	snprintf(r.name, sizeof r.name, "%s", name);
	r.kind = RECIPIENT_PARTNER;
	snprintf(r.country, sizeof r.country, "%s", country);
	r.safeguard = safeguard;
	snprintf(r.safeguard_reference, sizeof r.safeguard_reference, "%s", reference);
	snprintf(r.safeguard_date, sizeof r.safeguard_date, "%s", date);
	enum status status = recipient_save(session, &r);
	if (status != STATUS_OK)
		fail_msg("recipient_save(%s, %s): %s (%s)", name, country, status_message(status), session->db->error);
	if (out)
		*out = r;
	return r.id;
}

static bool file_exists(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0;
}

static long long disclosure_rows(struct database *db)
{
	return unit_query_int(db, "SELECT count(*) FROM disclosure");
}

/* ---- 1. The eligibility rule as the legal table ---- */

/* The kinds of purpose: the company's own e-mail marketing (soft opt-in
 * applies), e-mail newsletters, partner marketing (third party), postal
 * mail, telephone marketing by a person, surveys, and one without an
 * address channel added by the privacy officer. */
enum { P_EM, P_NEWS, P_PARTNER, P_POST, P_PHONE, P_SURVEY, P_NONE, P_COUNT };
#define S_NONE CONSENT_STATE_NONE
#define S_CONS CONSENT_STATE_CONSENT
#define S_OBJ CONSENT_STATE_OBJECTION
#define T_PRIV false
#define T_ORG true
#define T_NOSOFT false    /* no sale address with a refusal offered */
#define T_SOFT true       /* a sale address, refusal offered, not refused since (917/2014 §200(2)) */
#define T_LIVE false
#define T_ENDED true
#define T_KEPT false
#define T_ERASED true
#define T_ADDR true       /* the purpose's own address exists (and the others do not) */
#define T_NOADDR false    /* the purpose's own address is missing (and the others exist) */
#define X_ELIGIBLE ELIGIBILITY_ELIGIBLE
#define X_OBJECTION ELIGIBILITY_OBJECTION
#define X_NO_CONSENT ELIGIBILITY_NO_CONSENT
#define X_ENDED ELIGIBILITY_ENDED
#define X_ERASED ELIGIBILITY_ERASED
#define X_NO_ADDRESS ELIGIBILITY_NO_ADDRESS

static const struct truth_row {
	int purpose;
	bool at_organisation;
	enum consent_state state;
	bool soft_opt_in, ended, erased, has_address;
	enum eligibility expected;
} truth_table[] = {
	/* (purpose kind, private or at an organisation, standing state, soft
	 * opt-in recorded) -> eligibility, each row with its statute: 917/2014
	 * §200(1) consent for electronic marketing to a private person, §200(2)
	 * the customer's soft opt-in for the company's own similar products,
	 * §202 a person at an organisation unless they objected, GDPR Art.
	 * 21(2)-(3) an objection to direct marketing always wins. */
	/* P_EM */
	{ P_EM,     T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_EM,     T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(2): own similar products, sale address, refusal offered */
	{ P_EM,     T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_EM,     T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_EM,     T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_EM,     T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_EM,     T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_EM,     T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_EM,     T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_EM,     T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_EM,     T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_EM,     T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_NEWS */
	{ P_NEWS,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_NEWS,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_NO_CONSENT  }, /* 917/2014 §200(1): a newsletter is not own similar products: §200(2) does not reach it */
	{ P_NEWS,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_NEWS,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_NEWS,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NEWS,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NEWS,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_NEWS,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_NEWS,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_NEWS,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202: at an organisation, unless objected */
	{ P_NEWS,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NEWS,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_PARTNER */
	{ P_PARTNER, T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_PARTNER, T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_NO_CONSENT  }, /* 917/2014 §200(1)-(2): never soft opt-in for a third party's marketing */
	{ P_PARTNER, T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_PARTNER, T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §200(1): the person consented */
	{ P_PARTNER, T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PARTNER, T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PARTNER, T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202, GDPR Art. 6(1)(f): at an organisation, unless objected */
	{ P_PARTNER, T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202, GDPR Art. 6(1)(f): at an organisation, unless objected */
	{ P_PARTNER, T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202, GDPR Art. 6(1)(f): at an organisation, unless objected */
	{ P_PARTNER, T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* 917/2014 §202, GDPR Art. 6(1)(f): at an organisation, unless objected */
	{ P_PARTNER, T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PARTNER, T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_POST */
	{ P_POST,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_POST,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_POST,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2), notice §1.5: postal mail, allowed unless objected */
	{ P_POST,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_POST,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_PHONE */
	{ P_PHONE,  T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PHONE,  T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PHONE,  T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(2): a call by a person, allowed unless objected */
	{ P_PHONE,  T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PHONE,  T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_SURVEY */
	{ P_SURVEY, T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_SURVEY, T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_SURVEY, T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(f), 21(1), notice §2.4: research, allowed unless objected */
	{ P_SURVEY, T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_SURVEY, T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* P_NONE */
	{ P_NONE,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NONE,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NONE,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_ELIGIBLE    }, /* GDPR Art. 6(1)(b)/(f): no marketing channel, allowed unless objected */
	{ P_NONE,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NONE,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_KEPT,   T_ADDR,   X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	/* Before the law of marketing: an erased record is used for nothing (GDPR Art. 17), an ended
	 * relationship ends marketing (notice §4), an objection wins over a missing address; a missing
	 * address is reported only for someone who could otherwise be reached. */
	{ P_EM,     T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_EM,     T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_EM,     T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_EM,     T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_EM,     T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_EM,     T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_EM,     T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_EM,     T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NEWS,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_NEWS,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_NEWS,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NEWS,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_NEWS,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_NEWS,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NEWS,   T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NEWS,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PARTNER, T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_CONSENT  }, /* 917/2014 §200(1): e-mail marketing to a private person needs consent */
	{ P_PARTNER, T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PARTNER, T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PARTNER, T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PARTNER, T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PARTNER, T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PARTNER, T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PARTNER, T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_POST,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_POST,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_POST,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_POST,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_POST,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_POST,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_POST,   T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_POST,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PHONE,  T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PHONE,  T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PHONE,  T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_PHONE,  T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PHONE,  T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_PHONE,  T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_PHONE,  T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_PHONE,  T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_SURVEY, T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_SURVEY, T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_SURVEY, T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_SURVEY, T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_SURVEY, T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_NO_ADDRESS  }, /* allowed, but no address for the channel */
	{ P_SURVEY, T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_SURVEY, T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_SURVEY, T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NONE,   T_PRIV, S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_PRIV, S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_PRIV, S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_ELIGIBLE    }, /* needs no address */
	{ P_NONE,   T_PRIV, S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_PRIV, S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_PRIV, S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_ELIGIBLE    }, /* needs no address */
	{ P_NONE,   T_PRIV, S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_PRIV, S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_PRIV, S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */
	{ P_NONE,   T_ORG,  S_NONE, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_ORG,  S_NONE, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_ORG,  S_NONE, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_ELIGIBLE    }, /* needs no address */
	{ P_NONE,   T_ORG,  S_CONS, T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_ORG,  S_CONS, T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_ORG,  S_CONS, T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_ELIGIBLE    }, /* needs no address */
	{ P_NONE,   T_ORG,  S_OBJ,  T_SOFT,   T_LIVE,  T_ERASED, T_ADDR,   X_ERASED      }, /* GDPR Art. 17 */
	{ P_NONE,   T_ORG,  S_OBJ,  T_SOFT,   T_ENDED, T_KEPT,   T_ADDR,   X_ENDED       }, /* notice §4: relationship ended */
	{ P_NONE,   T_ORG,  S_OBJ,  T_NOSOFT, T_LIVE,  T_KEPT,   T_NOADDR, X_OBJECTION   }, /* GDPR Art. 21(2)-(3), notice §6.3: an objection always wins */

};

static const char *const eligibility_names[] = {
	[ELIGIBILITY_ELIGIBLE] = "ELIGIBLE", [ELIGIBILITY_OBJECTION] = "OBJECTION",
	[ELIGIBILITY_NO_CONSENT] = "NO_CONSENT", [ELIGIBILITY_ENDED] = "ENDED", [ELIGIBILITY_ERASED] = "ERASED",
	[ELIGIBILITY_NO_ADDRESS] = "NO_ADDRESS",
};

static const char *eligibility_name(enum eligibility eligibility)
{
	return (unsigned)eligibility < COUNT(eligibility_names) && eligibility_names[eligibility]
		? eligibility_names[eligibility] : "?";
}

static const char *const purpose_codes[P_COUNT] = {
	"electronic-marketing", "newsletter", "partner-marketing", "postal-mail", "phone-marketing", "survey", "event-entry",
};

/* Runs the table against the purposes given; returns the mismatches. */
static int run_truth_table(const struct purpose purposes[P_COUNT], const char *source)
{
	int mismatches = 0;
	for (size_t i = 0; i < COUNT(truth_table); i++) {
		const struct truth_row *row = &truth_table[i];
		const struct purpose *purpose = &purposes[row->purpose];
		struct eligibility_facts facts = {
			.state = row->state, .at_organisation = row->at_organisation, .soft_opt_in = row->soft_opt_in,
			.relationship_ended = row->ended, .erased = row->erased,
		};
		/* Only the purpose's own address decides: the others say the opposite. */
		bool own = row->has_address, others = purpose->channel == PURPOSE_NO_ADDRESS ? own : !own;
		facts.has_postal_address = purpose->channel == PURPOSE_POSTAL ? own : others;
		facts.has_email = purpose->channel == PURPOSE_EMAIL ? own : others;
		facts.has_phone = purpose->channel == PURPOSE_PHONE ? own : others;
		enum eligibility got = consent_eligibility(purpose, &facts);
		if (got != row->expected) {
			print_message("%s row %zu: %s, %s, %s, %s, %s, %s, %s: expected %s, got %s\n", source, i,
				      purpose_codes[row->purpose], consent_state_code(row->state),
				      row->at_organisation ? "at organisation" : "private",
				      row->soft_opt_in ? "soft opt-in" : "no soft opt-in", row->ended ? "ended" : "live",
				      row->erased ? "erased" : "kept", row->has_address ? "address" : "no address",
				      eligibility_name(row->expected), eligibility_name(got));
			mismatches++;
		}
	}
	return mismatches;
}

static void test_eligibility_legal_table(void **state)
{
	struct fixture *f = *state;
	/* Every kind x private/organisation x state x soft opt-in, and the precedence rows. */
	assert_int_equal(COUNT(truth_table), P_COUNT * 2 * 3 * 2 + P_COUNT * 2 * 3 * 3);
	struct purpose literal[P_COUNT];
	memset(literal, 0, sizeof literal);
	static const enum purpose_channel channels[P_COUNT] = {
		PURPOSE_EMAIL, PURPOSE_EMAIL, PURPOSE_POSTAL, PURPOSE_POSTAL, PURPOSE_PHONE, PURPOSE_EMAIL, PURPOSE_NO_ADDRESS,
	};
	for (int i = 0; i < P_COUNT; i++) {
		snprintf(literal[i].code, sizeof literal[i].code, "%s", purpose_codes[i]);
		literal[i].channel = channels[i];
	}
	literal[P_EM].consent_for_private = literal[P_EM].soft_opt_in = true;          /* §200(1)-(2) */
	literal[P_NEWS].consent_for_private = true;                                     /* §200(1) */
	literal[P_PARTNER].consent_for_private = literal[P_PARTNER].third_party = true;  /* §200(1), never §200(2) */
	int mismatches = run_truth_table(literal, "literal purposes");

	/* A third party's purpose never takes the soft opt-in, even if flagged. */
	struct purpose partner_flagged = literal[P_PARTNER];
	partner_flagged.soft_opt_in = true;
	struct eligibility_facts soft = { .state = CONSENT_STATE_NONE, .soft_opt_in = true, .has_postal_address = true,
					  .has_email = true };
	assert_int_equal(consent_eligibility(&partner_flagged, &soft), ELIGIBILITY_NO_CONSENT);

	/* The register's own purposes, as reviewed, are what the table assumes of them. */
	struct purpose stored[P_COUNT];
	memcpy(stored, literal, sizeof stored);
	for (int i = 0; i < P_NONE; i++) {
		assert_int_equal(consent_purpose_find(f->u->db, purpose_codes[i], &stored[i]), STATUS_OK);
		if (stored[i].channel != literal[i].channel || stored[i].consent_for_private != literal[i].consent_for_private ||
		    stored[i].soft_opt_in != literal[i].soft_opt_in || stored[i].third_party != literal[i].third_party)
			fail_msg("stored purpose %s differs from the legal table's", purpose_codes[i]);
	}
	/* A purpose without an address, added by the officer, as the table's last. */
	struct purpose entry = literal[P_NONE];
	snprintf(entry.name, sizeof entry.name, "event entry check");
	snprintf(entry.legal_ground, sizeof entry.legal_ground, "performance of the agreement");
	assert_int_equal(consent_purpose_add(&f->officer, &entry, "tapahtuman sisäänpääsy"), STATUS_OK);
	assert_int_equal(consent_purpose_find(f->u->db, "event-entry", &stored[P_NONE]), STATUS_OK);
	assert_int_equal(stored[P_NONE].channel, PURPOSE_NO_ADDRESS);
	assert_false(stored[P_NONE].consent_for_private);
	mismatches += run_truth_table(stored, "stored purposes");
	if (mismatches)
		fail_msg("%d rows of the legal table differ", mismatches);

	/* E-mail newsletters and partner marketing need consent too (917/2014 §200(1)). */
	struct purpose all[32];
	int count = consent_purposes(f->u->db, all, 32);
	assert_int_equal(count, 7);
	assert_string_equal(all[0].code, "postal-mail");
	for (int i = 0; i < count; i++) {
		bool needs = strcmp(all[i].code, "electronic-marketing") == 0 || strcmp(all[i].code, "newsletter") == 0 ||
			strcmp(all[i].code, "partner-marketing") == 0;
		assert_int_equal(all[i].consent_for_private, needs);
		assert_int_equal(all[i].soft_opt_in, strcmp(all[i].code, "electronic-marketing") == 0);
	}
}

/* ---- 2. A consent past its expiry counts as nothing said ---- */

static void test_effective_state(void **state)
{
	(void)state;
	static const struct {
		enum consent_state state;
		const char *expires_on, *today;
		enum consent_state expected;
	} cases[] = {
		{ CONSENT_STATE_CONSENT,   "2026-03-14", "2026-03-15", CONSENT_STATE_NONE },      /* expired yesterday */
		{ CONSENT_STATE_CONSENT,   "2026-03-15", "2026-03-15", CONSENT_STATE_CONSENT },   /* the last day */
		{ CONSENT_STATE_CONSENT,   "2026-03-16", "2026-03-15", CONSENT_STATE_CONSENT },
		{ CONSENT_STATE_CONSENT,   "2025-12-31", "2026-01-01", CONSENT_STATE_NONE },      /* over a year end */
		{ CONSENT_STATE_CONSENT,   "2026-02-28", "2026-10-01", CONSENT_STATE_NONE },
		{ CONSENT_STATE_CONSENT,   "",           "2026-03-15", CONSENT_STATE_CONSENT },   /* no expiry */
		{ CONSENT_STATE_OBJECTION, "",           "2026-03-15", CONSENT_STATE_OBJECTION },
		{ CONSENT_STATE_OBJECTION, "2020-01-01", "2026-03-15", CONSENT_STATE_OBJECTION }, /* objections never expire */
		{ CONSENT_STATE_NONE,      "",           "2026-03-15", CONSENT_STATE_NONE },
		{ CONSENT_STATE_NONE,      "2020-01-01", "2026-03-15", CONSENT_STATE_NONE },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		enum consent_state got = consent_effective_state(cases[i].state, cases[i].expires_on, cases[i].today);
		if (got != cases[i].expected)
			fail_msg("case %zu: %s expiring '%s' on %s: expected %s, got %s", i, consent_state_code(cases[i].state),
				 cases[i].expires_on, cases[i].today, consent_state_code(cases[i].expected), consent_state_code(got));
	}
	char today[11];
	calendar_today(today);
	assert_string_equal(today, TODAY);   /* the core's today follows its clock (UTC) */
}

/* ---- 3. Recording statements: history, trigger, current state, permissions ---- */

static void test_record_and_history(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long id = add_simple(&f->officer, "Hilkka", "Historia", "hilkka@example.fi");
	const char *note = "Soitti ja kielsi suorapostin";

	/* Reception records a ban by letter; the date in Finnish form is normalised. */
	struct consent_event event = statement_of("postal-mail", CONSENT_STATE_OBJECTION, "1.2.2026", CONSENT_CHANNEL_LETTER, note);
	record_ok(&f->reception, id, &event);
	struct consent_event history[16];
	assert_int_equal(consent_history(&f->reception, id, history, 16), 1);
	struct consent_event first = history[0];
	assert_true(first.id > 0);
	assert_string_equal(first.purpose, "postal-mail");
	assert_int_equal(first.state, CONSENT_STATE_OBJECTION);
	assert_string_equal(first.given_on, "2026-02-01");
	assert_int_equal(first.channel, CONSENT_CHANNEL_LETTER);
	assert_string_equal(first.note, note);
	assert_string_equal(first.recorded_by, "rita");
	assert_string_equal(first.wording, "");
	assert_string_equal(first.expires_on, "");
	assert_int_equal(strncmp(first.recorded_at, TODAY, 10), 0);

	/* Audited, naming the purpose only: no note text. */
	assert_int_equal(count_audit(db, "consent.record", id), 1);
	char fields[256];
	last_audit_fields(db, "consent.record", fields, sizeof fields);
	assert_non_null(strstr(fields, "postal-mail"));
	assert_null(strstr(fields, "kielsi"));
	assert_int_equal(audit_mentions(db, "kielsi"), 0);
	assert_int_equal(audit_mentions(db, "Soitti"), 0);

	/* A consent that expired yesterday: a new row, the ban stays in the history. */
	event = statement_of("postal-mail", CONSENT_STATE_CONSENT, "2026-03-01", CONSENT_CHANNEL_WEB_FORM, NULL);
	snprintf(event.wording, sizeof event.wording, "privacy notice 2026-01");
	snprintf(event.expires_on, sizeof event.expires_on, "14.3.2026");
	record_ok(&f->reception, id, &event);
	assert_int_equal(consent_history(&f->reception, id, history, 16), 2);
	assert_int_equal(history[0].state, CONSENT_STATE_CONSENT);
	assert_string_equal(history[0].expires_on, "2026-03-14");
	assert_string_equal(history[0].wording, "privacy notice 2026-01");
	assert_int_equal(history[1].id, first.id);
	assert_int_equal(history[1].state, CONSENT_STATE_OBJECTION);
	assert_string_equal(history[1].given_on, "2026-02-01");
	assert_string_equal(history[1].note, note);
	struct consent_current current = current_of(&f->reception, id, "postal-mail");
	assert_int_equal(current.latest.id, history[0].id);
	assert_int_equal(current.latest.state, CONSENT_STATE_CONSENT);
	assert_int_equal(current.effective, CONSENT_STATE_NONE);        /* expired: nothing said */

	/* One expiring today still counts. */
	snprintf(event.expires_on, sizeof event.expires_on, "15.3.2026");
	record_ok(&f->officer, id, &event);
	current = current_of(&f->reception, id, "postal-mail");
	assert_int_equal(current.effective, CONSENT_STATE_CONSENT);
	assert_string_equal(current.latest.recorded_by, UNIT_OFFICER_USERNAME);

	/* Other purposes: nothing ever said, or their own latest. */
	current = current_of(&f->reception, id, "newsletter");
	assert_int_equal(current.latest.id, 0);
	assert_int_equal(current.effective, CONSENT_STATE_NONE);
	ban(&f->reception, id, "newsletter");
	assert_int_equal(current_of(&f->reception, id, "newsletter").effective, CONSENT_STATE_OBJECTION);
	assert_int_equal(current_of(&f->reception, id, "postal-mail").effective, CONSENT_STATE_CONSENT);
	assert_int_equal(consent_history(&f->reception, id, history, 16), 4);
	assert_int_equal(count_audit(db, "consent.record", id), 4);

	/* The history is never overwritten, not even behind the core's back. */
	char sql[256];
	static const char *const updates[] = {
		"state = 'consent'", "note = ''", "given_on = '2026-02-02'", "expires_on = '2020-01-01'", "channel = 'phone'",
	};
	for (size_t i = 0; i < COUNT(updates); i++) {
		snprintf(sql, sizeof sql, "UPDATE consent_event SET %s WHERE id = %lld", updates[i], first.id);
		if (database_exec(db, sql) == STORAGE_OK)
			fail_msg("the trigger let through: %s", sql);
		assert_non_null(strstr(database_error_message(db), "never overwritten"));
	}
	/* Newest first by the person's date: the newsletter ban of 10 January comes last. */
	assert_int_equal(consent_history(&f->reception, id, history, 16), 4);
	assert_string_equal(history[3].given_on, "2026-01-10");
	assert_int_equal(history[2].id, first.id);
	assert_int_equal(history[2].state, CONSENT_STATE_OBJECTION);
	assert_string_equal(history[2].note, note);
	assert_string_equal(history[2].given_on, "2026-02-01");

	/* Only a consent has a wording or an expiry. */
	event = statement_of("postal-mail", CONSENT_STATE_OBJECTION, "2026-03-10", CONSENT_CHANNEL_PHONE, NULL);
	snprintf(event.wording, sizeof event.wording, "privacy notice 2026-01");
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	event.wording[0] = '\0';
	snprintf(event.expires_on, sizeof event.expires_on, "2027-01-01");
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	event.state = CONSENT_STATE_NONE;
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	/* The person's date is required and must be a real date. */
	event = statement_of("postal-mail", CONSENT_STATE_OBJECTION, "", CONSENT_CHANNEL_PHONE, NULL);
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	snprintf(event.given_on, sizeof event.given_on, "31.2.2026");
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	/* An unknown purpose or contact. */
	event = statement_of("no-such-purpose", CONSENT_STATE_OBJECTION, "2026-03-10", CONSENT_CHANNEL_PHONE, NULL);
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_NOT_FOUND);
	event = statement_of("postal-mail", CONSENT_STATE_OBJECTION, "2026-03-10", CONSENT_CHANNEL_PHONE, NULL);
	assert_int_equal(consent_record(&f->reception, 999999, &event), STATUS_ERR_NOT_FOUND);
	assert_int_equal(consent_history(&f->reception, id, history, 16), 4);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM consent_event"), 4);

	/* The trainer may not record nor read; each refusal audited. */
	long long denied = count_audit_by(db, "permission.denied", f->trainer.account_id);
	assert_int_equal(consent_record(&f->trainer, id, &event), STATUS_ERR_FORBIDDEN);
	assert_int_equal(count_audit_by(db, "permission.denied", f->trainer.account_id), denied + 1);
	last_audit_fields(db, "permission.denied", fields, sizeof fields);
	assert_string_equal(fields, "EDIT_CONSENTS");
	assert_int_equal(consent_history(&f->trainer, id, history, 16), -1);
	assert_int_equal(count_audit_by(db, "permission.denied", f->trainer.account_id), denied + 2);
	struct consent_current rows[32];
	assert_int_equal(consent_current(&f->trainer, id, rows, 32), -1);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM consent_event"), 4);
	assert_int_equal(count_audit(db, "consent.record", id), 4);
}

/* ---- 4. Recipients and the transfer rule (notice §3.1) ---- */

static void test_recipients_transfer_rule(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	add_simple(&f->officer, "Aino", "Asiakas", "aino@example.fi");

	/* EU/EEA membership comes from the country table. */
	static const struct {
		const char *country;
		bool eu_eea;
	} countries[] = { { "SE", true }, { "NO", true }, { "CH", false }, { "AX", true }, { "US", false },
			  { "IS", true }, { "GB", false }, { "FI", true } };
	for (size_t i = 0; i < COUNT(countries); i++) {
		char name[64];
		snprintf(name, sizeof name, "Partner %s", countries[i].country);
		struct recipient saved, loaded;
		save_recipient(&f->officer, name, countries[i].country, SAFEGUARD_NONE, "", "", &saved);
		assert_int_equal(recipient_load(&f->officer, saved.id, &loaded), STATUS_OK);
		if (loaded.eu_eea != countries[i].eu_eea)
			fail_msg("%s: eu_eea %d, expected %d", countries[i].country, loaded.eu_eea, countries[i].eu_eea);
		assert_int_equal(recipient_may_receive(&f->officer, &loaded) == STATUS_OK, countries[i].eu_eea);
	}
	struct recipient unknown;
	memset(&unknown, 0, sizeof unknown);
	snprintf(unknown.name, sizeof unknown.name, "Nowhere Ltd");
	snprintf(unknown.country, sizeof unknown.country, "XX");
	assert_int_equal(recipient_save(&f->officer, &unknown), STATUS_ERR_INVALID);
	assert_int_equal(unknown.id, 0);

	/* A US recipient may be saved without a safeguard, but receives nothing. */
	struct recipient us;
	save_recipient(&f->officer, "Cloud Mailer Inc", "US", SAFEGUARD_NONE, "", "", &us);
	struct recipient loaded;
	assert_int_equal(recipient_load(&f->officer, us.id, &loaded), STATUS_OK);
	assert_false(loaded.eu_eea);
	long long refused = count_audit(db, "disclosure.refused", us.id);
	db->error[0] = '\0';
	assert_int_equal(recipient_may_receive(&f->officer, &loaded), STATUS_ERR_TRANSFER_REFUSED);
	assert_non_null(strstr(db->error, "§3.1"));
	assert_int_equal(count_audit(db, "disclosure.refused", us.id), refused + 1);

	struct export_preview preview;
	assert_int_equal(export_preview(&f->officer, "postal-mail", us.id, &preview), STATUS_ERR_TRANSFER_REFUSED);
	char path[PATH_MAX + 32], part[PATH_MAX + 64], sha[65] = "";
	snprintf(path, sizeof path, "%s/us-export.csv", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	assert_int_equal(export_write(&f->officer, "postal-mail", us.id, path, &preview, sha), STATUS_ERR_TRANSFER_REFUSED);
	assert_false(file_exists(path));
	assert_false(file_exists(part));
	assert_int_equal(disclosure_rows(db), 0);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM disclosure_contact"), 0);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'disclosure.export'"), 0);
	/* Nor by hand. */
	long long aino = unit_query_int(db, "SELECT id FROM contact WHERE last_name = 'Asiakas'");
	struct manual_disclosure manual = { .recipient_id = us.id };
	snprintf(manual.purpose, sizeof manual.purpose, "delivery of an order");
	snprintf(manual.legal_ground, sizeof manual.legal_ground, "performance of the agreement");
	snprintf(manual.fields, sizeof manual.fields, "name, e-mail");
	assert_int_equal(disclosure_record(&f->reception, aino, &manual), STATUS_ERR_TRANSFER_REFUSED);
	assert_int_equal(disclosure_rows(db), 0);

	/* A safeguard needs its reference and date. */
	struct recipient edit = loaded;
	edit.safeguard = SAFEGUARD_SCC;
	snprintf(edit.safeguard_date, sizeof edit.safeguard_date, "2026-01-10");
	assert_int_equal(recipient_save(&f->officer, &edit), STATUS_ERR_INVALID);
	edit = loaded;
	edit.safeguard = SAFEGUARD_SCC;
	snprintf(edit.safeguard_reference, sizeof edit.safeguard_reference, "DPA-2026-7 (SCC module 2)");
	assert_int_equal(recipient_save(&f->officer, &edit), STATUS_ERR_INVALID);
	assert_int_equal(recipient_load(&f->officer, us.id, &loaded), STATUS_OK);
	assert_int_equal(loaded.safeguard, SAFEGUARD_NONE);
	assert_int_equal(loaded.version, 1);
	assert_int_equal(recipient_may_receive(&f->officer, &loaded), STATUS_ERR_TRANSFER_REFUSED);

	/* Reception may not manage recipients. */
	edit = loaded;
	edit.safeguard = SAFEGUARD_SCC;
	snprintf(edit.safeguard_reference, sizeof edit.safeguard_reference, "DPA-2026-7 (SCC module 2)");
	snprintf(edit.safeguard_date, sizeof edit.safeguard_date, "10.1.2026");
	assert_int_equal(recipient_save(&f->reception, &edit), STATUS_ERR_FORBIDDEN);

	/* SCC with reference and date: the transfer is allowed. */
	struct recipient stale = edit;   /* version 1, as read before this save */
	assert_int_equal(recipient_save(&f->officer, &edit), STATUS_OK);
	assert_int_equal(recipient_load(&f->officer, us.id, &loaded), STATUS_OK);
	assert_int_equal(loaded.safeguard, SAFEGUARD_SCC);
	assert_string_equal(loaded.safeguard_reference, "DPA-2026-7 (SCC module 2)");
	assert_string_equal(loaded.safeguard_date, "2026-01-10");
	assert_int_equal(loaded.version, 2);
	assert_false(loaded.eu_eea);
	assert_int_equal(recipient_may_receive(&f->officer, &loaded), STATUS_OK);
	assert_int_equal(export_preview(&f->officer, "postal-mail", us.id, &preview), STATUS_OK);
	assert_int_equal(preview.counts[ELIGIBILITY_ELIGIBLE], 1);
	assert_int_equal(export_write(&f->officer, "postal-mail", us.id, path, &preview, sha), STATUS_OK);
	assert_true(file_exists(path));
	assert_false(file_exists(part));
	assert_int_equal(disclosure_rows(db), 1);
	assert_int_equal(disclosure_record(&f->reception, aino, &manual), STATUS_OK);
	assert_int_equal(disclosure_rows(db), 2);

	/* A stale edit (the version read before) is a conflict, not a lost update. */
	stale.safeguard = SAFEGUARD_NONE;
	stale.safeguard_reference[0] = stale.safeguard_date[0] = '\0';
	assert_int_equal(recipient_save(&f->officer, &stale), STATUS_ERR_CONFLICT);
	assert_int_equal(recipient_load(&f->officer, us.id, &loaded), STATUS_OK);
	assert_int_equal(loaded.safeguard, SAFEGUARD_SCC);
}

/* ---- 5. The export file ---- */

#define CSV_MAX_ROWS 16
#define CSV_MAX_COLUMNS 12

struct csv_table {
	char cell[CSV_MAX_ROWS][CSV_MAX_COLUMNS][512];
	int columns[CSV_MAX_ROWS];
	int rows;
	bool overflow;
};

static void csv_on_field(void *data, size_t length, void *context)
{
	struct csv_table *table = context;
	if (table->rows >= CSV_MAX_ROWS || table->columns[table->rows] >= CSV_MAX_COLUMNS || length >= 512) {
		table->overflow = true;
		return;
	}
	char *cell = table->cell[table->rows][table->columns[table->rows]++];
	memcpy(cell, data, length);
	cell[length] = '\0';
}

static void csv_on_row(int terminator, void *context)
{
	(void)terminator;
	struct csv_table *table = context;
	if (table->rows < CSV_MAX_ROWS)
		table->rows++;
	else
		table->overflow = true;
}

/* Reads a whole file into a malloc'ed buffer. */
static unsigned char *read_file(const char *path, size_t *length)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	unsigned char *buffer = malloc(1 << 20);
	assert_non_null(buffer);
	*length = fread(buffer, 1, (1 << 20) - 1, file);
	buffer[*length] = '\0';
	fclose(file);
	return buffer;
}

static void parse_csv(const unsigned char *text, size_t length, struct csv_table *table)
{
	memset(table, 0, sizeof *table);
	struct csv_parser parser;
	assert_int_equal(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
	if (csv_parse(&parser, text, length, csv_on_field, csv_on_row, table) != length)
		fail_msg("libcsv refuses the export: %s", csv_strerror(csv_error(&parser)));
	assert_int_equal(csv_fini(&parser, csv_on_field, csv_on_row, table), 0);
	csv_free(&parser);
	assert_false(table->overflow);
}

static int compare_ids(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static void test_export_file(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long putki = add_organisation(&f->officer, "Mikkelin Putki Oy", "0112038-9");
	const struct person people[] = {
		/* 0 */ { "Jussi", "Åkerlund, \"Jussi\"", "jussi@example.fi", "040 100 0001", "Kauppakatu 1, as. 3", "50100", "Mikkeli", NULL, 0 },
		/* 1 */ { "=HYPERLINK(\"http://evil.example\",\"x\")", "Kaava", "kaava@example.fi", "040 100 0002", "Torikatu 2", "50100", "Mikkeli", NULL, 0 },
		/* 2 */ { "Olli", "Organisaatio", "olli@putki.example.fi", "040 100 0003", "Teollisuuskatu 5", "50130", "Mikkeli", NULL, putki },
		/* 3 */ { "Bertta", "Bannattu", "bertta@example.fi", "040 100 0004", "Savilahdenkatu 4", "50100", "Mikkeli", NULL, 0 },
		/* 4 */ { "Eino", "Entinen", "eino@example.fi", "040 100 0005", "Maaherrankatu 6", "50100", "Mikkeli", "2025-12-31", 0 },
		/* 5 */ { "Nelli", "Nokeinen", "nelli@example.fi", "040 100 0006", "", "", "", NULL, 0 },
		/* 6 */ { "Veera", "Vaihtaja", "", "", "Hallituskatu 7", "50100", "Mikkeli", NULL, 0 },
		/* 7 */ { "Uuno", "Uutiskielto", "uuno@example.fi", "", "+Plussakatu 8", "50100", "Mikkeli", NULL, 0 },
	};
	long long ids[COUNT(people)];
	for (size_t i = 0; i < COUNT(people); i++)
		ids[i] = add_person(&f->officer, &people[i]);
	ban(&f->reception, ids[3], "postal-mail");                 /* banned: absent */
	ban(&f->reception, ids[6], "postal-mail");                 /* banned, then withdrawn: present */
	struct consent_event withdrawn = statement_of("postal-mail", CONSENT_STATE_NONE, "2026-03-01", CONSENT_CHANNEL_EMAIL, NULL);
	record_ok(&f->reception, ids[6], &withdrawn);
	ban(&f->reception, ids[7], "newsletter");                  /* a ban of another purpose: present */
	consent(&f->reception, ids[1], "electronic-marketing", "2026-03-14");   /* expired yesterday */
	consent(&f->reception, ids[5], "electronic-marketing", "2026-03-15");   /* the last day */
	long long se = save_recipient(&f->officer, "Postitus AB", "SE", SAFEGUARD_NONE, "", "", NULL);

	/* The preview: who goes and why the others do not. */
	struct export_preview preview;
	memset(&preview, 0xff, sizeof preview);
	assert_int_equal(export_preview(&f->officer, "postal-mail", se, &preview), STATUS_OK);
	assert_int_equal(preview.considered, 8);
	assert_int_equal(preview.counts[ELIGIBILITY_ELIGIBLE], 5);
	assert_int_equal(preview.counts[ELIGIBILITY_OBJECTION], 1);
	assert_int_equal(preview.counts[ELIGIBILITY_ENDED], 1);
	assert_int_equal(preview.counts[ELIGIBILITY_NO_ADDRESS], 1);
	assert_int_equal(preview.counts[ELIGIBILITY_NO_CONSENT], 0);
	assert_int_equal(preview.counts[ELIGIBILITY_ERASED], 0);
	assert_int_equal(disclosure_rows(db), 0);   /* a preview discloses nothing */

	/* Electronic marketing: a private person needs a consent in force (an
	 * expired one is nothing said); at an organisation none is needed. */
	struct export_preview electronic;
	assert_int_equal(export_preview(&f->officer, "electronic-marketing", se, &electronic), STATUS_OK);
	assert_int_equal(electronic.considered, 8);
	assert_int_equal(electronic.counts[ELIGIBILITY_ELIGIBLE], 2);     /* Olli (§202), Nelli (consent today) */
	assert_int_equal(electronic.counts[ELIGIBILITY_NO_CONSENT], 5);   /* Jussi, Kaava (expired), Bertta, Veera, Uuno */
	assert_int_equal(electronic.counts[ELIGIBILITY_ENDED], 1);

	/* Only the officer exports. */
	char path[PATH_MAX + 32], part[PATH_MAX + 64], sha[65] = "";
	snprintf(path, sizeof path, "%s/postal.csv", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	struct export_preview written;
	assert_int_equal(export_preview(&f->reception, "postal-mail", se, &written), STATUS_ERR_FORBIDDEN);
	assert_int_equal(export_write(&f->reception, "postal-mail", se, path, &written, sha), STATUS_ERR_FORBIDDEN);
	assert_false(file_exists(path));
	assert_false(file_exists(part));
	assert_int_equal(disclosure_rows(db), 0);

	memset(&written, 0xff, sizeof written);
	assert_int_equal(export_write(&f->officer, "postal-mail", se, path, &written, sha), STATUS_OK);
	assert_int_equal(written.considered, preview.considered);
	for (int i = 0; i < ELIGIBILITY_COUNT; i++)
		assert_int_equal(written.counts[i], preview.counts[i]);
	assert_false(file_exists(part));

	/* Created 0600. */
	struct stat info;
	assert_int_equal(stat(path, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0600);

	/* Round trip through libcsv: the header, then exactly the eligible people. */
	size_t length;
	unsigned char *text = read_file(path, &length);
	struct csv_table table;
	parse_csv(text, length, &table);
	static const char *const header[] = { "first_name", "last_name", "organisation", "street", "postal_code", "city", "country" };
	assert_int_equal(table.columns[0], (int)COUNT(header));
	for (size_t i = 0; i < COUNT(header); i++)
		assert_string_equal(table.cell[0][i], header[i]);
	static const char *const expected[][7] = {
		{ "Jussi", "Åkerlund, \"Jussi\"", "", "Kauppakatu 1, as. 3", "50100", "Mikkeli", "FI" },
		{ "'=HYPERLINK(\"http://evil.example\",\"x\")", "Kaava", "", "Torikatu 2", "50100", "Mikkeli", "FI" },
		{ "Olli", "Organisaatio", "Mikkelin Putki Oy", "Teollisuuskatu 5", "50130", "Mikkeli", "FI" },
		{ "Veera", "Vaihtaja", "", "Hallituskatu 7", "50100", "Mikkeli", "FI" },
		{ "Uuno", "Uutiskielto", "", "'+Plussakatu 8", "50100", "Mikkeli", "FI" },
	};
	assert_int_equal(table.rows, 1 + (int)COUNT(expected));
	for (size_t e = 0; e < COUNT(expected); e++) {
		int found = -1;
		for (int r = 1; r < table.rows; r++)
			if (strcmp(table.cell[r][1], expected[e][1]) == 0)
				found = r;
		if (found < 0)
			fail_msg("%s is not in the export", expected[e][1]);
		assert_int_equal(table.columns[found], 7);
		for (int c = 0; c < 7; c++)
			if (strcmp(table.cell[found][c], expected[e][c]) != 0)
				fail_msg("%s, column %s: '%s', expected '%s'", expected[e][1], header[c], table.cell[found][c],
					 expected[e][c]);
	}
	/* Nothing of the absent people, and no column the purpose does not carry. */
	static const char *const absent[] = { "Bannattu", "Entinen", "Nokeinen", "@", "040 100", "example.fi" };
	for (size_t i = 0; i < COUNT(absent); i++)
		if (strstr((const char *)text, absent[i]))
			fail_msg("the export holds '%s'", absent[i]);

	/* The disclosure: the file's SHA-256, the count, and every contact exported. */
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, text, length);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	free(text);
	assert_string_equal(sha, hex);
	struct disclosure_row rows[4];
	assert_int_equal(disclosure_list(&f->officer, NULL, 0, rows, 4), 1);
	assert_string_equal(rows[0].kind, "export");
	assert_string_equal(rows[0].file_sha256, hex);
	assert_int_equal(rows[0].contact_count, table.rows - 1);
	assert_string_equal(rows[0].purpose, "postal-mail");
	assert_string_equal(rows[0].recipient, "Postitus AB");
	assert_string_equal(rows[0].fields, "first_name,last_name,organisation,street,postal_code,city,country");
	assert_string_equal(rows[0].file_name, path);
	assert_string_equal(rows[0].legal_ground, "legitimate interest (GDPR Art. 6(1)(f))");
	assert_string_equal(rows[0].made_by, UNIT_OFFICER_USERNAME);
	long long disclosure_id = rows[0].id;
	long long want[] = { ids[0], ids[1], ids[2], ids[6], ids[7] };
	long long got[16];
	int got_count = 0;
	struct statement *statement = database_prepare(db, "SELECT contact_id FROM disclosure_contact WHERE disclosure_id = ?");
	assert_non_null(statement);
	statement_bind_int64(statement, 1, disclosure_id);
	while (statement_step(statement) == STORAGE_ROW && got_count < 16)
		got[got_count++] = statement_column_int64(statement, 0);
	database_finalize(statement);
	assert_int_equal(got_count, (int)COUNT(want));
	qsort(got, (size_t)got_count, sizeof got[0], compare_ids);
	qsort(want, COUNT(want), sizeof want[0], compare_ids);
	for (int i = 0; i < got_count; i++)
		assert_int_equal(got[i], want[i]);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM disclosure_contact"), (long long)COUNT(want));

	/* Each exported person's record lists the disclosure; the banned one's does not. */
	struct disclosure_filter mine = { .contact_id = ids[0] };
	assert_int_equal(disclosure_list(&f->reception, &mine, 0, rows, 4), 1);
	assert_int_equal(rows[0].id, disclosure_id);
	mine.contact_id = ids[3];
	assert_int_equal(disclosure_list(&f->reception, &mine, 0, rows, 4), 0);

	/* Audited with the field names, no personal data. */
	assert_int_equal(count_audit(db, "disclosure.export", disclosure_id), 1);
	char fields[512];
	last_audit_fields(db, "disclosure.export", fields, sizeof fields);
	assert_string_equal(fields, "first_name,last_name,organisation,street,postal_code,city,country");
	assert_int_equal(audit_mentions(db, "Åkerlund"), 0);

	/* A leftover .part file: refused, nothing recorded, the leftover untouched. */
	char second[PATH_MAX + 32], second_part[PATH_MAX + 64];
	snprintf(second, sizeof second, "%s/second.csv", f->u->dir);
	snprintf(second_part, sizeof second_part, "%s.part", second);
	FILE *leftover = fopen(second_part, "w");
	assert_non_null(leftover);
	fputs("leftover\n", leftover);
	fclose(leftover);
	assert_int_equal(export_write(&f->officer, "postal-mail", se, second, &written, sha), STATUS_ERR_IO);
	assert_false(file_exists(second));
	assert_int_equal(disclosure_rows(db), 1);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM disclosure_contact"), (long long)COUNT(want));
}

/* ---- 6. A merge moves statements and disclosures to the survivor ---- */

static void test_merge_moves_consents_and_disclosures(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long survivor = add_simple(&f->officer, "Maija", "Meikäläinen", "maija@example.fi");
	long long other = add_simple(&f->officer, "Maija", "Meikäläinen", "maija.m@example.fi");
	long long bystander = add_simple(&f->officer, "Sivu", "Sivullinen", "sivu@example.fi");
	consent(&f->reception, survivor, "electronic-marketing", NULL);
	ban(&f->reception, other, "postal-mail");
	consent(&f->reception, other, "newsletter", NULL);
	long long se = save_recipient(&f->officer, "Postitus AB", "SE", SAFEGUARD_NONE, "", "", NULL);

	/* One export holds both records (and the bystander); one manual disclosure
	 * each. A survey needs no consent, so all three are in it. */
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/survey.csv", f->u->dir);
	struct export_preview preview;
	assert_int_equal(export_write(&f->officer, "survey", se, path, &preview, sha), STATUS_OK);
	assert_int_equal(preview.counts[ELIGIBILITY_ELIGIBLE], 3);
	struct manual_disclosure manual = { .recipient_id = se };
	snprintf(manual.purpose, sizeof manual.purpose, "delivery of an order");
	snprintf(manual.legal_ground, sizeof manual.legal_ground, "performance of the agreement");
	snprintf(manual.fields, sizeof manual.fields, "name, address");
	assert_int_equal(disclosure_record(&f->reception, survivor, &manual), STATUS_OK);
	assert_int_equal(disclosure_record(&f->reception, other, &manual), STATUS_OK);
	assert_int_equal(rows_of(db, "disclosure_contact", other), 2);

	struct contact merged;
	contact_init(&merged);
	assert_int_equal(contact_load(&f->officer, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(&f->officer, survivor, other, &merged), STATUS_OK);
	contact_free(&merged);

	/* Statements: all three are the survivor's, none left on the other. */
	assert_int_equal(rows_of(db, "consent_event", other), 0);
	assert_int_equal(rows_of(db, "consent_event", survivor), 3);
	struct consent_event history[8];
	assert_int_equal(consent_history(&f->officer, survivor, history, 8), 3);
	assert_int_equal(current_of(&f->officer, survivor, "postal-mail").effective, CONSENT_STATE_OBJECTION);
	assert_int_equal(current_of(&f->officer, survivor, "newsletter").effective, CONSENT_STATE_CONSENT);
	assert_int_equal(current_of(&f->officer, survivor, "electronic-marketing").effective, CONSENT_STATE_CONSENT);

	/* Disclosures: the survivor's own two, the other's manual one; the shared
	 * export stays once. */
	assert_int_equal(rows_of(db, "disclosure_contact", other), 0);
	assert_int_equal(rows_of(db, "disclosure_contact", survivor), 3);
	assert_int_equal(rows_of(db, "disclosure_contact", bystander), 1);
	struct disclosure_filter filter = { .contact_id = survivor };
	struct disclosure_row rows[8];
	assert_int_equal(disclosure_list(&f->reception, &filter, 0, rows, 8), 3);

	/* The ban moved with the statements: the survivor's row is marked. */
	struct contact_query query;
	memset(&query, 0, sizeof query);
	snprintf(query.text, sizeof query.text, "maija");
	struct contact_row found[4];
	assert_int_equal(contact_search_page(&f->reception, &query, NULL, false, found, 4), 1);
	assert_int_equal(found[0].id, survivor);
	assert_non_null(strchr(found[0].markers, 'B'));

	/* And the next postal export leaves the survivor out. */
	assert_int_equal(export_preview(&f->officer, "postal-mail", se, &preview), STATUS_OK);
	assert_int_equal(preview.considered, 2);
	assert_int_equal(preview.counts[ELIGIBILITY_OBJECTION], 1);
}

/* ---- 7. A disclosure recorded by hand (notice §2.1-§2.3) ---- */

static void test_manual_disclosure(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long person = add_simple(&f->officer, "Kaisa", "Kuljetus", "kaisa@example.fi");
	long long someone = add_simple(&f->officer, "Toivo", "Toinen", "toivo@example.fi");
	long long se = save_recipient(&f->officer, "Kuljetus AB", "SE", SAFEGUARD_NONE, "", "", NULL);

	struct manual_disclosure manual = { .recipient_id = se };
	snprintf(manual.purpose, sizeof manual.purpose, "delivery of an order");
	snprintf(manual.legal_ground, sizeof manual.legal_ground, "performance of the agreement");
	snprintf(manual.fields, sizeof manual.fields, "name, address, phone");
	snprintf(manual.note, sizeof manual.note, "Toimitus 4711 kuriirilla");
	snprintf(manual.made_on, sizeof manual.made_on, "5.3.2026");
	assert_int_equal(disclosure_record(&f->reception, person, &manual), STATUS_OK);

	struct disclosure_filter filter = { .contact_id = person };
	struct disclosure_row rows[4];
	assert_int_equal(disclosure_list(&f->reception, &filter, 0, rows, 4), 1);
	assert_string_equal(rows[0].kind, "manual");
	assert_int_equal(rows[0].contact_count, 1);
	assert_string_equal(rows[0].recipient, "Kuljetus AB");
	assert_string_equal(rows[0].purpose, "delivery of an order");
	assert_string_equal(rows[0].legal_ground, "performance of the agreement");
	assert_string_equal(rows[0].fields, "name, address, phone");
	assert_int_equal(strncmp(rows[0].made_at, "2026-03-05", 10), 0);
	assert_string_equal(rows[0].made_by, "rita");
	assert_string_equal(rows[0].file_name, "");
	assert_int_equal(rows_of(db, "disclosure_contact", person), 1);
	filter.contact_id = someone;
	assert_int_equal(disclosure_list(&f->reception, &filter, 0, rows, 4), 0);
	assert_int_equal(count_audit(db, "disclosure.manual", person), 1);
	assert_int_equal(audit_mentions(db, "kuriiri"), 0);

	/* Without a date: today. */
	manual.made_on[0] = '\0';
	assert_int_equal(disclosure_record(&f->officer, someone, &manual), STATUS_OK);
	filter.contact_id = someone;
	assert_int_equal(disclosure_list(&f->officer, &filter, 0, rows, 4), 1);
	assert_int_equal(strncmp(rows[0].made_at, TODAY, 10), 0);

	/* The whole log is the officer's: reception is refused, and it is audited. */
	long long denied = count_audit_by(db, "permission.denied", f->reception.account_id);
	assert_int_equal(disclosure_list(&f->reception, NULL, 0, rows, 4), -1);
	struct disclosure_filter everyone = { 0 };
	assert_int_equal(disclosure_list(&f->reception, &everyone, 0, rows, 4), -1);
	assert_int_equal(count_audit_by(db, "permission.denied", f->reception.account_id), denied + 2);
	char fields[128];
	last_audit_fields(db, "permission.denied", fields, sizeof fields);
	assert_string_equal(fields, "VIEW_DISCLOSURE_LOG");
	assert_int_equal(disclosure_list(&f->officer, NULL, 0, rows, 4), 2);
	everyone.purpose = "delivery of an order";
	assert_int_equal(disclosure_list(&f->officer, &everyone, 0, rows, 4), 2);
	everyone.purpose = "postal-mail";
	assert_int_equal(disclosure_list(&f->officer, &everyone, 0, rows, 4), 0);

	/* The trainer neither records nor reads. */
	assert_int_equal(disclosure_record(&f->trainer, person, &manual), STATUS_ERR_FORBIDDEN);
	filter.contact_id = person;
	assert_int_equal(disclosure_list(&f->trainer, &filter, 0, rows, 4), -1);

	/* Refused input leaves no row. */
	struct manual_disclosure bad = manual;
	bad.purpose[0] = '\0';
	assert_int_equal(disclosure_record(&f->reception, person, &bad), STATUS_ERR_INVALID);
	bad = manual;
	snprintf(bad.made_on, sizeof bad.made_on, "31.2.2026");
	assert_int_equal(disclosure_record(&f->reception, person, &bad), STATUS_ERR_INVALID);
	assert_int_not_equal(disclosure_record(&f->reception, 999999, &manual), STATUS_OK);
	bad = manual;
	bad.recipient_id = 999999;
	assert_int_equal(disclosure_record(&f->reception, person, &bad), STATUS_ERR_NOT_FOUND);
	assert_int_equal(disclosure_rows(db), 2);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM disclosure_contact"), 2);
}

/* ---- 8. The newest statement by the person's date wins (GDPR Art. 7(3), 21(3)) ---- */

/* The one contact's verdict in an export preview of purpose (the only contact). */
static enum eligibility verdict_of(struct fixture *f, const char *purpose, long long recipient)
{
	struct export_preview preview;
	assert_int_equal(export_preview(&f->officer, purpose, recipient, &preview), STATUS_OK);
	assert_int_equal(preview.considered, 1);
	for (int i = 0; i < ELIGIBILITY_COUNT; i++)
		if (preview.counts[i] == 1)
			return (enum eligibility)i;
	fail_msg("no verdict");
	return ELIGIBILITY_COUNT;
}

static bool banned_marker(struct fixture *f, long long id)
{
	struct contact_query query;
	memset(&query, 0, sizeof query);
	snprintf(query.text, sizeof query.text, "Päivämäärä");
	struct contact_row found[4];
	assert_int_equal(contact_search_page(&f->reception, &query, NULL, false, found, 4), 1);
	assert_int_equal(found[0].id, id);
	return strchr(found[0].markers, 'B') != NULL;
}

static void test_newest_by_date_wins(void **state)
{
	struct fixture *f = *state;
	long long id = add_simple(&f->officer, "Pirkko", "Päivämäärä", "pirkko@example.fi");
	long long se = save_recipient(&f->officer, "Postitus AB", "SE", SAFEGUARD_NONE, "", "", NULL);

	/* An objection given on 5 March, then a consent dated 10 January entered afterwards. */
	struct consent_outcome outcome;
	struct consent_event event = statement_of("electronic-marketing", CONSENT_STATE_OBJECTION, "2026-03-05",
						  CONSENT_CHANNEL_LETTER, NULL);
	assert_int_equal(consent_record_outcome(&f->reception, id, &event, &outcome), STATUS_OK);
	assert_false(outcome.overruled);
	event = statement_of("electronic-marketing", CONSENT_STATE_CONSENT, "2026-01-10", CONSENT_CHANNEL_WEB_FORM, NULL);
	assert_int_equal(consent_record_outcome(&f->reception, id, &event, &outcome), STATUS_OK);
	/* Recorded as history, but said not to lift the standing objection. */
	assert_true(outcome.overruled);
	assert_int_equal(outcome.standing.state, CONSENT_STATE_OBJECTION);
	assert_string_equal(outcome.standing.given_on, "2026-03-05");
	char text[512];
	consent_outcome_text(&outcome, text, sizeof text);
	assert_non_null(strstr(text, "does not lift it"));
	assert_non_null(strstr(text, "2026-03-05"));
	struct consent_event history[8];
	assert_int_equal(consent_history(&f->reception, id, history, 8), 2);
	assert_int_equal(history[0].state, CONSENT_STATE_OBJECTION);   /* newest by date first */

	/* Every reader applies the same rule: current state, export, list marker. */
	struct consent_current current = current_of(&f->reception, id, "electronic-marketing");
	assert_int_equal(current.effective, CONSENT_STATE_OBJECTION);
	assert_string_equal(current.latest.given_on, "2026-03-05");
	assert_int_equal(verdict_of(f, "electronic-marketing", se), ELIGIBILITY_OBJECTION);
	assert_true(banned_marker(f, id));

	/* A consent dated after the objection lifts it (GDPR Art. 7, a new consent, notice §6.3). */
	event = statement_of("electronic-marketing", CONSENT_STATE_CONSENT, "2026-03-10", CONSENT_CHANNEL_WEB_FORM, NULL);
	assert_int_equal(consent_record_outcome(&f->reception, id, &event, &outcome), STATUS_OK);
	assert_false(outcome.overruled);
	assert_int_equal(current_of(&f->reception, id, "electronic-marketing").effective, CONSENT_STATE_CONSENT);
	assert_int_equal(verdict_of(f, "electronic-marketing", se), ELIGIBILITY_ELIGIBLE);
	assert_false(banned_marker(f, id));

	/* The same date: the later entry wins. */
	event = statement_of("electronic-marketing", CONSENT_STATE_OBJECTION, "2026-03-10", CONSENT_CHANNEL_PHONE, NULL);
	assert_int_equal(consent_record_outcome(&f->reception, id, &event, &outcome), STATUS_OK);
	assert_false(outcome.overruled);
	assert_int_equal(current_of(&f->reception, id, "electronic-marketing").effective, CONSENT_STATE_OBJECTION);
	assert_int_equal(verdict_of(f, "electronic-marketing", se), ELIGIBILITY_OBJECTION);
	assert_true(banned_marker(f, id));
}

/* ---- 9. No dates in the future ---- */

static void test_future_dates_refused(void **state)
{
	struct fixture *f = *state;
	long long id = add_simple(&f->officer, "Tuomas", "Tulevainen", "tuomas@example.fi");
	struct consent_event event = statement_of("postal-mail", CONSENT_STATE_OBJECTION, "2026-03-16", CONSENT_CHANNEL_LETTER, NULL);
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	assert_non_null(strstr(f->u->db->error, "in the future"));
	event = statement_of("postal-mail", CONSENT_STATE_CONSENT, "16.3.2026", CONSENT_CHANNEL_WEB_FORM, NULL);
	assert_int_equal(consent_record(&f->reception, id, &event), STATUS_ERR_INVALID);
	assert_int_equal(consent_sale_email_record(&f->reception, id, "2027-01-01", ""), STATUS_ERR_INVALID);
	assert_non_null(strstr(f->u->db->error, "in the future"));
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM consent_event"), 0);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM sale_email"), 0);
	/* Today is fine; an expiry in the future is the point of one. */
	event = statement_of("postal-mail", CONSENT_STATE_CONSENT, TODAY, CONSENT_CHANNEL_WEB_FORM, NULL);
	snprintf(event.expires_on, sizeof event.expires_on, "2027-03-15");
	record_ok(&f->reception, id, &event);
	assert_int_equal(consent_sale_email_record(&f->reception, id, TODAY, ""), STATUS_OK);
}

/* ---- 10. The soft opt-in of 917/2014 §200(2) ---- */

static void test_soft_opt_in(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	long long id = add_simple(&f->officer, "Sanna", "Söderström", "sanna@example.fi");
	long long fi = save_recipient(&f->officer, "Postitus Oy", "FI", SAFEGUARD_NONE, "", "", NULL);

	/* A private person without consent: no e-mail marketing (§200(1)). */
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_NO_CONSENT);
	assert_int_equal(verdict_of(f, "newsletter", fi), ELIGIBILITY_NO_CONSENT);

	/* The address obtained in a sale on 1 March, refusal offered: recorded by reception, audited. */
	assert_int_equal(consent_sale_email_record(&f->trainer, id, "2026-03-01", ""), STATUS_ERR_FORBIDDEN);
	assert_int_equal(consent_sale_email_record(&f->reception, id, "1.3.2026", "kassalla"), STATUS_OK);
	assert_int_equal(count_audit(db, "consent.sale_email", id), 1);
	struct sale_email sales[4];
	assert_int_equal(consent_sale_emails(&f->reception, id, sales, 4), 1);
	assert_string_equal(sales[0].email, "sanna@example.fi");
	assert_string_equal(sales[0].offered_on, "2026-03-01");
	assert_string_equal(sales[0].recorded_by, "rita");

	/* Own similar products: allowed; a newsletter or a partner: still consent (§200(1)-(2)). */
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_ELIGIBLE);
	assert_true(current_of(&f->reception, id, "electronic-marketing").soft_opt_in);
	assert_false(current_of(&f->reception, id, "newsletter").soft_opt_in);
	assert_int_equal(verdict_of(f, "newsletter", fi), ELIGIBILITY_NO_CONSENT);
	assert_int_equal(verdict_of(f, "partner-marketing", fi), ELIGIBILITY_NO_CONSENT);

	/* A withdrawal dated before the sale does not end it; a ban after the sale does, for good. */
	struct consent_event event = statement_of("electronic-marketing", CONSENT_STATE_NONE, "2026-02-01", CONSENT_CHANNEL_EMAIL, NULL);
	record_ok(&f->reception, id, &event);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_ELIGIBLE);
	event = statement_of("electronic-marketing", CONSENT_STATE_OBJECTION, "2026-03-05", CONSENT_CHANNEL_EMAIL, NULL);
	record_ok(&f->reception, id, &event);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_OBJECTION);
	/* A consent lifts the ban; its withdrawal leaves nothing: the person has refused since the sale. */
	event = statement_of("electronic-marketing", CONSENT_STATE_CONSENT, "2026-03-10", CONSENT_CHANNEL_WEB_FORM, NULL);
	record_ok(&f->reception, id, &event);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_ELIGIBLE);
	event = statement_of("electronic-marketing", CONSENT_STATE_NONE, "2026-03-12", CONSENT_CHANNEL_WEB_FORM, NULL);
	record_ok(&f->reception, id, &event);
	assert_false(current_of(&f->reception, id, "electronic-marketing").soft_opt_in);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_NO_CONSENT);

	/* A new sale with a refusal offered again; it covers that address only. */
	assert_int_equal(consent_sale_email_record(&f->reception, id, TODAY, ""), STATUS_OK);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_ELIGIBLE);
	struct contact c;
	contact_init(&c);
	assert_int_equal(contact_load(&f->officer, id, false, &c), STATUS_OK);
	assert_true(contact_set(&c, CONTACT_EMAIL, "sanna.s@example.com"));
	assert_int_equal(contact_save(&f->officer, &c, false, NULL), STATUS_OK);
	contact_free(&c);
	assert_int_equal(verdict_of(f, "electronic-marketing", fi), ELIGIBILITY_NO_CONSENT);

	/* Without an e-mail address there is nothing obtained in a sale. */
	long long none = add_simple(&f->officer, "Ilman", "Osoitetta", "");
	assert_int_equal(consent_sale_email_record(&f->reception, none, TODAY, ""), STATUS_ERR_INVALID);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM sale_email"), 2);

	/* Erasure takes the record with the person (GDPR Art. 17); a record kept
	 * restricted by law is used for nothing, so its soft opt-in goes too. */
	long long erased = add_simple(&f->officer, "Eila", "Erase", "eila@example.fi");
	assert_int_equal(consent_sale_email_record(&f->reception, erased, TODAY, ""), STATUS_OK);
	struct erasure_preview gone;
	assert_int_equal(erasure_confirm(&f->officer, erased, 0, &gone), STATUS_OK);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM sale_email WHERE email = 'eila@example.fi'"), 0);
	long long held = add_simple(&f->officer, "Hilma", "Held", "hilma@example.fi");
	assert_int_equal(consent_sale_email_record(&f->reception, held, TODAY, ""), STATUS_OK);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE contact SET restricted_until = '2030-12-31' WHERE id = %lld", held);
	unit_exec(db, sql);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM sale_email WHERE email = 'hilma@example.fi'"), 0);
}

/* ---- 11. The privacy officer adds a purpose: SMS apart from e-mail ---- */

static void test_purpose_add(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct purpose sms;
	memset(&sms, 0, sizeof sms);
	snprintf(sms.code, sizeof sms.code, "sms-marketing");
	snprintf(sms.name, sizeof sms.name, "text message marketing");
	sms.channel = PURPOSE_PHONE;
	sms.consent_for_private = true;
	snprintf(sms.export_fields, sizeof sms.export_fields, "first_name,last_name,phone");
	snprintf(sms.legal_ground, sizeof sms.legal_ground, "consent (917/2014 §200(1))");

	long long denied = count_audit_by(db, "permission.denied", f->reception.account_id);
	assert_int_equal(consent_purpose_add(&f->reception, &sms, "tekstiviestimarkkinointi"), STATUS_ERR_FORBIDDEN);
	assert_int_equal(count_audit_by(db, "permission.denied", f->reception.account_id), denied + 1);
	/* Soft opt-in only for own e-mail marketing; known export fields; a plain code. */
	sms.soft_opt_in = true;
	assert_int_equal(consent_purpose_add(&f->officer, &sms, ""), STATUS_ERR_INVALID);
	sms.soft_opt_in = false;
	struct purpose bad = sms;
	snprintf(bad.export_fields, sizeof bad.export_fields, "first_name,henkilotunnus");
	assert_int_equal(consent_purpose_add(&f->officer, &bad, ""), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "henkilotunnus"));
	bad = sms;
	snprintf(bad.code, sizeof bad.code, "SMS markkinointi");
	assert_int_equal(consent_purpose_add(&f->officer, &bad, ""), STATUS_ERR_INVALID);
	struct purpose partner = sms;
	snprintf(partner.code, sizeof partner.code, "partner-email");
	partner.channel = PURPOSE_EMAIL;
	partner.third_party = partner.soft_opt_in = true;
	assert_int_equal(consent_purpose_add(&f->officer, &partner, ""), STATUS_ERR_INVALID);

	assert_int_equal(consent_purpose_add(&f->officer, &sms, "tekstiviestimarkkinointi"), STATUS_OK);
	assert_int_equal(count_audit(db, "purpose.add", 0), 1);
	assert_int_equal(consent_purpose_add(&f->officer, &sms, ""), STATUS_ERR_EXISTS);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM purpose WHERE code = 'sms-marketing' "
					"AND name_fi = 'tekstiviestimarkkinointi' AND name_en = 'text message marketing'"), 1);
	struct purpose listed[32];
	assert_int_equal(consent_purpose_list(&f->trainer, listed, 32), -1);
	assert_int_equal(consent_purpose_list(&f->reception, listed, 32), 7);

	/* SMS banned apart from e-mail. */
	long long id = add_simple(&f->officer, "Eero", "Ähtäri", "eero@example.fi");
	ban(&f->reception, id, "sms-marketing");
	assert_int_equal(current_of(&f->reception, id, "sms-marketing").effective, CONSENT_STATE_OBJECTION);
	assert_int_equal(current_of(&f->reception, id, "electronic-marketing").effective, CONSENT_STATE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_eligibility_legal_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_effective_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_and_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recipients_transfer_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_moves_consents_and_disclosures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_disclosure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newest_by_date_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_future_dates_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_opt_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purpose_add, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

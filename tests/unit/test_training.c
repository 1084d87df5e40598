/* Trainings and events (notice §1.3, §1.4, §1.5, §2.6, §2.7, §3.1): a
 * trainer's isolation enforced in the core (product brief: a trainer may not
 * browse the register nor see contacts outside their trainings), quick
 * registration with the data source of who registered the person, duplicates,
 * registration and re-registration, attendance, certificates and permit cards
 * with their validity clamped to the month's end, the expiring list, the
 * exports for an external trainer and a venue with their disclosure log,
 * events, what a contact took part in, merging, and the role permissions. */
#include "unit.h"

#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "contact.h"
#include "disclosure.h"
#include "organisation.h"
#include "permission.h"
#include "training.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])
#define TEMPORARY_PASSWORD "temporary-password-1"

/* ---- Fixture: a fresh register, its officer, reception and two trainers ---- */

struct fixture {
	struct unit_db *u;
	struct session officer, reception, trainer_a, trainer_b;
};

/* A UTC time of day on a date (the core's "today" is the UTC date). */
static time_t utc_time(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	return timegm(&parts);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_override(0);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	unit_make_session(&f->officer, ROLE_RECEPTION, "rita", &f->reception);
	unit_make_session(&f->officer, ROLE_TRAINER, "tiina", &f->trainer_a);
	unit_make_session(&f->officer, ROLE_TRAINER, "taneli", &f->trainer_b);
	*state = f;
	return 0;
}

/* Only the officer: the isolation test makes its trainers with real logins. */
static int setup_officer_only(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_override(0);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	unit_make_session(&f->officer, ROLE_RECEPTION, "rita", &f->reception);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_override(0); /* also when a test failed half-way with the clock moved */
	if (f) {
		unit_close(f->u);
		free(f);
	}
	*state = NULL;
	return 0;
}

/* ---- Helpers ---- */


static long long denied_count(struct database *db, long long account_id)
{
	return sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied' AND account_id = %lld",
		       account_id);
}

static long long course_add(struct session *session, const char *name, enum certificate_kind kind, int months)
{
	struct course course;
	memset(&course, 0, sizeof course);
	snprintf(course.name, sizeof course.name, "%s", name);
	course.certificate_kind = kind;
	course.validity_months = months;
	EXPECT_OK(session, course_save(session, &course));
	assert_true(course.id > 0);
	return course.id;
}

/* A session given by one of our trainers (trainer_account_id) or an external one. */
static long long session_add(struct session *session, long long course_id, const char *starts_at,
			     long long trainer_account_id, long long external_trainer_id)
{
	struct training_session training;
	memset(&training, 0, sizeof training);
	training.course_id = course_id;
	snprintf(training.starts_at, sizeof training.starts_at, "%s", starts_at);
	snprintf(training.place, sizeof training.place, "%s", "Koulutustila 2");
	training.trainer_account_id = trainer_account_id;
	training.external_trainer_id = external_trainer_id;
	EXPECT_OK(session, training_session_save(session, &training));
	assert_true(training.id > 0);
	return training.id;
}

static long long organisation_add(struct session *session, const char *name)
{
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, name);
	enum status status = organisation_save(session, &organisation);
	long long id = organisation.id;
	organisation_free(&organisation);
	expect_status(session, status, STATUS_OK, "organisation_save");
	assert_true(id > 0);
	return id;
}

/* A contact of the register, added through contact_save (reception or officer). */
static long long contact_add(struct session *session, const char *first, const char *last, const char *email,
			     long long organisation_id)
{
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, first);
	contact_set(&contact, CONTACT_LAST_NAME, last);
	contact_set(&contact, CONTACT_EMAIL, email ? email : "");
	contact.organisation_id = organisation_id;
	contact.categories = 1u << CATEGORY_CUSTOMER;
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	expect_status(session, status, STATUS_OK, "contact_save");
	assert_true(id > 0);
	return id;
}

static long long registration_of(struct database *db, long long session_id, long long contact_id)
{
	return sql_int(db, "SELECT id FROM registration WHERE session_id = %lld AND contact_id = %lld", session_id,
		       contact_id);
}

static long long event_registration_of(struct database *db, long long event_id, long long contact_id)
{
	return sql_int(db, "SELECT id FROM event_registration WHERE event_id = %lld AND contact_id = %lld", event_id,
		       contact_id);
}

static void registration_column(struct database *db, long long registration_id, const char *column, char *out,
				size_t out_size)
{
	sql_text(db, out, out_size, "SELECT %s FROM registration WHERE id = %lld", column, registration_id);
}

static void expect_attendance(struct database *db, long long registration_id, const char *expected)
{
	char attendance[32];
	registration_column(db, registration_id, "attendance", attendance, sizeof attendance);
	if (strcmp(attendance, expected) != 0)
		fail_msg("registration #%lld: attendance '%s', expected '%s'", registration_id, attendance, expected);
}

static void quick_person(struct quick_participant *person, const char *first, const char *last,
			 const char *organisation, const char *email, enum registrar registrar, const char *registrar_name)
{
	memset(person, 0, sizeof *person);
	snprintf(person->first_name, sizeof person->first_name, "%s", first);
	snprintf(person->last_name, sizeof person->last_name, "%s", last);
	snprintf(person->organisation, sizeof person->organisation, "%s", organisation);
	snprintf(person->email, sizeof person->email, "%s", email);
	person->registrar = registrar;
	snprintf(person->registrar_name, sizeof person->registrar_name, "%s", registrar_name);
}

/* Quick-adds and expects success; returns the contact id. */
static long long quick_add_ok(struct session *session, long long session_id, const char *first, const char *last,
			      const char *organisation, const char *email, enum registrar registrar,
			      const char *registrar_name)
{
	struct quick_participant person;
	quick_person(&person, first, last, organisation, email, registrar, registrar_name);
	struct contact_duplicate duplicates[8];
	int duplicate_count = -1;
	long long contact_id = 0;
	expect_status(session, training_quick_add(session, session_id, &person, false, duplicates, &duplicate_count,
						  &contact_id), STATUS_OK, "training_quick_add");
	assert_int_equal(duplicate_count, 0);
	assert_true(contact_id > 0);
	return contact_id;
}

static long long contact_count(struct database *db)
{
	return sql_int(db, "SELECT count(*) FROM contact");
}

/* A contact's stored column, behind the core's back. */
static void contact_column(struct database *db, long long contact_id, const char *column, char *out, size_t out_size)
{
	sql_text(db, out, out_size, "SELECT %s FROM contact WHERE id = %lld", column, contact_id);
}

static bool has_category(struct database *db, long long contact_id, const char *category)
{
	return sql_int(db, "SELECT count(*) FROM contact_category WHERE contact_id = %lld AND category = '%s'",
		       contact_id, category) == 1;
}

static long long recipient_add(struct session *session, const char *name, enum recipient_kind kind,
			       const char *country)
{
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", name);
	recipient.kind = kind;
	snprintf(recipient.country, sizeof recipient.country, "%s", country);
	recipient.safeguard = SAFEGUARD_NONE;
	EXPECT_OK(session, recipient_save(session, &recipient));
	assert_true(recipient.id > 0);
	return recipient.id;
}

static long long event_add(struct session *session, const char *name, const char *date, long long venue)
{
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", name);
	snprintf(event.date, sizeof event.date, "%s", date);
	event.venue_recipient_id = venue;
	EXPECT_OK(session, event_save(session, &event));
	assert_true(event.id > 0);
	return event.id;
}

/* A whole file into out (NUL-terminated); false when it cannot be read. */
static bool read_whole(const char *path, char *out, size_t out_size)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	size_t length = fread(out, 1, out_size - 1, file);
	out[length] = '\0';
	fclose(file);
	return true;
}

/* The CSV text made plain for comparison: quotes and carriage returns removed. */
static void plain_csv(const char *csv, char *out, size_t out_size)
{
	size_t used = 0;
	for (const char *p = csv; *p && used + 1 < out_size; p++)
		if (*p != '"' && *p != '\r')
			out[used++] = *p;
	out[used] = '\0';
}

static bool file_exists(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0;
}

/* ---- 1. A trainer's isolation, enforced in the core ---- */

/* Adds a trainer through the officer, logs in with the temporary password and
 * makes the forced password change, as the first login would. */
static void trainer_by_login(struct fixture *f, const char *username, const char *password, struct session *out)
{
	long long id = 0;
	EXPECT_OK(&f->officer, account_add(&f->officer, username, "Trainer Tester", ROLE_TRAINER, TEMPORARY_PASSWORD, UNIT_COMMITMENT, &id));
	EXPECT_OK(&f->officer, account_login(f->u->db, username, TEMPORARY_PASSWORD, out));
	assert_int_equal(out->account_id, id);
	assert_int_equal(out->role, ROLE_TRAINER);
	assert_true(out->must_change_password);
	EXPECT_OK(out, account_change_own_password(out, TEMPORARY_PASSWORD, password));
	assert_false(out->must_change_password);
}

static void test_trainer_isolation(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session a, b;
	trainer_by_login(f, "tiina", "tiina-password-1", &a);
	trainer_by_login(f, "taneli", "taneli-password-1", &b);

	/* Somebody only reception knows. */
	long long zacharias = contact_add(&f->reception, "Zacharias", "Register", "zach@example.fi", 0);
	long long mikko = contact_add(&f->reception, "Mikko", "Mukana", "mikko@example.fi", 0);

	long long course = course_add(&a, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 60);
	long long a_session = session_add(&a, course, "2026-12-01 09:00", 0, 0);
	long long b_session = session_add(&b, course, "2026-12-02 09:00", 0, 0);
	assert_int_equal(sql_int(db, "SELECT trainer_account_id FROM training_session WHERE id = %lld", a_session),
			 a.account_id);
	long long aino = quick_add_ok(&a, a_session, "Aino", "Osallistuja", "Putkiliike Oy", "", REGISTRAR_SELF, "");
	long long bertta = quick_add_ok(&b, b_session, "Bertta", "Beeta", "Sähkö Oy", "", REGISTRAR_SELF, "");
	/* The officer registers someone of the register into A's session. */
	EXPECT_OK(&f->officer, training_register(&f->officer, a_session, mikko, REGISTRAR_SELF, ""));
	long long aino_registration = registration_of(db, a_session, aino);
	assert_true(aino_registration > 0);

	/* B may not open, read or change A's session; each refusal is audited. */
	long long denied_before = denied_count(db, b.account_id);
	struct training_session loaded;
	assert_int_equal(training_session_load(&b, a_session, &loaded), STATUS_ERR_FORBIDDEN);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied' AND "
				 "account_id = %lld AND entity = 'training_session' AND record_id = %lld",
				 b.account_id, a_session), 1);
	struct participant participants[16];
	assert_int_equal(training_participants(&b, a_session, participants, 16), -1);
	assert_int_equal(training_mark(&b, aino_registration, ATTENDANCE_PRESENT), STATUS_ERR_FORBIDDEN);
	assert_int_equal(training_register(&b, a_session, bertta, REGISTRAR_SELF, ""), STATUS_ERR_FORBIDDEN);
	int issued = -1;
	assert_int_equal(training_issue_certificates(&b, a_session, &issued), STATUS_ERR_FORBIDDEN);
	assert_int_equal(issued, 0);
	int marked = -1;
	assert_int_equal(training_mark_all_present(&b, a_session, &marked), STATUS_ERR_FORBIDDEN);
	assert_int_equal(training_cancel_registration(&b, aino_registration), STATUS_ERR_FORBIDDEN);
	struct quick_participant person;
	quick_person(&person, "Kalle", "Kirjaaja", "", "", REGISTRAR_SELF, "");
	long long new_id = -1;
	assert_int_equal(training_quick_add(&b, a_session, &person, true, NULL, NULL, &new_id), STATUS_ERR_FORBIDDEN);
	assert_int_equal(new_id, 0);
	assert_true(denied_count(db, b.account_id) >= denied_before + 8);
	/* Nothing of A's session changed. */
	expect_attendance(db, aino_registration, "");
	char status_text[32];
	registration_column(db, aino_registration, "status", status_text, sizeof status_text);
	assert_string_equal(status_text, "registered");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE session_id = %lld", a_session), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate"), 0);

	/* Each trainer lists only their own sessions; the officer lists all. */
	struct training_session list[8];
	assert_int_equal(training_session_list(&b, list, 8), 1);
	assert_int_equal(list[0].id, b_session);
	assert_int_equal(training_session_list(&a, list, 8), 1);
	assert_int_equal(list[0].id, a_session);
	assert_int_equal(list[0].registered, 2);
	assert_int_equal(training_session_list(&f->officer, list, 8), 2);
	EXPECT_OK(&f->officer, training_session_load(&f->officer, a_session, &loaded));
	assert_int_equal(training_participants(&f->officer, a_session, participants, 16), 2);
	assert_int_equal(training_participants(&f->officer, b_session, participants, 16), 1);
	/* A sees the participants of A's own session. */
	assert_int_equal(training_participants(&a, a_session, participants, 16), 2);

	/* A trainer does not browse the register (no VIEW_REGISTER). */
	denied_before = denied_count(db, a.account_id);
	struct contact contact;
	contact_init(&contact);
	assert_int_equal(contact_load(&a, zacharias, false, &contact), STATUS_ERR_FORBIDDEN);
	assert_int_equal(contact_load(&a, aino, false, &contact), STATUS_ERR_FORBIDDEN);
	contact_free(&contact);
	struct contact_query query;
	memset(&query, 0, sizeof query);
	snprintf(query.text, sizeof query.text, "%s", "zach");
	struct contact_row rows[16];
	assert_int_equal(contact_search_page(&a, &query, NULL, false, rows, 16), -1);
	struct contact probe;
	contact_init(&probe);
	contact_set(&probe, CONTACT_FIRST_NAME, "Zacharias");
	contact_set(&probe, CONTACT_LAST_NAME, "Register");
	contact_set(&probe, CONTACT_EMAIL, "zach@example.fi");
	struct contact_duplicate duplicates[8];
	assert_int_equal(contact_find_duplicates(&a, &probe, duplicates, 8), -1);
	contact_free(&probe);
	assert_int_equal(denied_count(db, a.account_id), denied_before + 4);

	/* The candidates of a trainer: only people of their own sessions. */
	assert_int_equal(training_candidates(&a, "zach", rows, 16), 0);
	assert_int_equal(training_candidates(&a, "Register", rows, 16), 0);
	assert_int_equal(training_candidates(&a, "bertta", rows, 16), 0);   /* B's participant */
	assert_int_equal(training_candidates(&a, "aino", rows, 16), 1);
	assert_int_equal(rows[0].id, aino);
	assert_int_equal(training_candidates(&a, "mikko", rows, 16), 1);
	assert_int_equal(rows[0].id, mikko);
	int all = training_candidates(&a, "", rows, 16);
	assert_true(all >= 0);
	for (int i = 0; i < all; i++)
		if (rows[i].id != aino && rows[i].id != mikko)
			fail_msg("training_candidates(A, \"\") offers contact #%lld (%s), not in A's sessions", rows[i].id,
				 rows[i].name);
	assert_int_equal(training_candidates(&b, "aino", rows, 16), 0);
	assert_int_equal(training_candidates(&b, "bertta", rows, 16), 1);
	/* The officer finds anyone in the register. */
	assert_int_equal(training_candidates(&f->officer, "zach", rows, 16), 1);
	assert_int_equal(rows[0].id, zacharias);

	/* A trainer registers only people already known from their own sessions. */
	assert_int_equal(training_register(&b, b_session, aino, REGISTRAR_SELF, ""), STATUS_ERR_FORBIDDEN);
	assert_int_equal(training_register(&a, a_session, zacharias, REGISTRAR_SELF, ""), STATUS_ERR_FORBIDDEN);
	assert_int_equal(registration_of(db, b_session, aino), -1);
	assert_int_equal(registration_of(db, a_session, zacharias), -1);
}

/* ---- 2. Quick registration (notice §1.4) ---- */

static void test_quick_add(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	long long course = course_add(officer, "Työturvallisuuskortti", CERTIFICATE_KIND_CERTIFICATE, 60);
	long long training = session_add(officer, course, "2026-12-01 09:00", f->trainer_a.account_id, 0);
	long long sahko = organisation_add(officer, "Äänekosken Sähkö Oy");
	long long organisations = sql_int(db, "SELECT count(*) FROM organisation");
	char text[512];

	/* Registered by the employer: source "employer"; the organisation found
	 * by its name, case and accents ignored. */
	long long aino = quick_add_ok(officer, training, "Aino", "Äyräpää", "AANEKOSKEN sahko oy", "aino@example.fi",
				      REGISTRAR_EMPLOYER, "Äänekosken Sähkö Oy");
	assert_true(has_category(db, aino, "training"));
	contact_column(db, aino, "source", text, sizeof text);
	assert_string_equal(text, "employer");
	assert_int_equal(sql_int(db, "SELECT organisation_id FROM contact WHERE id = %lld", aino), sahko);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM organisation"), organisations);
	contact_column(db, aino, "first_name", text, sizeof text);
	assert_string_equal(text, "Aino");
	contact_column(db, aino, "last_name", text, sizeof text);
	assert_string_equal(text, "Äyräpää");
	long long registration = registration_of(db, training, aino);
	assert_true(registration > 0);
	registration_column(db, registration, "registered_by", text, sizeof text);
	assert_string_equal(text, "employer");
	registration_column(db, registration, "registered_by_name", text, sizeof text);
	assert_string_equal(text, "Äänekosken Sähkö Oy");

	/* Registered by another party: source "registering-party" naming it; a
	 * new organisation is created. */
	long long olli = quick_add_ok(officer, training, "Olli", "Muukalainen", "Uusi Yritys Oy", "",
				      REGISTRAR_OTHER, "Koulutuskeskus Salpaus");
	contact_column(db, olli, "source", text, sizeof text);
	assert_string_equal(text, "registering-party");
	contact_column(db, olli, "source_detail", text, sizeof text);
	assert_string_equal(text, "Koulutuskeskus Salpaus");
	assert_true(has_category(db, olli, "training"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM organisation"), organisations + 1);
	sql_text(db, text, sizeof text, "SELECT o.name FROM contact c JOIN organisation o ON o.id = c.organisation_id "
		 "WHERE c.id = %lld", olli);
	assert_string_equal(text, "Uusi Yritys Oy");

	/* Registered themselves: source "person". */
	long long sami = quick_add_ok(officer, training, "Sami", "Itse", "", "", REGISTRAR_SELF, "");
	contact_column(db, sami, "source", text, sizeof text);
	assert_string_equal(text, "person");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld AND organisation_id IS NULL", sami), 1);
	assert_true(has_category(db, sami, "training"));

	/* The employer unnamed: refused, nothing created. */
	long long contacts = contact_count(db);
	organisations = sql_int(db, "SELECT count(*) FROM organisation");
	struct quick_participant person;
	quick_person(&person, "Eero", "Nimetön", "Tyhjä Työnantaja Oy", "", REGISTRAR_EMPLOYER, "");
	struct contact_duplicate duplicates[8];
	int duplicate_count = -1;
	long long contact_id = -1;
	assert_int_equal(training_quick_add(officer, training, &person, false, duplicates, &duplicate_count, &contact_id),
			 STATUS_ERR_INVALID);
	assert_int_equal(contact_id, 0);
	assert_int_equal(contact_count(db), contacts);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM organisation"), organisations);

	/* The officer is shown a likely duplicate: the same e-mail ... */
	quick_person(&person, "Aino", "Toinen", "", "AINO@Example.fi", REGISTRAR_SELF, "");
	duplicate_count = -1;
	contact_id = -1;
	assert_int_equal(training_quick_add(officer, training, &person, false, duplicates, &duplicate_count, &contact_id),
			 STATUS_ERR_EXISTS);
	assert_int_equal(duplicate_count, 1);
	assert_int_equal(duplicates[0].id, aino);
	assert_int_equal(duplicates[0].match, DUPLICATE_EMAIL);
	assert_int_equal(contact_id, 0);
	assert_int_equal(contact_count(db), contacts);

	/* ... or the same name at the same organisation (found by name). */
	quick_person(&person, "AINO", "Ayrapaa", "Äänekosken Sähkö Oy", "", REGISTRAR_SELF, "");
	duplicate_count = -1;
	assert_int_equal(training_quick_add(officer, training, &person, false, duplicates, &duplicate_count, &contact_id),
			 STATUS_ERR_EXISTS);
	assert_int_equal(duplicate_count, 1);
	assert_int_equal(duplicates[0].id, aino);
	assert_int_equal(duplicates[0].match, DUPLICATE_NAME);
	assert_int_equal(contact_count(db), contacts);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE session_id = %lld", training), 3);

	/* Saved anyway when forced: a new contact, the confirmation audited. */
	EXPECT_OK(officer, training_quick_add(officer, training, &person, true, duplicates, &duplicate_count, &contact_id));
	assert_true(contact_id > 0 && contact_id != aino);
	assert_int_equal(contact_count(db), contacts + 1);
	assert_true(registration_of(db, training, contact_id) > 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'contact.duplicate-confirmed' AND "
				 "record_id = %lld", contact_id), 1);
	contacts = contact_count(db);

	/* Issue 12: a trainer never sees or links people outside their
	 * sessions. Zacharias's e-mail typed under the name given: a new
	 * participant as typed, flagged "possible duplicate" of his record for
	 * reception, and nothing of him in anything the trainer is shown. */
	struct session *trainer = &f->trainer_a;
	long long own = session_add(trainer, course, "2026-12-10 09:00", 0, 0);
	long long zacharias = contact_add(&f->reception, "Zacharias", "Register", "zach@example.fi", 0);
	contacts = contact_count(db);
	quick_person(&person, "Zack", "R", "", "Zach@Example.FI", REGISTRAR_SELF, "");
	memset(duplicates, 0, sizeof duplicates);
	duplicate_count = -1;
	contact_id = -1;
	EXPECT_OK(trainer, training_quick_add(trainer, own, &person, false, duplicates, &duplicate_count, &contact_id));
	assert_true(contact_id > 0 && contact_id != zacharias);
	assert_int_equal(duplicate_count, 0);
	for (size_t i = 0; i < COUNT(duplicates); i++)
		if (duplicates[i].id != 0 || duplicates[i].name[0])
			fail_msg("a trainer was shown a contact of the register: #%lld %s", duplicates[i].id, duplicates[i].name);
	assert_int_equal(contact_count(db), contacts + 1);
	assert_true(registration_of(db, own, zacharias) <= 0);
	assert_true(registration_of(db, own, contact_id) > 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM possible_duplicate WHERE contact_id = %lld AND other_id = %lld "
				 "AND match = 'e-mail'", contact_id, zacharias), 1);
	struct participant participants[8];
	int participant_count = training_participants(trainer, own, participants, 8);
	assert_int_equal(participant_count, 1);
	assert_string_equal(participants[0].name, "R, Zack");
	struct contact_row candidates[8];
	int candidate_count = training_candidates(trainer, "Register", candidates, 8);
	if (candidate_count != 0)
		fail_msg("candidates %d: %s", candidate_count, db->error);
	assert_int_equal(training_candidates(trainer, "zach", candidates, 8), 1);
	assert_string_equal(candidates[0].name, "R, Zack");
	/* The flag is the trainer's to make, not to read. */
	struct contact_duplicate flagged[4];
	assert_int_equal(contact_possible_duplicates(trainer, contact_id, flagged, 4), -1);
	assert_int_equal(contact_possible_duplicates(&f->reception, contact_id, flagged, 4), 1);
	assert_int_equal(flagged[0].id, zacharias);
	assert_int_equal(contact_possible_duplicates(&f->reception, zacharias, flagged, 4), 1);
	assert_int_equal(flagged[0].id, contact_id);
	/* ... marked in reception's list ... */
	struct contact_query query = { "zack", 0 };
	struct contact_row rows[4];
	assert_int_equal(contact_search_page(&f->reception, &query, NULL, false, rows, 4), 1);
	assert_non_null(strchr(rows[0].markers, 'D'));
	long long zack = contact_id;
	/* Without an e-mail, the same name: flagged by name the same way,
	 * instead of silently making a second record. */
	quick_person(&person, "Aino", "Äyräpää", "Äänekosken Sähkö Oy", "", REGISTRAR_SELF, "");
	duplicate_count = -1;
	EXPECT_OK(trainer, training_quick_add(trainer, own, &person, false, duplicates, &duplicate_count, &contact_id));
	assert_int_equal(duplicate_count, 0);
	assert_true(contact_id > 0 && contact_id != aino);
	for (size_t i = 0; i < COUNT(duplicates); i++)
		if (duplicates[i].id != 0 || duplicates[i].name[0])
			fail_msg("a trainer was shown a contact of the register: #%lld %s", duplicates[i].id, duplicates[i].name);
	assert_int_equal(contact_count(db), contacts + 2);
	assert_int_equal(sql_int(db, "SELECT organisation_id FROM contact WHERE id = %lld", contact_id), sahko);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM possible_duplicate WHERE contact_id = %lld AND other_id = %lld "
				 "AND match = 'name'", contact_id, aino), 1);
	/* A different e-mail, no organisation: a new contact, flagged by name. */
	quick_person(&person, "Zacharias", "Register", "", "z.register@example.org", REGISTRAR_SELF, "");
	EXPECT_OK(trainer, training_quick_add(trainer, own, &person, false, duplicates, &duplicate_count, &contact_id));
	assert_int_equal(duplicate_count, 0);
	assert_true(contact_id != zacharias);
	assert_int_equal(contact_count(db), contacts + 3);
	/* ... and reception settles them: a merge clears the pair's flag,
	 * "not the same person" dismisses one. */
	struct contact merged;
	contact_init(&merged);
	EXPECT_OK(&f->reception, contact_load(&f->reception, zacharias, false, &merged));
	EXPECT_OK(&f->reception, contact_merge(&f->reception, zacharias, zack, &merged));
	contact_free(&merged);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM possible_duplicate WHERE contact_id = %lld OR other_id = %lld", zack,
				 zack), 0);
	assert_int_equal(contact_dismiss_possible_duplicates(trainer, contact_id), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(&f->reception, contact_dismiss_possible_duplicates(&f->reception, contact_id));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM possible_duplicate WHERE contact_id = %lld", contact_id), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'contact.duplicate-dismissed' AND "
				 "record_id = %lld", contact_id), 1);
}

/* ---- 3. Registration ---- */

static void test_register(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	long long course = course_add(officer, "Ensiapu 1", CERTIFICATE_KIND_CERTIFICATE, 36);
	long long training = session_add(officer, course, "2026-11-03 08:30", f->trainer_a.account_id, 0);
	long long helmi = contact_add(&f->reception, "Helmi", "Häkkinen", "helmi@example.fi", 0);
	assert_false(has_category(db, helmi, "training"));

	EXPECT_OK(officer, training_register(officer, training, helmi, REGISTRAR_EMPLOYER, "Häkkisen Huolto Oy"));
	assert_true(has_category(db, helmi, "training"));
	assert_true(has_category(db, helmi, "customer"));   /* added, not replaced */
	struct contact contact;
	contact_init(&contact);
	EXPECT_OK(officer, contact_load(officer, helmi, false, &contact));
	assert_true(contact.categories & (1u << CATEGORY_TRAINING));
	contact_free(&contact);

	/* Twice: still one registration, and who registered them stays as
	 * recorded (notice §1.4): the second is refused as already registered. */
	assert_int_equal(training_register(officer, training, helmi, REGISTRAR_SELF, ""), STATUS_ERR_EXISTS);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE contact_id = %lld", helmi), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE contact_id = %lld AND registered_by = 'employer' "
				 "AND registered_by_name = 'Häkkisen Huolto Oy'", helmi), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact_category WHERE contact_id = %lld AND category = 'training'",
				 helmi), 1);
	long long registration = registration_of(db, training, helmi);
	struct training_session loaded;
	EXPECT_OK(officer, training_session_load(officer, training, &loaded));
	assert_int_equal(loaded.registered, 1);

	/* Cancelled, then registered again: the same row, registered. */
	EXPECT_OK(officer, training_cancel_registration(officer, registration));
	struct participant participants[8];
	assert_int_equal(training_participants(officer, training, participants, 8), 1);
	assert_true(participants[0].cancelled);
	EXPECT_OK(officer, training_session_load(officer, training, &loaded));
	assert_int_equal(loaded.registered, 0);
	EXPECT_OK(officer, training_register(officer, training, helmi, REGISTRAR_SELF, ""));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE contact_id = %lld", helmi), 1);
	char text[64];
	registration_column(db, registration, "status", text, sizeof text);
	assert_string_equal(text, "registered");
	registration_column(db, registration, "registered_by", text, sizeof text);
	assert_string_equal(text, "self");
	assert_int_equal(training_participants(officer, training, participants, 8), 1);
	assert_false(participants[0].cancelled);
	assert_int_equal(participants[0].contact_id, helmi);
	assert_string_equal(participants[0].name, "Häkkinen, Helmi");
	EXPECT_OK(officer, training_session_load(officer, training, &loaded));
	assert_int_equal(loaded.registered, 1);

	/* Another party must be named (notice §1.4); an unknown contact is refused. */
	long long other = contact_add(&f->reception, "Iiro", "Ilman", "", 0);
	assert_int_equal(training_register(officer, training, other, REGISTRAR_OTHER, ""), STATUS_ERR_INVALID);
	assert_int_equal(registration_of(db, training, other), -1);
	assert_int_equal(training_register(officer, training, 999999, REGISTRAR_SELF, ""), STATUS_ERR_NOT_FOUND);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration"), 1);
	/* Audited with field names only. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'training.register' AND "
				 "record_id = %lld", helmi), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE instr(fields, 'Häkkisen') > 0"), 0);
}

/* ---- 4. Attendance ---- */

static void test_attendance(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *trainer = &f->trainer_a;
	long long course = course_add(trainer, "Sähkötyöturvallisuus", CERTIFICATE_KIND_CERTIFICATE, 60);
	long long training = session_add(trainer, course, "2026-10-05 09:00", 0, 0);
	long long present = quick_add_ok(trainer, training, "Pia", "Paikalla", "", "", REGISTRAR_SELF, "");
	long long absent = quick_add_ok(trainer, training, "Aki", "Poissa", "", "", REGISTRAR_SELF, "");
	long long partly = quick_add_ok(trainer, training, "Osmo", "Osittain", "", "", REGISTRAR_SELF, "");
	long long unmarked = quick_add_ok(trainer, training, "Ulla", "Merkitsemätön", "", "", REGISTRAR_SELF, "");
	long long cancelled = quick_add_ok(trainer, training, "Kari", "Peruttu", "", "", REGISTRAR_SELF, "");
	long long r_present = registration_of(db, training, present);
	long long r_absent = registration_of(db, training, absent);
	long long r_partly = registration_of(db, training, partly);
	long long r_unmarked = registration_of(db, training, unmarked);
	long long r_cancelled = registration_of(db, training, cancelled);

	EXPECT_OK(trainer, training_mark(trainer, r_present, ATTENDANCE_PRESENT));
	EXPECT_OK(trainer, training_mark(trainer, r_absent, ATTENDANCE_ABSENT));
	EXPECT_OK(trainer, training_mark(trainer, r_partly, ATTENDANCE_PARTLY));
	EXPECT_OK(trainer, training_cancel_registration(trainer, r_cancelled));
	expect_attendance(db, r_present, "present");
	expect_attendance(db, r_absent, "absent");
	expect_attendance(db, r_partly, "partly");
	expect_attendance(db, r_unmarked, "");

	struct participant participants[8];
	assert_int_equal(training_participants(trainer, training, participants, 8), 5);
	for (int i = 0; i < 5; i++) {
		long long id = participants[i].registration_id;
		enum attendance expected = id == r_present ? ATTENDANCE_PRESENT : id == r_absent ? ATTENDANCE_ABSENT
			: id == r_partly ? ATTENDANCE_PARTLY : ATTENDANCE_UNMARKED;
		assert_int_equal(participants[i].attendance, expected);
		assert_int_equal(participants[i].cancelled, id == r_cancelled);
	}

	/* Everyone not yet marked, and only they: the absent stays absent, the
	 * cancelled stays unmarked. */
	int marked = -1;
	EXPECT_OK(trainer, training_mark_all_present(trainer, training, &marked));
	assert_int_equal(marked, 1);
	expect_attendance(db, r_unmarked, "present");
	expect_attendance(db, r_present, "present");
	expect_attendance(db, r_absent, "absent");
	expect_attendance(db, r_partly, "partly");
	expect_attendance(db, r_cancelled, "");
	EXPECT_OK(trainer, training_mark_all_present(trainer, training, &marked));
	assert_int_equal(marked, 0);
	struct training_session loaded;
	EXPECT_OK(trainer, training_session_load(trainer, training, &loaded));
	assert_int_equal(loaded.registered, 4);
	assert_int_equal(loaded.present, 2);

	/* A mark can be corrected. */
	EXPECT_OK(trainer, training_mark(trainer, r_absent, ATTENDANCE_PRESENT));
	expect_attendance(db, r_absent, "present");
	EXPECT_OK(trainer, training_mark(trainer, r_absent, ATTENDANCE_ABSENT));
	expect_attendance(db, r_absent, "absent");
	assert_true(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'training.attendance' AND "
			    "record_id = %lld", r_absent) >= 3);
}

/* ---- 5. Certificates and permit cards ---- */

static void test_certificates(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *trainer = &f->trainer_a;
	char text[128];

	/* Issued on 2026-01-31, valid one month: to the last day of February. */
	clock_override(utc_time(2026, 1, 31));
	long long card_course = course_add(officer, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 1);
	long long training = session_add(officer, card_course, "2026-01-31 09:00", trainer->account_id, 0);
	long long present = contact_add(&f->reception, "Paula", "Paikalla", "", 0);
	long long absent = contact_add(&f->reception, "Aapo", "Poissa", "", 0);
	long long partly = contact_add(&f->reception, "Oona", "Osittain", "", 0);
	long long cancelled = contact_add(&f->reception, "Kimmo", "Peruttu", "", 0);
	long long unmarked = contact_add(&f->reception, "Urho", "Unohdettu", "", 0);
	long long ids[] = { present, absent, partly, cancelled, unmarked };
	for (size_t i = 0; i < COUNT(ids); i++)
		EXPECT_OK(officer, training_register(officer, training, ids[i], REGISTRAR_SELF, ""));
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, present), ATTENDANCE_PRESENT));
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, absent), ATTENDANCE_ABSENT));
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, partly), ATTENDANCE_PARTLY));
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, cancelled), ATTENDANCE_PRESENT));
	EXPECT_OK(trainer, training_cancel_registration(trainer, registration_of(db, training, cancelled)));

	/* Issued by the officer: the issuer is still the session's trainer. */
	int issued = -1;
	EXPECT_OK(officer, training_issue_certificates(officer, training, &issued));
	assert_int_equal(issued, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate"), 1);
	assert_int_equal(sql_int(db, "SELECT contact_id FROM certificate"), present);
	assert_int_equal(sql_int(db, "SELECT registration_id FROM certificate"), registration_of(db, training, present));
	sql_text(db, text, sizeof text, "SELECT kind FROM certificate");
	assert_string_equal(text, "permit-card");
	sql_text(db, text, sizeof text, "SELECT issued_on FROM certificate");
	assert_string_equal(text, "2026-01-31");
	sql_text(db, text, sizeof text, "SELECT valid_until FROM certificate");
	assert_string_equal(text, "2026-02-28");
	assert_int_equal(sql_int(db, "SELECT issuer_account_id FROM certificate"), trainer->account_id);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE issuer_recipient_id IS NULL"), 1);
	struct participant participants[8];
	int count = training_participants(trainer, training, participants, 8);
	assert_int_equal(count, 5);
	for (int i = 0; i < count; i++) {
		if (participants[i].contact_id == present) {
			assert_true(participants[i].certificate_number[0] != '\0');
			assert_string_equal(participants[i].valid_until, "2026-02-28");
		} else {
			assert_string_equal(participants[i].certificate_number, "");
		}
	}

	/* Twice: nothing new. Then one more present: only that one. */
	EXPECT_OK(trainer, training_issue_certificates(trainer, training, &issued));
	assert_int_equal(issued, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate"), 1);
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, partly), ATTENDANCE_PRESENT));
	EXPECT_OK(trainer, training_issue_certificates(trainer, training, &issued));
	assert_int_equal(issued, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE contact_id = %lld", partly), 1);
	assert_int_equal(sql_int(db, "SELECT count(DISTINCT number) FROM certificate"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE contact_id IN (%lld, %lld, %lld)", absent,
				 cancelled, unmarked), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'training.certificate'"), 2);

	/* A leap year: 2024-01-31 + 1 month is 2024-02-29; the kind from the course. */
	clock_override(utc_time(2024, 1, 31));
	long long certificate_course = course_add(officer, "Ensiapu 2", CERTIFICATE_KIND_CERTIFICATE, 1);
	long long leap = session_add(officer, certificate_course, "2024-01-31 09:00", trainer->account_id, 0);
	EXPECT_OK(officer, training_register(officer, leap, present, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_mark(officer, registration_of(db, leap, present), ATTENDANCE_PRESENT));
	EXPECT_OK(officer, training_issue_certificates(officer, leap, &issued));
	assert_int_equal(issued, 1);
	sql_text(db, text, sizeof text, "SELECT valid_until FROM certificate WHERE registration_id = %lld",
		 registration_of(db, leap, present));
	assert_string_equal(text, "2024-02-29");
	sql_text(db, text, sizeof text, "SELECT kind FROM certificate WHERE registration_id = %lld",
		 registration_of(db, leap, present));
	assert_string_equal(text, "certificate");

	/* Five years: 2026-01-31 + 60 months is 2031-01-31. */
	clock_override(utc_time(2026, 1, 31));
	long long long_course = course_add(officer, "Tieturva 1", CERTIFICATE_KIND_PERMIT_CARD, 60);
	long long five = session_add(officer, long_course, "2026-01-31 09:00", trainer->account_id, 0);
	EXPECT_OK(officer, training_register(officer, five, present, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_mark(officer, registration_of(db, five, present), ATTENDANCE_PRESENT));
	EXPECT_OK(officer, training_issue_certificates(officer, five, &issued));
	assert_int_equal(issued, 1);
	sql_text(db, text, sizeof text, "SELECT valid_until FROM certificate WHERE registration_id = %lld",
		 registration_of(db, five, present));
	assert_string_equal(text, "2031-01-31");

	/* A course that leads to nothing: refused, nothing issued. */
	long long no_course = course_add(officer, "Perehdytys", CERTIFICATE_KIND_NONE, 0);
	long long induction = session_add(officer, no_course, "2026-01-31 13:00", trainer->account_id, 0);
	EXPECT_OK(officer, training_register(officer, induction, absent, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_mark(officer, registration_of(db, induction, absent), ATTENDANCE_PRESENT));
	long long certificates = sql_int(db, "SELECT count(*) FROM certificate");
	issued = -1;
	assert_int_equal(training_issue_certificates(officer, induction, &issued), STATUS_ERR_INVALID);
	assert_int_equal(issued, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate"), certificates);

	/* An external trainer's session: the issuer is that trainer (notice §2.6). */
	long long expert = recipient_add(officer, "Asiantuntija Oy", RECIPIENT_EXTERNAL_TRAINER, "FI");
	long long external = session_add(officer, card_course, "2026-01-31 15:00", 0, expert);
	EXPECT_OK(officer, training_register(officer, external, unmarked, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_mark(officer, registration_of(db, external, unmarked), ATTENDANCE_PRESENT));
	EXPECT_OK(officer, training_issue_certificates(officer, external, &issued));
	assert_int_equal(issued, 1);
	long long registration = registration_of(db, external, unmarked);
	assert_int_equal(sql_int(db, "SELECT issuer_recipient_id FROM certificate WHERE registration_id = %lld",
				 registration), expert);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE registration_id = %lld AND "
				 "issuer_account_id IS NULL", registration), 1);
}

/* ---- 6. Expiring cards ---- */

static void test_expiring(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *a = &f->trainer_a, *b = &f->trainer_b;

	/* Cards issued on 2026-01-15 for one month: valid until 2026-02-15. */
	clock_override(utc_time(2026, 1, 15));
	long long course = course_add(officer, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 1);
	long long a_session = session_add(a, course, "2026-01-15 09:00", 0, 0);
	long long b_session = session_add(b, course, "2026-01-15 10:00", 0, 0);
	long long anna = quick_add_ok(a, a_session, "Anna", "Aaltonen", "", "anna@example.fi", REGISTRAR_SELF, "");
	long long bruno = quick_add_ok(b, b_session, "Bruno", "Backman", "", "", REGISTRAR_SELF, "");
	int marked = 0, issued = 0;
	EXPECT_OK(a, training_mark_all_present(a, a_session, &marked));
	EXPECT_OK(a, training_issue_certificates(a, a_session, &issued));
	assert_int_equal(issued, 1);
	EXPECT_OK(b, training_mark_all_present(b, b_session, &marked));
	EXPECT_OK(b, training_issue_certificates(b, b_session, &issued));
	assert_int_equal(issued, 1);
	char number[64];
	sql_text(db, number, sizeof number, "SELECT number FROM certificate WHERE contact_id = %lld", anna);

	/* Today 2026-01-16: the cards run out in 30 days. */
	clock_override(utc_time(2026, 1, 16));
	struct expiring_card cards[8];
	assert_int_equal(training_expiring(officer, 90, cards, 8), 2);
	assert_int_equal(training_expiring(officer, 0, cards, 8), 2);   /* 0: the default 90 days */
	assert_int_equal(training_expiring(officer, 10, cards, 8), 0);
	assert_int_equal(training_expiring(officer, 29, cards, 8), 0);
	assert_int_equal(training_expiring(officer, 30, cards, 8), 2);

	/* A trainer: only their own sessions' cards. */
	assert_int_equal(training_expiring(a, 90, cards, 8), 1);
	assert_int_equal(cards[0].contact_id, anna);
	assert_string_equal(cards[0].name, "Aaltonen, Anna");
	assert_string_equal(cards[0].email, "anna@example.fi");
	assert_string_equal(cards[0].course, "Tulityökortti");
	assert_string_equal(cards[0].number, number);
	assert_string_equal(cards[0].valid_until, "2026-02-15");
	assert_int_equal(training_expiring(a, 10, cards, 8), 0);
	assert_int_equal(training_expiring(b, 90, cards, 8), 1);
	assert_int_equal(cards[0].contact_id, bruno);

	/* Once expired, no longer listed; reception has no access. */
	clock_override(utc_time(2026, 2, 16));
	assert_int_equal(training_expiring(officer, 90, cards, 8), 0);
	assert_int_equal(training_expiring(&f->reception, 90, cards, 8), -1);
}

/* ---- 7. Exports for an external trainer and a venue (notice §2.6, §2.7, §3.1) ---- */

static void test_exports(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *reception = &f->reception;
	char path[PATH_MAX], part[PATH_MAX + 8], sha256[65], content[8192], plain[8192];
	long long count = -1;

	long long kone = organisation_add(officer, "Kone Oyj");
	long long elisa = contact_add(reception, "Elisa", "Ekström", "elisa@example.fi", kone);
	long long jussi = contact_add(reception, "Jussi", "Järvinen", "jussi@example.fi", 0);
	long long peruttu = contact_add(reception, "Pertti", "Peruttu", "pertti@example.fi", kone);

	/* Our own trainer: nothing to disclose, no file. */
	long long course = course_add(officer, "Hissiasentaja", CERTIFICATE_KIND_CERTIFICATE, 12);
	long long internal = session_add(officer, course, "2026-09-01 09:00", f->trainer_a.account_id, 0);
	EXPECT_OK(officer, training_register(officer, internal, elisa, REGISTRAR_SELF, ""));
	snprintf(path, sizeof path, "%s/internal.csv", f->u->dir);
	assert_int_equal(training_export_for_trainer(officer, internal, path, sha256, &count), STATUS_ERR_INVALID);
	assert_false(file_exists(path));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure"), 0);

	/* An external trainer: names and organisations only, logged as a disclosure. */
	long long expert = recipient_add(officer, "Ulkoinen Kouluttaja Oy", RECIPIENT_EXTERNAL_TRAINER, "FI");
	long long external = session_add(officer, course, "2026-09-02 09:00", 0, expert);
	EXPECT_OK(officer, training_register(officer, external, elisa, REGISTRAR_EMPLOYER, "Kone Oyj"));
	EXPECT_OK(officer, training_register(officer, external, jussi, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_register(officer, external, peruttu, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_cancel_registration(officer, registration_of(db, external, peruttu)));
	snprintf(path, sizeof path, "%s/trainer.csv", f->u->dir);
	EXPECT_OK(officer, training_export_for_trainer(officer, external, path, sha256, &count));
	assert_int_equal(count, 2);
	assert_int_equal(strlen(sha256), 64);
	assert_true(read_whole(path, content, sizeof content));
	plain_csv(content, plain, sizeof plain);
	if (strcmp(plain, "first_name,last_name,organisation\nElisa,Ekström,Kone Oyj\nJussi,Järvinen,\n") != 0)
		fail_msg("the external trainer's list:\n%s", plain);
	assert_null(strstr(content, "@"));
	assert_null(strstr(content, "Peruttu"));
	struct stat info;
	assert_int_equal(stat(path, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0600);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure"), 1);
	long long disclosure = sql_int(db, "SELECT id FROM disclosure WHERE recipient_id = %lld", expert);
	assert_true(disclosure > 0);
	assert_int_equal(sql_int(db, "SELECT contact_count FROM disclosure WHERE id = %lld", disclosure), 2);
	char text[256];
	sql_text(db, text, sizeof text, "SELECT fields FROM disclosure WHERE id = %lld", disclosure);
	assert_string_equal(text, "first_name,last_name,organisation");
	sql_text(db, text, sizeof text, "SELECT file_sha256 FROM disclosure WHERE id = %lld", disclosure);
	assert_string_equal(text, sha256);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure_contact WHERE disclosure_id = %lld", disclosure), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure_contact WHERE disclosure_id = %lld AND "
				 "contact_id IN (%lld, %lld)", disclosure, elisa, jussi), 2);

	/* A venue in the EU: names only (notice §2.7). */
	long long venue = recipient_add(officer, "Kulttuuritalo", RECIPIENT_VENUE, "FI");
	long long gala = event_add(reception, "Asiakasgaala", "2026-06-12", venue);
	EXPECT_OK(reception, event_register(reception, gala, elisa, EVENT_SOURCE_SIGN_UP));
	EXPECT_OK(reception, event_register(reception, gala, jussi, EVENT_SOURCE_WEB));
	EXPECT_OK(reception, event_register(reception, gala, peruttu, EVENT_SOURCE_PHONE));
	EXPECT_OK(reception, event_cancel_registration(reception, event_registration_of(db, gala, peruttu)));
	snprintf(path, sizeof path, "%s/venue.csv", f->u->dir);
	count = -1;
	EXPECT_OK(reception, event_export_for_venue(reception, gala, path, sha256, &count));
	assert_int_equal(count, 2);
	assert_true(read_whole(path, content, sizeof content));
	plain_csv(content, plain, sizeof plain);
	if (strcmp(plain, "first_name,last_name\nElisa,Ekström\nJussi,Järvinen\n") != 0)
		fail_msg("the venue's list:\n%s", plain);
	assert_null(strstr(content, "Kone"));
	assert_null(strstr(content, "@"));
	disclosure = sql_int(db, "SELECT id FROM disclosure WHERE recipient_id = %lld", venue);
	assert_true(disclosure > 0);
	assert_int_equal(sql_int(db, "SELECT contact_count FROM disclosure WHERE id = %lld", disclosure), 2);
	sql_text(db, text, sizeof text, "SELECT fields FROM disclosure WHERE id = %lld", disclosure);
	assert_string_equal(text, "first_name,last_name");
	assert_int_equal(sql_int(db, "SELECT made_by FROM disclosure WHERE id = %lld", disclosure), reception->account_id);

	/* Outside the EU/EEA without a safeguard: refused, no file, nothing logged (notice §3.1). */
	long long abroad = recipient_add(officer, "Conference Center Inc", RECIPIENT_VENUE, "US");
	long long summit = event_add(reception, "Asiakasseminaari New York", "2026-10-01", abroad);
	EXPECT_OK(reception, event_register(reception, summit, elisa, EVENT_SOURCE_EMAIL));
	snprintf(path, sizeof path, "%s/abroad.csv", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	long long disclosures = sql_int(db, "SELECT count(*) FROM disclosure");
	assert_int_equal(event_export_for_venue(reception, summit, path, sha256, &count), STATUS_ERR_TRANSFER_REFUSED);
	assert_false(file_exists(path));
	assert_false(file_exists(part));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure"), disclosures);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure WHERE recipient_id = %lld", abroad), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'disclosure.refused' AND "
				 "record_id = %lld", abroad), 1);
	/* The same for an external trainer abroad. */
	long long foreign = recipient_add(officer, "Overseas Training LLC", RECIPIENT_EXTERNAL_TRAINER, "US");
	long long far = session_add(officer, course, "2026-09-03 09:00", 0, foreign);
	EXPECT_OK(officer, training_register(officer, far, jussi, REGISTRAR_SELF, ""));
	snprintf(path, sizeof path, "%s/far.csv", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	assert_int_equal(training_export_for_trainer(officer, far, path, sha256, &count), STATUS_ERR_TRANSFER_REFUSED);
	assert_false(file_exists(path));
	assert_false(file_exists(part));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure"), disclosures);

	/* Our own premises: nothing to disclose. */
	long long home = event_add(reception, "Avoimet ovet", "2026-04-01", 0);
	EXPECT_OK(reception, event_register(reception, home, jussi, EVENT_SOURCE_IN_PERSON));
	snprintf(path, sizeof path, "%s/home.csv", f->u->dir);
	assert_int_equal(event_export_for_venue(reception, home, path, sha256, &count), STATUS_ERR_INVALID);
	assert_false(file_exists(path));
}

/* The list goes to the session's external trainer or the event's venue, so
 * each must be a recipient of that kind (notice §2.6, §2.7): the screens
 * offer only those, and a batch command or script may not name a partner.
 * An unknown event is named, not taken for one at our own premises. */
static void test_recipient_kinds_and_unknown_event(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *reception = &f->reception;
	long long partner = recipient_add(officer, "Markkinointi Oy", RECIPIENT_PARTNER, "FI");
	long long venue = recipient_add(officer, "Ähtärin Kongressitalo", RECIPIENT_VENUE, "FI");
	long long expert = recipient_add(officer, "Koulutus Åkerlund Oy", RECIPIENT_EXTERNAL_TRAINER, "FI");
	long long course = course_add(officer, "Tulityö", CERTIFICATE_KIND_PERMIT_CARD, 60);

	struct training_session training = { .course_id = course, .external_trainer_id = partner };
	snprintf(training.starts_at, sizeof training.starts_at, "%s", "2026-12-10 09:00");
	assert_int_equal(training_session_save(officer, &training), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "external trainer"));
	training.external_trainer_id = venue;
	assert_int_equal(training_session_save(officer, &training), STATUS_ERR_INVALID);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM training_session"), 0);
	training.external_trainer_id = expert;
	EXPECT_OK(officer, training_session_save(officer, &training));

	struct event event = { .venue_recipient_id = expert };
	snprintf(event.name, sizeof event.name, "%s", "Messut");
	snprintf(event.date, sizeof event.date, "%s", "30.12.2026");
	assert_int_equal(event_save(reception, &event), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "venue"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event"), 0);
	event.venue_recipient_id = venue;
	EXPECT_OK(reception, event_save(reception, &event));

	struct event loaded;
	EXPECT_OK(reception, event_load(reception, event.id, &loaded));
	assert_string_equal(loaded.name, "Messut");
	assert_string_equal(loaded.date, "2026-12-30");
	assert_int_equal(loaded.venue_recipient_id, venue);
	long long jussi = contact_add(reception, "Jussi", "Järvinen", "jussi@example.fi", 0);
	char path[PATH_MAX], sha256[65];
	long long count = -1;
	snprintf(path, sizeof path, "%s/none.csv", f->u->dir);
	assert_int_equal(event_load(reception, event.id + 100, &loaded), STATUS_ERR_NOT_FOUND);
	assert_int_equal(event_register(reception, event.id + 100, jussi, EVENT_SOURCE_WEB), STATUS_ERR_NOT_FOUND);
	assert_non_null(strstr(db->error, "no event #"));
	assert_int_equal(event_export_for_venue(reception, event.id + 100, path, sha256, &count), STATUS_ERR_NOT_FOUND);
	assert_non_null(strstr(db->error, "no event #"));
	assert_false(file_exists(path));
	assert_int_equal(event_load(&f->trainer_a, event.id, &loaded), STATUS_ERR_FORBIDDEN);
}

/* ---- 8. Events, what a contact took part in, and merging ---- */

static bool has_participation(const struct participation *rows, int count, const char *kind, const char *what,
			      const char *status_part)
{
	for (int i = 0; i < count; i++)
		if (strcmp(rows[i].kind, kind) == 0 && strcmp(rows[i].what, what) == 0 &&
		    strstr(rows[i].status, status_part))
			return true;
	return false;
}

static void dump_participations(const struct participation *rows, int count)
{
	for (int i = 0; i < count; i++)
		print_message("  %s | %s | %s | %s\n", rows[i].date, rows[i].kind, rows[i].what, rows[i].status);
}

static void test_events_and_participations(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *reception = &f->reception;
	struct session *trainer = &f->trainer_a;

	long long xenia = contact_add(reception, "Xenia", "Ylönen", "xenia@example.fi", 0);
	long long event = event_add(reception, "Asiakasilta 2026", "2026-05-20", 0);
	assert_false(has_category(db, xenia, "event"));
	EXPECT_OK(reception, event_register(reception, event, xenia, EVENT_SOURCE_SIGN_UP));
	assert_true(has_category(db, xenia, "event"));
	assert_true(has_category(db, xenia, "customer"));
	EXPECT_OK(reception, event_register(reception, event, xenia, EVENT_SOURCE_SIGN_UP));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event_registration WHERE contact_id = %lld", xenia), 1);
	struct event_guest guests[8];
	assert_int_equal(event_guests(reception, event, guests, 8), 1);
	assert_int_equal(guests[0].contact_id, xenia);
	assert_false(guests[0].present);
	assert_int_equal(guests[0].source, EVENT_SOURCE_SIGN_UP);
	EXPECT_OK(reception, event_mark(reception, guests[0].registration_id, true));
	assert_int_equal(event_guests(reception, event, guests, 8), 1);
	assert_true(guests[0].present);
	struct event events[4];
	assert_int_equal(event_list(reception, events, 4), 1);
	assert_int_equal(events[0].registered, 1);
	assert_int_equal(events[0].present, 1);

	/* A training with a permit card. */
	clock_override(utc_time(2026, 3, 10));
	long long course = course_add(trainer, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 60);
	long long training = session_add(trainer, course, "2026-03-10 09:00", 0, 0);
	EXPECT_OK(officer, training_register(officer, training, xenia, REGISTRAR_SELF, ""));
	EXPECT_OK(trainer, training_mark(trainer, registration_of(db, training, xenia), ATTENDANCE_PRESENT));
	int issued = 0;
	EXPECT_OK(trainer, training_issue_certificates(trainer, training, &issued));
	assert_int_equal(issued, 1);
	char number[64];
	sql_text(db, number, sizeof number, "SELECT number FROM certificate WHERE contact_id = %lld", xenia);
	assert_true(number[0] != '\0');

	/* The contact's trainings and events, for the detail. */
	struct participation rows[16];
	int count = training_participations(reception, xenia, rows, 16);
	if (count != 2 || !has_participation(rows, count, "training", "Tulityökortti", number) ||
	    !has_participation(rows, count, "training", "Tulityökortti", "2031-03-10") ||
	    !has_participation(rows, count, "event", "Asiakasilta 2026", "present")) {
		dump_participations(rows, count);
		fail_msg("training_participations: %d rows, expected the training with card %s and the event", count, number);
	}
	/* A trainer does not read the register's contact detail. */
	assert_int_equal(training_participations(trainer, xenia, rows, 16), -1);

	/* Merging moves registrations, certificates and event registrations. */
	long long other = contact_add(reception, "Xenia", "Ylönen", "", 0);
	long long second_event = event_add(reception, "Kevätseminaari", "2026-04-15", 0);
	EXPECT_OK(reception, event_register(reception, second_event, other, EVENT_SOURCE_PHONE));
	long long second_course = course_add(trainer, "Ensiapu 1", CERTIFICATE_KIND_CERTIFICATE, 36);
	long long second_training = session_add(trainer, second_course, "2026-03-11 09:00", 0, 0);
	EXPECT_OK(officer, training_register(officer, second_training, other, REGISTRAR_SELF, ""));
	long long other_registration = registration_of(db, second_training, other);
	EXPECT_OK(trainer, training_mark(trainer, other_registration, ATTENDANCE_PRESENT));
	EXPECT_OK(trainer, training_issue_certificates(trainer, second_training, &issued));
	assert_int_equal(issued, 1);
	long long other_certificate = sql_int(db, "SELECT id FROM certificate WHERE contact_id = %lld", other);
	assert_true(other_certificate > 0);

	struct contact merged;
	contact_init(&merged);
	EXPECT_OK(reception, contact_load(reception, xenia, false, &merged));
	EXPECT_OK(reception, contact_merge(reception, xenia, other, &merged));
	contact_free(&merged);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE contact_id = %lld", other), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE contact_id = %lld", other), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event_registration WHERE contact_id = %lld", other), 0);
	assert_int_equal(sql_int(db, "SELECT contact_id FROM registration WHERE id = %lld", other_registration), xenia);
	assert_int_equal(sql_int(db, "SELECT contact_id FROM certificate WHERE id = %lld", other_certificate), xenia);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE contact_id = %lld", xenia), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE contact_id = %lld", xenia), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event_registration WHERE contact_id = %lld", xenia), 2);
	count = training_participations(reception, xenia, rows, 16);
	if (count != 4 || !has_participation(rows, count, "training", "Ensiapu 1", "") ||
	    !has_participation(rows, count, "event", "Kevätseminaari", "")) {
		dump_participations(rows, count);
		fail_msg("after the merge: %d participations, expected 4", count);
	}
	/* The trainer still sees the moved participant in the session. */
	struct participant participants[4];
	assert_int_equal(training_participants(trainer, second_training, participants, 4), 1);
	assert_int_equal(participants[0].contact_id, xenia);
	assert_true(participants[0].certificate_number[0] != '\0');
}

/* Two records of one person in the same session (a trainer added them anew,
 * for reception to merge): the merge must succeed and keep the card. */
static void test_merge_same_session(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *reception = &f->reception;
	struct session *trainer = &f->trainer_a;
	long long course = course_add(trainer, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 60);
	long long training = session_add(trainer, course, "2026-03-10 09:00", 0, 0);
	long long survivor = contact_add(reception, "Veera", "Väisänen", "veera@example.fi", 0);
	EXPECT_OK(officer, training_register(officer, training, survivor, REGISTRAR_SELF, ""));
	long long other = quick_add_ok(trainer, training, "Veera", "Väisänen", "", "", REGISTRAR_SELF, "");
	assert_true(other != survivor);
	long long other_registration = registration_of(db, training, other);
	EXPECT_OK(trainer, training_mark(trainer, other_registration, ATTENDANCE_PRESENT));
	int issued = 0;
	EXPECT_OK(trainer, training_issue_certificates(trainer, training, &issued));
	assert_int_equal(issued, 1);
	char number[64];
	sql_text(db, number, sizeof number, "SELECT number FROM certificate WHERE contact_id = %lld", other);

	struct contact merged;
	contact_init(&merged);
	EXPECT_OK(reception, contact_load(reception, survivor, false, &merged));
	enum status status = contact_merge(reception, survivor, other, &merged);
	contact_free(&merged);
	expect_status(reception, status, STATUS_OK, "contact_merge of two registrations of the same session");
	assert_int_equal(sql_int(db, "SELECT merged_into FROM contact WHERE id = %lld", other), survivor);
	/* The card issued at the session stays, now the survivor's. */
	char text[64];
	sql_text(db, text, sizeof text, "SELECT number FROM certificate WHERE contact_id = %lld", survivor);
	assert_string_equal(text, number);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE session_id = %lld", training), 1);
}

/* ---- 9. Permissions of the roles ---- */

static void test_permissions(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	struct session *officer = &f->officer;
	struct session *reception = &f->reception;
	struct session *trainer = &f->trainer_a;
	long long contact = contact_add(reception, "Reija", "Rekisteri", "", 0);

	/* Reception manages events ... */
	long long event = event_add(reception, "Syysseminaari", "2026-09-09", 0);
	struct event events[4];
	assert_int_equal(event_list(reception, events, 4), 1);
	EXPECT_OK(reception, event_register(reception, event, contact, EVENT_SOURCE_EMAIL));
	long long registration = event_registration_of(db, event, contact);
	EXPECT_OK(reception, event_mark(reception, registration, true));
	struct event_guest guests[4];
	assert_int_equal(event_guests(reception, event, guests, 4), 1);

	/* ... but not trainings. */
	long long denied = denied_count(db, reception->account_id);
	struct course course;
	memset(&course, 0, sizeof course);
	snprintf(course.name, sizeof course.name, "%s", "Vastaanoton kurssi");
	course.certificate_kind = CERTIFICATE_KIND_CERTIFICATE;
	assert_int_equal(course_save(reception, &course), STATUS_ERR_FORBIDDEN);
	assert_int_equal(course.id, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM course"), 0);
	assert_true(denied_count(db, reception->account_id) == denied + 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied' AND "
				 "account_id = %lld AND fields = 'MANAGE_TRAININGS'", reception->account_id), 1);
	struct course courses[4];
	assert_int_equal(course_list(reception, courses, 4), -1);
	long long course_id = course_add(officer, "Tulityökortti", CERTIFICATE_KIND_PERMIT_CARD, 60);
	struct training_session training;
	memset(&training, 0, sizeof training);
	training.course_id = course_id;
	snprintf(training.starts_at, sizeof training.starts_at, "%s", "2026-12-01 09:00");
	training.trainer_account_id = trainer->account_id;
	assert_int_equal(training_session_save(reception, &training), STATUS_ERR_FORBIDDEN);
	long long session_id = session_add(officer, course_id, "2026-12-01 09:00", trainer->account_id, 0);
	struct training_session list[4];
	assert_int_equal(training_session_list(reception, list, 4), -1);
	assert_int_equal(training_session_load(reception, session_id, &training), STATUS_ERR_FORBIDDEN);
	assert_int_equal(training_register(reception, session_id, contact, REGISTRAR_SELF, ""), STATUS_ERR_FORBIDDEN);
	struct contact_row rows[4];
	assert_int_equal(training_candidates(reception, "reija", rows, 4), -1);
	struct expiring_card cards[4];
	assert_int_equal(training_expiring(reception, 90, cards, 4), -1);
	assert_int_equal(registration_of(db, session_id, contact), -1);

	/* A trainer may not manage events. */
	denied = denied_count(db, trainer->account_id);
	struct event attempt;
	memset(&attempt, 0, sizeof attempt);
	snprintf(attempt.name, sizeof attempt.name, "%s", "Kouluttajan ilta");
	snprintf(attempt.date, sizeof attempt.date, "%s", "2026-09-10");
	assert_int_equal(event_save(trainer, &attempt), STATUS_ERR_FORBIDDEN);
	assert_int_equal(attempt.id, 0);
	assert_int_equal(event_list(trainer, events, 4), -1);
	assert_int_equal(event_guests(trainer, event, guests, 4), -1);
	assert_int_equal(event_register(trainer, event, contact, EVENT_SOURCE_EMAIL), STATUS_ERR_FORBIDDEN);
	assert_int_equal(event_mark(trainer, registration, false), STATUS_ERR_FORBIDDEN);
	assert_int_equal(event_cancel_registration(trainer, registration), STATUS_ERR_FORBIDDEN);
	char path[PATH_MAX], sha256[65];
	long long count = 0;
	snprintf(path, sizeof path, "%s/trainer-event.csv", f->u->dir);
	assert_int_equal(event_export_for_venue(trainer, event, path, sha256, &count), STATUS_ERR_FORBIDDEN);
	assert_false(file_exists(path));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event"), 1);
	char text[32];
	sql_text(db, text, sizeof text, "SELECT attendance || '/' || status FROM event_registration WHERE id = %lld",
		 registration);
	assert_string_equal(text, "present/registered");
	assert_true(denied_count(db, trainer->account_id) >= denied + 7);

	/* The menus follow the same table. */
	assert_true(permission_allows(ROLE_RECEPTION, PERMISSION_MANAGE_EVENTS));
	assert_false(permission_allows(ROLE_RECEPTION, PERMISSION_MANAGE_TRAININGS));
	assert_true(permission_allows(ROLE_TRAINER, PERMISSION_MANAGE_TRAININGS));
	assert_false(permission_allows(ROLE_TRAINER, PERMISSION_MANAGE_EVENTS));
	assert_false(permission_allows(ROLE_TRAINER, PERMISSION_VIEW_REGISTER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trainer_isolation, setup_officer_only, teardown),
		cmocka_unit_test_setup_teardown(test_quick_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_certificates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recipient_kinds_and_unknown_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_and_participations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_same_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

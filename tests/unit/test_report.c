/* The access report is complete (GDPR Art. 15; notice §6.1, §1.4, §2, §3,
 * §4, §6.8): a person with every kind of data the register keeps (requests,
 * an ID check, a charge decision, a review decision, views, disclosures of
 * several kinds with a transfer outside the EU/EEA, a training their
 * employer registered them for, a legal hold, more than 256 disclosures and
 * more than 200 consent events) finds each of them in the text and in the
 * JSON; every Art. 15(1) item is there; codes are words; staff are named
 * only when the privacy officer's setting says so (CJEU C-579/21); and a
 * failed read stops the report instead of leaving a section empty. */
#include "unit.h"
#include "erasure.h"
#include "report.h"
#include "report_checks.h"

#include <libintl.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "i18n.h"
#include "organisation.h"
#include "request.h"
#include "review.h"
#include "settings.h"
#include "text.h"
#include "training.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])
#define CONSENT_EVENTS 205      /* more than the 200 today's report reads */
#define MANUAL_DISCLOSURES 260  /* more than the 256 today's report reads */

struct fixture {
	struct unit_db *u;
	struct session officer, reception, trainer;
	long long person, other, request;
	char *texts[32];             /* reports and their unwrapped copies, freed by teardown */
	int text_count;
};

static time_t utc_noon(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	return timegm(&parts);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_override(utc_noon(2026, 3, 15));
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
		for (int i = 0; i < f->text_count; i++)
			free(f->texts[i]);
		unit_close(f->u);
		free(f);
	}
	*state = NULL;
	return 0;
}

static char *keep(struct fixture *f, char *text)
{
	assert_true(f->text_count < (int)COUNT(f->texts));
	f->texts[f->text_count++] = text;
	return text;
}

/* The report as a string; *status is report_write's. */
static char *report_of(struct fixture *f, struct session *session, const char *language, enum report_format format,
		       enum status *status)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	*status = report_write(session, f->request, f->person, language, format, out);
	assert_int_equal(fclose(out), 0);
	assert_non_null(text);
	return keep(f, text);
}

/* Every run of white space as one space: the text report wraps values. */
static const char *unwrapped(struct fixture *f, const char *text)
{
	char *out = malloc(strlen(text) + 1);
	assert_non_null(out);
	char *end = out;
	for (const char *p = text; *p; p++) {
		bool space = *p == ' ' || *p == '\n' || *p == '\t';
		if (!space)
			*end++ = *p;
		else if (end > out && end[-1] != ' ')
			*end++ = ' ';
	}
	*end = '\0';
	return keep(f, out);
}

/* ---- A person with every kind of data ---- */

static long long add_recipient(struct session *officer, const char *name, enum recipient_kind kind, const char *country,
			       enum safeguard safeguard, const char *reference)
{
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", name);
	recipient.kind = kind;
	snprintf(recipient.country, sizeof recipient.country, "%s", country);
	recipient.safeguard = safeguard;
	snprintf(recipient.safeguard_reference, sizeof recipient.safeguard_reference, "%s", reference);
	if (safeguard != SAFEGUARD_NONE)
		snprintf(recipient.safeguard_date, sizeof recipient.safeguard_date, "%s", "2024-01-15");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	return recipient.id;
}

static void manual_disclosure(struct session *officer, long long contact_id, long long recipient_id, const char *purpose)
{
	struct manual_disclosure *disclosure = calloc(1, sizeof *disclosure);
	assert_non_null(disclosure);
	disclosure->recipient_id = recipient_id;
	snprintf(disclosure->purpose, sizeof disclosure->purpose, "%s", purpose);
	snprintf(disclosure->legal_ground, sizeof disclosure->legal_ground, "%s", "contract (GDPR Art. 6(1)(b))");
	snprintf(disclosure->fields, sizeof disclosure->fields, "%s", "first_name,last_name,organisation");
	snprintf(disclosure->made_on, sizeof disclosure->made_on, "%s", "2026-03-01");
	EXPECT_OK(officer, disclosure_record(officer, contact_id, disclosure));
	free(disclosure);
}

static void build_person(struct fixture *f)
{
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	/* One transaction around it all: the test's speed, not a rule. */
	EXPECT_OK(officer, database_begin(db));
	EXPECT_OK(officer, settings_set(db, SETTING_SUPERVISORY_AUTHORITY, "Valvoja Testi, PL 800, 00531 Helsinki"));
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, "Työnantaja Täysi Oy");
	EXPECT_OK(officer, organisation_save(officer, &organisation));
	long long organisation_id = organisation.id;
	organisation_free(&organisation);

	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Raili");
	contact_set(&contact, CONTACT_LAST_NAME, "Täydellinen");
	contact_set(&contact, CONTACT_TITLE, "Huoltoinsinööri");
	contact_set(&contact, CONTACT_EMAIL, "raili.taydellinen@example.fi");
	contact_set(&contact, CONTACT_PHONE, "040 1112223");
	contact_set(&contact, CONTACT_SOURCE, "registering-party");
	contact_set(&contact, CONTACT_SOURCE_DETAIL, "Lähdeyhtiö Kumppani Oy");
	contact_set(&contact, CONTACT_INTEREST_CHANNEL, "web");
	contact_set(&contact, CONTACT_INTEREST_DATE, "2025-11-11");
	contact.organisation_id = organisation_id;
	contact.categories = 1u << CATEGORY_CUSTOMER | 1u << CATEGORY_PROSPECT;
	EXPECT_OK(officer, contact_save(officer, &contact, true, NULL));
	f->person = contact.id;
	contact_free(&contact);
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Toinen");
	contact_set(&contact, CONTACT_LAST_NAME, "Ulkopuolinen");
	contact_set(&contact, CONTACT_EMAIL, "toinen.ulkopuolinen@example.fi");
	EXPECT_OK(officer, contact_save(officer, &contact, true, NULL));
	f->other = contact.id;
	contact_free(&contact);

	struct maintenance_reference reference = { .kind = 0 };
	snprintf(reference.reference, sizeof reference.reference, "%s", "SA-9001");
	snprintf(reference.date, sizeof reference.date, "%s", "2025-06-06");
	EXPECT_OK(officer, contact_add_reference(officer, f->person, &reference));

	/* More consent events than today's report reads, each with its own note
	 * (in one transaction: the test's speed, not a rule). */
	EXPECT_OK(officer, database_begin(db));
	for (int i = 0; i < CONSENT_EVENTS; i++) {
		struct consent_event event = { .state = i % 2 ? CONSENT_STATE_OBJECTION : CONSENT_STATE_CONSENT,
					       .channel = CONSENT_CHANNEL_EMAIL };
		snprintf(event.purpose, sizeof event.purpose, "%s", "newsletter");
		snprintf(event.given_on, sizeof event.given_on, "2025-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28);
		snprintf(event.note, sizeof event.note, "kirje-%03d", i);
		EXPECT_OK(officer, consent_record(officer, f->person, &event));
	}
	EXPECT_OK(officer, database_commit(db));

	/* A training her employer registered her for, with a certificate, and
	 * an event at a third party's venue. */
	struct course course;
	memset(&course, 0, sizeof course);
	snprintf(course.name, sizeof course.name, "%s", "Tulityökurssi Täysi");
	course.certificate_kind = CERTIFICATE_KIND_PERMIT_CARD;
	course.validity_months = 60;
	EXPECT_OK(officer, course_save(officer, &course));
	struct training_session training;
	memset(&training, 0, sizeof training);
	training.course_id = course.id;
	snprintf(training.starts_at, sizeof training.starts_at, "%s", "2026-03-10 09:00");
	snprintf(training.place, sizeof training.place, "%s", "Koulutustila Täysi");
	training.trainer_account_id = f->trainer.account_id;
	EXPECT_OK(officer, training_session_save(officer, &training));
	EXPECT_OK(officer, training_register(officer, training.id, f->person, REGISTRAR_EMPLOYER, "Työnantaja Täysi Oy"));
	long long registration = sql_int(db, "SELECT id FROM registration WHERE contact_id = %lld", f->person);
	EXPECT_OK(officer, training_mark(officer, registration, ATTENDANCE_PRESENT));
	int issued = 0;
	EXPECT_OK(officer, training_issue_certificates(officer, training.id, &issued));
	assert_int_equal(issued, 1);
	long long venue = add_recipient(officer, "Tapahtumatalo Täysi", RECIPIENT_VENUE, "FI", SAFEGUARD_NONE, "");
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Asiakasilta Täysi");
	snprintf(event.date, sizeof event.date, "%s", "2026-02-20");
	event.venue_recipient_id = venue;
	EXPECT_OK(officer, event_save(officer, &event));
	EXPECT_OK(officer, event_register(officer, event.id, f->person, EVENT_SOURCE_WEB));

	/* An export outside the EU/EEA with its safeguard, holding both people;
	 * then more disclosures by hand than today's report reads, of two kinds. */
	long long faraway = add_recipient(officer, "Faraway Surveys Inc", RECIPIENT_SURVEY_PARTNER, "US", SAFEGUARD_SCC,
					  "SCC 2021/914 moduuli 2");
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/survey.csv", f->u->dir);
	struct export_preview preview;
	EXPECT_OK(officer, export_write(officer, "survey", faraway, path, &preview, sha));
	long long partner = add_recipient(officer, "Kumppani Toimitus Oy", RECIPIENT_PARTNER, "FI", SAFEGUARD_NONE, "");
	long long group = add_recipient(officer, "Konserni Laskutus Ab", RECIPIENT_GROUP_COMPANY, "SE", SAFEGUARD_NONE, "");
	EXPECT_OK(officer, database_begin(db));
	for (int i = 0; i < MANUAL_DISCLOSURES; i++) {
		char purpose[64];
		snprintf(purpose, sizeof purpose, "toimitus-%03d", i);
		manual_disclosure(officer, f->person, partner, purpose);
	}
	EXPECT_OK(officer, database_commit(db));
	manual_disclosure(officer, f->person, group, "laskutus konsernissa");
	manual_disclosure(officer, f->other, partner, "toisen-henkilon-toimitus");

	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = f->person;
	hold.law = HOLD_ACCOUNTING_VOUCHER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "laskujen yhteystiedot 2025");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(officer, hold_add(officer, &hold));

	/* The annual review kept her, with a reason. */
	EXPECT_OK(officer, review_keep(officer, f->person, "huoltosopimus voimassa vuoteen 2028"));

	/* Reception viewed her record. */
	contact_init(&contact);
	EXPECT_OK(&f->reception, contact_load(&f->reception, f->person, true, &contact));
	contact_free(&contact);

	/* Her e-mail was obtained in a sale with a refusal offered (917/2014 §200(2)). */
	EXPECT_OK(officer, consent_sale_email_record(officer, f->person, "2026-01-15", "kauppa tiskillä"));

	/* An earlier inspection, completed: once closed, only what accountability
	 * needs stays (issue 13), not the details given or the outcome typed. */
	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_EMAIL;
	snprintf(request->requester_name, sizeof request->requester_name, "%s", "Raili Täydellinen");
	snprintf(request->identifying_details, sizeof request->identifying_details, "%s", "vanha pyyntö 12-VANHA");
	snprintf(request->received_on, sizeof request->received_on, "%s", "2026-01-05");
	EXPECT_OK(&f->reception, request_add(&f->reception, request));
	long long earlier = request->id;
	EXPECT_OK(&f->reception, request_link_contact(&f->reception, earlier, f->person));
	const struct id_check check = { .document = DOCUMENT_DRIVING_LICENCE, .photo_matched = true, .name_matched = true };
	EXPECT_OK(&f->reception, request_record_id_check(&f->reception, earlier, &check));
	EXPECT_OK(&f->officer, request_complete(&f->officer, earlier, "raportti annettu tiskillä"));

	/* Her inspection now: ID check at the desk, the charge decision, open while the report is made. */
	memset(request, 0, sizeof *request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request->requester_name, sizeof request->requester_name, "%s", "Raili Täydellinen");
	snprintf(request->identifying_details, sizeof request->identifying_details, "%s", "asiakasnumero 77-TÄYSI");
	EXPECT_OK(&f->reception, request_add(&f->reception, request));
	f->request = request->id;
	free(request);
	EXPECT_OK(&f->reception, request_link_contact(&f->reception, f->request, f->person));
	EXPECT_OK(&f->reception, request_record_id_check(&f->reception, f->request, &check));
	EXPECT_OK(&f->reception, request_record_charge(&f->reception, f->request, CHARGE_FREE));
	EXPECT_OK(officer, database_commit(db));
}

/* What the report of the person must hold, in either format. */
static void expect_everything(struct fixture *f, const char *report, const char *where)
{
	const char *flat = unwrapped(f, report);
	static const char *const wanted[] = {
		/* contact data, with codes as words */
		"Raili", "Täydellinen", "Huoltoinsinööri", "raili.taydellinen@example.fi", "040 1112223",
		"Työnantaja Täysi Oy", "Lähdeyhtiö Kumppani Oy", "another registering party", "Finland (FI)", "Finnish",
		"prospect", "SA-9001",
		/* the request: kind, channel, dates, status, outcome, details given, charge decision */
		"inspection (access)", "in person at the desk", "asiakasnumero 77-TÄYSI", "completed", "2026-01-05",
		"free of charge", "2026-03-15", "ID check at the desk",
		/* the e-mail obtained in a sale (917/2014 §200(2)) */
		"2026-01-15", "kauppa tiskillä",
		/* the ID check: document kind, result, who; never a number */
		"driving licence", "identity verified", "reception",
		/* the review decision and its reason */
		"kept", "huoltosopimus voimassa vuoteen 2028",
		/* the consultations log */
		"your record was viewed", "your record was created", "a ban or consent was recorded",
		"your data were disclosed (recorded by hand)", "your identity was checked",
		/* training via the employer, with the card; the event at the venue */
		"Tulityökurssi Täysi", "their employer", "permit card", "Asiakasilta Täysi", "Tapahtumatalo Täysi", "web",
		/* disclosures of several kinds, the transfer outside the EU/EEA and its safeguard */
		"Faraway Surveys Inc", "survey partner (§2.4)", "United States (US)", "standard contractual clauses",
		"SCC 2021/914 moduuli 2", "partner (§2.1)", "group company (§2.3, §2.5)", "Sweden (SE)", "laskutus konsernissa",
		"customer surveys and market research",
		/* the hold */
		"laskujen yhteystiedot 2025", "2031-12-31", "invoice and contract references",
		/* Art. 15(1): purposes and grounds, categories, recipients, retention, rights, complaint, source */
		"legitimate interest (GDPR Art. 6(1)(f))", "name and contact details", "venue (§2.7)",
		"24 months after last activity", "Art. 16", "Art. 17", "Art. 18", "Art. 21(1)", "Art. 21(2)", "Art. 20",
		"Art. 77", "Valvoja Testi, PL 800, 00531 Helsinki", "privacy@mipro.fi", "Art. 22",
	};
	for (size_t i = 0; i < COUNT(wanted); i++)
		expect_contains(flat, wanted[i], where);
	/* Every one of the many disclosures and consent events. */
	for (int i = 0; i < MANUAL_DISCLOSURES; i++) {
		char marker[32];
		snprintf(marker, sizeof marker, "toimitus-%03d", i);
		expect_contains(flat, marker, where);
	}
	for (int i = 0; i < CONSENT_EVENTS; i++) {
		char marker[32];
		snprintf(marker, sizeof marker, "kirje-%03d", i);
		expect_contains(flat, marker, where);
	}
	/* Nothing of the other person; no employee named (the setting is off). */
	static const char *const unwanted[] = { "Ulkopuolinen", "toinen.ulkopuolinen", "toisen-henkilon-toimitus",
						"Test rita", UNIT_OFFICER_FULL_NAME,
						/* the closed request's free text, cleaned when it closed (issue 13) */
						"vanha pyyntö 12-VANHA", "raportti annettu tiskillä" };
	for (size_t i = 0; i < COUNT(unwanted); i++)
		expect_lacks(flat, unwanted[i], where);
}

static void test_report_holds_everything(void **state)
{
	struct fixture *f = *state;
	build_person(f);
	enum status status;
	char *text = report_of(f, &f->reception, "en", REPORT_TEXT, &status);
	EXPECT_OK(&f->reception, status);
	expect_everything(f, text, "the text report");
	/* A4: no line wider than the page (72) plus a long word's overhang. */
	for (const char *line = text; *line;) {
		size_t length = strcspn(line, "\n");
		char copy[1024];
		snprintf(copy, sizeof copy, "%.*s", (int)(length < sizeof copy - 1 ? length : sizeof copy - 1), line);
		if (text_char_count(copy) > 90)
			fail_msg("a text report line is %zu characters wide: %s", text_char_count(copy), copy);
		line += length + (line[length] == '\n');
	}

	char *json = report_of(f, &f->reception, "en", REPORT_JSON, &status);
	EXPECT_OK(&f->reception, status);
	if (!json_parses(json))
		fail_msg("the JSON report does not parse");
	expect_everything(f, json, "the JSON report");
	static const char *const keys[] = {
		"\"requests\":", "\"id_checks\":", "\"charge\": \"free of charge\"", "\"review_decisions\":",
		"\"consultations\":", "\"disclosures\":", "\"recipient_category\":", "\"outside_eu_eea\": \"yes\"",
		"\"transfers\":", "\"purposes\":", "\"data_categories\":", "\"recipient_categories\":", "\"retention\":",
		"\"sources\":", "\"registering_party\": \"Työnantaja Täysi Oy\"", "\"interest_channel\": \"web\"",
	};
	for (size_t i = 0; i < COUNT(keys); i++)
		expect_contains(json, keys[i], "the JSON report");
}

/* The privacy officer's setting names employees; off, only their role. */
static void test_report_names_staff_only_when_set(void **state)
{
	struct fixture *f = *state;
	build_person(f);
	enum status status;
	char *roles = report_of(f, &f->reception, "en", REPORT_TEXT, &status);
	EXPECT_OK(&f->reception, status);
	expect_lacks(roles, "Test rita", "the report without the setting");
	expect_contains(roles, "By (role): reception", "the report without the setting");
	EXPECT_OK(&f->officer, settings_change(&f->officer, SETTING_REPORT_NAMES_STAFF, "yes"));
	char *names = report_of(f, &f->reception, "en", REPORT_JSON, &status);
	EXPECT_OK(&f->reception, status);
	expect_contains(names, "\"by\": \"Test rita (reception)\"", "the report with the setting");
	expect_contains(names, "\"checked_by\": \"Test rita (reception)\"", "the report with the setting");
	EXPECT_STATUS(&f->officer, settings_change(&f->officer, SETTING_REPORT_NAMES_STAFF, "maybe"), STATUS_ERR_INVALID);
}

/* A read that fails stops the report with the reason; nothing is written. */
static void test_failed_read_produces_no_report(void **state)
{
	struct fixture *f = *state;
	build_person(f);
	unit_exec(f->u->db, "ALTER TABLE legal_hold RENAME TO legal_hold_gone");
	enum status status;
	char *text = report_of(f, &f->reception, "en", REPORT_TEXT, &status);
	assert_int_not_equal(status, STATUS_OK);
	assert_string_equal(text, "");
	expect_contains(f->u->db->error, "not produced", "the reason");
	expect_contains(f->u->db->error, "legal_hold", "the reason");
	unit_exec(f->u->db, "ALTER TABLE legal_hold_gone RENAME TO legal_hold");
	unit_exec(f->u->db, "ALTER TABLE review_decision RENAME TO review_decision_gone");
	char *json = report_of(f, &f->reception, "en", REPORT_JSON, &status);
	assert_int_not_equal(status, STATUS_OK);
	assert_string_equal(json, "");
}

/* Codes are words in the person's language: the interest channel "web" is
 * "verkko" in a Finnish report, and so on. */
static void test_report_codes_in_finnish(void **state)
{
	struct fixture *f = *state;
	if (!bind_build_catalogs()) {
		print_message("build-asan/locale/fi/LC_MESSAGES/regdesk.mo is missing: make build-asan/regdesk\n");
		skip();
	}
	build_person(f);
	enum status status;
	char *text = report_of(f, &f->reception, "fi", REPORT_TEXT, &status);
	EXPECT_OK(&f->reception, status);
	const char *flat = unwrapped(f, text);
	static const char *const wanted[] = { "verkko", "suomi", "ajokortti", "Yhdysvallat (US)", "maksuton",
					      "vakiosopimuslausekkeet", "työnantaja", "vastaanotto" };
	for (size_t i = 0; i < COUNT(wanted); i++)
		expect_contains(flat, wanted[i], "the Finnish report");
	static const char *const unwanted[] = { "Interest channel", "driving licence", "free of charge",
						"your record was viewed", "months after", "legitimate interest" };
	for (size_t i = 0; i < COUNT(unwanted); i++)
		expect_lacks(flat, unwanted[i], "the Finnish report");
	assert_string_equal(i18n_language(), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report_holds_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_names_staff_only_when_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_read_produces_no_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_codes_in_finnish, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

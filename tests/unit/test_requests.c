/* Data-subject requests (notice §4.2, §6): deadlines counted in Finnish
 * working days (GDPR Art. 12(3), Act 150/1930), the extension, the charge
 * rule (notice §6.7), no data of the requester before the identity is
 * verified (notice §6.5, §6.6), the access report with every section and
 * nothing of anyone else (notice §6.1, §6.8, §6.9), erasure that leaves no
 * readable trace in the tables, the file or its WAL, Accounting Act holds
 * that keep a record restricted (notice §4.2, §6.4), and the objection
 * request that bans every purpose (notice §6.3). Every expected date is
 * checked against a calendar (timegm/gmtime) in the test, not trusted. */
#include "unit.h"
#include "erasure.h"
#include "report.h"
#include "report_checks.h"

#include <libintl.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "i18n.h"
#include "organisation.h"
#include "permission.h"
#include "request.h"
#include "settings.h"
#include "text.h"
#include "training.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

/* ---- Fixture: a fresh register on 2026-03-15, its officer, reception and a trainer ---- */

struct fixture {
	struct unit_db *u;
	struct session officer, reception, trainer;
};

/* The columns of a table whose name is LIKE pattern, on either engine. */
static long long columns_named(struct database *db, const char *table, const char *pattern)
{
	return unit_on_sqlite()
		? sql_int(db, "SELECT count(*) FROM pragma_table_info('%s') WHERE name LIKE '%s'", table, pattern)
		: sql_int(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
			  "AND table_name = '%s' AND column_name LIKE '%s'", table, pattern);
}

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

/* Reports written by report_of, freed by teardown even when a test failed half-way. */
static char *reports[16];
static int report_count;

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_override(0);
	for (int i = 0; i < report_count; i++)
		free(reports[i]);
	report_count = 0;
	if (f) {
		unit_close(f->u);   /* NULL when a test closed its database itself */
		free(f);
	}
	*state = NULL;
	return 0;
}

/* ---- Helpers ---- */


/* The weekday of YYYY-MM-DD from the C library's calendar: 0 Sunday .. 6 Saturday. */
static int weekday(const char *date)
{
	int year, month, day;
	assert_int_equal(sscanf(date, "%d-%d-%d", &year, &month, &day), 3);
	time_t when = utc_noon(year, month, day);
	struct tm parts;
	gmtime_r(&when, &parts);
	/* timegm normalises an impossible date (2026-02-29): refuse it. */
	assert_int_equal(parts.tm_mday, day);
	return parts.tm_wday;
}

static void expect_weekday(const char *date, int expected)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
	int got = weekday(date);
	if (got != expected)
		fail_msg("the calendar says %s is a %s, the test assumed a %s", date, names[got], names[expected]);
}

/* date + days, as YYYY-MM-DD. */
static void add_days(const char *date, int days, char out[11])
{
	int year, month, day;
	assert_int_equal(sscanf(date, "%d-%d-%d", &year, &month, &day), 3);
	time_t when = utc_noon(year, month, day) + (time_t)days * 86400;
	struct tm parts;
	gmtime_r(&when, &parts);
	snprintf(out, 11, "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
}

static void expect_due(const char *received, int months, const char *expected)
{
	char due[11];
	request_due_date(received, months, due);
	if (strcmp(due, expected) != 0)
		fail_msg("request_due_date(%s, %d) = %s, expected %s", received, months, due, expected);
}

/* A public holiday that falls on a weekday is not a working day; the day
 * before or after that is an ordinary weekday is. */
static void expect_holiday(const char *date, const char *what)
{
	int day = weekday(date);
	if (day == 0 || day == 6)
		fail_msg("%s %s falls on a weekend: the test would not show the holiday rule", what, date);
	if (request_is_working_day(date))
		fail_msg("%s %s counted as a working day", what, date);
}

static void expect_working(const char *date)
{
	int day = weekday(date);
	assert_true(day >= 1 && day <= 5);
	if (!request_is_working_day(date))
		fail_msg("%s (an ordinary weekday) counted as a holiday", date);
}

/* Easter Sunday by the Meeus/Jones/Butcher algorithm, written out here
 * independently of the core. */
static void easter_sunday(int year, char out[11])
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, g = (8 * b + 13) / 25;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 19 * l) / 433;
	int month = (h + l - 7 * m + 90) / 25;
	int day = (h + l - 7 * m + 33 * month + 19) % 32;
	snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
}

/* A contact with a Finnish address and an e-mail; returns its id. */
static long long add_contact(struct session *session, const char *first, const char *last, const char *email)
{
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, first);
	contact_set(&contact, CONTACT_LAST_NAME, last);
	contact_set(&contact, CONTACT_EMAIL, email ? email : "");
	contact_set(&contact, CONTACT_STREET, "Porrassalmenkatu 1");
	contact_set(&contact, CONTACT_POSTAL_CODE, "50100");
	contact_set(&contact, CONTACT_CITY, "Mikkeli");
	contact.categories = 1u << CATEGORY_CUSTOMER;
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	expect_status(session, status, STATUS_OK, "contact_save");
	assert_true(id > 0);
	return id;
}

struct request_spec {
	enum request_kind kind;
	enum request_channel channel;
	const char *name, *details, *received, *representative, *authorisation, *marking;
	bool signed_by_hand;
};

static long long add_request(struct session *session, const struct request_spec *spec)
{
	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	request->kind = spec->kind;
	request->channel = spec->channel;
	snprintf(request->requester_name, sizeof request->requester_name, "%s", spec->name ? spec->name : "Test Person");
	snprintf(request->identifying_details, sizeof request->identifying_details, "%s", spec->details ? spec->details : "");
	snprintf(request->received_on, sizeof request->received_on, "%s", spec->received ? spec->received : "");
	snprintf(request->representative_name, sizeof request->representative_name, "%s",
		 spec->representative ? spec->representative : "");
	snprintf(request->authorisation, sizeof request->authorisation, "%s", spec->authorisation ? spec->authorisation : "");
	snprintf(request->envelope_marking, sizeof request->envelope_marking, "%s", spec->marking ? spec->marking : "");
	request->signature_handwritten = spec->signed_by_hand;
	EXPECT_OK(session, request_add(session, request));
	long long id = request->id;
	free(request);
	assert_true(id > 0);
	return id;
}

/* An inspection made at the desk on a date. */
static long long inspection_on(struct session *session, const char *received)
{
	const struct request_spec spec = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_IN_PERSON,
					   .received = received };
	return add_request(session, &spec);
}

static void verify_in_person(struct session *session, long long request_id)
{
	const struct id_check check = { .document = DOCUMENT_PASSPORT, .photo_matched = true, .name_matched = true };
	EXPECT_OK(session, request_record_id_check(session, request_id, &check));
}

static struct subject_request *load_request(struct session *session, long long id)
{
	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	EXPECT_OK(session, request_load(session, id, request));
	return request;
}

static enum request_status status_of(struct session *session, long long id)
{
	struct subject_request *request = load_request(session, id);
	enum request_status status = request->status;
	free(request);
	return status;
}

/* The access report as a string (freed by teardown); *status is report_write's. */
static char *report_of(struct session *session, long long request_id, long long contact_id, const char *language,
		       enum report_format format, enum status *status)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	*status = report_write(session, request_id, contact_id, language, format, out);
	assert_int_equal(fclose(out), 0);
	assert_non_null(text);
	assert_true(report_count < (int)COUNT(reports));
	reports[report_count++] = text;
	return text;
}

static void test_json_checker_itself(void **state)
{
	(void)state;
	assert_true(json_parses("{\"a\": [1, -2.5e3, \"x\\\"y\\u00e4\", true, null, {}], \"b\": {\"c\": []}}\n"));
	assert_false(json_parses("{\"a\": 1,}"));
	assert_false(json_parses("{\"a\" 1}"));
	assert_false(json_parses("{\"a\": \"line\nbreak\"}"));
	assert_false(json_parses("{\"a\": 1}}"));
	assert_false(json_parses("{\"a\": [1, 2}"));
	assert_false(json_parses("{\"a\": \"\\x\"}"));
}

/* ---- Deadlines (GDPR Art. 12(3); Act 150/1930 on calculating time limits) ---- */

static void test_due_date_month_end(void **state)
{
	(void)state;
	/* 31 January + 1 month: February has no 31st, so its last day; in 2026
	 * that is a Saturday, so the next working day, Monday 2 March. */
	expect_weekday("2026-02-28", 6);
	expect_weekday("2026-03-02", 1);
	expect_due("2026-01-31", 1, "2026-03-02");
	/* 2024 is a leap year: 29 February, a Thursday. */
	expect_weekday("2024-02-29", 4);
	expect_due("2024-01-31", 1, "2024-02-29");
	/* An ordinary day: the same day of the next month. */
	expect_weekday("2026-04-10", 5);
	expect_due("2026-03-10", 1, "2026-04-10");
	/* Over the year's end. */
	expect_weekday("2027-01-15", 5);
	expect_due("2026-12-15", 1, "2027-01-15");
}

static void test_due_date_weekend_moves_to_monday(void **state)
{
	(void)state;
	expect_weekday("2026-03-14", 6);
	expect_weekday("2026-03-16", 1);
	expect_due("2026-02-14", 1, "2026-03-16");      /* Saturday -> Monday */
	expect_weekday("2026-03-22", 0);
	expect_weekday("2026-03-23", 1);
	expect_due("2026-02-22", 1, "2026-03-23");      /* Sunday -> Monday */
	assert_false(request_is_working_day("2026-03-14"));
	assert_false(request_is_working_day("2026-03-15"));
	expect_working("2026-03-16");
}

static void test_easter_holidays(void **state)
{
	(void)state;
	char easter[11], good_friday[11], easter_monday[11], ascension[11];
	easter_sunday(2026, easter);
	assert_string_equal(easter, "2026-04-05");
	expect_weekday(easter, 0);
	add_days(easter, -2, good_friday);
	add_days(easter, 1, easter_monday);
	add_days(easter, 39, ascension);
	assert_string_equal(good_friday, "2026-04-03");
	assert_string_equal(easter_monday, "2026-04-06");
	assert_string_equal(ascension, "2026-05-14");
	expect_holiday(good_friday, "Good Friday");
	expect_holiday(easter_monday, "Easter Monday");
	expect_holiday(ascension, "Ascension Day");
	expect_working("2026-04-02");                    /* Maundy Thursday is a working day */
	expect_working("2026-04-07");
	/* A due date on Good Friday: Saturday, Sunday, Easter Monday, then Tuesday 7 April. */
	expect_due("2026-03-03", 1, "2026-04-07");
	/* On Easter Monday: Tuesday. */
	expect_due("2026-03-06", 1, "2026-04-07");
	/* On Ascension Day (Thursday): Friday 15 May. */
	expect_weekday("2026-05-15", 5);
	expect_due("2026-04-14", 1, "2026-05-15");
	/* Other years, with Easter computed here. */
	static const int years[] = { 2024, 2025, 2027, 2028, 2030 };
	for (size_t i = 0; i < COUNT(years); i++) {
		easter_sunday(years[i], easter);
		expect_weekday(easter, 0);
		add_days(easter, -2, good_friday);
		add_days(easter, 1, easter_monday);
		add_days(easter, 39, ascension);
		expect_holiday(good_friday, "Good Friday");
		expect_holiday(easter_monday, "Easter Monday");
		expect_holiday(ascension, "Ascension Day");
		char thursday[11];
		add_days(easter, -3, thursday);
		expect_working(thursday);
	}
}

static void test_fixed_holidays(void **state)
{
	(void)state;
	/* Each falls on a weekday in the year chosen, so only the holiday rule can make it one. */
	expect_holiday("2026-01-01", "New Year's Day");
	expect_holiday("2026-01-06", "Epiphany");
	expect_holiday("2026-05-01", "May Day");
	expect_holiday("2024-12-06", "Independence Day");
	expect_holiday("2026-12-24", "Christmas Eve");
	expect_holiday("2026-12-25", "Christmas Day");
	expect_holiday("2025-12-26", "Boxing Day");
	expect_working("2026-01-02");
	expect_working("2026-01-07");
	expect_working("2026-04-30");
	expect_working("2024-12-05");
	expect_working("2026-12-23");
	/* Due dates that land on them. */
	expect_due("2025-12-01", 1, "2026-01-02");                    /* New Year (Thu) -> Fri 2.1. */
	expect_due("2025-12-06", 1, "2026-01-07");                    /* Epiphany (Tue) -> Wed 7.1. */
	expect_weekday("2026-05-04", 1);
	expect_due("2026-04-01", 1, "2026-05-04");                    /* May Day (Fri) -> Mon 4.5. */
	expect_weekday("2024-12-09", 1);
	expect_due("2024-11-06", 1, "2024-12-09");                    /* Independence Day (Fri) -> Mon 9.12. */
	expect_weekday("2026-12-28", 1);
	expect_due("2026-11-24", 1, "2026-12-28");                    /* Christmas Eve, Christmas, weekend -> Mon 28.12. */
	expect_weekday("2025-12-29", 1);
	expect_due("2025-11-26", 1, "2025-12-29");                    /* Boxing Day (Fri) -> Mon 29.12. */
}

static void test_midsummer_eve(void **state)
{
	(void)state;
	/* The Friday between 19 and 25 June, found here from the calendar. */
	for (int year = 2024; year <= 2032; year++) {
		char eve[11] = "";
		for (int day = 19; day <= 25; day++) {
			char date[11];
			snprintf(date, sizeof date, "%04d-06-%02d", year, day);
			if (weekday(date) == 5)
				snprintf(eve, sizeof eve, "%s", date);
		}
		assert_true(*eve);
		expect_holiday(eve, "Midsummer Eve");
		char thursday[11], next_friday[11];
		add_days(eve, -1, thursday);
		add_days(eve, 7, next_friday);
		expect_working(thursday);
		expect_working(next_friday);
	}
	assert_false(request_is_working_day("2026-06-19"));
	expect_weekday("2026-06-22", 1);
	expect_due("2026-05-19", 1, "2026-06-22");       /* Midsummer Eve, Saturday, Sunday -> Monday */
	expect_working("2026-06-26");
	expect_due("2026-05-26", 1, "2026-06-26");       /* the Friday after is an ordinary day */
}

static void test_request_add_computes_deadline(void **state)
{
	struct fixture *f = *state;
	/* A letter's marking names the kind (notice §6.5), whatever else was chosen. */
	const struct request_spec letter = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_LETTER,
					     .name = "Liisa Kirje", .details = "born 1970", .received = "31.1.2026",
					     .marking = "Asiakasrekisteri/Poistopyyntö", .signed_by_hand = true };
	long long id = add_request(&f->reception, &letter);
	struct subject_request *request = load_request(&f->reception, id);
	assert_int_equal(request->kind, REQUEST_ERASURE);
	assert_string_equal(request->received_on, "2026-01-31");
	assert_string_equal(request->due_on, "2026-03-02");
	assert_string_equal(request_deadline(request), "2026-03-02");
	assert_int_equal(request->status, REQUEST_STATUS_RECEIVED);
	/* Today is 2026-03-15: the deadline has passed while it is open. */
	assert_true(request_is_overdue(request, "2026-03-15"));
	assert_false(request_is_overdue(request, "2026-03-02"));
	free(request);
	enum request_kind kind;
	assert_true(request_kind_from_marking("asiakasrekisteri/tarkastuspyyntö", &kind));
	assert_int_equal(kind, REQUEST_INSPECTION);
	assert_true(request_kind_from_marking("asiakasrekisteri/oikaisupyyntö", &kind));
	assert_int_equal(kind, REQUEST_RECTIFICATION);
	assert_false(request_kind_from_marking("laskut", &kind));
	/* A trainer handles no requests. */
	struct subject_request other;
	memset(&other, 0, sizeof other);
	snprintf(other.requester_name, sizeof other.requester_name, "%s", "Someone");
	assert_int_equal(request_add(&f->trainer, &other), STATUS_ERR_FORBIDDEN);
	/* A representative must show an authorisation. */
	const struct request_spec unauthorised = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_IN_PERSON,
						   .representative = "Risto Edustaja" };
	struct subject_request bad;
	memset(&bad, 0, sizeof bad);
	bad.kind = unauthorised.kind;
	snprintf(bad.requester_name, sizeof bad.requester_name, "%s", "Paula Päämies");
	snprintf(bad.representative_name, sizeof bad.representative_name, "%s", unauthorised.representative);
	EXPECT_STATUS(&f->reception, request_add(&f->reception, &bad), STATUS_ERR_INVALID);
}

static void test_extension(void **state)
{
	struct fixture *f = *state;
	/* received + 3 months by the same rule: 4 April 2026 is a Saturday, then
	 * Sunday (Easter) and Easter Monday: Tuesday 7 April. */
	expect_weekday("2026-04-04", 6);
	expect_due("2026-01-04", 3, "2026-04-07");
	expect_weekday("2026-02-04", 3);
	/* Today within the first month (2026-02-04 is its last day). */
	clock_override(utc_noon(2026, 2, 4));
	long long id = inspection_on(&f->reception, "2026-01-04");
	struct subject_request *request = load_request(&f->officer, id);
	assert_string_equal(request->due_on, "2026-02-04");
	free(request);
	/* Told after the first month's deadline: too late. */
	EXPECT_STATUS(&f->officer, request_extend(&f->officer, id, "many systems to search", "2026-02-05"), STATUS_ERR_INVALID);
	/* Told before the request arrived: not a real date for it. */
	EXPECT_STATUS(&f->officer, request_extend(&f->officer, id, "many systems to search", "2026-01-03"), STATUS_ERR_INVALID);
	/* No reason. */
	EXPECT_STATUS(&f->officer, request_extend(&f->officer, id, "", "2026-02-01"), STATUS_ERR_INVALID);
	/* Only the privacy officer decides (reception handles, does not decide). */
	EXPECT_STATUS(&f->reception, request_extend(&f->reception, id, "many systems to search", "2026-02-01"),
		      STATUS_ERR_FORBIDDEN);
	request = load_request(&f->officer, id);
	assert_string_equal(request->extended_due_on, "");
	free(request);
	/* On the last day of the first month: accepted. */
	EXPECT_OK(&f->officer, request_extend(&f->officer, id, "many systems to search", "2026-02-04"));
	request = load_request(&f->officer, id);
	assert_string_equal(request->extended_due_on, "2026-04-07");
	assert_string_equal(request_deadline(request), "2026-04-07");
	assert_string_equal(request->extension_told_on, "2026-02-04");
	assert_string_equal(request->extension_reason, "many systems to search");
	assert_false(request_is_overdue(request, "2026-03-15"));
	free(request);
	/* Only once. */
	EXPECT_STATUS(&f->officer, request_extend(&f->officer, id, "still more", "2026-02-03"), STATUS_ERR_INVALID);
	request = load_request(&f->officer, id);
	assert_string_equal(request->extended_due_on, "2026-04-07");
	assert_string_equal(request->extension_told_on, "2026-02-04");
	free(request);
	/* A closed request is not extended. */
	clock_override(utc_noon(2026, 3, 15));
	long long closed = inspection_on(&f->reception, "2026-03-01");
	EXPECT_OK(&f->officer, request_refuse(&f->officer, closed, "manifestly unfounded"));
	EXPECT_STATUS(&f->officer, request_extend(&f->officer, closed, "reason", "2026-03-02"), STATUS_ERR_INVALID);
}

/* GDPR Art. 12(3): the requester is told within the first month, and the
 * extension is recorded before that month's deadline passes; recording it
 * later takes the privacy officer's reason, audited as an override. A date
 * the requester was told may not be after today. */
static void test_extension_told_date_and_late_override(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	/* Today 2026-03-15; received 2026-03-02, due 2026-04-02. */
	long long id = inspection_on(&f->reception, "2026-03-02");
	struct subject_request *request = load_request(officer, id);
	assert_string_equal(request->due_on, "2026-04-02");
	free(request);
	/* Told tomorrow: a date in the future, refused with the reason. */
	EXPECT_STATUS(officer, request_extend(officer, id, "many systems to search", "2026-03-16"), STATUS_ERR_INVALID);
	expect_contains(officer->db->error, "2026-03-16", "the refusal of a future told-on date");
	expect_contains(officer->db->error, "after today", "the refusal of a future told-on date");
	request = load_request(officer, id);
	assert_string_equal(request->extended_due_on, "");
	free(request);
	EXPECT_OK(officer, request_extend(officer, id, "many systems to search", "2026-03-15"));
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.extend' AND record_id = %lld", id), 1);

	/* Received 2026-02-02, due 2026-03-02, which has passed: told in time but recorded late. */
	long long late = inspection_on(&f->reception, "2026-02-02");
	EXPECT_STATUS(officer, request_extend(officer, late, "many systems to search", "2026-02-20"), STATUS_ERR_INVALID);
	expect_contains(officer->db->error, "2026-03-02", "the refusal of a late extension");
	request = load_request(officer, late);
	assert_string_equal(request->extended_due_on, "");
	free(request);
	/* Reception has no override. */
	EXPECT_STATUS(&f->reception, request_extend_override(&f->reception, late, "many systems to search", "2026-02-20",
							     "recorded late: the letter was filed"), STATUS_ERR_FORBIDDEN);
	/* The officer's override with a reason: recorded, and audited as an override. */
	EXPECT_OK(officer, request_extend_override(officer, late, "many systems to search", "2026-02-20",
						   "the letter telling the requester was filed, not recorded"));
	request = load_request(officer, late);
	assert_string_equal(request->extended_due_on, "2026-05-04");
	assert_string_equal(request->extension_override_reason, "the letter telling the requester was filed, not recorded");
	free(request);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.extend-late-override' "
				 "AND record_id = %lld", late), 1);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.extend' AND record_id = %lld",
				 late), 0);
	/* Even with an override, the told date stays within the first month. */
	long long too_late = inspection_on(&f->reception, "2026-02-03");
	EXPECT_STATUS(officer, request_extend_override(officer, too_late, "reason", "2026-03-10", "late"), STATUS_ERR_INVALID);
}

/* No dates in the future: a request cannot have been received tomorrow. */
static void test_request_received_in_future_refused(void **state)
{
	struct fixture *f = *state;
	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request->requester_name, sizeof request->requester_name, "%s", "Tuomas Tuleva");
	snprintf(request->received_on, sizeof request->received_on, "%s", "16.3.2026");
	EXPECT_STATUS(&f->reception, request_add(&f->reception, request), STATUS_ERR_INVALID);
	expect_contains(f->reception.db->error, "2026-03-16", "the refusal of a future receipt");
	expect_contains(f->reception.db->error, "after today", "the refusal of a future receipt");
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM subject_request"), 0);
	/* Today is fine. */
	snprintf(request->received_on, sizeof request->received_on, "%s", "2026-03-15");
	EXPECT_OK(&f->reception, request_add(&f->reception, request));
	free(request);
}

/* ---- The charge (GDPR Art. 12(5), 15(3); notice §6.7 as information) ---- */

static void expect_previous(struct session *session, long long request_id, const char *expected_previous,
			    int expected_months, bool expected_within_year)
{
	struct charge_info info;
	memset(&info, 'x', sizeof info);
	EXPECT_OK(session, request_charge_info(session, request_id, &info));
	if (strcmp(info.previous, expected_previous) != 0 || info.months_ago != expected_months ||
	    info.within_year != expected_within_year)
		fail_msg("request #%lld: previous \"%s\" %d months within a year %d, expected \"%s\" %d months %d", request_id,
			 info.previous, info.months_ago, info.within_year, expected_previous, expected_months, expected_within_year);
}

/* The notice's one-year rule (§6.7) is information for the privacy officer,
 * not a ground: an inspection eleven months after the previous one is still
 * free until the officer finds it manifestly unfounded or excessive, or
 * further copies are asked for; the finding names the ground, the reason
 * and the fee or the refusal, and only the officer makes it. */
static void test_charge_needs_the_officers_finding(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer, *desk = &f->reception;
	long long anna = add_contact(officer, "Anna", "Aiempi", "anna.aiempi@example.fi");
	long long earlier = inspection_on(officer, "2025-04-10");
	EXPECT_OK(officer, request_link_contact(officer, earlier, anna));
	long long again = inspection_on(officer, "2026-03-10");
	EXPECT_OK(officer, request_link_contact(officer, again, anna));
	expect_previous(officer, again, "2025-04-10", 11, true);
	/* Within the notice's year, yet no fee without a finding (the old rule charged here). */
	EXPECT_STATUS(officer, request_record_charge(officer, again, CHARGE_FEE), STATUS_ERR_INVALID);
	expect_contains(officer->db->error, "12(5)", "the refusal of a fee without a finding");
	struct subject_request *request = load_request(officer, again);
	assert_int_equal(request->charge, CHARGE_UNDECIDED);
	free(request);
	EXPECT_OK(officer, request_record_charge(officer, again, CHARGE_FREE));

	/* The finding: ground, reason and fee; reception may not make it. */
	struct charge_finding finding = { .ground = CHARGE_GROUND_EXCESSIVE,
					  .reason = "the fourth identical request this year", .fee_cents = 1550 };
	EXPECT_STATUS(desk, request_record_finding(desk, again, &finding), STATUS_ERR_FORBIDDEN);
	struct charge_finding no_ground = { .reason = "because", .fee_cents = 1550 };
	EXPECT_STATUS(officer, request_record_finding(officer, again, &no_ground), STATUS_ERR_INVALID);
	struct charge_finding no_reason = { .ground = CHARGE_GROUND_EXCESSIVE, .reason = "", .fee_cents = 1550 };
	EXPECT_STATUS(officer, request_record_finding(officer, again, &no_reason), STATUS_ERR_INVALID);
	struct charge_finding no_fee = { .ground = CHARGE_GROUND_EXCESSIVE, .reason = "repetitive" };
	EXPECT_STATUS(officer, request_record_finding(officer, again, &no_fee), STATUS_ERR_INVALID);
	request = load_request(officer, again);
	assert_int_equal(request->charge, CHARGE_FREE);
	assert_int_equal(request->charge_ground, CHARGE_GROUND_NONE);
	free(request);
	EXPECT_OK(officer, request_record_finding(officer, again, &finding));
	request = load_request(officer, again);
	assert_int_equal(request->charge, CHARGE_FEE);
	assert_int_equal(request->charge_ground, CHARGE_GROUND_EXCESSIVE);
	assert_string_equal(request->charge_reason, "the fourth identical request this year");
	assert_int_equal(request->charge_fee_cents, 1550);
	free(request);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.charge-finding' "
				 "AND record_id = %lld", again), 1);
	/* Reception cannot set the officer's finding aside by recording "free". */
	EXPECT_STATUS(desk, request_record_charge(desk, again, CHARGE_FREE), STATUS_ERR_FORBIDDEN);

	/* More than a year, or none: information only, and free the same way. */
	long long ben = add_contact(officer, "Ben", "Vuosi", "ben.vuosi@example.fi");
	long long ben_earlier = inspection_on(officer, "2025-03-10");
	EXPECT_OK(officer, request_link_contact(officer, ben_earlier, ben));
	long long day_later = inspection_on(officer, "2026-03-11");
	EXPECT_OK(officer, request_link_contact(officer, day_later, ben));
	expect_previous(officer, day_later, "2025-03-10", 12, false);
	long long year_later = inspection_on(officer, "2026-03-10");
	EXPECT_OK(officer, request_link_contact(officer, year_later, ben));
	expect_previous(officer, year_later, "2025-03-10", 12, true);
	long long cecilia = add_contact(officer, "Cecilia", "Ensimmäinen", "cecilia@example.fi");
	long long first = inspection_on(officer, "2026-03-12");
	EXPECT_OK(officer, request_link_contact(officer, first, cecilia));
	expect_previous(officer, first, "", 0, false);
	EXPECT_STATUS(officer, request_record_charge(officer, first, CHARGE_FEE), STATUS_ERR_INVALID);
	/* Further copies (Art. 15(3)): a fee, never a refusal, and only for an inspection. */
	struct charge_finding copies = { .ground = CHARGE_GROUND_FURTHER_COPY, .reason = "a second paper copy", .refuse = true };
	EXPECT_STATUS(officer, request_record_finding(officer, first, &copies), STATUS_ERR_INVALID);
	copies.refuse = false;
	copies.fee_cents = 500;
	EXPECT_OK(officer, request_record_finding(officer, first, &copies));

	/* A refused earlier request does not count; someone else's neither. */
	long long daniel = add_contact(officer, "Daniel", "Hylätty", "daniel@example.fi");
	long long refused = inspection_on(officer, "2025-12-01");
	EXPECT_OK(officer, request_link_contact(officer, refused, daniel));
	EXPECT_OK(officer, request_refuse(officer, refused, "the identity could not be verified"));
	long long after_refusal = inspection_on(officer, "2026-03-12");
	EXPECT_OK(officer, request_link_contact(officer, after_refusal, daniel));
	expect_previous(officer, after_refusal, "", 0, false);

	/* A manifestly unfounded request refused on the finding: closed, the ground kept. */
	const struct request_spec erasure_spec = { .kind = REQUEST_ERASURE, .channel = REQUEST_CHANNEL_EMAIL,
						   .name = "Eero Perusteeton" };
	long long unfounded = add_request(desk, &erasure_spec);
	struct charge_finding copies_for_erasure = { .ground = CHARGE_GROUND_FURTHER_COPY, .reason = "copies", .fee_cents = 500 };
	EXPECT_STATUS(officer, request_record_finding(officer, unfounded, &copies_for_erasure), STATUS_ERR_INVALID);
	struct charge_finding refusal = { .ground = CHARGE_GROUND_MANIFESTLY_UNFOUNDED,
					  .reason = "asks to erase data of a person not in the register, for the tenth time",
					  .refuse = true };
	EXPECT_OK(officer, request_record_finding(officer, unfounded, &refusal));
	request = load_request(officer, unfounded);
	assert_int_equal(request->status, REQUEST_STATUS_REFUSED);
	assert_int_equal(request->charge_ground, CHARGE_GROUND_MANIFESTLY_UNFOUNDED);
	assert_string_equal(request->refusal_reason, refusal.reason);
	free(request);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.refuse-finding' "
				 "AND record_id = %lld", unfounded), 1);
	long long cents = 0;
	assert_true(request_parse_amount("15,50", &cents));
	assert_int_equal(cents, 1550);
	assert_true(request_parse_amount("15.5", &cents));
	assert_int_equal(cents, 1550);
	assert_true(request_parse_amount("7", &cents));
	assert_int_equal(cents, 700);
	assert_false(request_parse_amount("0", &cents));
	assert_false(request_parse_amount("1,555", &cents));
	assert_false(request_parse_amount("-3", &cents));
	assert_false(request_parse_amount("kymppi", &cents));
}

/* ---- Every channel is a valid request (GDPR Art. 12(2), 12(6)) ---- */

/* A request by e-mail or phone is valid; the identity is verified by a
 * reasonable means, which is recorded; nothing of the requester is shown
 * before. */
static void test_email_and_phone_requests_verified_by_reasonable_means(void **state)
{
	struct fixture *f = *state;
	struct session *desk = &f->reception;
	long long person = add_contact(&f->officer, "Sanna", "Sähköposti", "sanna@example.fi");
	const struct request_spec by_email = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_EMAIL,
					       .name = "Sanna Sähköposti" };
	long long email_id = add_request(desk, &by_email);
	EXPECT_OK(desk, request_link_contact(desk, email_id, person));
	long long found[4];
	assert_int_equal(request_contacts(desk, email_id, found, 4), -1);
	struct request_recipient recipients[4];
	assert_int_equal(request_recipients(desk, email_id, recipients, 4), -1);
	/* Not by a signature, not by "id-check" without the check itself. */
	EXPECT_STATUS(desk, request_verify_by(desk, email_id, VERIFIED_BY_SIGNED_LETTER), STATUS_ERR_INVALID);
	EXPECT_STATUS(desk, request_verify_by(desk, email_id, VERIFIED_BY_ID_CHECK), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, email_id), REQUEST_STATUS_RECEIVED);
	/* A trainer handles no requests. */
	EXPECT_STATUS(&f->trainer, request_verify_by(&f->trainer, email_id, VERIFIED_BY_EMAIL_ON_RECORD), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(desk, request_verify_by(desk, email_id, VERIFIED_BY_EMAIL_ON_RECORD));
	struct subject_request *request = load_request(desk, email_id);
	assert_int_equal(request->status, REQUEST_STATUS_IDENTITY_VERIFIED);
	assert_int_equal(request->verified_by, VERIFIED_BY_EMAIL_ON_RECORD);
	free(request);
	assert_int_equal(request_contacts(desk, email_id, found, 4), 1);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'request.verified' AND record_id = %lld",
				 email_id), 1);
	/* Verified once. */
	EXPECT_STATUS(desk, request_verify_by(desk, email_id, VERIFIED_BY_PHONE_ON_RECORD), STATUS_ERR_INVALID);
	/* The e-mail request completes like any other. */
	EXPECT_OK(desk, request_complete(desk, email_id, "report sent to the e-mail address on record"));

	const struct request_spec by_phone = { .kind = REQUEST_ERASURE, .channel = REQUEST_CHANNEL_PHONE, .name = "Sanna Sähköposti" };
	long long phone_id = add_request(desk, &by_phone);
	EXPECT_OK(desk, request_verify_by(desk, phone_id, VERIFIED_BY_PHONE_ON_RECORD));
	request = load_request(desk, phone_id);
	assert_int_equal(request->verified_by, VERIFIED_BY_PHONE_ON_RECORD);
	free(request);
	/* A phone request may also be verified by the ID check at the desk; the means is recorded. */
	long long visit_id = add_request(desk, &by_phone);
	verify_in_person(desk, visit_id);
	request = load_request(desk, visit_id);
	assert_int_equal(request->verified_by, VERIFIED_BY_ID_CHECK);
	free(request);
	/* The channel labels no longer call them invalid. */
	expect_lacks(request_channel_label(REQUEST_CHANNEL_EMAIL), "not a valid", "the e-mail channel's label");
	expect_lacks(request_channel_label(REQUEST_CHANNEL_PHONE), "not a valid", "the phone channel's label");
	expect_contains(request_channel_label(REQUEST_CHANNEL_LETTER), "recommended", "the letter channel's label");
	/* A letter verified by its signature records that means. */
	const struct request_spec letter = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_LETTER, .name = "Sanna Sähköposti",
					     .details = "born 1985", .signed_by_hand = true };
	long long letter_id = add_request(desk, &letter);
	EXPECT_OK(desk, request_verify_by(desk, letter_id, VERIFIED_BY_SIGNED_LETTER));
	request = load_request(desk, letter_id);
	assert_int_equal(request->verified_by, VERIFIED_BY_SIGNED_LETTER);
	free(request);
}

/* ---- GDPR Art. 16, 19: rectification bound to its request; recipients ---- */

static long long add_recipient(struct session *officer, const char *name)
{
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", name);
	recipient.kind = RECIPIENT_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	return recipient.id;
}

static void disclose(struct session *session, long long contact_id, long long recipient_id)
{
	struct manual_disclosure disclosure = { .recipient_id = recipient_id };
	snprintf(disclosure.purpose, sizeof disclosure.purpose, "%s", "delivery of an order");
	snprintf(disclosure.legal_ground, sizeof disclosure.legal_ground, "%s", "contract");
	snprintf(disclosure.fields, sizeof disclosure.fields, "%s", "name, address");
	EXPECT_OK(session, disclosure_record(session, contact_id, &disclosure));
}

static void test_rectification_names_its_request_and_recipients(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer, *desk = &f->reception;
	long long person = add_contact(officer, "Oskari", "Oikaisija", "oskari@example.fi");
	long long stranger = add_contact(officer, "Kaisa", "Kolmas", "kaisa@example.fi");
	long long partner = add_recipient(officer, "Åkerlund Logistik Ab");
	long long other_partner = add_recipient(officer, "Ähtärin Kuljetus Oy");
	long long unrelated = add_recipient(officer, "Söderström Tapahtumat");
	disclose(desk, person, partner);
	disclose(desk, stranger, unrelated);
	const struct request_spec spec = { .kind = REQUEST_RECTIFICATION, .channel = REQUEST_CHANNEL_PHONE, .name = "Oskari Oikaisija" };
	long long id = add_request(desk, &spec);
	EXPECT_OK(desk, request_link_contact(desk, id, person));
	struct contact contact;
	contact_init(&contact);
	EXPECT_OK(desk, contact_load(desk, person, false, &contact));
	contact_set(&contact, CONTACT_CITY, "Ähtäri");
	/* Before verification the request rectifies nothing. */
	EXPECT_STATUS(desk, request_rectify(desk, id, &contact, false, NULL), STATUS_ERR_INVALID);
	EXPECT_OK(desk, request_verify_by(desk, id, VERIFIED_BY_PHONE_ON_RECORD));
	/* Data disclosed after linking joins the list too. */
	disclose(desk, person, other_partner);
	EXPECT_OK(desk, request_rectify(desk, id, &contact, false, NULL));
	contact_free(&contact);
	char fields[600];
	sql_text(f->u->db, fields, sizeof fields, "SELECT fields FROM audit_entry WHERE action = 'contact.edit' AND record_id = %lld",
		 person);
	char wanted[64];
	snprintf(wanted, sizeof wanted, "request=%lld", id);
	expect_contains(fields, "city", "the contact's edit entry");
	expect_contains(fields, wanted, "the contact's edit entry");
	sql_text(f->u->db, fields, sizeof fields, "SELECT fields FROM audit_entry WHERE action = 'request.rectify' AND record_id = %lld",
		 id);
	snprintf(wanted, sizeof wanted, "contact=%lld", person);
	expect_contains(fields, wanted, "the request's rectify entry");
	/* A contact not linked to the request is not rectified under it. */
	contact_init(&contact);
	EXPECT_OK(desk, contact_load(desk, stranger, false, &contact));
	contact_set(&contact, CONTACT_CITY, "Kuopio");
	EXPECT_STATUS(desk, request_rectify(desk, id, &contact, false, NULL), STATUS_ERR_INVALID);
	contact_free(&contact);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'contact.edit' AND record_id = %lld",
				 stranger), 0);
	/* An inspection request rectifies nothing. */
	long long inspection = inspection_on(desk, "");
	verify_in_person(desk, inspection);
	EXPECT_OK(desk, request_link_contact(desk, inspection, person));
	contact_init(&contact);
	EXPECT_OK(desk, contact_load(desk, person, false, &contact));
	contact_set(&contact, CONTACT_CITY, "Mikkeli");
	EXPECT_STATUS(desk, request_rectify(desk, inspection, &contact, false, NULL), STATUS_ERR_INVALID);
	contact_free(&contact);

	/* Art. 19: both recipients of the person by name, not the stranger's. */
	struct request_recipient recipients[8];
	int count = request_recipients(desk, id, recipients, 8);
	assert_int_equal(count, 2);
	assert_string_equal(recipients[0].name, "Åkerlund Logistik Ab");
	assert_string_equal(recipients[1].name, "Ähtärin Kuljetus Oy");
	assert_string_equal(recipients[0].notified_on, "");
	/* Each notification per recipient; an unrelated recipient is refused. */
	EXPECT_STATUS(desk, request_notify_recipient(desk, id, unrelated, "by e-mail"), STATUS_ERR_INVALID);
	EXPECT_OK(desk, request_notify_recipient(desk, id, partner, "by e-mail"));
	count = request_recipients(desk, id, recipients, 8);
	assert_int_equal(count, 2);
	assert_string_equal(recipients[0].notified_on, "2026-03-15");
	assert_string_equal(recipients[1].notified_on, "");
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM recipient_notification WHERE request_id = %lld", id), 1);
}

/* GDPR Art. 19 after an erasure: the request keeps its recipients (ids, not
 * the person), so each can still be told and recorded. */
static void test_recipients_survive_the_erasure(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	long long person = add_contact(officer, "Elias", "Poistettava", "elias@example.fi");
	long long partner = add_recipient(officer, "Söderström Tapahtumat");
	disclose(officer, person, partner);
	struct request_recipient before[4];
	assert_int_equal(request_recipients_of_contact(officer, person, before, 4), 1);
	assert_string_equal(before[0].name, "Söderström Tapahtumat");
	const struct request_spec spec = { .kind = REQUEST_ERASURE, .channel = REQUEST_CHANNEL_EMAIL, .name = "Elias Poistettava" };
	long long id = add_request(officer, &spec);
	EXPECT_OK(officer, request_link_contact(officer, id, person));
	EXPECT_OK(officer, request_verify_by(officer, id, VERIFIED_BY_EMAIL_ON_RECORD));
	/* Disclosures after the link add their recipients too: by hand, and by an export. */
	long long later = add_recipient(officer, "Åkerlund Posti Ab");
	disclose(officer, person, later);
	long long mailer = add_recipient(officer, "Ähtärin Kirjepalvelu Oy");
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/postal.csv", f->u->dir);
	struct export_preview exported;
	EXPECT_OK(officer, export_write(officer, "postal-mail", mailer, path, &exported, sha));
	assert_true(exported.counts[ELIGIBILITY_ELIGIBLE] >= 1);
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, person, id, &preview));
	assert_int_equal(status_of(officer, id), REQUEST_STATUS_COMPLETED);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM request_contact WHERE request_id = %lld", id), 0);
	struct request_recipient recipients[4];
	assert_int_equal(request_recipients(officer, id, recipients, 4), 3);
	/* By name in Finnish order (... S ... Å Ä). */
	assert_int_equal(recipients[0].id, partner);
	assert_string_equal(recipients[0].name, "Söderström Tapahtumat");
	assert_int_equal(recipients[1].id, later);
	assert_int_equal(recipients[2].id, mailer);
	EXPECT_OK(officer, request_notify_recipient(officer, id, partner, "told by phone"));
	assert_int_equal(request_recipients(officer, id, recipients, 4), 3);
	assert_string_equal(recipients[0].notified_on, "2026-03-15");
	/* Nothing of the person stays in the request's recipient list. */
	assert_int_equal(columns_named(f->u->db, "request_recipient", "%"), 2);
}

/* ---- No data before the identity is verified (notice §6.5, §6.6) ---- */

static void test_no_data_before_identity_verified(void **state)
{
	struct fixture *f = *state;
	struct session *desk = &f->reception;
	long long person = add_contact(&f->officer, "Veera", "Varmistettava", "veera@example.fi");
	long long stranger = add_contact(&f->officer, "Kalle", "Kolmas", "kalle@example.fi");
	long long id = inspection_on(desk, "");
	EXPECT_OK(desk, request_link_contact(desk, id, person));
	long long found[8];
	assert_int_equal(request_contacts(desk, id, found, 8), -1);
	enum status status;
	char *report = report_of(desk, id, person, "en", REPORT_TEXT, &status);
	EXPECT_STATUS(desk, status, STATUS_ERR_FORBIDDEN);
	assert_string_equal(report, "");
	report = report_of(&f->officer, id, person, "en", REPORT_JSON, &status);
	EXPECT_STATUS(&f->officer, status, STATUS_ERR_FORBIDDEN);
	assert_string_equal(report, "");
	EXPECT_STATUS(desk, request_complete(desk, id, "sent"), STATUS_ERR_INVALID);

	/* A check where the photo did not match (or the name) is recorded, and leaves it unverified. */
	const struct id_check photo_mismatch = { .document = DOCUMENT_DRIVING_LICENCE, .photo_matched = false, .name_matched = true };
	EXPECT_STATUS(desk, request_record_id_check(desk, id, &photo_mismatch), STATUS_ERR_INVALID);
	const struct id_check name_mismatch = { .document = DOCUMENT_IDENTITY_CARD, .photo_matched = true, .name_matched = false };
	EXPECT_STATUS(desk, request_record_id_check(desk, id, &name_mismatch), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, id), REQUEST_STATUS_RECEIVED);
	assert_int_equal(request_contacts(desk, id, found, 8), -1);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM id_check WHERE request_id = %lld", id), 2);
	/* A representative's check does not verify a request the person made themselves. */
	const struct id_check wrong_person = { .document = DOCUMENT_PASSPORT, .photo_matched = true, .name_matched = true,
					       .concerns_representative = true };
	EXPECT_STATUS(desk, request_record_id_check(desk, id, &wrong_person), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, id), REQUEST_STATUS_RECEIVED);

	/* Photo and name matched: verified; now the linked contacts and the report. */
	verify_in_person(desk, id);
	assert_int_equal(status_of(desk, id), REQUEST_STATUS_IDENTITY_VERIFIED);
	assert_int_equal(request_contacts(desk, id, found, 8), 1);
	assert_int_equal(found[0], person);
	report = report_of(desk, id, person, "en", REPORT_TEXT, &status);
	EXPECT_OK(desk, status);
	expect_contains(report, "Varmistettava", "the report after verification");
	/* The document's number is never stored: the table has no column for it. */
	assert_int_equal(columns_named(f->u->db, "id_check", "%number%"), 0);
	/* A contact not linked to the request is refused, even when verified. */
	report = report_of(desk, id, stranger, "en", REPORT_TEXT, &status);
	EXPECT_STATUS(desk, status, STATUS_ERR_FORBIDDEN);
	expect_lacks(report, "Kolmas", "the refused report");
	/* Without a request, only the privacy officer produces a report. */
	report = report_of(desk, 0, person, "en", REPORT_TEXT, &status);
	EXPECT_STATUS(desk, status, STATUS_ERR_FORBIDDEN);
	report = report_of(&f->officer, 0, person, "en", REPORT_TEXT, &status);
	EXPECT_OK(&f->officer, status);
}

static void test_representative_and_letter(void **state)
{
	struct fixture *f = *state;
	struct session *desk = &f->reception;
	long long person = add_contact(&f->officer, "Paula", "Päämies", "paula@example.fi");
	/* On someone's behalf: the check must concern the representative. */
	const struct request_spec represented = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_IN_PERSON,
						  .name = "Paula Päämies", .representative = "Risto Edustaja",
						  .authorisation = "power of attorney dated 2026-03-01" };
	long long id = add_request(desk, &represented);
	EXPECT_OK(desk, request_link_contact(desk, id, person));
	const struct id_check of_requester = { .document = DOCUMENT_PASSPORT, .photo_matched = true, .name_matched = true };
	EXPECT_STATUS(desk, request_record_id_check(desk, id, &of_requester), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, id), REQUEST_STATUS_RECEIVED);
	long long found[4];
	assert_int_equal(request_contacts(desk, id, found, 4), -1);
	const struct id_check of_representative = { .document = DOCUMENT_IDENTITY_CARD, .photo_matched = true,
						    .name_matched = true, .concerns_representative = true };
	EXPECT_OK(desk, request_record_id_check(desk, id, &of_representative));
	assert_int_equal(status_of(desk, id), REQUEST_STATUS_IDENTITY_VERIFIED);
	assert_int_equal(request_contacts(desk, id, found, 4), 1);

	/* A letter: a handwritten signature and identifying details (notice §6.5). */
	const struct request_spec unsigned_letter = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_LETTER,
						      .name = "Paula Päämies", .details = "born 1980, Mikkeli" };
	long long unsigned_id = add_request(desk, &unsigned_letter);
	EXPECT_STATUS(desk, request_verify_letter(desk, unsigned_id), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, unsigned_id), REQUEST_STATUS_RECEIVED);
	const struct request_spec no_details = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_LETTER,
						 .name = "Paula Päämies", .signed_by_hand = true };
	long long bare_id = add_request(desk, &no_details);
	EXPECT_STATUS(desk, request_verify_letter(desk, bare_id), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, bare_id), REQUEST_STATUS_RECEIVED);
	const struct request_spec proper = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_LETTER,
					     .name = "Paula Päämies", .details = "born 1980, Mikkeli",
					     .marking = "asiakasrekisteri/tarkastuspyyntö", .signed_by_hand = true };
	long long letter_id = add_request(desk, &proper);
	EXPECT_OK(desk, request_link_contact(desk, letter_id, person));
	assert_int_equal(request_contacts(desk, letter_id, found, 4), -1);
	EXPECT_OK(desk, request_verify_letter(desk, letter_id));
	assert_int_equal(status_of(desk, letter_id), REQUEST_STATUS_IDENTITY_VERIFIED);
	assert_int_equal(request_contacts(desk, letter_id, found, 4), 1);
	/* A request at the desk is not verified by a signature. */
	long long desk_id = inspection_on(desk, "");
	EXPECT_STATUS(desk, request_verify_letter(desk, desk_id), STATUS_ERR_INVALID);
	assert_int_equal(status_of(desk, desk_id), REQUEST_STATUS_RECEIVED);
}

/* ---- The access report (notice §6.1, §6.8, §6.9) ---- */

/* The register's data of one person in every section, and a second person
 * disclosed in the same export. */
struct report_world {
	long long person, other, recipient, request;
};

static void build_report_world(struct fixture *f, struct report_world *w)
{
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	EXPECT_OK(officer, settings_set(db, SETTING_SUPERVISORY_AUTHORITY, "Valvontaviranomainen Testi, PL 123, 00531 Helsinki"));
	EXPECT_OK(officer, settings_set(db, SETTING_PRIVACY_EMAIL, "tietosuoja-testi@example.fi"));
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, "Raporttila Oy");
	EXPECT_OK(officer, organisation_save(officer, &organisation));
	long long organisation_id = organisation.id;
	organisation_free(&organisation);

	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Ritva");
	contact_set(&contact, CONTACT_LAST_NAME, "Raportoitava");
	contact_set(&contact, CONTACT_TITLE, "Huoltopäällikkö");
	contact_set(&contact, CONTACT_EMAIL, "ritva.raportoitava@example.fi");
	contact_set(&contact, CONTACT_PHONE, "040 7654321");
	contact_set(&contact, CONTACT_STREET, "Raporttitie 7");
	contact_set(&contact, CONTACT_POSTAL_CODE, "50100");
	contact_set(&contact, CONTACT_CITY, "Mikkeli");
	contact_set(&contact, CONTACT_SOURCE, "registering-party");
	contact_set(&contact, CONTACT_SOURCE_DETAIL, "Alihankkija Lähde Oy");
	contact_set(&contact, CONTACT_NOTES, "prefers \"morning\" calls\\back office");
	contact.organisation_id = organisation_id;
	contact.categories = 1u << CATEGORY_CUSTOMER | 1u << CATEGORY_MAINTENANCE;
	EXPECT_OK(officer, contact_save(officer, &contact, true, NULL));
	w->person = contact.id;
	contact_free(&contact);
	w->other = add_contact(officer, "Secundus", "Zyxwvuttinen", "secundus.zyx@example.fi");

	struct maintenance_reference reference = { .kind = 0 };
	snprintf(reference.reference, sizeof reference.reference, "%s", "SA-4711");
	snprintf(reference.date, sizeof reference.date, "%s", "2025-05-05");
	EXPECT_OK(officer, contact_add_reference(officer, w->person, &reference));

	/* A consent, then a ban on another purpose: history and current state. */
	struct consent_event consent = { .state = CONSENT_STATE_CONSENT, .channel = CONSENT_CHANNEL_WEB_FORM };
	snprintf(consent.purpose, sizeof consent.purpose, "%s", "electronic-marketing");
	snprintf(consent.given_on, sizeof consent.given_on, "%s", "2025-01-02");
	snprintf(consent.wording, sizeof consent.wording, "%s", "notice version 2025-01");
	EXPECT_OK(officer, consent_record(officer, w->person, &consent));
	struct consent_event ban = { .state = CONSENT_STATE_OBJECTION, .channel = CONSENT_CHANNEL_LETTER };
	snprintf(ban.purpose, sizeof ban.purpose, "%s", "postal-mail");
	snprintf(ban.given_on, sizeof ban.given_on, "%s", "2025-02-03");
	EXPECT_OK(officer, consent_record(officer, w->person, &ban));

	/* A training with a certificate, and an event. */
	struct course course;
	memset(&course, 0, sizeof course);
	snprintf(course.name, sizeof course.name, "%s", "Hissiturvallisuuskurssi");
	course.certificate_kind = CERTIFICATE_KIND_CERTIFICATE;
	course.validity_months = 24;
	EXPECT_OK(officer, course_save(officer, &course));
	struct training_session training;
	memset(&training, 0, sizeof training);
	training.course_id = course.id;
	snprintf(training.starts_at, sizeof training.starts_at, "%s", "2026-03-10 09:00");
	snprintf(training.place, sizeof training.place, "%s", "Koulutustila 2");
	training.trainer_account_id = f->trainer.account_id;
	EXPECT_OK(officer, training_session_save(officer, &training));
	EXPECT_OK(officer, training_register(officer, training.id, w->person, REGISTRAR_EMPLOYER, "Raporttila Oy"));
	long long registration = sql_int(db, "SELECT id FROM registration WHERE contact_id = %lld", w->person);
	EXPECT_OK(officer, training_mark(officer, registration, ATTENDANCE_PRESENT));
	int issued = 0;
	EXPECT_OK(officer, training_issue_certificates(officer, training.id, &issued));
	assert_int_equal(issued, 1);
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Asiakasilta Mikkelissä");
	snprintf(event.date, sizeof event.date, "%s", "2026-02-20");
	EXPECT_OK(officer, event_save(officer, &event));
	EXPECT_OK(officer, event_register(officer, event.id, w->person, EVENT_SOURCE_SIGN_UP));

	/* An export to a recipient outside the EU/EEA with standard contractual
	 * clauses, holding both people. */
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Faraway Analytics Inc");
	recipient.kind = RECIPIENT_SURVEY_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "US");
	recipient.safeguard = SAFEGUARD_SCC;
	snprintf(recipient.safeguard_reference, sizeof recipient.safeguard_reference, "%s", "SCC 2021/914 module 2");
	snprintf(recipient.safeguard_date, sizeof recipient.safeguard_date, "%s", "2024-01-15");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	w->recipient = recipient.id;
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/survey-export.csv", f->u->dir);
	struct export_preview preview;
	EXPECT_OK(officer, export_write(officer, "survey", recipient.id, path, &preview, sha));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure_contact WHERE contact_id IN (%lld, %lld)", w->person,
				 w->other), 2);

	/* A legal hold. */
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = w->person;
	hold.law = HOLD_ACCOUNTING_LEDGER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "contact data on invoices of 2025");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(officer, hold_add(officer, &hold));

	/* Her inspection request, verified at the desk. */
	w->request = inspection_on(&f->reception, "");
	EXPECT_OK(&f->reception, request_link_contact(&f->reception, w->request, w->person));
	verify_in_person(&f->reception, w->request);
}

/* The text with every run of white space as one space: a text report wraps
 * long values over lines. Freed by teardown. */
static const char *unwrapped(const char *text)
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
	assert_true(report_count < (int)COUNT(reports));
	reports[report_count++] = out;
	return out;
}

/* What every report of the world must say, whatever the format. */
static void expect_everything(const char *wrapped, const char *where)
{
	const char *report = unwrapped(wrapped);
	static const char *const wanted[] = {
		/* contact data, organisation, categories, source */
		"Ritva", "Raportoitava", "Huoltopäällikkö", "ritva.raportoitava@example.fi", "040 7654321", "Raporttitie 7",
		"Raporttila Oy", "Alihankkija Lähde Oy",
		/* maintenance reference */
		"SA-4711", "2025-05-05",
		/* bans and consents with history */
		"2025-01-02", "2025-02-03", "notice version 2025-01",
		/* trainings, certificate, event */
		"Hissiturvallisuuskurssi", "Asiakasilta Mikkelissä",
		/* the disclosure with its country and safeguard */
		"Faraway Analytics Inc", "US", "SCC 2021/914 module 2", "2024-01-15",
		/* the legal hold */
		"contact data on invoices of 2025", "2035-12-31",
		/* retention, rights, supervisory authority, privacy contact */
		"§4.1", "§6.7", "Valvontaviranomainen Testi, PL 123, 00531 Helsinki", "tietosuoja-testi@example.fi",
		"Mipro Oy",
	};
	for (size_t i = 0; i < COUNT(wanted); i++)
		expect_contains(report, wanted[i], where);
	/* The notes, with a quote and a backslash (escaped in JSON). */
	expect_contains(report, strstr(where, "JSON") ? "prefers \\\"morning\\\" calls\\\\back office"
						     : "prefers \"morning\" calls\\back office", where);
	/* Nothing of the other person disclosed in the same export. */
	static const char *const unwanted[] = { "Zyxwvuttinen", "Secundus", "secundus.zyx@example.fi" };
	for (size_t i = 0; i < COUNT(unwanted); i++)
		expect_lacks(report, unwanted[i], where);
}

static void test_report_every_section(void **state)
{
	struct fixture *f = *state;
	struct report_world w;
	build_report_world(f, &w);
	enum status status;
	char *text = report_of(&f->reception, w.request, w.person, "en", REPORT_TEXT, &status);
	EXPECT_OK(&f->reception, status);
	expect_everything(text, "the text report");
	/* Section titles of the text form. */
	static const char *const titles[] = { "Maintenance references", "Bans and consents", "History", "Trainings",
					      "Disclosures", "Transfer outside the EU/EEA", "law requires", "Your rights",
					      "supervisory authority", "More information" };
	for (size_t i = 0; i < COUNT(titles); i++)
		expect_contains(text, titles[i], "the text report");
	/* Categories and the source by their names; the certificate by its number. */
	const char *flat = unwrapped(text);
	expect_contains(flat, "customer contact", "the text report");
	expect_contains(flat, "maintenance contact", "the text report");
	expect_contains(flat, "another registering party", "the text report");
	char certificate[64];
	sql_text(f->u->db, certificate, sizeof certificate, "SELECT number FROM certificate WHERE contact_id = %lld", w.person);
	assert_string_not_equal(certificate, "");
	expect_contains(flat, certificate, "the text report");
	/* A4 text: no line wider than 72 columns plus the label indentation the emitter allows. */
	for (const char *line = text; *line;) {
		size_t length = strcspn(line, "\n");
		char copy[1024];
		snprintf(copy, sizeof copy, "%.*s", (int)(length < sizeof copy - 1 ? length : sizeof copy - 1), line);
		if (text_char_count(copy) > 100)
			fail_msg("a text report line is %zu characters wide: %s", text_char_count(copy), copy);
		line += length + (line[length] == '\n');
	}

	char *json = report_of(&f->reception, w.request, w.person, "en", REPORT_JSON, &status);
	EXPECT_OK(&f->reception, status);
	if (!json_parses(json))
		fail_msg("the JSON report does not parse:\n%s", json);
	expect_everything(json, "the JSON report");
	static const char *const keys[] = {
		"\"language\": \"en\"", "\"contact\":", "\"first_name\": \"Ritva\"", "\"categories\":", "\"source\":",
		"\"source_detail\":", "\"organisation\": \"Raporttila Oy\"", "\"records\":", "\"maintenance_references\":",
		"\"trainings_and_events\":", "\"disclosures\":", "\"country\": \"United States (US)\"", "\"transfer_safeguard\":",
		"\"legal_holds\":", "\"bans_and_consents\":", "\"current\":", "\"history\":", "\"processing\":",
		"\"retention\":", "\"rights\":", "\"supervisory_authority\":", "\"privacy_contact\":",
	};
	for (size_t i = 0; i < COUNT(keys); i++)
		expect_contains(json, keys[i], "the JSON report");
	expect_contains(json, certificate, "the JSON report");
	expect_contains(json, "\"source\": \"another registering party\"", "the JSON report");
	/* The report is audited, naming the format only. */
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'report.produce' AND record_id = %lld",
				 w.person), 2);
}

static void test_report_language(void **state)
{
	struct fixture *f = *state;
	if (!bind_build_catalogs()) {
		print_message("build-asan/locale/fi/LC_MESSAGES/regdesk.mo is missing: make build-asan/regdesk\n");
		skip();
	}
	struct report_world w;
	build_report_world(f, &w);
	enum status status;
	char *finnish = report_of(&f->officer, w.request, w.person, "fi", REPORT_TEXT, &status);
	EXPECT_OK(&f->officer, status);
	char *english = report_of(&f->officer, w.request, w.person, "en", REPORT_TEXT, &status);
	EXPECT_OK(&f->officer, status);
	assert_string_not_equal(finnish, english);
	expect_contains(finnish, "Etunimi", "the Finnish report");
	expect_lacks(finnish, "First name", "the Finnish report");
	expect_contains(english, "First name", "the English report");
	expect_lacks(english, "Etunimi", "the English report");
	/* The same facts in both. */
	expect_everything(finnish, "the Finnish report");
	char *json_fi = report_of(&f->officer, w.request, w.person, "fi", REPORT_JSON, &status);
	EXPECT_OK(&f->officer, status);
	assert_true(json_parses(json_fi));
	expect_contains(json_fi, "\"language\": \"fi\"", "the Finnish JSON report");
	/* The program's own language is back to English afterwards. */
	assert_string_equal(i18n_language(), "en");
	assert_string_equal(_("First name"), "First name");
}

/* ---- Erasure (notice §4.2, §6.4; GDPR Art. 17, 18) ---- */

#define ERASED_MARK "tyvaara"   /* a part of the made-up surname Qwertyvaara, in every stored form */

/* Rows of any table whose any column holds the mark, as text or as bytes
 * (either engine: SQLite's tables with their FTS5 shadows, PostgreSQL's
 * tables with the search word tables); names the first table and column
 * found in where. */
static long long rows_mentioning(struct database *db, const char *mark, char *where, size_t where_size)
{
	bool sqlite = unit_on_sqlite();
	struct statement *columns = database_prepare(db, sqlite
		? "SELECT t.name, c.name, 0 FROM sqlite_master t JOIN pragma_table_info(t.name) c "
		  "WHERE t.type = 'table' ORDER BY t.name, c.cid"
		: "SELECT c.table_name, c.column_name, c.data_type = 'bytea' FROM information_schema.columns c "
		  "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
		  "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
		  "ORDER BY c.table_name, c.ordinal_position");
	assert_non_null(columns);
	/* Read all names first: the counting queries run on the same connection. */
	struct { char table[64], column[64]; bool bytes; } found[1024];
	int count = 0;
	while (count < 1024 && statement_step(columns) == STORAGE_ROW) {
		snprintf(found[count].table, sizeof found[count].table, "%s", database_text(columns, 0));
		snprintf(found[count].column, sizeof found[count].column, "%s", database_text(columns, 1));
		found[count].bytes = statement_column_int(columns, 2) != 0;
		count++;
	}
	database_finalize(columns);
	assert_true(count > 0 && count < 1024);
	long long total = 0;
	*where = '\0';
	for (int i = 0; i < count; i++) {
		const char *table = found[i].table, *column = found[i].column;
		char sql[1024];
		if (sqlite)
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM \"%s\" WHERE CAST(\"%s\" AS TEXT) LIKE '%%%s%%' "
				 "OR instr(CAST(\"%s\" AS BLOB), CAST('%s' AS BLOB)) > 0",
				 table, column, mark, column, mark);
		else if (found[i].bytes)
			snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE position(convert_to('%s', 'UTF8') IN \"%s\") > 0",
				 table, mark, column);
		else
			snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE lower(CAST(\"%s\" AS TEXT)) LIKE '%%%s%%'",
				 table, column, mark);
		long long rows = unit_query_int(db, sql);
		if (rows > 0 && !*where)
			snprintf(where, where_size, "%s.%s", table, column);
		total += rows;
	}
	return total;
}

/* True when the file's bytes hold the mark, ignoring ASCII case; false when
 * there is no such file. */
static bool file_mentions(const char *path, const char *mark)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	size_t mark_length = strlen(mark);
	char buffer[65536 + 64];
	size_t kept = 0;
	bool found = false;
	for (;;) {
		size_t got = fread(buffer + kept, 1, sizeof buffer - 64 - kept, file);
		if (got == 0)
			break;
		size_t length = kept + got;
		for (size_t i = 0; i < length; i++)
			if (buffer[i] >= 'A' && buffer[i] <= 'Z')
				buffer[i] = (char)(buffer[i] - 'A' + 'a');
		if (memmem(buffer, length, mark, mark_length)) {
			found = true;
			break;
		}
		/* Keep the tail: the mark may straddle two reads. */
		kept = mark_length - 1 < length ? mark_length - 1 : length;
		memmove(buffer, buffer + length - kept, kept);
	}
	fclose(file);
	return found;
}

/* The database file and everything beside it that SQLite or the core
 * writes (-wal, -shm, -journal, .audit-head): none may mention the mark. */
static void expect_files_clean(const struct unit_db *u, const char *mark, const char *when)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".audit-head" };
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof path, "%s%s", u->path, suffixes[i]);
		if (file_mentions(path, mark))
			fail_msg("%s: the bytes of %s still hold \"%s\"", when, path, mark);
	}
}

static long long file_size(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0 ? (long long)info.st_size : -1;
}

static void test_erasure_without_holds(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long person = add_contact(officer, "Ilmari", "Qwertyvaara", "ilmari.qwertyvaara@example.fi");
	long long bystander = add_contact(officer, "Bertta", "Sivullinen", "bertta@example.fi");
	struct maintenance_reference reference = { .kind = 1 };
	snprintf(reference.reference, sizeof reference.reference, "%s", "FR-Qwertyvaara-1");
	EXPECT_OK(officer, contact_add_reference(officer, person, &reference));
	struct consent_event ban = { .state = CONSENT_STATE_OBJECTION, .channel = CONSENT_CHANNEL_LETTER };
	snprintf(ban.purpose, sizeof ban.purpose, "%s", "postal-mail");
	snprintf(ban.given_on, sizeof ban.given_on, "%s", "2026-01-02");
	snprintf(ban.note, sizeof ban.note, "%s", "letter from I. Qwertyvaara");
	EXPECT_OK(officer, consent_record(officer, person, &ban));
	/* Training with a certificate, an event, an export and a manual disclosure. */
	struct course course;
	memset(&course, 0, sizeof course);
	snprintf(course.name, sizeof course.name, "%s", "Tulityökortti");
	course.certificate_kind = CERTIFICATE_KIND_PERMIT_CARD;
	course.validity_months = 60;
	EXPECT_OK(officer, course_save(officer, &course));
	struct training_session training;
	memset(&training, 0, sizeof training);
	training.course_id = course.id;
	snprintf(training.starts_at, sizeof training.starts_at, "%s", "2026-03-01 09:00");
	snprintf(training.place, sizeof training.place, "%s", "Koulutustila 1");
	training.trainer_account_id = f->trainer.account_id;
	EXPECT_OK(officer, training_session_save(officer, &training));
	EXPECT_OK(officer, training_register(officer, training.id, person, REGISTRAR_OTHER, "Qwertyvaara Huolto Oy"));
	EXPECT_OK(officer, training_register(officer, training.id, bystander, REGISTRAR_SELF, ""));
	EXPECT_OK(officer, training_mark_all_present(officer, training.id, &(int){ 0 }));
	int issued = 0;
	EXPECT_OK(officer, training_issue_certificates(officer, training.id, &issued));
	assert_int_equal(issued, 2);
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Kevätseminaari");
	snprintf(event.date, sizeof event.date, "%s", "2026-02-20");
	EXPECT_OK(officer, event_save(officer, &event));
	EXPECT_OK(officer, event_register(officer, event.id, person, EVENT_SOURCE_EMAIL));
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Posti Partner Oy");
	recipient.kind = RECIPIENT_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/survey.csv", f->u->dir);
	struct export_preview export;
	EXPECT_OK(officer, export_write(officer, "survey", recipient.id, path, &export, sha));
	/* An earlier inspection by the same person, completed: it names them too. */
	const struct request_spec earlier = { .kind = REQUEST_INSPECTION, .channel = REQUEST_CHANNEL_IN_PERSON,
					      .name = "Ilmari Qwertyvaara", .received = "2025-06-02" };
	long long earlier_id = add_request(&f->reception, &earlier);
	EXPECT_OK(&f->reception, request_link_contact(&f->reception, earlier_id, person));
	verify_in_person(&f->reception, earlier_id);
	EXPECT_OK(&f->reception, request_complete(&f->reception, earlier_id, "report handed over"));
	/* The erasure request, by letter, verified and linked. */
	const struct request_spec letter = { .kind = REQUEST_ERASURE, .channel = REQUEST_CHANNEL_LETTER,
					     .name = "Ilmari Qwertyvaara", .details = "Qwertyvaara, born 1970, Mikkeli",
					     .marking = "asiakasrekisteri/poistopyyntö", .signed_by_hand = true };
	long long request_id = add_request(&f->reception, &letter);
	EXPECT_OK(&f->reception, request_link_contact(&f->reception, request_id, person));
	EXPECT_OK(&f->reception, request_verify_letter(&f->reception, request_id));
	char where[600];
	assert_true(rows_mentioning(db, ERASED_MARK, where, sizeof where) > 0);   /* the scan finds what is there */

	/* Reception may not erase. */
	struct erasure_preview preview;
	EXPECT_STATUS(&f->reception, erasure_preview(&f->reception, person, &preview), STATUS_ERR_FORBIDDEN);
	EXPECT_STATUS(&f->reception, erasure_confirm(&f->reception, person, request_id, &preview), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(officer, erasure_preview(officer, person, &preview));
	assert_int_equal(preview.held, 0);
	assert_int_equal(preview.consents, 1);
	assert_int_equal(preview.registrations, 1);
	assert_int_equal(preview.certificates, 1);
	assert_int_equal(preview.events, 1);
	assert_int_equal(preview.references, 1);
	assert_int_equal(preview.disclosures, 1);
	assert_int_equal(preview.recipients_to_notify, 1);
	EXPECT_OK(officer, erasure_confirm(officer, person, request_id, &preview));
	assert_int_equal(preview.held, 0);
	if (!unit_on_sqlite())
		unit_expect_no_tuples_mentioning(db, ERASED_MARK);

	/* Not in any table, any column. */
	long long left = rows_mentioning(db, ERASED_MARK, where, sizeof where);
	if (left != 0)
		fail_msg("%lld rows still mention the erased person, first in %s", left, where);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", person), 0);
	struct contact gone;
	contact_init(&gone);
	EXPECT_STATUS(officer, contact_load(officer, person, false, &gone), STATUS_ERR_NOT_FOUND);
	contact_free(&gone);
	/* Trainings and events keep anonymous counts. */
	assert_int_equal(sql_int(db, "SELECT erased_participants FROM training_session WHERE id = %lld", training.id), 1);
	assert_int_equal(sql_int(db, "SELECT erased_participants FROM event WHERE id = %lld", event.id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM registration WHERE session_id = %lld", training.id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM certificate WHERE contact_id = %lld", bystander), 1);
	/* The completed request keeps number, kind, dates and outcome, not the person. */
	struct subject_request *request = load_request(officer, request_id);
	assert_int_equal(request->status, REQUEST_STATUS_COMPLETED);
	assert_int_equal(request->kind, REQUEST_ERASURE);
	assert_string_equal(request->received_on, "2026-03-15");
	assert_string_not_equal(request->due_on, "");
	assert_string_not_equal(request->outcome, "");
	assert_string_equal(request->requester_name, "");
	assert_string_equal(request->identifying_details, "");
	assert_int_equal(request->linked_contacts, 0);
	free(request);
	char closed_at[64];
	sql_text(db, closed_at, sizeof closed_at, "SELECT closed_at FROM subject_request WHERE id = %lld", request_id);
	assert_string_not_equal(closed_at, "");
	/* The bystander is untouched. */
	struct contact kept;
	contact_init(&kept);
	EXPECT_OK(officer, contact_load(officer, bystander, false, &kept));
	assert_string_equal(kept.value[CONTACT_LAST_NAME], "Sivullinen");
	contact_free(&kept);

	if (!unit_on_sqlite())
		return;   /* the file checks below are SQLite's; PostgreSQL's tuples and index entries were checked above */
	/* Not in the file's bytes nor in the WAL, now (after the TRUNCATE
	 * checkpoint) and after closing. */
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", f->u->path);
	long long wal_size = file_size(wal);
	if (wal_size > 0)
		fail_msg("the WAL holds %lld bytes after the erasure's TRUNCATE checkpoint", wal_size);
	expect_files_clean(f->u, ERASED_MARK, "after the erasure");
	database_close(f->u->db);
	f->u->db = NULL;
	expect_files_clean(f->u, ERASED_MARK, "after closing");
	/* The scan finds a name that is there: the bystander's. */
	assert_true(file_mentions(f->u->path, "sivullinen"));
}

static void test_hold_periods(void **state)
{
	struct fixture *f = *state;
	char until[11];
	/* Ledgers and financial statements: 10 years from the end of the financial year. */
	hold_until(HOLD_ACCOUNTING_LEDGER, "2025-12-31", until);
	assert_string_equal(until, "2035-12-31");
	hold_until(HOLD_ACCOUNTING_LEDGER, "2025-06-30", until);
	assert_string_equal(until, "2035-06-30");
	/* Vouchers: 6 years from the end of the calendar year in which the financial year ended. */
	hold_until(HOLD_ACCOUNTING_VOUCHER, "2025-06-30", until);
	assert_string_equal(until, "2031-12-31");
	hold_until(HOLD_ACCOUNTING_VOUCHER, "2025-12-31", until);
	assert_string_equal(until, "2031-12-31");
	hold_until(HOLD_OTHER, "2025-12-31", until);
	assert_string_equal(until, "");

	long long person = add_contact(&f->officer, "Hannu", "Holdinen", "hannu@example.fi");
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = person;
	hold.law = HOLD_ACCOUNTING_VOUCHER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "invoices and their correspondence");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "30.6.2025");
	EXPECT_STATUS(&f->reception, hold_add(&f->reception, &hold), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(&f->officer, hold_add(&f->officer, &hold));
	assert_string_equal(hold.until, "2031-12-31");
	assert_string_equal(hold.basis_date, "2025-06-30");
	/* The Accounting Act counts from a date, which must be given. */
	struct legal_hold undated = hold;
	undated.id = 0;
	undated.basis_date[0] = undated.until[0] = '\0';
	EXPECT_STATUS(&f->officer, hold_add(&f->officer, &undated), STATUS_ERR_INVALID);
	/* Another law must be named and have an end. */
	struct legal_hold other;
	memset(&other, 0, sizeof other);
	other.contact_id = person;
	other.law = HOLD_OTHER;
	snprintf(other.covers, sizeof other.covers, "%s", "guarantee records");
	snprintf(other.until, sizeof other.until, "%s", "2030-01-01");
	EXPECT_STATUS(&f->officer, hold_add(&f->officer, &other), STATUS_ERR_INVALID);
	snprintf(other.law_name, sizeof other.law_name, "%s", "Consumer Protection Act");
	EXPECT_OK(&f->officer, hold_add(&f->officer, &other));
	/* No hold for a contact that does not exist. */
	struct legal_hold nobody = other;
	nobody.id = 0;
	nobody.contact_id = person + 1000;
	assert_int_not_equal(hold_add(&f->officer, &nobody), STATUS_OK);
	struct legal_hold listed[8];
	assert_int_equal(hold_list(&f->officer, person, listed, 8), 2);
	assert_string_equal(listed[0].until, "2031-12-31");   /* the latest end first */
	/* A hold that has ended keeps nothing. */
	long long former = add_contact(&f->officer, "Entinen", "Pidätys", "entinen@example.fi");
	struct legal_hold ended;
	memset(&ended, 0, sizeof ended);
	ended.contact_id = former;
	ended.law = HOLD_ACCOUNTING_VOUCHER;
	snprintf(ended.covers, sizeof ended.covers, "%s", "vouchers of 2018");
	snprintf(ended.basis_date, sizeof ended.basis_date, "%s", "2018-12-31");
	EXPECT_OK(&f->officer, hold_add(&f->officer, &ended));
	assert_string_equal(ended.until, "2024-12-31");
	struct erasure_preview preview;
	EXPECT_OK(&f->officer, erasure_preview(&f->officer, former, &preview));
	assert_int_equal(preview.held, 0);
}

static void test_erasure_with_accounting_hold(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long person = add_contact(officer, "Pertti", "Pidätetty", "pertti.pidatetty@example.fi");
	long long other = add_contact(officer, "Olga", "Vapaa", "olga.vapaa@example.fi");
	struct consent_event consent = { .state = CONSENT_STATE_CONSENT, .channel = CONSENT_CHANNEL_WEB_FORM };
	snprintf(consent.purpose, sizeof consent.purpose, "%s", "electronic-marketing");
	snprintf(consent.given_on, sizeof consent.given_on, "%s", "2026-01-05");
	EXPECT_OK(officer, consent_record(officer, person, &consent));
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Syysseminaari");
	snprintf(event.date, sizeof event.date, "%s", "2025-10-01");
	EXPECT_OK(officer, event_save(officer, &event));
	EXPECT_OK(officer, event_register(officer, event.id, person, EVENT_SOURCE_WEB));
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Kysely Partner Oy");
	recipient.kind = RECIPIENT_SURVEY_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/before.csv", f->u->dir);
	struct export_preview export;
	EXPECT_OK(officer, export_write(officer, "survey", recipient.id, path, &export, sha));
	long long considered_before = export.considered;
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = person;
	hold.law = HOLD_ACCOUNTING_LEDGER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "name and address on invoices");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(officer, hold_add(officer, &hold));
	assert_string_equal(hold.until, "2035-12-31");

	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_preview(officer, person, &preview));
	assert_int_equal(preview.held, 1);
	assert_string_equal(preview.held_until, "2035-12-31");
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));
	assert_int_equal(preview.held, 1);

	/* Kept, restricted until the hold ends. */
	char restricted[16];
	sql_text(db, restricted, sizeof restricted, "SELECT restricted_until FROM contact WHERE id = %lld", person);
	assert_string_equal(restricted, "2035-12-31");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM legal_hold WHERE contact_id = %lld", person), 1);
	/* What no hold covers is gone. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM consent_event WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM event_registration WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure_contact WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact_category WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT erased_participants FROM event WHERE id = %lld", event.id), 1);
	/* Restricted (GDPR Art. 18): out of reception's search, list and total;
	 * the privacy officer still finds it by its kept name, marked H. */
	struct contact_query query = { "Pidätetty", 0 };
	struct contact_row rows[16];
	assert_int_equal(contact_search_page(&f->reception, &query, NULL, false, rows, 16), 0);
	assert_int_equal(contact_search_count(&f->reception, &query, 100), 0);
	assert_int_equal(contact_search_page(officer, &query, NULL, false, rows, 16), 1);
	assert_non_null(strchr(rows[0].markers, 'H'));
	struct contact_query everyone = { "", 0 };
	int count = contact_search_page(&f->reception, &everyone, NULL, false, rows, 16);
	assert_int_equal(count, 1);
	assert_int_equal(rows[0].id, other);
	assert_int_equal(contact_search_count(&f->reception, &everyone, 100), 1);
	assert_int_equal(contact_search_page(officer, &everyone, NULL, false, rows, 16), 2);
	/* Its erased e-mail is in no search index (Accounting Act default: name, organisation, references). */
	struct contact_query by_email = { "example.fi", 0 };
	assert_int_equal(contact_search_page(officer, &by_email, NULL, false, rows, 16), 1);
	assert_int_equal(rows[0].id, other);
	/* Out of exports. */
	snprintf(path, sizeof path, "%s/after.csv", f->u->dir);
	EXPECT_OK(officer, export_write(officer, "survey", recipient.id, path, &export, sha));
	assert_int_equal(export.considered, considered_before - 1);
	FILE *file = fopen(path, "r");
	assert_non_null(file);
	char content[4096];
	size_t length = fread(content, 1, sizeof content - 1, file);
	content[length] = '\0';
	fclose(file);
	expect_lacks(content, "Pidätetty", "the export after the erasure");
	expect_contains(content, "Vapaa", "the export after the erasure");
	/* Shown to the privacy officer only, and read-only. */
	struct contact contact;
	contact_init(&contact);
	EXPECT_STATUS(&f->reception, contact_load(&f->reception, person, false, &contact), STATUS_ERR_FORBIDDEN);
	contact_free(&contact);
	contact_init(&contact);
	EXPECT_OK(officer, contact_load(officer, person, false, &contact));
	assert_string_equal(contact.restricted_until, "2035-12-31");
	assert_string_equal(contact.value[CONTACT_LAST_NAME], "Pidätetty");
	contact_set(&contact, CONTACT_CITY, "Helsinki");
	EXPECT_STATUS(officer, contact_save(officer, &contact, true, NULL), STATUS_ERR_FORBIDDEN);
	contact_free(&contact);
	/* Only what the hold keeps: the address and e-mail went at the erasure. */
	char city[64];
	sql_text(db, city, sizeof city, "SELECT city || '|' || email || '|' || email_key FROM contact WHERE id = %lld", person);
	assert_string_equal(city, "||");
}

/* ---- Objection (notice §6.3) ---- */

static void test_objection_bans_every_purpose(void **state)
{
	struct fixture *f = *state;
	struct session *desk = &f->reception;
	long long first = add_contact(&f->officer, "Olli", "Vastustaja", "olli.v@example.fi");
	long long second = add_contact(&f->officer, "Olli", "Vastustaja", "olli.vastustaja@work.example.fi");
	long long bystander = add_contact(&f->officer, "Ulla", "Ulkopuolinen", "ulla@example.fi");
	const struct request_spec spec = { .kind = REQUEST_OBJECTION, .channel = REQUEST_CHANNEL_LETTER,
					   .name = "Olli Vastustaja", .details = "both addresses",
					   .signed_by_hand = true, .received = "2026-03-12" };
	long long id = add_request(desk, &spec);
	EXPECT_OK(desk, request_link_contact(desk, id, first));
	EXPECT_OK(desk, request_link_contact(desk, id, second));
	struct purpose purposes[32];
	int purpose_count = consent_purposes(f->u->db, purposes, 32);
	assert_true(purpose_count > 1);
	/* Not before the identity is verified. */
	int bans = -1;
	assert_int_not_equal(request_apply_objection(desk, id, &bans), STATUS_OK);
	assert_int_equal(bans, 0);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM consent_event"), 0);
	EXPECT_OK(desk, request_verify_letter(desk, id));
	EXPECT_OK(desk, request_apply_objection(desk, id, &bans));
	assert_int_equal(bans, 2 * purpose_count);
	const long long linked[] = { first, second };
	for (size_t c = 0; c < COUNT(linked); c++) {
		struct consent_current current[32];
		int count = consent_current(desk, linked[c], current, 32);
		assert_int_equal(count, purpose_count);
		for (int p = 0; p < count; p++) {
			if (current[p].effective != CONSENT_STATE_OBJECTION)
				fail_msg("contact #%lld purpose %s is %s after the objection", linked[c], current[p].purpose.code,
					 consent_state_code(current[p].effective));
			assert_string_equal(current[p].latest.given_on, "2026-03-12");
			assert_int_equal(current[p].latest.channel, CONSENT_CHANNEL_LETTER);
		}
	}
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM consent_event WHERE contact_id = %lld", bystander), 0);
	/* Another kind of request sets no bans. */
	long long inspection = inspection_on(desk, "");
	EXPECT_OK(desk, request_link_contact(desk, inspection, bystander));
	verify_in_person(desk, inspection);
	EXPECT_STATUS(desk, request_apply_objection(desk, inspection, &bans), STATUS_ERR_INVALID);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM consent_event WHERE contact_id = %lld", bystander), 0);
}

/* ---- Rules the core does not enforce yet (found while writing these tests) ---- */

/* A request completed by an erasure must be one the person could complete
 * otherwise: an erasure request, identity verified, the contact linked to it
 * (request_complete refuses an unverified one; notice §6.5, §6.6). */
static void test_erasure_completes_only_a_verified_linked_erasure_request(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	long long person = add_contact(officer, "Uuno", "Varmistamaton", "uuno@example.fi");
	const struct request_spec spec = { .kind = REQUEST_ERASURE, .channel = REQUEST_CHANNEL_EMAIL,
					   .name = "Uuno Varmistamaton" };
	long long unverified = add_request(&f->reception, &spec);
	EXPECT_OK(officer, request_link_contact(officer, unverified, person));
	struct erasure_preview preview;
	enum status status = erasure_confirm(officer, person, unverified, &preview);
	if (status == STATUS_OK)
		fail_msg("erasure_confirm completed request #%lld whose identity was never verified (status now %s)",
			 unverified, request_status_label(status_of(officer, unverified)));
	assert_int_equal(status_of(officer, unverified), REQUEST_STATUS_RECEIVED);
}

/* A record kept restricted under a legal hold is "stored, shown to the
 * privacy officer, used for nothing else" (erasure.c; GDPR Art. 18(2)):
 * nothing new is recorded on it at the desk, and nothing is disclosed. */
static void test_restricted_record_takes_nothing_new(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer, *desk = &f->reception;
	long long person = add_contact(officer, "Rauni", "Rajoitettu", "rauni@example.fi");
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = person;
	hold.law = HOLD_ACCOUNTING_VOUCHER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "invoices");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(officer, hold_add(officer, &hold));
	struct event event;
	memset(&event, 0, sizeof event);
	snprintf(event.name, sizeof event.name, "%s", "Talviseminaari");
	snprintf(event.date, sizeof event.date, "%s", "2026-12-01");
	EXPECT_OK(officer, event_save(officer, &event));
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Toimitus Oy");
	recipient.kind = RECIPIENT_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));
	assert_int_equal(preview.held, 1);

	struct consent_event consent = { .state = CONSENT_STATE_CONSENT, .channel = CONSENT_CHANNEL_WEB_FORM };
	snprintf(consent.purpose, sizeof consent.purpose, "%s", "electronic-marketing");
	snprintf(consent.given_on, sizeof consent.given_on, "%s", "2026-03-15");
	enum status consent_status = consent_record(desk, person, &consent);
	enum status event_status = event_register(desk, event.id, person, EVENT_SOURCE_WEB);
	struct manual_disclosure disclosure = { .recipient_id = recipient.id };
	snprintf(disclosure.purpose, sizeof disclosure.purpose, "%s", "delivery of an order");
	snprintf(disclosure.legal_ground, sizeof disclosure.legal_ground, "%s", "contract");
	snprintf(disclosure.fields, sizeof disclosure.fields, "%s", "name, address");
	enum status disclosure_status = disclosure_record(desk, person, &disclosure);
	if (consent_status == STATUS_OK || event_status == STATUS_OK || disclosure_status == STATUS_OK)
		fail_msg("on a record restricted until %s, reception could still record: consent_record %s, "
			 "event_register %s, disclosure_record %s", preview.held_until, status_message(consent_status),
			 status_message(event_status), status_message(disclosure_status));
}

/* Linking a contact that does not exist is refused, not recorded as done. */
static void test_link_unknown_contact_refused(void **state)
{
	struct fixture *f = *state;
	long long id = inspection_on(&f->reception, "");
	enum status status = request_link_contact(&f->reception, id, 424242);
	if (status == STATUS_OK)
		fail_msg("request_link_contact(#%lld, contact #424242 that does not exist) returned ok", id);
	assert_int_equal(sql_int(f->u->db, "SELECT count(*) FROM request_contact WHERE request_id = %lld", id), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_checker_itself),
		cmocka_unit_test(test_due_date_month_end),
		cmocka_unit_test(test_due_date_weekend_moves_to_monday),
		cmocka_unit_test(test_easter_holidays),
		cmocka_unit_test(test_fixed_holidays),
		cmocka_unit_test(test_midsummer_eve),
		cmocka_unit_test_setup_teardown(test_request_add_computes_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension_told_date_and_late_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_received_in_future_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_charge_needs_the_officers_finding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_and_phone_requests_verified_by_reasonable_means, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rectification_names_its_request_and_recipients, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recipients_survive_the_erasure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_data_before_identity_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_representative_and_letter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_every_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_without_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_periods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_with_accounting_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_objection_bans_every_purpose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_completes_only_a_verified_linked_erasure_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restricted_record_takes_nothing_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_unknown_contact_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Dates are Finnish local dates (issue: "Dates are Finnish"): the one
 * leap-year rule, month and day arithmetic, and "today" in the register's
 * time zone (setting time_zone, default Europe/Helsinki). Each test fails on
 * the old rule: "today" as the UTC date. */
#include "unit.h"

#include <time.h>

#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "request.h"
#include "settings.h"

/* 2026-12-05 23:30 UTC is 2026-12-06 01:30 in Helsinki (EET, UTC+2). */
#define LATE_EVENING_UTC ((time_t)1796513400)

static int reset(void **state)
{
	(void)state;
	clock_override(0);
	calendar_set_zone(CALENDAR_DEFAULT_ZONE);
	return 0;
}

static int reset_and_close(void **state)
{
	reset(state);
	return unit_teardown_db(state);
}

static void months(const char *date, int add, const char *expected)
{
	char out[11];
	calendar_add_months(date, add, out);
	if (strcmp(out, expected) != 0)
		fail_msg("%s + %d months = %s, expected %s", date, add, out, expected);
}

static void days(const char *date, int add, const char *expected)
{
	char out[11];
	calendar_add_days(date, add, out);
	if (strcmp(out, expected) != 0)
		fail_msg("%s + %d days = %s, expected %s", date, add, out, expected);
}

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(calendar_is_leap_year(2024));
	assert_true(calendar_is_leap_year(2000));     /* divisible by 400 */
	assert_false(calendar_is_leap_year(2100));    /* divisible by 100 only */
	assert_false(calendar_is_leap_year(2026));
	assert_int_equal(calendar_days_in_month(2028, 2), 29);
	assert_int_equal(calendar_days_in_month(2100, 2), 28);
	assert_int_equal(calendar_days_in_month(2026, 4), 30);
}

static void test_months_clamp_to_the_last_day(void **state)
{
	(void)state;
	months("2026-01-31", 1, "2026-02-28");
	months("2028-01-31", 1, "2028-02-29");
	months("2026-12-06", 1, "2027-01-06");
	months("2026-03-31", -1, "2026-02-28");
	months("2026-12-06", -12, "2025-12-06");
	months("2028-02-29", 12, "2029-02-28");
	months("not a date", 1, "");
}

static void test_days_cross_months_and_years(void **state)
{
	(void)state;
	days("2026-12-31", 1, "2027-01-01");
	days("2028-02-28", 1, "2028-02-29");
	days("2026-03-01", -1, "2026-02-28");
	days("2026-12-06", 90, "2027-03-06");
	assert_int_equal(calendar_weekday("2026-12-06"), 0);   /* Independence Day 2026 is a Sunday */
	assert_int_equal(calendar_weekday("2026-12-07"), 1);
}

/* 01:30 in Helsinki is already the next day: today is the local date, not UTC's. */
static void test_today_is_the_helsinki_date(void **state)
{
	(void)state;
	clock_override(LATE_EVENING_UTC);
	char today[11];
	calendar_today(today);
	assert_string_equal(today, "2026-12-06");
	/* In summer (EEST, UTC+3) 21:30 UTC is 00:30 the next day. */
	clock_override((time_t)1782077400);   /* 2026-06-21 21:30 UTC */
	calendar_today(today);
	assert_string_equal(today, "2026-06-22");
	assert_true(calendar_is_future("2026-06-23"));
	assert_false(calendar_is_future("2026-06-22"));
	clock_override(0);
}

/* A request received at 01:30 is received that day, and its deadline and the
 * overdue flag follow the local date. */
static void test_request_received_after_midnight_is_dated_that_day(void **state)
{
	struct unit_db *u = *state;
	struct session officer;
	unit_first_officer(u->db, &officer);
	clock_override(LATE_EVENING_UTC);
	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request->requester_name, sizeof request->requester_name, "%s", "Åsa Söderström");
	assert_int_equal(request_add(&officer, request), STATUS_OK);
	assert_string_equal(request->received_on, "2026-12-06");
	/* Due one month later, moved past the weekend to Thursday 7 January (6 Jan is Epiphany). */
	assert_string_equal(request->due_on, "2027-01-07");
	assert_false(request_is_overdue(request, "2027-01-07"));
	assert_true(request_is_overdue(request, "2027-01-08"));
	free(request);
	clock_override(0);
}

/* The privacy officer sets the zone; an unknown zone is refused with the reason. */
static void test_time_zone_setting_is_checked_and_applied(void **state)
{
	struct unit_db *u = *state;
	struct session officer;
	unit_first_officer(u->db, &officer);
	clock_override(LATE_EVENING_UTC);
	assert_int_equal(settings_change(&officer, SETTING_TIME_ZONE, "Mars/Olympus"), STATUS_ERR_INVALID);
	assert_int_equal(settings_change(&officer, SETTING_TIME_ZONE, "../../etc/passwd"), STATUS_ERR_INVALID);
	char today[11];
	calendar_today(today);
	assert_string_equal(today, "2026-12-06");
	assert_int_equal(settings_change(&officer, SETTING_TIME_ZONE, "UTC"), STATUS_OK);
	calendar_today(today);
	assert_string_equal(today, "2026-12-05");
	/* A new process reads it from the register. */
	calendar_set_zone(CALENDAR_DEFAULT_ZONE);
	settings_apply(u->db);
	assert_string_equal(calendar_zone(), "UTC");
	clock_override(0);
}

/* The list's E marker (relationship ended) turns on the local date too: a
 * relationship ending on 6 December has ended at 01:30 Helsinki time. */
static void test_ended_marker_follows_the_local_date(void **state)
{
	struct unit_db *u = *state;
	struct session officer;
	unit_first_officer(u->db, &officer);
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Åsa");
	contact_set(&contact, CONTACT_LAST_NAME, "Söderström");
	contact_set(&contact, CONTACT_EMAIL, "asa@example.fi");
	contact.categories = 1u << CATEGORY_CUSTOMER;
	assert_int_equal(contact_save(&officer, &contact, true, NULL), STATUS_OK);
	long long id = contact.id;
	contact_free(&contact);
	clock_override(LATE_EVENING_UTC);
	assert_int_equal(contact_end_relationship(&officer, id, "2026-12-06"), STATUS_OK);
	struct contact_query query = { .text = "soderstrom" };
	struct contact_row rows[2];
	assert_int_equal(contact_search_page(&officer, &query, NULL, false, rows, 2), 1);
	assert_non_null(strchr(rows[0].markers, 'E'));
	/* The same moment in UTC is still 5 December: not ended yet. */
	calendar_set_zone("UTC");
	assert_int_equal(contact_search_page(&officer, &query, NULL, false, rows, 2), 1);
	assert_null(strchr(rows[0].markers, 'E'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_leap_years_follow_the_gregorian_rule, reset),
		cmocka_unit_test_teardown(test_months_clamp_to_the_last_day, reset),
		cmocka_unit_test_teardown(test_days_cross_months_and_years, reset),
		cmocka_unit_test_teardown(test_today_is_the_helsinki_date, reset),
		cmocka_unit_test_setup_teardown(test_request_received_after_midnight_is_dated_that_day, unit_setup_db, reset_and_close),
		cmocka_unit_test_setup_teardown(test_time_zone_setting_is_checked_and_applied, unit_setup_db, reset_and_close),
		cmocka_unit_test_setup_teardown(test_ended_marker_follows_the_local_date, unit_setup_db, reset_and_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

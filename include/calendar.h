/* Calendar dates as YYYY-MM-DD text: the one leap-year rule, month
 * arithmetic and "today" in the register's time zone. Every date the program
 * records or compares comes from here, so that 01:30 in Helsinki is already
 * tomorrow's date, not yesterday's UTC one. */
#ifndef REGDESK_CALENDAR_H
#define REGDESK_CALENDAR_H

#include <stdbool.h>
#include <time.h>

/* The register's time zone when none is set (a tz database name). */
#define CALENDAR_DEFAULT_ZONE "Europe/Helsinki"

bool calendar_is_leap_year(int year);
int calendar_days_in_month(int year, int month);
/* Splits YYYY-MM-DD; false when it is not a real date. */
bool calendar_split(const char *date, int *year, int *month, int *day);
/* date + months, clamped to the last day of the month (31 Jan + 1 = 28/29 Feb). */
void calendar_add_months(const char *date, int months, char out[11]);
void calendar_add_days(const char *date, int days, char out[11]);
/* 0 Sunday ... 6 Saturday; -1 for no date. */
int calendar_weekday(const char *date);

/* The register's time zone: a tz database name such as Europe/Helsinki.
 * False (and nothing changed) when the system has no such zone. */
bool calendar_set_zone(const char *zone);
bool calendar_zone_exists(const char *zone);
const char *calendar_zone(void);
/* The local date of a moment, and of now (the core's clock), in that zone. */
void calendar_date_of(time_t when, char out[11]);
void calendar_today(char out[11]);
/* True when date (YYYY-MM-DD) is after today: statements and receipts cannot be dated in the future. */
bool calendar_is_future(const char *date);

#endif

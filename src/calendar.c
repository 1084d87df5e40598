#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "text.h"

bool calendar_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int calendar_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && calendar_is_leap_year(year));
}

bool calendar_split(const char *date, int *year, int *month, int *day)
{
	char tail;
	if (!date || sscanf(date, "%4d-%2d-%2d%c", year, month, day, &tail) != 3)
		return false;
	return *month >= 1 && *month <= 12 && *day >= 1 && *day <= calendar_days_in_month(*year, *month);
}

static void format_date(int year, int month, int day, char out[11])
{
	char text[40];
	snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
	text_copy(out, 11, text);
}

void calendar_add_months(const char *date, int months, char out[11])
{
	int year, month, day;
	if (!calendar_split(date, &year, &month, &day)) {
		out[0] = '\0';
		return;
	}
	int total = year * 12 + (month - 1) + months;
	year = total / 12;
	month = total % 12 + 1;
	int last = calendar_days_in_month(year, month);
	format_date(year, month, day > last ? last : day, out);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), and back. */
static long days_from_civil(int year, int month, int day)
{
	year -= month <= 2;
	long era = (year >= 0 ? year : year - 399) / 400;
	long year_of_era = year - era * 400;
	long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(long days, int *year, int *month, int *day)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long day_of_era = days - era * 146097;
	long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long mp = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(year_of_era + era * 400 + (*month <= 2));
}

void calendar_add_days(const char *date, int days, char out[11])
{
	int year, month, day;
	if (!calendar_split(date, &year, &month, &day)) {
		out[0] = '\0';
		return;
	}
	civil_from_days(days_from_civil(year, month, day) + days, &year, &month, &day);
	format_date(year, month, day, out);
}

int calendar_weekday(const char *date)
{
	int year, month, day;
	if (!calendar_split(date, &year, &month, &day))
		return -1;
	long days = days_from_civil(year, month, day);   /* 1970-01-01 was a Thursday */
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* ---- The register's time zone ---- */

static char zone_name[128];

bool calendar_zone_exists(const char *zone)
{
	/* A tz database name: letters, digits and _ + - in parts joined by '/'; no way out of the folder. */
	if (!zone || !*zone || strlen(zone) >= sizeof zone_name || *zone == '/' || strstr(zone, ".."))
		return false;
	for (const char *p = zone; *p; p++)
		if (!(*p >= 'A' && *p <= 'Z') && !(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9') &&
		    !strchr("/_+-", *p))
			return false;
	char path[256];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
	return access(path, R_OK) == 0;
}

bool calendar_set_zone(const char *zone)
{
	if (!calendar_zone_exists(zone))
		return false;
	text_copy(zone_name, sizeof zone_name, zone);
	/* The process is single-threaded; localtime_r then reads this zone. */
	setenv("TZ", zone_name, 1);
	tzset();
	return true;
}

const char *calendar_zone(void)
{
	if (!*zone_name && !calendar_set_zone(CALENDAR_DEFAULT_ZONE)) {
		/* No tz database at all: UTC rather than whatever TZ the user had. */
		text_copy(zone_name, sizeof zone_name, "UTC");
		setenv("TZ", "UTC0", 1);
		tzset();
	}
	return zone_name;
}

void calendar_date_of(time_t when, char out[11])
{
	calendar_zone();
	struct tm parts;
	localtime_r(&when, &parts);
	format_date(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, out);
}

void calendar_today(char out[11])
{
	calendar_date_of(clock_now(), out);
}

bool calendar_is_future(const char *date)
{
	char today[11];
	calendar_today(today);
	return date && *date && strcmp(date, today) > 0;
}

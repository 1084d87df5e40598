#include "clock.h"

#include "calendar.h"

static time_t overridden_now;

time_t clock_now(void)
{
	return overridden_now ? overridden_now : time(NULL);
}

void clock_override(time_t fixed_now)
{
	overridden_now = fixed_now;
}

void clock_format_iso(time_t when, char *out, size_t out_size)
{
	struct tm parts;
	gmtime_r(&when, &parts);
	strftime(out, out_size, "%Y-%m-%dT%H:%M:%SZ", &parts);
}

void clock_format_local(time_t when, char *out, size_t out_size)
{
	struct tm parts;
	calendar_zone();   /* the register's zone, not the user's TZ */
	localtime_r(&when, &parts);
	strftime(out, out_size, "%d.%m.%Y %H:%M", &parts);
}

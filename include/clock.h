/* Wall-clock time of the core, overridable so that tests can move it. */
#ifndef REGDESK_CLOCK_H
#define REGDESK_CLOCK_H

#include <stddef.h>
#include <time.h>

time_t clock_now(void);
/* Tests only: a fixed "now"; 0 returns to the real clock. */
void clock_override(time_t fixed_now);
/* ISO 8601 UTC with seconds, e.g. 2026-11-26T22:00:30Z. */
void clock_format_iso(time_t when, char *out, size_t out_size);
/* Local time for display, e.g. 26.11.2026 23:00. */
void clock_format_local(time_t when, char *out, size_t out_size);

#endif

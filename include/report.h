/* The access report: everything the register holds about a person (notice
 * §6.1, §6.8, §6.9; GDPR Art. 15). Implemented in src/report.c. */
#ifndef REGDESK_REPORT_H
#define REGDESK_REPORT_H

#include <stdio.h>

#include "account.h"

enum report_format { REPORT_TEXT, REPORT_JSON };

/* Writes everything the register holds about the contact (GDPR Art. 15), in
 * language "fi" or "en". With a request, its identity must be verified and
 * the contact linked to it; without one, only the privacy officer may
 * produce it. Audited. Complete or nothing: every list is read whole, and
 * when any read fails the reason is in db->error, an error is returned and
 * nothing at all is written to out. */
enum status report_write(struct session *session, long long request_id, long long contact_id, const char *language,
			 enum report_format format, FILE *out);
/* Writes the report to regdesk-report-<request>-<contact>.<txt|json>, 0600,
 * in the private files folder (its full name into path), and logs the file
 * so that an erasure finds it. */
enum status report_save(struct session *session, long long request_id, long long contact_id, const char *language,
			enum report_format format, char *path, size_t path_size);
/* Sends a text file to the printer with lp, when lp exists. */
enum status report_print(struct session *session, const char *path);

#endif

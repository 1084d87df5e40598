/* Helpers shared by the command modules of the batch command line (internal). */
#ifndef REGDESK_CLI_INTERNAL_H
#define REGDESK_CLI_INTERNAL_H

#include "account.h"
#include "database_internal.h"
#include "cli.h"

/* Prints "regdesk: <message>" on stderr. */
__attribute__((format(printf, 1, 2)))
void cli_fail(const char *format, ...);
/* Logs in --user with a password from the terminal or stdin; prints the
 * reason and returns false on failure. */
bool cli_log_in(struct database *db, const struct cli_options *options, struct session *session);
/* Prints "label   value" with the value made inert, the labels padded to
 * label_columns display columns (Finnish labels hold ä and ö, so not bytes);
 * an empty value prints nothing. */
void cli_print_field(const char *label, int label_columns, const char *value);
/* CLI_OK for STATUS_OK, else prints the status (or the database's message) and returns CLI_FAILED. */
int cli_report(enum status status, struct database *db);

/* Like cli_report, but a refusal or failure the core explained in db->error
 * (identity not verified, a recipient outside the EU/EEA, a file that could
 * not be written) is printed with its reason. db->error must be cleared
 * before the core call. */
int cli_report_explained(enum status status, struct database *db);
/* Prints that memory ran out; returns CLI_FAILED. */
int cli_out_of_memory(void);

/* An option of a command: a value (value set) or a flag (flag set). */
struct command_option {
	const char *name;
	const char **value;
	bool *flag;
};
/* Reads argv[0..argc-1]: the options of table (ended by a NULL name) and at
 * most positional_max other words into positional[]. On an unknown option,
 * an option without its value or a word too many, prints the problem and
 * returns false: a usage error. */
bool cli_read_options(int argc, char **argv, const struct command_option *table, const char **positional,
		      int positional_max);
/* A usage error for a required option or word that is missing: returns CLI_USAGE. */
int cli_missing(const char *command, const char *what);
/* A positive decimal id; false for NULL, "", "0", "12x". */
bool cli_parse_id(const char *text, long long *id);

/* --format FORMAT: true with *is_other set when FORMAT is other (e.g.
 * "csv"), false for anything but text or other (printed). NULL is text. */
bool cli_parse_format(const char *format, const char *other, bool *is_other);
/* Copies an option's value into a fixed field of a core structure; a value
 * that does not fit is refused (printed) rather than silently cut. */
bool cli_copy_value(char *out, size_t out_size, const char *value, const char *option);
/* A date option as YYYY-MM-DD ("" stays ""); prints the reason and returns
 * false when it is not a date. */
bool cli_normalise_date(const char *value, char out[16], const char *option);

/* Commands of cli_contacts.c: "contact ..." and "org ...". */
int cli_contact_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_organisation_command(struct database *db, const struct cli_options *options, int argc, char **argv);

/* Commands of cli_consents.c: "ban ...", "recipient ...", "export ...", "disclosure ...". */
int cli_ban_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_recipient_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_purpose_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_export_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_disclosure_command(struct database *db, const struct cli_options *options, int argc, char **argv);

/* Commands of cli_requests.c: "request ...", "report ...", "erase ...", "hold ..." (notice §4.2, §6). */
int cli_request_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_report_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_erase_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_hold_command(struct database *db, const struct cli_options *options, int argc, char **argv);

/* Command of cli_import.c: "import contacts FILE ...". */
int cli_import_command(struct database *db, const struct cli_options *options, int argc, char **argv);

#endif

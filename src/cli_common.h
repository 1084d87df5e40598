/* Helpers shared by the command modules of the batch command line
 * (src/cli_common.c): the parsed command call, logging in, printing. The
 * command modules use these and nothing of cli.c, so that cli.c (dispatch,
 * help, man page) depends on them and not the other way round. */
#ifndef REGDESK_CLI_COMMON_H
#define REGDESK_CLI_COMMON_H

#include "account.h"
#include "cli.h"
#include "cli_table.h"

/* One command as given: its table entry, its words and its options in the
 * order given (already checked against the table by getopt_long). */
struct cli_given {
	const struct cli_option *option;
	const char *value;                  /* NULL for a flag */
};
#define CLI_GIVEN_MAX 256
struct cli_call {
	struct database *db;
	const struct cli_options *options;  /* the program's options: --user, --password-stdin */
	const struct cli_command *command;
	int word_count;                     /* the words that are not options (ID, FILE, ...) */
	char **words;                       /* word_list */
	char *word_list[CLI_GIVEN_MAX];
	int given_count;
	struct cli_given given[CLI_GIVEN_MAX];
};

/* The value of --name (the last one given), or NULL. name is without the
 * dashes and must be one of the command's options in the table (else the
 * program stops: a programming error the tests catch). */
const char *cli_value(const struct cli_call *call, const char *name);
/* True when the flag --name was given. */
bool cli_flag(const struct cli_call *call, const char *name);
/* The i-th word, or NULL. */
const char *cli_word(const struct cli_call *call, int i);

/* Room for a password and its line end. */
#define CLI_SECRET_MAX (ACCOUNT_PASSWORD_MAX_BYTES + 2)
/* Reads one secret: a line of standard input with --password-stdin, else
 * from the terminal without echo. Prints why and returns false when there is none. */
bool cli_read_secret(const struct cli_options *options, const char *prompt, char *out, size_t out_size);
/* A new password: twice on a terminal, once from standard input. */
bool cli_read_new_password(const struct cli_options *options, char *out, size_t out_size);

/* Prints "regdesk: <message>" on stderr. */
__attribute__((format(printf, 1, 2)))
void cli_fail(const char *format, ...);
/* Logs in --user with a password from the terminal or stdin; prints the
 * reason and returns false on failure. */
bool cli_log_in(const struct cli_call *call, struct session *session);
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

/* Where a command keeps its options: a value (value set) or a flag (flag set). */
struct command_option {
	const char *name;                   /* "--purpose" */
	const char **value;
	bool *flag;
};
/* Sets the variables of table (ended by a NULL name) from the options given
 * (a value not given leaves its variable as it was) and the first
 * positional_max words into positional[]. */
void cli_bind(const struct cli_call *call, const struct command_option *table, const char **positional,
	      int positional_max);
/* A usage error for a required option or word that is missing: returns CLI_USAGE. */
int cli_missing(const char *command, const char *what);
/* A positive decimal id; false for NULL, "", "0", "12x". */
bool cli_parse_id(const char *text, long long *id);
/* --limit N: a whole number from 1 to max; anything else is refused with
 * the range named (printed), never cut silently. */
bool cli_parse_limit(const char *text, long max, long *limit);

/* --format FORMAT: true with *is_other set when FORMAT is other (e.g.
 * "csv"), false for anything but text or other (printed). NULL is text. */
bool cli_parse_format(const char *format, const char *other, bool *is_other);
/* Copies an option's value into a fixed field of a core structure; a value
 * that does not fit is refused (printed) rather than silently cut. */
bool cli_copy_value(char *out, size_t out_size, const char *value, const char *option);
/* A date option as YYYY-MM-DD ("" stays ""); prints the reason and returns
 * false when it is not a date. */
bool cli_normalise_date(const char *value, char out[16], const char *option);

/* Long work on db (an export, a bulk erasure, the review queue, a backup,
 * a restore, the check) shows its progress on stderr while stderr is a
 * terminal: one line, rewritten, cleared at the end; nothing otherwise, so
 * that scripts' output stays clean. Between the two calls Ctrl-C cancels
 * work that loses nothing by stopping (a second Ctrl-C ends the program). */
void cli_progress_start(struct database *db);
void cli_progress_stop(struct database *db);

#endif

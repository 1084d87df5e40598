/* The batch command line: same core, same rules, same audit as the screens. */
#ifndef REGDESK_CLI_H
#define REGDESK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "database.h"

enum cli_exit { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

struct cli_options {
	const char *username;      /* --user: who runs the command */
	bool password_from_stdin;  /* --password-stdin: passwords are lines on standard input */
};

/* Runs the command in argv[0..argc-1] (e.g. "user" "add" "anna") on db.
 * Prints results on stdout and a one-line reason on stderr. */
int cli_run(struct database *db, const struct cli_options *options, int argc, char **argv);

/* True when group names a command ("user", "contact", ...): checked before
 * the database is opened, so a typing error creates no file. */
bool cli_is_command(const char *group);

/* What a command needs of the database file, checked before it is opened:
 * check, backup, restore and audit refuse a path with no database rather
 * than create an empty register there; backup --make-key needs none. */
enum cli_database_need { CLI_DATABASE_ANY, CLI_DATABASE_EXISTING, CLI_DATABASE_NONE };
enum cli_database_need cli_database_need(int argc, char **argv);

/* Usage text of the whole program, for --help. */
void cli_print_usage(FILE *out);
/* Tells a batch command's user, once on standard error, what a save waits
 * for ("regdesk: waiting: an import by anna, 40 % done"); see activity.h. */
void cli_wait_notice(const char *waiting_for, void *context);

#endif

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

/* Usage text of the whole program, for --help: made from the command table. */
void cli_print_usage(FILE *out);
/* The commands as troff for the COMMANDS section of regdesk(1) (the hidden
 * --man-commands): each after a line "@COMMAND group verb@", which
 * data/man/build.sh puts in place of the template's marker of that name. */
void cli_print_man_commands(FILE *out);

#endif

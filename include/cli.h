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

/* A command read from the command line, not yet run. */
struct cli_call;

/* Reads the command in argv[0..argc-1] (e.g. "user" "add" "anna") with its
 * options against the command table. CLI_OK with *call to run; CLI_OK with
 * *call NULL when it printed the command's --help; CLI_USAGE (printed) for
 * an unknown command, option or word, or a missing one. */
int cli_parse(const struct cli_options *options, int argc, char **argv, struct cli_call **call);
/* Runs a parsed command on db. Prints results on stdout and a one-line
 * reason on stderr; returns enum cli_exit. */
int cli_execute(struct cli_call *call, struct database *db);
void cli_free(struct cli_call *call);

/* Runs the command in argv[0..argc-1] on db: cli_parse, then cli_execute. */
int cli_run(struct database *db, const struct cli_options *options, int argc, char **argv);

/* True when group names a command group ("user", "contact", ...). */
bool cli_is_command(const char *group);

/* Usage text of the whole program, for --help: made from the command table. */
void cli_print_usage(FILE *out);
/* The commands as troff for the COMMANDS section of regdesk(1) (the hidden
 * --man-commands): each after a line "@COMMAND group verb@", which
 * data/man/build.sh puts in place of the template's marker of that name. */
void cli_print_man_commands(FILE *out);
/* What a command needs of the database file, checked before it is opened:
 * check, backup, restore and audit refuse a path with no database rather
 * than create an empty register there; backup --make-key needs none. */
enum cli_database_need { CLI_DATABASE_ANY, CLI_DATABASE_EXISTING, CLI_DATABASE_NONE };
enum cli_database_need cli_database_need(const struct cli_call *call);
/* Tells a batch command's user, once on standard error, what a save waits
 * for ("regdesk: waiting: an import by anna, 40 % done"); see activity.h. */
void cli_wait_notice(const char *waiting_for, void *context);

#endif

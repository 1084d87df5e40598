/* regdesk: the customer and stakeholder register (see README.md). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activity.h"
#include "cli.h"
#include "database_internal.h"
#include "database.h"
#include "erasure.h"
#include "i18n.h"
#include "account.h"
#include "office.h"
#include "settings.h"
#include "tui.h"

int main(int argc, char **argv)
{
	const char *language = NULL, *database_path = NULL;
	struct cli_options options = { NULL, false };
	static const struct option long_options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		/* Hidden: the COMMANDS section of regdesk(1), made at build time. */
		{ "man-commands", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	/* Before anything reads the environment: a setgid run cleans it (issue 14). */
	office_start();
	/* The program's own options stop at the command ("+"), whose own options
	 * follow it (a report's --lang is the report's). Errors are printed only
	 * after the language is set, so that they are translated. */
	opterr = 0;
	int option, problem = 0, problem_code = 0;
	bool version = false, help = false, man_commands = false;
	const char *problem_option = NULL;
	while ((option = getopt_long(argc, argv, "+:", long_options, NULL)) != -1) {
		switch (option) {
		case 'd': database_path = optarg; break;
		case 'l': language = optarg; break;
		case 'u': options.username = optarg; break;
		case 'p': options.password_from_stdin = true; break;
		case 'V': version = true; break;
		case 'h': help = true; break;
		case 'M': man_commands = true; break;
		default:
			if (!problem) {
				problem = option;
				problem_code = optopt;   /* set for a known option given a value it does not take */
				problem_option = argv[optind - 1];
			}
			break;
		}
	}
	if (!i18n_init(language)) {
		fprintf(stderr, "regdesk: unknown language '%s': use fi or en\n", language);
		return CLI_USAGE;
	}
	if (problem) {
		char shown[128];
		snprintf(shown, sizeof shown, "%.*s", (int)strcspn(problem_option, "="), problem_option);
		fprintf(stderr, problem == ':' ? _("regdesk: %s needs a value; see regdesk --help\n")
				: problem_code && strncmp(problem_option, "--", 2) == 0 ? _("regdesk: %s takes no value; see regdesk --help\n")
					       : _("regdesk: unknown option %s; see regdesk --help\n"), shown);
		return CLI_USAGE;
	}
	/* An empty name would open a temporary SQLite database that vanishes
	 * at exit, taking what was saved in it along. */
	if (database_path && !*database_path) {
		fprintf(stderr, "%s", _("regdesk: --db is empty: give the database file or PostgreSQL URI; see regdesk --help\n"));
		return CLI_USAGE;
	}
	if (version) {
		printf("regdesk %s\n", REGDESK_VERSION);
		return CLI_OK;
	}
	if (man_commands) {
		cli_print_man_commands(stdout);
		return CLI_OK;
	}
	if (help) {
		cli_print_usage(stdout);
		return CLI_OK;
	}

	/* A batch command is read whole before the database is opened, so that a
	 * typing error or a --help creates no file. */
	struct cli_call *call = NULL;
	if (optind < argc) {
		int parsed = cli_parse(&options, argc - optind, argv + optind, &call);
		if (parsed != CLI_OK || !call)
			return parsed;
	}
	char path[4096], error[1024];
	if (!office_load_config(error, sizeof error) ||
	    !office_database_path(database_path, path, sizeof path, error, sizeof error)) {
		fprintf(stderr, "regdesk: %s\n", error);
		return CLI_FAILED;
	}
	/* A batch command that must wait for another desk says for what, once. */
	if (call)
		activity_set_wait_notice(cli_wait_notice, NULL);
	enum cli_database_need need = call ? cli_database_need(call) : CLI_DATABASE_ANY;
	if (need == CLI_DATABASE_NONE) {
		int exit_code = cli_execute(call, NULL);
		cli_free(call);
		return exit_code;
	}
	/* stat, not access: access asks with the real ids, and a setgid office
	 * install reaches the register's folder only through its group. */
	struct stat existing;
	if (need == CLI_DATABASE_EXISTING && !database_location_is_server(path) && stat(path, &existing) != 0) {
		fprintf(stderr, _("regdesk: there is no database at %s: nothing done (give --db PATH)\n"), path);
		cli_free(call);
		return CLI_FAILED;
	}
	struct database *db;
	if (database_open(&db, path, error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "regdesk: %s\n", error);
		cli_free(call);
		return CLI_FAILED;
	}
	/* In the office install the first privacy officer is the administrator's
	 * to create: a staff member must not claim an empty register. */
	if (office_mode() && !office_is_service() && account_count(db) == 0) {
		fprintf(stderr, "regdesk: %s\n", _("the register has no privacy officer yet: the administrator creates the first one as root"));
		database_close(db);
		cli_free(call);
		return CLI_FAILED;
	}
	settings_apply(db);
	/* An erasure a reader kept from its last step is finished at the next start. */
	if (!erasure_finish_pending(db))
		fprintf(stderr, "regdesk: %s\n", db->error);
	int exit_code = call ? cli_execute(call, db) : tui_run(&db);
	cli_free(call);
	database_close(db);
	return exit_code;
}

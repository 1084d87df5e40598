/* regdesk: the customer and stakeholder register (see README.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "database.h"
#include "erasure.h"
#include "i18n.h"
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
		{ NULL, 0, NULL, 0 },
	};
	/* The language first, so that every later message is translated. */
	/* Only the program's own options, before the command (whose --lang may mean a report's). */
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			language = argv[++i];
		else if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--user") == 0) && i + 1 < argc)
			i++;
	}
	if (!i18n_init(language)) {
		fprintf(stderr, "regdesk: unknown language '%s': use fi or en\n", language);
		return CLI_USAGE;
	}
	int option;
	/* "+": stop at the command, whose own options follow it. */
	while ((option = getopt_long(argc, argv, "+", long_options, NULL)) != -1) {
		switch (option) {
		case 'd': database_path = optarg; break;
		case 'l': break;
		case 'u': options.username = optarg; break;
		case 'p': options.password_from_stdin = true; break;
		case 'V': printf("regdesk %s\n", REGDESK_VERSION); return CLI_OK;
		case 'h': cli_print_usage(stdout); return CLI_OK;
		default: cli_print_usage(stderr); return CLI_USAGE;
		}
	}

	if (optind < argc && !cli_is_command(argv[optind])) {
		fprintf(stderr, _("regdesk: unknown command '%s': see regdesk --help\n"), argv[optind]);
		return CLI_USAGE;
	}
	char path[4096], error[1024];
	if (database_path) {
		snprintf(path, sizeof path, "%s", database_path);
	} else if (!database_default_path(path, sizeof path, error, sizeof error)) {
		fprintf(stderr, "regdesk: %s\n", error);
		return CLI_FAILED;
	}
	struct database *db;
	if (database_open(&db, path, error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "regdesk: %s\n", error);
		return CLI_FAILED;
	}
	settings_apply(db);
	/* An erasure a reader kept from its last step is finished at the next start. */
	if (!erasure_finish_pending(db))
		fprintf(stderr, "regdesk: %s\n", db->error);
	int exit_code = optind < argc ? cli_run(db, &options, argc - optind, argv + optind) : tui_run(db);
	database_close(db);
	return exit_code;
}

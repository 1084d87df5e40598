/* The batch command line from its one table (src/cli_commands.c): finding
 * the command, reading its options with getopt_long (--opt=value and --opt
 * value alike), usage errors, --help and the man page's COMMANDS section. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "cli_common.h"
#include "cli_table.h"
#include "i18n.h"
#include "permission.h"

#define HELP_OPTION_VAL 2   /* not 1: getopt's code for a word in "-" mode */
#define FIRST_OPTION_VAL 256
#define SYNOPSIS_MAX 4096

/* "contact add", "backup". */
static void command_name(const struct cli_command *command, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s%s%s", command->group, command->verb ? " " : "", command->verb ? command->verb : "");
}

__attribute__((format(printf, 2, 3)))
static int usage_error(const struct cli_command *command, const char *format, ...)
{
	char name[64], message[1024];
	command_name(command, name, sizeof name);
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(message, sizeof message, format, arguments);
	va_end(arguments);
	fprintf(stderr, _("regdesk: %s: %s; see regdesk %s --help\n"), name, message, name);
	return CLI_USAGE;
}

/* The words a command takes: at least *min, at most *max (-1: any number). */
static void word_counts(const char *words, int *min, int *max)
{
	*min = *max = 0;
	for (const char *p = words; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t length = strcspn(p, " ");
		bool optional = *p == '[';
		bool many = length >= 3 && memmem(p, length, "...", 3) != NULL;
		if (!optional)
			(*min)++;
		*max = many || *max < 0 ? -1 : *max + 1;
		p += length;
	}
}

/* Whether the verb's words ("round open" is two) are the words of argv;
 * *used is how many of argv it takes. */
static bool verb_matches(const char *verb, int argc, char **argv, int *used)
{
	*used = 0;
	for (const char *p = verb; *p;) {
		size_t length = strcspn(p, " ");
		if (*used >= argc || strlen(argv[*used]) != length || strncmp(argv[*used], p, length) != 0)
			return false;
		(*used)++;
		p += length;
		while (*p == ' ')
			p++;
	}
	return *used > 0;
}

/* The command argv names ("contact add", "review round open", "backup");
 * *verb_words is how many words its verb takes after the group. */
static const struct cli_command *find_command(int argc, char **argv, int *verb_words)
{
	*verb_words = 0;
	for (size_t i = 0; i < cli_command_count; i++) {
		const struct cli_command *command = &cli_commands[i];
		if (strcmp(command->group, argv[0]) != 0)
			continue;
		if (!command->verb || verb_matches(command->verb, argc - 1, argv + 1, verb_words))
			return command;
	}
	return NULL;
}

bool cli_is_command(const char *group)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].group, group) == 0)
			return true;
	return false;
}

/* Appends "[--name VALUE]" pieces: markup picks plain text or troff. */
enum markup { PLAIN, TROFF };

static void append(char *out, size_t out_size, const char *format, ...) __attribute__((format(printf, 3, 4)));
static void append(char *out, size_t out_size, const char *format, ...)
{
	size_t used = strlen(out);
	if (used + 1 >= out_size)
		return;
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(out + used, out_size - used, format, arguments);
	va_end(arguments);
}

/* Text for troff: every '-' as "\-", a backslash doubled. */
static void troff_escape(const char *text, char *out, size_t out_size)
{
	size_t used = 0;
	for (const char *p = text; *p && used + 3 < out_size; p++) {
		if (*p == '-' || *p == '\\')
			out[used++] = '\\';
		out[used++] = *p == '\\' ? 'e' : *p;
	}
	out[used] = '\0';
}

static void append_option(char *out, size_t out_size, const struct cli_option *option, enum markup markup)
{
	if (markup == PLAIN) {
		append(out, out_size, "--%s%s%s", option->name, option->value_name ? " " : "",
		       option->value_name ? option->value_name : "");
		return;
	}
	char name[128], value[256] = "";
	troff_escape(option->name, name, sizeof name);
	if (option->value_name)
		troff_escape(option->value_name, value, sizeof value);
	append(out, out_size, "\\fB\\-\\-%s\\fR%s%s%s", name, *value ? " \\fI" : "", value, *value ? "\\fR" : "");
}

/* "contact find [WORDS...] [--category LIST] [--limit N] [--format text|csv]". */
static void synopsis(const struct cli_command *command, enum markup markup, char *out, size_t out_size)
{
	char name[64];
	command_name(command, name, sizeof name);
	*out = '\0';
	if (markup == PLAIN) {
		append(out, out_size, "%s%s%s", name, *command->words ? " " : "", command->words);
	} else {
		char escaped[128], words[256];
		troff_escape(name, escaped, sizeof escaped);
		troff_escape(command->words, words, sizeof words);
		append(out, out_size, "\\fB%s\\fR%s\\fI%s\\fR", escaped, *words ? " " : "", words);
	}
	const struct cli_option *options = command->options;
	for (int i = 0; options[i].name; i++) {
		int alternative = options[i].alternative;
		if (alternative && i > 0 && options[i - 1].alternative == alternative)
			continue;   /* shown with the first of its group */
		bool required = options[i].flags & CLI_REQUIRED;
		append(out, out_size, " %s", required ? "" : "[");
		append_option(out, out_size, &options[i], markup);
		for (int j = i + 1; alternative && options[j].name && options[j].alternative == alternative; j++) {
			append(out, out_size, "|");
			append_option(out, out_size, &options[j], markup);
		}
		append(out, out_size, "%s%s", required ? "" : "]", options[i].flags & CLI_REPEATABLE ? "..." : "");
	}
}

/* Who may run the command, from the core's permission table. */
static void roles_needed(const struct cli_command *command, bool translated, char *out, size_t out_size)
{
	*out = '\0';
	if (command->permission == CLI_NO_LOGIN) {
		append(out, out_size, "%s", translated ? _("no login") : "no login");
		return;
	}
	if (command->permission == CLI_ANY_ROLE) {
		append(out, out_size, "%s", translated ? _("any role") : "any role");
		return;
	}
	for (int role = 0; role < ROLE_COUNT; role++)
		if (permission_allows((enum role)role, (enum permission)command->permission))
			append(out, out_size, "%s%s", *out ? ", " : "",
			       translated ? role_label((enum role)role) : role_code((enum role)role));
}

/* The length of the piece at p: up to a space outside brackets, so that
 * "[--email ADDRESS]" stays on one line. */
static size_t piece_length(const char *p)
{
	int depth = 0;
	size_t length = 0;
	for (; p[length] && (p[length] != ' ' || depth > 0); length++)
		depth += p[length] == '[' ? 1 : p[length] == ']' ? -1 : 0;
	return length;
}

/* Prints text folded at 79 columns, continuation lines indented by indent;
 * the first line starts at column first_column after first_indent spaces. */
static void print_folded(FILE *out, const char *text, int first_column, int first_indent, int indent)
{
	int column = first_column + first_indent;
	fprintf(out, "%*s", first_indent, "");
	const char *p = text;
	bool line_start = true;
	while (*p) {
		size_t length = piece_length(p);
		if (!line_start && column + 1 + (int)length > 79) {
			fprintf(out, "\n%*s", indent, "");
			column = indent;
			line_start = true;
		}
		if (!line_start) {
			fputc(' ', out);
			column++;
		}
		fwrite(p, 1, length, out);
		column += (int)length;
		line_start = false;
		p += length;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

/* The synopsis after prefix (indented by 2 when there is none), then the
 * help with who may run the command. */
static void print_command_help(FILE *out, const struct cli_command *command, const char *prefix)
{
	char line[SYNOPSIS_MAX], roles[256];
	synopsis(command, PLAIN, line, sizeof line);
	fputs(prefix, out);
	int prefix_columns = 0;
	for (const char *p = prefix; *p; p++)
		prefix_columns += ((unsigned char)*p & 0xC0) != 0x80;   /* UTF-8: count characters */
	print_folded(out, line, prefix_columns, *prefix ? 0 : 2, 8);
	roles_needed(command, true, roles, sizeof roles);
	char help[1024];
	snprintf(help, sizeof help, "%s (%s)", _(command->help), roles);
	print_folded(out, help, 0, 6, 6);
}

void cli_print_usage(FILE *out)
{
	fprintf(out, "%s", _(
		"Usage: regdesk [OPTIONS]                 start the full-screen program\n"
		"       regdesk [OPTIONS] COMMAND ARGS     run one batch command\n"
		"       regdesk COMMAND --help             the command's options\n"
		"\n"
		"Options (--option=value works as well as --option value):\n"
		"  --db PATH           the database file (default $REGDESK_DB, else\n"
		"                      $XDG_DATA_HOME/regdesk/regdesk.db; in the office\n"
		"                      install /etc/regdesk/regdesk.conf names it)\n"
		"  --lang fi|en        language of the program\n"
		"  --user NAME         who runs a batch command\n"
		"  --password-stdin    read passwords as lines of standard input\n"
		"  --version, --help\n"
		"\n"
		"Commands (who may run them in brackets):\n"));
	for (size_t i = 0; i < cli_command_count; i++)
		print_command_help(out, &cli_commands[i], "");
	fprintf(out, "%s", _(
		"\n"
		"Contact fields are the options of contact add from --first-name to --notes.\n"
		"Categories: customer, stakeholder, maintenance, prospect, training, event.\n"
		"Sources: person, company, employer, registering-party, public-source,\n"
		"  service-agreement, fault-report, maintenance-order, event-registration, interest.\n"
		"Roles: reception, trainer, privacy-officer.\n"
		"Channels: in-person, letter, phone, email, web-form, employer.\n"
		"Recipient kinds: partner, subcontractor, group-company, survey-partner, external-trainer, venue.\n"
		"Purposes: see regdesk purpose list.\n"
		"Request kinds: inspection, rectification, erasure, objection; a letter marked\n"
		"  asiakasrekisteri/tarkastuspyyntö, /oikaisupyyntö or /poistopyyntö is of that kind.\n"
		"Request channels: in-person, letter, email, phone, other.\n"
		"Documents: passport, identity-card, driving-licence, other.\n"
		"Laws: accounting-act-ledger, accounting-act-voucher (from --financial-year-end),\n"
		"  other (with --law-name and --until).\n"
		"Hold fields (what an erasure under the hold keeps): name, organisation, references,\n"
		"  email, phone, address, title; by default name,organisation,references.\n"
		"Import targets: a contact field (first_name, email, ...), name, organisation, business_id,\n"
		"  ban:PURPOSE, consent:PURPOSE or ignore. All rows or none are imported.\n"
		"Exit status: 0 done, 1 refused or failed, 2 usage error.\n"));
}

void cli_print_man_commands(FILE *out)
{
	for (size_t i = 0; i < cli_command_count; i++) {
		const struct cli_command *command = &cli_commands[i];
		char line[SYNOPSIS_MAX], roles[256];
		synopsis(command, TROFF, line, sizeof line);
		roles_needed(command, false, roles, sizeof roles);
		/* The English msgid: the man page is in English. */
		char help[1024], who[512];
		troff_escape(command->help, help, sizeof help);
		troff_escape(roles, who, sizeof who);
		if (help[0] >= 'a' && help[0] <= 'z')
			help[0] = (char)(help[0] - 'a' + 'A');
		char name[64];
		command_name(command, name, sizeof name);
		fprintf(out, "@COMMAND %s@\n.TP\n%s\n%s.\nWho: %s.\n", name, line, help, who);
	}
}

/* Reads the command's options and words; prints the usage error and
 * returns CLI_USAGE, or CLI_OK with call filled. *help set for --help. */
static int read_call(const struct cli_command *command, int argc, char **argv, struct cli_call *call, bool *help)
{
	struct option long_options[128];
	int count = 0;
	for (const struct cli_option *option = command->options; option->name && count < 126; option++, count++)
		long_options[count] = (struct option){ option->name, option->value_name ? required_argument : no_argument,
						       NULL, FIRST_OPTION_VAL + count };
	long_options[count++] = (struct option){ "help", no_argument, NULL, HELP_OPTION_VAL };
	long_options[count] = (struct option){ NULL, 0, NULL, 0 };

	char **words = call->word_list;
	call->words = words;
	call->word_count = 0;
	call->given_count = 0;
	*help = false;
	opterr = 0;
	optind = 0;   /* GNU: start afresh (main has used getopt_long already) */
	int code;
	/* "-": words come back in place (code 1), so that no POSIXLY_CORRECT
	 * changes the meaning; ":": a missing value is told apart. */
	while ((code = getopt_long(argc, argv, "-:", long_options, NULL)) != -1) {
		const char *given = argv[optind - 1] ? argv[optind - 1] : "";
		char shown[128];
		snprintf(shown, sizeof shown, "%.*s", (int)strcspn(given, "="), given);
		if (code == 1) {
			if (call->word_count >= CLI_GIVEN_MAX)
				return usage_error(command, _("too many words"));
			words[call->word_count++] = optarg;
		} else if (code == HELP_OPTION_VAL) {
			*help = true;
		} else if (code >= FIRST_OPTION_VAL) {
			if (call->given_count >= CLI_GIVEN_MAX)
				return usage_error(command, _("too many options"));
			call->given[call->given_count++] =
				(struct cli_given){ &command->options[code - FIRST_OPTION_VAL], optarg };
		} else if (code == ':') {
			return usage_error(command, _("%s needs a value"), shown);
		} else if (optopt != 0 && strncmp(given, "--", 2) == 0) {
			return usage_error(command, _("%s takes no value"), shown);
		} else {
			return usage_error(command, _("unknown option %s"), shown);
		}
	}
	for (; optind < argc; optind++) {   /* after "--" */
		if (call->word_count >= CLI_GIVEN_MAX)
			return usage_error(command, _("too many words"));
		words[call->word_count++] = argv[optind];
	}
	if (*help)
		return CLI_OK;
	int min, max;
	word_counts(command->words, &min, &max);
	if (call->word_count < min)
		return usage_error(command, _("needs %s"), command->words);
	if (max >= 0 && call->word_count > max)
		return usage_error(command, _("unexpected '%s'"), words[max]);
	for (int i = 0; command->options[i].name; i++) {
		const struct cli_option *option = &command->options[i];
		if (!(option->flags & CLI_REQUIRED))
			continue;
		bool given = false;
		char names[256] = "";
		for (int j = i; command->options[j].name && (j == i || (option->alternative &&
							command->options[j].alternative == option->alternative)); j++) {
			append(names, sizeof names, "%s--%s", *names ? " or " : "", command->options[j].name);
			for (int k = 0; k < call->given_count; k++)
				given = given || call->given[k].option == &command->options[j];
		}
		if (!given)
			return usage_error(command, _("%s is required"), names);
	}
	return CLI_OK;
}

int cli_parse(const struct cli_options *options, int argc, char **argv, struct cli_call **out)
{
	*out = NULL;
	const char *group = argv[0];
	int verb_words;
	const struct cli_command *command = find_command(argc, argv, &verb_words);
	if (!command) {
		if (!cli_is_command(group)) {
			cli_fail(_("unknown command '%s': see regdesk --help"), group);
		} else {
			char verbs[512] = "";
			for (size_t i = 0; i < cli_command_count; i++)
				if (strcmp(cli_commands[i].group, group) == 0)
					append(verbs, sizeof verbs, "%s%s", *verbs ? ", " : "", cli_commands[i].verb);
			cli_fail(_("%s needs one of: %s; see regdesk --help"), group, verbs);
		}
		return CLI_USAGE;
	}
	int skipped = verb_words;   /* argv[0] for getopt is the last word of the name */
	struct cli_call *call = calloc(1, sizeof *call);
	if (!call)
		return cli_out_of_memory();
	call->options = options;
	call->command = command;
	bool help;
	int result = read_call(command, argc - skipped, argv + skipped, call, &help);
	if (result == CLI_OK && help)
		print_command_help(stdout, command, _("Usage: regdesk [OPTIONS] "));
	if (result == CLI_OK && !help)
		*out = call;
	else
		free(call);
	return result;
}

int cli_execute(struct cli_call *call, struct database *db)
{
	call->db = db;
	return call->command->run(call);
}

void cli_free(struct cli_call *call)
{
	free(call);
}

enum cli_database_need cli_database_need(const struct cli_call *call)
{
	const char *group = call->command->group;
	if (strcmp(group, "backup") == 0 && cli_value(call, "make-key"))
		return CLI_DATABASE_NONE;
	static const char *const existing[] = { "check", "backup", "restore", "audit" };
	for (size_t i = 0; i < sizeof existing / sizeof existing[0]; i++)
		if (strcmp(group, existing[i]) == 0)
			return CLI_DATABASE_EXISTING;
	return CLI_DATABASE_ANY;
}

void cli_wait_notice(const char *waiting_for, void *context)
{
	(void)context;
	static bool told;
	if (!waiting_for || told)
		return;
	told = true;
	fprintf(stderr, "regdesk: %s\n", waiting_for);
}

int cli_run(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	struct cli_call *call;
	int result = cli_parse(options, argc, argv, &call);
	if (result == CLI_OK && call)
		result = cli_execute(call, db);
	cli_free(call);
	return result;
}

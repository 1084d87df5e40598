/* Helpers shared by the batch commands: the parsed call, logging in,
 * printing results and reasons. */
#include "cli_common.h"
#include "database_internal.h"

#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"
#include "permission.h"
#include "progress.h"
#include "text.h"
#include "validate.h"

/* The option of the call's command named name; a name the table does not
 * have is a programming error, stopped here so that the tests see it. */
static const struct cli_option *option_named(const struct cli_call *call, const char *name)
{
	for (const struct cli_option *option = call->command->options; option->name; option++)
		if (strcmp(option->name, name) == 0)
			return option;
	fprintf(stderr, "regdesk: internal error: %s %s has no option --%s in the command table\n",
		call->command->group, call->command->verb ? call->command->verb : "", name);
	abort();
}

const char *cli_value(const struct cli_call *call, const char *name)
{
	const struct cli_option *option = option_named(call, name);
	const char *value = NULL;
	for (int i = 0; i < call->given_count; i++)
		if (call->given[i].option == option)
			value = call->given[i].value;
	return value;
}

bool cli_flag(const struct cli_call *call, const char *name)
{
	const struct cli_option *option = option_named(call, name);
	for (int i = 0; i < call->given_count; i++)
		if (call->given[i].option == option)
			return true;
	return false;
}

const char *cli_word(const struct cli_call *call, int i)
{
	return i >= 0 && i < call->word_count ? call->words[i] : NULL;
}

void cli_bind(const struct cli_call *call, const struct command_option *table, const char **positional,
	      int positional_max)
{
	for (const struct command_option *binding = table; binding->name; binding++) {
		const char *name = binding->name + (strncmp(binding->name, "--", 2) == 0 ? 2 : 0);
		if (binding->flag && cli_flag(call, name))
			*binding->flag = true;
		else if (binding->value && cli_value(call, name))
			*binding->value = cli_value(call, name);
	}
	for (int i = 0; i < positional_max && i < call->word_count; i++)
		positional[i] = call->words[i];
}


void cli_fail(const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	fputs("regdesk: ", stderr);
	vfprintf(stderr, format, arguments);
	fputc('\n', stderr);
	va_end(arguments);
}

bool cli_read_secret(const struct cli_options *options, const char *prompt, char *out, size_t out_size)
{
	FILE *in = stdin;
	struct termios saved, quiet;
	bool from_terminal = !options->password_from_stdin;
	if (from_terminal) {
		if (!isatty(STDIN_FILENO)) {
			cli_fail("%s", _("no terminal to ask a password from: use --password-stdin"));
			return false;
		}
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		tcgetattr(STDIN_FILENO, &saved);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = fgets(out, (int)out_size, in) != NULL;
	if (from_terminal) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (!ok) {
		cli_fail("%s", _("no password given"));
		return false;
	}
	out[strcspn(out, "\r\n")] = '\0';
	return true;
}

/* Logs in options->username; prints the reason and returns false on failure. */
bool cli_log_in(const struct cli_call *call, struct session *session)
{
	struct database *db = call->db;
	const struct cli_options *options = call->options;
	if (!options->username) {
		cli_fail("%s", _("this command needs --user NAME"));
		return false;
	}
	char password[CLI_SECRET_MAX];
	if (!cli_read_secret(options, _("Password: "), password, sizeof password))
		return false;
	enum status status = account_login(db, options->username, password, session);
	sodium_memzero(password, sizeof password);
	if (status != STATUS_OK) {
		cli_report(status, db);
		return false;
	}
	if (session->must_change_password) {
		cli_fail("%s", _("your password was reset: change it first with 'regdesk --user NAME user passwd NAME'"));
		return false;
	}
	/* A privacy officer without a commitment date may only record their own
	 * (notice §5.1); everyone else without one was refused at login. */
	if (session->commitment_missing) {
		const struct cli_command *command = call->command;
		bool recording_own = strcmp(command->group, "user") == 0 && command->verb &&
			strcmp(command->verb, "edit") == 0 && cli_word(call, 0) &&
			strcmp(cli_word(call, 0), session->username) == 0;
		if (!recording_own) {
			cli_fail(_("record the date you signed the confidentiality commitment first: regdesk --user %s "
				   "user edit %s --commitment-signed DATE"), session->username, session->username);
			return false;
		}
		return true;
	}
	/* The role the table names, checked (and a refusal audited) by the core's
	 * own rule before anything is read; the core checks again. */
	int needed = call->command->permission;
	if (needed >= 0 && needed < PERMISSION_COUNT) {
		status = permission_require(session, (enum permission)needed);
		if (status != STATUS_OK) {
			cli_report(status, db);
			return false;
		}
	}
	return true;
}

bool cli_read_new_password(const struct cli_options *options, char *out, size_t out_size)
{
	if (!cli_read_secret(options, _("New password: "), out, out_size))
		return false;
	if (options->password_from_stdin)
		return true;
	char again[CLI_SECRET_MAX];
	if (!cli_read_secret(options, _("New password again: "), again, sizeof again))
		return false;
	bool same = strcmp(out, again) == 0;
	sodium_memzero(again, sizeof again);
	if (!same)
		cli_fail("%s", status_message(STATUS_ERR_PASSWORD_MISMATCH));
	return same;
}

void cli_print_field(const char *label, int label_columns, const char *value)
{
	char inert[8192];
	text_make_inert(value, inert, sizeof inert);
	if (!*inert)
		return;
	int pad = label_columns - (int)text_char_count(label);
	printf("%s%*s %s\n", label, pad > 0 ? pad : 0, "", inert);
}

int cli_report_explained(enum status status, struct database *db)
{
	if (status != STATUS_OK && db->error[0]) {
		char message[sizeof db->error];
		text_make_inert(db->error, message, sizeof message);
		cli_fail("%s", message);
		return CLI_FAILED;
	}
	return cli_report(status, db);
}

int cli_out_of_memory(void)
{
	cli_fail("%s", status_message(STATUS_ERR_NO_MEMORY));
	return CLI_FAILED;
}

bool cli_parse_format(const char *format, const char *other, bool *is_other)
{
	*is_other = format && strcmp(format, other) == 0;
	if (format && !*is_other && strcmp(format, "text") != 0) {
		cli_fail(_("unknown format '%s': use text or %s"), format, other);
		return false;
	}
	return true;
}

bool cli_copy_value(char *out, size_t out_size, const char *value, const char *option)
{
	if (strlen(value) >= out_size) {
		cli_fail(_("the value of %s is too long"), option);
		return false;
	}
	text_copy(out, out_size, value);
	return true;
}

bool cli_normalise_date(const char *value, char out[16], const char *option)
{
	char reason[160];
	if (validate_date(value, out, 16, reason, sizeof reason))
		return true;
	cli_fail("%s: %s", option, reason);
	return false;
}

int cli_missing(const char *command, const char *what)
{
	cli_fail(_("%s needs %s: see regdesk --help"), command, what);
	return CLI_USAGE;
}

bool cli_parse_id(const char *text, long long *id)
{
	char *end;
	*id = text ? strtoll(text, &end, 10) : 0;
	return text && *text && *end == '\0' && *id > 0;
}

bool cli_parse_limit(const char *text, long max, long *limit)
{
	char *end;
	errno = 0;
	long value = text ? strtol(text, &end, 10) : 0;
	if (text && *text && *end == '\0' && errno == 0 && value >= 1 && value <= max) {
		*limit = value;
		return true;
	}
	cli_fail(_("--limit must be a whole number from 1 to %ld, not '%s'"), max, text ? text : "");
	return false;
}

int cli_report(enum status status, struct database *db)
{
	if (status == STATUS_OK)
		return CLI_OK;
	bool detailed = status == STATUS_ERR_DATABASE || status == STATUS_ERR_INVALID ||
		status == STATUS_ERR_NOT_FOUND || status == STATUS_ERR_EXISTS || status == STATUS_ERR_TRANSFER_REFUSED ||
		status == STATUS_ERR_IO || status == STATUS_ERR_FORBIDDEN || status == STATUS_ERR_CANCELLED;
	if (detailed && db->error[0])
		cli_fail("%s", db->error);
	else
		cli_fail("%s", status_message(status));
	return CLI_FAILED;
}


/* ---- Progress on the terminal (issue 16) ---- */

static volatile sig_atomic_t progress_interrupted;
static bool progress_line_shown;

static void progress_interrupt(int signal_number)
{
	/* The second Ctrl-C does not wait for a step that cannot stop. */
	if (progress_interrupted) {
		signal(signal_number, SIG_DFL);
		raise(signal_number);
	}
	progress_interrupted = 1;
}

/* Characters of UTF-8 text: the progress lines have no wide ones. */
static int characters(const char *text)
{
	int count = 0;
	for (; *text; text++)
		count += ((unsigned char)*text & 0xC0) != 0x80;
	return count;
}

static bool progress_line(const struct progress *progress, void *context)
{
	(void)context;
	/* Within the terminal's width: a wrapped line would not be rewritten by \r. */
	struct winsize size;
	int columns = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
	char line[320], fitted[1300];
	progress_describe(progress, line, sizeof line);
	if (characters(line) >= columns)
		progress_describe_compact(progress, line, sizeof line);
	text_fit_columns(line, columns - 1, fitted, sizeof fitted);
	fprintf(stderr, "\r%s\033[K", fitted);
	fflush(stderr);
	progress_line_shown = true;
	return !progress_interrupted;
}

static bool progress_quiet(const struct progress *progress, void *context)
{
	(void)progress;
	(void)context;
	return !progress_interrupted;
}

void cli_progress_start(struct database *db)
{
	progress_interrupted = 0;
	progress_line_shown = false;
	signal(SIGINT, progress_interrupt);
	progress_watch(db, isatty(STDERR_FILENO) ? progress_line : progress_quiet, NULL);
}

void cli_progress_stop(struct database *db)
{
	progress_watch(db, NULL, NULL);
	signal(SIGINT, SIG_DFL);
	if (progress_line_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	progress_line_shown = false;
}

#include "cli.h"
#include "database_internal.h"
#include "cli_internal.h"
#include "cli_review.h"

#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "audit_log.h"
#include "csv_output.h"
#include "i18n.h"
#include "permission.h"
#include "settings.h"
#include "text.h"
#include "validate.h"

#define SECRET_MAX (ACCOUNT_PASSWORD_MAX_BYTES + 2)

void cli_fail(const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	fputs("regdesk: ", stderr);
	vfprintf(stderr, format, arguments);
	fputc('\n', stderr);
	va_end(arguments);
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

/* Reads one secret: a line of standard input with --password-stdin, else
 * from the terminal without echo. Returns false when there is none. */
static bool read_secret(const struct cli_options *options, const char *prompt, char *out, size_t out_size)
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
bool cli_log_in(struct database *db, const struct cli_options *options, struct session *session)
{
	if (!options->username) {
		cli_fail("%s", _("this command needs --user NAME"));
		return false;
	}
	char password[SECRET_MAX];
	if (!read_secret(options, _("Password: "), password, sizeof password))
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
	return true;
}

/* Asks a new password twice on a terminal, once from standard input. */
static bool read_new_password(const struct cli_options *options, char *out, size_t out_size)
{
	if (!read_secret(options, _("New password: "), out, out_size))
		return false;
	if (options->password_from_stdin)
		return true;
	char again[SECRET_MAX];
	if (!read_secret(options, _("New password again: "), again, sizeof again))
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

bool cli_read_options(int argc, char **argv, const struct command_option *table, const char **positional,
		      int positional_max)
{
	int positional_count = 0;
	for (int i = 0; i < argc; i++) {
		const struct command_option *option = NULL;
		for (const struct command_option *candidate = table; candidate->name && !option; candidate++)
			if (strcmp(argv[i], candidate->name) == 0)
				option = candidate;
		if (option && option->flag) {
			*option->flag = true;
		} else if (option) {
			if (i + 1 >= argc) {
				cli_fail(_("%s needs a value: see regdesk --help"), argv[i]);
				return false;
			}
			*option->value = argv[++i];
		} else if (strncmp(argv[i], "--", 2) == 0 || positional_count >= positional_max) {
			cli_fail(_("unexpected '%s': see regdesk --help"), argv[i]);
			return false;
		} else {
			positional[positional_count++] = argv[i];
		}
	}
	return true;
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

int cli_report(enum status status, struct database *db)
{
	if (status == STATUS_OK)
		return CLI_OK;
	bool detailed = status == STATUS_ERR_DATABASE || status == STATUS_ERR_INVALID ||
		status == STATUS_ERR_NOT_FOUND || status == STATUS_ERR_EXISTS || status == STATUS_ERR_TRANSFER_REFUSED ||
		status == STATUS_ERR_IO || status == STATUS_ERR_FORBIDDEN;
	if (detailed && db->error[0])
		cli_fail("%s", db->error);
	else
		cli_fail("%s", status_message(status));
	return CLI_FAILED;
}

static int user_add(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *role_text = "reception", *full_name = NULL;
	static const struct option long_options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "full-name", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int option;
	optind = 1;
	while ((option = getopt_long(argc, argv, "+r:f:", long_options, NULL)) != -1) {
		if (option == 'r')
			role_text = optarg;
		else if (option == 'f')
			full_name = optarg;
		else
			return CLI_USAGE;
	}
	if (optind != argc - 1) {
		cli_fail("%s", _("usage: regdesk user add [--role ROLE] [--full-name NAME] USERNAME"));
		return CLI_USAGE;
	}
	const char *username = argv[optind];
	enum role role;
	if (!role_parse(role_text, &role)) {
		cli_fail(_("unknown role '%s': use reception, trainer or privacy-officer"), role_text);
		return CLI_USAGE;
	}
	if (!full_name)
		full_name = username;
	char reason[160];
	if (account_validate_username(username, reason, sizeof reason) != STATUS_OK ||
	    account_validate_full_name(full_name, reason, sizeof reason) != STATUS_OK) {
		cli_fail("%s", reason);
		return CLI_FAILED;
	}

	struct session session;
	bool first_account = account_count(db) == 0;
	if (first_account && role != ROLE_PRIVACY_OFFICER) {
		cli_fail("%s", _("the first account must be a privacy officer: add --role privacy-officer"));
		return CLI_FAILED;
	}
	if (!first_account && !cli_log_in(db, options, &session))
		return CLI_FAILED;
	char password[SECRET_MAX];
	if (!read_new_password(options, password, sizeof password))
		return CLI_FAILED;
	enum status status = first_account
		? account_create_first(db, username, full_name, password, &session)
		: account_add(&session, username, full_name, role, password, NULL);
	sodium_memzero(password, sizeof password);
	if (status == STATUS_OK)
		printf(first_account ? _("Created the first privacy officer %s.\n")
				     : _("Added %s; the password must be changed at first login.\n"), username);
	return cli_report(status, db);
}

struct list_output {
	bool csv;
};

static void print_account(const struct account *account, void *context)
{
	const struct list_output *output = context;
	char name[512];
	text_fit_columns(account->full_name, 30, name, sizeof name);
	const char *state = !account->active ? _("deactivated")
		: account->locked ? _("locked")
		: account->must_change_password ? _("must change password") : _("active");
	/* CSV is for scripts: stable codes, whatever the language. */
	const char *state_code = !account->active ? "deactivated" : account->locked ? "locked"
		: account->must_change_password ? "must-change-password" : "active";
	if (output->csv) {
		const char *cells[] = { account->username, account->full_name, role_code(account->role), state_code };
		csv_output_row(stdout, cells, 4);
	} else {
		printf("%-20s %s %-16s %s\n", account->username, name, role_code(account->role), state);
	}
}

static bool parse_format(int argc, char **argv, bool *csv)
{
	*csv = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			*csv = strcmp(argv[++i], "csv") == 0;
			if (!*csv && strcmp(argv[i], "text") != 0)
				return false;
		}
	}
	return true;
}

static int user_list(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	struct list_output output;
	if (!parse_format(argc, argv, &output.csv)) {
		cli_fail("%s", _("usage: regdesk user list [--format text|csv]"));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	enum status status = permission_require(&session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return cli_report(status, db);
	if (output.csv) {
		const char *header[] = { "username", "full_name", "role", "state" };
		csv_output_row(stdout, header, 4);
	}
	return cli_report(account_list(&session, print_account, &output), db);
}

static int user_passwd(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	if (argc != 2) {
		cli_fail("%s", _("usage: regdesk --user NAME user passwd USERNAME"));
		return CLI_USAGE;
	}
	const char *target = argv[1];
	bool own = options->username && strcmp(options->username, target) == 0;
	struct session session;
	enum status status;
	char password[SECRET_MAX];
	if (own) {
		/* Changing one's own password: the login password is the old one, and
		 * a forced change (after a reset) is allowed here. */
		if (!options->username)
			return CLI_USAGE;
		char old_password[SECRET_MAX];
		if (!read_secret(options, _("Current password: "), old_password, sizeof old_password))
			return CLI_FAILED;
		status = account_login(db, target, old_password, &session);
		if (status == STATUS_OK && read_new_password(options, password, sizeof password)) {
			status = account_change_own_password(&session, old_password, password);
			sodium_memzero(password, sizeof password);
		} else if (status == STATUS_OK) {
			status = STATUS_ERR_INVALID;
		}
		sodium_memzero(old_password, sizeof old_password);
		if (status == STATUS_OK)
			printf("%s\n", _("Password changed."));
		return cli_report(status, db);
	}
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	struct account account;
	status = account_find(&session, target, &account);
	if (status != STATUS_OK)
		return cli_report(status, db);
	if (!read_new_password(options, password, sizeof password))
		return CLI_FAILED;
	status = account_reset_password(&session, account.id, password);
	sodium_memzero(password, sizeof password);
	if (status == STATUS_OK)
		printf(_("Password of %s reset; it must be changed at next login.\n"), target);
	return cli_report(status, db);
}

static int user_deactivate_or_role(struct database *db, const struct cli_options *options, int argc,
				   char **argv, bool set_role)
{
	if (argc != (set_role ? 3 : 2)) {
		cli_fail("%s", set_role ? _("usage: regdesk --user NAME user role USERNAME ROLE")
				    : _("usage: regdesk --user NAME user deactivate USERNAME"));
		return CLI_USAGE;
	}
	enum role role = ROLE_RECEPTION;
	if (set_role && !role_parse(argv[2], &role)) {
		cli_fail(_("unknown role '%s': use reception, trainer or privacy-officer"), argv[2]);
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	struct account account;
	enum status status = account_find(&session, argv[1], &account);
	if (status == STATUS_OK)
		status = set_role ? account_set_role(&session, account.id, role)
				  : account_deactivate(&session, account.id);
	if (status == STATUS_OK)
		printf(set_role ? _("Role of %s changed.\n") : _("%s deactivated.\n"), argv[1]);
	return cli_report(status, db);
}

static int audit_verify_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *witness = NULL;
	const struct command_option table[] = {
		{ "--witness", &witness, NULL },
		{ NULL, NULL, NULL },
	};
	if (!cli_read_options(argc, argv, table, NULL, 0))
		return CLI_USAGE;
	/* Verified before the login appends its own entry: a wiped or cut
	 * trail must not be restarted or extended by the check itself. The
	 * result is shown only after the permission check. */
	struct audit_verification result;
	db->error[0] = '\0';
	enum status verified = witness ? audit_verify_witnessed(db, witness, &result) : audit_verify(db, &result);
	char reason[sizeof db->error];
	snprintf(reason, sizeof reason, "%s", db->error);
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	enum status status = permission_require(&session, PERMISSION_VIEW_AUDIT);
	if (status != STATUS_OK)
		return cli_report(status, db);
	if (verified == STATUS_OK && result.note[0]) {
		printf(_("Audit trail %s: %lld entries, chained and matching their head.\n"), result.note, result.entries);
		return CLI_OK;
	}
	if (verified == STATUS_OK) {
		printf(_("Audit trail intact: %lld entries.\n"), result.entries);
		return CLI_OK;
	}
	if (verified == STATUS_ERR_AUDIT_BROKEN) {
		cli_fail(_("audit trail broken at entry #%lld: %s"), result.first_broken_id, result.problem);
		return CLI_FAILED;
	}
	snprintf(db->error, sizeof db->error, "%s", reason);
	return cli_report_explained(verified, db);
}

struct audit_output {
	bool csv;
};

static void print_audit_entry(const struct audit_entry *entry, void *context)
{
	const struct audit_output *output = context;
	char id[24], record[24];
	snprintf(id, sizeof id, "%lld", entry->id);
	snprintf(record, sizeof record, "%lld", entry->record_id);
	if (output->csv) {
		const char *cells[] = { id, entry->at, entry->username, entry->action, entry->entity, record, entry->fields };
		csv_output_row(stdout, cells, 7);
	} else {
		printf("%6s  %s  %-12s %-24s %-10s %6s  %s\n", id, entry->at, entry->username, entry->action,
		       entry->entity, entry->record_id ? record : "", entry->fields);
	}
}

static int audit_list_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	struct audit_filter filter = { 0 };
	struct audit_output output = { false };
	long long limit = 100;
	for (int i = 1; i < argc; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (!value)
			goto usage;
		if (strcmp(argv[i], "--user") == 0 || strcmp(argv[i], "--by") == 0)
			filter.username = value;
		else if (strcmp(argv[i], "--action") == 0)
			filter.action_prefix = value;
		else if (strcmp(argv[i], "--record") == 0)
			filter.record_id = atoll(value);
		else if (strcmp(argv[i], "--limit") == 0)
			limit = atoll(value);
		else if (strcmp(argv[i], "--format") == 0 && (strcmp(value, "csv") == 0 || strcmp(value, "text") == 0))
			output.csv = strcmp(value, "csv") == 0;
		else
			goto usage;
		i++;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	enum status status = permission_require(&session, PERMISSION_VIEW_AUDIT);
	if (status != STATUS_OK)
		return cli_report(status, db);
	if (output.csv) {
		const char *header[] = { "id", "at", "user", "action", "entity", "record_id", "fields" };
		csv_output_row(stdout, header, 7);
	}
	return cli_report(audit_list(&session, &filter, 0, (int)(limit > 0 && limit < 1000000 ? limit : 100),
				 print_audit_entry, &output), db);
usage:
	cli_fail("%s", _("usage: regdesk audit list [--by USER] [--action PREFIX] [--record ID] [--limit N] [--format text|csv]"));
	return CLI_USAGE;
}

static int setting_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	bool listing = argc == 2 && strcmp(argv[1], "list") == 0;
	bool setting = argc == 4 && strcmp(argv[1], "set") == 0;
	if (!listing && !setting) {
		cli_fail("%s", _("usage: regdesk setting list | setting set KEY VALUE"));
		return CLI_USAGE;
	}
	enum setting which = SETTING_LOCK_IDLE_MINUTES;
	if (setting && !settings_parse(argv[2], &which)) {
		cli_fail(_("unknown setting '%s': see regdesk setting list"), argv[2]);
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	if (setting) {
		enum status status = settings_change(&session, which, argv[3]);
		if (status == STATUS_OK)
			printf(_("%s set.\n"), argv[2]);
		return cli_report(status, db);
	}
	enum status status = permission_require(&session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return cli_report(status, db);
	for (int i = 0; i < SETTING_COUNT; i++) {
		char value[512], shown[1024];
		settings_get(db, (enum setting)i, value, sizeof value);
		text_fit_columns(value, 30, shown, sizeof shown);
		printf("%-20s %s %s\n", settings_key((enum setting)i), shown, settings_description((enum setting)i));
	}
	return CLI_OK;
}

void cli_print_usage(FILE *out)
{
	fprintf(out, "%s", _(
		"Usage: regdesk [OPTIONS]                 start the full-screen program\n"
		"       regdesk [OPTIONS] COMMAND ARGS     run one batch command\n"
		"\n"
		"Options:\n"
		"  --db PATH           the database file (default $REGDESK_DB, else\n"
		"                      $XDG_DATA_HOME/regdesk/regdesk.db; in the office\n"
		"                      install /etc/regdesk/regdesk.conf names it)\n"
		"  --lang fi|en        language of the program\n"
		"  --user NAME         who runs a batch command\n"
		"  --password-stdin    read passwords as lines of standard input\n"
		"  --version, --help\n"
		"\n"
		"Commands:\n"
		"  user add [--role ROLE] [--full-name NAME] USERNAME\n"
		"  user list [--format text|csv]\n"
		"  user passwd USERNAME\n"
		"  user role USERNAME ROLE\n"
		"  user deactivate USERNAME\n"
		"  contact add --first-name NAME --last-name NAME [--FIELD VALUE]... [--category LIST]\n"
		"              [--organisation ID|BUSINESS-ID|NAME] [--confirm-duplicate]\n"
		"  contact show ID\n"
		"  contact find [WORDS] [--category LIST] [--limit N] [--format text|csv]\n"
		"  contact edit ID [--request ID] [--FIELD VALUE]...\n"
		"  contact end ID [--date YYYY-MM-DD]\n"
		"  org add --name NAME [--business-id ID] [--country CC] [--street S] [--postal-code P]\n"
		"          [--city C] [--group-company]\n"
		"  org find [WORDS] [--format text|csv]\n"
		"  setting list\n"
		"  setting set KEY VALUE\n"
		"  audit verify [--witness FILE]                the hash chain; with the witnessed heads in FILE\n"
		"  audit list [--by USER] [--action PREFIX] [--record ID] [--limit N] [--format text|csv]\n"
		"\n"
		"Contact fields: --title --email --phone --street --postal-code --city --country\n"
		"  --language fi|sv|en --source SOURCE --source-detail NAME --interest-channel\n"
		"  phone|web|email|other --interest-date DATE --relationship-start DATE\n"
		"  --relationship-end DATE --last-reviewed DATE --notes TEXT\n"
		"Categories: customer, stakeholder, maintenance, prospect, training, event.\n"
		"Sources: person, company, employer, registering-party, public-source,\n"
		"  service-agreement, fault-report, maintenance-order, event-registration, interest.\n"
		"Roles: reception, trainer, privacy-officer.\n"
		"Exit status: 0 done, 1 refused or failed, 2 usage error.\n"));
	/* A block of its own, so that the translation of the text above stays valid. */
	fprintf(out, "%s", _(
		"\n"
		"Bans, consents and disclosures (notice §1.5, §2, §3.1):\n"
		"  ban set CONTACT_ID --purpose CODE --channel CHANNEL [--state objection|consent|none]\n"
		"          [--given-on DATE] [--note TEXT] [--wording TEXT] [--expires DATE]\n"
		"  ban show CONTACT_ID [--format text|csv]\n"
		"  ban sale-email CONTACT_ID [--offered-on DATE] [--note TEXT]\n"
		"  purpose add --code CODE --name NAME [--name-fi NAME] --channel postal|email|phone|none\n"
		"              --legal-ground TEXT [--fields LIST] [--consent-for-private] [--soft-opt-in]\n"
		"              [--third-party]\n"
		"  purpose list [--format text|csv]\n"
		"  recipient add --name NAME --kind KIND --country CC\n"
		"                [--safeguard adequacy|scc|other --safeguard-reference REF --safeguard-date DATE]\n"
		"  recipient list [--format text|csv]\n"
		"  export --purpose CODE --recipient ID --out FILE [--preview]\n"
		"  export --list-purposes [--format text|csv]\n"
		"  disclosure list [--recipient ID] [--kind KIND] [--purpose CODE] [--from DATE] [--to DATE]\n"
		"                  [--contact ID] [--format text|csv]\n"
		"  disclosure add CONTACT_ID --recipient ID --purpose TEXT --legal-ground TEXT --fields TEXT\n"
		"                 [--note TEXT] [--date DATE]\n"
		"Channels: in-person, letter, phone, email, web-form, employer.\n"
		"Recipient kinds: partner, subcontractor, group-company, survey-partner, external-trainer, venue.\n"
		"Purposes: see regdesk purpose list.\n"));
	fprintf(out, "%s", _(
		"\n"
		"Data-subject requests, access reports, erasure and legal holds (notice §4.2, §6):\n"
		"  request add --kind KIND --channel CHANNEL --name NAME [--details TEXT] [--marking TEXT]\n"
		"              [--signed] [--received DATE] [--representative NAME --authorisation TEXT]\n"
		"              [--told-valid-way]\n"
		"  request list [--all] [--format text|csv]\n"
		"  request show ID\n"
		"  request verify ID --document DOCUMENT --photo-matched --name-matched [--representative]\n"
		"  request verify ID --letter\n"
		"  request verify ID --means email-on-record|phone-on-record\n"
		"  request link ID CONTACT_ID\n"
		"  request unlink ID CONTACT_ID\n"
		"  request charge ID [--decide free|fee-waived]\n"
		"  request charge ID --ground manifestly-unfounded|excessive|further-copy --reason TEXT\n"
		"                 --fee EUROS|--refuse\n"
		"  request extend ID --reason TEXT --told-on DATE [--late-reason TEXT]\n"
		"  request complete ID --outcome TEXT\n"
		"  request refuse ID --reason TEXT\n"
		"  request objection ID\n"
		"  request notify ID --recipient ID [--note TEXT]\n"
		"  report CONTACT_ID [--request ID] --format text|json [--lang fi|en] [--out FILE]\n"
		"  erase CONTACT_ID --preview|--confirm [--request ID] [--delete-files]\n"
		"  hold add CONTACT_ID --law LAW --covers TEXT [--financial-year-end DATE]\n"
		"           [--law-name NAME --until DATE] [--fields FIELD,...]\n"
		"  hold list [CONTACT_ID] [--format text|csv]\n"
		"Request kinds: inspection, rectification, erasure, objection; a letter marked\n"
		"  asiakasrekisteri/tarkastuspyyntö, /oikaisupyyntö or /poistopyyntö is of that kind.\n"
		"Request channels: in-person, letter, email, phone, other.\n"
		"Documents: passport, identity-card, driving-licence, other.\n"
		"Laws: accounting-act-ledger, accounting-act-voucher (from --financial-year-end),\n"
		"  other (with --law-name and --until).\n"
		"Hold fields (what an erasure under the hold keeps): name, organisation, references,\n"
		"  email, phone, address, title; by default name,organisation,references.\n"
		"\n"
		"Annual review, retention and backups (notice §4.1, §5.3):\n"
		"  review due                                   the review queue as CSV\n"
		"  review erase --rule RULE --preview|--confirm erase everyone due under a rule\n"
		"                                               (hold-ended: every record whose last hold ended)\n"
		"  backup [FILE] [--encrypt] [--key-file KEY | --passphrase-file FILE]\n"
		"                                               a checked, private copy (no login; in the office\n"
		"                                               install the privacy officer's, into the backup\n"
		"                                               folder, encrypted with its key, FILE optional:\n"
		"                                               regdesk-<weekday>.db); encrypted with a key file\n"
		"                                               or a passphrase (argon2id)\n"
		"  backup --make-key KEY                        write a new random backup key (0600)\n"
		"  restore FILE [--key-file KEY | --passphrase-file FILE]\n"
		"                                               replace the database from a checked backup\n"
		"  check [BACKUP] [--key-file KEY | --passphrase-file FILE]\n"
		"                                               integrity, references and audit chain\n"
		"                                               of the database, or of a backup file\n"));
	fprintf(out, "%s", _(
		"\n"
		"Importing contacts from CSV (notice §1.4, §1.5):\n"
		"  import contacts FILE [--dry-run] [--delimiter ,|;|tab] [--encoding auto|utf-8|windows-1252]\n"
		"         [--category LIST] [--source SOURCE] [--source-detail TEXT] [--channel CHANNEL]\n"
		"         [--event ID] [--training-session ID] [--on-match link|fill|skip]\n"
		"         [--on-other-name new|link|fill|skip]\n"
		"         [--skip-invalid] [--rejects FILE] [--map COLUMN=TARGET]... [--mapping NAME]\n"
		"         [--save-mapping NAME]\n"
		"Import targets: a contact field (first_name, email, ...), name, organisation, business_id,\n"
		"  ban:PURPOSE, consent:PURPOSE or ignore. All rows or none are imported.\n"
		"A row whose e-mail or phone matches a contact of another name is a new contact\n"
		"  unless --on-other-name says otherwise.\n"));
}

bool cli_is_command(const char *group)
{
	static const char *const groups[] = { "user", "contact", "org", "setting", "audit", "ban", "purpose", "recipient", "export",
					      "disclosure", "request", "report", "erase", "hold", "review", "backup",
					      "restore", "check", "import" };
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(group, groups[i]) == 0)
			return true;
	return false;
}

enum cli_database_need cli_database_need(int argc, char **argv)
{
	static const char *const existing[] = { "check", "backup", "restore", "audit" };
	if (argc < 1)
		return CLI_DATABASE_ANY;
	if (strcmp(argv[0], "backup") == 0)
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "--make-key") == 0)
				return CLI_DATABASE_NONE;
	/* audit without a known verb stays a usage error. */
	if (strcmp(argv[0], "audit") == 0 && (argc < 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "list") != 0)))
		return CLI_DATABASE_ANY;
	for (size_t i = 0; i < sizeof existing / sizeof existing[0]; i++)
		if (strcmp(argv[0], existing[i]) == 0)
			return CLI_DATABASE_EXISTING;
	return CLI_DATABASE_ANY;
}

int cli_run(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *group = argv[0], *verb = argc > 1 ? argv[1] : "";
	if (strcmp(group, "user") == 0) {
		if (strcmp(verb, "add") == 0)
			return user_add(db, options, argc - 1, argv + 1);
		if (strcmp(verb, "list") == 0)
			return user_list(db, options, argc - 1, argv + 1);
		if (strcmp(verb, "passwd") == 0)
			return user_passwd(db, options, argc - 1, argv + 1);
		if (strcmp(verb, "deactivate") == 0)
			return user_deactivate_or_role(db, options, argc - 1, argv + 1, false);
		if (strcmp(verb, "role") == 0)
			return user_deactivate_or_role(db, options, argc - 1, argv + 1, true);
	} else if (strcmp(group, "contact") == 0) {
		return cli_contact_command(db, options, argc, argv);
	} else if (strcmp(group, "org") == 0) {
		return cli_organisation_command(db, options, argc, argv);
	} else if (strcmp(group, "setting") == 0) {
		return setting_command(db, options, argc, argv);
	} else if (strcmp(group, "ban") == 0) {
		return cli_ban_command(db, options, argc, argv);
	} else if (strcmp(group, "purpose") == 0) {
		return cli_purpose_command(db, options, argc, argv);
	} else if (strcmp(group, "recipient") == 0) {
		return cli_recipient_command(db, options, argc, argv);
	} else if (strcmp(group, "export") == 0) {
		return cli_export_command(db, options, argc, argv);
	} else if (strcmp(group, "disclosure") == 0) {
		return cli_disclosure_command(db, options, argc, argv);
	} else if (strcmp(group, "request") == 0) {
		return cli_request_command(db, options, argc, argv);
	} else if (strcmp(group, "report") == 0) {
		return cli_report_command(db, options, argc, argv);
	} else if (strcmp(group, "erase") == 0) {
		return cli_erase_command(db, options, argc, argv);
	} else if (strcmp(group, "hold") == 0) {
		return cli_hold_command(db, options, argc, argv);
	} else if (strcmp(group, "review") == 0) {
		return cli_review_command(db, options, argc, argv);
	} else if (strcmp(group, "backup") == 0) {
		return cli_backup_command(db, options, argc, argv);
	} else if (strcmp(group, "restore") == 0) {
		return cli_restore_command(db, options, argc, argv);
	} else if (strcmp(group, "check") == 0) {
		return cli_check_command(db, options, argc, argv);
	} else if (strcmp(group, "import") == 0) {
		return cli_import_command(db, options, argc, argv);
	} else if (strcmp(group, "audit") == 0) {
		if (strcmp(verb, "verify") == 0)
			return audit_verify_command(db, options, argc - 2, argv + 2);
		if (strcmp(verb, "list") == 0)
			return audit_list_command(db, options, argc - 1, argv + 1);
	}
	cli_fail(_("unknown command '%s': see regdesk --help"), group);
	return CLI_USAGE;
}

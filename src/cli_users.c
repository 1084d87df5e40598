/* Batch commands for accounts, the audit trail and settings:
 * user add|list|edit|passwd|role|deactivate, audit verify|list, setting list|set. */
#include "cli_common.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "audit_log.h"
#include "database_internal.h"
#include "csv_output.h"
#include "i18n.h"
#include "permission.h"
#include "settings.h"
#include "text.h"
#include "validate.h"

/* The most audit entries one "audit list" prints. */
#define AUDIT_LIST_LIMIT_MAX 999999

int cli_user_add(const struct cli_call *call)
{
	struct database *db = call->db;
	const struct cli_options *options = call->options;
	const char *role_text = cli_value(call, "role") ? cli_value(call, "role") : "reception";
	const char *full_name = cli_value(call, "full-name");
	const char *username = cli_word(call, 0);
	char commitment[11];
	enum role role;
	if (!role_parse(role_text, &role)) {
		cli_fail(_("unknown role '%s': use reception, trainer or privacy-officer"), role_text);
		return CLI_USAGE;
	}
	if (!full_name)
		full_name = username;
	char reason[160];
	if (account_validate_username(username, reason, sizeof reason) != STATUS_OK ||
	    account_validate_full_name(full_name, reason, sizeof reason) != STATUS_OK ||
	    account_validate_commitment(cli_value(call, "commitment-signed"), commitment, reason, sizeof reason) !=
		    STATUS_OK) {
		cli_fail("%s", reason);
		return CLI_FAILED;
	}

	struct session session;
	bool first_account = account_count(db) == 0;
	if (first_account && role != ROLE_PRIVACY_OFFICER) {
		cli_fail("%s", _("the first account must be a privacy officer: add --role privacy-officer"));
		return CLI_FAILED;
	}
	if (!first_account && !cli_log_in(call, &session))
		return CLI_FAILED;
	char password[CLI_SECRET_MAX];
	if (!cli_read_new_password(options, password, sizeof password))
		return CLI_FAILED;
	enum status status = first_account
		? account_create_first(db, username, full_name, password, commitment, &session)
		: account_add(&session, username, full_name, role, password, commitment, NULL);
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
		const char *cells[] = { account->username, account->full_name, role_code(account->role), state_code,
					account->commitment_signed_on };
		csv_output_row(stdout, cells, 5);
	} else {
		/* No date: the account cannot log in until one is recorded (notice §5.1). */
		printf("%-20s %s %-16s %-10s %s\n", account->username, name, role_code(account->role),
		       *account->commitment_signed_on ? account->commitment_signed_on : _("no date"), state);
	}
}

int cli_user_list(const struct cli_call *call)
{
	struct database *db = call->db;
	struct list_output output;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &output.csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	if (output.csv) {
		const char *header[] = { "username", "full_name", "role", "state", "commitment_signed_on" };
		csv_output_row(stdout, header, 5);
	}
	return cli_report(account_list(&session, print_account, &output), db);
}

/* user edit USERNAME --commitment-signed DATE: the privacy officer's, or an
 * officer's own when their account has no date yet (asked at login). */
int cli_user_edit(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *username = cli_word(call, 0);
	char date[11], reason[256];
	if (account_validate_commitment(cli_value(call, "commitment-signed"), date, reason, sizeof reason) != STATUS_OK) {
		cli_fail("--commitment-signed: %s", reason);
		return CLI_FAILED;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	enum status status;
	long long account_id = session.account_id;
	if (strcmp(username, session.username) != 0 || !session.commitment_missing) {
		struct account account;
		status = account_find(&session, username, &account);
		if (status != STATUS_OK)
			return cli_report(status, db);
		account_id = account.id;
	}
	db->error[0] = '\0';
	status = account_set_commitment(&session, account_id, date);
	if (status == STATUS_OK)
		printf(_("Recorded that %s signed the confidentiality commitment on %s.\n"), username, date);
	return cli_report(status, db);
}

int cli_user_passwd(const struct cli_call *call)
{
	struct database *db = call->db;
	const struct cli_options *options = call->options;
	const char *target = cli_word(call, 0);
	bool own = options->username && strcmp(options->username, target) == 0;
	struct session session;
	enum status status;
	char password[CLI_SECRET_MAX];
	if (own) {
		/* Changing one's own password: the login password is the old one, and
		 * a forced change (after a reset) is allowed here. */
		if (!options->username)
			return CLI_USAGE;
		char old_password[CLI_SECRET_MAX];
		if (!cli_read_secret(options, _("Current password: "), old_password, sizeof old_password))
			return CLI_FAILED;
		status = account_login(db, target, old_password, &session);
		if (status == STATUS_OK && cli_read_new_password(options, password, sizeof password)) {
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
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct account account;
	status = account_find(&session, target, &account);
	if (status != STATUS_OK)
		return cli_report(status, db);
	if (!cli_read_new_password(options, password, sizeof password))
		return CLI_FAILED;
	status = account_reset_password(&session, account.id, password);
	sodium_memzero(password, sizeof password);
	if (status == STATUS_OK)
		printf(_("Password of %s reset; it must be changed at next login.\n"), target);
	return cli_report(status, db);
}

static int user_deactivate_or_role(const struct cli_call *call, bool set_role)
{
	struct database *db = call->db;
	const char *username = cli_word(call, 0), *role_text = cli_word(call, 1);
	enum role role = ROLE_RECEPTION;
	if (set_role && !role_parse(role_text, &role)) {
		cli_fail(_("unknown role '%s': use reception, trainer or privacy-officer"), role_text);
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct account account;
	enum status status = account_find(&session, username, &account);
	if (status == STATUS_OK)
		status = set_role ? account_set_role(&session, account.id, role)
				  : account_deactivate(&session, account.id);
	if (status == STATUS_OK)
		printf(set_role ? _("Role of %s changed.\n") : _("%s deactivated.\n"), username);
	return cli_report(status, db);
}

int cli_user_role(const struct cli_call *call)
{
	return user_deactivate_or_role(call, true);
}

int cli_user_deactivate(const struct cli_call *call)
{
	return user_deactivate_or_role(call, false);
}

int cli_audit_verify(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *witness = cli_value(call, "witness");
	/* Verified before the login appends its own entry: a wiped or cut
	 * trail must not be restarted or extended by the check itself. The
	 * result is shown only after the permission check. */
	struct audit_verification result;
	db->error[0] = '\0';
	enum status verified = witness ? audit_verify_witnessed(db, witness, &result) : audit_verify(db, &result);
	char reason[sizeof db->error];
	snprintf(reason, sizeof reason, "%s", db->error);
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	if (verified == STATUS_OK && result.note[0]) {
		/* No head file on PostgreSQL (head_id 0): nothing to say it matched. */
		if (result.head_id > 0)
			printf(_("Audit trail %s: %lld entries, chained and matching their head.\n"), result.note, result.entries);
		else
			printf(_("Audit trail %s: %lld entries, chained.\n"), result.note, result.entries);
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

int cli_audit_list(const struct cli_call *call)
{
	struct database *db = call->db;
	struct audit_filter filter = { 0 };
	struct audit_output output = { false };
	long limit = 100;
	/* In the order given, so that the later of --user and --by wins. */
	for (int i = 0; i < call->given_count; i++) {
		const char *name = call->given[i].option->name, *value = call->given[i].value;
		if (strcmp(name, "user") == 0 || strcmp(name, "by") == 0)
			filter.username = value;
		else if (strcmp(name, "action") == 0)
			filter.action_prefix = value;
		else if (strcmp(name, "record") == 0)
			filter.record_id = atoll(value);
		else if (strcmp(name, "limit") == 0 && !cli_parse_limit(value, AUDIT_LIST_LIMIT_MAX, &limit))
			return CLI_USAGE;
	}
	if (!cli_parse_format(cli_value(call, "format"), "csv", &output.csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	if (output.csv) {
		const char *header[] = { "id", "at", "user", "action", "entity", "record_id", "fields" };
		csv_output_row(stdout, header, 7);
	}
	return cli_report(audit_list(&session, &filter, 0, (int)limit,
				 print_audit_entry, &output), db);
}

static int setting_command(const struct cli_call *call, bool setting)
{
	struct database *db = call->db;
	const char *key = cli_word(call, 0), *value_text = cli_word(call, 1);
	enum setting which = SETTING_LOCK_IDLE_MINUTES;
	if (setting && !settings_parse(key, &which)) {
		cli_fail(_("unknown setting '%s': see regdesk setting list"), key);
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	if (setting) {
		enum status status = settings_change(&session, which, value_text);
		if (status == STATUS_OK)
			printf(_("%s set.\n"), key);
		return cli_report(status, db);
	}
	/* setting list: the command table's role was checked at login. */
	for (int i = 0; i < SETTING_COUNT; i++) {
		char value[512], shown[1024];
		settings_get(db, (enum setting)i, value, sizeof value);
		text_fit_columns(value, 30, shown, sizeof shown);
		printf("%-20s %s %s\n", settings_key((enum setting)i), shown, settings_description((enum setting)i));
	}
	return CLI_OK;
}

int cli_setting_list(const struct cli_call *call)
{
	return setting_command(call, false);
}

int cli_setting_set(const struct cli_call *call)
{
	return setting_command(call, true);
}

/* Batch commands of the annual review and backups, for scheduled jobs:
 * review due|erase, backup, restore, check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "cli_common.h"
#include "database_internal.h"
#include "backup.h"
#include "calendar.h"
#include "contact.h"
#include "csv_output.h"
#include "erasure.h"
#include "i18n.h"
#include "migrate.h"
#include "office.h"
#include "permission.h"
#include "request.h"
#include "review.h"
#include "storage_postgresql.h"
#include "text.h"

int cli_review_due(const struct cli_call *call)
{
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	cli_progress_start(session->db);
	long long queued = review_build_queue(session);
	cli_progress_stop(session->db);
	if (queued < 0)
		return cli_report(session->db->progress.cancelled ? STATUS_ERR_CANCELLED : STATUS_ERR_FORBIDDEN, session->db);
	const char *header[] = { "contact_id", "name", "organisation", "reason", "rule", "due_on", "last_reviewed" };
	csv_output_row(stdout, header, 7);
	static struct review_item items[500];
	struct review_filter filter = { .category = -1, .reason = -1 };
	for (long long offset = 0;; offset += 500) {
		int count = review_queue_page(session, &filter, offset, items, 500);
		if (count <= 0)
			break;
		for (int i = 0; i < count; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", items[i].contact_id);
			static const char *const reason_codes[] = {
#define REASON_CODE(name, code, label) [REVIEW_##name] = code,
				REVIEW_REASONS(REASON_CODE)
#undef REASON_CODE
			};
			/* Codes, not translated labels: the CSV is for scripts. */
			const char *cells[] = { id, items[i].name, items[i].organisation, reason_codes[items[i].reason],
						items[i].rule_code, items[i].due_on, items[i].last_reviewed };
			csv_output_row(stdout, cells, 7);
		}
		if (count < 500)
			break;
	}
	return CLI_OK;
}

int cli_review_erase(const struct cli_call *call)
{
	const char *rule = cli_value(call, "rule");
	bool preview = cli_flag(call, "preview");
	if (preview == cli_flag(call, "confirm")) {
		cli_fail("%s", _("usage: regdesk review erase --rule RULE --preview|--confirm"));
		return CLI_USAGE;
	}
	int mode = preview ? 1 : 2;
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
	cli_progress_start(session->db);
	if (review_build_queue(session) < 0) {
		cli_progress_stop(session->db);
		return cli_report(session->db->progress.cancelled ? STATUS_ERR_CANCELLED : STATUS_ERR_FORBIDDEN, session->db);
	}
	long long erased = 0, held = 0;
	enum status status = review_erase_rule(session, rule, mode == 1, &erased, &held);
	cli_progress_stop(session->db);
	if (status == STATUS_OK)
		printf(mode == 1 ? _("%lld would be erased under %s; %lld are held by law and stay.\n")
				 : _("%lld erased under %s; %lld are held by law and stay.\n"), erased, rule, held);
	return cli_report(status, session->db);
}

/* Prints text line by line, each made inert (a summary names people and
 * rules typed by hand). */
static void print_inert_lines(const char *text)
{
	while (*text) {
		size_t length = strcspn(text, "\n");
		char line[1024], inert[4096];
		snprintf(line, sizeof line, "%.*s", (int)(length < sizeof line ? length : sizeof line - 1), text);
		text_make_inert(line, inert, sizeof inert);
		printf("%s\n", inert);
		text += length;
		if (*text == '\n')
			text++;
	}
}

/* review keep ID --reason TEXT: the review screen's K; the core sets the
 * review date, records the decision in the open round and audits it. */
int cli_review_keep(const struct cli_call *call)
{
	long long id;
	if (!cli_parse_id(cli_word(call, 0), &id))
		return cli_missing("review keep", _("a contact's ID (a number)"));
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	call->db->error[0] = '\0';
	enum status status = review_keep(&session, id, cli_value(call, "reason"));
	if (status == STATUS_OK)
		printf(_("Kept contact #%lld; the review date is set.\n"), id);
	return cli_report_explained(status, call->db);
}

/* review round open: the review screen's R with no round open, for this year. */
int cli_review_round_open(const struct cli_call *call)
{
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	char today[11];
	calendar_today(today);
	int year = atoi(today);
	long long id = 0;
	call->db->error[0] = '\0';
	enum status status = review_round_open(&session, year, &id);
	if (status == STATUS_OK)
		printf(_("Review round %d opened (#%lld): decisions are recorded in it.\n"), year, id);
	return cli_report_explained(status, call->db);
}

/* review round close: the review screen's R with a round open; prints the
 * signed-off summary the core stored. */
int cli_review_round_close(const struct cli_call *call)
{
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	struct review_round *round = malloc(sizeof *round);
	if (!round)
		return cli_out_of_memory();
	call->db->error[0] = '\0';
	enum status status = review_round_close(&session, round);
	if (status == STATUS_OK) {
		print_inert_lines(round->summary);
	}
	free(round);
	return cli_report_explained(status, call->db);
}

/* review round show: as the screen of past rounds, the newest summary in
 * full, then one line per earlier round; with --format csv one row per round. */
int cli_review_round_show(const struct cli_call *call)
{
	bool csv = false;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	enum { ROUNDS_MAX = 100 };
	struct review_round *rounds = calloc(ROUNDS_MAX, sizeof *rounds);
	if (!rounds)
		return cli_out_of_memory();
	int count = review_rounds(&session, rounds, ROUNDS_MAX);
	if (count < 0) {
		free(rounds);
		return cli_report(STATUS_ERR_FORBIDDEN, call->db);
	}
	if (csv) {
		const char *header[] = { "id", "year", "opened_at", "closed_at", "summary" };
		csv_output_row(stdout, header, 5);
	} else if (count == 0) {
		printf("%s\n", _("No review rounds yet."));
	}
	for (int i = 0; i < count; i++) {
		const struct review_round *round = &rounds[i];
		if (csv) {
			char id[24], year[16];
			snprintf(id, sizeof id, "%lld", round->id);
			snprintf(year, sizeof year, "%d", round->year);
			const char *cells[] = { id, year, round->opened_at, round->closed_at, round->summary };
			csv_output_row(stdout, cells, 5);
		} else if (i == 0 && *round->summary) {
			print_inert_lines(round->summary);
		} else if (*round->closed_at) {
			printf(_("Round %d: opened %.10s, closed %.10s\n"), round->year, round->opened_at, round->closed_at);
		} else {
			/* Not "closed (open)". */
			printf(_("Round %d: opened %.10s, still open\n"), round->year, round->opened_at);
		}
	}
	free(rounds);
	return CLI_OK;
}

/* --key-file FILE / --passphrase-file FILE of backup, restore and check. */
static bool backup_key_valid(const struct backup_key *key)
{
	if (key->key_file && key->passphrase_file) {
		cli_fail("%s", _("give --key-file or --passphrase-file, not both"));
		return false;
	}
	return true;
}

int cli_backup(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *make_key = cli_value(call, "make-key");
	struct backup_key key = { cli_value(call, "key-file"), cli_value(call, "passphrase-file") };
	bool encrypt = cli_flag(call, "encrypt");
	if (!backup_key_valid(&key))
		return CLI_USAGE;
	if (make_key) {
		char error[512];
		if (cli_word(call, 0) || encrypt || key.key_file || key.passphrase_file) {
			cli_fail("%s", _("usage: regdesk backup --make-key FILE"));
			return CLI_USAGE;
		}
		if (!backup_make_key(make_key, error, sizeof error)) {
			cli_fail("%s", error);
			return CLI_FAILED;
		}
		printf(_("Backup key written to %s (keep it apart from the backups)\n"), make_key);
		return CLI_OK;
	}
	/* In the office install the file is optional: a week of rolling copies
	 * in the backup folder. */
	char path[4096];
	if (cli_word(call, 0))
		text_copy(path, sizeof path, cli_word(call, 0));
	else if (!office_default_backup_path(path, sizeof path)) {
		cli_fail("%s", _("usage: regdesk backup FILE [--encrypt --key-file KEY | --passphrase-file FILE]"));
		return CLI_USAGE;
	}
	/* The office install's backups are always encrypted with its key (notice
	 * §5.3): a copy that leaves the folder reveals nothing. */
	if (office_mode() && !key.key_file && !key.passphrase_file) {
		key.key_file = office_backup_key_file();
		if (!key.key_file) {
			cli_fail("%s", _("the office install has no backup key: set backup_key in the configuration"));
			return CLI_FAILED;
		}
	}
	if (encrypt && !key.key_file && !key.passphrase_file) {
		cli_fail("%s", _("--encrypt needs --key-file KEY or --passphrase-file FILE"));
		return CLI_USAGE;
	}
	/* Outside the office install the database file's own permissions guard
	 * it. In it, a staff member would otherwise copy the register out of
	 * the group's reach: only the privacy officer, or root (the timer). */
	long long account_id = 0;
	if (office_mode() && !office_is_service()) {
		struct session session;
		if (!call->options->username) {
			cli_fail("%s", _("in the office install a backup needs the privacy officer's login: regdesk --user NAME backup"));
			return CLI_FAILED;
		}
		if (!cli_log_in(call, &session))
			return CLI_FAILED;
		enum status status = permission_require(&session, PERMISSION_MANAGE_USERS);
		if (status != STATUS_OK)
			return cli_report(status, db);
		account_id = session.account_id;
	}
	struct backup_result result;
	db->error[0] = '\0';
	cli_progress_start(db);
	enum status status = backup_write(db, account_id, path, &key, &result);
	cli_progress_stop(db);
	if (status == STATUS_OK)
		printf(key.key_file || key.passphrase_file ? _("%s written encrypted (%lld bytes), checked; SHA-256 %s\n")
							   : _("%s written (%lld bytes), checked; SHA-256 %s\n"),
		       path, result.bytes, result.sha256);
	if (status == STATUS_OK && result.warning[0])
		cli_fail("%s", result.warning);
	return cli_report_explained(status, db);
}

int cli_restore(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *path = cli_word(call, 0);
	struct backup_key key = { cli_value(call, "key-file"), cli_value(call, "passphrase-file") };
	if (!backup_key_valid(&key))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	/* The office rules (backup_folder, the install's key) are the core's,
	 * shared with the backups screen. */
	char kept[4400];
	db->error[0] = '\0';
	const char *to = cli_value(call, "to");
	/* PostgreSQL: into an empty database; the register stays as it is. */
	if (to || database_engine(db) == ENGINE_POSTGRESQL) {
		if (database_engine(db) != ENGINE_POSTGRESQL) {
			cli_fail("%s", _("--to is for a PostgreSQL register; a SQLite register is restored in place"));
			return CLI_USAGE;
		}
		cli_progress_start(db);
		enum status status = backup_restore_postgresql(&session, path, &key, to);
		cli_progress_stop(db);
		if (status == STATUS_OK) {
			char shown[4096];
			postgresql_uri_shown(to, shown, sizeof shown);
			printf(_("Restored from %s into %s; the register is unchanged: point the configuration at %s\n"), path,
			       shown, shown);
		}
		return cli_report_explained(status, db);
	}
	cli_progress_start(db);
	enum status status = backup_restore_by_officer(&session, path, &key, kept, sizeof kept);
	cli_progress_stop(db);
	if (status == STATUS_OK)
		printf(_("Restored from %s; the replaced database is kept as %s\n"), path, kept);
	return cli_report_explained(status, db);
}

int cli_migrate(const struct cli_call *call)
{
	struct database *db = call->db;
	struct session session;
	if (!cli_log_in(call, &session))   /* the privacy officer: the role the command table names */
		return CLI_FAILED;
	struct migrate_result result;
	db->error[0] = '\0';
	cli_progress_start(db);
	enum status status = migrate_register(&session, cli_value(call, "to"), &result);
	cli_progress_stop(db);
	if (status == STATUS_OK) {
		char shown[512];
		text_make_inert(result.target_shown, shown, sizeof shown);
		printf(_("Copied %lld rows of %d tables to %s in %.1f s; the audit trail (%lld entries) verified on arrival.\n"),
		       result.rows, result.tables, shown, result.seconds, result.audit_entries);
	}
	return cli_report_explained(status, db);
}

int cli_check(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *backup = cli_word(call, 0);
	struct backup_key key = { cli_value(call, "key-file"), cli_value(call, "passphrase-file") };
	if (!backup_key_valid(&key))
		return CLI_USAGE;
	backup_key_or_install(&key);
	db->error[0] = '\0';
	if (backup) {
		cli_progress_start(db);
		enum status status = backup_check_file(db, backup, &key);
		cli_progress_stop(db);
		if (status == STATUS_OK && database_engine(db) == ENGINE_POSTGRESQL) {
			printf(_("ok: the backup %s: it decrypts whole and pg_restore reads its register\n"), backup);
			return CLI_OK;
		}
		if (status == STATUS_OK) {
			printf(_("ok: the backup %s: integrity, references and audit chain\n"), backup);
			return CLI_OK;
		}
		cli_fail("%s", db->error);
		return CLI_FAILED;
	}
	/* The chain is verified before anything else may append to it. */
	char note[256] = "";
	cli_progress_start(db);
	enum status status = backup_check_noted(db, note, sizeof note);
	cli_progress_stop(db);
	/* An erasure not yet finished is finished now, or reported (notice §6.4). */
	if (status == STATUS_OK && !erasure_finish_pending(db))
		status = STATUS_ERR_INVALID;
	if (status == STATUS_OK) {
		if (note[0])
			printf(_("ok: integrity and references; audit chain sound, %s\n"), note);
		else
			printf("%s\n", _("ok: integrity, references and audit chain"));
		return CLI_OK;
	}
	cli_fail("%s", db->error);
	return CLI_FAILED;
}

/* Batch commands of the annual review and backups, for scheduled jobs:
 * review due|erase, backup, restore, check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "backup.h"
#include "cli_review.h"
#include "contact.h"
#include "csv_output.h"
#include "erasure.h"
#include "i18n.h"
#include "permission.h"
#include "request.h"
#include "review.h"
#include "text.h"

static int review_due(struct session *session)
{
	long long queued = review_build_queue(session);
	if (queued < 0)
		return cli_report(STATUS_ERR_FORBIDDEN, session->db);
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

static int review_erase_command(struct session *session, int argc, char **argv)
{
	const char *rule = NULL;
	int mode = 0;   /* 1 preview, 2 confirm */
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--rule") == 0 && i + 1 < argc)
			rule = argv[++i];
		else if (strcmp(argv[i], "--preview") == 0)
			mode = 1;
		else if (strcmp(argv[i], "--confirm") == 0)
			mode = 2;
		else
			mode = -1;
	}
	if (!rule || mode <= 0) {
		cli_fail("%s", _("usage: regdesk review erase --rule RULE --preview|--confirm"));
		return CLI_USAGE;
	}
	if (review_build_queue(session) < 0)
		return cli_report(STATUS_ERR_FORBIDDEN, session->db);
	long long erased = 0, held = 0;
	enum status status = review_erase_rule(session, rule, mode == 1, &erased, &held);
	if (status == STATUS_OK)
		printf(mode == 1 ? _("%lld would be erased under %s; %lld are held by law and stay.\n")
				 : _("%lld erased under %s; %lld are held by law and stay.\n"), erased, rule, held);
	return cli_report(status, session->db);
}

int cli_review_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	if (strcmp(verb, "due") != 0 && strcmp(verb, "erase") != 0) {
		cli_fail("%s", _("usage: regdesk review due | review erase --rule RULE --preview|--confirm"));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	return strcmp(verb, "due") == 0 ? review_due(&session) : review_erase_command(&session, argc - 2, argv + 2);
}

int cli_backup_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	(void)options;
	if (argc != 2) {
		cli_fail("%s", _("usage: regdesk backup FILE"));
		return CLI_USAGE;
	}
	char sha256[65];
	long long bytes = 0;
	enum status status = backup_write(db, 0, argv[1], sha256, &bytes);
	if (status == STATUS_OK)
		printf(_("%s written (%lld bytes), checked; SHA-256 %s\n"), argv[1], bytes, sha256);
	return cli_report(status, db);
}

int cli_restore_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	if (argc != 2) {
		cli_fail("%s", _("usage: regdesk --user NAME restore FILE"));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(db, options, &session))
		return CLI_FAILED;
	enum status status = permission_require(&session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return cli_report(status, db);
	char kept[4400];
	status = backup_restore(db, argv[1], kept, sizeof kept);
	if (status == STATUS_OK)
		printf(_("Restored from %s; the replaced database is kept as %s\n"), argv[1], kept);
	return cli_report(status, db);
}

int cli_check_command(struct database *db, const struct cli_options *options, int argc, char **argv)
{
	(void)options;
	(void)argv;
	if (argc != 1) {
		cli_fail("%s", _("usage: regdesk check"));
		return CLI_USAGE;
	}
	enum status status = backup_check(db);
	/* An erasure not yet finished is finished now, or reported (notice §6.4). */
	if (status == STATUS_OK && !erasure_finish_pending(db))
		status = STATUS_ERR_INVALID;
	if (status == STATUS_OK) {
		printf("%s\n", _("ok: integrity, references and audit chain"));
		return CLI_OK;
	}
	cli_fail("%s", db->error);
	return CLI_FAILED;
}

/* Batch commands of the annual review and backups, for scheduled jobs:
 * review due|erase, backup, restore, check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "backup.h"
#include "contact.h"
#include "csv_output.h"
#include "erasure.h"
#include "i18n.h"
#include "permission.h"
#include "request.h"
#include "review.h"
#include "text.h"

int cli_review_due(const struct cli_call *call)
{
	struct session login, *session = &login;
	if (!cli_log_in(call, session))
		return CLI_FAILED;
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
	if (review_build_queue(session) < 0)
		return cli_report(STATUS_ERR_FORBIDDEN, session->db);
	long long erased = 0, held = 0;
	enum status status = review_erase_rule(session, rule, mode == 1, &erased, &held);
	if (status == STATUS_OK)
		printf(mode == 1 ? _("%lld would be erased under %s; %lld are held by law and stay.\n")
				 : _("%lld erased under %s; %lld are held by law and stay.\n"), erased, rule, held);
	return cli_report(status, session->db);
}

int cli_backup(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *path = cli_word(call, 0);
	char sha256[65];
	long long bytes = 0;
	enum status status = backup_write(db, 0, path, sha256, &bytes);
	if (status == STATUS_OK)
		printf(_("%s written (%lld bytes), checked; SHA-256 %s\n"), path, bytes, sha256);
	return cli_report(status, db);
}

int cli_restore(const struct cli_call *call)
{
	struct database *db = call->db;
	const char *path = cli_word(call, 0);
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	enum status status = permission_require(&session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return cli_report(status, db);
	char kept[4400];
	status = backup_restore(db, path, kept, sizeof kept);
	if (status == STATUS_OK)
		printf(_("Restored from %s; the replaced database is kept as %s\n"), path, kept);
	return cli_report(status, db);
}

int cli_check(const struct cli_call *call)
{
	struct database *db = call->db;
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

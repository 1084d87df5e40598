/* Batch commands for how long the register keeps people (notice §4.1,
 * §4.2): retention list|set, as the retention rules screen. The purposes
 * of use (purpose add|list) are beside the bans in cli_consents.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "database_internal.h"
#include "contact.h"
#include "csv_output.h"
#include "i18n.h"
#include "review.h"
#include "text.h"

#define RULES_MAX 64

/* Codes, not translated labels: the CSV is for scripts. */
static const char *const basis_codes[] = {
#define BASIS_CODE(name, code, label) [RETENTION_##name] = code,
	RETENTION_BASES(BASIS_CODE)
#undef BASIS_CODE
};

int cli_retention_list(const struct cli_call *call)
{
	bool csv = false;
	if (!cli_parse_format(cli_value(call, "format"), "csv", &csv))
		return CLI_USAGE;
	struct session session;
	if (!cli_log_in(call, &session))   /* checks the role the command table names */
		return CLI_FAILED;
	struct retention_rule rules[RULES_MAX];
	int count = retention_rules(call->db, rules, RULES_MAX);
	if (count < 0)
		return cli_report(STATUS_ERR_DATABASE, call->db);
	if (csv) {
		const char *header[] = { "code", "name", "category", "counts_from", "months", "in_force" };
		csv_output_row(stdout, header, 6);
	}
	for (int i = 0; i < count; i++) {
		const struct retention_rule *rule = &rules[i];
		char months[16];
		snprintf(months, sizeof months, "%d", rule->months);
		if (csv) {
			const char *category = rule->category < 0 ? "" : contact_category_code((enum contact_category)rule->category);
			const char *cells[] = { rule->code, rule->name, category, basis_codes[rule->basis], months,
						rule->active ? "yes" : "no" };
			csv_output_row(stdout, cells, 6);
			continue;
		}
		char code[256], name[1024];
		text_fit_columns(rule->code, 22, code, sizeof code);
		text_make_inert(rule->name, name, sizeof name);
		const char *category = rule->category < 0 ? _("every contact")
							   : contact_category_label((enum contact_category)rule->category);
		printf("%s %s\n", code, name);
		printf(rule->active ? _("                       %s: %d months from %s\n")
				    : _("                       %s: %d months from %s (off)\n"),
		       category, rule->months, retention_basis_label(rule->basis));
	}
	return CLI_OK;
}

/* retention set RULE MONTHS [--on|--off]: the screen's F2 for one rule; the
 * core checks the months, refuses an unknown rule and audits the change.
 * Without --on or --off the rule stays in force or off as it was. */
int cli_retention_set(const struct cli_call *call)
{
	const char *code = cli_word(call, 0), *months_text = cli_word(call, 1);
	char *end;
	errno = 0;
	long months = strtol(months_text, &end, 10);
	if (!*months_text || *end || errno || months < 0 || months > 1200) {
		cli_fail(_("MONTHS must be a whole number from 0 to 1200, not '%s'"), months_text);
		return CLI_USAGE;
	}
	if (cli_flag(call, "on") && cli_flag(call, "off")) {
		cli_fail("%s", _("give --on or --off, not both"));
		return CLI_USAGE;
	}
	struct session session;
	if (!cli_log_in(call, &session))
		return CLI_FAILED;
	bool active = true;
	struct retention_rule rules[RULES_MAX];
	int count = retention_rules(call->db, rules, RULES_MAX);
	for (int i = 0; i < count; i++)
		if (strcmp(rules[i].code, code) == 0)
			active = rules[i].active;
	if (cli_flag(call, "on") || cli_flag(call, "off"))
		active = cli_flag(call, "on");
	call->db->error[0] = '\0';
	enum status status = retention_rule_set(&session, code, (int)months, active);
	if (status == STATUS_OK) {
		char inert[256];
		text_make_inert(code, inert, sizeof inert);
		printf(active ? _("Retention rule %s: %ld months, in force.\n") : _("Retention rule %s: %ld months, off.\n"),
		       inert, months);
	}
	return cli_report_explained(status, call->db);
}

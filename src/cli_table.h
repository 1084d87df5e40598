/* The one table of batch commands (src/cli_commands.c): name, words,
 * options, the permission needed and a one-line help. Dispatch, --help,
 * "regdesk COMMAND --help", usage errors and the COMMANDS section of
 * regdesk(1) are all made from it (src/cli.c). */
#ifndef REGDESK_CLI_TABLE_H
#define REGDESK_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "permission.h"

struct cli_call;

/* Option flags. */
#define CLI_REQUIRED   1u   /* must be given (or, with an alternative, one of the group) */
#define CLI_REPEATABLE 2u   /* may be given more than once ("--map A=B --map C=D") */

/* An option: --name VALUE, or the flag --name when value_name is NULL.
 * Options next to each other with the same nonzero alternative form one
 * choice, shown "--preview|--confirm". */
struct cli_option {
	const char *name;        /* without the dashes: "full-name" */
	const char *value_name;  /* shown in help: "NAME", "text|csv"; NULL: a flag */
	unsigned flags;
	int alternative;
};

/* The permission a command needs, or one of these. */
#define CLI_NO_LOGIN  (-1)                 /* runs without --user */
#define CLI_ANY_ROLE  PERMISSION_COUNT     /* any logged-in user; the core decides the rest */

struct cli_command {
	const char *group;       /* "user" */
	const char *verb;        /* "add"; NULL for a one-word command ("backup") */
	const char *words;       /* "USERNAME", "[CONTACT_ID]", "[WORDS...]": checked and shown */
	const struct cli_option *options;   /* ended by { NULL } */
	int permission;          /* enum permission, CLI_NO_LOGIN or CLI_ANY_ROLE */
	const char *help;        /* N_("one line") */
	int (*run)(const struct cli_call *call);
};

extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;

/* The commands, by module. */
/* cli_users.c */
int cli_user_add(const struct cli_call *call);
int cli_user_list(const struct cli_call *call);
int cli_user_edit(const struct cli_call *call);
int cli_user_passwd(const struct cli_call *call);
int cli_user_role(const struct cli_call *call);
int cli_user_deactivate(const struct cli_call *call);
int cli_audit_verify(const struct cli_call *call);
int cli_audit_list(const struct cli_call *call);
int cli_setting_list(const struct cli_call *call);
int cli_setting_set(const struct cli_call *call);
/* cli_contacts.c */
int cli_contact_add(const struct cli_call *call);
int cli_contact_show(const struct cli_call *call);
int cli_contact_find(const struct cli_call *call);
int cli_contact_edit(const struct cli_call *call);
int cli_contact_end(const struct cli_call *call);
int cli_contact_reference_add(const struct cli_call *call);
int cli_contact_merge(const struct cli_call *call);
int cli_org_add(const struct cli_call *call);
int cli_org_find(const struct cli_call *call);
/* cli_consents.c */
int cli_ban_set(const struct cli_call *call);
int cli_ban_show(const struct cli_call *call);
int cli_ban_sale_email(const struct cli_call *call);
int cli_purpose_add(const struct cli_call *call);
int cli_purpose_list(const struct cli_call *call);
int cli_recipient_add(const struct cli_call *call);
int cli_recipient_list(const struct cli_call *call);
int cli_export(const struct cli_call *call);
int cli_disclosure_list(const struct cli_call *call);
int cli_disclosure_add(const struct cli_call *call);
/* cli_requests.c */
int cli_request_add(const struct cli_call *call);
int cli_request_list(const struct cli_call *call);
int cli_request_show(const struct cli_call *call);
int cli_request_verify(const struct cli_call *call);
int cli_request_link(const struct cli_call *call);
int cli_request_unlink(const struct cli_call *call);
int cli_request_charge(const struct cli_call *call);
int cli_request_extend(const struct cli_call *call);
int cli_request_complete(const struct cli_call *call);
int cli_request_refuse(const struct cli_call *call);
int cli_request_objection(const struct cli_call *call);
int cli_request_notify(const struct cli_call *call);
int cli_report_command(const struct cli_call *call);
int cli_erase_command(const struct cli_call *call);
int cli_hold_add(const struct cli_call *call);
int cli_hold_list(const struct cli_call *call);
/* cli_review.c */
int cli_review_due(const struct cli_call *call);
int cli_review_erase(const struct cli_call *call);
int cli_review_keep(const struct cli_call *call);
int cli_review_round_open(const struct cli_call *call);
int cli_review_round_close(const struct cli_call *call);
int cli_review_round_show(const struct cli_call *call);
int cli_backup(const struct cli_call *call);
int cli_restore(const struct cli_call *call);
int cli_check(const struct cli_call *call);
int cli_migrate(const struct cli_call *call);
/* cli_training.c */
int cli_course_add(const struct cli_call *call);
int cli_course_edit(const struct cli_call *call);
int cli_course_list(const struct cli_call *call);
int cli_session_add(const struct cli_call *call);
int cli_session_edit(const struct cli_call *call);
int cli_session_list(const struct cli_call *call);
int cli_session_show(const struct cli_call *call);
int cli_session_register(const struct cli_call *call);
int cli_session_register_new(const struct cli_call *call);
int cli_session_attend(const struct cli_call *call);
int cli_session_all_present(const struct cli_call *call);
int cli_session_cancel(const struct cli_call *call);
int cli_session_certify(const struct cli_call *call);
int cli_session_entry_list(const struct cli_call *call);
int cli_certificate_expiring(const struct cli_call *call);
int cli_event_add(const struct cli_call *call);
int cli_event_list(const struct cli_call *call);
int cli_event_show(const struct cli_call *call);
int cli_event_register(const struct cli_call *call);
int cli_event_attend(const struct cli_call *call);
int cli_event_cancel(const struct cli_call *call);
int cli_event_entry_list(const struct cli_call *call);
/* cli_purposes.c */
int cli_retention_list(const struct cli_call *call);
int cli_retention_set(const struct cli_call *call);
/* cli_import.c */
int cli_import_contacts(const struct cli_call *call);

#endif

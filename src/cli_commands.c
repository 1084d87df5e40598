/* The one table of batch commands: everything regdesk --help, "regdesk
 * COMMAND --help", usage errors, dispatch and the COMMANDS section of
 * regdesk(1) know about a command comes from here.
 *
 * Adding an option is one line in the command's option list, e.g.
 *	{ "witness", "FILE", 0, 0 },
 * then reading it in the command: cli_value(call, "witness") (or
 * cli_flag(call, "name") for a flag without a value). */
#include "cli_table.h"

#include "i18n.h"

#define END { NULL, NULL, 0, 0 }
#define FORMAT_TEXT_CSV { "format", "text|csv", 0, 0 }

/* Every contact field, as --first-name NAME ... (contact add, contact edit). */
#define CONTACT_FIELD_OPTIONS \
	{ "first-name", "NAME", 0, 0 }, \
	{ "last-name", "NAME", 0, 0 }, \
	{ "title", "TEXT", 0, 0 }, \
	{ "email", "ADDRESS", 0, 0 }, \
	{ "phone", "NUMBER", 0, 0 }, \
	{ "street", "ADDRESS", 0, 0 }, \
	{ "postal-code", "CODE", 0, 0 }, \
	{ "city", "CITY", 0, 0 }, \
	{ "country", "CC", 0, 0 }, \
	{ "language", "fi|sv|en", 0, 0 }, \
	{ "source", "SOURCE", 0, 0 }, \
	{ "source-detail", "NAME", 0, 0 }, \
	{ "interest-channel", "phone|web|email|other", 0, 0 }, \
	{ "interest-date", "DATE", 0, 0 }, \
	{ "relationship-start", "DATE", 0, 0 }, \
	{ "relationship-end", "DATE", 0, 0 }, \
	{ "last-reviewed", "DATE", 0, 0 }, \
	{ "notes", "TEXT", 0, 0 }, \
	{ "category", "LIST", 0, 0 }, \
	{ "organisation", "ID|BUSINESS-ID|NAME", 0, 0 }, \
	{ "confirm-duplicate", NULL, 0, 0 }

static const struct cli_option no_options[] = { END };

static const struct cli_option user_add_options[] = {
	{ "role", "ROLE", 0, 0 },
	{ "full-name", "NAME", 0, 0 },
	{ "commitment-signed", "DATE", CLI_REQUIRED, 0 },
	END
};
static const struct cli_option user_edit_options[] = {
	{ "commitment-signed", "DATE", CLI_REQUIRED, 0 },
	END
};
static const struct cli_option format_options[] = { FORMAT_TEXT_CSV, END };
static const struct cli_option audit_verify_options[] = { { "witness", "FILE", 0, 0 }, END };
static const struct cli_option audit_list_options[] = {
	{ "by", "USER", 0, 0 },
	{ "user", "USER", 0, 0 },
	{ "action", "PREFIX", 0, 0 },
	{ "record", "ID", 0, 0 },
	{ "limit", "N", 0, 0 },
	FORMAT_TEXT_CSV,
	END
};

static const struct cli_option contact_add_options[] = { CONTACT_FIELD_OPTIONS, END };
static const struct cli_option contact_edit_options[] = { { "request", "ID", 0, 0 }, CONTACT_FIELD_OPTIONS, END };
static const struct cli_option contact_find_options[] = {
	{ "category", "LIST", 0, 0 },
	{ "limit", "N", 0, 0 },
	FORMAT_TEXT_CSV,
	END
};
static const struct cli_option contact_end_options[] = { { "date", "DATE", 0, 0 }, END };
static const struct cli_option contact_reference_add_options[] = {
	{ "kind", "service-agreement|fault-report|maintenance-order", CLI_REQUIRED, 0 },
	{ "number", "REF", CLI_REQUIRED, 0 },
	{ "date", "DATE", CLI_REQUIRED, 0 },
	END
};
static const struct cli_option contact_merge_options[] = { { "take-other", "FIELD,...", 0, 0 }, END };
static const struct cli_option org_add_options[] = {
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "business-id", "ID", 0, 0 },
	{ "country", "CC", 0, 0 },
	{ "street", "ADDRESS", 0, 0 },
	{ "postal-code", "CODE", 0, 0 },
	{ "city", "CITY", 0, 0 },
	{ "group-company", NULL, 0, 0 },
	END
};

static const struct cli_option ban_set_options[] = {
	{ "purpose", "CODE", CLI_REQUIRED, 0 },
	{ "channel", "CHANNEL", CLI_REQUIRED, 0 },
	{ "state", "objection|consent|none", 0, 0 },
	{ "given-on", "DATE", 0, 0 },
	{ "note", "TEXT", 0, 0 },
	{ "wording", "TEXT", 0, 0 },
	{ "expires", "DATE", 0, 0 },
	END
};
static const struct cli_option ban_sale_email_options[] = {
	{ "offered-on", "DATE", 0, 0 },
	{ "note", "TEXT", 0, 0 },
	END
};
static const struct cli_option purpose_add_options[] = {
	{ "code", "CODE", CLI_REQUIRED, 0 },
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "name-fi", "NAME", 0, 0 },
	{ "channel", "postal|email|phone|none", CLI_REQUIRED, 0 },
	{ "legal-ground", "TEXT", CLI_REQUIRED, 0 },
	{ "fields", "LIST", 0, 0 },
	{ "consent-for-private", NULL, 0, 0 },
	{ "soft-opt-in", NULL, 0, 0 },
	{ "third-party", NULL, 0, 0 },
	END
};
static const struct cli_option recipient_add_options[] = {
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "kind", "KIND", CLI_REQUIRED, 0 },
	{ "country", "CC", CLI_REQUIRED, 0 },
	{ "safeguard", "adequacy|scc|other", 0, 0 },
	{ "safeguard-reference", "REF", 0, 0 },
	{ "safeguard-date", "DATE", 0, 0 },
	END
};
static const struct cli_option export_options[] = {
	{ "purpose", "CODE", 0, 0 },
	{ "recipient", "ID", 0, 0 },
	{ "out", "FILE", 0, 0 },
	{ "preview", NULL, 0, 0 },
	{ "list-purposes", NULL, 0, 0 },
	FORMAT_TEXT_CSV,
	END
};
static const struct cli_option disclosure_list_options[] = {
	{ "recipient", "ID", 0, 0 },
	{ "kind", "KIND", 0, 0 },
	{ "purpose", "CODE", 0, 0 },
	{ "from", "DATE", 0, 0 },
	{ "to", "DATE", 0, 0 },
	{ "contact", "ID", 0, 0 },
	FORMAT_TEXT_CSV,
	END
};
static const struct cli_option disclosure_add_options[] = {
	{ "recipient", "ID", CLI_REQUIRED, 0 },
	{ "purpose", "TEXT", CLI_REQUIRED, 0 },
	{ "legal-ground", "TEXT", CLI_REQUIRED, 0 },
	{ "fields", "TEXT", CLI_REQUIRED, 0 },
	{ "note", "TEXT", 0, 0 },
	{ "date", "DATE", 0, 0 },
	END
};

static const struct cli_option request_add_options[] = {
	{ "kind", "KIND", 0, 0 },
	{ "channel", "CHANNEL", CLI_REQUIRED, 0 },
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "details", "TEXT", 0, 0 },
	{ "marking", "TEXT", 0, 0 },
	{ "signed", NULL, 0, 0 },
	{ "received", "DATE", 0, 0 },
	{ "representative", "NAME", 0, 0 },
	{ "authorisation", "TEXT", 0, 0 },
	{ "told-valid-way", NULL, 0, 0 },
	END
};
static const struct cli_option request_list_options[] = { { "all", NULL, 0, 0 }, FORMAT_TEXT_CSV, END };
static const struct cli_option request_verify_options[] = {
	{ "document", "DOCUMENT", CLI_REQUIRED, 1 },
	{ "letter", NULL, 0, 1 },
	{ "means", "email-on-record|phone-on-record", 0, 1 },
	{ "photo-matched", NULL, 0, 0 },
	{ "name-matched", NULL, 0, 0 },
	{ "representative", NULL, 0, 0 },
	END
};
static const struct cli_option request_charge_options[] = {
	{ "decide", "free|fee-waived", 0, 0 },
	{ "ground", "manifestly-unfounded|excessive|further-copy", 0, 0 },
	{ "reason", "TEXT", 0, 0 },
	{ "fee", "EUROS", 0, 2 },
	{ "refuse", NULL, 0, 2 },
	END
};
static const struct cli_option request_extend_options[] = {
	{ "reason", "TEXT", CLI_REQUIRED, 0 },
	{ "told-on", "DATE", CLI_REQUIRED, 0 },
	{ "late-reason", "TEXT", 0, 0 },
	END
};
static const struct cli_option request_complete_options[] = { { "outcome", "TEXT", CLI_REQUIRED, 0 }, END };
static const struct cli_option request_refuse_options[] = { { "reason", "TEXT", CLI_REQUIRED, 0 }, END };
static const struct cli_option request_notify_options[] = {
	{ "recipient", "ID", CLI_REQUIRED, 0 },
	{ "note", "TEXT", 0, 0 },
	END
};
static const struct cli_option report_options[] = {
	{ "format", "text|json", CLI_REQUIRED, 0 },
	{ "request", "ID", 0, 0 },
	{ "lang", "fi|en", 0, 0 },
	{ "out", "FILE", 0, 0 },
	END
};
static const struct cli_option erase_options[] = {
	{ "preview", NULL, CLI_REQUIRED, 1 },
	{ "confirm", NULL, 0, 1 },
	{ "request", "ID", 0, 0 },
	{ "delete-files", NULL, 0, 0 },
	END
};
static const struct cli_option hold_add_options[] = {
	{ "law", "LAW", CLI_REQUIRED, 0 },
	{ "covers", "TEXT", CLI_REQUIRED, 0 },
	{ "financial-year-end", "DATE", 0, 0 },
	{ "law-name", "NAME", 0, 0 },
	{ "until", "DATE", 0, 0 },
	{ "fields", "FIELD,...", 0, 0 },
	END
};

static const struct cli_option review_keep_options[] = { { "reason", "TEXT", CLI_REQUIRED, 0 }, END };
static const struct cli_option retention_set_options[] = {
	{ "on", NULL, 0, 3 },
	{ "off", NULL, 0, 3 },
	END
};
static const struct cli_option review_erase_options[] = {
	{ "rule", "RULE", CLI_REQUIRED, 0 },
	{ "preview", NULL, CLI_REQUIRED, 1 },
	{ "confirm", NULL, 0, 1 },
	END
};

static const struct cli_option backup_options[] = {
	{ "encrypt", NULL, 0, 0 },
	{ "key-file", "KEY", 0, 1 },
	{ "passphrase-file", "FILE", 0, 1 },
	{ "make-key", "KEY", 0, 0 },
	END
};
static const struct cli_option migrate_options[] = { { "to", "URI|FILE.db", CLI_REQUIRED, 0 }, END };
static const struct cli_option backup_key_options[] = {
	{ "key-file", "KEY", 0, 1 },
	{ "passphrase-file", "FILE", 0, 1 },
	END
};
static const struct cli_option restore_options[] = {
	{ "key-file", "KEY", 0, 1 },
	{ "passphrase-file", "FILE", 0, 1 },
	{ "to", "URI", 0, 0 },
	END
};

/* Courses, sessions, certificates and events (the training and event screens). */
static const struct cli_option course_add_options[] = {
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "leads-to", "none|certificate|permit-card", 0, 0 },
	{ "valid-months", "N", 0, 0 },
	{ "description", "TEXT", 0, 0 },
	END
};
static const struct cli_option course_edit_options[] = {
	{ "name", "NAME", 0, 0 },
	{ "leads-to", "none|certificate|permit-card", 0, 0 },
	{ "valid-months", "N", 0, 0 },
	{ "description", "TEXT", 0, 0 },
	END
};
static const struct cli_option session_add_options[] = {
	{ "course", "ID", CLI_REQUIRED, 0 },
	{ "starts", "'DATE HH:MM'", CLI_REQUIRED, 0 },
	{ "place", "TEXT", 0, 0 },
	{ "capacity", "N", 0, 0 },
	{ "external-trainer", "RECIPIENT_ID", 0, 0 },
	END
};
static const struct cli_option session_edit_options[] = {
	{ "course", "ID", 0, 0 },
	{ "starts", "'DATE HH:MM'", 0, 0 },
	{ "place", "TEXT", 0, 0 },
	{ "capacity", "N", 0, 0 },
	{ "external-trainer", "RECIPIENT_ID", 0, 0 },
	END
};
static const struct cli_option session_register_new_options[] = {
	{ "first-name", "NAME", CLI_REQUIRED, 0 },
	{ "last-name", "NAME", CLI_REQUIRED, 0 },
	{ "organisation", "NAME", 0, 0 },
	{ "email", "ADDRESS", 0, 0 },
	{ "by", "self|employer|other", CLI_REQUIRED, 0 },
	{ "party", "NAME", 0, 0 },
	{ "confirm-duplicate", NULL, 0, 0 },
	END
};
static const struct cli_option session_register_options[] = {
	{ "by", "self|employer|other", CLI_REQUIRED, 0 },
	{ "party", "NAME", 0, 0 },
	END
};
static const struct cli_option entry_list_options[] = { { "out", "FILE", CLI_REQUIRED, 0 }, END };
static const struct cli_option certificate_expiring_options[] = { { "within", "DAYS", 0, 0 }, FORMAT_TEXT_CSV, END };
static const struct cli_option event_add_options[] = {
	{ "name", "NAME", CLI_REQUIRED, 0 },
	{ "date", "DATE", CLI_REQUIRED, 0 },
	{ "venue", "RECIPIENT_ID", 0, 0 },
	{ "place", "TEXT", 0, 0 },
	END
};
static const struct cli_option event_register_options[] = {
	{ "source", "sign-up|web|email|phone|in-person|other", 0, 0 },
	END
};

static const struct cli_option import_options[] = {
	{ "dry-run", NULL, 0, 0 },
	{ "delimiter", ",|;|tab", 0, 0 },
	{ "encoding", "auto|utf-8|windows-1252", 0, 0 },
	{ "category", "LIST", 0, 0 },
	{ "source", "SOURCE", 0, 0 },
	{ "source-detail", "TEXT", 0, 0 },
	{ "channel", "CHANNEL", 0, 0 },
	{ "event", "ID", 0, 0 },
	{ "training-session", "ID", 0, 0 },
	{ "on-match", "link|fill|skip", 0, 0 },
	{ "on-other-name", "new|link|fill|skip", 0, 0 },
	{ "skip-invalid", NULL, 0, 0 },
	{ "rejects", "FILE", 0, 0 },
	{ "map", "COLUMN=TARGET", CLI_REPEATABLE, 0 },
	{ "mapping", "NAME", 0, 0 },
	{ "save-mapping", "NAME", 0, 0 },
	END
};

#define ANY CLI_ANY_ROLE
#define NONE CLI_NO_LOGIN
#define P(name) PERMISSION_##name

const struct cli_command cli_commands[] = {
	{ "user", "add", "USERNAME", user_add_options, P(MANAGE_USERS),
	  N_("add a personal account with the date its confidentiality commitment was signed (the very first: a "
	     "privacy officer, without --user)"), cli_user_add },
	{ "user", "list", "", format_options, P(MANAGE_USERS),
	  N_("list the accounts with their role, state and commitment date"), cli_user_list },
	{ "user", "edit", "USERNAME", user_edit_options, ANY,
	  N_("record the date the confidentiality commitment was signed (an officer without one: their own)"),
	  cli_user_edit },
	{ "user", "passwd", "USERNAME", no_options, ANY,
	  N_("change your own password, or reset another user's"), cli_user_passwd },
	{ "user", "role", "USERNAME ROLE", no_options, P(MANAGE_USERS), N_("change an account's role"), cli_user_role },
	{ "user", "deactivate", "USERNAME", no_options, P(MANAGE_USERS),
	  N_("deactivate an account (nothing is deleted)"), cli_user_deactivate },

	{ "contact", "add", "", contact_add_options, P(EDIT_CONTACTS),
	  N_("add a contact (likely duplicates are shown and nothing is saved)"), cli_contact_add },
	{ "contact", "show", "ID", no_options, P(VIEW_REGISTER), N_("show a contact (the view is audited)"),
	  cli_contact_show },
	{ "contact", "find", "[WORDS...]", contact_find_options, P(VIEW_REGISTER),
	  N_("find contacts by the start of name, organisation, e-mail or phone words"), cli_contact_find },
	{ "contact", "edit", "ID", contact_edit_options, P(EDIT_CONTACTS),
	  N_("change a contact's fields; with --request, as that request's rectification"), cli_contact_edit },
	{ "contact", "end", "ID", contact_end_options, P(EDIT_CONTACTS),
	  N_("end the relationship (today by default; nothing is deleted)"), cli_contact_end },
	{ "contact", "reference add", "CONTACT_ID", contact_reference_add_options, P(EDIT_CONTACTS),
	  N_("add a maintenance reference: a service agreement, fault report or maintenance order"),
	  cli_contact_reference_add },
	{ "contact", "merge", "SURVIVOR_ID OTHER_ID", contact_merge_options, P(EDIT_CONTACTS),
	  N_("merge two records of one person: OTHER's number resolves to SURVIVOR, an empty field takes OTHER's "
	     "value, --take-other names more"), cli_contact_merge },
	{ "org", "add", "", org_add_options, P(EDIT_CONTACTS), N_("add an organisation"), cli_org_add },
	{ "org", "find", "[WORDS...]", format_options, P(VIEW_REGISTER), N_("find organisations"), cli_org_find },

	{ "setting", "list", "", no_options, P(MANAGE_USERS), N_("list the settings with their values"),
	  cli_setting_list },
	{ "setting", "set", "KEY VALUE", no_options, P(MANAGE_USERS), N_("change a setting"), cli_setting_set },
	{ "audit", "verify", "", audit_verify_options, P(VIEW_AUDIT),
	  N_("check the audit trail's hash chain; with --witness, against the witnessed heads in FILE"),
	  cli_audit_verify },
	{ "audit", "list", "", audit_list_options, P(VIEW_AUDIT),
	  N_("list audit entries, newest first (--user is the same as --by)"), cli_audit_list },

	{ "ban", "set", "CONTACT_ID", ban_set_options, P(EDIT_CONSENTS),
	  N_("record a ban (objection) or consent for a purpose, as history"), cli_ban_set },
	{ "ban", "show", "CONTACT_ID", format_options, P(VIEW_REGISTER),
	  N_("show a contact's standing statements and their history"), cli_ban_show },
	{ "ban", "sale-email", "CONTACT_ID", ban_sale_email_options, P(EDIT_CONSENTS),
	  N_("record an e-mail address obtained in a sale with a refusal offered"), cli_ban_sale_email },
	{ "purpose", "add", "", purpose_add_options, P(MANAGE_RECIPIENTS), N_("add a purpose of use"),
	  cli_purpose_add },
	{ "purpose", "list", "", format_options, P(VIEW_REGISTER), N_("list the purposes of use"), cli_purpose_list },
	{ "retention", "list", "", format_options, P(DECIDE_REQUESTS),
	  N_("list the retention rules: what each counts from, its months, whether it is in force"), cli_retention_list },
	{ "retention", "set", "RULE MONTHS", retention_set_options, P(DECIDE_REQUESTS),
	  N_("change a retention rule's months (0 to 1200); --off switches it off, --on back on"), cli_retention_set },
	{ "recipient", "add", "", recipient_add_options, P(MANAGE_RECIPIENTS),
	  N_("add a recipient (outside the EU/EEA only with its safeguard)"), cli_recipient_add },
	{ "recipient", "list", "", format_options, P(RECORD_DISCLOSURE), N_("list the recipients"),
	  cli_recipient_list },
	{ "export", NULL, "", export_options, ANY,   /* exporting needs EXPORT, --list-purposes VIEW_REGISTER */
	  N_("export a purpose's list to a recipient (privacy officer), logged as a disclosure; --list-purposes: what can be exported"),
	  cli_export },
	{ "disclosure", "list", "", disclosure_list_options, P(VIEW_REGISTER),
	  N_("the disclosure log (a contact's own with --contact)"), cli_disclosure_list },
	{ "disclosure", "add", "CONTACT_ID", disclosure_add_options, P(RECORD_DISCLOSURE),
	  N_("record a disclosure made by hand"), cli_disclosure_add },

	{ "request", "add", "", request_add_options, P(HANDLE_REQUESTS),
	  N_("receive a data-subject request (any channel is valid)"), cli_request_add },
	{ "request", "list", "", request_list_options, P(HANDLE_REQUESTS),
	  N_("list open requests (--all: closed too) with their deadlines"), cli_request_list },
	{ "request", "show", "ID", no_options, P(HANDLE_REQUESTS), N_("show a request"), cli_request_show },
	{ "request", "verify", "ID", request_verify_options, P(HANDLE_REQUESTS),
	  N_("record how the requester's identity was verified"), cli_request_verify },
	{ "request", "link", "ID CONTACT_ID", no_options, P(HANDLE_REQUESTS),
	  N_("link a contact record to a verified request"), cli_request_link },
	{ "request", "unlink", "ID CONTACT_ID", no_options, P(HANDLE_REQUESTS),
	  N_("unlink a contact record from a request"), cli_request_unlink },
	{ "request", "charge", "ID", request_charge_options, P(HANDLE_REQUESTS),
	  N_("record that the request is free, or the privacy officer's finding"), cli_request_charge },
	{ "request", "extend", "ID", request_extend_options, P(HANDLE_REQUESTS),
	  N_("extend the deadline by two months, the requester told"), cli_request_extend },
	{ "request", "complete", "ID", request_complete_options, P(HANDLE_REQUESTS), N_("complete a request"),
	  cli_request_complete },
	{ "request", "refuse", "ID", request_refuse_options, P(DECIDE_REQUESTS), N_("refuse a request"),
	  cli_request_refuse },
	{ "request", "objection", "ID", no_options, P(HANDLE_REQUESTS),
	  N_("record an objection request as bans on every purpose"), cli_request_objection },
	{ "request", "notify", "ID", request_notify_options, P(HANDLE_REQUESTS),
	  N_("record that a recipient was told of the rectification or erasure"), cli_request_notify },
	{ "report", NULL, "CONTACT_ID", report_options, P(HANDLE_REQUESTS),
	  N_("write the access report: everything kept about the person"), cli_report_command },
	{ "erase", NULL, "CONTACT_ID", erase_options, P(ERASE),
	  N_("erase a contact, keeping only what a legal hold needs"), cli_erase_command },
	{ "hold", "add", "CONTACT_ID", hold_add_options, P(DECIDE_REQUESTS), N_("add a legal hold"), cli_hold_add },
	{ "hold", "list", "[CONTACT_ID]", format_options, P(VIEW_REGISTER), N_("list legal holds"), cli_hold_list },

	{ "review", "due", "", no_options, P(ERASE), N_("the annual review's queue, as CSV"), cli_review_due },
	{ "review", "erase", "", review_erase_options, P(ERASE),
	  N_("erase everyone due under a retention rule (hold-ended: whose last hold ended)"), cli_review_erase },
	{ "review", "keep", "CONTACT_ID", review_keep_options, P(ERASE),
	  N_("keep a record, with the reason it is still needed (sets its review date)"), cli_review_keep },
	{ "review", "round open", "", no_options, P(ERASE),
	  N_("open this year's review round: decisions are recorded in it"), cli_review_round_open },
	{ "review", "round close", "", no_options, P(ERASE),
	  N_("close the open round and print its signed-off summary"), cli_review_round_close },
	{ "review", "round show", "", format_options, P(ERASE),
	  N_("the review rounds: the newest summary in full, then one line per earlier round"), cli_review_round_show },
	{ "backup", NULL, "[FILE]", backup_options, NONE,
	  N_("write a checked, private copy of the database, encrypted with a key file or a passphrase (in the office "
	     "install: the privacy officer's, FILE optional, always encrypted); --make-key KEY writes a new random key"),
	  cli_backup },
	{ "restore", NULL, "FILE", restore_options, P(MANAGE_USERS),
	  N_("replace the database from a checked backup, keeping the replaced one (PostgreSQL: restore into the empty "
	     "database --to URI)"), cli_restore },
	{ "check", NULL, "[BACKUP]", backup_key_options, NONE,
	  N_("check integrity, references and the audit chain of the database, or of a backup file"), cli_check },
	{ "migrate", NULL, "", migrate_options, P(MANAGE_USERS),
	  N_("copy the register into an empty PostgreSQL database (--to postgresql://...) or a new SQLite file "
	     "(--to FILE.db), the audit chain verified on arrival"), cli_migrate },

	{ "course", "add", "", course_add_options, P(MANAGE_TRAININGS),
	  N_("add a course and what it leads to: a certificate or permit card, valid for some months"), cli_course_add },
	{ "course", "edit", "COURSE", course_edit_options, P(MANAGE_TRAININGS), N_("change a course"), cli_course_edit },
	{ "course", "list", "", format_options, P(MANAGE_TRAININGS), N_("list the courses"), cli_course_list },
	{ "session", "add", "", session_add_options, P(MANAGE_TRAININGS),
	  N_("add a training session, given by you or by an external trainer"), cli_session_add },
	{ "session", "edit", "SESSION", session_edit_options, P(MANAGE_TRAININGS),
	  N_("change a training session (a trainer: their own)"), cli_session_edit },
	{ "session", "list", "", format_options, P(MANAGE_TRAININGS),
	  N_("list the training sessions (a trainer: their own), newest first"), cli_session_list },
	{ "session", "show", "SESSION", format_options, P(MANAGE_TRAININGS),
	  N_("show a session and its participants"), cli_session_show },
	{ "session", "register", "SESSION CONTACT", session_register_options, P(MANAGE_TRAININGS),
	  N_("register a contact to a session, naming who registered them (notice §1.4)"), cli_session_register },
	{ "session", "register-new", "SESSION", session_register_new_options, P(MANAGE_TRAININGS),
	  N_("add a person new to the session as a contact and register them (the session's quick registration)"),
	  cli_session_register_new },
	{ "session", "attend", "SESSION CONTACT present|absent|partly", no_options, P(MANAGE_TRAININGS),
	  N_("mark a participant's attendance"), cli_session_attend },
	{ "session", "all-present", "SESSION", no_options, P(MANAGE_TRAININGS),
	  N_("mark everyone registered and not yet marked present"), cli_session_all_present },
	{ "session", "cancel", "SESSION CONTACT", no_options, P(MANAGE_TRAININGS),
	  N_("cancel a registration (it stays in the history)"), cli_session_cancel },
	{ "session", "certify", "SESSION", no_options, P(MANAGE_TRAININGS),
	  N_("issue the course's certificates or permit cards to those present"), cli_session_certify },
	{ "session", "entry-list", "SESSION", entry_list_options, P(MANAGE_TRAININGS),
	  N_("write the external trainer's list (names and organisations), logged as a disclosure (notice §2.6)"),
	  cli_session_entry_list },
	{ "certificate", "expiring", "", certificate_expiring_options, P(MANAGE_TRAININGS),
	  N_("certificates and permit cards expiring within DAYS (90 by default)"), cli_certificate_expiring },
	{ "event", "add", "", event_add_options, P(MANAGE_EVENTS),
	  N_("add an event at our premises or at a venue"), cli_event_add },
	{ "event", "list", "", format_options, P(MANAGE_EVENTS), N_("list the events, newest first"), cli_event_list },
	{ "event", "show", "EVENT", format_options, P(MANAGE_EVENTS), N_("show an event and its registrations"),
	  cli_event_show },
	{ "event", "register", "EVENT CONTACT", event_register_options, P(MANAGE_EVENTS),
	  N_("register a contact to an event from a sign-up (notice §1.5)"), cli_event_register },
	{ "event", "attend", "EVENT CONTACT present|absent", no_options, P(MANAGE_EVENTS),
	  N_("mark attendance at the door (notice §1.3)"), cli_event_attend },
	{ "event", "cancel", "EVENT CONTACT", no_options, P(MANAGE_EVENTS), N_("cancel an event registration"),
	  cli_event_cancel },
	{ "event", "entry-list", "EVENT", entry_list_options, P(MANAGE_EVENTS),
	  N_("write the venue's entry list (names only), logged as a disclosure (notice §2.7)"), cli_event_entry_list },

	{ "import", "contacts", "FILE", import_options, P(EDIT_CONTACTS),
	  N_("import contacts from CSV: all rows or none"), cli_import_contacts },
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

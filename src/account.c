#include "account.h"
#include "account_internal.h"
#include "database_internal.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "i18n.h"
#include "permission.h"
#include "text.h"
#include "validate.h"

static const struct {
	const char *code;
	const char *label;
} roles[] = {
#define ROLE_ROW(name, code, label) [ROLE_##name] = { code, label },
	ROLES(ROLE_ROW)
#undef ROLE_ROW
};

const char *role_code(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? roles[role].code : "?";
}

const char *role_label(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? _(roles[role].label) : "?";
}

bool role_parse(const char *code, enum role *out)
{
	for (int role = 0; role < ROLE_COUNT; role++) {
		if (strcmp(code, roles[role].code) == 0) {
			*out = (enum role)role;
			return true;
		}
	}
	return false;
}

enum status account_validate_username(const char *username, char *reason, size_t reason_size)
{
	size_t length = strlen(username);
	if (length == 0) {
		snprintf(reason, reason_size, "%s", _("a username is required"));
		return STATUS_ERR_INVALID;
	}
	if (length > ACCOUNT_USERNAME_MAX_CHARS) {
		snprintf(reason, reason_size, _("at most %d characters"), ACCOUNT_USERNAME_MAX_CHARS);
		return STATUS_ERR_INVALID;
	}
	for (const char *p = username; *p; p++) {
		bool allowed = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
			*p == '-' || *p == '_';
		if (!allowed) {
			snprintf(reason, reason_size, "%s", _("use lower-case letters a-z, digits, '.', '-' or '_'"));
			return STATUS_ERR_INVALID;
		}
	}
	return STATUS_OK;
}

enum status account_validate_full_name(const char *full_name, char *reason, size_t reason_size)
{
	if (!text_is_valid_utf8(full_name)) {
		snprintf(reason, reason_size, "%s", _("not valid UTF-8 text"));
		return STATUS_ERR_INVALID;
	}
	size_t characters = text_char_count(full_name);
	if (characters == 0) {
		snprintf(reason, reason_size, "%s", _("a full name is required"));
		return STATUS_ERR_INVALID;
	}
	if (characters > ACCOUNT_FULL_NAME_MAX_CHARS) {
		snprintf(reason, reason_size, _("at most %d characters"), ACCOUNT_FULL_NAME_MAX_CHARS);
		return STATUS_ERR_INVALID;
	}
	return validate_text(full_name, ACCOUNT_FULL_NAME_MAX_CHARS, true, false, reason, reason_size)
		? STATUS_OK : STATUS_ERR_INVALID;
}

enum status account_validate_password(const char *username, const char *password)
{
	if (text_char_count(password) < ACCOUNT_PASSWORD_MIN_CHARS)
		return STATUS_ERR_PASSWORD_SHORT;
	if (strlen(password) > ACCOUNT_PASSWORD_MAX_BYTES)
		return STATUS_ERR_INVALID;
	if (username && strcmp(password, username) == 0)
		return STATUS_ERR_PASSWORD_IS_USERNAME;
	return STATUS_OK;
}

enum status account_validate_commitment(const char *date, char out[11], char *reason, size_t reason_size)
{
	char normalised[16], today[11];
	if (!date || !*date) {
		snprintf(reason, reason_size, "%s",
			 _("the date the confidentiality commitment was signed is required (notice §5.1)"));
		return STATUS_ERR_INVALID;
	}
	if (!validate_date(date, normalised, sizeof normalised, reason, reason_size))
		return STATUS_ERR_INVALID;
	calendar_today(today);
	if (strcmp(normalised, today) > 0) {
		snprintf(reason, reason_size, "%s", _("the commitment cannot be signed after today"));
		return STATUS_ERR_INVALID;
	}
	text_copy(out, 11, normalised);
	return STATUS_OK;
}

/* The commitment's date as the account's rules need it, or STATUS_ERR_INVALID
 * with the reason in db->error (shown by the forms and the command line). */
static enum status commitment_for_account(struct database *db, const char *date, char out[11])
{
	char reason[256];
	enum status status = account_validate_commitment(date, out, reason, sizeof reason);
	if (status != STATUS_OK)
		snprintf(db->error, sizeof db->error, "%s", reason);
	return status;
}

#ifdef REGDESK_TEST_BUILD
static bool hash_cheaply_for_tests = true;     /* the sanitizer build (Makefile) */
#else
static bool hash_cheaply_for_tests;
#endif

void account_hash_cheaply_for_tests(bool cheaply)
{
	hash_cheaply_for_tests = cheaply;
}

/* argon2id at libsodium's interactive limits. */
static enum status hash_password(const char *password, char hash[crypto_pwhash_STRBYTES])
{
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	unsigned long long operations = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (hash_cheaply_for_tests) {
		operations = crypto_pwhash_OPSLIMIT_MIN;
		memory = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (crypto_pwhash_str_alg(hash, password, strlen(password), operations, memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return STATUS_ERR_NO_MEMORY;
	return STATUS_OK;
}

long long account_count(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT count(*) FROM account");
	if (!statement)
		return -1;
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

static void fill_session(struct session *session, struct database *db, long long id,
			 const char *username, const char *full_name, enum role role, bool must_change,
			 bool commitment_missing)
{
	memset(session, 0, sizeof *session);
	session->db = db;
	session->account_id = id;
	text_copy(session->username, sizeof session->username, username);
	text_copy(session->full_name, sizeof session->full_name, full_name);
	session->role = role;
	session->must_change_password = must_change;
	session->commitment_missing = commitment_missing;
}

/* Inserts an account inside the caller's transaction. */
static enum status insert_account(struct database *db, const char *username, const char *full_name,
				  enum role role, const char *password, bool must_change, const char *commitment_signed_on,
				  long long created_by, long long *new_id)
{
	char reason[128], commitment[11];
	enum status status = commitment_for_account(db, commitment_signed_on, commitment);
	if (status != STATUS_OK)
		return status;
	status = account_validate_username(username, reason, sizeof reason);
	if (status == STATUS_OK)
		status = account_validate_full_name(full_name, reason, sizeof reason);
	if (status == STATUS_OK)
		status = account_validate_password(username, password);
	if (status != STATUS_OK)
		return status;
	char hash[crypto_pwhash_STRBYTES], now[32];
	status = hash_password(password, hash);
	if (status != STATUS_OK)
		return status;
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_run(db,
		created_by ? "INSERT INTO account (username, full_name, role, password_hash, must_change_password, created_at, commitment_signed_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			   : "INSERT INTO account (username, full_name, role, password_hash, must_change_password, created_at, commitment_signed_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
		created_by ? "ttttitti" : "ttttitt", username, full_name, role_code(role), hash,
		(long long)must_change, now, commitment, created_by);
	sodium_memzero(hash, sizeof hash);
	if (status == STATUS_OK)
		*new_id = database_last_insert_id(db);
	return status;
}

enum status account_create_first(struct database *db, const char *username, const char *full_name,
				 const char *password, const char *commitment_signed_on, struct session *session)
{
	db->error[0] = '\0';   /* an operation starts here: an older detail explains nothing */
	enum status status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	/* Checked inside the write transaction, so two first runs cannot both win. */
	if (account_count(db) != 0) {
		database_rollback(db);
		return STATUS_ERR_NEEDS_LOGIN;
	}
	long long id = 0;
	status = insert_account(db, username, full_name, ROLE_PRIVACY_OFFICER, password, false, commitment_signed_on, 0,
				&id);
	if (status == STATUS_OK)
		status = audit_append(db, id, "account.create-first", "account", id,
				      "username,full_name,role,password,commitment_signed_on");
	if (status == STATUS_OK)
		status = audit_append(db, id, "login", "account", id, "");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		fill_session(session, db, id, username, full_name, ROLE_PRIVACY_OFFICER, false, false);
	return status;
}

struct stored_account {
	long long id;
	char username[sizeof ((struct account *)0)->username];
	char full_name[sizeof ((struct account *)0)->full_name];
	enum role role;
	char hash[crypto_pwhash_STRBYTES];
	bool active;
	bool must_change;
	long long failed_logins;
	long long locked_until;
	char commitment_signed_on[11];      /* "" when not recorded */
};

static enum status load_account(struct database *db, const char *where_column, const char *text_key,
				long long id_key, struct stored_account *out)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT id, username, full_name, role, password_hash, active, must_change_password, "
		 "failed_logins, locked_until, commitment_signed_on FROM account WHERE %s = ?", where_column);
	struct statement *statement = database_prepare(db, sql);
	if (!statement)
		return STATUS_ERR_DATABASE;
	if (text_key)
		statement_bind_text(statement, 1, text_key);
	else
		statement_bind_int64(statement, 1, id_key);
	int rc = statement_step(statement);
	enum status status = STATUS_ERR_NOT_FOUND;
	if (rc == STORAGE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = statement_column_int64(statement, 0);
		text_copy(out->username, sizeof out->username, statement_column_text(statement, 1));
		text_copy(out->full_name, sizeof out->full_name, statement_column_text(statement, 2));
		if (!role_parse(statement_column_text(statement, 3), &out->role))
			out->role = ROLE_RECEPTION;
		text_copy(out->hash, sizeof out->hash, statement_column_text(statement, 4));
		out->active = statement_column_int(statement, 5) != 0;
		out->must_change = statement_column_int(statement, 6) != 0;
		out->failed_logins = statement_column_int64(statement, 7);
		out->locked_until = statement_column_int64(statement, 8);
		text_copy(out->commitment_signed_on, sizeof out->commitment_signed_on, database_text(statement, 9));
		status = STATUS_OK;
	} else if (rc != STORAGE_DONE) {
		status = database_fail(db, "account");
	}
	database_finalize(statement);
	return status;
}

/* Verifies a password against a stored account, counting failures toward the
 * lockout. The failure is committed even though the caller is refused. */
static enum status load_account(struct database *db, const char *where_column, const char *text_key,
				long long id_key, struct stored_account *out);

static enum status check_password(struct database *db, struct stored_account *account,
				  const char *password, const char *success_action)
{
	enum status status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	/* Re-read under the write lock: failures from parallel sessions all count. */
	status = load_account(db, "id", NULL, account->id, account);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	time_t now = clock_now();
	bool matches = crypto_pwhash_str_verify(account->hash, password, strlen(password)) == 0;
	if (account->locked_until > now) {
		/* The hash was computed all the same, so timing tells nothing. */
		audit_append(db, account->id, "login.refused-locked", "account", account->id, "");
		database_commit(db);
		return STATUS_ERR_LOGIN_FAILED;
	}
	if (matches) {
		status = database_run(db, "UPDATE account SET failed_logins = 0, locked_until = 0 WHERE id = ?", "i",
				 account->id);
		if (status == STATUS_OK)
			status = audit_append(db, account->id, success_action, "account", account->id, "");
		if (status != STATUS_OK) {
			database_rollback(db);
			return status;
		}
		return database_commit(db);
	}
	long long failures = account->failed_logins + 1;
	if (failures >= ACCOUNT_MAX_FAILED_LOGINS) {
		database_run(db, "UPDATE account SET failed_logins = 0, locked_until = ? WHERE id = ?", "ii",
			(long long)now + ACCOUNT_LOCKOUT_SECONDS, account->id);
		audit_append(db, account->id, "login.failed", "account", account->id, "");
		audit_append(db, account->id, "account.locked", "account", account->id, "locked_until");
	} else {
		database_run(db, "UPDATE account SET failed_logins = ? WHERE id = ?", "ii", failures, account->id);
		audit_append(db, account->id, "login.failed", "account", account->id, "");
	}
	status = database_commit(db);
	return status == STATUS_OK ? STATUS_ERR_LOGIN_FAILED : status;
}

enum status account_login(struct database *db, const char *username, const char *password,
			  struct session *session)
{
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	struct stored_account account;
	enum status status = load_account(db, "username", username, 0, &account);
	if (status == STATUS_ERR_DATABASE)
		return status;
	if (status == STATUS_ERR_NOT_FOUND || !account.active) {
		/* Spend the same time as a real check, so timing tells nothing either:
		 * one verification against a fixed hash made with hash_password's
		 * parameters (argon2id, interactive limits). Made once at start it
		 * would double the first failed login of each process, and a batch
		 * command is one login in a process. */
		static const char dummy_hash[crypto_pwhash_STRBYTES] =
			"$argon2id$v=19$m=65536,t=2,p=1$0YCuGarUHw3GIxQ5D1Jbhw$okpRg1O+9XG6i8Lz9FH319cIwm1Nx/Yc5igj10qrsio";
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			(void)0; /* "regdesk-timing-equaliser": never a real login */
		audit_append(db, status == STATUS_OK ? account.id : 0, "login.failed", "account",
			     status == STATUS_OK ? account.id : 0, "");
		return STATUS_ERR_LOGIN_FAILED;
	}
	status = check_password(db, &account, password, "login");
	if (status != STATUS_OK)
		return status;
	/* No confidentiality commitment recorded (notice §5.1): no login. A
	 * privacy officer gets a session that may do nothing but record their
	 * own date, so that the register cannot be locked out for good. */
	bool commitment_missing = !*account.commitment_signed_on;
	if (commitment_missing && account.role != ROLE_PRIVACY_OFFICER) {
		audit_append(db, account.id, "login.refused-no-commitment", "account", account.id, "");
		return STATUS_ERR_NO_COMMITMENT;
	}
	fill_session(session, db, account.id, account.username, account.full_name, account.role,
		     account.must_change, commitment_missing);
	return STATUS_OK;
}

enum status account_unlock(struct session *session, const char *password)
{
	struct stored_account account;
	enum status status = load_account(session->db, "id", NULL, session->account_id, &account);
	if (status != STATUS_OK)
		return status;
	if (!account.active)
		return STATUS_ERR_LOGIN_FAILED;
	return check_password(session->db, &account, password, "session.unlock");
}

void account_note_lock(struct session *session, bool idle)
{
	audit_append(session->db, session->account_id, idle ? "session.lock-idle" : "session.lock",
		     "account", session->account_id, "");
}

void account_logout(struct session *session)
{
	audit_append(session->db, session->account_id, "logout", "account", session->account_id, "");
}

enum status account_change_own_password(struct session *session, const char *old_password,
					const char *new_password)
{
	struct stored_account account;
	enum status status = load_account(session->db, "id", NULL, session->account_id, &account);
	if (status != STATUS_OK)
		return status;
	status = account_validate_password(account.username, new_password);
	if (status != STATUS_OK)
		return status;
	if (!session->must_change_password &&
	    crypto_pwhash_str_verify(account.hash, old_password ? old_password : "",
				     strlen(old_password ? old_password : "")) != 0)
		return STATUS_ERR_PASSWORD_WRONG;
	char hash[crypto_pwhash_STRBYTES];
	status = hash_password(new_password, hash);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "UPDATE account SET password_hash = ?, must_change_password = 0 WHERE id = ?",
				 "ti", hash, session->account_id);
	sodium_memzero(hash, sizeof hash);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "account.password-change", "account",
				      session->account_id, "password");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		session->must_change_password = false;
	return status;
}

enum status account_add(struct session *session, const char *username, const char *full_name,
			enum role role, const char *temporary_password, const char *commitment_signed_on,
			long long *new_id)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	long long id = 0;
	status = insert_account(db, username, full_name, role, temporary_password, true, commitment_signed_on,
				session->account_id, &id);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "account.add", "account", id,
				      "username,full_name,role,password,commitment_signed_on");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK && new_id)
		*new_id = id;
	return status;
}

/* Counts active privacy officers other than account_id. */
static long long other_active_officers(struct database *db, long long account_id)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM account WHERE role = 'privacy-officer' AND active = 1 AND id <> ?");
	if (!statement)
		return -1;
	statement_bind_int64(statement, 1, account_id);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* Shared shape of the officer's changes to another account: permission,
 * transaction, existence, the change, its audit entry. */
static enum status change_account(struct session *session, long long account_id, bool keeps_officer,
				  const char *sql, const char *types, const char *text_value,
				  long long number_value, const char *action, const char *fields)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct stored_account account;
	status = load_account(db, "id", NULL, account_id, &account);
	if (status == STATUS_OK && account.role == ROLE_PRIVACY_OFFICER && account.active && !keeps_officer &&
	    other_active_officers(db, account_id) == 0)
		status = STATUS_ERR_LAST_OFFICER;
	if (status == STATUS_OK) {
		if (types[0] == 't')
			status = database_run(db, sql, types, text_value, account_id);
		else if (types[0] == 'i')
			status = database_run(db, sql, types, number_value, account_id);
		else
			status = database_run(db, sql, types, account_id);
		/* A change that changed nothing must not be audited as done. */
		if (status == STATUS_OK && database_changes(db) != 1)
			status = STATUS_ERR_NOT_FOUND;
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, action, "account", account_id, fields);
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}

enum status account_set_role(struct session *session, long long account_id, enum role role)
{
	return change_account(session, account_id, role == ROLE_PRIVACY_OFFICER,
			      "UPDATE account SET role = ? WHERE id = ?", "ti", role_code(role), 0,
			      "account.role", "role");
}

enum status account_reset_password(struct session *session, long long account_id,
				   const char *temporary_password)
{
	struct stored_account account;
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	status = load_account(session->db, "id", NULL, account_id, &account);
	if (status != STATUS_OK)
		return status;
	status = account_validate_password(account.username, temporary_password);
	if (status != STATUS_OK)
		return status;
	char hash[crypto_pwhash_STRBYTES];
	status = hash_password(temporary_password, hash);
	if (status != STATUS_OK)
		return status;
	status = change_account(session, account_id, true,
				"UPDATE account SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = 0 WHERE id = ?",
				"ti", hash, 0, "account.password-reset", "password,must_change_password");
	sodium_memzero(hash, sizeof hash);
	return status;
}

enum status account_set_commitment(struct session *session, long long account_id, const char *signed_on)
{
	char date[11];
	session->db->error[0] = '\0';
	enum status status = commitment_for_account(session->db, signed_on, date);
	if (status != STATUS_OK)
		return status;
	/* A privacy officer asked at login records their own date; everything
	 * else is the privacy officer's work on the users screen. */
	bool own_at_login = session->commitment_missing && account_id == session->account_id &&
		session->role == ROLE_PRIVACY_OFFICER;
	if (!own_at_login)
		return change_account(session, account_id, true, "UPDATE account SET commitment_signed_on = ? WHERE id = ?",
				      "ti", date, 0, "account.commitment", "commitment_signed_on");
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = database_run(db, "UPDATE account SET commitment_signed_on = ? WHERE id = ?", "ti", date,
				      account_id);
	if (status == STATUS_OK)
		status = audit_append(db, account_id, "account.commitment", "account", account_id, "commitment_signed_on");
	if (status != STATUS_OK) {
		database_rollback(db);
		return status;
	}
	status = database_commit(db);
	if (status == STATUS_OK)
		session->commitment_missing = false;
	return status;
}

enum status account_deactivate(struct session *session, long long account_id)
{
	return change_account(session, account_id, false, "UPDATE account SET active = ? WHERE id = ?",
			      "ii", NULL, 0, "account.deactivate", "active");
}

static void fill_public(const struct stored_account *stored, struct account *out)
{
	memset(out, 0, sizeof *out);
	out->id = stored->id;
	text_copy(out->username, sizeof out->username, stored->username);
	text_copy(out->full_name, sizeof out->full_name, stored->full_name);
	out->role = stored->role;
	out->active = stored->active;
	out->must_change_password = stored->must_change;
	out->locked = stored->locked_until > clock_now();
	text_copy(out->commitment_signed_on, sizeof out->commitment_signed_on, stored->commitment_signed_on);
}

enum status account_find(struct session *session, const char *username, struct account *out)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	struct stored_account stored;
	status = load_account(session->db, "username", username, 0, &stored);
	if (status == STATUS_OK)
		fill_public(&stored, out);
	return status;
}

enum status account_list(struct session *session,
			 void (*visit)(const struct account *account, void *context), void *context)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db, "SELECT username FROM account ORDER BY username");
	if (!statement)
		return STATUS_ERR_DATABASE;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		struct stored_account stored;
		if (load_account(session->db, "username", statement_column_text(statement, 0), 0,
				 &stored) == STATUS_OK) {
			struct account account;
			fill_public(&stored, &account);
			sodium_memzero(stored.hash, sizeof stored.hash);
			visit(&account, context);
		}
	}
	database_finalize(statement);
	return rc == STORAGE_DONE ? STATUS_OK : database_fail(session->db, "account list");
}

/* ---- Who an employee is, for the access report ---- */

enum status account_describe(struct database *db, const char *username, char *full_name, size_t full_name_size,
			     enum role *role)
{
	struct statement *statement = database_prepare(db, "SELECT full_name, role FROM account WHERE username = ?");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_text(statement, 1, username);
	int rc = statement_step(statement);
	enum status status = STATUS_OK;
	if (rc == STORAGE_ROW) {
		text_copy(full_name, full_name_size, database_text(statement, 0));
		if (!role_parse(database_text(statement, 1), role))
			*role = ROLE_RECEPTION;
	} else {
		status = rc == STORAGE_DONE ? STATUS_ERR_NOT_FOUND : database_fail(db, "account");
	}
	database_finalize(statement);
	return status;
}

/* Personal accounts (notice §5.2): password rules, argon2id, first run,
 * login, lockout, deactivation, forced password change, the last officer,
 * username and full-name validation. */
#include "unit.h"

#include <pthread.h>

#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "permission.h"
#include "settings.h"

/* A fixed "now" for the lockout tests, well after any real timestamps. */
#define BASE_TIME ((time_t)1780000000)

static int setup(void **state)
{
	clock_override(0);
	return unit_setup_db(state);
}

static int teardown(void **state)
{
	clock_override(0); /* also when a test failed half-way with the clock moved */
	return unit_teardown_db(state);
}

static struct database *db_of(void **state)
{
	return ((struct unit_db *)*state)->db;
}

/* Audit entries with this action about this account. */
static long long count_action(struct database *db, const char *action, long long record_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_entry WHERE action = '%s' AND record_id = %lld",
		 action, record_id);
	return unit_query_int(db, sql);
}

static long long account_column(struct database *db, const char *column, long long id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM account WHERE id = %lld", column, id);
	return unit_query_int(db, sql);
}

/* Password rules: at least 10 characters, counted as characters, not bytes;
 * never the username. */
static void test_password_rules(void **state)
{
	(void)state;
	/* 10 × "ä" is 20 bytes: 10 characters, allowed. */
	assert_int_equal(account_validate_password("anna", "ääääääääää"), STATUS_OK);
	/* 9 × "ä" is 18 bytes (more than 10) but only 9 characters: refused. */
	assert_int_equal(account_validate_password("anna", "äääääääää"), STATUS_ERR_PASSWORD_SHORT);
	/* The ASCII boundary. */
	assert_int_equal(account_validate_password("anna", "123456789"), STATUS_ERR_PASSWORD_SHORT);
	assert_int_equal(account_validate_password("anna", "1234567890"), STATUS_OK);
	assert_int_equal(account_validate_password("anna", ""), STATUS_ERR_PASSWORD_SHORT);
	/* Equal to the username: refused even though it is long enough. */
	assert_int_equal(account_validate_password("kalle.virtanen", "kalle.virtanen"),
			 STATUS_ERR_PASSWORD_IS_USERNAME);
	assert_int_equal(account_validate_password("kalle.virtanen", "kalle.virtanen2"), STATUS_OK);
	/* Upper bound in bytes (ACCOUNT_PASSWORD_MAX_BYTES). */
	char longest[ACCOUNT_PASSWORD_MAX_BYTES + 2];
	memset(longest, 'x', ACCOUNT_PASSWORD_MAX_BYTES);
	longest[ACCOUNT_PASSWORD_MAX_BYTES] = '\0';
	assert_int_equal(account_validate_password("anna", longest), STATUS_OK);
	longest[ACCOUNT_PASSWORD_MAX_BYTES] = 'x';
	longest[ACCOUNT_PASSWORD_MAX_BYTES + 1] = '\0';
	assert_int_equal(account_validate_password("anna", longest), STATUS_ERR_INVALID);
}

/* The core enforces the password rules itself, not only the forms: nothing
 * is created with a bad password. */
static void test_password_rules_enforced_on_create(void **state)
{
	struct database *db = db_of(state);
	struct session session;
	assert_int_equal(account_create_first(db, "officer", "Olli Upseeri", "officer", UNIT_COMMITMENT, &session),
			 STATUS_ERR_PASSWORD_SHORT);
	assert_int_equal(account_create_first(db, "olli.upseeri", "Olli Upseeri", "olli.upseeri", UNIT_COMMITMENT, &session),
			 STATUS_ERR_PASSWORD_IS_USERNAME);
	assert_int_equal(account_create_first(db, "officer", "Olli Upseeri", "äääääääää", UNIT_COMMITMENT, &session),
			 STATUS_ERR_PASSWORD_SHORT);
	assert_int_equal(account_count(db), 0);

	unit_first_officer(db, &session);
	long long id = 0;
	assert_int_equal(account_add(&session, "anna", "Anna Ahola", ROLE_RECEPTION, "short", UNIT_COMMITMENT, &id),
			 STATUS_ERR_PASSWORD_SHORT);
	assert_int_equal(account_add(&session, "anna.ahola.1", "Anna Ahola", ROLE_RECEPTION, "anna.ahola.1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_PASSWORD_IS_USERNAME);
	assert_int_equal(account_count(db), 1);
}

/* First run: only on an empty database; the password is stored as argon2id. */
static void test_create_first_and_hash(void **state)
{
	struct database *db = db_of(state);
	struct session session;
	memset(&session, 0, sizeof session);
	account_hash_cheaply_for_tests(false);  /* the program's own parameters */
	unit_first_officer(db, &session);
	assert_ptr_equal(session.db, db);
	assert_true(session.account_id > 0);
	assert_string_equal(session.username, UNIT_OFFICER_USERNAME);
	assert_string_equal(session.full_name, UNIT_OFFICER_FULL_NAME);
	assert_int_equal(session.role, ROLE_PRIVACY_OFFICER);
	assert_false(session.must_change_password);
	assert_int_equal(account_count(db), 1);

	char hash[256];
	unit_query_text(db, "SELECT password_hash FROM account", hash, sizeof hash);
	/* argon2id at libsodium's interactive limits (64 MB, 2 passes). */
	assert_int_equal(strncmp(hash, "$argon2id$v=19$m=65536,t=2,p=1$", strlen("$argon2id$v=19$m=65536,t=2,p=1$")), 0);
	assert_null(strstr(hash, UNIT_OFFICER_PASSWORD));

	/* A second first run is refused: accounts exist, log in instead. */
	struct session second;
	assert_int_equal(account_create_first(db, "intruder", "Ilkka Isäntä", "intruder-password", UNIT_COMMITMENT, &second),
			 STATUS_ERR_NEEDS_LOGIN);
	assert_int_equal(account_count(db), 1);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM account WHERE username = 'intruder'"), 0);
	assert_int_equal(count_action(db, "account.create-first", session.account_id), 1);
}

/* Login: success fills the session; a wrong password and an unknown name get
 * the very same status, so nobody learns which names exist. */
static void test_login(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	unit_first_officer(db, &officer);

	memset(&session, 0, sizeof session);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session), STATUS_OK);
	assert_ptr_equal(session.db, db);
	assert_int_equal(session.account_id, officer.account_id);
	assert_string_equal(session.username, UNIT_OFFICER_USERNAME);
	assert_string_equal(session.full_name, UNIT_OFFICER_FULL_NAME);
	assert_int_equal(session.role, ROLE_PRIVACY_OFFICER);
	assert_false(session.must_change_password);

	enum status wrong = account_login(db, UNIT_OFFICER_USERNAME, "not-the-password", &session);
	assert_int_equal(wrong, STATUS_ERR_LOGIN_FAILED);
	enum status unknown = account_login(db, "nobody", UNIT_OFFICER_PASSWORD, &session);
	assert_int_equal(unknown, STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(unknown, wrong);
	/* Both failures are in the audit trail (notice §5.2). */
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'login.failed'"), 2);
}

/* Notice §5.1: every employee signed a non-disclosure commitment. An account
 * is made with its date (required, a date, not after today); the date is
 * kept and listed. Before this rule accounts had no date at all. */
static void test_commitment_required_when_account_is_made_notice_5_1(void **state)
{
	struct database *db = db_of(state);
	struct session officer;
	char today[11], tomorrow[11], date[11], reason[256];
	calendar_today(today);
	calendar_add_days(today, 1, tomorrow);
	assert_int_equal(account_validate_commitment("", date, reason, sizeof reason), STATUS_ERR_INVALID);
	assert_int_equal(account_validate_commitment("2020-02-30", date, reason, sizeof reason), STATUS_ERR_INVALID);
	assert_int_equal(account_validate_commitment(tomorrow, date, reason, sizeof reason), STATUS_ERR_INVALID);
	assert_int_equal(account_validate_commitment(today, date, reason, sizeof reason), STATUS_OK);
	assert_int_equal(account_validate_commitment("5.1.2020", date, reason, sizeof reason), STATUS_OK);
	assert_string_equal(date, "2020-01-05");

	struct session session;
	assert_int_equal(account_create_first(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_FULL_NAME, UNIT_OFFICER_PASSWORD,
					      "", &session), STATUS_ERR_INVALID);
	assert_int_equal(account_create_first(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_FULL_NAME, UNIT_OFFICER_PASSWORD,
					      tomorrow, &session), STATUS_ERR_INVALID);
	assert_int_equal(account_count(db), 0);
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "anna", "Anna Ahola", ROLE_RECEPTION, "anna-temporary-1", NULL, &id),
			 STATUS_ERR_INVALID);
	assert_true(strstr(db->error, "commitment") != NULL);
	assert_int_equal(account_add(&officer, "anna", "Anna Ahola", ROLE_RECEPTION, "anna-temporary-1", tomorrow, &id),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_add(&officer, "anna", "Anna Ahola", ROLE_RECEPTION, "anna-temporary-1", "3.2.2025", &id),
			 STATUS_OK);
	struct account account;
	assert_int_equal(account_find(&officer, "anna", &account), STATUS_OK);
	assert_string_equal(account.commitment_signed_on, "2025-02-03");
}

/* Notice §5.1: an account without the date cannot log in; the privacy
 * officer records it (audited). An officer without one logs in to a session
 * that may do nothing but record their own date, so the register is never
 * locked out for good. */
static void test_no_commitment_no_login_notice_5_1(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "rita", "Rita Vastaanotto", ROLE_RECEPTION, "rita-temporary-1",
				     UNIT_COMMITMENT, &id), STATUS_OK);
	/* As after the migration: accounts made before the rule have no date. */
	unit_exec(db, "UPDATE account SET commitment_signed_on = NULL");

	assert_int_equal(account_login(db, "rita", "rita-temporary-1", &session), STATUS_ERR_NO_COMMITMENT);
	assert_int_equal(unit_query_int(db,
					"SELECT count(*) FROM audit_entry WHERE action = 'login.refused-no-commitment'"), 1);

	memset(&session, 0, sizeof session);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session), STATUS_OK);
	assert_true(session.commitment_missing);
	assert_int_equal(permission_require(&session, PERMISSION_VIEW_REGISTER), STATUS_ERR_FORBIDDEN);
	assert_int_equal(account_set_commitment(&session, id, "2020-01-02"), STATUS_ERR_FORBIDDEN);
	char tomorrow[11], today[11];
	calendar_today(today);
	calendar_add_days(today, 1, tomorrow);
	assert_int_equal(account_set_commitment(&session, session.account_id, tomorrow), STATUS_ERR_INVALID);
	assert_true(session.commitment_missing);
	assert_int_equal(account_set_commitment(&session, session.account_id, "2019-12-30"), STATUS_OK);
	assert_false(session.commitment_missing);
	assert_int_equal(permission_require(&session, PERMISSION_VIEW_REGISTER), STATUS_OK);

	/* Now the officer records Rita's, and she can log in. */
	assert_int_equal(account_set_commitment(&session, id, "2020-01-02"), STATUS_OK);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'account.commitment'"),
			 2);
	assert_int_equal(account_login(db, "rita", "rita-temporary-1", &session), STATUS_OK);
	assert_false(session.commitment_missing);
	/* A reception user cannot record anyone's date. */
	assert_int_equal(account_set_commitment(&session, id, "2020-01-03"), STATUS_ERR_FORBIDDEN);
}

/* Five wrong passwords lock the account for 15 minutes; the correct password
 * fails meanwhile; the lock is audited. */
static void test_lockout(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	clock_override(BASE_TIME);
	unit_first_officer(db, &officer);
	long long id = officer.account_id;

	/* Four failures do not lock, and a success resets the count. */
	for (int i = 0; i < ACCOUNT_MAX_FAILED_LOGINS - 1; i++)
		assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, "wrong-password", &session),
				 STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session), STATUS_OK);
	assert_int_equal(count_action(db, "account.locked", id), 0);

	for (int i = 0; i < ACCOUNT_MAX_FAILED_LOGINS - 1; i++)
		assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, "wrong-password", &session),
				 STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(count_action(db, "account.locked", id), 0);
	/* The fifth consecutive failure locks. */
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, "wrong-password", &session),
			 STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(count_action(db, "account.locked", id), 1);

	/* Locked: even the correct password fails, with the same status. */
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session),
			 STATUS_ERR_LOGIN_FAILED);
	clock_override(BASE_TIME + ACCOUNT_LOCKOUT_SECONDS - 1);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session),
			 STATUS_ERR_LOGIN_FAILED);

	/* 15 minutes later the correct password works again. */
	clock_override(BASE_TIME + 15 * 60 + 1);
	memset(&session, 0, sizeof session);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session), STATUS_OK);
	assert_int_equal(session.account_id, id);
	clock_override(0);
}

/* Unlocking a locked screen with a wrong password counts toward the same
 * lockout as logins do (account.h). */
static void test_unlock_failures_lock(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	clock_override(BASE_TIME);
	unit_first_officer(db, &officer);
	for (int i = 0; i < ACCOUNT_MAX_FAILED_LOGINS; i++)
		assert_int_equal(account_unlock(&officer, "wrong-password"), STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(count_action(db, "account.locked", officer.account_id), 1);
	assert_int_equal(account_unlock(&officer, UNIT_OFFICER_PASSWORD), STATUS_ERR_LOGIN_FAILED);
	assert_int_equal(account_login(db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session),
			 STATUS_ERR_LOGIN_FAILED);
	clock_override(BASE_TIME + ACCOUNT_LOCKOUT_SECONDS + 1);
	assert_int_equal(account_unlock(&officer, UNIT_OFFICER_PASSWORD), STATUS_OK);
	clock_override(0);
}

struct attempt {
	const char *path;
	pthread_barrier_t *barrier;
	enum status status;
};

static void *attempt_login(void *context)
{
	struct attempt *attempt = context;
	struct database *db = NULL;
	char error[512];
	enum status status = database_open(&db, attempt->path, error, sizeof error);
	pthread_barrier_wait(attempt->barrier);
	if (status == STATUS_OK) {
		struct session session;
		status = account_login(db, UNIT_OFFICER_USERNAME, "wrong-password", &session);
	}
	attempt->status = status;
	database_close(db);
	return NULL;
}

/* Five wrong passwords tried at the same moment from five connections (five
 * regdesk processes on the same register) lock the account just as five in
 * a row do: no failure may be lost. */
static void test_lockout_counts_concurrent_failures(void **state)
{
	struct unit_db *u = *state;
	struct session officer, session;
	clock_override(BASE_TIME);
	unit_first_officer(u->db, &officer);

	enum { N = ACCOUNT_MAX_FAILED_LOGINS };
	pthread_barrier_t barrier;
	assert_int_equal(pthread_barrier_init(&barrier, NULL, N), 0);
	pthread_t threads[N];
	struct attempt attempts[N];
	for (int i = 0; i < N; i++) {
		attempts[i] = (struct attempt){ u->path, &barrier, STATUS_OK };
		assert_int_equal(pthread_create(&threads[i], NULL, attempt_login, &attempts[i]), 0);
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	pthread_barrier_destroy(&barrier);
	for (int i = 0; i < N; i++)
		assert_int_equal(attempts[i].status, STATUS_ERR_LOGIN_FAILED);

	assert_int_equal(unit_query_int(u->db, "SELECT count(*) FROM audit_entry WHERE action = 'login.failed'"), N);
	assert_int_equal(count_action(u->db, "account.locked", officer.account_id), 1);
	assert_int_equal(account_login(u->db, UNIT_OFFICER_USERNAME, UNIT_OFFICER_PASSWORD, &session),
			 STATUS_ERR_LOGIN_FAILED);
	clock_override(0);
}

/* A deactivated account cannot log in, and is told exactly what a wrong
 * password is told. */
static void test_deactivated_cannot_login(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "rita", "Rita Vastaanotto", ROLE_RECEPTION, "rita-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_OK);
	assert_int_equal(account_login(db, "rita", "rita-temporary-1", &session), STATUS_OK);
	assert_int_equal(session.account_id, id);

	assert_int_equal(account_deactivate(&officer, id), STATUS_OK);
	assert_int_equal(account_column(db, "active", id), 0);
	assert_int_equal(count_action(db, "account.deactivate", id), 1);
	enum status deactivated = account_login(db, "rita", "rita-temporary-1", &session);
	assert_int_equal(deactivated, STATUS_ERR_LOGIN_FAILED);
	/* Never deleted: the audit trail refers to it. */
	assert_int_equal(account_count(db), 2);
	/* The officer who deactivated rita is untouched. */
	assert_int_equal(account_column(db, "active", officer.account_id), 1);
}

/* A reset by an officer forces a change at the next login; the user's own
 * change clears it (notice §5.2: personal accounts, no shared passwords). */
static void test_reset_forces_change(void **state)
{
	struct database *db = db_of(state);
	struct session officer, session;
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "rita", "Rita Vastaanotto", ROLE_RECEPTION, "rita-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_OK);
	assert_int_equal(account_column(db, "must_change_password", id), 1);

	/* Added accounts start with a temporary password: change it first. */
	assert_int_equal(account_login(db, "rita", "rita-temporary-1", &session), STATUS_OK);
	assert_true(session.must_change_password);
	assert_int_equal(account_change_own_password(&session, NULL, "rita-own-password"), STATUS_OK);
	assert_false(session.must_change_password);
	assert_int_equal(account_column(db, "must_change_password", id), 0);
	/* Without a forced change, the old password is required. */
	assert_int_equal(account_change_own_password(&session, "not-my-password", "rita-other-password"),
			 STATUS_ERR_PASSWORD_WRONG);

	/* The officer resets it: the flag is set again. */
	assert_int_equal(account_reset_password(&officer, id, "rita-temporary-2"), STATUS_OK);
	assert_int_equal(account_column(db, "must_change_password", id), 1);
	memset(&session, 0, sizeof session);
	assert_int_equal(account_login(db, "rita", "rita-temporary-2", &session), STATUS_OK);
	assert_true(session.must_change_password);
	assert_int_equal(account_change_own_password(&session, NULL, "rita-new-password"), STATUS_OK);
	assert_false(session.must_change_password);
	assert_int_equal(account_column(db, "must_change_password", id), 0);

	memset(&session, 0, sizeof session);
	assert_int_equal(account_login(db, "rita", "rita-new-password", &session), STATUS_OK);
	assert_false(session.must_change_password);
}

/* The last active privacy officer can be neither deactivated nor demoted. */
static void test_last_officer(void **state)
{
	struct database *db = db_of(state);
	struct session officer;
	unit_first_officer(db, &officer);
	long long self = officer.account_id;

	assert_int_equal(account_deactivate(&officer, self), STATUS_ERR_LAST_OFFICER);
	for (int role = 0; role < ROLE_COUNT; role++) {
		if (role == ROLE_PRIVACY_OFFICER)
			continue;
		assert_int_equal(account_set_role(&officer, self, (enum role)role), STATUS_ERR_LAST_OFFICER);
	}
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM account WHERE role = 'privacy-officer' AND active = 1"), 1);
	/* Keeping the role is not a demotion. */
	assert_int_equal(account_set_role(&officer, self, ROLE_PRIVACY_OFFICER), STATUS_OK);

	/* With a second officer, one of them may be demoted ... */
	long long second = 0;
	assert_int_equal(account_add(&officer, "pia", "Pia Tietosuoja", ROLE_PRIVACY_OFFICER, "pia-temporary-1", UNIT_COMMITMENT, &second),
			 STATUS_OK);
	assert_int_equal(account_set_role(&officer, second, ROLE_TRAINER), STATUS_OK);
	char role[32];
	unit_query_text(db, "SELECT role FROM account WHERE username = 'pia'", role, sizeof role);
	assert_string_equal(role, "trainer");
	/* ... after which the remaining one is the last again. */
	assert_int_equal(account_set_role(&officer, self, ROLE_RECEPTION), STATUS_ERR_LAST_OFFICER);
	assert_int_equal(account_deactivate(&officer, self), STATUS_ERR_LAST_OFFICER);
	unit_query_text(db, "SELECT role FROM account WHERE username = 'officer'", role, sizeof role);
	assert_string_equal(role, "privacy-officer");
	assert_int_equal(account_column(db, "active", self), 1);

	/* Two officers again: now the first may step down. */
	assert_int_equal(account_set_role(&officer, second, ROLE_PRIVACY_OFFICER), STATUS_OK);
	assert_int_equal(account_set_role(&officer, self, ROLE_RECEPTION), STATUS_OK);
	unit_query_text(db, "SELECT role FROM account WHERE username = 'officer'", role, sizeof role);
	assert_string_equal(role, "reception");
}

static void test_usernames(void **state)
{
	struct database *db = db_of(state);
	char reason[256];
	assert_int_equal(account_validate_username("anna", reason, sizeof reason), STATUS_OK);
	assert_int_equal(account_validate_username("anna.k-1_x", reason, sizeof reason), STATUS_OK);
	const char *refused[] = { "Anna", "ANNA", "anna k", " anna", "anna ", "", "äiti", "anna@x", "anna/x",
				  "anna\tk", "anna\x1b" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		reason[0] = '\0';
		if (account_validate_username(refused[i], reason, sizeof reason) != STATUS_ERR_INVALID)
			fail_msg("username \"%s\" was accepted", refused[i]);
		assert_true(reason[0] != '\0');
	}
	char name[ACCOUNT_USERNAME_MAX_CHARS + 2];
	memset(name, 'a', ACCOUNT_USERNAME_MAX_CHARS);
	name[ACCOUNT_USERNAME_MAX_CHARS] = '\0';
	assert_int_equal(account_validate_username(name, reason, sizeof reason), STATUS_OK);
	name[ACCOUNT_USERNAME_MAX_CHARS] = 'a';
	name[ACCOUNT_USERNAME_MAX_CHARS + 1] = '\0';
	assert_int_equal(account_validate_username(name, reason, sizeof reason), STATUS_ERR_INVALID);

	/* Enforced by the core too, and a taken name is refused. */
	struct session officer;
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "Anna", "Anna Ahola", ROLE_RECEPTION, "anna-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_add(&officer, name, "Anna Ahola", ROLE_RECEPTION, "anna-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_add(&officer, UNIT_OFFICER_USERNAME, "Toinen Upseeri", ROLE_RECEPTION,
				     "anna-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_EXISTS);
	assert_int_equal(account_count(db), 1);
}

static void test_full_names(void **state)
{
	struct database *db = db_of(state);
	char reason[256];
	assert_int_equal(account_validate_full_name("Äijä Öhman-Ålander", reason, sizeof reason), STATUS_OK);
	assert_int_equal(account_validate_full_name("Jääskeläinen, Päivi", reason, sizeof reason), STATUS_OK);
	assert_int_equal(account_validate_full_name("Zoë O'Brien", reason, sizeof reason), STATUS_OK);
	const char *refused[] = { "", "Olli\tUpseeri", "Olli\nUpseeri", "Olli\rUpseeri", "Olli\x1b[31mUpseeri",
				  "Olli\x7fUpseeri", "Olli\x01", "Olli\xff", "Olli\xc3" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		reason[0] = '\0';
		if (account_validate_full_name(refused[i], reason, sizeof reason) != STATUS_ERR_INVALID)
			fail_msg("full name #%zu was accepted", i);
		assert_true(reason[0] != '\0');
	}
	/* 100 characters (200 bytes) are fine; 101 are too many. */
	char name[2 * (ACCOUNT_FULL_NAME_MAX_CHARS + 1) + 1] = "";
	for (int i = 0; i < ACCOUNT_FULL_NAME_MAX_CHARS; i++)
		strcat(name, "ä");
	assert_int_equal(account_validate_full_name(name, reason, sizeof reason), STATUS_OK);
	strcat(name, "ä");
	assert_int_equal(account_validate_full_name(name, reason, sizeof reason), STATUS_ERR_INVALID);

	/* Enforced by the core too (refused before any hashing). */
	struct session officer;
	unit_first_officer(db, &officer);
	long long id = 0;
	assert_int_equal(account_add(&officer, "anna", "Anna\x1b]0;pwned\x07", ROLE_RECEPTION, "anna-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_add(&officer, "anna", name, ROLE_RECEPTION, "anna-temporary-1", UNIT_COMMITMENT, &id),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_count(db), 1);
}

/* C1 control characters (U+0080..U+009F, e.g. U+009B, the 8-bit CSI) are
 * control characters as much as ESC is. */
static void test_full_name_refuses_c1_controls(void **state)
{
	(void)state;
	char reason[256];
	assert_int_equal(account_validate_full_name("Olli\xc2\x9b" "31mUpseeri", reason, sizeof reason),
			 STATUS_ERR_INVALID);
	assert_int_equal(account_validate_full_name("Olli\xc2\x85Upseeri", reason, sizeof reason),
			 STATUS_ERR_INVALID);
	/* U+00A0 (no-break space) is not a control character. */
	assert_int_equal(account_validate_full_name("Olli\xc2\xa0Upseeri", reason, sizeof reason), STATUS_OK);
}

/* The idle lock protects a screen that faces visitors: its setting is a
 * number of minutes (a fraction, with '.' or ','), changed only by the
 * privacy officer and audited. */
static void test_idle_lock_setting(void **state)
{
	struct database *db = db_of(state);
	struct session officer, reception;
	unit_first_officer(db, &officer);
	unit_make_session(&officer, ROLE_RECEPTION, "riikka", &reception);
	char reason[160];
	const char *refused[] = { "", "ten", "-1", "481", "480.5", "1e3", "10 min", "0x10" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (settings_validate(SETTING_LOCK_IDLE_MINUTES, refused[i], reason, sizeof reason))
			fail_msg("idle minutes '%s' accepted", refused[i]);
	assert_int_equal(settings_lock_idle_seconds(db), 600);   /* the default: 10 minutes */
	assert_int_equal(settings_change(&officer, SETTING_LOCK_IDLE_MINUTES, "0,5"), STATUS_OK);
	assert_int_equal(settings_lock_idle_seconds(db), 30);
	assert_int_equal(settings_change(&officer, SETTING_LOCK_IDLE_MINUTES, "0.1"), STATUS_OK);
	assert_int_equal(settings_lock_idle_seconds(db), 6);
	assert_int_equal(settings_change(&officer, SETTING_LOCK_IDLE_MINUTES, "ten"), STATUS_ERR_INVALID);
	assert_int_equal(settings_lock_idle_seconds(db), 6);
	assert_int_equal(settings_change(&reception, SETTING_LOCK_IDLE_MINUTES, "0"), STATUS_ERR_FORBIDDEN);
	assert_int_equal(settings_lock_idle_seconds(db), 6);
	assert_int_equal(settings_change(&officer, SETTING_LOCK_IDLE_MINUTES, "0"), STATUS_OK);
	assert_int_equal(settings_lock_idle_seconds(db), 0);   /* never */
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'setting.change'"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test_setup_teardown(test_password_rules_enforced_on_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_first_and_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commitment_required_when_account_is_made_notice_5_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_commitment_no_login_notice_5_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_failures_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_counts_concurrent_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivated_cannot_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_forces_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_officer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usernames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_names, setup, teardown),
		cmocka_unit_test(test_full_name_refuses_c1_controls),
		cmocka_unit_test_setup_teardown(test_idle_lock_setting, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Roles and permissions as the product brief (product.md, "Who uses it")
 * gives them, enforced in the core and audited when refused (notice §5.2:
 * only employees whose work requires it). */
#include "unit.h"

#include "audit_log.h"
#include "permission.h"

/* The brief's table written out by hand, deliberately not derived from the
 * PERMISSIONS macro:
 *   reception: may not erase, manage users, see the audit log; no trainings;
 *   trainer: may not browse the register (nor edit contacts in it); trainings;
 *   privacy officer: everything. */
static const bool expected[ROLE_COUNT][PERMISSION_COUNT] = {
	[ROLE_RECEPTION] = {
		[PERMISSION_MANAGE_USERS] = false,
		[PERMISSION_VIEW_AUDIT] = false,
		[PERMISSION_VIEW_REGISTER] = true,
		[PERMISSION_EDIT_CONTACTS] = true,
		[PERMISSION_ERASE] = false,
		[PERMISSION_MANAGE_TRAININGS] = false,
		[PERMISSION_EDIT_CONSENTS] = true,
		[PERMISSION_RECORD_DISCLOSURE] = true,
		[PERMISSION_MANAGE_RECIPIENTS] = false,
		[PERMISSION_EXPORT] = false,
		[PERMISSION_VIEW_DISCLOSURE_LOG] = false,
		[PERMISSION_MANAGE_EVENTS] = true,
		[PERMISSION_HANDLE_REQUESTS] = true,
		[PERMISSION_DECIDE_REQUESTS] = false,
	},
	[ROLE_TRAINER] = {
		[PERMISSION_MANAGE_USERS] = false,
		[PERMISSION_VIEW_AUDIT] = false,
		[PERMISSION_VIEW_REGISTER] = false,
		[PERMISSION_EDIT_CONTACTS] = false,
		[PERMISSION_ERASE] = false,
		[PERMISSION_MANAGE_TRAININGS] = true,
		[PERMISSION_EDIT_CONSENTS] = false,
		[PERMISSION_RECORD_DISCLOSURE] = false,
		[PERMISSION_MANAGE_RECIPIENTS] = false,
		[PERMISSION_EXPORT] = false,
		[PERMISSION_VIEW_DISCLOSURE_LOG] = false,
		[PERMISSION_MANAGE_EVENTS] = false,
		[PERMISSION_HANDLE_REQUESTS] = false,
		[PERMISSION_DECIDE_REQUESTS] = false,
	},
	[ROLE_PRIVACY_OFFICER] = {
		[PERMISSION_MANAGE_USERS] = true,
		[PERMISSION_VIEW_AUDIT] = true,
		[PERMISSION_VIEW_REGISTER] = true,
		[PERMISSION_EDIT_CONTACTS] = true,
		[PERMISSION_ERASE] = true,
		[PERMISSION_MANAGE_TRAININGS] = true,
		[PERMISSION_EDIT_CONSENTS] = true,
		[PERMISSION_RECORD_DISCLOSURE] = true,
		[PERMISSION_MANAGE_RECIPIENTS] = true,
		[PERMISSION_EXPORT] = true,
		[PERMISSION_VIEW_DISCLOSURE_LOG] = true,
		[PERMISSION_MANAGE_EVENTS] = true,
		[PERMISSION_HANDLE_REQUESTS] = true,
		[PERMISSION_DECIDE_REQUESTS] = true,
	},
};

static void test_truth_table(void **state)
{
	(void)state;
	/* A new role or permission must be added to the table above. */
	assert_int_equal(ROLE_COUNT, 3);
	assert_int_equal(PERMISSION_COUNT, 14);
	for (int role = 0; role < ROLE_COUNT; role++) {
		for (int permission = 0; permission < PERMISSION_COUNT; permission++) {
			bool allowed = permission_allows((enum role)role, (enum permission)permission);
			if (allowed != expected[role][permission])
				fail_msg("%s %s %s", role_code((enum role)role),
					 allowed ? "may wrongly" : "may not but should", permission_name((enum permission)permission));
		}
	}
	/* Out-of-range values allow nothing. */
	assert_false(permission_allows((enum role)ROLE_COUNT, PERMISSION_VIEW_REGISTER));
	assert_false(permission_allows((enum role)-1, PERMISSION_VIEW_REGISTER));
	assert_false(permission_allows(ROLE_PRIVACY_OFFICER, (enum permission)PERMISSION_COUNT));
	assert_false(permission_allows(ROLE_PRIVACY_OFFICER, (enum permission)-1));
}

static void test_role_codes(void **state)
{
	(void)state;
	assert_string_equal(role_code(ROLE_RECEPTION), "reception");
	assert_string_equal(role_code(ROLE_TRAINER), "trainer");
	assert_string_equal(role_code(ROLE_PRIVACY_OFFICER), "privacy-officer");
	for (int role = 0; role < ROLE_COUNT; role++) {
		enum role parsed = ROLE_COUNT;
		assert_true(role_parse(role_code((enum role)role), &parsed));
		assert_int_equal(parsed, role);
	}
	enum role parsed = ROLE_RECEPTION;
	assert_false(role_parse("admin", &parsed));
	assert_false(role_parse("Privacy-Officer", &parsed));
}

static void count_account(const struct account *account, void *context)
{
	(void)account;
	(*(int *)context)++;
}

static void count_entry(const struct audit_entry *entry, void *context)
{
	(void)entry;
	(*(int *)context)++;
}

static long long audit_rows(struct database *db)
{
	return unit_query_int(db, "SELECT count(*) FROM audit_entry");
}

/* The newest audit entry must be a refusal of permission for account_id. */
static void assert_denied_entry(struct database *db, long long account_id, const char *permission)
{
	struct statement *statement = database_prepare(db,
		"SELECT action, coalesce(account_id, 0), fields FROM audit_entry ORDER BY id DESC LIMIT 1");
	assert_non_null(statement);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	assert_string_equal(database_text(statement, 0), "permission.denied");
	assert_int_equal(statement_column_int64(statement, 1), account_id);
	assert_string_equal(database_text(statement, 2), permission);
	database_finalize(statement);
}

/* Core calls of the privacy officer refused for reception and trainer: each
 * refusal returns STATUS_ERR_FORBIDDEN, changes nothing and appends exactly
 * one "permission.denied" entry. */
static void test_forbidden_calls(void **state)
{
	struct database *db = ((struct unit_db *)*state)->db;
	struct session officer, users[2];
	unit_first_officer(db, &officer);
	unit_make_session(&officer, ROLE_RECEPTION, "rita", &users[0]);
	unit_make_session(&officer, ROLE_TRAINER, "toni", &users[1]);

	for (int u = 0; u < 2; u++) {
		struct session *user = &users[u];
		long long before = audit_rows(db);
		long long new_id = -7;

		assert_int_equal(account_add(user, "mallory", "Mallory Mäkelä", ROLE_PRIVACY_OFFICER,
					     "mallory-password-1", UNIT_COMMITMENT, &new_id), STATUS_ERR_FORBIDDEN);
		assert_int_equal(new_id, -7);
		assert_int_equal(account_count(db), 3);
		assert_int_equal(audit_rows(db), before + 1);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");

		/* Promoting oneself. */
		assert_int_equal(account_set_role(user, user->account_id, ROLE_PRIVACY_OFFICER), STATUS_ERR_FORBIDDEN);
		assert_int_equal(audit_rows(db), before + 2);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");
		assert_int_equal(unit_query_int(db,
			"SELECT count(*) FROM account WHERE role = 'privacy-officer'"), 1);

		assert_int_equal(account_deactivate(user, officer.account_id), STATUS_ERR_FORBIDDEN);
		assert_int_equal(audit_rows(db), before + 3);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");
		assert_int_equal(unit_query_int(db, "SELECT count(*) FROM account WHERE active = 1"), 3);

		int visited = 0;
		assert_int_equal(account_list(user, count_account, &visited), STATUS_ERR_FORBIDDEN);
		assert_int_equal(visited, 0);
		assert_int_equal(audit_rows(db), before + 4);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");

		assert_int_equal(audit_list(user, NULL, 0, 100, count_entry, &visited), STATUS_ERR_FORBIDDEN);
		assert_int_equal(visited, 0);
		assert_int_equal(audit_rows(db), before + 5);
		assert_denied_entry(db, user->account_id, "VIEW_AUDIT");

		assert_int_equal(account_reset_password(user, officer.account_id, "taken-over-password"),
				 STATUS_ERR_FORBIDDEN);
		assert_int_equal(audit_rows(db), before + 6);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");
		assert_int_equal(unit_query_int(db,
			"SELECT must_change_password FROM account WHERE username = 'officer'"), 0);

		struct account found;
		assert_int_equal(account_find(user, "officer", &found), STATUS_ERR_FORBIDDEN);
		assert_int_equal(audit_rows(db), before + 7);
		assert_denied_entry(db, user->account_id, "MANAGE_USERS");

		assert_int_equal(audit_count(user, NULL), -1);
		assert_int_equal(audit_rows(db), before + 8);
		assert_denied_entry(db, user->account_id, "VIEW_AUDIT");

		/* permission_require itself, for a permission the role lacks. */
		assert_int_equal(permission_require(user, PERMISSION_ERASE), STATUS_ERR_FORBIDDEN);
		assert_int_equal(audit_rows(db), before + 9);
		assert_denied_entry(db, user->account_id, "ERASE");
	}

	/* What a role may do passes without a refusal entry. */
	long long before = audit_rows(db);
	assert_int_equal(permission_require(&users[0], PERMISSION_VIEW_REGISTER), STATUS_OK);
	assert_int_equal(permission_require(&users[1], PERMISSION_MANAGE_TRAININGS), STATUS_OK);
	assert_int_equal(audit_rows(db), before);
	/* No session at all: refused. */
	assert_int_equal(permission_require(NULL, PERMISSION_VIEW_REGISTER), STATUS_ERR_FORBIDDEN);

	/* The officer may do the same calls. */
	int visited = 0;
	assert_int_equal(account_list(&officer, count_account, &visited), STATUS_OK);
	assert_int_equal(visited, 3);
	visited = 0;
	assert_int_equal(audit_list(&officer, NULL, 0, 5, count_entry, &visited), STATUS_OK);
	assert_int_equal(visited, 5);
	assert_int_equal(audit_count(&officer, NULL), audit_rows(db));
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM audit_entry WHERE action = 'permission.denied'"), 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truth_table),
		cmocka_unit_test(test_role_codes),
		cmocka_unit_test_setup_teardown(test_forbidden_calls, unit_setup_db, unit_teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

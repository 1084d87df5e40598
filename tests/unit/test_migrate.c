/* regdesk migrate (issue 17): the register copied into an empty register of
 * either engine, table by table, with its ids, its sequences and its audit
 * chain byte for byte, verified on arrival; the privacy officer only, and
 * audited on the source (notice §5.2). The source is this run's engine
 * (REGDESK_TEST_POSTGRESQL); the target a new SQLite file, and with a
 * cluster also an empty PostgreSQL database. */
#include "unit.h"

#include <sys/stat.h>

#include "audit.h"
#include "contact.h"
#include "migrate.h"
#include "progress.h"

struct fixture {
	struct unit_db *u;
	struct session officer;
	char target[PATH_MAX + 32];     /* a new file in the test's directory */
	char postgresql_name[64];      /* a database made for the test, "" when none */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	snprintf(f->target, sizeof f->target, "%s/copy.db", f->u->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->postgresql_name[0]) {
		char drop[128];
		snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->postgresql_name);
		unit_postgresql_run(drop);
	}
	unit_close(f->u);
	free(f);
	return 0;
}

static long long add_contact(struct session *session, const char *first, const char *last)
{
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, first);
	contact_set(&contact, CONTACT_LAST_NAME, last);
	contact_set(&contact, CONTACT_CITY, "Ähtäri");
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	expect_status(session, status, STATUS_OK, "contact_save");
	return id;
}

/* Three contacts, the first merged into the last (a reference forward in
 * its own table), and contact ids drawn up to 500 (records erased since:
 * their numbers are never given again). */
static void fill(struct fixture *f)
{
	long long first = add_contact(&f->officer, "Äke", "Åkerlund");
	add_contact(&f->officer, "Greta", "Söderström");
	long long last = add_contact(&f->officer, "Aino", "Ähtäri");
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE contact SET merged_into = %lld WHERE id = %lld", last, first);
	unit_exec(f->u->db, sql);
	unit_exec(f->u->db, unit_on_sqlite() ? "UPDATE sqlite_sequence SET seq = 500 WHERE name = 'contact'"
					     : "SELECT setval(pg_get_serial_sequence('contact', 'id'), 500)");
}

static struct database *open_target(const char *location)
{
	struct database *db = NULL;
	char error[512] = "";
	if (database_open(&db, location, error, sizeof error) != STATUS_OK)
		fail_msg("database_open(%s): %s", location, error);
	return db;
}

/* The copy holds what the source holds, ends its trail with the
 * migration's entry, and the chain verifies there. */
static void expect_same_register(struct database *source, struct database *target)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM contact", "SELECT count(*) FROM account", "SELECT count(*) FROM audit_entry",
		"SELECT count(*) FROM contact WHERE merged_into IS NOT NULL", "SELECT count(*) FROM country",
		"SELECT count(*) FROM purpose",
		/* PostgreSQL's witness mark says where the source was witnessed: a copy starts its own */
		"SELECT count(*) FROM setting WHERE key <> 'audit.witnessed_through'" };
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		assert_int_equal(unit_query_int(target, counts[i]), unit_query_int(source, counts[i]));
	char action[64], fields[256];
	unit_query_text(target, "SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1", action, sizeof action);
	assert_string_equal(action, MIGRATE_AUDIT_ACTION);
	unit_query_text(source, "SELECT fields FROM audit_entry ORDER BY id DESC LIMIT 1", fields, sizeof fields);
	assert_true(strncmp(fields, "to=", 3) == 0);
	long long source_id, target_id;
	char source_hash[65], target_hash[65];
	assert_int_equal(audit_tail(source, &source_id, source_hash), STATUS_OK);
	assert_int_equal(audit_tail(target, &target_id, target_hash), STATUS_OK);
	assert_int_equal(target_id, source_id);
	assert_string_equal(target_hash, source_hash);
	struct audit_verification verification;
	assert_int_equal(audit_verify(target, &verification), STATUS_OK);
	assert_int_equal(verification.entries, source_id);
}

static void test_privacy_officer_only(void **state)
{
	struct fixture *f = *state;
	struct session reception;
	unit_make_session(&f->officer, ROLE_RECEPTION, "rauni", &reception);
	struct migrate_result result;
	assert_int_equal(migrate_register(&reception, f->target, &result), STATUS_ERR_FORBIDDEN);
	assert_int_equal(access(f->target, F_OK), -1);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'permission.denied'"), 1);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'register.migrate'"), 0);
}

static void test_copy_into_a_new_sqlite_file(void **state)
{
	struct fixture *f = *state;
	fill(f);
	struct migrate_result result;
	EXPECT_OK(&f->officer, migrate_register(&f->officer, f->target, &result));
	assert_int_equal(result.rows > 0, 1);
	assert_string_equal(result.target_shown, f->target);
	struct database *target = open_target(f->target);
	expect_same_register(f->u->db, target);
	/* The head file stands beside the copy: `regdesk check` reads it. */
	char head[PATH_MAX + 64];
	snprintf(head, sizeof head, "%s.audit-head", f->target);
	assert_int_equal(access(head, R_OK), 0);
	/* The search index was rebuilt: every contact that is not merged away. */
	assert_int_equal(unit_query_int(target, "SELECT count(*) FROM contact_search_docsize"), 2);
	/* Record numbers continue past those drawn on the source. */
	assert_int_equal(unit_query_int(target, "SELECT seq FROM sqlite_sequence WHERE name = 'contact'"), 500);
	database_close(target);
}

static void test_into_an_empty_postgresql_database(void **state)
{
	struct fixture *f = *state;
	if (!unit_postgresql()) {
		skip();   /* SQLite-only run: the SQLite target is tested above */
		return;
	}
	fill(f);
	snprintf(f->postgresql_name, sizeof f->postgresql_name, "migrate_%d", (int)getpid());
	char sql[128], uri[PATH_MAX];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->postgresql_name);
	unit_postgresql_run(sql);
	unit_postgresql_uri(f->postgresql_name, uri, sizeof uri);
	struct migrate_result result;
	EXPECT_OK(&f->officer, migrate_register(&f->officer, uri, &result));
	struct database *target = open_target(uri);
	expect_same_register(f->u->db, target);
	/* The word tables follow the rows by their triggers. */
	assert_true(unit_query_int(target, "SELECT count(DISTINCT contact_id) FROM contact_search_word") >= 2);
	assert_int_equal(unit_query_int(target, "SELECT nextval(pg_get_serial_sequence('contact', 'id'))"), 501);
	long long entries = unit_query_int(target, "SELECT count(*) FROM audit_entry");
	database_close(target);

	/* Once it holds a register, nothing more goes in. */
	assert_int_equal(migrate_register(&f->officer, uri, &result), STATUS_ERR_INVALID);
	assert_non_null(strstr(f->u->db->error, "must be empty"));
	target = open_target(uri);
	assert_int_equal(unit_query_int(target, "SELECT count(*) FROM audit_entry"), entries);
	database_close(target);
}

static void test_refuses_an_existing_file_and_what_is_not_a_uri(void **state)
{
	struct fixture *f = *state;
	struct migrate_result result;
	FILE *existing = fopen(f->target, "w");
	assert_non_null(existing);
	fputs("keep me", existing);
	fclose(existing);
	assert_int_equal(migrate_register(&f->officer, f->target, &result), STATUS_ERR_INVALID);
	struct stat info;
	assert_int_equal(stat(f->target, &info), 0);
	assert_int_equal(info.st_size, 7);
	assert_int_equal(migrate_register(&f->officer, "postgresql:/x", &result), STATUS_ERR_INVALID);
	assert_int_equal(migrate_register(&f->officer, "", &result), STATUS_ERR_INVALID);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'register.migrate'"), 0);
}

static void test_password_never_shown_or_audited(void **state)
{
	(void)state;
	char shown[256];
	migrate_target_shown("postgresql://regdesk:s3cret@db.example.fi/regdesk?sslmode=verify-full", shown, sizeof shown);
	assert_null(strstr(shown, "s3cret"));
	assert_non_null(strstr(shown, "db.example.fi/regdesk"));
	migrate_target_shown("postgresql://db/regdesk?password=s3cret&sslmode=verify-full", shown, sizeof shown);
	assert_null(strstr(shown, "s3cret"));
}

static bool cancel_at_once(const struct progress *progress, void *context)
{
	(void)context;
	return !(progress->stage == PROGRESS_MIGRATE && progress->done > 0);
}

static void test_cancel_leaves_no_file_and_no_entry(void **state)
{
	struct fixture *f = *state;
	fill(f);
	progress_watch(f->u->db, cancel_at_once, NULL);
	progress_set_interval(f->u->db, 0);
	struct migrate_result result;
	assert_int_equal(migrate_register(&f->officer, f->target, &result), STATUS_ERR_CANCELLED);
	progress_watch(f->u->db, NULL, NULL);
	assert_int_equal(access(f->target, F_OK), -1);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'register.migrate'"), 0);
}

/* A chain that does not verify on arrival is not committed: the copy is
 * refused and the new file removed. */
static void test_broken_chain_is_not_committed(void **state)
{
	struct fixture *f = *state;
	fill(f);
	if (unit_on_sqlite()) {
		unit_exec(f->u->db, "DROP TRIGGER audit_entry_no_update");
		unit_exec(f->u->db, "UPDATE audit_entry SET fields = 'tampered' WHERE id = 2");
	} else {
		unit_exec(f->u->db, "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update");
		unit_exec(f->u->db, "UPDATE audit_entry SET fields = 'tampered' WHERE id = 2");
	}
	struct migrate_result result;
	assert_int_equal(migrate_register(&f->officer, f->target, &result), STATUS_ERR_AUDIT_BROKEN);
	assert_non_null(strstr(f->u->db->error, "#2"));
	assert_int_equal(access(f->target, F_OK), -1);
	char head[PATH_MAX + 64];
	snprintf(head, sizeof head, "%s.audit-head", f->target);
	assert_int_equal(access(head, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_privacy_officer_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_into_a_new_sqlite_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_into_an_empty_postgresql_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_an_existing_file_and_what_is_not_a_uri, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_never_shown_or_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_leaves_no_file_and_no_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_chain_is_not_committed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The office install's configuration file and path rules (issue 14):
 * src/config.c and the parts of src/office.c that hold outside a setgid
 * run. The setgid behaviour itself is tested end to end by
 * tests/e2e/test_office_install.sh (as nobody against an installed binary). */
#include "unit.h"

#include <sys/stat.h>

#include "config.h"
#include "office.h"

static const char *const good =
	"# regdesk.conf\n"
	"\n"
	"database = /var/lib/regdesk/regdesk.db\n"
	"  files_folder=/var/lib/regdesk/files/  \n"
	"backup_folder =\t/var/lib/regdesk/backups\r\n"
	"backup_key = /etc/regdesk/backup.key\n";

static void test_config_reads_every_key(void **state)
{
	(void)state;
	struct config config;
	char error[512] = "";
	assert_true(config_parse(good, "regdesk.conf", &config, error, sizeof error));
	assert_string_equal(config.database, "/var/lib/regdesk/regdesk.db");
	assert_string_equal(config.files_folder, "/var/lib/regdesk/files");   /* the trailing slash goes */
	assert_string_equal(config.backup_folder, "/var/lib/regdesk/backups");
	assert_string_equal(config.backup_key, "/etc/regdesk/backup.key");
}

static void refused(const char *text, const char *expected_in_error)
{
	struct config config;
	char error[512] = "";
	if (config_parse(text, "regdesk.conf", &config, error, sizeof error))
		fail_msg("accepted: %s", text);
	if (!strstr(error, expected_in_error))
		fail_msg("the reason \"%s\" does not name \"%s\"", error, expected_in_error);
}

static void test_config_refuses_what_would_move_the_register(void **state)
{
	(void)state;
	/* A relative path would depend on the user's working directory, and '..'
	 * would leave the folder a check compares against. */
	refused("database = regdesk.db\nfiles_folder = /f\nbackup_folder = /b\n", "line 1");
	refused("database = /var/lib/regdesk/../../home/x.db\nfiles_folder = /f\nbackup_folder = /b\n", "absolute path");
	refused("database = /d.db\nfiles_folder = /f/..\nbackup_folder = /b\n", "line 2");
	refused("database = /d.db\nfiles_folder = /f\nbackup_folder = /b\ncolour = blue\n", "unknown key 'colour'");
	refused("database = /d.db\nfiles_folder /f\nbackup_folder = /b\n", "line 2");
	refused("database = /d.db\nfiles_folder = /f\n", "backup_folder is missing");
	refused("# nothing\n", "database is missing");
	refused("database =\nfiles_folder = /f\nbackup_folder = /b\n", "absolute path");   /* never a temporary database */
}

/* A PostgreSQL register (issue 17): the database key takes a libpq URI,
 * which is no path (no folder is made or checked for it); the other keys
 * stay absolute paths. A URI holding a password must not be in a file
 * everyone may read. */
static void test_config_takes_a_postgresql_uri(void **state)
{
	(void)state;
	struct config config;
	char error[512] = "";
	const char *uri = "postgresql://regdesk:s3cret@db1.example.fi,db2.example.fi/regdesk"
			  "?target_session_attrs=read-write&sslmode=verify-full";
	char text[1024];
	snprintf(text, sizeof text, "database = %s\nfiles_folder = /f\nbackup_folder = /b\n", uri);
	if (!config_parse(text, "regdesk.conf", &config, error, sizeof error))
		fail_msg("refused: %s", error);
	assert_string_equal(config.database, uri);
	refused("database = /d.db\nfiles_folder = postgresql://x/y\nbackup_folder = /b\n", "line 2");
	assert_true(config_password_exposed(&config, 0644));
	assert_false(config_password_exposed(&config, 0640));
	assert_true(config_parse("database = postgresql://regdesk@db1/regdesk?sslmode=verify-full\nfiles_folder = /f\n"
				 "backup_folder = /b\n", "regdesk.conf", &config, error, sizeof error));
	assert_false(config_password_exposed(&config, 0644));   /* no password in it: ~/.pgpass or a certificate */
	assert_true(config_parse(good, "regdesk.conf", &config, error, sizeof error));
	assert_false(config_password_exposed(&config, 0644));
}

static void test_config_read_names_a_missing_file(void **state)
{
	(void)state;
	struct config config;
	char error[512] = "";
	assert_false(config_read("/nonexistent/regdesk.conf", &config, error, sizeof error));
	assert_non_null(strstr(error, "/nonexistent/regdesk.conf"));
}

static void test_path_inside_follows_links(void **state)
{
	(void)state;
	char dir[UNIT_DIR_SIZE], folder[PATH_MAX], outside[PATH_MAX], path[PATH_MAX + 64], link[PATH_MAX + 64];
	unit_make_temp_dir(dir);
	snprintf(folder, sizeof folder, "%s/folder", dir);
	snprintf(outside, sizeof outside, "%s/folder-not", dir);
	assert_int_equal(mkdir(folder, 0700), 0);
	assert_int_equal(mkdir(outside, 0700), 0);
	snprintf(path, sizeof path, "%s/new.db", folder);
	assert_true(office_path_inside(path, folder));          /* a file to be created */
	snprintf(path, sizeof path, "%s/../folder-not/x.db", folder);
	assert_false(office_path_inside(path, folder));         /* '..' out of it */
	snprintf(path, sizeof path, "%s/x.db", outside);
	assert_false(office_path_inside(path, folder));         /* a name that only starts like it */
	snprintf(link, sizeof link, "%s/link", folder);
	assert_int_equal(symlink(outside, link), 0);
	snprintf(path, sizeof path, "%s/link/x.db", folder);
	assert_false(office_path_inside(path, folder));         /* a link inside pointing out */
	snprintf(link, sizeof link, "%s/file-link", folder);
	snprintf(path, sizeof path, "%s/x.db", outside);
	assert_int_equal(symlink(path, link), 0);
	assert_false(office_path_inside(link, folder));
	assert_false(office_path_inside(folder, folder));       /* the folder itself is not a file in it */
	unlink(link);
	snprintf(link, sizeof link, "%s/link", folder);
	unlink(link);
	rmdir(folder);
	rmdir(outside);
	unit_remove_dir(dir);
}

static void test_plain_run_is_not_the_office(void **state)
{
	(void)state;
	/* The embedded default stays: a plain run keeps 0600 files and any path. */
	office_start();
	assert_false(office_mode());
	assert_null(office_config());
	assert_int_equal(office_file_mode(), 0600);
	assert_int_equal(office_folder_mode(), 0700);
	char out[256], error[256] = "";
	assert_true(office_output_path("/home/anna/list.csv", out, sizeof out, error, sizeof error));
	assert_string_equal(out, "/home/anna/list.csv");
	assert_true(office_backup_path_allowed("/home/anna/copy.db", error, sizeof error));
	assert_false(office_default_backup_path(out, sizeof out));
	assert_null(office_backup_key_file());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_reads_every_key),
		cmocka_unit_test(test_config_refuses_what_would_move_the_register),
		cmocka_unit_test(test_config_takes_a_postgresql_uri),
		cmocka_unit_test(test_config_read_names_a_missing_file),
		cmocka_unit_test(test_path_inside_follows_links),
		cmocka_unit_test(test_plain_run_is_not_the_office),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

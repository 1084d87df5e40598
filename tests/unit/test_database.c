/* The database file: migrations, refusing what it cannot safely open,
 * durability settings and private files (notice §5.3). */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "activity.h"
#include "migrations.h"
#include "text.h"

/* A scratch directory per test, given as *state (a char[UNIT_DIR_SIZE]). */
static int setup_dir(void **state)
{
	char *dir = calloc(1, UNIT_DIR_SIZE);
	assert_non_null(dir);
	unit_make_temp_dir(dir);
	*state = dir;
	return 0;
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
	(void)info;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char *dir = *state;
	/* Directories may have been made read-only or private by a test. */
	chmod(dir, 0700);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return 0;
}

static void path_in(void **state, const char *name, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s/%s", (const char *)*state, name);
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *handle = NULL;
	assert_int_equal(sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	return handle;
}

static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *handle = raw_open(path);
	long long value = unit_raw_query_int(handle, sql);
	sqlite3_close(handle);
	return value;
}

/* Small database files are compared whole; static buffers, so that a failed
 * assertion (a longjmp) leaks nothing. */
#define FILE_MAX (256 * 1024)
static char before_bytes[FILE_MAX], after_bytes[FILE_MAX];

static size_t file_bytes(const char *path, char *out)
{
	FILE *file = fopen(path, "rb");
	assert_non_null(file);
	size_t size = fread(out, 1, FILE_MAX, file);
	int more = fgetc(file);
	fclose(file);
	assert_int_equal(more, EOF);
	return size;
}

static void assert_same_bytes(const char *path, const char *before, size_t before_size)
{
	size_t after_size = file_bytes(path, after_bytes);
	assert_int_equal(after_size, before_size);
	for (size_t i = 0; i < before_size; i++)
		if (after_bytes[i] != before[i])
			fail_msg("%s: byte %zu changed from 0x%02x to 0x%02x", path, i, (unsigned char)before[i],
				 (unsigned char)after_bytes[i]);
}

static long long table_exists(sqlite3 *handle, const char *table)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", table);
	return unit_raw_query_int(handle, sql);
}

static void assert_current_schema(struct database *db)
{
	assert_int_equal(unit_query_int(db, "PRAGMA user_version"), database_schema_version());
	assert_int_equal(table_exists(db->handle, "account"), 1);
	assert_int_equal(table_exists(db->handle, "audit_entry"), 1);
	assert_int_equal(table_exists(db->handle, "setting"), 1);
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"), 2);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	char integrity[64];
	unit_query_text(db, "PRAGMA integrity_check", integrity, sizeof integrity);
	assert_string_equal(integrity, "ok");
}

static void test_migrate_from_empty(void **state)
{
	/* a SQLite file made from nothing; test_postgresql_migrate_from_empty is the PostgreSQL one */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], error[512] = "";
	path_in(state, "fresh.db", path, sizeof path);
	assert_true(migration_count > 0);
	assert_int_equal(database_schema_version(), migration_count);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	assert_non_null(db);
	assert_string_equal(db->path, path);
	assert_current_schema(db);
	/* The fresh register can be used at once. */
	struct session officer;
	unit_first_officer(db, &officer);
	database_close(db);
	/* Opening again changes nothing. */
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	assert_current_schema(db);
	assert_int_equal(account_count(db), 1);
	database_close(db);
}

/* Every older schema version is upgraded to the current one. */
static void test_migrate_from_each_version(void **state)
{
	/* SQLite's migrations applied to a file step by step */
	if (!unit_on_sqlite())
		skip();
	for (int k = 0; k < migration_count; k++) {
		char name[64], path[PATH_MAX], error[512] = "";
		snprintf(name, sizeof name, "version-%d.db", k);
		path_in(state, name, path, sizeof path);
		sqlite3 *handle = raw_open(path);
		/* Migrations may call the SQL functions regdesk registers (nfc(), ...). */
		assert_int_equal(text_register_sql_functions(handle), SQLITE_OK);
		for (int i = 0; i < k; i++)
			unit_raw_exec(handle, migrations[i].sql);
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", k);
		unit_raw_exec(handle, pragma);
		sqlite3_close(handle);

		struct database *db = NULL;
		enum status status = database_open(&db, path, error, sizeof error);
		if (status != STATUS_OK)
			fail_msg("upgrade from version %d: %s", k, error);
		assert_current_schema(db);
		database_close(db);
		assert_int_equal(raw_int(path, "PRAGMA user_version"), migration_count);
	}
}

/* A file written by a newer regdesk is refused and left alone. */
static void test_newer_version_refused(void **state)
{
	/* SQLite's user_version; test_postgresql_newer_version_refused is the PostgreSQL one */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], error[512] = "";
	path_in(state, "newer.db", path, sizeof path);
	sqlite3 *handle = raw_open(path);
	unit_raw_exec(handle, "CREATE TABLE future_thing (x); INSERT INTO future_thing VALUES (1)");
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migration_count + 1);
	unit_raw_exec(handle, pragma);
	sqlite3_close(handle);

	size_t size = file_bytes(path, before_bytes);
	struct database *db = (struct database *)1;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_ERR_DATABASE);
	assert_null(db);
	assert_non_null(strstr(error, "newer"));
	assert_non_null(strstr(error, path));
	assert_same_bytes(path, before_bytes, size);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), migration_count + 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'account'"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM future_thing"), 1);
}

/* A migration that fails leaves the file as it was: no half-applied schema.
 * The conflict is on the first table the migration creates ("account") and
 * on the last ("setting"), after the others were already created in the
 * same transaction. */
static void test_failed_migration_rolls_back(void **state)
{
	/* a SQLite file; test_postgresql_failed_migration_rolls_back is the PostgreSQL one */
	if (!unit_on_sqlite())
		skip();
	static const char *const conflicting[] = { "account", "setting" };
	for (size_t c = 0; c < sizeof conflicting / sizeof conflicting[0]; c++) {
		char name[64], path[PATH_MAX], error[512] = "", sql[256];
		snprintf(name, sizeof name, "conflict-%s.db", conflicting[c]);
		path_in(state, name, path, sizeof path);
		sqlite3 *handle = raw_open(path);
		snprintf(sql, sizeof sql, "CREATE TABLE %s(x); INSERT INTO %s VALUES (42)", conflicting[c], conflicting[c]);
		unit_raw_exec(handle, sql);
		sqlite3_close(handle);

		struct database *db = (struct database *)1;
		assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_ERR_DATABASE);
		assert_null(db);
		if (!strstr(error, path))
			fail_msg("message does not name the file: %s", error);

		handle = raw_open(path);
		assert_int_equal(unit_raw_query_int(handle, "PRAGMA user_version"), 0);
		assert_int_equal(table_exists(handle, "audit_entry"), 0);
		/* Only the conflicting table, with its one column and row. */
		assert_int_equal(unit_raw_query_int(handle, "SELECT count(*) FROM sqlite_master"), 1);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s')", conflicting[c]);
		assert_int_equal(unit_raw_query_int(handle, sql), 1);
		snprintf(sql, sizeof sql, "SELECT x FROM %s", conflicting[c]);
		assert_int_equal(unit_raw_query_int(handle, sql), 42);
		sqlite3_close(handle);
	}
}

/* database.h: "on failure ... leaves the file unchanged", byte for byte (no
 * switch to WAL journal mode either). */
static void test_failed_migration_leaves_bytes_unchanged(void **state)
{
	/* the SQLite file's bytes */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], error[512] = "";
	path_in(state, "conflict.db", path, sizeof path);
	sqlite3 *handle = raw_open(path);
	unit_raw_exec(handle, "CREATE TABLE account(x); INSERT INTO account VALUES (42)");
	sqlite3_close(handle);
	size_t size = file_bytes(path, before_bytes);

	struct database *db = NULL;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_ERR_DATABASE);
	assert_same_bytes(path, before_bytes, size);
}

static void test_pragmas(void **state)
{
	/* SQLite's PRAGMAs */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], error[512] = "";
	path_in(state, "pragmas.db", path, sizeof path);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	assert_int_equal(unit_query_int(db, "PRAGMA foreign_keys"), 1);
	char mode[32];
	unit_query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	/* FULL: with NORMAL a commit can be lost on power failure. */
	assert_int_equal(unit_query_int(db, "PRAGMA synchronous"), 2);
	/* Foreign keys are really enforced. */
	assert_int_not_equal(sqlite3_exec(db->handle,
		"INSERT INTO account (username, full_name, role, password_hash, created_at, created_by) "
		"VALUES ('x', 'X', 'trainer', 'h', 'now', 999)", NULL, NULL, NULL), SQLITE_OK);
	/* The Finnish collation is registered on the connection. */
	assert_int_equal(unit_query_int(db, "SELECT 'Åkerlund' < 'Ärölä' COLLATE finnish"), 1);
	database_close(db);

	/* Again on reopening an existing file (these are per connection). */
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	assert_int_equal(unit_query_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(unit_query_int(db, "PRAGMA synchronous"), 2);
	unit_query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	database_close(db);
}

static mode_t mode_of(const char *path)
{
	struct stat info;
	if (stat(path, &info) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return info.st_mode & 07777;
}

/* The database and the files beside it are private (notice §5.3), whatever
 * the umask. */
static void test_file_modes(void **state)
{
	/* the SQLite file's modes */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], other[PATH_MAX], side[PATH_MAX + 32], error[512] = "";
	mode_t old_mask = umask(022);
	path_in(state, "private.db", path, sizeof path);
	struct database *db = NULL;
	enum status status = database_open(&db, path, error, sizeof error);
	umask(old_mask);
	assert_int_equal(status, STATUS_OK);
	assert_int_equal(mode_of(path), 0600);
	/* Writing makes the WAL and the audit head file. */
	struct session officer;
	unit_first_officer(db, &officer);
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof side, "%s-shm", path);
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof side, "%s.audit-head", path);
	assert_int_equal(mode_of(side), 0600);
	database_close(db);

	/* An existing file readable by others is made private on opening. */
	path_in(state, "shared.db", other, sizeof other);
	int fd = open(other, O_CREAT | O_WRONLY | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(other, 0644), 0);
	assert_int_equal(database_open(&db, other, error, sizeof error), STATUS_OK);
	assert_int_equal(mode_of(other), 0600);
	database_close(db);
}

/* A file that is not a database is refused with a message naming it, and is
 * not touched. */
static void test_garbage_file(void **state)
{
	/* a file that is no SQLite database */
	if (!unit_on_sqlite())
		skip();
	static const size_t sizes[] = { 14, 8192 };
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		char path[PATH_MAX], error[512] = "";
		char name[32];
		snprintf(name, sizeof name, "garbage-%zu.db", sizes[s]);
		path_in(state, name, path, sizeof path);
		for (size_t i = 0; i < sizes[s]; i++)
			before_bytes[i] = "not a database"[i % 14];
		FILE *file = fopen(path, "wb");
		assert_non_null(file);
		assert_int_equal(fwrite(before_bytes, 1, sizes[s], file), sizes[s]);
		fclose(file);

		struct database *db = (struct database *)1;
		assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_ERR_DATABASE);
		assert_null(db);
		if (!strstr(error, path))
			fail_msg("message does not name the file: %s", error);

		/* Unchanged, and no WAL or head file left beside it. */
		assert_same_bytes(path, before_bytes, sizes[s]);
		char side[PATH_MAX + 32];
		snprintf(side, sizeof side, "%s-wal", path);
		assert_int_not_equal(access(side, F_OK), 0);
		snprintf(side, sizeof side, "%s.audit-head", path);
		assert_int_not_equal(access(side, F_OK), 0);
	}
}

/* A file regdesk may not write is refused with a message naming it. */
static void test_read_only_file(void **state)
{
	/* a read-only SQLite file */
	if (!unit_on_sqlite())
		skip();
	if (geteuid() == 0)
		skip(); /* root writes read-only files anyway */
	char path[PATH_MAX], error[512] = "";
	path_in(state, "read-only.db", path, sizeof path);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	database_close(db);
	assert_int_equal(chmod(path, 0400), 0);
	db = (struct database *)1;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_ERR_DATABASE);
	assert_null(db);
	if (!strstr(error, path))
		fail_msg("message does not name the file: %s", error);
}

/* An empty name is refused: SQLite would open a temporary database, and
 * everything saved in it would be gone at close. */
static void test_empty_name_refused(void **state)
{
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(*state), 0);
	char error[512] = "";
	struct database *db = (struct database *)1;
	enum status status = database_open(&db, "", error, sizeof error);
	if (status == STATUS_OK)
		database_close(db);
	bool head_left = access(".audit-head", F_OK) == 0;
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(status, STATUS_ERR_DATABASE);
	assert_null(db);
	assert_non_null(strstr(error, "No database was named"));
	assert_false(head_left);
}

struct saved_env {
	char *regdesk_db, *xdg_data_home, *home;
};

static char *save(const char *name)
{
	const char *value = getenv(name);
	return value ? strdup(value) : NULL;
}

static void restore(const char *name, char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	free(value);
}

static void test_default_path(void **state)
{
	/* the default SQLite file's path */
	if (!unit_on_sqlite())
		skip();
	struct saved_env saved = { save("REGDESK_DB"), save("XDG_DATA_HOME"), save("HOME") };
	const char *dir = *state;
	char out[PATH_MAX], error[512], expected[PATH_MAX + 64], xdg[PATH_MAX], home[PATH_MAX];
	snprintf(xdg, sizeof xdg, "%s/xdg/data", dir);
	snprintf(home, sizeof home, "%s/home", dir);
	assert_int_equal(mkdir(home, 0755), 0);
	mode_t old_mask = umask(022);

	/* REGDESK_DB wins over everything, as given. */
	setenv("REGDESK_DB", "/srv/mipro/register.db", 1);
	setenv("XDG_DATA_HOME", xdg, 1);
	setenv("HOME", home, 1);
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	assert_string_equal(out, "/srv/mipro/register.db");

	/* Then $XDG_DATA_HOME/regdesk/regdesk.db, the directory made 0700. */
	unsetenv("REGDESK_DB");
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	snprintf(expected, sizeof expected, "%s/regdesk/regdesk.db", xdg);
	assert_string_equal(out, expected);
	snprintf(expected, sizeof expected, "%s/regdesk", xdg);
	assert_int_equal(mode_of(expected), 0700);
	/* So are the missing parents it had to make (mkdir -p). */
	snprintf(expected, sizeof expected, "%s/xdg", dir);
	assert_int_equal(mode_of(expected), 0700);
	assert_int_equal(mode_of(xdg), 0700);
	/* An empty REGDESK_DB counts as unset. */
	setenv("REGDESK_DB", "", 1);
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	snprintf(expected, sizeof expected, "%s/regdesk/regdesk.db", xdg);
	assert_string_equal(out, expected);
	unsetenv("REGDESK_DB");
	/* An existing directory open to others is made private. */
	snprintf(expected, sizeof expected, "%s/regdesk", xdg);
	assert_int_equal(chmod(expected, 0755), 0);
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	assert_int_equal(mode_of(expected), 0700);

	/* Without XDG_DATA_HOME (or with a relative one, which the XDG spec says
	 * to ignore): ~/.local/share/regdesk/regdesk.db. */
	unsetenv("XDG_DATA_HOME");
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	snprintf(expected, sizeof expected, "%s/.local/share/regdesk/regdesk.db", home);
	assert_string_equal(out, expected);
	snprintf(expected, sizeof expected, "%s/.local/share/regdesk", home);
	assert_int_equal(mode_of(expected), 0700);
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	assert_true(database_default_path(out, sizeof out, error, sizeof error));
	snprintf(expected, sizeof expected, "%s/.local/share/regdesk/regdesk.db", home);
	assert_string_equal(out, expected);

	/* Neither: an explanation instead of a path. */
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	error[0] = '\0';
	assert_false(database_default_path(out, sizeof out, error, sizeof error));
	assert_true(error[0] != '\0');

	umask(old_mask);
	restore("REGDESK_DB", saved.regdesk_db);
	restore("XDG_DATA_HOME", saved.xdg_data_home);
	restore("HOME", saved.home);
}

/* ---- Desks never see "locked" (issue 14) ---- */

struct notices {
	char told[4][256];
	int count;
	bool over;
};

static void collect_notice(const char *waiting_for, void *context)
{
	struct notices *notices = context;
	if (!waiting_for) {
		notices->over = true;
		return;
	}
	if (notices->count < 4)
		snprintf(notices->told[notices->count++], sizeof notices->told[0], "%s", waiting_for);
}

static void sleep_ms(long ms)
{
	struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&pause, NULL);
}

/* A save that meets another desk's long import waits for it instead of
 * failing, is told what it waits for ("an import by anna, 40 % done") while
 * it waits, and is told when the wait is over; it then completes. */
static void test_waiting_desk_is_told_what_for(void **state)
{
	/* the SQLite register's activity side file; test_postgresql_waiting_desk_waits is the PostgreSQL one */
	if (!unit_on_sqlite())
		skip();
	char path[(UNIT_DIR_SIZE + 64)];
	snprintf(path, sizeof path, "%s/shared.db", (char *)*state);
	struct database *db;
	char error[512];
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	char side[(UNIT_DIR_SIZE + 64) + 16];
	snprintf(side, sizeof side, "%s.activity", path);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {   /* the importing desk: holds the write lock for 1.5 s */
		struct database *importer;
		if (database_open(&importer, path, error, sizeof error) != STATUS_OK)
			_exit(1);
		activity_begin(importer, ACTIVITY_IMPORT, "anna");
		if (database_begin(importer) != STATUS_OK)
			_exit(2);
		sleep_ms(600);
		activity_progress(importer, 40);
		if (write(ready[1], "x", 1) != 1)
			_exit(3);
		sleep_ms(900);
		int rc = database_commit(importer) == STATUS_OK ? 0 : 4;
		activity_end(importer);
		database_close(importer);
		_exit(rc);
	}
	close(ready[1]);
	char byte;
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	struct notices notices = { 0 };
	activity_set_wait_notice(collect_notice, &notices);
	char described[256];
	assert_true(activity_describe(path, described, sizeof described));
	assert_string_equal(described, "an import by anna, 40 % done");
	assert_int_equal(database_begin(db), STATUS_OK);   /* waits for the child's commit */
	assert_int_equal(database_run(db, "CREATE TABLE saved (x)", ""), STATUS_OK);
	assert_int_equal(database_commit(db), STATUS_OK);
	activity_set_wait_notice(NULL, NULL);
	int child_status;
	assert_int_equal(waitpid(child, &child_status, 0), child);
	assert_true(WIFEXITED(child_status));
	assert_int_equal(WEXITSTATUS(child_status), 0);
	assert_int_equal(notices.count, 1);
	assert_string_equal(notices.told[0], "waiting: an import by anna, 40 % done");
	assert_true(notices.over);
	assert_int_equal(access(side, F_OK), -1);   /* the importer removed its side file */
	database_close(db);
}

/* The side file of a killed operation names no one to wait for (its lock
 * went with it); a name in it is shown inert, like any text from outside. */
static void test_activity_of_a_dead_process_is_ignored(void **state)
{
	/* the SQLite register's activity side file */
	if (!unit_on_sqlite())
		skip();
	char path[(UNIT_DIR_SIZE + 64)], side[(UNIT_DIR_SIZE + 64) + 16];
	snprintf(path, sizeof path, "%s/shared.db", (char *)*state);
	snprintf(side, sizeof side, "%s.activity", path);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	FILE *file = fopen(side, "w");
	assert_non_null(file);
	fprintf(file, "%ld\timport\t40\tanna\n", (long)child);
	fclose(file);
	char described[256];
	assert_false(activity_describe(path, described, sizeof described));
	/* A live one (the parent of this test) with a terminal escape in its name. */
	file = fopen(side, "w");
	assert_non_null(file);
	fprintf(file, "%ld\terasure\t-1\tan\033[2Jna\n", (long)getppid());
	fclose(file);
	assert_true(activity_describe(path, described, sizeof described));
	assert_string_equal(described, "an erasure by an^[[2Jna");
}

/* Rows stored before 0024 may hold decomposed text (NFD, as macOS sends it)
 * and keys of the old Finnish order: the migration composes the text and
 * makes the keys and the search index again, so that the old row is found
 * by "ahtari" and sorts as its composed twin (issue 15). */
static void test_migration_composes_stored_text(void **state)
{
	/* SQLite's migration 0024 and its FTS5 index */
	if (!unit_on_sqlite())
		skip();
	char path[PATH_MAX], error[512] = "";
	path_in(state, "decomposed.db", path, sizeof path);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	/* As an older regdesk stored "Äijä Ähtäri-Łukasz" typed decomposed. */
	unit_exec(db,
		"INSERT INTO organisation (id, name, sort_key, search_text, created_at, changed_at) "
		"VALUES (1, 'O\xcc\x88ljy Oy', 'o\xcc\x88ljy oy', 'o\xcc\x88ljy oy', '2026-01-01', '2026-01-01');"
		"INSERT INTO organisation_search (rowid, search_text) VALUES (1, 'o\xcc\x88ljy oy');"
		"INSERT INTO contact (id, first_name, last_name, organisation_id, source, sort_key, search_text, name_key, "
		"created_at, changed_at) VALUES (7, 'A\xcc\x88ija\xcc\x88', 'A\xcc\x88hta\xcc\x88ri-\xc5\x81ukasz', 1, "
		"'person', 'a~\xcc\x88', 'a\xcc\x88ija\xcc\x88', 'a\xcc\x88ija\xcc\x88', '2026-01-01', '2026-01-01');"
		"INSERT INTO contact_search (rowid, search_text) VALUES (7, 'a\xcc\x88ija\xcc\x88');");
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM contact_search WHERE contact_search MATCH 'ahtari'"), 0);
	database_close(db);
	/* The register as it was before 0024: every step up to it done. */
	int before = 0;
	while (before < migration_count && strncmp(migrations[before].name, "0024_", 5) != 0)
		before++;
	assert_true(before < migration_count);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", before);
	sqlite3 *handle = raw_open(path);
	unit_raw_exec(handle, pragma);
	sqlite3_close(handle);

	assert_int_equal(database_open(&db, path, error, sizeof error), STATUS_OK);
	assert_current_schema(db);
	assert_int_equal(unit_query_int(db,
		"SELECT first_name = 'Äijä' AND last_name = 'Ähtäri-Łukasz' FROM contact WHERE id = 7"), 1);
	assert_int_equal(unit_query_int(db, "SELECT name = 'Öljy Oy' FROM organisation WHERE id = 1"), 1);
	char key[256];
	text_finnish_sort_key("Ähtäri-Łukasz", key, sizeof key);
	size_t length = strlen(key);
	key[length] = '\x01';
	text_finnish_sort_key("Äijä", key + length + 1, sizeof key - length - 1);
	sqlite3_stmt *statement = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->handle, "SELECT sort_key = ?, search_text, name_key FROM contact WHERE id = 7",
					    -1, &statement, NULL), SQLITE_OK);
	sqlite3_bind_text(statement, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(statement), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(statement, 0), 1);
	assert_string_equal((const char *)sqlite3_column_text(statement, 1), "aija ahtari lukasz oljy oy");
	assert_string_equal((const char *)sqlite3_column_text(statement, 2), "aija ahtari lukasz");
	sqlite3_finalize(statement);
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM contact_search WHERE contact_search MATCH 'ahtari lukasz oljy'"), 1);
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM organisation_search WHERE organisation_search MATCH 'oljy'"), 1);
	/* The index agrees with its table (fails with SQLITE_CORRUPT_VTAB otherwise). */
	unit_exec(db, "INSERT INTO contact_search (contact_search) VALUES ('integrity-check');"
			      "INSERT INTO organisation_search (organisation_search) VALUES ('integrity-check')");
	database_close(db);
}

/* ---- PostgreSQL (issue 17): the same rules on a database of the cluster ---- */

/* A new, empty database on the test cluster; its URI in uri. */
static void pg_new_database(const char *name, char *uri, size_t uri_size)
{
	char sql[256], unique[96];
	snprintf(unique, sizeof unique, "%s_%d", name, (int)getpid());
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", unique);
	unit_postgresql_run(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", unique);
	unit_postgresql_run(sql);
	unit_postgresql_uri(unique, uri, uri_size);
}

static void pg_drop_database(const char *name)
{
	char sql[256];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s_%d WITH (FORCE)", name, (int)getpid());
	unit_postgresql_run(sql);
}

/* One statement on the database at uri, behind regdesk's back; the first
 * column of its first row as an integer (-1 when no row). */
static long long pg_int(const char *uri, const char *sql)
{
	PGconn *connection = PQconnectdb(uri);
	if (PQstatus(connection) != CONNECTION_OK)
		fail_msg("cannot reach %s: %s", uri, PQerrorMessage(connection));
	PGresult *result = PQexec(connection, sql);
	ExecStatusType status = PQresultStatus(result);
	long long value = -1;
	if (status == PGRES_TUPLES_OK && PQntuples(result) > 0)
		value = atoll(PQgetvalue(result, 0, 0));
	else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		char message[512];
		snprintf(message, sizeof message, "%s", PQresultErrorMessage(result));
		PQclear(result);
		PQfinish(connection);
		fail_msg("%s: %s", sql, message);
	}
	PQclear(result);
	PQfinish(connection);
	return value;
}

static void assert_current_postgresql_schema(const char *uri)
{
	assert_int_equal(pg_int(uri, "SELECT max(version) FROM schema_version"), postgresql_migration_count);
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
				     "AND table_name IN ('account', 'audit_entry', 'setting')"), 3);
	/* The trail is append-only: no UPDATE, DELETE or TRUNCATE. */
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
				     "AND NOT tgisinternal"), 3);
}

/* An empty database is migrated to the current schema on first open and is
 * usable at once; opening again changes nothing. */
static void test_postgresql_migrate_from_empty(void **state)
{
	(void)state;
	if (unit_on_sqlite())
		skip();   /* test_migrate_from_empty is SQLite's */
	char uri[PATH_MAX], error[512] = "";
	pg_new_database("fresh", uri, sizeof uri);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_OK);
	assert_int_equal(database_engine(db), ENGINE_POSTGRESQL);
	assert_int_equal(database_stored_version(db), database_schema_version());
	assert_current_postgresql_schema(uri);
	struct session officer;
	unit_first_officer(db, &officer);
	database_close(db);
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_OK);
	assert_current_postgresql_schema(uri);
	assert_int_equal(account_count(db), 1);
	database_close(db);
	pg_drop_database("fresh");
}

/* A register written by a newer regdesk is refused and left alone. */
static void test_postgresql_newer_version_refused(void **state)
{
	(void)state;
	if (unit_on_sqlite())
		skip();   /* test_newer_version_refused is SQLite's */
	char uri[PATH_MAX], error[512] = "", sql[128];
	pg_new_database("newer", uri, sizeof uri);
	struct database *db = NULL;
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_OK);
	database_close(db);
	snprintf(sql, sizeof sql, "INSERT INTO schema_version (version) VALUES (%d)", postgresql_migration_count + 1);
	pg_int(uri, sql);
	pg_int(uri, "INSERT INTO setting (key, value) VALUES ('future_thing', '1')");
	db = (struct database *)1;
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_ERR_DATABASE);
	assert_null(db);
	assert_non_null(strstr(error, "newer"));
	assert_non_null(strstr(error, "newer_"));   /* names the database */
	assert_int_equal(pg_int(uri, "SELECT max(version) FROM schema_version"), postgresql_migration_count + 1);
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM setting WHERE key = 'future_thing'"), 1);
	pg_drop_database("newer");
}

/* A migration that fails leaves the database as it was: the steps run in one
 * transaction, so no table of them stays beside the conflicting one. */
static void test_postgresql_failed_migration_rolls_back(void **state)
{
	(void)state;
	if (unit_on_sqlite())
		skip();   /* test_failed_migration_rolls_back is SQLite's */
	char uri[PATH_MAX], error[512] = "";
	pg_new_database("conflict", uri, sizeof uri);
	pg_int(uri, "CREATE TABLE account (x integer)");
	pg_int(uri, "INSERT INTO account VALUES (42)");
	struct database *db = (struct database *)1;
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_ERR_DATABASE);
	assert_null(db);
	if (!strstr(error, "conflict_"))
		fail_msg("message does not name the database: %s", error);
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), 1);
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'account'"), 1);
	assert_int_equal(pg_int(uri, "SELECT x FROM account"), 42);
	pg_drop_database("conflict");
}

/* A save that meets another desk's write waits for it (the writer lock,
 * one advisory lock), is told so once, and completes. (Which operation it
 * waits for is told only on SQLite: activity.c keeps a side file beside the
 * register's file.) */
static void test_postgresql_waiting_desk_waits(void **state)
{
	(void)state;
	if (unit_on_sqlite())
		skip();   /* test_waiting_desk_is_told_what_for is SQLite's */
	char uri[PATH_MAX], error[512] = "";
	pg_new_database("shared", uri, sizeof uri);
	struct database *db;
	assert_int_equal(database_open(&db, uri, error, sizeof error), STATUS_OK);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {   /* the other desk: holds the write lock for 2.6 s (told after 2 s) */
		struct database *writer;
		if (database_open(&writer, uri, error, sizeof error) != STATUS_OK)
			_exit(1);
		if (database_begin(writer) != STATUS_OK)
			_exit(2);
		if (write(ready[1], "x", 1) != 1)
			_exit(3);
		sleep_ms(2600);
		int rc = database_commit(writer) == STATUS_OK ? 0 : 4;
		database_close(writer);
		_exit(rc);
	}
	close(ready[1]);
	char byte;
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	struct notices notices = { 0 };
	activity_set_wait_notice(collect_notice, &notices);
	assert_int_equal(database_begin(db), STATUS_OK);   /* waits for the child's commit */
	assert_int_equal(database_run(db, "INSERT INTO setting (key, value) VALUES ('saved', '1')", ""), STATUS_OK);
	assert_int_equal(database_commit(db), STATUS_OK);
	activity_set_wait_notice(NULL, NULL);
	int child_status;
	assert_int_equal(waitpid(child, &child_status, 0), child);
	assert_true(WIFEXITED(child_status));
	assert_int_equal(WEXITSTATUS(child_status), 0);
	assert_int_equal(notices.count, 1);
	assert_non_null(strstr(notices.told[0], "waiting:"));
	assert_true(notices.over);
	database_close(db);
	assert_int_equal(pg_int(uri, "SELECT count(*) FROM setting WHERE key = 'saved'"), 1);
	pg_drop_database("shared");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
		T(test_migrate_from_empty),
		T(test_migrate_from_each_version),
		T(test_migration_composes_stored_text),
		T(test_newer_version_refused),
		T(test_failed_migration_rolls_back),
		T(test_failed_migration_leaves_bytes_unchanged),
		T(test_pragmas),
		T(test_file_modes),
		T(test_garbage_file),
		T(test_read_only_file),
		T(test_default_path),
		T(test_empty_name_refused),
		T(test_waiting_desk_is_told_what_for),
		T(test_activity_of_a_dead_process_is_ignored),
		T(test_postgresql_migrate_from_empty),
		T(test_postgresql_newer_version_refused),
		T(test_postgresql_failed_migration_rolls_back),
		T(test_postgresql_waiting_desk_waits),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

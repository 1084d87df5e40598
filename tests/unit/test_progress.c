/* Progress of long work (issue 16: "Long work shows progress ... where
 * stopping loses nothing they can be cancelled"): the watcher sees done
 * rise to the right total for an export, the review queue, a bulk erasure,
 * a backup, a restore and the check; cancelling an export or a restore
 * leaves no partial file and the register as it was (notice §2: no file
 * without its disclosure record; notice §5.3: backups and restores). */
#include "unit.h"

#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "backup.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "disclosure.h"
#include "progress.h"
#include "review.h"

#define TODAY "2026-03-15"

/* Moves the core's clock to noon (UTC) of YYYY-MM-DD. */
static void clock_at(const char *date)
{
	int year, month, day;
	assert_int_equal(sscanf(date, "%d-%d-%d", &year, &month, &day), 3);
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	clock_override(timegm(&parts));
}

struct fixture {
	struct unit_db *u;
	struct session officer;
};

/* What the watcher saw. */
struct seen {
	int calls;
	int stage_calls[PROGRESS_STAGE_COUNT];
	long long total[PROGRESS_STAGE_COUNT];
	long long last_done[PROGRESS_STAGE_COUNT];
	bool went_back;                 /* done fell within a stage */
	bool over_total;                /* done passed the total */
	int cancel_stage;               /* -1: never cancel */
	long long cancel_at;            /* cancel once done reaches this in cancel_stage */
	bool was_cancellable;           /* the stage said stopping loses nothing when cancelled */
};

static bool watch(const struct progress *progress, void *context)
{
	struct seen *seen = context;
	seen->calls++;
	int stage = (int)progress->stage;
	if (seen->stage_calls[stage]++ > 0 && progress->done < seen->last_done[stage])
		seen->went_back = true;
	if (progress->total > 0 && progress->done > progress->total)
		seen->over_total = true;
	seen->last_done[stage] = progress->done;
	seen->total[stage] = progress->total;
	if (stage == seen->cancel_stage && progress->done >= seen->cancel_at) {
		seen->was_cancellable = progress->cancellable;
		return false;
	}
	return true;
}

static void seen_init(struct seen *seen, struct database *db)
{
	memset(seen, 0, sizeof *seen);
	seen->cancel_stage = -1;
	progress_watch(db, watch, seen);
	progress_set_interval(db, 0);   /* every step: small registers finish within one interval */
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_at(TODAY);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_override(0);
	if (f) {
		unit_close(f->u);
		free(f);
	}
	*state = NULL;
	return 0;
}

static long long add_contact(struct session *session, int number, unsigned categories)
{
	char last[64];
	snprintf(last, sizeof last, "Söderström-%03d", number);
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Aino");
	contact_set(&contact, CONTACT_LAST_NAME, last);
	contact_set(&contact, CONTACT_STREET, "Kunnanmäki 1");
	contact_set(&contact, CONTACT_POSTAL_CODE, "63700");
	contact_set(&contact, CONTACT_CITY, "Ähtäri");
	contact.categories = categories;
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	expect_status(session, status, STATUS_OK, "contact_save");
	return id;
}

static long long add_recipient(struct session *officer)
{
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Åkerlund Posti Ab");
	recipient.kind = RECIPIENT_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(officer, recipient_save(officer, &recipient));
	return recipient.id;
}

/* Some 5 MB of pages (over 1024) beside the register, so that a copy takes many steps. */
static void add_filler(struct database *db)
{
	if (!unit_on_sqlite()) {
		/* md5 text of random numbers: hex digits that pg_dump's compression halves at most. */
		unit_exec(db, "CREATE TABLE filler (bytes text)");
		unit_exec(db, "INSERT INTO filler SELECT (SELECT string_agg(md5(random()::text || i::text || j::text), '') "
			      "FROM generate_series(1, 125) AS j) FROM generate_series(1, 1300) AS i");
		return;
	}
	unit_exec(db, "CREATE TABLE filler (bytes BLOB); "
			      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1300) "
			      "INSERT INTO filler SELECT randomblob(4000) FROM n");
}

static bool exists(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0;
}

/* A file of dir whose name starts with prefix, or false. */
static bool any_file_starting(const char *dir, const char *prefix)
{
	DIR *listing = opendir(dir);
	bool found = false;
	struct dirent *entry;
	while (listing && (entry = readdir(listing)) != NULL)
		if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0)
			found = true;
	if (listing)
		closedir(listing);
	return found;
}

static void test_export_reports_each_contact(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	for (int i = 0; i < 40; i++)
		add_contact(&f->officer, i, 1u << CATEGORY_CUSTOMER);
	long long recipient = add_recipient(&f->officer);
	char path[PATH_MAX + 32], sha[65];
	snprintf(path, sizeof path, "%s/postal.csv", f->u->dir);
	struct seen seen;
	seen_init(&seen, db);
	struct export_preview preview;
	EXPECT_OK(&f->officer, export_write(&f->officer, "postal-mail", recipient, path, &preview, sha));
	assert_int_equal(seen.total[PROGRESS_EXPORT], 40);
	assert_int_equal(seen.last_done[PROGRESS_EXPORT], 40);
	/* One call at the start, one per contact at this interval, one at the end. */
	assert_true(seen.stage_calls[PROGRESS_EXPORT] >= 40);
	assert_false(seen.went_back);
	assert_false(seen.over_total);
	assert_int_equal(preview.considered, 40);
}

static void test_export_cancelled_leaves_no_file_and_no_record(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	for (int i = 0; i < 40; i++)
		add_contact(&f->officer, i, 1u << CATEGORY_CUSTOMER);
	long long recipient = add_recipient(&f->officer);
	long long disclosures = sql_int(db, "SELECT count(*) FROM disclosure");
	long long entries = sql_int(db, "SELECT count(*) FROM audit_entry");
	char path[PATH_MAX + 32], part[PATH_MAX + 64], sha[65];
	snprintf(path, sizeof path, "%s/postal.csv", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	struct seen seen;
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_EXPORT;
	seen.cancel_at = 15;
	struct export_preview preview;
	assert_int_equal(export_write(&f->officer, "postal-mail", recipient, path, &preview, sha), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
	assert_false(exists(path));
	assert_false(exists(part));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure"), disclosures);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM disclosure_contact"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry"), entries);
	assert_non_null(strstr(db->error, "no file was written"));
	/* Not watched any more: the same export runs whole. */
	progress_watch(db, NULL, NULL);
	EXPECT_OK(&f->officer, export_write(&f->officer, "postal-mail", recipient, path, &preview, sha));
	assert_true(exists(path));
}

static void test_review_queue_and_bulk_erasure(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	/* Prospects last active in 2023: due under prospect-inactive. */
	clock_at("2023-01-01");
	for (int i = 0; i < 20; i++)
		add_contact(&f->officer, i, 1u << CATEGORY_PROSPECT);
	clock_at(TODAY);
	struct seen seen;
	seen_init(&seen, db);
	assert_int_equal(review_build_queue(&f->officer), 20);
	assert_int_equal(seen.total[PROGRESS_REVIEW_QUEUE], 20);
	assert_int_equal(seen.last_done[PROGRESS_REVIEW_QUEUE], 20);
	assert_false(seen.went_back);

	/* Cancelled mid-way: one transaction, so nobody is erased. */
	long long entries = sql_int(db, "SELECT count(*) FROM audit_entry");
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_ERASURE;
	seen.cancel_at = 7;
	long long erased = -1, held = -1;
	assert_int_equal(review_erase_rule(&f->officer, "prospect-inactive", false, &erased, &held), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
	assert_int_equal(erased, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE first_name = 'Aino'"), 20);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry"), entries);
	assert_int_equal(review_queue_count(&f->officer, &(struct review_filter){ .category = -1, .reason = -1 }), 20);

	seen_init(&seen, db);
	EXPECT_OK(&f->officer, review_erase_rule(&f->officer, "prospect-inactive", false, &erased, &held));
	assert_int_equal(erased, 20);
	assert_int_equal(seen.total[PROGRESS_ERASURE], 20);
	assert_int_equal(seen.last_done[PROGRESS_ERASURE], 20);
	assert_false(seen.went_back);
	/* The same points told the other desks how far it was (activity.h). */
	assert_int_equal(db->activity_percent, 99);
}

static void test_review_queue_cancelled_is_empty(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	clock_at("2023-01-01");
	for (int i = 0; i < 10; i++)
		add_contact(&f->officer, i, 1u << CATEGORY_PROSPECT);
	clock_at(TODAY);
	struct seen seen;
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_REVIEW_QUEUE;
	seen.cancel_at = 3;
	assert_int_equal(review_build_queue(&f->officer), -1);
	assert_int_equal(review_queue_count(&f->officer, &(struct review_filter){ .category = -1, .reason = -1 }), 0);
	long long erased = -1, held = -1;
	EXPECT_OK(&f->officer, review_erase_rule(&f->officer, "prospect-inactive", true, &erased, &held));
	assert_int_equal(erased, 0);
}

/* PostgreSQL: pg_dump's bytes are the backup stage (their total is known
 * only at the end), read from its pipe; stopping it kills pg_dump and
 * leaves no file (notice §5.3: no stray copy of the register). */
static void backup_postgresql_reports_dump_and_cancel_leaves_no_file(struct fixture *f, const char *path, const char *part)
{
	struct database *db = f->u->db;
	struct seen seen;
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_BACKUP;
	seen.cancel_at = 1;
	struct backup_result result;
	assert_int_equal(backup_write(db, 0, path, NULL, &result), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
	assert_false(exists(path));
	assert_false(exists(part));

	seen_init(&seen, db);
	EXPECT_OK(&f->officer, backup_write(db, 0, path, NULL, &result));
	assert_int_equal(seen.total[PROGRESS_BACKUP], 0);
	assert_true(seen.last_done[PROGRESS_BACKUP] * 4096 >= result.bytes - 4096);
	assert_true(seen.stage_calls[PROGRESS_BACKUP] >= 3);
	assert_false(seen.went_back);
	/* Read back for its SHA-256. */
	assert_true(seen.stage_calls[PROGRESS_READING] >= 1);
	assert_int_equal(seen.last_done[PROGRESS_READING], seen.total[PROGRESS_READING]);
	assert_int_equal(backup_check_file(db, path, NULL), STATUS_OK);
}

static void test_backup_reports_pages_and_cancel_leaves_no_file(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	add_filler(db);
	if (!unit_on_sqlite()) {
		char pg_path[PATH_MAX + 32], pg_part[PATH_MAX + 64];
		snprintf(pg_path, sizeof pg_path, "%s/backup.dump", f->u->dir);
		snprintf(pg_part, sizeof pg_part, "%s.part", pg_path);
		backup_postgresql_reports_dump_and_cancel_leaves_no_file(f, pg_path, pg_part);
		return;
	}
	char path[PATH_MAX + 32], part[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/backup.db", f->u->dir);
	snprintf(part, sizeof part, "%s.part", path);
	long long pages = sql_int(db, "PRAGMA page_count");
	struct seen seen;
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_BACKUP;
	seen.cancel_at = 1;
	struct backup_result result;
	assert_int_equal(backup_write(db, 0, path, NULL, &result), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
	assert_false(exists(path));
	assert_false(exists(part));

	seen_init(&seen, db);
	EXPECT_OK(&f->officer, backup_write(db, 0, path, NULL, &result));
	assert_int_equal(seen.total[PROGRESS_BACKUP], pages);
	assert_int_equal(seen.last_done[PROGRESS_BACKUP], pages);
	assert_true(seen.stage_calls[PROGRESS_BACKUP] >= 3);   /* several steps of 1024 pages */
	assert_false(seen.went_back);
	assert_false(seen.over_total);
	assert_true(seen.stage_calls[PROGRESS_INTEGRITY] >= 1);
}

/* PostgreSQL: a restore goes into an empty database, never over the
 * register (which a restore over it refuses); a stopped one leaves that
 * database empty, a whole one is checked and carries the restore's entry. */
static void restore_postgresql_into_empty_database(struct fixture *f)
{
	struct database *db = f->u->db;
	char path[PATH_MAX + 32], key_path[PATH_MAX + 32], kept[PATH_MAX + 64], error[256];
	snprintf(path, sizeof path, "%s/backup.dump", f->u->dir);
	snprintf(key_path, sizeof key_path, "%s/backup.key", f->u->dir);
	assert_true(backup_make_key(key_path, error, sizeof error));
	struct backup_key key = { key_path, NULL };
	struct backup_result result;
	EXPECT_OK(&f->officer, backup_write(db, 0, path, &key, &result));
	long long after = add_contact(&f->officer, 1, 1u << CATEGORY_CUSTOMER);
	long long entries = sql_int(db, "SELECT count(*) FROM audit_entry");

	assert_int_equal(backup_restore_by_officer(&f->officer, path, &key, kept, sizeof kept), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, "--to"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", after), 1);

	char target_name[64], target[PATH_MAX], sql[128];
	snprintf(target_name, sizeof target_name, "restored_%d", (int)getpid());
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", target_name);
	unit_postgresql_run(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", target_name);
	unit_postgresql_run(sql);
	unit_postgresql_uri(target_name, target, sizeof target);

	struct seen seen;
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_READING;
	seen.cancel_at = 0;
	assert_int_equal(backup_restore_postgresql(&f->officer, path, &key, target), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry"), entries);

	seen_init(&seen, db);
	EXPECT_OK(&f->officer, backup_restore_postgresql(&f->officer, path, &key, target));
	/* Two reading stages, each seen whole: its SHA-256, then its decryption into pg_restore. */
	assert_true(seen.stage_calls[PROGRESS_READING] >= 4);
	assert_int_equal(seen.last_done[PROGRESS_READING], seen.total[PROGRESS_READING]);
	progress_watch(db, NULL, NULL);
	/* The register is as it was; the restored one lacks the later contact. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", after), 1);
	struct database *restored = NULL;
	char open_error[512] = "";
	if (database_open(&restored, target, open_error, sizeof open_error) != STATUS_OK)
		fail_msg("the restored database: %s", open_error);
	assert_int_equal(sql_int(restored, "SELECT count(*) FROM contact WHERE id = %lld", after), 0);
	assert_int_equal(sql_int(restored, "SELECT count(*) FROM audit_entry WHERE action = 'backup.restore'"), 1);
	char note[256] = "";
	if (backup_check_noted(restored, note, sizeof note) != STATUS_OK)
		fail_msg("the restored register: %s", restored->error);
	assert_non_null(strstr(note, "restored"));
	database_close(restored);
	/* Only into an empty database. */
	assert_int_equal(backup_restore_postgresql(&f->officer, path, &key, target), STATUS_ERR_INVALID);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", target_name);
	unit_postgresql_run(sql);
}

static void test_restore_cancelled_leaves_database_unchanged(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	add_filler(db);
	if (!unit_on_sqlite()) {
		restore_postgresql_into_empty_database(f);
		return;
	}
	char path[PATH_MAX + 32], kept[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/backup.db", f->u->dir);
	struct backup_result result;
	EXPECT_OK(&f->officer, backup_write(db, 0, path, NULL, &result));
	/* After the backup: what a restore would take away. */
	long long after = add_contact(&f->officer, 1, 1u << CATEGORY_CUSTOMER);
	long long entries = sql_int(db, "SELECT count(*) FROM audit_entry");
	static const int stages[] = { PROGRESS_READING, PROGRESS_AUDIT_CHAIN, PROGRESS_RESTORE_KEEP, PROGRESS_RESTORE_MAKE,
				      PROGRESS_RESTORE_COPY };
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
		struct seen seen;
		seen_init(&seen, db);
		seen.cancel_stage = stages[i];
		seen.cancel_at = stages[i] == PROGRESS_AUDIT_CHAIN ? 1 : stages[i] == PROGRESS_READING ? 0 : 1024;
		enum status status = backup_restore(db, 0, path, NULL, kept, sizeof kept);
		if (status != STATUS_ERR_CANCELLED)
			fail_msg("cancelling the restore in stage %s: status %d (%s)", progress_stage_label(stages[i]), status,
				 db->error);
		assert_true(seen.was_cancellable);
		assert_string_equal(kept, "");
		assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", after), 1);
		assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry"), entries);
		assert_false(any_file_starting(f->u->dir, "regdesk.db.replaced"));
		assert_false(any_file_starting(f->u->dir, "regdesk.db.restore-new"));
		assert_false(any_file_starting(f->u->dir, "regdesk.db.restore-journal"));
	}
	progress_watch(db, NULL, NULL);
	if (backup_check(db) != STATUS_OK)
		fail_msg("the register after cancelled restores: %s", db->error);

	/* Watched to the end: every copy's pages, and the restore done. */
	struct seen seen;
	seen_init(&seen, db);
	EXPECT_OK(&f->officer, backup_restore(db, 0, path, NULL, kept, sizeof kept));
	assert_true(seen.total[PROGRESS_RESTORE_COPY] > 1024);
	assert_int_equal(seen.last_done[PROGRESS_RESTORE_COPY], seen.total[PROGRESS_RESTORE_COPY]);
	assert_true(seen.stage_calls[PROGRESS_RESTORE_KEEP] >= 2 && seen.stage_calls[PROGRESS_RESTORE_MAKE] >= 2);
	/* Reading the backup (its SHA-256) is a stage too, seen whole. */
	assert_true(seen.stage_calls[PROGRESS_READING] >= 2);
	assert_int_equal(seen.last_done[PROGRESS_READING], seen.total[PROGRESS_READING]);
	assert_false(seen.went_back);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", after), 0);
}

static void test_check_counts_the_audit_trail(void **state)
{
	struct fixture *f = *state;
	struct database *db = f->u->db;
	for (int i = 0; i < 5; i++)
		add_contact(&f->officer, i, 1u << CATEGORY_CUSTOMER);
	long long entries = sql_int(db, "SELECT max(id) FROM audit_entry");
	struct seen seen;
	seen_init(&seen, db);
	char note[256];
	EXPECT_OK(&f->officer, backup_check_noted(db, note, sizeof note));
	/* SQLite's file check; PostgreSQL keeps its own pages. */
	if (unit_on_sqlite())
		assert_true(seen.stage_calls[PROGRESS_INTEGRITY] >= 1);
	assert_int_equal(seen.total[PROGRESS_AUDIT_CHAIN], entries);
	assert_int_equal(seen.last_done[PROGRESS_AUDIT_CHAIN], entries);
	assert_false(seen.went_back);

	/* A check changes nothing: stopping it is allowed, and said. */
	seen_init(&seen, db);
	seen.cancel_stage = PROGRESS_AUDIT_CHAIN;
	seen.cancel_at = 2;
	assert_int_equal(backup_check_noted(db, note, sizeof note), STATUS_ERR_CANCELLED);
	assert_true(seen.was_cancellable);
}

static void test_describe_names_done_total_rate_and_time_left(void **state)
{
	(void)state;
	struct progress progress = { .stage = PROGRESS_EXPORT, .done = 250, .total = 1000, .seconds = 2,
				     .per_second = 125, .seconds_left = 6 };
	char line[320];
	progress_describe(&progress, line, sizeof line);
	assert_string_equal(line, "Exporting: 250 of 1000 contacts (25 %), 125/s, 0:06 left");
	progress_describe_compact(&progress, line, sizeof line);
	assert_string_equal(line, "Exporting: 250/1000 (25 %), 125/s, 0:06 left");
	progress.total = 0;
	progress.stage = PROGRESS_INTEGRITY;
	progress.seconds = 75;
	progress_describe(&progress, line, sizeof line);
	assert_string_equal(line, "Checking the file: 1:15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_reports_each_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_cancelled_leaves_no_file_and_no_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_queue_and_bulk_erasure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_queue_cancelled_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_reports_pages_and_cancel_leaves_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_cancelled_leaves_database_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_counts_the_audit_trail, setup, teardown),
		cmocka_unit_test(test_describe_names_done_total_rate_and_time_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

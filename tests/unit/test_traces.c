/* No trace after erasure (GDPR Art. 5(1)(c), 17, 25; notice §6.4): people
 * imported in bulk, added by hand, with notes and with requests naming them
 * are erased, and then the raw bytes of the database, its WAL and its shm
 * hold none of their names, e-mails or phones. An erasure that a reader
 * keeps from reaching the start of the WAL says so, leaves a pending finish
 * and completes it at the next chance. */
#include "unit.h"

#include <sys/stat.h>

#include "clock.h"
#include "contact.h"
#include "csv_import.h"
#include "erasure_internal.h"
#include "request.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])
#define IMPORTED 2000

struct fixture {
	struct unit_db *u;
	struct session officer;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f) {
		unit_close(f->u);
		free(f);
	}
	*state = NULL;
	return 0;
}

/* The whole file, lower-cased (ASCII), in a malloc'd buffer. */
static unsigned char *file_bytes(const char *path, size_t *length)
{
	*length = 0;
	FILE *file = fopen(path, "rb");
	if (!file)
		return NULL;
	struct stat info;
	assert_int_equal(fstat(fileno(file), &info), 0);
	unsigned char *bytes = malloc((size_t)info.st_size + 1);
	assert_non_null(bytes);
	*length = fread(bytes, 1, (size_t)info.st_size, file);
	fclose(file);
	for (size_t i = 0; i < *length; i++)
		if (bytes[i] >= 'A' && bytes[i] <= 'Z')
			bytes[i] = (unsigned char)(bytes[i] - 'A' + 'a');
	return bytes;
}

/* Imported person i: last name Zorvak<i>x, e-mail zorvak<i>x@example.fi,
 * phone 050 88<i> (five digits each). erased[i] says who must be gone.
 * Counts every marker of an erased person in the database, WAL and shm
 * bytes (the name in any form, the e-mail, the phone's digits) and names
 * the first in where. */
static int erased_markers_in_files(const struct unit_db *u, const bool *erased, int count, char *where, size_t where_size)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	static const char *const prefixes[] = { "zorvak", "5088" };
	int found = 0;
	where[0] = '\0';
	for (size_t s = 0; s < COUNT(suffixes); s++) {
		char path[PATH_MAX + 8];
		snprintf(path, sizeof path, "%s%s", u->path, suffixes[s]);
		size_t length;
		unsigned char *bytes = file_bytes(path, &length);
		if (!bytes)
			continue;
		for (size_t p = 0; p < COUNT(prefixes); p++) {
			size_t prefix_length = strlen(prefixes[p]);
			for (unsigned char *at = bytes; (at = memmem(at, length - (size_t)(at - bytes), prefixes[p], prefix_length));
			     at++) {
				size_t left = length - (size_t)(at - bytes) - prefix_length;
				if (left < 5)
					break;
				const unsigned char *digits = at + prefix_length;
				int number = 0;
				bool all_digits = true;
				for (int d = 0; d < 5; d++) {
					all_digits = all_digits && digits[d] >= '0' && digits[d] <= '9';
					number = number * 10 + (digits[d] - '0');
				}
				if (!all_digits || number >= count || !erased[number])
					continue;
				if (found++ == 0)
					snprintf(where, where_size, "%s%.11s at byte %zu of %.200s", prefixes[p], (const char *)digits,
						 (size_t)(at - bytes), path);
			}
		}
		free(bytes);
	}
	return found;
}

/* The file of count people, written for the batch import. */
static void write_people(const char *path, int count)
{
	FILE *file = fopen(path, "wb");
	assert_non_null(file);
	fprintf(file, "Etunimi;Sukunimi;Sähköposti;Puhelin;Lisätiedot\r\n");
	/* In no order, as real lists are: sorted rows would only ever append to
	 * the indexes, and the b-tree pages never split. */
	for (int row = 0; row < count; row++) {
		int i = (int)((row * 7919LL) % count);
		fprintf(file, "Erkki;Zorvak%05dx;zorvak%05dx@example.fi;050 88%05d;asiakas vuodesta %d\r\n", i, i, i,
			2000 + i % 20);
	}
	assert_int_equal(fclose(file), 0);
}

/* Imports count people; ids[i] is person i's contact. */
static void import_people(struct fixture *f, int count, long long *ids)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/people.csv", f->u->dir);
	write_people(path, count);
	struct import_options options;
	import_options_init(&options);
	options.categories = 1u << CATEGORY_CUSTOMER;
	struct csv_import *import = NULL;
	enum status status = csv_import_open(&f->officer, path, &options, &import);
	if (status != STATUS_OK)
		fail_msg("csv_import_open: %s", f->u->db->error);
	struct import_report report;
	memset(&report, 0, sizeof report);
	status = csv_import_run(import, false, &report);
	if (status != STATUS_OK)
		fail_msg("csv_import_run: %s", f->u->db->error);
	csv_import_close(import);
	unlink(path);
	sqlite3_stmt *statement = NULL;
	assert_int_equal(sqlite3_prepare_v2(f->u->db->handle, "SELECT id, last_name FROM contact", -1, &statement, NULL),
			 SQLITE_OK);
	int found = 0;
	while (sqlite3_step(statement) == SQLITE_ROW) {
		int number;
		if (sscanf((const char *)sqlite3_column_text(statement, 1), "Zorvak%5dx", &number) == 1 && number < count) {
			ids[number] = sqlite3_column_int64(statement, 0);
			found++;
		}
	}
	sqlite3_finalize(statement);
	assert_int_equal(found, count);
}

/* Imported people erased one by one, as the erasure screen does, and a
 * block of them at once, as the review's bulk erasure does: afterwards no
 * byte of them is left in the database, its WAL or its shm. */
static void test_imported_people_leave_no_fragments(void **state)
{
	struct fixture *f = *state;
	static long long ids[IMPORTED];
	static bool erased[IMPORTED];
	import_people(f, IMPORTED, ids);
	char where[512];
	/* The scan sees what is there. */
	for (int i = 0; i < IMPORTED; i++)
		erased[i] = true;
	assert_true(erased_markers_in_files(f->u, erased, IMPORTED, where, sizeof where) > 0);
	memset(erased, 0, IMPORTED * sizeof *erased);
	/* One by one: every hundredth person. */
	struct erasure_preview preview;
	for (int i = 0; i < IMPORTED; i += 100) {
		EXPECT_OK(&f->officer, erasure_confirm(&f->officer, ids[i], 0, &preview));
		erased[i] = true;
	}
	/* In a block, as the review does: a run of 400. */
	EXPECT_OK(&f->officer, database_begin(f->u->db));
	for (int i = 1000; i < 1400; i++) {
		if (erased[i])
			continue;
		EXPECT_OK(&f->officer, erasure_erase_person(&f->officer, ids[i], 0, &preview));
		erased[i] = true;
	}
	EXPECT_OK(&f->officer, database_commit(f->u->db));
	erasure_leave_no_trace(f->u->db);
	int left = erased_markers_in_files(f->u, erased, IMPORTED, where, sizeof where);
	if (left)
		fail_msg("%d fragments of erased people remain, first %s", left, where);
	/* And the others are still there: the scan would see them. */
	memset(erased, 0, IMPORTED * sizeof *erased);
	erased[1] = true;
	assert_true(erased_markers_in_files(f->u, erased, IMPORTED, where, sizeof where) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_imported_people_leave_no_fragments, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

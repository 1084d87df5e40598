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
#include "erasure.h"
#include "erasure_internal.h"
#include "request.h"
#include "validate.h"
#include "disclosure.h"
#include "settings.h"
#include "written_files.h"

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

/* On PostgreSQL the register is no file: what it holds is every live row
 * of every table, read here as text (lower case, as file_bytes gives).
 * Deleted rows live on as dead tuples until VACUUM, which the erasure runs
 * after its commit: expect_vacuumed checks that it did. */
static unsigned char *register_rows(const struct unit_db *u, size_t *length)
{
	struct database *db = u->db;
	char error[512] = "";
	if (!db && database_open(&db, u->path, error, sizeof error) != STATUS_OK)
		fail_msg("database_open(%s): %s", u->path, error);
	struct statement *statement = database_prepare(db,
		"SELECT lower(coalesce(string_agg(query_to_xml(format('SELECT * FROM %I.%I', table_schema, table_name), "
		"true, false, '')::text, ''), '')) FROM information_schema.tables "
		"WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
	assert_non_null(statement);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	const char *text = database_text(statement, 0);
	*length = strlen(text);
	unsigned char *bytes = malloc(*length + 1);
	assert_non_null(bytes);
	memcpy(bytes, text, *length + 1);
	database_finalize(statement);
	if (db != u->db)
		database_close(db);
	return bytes;
}

/* What holds the register: the file and its WAL and shm on SQLite, the
 * live rows on PostgreSQL (NULL for the suffixes it has no counterpart of). */
static unsigned char *register_bytes(const struct unit_db *u, const char *suffix, size_t *length)
{
	if (!unit_on_sqlite())
		return *suffix ? NULL : register_rows(u, length);
	char path[PATH_MAX + 8];
	snprintf(path, sizeof path, "%s%s", u->path, suffix);
	return file_bytes(path, length);
}

/* PostgreSQL: the erasure's VACUUM ran (no erasure is pending, and the
 * tables that held the person were vacuumed by hand, not by autovacuum
 * some time later), so no dead tuple keeps the erased rows. */
static void expect_vacuumed(struct database *db)
{
	if (unit_on_sqlite())
		return;
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM erasure_pending"), 0);
	long long vacuumed = unit_query_int(db, "SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL "
					    "AND relname IN ('contact', 'contact_category', 'contact_search_word', 'subject_request')");
	if (vacuumed != 4)
		fail_msg("only %lld of the 4 tables that held the person were vacuumed after the erasure", vacuumed);
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
		const char *path = unit_on_sqlite() ? suffixes[s] : "the live rows";
		size_t length;
		unsigned char *bytes = register_bytes(u, suffixes[s], &length);
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
	struct statement *statement = database_prepare(f->u->db, "SELECT id, last_name FROM contact");
	assert_non_null(statement);
	int found = 0;
	while (statement_step(statement) == STORAGE_ROW) {
		int number;
		if (sscanf(database_text(statement, 1), "Zorvak%5dx", &number) == 1 && number < count) {
			ids[number] = statement_column_int64(statement, 0);
			found++;
		}
	}
	database_finalize(statement);
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
	expect_vacuumed(f->u->db);
	int left = erased_markers_in_files(f->u, erased, IMPORTED, where, sizeof where);
	if (left)
		fail_msg("%d fragments of erased people remain, first %s", left, where);
	/* And the others are still there: the scan would see them. */
	memset(erased, 0, IMPORTED * sizeof *erased);
	erased[1] = true;
	assert_true(erased_markers_in_files(f->u, erased, IMPORTED, where, sizeof where) > 0);
}

/* ---- Hand-added people, notes, requests that name them ---- */

static long long add_person(struct fixture *f, const char *first, const char *last, const char *email, const char *phone,
			    const char *notes)
{
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, first);
	contact_set(&contact, CONTACT_LAST_NAME, last);
	contact_set(&contact, CONTACT_EMAIL, email);
	contact_set(&contact, CONTACT_PHONE, phone);
	contact_set(&contact, CONTACT_NOTES, notes);
	contact.categories = 1u << CATEGORY_CUSTOMER;
	enum status status = contact_save(&f->officer, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	if (status != STATUS_OK)
		fail_msg("contact_save: %s", f->u->db->error);
	return id;
}

static long long add_request(struct fixture *f, enum request_kind kind, const char *name, const char *details)
{
	struct subject_request request;
	memset(&request, 0, sizeof request);
	request.kind = kind;
	request.channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request.requester_name, sizeof request.requester_name, "%s", name);
	snprintf(request.identifying_details, sizeof request.identifying_details, "%s", details);
	EXPECT_OK(&f->officer, request_add(&f->officer, &request));
	return request.id;
}

static void verify(struct fixture *f, long long request_id)
{
	struct id_check check = { .document = DOCUMENT_PASSPORT, .photo_matched = true, .name_matched = true };
	EXPECT_OK(&f->officer, request_record_id_check(&f->officer, request_id, &check));
}

/* Each of the markers, lower case, found nowhere in the database, WAL or shm. */
static void expect_no_bytes(const struct unit_db *u, const char *const *markers, size_t count, const char *when)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t s = 0; s < COUNT(suffixes); s++) {
		char path[PATH_MAX + 16];
		snprintf(path, sizeof path, "%s%s", unit_on_sqlite() ? u->path : "the live rows", suffixes[s]);
		size_t length;
		unsigned char *bytes = register_bytes(u, suffixes[s], &length);
		for (size_t m = 0; bytes && m < count; m++)
			if (memmem(bytes, length, markers[m], strlen(markers[m]))) {
				free(bytes);
				fail_msg("%s: %s still holds \"%s\"", when, path, markers[m]);
			}
		free(bytes);
	}
}

/* A hand-added person with notes, an erasure request linked to them, an
 * earlier inspection refused before anyone was linked (it names them by
 * name and e-mail only): after the erasure none of their name, e-mail or
 * phone is in the files, and the requests keep number, kind and outcome. */
static void test_hand_added_person_with_unlinked_requests(void **state)
{
	struct fixture *f = *state;
	long long person = add_person(f, "Ilona", "Xyloväärä", "ilona.xylovaara@example.fi", "044 731 9902",
				      "Soittaa aina aamuisin; Xyloväärän perhe");
	long long bystander = add_person(f, "Bertta", "Sivullinen", "bertta@example.fi", "044 555 0101", "");
	long long unlinked = add_request(f, REQUEST_INSPECTION, "Ilona Xyloväärä",
					 "e-mail ilona.xylovaara@example.fi, asks by phone 044 731 9902");
	EXPECT_OK(&f->officer, request_refuse(&f->officer, unlinked, "asked by phone only: told how to make a valid request"));
	long long open_unlinked = add_request(f, REQUEST_RECTIFICATION, "Xyloväärä Ilona", "the name is spelt wrong");
	long long namesake_of_other = add_request(f, REQUEST_INSPECTION, "Bertta Sivullinen", "");
	long long erasure = add_request(f, REQUEST_ERASURE, "Ilona Xyloväärä", "born in Mikkeli, ilona.xylovaara@example.fi");
	verify(f, erasure);
	EXPECT_OK(&f->officer, request_link_contact(&f->officer, erasure, person));
	const char *const markers[] = { "xylov", "ilona.xylovaara", "731 9902", "7319902" };
	struct erasure_preview preview;
	EXPECT_OK(&f->officer, erasure_confirm(&f->officer, person, erasure, &preview));
	assert_int_equal(erasure_pending_count(f->u->db), 0);
	expect_vacuumed(f->u->db);
	expect_no_bytes(f->u, markers, COUNT(markers), "after the erasure");
	/* The requests stay, as accountability needs them. */
	for (long long id = unlinked; id <= erasure; id++) {
		struct subject_request request;
		EXPECT_OK(&f->officer, request_load(&f->officer, id, &request));
		if (id == namesake_of_other) {
			assert_string_equal(request.requester_name, "Bertta Sivullinen");
			continue;
		}
		assert_string_equal(request.requester_name, "");
		assert_string_equal(request.identifying_details, "");
		if (id == unlinked) {
			assert_int_equal(request.status, REQUEST_STATUS_REFUSED);
			assert_string_equal(request.outcome, "refused");
		}
		if (id == open_unlinked)
			assert_int_equal(request.status, REQUEST_STATUS_RECEIVED);
	}
	database_close(f->u->db);
	f->u->db = NULL;
	expect_no_bytes(f->u, markers, COUNT(markers), "after closing");
	/* The scan sees what is there. */
	const char *const kept[] = { "sivullinen" };
	bool seen = false;
	size_t length;
	unsigned char *bytes = register_bytes(f->u, "", &length);
	seen = bytes && memmem(bytes, length, kept[0], strlen(kept[0]));
	free(bytes);
	assert_true(seen);
	(void)bystander;
}

/* A request that closes keeps only what accountability needs: number,
 * kind, channel, dates, the outcome as a code, who handled it (GDPR Art.
 * 5(1)(c), 5(2)); until then the access report has the details. */
static void test_closed_request_keeps_only_accountability(void **state)
{
	struct fixture *f = *state;
	long long person = add_person(f, "Onni", "Oikeaoppinen", "onni@example.fi", "", "");
	long long request_id = add_request(f, REQUEST_INSPECTION, "Onni Oikeaoppinen", "onni@example.fi, Kuopio");
	verify(f, request_id);
	EXPECT_OK(&f->officer, request_link_contact(&f->officer, request_id, person));
	struct subject_request request;
	EXPECT_OK(&f->officer, request_load(&f->officer, request_id, &request));
	assert_string_equal(request.identifying_details, "onni@example.fi, Kuopio");   /* open: still there */
	EXPECT_OK(&f->officer, request_complete(&f->officer, request_id, "report handed to Onni Oikeaoppinen at the desk"));
	EXPECT_OK(&f->officer, request_load(&f->officer, request_id, &request));
	assert_int_equal(request.status, REQUEST_STATUS_COMPLETED);
	assert_int_equal(request.kind, REQUEST_INSPECTION);
	assert_int_equal(request.channel, REQUEST_CHANNEL_IN_PERSON);
	assert_string_not_equal(request.received_on, "");
	assert_string_equal(request.requester_name, "");
	assert_string_equal(request.identifying_details, "");
	assert_string_equal(request.outcome, "completed");
	assert_string_not_equal(request.created_by, "");
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM subject_request WHERE closed_by IS NOT NULL "
					"AND closed_at <> ''"), 1);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM subject_request WHERE outcome LIKE "
					"'%Oikeaoppinen%' OR requester_name <> ''"), 0);
}

/* ---- A reader keeps the WAL from being emptied ---- */

static void hold_a_reader(const char *path, sqlite3 **reader)
{
	assert_int_equal(sqlite3_open_v2(path, reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(*reader, "BEGIN; SELECT count(*) FROM contact;", NULL, NULL, NULL), SQLITE_OK);
}

/* Another program reading while the erasure runs: the erasure says its
 * last step is pending, a marker without personal data records it, and a
 * retry once the reader is gone, the next start and `check` finish it. */
static void test_reader_leaves_a_pending_finish(void **state)
{
	struct fixture *f = *state;
	if (!unit_on_sqlite()) {
		print_message("skipped on PostgreSQL: a reader holds SQLite's WAL (see test_killed_erasure_leaves_it_pending)\n");
		skip();
	}
	add_person(f, "Bertta", "Sivullinen", "bertta@example.fi", "", "");
	long long person = add_person(f, "Veikko", "Wqlukija", "veikko.wqlukija@example.fi", "045 880 1122",
				      "tavattu messuilla");
	sqlite3 *reader = NULL;
	hold_a_reader(f->u->path, &reader);
	/* Not ten seconds per try in a test: the reader does not go away. */
	sqlite3_busy_timeout(f->u->db->handle, 50);
	struct erasure_preview preview;
	EXPECT_OK(&f->officer, erasure_confirm(&f->officer, person, 0, &preview));
	assert_int_equal(erasure_pending_count(f->u->db), 1);
	assert_non_null(strstr(f->u->db->error, "regdesk check"));
	assert_false(erasure_finish_pending(f->u->db));   /* a retry while the reader stays */
	assert_int_equal(erasure_pending_count(f->u->db), 1);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM erasure_pending WHERE reason LIKE '%wqlukija%'"),
			 0);
	/* The old pages are still in the files: that is why it is pending. */
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", f->u->path);
	struct stat info;
	assert_int_equal(stat(wal, &info), 0);
	assert_true(info.st_size > 0);
	sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(reader);
	/* The next start finishes it. */
	database_close(f->u->db);
	char error[512];
	EXPECT_OK(&f->officer, database_open(&f->u->db, f->u->path, error, sizeof error));
	assert_int_equal(erasure_pending_count(f->u->db), 1);
	assert_true(erasure_finish_pending(f->u->db));
	assert_int_equal(erasure_pending_count(f->u->db), 0);
	const char *const markers[] = { "wqlukija", "880 1122", "8801122" };
	expect_no_bytes(f->u, markers, COUNT(markers), "after the pending finish");
}

/* A session stopped after the erasure's commit, before its wipe (SQLite:
 * VACUUM and the WAL emptied; PostgreSQL: VACUUM of the dead tuples): the
 * marker written first stays, `check` and the next start see it pending,
 * and finishing it wipes the traces. On both engines. */
static void test_killed_erasure_leaves_it_pending(void **state)
{
	struct fixture *f = *state;
	long long person = add_person(f, "Kaarlo", "Qwkeskeyttaja", "kaarlo.qwk@example.fi", "045 777 3141", "");
	struct database *db = f->u->db;
	EXPECT_OK(&f->officer, database_begin(db));
	struct erasure_preview preview;
	EXPECT_OK(&f->officer, erasure_erase_person(&f->officer, person, 0, &preview));
	EXPECT_OK(&f->officer, database_commit(db));
	/* What erasure_leave_no_trace writes first, and then the stop. */
	unit_exec(db, "INSERT INTO erasure_pending (since, reason) VALUES ('2026-12-06T08:00:00Z', 'erasure')");
	if (!unit_on_sqlite())
		assert_int_equal(unit_query_int(db, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'contact' "
						"AND last_vacuum IS NOT NULL"), 0);
	assert_int_equal(erasure_pending_count(db), 1);
	assert_true(erasure_finish_pending(db));
	assert_int_equal(erasure_pending_count(db), 0);
	expect_vacuumed(db);
	const char *const markers[] = { "qwkeskeyttaja", "kaarlo.qwk", "777 3141", "7773141" };
	expect_no_bytes(f->u, markers, COUNT(markers), "after the pending finish");
}

/* ---- Identity codes and document numbers in free text ---- */

static void expect_refused(const char *text)
{
	char reason[256] = "";
	if (validate_no_identity_numbers(text, reason, sizeof reason))
		fail_msg("\"%s\" was accepted: it holds an identity code or a document number", text);
	assert_non_null(strstr(reason, "do not record identity codes or document numbers"));
}

static void expect_accepted(const char *text)
{
	char reason[256] = "";
	if (!validate_no_identity_numbers(text, reason, sizeof reason))
		fail_msg("\"%s\" was refused (%s): it holds no identity code", text, reason);
}

/* GDPR Art. 87, Data Protection Act 1050/2018 §29, EDPB and Ombudsman
 * guidance: free text never carries a henkilötunnus or a document number. */
static void test_identity_codes_are_refused(void **state)
{
	(void)state;
	expect_refused("131052-308T");                 /* the Digital and Population Data Services example */
	expect_refused("hetu 131052-308t, soitti");    /* any case, inside text */
	expect_refused("010594Y9032");                 /* the century signs of 2023: Y */
	expect_refused("020502E1234");                 /* a letter sign with a wrong check: still a code */
	expect_refused("010181-900C");                 /* temporary number */
	expect_refused("passi XP1234567");
	expect_refused("Passport no. AB7654321 checked");
	expect_refused("henkilökortin numero 123456789");
	expect_accepted("");
	expect_accepted("soita 040 123 4567 tai +358 40 1234567");
	expect_accepted("0401234567 ja 050123456");
	expect_accepted("Y-tunnus 1234567-8, postinumero 00100");
	expect_accepted("syntynyt 13.10.1952, asiakas 2019-2024");
	expect_accepted("viite 120590-1234");          /* a dash and a wrong check: some other reference */
	expect_accepted("lasku 123456789");            /* nine digits with no document word */
	expect_accepted("Kalle1234567 AB12345678");
	assert_true(validate_is_identity_code_header("Henkilötunnus"));
	assert_true(validate_is_identity_code_header(" HETU "));
	assert_true(validate_is_identity_code_header("Personnummer"));
	assert_true(validate_is_identity_code_header("SSN"));
	assert_true(validate_is_identity_code_header("Identity code"));
	assert_false(validate_is_identity_code_header("Y-tunnus"));
	assert_false(validate_is_identity_code_header("Puhelin"));
}

/* Contact notes, request details and outcomes, hold descriptions and an
 * import's notes column refuse a code; an import never maps a column named
 * as one. */
static void test_identity_codes_refused_where_text_is_kept(void **state)
{
	struct fixture *f = *state;
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, "Helmi");
	contact_set(&contact, CONTACT_LAST_NAME, "Hetuton");
	contact_set(&contact, CONTACT_NOTES, "hetu 131052-308T");
	contact.categories = 1u << CATEGORY_CUSTOMER;
	assert_int_equal(contact_save(&f->officer, &contact, true, NULL), STATUS_ERR_INVALID);
	assert_non_null(strstr(f->u->db->error, "identity codes"));
	contact_set(&contact, CONTACT_NOTES, "soittaa 040 123 4567");
	EXPECT_OK(&f->officer, contact_save(&f->officer, &contact, true, NULL));
	long long person = contact.id;
	contact_free(&contact);

	struct subject_request request;
	memset(&request, 0, sizeof request);
	request.kind = REQUEST_INSPECTION;
	request.channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request.requester_name, sizeof request.requester_name, "%s", "Helmi Hetuton");
	snprintf(request.identifying_details, sizeof request.identifying_details, "%s", "passi XP1234567");
	assert_int_equal(request_add(&f->officer, &request), STATUS_ERR_INVALID);
	long long request_id = add_request(f, REQUEST_INSPECTION, "Helmi Hetuton", "Kuopio");
	verify(f, request_id);
	assert_int_equal(request_complete(&f->officer, request_id, "handed over, hetu 131052-308T"), STATUS_ERR_INVALID);
	assert_int_equal(request_refuse(&f->officer, request_id, "131052-308T not ours"), STATUS_ERR_INVALID);

	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = person;
	hold.law = HOLD_ACCOUNTING_VOUCHER;
	snprintf(hold.covers, sizeof hold.covers, "%s", "invoice of 131052-308T");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	assert_int_equal(hold_add(&f->officer, &hold), STATUS_ERR_INVALID);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM legal_hold"), 0);

	/* The import: a notes column with a code is an invalid row; a column
	 * headed Henkilötunnus cannot be mapped to anything. */
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/codes.csv", f->u->dir);
	FILE *file = fopen(path, "wb");
	assert_non_null(file);
	fprintf(file, "Etunimi;Sukunimi;Lisätiedot;Henkilötunnus\r\nAino;Alku;hetu 131052-308T;131052-308T\r\n");
	assert_int_equal(fclose(file), 0);
	struct csv_import *import = NULL;
	EXPECT_OK(&f->officer, csv_import_open(&f->officer, path, NULL, &import));
	assert_int_equal(csv_import_column_target(import, 3).kind, IMPORT_TARGET_IGNORE);
	char reason[512];
	assert_true(csv_import_mapping_ready(import, reason, sizeof reason));
	struct import_report report;
	memset(&report, 0, sizeof report);
	assert_int_not_equal(csv_import_run(import, false, &report), STATUS_OK);
	assert_int_equal(report.counts.invalid, 1);
	struct import_target notes = csv_import_column_target(import, 2);
	csv_import_set_column_target(import, 3, &notes);
	struct import_target ignore = { .kind = IMPORT_TARGET_IGNORE };
	csv_import_set_column_target(import, 2, &ignore);
	assert_false(csv_import_mapping_ready(import, reason, sizeof reason));
	assert_non_null(strstr(reason, "Henkilötunnus"));
	csv_import_close(import);
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM contact WHERE last_name = 'Alku'"), 0);
}

/* ---- Files the program wrote ---- */

/* Reports and exports go into one private folder, not the home directory;
 * the erasure lists the files that hold the person's data (the report log
 * and the disclosure log) and deletes them when asked. */
static void test_files_holding_the_person_are_listed_and_deleted(void **state)
{
	struct fixture *f = *state;
	char folder[PATH_MAX], path[PATH_MAX + 64];
	snprintf(folder, sizeof folder, "%s/files", f->u->dir);
	/* Only the privacy officer's full path is taken. */
	assert_int_equal(settings_change(&f->officer, SETTING_FILES_FOLDER, "relative/files"), STATUS_ERR_INVALID);
	EXPECT_OK(&f->officer, settings_change(&f->officer, SETTING_FILES_FOLDER, folder));
	assert_true(files_folder_path(f->u->db, "regdesk-report-1-1.txt", path, sizeof path));
	struct stat info;
	assert_int_equal(stat(folder, &info), 0);
	assert_int_equal(info.st_mode & 0777, 0700);
	assert_int_equal(strncmp(path, folder, strlen(folder)), 0);

	long long person = add_person(f, "Tiina", "Tiedostonen", "tiina@example.fi", "", "");
	long long other = add_person(f, "Bertta", "Sivullinen", "bertta@example.fi", "", "");
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs("Tiina Tiedostonen\n", file);
	fclose(file);
	EXPECT_OK(&f->officer, written_file_record(&f->officer, path, "report", person));
	char other_report[PATH_MAX + 64];
	assert_true(files_folder_path(f->u->db, "regdesk-report-2-2.txt", other_report, sizeof other_report));
	file = fopen(other_report, "w");
	assert_non_null(file);
	fclose(file);
	EXPECT_OK(&f->officer, written_file_record(&f->officer, other_report, "report", other));
	struct recipient recipient;
	memset(&recipient, 0, sizeof recipient);
	snprintf(recipient.name, sizeof recipient.name, "%s", "Kysely Oy");
	recipient.kind = RECIPIENT_PARTNER;
	snprintf(recipient.country, sizeof recipient.country, "%s", "FI");
	EXPECT_OK(&f->officer, recipient_save(&f->officer, &recipient));
	char export_path[PATH_MAX + 64], sha[65];
	assert_true(files_folder_path(f->u->db, "regdesk-survey.csv", export_path, sizeof export_path));
	struct export_preview export;
	EXPECT_OK(&f->officer, export_write(&f->officer, "survey", recipient.id, export_path, &export, sha));

	struct erasure_files files;
	struct session reception;
	unit_make_session(&f->officer, ROLE_RECEPTION, "rita", &reception);
	assert_int_equal(erasure_list_files(&reception, person, &files), STATUS_ERR_FORBIDDEN);
	EXPECT_OK(&f->officer, erasure_list_files(&f->officer, person, &files));
	assert_int_equal(files.count, 2);
	struct erasure_preview preview;
	EXPECT_OK(&f->officer, erasure_confirm(&f->officer, person, 0, &preview));
	int deleted = 0;
	EXPECT_OK(&f->officer, erasure_delete_files(&f->officer, person, &files, &deleted));
	assert_int_equal(deleted, 2);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(access(export_path, F_OK), -1);
	assert_int_equal(access(other_report, F_OK), 0);   /* someone else's report stays */
	assert_int_equal(unit_query_int(f->u->db, "SELECT count(*) FROM audit_entry WHERE action = 'erasure.files'"), 1);
	unlink(other_report);
	rmdir(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_imported_people_leave_no_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_added_person_with_unlinked_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_request_keeps_only_accountability, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_leaves_a_pending_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_erasure_leaves_it_pending, setup, teardown),
		cmocka_unit_test(test_identity_codes_are_refused),
		cmocka_unit_test_setup_teardown(test_files_holding_the_person_are_listed_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_codes_refused_where_text_is_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

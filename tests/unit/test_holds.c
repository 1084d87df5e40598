/* Held data (GDPR Art. 17(3)(b), 18; Accounting Act 2:10; notice §4.2,
 * §6.4): a hold keeps only the fields it names; a held record is used for
 * nothing (no duplicate, no desk search, no list total); when the last hold
 * ends the record comes back to the review and is erased in full; the raw
 * database file, its WAL and shm keep no byte of what was erased. */
#include "unit.h"

#include <time.h>

#include "clock.h"
#include "contact.h"
#include "contact_internal.h"
#include "erasure.h"
#include "organisation.h"
#include "request.h"
#include "review.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

struct fixture {
	struct unit_db *u;
	struct session officer, reception;
};

static time_t utc_noon(int year, int month, int day)
{
	struct tm parts = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12 };
	return timegm(&parts);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	clock_override(utc_noon(2026, 3, 15));
	f->u = unit_open();
	unit_first_officer(f->u->db, &f->officer);
	unit_make_session(&f->officer, ROLE_RECEPTION, "rita", &f->reception);
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

static long long add_organisation(struct session *session, const char *name)
{
	struct organisation organisation;
	organisation_init(&organisation);
	organisation_set(&organisation, ORGANISATION_NAME, name);
	EXPECT_OK(session, organisation_save(session, &organisation));
	long long id = organisation.id;
	organisation_free(&organisation);
	return id;
}

struct person {
	const char *first, *last, *email, *phone, *street, *title, *notes;
	long long organisation_id;
};

static long long add_person(struct session *session, const struct person *person)
{
	struct contact contact;
	contact_init(&contact);
	contact_set(&contact, CONTACT_FIRST_NAME, person->first);
	contact_set(&contact, CONTACT_LAST_NAME, person->last);
	contact_set(&contact, CONTACT_EMAIL, person->email ? person->email : "");
	contact_set(&contact, CONTACT_PHONE, person->phone ? person->phone : "");
	contact_set(&contact, CONTACT_STREET, person->street ? person->street : "");
	contact_set(&contact, CONTACT_POSTAL_CODE, person->street ? "50100" : "");
	contact_set(&contact, CONTACT_CITY, person->street ? "Mikkeli" : "");
	contact_set(&contact, CONTACT_TITLE, person->title ? person->title : "");
	contact_set(&contact, CONTACT_NOTES, person->notes ? person->notes : "");
	contact.organisation_id = person->organisation_id;
	contact.categories = 1u << CATEGORY_CUSTOMER;
	enum status status = contact_save(session, &contact, true, NULL);
	long long id = contact.id;
	contact_free(&contact);
	expect_status(session, status, STATUS_OK, "contact_save");
	assert_true(id > 0);
	return id;
}

static void add_reference(struct session *session, long long contact_id, const char *text)
{
	struct maintenance_reference reference = { .kind = 0 };
	snprintf(reference.reference, sizeof reference.reference, "%s", text);
	EXPECT_OK(session, contact_add_reference(session, contact_id, &reference));
}

/* A hold of the Accounting Act (ledger: until 2035-12-31), keeping fields (0: its default). */
static struct legal_hold accounting_hold(struct session *session, long long contact_id, unsigned fields)
{
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = contact_id;
	hold.law = HOLD_ACCOUNTING_LEDGER;
	hold.fields = fields;
	snprintf(hold.covers, sizeof hold.covers, "%s", "contact data on invoices of 2025");
	snprintf(hold.basis_date, sizeof hold.basis_date, "%s", "2025-12-31");
	EXPECT_OK(session, hold_add(session, &hold));
	return hold;
}

/* A hold of another law, until the date given. */
static void other_hold(struct session *session, long long contact_id, unsigned fields, const char *until)
{
	struct legal_hold hold;
	memset(&hold, 0, sizeof hold);
	hold.contact_id = contact_id;
	hold.law = HOLD_OTHER;
	hold.fields = fields;
	snprintf(hold.law_name, sizeof hold.law_name, "%s", "Laki testistä 1/2026");
	snprintf(hold.covers, sizeof hold.covers, "%s", "the contract");
	snprintf(hold.until, sizeof hold.until, "%s", until);
	EXPECT_OK(session, hold_add(session, &hold));
}

static void expect_column(struct database *db, long long id, const char *column, const char *expected)
{
	char value[512];
	sql_text(db, value, sizeof value, "SELECT %s FROM contact WHERE id = %lld", column, id);
	if (strcmp(value, expected) != 0)
		fail_msg("contact #%lld %s is \"%s\", expected \"%s\"", id, column, value, expected);
}

/* ---- Hold fields ---- */

/* Entries of the search index for a whole word: SQLite's FTS5, PostgreSQL's word table. */
static long long index_hits(struct database *db, const char *word)
{
	return unit_on_sqlite() ? sql_int(db, "SELECT count(*) FROM contact_search WHERE contact_search MATCH '\"%s\"'", word)
				: sql_int(db, "SELECT count(*) FROM contact_search_word WHERE word = '%s'", word);
}

static void test_hold_fields_parse_and_print(void **state)
{
	(void)state;
	unsigned fields;
	char bad[32] = "", text[256];
	assert_true(hold_fields_parse("name, organisation,references", &fields, bad, sizeof bad));
	assert_int_equal(fields, HOLD_FIELDS_ACCOUNTING);
	hold_fields_codes(fields | (1u << HOLD_FIELD_EMAIL), text, sizeof text);
	assert_string_equal(text, "name,organisation,references,email");
	assert_false(hold_fields_parse("name,shoe-size", &fields, bad, sizeof bad));
	assert_string_equal(bad, "shoe-size");
}

/* Accounting Act 2:10 keeps name, organisation and references: e-mail, phone,
 * address, title and notes go at once; the preview says exactly what stays. */
static void test_erasure_under_hold_keeps_only_its_fields(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long company = add_organisation(officer, "Laskutus Oy");
	const struct person held = { "Heli", "Laskutettava", "heli.laskutettava@example.fi", "040 555 1234", "Kirjatie 3",
				     "Ostopäällikkö", "soita aamuisin", company };
	long long person = add_person(officer, &held);
	add_reference(officer, person, "SA-2025-77");
	struct legal_hold hold = accounting_hold(officer, person, 0);
	assert_int_equal(hold.fields, HOLD_FIELDS_ACCOUNTING);

	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_preview(officer, person, &preview));
	assert_int_equal(preview.held, 1);
	assert_string_equal(preview.held_until, "2035-12-31");
	assert_int_equal(preview.kept_fields, HOLD_FIELDS_ACCOUNTING);
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));

	/* Kept: name, organisation, references. */
	expect_column(db, person, "first_name || ' ' || last_name", "Heli Laskutettava");
	assert_int_equal(sql_int(db, "SELECT organisation_id FROM contact WHERE id = %lld", person), company);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM maintenance_reference WHERE contact_id = %lld", person), 1);
	/* Gone now, with what was derived from them. */
	static const char *const blank[] = { "email", "phone", "street", "postal_code", "city", "title", "notes",
					     "email_key", "phone_key" };
	for (size_t i = 0; i < COUNT(blank); i++)
		expect_column(db, person, blank[i], "");
	char words[512];
	sql_text(db, words, sizeof words, "SELECT search_text FROM contact WHERE id = %lld", person);
	if (strstr(words, "heli.laskutettava@") || strstr(words, "example") || strstr(words, "0405551234"))
		fail_msg("the search words keep erased data: %s", words);
	/* The search index has the kept words only: the officer finds the name, not the e-mail. */
	struct contact_row rows[8];
	struct contact_query by_name = { "laskutettava", 0 }, by_phone = { "040 555 1234", 0 }, by_email = { "example", 0 };
	assert_int_equal(contact_search_page(officer, &by_name, NULL, false, rows, 8), 1);
	assert_int_equal(contact_search_page(officer, &by_phone, NULL, false, rows, 8), 0);
	assert_int_equal(contact_search_page(officer, &by_email, NULL, false, rows, 8), 0);
	assert_int_equal(index_hits(db, "example"), 0);
	/* The audit names what stayed. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit_entry WHERE action = 'erasure.partial' AND "
				 "fields = 'all except held:name,organisation,references'"), 1);
}

/* The officer ticks the e-mail too; a hold of another law keeps only the name and e-mail. */
static void test_hold_keeps_the_fields_the_officer_names(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long company = add_organisation(officer, "Sopimus Oy");
	const struct person held = { "Sami", "Sopimuksellinen", "sami.s@example.fi", "050 123 4567", "Sopimustie 1", "",
				     "", company };
	long long person = add_person(officer, &held);
	add_reference(officer, person, "MO-1");
	other_hold(officer, person, (1u << HOLD_FIELD_NAME) | (1u << HOLD_FIELD_EMAIL), "2027-12-31");
	struct legal_hold holds[4];
	assert_int_equal(hold_list(officer, person, holds, 4), 1);
	assert_int_equal(holds[0].fields, (1u << HOLD_FIELD_NAME) | (1u << HOLD_FIELD_EMAIL));
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));
	expect_column(db, person, "email", "sami.s@example.fi");
	expect_column(db, person, "last_name", "Sopimuksellinen");
	expect_column(db, person, "phone", "");
	expect_column(db, person, "street", "");
	assert_int_equal(sql_int(db, "SELECT organisation_id IS NULL FROM contact WHERE id = %lld", person), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM maintenance_reference WHERE contact_id = %lld", person), 0);
	/* Two holds keep the union of their fields, until the later end. */
	long long second = add_person(officer, &(struct person){ "Tiina", "Kaksinkertainen", "tiina@example.fi",
								 "040 111 2222", NULL, NULL, NULL, 0 });
	other_hold(officer, second, 1u << HOLD_FIELD_PHONE, "2027-06-30");
	accounting_hold(officer, second, 0);
	EXPECT_OK(officer, erasure_preview(officer, second, &preview));
	assert_int_equal(preview.held, 2);
	assert_string_equal(preview.held_until, "2035-12-31");
	assert_int_equal(preview.kept_fields, HOLD_FIELDS_ACCOUNTING | (1u << HOLD_FIELD_PHONE));
	/* A hold naming no known field is refused. */
	struct legal_hold bad;
	memset(&bad, 0, sizeof bad);
	bad.contact_id = second;
	bad.law = HOLD_ACCOUNTING_VOUCHER;
	bad.fields = 1u << HOLD_FIELD_COUNT;
	snprintf(bad.covers, sizeof bad.covers, "%s", "x");
	snprintf(bad.basis_date, sizeof bad.basis_date, "%s", "2025-12-31");
	EXPECT_STATUS(officer, hold_add(officer, &bad), STATUS_ERR_INVALID);
}

/* ---- Restricted means unused (GDPR Art. 18) ---- */

static void test_held_record_is_never_a_duplicate_nor_counted(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	long long company = add_organisation(officer, "Kaksoset Oy");
	const struct person held = { "Kalle", "Kaksoinen", "kalle.k@example.fi", "040 765 4321", NULL, NULL, NULL, company };
	long long person = add_person(officer, &held);
	/* The Accounting Act keeps name and organisation: the same name at the same organisation. */
	accounting_hold(officer, person, (1u << HOLD_FIELD_EMAIL) | (1u << HOLD_FIELD_PHONE) | HOLD_FIELDS_ACCOUNTING);
	struct contact twin;
	contact_init(&twin);
	contact_set(&twin, CONTACT_FIRST_NAME, "Kalle");
	contact_set(&twin, CONTACT_LAST_NAME, "Kaksoinen");
	contact_set(&twin, CONTACT_EMAIL, "kalle.k@example.fi");
	contact_set(&twin, CONTACT_PHONE, "040 765 4321");
	twin.organisation_id = company;
	struct contact_duplicate found[4];
	long long probed[4];
	assert_int_equal(contact_find_duplicates(&f->reception, &twin, found, 4), 1);   /* before: found */
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));
	assert_int_equal(preview.held, 1);
	/* After: kept (e-mail and phone too), yet matched by no duplicate check. */
	assert_int_equal(contact_find_duplicates(&f->reception, &twin, found, 4), 0);
	assert_int_equal(contact_find_duplicates(officer, &twin, found, 4), 0);
	assert_int_equal(contact_store_duplicate_probe(&f->reception, &twin, probed, 4), 0);
	contact_free(&twin);
	/* Not in the organisation's people nor its count. */
	struct organisation_row rows[4];
	assert_int_equal(organisation_search(&f->reception, "Kaksoset", 0, rows, 4), 1);
	assert_int_equal(rows[0].contact_count, 0);
	struct contact_row people[4];
	assert_int_equal(organisation_contacts(&f->reception, company, 0, people, 4), 0);
	/* Reception's total of a search by the kept name is 0; the officer's is 1. */
	struct contact_query query = { "kaksoinen", 0 };
	assert_int_equal(contact_search_count(&f->reception, &query, 100), 0);
	assert_int_equal(contact_search_count(officer, &query, 100), 1);
}

/* ---- The hold ends, the data go ---- */

static void test_ended_hold_brings_the_record_to_the_review(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	struct database *db = f->u->db;
	long long person = add_person(officer, &(struct person){ "Päivi", "Päättyvä", "paivi@example.fi", "040 222 3333",
								 "Loppukatu 1", NULL, NULL, 0 });
	add_reference(officer, person, "SA-END-1");
	other_hold(officer, person, HOLD_FIELDS_ACCOUNTING, "2026-06-30");
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, person, 0, &preview));
	assert_int_equal(preview.held, 1);

	/* While the hold lasts: in no queue. */
	struct review_filter ended = { .category = -1, .reason = REVIEW_HOLD_ENDED };
	struct review_item items[8];
	assert_true(review_build_queue(officer) >= 0);
	assert_int_equal(review_queue_page(officer, &ended, 0, items, 8), 0);
	long long erased = -1, held = -1;
	EXPECT_OK(officer, review_erase_rule(officer, REVIEW_RULE_HOLD_ENDED, true, &erased, &held));
	assert_int_equal(erased, 0);

	/* The day after it ended: back in the queue as "hold ended". */
	clock_override(utc_noon(2026, 7, 1));
	assert_true(review_build_queue(officer) >= 1);
	assert_int_equal(review_queue_page(officer, &ended, 0, items, 8), 1);
	assert_int_equal(items[0].contact_id, person);
	assert_int_equal(items[0].reason, REVIEW_HOLD_ENDED);
	assert_string_equal(items[0].rule_code, REVIEW_RULE_HOLD_ENDED);
	assert_string_equal(items[0].due_on, "2026-06-30");
	struct review_filter by_rule = { .category = -1, .reason = -1, .rule_code = REVIEW_RULE_HOLD_ENDED };
	assert_int_equal(review_queue_count(officer, &by_rule), 1);
	/* review erase --rule hold-ended: erased in full, no trace. */
	EXPECT_OK(officer, review_erase_rule(officer, REVIEW_RULE_HOLD_ENDED, true, &erased, &held));
	assert_int_equal(erased, 1);
	EXPECT_OK(officer, review_erase_rule(officer, REVIEW_RULE_HOLD_ENDED, false, &erased, &held));
	assert_int_equal(erased, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM legal_hold WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM maintenance_reference WHERE contact_id = %lld", person), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM review_decision WHERE contact_id = %lld AND decision = 'erase' "
				 "AND rule_code = 'hold-ended'", person), 1);
	assert_int_equal(review_queue_page(officer, &ended, 0, items, 8), 0);
	struct contact_query query = { "paattyva", 0 };
	struct contact_row rows[4];
	assert_int_equal(contact_search_page(officer, &query, NULL, false, rows, 4), 0);
	assert_int_equal(index_hits(db, "paattyva"), 0);
}

/* ---- No bytes left of what was erased ---- */

/* Whether the file holds the bytes of needle; a missing file holds nothing. */
static bool file_holds(const char *path, const char *needle)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	size_t size = 0, capacity = 1 << 16, length = strlen(needle);
	char *data = malloc(capacity);
	assert_non_null(data);
	size_t got;
	while ((got = fread(data + size, 1, capacity - size, file)) > 0) {
		size += got;
		if (size == capacity) {
			char *grown = realloc(data, capacity *= 2);
			assert_non_null(grown);
			data = grown;
		}
	}
	fclose(file);
	bool found = size >= length && memmem(data, size, needle, length) != NULL;
	free(data);
	return found;
}

static void scan(const char *db_path, const char *const *gone, size_t gone_count, const char *const *kept,
		 size_t kept_count, const char *when)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t s = 0; s < COUNT(suffixes); s++) {
		char path[PATH_MAX + 8];
		snprintf(path, sizeof path, "%s%s", db_path, suffixes[s]);
		for (size_t i = 0; i < gone_count; i++)
			if (file_holds(path, gone[i]))
				fail_msg("%s: erased \"%s\" is still in %s", when, gone[i], path);
	}
	for (size_t i = 0; i < kept_count; i++) {
		bool found = false;
		for (size_t s = 0; s < COUNT(suffixes); s++) {
			char path[PATH_MAX + 8];
			snprintf(path, sizeof path, "%s%s", db_path, suffixes[s]);
			found = found || file_holds(path, kept[i]);
		}
		if (!found)
			fail_msg("%s: \"%s\" should be stored but is in none of the files", when, kept[i]);
	}
}

/* Erased with and without holds: no name, e-mail or phone of theirs stays in
 * the database, its WAL or shm, except the fields a live hold keeps (notice §6.4). */
static void test_erased_bytes_are_gone_except_held_fields(void **state)
{
	struct fixture *f = *state;
	struct session *officer = &f->officer;
	long long company = add_organisation(officer, "Pitoyhtiö Oy");
	long long free_person = add_person(officer, &(struct person){ "Vapautettu", "Qxjälkitön", "vapautettu.qx@poisto.example",
								      "040 918 2736", "Unohduskatu 9", "Kadonnut", "muistiinpano xq", 0 });
	long long held_person = add_person(officer, &(struct person){ "Bertta", "Zwpidossa", "bertta.zwsalainen@pito.example",
								      "050 817 2635", "Salaisuudentie 4", "Zwnimike", "zwmuistio", company });
	long long keep_person = add_person(officer, &(struct person){ "Cecilia", "Jäävärekisteri", "cecilia.jaa@example.fi",
								      "044 123 9876", NULL, NULL, NULL, 0 });
	add_reference(officer, held_person, "INV-ZW-2025-001");
	accounting_hold(officer, held_person, 0);
	/* Some traffic that rewrites pages. */
	for (int i = 0; i < 30; i++) {
		char first[32], email[64];
		snprintf(first, sizeof first, "Täyte%d", i);
		snprintf(email, sizeof email, "tayte%d@example.fi", i);
		add_person(officer, &(struct person){ first, "Täytenen", email, NULL, NULL, NULL, NULL, 0 });
	}
	struct erasure_preview preview;
	EXPECT_OK(officer, erasure_confirm(officer, free_person, 0, &preview));
	assert_int_equal(preview.held, 0);
	EXPECT_OK(officer, erasure_confirm(officer, held_person, 0, &preview));
	assert_int_equal(preview.held, 1);
	(void)keep_person;

	static const char *const gone[] = {
		/* erased without a hold: everything */
		"Vapautettu", "Qxjälkitön", "qxjalkiton", "vapautettu.qx@poisto.example",
		"poisto.example", "040 918 2736", "0409182736", "Unohduskatu", "Kadonnut", "muistiinpano xq",
		/* erased under the Accounting Act's hold: all but name, organisation, references */
		"bertta.zwsalainen@pito.example", "zwsalainen", "pito.example", "050 817 2635", "0508172635",
		"Salaisuudentie", "Zwnimike", "zwmuistio",
	};
	static const char *const kept[] = {
		"Zwpidossa", "INV-ZW-2025-001", "Pitoyhtiö Oy",          /* the hold keeps them */
		"Jäävärekisteri", "cecilia.jaa@example.fi", "044 123 9876", /* never erased */
	};
	if (!unit_on_sqlite()) {
		/* PostgreSQL: no tuple or index entry, live or dead, holds what went. */
		for (size_t i = 0; i < COUNT(gone); i++)
			unit_expect_no_tuples_mentioning(f->u->db, gone[i]);
		for (size_t i = 0; i < COUNT(kept); i++)
			if (!unit_some_tuple_mentions(f->u->db, kept[i]))
				fail_msg("\"%s\" should be stored but is in no tuple", kept[i]);
		return;
	}
	scan(f->u->path, gone, COUNT(gone), kept, COUNT(kept), "open");
	/* Closed: checkpointed into the file. */
	database_close(f->u->db);
	f->u->db = NULL;
	scan(f->u->path, gone, COUNT(gone), kept, COUNT(kept), "closed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hold_fields_parse_and_print),
		cmocka_unit_test_setup_teardown(test_erasure_under_hold_keeps_only_its_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_keeps_the_fields_the_officer_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_record_is_never_a_duplicate_nor_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ended_hold_brings_the_record_to_the_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erased_bytes_are_gone_except_held_fields, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

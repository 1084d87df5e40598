/* The contacts core (notice §1): saving with validation and audit, no
 * personal identity code, duplicates, the lost-update check between two
 * workstations, search in Finnish order with both plans, organisations,
 * merging, ending a relationship without deleting, and permissions. */
#include "unit.h"
#include "validate.h"

#include "audit.h"
#include "contact.h"
#include "contact_internal.h"
#include "erasure.h"
#include "organisation.h"
#include "permission.h"
#include "request.h"
#include "search_reference.h"
#include "text.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])
/* Must stay above FEW_HITS (3000) in src/contact_search.c so that a one-letter
 * query takes the "many hits" plan. */
#define LARGE_COUNT 3500

/* ---- Fixture: a fresh register and its first privacy officer ---- */

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

static struct fixture *fixture_of(void **state)
{
	return *state;
}

/* ---- Helpers ---- */

static long long count_audit(struct database *db, const char *action, long long record_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_entry WHERE action = '%s' AND record_id = %lld", action,
		 record_id);
	return unit_query_int(db, sql);
}

static long long count_audit_by(struct database *db, const char *action, long long account_id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_entry WHERE action = '%s' AND account_id = %lld",
		 action, account_id);
	return unit_query_int(db, sql);
}

/* The fields of the newest audit entry with this action and record. */
static void audit_fields(struct database *db, const char *action, long long record_id, char *out, size_t out_size)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT fields FROM audit_entry WHERE action = '%s' AND record_id = %lld ORDER BY id DESC LIMIT 1",
		 action, record_id);
	unit_query_text(db, sql, out, out_size);
}

/* True when name is one of the items of a comma-separated list. */
static bool list_has(const char *list, const char *name)
{
	size_t length = strlen(name);
	for (const char *item = list; *item;) {
		size_t item_length = strcspn(item, ",");
		if (item_length == length && memcmp(item, name, length) == 0)
			return true;
		item += item_length;
		if (*item == ',')
			item++;
	}
	return false;
}

/* Audit entries whose text anywhere contains value (raw, behind the core). */
static long long audit_mentions(struct database *db, const char *value)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM audit_entry WHERE instr(lower(at || '|' || coalesce(CAST(account_id AS TEXT), '') || '|' || "
		"action || '|' || entity || '|' || CAST(record_id AS TEXT) || '|' || fields), lower(CAST(?1 AS TEXT))) > 0");
	assert_non_null(statement);
	statement_bind_text(statement, 1, value);
	assert_int_equal(statement_step(statement), STORAGE_ROW);
	long long count = statement_column_int64(statement, 0);
	database_finalize(statement);
	return count;
}

static long long contact_rows(struct database *db)
{
	return unit_query_int(db, "SELECT count(*) FROM contact");
}

static void make_contact(struct contact *c, const char *first, const char *last)
{
	contact_init(c);
	assert_true(contact_set(c, CONTACT_FIRST_NAME, first));
	assert_true(contact_set(c, CONTACT_LAST_NAME, last));
}

/* Saves c and fails the test with the core's reason when refused. */
static void save_ok(struct session *session, struct contact *c)
{
	enum status status = contact_save(session, c, false, NULL);
	if (status != STATUS_OK)
		fail_msg("saving %s %s: %s (%s)", c->value[CONTACT_FIRST_NAME], c->value[CONTACT_LAST_NAME],
			 status_message(status), session->db->error);
}

/* Adds a contact and returns its id. */
static long long add_contact(struct session *session, const char *first, const char *last, const char *email,
			     const char *phone, long long organisation_id, unsigned categories)
{
	struct contact c;
	make_contact(&c, first, last);
	assert_true(contact_set(&c, CONTACT_EMAIL, email ? email : ""));
	assert_true(contact_set(&c, CONTACT_PHONE, phone ? phone : ""));
	c.organisation_id = organisation_id;
	c.categories = categories;
	save_ok(session, &c);
	assert_true(c.id > 0);
	long long id = c.id;
	contact_free(&c);
	return id;
}

static long long add_organisation(struct session *session, const char *name, const char *business_id,
				  const char *country)
{
	struct organisation o;
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, name);
	organisation_set(&o, ORGANISATION_BUSINESS_ID, business_id);
	organisation_set(&o, ORGANISATION_COUNTRY, country);
	enum status status = organisation_save(session, &o);
	long long id = o.id;
	organisation_free(&o);
	if (status != STATUS_OK)
		fail_msg("saving organisation %s: %s (%s)", name, status_message(status), session->db->error);
	assert_true(id > 0);
	return id;
}

static void set_query(struct contact_query *query, const char *text, unsigned categories)
{
	memset(query, 0, sizeof *query);
	snprintf(query->text, sizeof query->text, "%s", text);
	query->categories = categories;
}

static int search(struct session *session, const char *text, unsigned categories,
		  const struct contact_position *position, bool backwards, struct contact_row *rows, int limit)
{
	struct contact_query query;
	set_query(&query, text, categories);
	int count = contact_search_page(session, &query, position, backwards, rows, limit);
	if (count < 0)
		fail_msg("search \"%s\" failed: %s", text, session->db->error);
	assert_true(count <= limit);
	return count;
}

static long long search_count(struct session *session, const char *text, unsigned categories, long long cap)
{
	struct contact_query query;
	set_query(&query, text, categories);
	return contact_search_count(session, &query, cap);
}

/* The first page of a search as "Last, First|Last, First|…". */
static void search_names(struct session *session, const char *text, unsigned categories, char *out, size_t out_size)
{
	struct contact_row rows[40];
	int count = search(session, text, categories, NULL, false, rows, (int)COUNT(rows));
	out[0] = '\0';
	for (int i = 0; i < count; i++) {
		size_t used = strlen(out);
		snprintf(out + used, out_size - used, "%s%s", i ? "|" : "", rows[i].name);
	}
}

static void expect_names(struct session *session, const char *text, unsigned categories, const char *expected)
{
	char names[4096];
	search_names(session, text, categories, names, sizeof names);
	if (strcmp(names, expected) != 0)
		fail_msg("search \"%s\": got\n  %s\nexpected\n  %s", text, names, expected);
}

/* ---- A small register of Finnish names ---- */

enum { ORG_NONE, ORG_NOKIA, ORG_KONE };

static const struct seed {
	const char *first, *last;
	int organisation;
	unsigned categories;
} seeds[] = {
	/* Deliberately not in name order, so that insertion order proves nothing. */
	{ "Matti", "Virtanen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Örjan", "Öberg", ORG_NONE, 1u << CATEGORY_PROSPECT },
	{ "Sanna", "Söderström", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Zacharias", "Zetterberg", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Aki", "Ähtäri", ORG_NONE, 1u << CATEGORY_PROSPECT },
	{ "Jussi", "Korhonen", ORG_NOKIA, 1u << CATEGORY_MAINTENANCE },
	{ "Åsa", "Åkerlund", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Anna", "Virtanen", ORG_NONE, 1u << CATEGORY_EVENT },
	{ "Carl", "af Forselles", ORG_NONE, 0 },
	{ "Ville", "Aho", ORG_NONE, 1u << CATEGORY_PROSPECT },
	{ "Georg", "von Wright", ORG_NONE, 1u << CATEGORY_TRAINING },
	{ "Kaisa", "Lehtinen-Åberg", ORG_NONE, 1u << CATEGORY_EVENT | 1u << CATEGORY_CUSTOMER },
	{ "Anna", "Ahola", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Pekka", "Virtanen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Timo", "Mäkinen", ORG_NOKIA, 1u << CATEGORY_CUSTOMER },
	{ "Laura", "Nieminen", ORG_KONE, 1u << CATEGORY_CUSTOMER },
	{ "Heikki", "Mäkelä", ORG_NONE, 1u << CATEGORY_STAKEHOLDER },
	{ "Eeva", "Hämäläinen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Liisa", "Virtanen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Tuula", "Laine", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Ilkka", "Heikkinen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Riikka", "Koskinen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Jari", "Järvinen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Matti", "Virtanen", ORG_NONE, 1u << CATEGORY_CUSTOMER },   /* same name: the tie goes by id */
	{ "Minna", "Lehtonen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Sari", "Saarinen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Ville", "Salminen", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Sami", "Sundqvist", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Edith", "Södergran", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Vivi", "Wikström", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Yrjö", "Yrjölä", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Hans", "Müller", ORG_NONE, 1u << CATEGORY_CUSTOMER },
	{ "Mikko", "Mustonen", ORG_NONE, 1u << CATEGORY_CUSTOMER },   /* ü as y: Mustonen < Müller */
};
#define SEED_COUNT ((int)COUNT(seeds))

/* Every seed in Finnish order, written out by hand (… x y z å ä ö; ü as y;
 * a hyphen and the particles "af"/"von" sort as written). */
static const char *const seed_order =
	"af Forselles, Carl|Aho, Ville|Ahola, Anna|Heikkinen, Ilkka|Hämäläinen, Eeva|Järvinen, Jari|"
	"Korhonen, Jussi|Koskinen, Riikka|Laine, Tuula|Lehtinen-Åberg, Kaisa|Lehtonen, Minna|Mustonen, Mikko|Müller, Hans|"
	"Mäkelä, Heikki|Mäkinen, Timo|Nieminen, Laura|Saarinen, Sari|Salminen, Ville|Sundqvist, Sami|"
	"Södergran, Edith|Söderström, Sanna|Virtanen, Anna|Virtanen, Liisa|Virtanen, Matti|Virtanen, Matti|"
	"Virtanen, Pekka|von Wright, Georg|Wikström, Vivi|Yrjölä, Yrjö|Zetterberg, Zacharias|Åkerlund, Åsa|"
	"Ähtäri, Aki|Öberg, Örjan";

struct register_ids {
	long long nokia, kone;
	long long contact[SEED_COUNT];
};

static void seed_register(struct session *session, struct register_ids *ids)
{
	ids->nokia = add_organisation(session, "Nokia Oyj", "0112038-9", "FI");
	ids->kone = add_organisation(session, "Kone Oyj", "1927400-1", "FI");
	for (int i = 0; i < SEED_COUNT; i++) {
		long long organisation = seeds[i].organisation == ORG_NOKIA ? ids->nokia
			: seeds[i].organisation == ORG_KONE ? ids->kone : 0;
		ids->contact[i] = add_contact(session, seeds[i].first, seeds[i].last, NULL, NULL, organisation,
					      seeds[i].categories);
	}
}

/* ---- The brute-force reference for search ---- */

/* Every live contact matching text (letters only: phone digits are left
 * out) and categories, read with raw SQL, folded and sorted here. */
static int brute_force(struct database *db, const char *text, unsigned categories, long long *ids, int max)
{
	char query[512];
	text_search_fold(text, query, sizeof query);
#define BRUTE_FORCE(concat) \
		"SELECT c.id, c.first_name, c.last_name, coalesce(o.name, ''), c.email, " \
		"coalesce((SELECT " concat " FROM contact_category cc WHERE cc.contact_id = c.id), '') " \
		"FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.merged_into IS NULL"
	struct statement *statement = database_prepare(db, unit_on_sqlite() ? BRUTE_FORCE("group_concat(category, ' ')")
						       : BRUTE_FORCE("string_agg(category, ' ')"));
#undef BRUTE_FORCE
	assert_non_null(statement);
	int capacity = 256, count = 0;
	struct reference_row *rows = malloc((size_t)capacity * sizeof *rows);
	assert_non_null(rows);
	while (statement_step(statement) == STORAGE_ROW) {
		char first[512], last[512];
		snprintf(first, sizeof first, "%s", database_text(statement, 1));
		snprintf(last, sizeof last, "%s", database_text(statement, 2));
		char words[2048], folded[2048];
		snprintf(words, sizeof words, "%s %s %s %s", first, last, database_text(statement, 3),
			 database_text(statement, 4));
		text_search_fold(words, folded, sizeof folded);
		if (!reference_words_start(folded, query))
			continue;
		if (categories) {
			unsigned have = 0;
			char codes[256];
			snprintf(codes, sizeof codes, "%s", database_text(statement, 5));
			for (char *code = strtok(codes, " "); code; code = strtok(NULL, " ")) {
				enum contact_category category;
				if (contact_category_parse(code, &category))
					have |= 1u << category;
			}
			if (!(have & categories))
				continue;
		}
		if (count == capacity) {
			capacity *= 2;
			rows = realloc(rows, (size_t)capacity * sizeof *rows);
			assert_non_null(rows);
		}
		struct reference_row *row = &rows[count++];
		row->id = statement_column_int64(statement, 0);
		char last_key[512], first_key[512];
		text_finnish_sort_key(last, last_key, sizeof last_key);
		text_finnish_sort_key(first, first_key, sizeof first_key);
		snprintf(row->key, sizeof row->key, "%s\x01%s", last_key, first_key);
	}
	database_finalize(statement);
	reference_sort(rows, count);
	assert_true(count <= max);
	for (int i = 0; i < count; i++)
		ids[i] = rows[i].id;
	free(rows);
	return count;
}

/* Pages forward through every match, limit rows at a time. */
static int walk_forward(struct session *session, const char *text, unsigned categories, int limit, long long *ids,
			int max)
{
	struct contact_row *rows = calloc((size_t)limit, sizeof *rows);
	assert_non_null(rows);
	struct contact_position position;
	const struct contact_position *from = NULL;
	int total = 0;
	for (;;) {
		int count = search(session, text, categories, from, false, rows, limit);
		for (int i = 0; i < count; i++) {
			if (total >= max)
				fail_msg("paging \"%s\" forward does not end", text);
			ids[total++] = rows[i].id;
		}
		if (count < limit)
			break;
		position = rows[count - 1].position;
		from = &position;
	}
	free(rows);
	return total;
}

/* Pages backwards from the end; returns the ids in forward order. */
static int walk_backward(struct session *session, const char *text, unsigned categories, int limit, long long *ids,
			 int max)
{
	struct contact_row *rows = calloc((size_t)limit, sizeof *rows);
	long long *reversed = calloc((size_t)max, sizeof *reversed);
	assert_non_null(rows);
	assert_non_null(reversed);
	struct contact_position position;
	const struct contact_position *from = NULL;
	int total = 0;
	for (;;) {
		int count = search(session, text, categories, from, true, rows, limit);
		for (int i = 0; i < count; i++) {
			if (total >= max)
				fail_msg("paging \"%s\" backwards does not end", text);
			reversed[total++] = rows[i].id;
		}
		if (count < limit)
			break;
		position = rows[count - 1].position;
		from = &position;
	}
	for (int i = 0; i < total; i++)
		ids[i] = reversed[total - 1 - i];
	free(reversed);
	free(rows);
	return total;
}

static void assert_same_ids(const char *what, const long long *got, int got_count, const long long *expected,
			    int expected_count)
{
	for (int i = 0; i < got_count && i < expected_count; i++)
		if (got[i] != expected[i])
			fail_msg("%s: position %d is contact %lld, expected %lld", what, i, got[i], expected[i]);
	if (got_count != expected_count)
		fail_msg("%s: %d rows, expected %d", what, got_count, expected_count);
}

/* The page of the core against the brute force, and the whole list both ways. */
static void check_against_brute_force(struct session *session, const char *text, unsigned categories, int limit)
{
	int max = LARGE_COUNT + 2 * SEED_COUNT;
	long long *expected = calloc((size_t)max, sizeof *expected);
	long long *got = calloc((size_t)max, sizeof *got);
	assert_non_null(expected);
	assert_non_null(got);
	int expected_count = brute_force(session->db, text, categories, expected, max);
	char what[128];

	struct contact_row *rows = calloc((size_t)limit, sizeof *rows);
	assert_non_null(rows);
	int count = search(session, text, categories, NULL, false, rows, limit);
	for (int i = 0; i < count; i++)
		got[i] = rows[i].id;
	snprintf(what, sizeof what, "first page of \"%s\"", text);
	assert_same_ids(what, got, count, expected, expected_count < limit ? expected_count : limit);
	free(rows);

	int total = walk_forward(session, text, categories, limit, got, max);
	snprintf(what, sizeof what, "\"%s\" paged forward by %d", text, limit);
	assert_same_ids(what, got, total, expected, expected_count);
	total = walk_backward(session, text, categories, limit, got, max);
	snprintf(what, sizeof what, "\"%s\" paged backwards by %d", text, limit);
	assert_same_ids(what, got, total, expected, expected_count);
	free(got);
	free(expected);
}

/* ---- Saving a new contact ---- */

static void test_save_new_contact_audited_without_values(void **state)
{
	struct fixture *f = fixture_of(state);
	struct database *db = f->u->db;
	struct contact c;
	make_contact(&c, "Aino", "Ahlqvist");
	contact_set(&c, CONTACT_TITLE, "Hankintapäällikkö");
	contact_set(&c, CONTACT_EMAIL, "aino.ahlqvist@esimerkki.fi");
	contact_set(&c, CONTACT_PHONE, "+358 50 765 4321");
	contact_set(&c, CONTACT_STREET, "Kunnanmäki 9");
	contact_set(&c, CONTACT_POSTAL_CODE, "50600");
	contact_set(&c, CONTACT_CITY, "Mikkeli");
	contact_set(&c, CONTACT_NOTES, "Soittaa mieluiten aamupäivisin.\nEi maanantaisin.");
	c.categories = 1u << CATEGORY_CUSTOMER | 1u << CATEGORY_TRAINING;
	assert_int_equal(c.id, 0);
	assert_int_equal(contact_save(&f->officer, &c, false, NULL), STATUS_OK);
	assert_true(c.id > 0);
	assert_int_equal(c.version, 1);
	assert_int_equal(unit_query_int(db, "SELECT version FROM contact"), 1);

	/* Read back: every value, the categories and who created it. */
	struct contact loaded;
	contact_init(&loaded);
	assert_int_equal(contact_load(&f->officer, c.id, false, &loaded), STATUS_OK);
	assert_int_equal(loaded.id, c.id);
	assert_int_equal(loaded.version, 1);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++)
		assert_string_equal(loaded.value[field], c.value[field]);
	assert_int_equal(loaded.categories, c.categories);
	assert_string_equal(loaded.created_by, UNIT_OFFICER_USERNAME);
	assert_string_equal(loaded.changed_by, UNIT_OFFICER_USERNAME);
	contact_free(&loaded);

	/* One "contact.add" naming exactly the fields that have a value
	 * (notice §5.2: changes are traceable). */
	assert_int_equal(count_audit(db, "contact.add", c.id), 1);
	char fields[1024];
	audit_fields(db, "contact.add", c.id, fields, sizeof fields);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		const char *column = contact_field_column((enum contact_field)field);
		bool has_value = *c.value[field] != '\0';
		if (list_has(fields, column) != has_value)
			fail_msg("contact.add fields \"%s\" %s %s", fields, has_value ? "lack" : "wrongly name", column);
	}
	assert_true(list_has(fields, "categories"));
	assert_false(list_has(fields, "organisation_id"));   /* a private person */

	/* Field names only, never values (notice §6.4: an erased person leaves
	 * no copy in the audit trail). Looked for in every column of every entry. */
	static const enum contact_field personal[] = { CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_TITLE,
		CONTACT_EMAIL, CONTACT_PHONE, CONTACT_STREET, CONTACT_CITY, CONTACT_NOTES };
	for (size_t i = 0; i < COUNT(personal); i++)
		if (audit_mentions(db, c.value[personal[i]]) != 0)
			fail_msg("the audit trail contains the value of %s", contact_field_column(personal[i]));
	assert_int_equal(audit_mentions(db, "aino.ahlqvist"), 0);
	assert_int_equal(audit_mentions(db, "765 4321"), 0);
	assert_int_equal(audit_mentions(db, "7654321"), 0);
	assert_int_equal(audit_mentions(db, "50600"), 0);

	/* An edit audits the changed field's name only, and bumps the version. */
	contact_set(&c, CONTACT_EMAIL, "aino.ahlqvist@uusi-esimerkki.fi");
	assert_int_equal(contact_save(&f->officer, &c, false, NULL), STATUS_OK);
	assert_int_equal(c.version, 2);
	assert_int_equal(count_audit(db, "contact.edit", c.id), 1);
	audit_fields(db, "contact.edit", c.id, fields, sizeof fields);
	assert_string_equal(fields, "email");
	assert_int_equal(audit_mentions(db, "uusi-esimerkki"), 0);
	/* Saving again without a change writes nothing. */
	assert_int_equal(contact_save(&f->officer, &c, false, NULL), STATUS_OK);
	assert_int_equal(c.version, 2);
	assert_int_equal(count_audit(db, "contact.edit", c.id), 1);
	contact_free(&c);
}

/* ---- Validation through contact_save ---- */

/* Saves c expecting a refusal naming the field label; nothing is written. */
static void save_refused(struct session *session, struct contact *c, enum contact_field field)
{
	struct database *db = session->db;
	long long rows = contact_rows(db);
	long long entries = unit_query_int(db, "SELECT count(*) FROM audit_entry");
	long long id = c->id, version = c->version;
	db->error[0] = '\0';
	enum status status = contact_save(session, c, false, NULL);
	if (status != STATUS_ERR_INVALID)
		fail_msg("expected %s refused, got \"%s\"", contact_field_column(field), status_message(status));
	if (!strstr(db->error, contact_field_label(field)))
		fail_msg("the error \"%s\" does not name %s", db->error, contact_field_label(field));
	assert_int_equal(contact_rows(db), rows);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM audit_entry"), entries);
	assert_int_equal(c->id, id);
	assert_int_equal(c->version, version);
}

static void test_save_validates(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct contact c;

	/* A last name is required. */
	make_contact(&c, "Anna", "");
	save_refused(s, &c, CONTACT_LAST_NAME);
	contact_free(&c);
	make_contact(&c, "", "Virtanen");
	save_refused(s, &c, CONTACT_FIRST_NAME);
	contact_free(&c);

	/* A named source needs its name (notice §1.1, §1.4). */
	static const char *const named[] = { "registering-party", "public-source" };
	for (size_t i = 0; i < COUNT(named); i++) {
		make_contact(&c, "Anna", "Virtanen");
		contact_set(&c, CONTACT_SOURCE, named[i]);
		save_refused(s, &c, CONTACT_SOURCE_DETAIL);
		contact_set(&c, CONTACT_SOURCE_DETAIL, i == 0 ? "Koulutuskeskus Oy (ilmoitti koulutukseen)" : "YTJ");
		save_ok(s, &c);
		contact_free(&c);
	}
	/* Unnamed sources need no name. */
	make_contact(&c, "Aku", "Ankka");
	contact_set(&c, CONTACT_SOURCE, "employer");
	save_ok(s, &c);
	contact_free(&c);
	/* An unknown source is not one of the notice's. */
	make_contact(&c, "Aku", "Ankka");
	contact_set(&c, CONTACT_SOURCE, "bought-list");
	save_refused(s, &c, CONTACT_SOURCE);
	contact_free(&c);

	/* An expression of interest needs how and when (notice §1.3). */
	make_contact(&c, "Paula", "Prospekti");
	contact_set(&c, CONTACT_SOURCE, "interest");
	save_refused(s, &c, CONTACT_INTEREST_CHANNEL);
	contact_set(&c, CONTACT_INTEREST_CHANNEL, "web");
	save_refused(s, &c, CONTACT_INTEREST_DATE);
	contact_set(&c, CONTACT_INTEREST_DATE, "15.3.2026");
	contact_set(&c, CONTACT_INTEREST_CHANNEL, "fax");
	save_refused(s, &c, CONTACT_INTEREST_CHANNEL);
	contact_set(&c, CONTACT_INTEREST_CHANNEL, "web");
	save_ok(s, &c);
	assert_string_equal(c.value[CONTACT_INTEREST_DATE], "2026-03-15");   /* normalised */
	char stored[64];
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT interest_date FROM contact WHERE id = %lld", c.id);
	unit_query_text(f->u->db, sql, stored, sizeof stored);
	assert_string_equal(stored, "2026-03-15");
	contact_free(&c);

	/* A relationship cannot end before it starts; the same day is fine. */
	make_contact(&c, "Eero", "Erkkilä");
	contact_set(&c, CONTACT_RELATIONSHIP_START, "2026-01-01");
	contact_set(&c, CONTACT_RELATIONSHIP_END, "2025-12-31");
	save_refused(s, &c, CONTACT_RELATIONSHIP_END);
	contact_set(&c, CONTACT_RELATIONSHIP_END, "31.12.2025");              /* also in Finnish form */
	save_refused(s, &c, CONTACT_RELATIONSHIP_END);
	contact_set(&c, CONTACT_RELATIONSHIP_END, "2026-01-01");
	save_ok(s, &c);
	contact_free(&c);

	/* The postal code follows the contact's country. */
	make_contact(&c, "Pia", "Postinen");
	contact_set(&c, CONTACT_POSTAL_CODE, "0010");
	save_refused(s, &c, CONTACT_POSTAL_CODE);       /* FI, the default */
	contact_set(&c, CONTACT_COUNTRY, "AX");
	save_refused(s, &c, CONTACT_POSTAL_CODE);
	contact_set(&c, CONTACT_COUNTRY, "SE");
	contact_set(&c, CONTACT_POSTAL_CODE, "123 45");
	save_ok(s, &c);                                 /* free form in Sweden */
	contact_set(&c, CONTACT_COUNTRY, "FI");
	save_refused(s, &c, CONTACT_POSTAL_CODE);       /* the same code, now in Finland */
	contact_set(&c, CONTACT_POSTAL_CODE, "00100");
	save_ok(s, &c);
	contact_free(&c);

	/* Field rules reach the core, not only the forms. */
	make_contact(&c, "Eila", "Esimerkki");
	contact_set(&c, CONTACT_EMAIL, "eila.esimerkki.fi");
	save_refused(s, &c, CONTACT_EMAIL);
	contact_set(&c, CONTACT_EMAIL, "");
	contact_set(&c, CONTACT_PHONE, "040 ABC");
	save_refused(s, &c, CONTACT_PHONE);
	contact_set(&c, CONTACT_PHONE, "");
	contact_set(&c, CONTACT_COUNTRY, "XX");
	save_refused(s, &c, CONTACT_COUNTRY);
	contact_set(&c, CONTACT_COUNTRY, "FI");
	contact_set(&c, CONTACT_LANGUAGE, "de");
	save_refused(s, &c, CONTACT_LANGUAGE);
	contact_set(&c, CONTACT_LANGUAGE, "sv");
	contact_set(&c, CONTACT_LAST_NAME, "Esimerkki\x1b]0;pwned\x07");
	save_refused(s, &c, CONTACT_LAST_NAME);
	contact_set(&c, CONTACT_LAST_NAME, "Esimerkki");
	contact_set(&c, CONTACT_TITLE, "rivi\ntoinen");                      /* one-line field */
	save_refused(s, &c, CONTACT_TITLE);
	contact_set(&c, CONTACT_TITLE, "");
	contact_set(&c, CONTACT_LAST_REVIEWED, "2026-02-29");
	save_refused(s, &c, CONTACT_LAST_REVIEWED);
	contact_set(&c, CONTACT_LAST_REVIEWED, "");
	save_ok(s, &c);
	contact_free(&c);

	/* Links must exist: an unknown organisation, an unknown contact. */
	long long rows = contact_rows(f->u->db);
	make_contact(&c, "Oona", "Orpo");
	c.organisation_id = 999999;
	assert_int_not_equal(contact_save(s, &c, false, NULL), STATUS_OK);
	assert_int_equal(c.id, 0);
	c.organisation_id = 0;
	c.id = 999999;
	c.version = 1;
	assert_int_equal(contact_save(s, &c, false, NULL), STATUS_ERR_NOT_FOUND);
	contact_free(&c);
	assert_int_equal(contact_rows(f->u->db), rows);
}

/* ---- No personal identity code ---- */

static bool is_identity_code_name(const char *name)
{
	static const char *const forbidden[] = { "henkilotunnus", "henkilötunnus", "hetu", "personal_identity",
		"identity_code", "identity_number", "ssn", "social_security", "personnummer", "pic" };
	char lower[256];
	size_t i = 0;
	for (; name[i] && i + 1 < sizeof lower; i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	for (size_t k = 0; k < COUNT(forbidden); k++) {
		if (strcmp(forbidden[k], "pic") == 0 ? strcmp(lower, "pic") == 0 : strstr(lower, forbidden[k]) != NULL)
			return true;
	}
	return false;
}

/* The register has no need for a personal identity code and must not be
 * able to hold one (data minimisation; migration 0003). */
static void test_no_personal_identity_code(void **state)
{
	struct fixture *f = fixture_of(state);
	/* The checker itself. */
	assert_true(is_identity_code_name("henkilotunnus"));
	assert_true(is_identity_code_name("Personal_Identity_Code"));
	assert_true(is_identity_code_name("hetu"));
	assert_true(is_identity_code_name("ssn"));
	assert_false(is_identity_code_name("business_id"));

	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		const char *column = contact_field_column((enum contact_field)field);
		if (is_identity_code_name(column))
			fail_msg("contact field %s looks like a personal identity code", column);
	}
	enum contact_field parsed;
	assert_false(contact_field_parse("henkilotunnus", &parsed));
	assert_false(contact_field_parse("hetu", &parsed));
	assert_false(contact_field_parse("personal_identity_code", &parsed));

	static const char *const tables[] = { "contact", "organisation" };
	for (size_t t = 0; t < COUNT(tables); t++) {
		char sql[128];
		if (unit_on_sqlite())
			snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", tables[t]);
		else
			snprintf(sql, sizeof sql, "SELECT column_name FROM information_schema.columns WHERE "
				 "table_schema = current_schema() AND table_name = '%s'", tables[t]);
		struct statement *statement = database_prepare(f->u->db, sql);
		assert_non_null(statement);
		int columns = 0;
		while (statement_step(statement) == STORAGE_ROW) {
			const char *name = database_text(statement, 0);
			columns++;
			if (is_identity_code_name(name)) {
				char copy[256];
				snprintf(copy, sizeof copy, "%s", name);
				database_finalize(statement);
				fail_msg("table %s has a column %s", tables[t], copy);
			}
		}
		database_finalize(statement);
		assert_true(columns > 5);   /* the table was really read */
	}
}

/* ---- Duplicates ---- */

static int duplicates_of(struct session *session, const char *first, const char *last, const char *email,
			 const char *phone, long long organisation_id, long long id, struct contact_duplicate *found,
			 int max)
{
	struct contact c;
	make_contact(&c, first, last);
	contact_set(&c, CONTACT_EMAIL, email);
	contact_set(&c, CONTACT_PHONE, phone);
	c.organisation_id = organisation_id;
	c.id = id;
	int count = contact_find_duplicates(session, &c, found, max);
	assert_true(count >= 0);
	/* The import's light probe agrees: the same count up to 2, and the same
	 * contact when there is one. */
	struct contact_duplicate all[8];
	int total = contact_find_duplicates(session, &c, all, 8);
	long long probed[2];
	int probe = contact_store_duplicate_probe(session, &c, probed, 2);
	bool agrees = probe == (total < 2 ? total : 2) && !(probe == 2 && probed[0] == probed[1]);
	for (int i = 0; i < probe && agrees; i++) {
		bool listed = false;
		for (int j = 0; j < total; j++)
			listed = listed || all[j].id == probed[i];
		agrees = listed;
	}
	if (!agrees)
		fail_msg("the probe found %d, contact_find_duplicates %d (%s %s)", probe, total, first, last);
	contact_free(&c);
	return count;
}

static void test_duplicates(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long nokia = add_organisation(s, "Nokia Oyj", "0112038-9", "FI");
	long long kone = add_organisation(s, "Kone Oyj", "1927400-1", "FI");
	long long asa = add_contact(s, "Åsa", "Öberg", "åsa.öberg@x.fi", "", 0, 0);
	long long pekka = add_contact(s, "Pekka", "Puhelin", "", "+358 40 1234567", 0, 0);
	long long sanna = add_contact(s, "Sanna", "Söderström", "", "", nokia, 0);
	struct contact_duplicate found[8];

	/* Same e-mail: case never matters in practice, nor (by the core's
	 * folding) the accents a form or an import may have lost. */
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "Asa.Oberg@X.fi", "", 0, 0, found, 8), 1);
	assert_int_equal(found[0].id, asa);
	/* Another name: shown with the matched person's name (issue 12). */
	char expected[160];
	snprintf(expected, sizeof expected, "same e-mail as Åsa Öberg #%lld, another name", asa);
	assert_string_equal(found[0].reason, expected);
	assert_true(found[0].other_name);
	assert_string_equal(found[0].name, "Öberg, Åsa");
	assert_int_equal(duplicates_of(s, "Asa", "Oberg", "ASA.oberg@x.fi", "", 0, 0, found, 8), 1);
	assert_string_equal(found[0].reason, "same e-mail");
	assert_false(found[0].other_name);
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "ÅSA.ÖBERG@X.FI", "", 0, 0, found, 8), 1);
	assert_int_equal(found[0].id, asa);
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "åsa.öberg@x.fi", "", 0, 0, found, 8), 1);
	/* A different address is not a duplicate. */
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "asa.oberg@y.fi", "", 0, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "asa.obergh@x.fi", "", 0, 0, found, 8), 0);

	/* Same phone in another format. */
	static const char *const same_phone[] = { "040 123 4567", "040-123 4567", "0401234567", "+358401234567",
		"00358 40 123 4567", "+358 (40) 123 4567" };
	for (size_t i = 0; i < COUNT(same_phone); i++) {
		int count = duplicates_of(s, "Toinen", "Henkilö", "", same_phone[i], 0, 0, found, 8);
		if (count != 1 || found[0].id != pekka)
			fail_msg("phone \"%s\" is not found as a duplicate of +358 40 1234567", same_phone[i]);
		assert_true(found[0].other_name);
		assert_non_null(strstr(found[0].reason, "same phone as Pekka Puhelin #"));
	}
	assert_int_equal(duplicates_of(s, "pekka", "PUHELIN", "", "040 123 4567", 0, 0, found, 8), 1);
	assert_string_equal(found[0].reason, "same phone");
	assert_false(found[0].other_name);
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "", "040 123 4568", 0, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Toinen", "Henkilö", "", "+46 40 123 4567", 0, 0, found, 8), 0);

	/* Same name at the same organisation, accents and case ignored. */
	assert_int_equal(duplicates_of(s, "Sanna", "Soderstrom", "", "", nokia, 0, found, 8), 1);
	assert_int_equal(found[0].id, sanna);
	assert_string_equal(found[0].reason, "same name at the same organisation");
	assert_string_equal(found[0].organisation, "Nokia Oyj");
	assert_int_equal(duplicates_of(s, "SANNA", "SÖDERSTRÖM", "", "", nokia, 0, found, 8), 1);
	/* The same name elsewhere, or as a private person, is another person. */
	assert_int_equal(duplicates_of(s, "Sanna", "Söderström", "", "", kone, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Sanna", "Söderström", "", "", 0, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Sanni", "Söderström", "", "", nokia, 0, found, 8), 0);

	/* Editing: the contact itself is no duplicate of itself … */
	struct contact c;
	contact_init(&c);
	assert_int_equal(contact_load(s, sanna, false, &c), STATUS_OK);
	assert_int_equal(contact_find_duplicates(s, &c, found, 8), 0);
	contact_free(&c);
	contact_init(&c);
	assert_int_equal(contact_load(s, asa, false, &c), STATUS_OK);
	assert_int_equal(contact_find_duplicates(s, &c, found, 8), 0);
	contact_free(&c);
	/* … but another one is, also when saved anyway (audited). */
	make_contact(&c, "Sanna", "Söderström");
	c.organisation_id = nokia;
	assert_int_equal(contact_save(s, &c, true, NULL), STATUS_OK);
	long long second = c.id;
	contact_free(&c);
	assert_int_equal(count_audit(f->u->db, "contact.duplicate-confirmed", second), 1);
	contact_init(&c);
	assert_int_equal(contact_load(s, sanna, false, &c), STATUS_OK);
	assert_int_equal(contact_find_duplicates(s, &c, found, 8), 1);
	assert_int_equal(found[0].id, second);
	contact_free(&c);

	/* Several reasons at once, each found once, up to max. */
	add_contact(s, "Åsa", "Öberg", "", "040 123 4567", 0, 0);
	assert_int_equal(duplicates_of(s, "Åsa", "Öberg", "asa.oberg@x.fi", "0401234567", 0, 0, found, 8), 3);
	assert_int_equal(duplicates_of(s, "Åsa", "Öberg", "asa.oberg@x.fi", "0401234567", 0, 0, found, 2), 2);
	/* Both Sannas at Nokia; one contact found by two rules is still one,
	 * and the namesake after it is counted too. */
	assert_int_equal(duplicates_of(s, "Sanna", "Söderström", "", "", nokia, 0, found, 8), 2);
	long long kalle = add_contact(s, "Kalle", "Kuu", "kalle@kuu.fi", "", 0, 0);
	long long namesake = add_contact(s, "Kalle", "Kuu", "", "", 0, 0);
	assert_int_equal(duplicates_of(s, "Kalle", "Kuu", "kalle@kuu.fi", "", 0, 0, found, 8), 2);
	assert_true((found[0].id == kalle && found[1].id == namesake) || (found[0].id == namesake && found[1].id == kalle));
	assert_int_equal(duplicates_of(s, "Kalle", "Kuu", "kalle@kuu.fi", "", 0, namesake, found, 8), 1);
	assert_int_equal(found[0].id, kalle);

	/* A record merged away is nobody's duplicate by any rule; the
	 * survivor kept its own e-mail and phone. */
	long long stays = add_contact(s, "Mervi", "Mäki", "mervi@maki.fi", "050 111 2222", 0, 0);
	long long goes = add_contact(s, "Mervi", "Mäki-Sorsa", "mervi@sorsa.fi", "050 999 8888", kone, 0);
	struct contact survivor;
	contact_init(&survivor);
	assert_int_equal(contact_load(s, stays, false, &survivor), STATUS_OK);
	assert_int_equal(contact_merge(s, stays, goes, &survivor), STATUS_OK);
	contact_free(&survivor);
	assert_int_equal(duplicates_of(s, "Muu", "Nimi", "mervi@sorsa.fi", "", 0, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Muu", "Nimi", "", "050 999 8888", 0, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Mervi", "Mäki-Sorsa", "", "", kone, 0, found, 8), 0);
	assert_int_equal(duplicates_of(s, "Muu", "Nimi", "", "0501112222", 0, 0, found, 8), 1);
	assert_int_equal(found[0].id, stays);
}

/* ---- The lost update between two workstations ---- */

static void test_lost_update_two_workstations(void **state)
{
	struct fixture *f = fixture_of(state);
	struct database *db1 = f->u->db, *db2 = NULL;
	char error[512] = "";
	assert_int_equal(database_open(&db2, f->u->path, error, sizeof error), STATUS_OK);
	struct session ws1 = f->officer, ws2 = f->officer;
	ws2.db = db2;

	long long id = add_contact(&ws1, "Liisa", "Lahtinen", "liisa@esimerkki.fi", "040 111 1111", 0,
				   1u << CATEGORY_CUSTOMER);
	struct contact first, second;
	contact_init(&first);
	contact_init(&second);
	assert_int_equal(contact_load(&ws1, id, false, &first), STATUS_OK);
	assert_int_equal(contact_load(&ws2, id, false, &second), STATUS_OK);
	assert_int_equal(first.version, 1);
	assert_int_equal(second.version, 1);

	/* Workstation 1 changes the phone and saves first. */
	contact_set(&first, CONTACT_PHONE, "040 222 2222");
	assert_int_equal(contact_save(&ws1, &first, false, NULL), STATUS_OK);
	assert_int_equal(first.version, 2);

	/* Workstation 2, still at version 1, changes the title and saves. */
	contact_set(&second, CONTACT_TITLE, "Toimitusjohtaja");
	struct contact_conflict conflict;
	memset(&conflict, 0, sizeof conflict);
	assert_int_equal(contact_save(&ws2, &second, false, &conflict), STATUS_ERR_CONFLICT);
	assert_int_equal(second.version, 1);   /* not moved on behind the user's back */
	if (!list_has(conflict.changed_fields, "phone"))
		fail_msg("conflict.changed_fields \"%s\" does not name phone", conflict.changed_fields);
	assert_false(list_has(conflict.changed_fields, "email"));   /* the same on both */
	assert_false(list_has(conflict.changed_fields, "last_name"));
	assert_int_equal(conflict.current.id, id);
	assert_int_equal(conflict.current.version, 2);
	assert_string_equal(conflict.current.value[CONTACT_PHONE], "040 222 2222");
	assert_string_equal(conflict.current.value[CONTACT_TITLE], "");

	/* Nothing of workstation 2's save reached the database. */
	char sql[160], text_value[128];
	snprintf(sql, sizeof sql, "SELECT phone || '|' || title || '|' || version FROM contact WHERE id = %lld", id);
	unit_query_text(db1, sql, text_value, sizeof text_value);
	assert_string_equal(text_value, "040 222 2222||2");
	assert_int_equal(count_audit(db1, "contact.edit", id), 1);

	/* Without a conflict structure the answer is the same. */
	assert_int_equal(contact_save(&ws2, &second, false, NULL), STATUS_ERR_CONFLICT);
	unit_query_text(db1, sql, text_value, sizeof text_value);
	assert_string_equal(text_value, "040 222 2222||2");

	/* The user keeps the other phone and their own title, and saves over
	 * the version they have now seen. */
	second.version = conflict.current.version;
	contact_set(&second, CONTACT_PHONE, conflict.current.value[CONTACT_PHONE]);
	contact_free(&conflict.current);
	assert_int_equal(contact_save(&ws2, &second, false, NULL), STATUS_OK);
	assert_int_equal(second.version, 3);
	unit_query_text(db1, sql, text_value, sizeof text_value);
	assert_string_equal(text_value, "040 222 2222|Toimitusjohtaja|3");

	/* Workstation 1's copy (version 2) is now the old one. */
	contact_set(&first, CONTACT_EMAIL, "liisa.lahtinen@esimerkki.fi");
	memset(&conflict, 0, sizeof conflict);
	assert_int_equal(contact_save(&ws1, &first, false, &conflict), STATUS_ERR_CONFLICT);
	assert_true(list_has(conflict.changed_fields, "title"));
	assert_true(list_has(conflict.changed_fields, "email"));
	assert_int_equal(conflict.current.version, 3);
	contact_free(&conflict.current);

	contact_free(&first);
	contact_free(&second);
	database_close(db2);
}

/* Two copies in one program are two workstations as well. */
static void test_lost_update_same_connection(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long id = add_contact(s, "Olli", "Oksanen", "", "040 333 3333", 0, 0);
	struct contact a, b;
	contact_init(&a);
	contact_init(&b);
	assert_int_equal(contact_load(s, id, false, &a), STATUS_OK);
	contact_copy(&b, &a);
	contact_set(&a, CONTACT_CITY, "Mikkeli");
	assert_int_equal(contact_save(s, &a, false, NULL), STATUS_OK);
	contact_set(&b, CONTACT_CITY, "Kuopio");
	struct contact_conflict conflict;
	memset(&conflict, 0, sizeof conflict);
	assert_int_equal(contact_save(s, &b, false, &conflict), STATUS_ERR_CONFLICT);
	assert_string_equal(conflict.changed_fields, "city");
	assert_string_equal(conflict.current.value[CONTACT_CITY], "Mikkeli");
	contact_free(&conflict.current);
	char city[64], sql[128];
	snprintf(sql, sizeof sql, "SELECT city FROM contact WHERE id = %lld", id);
	unit_query_text(f->u->db, sql, city, sizeof city);
	assert_string_equal(city, "Mikkeli");
	contact_free(&a);
	contact_free(&b);
}

/* ---- Search ---- */

static void test_search_finnish_names(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);

	/* Accents ignored in both directions, whole words and prefixes. */
	expect_names(s, "soderstrom", 0, "Söderström, Sanna");
	expect_names(s, "SÖDERSTRÖM", 0, "Söderström, Sanna");
	expect_names(s, "ahtari", 0, "Ähtäri, Aki");
	expect_names(s, "ähtäri", 0, "Ähtäri, Aki");
	expect_names(s, "söd", 0, "Södergran, Edith|Söderström, Sanna");
	expect_names(s, "sod", 0, "Södergran, Edith|Söderström, Sanna");
	expect_names(s, "aker", 0, "Åkerlund, Åsa");
	expect_names(s, "oberg", 0, "Öberg, Örjan");
	expect_names(s, "muller", 0, "Müller, Hans");
	/* A hyphenated name is two words; particles are words too. */
	expect_names(s, "aber", 0, "Lehtinen-Åberg, Kaisa");
	expect_names(s, "Åberg", 0, "Lehtinen-Åberg, Kaisa");
	expect_names(s, "lehtinen", 0, "Lehtinen-Åberg, Kaisa");
	expect_names(s, "lehtinen-åberg", 0, "Lehtinen-Åberg, Kaisa");
	expect_names(s, "forselles", 0, "af Forselles, Carl");
	expect_names(s, "wright", 0, "von Wright, Georg");
	/* First name and surname prefix: every word must match. */
	expect_names(s, "anna vir", 0, "Virtanen, Anna");
	expect_names(s, "vir anna", 0, "Virtanen, Anna");
	expect_names(s, "anna", 0, "Ahola, Anna|Virtanen, Anna");
	expect_names(s, "matti", 0, "Virtanen, Matti|Virtanen, Matti");
	expect_names(s, "virtanen", 0, "Virtanen, Anna|Virtanen, Liisa|Virtanen, Matti|Virtanen, Matti|Virtanen, Pekka");
	/* Words start matches, not the middle of a word. */
	expect_names(s, "qvist", 0, "");
	expect_names(s, "tanen", 0, "");
	expect_names(s, "anna xyz", 0, "");
	assert_int_equal(search_count(s, "anna vir", 0, 100), 1);
	assert_int_equal(search_count(s, "virtanen", 0, 100), 5);
	assert_int_equal(search_count(s, "virtanen", 0, 3), 4);   /* capped: cap + 1 */
	assert_int_equal(search_count(s, "qvist", 0, 100), 0);

	/* The whole register in Finnish order: … z å ä ö. */
	expect_names(s, "", 0, seed_order);
	assert_int_equal(search_count(s, "", 0, 1000), SEED_COUNT);
	/* Zetterberg, then Åkerlund, Ähtäri, Öberg; a query crossing them. */
	struct contact_row rows[8];
	int count = search(s, "", 0, NULL, true, rows, 4);
	assert_int_equal(count, 4);
	assert_string_equal(rows[0].name, "Öberg, Örjan");
	assert_string_equal(rows[1].name, "Ähtäri, Aki");
	assert_string_equal(rows[2].name, "Åkerlund, Åsa");
	assert_string_equal(rows[3].name, "Zetterberg, Zacharias");
}

static void test_search_paging(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);

	/* Pages of 5 over everything: no gaps, no repeats, ties by id. */
	struct contact_row page[5], next[5], previous[5];
	int count = search(s, "", 0, NULL, false, page, 5);
	assert_int_equal(count, 5);
	assert_string_equal(page[0].name, "af Forselles, Carl");
	assert_string_equal(page[4].name, "Hämäläinen, Eeva");
	count = search(s, "", 0, &page[4].position, false, next, 5);
	assert_int_equal(count, 5);
	assert_string_equal(next[0].name, "Järvinen, Jari");
	assert_string_equal(next[4].name, "Lehtinen-Åberg, Kaisa");
	/* Backwards from the first row of the next page: the previous rows,
	 * nearest first. */
	count = search(s, "", 0, &next[0].position, true, previous, 5);
	assert_int_equal(count, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(previous[i].id, page[4 - i].id);
	/* Backwards from the start: nothing. */
	assert_int_equal(search(s, "", 0, &page[0].position, true, previous, 5), 0);

	/* The two Matti Virtanens straddle a page boundary: both come, once. */
	long long all[64], walked[64];
	int total = walk_forward(s, "", 0, 5, all, 64);
	assert_int_equal(total, SEED_COUNT);
	int matti = -1;
	for (int i = 0; i + 1 < total; i++) {
		if (all[i] == ids.contact[0] || all[i] == ids.contact[23]) {
			matti = i;
			break;
		}
	}
	assert_true(matti >= 0);
	assert_int_equal(all[matti], ids.contact[0] < ids.contact[23] ? ids.contact[0] : ids.contact[23]);
	assert_int_equal(all[matti + 1], ids.contact[0] < ids.contact[23] ? ids.contact[23] : ids.contact[0]);
	/* Page boundaries at every place through the tie: limits 1 .. 7. */
	for (int limit = 1; limit <= 7; limit++) {
		int n = walk_forward(s, "", 0, limit, walked, 64);
		assert_same_ids("paging forward", walked, n, all, total);
		n = walk_backward(s, "", 0, limit, walked, 64);
		assert_same_ids("paging backwards", walked, n, all, total);
		n = walk_forward(s, "v", 0, limit, walked, 64);
		long long v[64];
		int v_count = brute_force(f->u->db, "v", 0, v, 64);
		assert_same_ids("paging \"v\" forward", walked, n, v, v_count);
	}
	/* The markers column is there and empty for ordinary contacts. */
	assert_string_equal(page[0].markers, "");
}

static void test_search_categories(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);
	expect_names(s, "", 1u << CATEGORY_PROSPECT, "Aho, Ville|Ähtäri, Aki|Öberg, Örjan");
	expect_names(s, "a", 1u << CATEGORY_PROSPECT, "Aho, Ville|Ähtäri, Aki");
	expect_names(s, "", 1u << CATEGORY_EVENT, "Lehtinen-Åberg, Kaisa|Virtanen, Anna");
	expect_names(s, "", 1u << CATEGORY_PROSPECT | 1u << CATEGORY_TRAINING,
		     "Aho, Ville|von Wright, Georg|Ähtäri, Aki|Öberg, Örjan");
	expect_names(s, "virtanen", 1u << CATEGORY_EVENT, "Virtanen, Anna");
	expect_names(s, "virtanen", 1u << CATEGORY_STAKEHOLDER, "");
	/* A contact in several categories comes once. */
	expect_names(s, "kaisa", 1u << CATEGORY_EVENT | 1u << CATEGORY_CUSTOMER, "Lehtinen-Åberg, Kaisa");
	assert_int_equal(search_count(s, "", 1u << CATEGORY_PROSPECT, 100), 3);
	assert_int_equal(search_count(s, "a", 1u << CATEGORY_PROSPECT, 100), 2);
	assert_int_equal(search_count(s, "kaisa", 1u << CATEGORY_EVENT | 1u << CATEGORY_CUSTOMER, 100), 1);
	/* Against the brute force, in both directions. */
	check_against_brute_force(s, "", 1u << CATEGORY_CUSTOMER, 4);
	check_against_brute_force(s, "v", 1u << CATEGORY_CUSTOMER, 2);
}

static void test_search_organisation_name(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);
	expect_names(s, "nokia", 0, "Korhonen, Jussi|Mäkinen, Timo");
	expect_names(s, "Nokia Oyj", 0, "Korhonen, Jussi|Mäkinen, Timo");
	expect_names(s, "nok timo", 0, "Mäkinen, Timo");
	expect_names(s, "kone", 0, "Nieminen, Laura");
	expect_names(s, "oyj", 0, "Korhonen, Jussi|Mäkinen, Timo|Nieminen, Laura");
	assert_int_equal(search_count(s, "nokia", 0, 100), 2);

	/* A contact moved to another organisation is found by the new name only. */
	struct contact c;
	contact_init(&c);
	assert_int_equal(contact_load(s, ids.contact[5], false, &c), STATUS_OK);   /* Jussi Korhonen */
	c.organisation_id = ids.kone;
	save_ok(s, &c);
	contact_free(&c);
	expect_names(s, "nokia", 0, "Mäkinen, Timo");
	expect_names(s, "kone", 0, "Korhonen, Jussi|Nieminen, Laura");
	/* E-mail words are searchable as well. */
	contact_init(&c);
	assert_int_equal(contact_load(s, ids.contact[15], false, &c), STATUS_OK);  /* Laura Nieminen */
	contact_set(&c, CONTACT_EMAIL, "laura.nieminen@hissitehdas.fi");
	save_ok(s, &c);
	contact_free(&c);
	expect_names(s, "hissitehdas", 0, "Nieminen, Laura");
}

static void test_search_merged_disappears(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);
	long long survivor = ids.contact[0], other = ids.contact[23];   /* the two Matti Virtanens */
	expect_names(s, "matti", 0, "Virtanen, Matti|Virtanen, Matti");
	struct contact merged;
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(s, survivor, other, &merged), STATUS_OK);
	contact_free(&merged);

	expect_names(s, "matti", 0, "Virtanen, Matti");
	struct contact_row rows[4];
	assert_int_equal(search(s, "matti", 0, NULL, false, rows, 4), 1);
	assert_int_equal(rows[0].id, survivor);
	assert_int_equal(search_count(s, "matti", 0, 100), 1);
	assert_int_equal(search_count(s, "virtanen", 0, 100), 4);
	assert_int_equal(search_count(s, "", 0, 100), SEED_COUNT - 1);
	assert_int_equal(search_count(s, "matti", 1u << CATEGORY_CUSTOMER, 100), 1);
	long long all[64];
	int total = walk_forward(s, "", 0, 3, all, 64);
	assert_int_equal(total, SEED_COUNT - 1);
	for (int i = 0; i < total; i++)
		assert_true(all[i] != other);
	total = walk_backward(s, "v", 0, 2, all, 64);
	for (int i = 0; i < total; i++)
		assert_true(all[i] != other);
	/* Nor is it offered as a duplicate. */
	struct contact_duplicate found[4];
	assert_int_equal(duplicates_of(s, "Matti", "Virtanen", "", "", 0, 0, found, 4), 1);
	assert_int_equal(found[0].id, survivor);
}

/* The phone is among the search words (migration 0003: "names,
 * organisation, e-mail, phone"): a caller's number finds the caller,
 * however it is written. */
static void test_search_by_phone(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long id = add_contact(s, "Pekka", "Puhelin", "", "+358 40 123 4567", 0, 0);
	add_contact(s, "Paula", "Puhelin", "", "050 765 4321", 0, 0);
	/* The national digits and their prefixes. */
	struct contact_row rows[4];
	assert_int_equal(search(s, "0401234567", 0, NULL, false, rows, 4), 1);
	assert_int_equal(rows[0].id, id);
	assert_int_equal(search(s, "040", 0, NULL, false, rows, 4), 1);
	assert_int_equal(rows[0].id, id);
	/* As stored and shown in the list, and as caller ID gives it. */
	static const char *const written[] = { "+358 40 123 4567", "040 123 4567", "040-123 4567", "+358401234567" };
	for (size_t i = 0; i < COUNT(written); i++) {
		int count = search(s, written[i], 0, NULL, false, rows, 4);
		if (count != 1 || rows[0].id != id)
			fail_msg("searching the phone \"%s\" finds %d contacts, not Pekka Puhelin", written[i], count);
	}
}

/* A bulk load rebuilds the search index from the contact table; a merged
 * contact must stay out of it (the count must equal what the pages show). */
static void test_search_merged_stays_gone_after_rebuild(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long survivor = add_contact(s, "Matti", "Virtanen", "", "", 0, 0);
	long long other = add_contact(s, "Matti", "Virtanen", "", "", 0, 0);
	struct contact merged;
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(s, survivor, other, &merged), STATUS_OK);
	contact_free(&merged);
	assert_int_equal(search_count(s, "matti", 0, 100), 1);

	/* An import: one more contact in bulk, then the rebuild. */
	contact_store_set_bulk(f->u->db, true);
	add_contact(s, "Maija", "Meikäläinen", "", "", 0, 0);
	contact_store_set_bulk(f->u->db, false);
	assert_int_equal(contact_store_rebuild_search(f->u->db), STATUS_OK);

	struct contact_row rows[4];
	assert_int_equal(search(s, "matti", 0, NULL, false, rows, 4), 1);
	assert_int_equal(search(s, "maija", 0, NULL, false, rows, 4), 1);
	assert_int_equal(search_count(s, "matti", 0, 100), 1);
}

/* Both plans against the brute force: the few-hits plan (FTS, sorted) on the
 * small register, the many-hits plan (walking the sort index) once a
 * one-letter query has more than FEW_HITS matches. */
static void test_search_plans_large_register(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct database *db = f->u->db;
	struct register_ids ids;
	seed_register(s, &ids);

	/* Few hits. */
	assert_true(search_count(s, "v", 0, 3000) <= 3000);
	check_against_brute_force(s, "v", 0, 5);
	check_against_brute_force(s, "", 0, 7);   /* an empty query walks the sort index */

	/* ~3500 more in one bulk transaction, the index rebuilt once. */
	static const char *const lasts[] = { "Virtanen", "Väisänen", "Vainio", "Valtonen", "Vesterinen", "Vuorinen",
		"Välimäki", "Vehviläinen", "von Bonsdorff", "Korhonen" };
	static const char *const firsts[] = { "Anna", "Ville", "Matti", "Veera", "Juha", "Päivi", "Outi", "Elina",
		"Timo", "Ari", "Åke" };
	long long valmet = add_organisation(s, "Valmet Oyj", "", "FI");
	contact_store_set_bulk(db, true);
	assert_int_equal(database_begin(db), STATUS_OK);
	struct contact c;
	contact_init(&c);
	for (int i = 0; i < LARGE_COUNT; i++) {
		contact_set(&c, CONTACT_LAST_NAME, lasts[i % COUNT(lasts)]);
		contact_set(&c, CONTACT_FIRST_NAME, firsts[(i / COUNT(lasts)) % COUNT(firsts)]);
		c.id = 0;
		c.version = 0;
		c.organisation_id = i % 13 == 0 ? valmet : i % 17 == 0 ? ids.kone : 0;
		c.categories = i % 7 == 0 ? 1u << CATEGORY_PROSPECT : 1u << CATEGORY_CUSTOMER;
		enum status status = contact_save(s, &c, false, NULL);
		if (status != STATUS_OK) {
			contact_free(&c);
			fail_msg("bulk contact %d: %s (%s)", i, status_message(status), db->error);
		}
	}
	contact_free(&c);
	assert_int_equal(database_commit(db), STATUS_OK);
	contact_store_set_bulk(db, false);
	assert_int_equal(contact_store_rebuild_search(db), STATUS_OK);

	/* Many hits: more than FEW_HITS, so the other plan. */
	assert_int_equal(search_count(s, "v", 0, 3000), 3001);
	long long *expected = calloc(LARGE_COUNT + SEED_COUNT, sizeof *expected);
	assert_non_null(expected);
	int expected_count = brute_force(db, "v", 0, expected, LARGE_COUNT + SEED_COUNT);
	assert_true(expected_count > 3000);
	free(expected);
	check_against_brute_force(s, "v", 0, 25);
	check_against_brute_force(s, "", 0, 200);
	/* The many-hits plan with a category filter, and organisation words. */
	check_against_brute_force(s, "v", 1u << CATEGORY_PROSPECT, 50);
	assert_int_equal(search_count(s, "valmet", 0, 5000), (LARGE_COUNT + 12) / 13);
	/* Few-hits queries still work in the large register. */
	check_against_brute_force(s, "ahtari", 0, 5);
	check_against_brute_force(s, "von", 0, 40);
	check_against_brute_force(s, "anna vir", 0, 10);
}

/* ---- Organisations ---- */

/* Issue 16: what the desk typed into the list's search becomes the new
 * contact: names capitalised when typed in lower case, the e-mail, and a
 * phone typed with spaces as one number. */
static void test_contact_from_search(void **state)
{
	(void)state;
	struct contact contact;
	contact_init(&contact);
	contact_fill_from_search(&contact, "sanna pöyhönen sanna.poyhonen@example.fi");
	assert_string_equal(contact.value[CONTACT_FIRST_NAME], "Sanna");
	assert_string_equal(contact.value[CONTACT_LAST_NAME], "Pöyhönen");
	assert_string_equal(contact.value[CONTACT_EMAIL], "sanna.poyhonen@example.fi");
	assert_string_equal(contact.value[CONTACT_PHONE], "");
	contact_free(&contact);
	contact_init(&contact);
	contact_fill_from_search(&contact, "  åsa von Söderström-ähtäri +358 40 123 4567 ");
	assert_string_equal(contact.value[CONTACT_FIRST_NAME], "Åsa");
	assert_string_equal(contact.value[CONTACT_LAST_NAME], "Von Söderström-ähtäri");
	assert_string_equal(contact.value[CONTACT_PHONE], "+358 40 123 4567");
	assert_string_equal(contact.value[CONTACT_EMAIL], "");
	contact_free(&contact);
	contact_init(&contact);
	contact_fill_from_search(&contact, "ähtäri-öberg");
	assert_string_equal(contact.value[CONTACT_FIRST_NAME], "Ähtäri-Öberg");
	assert_string_equal(contact.value[CONTACT_LAST_NAME], "");
	contact_free(&contact);
}

/* A business ID is taken as people paste it and stored as 1234567-8. */
static void test_business_id_as_pasted(void **state)
{
	(void)state;
	static const char *const pasted[] = { "07375462", "0737546 2", "0737546-2", "FI07375462", "fi 0737546-2",
					      " 0737546 2" };
	char out[32], reason[256];
	for (size_t i = 0; i < sizeof pasted / sizeof pasted[0]; i++) {
		validate_business_id_canonical(pasted[i], out, sizeof out);
		assert_string_equal(out, "0737546-2");
		assert_true(validate_business_id(out, reason, sizeof reason));
	}
	/* Not an ID in any form: left as typed, and refused with the reason. */
	static const char *const not_ids[] = { "0737546", "073754621", "SE07375462", "0737-5462", "07375462x" };
	for (size_t i = 0; i < sizeof not_ids / sizeof not_ids[0]; i++) {
		validate_business_id_canonical(not_ids[i], out, sizeof out);
		assert_string_equal(out, not_ids[i]);
		assert_false(validate_business_id(out, reason, sizeof reason));
	}
}

static void test_organisation_business_id(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct database *db = f->u->db;
	struct organisation o;

	/* Finnish: the Y-tunnus with its check digit. */
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, "Nokia Oyj");
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "0112038-8");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_INVALID);
	assert_non_null(strstr(db->error, organisation_field_label(ORGANISATION_BUSINESS_ID)));
	assert_int_equal(o.id, 0);
	/* Pasted without the hyphen it is the same ID, stored in the one form
	 * (issue 16: "01120389" was refused). */
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "01120388");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_INVALID);
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "01120389");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	assert_string_equal(o.value[ORGANISATION_BUSINESS_ID], "0112038-9");
	assert_true(o.id > 0);
	assert_int_equal(o.version, 1);
	long long nokia = o.id;
	organisation_free(&o);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM organisation"), 1);

	/* Foreign: free text (a Swedish organisationsnummer would fail the
	 * Finnish check). */
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, "Volvo AB");
	organisation_set(&o, ORGANISATION_COUNTRY, "SE");
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "556012-5790");
	organisation_set(&o, ORGANISATION_POSTAL_CODE, "405 08");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_free(&o);
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, "Siemens AG");
	organisation_set(&o, ORGANISATION_COUNTRY, "DE");
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "HRB 6684");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_free(&o);
	/* The same text in Finland is refused, and a Finnish postal code is checked. */
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, "Volvo Finland Oy");
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "556012-5790");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_INVALID);
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "");       /* optional */
	organisation_set(&o, ORGANISATION_POSTAL_CODE, "405 08");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_INVALID);
	organisation_set(&o, ORGANISATION_POSTAL_CODE, "00100");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_free(&o);

	/* Each business ID once. */
	long long before = unit_query_int(db, "SELECT count(*) FROM organisation");
	organisation_init(&o);
	organisation_set(&o, ORGANISATION_NAME, "Nokia Solutions and Networks Oy");
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "0112038-9");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_EXISTS);
	assert_int_equal(o.id, 0);
	assert_int_equal(unit_query_int(db, "SELECT count(*) FROM organisation"), before);
	/* Also when an existing organisation is changed to it. */
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "0116510-6");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_set(&o, ORGANISATION_BUSINESS_ID, "0112038-9");
	assert_int_equal(organisation_save(s, &o), STATUS_ERR_EXISTS);
	organisation_free(&o);
	organisation_init(&o);
	assert_int_equal(organisation_load(s, nokia, &o), STATUS_OK);
	assert_string_equal(o.value[ORGANISATION_BUSINESS_ID], "0112038-9");
	organisation_free(&o);
	/* Organisations without a business ID do not collide. */
	add_organisation(s, "Tuntematon Oy", "", "FI");
	add_organisation(s, "Toinen tuntematon Oy", "", "FI");

	/* No lost update on organisations either. */
	struct organisation first, second;
	organisation_init(&first);
	organisation_init(&second);
	assert_int_equal(organisation_load(s, nokia, &first), STATUS_OK);
	assert_int_equal(organisation_load(s, nokia, &second), STATUS_OK);
	organisation_set(&first, ORGANISATION_CITY, "Espoo");
	assert_int_equal(organisation_save(s, &first), STATUS_OK);
	organisation_set(&second, ORGANISATION_CITY, "Helsinki");
	assert_int_equal(organisation_save(s, &second), STATUS_ERR_CONFLICT);
	organisation_free(&second);
	organisation_init(&o);
	assert_int_equal(organisation_load(s, nokia, &o), STATUS_OK);
	assert_string_equal(o.value[ORGANISATION_CITY], "Espoo");
	assert_int_equal(o.version, 2);
	organisation_free(&o);
	organisation_free(&first);
}

/* The search words are intact: SQLite's FTS5 integrity check (rank 1: and
 * agree with the contact table); PostgreSQL's word table holds exactly the
 * words of every live (unmerged) contact, as its triggers promise. */
static void check_word_index(struct database *db, int against_table)
{
	if (unit_on_sqlite()) {
		char sql[128];
		snprintf(sql, sizeof sql, "INSERT INTO contact_search (contact_search, rank) VALUES ('integrity-check', %d)",
			 against_table);
		unit_exec(db, sql);
		return;
	}
	assert_int_equal(unit_query_int(db,
		"SELECT count(*) FROM ((SELECT w.word, c.id FROM contact c CROSS JOIN LATERAL "
		"unnest(string_to_array(c.search_text, ' ')) AS w(word) WHERE c.merged_into IS NULL AND w.word <> '' "
		"EXCEPT SELECT word, contact_id FROM contact_search_word) UNION ALL "
		"(SELECT word, contact_id FROM contact_search_word EXCEPT SELECT w.word, c.id FROM contact c CROSS JOIN LATERAL "
		"unnest(string_to_array(c.search_text, ' ')) AS w(word) WHERE c.merged_into IS NULL AND w.word <> '')) AS differ"), 0);
}

static void test_organisation_rename_updates_search(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct register_ids ids;
	seed_register(s, &ids);
	expect_names(s, "nokia", 0, "Korhonen, Jussi|Mäkinen, Timo");

	struct organisation o;
	organisation_init(&o);
	assert_int_equal(organisation_load(s, ids.nokia, &o), STATUS_OK);
	organisation_set(&o, ORGANISATION_NAME, "Finnair Oyj");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_free(&o);

	expect_names(s, "nokia", 0, "");
	assert_int_equal(search_count(s, "nokia", 0, 100), 0);
	expect_names(s, "finnair", 0, "Korhonen, Jussi|Mäkinen, Timo");
	assert_int_equal(search_count(s, "finnair", 0, 100), 2);
	expect_names(s, "finnair timo", 0, "Mäkinen, Timo");
	expect_names(s, "oyj", 0, "Korhonen, Jussi|Mäkinen, Timo|Nieminen, Laura");
	/* The rows carry the new name, and the brute force (raw names) agrees. */
	struct contact_row rows[4];
	assert_int_equal(search(s, "finnair", 0, NULL, false, rows, 4), 2);
	assert_string_equal(rows[0].organisation, "Finnair Oyj");
	check_against_brute_force(s, "finnair", 0, 1);
	/* The word index is intact and agrees with the contact table. */
	check_word_index(f->u->db, 1);
}

/* Organisation search lists the organisations whose words start with every
 * query word, accents ignored, in Finnish order (Å, Ä, Ö after Z), counted
 * alike and paged by offset: the same on both engines (FTS5 on SQLite, the
 * word table on PostgreSQL). Renaming moves an organisation's words. */
static void test_organisation_search(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long ahtari = add_organisation(s, "Ähtärin Konepaja Oy", "", "FI");
	long long kone = add_organisation(s, "Kone Oyj", "", "FI");
	long long soderstrom = add_organisation(s, "Söderström & Åkerlund Ab", "", "FI");
	struct organisation_row rows[4];
	assert_int_equal(organisation_search(s, "kone", 0, rows, 4), 2);
	assert_int_equal(rows[0].id, kone);
	assert_int_equal(rows[1].id, ahtari);
	assert_int_equal(organisation_search_count(s, "kone"), 2);
	assert_int_equal(organisation_search(s, "KON aht", 0, rows, 4), 1);
	assert_int_equal(rows[0].id, ahtari);
	assert_int_equal(organisation_search_count(s, "KON aht"), 1);
	assert_int_equal(organisation_search(s, "akerlund soder", 0, rows, 4), 1);
	assert_int_equal(rows[0].id, soderstrom);
	assert_int_equal(organisation_search(s, "kone ab", 0, rows, 4), 0);
	assert_int_equal(organisation_search_count(s, "nokia"), 0);
	assert_int_equal(organisation_search_count(s, ""), 3);
	assert_int_equal(organisation_search(s, "", 1, rows, 1), 1);
	assert_int_equal(rows[0].id, soderstrom);
	assert_int_equal(organisation_search(s, "", 1, rows, 4), 2);
	assert_int_equal(rows[0].id, soderstrom);
	assert_int_equal(rows[1].id, ahtari);
	assert_int_equal(organisation_search(s, "o", 1, rows, 4), 1);
	assert_int_equal(rows[0].id, ahtari);

	struct organisation o;
	organisation_init(&o);
	assert_int_equal(organisation_load(s, kone, &o), STATUS_OK);
	organisation_set(&o, ORGANISATION_NAME, "Hissi Oyj");
	assert_int_equal(organisation_save(s, &o), STATUS_OK);
	organisation_free(&o);
	assert_int_equal(organisation_search(s, "kone", 0, rows, 4), 1);
	assert_int_equal(rows[0].id, ahtari);
	assert_int_equal(organisation_search(s, "hiss", 0, rows, 4), 1);
	assert_int_equal(rows[0].id, kone);
}

/* Renaming the organisation of a merged contact must not bring the merged
 * contact back into the search index (nor damage the index). */
static void test_organisation_rename_with_merged_contact(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long nokia = add_organisation(s, "Nokia Oyj", "0112038-9", "FI");
	long long survivor = add_contact(s, "Sanna", "Söderström", "", "", nokia, 0);
	long long other = add_contact(s, "Sanna", "Soderstrom", "", "", nokia, 0);
	struct contact merged;
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(s, survivor, other, &merged), STATUS_OK);
	contact_free(&merged);
	assert_int_equal(search_count(s, "nokia", 0, 100), 1);

	struct organisation o;
	organisation_init(&o);
	assert_int_equal(organisation_load(s, nokia, &o), STATUS_OK);
	organisation_set(&o, ORGANISATION_NAME, "Finnair Oyj");
	enum status status = organisation_save(s, &o);
	organisation_free(&o);
	assert_int_equal(status, STATUS_OK);

	struct contact_row rows[4];
	assert_int_equal(search(s, "finnair", 0, NULL, false, rows, 4), 1);
	assert_int_equal(rows[0].id, survivor);
	assert_int_equal(search_count(s, "finnair", 0, 100), 1);
	/* The index is internally consistent (rank 0: a merged contact is
	 * deliberately absent from it, so no comparison with the table). */
	check_word_index(f->u->db, 0);
}

/* ---- Merge ---- */

static void add_reference(struct session *session, long long contact_id, int kind, const char *text_value,
			  const char *date)
{
	struct maintenance_reference reference;
	memset(&reference, 0, sizeof reference);
	reference.kind = kind;
	snprintf(reference.reference, sizeof reference.reference, "%s", text_value);
	snprintf(reference.date, sizeof reference.date, "%s", date);
	assert_int_equal(contact_add_reference(session, contact_id, &reference), STATUS_OK);
}

/* The merge's default (the merge screen and "contact merge"): the survivor's
 * values stay, an empty one takes the other's, so that merging loses nothing. */
static void test_merge_default_takes_only_what_the_survivor_lacks(void **state)
{
	(void)state;
	struct contact survivor, other;
	contact_init(&survivor);
	contact_init(&other);
	contact_set(&survivor, CONTACT_EMAIL, "anna.virtanen@esimerkki.fi");
	contact_set(&other, CONTACT_EMAIL, "anna@toinen.fi");
	contact_set(&other, CONTACT_PHONE, "040 555 5555");
	contact_set(&survivor, CONTACT_CITY, "Ähtäri");
	assert_false(contact_merge_takes_other(&survivor, &other, CONTACT_EMAIL));   /* a given value stays */
	assert_true(contact_merge_takes_other(&survivor, &other, CONTACT_PHONE));    /* an empty one takes the other's */
	assert_false(contact_merge_takes_other(&survivor, &other, CONTACT_CITY));    /* never emptied */
	assert_false(contact_merge_takes_other(&survivor, &other, CONTACT_TITLE));   /* both empty */
	other.organisation_id = 7;
	assert_true(contact_merge_takes_other(&survivor, &other, CONTACT_MERGE_ORGANISATION));
	survivor.organisation_id = 3;
	assert_false(contact_merge_takes_other(&survivor, &other, CONTACT_MERGE_ORGANISATION));
	contact_free(&survivor);
	contact_free(&other);
}

static void test_merge(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct database *db = f->u->db;
	long long kone = add_organisation(s, "Kone Oyj", "1927400-1", "FI");
	long long survivor = add_contact(s, "Anna", "Virtanen", "anna.virtanen@esimerkki.fi", "", kone,
					 1u << CATEGORY_CUSTOMER | 1u << CATEGORY_MAINTENANCE);
	long long other = add_contact(s, "Anna", "Virtanen", "", "040 555 5555", kone,
				      1u << CATEGORY_PROSPECT | 1u << CATEGORY_EVENT);
	long long bystander = add_contact(s, "Pekka", "Puhelin", "", "", 0, 0);
	/* Maintenance references (notice §1.2) on both. */
	add_reference(s, survivor, 0, "SA-2024-001", "2024-01-15");
	add_reference(s, other, 1, "FR-7781", "2025-03-02");
	add_reference(s, other, 2, "MO-1203", "2025-04-10");
	add_reference(s, bystander, 2, "MO-9999", "2025-05-01");

	/* The survivor keeps its e-mail and takes the other's phone and title. */
	struct contact merged;
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	contact_set(&merged, CONTACT_PHONE, "040 555 5555");
	contact_set(&merged, CONTACT_TITLE, "Kunnossapitopäällikkö");
	assert_int_equal(contact_merge(s, survivor, other, &merged), STATUS_OK);
	contact_free(&merged);

	struct contact c;
	contact_init(&c);
	assert_int_equal(contact_load(s, survivor, false, &c), STATUS_OK);
	assert_int_equal(c.id, survivor);
	assert_string_equal(c.value[CONTACT_EMAIL], "anna.virtanen@esimerkki.fi");
	assert_string_equal(c.value[CONTACT_PHONE], "040 555 5555");
	assert_string_equal(c.value[CONTACT_TITLE], "Kunnossapitopäällikkö");
	assert_int_equal(c.organisation_id, kone);
	/* The union of the categories. */
	assert_int_equal(c.categories, 1u << CATEGORY_CUSTOMER | 1u << CATEGORY_MAINTENANCE | 1u << CATEGORY_PROSPECT |
			 1u << CATEGORY_EVENT);
	contact_free(&c);

	/* Every reference of the other is the survivor's now; others untouched. */
	struct maintenance_reference references[8];
	assert_int_equal(contact_references(s, survivor, references, 8), 3);
	assert_string_equal(references[0].reference, "SA-2024-001");
	assert_string_equal(references[1].reference, "FR-7781");
	assert_string_equal(references[2].reference, "MO-1203");
	assert_int_equal(contact_references(s, other, references, 8), 0);
	assert_int_equal(contact_references(s, bystander, references, 8), 1);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM maintenance_reference WHERE contact_id = %lld", other);
	assert_int_equal(unit_query_int(db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM contact_category WHERE contact_id = %lld", other);
	assert_int_equal(unit_query_int(db, sql), 0);

	/* The other resolves to the survivor; its row stays (no hard delete). */
	contact_init(&c);
	assert_int_equal(contact_load(s, other, false, &c), STATUS_OK);
	assert_int_equal(c.id, survivor);
	assert_string_equal(c.value[CONTACT_EMAIL], "anna.virtanen@esimerkki.fi");
	contact_free(&c);
	snprintf(sql, sizeof sql, "SELECT merged_into FROM contact WHERE id = %lld", other);
	assert_int_equal(unit_query_int(db, sql), survivor);
	assert_int_equal(contact_rows(db), 3);
	assert_int_equal(contact_load(s, 999999, false, &c), STATUS_ERR_NOT_FOUND);

	/* Audited on both records, with field names only. */
	assert_int_equal(count_audit(db, "contact.merge", survivor), 1);
	assert_int_equal(count_audit(db, "contact.merged-into", other), 1);
	assert_int_equal(count_audit(db, "contact.edit", survivor), 1);
	assert_int_equal(audit_mentions(db, "555 5555"), 0);
	assert_int_equal(audit_mentions(db, "Kunnossapito"), 0);

	/* A merge over a survivor changed meanwhile is a lost update: refused,
	 * nothing merged. */
	long long third = add_contact(s, "Anna", "Virtanen", "", "050 111 2222", kone, 1u << CATEGORY_TRAINING);
	struct contact stale, fresh;
	contact_init(&stale);
	contact_init(&fresh);
	assert_int_equal(contact_load(s, survivor, false, &stale), STATUS_OK);
	assert_int_equal(contact_load(s, survivor, false, &fresh), STATUS_OK);
	contact_set(&fresh, CONTACT_CITY, "Espoo");
	save_ok(s, &fresh);
	contact_free(&fresh);
	contact_set(&stale, CONTACT_PHONE, "050 111 2222");
	assert_int_equal(contact_merge(s, survivor, third, &stale), STATUS_ERR_CONFLICT);
	contact_free(&stale);
	snprintf(sql, sizeof sql, "SELECT merged_into IS NULL FROM contact WHERE id = %lld", third);
	assert_int_equal(unit_query_int(db, sql), 1);
	contact_init(&c);
	assert_int_equal(contact_load(s, survivor, false, &c), STATUS_OK);
	assert_string_equal(c.value[CONTACT_CITY], "Espoo");
	assert_string_equal(c.value[CONTACT_PHONE], "040 555 5555");
	assert_false(c.categories & 1u << CATEGORY_TRAINING);
	contact_free(&c);
	assert_int_equal(count_audit(db, "contact.merged-into", third), 0);

	/* Once merged, it cannot be merged again; nor into itself. */
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(s, survivor, other, &merged), STATUS_ERR_NOT_FOUND);
	assert_int_equal(contact_merge(s, survivor, survivor, &merged), STATUS_ERR_INVALID);
	contact_free(&merged);
	/* Nor into a contact that was itself merged away. */
	contact_init(&merged);
	assert_int_equal(contact_load(s, survivor, false, &merged), STATUS_OK);
	assert_int_equal(contact_merge(s, other, bystander, &merged), STATUS_ERR_NOT_FOUND);
	contact_free(&merged);
	snprintf(sql, sizeof sql, "SELECT merged_into IS NULL FROM contact WHERE id = %lld", bystander);
	assert_int_equal(unit_query_int(db, sql), 1);
	assert_int_equal(contact_references(s, bystander, references, 8), 1);
}

/* ---- Ending a relationship ---- */

/* True when the list row of contact id (found by name_query) shows the
 * marker symbol. */
static bool has_marker(struct session *session, long long id, const char *name_query, char symbol)
{
	struct contact_row rows[8];
	int count = search(session, name_query, 0, NULL, false, rows, 8);
	for (int i = 0; i < count; i++)
		if (rows[i].id == id)
			return strchr(rows[i].markers, symbol) != NULL;
	fail_msg("contact %lld not found by \"%s\"", id, name_query);
	return false;
}

static void test_end_relationship(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	struct database *db = f->u->db;
	/* The "relationship ended" marker is one of the legend's. */
	int ended_marker = -1;
	for (int i = 0; i < contact_marker_count(); i++)
		if (contact_marker_symbol(i) == 'E')
			ended_marker = i;
	assert_true(ended_marker >= 0);
	assert_string_equal(contact_marker_label(ended_marker), "relationship ended");

	struct contact c;
	make_contact(&c, "Elsa", "Entinen");
	contact_set(&c, CONTACT_RELATIONSHIP_START, "2020-01-01");
	save_ok(s, &c);
	long long ended = c.id;
	contact_free(&c);
	make_contact(&c, "Elmeri", "Entinen");
	contact_set(&c, CONTACT_RELATIONSHIP_START, "2020-01-01");
	save_ok(s, &c);
	long long ending = c.id;
	contact_free(&c);
	assert_false(has_marker(s, ended, "entinen", 'E'));

	/* Ended on a past date (notice §4.2: the relationship ends; no delete). */
	long long rows_before = contact_rows(db);
	assert_int_equal(contact_end_relationship(s, ended, "30.6.2023"), STATUS_OK);
	assert_int_equal(contact_rows(db), rows_before);
	contact_init(&c);
	assert_int_equal(contact_load(s, ended, false, &c), STATUS_OK);
	assert_string_equal(c.value[CONTACT_RELATIONSHIP_END], "2023-06-30");
	assert_string_equal(c.value[CONTACT_FIRST_NAME], "Elsa");   /* nothing else touched */
	assert_string_equal(c.value[CONTACT_RELATIONSHIP_START], "2020-01-01");
	assert_int_equal(c.version, 2);
	contact_free(&c);
	char fields[256];
	audit_fields(db, "contact.edit", ended, fields, sizeof fields);
	assert_string_equal(fields, "relationship_end");
	assert_true(has_marker(s, ended, "elsa", 'E'));
	assert_true(has_marker(s, ended, "entinen", 'E'));
	assert_false(has_marker(s, ending, "entinen", 'E'));
	/* Still found by every search, only marked. */
	assert_int_equal(search_count(s, "elsa", 0, 10), 1);

	/* Ending in the future: no marker yet. */
	assert_int_equal(contact_end_relationship(s, ending, "2199-12-31"), STATUS_OK);
	assert_false(has_marker(s, ending, "elmeri", 'E'));

	/* Not before the start, and only real dates. */
	assert_int_equal(contact_end_relationship(s, ending, "2019-12-31"), STATUS_ERR_INVALID);
	assert_int_equal(contact_end_relationship(s, ending, "31.2.2024"), STATUS_ERR_INVALID);
	contact_init(&c);
	assert_int_equal(contact_load(s, ending, false, &c), STATUS_OK);
	assert_string_equal(c.value[CONTACT_RELATIONSHIP_END], "2199-12-31");
	contact_free(&c);
	assert_int_equal(contact_end_relationship(s, 999999, "2023-06-30"), STATUS_ERR_NOT_FOUND);
	assert_int_equal(contact_rows(db), rows_before);
}

/* ---- Permissions (notice §5.2) ---- */

static void login_as(struct session *officer, const char *username, enum role role, struct session *out)
{
	long long id = 0;
	char full_name[64];
	snprintf(full_name, sizeof full_name, "Testi %s", username);
	assert_int_equal(account_add(officer, username, full_name, role, "temporary-password-1", UNIT_COMMITMENT, &id), STATUS_OK);
	memset(out, 0, sizeof *out);
	assert_int_equal(account_login(officer->db, username, "temporary-password-1", out), STATUS_OK);
	assert_int_equal(out->account_id, id);
	assert_int_equal(out->role, role);
}

/* Issue 12: record numbers are never reused. Before 0020 the newest
 * contact's number went to the next one added after it was erased, and the
 * audit trail then attributed the erased person's history to a stranger. */
static void test_record_numbers_never_reused(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	add_contact(s, "Vanha", "Ensimmäinen", "", "", 0, 0);
	long long newest = add_contact(s, "Poistettava", "Viimeinen", "", "", 0, 0);
	char sql[320];
	snprintf(sql, sizeof sql, "DELETE FROM contact WHERE id = %lld", newest);
	unit_exec(s->db, sql);
	long long next = add_contact(s, "Uusi", "Henkilö", "", "", 0, 0);
	assert_true(next > newest);

	struct subject_request *request = calloc(1, sizeof *request);
	assert_non_null(request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request->requester_name, sizeof request->requester_name, "Pyytäjä Yksi");
	assert_int_equal(request_add(s, request), STATUS_OK);
	long long first_request = request->id;
	snprintf(sql, sizeof sql, "DELETE FROM subject_request WHERE id = %lld", first_request);
	unit_exec(s->db, sql);
	memset(request, 0, sizeof *request);
	request->kind = REQUEST_INSPECTION;
	request->channel = REQUEST_CHANNEL_IN_PERSON;
	snprintf(request->requester_name, sizeof request->requester_name, "Pyytäjä Kaksi");
	assert_int_equal(request_add(s, request), STATUS_OK);
	assert_true(request->id > first_request);
	free(request);
	/* Every table whose ids the audit trail or paper names is declared so
	 * (SQLite: AUTOINCREMENT; PostgreSQL: an identity column, whose
	 * sequence never goes back). */
	static const char *const tables[] = { "account", "organisation", "contact", "recipient", "disclosure", "course",
		"training_session", "registration", "certificate", "event", "event_registration", "subject_request",
		"legal_hold", "review_round", "import_mapping", "maintenance_reference" };
	for (size_t i = 0; i < COUNT(tables); i++) {
		if (unit_on_sqlite())
			snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s' "
				 "AND sql LIKE '%%AUTOINCREMENT%%'", tables[i]);
		else
			snprintf(sql, sizeof sql, "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
				 "current_schema() AND table_name = '%s' AND column_name = 'id' AND is_identity = 'YES'", tables[i]);
		if (unit_query_int(s->db, sql) != 1)
			fail_msg("table %s reuses record numbers", tables[i]);
	}
}

static void test_permissions(void **state)
{
	struct fixture *f = fixture_of(state);
	struct database *db = f->u->db;
	struct session reception, trainer;
	login_as(&f->officer, "rita.vastaanotto", ROLE_RECEPTION, &reception);
	login_as(&f->officer, "tero.kouluttaja", ROLE_TRAINER, &trainer);
	long long existing = add_contact(&f->officer, "Olli", "Olemassa", "", "", 0, 0);

	/* The trainer may not see or touch the register; each refusal audited. */
	long long denied = count_audit_by(db, "permission.denied", trainer.account_id);
	struct contact c;
	contact_init(&c);
	assert_int_equal(contact_load(&trainer, existing, false, &c), STATUS_ERR_FORBIDDEN);
	assert_int_equal(count_audit_by(db, "permission.denied", trainer.account_id), ++denied);
	char fields[128];
	unit_query_text(db, "SELECT fields FROM audit_entry WHERE action = 'permission.denied' "
			"ORDER BY id DESC LIMIT 1", fields, sizeof fields);
	assert_string_equal(fields, "VIEW_REGISTER");
	assert_string_equal(c.value[CONTACT_LAST_NAME], "");   /* nothing read */
	assert_int_equal(count_audit(db, "contact.view", existing), 0);
	contact_free(&c);

	make_contact(&c, "Tuuli", "Trainerin");
	long long rows = contact_rows(db);
	assert_int_equal(contact_save(&trainer, &c, false, NULL), STATUS_ERR_FORBIDDEN);
	assert_int_equal(count_audit_by(db, "permission.denied", trainer.account_id), ++denied);
	assert_int_equal(contact_rows(db), rows);
	assert_int_equal(c.id, 0);
	contact_free(&c);

	struct contact_query query;
	set_query(&query, "", 0);
	struct contact_row page[4];
	assert_int_equal(contact_search_page(&trainer, &query, NULL, false, page, 4), -1);
	assert_int_equal(count_audit_by(db, "permission.denied", trainer.account_id), ++denied);
	set_query(&query, "olli", 0);
	assert_int_equal(contact_search_page(&trainer, &query, NULL, false, page, 4), -1);
	assert_int_equal(count_audit_by(db, "permission.denied", trainer.account_id), ++denied);
	assert_int_equal(contact_search_count(&trainer, &query, 100), -1);
	assert_int_equal(count_audit_by(db, "permission.denied", trainer.account_id), ++denied);
	struct contact_duplicate found[2];
	make_contact(&c, "Olli", "Olemassa");
	assert_int_equal(contact_find_duplicates(&trainer, &c, found, 2), -1);
	contact_free(&c);
	assert_int_equal(contact_end_relationship(&trainer, existing, "2023-01-01"), STATUS_ERR_FORBIDDEN);
	contact_init(&c);
	assert_int_equal(contact_merge(&trainer, existing, existing + 1, &c), STATUS_ERR_FORBIDDEN);
	contact_free(&c);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT relationship_end || version FROM contact WHERE id = %lld", existing);
	char stored[64];
	unit_query_text(db, sql, stored, sizeof stored);
	assert_string_equal(stored, "1");

	/* Reception may add, view and edit. */
	make_contact(&c, "Reija", "Vastaanotettu");
	contact_set(&c, CONTACT_PHONE, "040 777 7777");
	assert_int_equal(contact_save(&reception, &c, false, NULL), STATUS_OK);
	long long id = c.id;
	assert_true(id > 0);
	contact_set(&c, CONTACT_PHONE, "040 888 8888");
	assert_int_equal(contact_save(&reception, &c, false, NULL), STATUS_OK);
	assert_int_equal(c.version, 2);
	contact_free(&c);
	contact_init(&c);
	assert_int_equal(contact_load(&reception, id, false, &c), STATUS_OK);
	assert_string_equal(c.value[CONTACT_PHONE], "040 888 8888");
	assert_string_equal(c.created_by, "rita.vastaanotto");
	assert_string_equal(c.changed_by, "rita.vastaanotto");
	contact_free(&c);
	snprintf(sql, sizeof sql, "SELECT account_id FROM audit_entry WHERE action = 'contact.add' AND record_id = %lld",
		 id);
	assert_int_equal(unit_query_int(db, sql), reception.account_id);
	set_query(&query, "reija", 0);
	assert_int_equal(contact_search_page(&reception, &query, NULL, false, page, 4), 1);
	assert_int_equal(count_audit_by(db, "permission.denied", reception.account_id), 0);

	/* Opening a person's record is audited when asked (notice §5.2). */
	assert_int_equal(count_audit(db, "contact.view", id), 0);
	contact_init(&c);
	assert_int_equal(contact_load(&reception, id, true, &c), STATUS_OK);
	contact_free(&c);
	assert_int_equal(count_audit(db, "contact.view", id), 1);
	snprintf(sql, sizeof sql, "SELECT account_id FROM audit_entry WHERE action = 'contact.view' AND record_id = %lld",
		 id);
	assert_int_equal(unit_query_int(db, sql), reception.account_id);
	contact_init(&c);
	assert_int_equal(contact_load(&reception, id, false, &c), STATUS_OK);
	contact_free(&c);
	assert_int_equal(count_audit(db, "contact.view", id), 1);
	assert_int_equal(count_audit(db, "contact.view", existing), 0);
}

/* Names as macOS and some web forms send them: decomposed (NFD). Stored
 * composed (NFC), found by either form, a duplicate of its composed twin,
 * and in Finnish order with it (issue 15). */
#define NFD_AIJA "A\xcc\x88ija\xcc\x88"            /* Äijä */
#define NFD_AHTARI "A\xcc\x88hta\xcc\x88ri"        /* Ähtäri */
#define NFD_SODERSTROM "So\xcc\x88" "derstro\xcc\x88" "m" /* Söderström */

static void test_decomposed_names(void **state)
{
	struct fixture *f = fixture_of(state);
	struct session *s = &f->officer;
	long long nfd = add_contact(s, NFD_AIJA, NFD_AHTARI, "", "", 0, 0);
	add_contact(s, "Sanna", "Zetterberg", "", "", 0, 0);
	add_contact(s, "Anna", "Aalto", "", "", 0, 0);
	/* Stored composed. */
	struct contact stored;
	contact_init(&stored);
	assert_int_equal(contact_load(s, nfd, false, &stored), STATUS_OK);
	assert_string_equal(stored.value[CONTACT_FIRST_NAME], "Äijä");
	assert_string_equal(stored.value[CONTACT_LAST_NAME], "Ähtäri");
	contact_free(&stored);
	/* Found by the composed, the decomposed and the folded query; Ä after Z. */
	expect_names(s, "Ähtäri", 0, "Ähtäri, Äijä");
	expect_names(s, NFD_AHTARI, 0, "Ähtäri, Äijä");
	expect_names(s, "ahtari aij", 0, "Ähtäri, Äijä");
	expect_names(s, "", 0, "Aalto, Anna|Zetterberg, Sanna|Ähtäri, Äijä");

	/* A duplicate across the forms: the composed name finds the decomposed
	 * one, and the decomposed name a composed one. */
	struct contact_duplicate found[8];
	assert_int_equal(duplicates_of(s, "Äijä", "Ähtäri", "", "", 0, 0, found, 8), 1);
	assert_int_equal(found[0].id, nfd);
	long long sanna = add_contact(s, "Sanna", "Söderström", "sanna.söderström@x.fi", "", 0, 0);
	assert_int_equal(duplicates_of(s, "Sanna", NFD_SODERSTROM, "", "", 0, 0, found, 8), 1);
	assert_int_equal(found[0].id, sanna);
	assert_int_equal(duplicates_of(s, "Other", "Person", "sanna.so\xcc\x88" "derstro\xcc\x88" "m@x.fi", "", 0, 0,
				       found, 8), 1);
	assert_int_equal(found[0].id, sanna);

	/* An organisation named decomposed is stored composed and found. */
	long long oy = add_organisation(s, "O\xcc\x88ljy Oy", "", "FI");
	struct organisation o;
	organisation_init(&o);
	assert_int_equal(organisation_load(s, oy, &o), STATUS_OK);
	assert_string_equal(o.value[ORGANISATION_NAME], "Öljy Oy");
	organisation_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_save_new_contact_audited_without_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_validates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_personal_identity_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decomposed_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_update_two_workstations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_update_same_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_finnish_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_organisation_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_merged_disappears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_by_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_merged_stays_gone_after_rebuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_plans_large_register, setup, teardown),
		cmocka_unit_test(test_business_id_as_pasted),
		cmocka_unit_test(test_contact_from_search),
		cmocka_unit_test_setup_teardown(test_organisation_business_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_organisation_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_organisation_rename_updates_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_organisation_rename_with_merged_contact, setup, teardown),
		cmocka_unit_test(test_merge_default_takes_only_what_the_survivor_lacks),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_relationship, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_numbers_never_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Deterministic generator of the benchmark register.
 *
 *   generate DBFILE COUNT [--csv FILE]
 *
 * Creates DBFILE (which must not exist) through the core API, exactly as an
 * import would: the first privacy officer "bench" / "benchmark-password",
 * then in one transaction with the search indexes in bulk mode COUNT/20
 * organisations and COUNT contacts (each validated and audited by the core),
 * then one rebuild of the search indexes. Same COUNT, same register: the
 * random numbers come from a fixed-seed splitmix64 of our own.
 *
 * --csv FILE also writes the contacts as the CSV the import benchmark reads
 * (Finnish headers, ';' separated, every field quoted by libcsv).
 *
 * Prints progress and phase times on stderr and "RESULT key value" lines on
 * stdout for tests/bench/run.sh. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "contact.h"
#include "database_internal.h"
#include "organisation.h"
#include "text.h"

#include "names.h"

#define BENCH_USER "bench"
#define BENCH_PASSWORD "benchmark-password"
#define SEED 0x5eed2026c0ffee11ULL

/* ---- random numbers: splitmix64, nothing from libc ---- */

static uint64_t rng_state = SEED;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int rng_below(int n)
{
	return (int)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* Skewed towards 0: index in [0, n) with density falling like 1/(1+x). */
static int rng_skewed(int n)
{
	double u = (double)(rng_next() >> 11) / 9007199254740992.0;
	int index = (int)(n * u * u);
	return index < n ? index : n - 1;
}

static bool rng_chance(int percent)
{
	return rng_below(100) < percent;
}

static const char *pick_weighted(const struct weighted_name *names, int count, int total)
{
	int target = rng_below(total);
	for (int i = 0; i < count; i++) {
		target -= names[i].per_mille;
		if (target < 0)
			return names[i].name;
	}
	return names[count - 1].name;
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- names ---- */

/* Second halves of double-barrelled names come from the first common names (no particles). */
#define COMMON_FOR_SECOND 49
static int common_total, first_total, second_total;

static void tail_surname(char *out, size_t out_size)
{
	if (rng_chance(75))
		snprintf(out, out_size, "%s%s", finnish_stems[rng_skewed(COUNT_OF(finnish_stems))],
			 finnish_endings[rng_skewed(COUNT_OF(finnish_endings))]);
	else
		snprintf(out, out_size, "%s%s", swedish_stems[rng_skewed(COUNT_OF(swedish_stems))],
			 swedish_endings[rng_skewed(COUNT_OF(swedish_endings))]);
}

static void any_surname(char *out, size_t out_size)
{
	/* common_total per mille go to the common names, the rest to the tail */
	if (rng_below(1000) < common_total)
		snprintf(out, out_size, "%s", pick_weighted(common_surnames, COUNT_OF(common_surnames), common_total));
	else
		tail_surname(out, out_size);
}

/* The rare surname of contact index i (0-based), or NULL: each is given to
 * RARE_HOLDERS contacts spread over the register. */
static const char *rare_surname_of(long i, long count)
{
	long stride = count / RARE_HOLDERS;
	for (int r = 0; r < COUNT_OF(rare_surnames); r++) {
		long offset = r * 97L + 13;
		if (stride > offset && i >= offset && (i - offset) % stride == 0 && (i - offset) / stride < RARE_HOLDERS)
			return rare_surnames[r];
	}
	return NULL;
}

static void surname(long i, long count, char *out, size_t out_size)
{
	const char *rare = rare_surname_of(i, count);
	if (rare) {
		snprintf(out, out_size, "%s", rare);
		return;
	}
	char first[128], second[128];
	any_surname(first, sizeof first);
	/* Double-barrelled: Lehtinen-Åberg. Not with a particle. */
	if (rng_chance(3) && !strchr(first, ' ')) {
		if (rng_chance(50))
			tail_surname(second, sizeof second);
		else
			snprintf(second, sizeof second, "%s", pick_weighted(common_surnames, COMMON_FOR_SECOND, second_total));
		if (!strchr(second, ' ')) {
			snprintf(out, out_size, "%s-%s", first, second);
			return;
		}
	}
	snprintf(out, out_size, "%s", first);
}

/* ASCII e-mail local part or domain word: "Söderström-Åkerlund" -> "soderstrom.akerlund". */
static void mail_word(const char *s, char *out, size_t out_size)
{
	text_search_fold(s, out, out_size);
	for (char *p = out; *p; p++)
		if (*p == ' ')
			*p = '.';
}

/* ---- Y-tunnus ---- */

/* The check digit of seven digits, or -1 when remainder 1 makes it impossible. */
static int business_id_check(long digits)
{
	static const int weights[7] = { 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 6; i >= 0; i--) {
		sum += (int)(digits % 10) * weights[i];
		digits /= 10;
	}
	int remainder = sum % 11;
	return remainder == 1 ? -1 : remainder == 0 ? 0 : 11 - remainder;
}

static long business_next = 1234567;

static void next_business_id(char *out, size_t out_size)
{
	int check;
	while ((check = business_id_check(business_next)) < 0)
		business_next += 7;
	snprintf(out, out_size, "%07ld-%d", business_next, check);
	business_next += 7;
}

/* ---- records ---- */

static void postal(const struct place *place, char *out, size_t out_size)
{
	int code = place->postal_base + 10 * rng_below(place->postal_span);
	snprintf(out, out_size, "%05d", code);
}

static void street(char *out, size_t out_size)
{
	int number = 1 + rng_skewed(120);
	if (rng_chance(40))
		snprintf(out, out_size, "%s %d %c %d", streets[rng_below(COUNT_OF(streets))], number,
			 'A' + rng_below(4), 1 + rng_below(40));
	else
		snprintf(out, out_size, "%s %d", streets[rng_below(COUNT_OF(streets))], number);
}

static const char *const swedish_cities[] = { "Åbo", "Helsingfors", "Vasa", "Borgå", "Esbo", "Jakobstad" };

static void organisation_name(char *out, size_t out_size)
{
	char s1[96], s2[96];
	any_surname(s1, sizeof s1);
	switch (rng_below(8)) {
	case 0:
		snprintf(out, out_size, "%s & Co Oy", s1);
		break;
	case 1:
		snprintf(out, out_size, "Oy %s \"%s\" Ab", swedish_cities[rng_below(COUNT_OF(swedish_cities))],
			 trades[rng_below(COUNT_OF(trades))]);
		break;
	case 2: {
		int a = rng_below(COUNT_OF(trades)), b = (a + 1 + rng_below(COUNT_OF(trades) - 1)) % COUNT_OF(trades);
		snprintf(out, out_size, "%s, %s ja %s Ky", trades[a], trades[b], trades[rng_below(COUNT_OF(trades))]);
		break;
	}
	case 3:
		snprintf(s2, sizeof s2, "%s%s", swedish_stems[rng_below(COUNT_OF(swedish_stems))],
			 swedish_endings[rng_below(COUNT_OF(swedish_endings))]);
		snprintf(out, out_size, "%s-%s Oy", s1, s2);
		break;
	case 4:
		snprintf(out, out_size, "%s-%s Oy", trades[rng_below(COUNT_OF(trades))], places[rng_below(COUNT_OF(places))].city);
		break;
	case 5:
		snprintf(s2, sizeof s2, "%s%s", swedish_stems[rng_below(COUNT_OF(swedish_stems))],
			 swedish_endings[rng_below(COUNT_OF(swedish_endings))]);
		snprintf(out, out_size, "Ab %s & Söner", s2);
		break;
	case 6:
		snprintf(out, out_size, "Tmi %s %s", pick_weighted(first_names, COUNT_OF(first_names), first_total), s1);
		break;
	default:
		snprintf(out, out_size, "%s Group Oyj", s1);
		break;
	}
}

static void random_date(int first_year, int years, char *out, size_t out_size)
{
	snprintf(out, out_size, "%04d-%02d-%02d", first_year + rng_below(years), 1 + rng_below(12), 1 + rng_below(28));
}

struct org_info {
	long long id;
	char domain[64];
	char name[256];
	char business_id[16];
};

static void csv_field(FILE *csv, const char *text, bool last)
{
	csv_fwrite(csv, text, strlen(text));
	fputs(last ? "\r\n" : ";", csv);
}

static void fail(const char *what, struct database *db)
{
	fprintf(stderr, "generate: %s: %s\n", what, db ? db->error : "");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *csv_path = NULL;
	if (argc == 5 && strcmp(argv[3], "--csv") == 0)
		csv_path = argv[4];
	else if (argc != 3) {
		fprintf(stderr, "usage: %s DBFILE COUNT [--csv FILE]\n", argv[0]);
		return 2;
	}
	const char *path = argv[1];
	long count = atol(argv[2]);
	if (count < 100) {
		fprintf(stderr, "generate: COUNT must be at least 100\n");
		return 2;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "generate: %s exists; the generator only creates new registers\n", path);
		return 2;
	}
	for (int i = 0; i < COUNT_OF(common_surnames); i++)
		common_total += common_surnames[i].per_mille;
	for (int i = 0; i < COMMON_FOR_SECOND; i++)
		second_total += common_surnames[i].per_mille;
	for (int i = 0; i < COUNT_OF(first_names); i++)
		first_total += first_names[i].per_mille;

	FILE *csv = NULL;
	if (csv_path) {
		csv = fopen(csv_path, "w");
		if (!csv) {
			perror(csv_path);
			return 1;
		}
		const char *headers[] = { "Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Yritys", "Y-tunnus",
					  "Postinumero", "Postitoimipaikka", "Katuosoite" };
		for (int i = 0; i < 9; i++)
			csv_field(csv, headers[i], i == 8);
	}

	double start = now_seconds();
	struct database *db;
	char error[1024];
	if (database_open(&db, path, error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "generate: %s\n", error);
		return 1;
	}
	struct session session;
	if (account_create_first(db, BENCH_USER, "Benchmark Officer", BENCH_PASSWORD, "2020-01-02", &session) != STATUS_OK)
		fail("first account", db);
	double opened = now_seconds();

	if (database_begin(db) != STATUS_OK)
		fail("begin", db);
	contact_store_set_bulk(db, true);

	long org_count = count / 20;
	struct org_info *orgs = calloc((size_t)org_count, sizeof *orgs);
	if (!orgs)
		fail("out of memory", NULL);
	char text[512];
	for (long k = 0; k < org_count; k++) {
		struct organisation org;
		organisation_init(&org);
		organisation_name(orgs[k].name, sizeof orgs[k].name);
		organisation_set(&org, ORGANISATION_NAME, orgs[k].name);
		if (!rng_chance(10)) {
			next_business_id(orgs[k].business_id, sizeof orgs[k].business_id);
			organisation_set(&org, ORGANISATION_BUSINESS_ID, orgs[k].business_id);
		}
		const struct place *place = &places[rng_skewed(COUNT_OF(places))];
		street(text, sizeof text);
		organisation_set(&org, ORGANISATION_STREET, text);
		postal(place, text, sizeof text);
		organisation_set(&org, ORGANISATION_POSTAL_CODE, text);
		organisation_set(&org, ORGANISATION_CITY, place->city);
		if (organisation_save(&session, &org) != STATUS_OK) {
			fprintf(stderr, "generate: organisation \"%s\" %s\n", orgs[k].name, orgs[k].business_id);
			fail("organisation_save", db);
		}
		orgs[k].id = org.id;
		/* the first word of the name as a mail domain: "makinen.fi" */
		char folded[256];
		text_search_fold(orgs[k].name, folded, sizeof folded);
		size_t first_word = strcspn(folded, " ");
		if (first_word == 2 && (strncmp(folded, "oy", 2) == 0 || strncmp(folded, "ab", 2) == 0)) {
			memmove(folded, folded + 3, strlen(folded + 3) + 1);
			first_word = strcspn(folded, " ");
		}
		snprintf(orgs[k].domain, sizeof orgs[k].domain, "%.*s.fi", (int)(first_word < 40 ? first_word : 40), folded);
		organisation_free(&org);
	}
	double orgs_done = now_seconds();
	fprintf(stderr, "generate: %ld organisations in %.1f s\n", org_count, orgs_done - opened);

	struct contact contact;
	contact_init(&contact);
	char first[128], last[256], local[256], email[400], phone[64], date[16], date2[32];
	double last_report = orgs_done;
	for (long i = 0; i < count; i++) {
		surname(i, count, last, sizeof last);
		snprintf(first, sizeof first, "%s", pick_weighted(first_names, COUNT_OF(first_names), first_total));
		contact.id = 0;
		contact.version = 0;
		contact_set(&contact, CONTACT_FIRST_NAME, first);
		contact_set(&contact, CONTACT_LAST_NAME, last);
		contact_set(&contact, CONTACT_TITLE, titles[rng_below(COUNT_OF(titles))]);

		const struct org_info *org = NULL;
		if (rng_chance(70))
			org = &orgs[rng_skewed((int)org_count)];
		contact.organisation_id = org ? org->id : 0;

		char both[400];
		snprintf(both, sizeof both, "%s %s", first, last);
		mail_word(both, local, sizeof local);
		if (org && rng_chance(80))
			snprintf(email, sizeof email, "%s@%s", local, org->domain);
		else if (rng_chance(40))
			snprintf(email, sizeof email, "%s%d@%s", local, 1 + rng_below(99),
				 mail_domains[rng_skewed(COUNT_OF(mail_domains))]);
		else if (rng_chance(75))
			snprintf(email, sizeof email, "%s@%s", local, mail_domains[rng_skewed(COUNT_OF(mail_domains))]);
		else
			email[0] = '\0';
		contact_set(&contact, CONTACT_EMAIL, email);

		static const int operators[] = { 40, 41, 44, 45, 46, 50 };
		if (rng_chance(90))
			snprintf(phone, sizeof phone, "+358 %d %03d %04d", operators[rng_below(COUNT_OF(operators))],
				 rng_below(1000), rng_below(10000));
		else
			phone[0] = '\0';
		contact_set(&contact, CONTACT_PHONE, phone);

		const struct place *place = &places[rng_skewed(COUNT_OF(places))];
		street(text, sizeof text);
		contact_set(&contact, CONTACT_STREET, text);
		char postal_code[8];
		postal(place, postal_code, sizeof postal_code);
		contact_set(&contact, CONTACT_POSTAL_CODE, postal_code);
		contact_set(&contact, CONTACT_CITY, place->city);
		bool swedish = strstr(last, "ström") || strstr(last, "qvist") || strstr(last, "berg") ||
			       strstr(last, "af ") || strstr(last, "von ") || strstr(last, "son");
		contact_set(&contact, CONTACT_LANGUAGE, swedish && rng_chance(70) ? "sv" : rng_chance(4) ? "en" : "fi");

		static const char *const source_codes[] = { "person", "person", "person", "person", "person",
			"company", "company", "employer", "service-agreement", "event-registration" };
		contact_set(&contact, CONTACT_SOURCE, org ? source_codes[rng_below(COUNT_OF(source_codes))] : "person");

		random_date(2005, 20, date, sizeof date);
		contact_set(&contact, CONTACT_RELATIONSHIP_START, date);
		/* One in ten ended: 100,000 due under relationship-ended at 1M, the bulk erase of the review issue. */
		if (rng_chance(10)) {
			snprintf(date2, sizeof date2, "%04d-12-31", atoi(date) + 1);
			contact_set(&contact, CONTACT_RELATIONSHIP_END, date2);
		} else {
			contact_set(&contact, CONTACT_RELATIONSHIP_END, "");
		}
		if (rng_chance(30)) {
			random_date(2022, 4, date, sizeof date);
			contact_set(&contact, CONTACT_LAST_REVIEWED, date);
		} else {
			contact_set(&contact, CONTACT_LAST_REVIEWED, "");
		}
		contact_set(&contact, CONTACT_NOTES, rng_chance(5) ? "Toivoo yhteydenottoa sähköpostitse.\nEi puheluita perjantaisin." : "");

		unsigned categories = 0;
		if (rng_chance(75))
			categories |= 1u << CATEGORY_CUSTOMER;
		for (int c = 1; c < CATEGORY_COUNT; c++)
			if (rng_chance(12))
				categories |= 1u << c;
		contact.categories = categories;

		if (contact_save(&session, &contact, false, NULL) != STATUS_OK) {
			fprintf(stderr, "generate: contact %ld \"%s %s\" <%s> %s\n", i, first, last, email, phone);
			fail("contact_save", db);
		}
		if (csv) {
			csv_field(csv, first, false);
			csv_field(csv, last, false);
			csv_field(csv, email, false);
			csv_field(csv, phone, false);
			csv_field(csv, org ? org->name : "", false);
			csv_field(csv, org ? org->business_id : "", false);
			csv_field(csv, postal_code, false);
			csv_field(csv, place->city, false);
			csv_field(csv, contact.value[CONTACT_STREET], true);
		}
		if ((i + 1) % 100000 == 0) {
			double t = now_seconds();
			fprintf(stderr, "generate: %ld contacts, %.1f s (last 100,000: %.1f s)\n", i + 1, t - orgs_done, t - last_report);
			last_report = t;
		}
	}
	contact_free(&contact);
	double contacts_done = now_seconds();
	fprintf(stderr, "generate: %ld contacts in %.1f s\n", count, contacts_done - orgs_done);

	contact_store_set_bulk(db, false);
	if (contact_store_rebuild_search(db) != STATUS_OK)
		fail("rebuild search", db);
	double rebuilt = now_seconds();
	if (database_commit(db) != STATUS_OK)
		fail("commit", db);
	double committed = now_seconds();

	/* The first row in Finnish order, for the TUI driver to look for. */
	struct contact_query all = { "", 0 };
	struct contact_row row;
	if (contact_search_page(&session, &all, NULL, false, &row, 1) == 1)
		printf("RESULT first_row %s\n", row.name);
	account_logout(&session);
	database_close(db);
	double closed = now_seconds();
	if (csv && fclose(csv) != 0) {
		perror(csv_path);
		return 1;
	}

	fprintf(stderr, "generate: search rebuild %.1f s, commit %.1f s, close %.1f s; total %.1f s\n",
		rebuilt - contacts_done, committed - rebuilt, closed - committed, closed - start);
	printf("RESULT create_open_seconds %.3f\n", opened - start);
	printf("RESULT create_orgs_seconds %.3f\n", orgs_done - opened);
	printf("RESULT create_contacts_seconds %.3f\n", contacts_done - orgs_done);
	printf("RESULT create_rebuild_seconds %.3f\n", rebuilt - contacts_done);
	printf("RESULT create_commit_seconds %.3f\n", committed - rebuilt);
	printf("RESULT create_close_seconds %.3f\n", closed - committed);
	printf("RESULT create_seconds %.3f\n", closed - start);
	free(orgs);
	return 0;
}

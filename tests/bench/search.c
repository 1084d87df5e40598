/* In-process search latency of the contact list, and its correctness.
 *
 *   search DBFILE|URI [--rounds N] [--verify]
 *
 * Logs in as the generator's officer, then for each query class runs N
 * (default 200) first-page searches, contact_search_page(..., NULL, false,
 * rows, 30), cycling through the class's variants after one warm-up pass,
 * and prints median, p99 and max in milliseconds.
 *
 * Every page is checked on every run: each row must match every query word
 * (as a prefix of a word of its name, organisation, e-mail or phone), and
 * the rows must be in Finnish order, with sort keys computed here from the
 * names. With --verify (meant for small registers) the whole register is
 * read once and each query's first and last page is compared with a brute
 * force filter and sort of all of it.
 *
 * On PostgreSQL (a postgresql:// URI) the CPU time includes the server
 * process's, read from /proc when the server runs on this machine (as the
 * benchmark's throwaway cluster does).
 *
 * Prints "RESULT key value" lines on stdout for tests/bench/run.sh. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "contact.h"
#include "database_internal.h"
#include "text.h"

#define PAGE 30
#define FEW_HITS_CAP 3000    /* the core's plan switch, for reporting which plan ran */

static const struct query_class {
	const char *key;           /* RESULT key part */
	const char *label;
	const char *variants[10];
} classes[] = {
	{ "prefix1", "1-letter prefix", { "a", "k", "m", "s", "t", "v", "ä", "ö", NULL } },
	{ "prefix2", "2-letter prefix", { "ko", "vi", "mä", "sö", "ah", "li", "ni", "ny", NULL } },
	{ "prefix3", "3-letter prefix", { "kor", "vir", "mäk", "söd", "aho", "lin", "nie", "åke", NULL } },
	{ "common", "common surname", { "korhonen", "virtanen", "mäkinen", "nieminen", NULL } },
	{ "rare", "rare surname", { "zilliacus", "qvarnström", "ehrnrooth", "xenakis", NULL } },
	{ "first_last", "first name + surname prefix", { "anna kor", "matti vir", "liisa mäk", "juha nie", "lars lind", NULL } },
	{ "unaccented", "accent-free input", { "soderstrom", "ahtari", "ohman", "akerlund", "hameenlinna", NULL } },
	{ "particle", "particle surname", { "af forselles", "von wright", "lehtinen-åberg", NULL } },
};
#define CLASS_COUNT ((int)(sizeof classes / sizeof classes[0]))

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The PostgreSQL server process serving this connection (0 on SQLite), whose
 * CPU time counts as the query's: the work is done there. */
static long server_pid;

/* CPU time in ms a process has run (its /proc schedstat, in ns), or 0. */
static double process_cpu_ms(long pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/schedstat", pid);
	FILE *file = fopen(path, "r");
	unsigned long long ns = 0;
	if (file) {
		if (fscanf(file, "%llu", &ns) != 1)
			ns = 0;
		fclose(file);
	}
	return (double)ns / 1e6;
}

/* CPU time of this thread (and of the server process on PostgreSQL, on this
 * machine): what a query costs, however busy the machine. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	double own = (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
	return server_pid ? own + process_cpu_ms(server_pid) : own;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Value at quantile q (0..1) of sorted values, nearest rank. */
static double quantile(const double *sorted, int count, double q)
{
	int rank = (int)(q * count + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > count)
		rank = count;
	return sorted[rank - 1];
}

/* ---- the reference: folding and ordering computed here ---- */

/* Phone digits in national form, as the register keeps them for search. */
static void phone_digits(const char *phone, char *out, size_t out_size)
{
	char digits[64];
	size_t used = 0;
	for (const char *p = phone; *p && used + 1 < sizeof digits; p++)
		if (*p >= '0' && *p <= '9')
			digits[used++] = *p;
	digits[used] = '\0';
	const char *national = digits;
	if (strncmp(digits, "00358", 5) == 0)
		national = digits + 5;
	else if (phone[0] == '+' && strncmp(digits, "358", 3) == 0)
		national = digits + 3;
	out[0] = '\0';
	if (national != digits)
		snprintf(out, out_size, "0");
	strncat(out, national, out_size - strlen(out) - 1);
}

static void search_words(const char *first, const char *last, const char *organisation, const char *email,
			 const char *phone, char *out, size_t out_size)
{
	char digits[64], words[3072];
	phone_digits(phone, digits, sizeof digits);
	snprintf(words, sizeof words, "%s %s %s %s %s", first, last, organisation, email, digits);
	text_search_fold(words, out, out_size);
}

static void finnish_key(const char *first, const char *last, char *out, size_t out_size)
{
	char a[512], b[512];
	text_finnish_sort_key(last, a, sizeof a);
	text_finnish_sort_key(first, b, sizeof b);
	snprintf(out, out_size, "%s\x01%s", a, b);
}

/* Every word of the folded query starts some word of the folded text. */
static bool prefix_match(const char *text, const char *query)
{
	for (const char *word = query; *word;) {
		size_t length = strcspn(word, " ");
		bool found = false;
		for (const char *candidate = text; *candidate && !found;) {
			size_t candidate_length = strcspn(candidate, " ");
			found = candidate_length >= length && strncmp(candidate, word, length) == 0;
			candidate += candidate_length;
			candidate += strspn(candidate, " ");
		}
		if (!found)
			return false;
		word += length;
		word += strspn(word, " ");
	}
	return true;
}

/* Splits "Last, First" (names in this register hold no ", "). */
static bool split_name(const char *name, char *first, size_t first_size, char *last, size_t last_size)
{
	const char *comma = strstr(name, ", ");
	if (!comma)
		return false;
	snprintf(last, last_size, "%.*s", (int)(comma - name), name);
	snprintf(first, first_size, "%s", comma + 2);
	return true;
}

static long failures;

__attribute__((format(printf, 2, 3)))
static void failure(const char *query, const char *format, ...)
{
	if (failures++ < 20) {
		va_list arguments;
		va_start(arguments, format);
		fprintf(stderr, "search: FAIL \"%s\": ", query);
		vfprintf(stderr, format, arguments);
		fputc('\n', stderr);
		va_end(arguments);
	}
}

/* Checks one page: every row matches, keys ascending (descending when backwards). */
static void check_page(const char *query, const struct contact_row *rows, int count, bool backwards)
{
	char folded[1024], previous_key[1024] = "";
	long long previous_id = 0;
	text_search_fold(query, folded, sizeof folded);
	for (int i = 0; i < count; i++) {
		char first[256], last[256], words[2048], key[1024];
		if (!split_name(rows[i].name, first, sizeof first, last, sizeof last)) {
			failure(query, "row name \"%s\" is not \"Last, First\" (id %lld)", rows[i].name, rows[i].id);
			continue;
		}
		search_words(first, last, rows[i].organisation, rows[i].email, rows[i].phone, words, sizeof words);
		if (!prefix_match(words, folded))
			failure(query, "row \"%s\" does not match (id %lld)", rows[i].name, rows[i].id);
		finnish_key(first, last, key, sizeof key);
		if (strcmp(key, rows[i].position.sort_key) != 0)
			failure(query, "row \"%s\" has a sort key that is not its Finnish key (id %lld)", rows[i].name, rows[i].id);
		if (i > 0) {
			int order = strcmp(previous_key, key);
			if (order == 0)
				order = previous_id < rows[i].id ? -1 : previous_id > rows[i].id;
			if (backwards ? order <= 0 : order >= 0)
				failure(query, "row \"%s\" is out of Finnish order (id %lld)", rows[i].name, rows[i].id);
		}
		snprintf(previous_key, sizeof previous_key, "%s", key);
		previous_id = rows[i].id;
	}
}

/* ---- brute force over the whole register (--verify) ---- */

struct reference_row {
	long long id;
	char *key;
	char *words;
};

static struct reference_row *everyone;
static long everyone_count;

static int compare_reference(const void *a, const void *b)
{
	const struct reference_row *x = *(struct reference_row *const *)a, *y = *(struct reference_row *const *)b;
	int order = strcmp(x->key, y->key);
	return order ? order : (x->id < y->id ? -1 : x->id > y->id);
}

/* Reads every contact for the reference (raw columns, not the derived ones). */
static bool load_everyone(struct database *db)
{
	struct statement *statement = database_prepare(db,
		"SELECT c.id, c.first_name, c.last_name, coalesce(o.name, ''), c.email, c.phone "
		"FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.merged_into IS NULL");
	if (!statement)
		return false;
	long capacity = 1024;
	everyone = malloc((size_t)capacity * sizeof *everyone);
	while (everyone && statement_step(statement) == STORAGE_ROW) {
		if (everyone_count == capacity) {
			capacity *= 2;
			everyone = realloc(everyone, (size_t)capacity * sizeof *everyone);
			if (!everyone)
				break;
		}
		const char *column[6];
		for (int i = 1; i < 6; i++)
			column[i] = database_text(statement, i);
		char words[2048], key[1024];
		search_words(column[1], column[2], column[3], column[4], column[5], words, sizeof words);
		finnish_key(column[1], column[2], key, sizeof key);
		struct reference_row *row = &everyone[everyone_count++];
		row->id = statement_column_int64(statement, 0);
		row->key = strdup(key);
		row->words = strdup(words);
	}
	database_finalize(statement);
	return everyone != NULL;
}

static void verify_query(struct session *session, const char *text)
{
	char folded[1024];
	text_search_fold(text, folded, sizeof folded);
	struct reference_row **hits = malloc((size_t)(everyone_count + 1) * sizeof *hits);
	long hit_count = 0;
	for (long i = 0; i < everyone_count; i++)
		if (prefix_match(everyone[i].words, folded))
			hits[hit_count++] = &everyone[i];
	qsort(hits, (size_t)hit_count, sizeof *hits, compare_reference);

	struct contact_query query = { "", 0 };
	snprintf(query.text, sizeof query.text, "%s", text);
	struct contact_row rows[PAGE];
	for (int backwards = 0; backwards <= 1; backwards++) {
		int count = contact_search_page(session, &query, NULL, backwards, rows, PAGE);
		long expected = hit_count < PAGE ? hit_count : PAGE;
		if (count != expected) {
			char detail[64];
			snprintf(detail, sizeof detail, "%d rows instead of %ld", count, expected);
			failure(text, "%s page: %s", backwards ? "last" : "first", detail);
			continue;
		}
		for (int i = 0; i < count; i++) {
			const struct reference_row *want = hits[backwards ? hit_count - 1 - i : i];
			if (rows[i].id != want->id) {
				failure(text, backwards ? "last page differs from brute force at row \"%s\" (id %lld)"
							: "first page differs from brute force at row \"%s\" (id %lld)",
					rows[i].name, rows[i].id);
				break;
			}
		}
	}
	long long counted = contact_search_count(session, &query, everyone_count + 1);
	if (counted != hit_count) {
		char detail[64];
		snprintf(detail, sizeof detail, "count %lld, brute force %ld", counted, hit_count);
		failure(text, "%s", detail);
	}
	free(hits);
}

/* ---- timing ---- */

static void run_class(struct session *session, const struct query_class *class, int rounds, const char *key_prefix)
{
	int variants = 0;
	while (class->variants[variants])
		variants++;
	struct contact_row rows[PAGE];
	struct contact_query query = { "", 0 };
	/* warm-up: one of each; also the hit counts, for the record */
	long long least = -1, most = -1;
	for (int v = 0; v < variants; v++) {
		snprintf(query.text, sizeof query.text, "%s", class->variants[v]);
		int count = contact_search_page(session, &query, NULL, false, rows, PAGE);
		if (count < 0) {
			fprintf(stderr, "search: \"%s\": %s\n", query.text, session->db->error);
			exit(1);
		}
		check_page(query.text, rows, count, false);
		long long hits = contact_search_count(session, &query, 100000000);
		if (least < 0 || hits < least)
			least = hits;
		if (hits > most)
			most = hits;
	}
	double *times = malloc((size_t)rounds * sizeof *times), *cpu = malloc((size_t)rounds * sizeof *cpu);
	for (int i = 0; i < rounds; i++) {
		snprintf(query.text, sizeof query.text, "%s", class->variants[i % variants]);
		double start = now_ms(), cpu_start = cpu_ms();
		int count = contact_search_page(session, &query, NULL, false, rows, PAGE);
		times[i] = now_ms() - start;
		cpu[i] = cpu_ms() - cpu_start;
		if (count < 0) {
			fprintf(stderr, "search: \"%s\": %s\n", query.text, session->db->error);
			exit(1);
		}
		if (i < variants)
			check_page(query.text, rows, count, false);
	}
	qsort(times, (size_t)rounds, sizeof *times, compare_double);
	qsort(cpu, (size_t)rounds, sizeof *cpu, compare_double);
	double median = quantile(times, rounds, 0.5), p99 = quantile(times, rounds, 0.99), max = times[rounds - 1];
	double cpu_p99 = quantile(cpu, rounds, 0.99);
	fprintf(stderr, "search: %-28s median %8.3f ms  p99 %8.3f ms  max %8.3f ms  (p99 CPU %8.3f ms)  hits %lld..%lld  (",
		class->label, median, p99, max, cpu_p99, least, most);
	for (int v = 0; v < variants; v++)
		fprintf(stderr, "%s\"%s\"", v ? " " : "", class->variants[v]);
	fprintf(stderr, ")\n");
	printf("RESULT %s%s_p50_ms %.3f\n", key_prefix, class->key, median);
	printf("RESULT %s%s_p99_ms %.3f\n", key_prefix, class->key, p99);
	printf("RESULT %s%s_max_ms %.3f\n", key_prefix, class->key, max);
	printf("RESULT %s%s_cpu_p99_ms %.3f\n", key_prefix, class->key, cpu_p99);
	printf("RESULT %s%s_hits %lld..%lld\n", key_prefix, class->key, least, most);
	free(times);
	free(cpu);
}

/* Per-variant figures, to show which queries make the tail. */
static void run_variants(struct session *session, const struct query_class *class, int rounds)
{
	struct contact_row rows[PAGE];
	struct contact_query query = { "", 0 };
	for (int v = 0; class->variants[v]; v++) {
		snprintf(query.text, sizeof query.text, "%s", class->variants[v]);
		double *times = malloc((size_t)rounds * sizeof *times);
		for (int i = 0; i < rounds; i++) {
			double start = now_ms();
			contact_search_page(session, &query, NULL, false, rows, PAGE);
			times[i] = now_ms() - start;
		}
		qsort(times, (size_t)rounds, sizeof *times, compare_double);
		long long few = contact_search_count(session, &query, FEW_HITS_CAP);
		fprintf(stderr, "search:   %-16s median %8.3f ms  max %8.3f ms  plan: %s\n", query.text,
			quantile(times, rounds, 0.5), times[rounds - 1],
			few <= FEW_HITS_CAP ? "few hits (word index, sort)" : "many hits (walk the Finnish index)");
		free(times);
	}
}

/* Paging as the list does it: next pages after the last row, and the end. */
static void run_paging(struct session *session, int rounds)
{
	struct contact_query query = { "", 0 };
	struct contact_row rows[PAGE];
	double *times = malloc((size_t)rounds * sizeof *times);
	struct contact_position position;
	int count = contact_search_page(session, &query, NULL, false, rows, PAGE);
	for (int i = 0; i < rounds; i++) {
		if (count <= 0)
			count = contact_search_page(session, &query, NULL, false, rows, PAGE);
		position = rows[count - 1].position;
		double start = now_ms();
		count = contact_search_page(session, &query, &position, false, rows, PAGE);
		times[i] = now_ms() - start;
		check_page("", rows, count, false);
	}
	qsort(times, (size_t)rounds, sizeof *times, compare_double);
	fprintf(stderr, "search: %-28s median %8.3f ms  p99 %8.3f ms\n", "next page, all contacts",
		quantile(times, rounds, 0.5), quantile(times, rounds, 0.99));
	printf("RESULT search_next_page_p50_ms %.3f\n", quantile(times, rounds, 0.5));
	printf("RESULT search_next_page_p99_ms %.3f\n", quantile(times, rounds, 0.99));

	for (int i = 0; i < rounds; i++) {
		double start = now_ms();
		count = contact_search_page(session, &query, NULL, true, rows, PAGE);
		times[i] = now_ms() - start;
	}
	check_page("", rows, count, true);
	qsort(times, (size_t)rounds, sizeof *times, compare_double);
	fprintf(stderr, "search: %-28s median %8.3f ms  p99 %8.3f ms\n", "last page (End), all contacts",
		quantile(times, rounds, 0.5), quantile(times, rounds, 0.99));
	printf("RESULT search_last_page_p50_ms %.3f\n", quantile(times, rounds, 0.5));
	printf("RESULT search_last_page_p99_ms %.3f\n", quantile(times, rounds, 0.99));
	free(times);
}

int main(int argc, char **argv)
{
	int rounds = 200;
	bool verify = false;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--verify") == 0)
			verify = true;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fprintf(stderr, "usage: %s DBFILE [--rounds N] [--verify]\n", argv[0]);
			return 2;
		}
	}
	if (!path || rounds < 1) {
		fprintf(stderr, "usage: %s DBFILE [--rounds N] [--verify]\n", argv[0]);
		return 2;
	}
	struct database *db;
	char error[1024];
	if (database_open(&db, path, error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "search: %s\n", error);
		return 1;
	}
	struct session session;
	double start = now_ms();
	if (account_login(db, "bench", "benchmark-password", &session) != STATUS_OK) {
		fprintf(stderr, "search: login failed: %s\n", db->error);
		return 1;
	}
	double login_ms = now_ms() - start;
	fprintf(stderr, "search: account_login (argon2id and audit) %.1f ms\n", login_ms);
	printf("RESULT login_core_ms %.1f\n", login_ms);

	if (database_engine(db) == ENGINE_POSTGRESQL) {
		struct statement *statement = database_prepare(db, "SELECT pg_backend_pid()");
		if (statement && statement_step(statement) == STORAGE_ROW)
			server_pid = statement_column_int64(statement, 0);
		database_finalize(statement);
		if (server_pid && process_cpu_ms(server_pid) == 0)
			server_pid = 0;   /* a server elsewhere: this process's CPU only */
	}
	for (int c = 0; c < CLASS_COUNT; c++)
		run_class(&session, &classes[c], rounds, "search_");
	run_paging(&session, rounds < 50 ? rounds : 50);
	fprintf(stderr, "search: per query (%d runs each):\n", rounds / 10 > 5 ? rounds / 10 : 5);
	for (int c = 0; c < CLASS_COUNT; c++)
		run_variants(&session, &classes[c], rounds / 10 > 5 ? rounds / 10 : 5);

	if (verify) {
		double loaded = now_ms();
		if (!load_everyone(db)) {
			fprintf(stderr, "search: cannot read the register for --verify: %s\n", db->error);
			return 1;
		}
		long long checked = 0;
		for (int c = 0; c < CLASS_COUNT; c++)
			for (int v = 0; classes[c].variants[v]; v++, checked++)
				verify_query(&session, classes[c].variants[v]);
		verify_query(&session, "");
		checked++;
		fprintf(stderr, "search: brute-force check of %lld queries over %ld contacts (first and last page, count): %s (%.1f s)\n",
			checked, everyone_count, failures ? "FAILED" : "ok", (now_ms() - loaded) / 1e3);
		printf("RESULT verify_queries %lld\n", checked);
	}
	printf("RESULT search_failures %ld\n", failures);
	account_logout(&session);
	database_close(db);
	return failures ? 3 : 0;
}

#!/bin/sh
# The import benchmark (issue 7): imports the contacts benchmark's generated
# CSV (Finnish headers, ';' separated, every field quoted) into a fresh
# register with validation, duplicate detection, per-contact audit and search
# indexing, and prints the time next to the floor measured in the same run:
# the same end state built the fastest way: the same file parsed by libcsv,
# the contact table's secondary indexes dropped, the rows inserted by one
# bare prepared statement (with the keys the indexes hold), the indexes
# created again, sorted, and the search index rebuilt, in one transaction,
# with no checks, no duplicate detection, no organisations and no audit.
#
#   sh tests/bench/import.sh
#
# Environment:
#   BENCH_SIZES         row counts, default "10000 1000000"
#   BENCH_IMPORT_ROUNDS rounds at sizes up to 100,000 (the best counts), default 3
#   CC                  compiler, default cc
#
# The CSV files are cached in build/bench/cache/, keyed by a checksum of the
# generator: made once (tests/bench/generate.c --csv), reused after. Both
# programs run in-process through build/libregdesk.a, with the same SQLite
# page cache; the login (argon2id) is outside the timed part, and memory is
# the peak resident size from the start of the timed part (the kernel's
# VmHWM after a reset through /proc/self/clear_refs).
set -u
cd "$(dirname "$0")/../.." || exit 1
started=$(date +%s)

SIZES=${BENCH_SIZES:-"10000 1000000"}
ROUNDS=${BENCH_IMPORT_ROUNDS:-3}
CC=${CC:-cc}
OUT=build/bench
CACHE=$OUT/cache
WORK=$OUT/work
mkdir -p "$CACHE" "$WORK" || exit 1

say() { printf '%s\n' "$*" >&2; }

${MAKE:-make} -s build/libregdesk.a || exit 1
CURSES_LIBS=$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
LIBS="$CURSES_LIBS -lsqlite3 -lcsv -lsodium -lutf8proc $(pkg-config --libs libpq 2>/dev/null || echo -lpq)"
FLAGS="-O2 -g -Wall -Wextra -Iinclude -Isrc -D_GNU_SOURCE"
$CC $FLAGS -o "$OUT/generate" tests/bench/generate.c build/libregdesk.a $LIBS || exit 1

# The measuring program: "floor" or "import", a new database, the CSV file.
cat >"$OUT/import_bench.c" <<'EOF'
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "contact.h"
#include "contact_internal.h"
#include "csv_import.h"
#include "database_internal.h"
#include "text.h"

#define PAGE_CACHE "PRAGMA cache_size = -12288"   /* what csv_import_run uses for a large file */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Forgets the peak so far (argon2id's 64 MiB at the login). */
static void reset_peak(void)
{
	FILE *file = fopen("/proc/self/clear_refs", "w");
	if (file) {
		fputs("5", file);
		fclose(file);
	}
}

static long peak_kb(void)
{
	FILE *file = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (file && fgets(line, sizeof line, file))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atol(line + 6);
	if (file)
		fclose(file);
	return kb;
}

/* The floor: the same end state built the fastest way SQLite knows: the
 * contact table's secondary indexes dropped, the cells put in by one bare
 * INSERT with the derived columns the indexes and the search need (sort
 * key, search words, e-mail, phone and name keys), then every index created
 * again (sorted, in one pass each) and the search index rebuilt, in one
 * transaction. Nothing is checked, no duplicate looked for, no organisation
 * added, nothing audited: that is what the import adds. */
struct floor {
	char cells[9][1024];
	int count;
	long long rows;
	sqlite3_stmt *insert;
	int failed;
};

static void floor_cell(void *field, size_t length, void *data)
{
	struct floor *f = data;
	if (f->count < 9) {
		if (length > 1023)
			length = 1023;
		memcpy(f->cells[f->count], field ? field : "", length);
		f->cells[f->count][length] = '\0';
	}
	f->count++;
}

static void floor_row(int terminator, void *data)
{
	(void)terminator;
	struct floor *f = data;
	if (f->rows++ > 0 && f->count >= 9) {
		char last[1024], first[1024], sort_key[2100], words[6000], search[2048];
		char email_key[1024], phone_key[64], name_words[2100], name_key[2100];
		text_finnish_sort_key(f->cells[1], last, sizeof last);
		text_finnish_sort_key(f->cells[0], first, sizeof first);
		snprintf(sort_key, sizeof sort_key, "%s\x01%s", last, first);
		contact_phone_key(f->cells[3], phone_key, sizeof phone_key);
		snprintf(words, sizeof words, "%s %s %s %s %s", f->cells[0], f->cells[1], f->cells[4], f->cells[2], phone_key);
		text_search_fold(words, search, sizeof search);
		text_search_fold(f->cells[2], email_key, sizeof email_key);
		snprintf(name_words, sizeof name_words, "%s %s", f->cells[0], f->cells[1]);
		text_search_fold(name_words, name_key, sizeof name_key);
		static const int columns[7] = { 0, 1, 2, 3, 8, 6, 7 };
		for (int i = 0; i < 7; i++)
			sqlite3_bind_text(f->insert, i + 1, f->cells[columns[i]], -1, SQLITE_STATIC);
		sqlite3_bind_text(f->insert, 8, sort_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(f->insert, 9, search, -1, SQLITE_STATIC);
		sqlite3_bind_text(f->insert, 10, email_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(f->insert, 11, phone_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(f->insert, 12, name_key, -1, SQLITE_STATIC);
		if (sqlite3_step(f->insert) != SQLITE_DONE && !f->failed) {
			fprintf(stderr, "floor: insert: %s\n", sqlite3_errmsg(sqlite3_db_handle(f->insert)));
			f->failed = 1;
		}
		sqlite3_reset(f->insert);
	}
	f->count = 0;
}

#define INDEXES_MAX 32

static int run_floor(struct database *db, const char *path)
{
	struct floor *f = calloc(1, sizeof *f);
	sqlite3_exec(db->handle, PAGE_CACHE, NULL, NULL, NULL);
	reset_peak();
	double start = now();
	sqlite3_exec(db->handle, "BEGIN", NULL, NULL, NULL);
	/* Every secondary index of the table, kept to be created again. */
	char *indexes[INDEXES_MAX];
	int index_count = 0;
	sqlite3_stmt *list;
	sqlite3_prepare_v2(db->handle, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'contact' "
			   "AND sql IS NOT NULL", -1, &list, NULL);
	char drops[INDEXES_MAX][256];
	while (sqlite3_step(list) == SQLITE_ROW && index_count < INDEXES_MAX) {
		snprintf(drops[index_count], sizeof drops[0], "DROP INDEX \"%s\"", (const char *)sqlite3_column_text(list, 0));
		indexes[index_count++] = strdup((const char *)sqlite3_column_text(list, 1));
	}
	sqlite3_finalize(list);
	for (int i = 0; i < index_count; i++)
		sqlite3_exec(db->handle, drops[i], NULL, NULL, NULL);
	sqlite3_prepare_v2(db->handle,
		"INSERT INTO contact (first_name, last_name, email, phone, street, postal_code, city, source, sort_key, "
		"search_text, email_key, phone_key, name_key, created_at, changed_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'person', ?8, ?9, ?10, ?11, ?12, '', '')",
		-1, &f->insert, NULL);
	struct csv_parser parser;
	csv_init(&parser, 0);
	csv_set_delim(&parser, ';');
	FILE *file = fopen(path, "rb");
	char buffer[65536];
	size_t got;
	while (file && (got = fread(buffer, 1, sizeof buffer, file)) > 0)
		csv_parse(&parser, buffer, got, floor_cell, floor_row, f);
	csv_fini(&parser, floor_cell, floor_row, f);
	csv_free(&parser);
	if (file)
		fclose(file);
	sqlite3_finalize(f->insert);
	double inserted = now();
	for (int i = 0; i < index_count; i++) {
		if (sqlite3_exec(db->handle, indexes[i], NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "floor: %s: %s\n", indexes[i], sqlite3_errmsg(db->handle));
			f->failed = 1;
		}
		free(indexes[i]);
	}
	double indexed = now();
	if (contact_store_rebuild_search(db) != STATUS_OK || f->failed ||
	    sqlite3_exec(db->handle, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "floor failed: %s\n", sqlite3_errmsg(db->handle));
		return 1;
	}
	double done = now();
	printf("RESULT floor_seconds %.3f\n", done - start);
	printf("RESULT floor_insert_seconds %.3f\n", inserted - start);
	printf("RESULT floor_index_seconds %.3f\n", indexed - inserted);
	printf("RESULT floor_search_seconds %.3f\n", done - indexed);
	printf("RESULT floor_rows %lld\n", f->rows - 1);
	printf("RESULT floor_rss_kb %ld\n", peak_kb());
	free(f);
	return 0;
}

static int run_import(struct session *session, const char *path)
{
	struct import_options options;
	import_options_init(&options);
	options.categories = 1u << CATEGORY_CUSTOMER;
	options.skip_invalid = true;
	struct import_report *report = calloc(1, sizeof *report);
	reset_peak();
	double start = now();
	struct csv_import *import;
	enum status status = csv_import_open(session, path, &options, &import);
	if (status == STATUS_OK)
		status = csv_import_run(import, false, report);
	double seconds = now() - start;
	if (status != STATUS_OK) {
		fprintf(stderr, "import failed: %s\n", session->db->error);
		return 1;
	}
	csv_import_close(import);
	const struct import_counts *c = &report->counts;
	printf("RESULT import_seconds %.3f\n", seconds);
	printf("RESULT import_rows %lld\n", c->rows);
	printf("RESULT import_new %lld\n", c->new_contacts);
	printf("RESULT import_in_file %lld\n", c->in_file_duplicates);
	printf("RESULT import_invalid %lld\n", c->invalid);
	printf("RESULT import_organisations %lld\n", c->organisations);
	printf("RESULT import_rss_kb %ld\n", peak_kb());
	free(report);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "floor") != 0 && strcmp(argv[1], "import") != 0)) {
		fprintf(stderr, "usage: %s floor|import NEW.db FILE.csv\n", argv[0]);
		return 2;
	}
	struct database *db;
	char error[1024];
	if (database_open(&db, argv[2], error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "%s\n", error);
		return 1;
	}
	struct session session;
	if (account_create_first(db, "bench", "Benchmark Officer", "benchmark-password", "2020-01-02", &session) != STATUS_OK) {
		fprintf(stderr, "first account: %s\n", db->error);
		return 1;
	}
	int result = strcmp(argv[1], "floor") == 0 ? run_floor(db, argv[3]) : run_import(&session, argv[3]);
	account_logout(&session);
	database_close(db);
	return result;
}
EOF
$CC $FLAGS -o "$OUT/import_bench" "$OUT/import_bench.c" build/libregdesk.a $LIBS || exit 1

key=$(cat tests/bench/generate.c tests/bench/names.h | cksum | cut -d ' ' -f 1)

# The CSV of $1 rows (the generator writes it beside a register it then drops).
make_csv() {
	csv=$CACHE/import-$1-$key.csv
	[ -s "$csv" ] && return 0
	for old in "$CACHE"/import-"$1"-*.csv; do
		[ -e "$old" ] && rm -f "$old"
	done
	say "== generating $1 rows of CSV"
	scratch=$WORK/generate-$1.db
	rm -f "$scratch" "$scratch".* "$scratch"-wal "$scratch"-shm
	if ! "$OUT/generate" "$scratch" "$1" --csv "$csv.tmp" >/dev/null; then
		rm -f "$csv.tmp" "$scratch" "$scratch".* "$scratch"-wal "$scratch"-shm
		return 1
	fi
	rm -f "$scratch" "$scratch".* "$scratch"-wal "$scratch"-shm
	mv "$csv.tmp" "$csv"
}

fresh() {   # fresh NAME: a path for a new database
	rm -f "$WORK/$1" "$WORK/$1".* "$WORK/$1"-wal "$WORK/$1"-shm
	echo "$WORK/$1"
}

# best KEY FILE: the smallest value of KEY in FILE
best() {
	sed -n "s/^RESULT $1 //p" "$2" | sort -g | head -n 1
}
last() {
	sed -n "s/^RESULT $1 //p" "$2" | tail -n 1
}

for size in $SIZES; do
	make_csv "$size" || { say "generate failed"; exit 1; }
	results=$OUT/import-results-$size.txt
	: >"$results"
	rounds=$ROUNDS
	[ "$size" -gt 100000 ] && rounds=1
	round=0
	while [ "$round" -lt "$rounds" ]; do
		say "== $size rows: floor, then import (round $((round + 1)) of $rounds)"
		"$OUT/import_bench" floor "$(fresh floor.db)" "$csv" >>"$results" || exit 1
		"$OUT/import_bench" import "$(fresh import.db)" "$csv" >>"$results" || exit 1
		round=$((round + 1))
	done
	rm -f "$WORK"/floor.db* "$WORK"/import.db*
done

# ---- the table, in the style of tests/bench/run.sh ----
set -- $SIZES
for largest in $SIZES; do :; done
verdict() {   # verdict VALUE LIMIT
	if [ -z "$1" ]; then
		echo "n/a"
	elif awk -v v="$1" -v l="$2" 'BEGIN { exit !(v + 0 < l + 0) }'; then
		echo PASS
	else
		echo MISS
	fi
}
value() {     # value SIZE KEY
	f=$OUT/import-results-$1.txt
	[ -f "$f" ] || return 0
	case $2 in
	*_seconds) best "$2" "$f" ;;
	*) last "$2" "$f" ;;
	esac
}
line() {      # line LABEL KEY SCALE TARGET LIMIT
	row=$(printf '%-50s' "$1")
	v=""
	for size in $SIZES; do
		v=$(value "$size" "$2")
		[ -n "$v" ] && [ "$3" != 1 ] && v=$(awk -v x="$v" -v s="$3" 'BEGIN { printf "%.1f", x / s }')
		row="$row$(printf ' %12s' "${v:--}")"
	done
	if [ -n "$5" ]; then
		row="$row$(printf '  %-14s %s' "$4" "$(verdict "$v" "$5")")"
	fi
	echo "$row"
}
ratio() {     # ratio SIZE
	awk -v i="$(value "$1" import_seconds)" -v f="$(value "$1" floor_seconds)" 'BEGIN { if (f > 0) printf "%.2f", i / f }'
}

echo
echo "regdesk import benchmark ($(nproc) cores; targets at 1,000,000 rows, judged here at $largest)"
[ "$largest" != 1000000 ] && echo "NOTE: the largest size is $largest, not 1,000,000: the verdicts are only indicative."
row=$(printf '%-50s' "figure")
for size in $SIZES; do row="$row$(printf ' %12s' "$size")"; done
echo "$row  target         result"
echo "--------------------------------------------------------------------------------------------------------"
line "floor: bare INSERT, indexes after, search (s)" floor_seconds 1 "" ""
line "  of which inserting the rows (s)" floor_insert_seconds 1 "" ""
line "  of which creating the indexes (s)" floor_index_seconds 1 "" ""
line "  of which the search index (s)" floor_search_seconds 1 "" ""
line "import: checks, duplicates, audit, index (s)" import_seconds 1 "" ""
row=$(printf '%-50s' "  import / floor")
r=""
for size in $SIZES; do
	r=$(ratio "$size")
	row="$row$(printf ' %12s' "${r:--}")"
done
echo "$row$(printf '  %-14s %s' "< 1.5" "$(verdict "$r" 1.5)")"
row=$(printf '%-50s' "  import rows per second")
for size in $SIZES; do
	row="$row$(printf ' %12s' "$(awk -v r="$(value "$size" import_rows)" -v s="$(value "$size" import_seconds)" 'BEGIN { if (s > 0) printf "%.0f", r / s }')")"
done
echo "$row"
small=$(value 10000 import_seconds)
if [ -n "$small" ]; then
	printf '%-50s %12s  %-14s %s\n' "import of 10,000 rows (s)" "$small" "< 0.1" "$(verdict "$small" 0.1)"
fi
line "peak memory of the import (MB)" import_rss_kb 1024 "< 24" 24
line "peak memory of the floor (MB)" floor_rss_kb 1024 "" ""
echo "--------------------------------------------------------------------------------------------------------"
for size in $SIZES; do
	echo "$size rows: $(value "$size" import_new) new, $(value "$size" import_in_file) twice in the file" \
		"(linked), $(value "$size" import_invalid) invalid (skipped: ambiguous organisation or contact)," \
		"$(value "$size" import_organisations) organisations added"
done
# Desks beside the largest import (issue 14): four writers, a desk
# searching and a backup loop on the same database while it runs.
say "== desks beside an import of $largest rows"
sh tests/e2e/desks_beside_import.sh build/regdesk "$largest" "$WORK/desks" >"$OUT/desks-results.txt" 2>&1
desks() { sed -n "s/^RESULT $1 //p" "$OUT/desks-results.txt"; }
echo "desks beside an import of $largest rows ($(desks import_seconds) s): $(desks desk_operations_done) operations done," \
	"$(desks locked_failures) failed with 'locked' (target 0), $(desks other_failures) failed otherwise," \
	"$(desks lost_writes) writes lost (target 0), longest wait $(desks longest_wait_ms) ms," \
	"$(desks told_what_they_wait_for) told what they waited for"
rm -f "$WORK"/desks/desks.db* "$WORK"/desks/backup.db*
echo "sh tests/bench/import.sh took $(($(date +%s) - started)) s (results in $OUT/import-results-*.txt, $OUT/desks-results.txt)"

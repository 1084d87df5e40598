#!/bin/sh
# The benchmarks of the contacts issue (`make bench`): builds a synthetic
# register at each size, measures it in-process and in the real terminal
# interface, and prints one table with each figure beside the same figure at
# the smallest size and the target at 1,000,000 contacts.
#
#   sh tests/bench/run.sh
#
# Environment:
#   BENCH_SIZES   contact counts, default "10000 1000000" (e.g. "10000 100000")
#   BENCH_ROUNDS  queries per search class, default 200
#   BENCH_PAGES   PgDn presses in the TUI, default 300
#   BENCH_FRESH=1 regenerate the registers even when cached
#   BENCH_ENGINE  "sqlite", "postgresql" or both (the default when a PostgreSQL
#                 server is installed): the search and terminal figures on
#                 PostgreSQL (issue 17) are taken on a throwaway cluster
#                 (tests/pg_cluster.sh) seeded with the same register
#                 (tests/bench/pg_seed.sh) and printed beside SQLite's
#   CC            compiler, default cc
#
# Registers are cached in build/bench/cache/, keyed by a checksum of the
# generator, the migrations and the core's sources and headers: any change
# there makes a new register (3.5 minutes at 1,000,000 contacts on a quiet
# 2-core machine, 5 to 6 when it is busy). The creation time shown for a
# cached register is the one measured when it was made. Every run works on a
# fresh copy, so logins never change the cache.
set -u
cd "$(dirname "$0")/../.." || exit 1
started=$(date +%s)
load_start=$(cut -d ' ' -f 1 /proc/loadavg)

SIZES=${BENCH_SIZES:-"10000 1000000"}
ROUNDS=${BENCH_ROUNDS:-200}
PAGES=${BENCH_PAGES:-300}
CC=${CC:-cc}
OUT=build/bench
CACHE=$OUT/cache
WORK=$OUT/work
mkdir -p "$CACHE" "$WORK" || exit 1

say() { printf '%s\n' "$*" >&2; }

# Other work on the machine inflates latencies: as root, the benchmarks run
# at a raised priority (the terminal interface inherits it); the load average
# is printed with the table either way.
NICE=""
if [ "$(id -u)" = 0 ] && nice -n -10 true 2>/dev/null; then
	NICE="nice -n -10"
fi

# ---- build ----
# (make bench has built these already; run alone, this keeps the library and
# the program in step: a register written by a newer library would be refused.)
${MAKE:-make} -s build/libregdesk.a || exit 1
tui_note=""
${MAKE:-make} -s build/regdesk || tui_note="build/regdesk does not build: the terminal figures are skipped"
CURSES_LIBS=$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
LIBS="$CURSES_LIBS -lsqlite3 -lcsv -lsodium -lutf8proc $(pkg-config --libs libpq 2>/dev/null || echo -lpq)"
FLAGS="-O2 -g -Wall -Wextra -Iinclude -Isrc -D_GNU_SOURCE"
for program in generate search pg_account; do
	$CC $FLAGS -o "$OUT/$program" "tests/bench/$program.c" build/libregdesk.a $LIBS || exit 1
done
$CC $FLAGS -o "$OUT/typist" tests/bench/typist.c -lutil || exit 1

TUI=build/regdesk

# Engines: SQLite always (its register is the one PostgreSQL is seeded
# with); PostgreSQL when asked or, by default, when a server is installed.
ENGINES=${BENCH_ENGINE:-}
if [ -z "$ENGINES" ]; then
	ENGINES=sqlite
	if ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
		ENGINES="sqlite postgresql"
	else
		say "no PostgreSQL server installed: SQLite's figures only"
	fi
fi
case " $ENGINES " in *" postgresql "*) postgresql=1 ;; *) postgresql=0 ;; esac
case " $ENGINES " in *" sqlite "*) sqlite=1 ;; *) sqlite=0 ;; esac

# seconds COMMAND...: runs it with the bench user's password on stdin and
# prints its wall time; the output goes to $WORK/batch.out, its peak
# resident memory (kB, where /usr/bin/time exists) to $WORK/batch.peak.
PEAK=""
[ -x /usr/bin/time ] && PEAK="/usr/bin/time -f %M -o $WORK/batch.peak"
seconds() {
	rm -f "$WORK/batch.peak"
	batch_start=$(date +%s.%N)
	printf 'benchmark-password\n' | $NICE $PEAK "$@" >"$WORK/batch.out" 2>"$WORK/batch.err"
	batch_status=$?
	batch_end=$(date +%s.%N)
	awk -v s="$batch_start" -v e="$batch_end" 'BEGIN { printf "%.2f", e - s }'
	return $batch_status
}

# The figures of the bans (export) and review (queue, bulk erase, backup)
# issues, through the batch commands a scheduled job would run.
batch_figures() {
	db=$1
	R="$TUI --db $db --user bench --password-stdin"
	printf 'benchmark-password\n' | $R recipient add --name 'Bench Mail Oy' --kind partner --country FI >/dev/null 2>&1
	if t=$(seconds $R export --purpose postal-mail --recipient 1 --out "$WORK/export.csv"); then
		echo "RESULT export_seconds $t"
		echo "RESULT export_rows $(($(wc -l <"$WORK/export.csv") - 1))"
		[ -s "$WORK/batch.peak" ] && echo "RESULT export_peak_kb $(tail -n 1 "$WORK/batch.peak")"
	else
		say "export failed: $(cat "$WORK/batch.err")"
	fi
	# --preview builds the whole queue and counts: the queue's cost (with one login).
	if t=$(seconds $R review erase --rule relationship-ended --preview); then
		echo "RESULT review_queue_seconds $t"
		echo "RESULT review_due $(sed -n 's/^\([0-9]*\) would be erased.*/\1/p' "$WORK/batch.out")"
		[ -s "$WORK/batch.peak" ] && echo "RESULT review_queue_peak_kb $(tail -n 1 "$WORK/batch.peak")"
	fi
	if t=$(seconds $R review erase --rule relationship-ended --confirm); then
		echo "RESULT bulk_erase_seconds $t"
		echo "RESULT bulk_erased $(sed -n 's/^\([0-9]*\) erased.*/\1/p' "$WORK/batch.out")"
	else
		say "bulk erase failed: $(cat "$WORK/batch.err")"
	fi
	if t=$(seconds $TUI --db "$db" backup "$WORK/backup.db"); then
		echo "RESULT backup_seconds $t"
		echo "RESULT backup_bytes $(wc -c <"$WORK/backup.db")"
	fi
}

# ---- registers ----
key=$(cat tests/bench/generate.c tests/bench/names.h data/migrations/*.sql src/*.c src/*.h include/*.h |
	cksum | cut -d ' ' -f 1)

# Makes (or finds) the register of $1 contacts; sets $register.
make_register() {
	count=$1
	register=$CACHE/register-$count-$key.db
	if [ "${BENCH_FRESH:-0}" = 1 ]; then
		rm -f "$register" "$register".*
	fi
	if [ -f "$register" ] && [ -f "$register.results" ]; then
		say "== register of $count contacts: cached ($register)"
		return 0
	fi
	# an older register of this size is stale now
	for old in "$CACHE"/register-"$count"-*.db; do
		[ -e "$old" ] && rm -f "$old" "$old".* "$old"-wal "$old"-shm
	done
	say "== creating the register of $count contacts"
	if ! timeout 3600 $NICE "$OUT/generate" "$register.tmp" "$count" >"$register.tmp.results"; then
		say "generate failed"
		rm -f "$register.tmp" "$register.tmp".* "$register.tmp"-wal "$register.tmp"-shm
		return 1
	fi
	mv "$register.tmp.audit-head" "$register.audit-head"
	mv "$register.tmp.results" "$register.results"
	mv "$register.tmp" "$register"
	echo "RESULT created_at $(date '+%Y-%m-%d %H:%M')" >>"$register.results"
}

# ---- measurements ----
# The search, the terminal and the batch commands on PostgreSQL, $1
# contacts: a throwaway cluster seeded with the register's copy $2, results
# appended to $3. (The backup there is pg_dump's.)
postgresql_figures() {
	pg_dir=$(mktemp -d /tmp/regdesk-bench-pg.XXXXXX) || return 1
	chmod 0755 "$pg_dir"   # run as root, the server's user must reach the cluster inside
	if ! uri=$(PG_CLUSTER_SHARED_BUFFERS=768MB sh tests/pg_cluster.sh start "$pg_dir/cluster"); then
		say "PostgreSQL cluster did not start"
		echo "RESULT search_error 1" >>"$3"
		rm -rf "$pg_dir"
		return 1
	fi
	say "== PostgreSQL: seeding $1 contacts"
	seed_start=$(date +%s.%N)
	if sh tests/bench/pg_seed.sh "$2" "$uri" "$OUT/pg_account" >"$WORK/pg_seed.out" 2>&1; then
		awk -v s="$seed_start" -v e="$(date +%s.%N)" 'BEGIN { printf "RESULT create_seconds %.2f\n", e - s }' >>"$3"
		echo "RESULT db_bytes $(psql -X -At "$uri" -c 'SELECT pg_database_size(current_database())')" >>"$3"
		verify=""
		[ "$1" -le 100000 ] && verify=--verify
		say "== PostgreSQL: search, in-process, $1 contacts"
		timeout 1800 $NICE "$OUT/search" "$uri" --rounds "$ROUNDS" $verify >>"$3" ||
			echo "RESULT search_error 1" >>"$3"
		if [ -z "$tui_note" ]; then
			say "== PostgreSQL: terminal interface on a pseudo-terminal, $1 contacts"
			first_row=$(sed -n 's/^RESULT first_row //p' "$3" | tail -n 1)
			timeout 900 $NICE "$OUT/typist" "$TUI" "$uri" --first-row "$first_row" --pages "$PAGES" >>"$3" ||
				echo "RESULT typist_error 1" >>"$3"
		fi
		say "== PostgreSQL: batch commands, $1 contacts"
		batch_figures "$uri" >>"$3"
		rm -f "$WORK"/export.csv "$WORK"/backup.db*
	else
		say "PostgreSQL seeding failed: $(tail -n 5 "$WORK/pg_seed.out")"
		echo "RESULT search_error 1" >>"$3"
	fi
	sh tests/pg_cluster.sh stop "$pg_dir/cluster"
	rm -rf "$pg_dir"
}

for count in $SIZES; do
	results=$OUT/results-$count.txt
	make_register "$count" || exit 1
	cp "$register.results" "$results"
	echo "RESULT db_bytes $(wc -c <"$register")" >>"$results"
	copy=$WORK/register-$count.db
	rm -f "$copy" "$copy".* "$copy"-wal "$copy"-shm
	cp "$register" "$copy" && cp "$register.audit-head" "$copy.audit-head" || exit 1
	sync   # no writeback of the copy during the measurements

	if [ "$postgresql" = 1 ]; then
		pg_results=$OUT/results-$count-postgresql.txt
		grep '^RESULT first_row ' "$register.results" >"$pg_results"
		postgresql_figures "$count" "$copy" "$pg_results"
	fi
	if [ "$sqlite" = 0 ]; then
		rm -f "$copy" "$copy".* "$copy"-wal "$copy"-shm
		continue
	fi

	verify=""
	[ "$count" -le 100000 ] && verify=--verify
	say "== search, in-process, $count contacts"
	timeout 1800 $NICE "$OUT/search" "$copy" --rounds "$ROUNDS" $verify >>"$results" ||
		echo "RESULT search_error 1" >>"$results"

	if [ -z "$tui_note" ]; then
		say "== terminal interface on a pseudo-terminal, $count contacts"
		first_row=$(sed -n 's/^RESULT first_row //p' "$results" | tail -n 1)
		timeout 900 $NICE "$OUT/typist" "$TUI" "$copy" --first-row "$first_row" --pages "$PAGES" >>"$results" ||
			echo "RESULT typist_error 1" >>"$results"
	fi
	say "== batch commands, $count contacts"
	batch_figures "$copy" >>"$results"
	rm -f "$copy" "$copy".* "$copy"-wal "$copy"-shm "$WORK"/export.csv "$WORK"/backup.db*
done

# ---- the table ----
set -- $SIZES
smallest=$1
for largest in $SIZES; do :; done

# get COLUMN KEY: a column is a size ("1000000", SQLite) or "pg:SIZE"
get() {
	case $1 in
	pg:*) f=$OUT/results-${1#pg:}-postgresql.txt ;;
	*) f=$OUT/results-$1.txt ;;
	esac
	[ -f "$f" ] && sed -n "s/^RESULT $2 //p" "$f" | tail -n 1
}
COLUMNS=""
[ "$sqlite" = 1 ] && COLUMNS=$SIZES
if [ "$postgresql" = 1 ]; then
	for count in $SIZES; do COLUMNS="$COLUMNS pg:$count"; done
fi
judged=""   # the columns judged against the targets: each engine's largest
[ "$sqlite" = 1 ] && judged=$largest
[ "$postgresql" = 1 ] && judged="$judged pg:$largest"

# verdict VALUE LIMIT: PASS when VALUE < LIMIT
verdict() {
	if [ -z "$1" ]; then
		echo "n/a"
	elif awk -v v="$1" -v l="$2" 'BEGIN { exit !(v + 0 < l + 0) }'; then
		echo PASS
	else
		echo MISS
	fi
}

line() {   # line LABEL KEY SCALE TARGET_TEXT LIMIT
	line_label=$1 key=$2 scale=$3 target=$4 limit=$5
	row=$(printf '%-50s' "$line_label")
	for column in $COLUMNS; do
		value=$(get "$column" "$key")
		if [ -n "$value" ] && [ "$scale" != 1 ]; then
			value=$(awk -v v="$value" -v s="$scale" 'BEGIN { printf "%.1f", v / s }')
		fi
		row="$row$(printf ' %12s' "${value:--}")"
	done
	if [ -n "$limit" ]; then
		verdicts=""
		for column in $judged; do
			value=$(get "$column" "$key")
			[ -n "$value" ] && [ "$scale" != 1 ] && value=$(awk -v v="$value" -v s="$scale" 'BEGIN { printf "%.1f", v / s }')
			verdicts="$verdicts${verdicts:+ }$(verdict "$value" "$limit")"
		done
		row="$row$(printf '  %-14s %s' "$target" "$verdicts")"
	else
		row="$row$(printf '  %-14s' "$target")"
	fi
	echo "$row"
}

echo
echo "regdesk benchmarks ($(nproc) cores; targets apply at 1,000,000 contacts, judged here at $largest)"
[ "$largest" != 1000000 ] && echo "NOTE: the largest size is $largest, not 1,000,000: the verdicts are only indicative."
[ "$postgresql" = 1 ] && echo "PostgreSQL columns (pg:SIZE): search and terminal figures on a throwaway cluster seeded with the same register;" \
	"the batch figures (export, review queue, bulk erase, backup by pg_dump) on it too; result: $(echo "$judged" | sed 's/pg:[0-9]*/PostgreSQL/; s/^ *[0-9][0-9]*/SQLite/')"
row=$(printf '%-50s' "figure")
for column in $COLUMNS; do row="$row$(printf ' %12s' "$column")"; done
echo "$row  target         result"
echo "--------------------------------------------------------------------------------------------------------"
line "time to create the register (s; pg: seeding)" create_seconds 1 "" ""
line "  of which contacts (s)" create_contacts_seconds 1 "" ""
line "  of which search index rebuild (s)" create_rebuild_seconds 1 "" ""
line "database size (MB)" db_bytes 1048576 "" ""
for class in prefix1:"1-letter prefix" prefix2:"2-letter prefix" prefix3:"3-letter prefix" \
	common:"common surname" rare:"rare surname" first_last:"first name + surname prefix" \
	unaccented:"accent-free input" particle:"particle or hyphenated surname"; do
	name=${class%%:*}
	class_label=${class#*:}
	line "search $class_label, median (ms)" "search_${name}_p50_ms" 1 "" ""
	line "search $class_label, p99 (ms)" "search_${name}_p99_ms" 1 "< 25" 25
	line "  p99 CPU time, for a busy machine (ms)" "search_${name}_cpu_p99_ms" 1 "" ""
done
line "search hits, common surname" search_common_hits 1 "" ""
line "next page of the whole list, p99 (ms)" search_next_page_p99_ms 1 "" ""
line "last page of the whole list, p99 (ms)" search_last_page_p99_ms 1 "" ""
line "account_login in-process (argon2id) (ms)" login_core_ms 1 "" ""
if [ -n "$tui_note" ]; then
	echo "TUI: $tui_note"
else
	line "start to login screen, warm median (ms)" start_login_ms 1 "< 30" 30
	line "start to login screen, cold (ms)" start_login_cold_ms 1 "" ""
	line "login to main menu (ms, argon2id incl.)" login_menu_ms 1 "" ""
	line "main menu to first page of the list (ms)" menu_list_ms 1 "" ""
	line "login to first page of the list (ms)" login_first_page_ms 1 "" ""
	line "keystroke to redraw, p50 (ms)" key_p50_ms 1 "< 16" 16
	line "keystroke to redraw, p95 (ms)" key_p95_ms 1 "< 50" 50
	line "keystroke to redraw, max (ms)" key_max_ms 1 "" ""
	line "PgDn to redraw, p95 (ms)" pgdn_p95_ms 1 "" ""
	line "End (last page) to redraw (ms)" end_ms 1 "" ""
	line "resident memory after scrolling (MB)" rss_kb 1024 "< 24" 24
	small_rss=$(get "$smallest" rss_kb)
	large_rss=$(get "$largest" rss_kb)
	if [ -n "$small_rss" ] && [ -n "$large_rss" ]; then
		growth=$(awk -v a="$large_rss" -v b="$small_rss" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
		printf '%-50s %12s  %-14s %s\n' "  growth from $smallest contacts (MB)" "$growth" "< 8" "$(verdict "$growth" 8)"
	fi
	line "peak memory VmHWM, argon2id incl. (MB)" hwm_kb 1024 "" ""
fi
line "export for a purpose, whole register (s)" export_seconds 1 "< 10" 10
line "  contacts exported" export_rows 1 "" ""
line "  peak memory of the export, login incl. (MB)" export_peak_kb 1024 "" ""
line "review queue of the whole register (s)" review_queue_seconds 1 "< 2" 2
line "  due under relationship-ended" review_due 1 "" ""
line "  peak memory of the queue, login incl. (MB)" review_queue_peak_kb 1024 "" ""
line "bulk erase under a rule, secure delete (s)" bulk_erase_seconds 1 "< 60" 60
line "  contacts erased" bulk_erased 1 "" ""
line "backup with integrity check (s)" backup_seconds 1 "" ""
line "backup size (MB)" backup_bytes 1048576 "" ""
echo "--------------------------------------------------------------------------------------------------------"
for count in $COLUMNS; do
	checked=$(get "$count" verify_queries)
	failures=$(get "$count" search_failures)
	case $count in
	pg:*) note="PostgreSQL, ${count#pg:} contacts: seeded from the register made $(get "${count#pg:}" created_at)" ;;
	*) note="$count contacts: register made $(get "$count" created_at)" ;;
	esac
	[ -n "$checked" ] && note="$note; brute-force check of $checked queries"
	note="$note; page checks: ${failures:-not run} failures"
	[ -n "$(get "$count" search_error)" ] && note="$note; SEARCH BENCHMARK FAILED"
	[ -n "$(get "$count" typist_error)" ] && note="$note; TUI DRIVER FAILED"
	[ -n "$(get "$count" tui_skipped)" ] && note="$note; TUI list figures skipped (no Contacts entry)"
	echo "$note"
done
load_end=$(cut -d ' ' -f 1 /proc/loadavg)
echo "load average at start $load_start, at end $load_end (1 minute)"
if awk -v a="$load_start" -v b="$load_end" 'BEGIN { exit !(a > 1.5 || b > 1.5) }'; then
	echo "WARNING: the machine was busy with other work: the latencies above are inflated; run again on a quiet machine"
fi
echo "make bench took $(($(date +%s) - started)) s (results in $OUT/results-*.txt)"

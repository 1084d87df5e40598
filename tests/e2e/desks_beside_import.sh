#!/bin/sh
# Desks beside a large import (issue 14): while "import contacts" of ROWS
# rows runs, four writers (contact add, then contact edit of what they
# added, each a new batch command), a desk that logs in and searches
# (contact find) and a backup loop work on the same database. Counts the
# operations that failed with "locked", those that failed otherwise, and
# the writes reported done but missing afterwards; prints them as
# "RESULT name value" lines and exits 0 only when all three are 0, the
# import succeeded and the database checks out.
#   sh tests/e2e/desks_beside_import.sh BIN ROWS WORKDIR
# BIN: the regdesk binary (the release build: the timing is the point).
set -u
BIN=$1
ROWS=$2
W=$3
mkdir -p "$W" || exit 1
DB=$W/desks.db
PW=$W/pw
rm -f "$DB" "$DB"-wal "$DB"-shm "$DB".audit-head "$DB".activity "$W"/*.ops "$W"/*.err "$W"/*.out "$W/told.txt"
: >"$W/told.txt"
printf '%s\n' 'officer-pass-1' >"$PW"
LC_ALL=C.UTF-8 LANGUAGE=en
export LC_ALL LANGUAGE

"$BIN" --db "$DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 --full-name 'Anna Ähtäri' anna <"$PW" >/dev/null ||
	{ echo "cannot create the database" >&2; exit 1; }

# A file of ROWS new people (unique names and addresses: all of them are added).
CSV=$W/people-$ROWS.csv
if [ ! -s "$CSV" ]; then
	python3 - "$ROWS" "$CSV" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
cities = ["Ähtäri", "Helsinki", "Oulu", "Tampere", "Turku", "Jyväskylä"]
with open(path, "w", encoding="utf-8") as out:
    out.write("Etunimi;Sukunimi;Sähköposti;Puhelin;Postitoimipaikka\n")
    for i in range(rows):
        out.write("Tuonti%d;Söderström%d;tuonti%d@example.fi;040 %07d;%s\n" % (i, i, i, i, cities[i % len(cities)]))
PY
fi

now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }

import_started=$(now_ms)
"$BIN" --db "$DB" --user anna --password-stdin import contacts "$CSV" --category customer <"$PW" \
	>"$W/import.out" 2>"$W/import.err" &
IMPORT=$!
# The others start once the import holds the database.
i=0
while [ ! -e "$DB.activity" ] && kill -0 "$IMPORT" 2>/dev/null && [ "$i" -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done

# op NAME COMMAND...: runs one batch command, notes ok/locked/failed and the time it took.
op() {
	name=$1
	shift
	started=$(now_ms)
	"$BIN" --db "$DB" --user anna --password-stdin "$@" <"$PW" >"$W/$name.last" 2>"$W/$name.lasterr"
	status=$?
	grep 'waiting: ' "$W/$name.lasterr" >>"$W/told.txt"
	if [ "$status" -eq 0 ]; then
		echo "ok $(($(now_ms) - started))" >>"$W/$name.ops"
		cat "$W/$name.last" >>"$W/$name.out"
		return 0
	fi
	if grep -qi 'locked' "$W/$name.lasterr"; then
		echo "locked $(($(now_ms) - started))" >>"$W/$name.ops"
	else
		echo "failed $(($(now_ms) - started))" >>"$W/$name.ops"
	fi
	cat "$W/$name.lasterr" >>"$W/$name.err"
	return 1
}

# Each desk works while the import runs, and at least ROUNDS times.
ROUNDS=3
writer() {
	n=0
	while kill -0 "$IMPORT" 2>/dev/null || [ "$n" -lt "$ROUNDS" ]; do
		if op "w$1" contact add --first-name "Desk$1" --last-name "Beside$1x$n" --category customer; then
			id=$(sed -n 's/^Added contact #\([0-9]*\)\..*/\1/p' "$W/w$1.last")
			[ -n "$id" ] && op "w$1" contact edit "$id" --notes "edit $1 $n"
		fi
		n=$((n + 1))
	done
}
finder() {
	n=0
	while kill -0 "$IMPORT" 2>/dev/null || [ "$n" -lt "$ROUNDS" ]; do
		op find contact find söd --format csv
		n=$((n + 1))
	done
}
backups() {
	n=0
	while kill -0 "$IMPORT" 2>/dev/null || [ "$n" -lt "$ROUNDS" ]; do
		started=$(now_ms)
		if "$BIN" --db "$DB" backup "$W/backup.db" >"$W/backup.last" 2>"$W/backup.lasterr"; then
			echo "ok $(($(now_ms) - started))" >>"$W/backup.ops"
		elif grep -qi 'locked' "$W/backup.lasterr"; then
			echo "locked" >>"$W/backup.ops"; cat "$W/backup.lasterr" >>"$W/backup.err"
		else
			echo "failed" >>"$W/backup.ops"; cat "$W/backup.lasterr" >>"$W/backup.err"
		fi
		n=$((n + 1))
	done
}
pids=""
for w in 1 2 3 4; do
	writer "$w" &
	pids="$pids $!"
done
finder &
pids="$pids $!"
backups &
pids="$pids $!"
wait "$IMPORT"
import_status=$?
import_ms=$(($(now_ms) - import_started))
for pid in $pids; do
	wait "$pid"
done

ops() { cat "$W"/*.ops 2>/dev/null | grep -c "^$1"; }
locked=$(ops locked)
failed=$(ops failed)
done_ops=$(ops ok)
longest=$(cat "$W"/w?.ops "$W"/find.ops 2>/dev/null | sed -n 's/^ok //p' | sort -n | tail -n 1)
waiting_told=$(grep -c 'waiting: an import by anna' "$W/told.txt" 2>/dev/null)

sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=60); print(c.execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"; }
# Lost writes: an add reported but missing, an edit reported but not stored.
lost=0
for w in 1 2 3 4; do
	[ -f "$W/w$w.out" ] || continue
	for id in $(sed -n 's/^Added contact #\([0-9]*\)\..*/\1/p' "$W/w$w.out"); do
		[ "$(sql "SELECT count(*) FROM contact WHERE id = $id AND first_name = 'Desk$w'")" = 1 ] || lost=$((lost + 1))
	done
	for id in $(sed -n 's/^Saved contact #\([0-9]*\)\..*/\1/p' "$W/w$w.out"); do
		[ "$(sql "SELECT count(*) FROM contact WHERE id = $id AND notes LIKE 'edit $w %'")" = 1 ] || lost=$((lost + 1))
	done
done
imported=$(sql "SELECT count(*) FROM contact WHERE first_name LIKE 'Tuonti%'")
"$BIN" --db "$DB" check >"$W/check.out" 2>&1
check_status=$?

echo "RESULT import_rows $ROWS"
echo "RESULT import_seconds $(awk -v m="$import_ms" 'BEGIN { printf "%.1f", m / 1000 }')"
echo "RESULT import_status $import_status"
echo "RESULT imported $imported"
echo "RESULT desk_operations_done $done_ops"
echo "RESULT locked_failures $locked"
echo "RESULT other_failures $failed"
echo "RESULT lost_writes $lost"
echo "RESULT longest_wait_ms ${longest:-0}"
echo "RESULT told_what_they_wait_for $waiting_told"
echo "RESULT check_status $check_status"
grep -h 'waiting: ' "$W/told.txt" | sed 's/[0-9]* %/N %/' | sort | uniq -c | head -n 3 | sed 's/^/# told: /'
for f in "$W"/*.err; do
	[ -s "$f" ] && { echo "# $(basename "$f"):"; sort "$f" | uniq -c | sort -rn | head -n 3 | sed 's/^/#   /'; }
done
[ "$import_status" -eq 0 ] && [ "$imported" = "$ROWS" ] && [ "$locked" -eq 0 ] && [ "$failed" -eq 0 ] &&
	[ "$lost" -eq 0 ] && [ "$check_status" -eq 0 ]

#!/bin/sh
# End-to-end tests of "regdesk import contacts" on the sanitizer build: the
# dry run writes nothing; the Excel exports with Finnish headers (UTF-8 with
# BOM, Windows-1252) import and are found; a ragged row stops the import
# with its line named, or goes to the rejects file; files that are not text
# are refused; mappings are changed, saved and reused; the audit entry holds
# the file's SHA-256; Ctrl-C and kill -9 in the middle of a large import
# leave the register exactly as before; progress shows only on a terminal;
# a save beside another desk's import waits, told why, instead of failing.
#   sh tests/e2e/test_cli_import.sh
. "$(dirname "$0")/lib.sh"

FIXTURES=$E2E_ROOT/tests/data/import
DB=$E2E_TMP/import.db
REGISTER=$(e2e_db "$DB")   # the file, or its database on PostgreSQL
PASSWORD=officer-pass-1
OUT=$E2E_TMP/out.txt
ERR=$E2E_TMP/err.txt

# as_officer ARGUMENT...: the batch command as olli; stdout in $OUT, stderr in $ERR.
as_officer() {
	printf '%s\n' "$PASSWORD" | cli "$DB" --user olli --password-stdin "$@" >"$OUT" 2>"$ERR"
}

has() {    # has FILE TEXT
	grep -qF -- "$2" "$1"
}

lacks() {  # lacks FILE TEXT
	! grep -qF -- "$2" "$1"
}

mapped() {     # mapped HEADER TARGET: the dry run's column list maps HEADER to TARGET
	grep -F -- "$1" "$OUT" | grep -qF -- "-> $2 "
}

progress_shown() {  # progress_shown FILE: a progress line with a bar and rows per second
	grep -a 'Checking \[' "$1" | grep -aq 'rows/s'
}

no_escape() {  # no_escape FILE...: no ESC byte in the files
	! grep -q "$(printf '\033')" "$@"
}

exited() {     # exited STATUS WANT FILE TEXT: the exit status was WANT and FILE says TEXT
	[ "$1" -eq "$2" ] && grep -qF -- "$4" "$3"
}

contacts() {   # the number of contacts in the register
	engine_sql "$REGISTER" 'SELECT count(*) FROM contact'
}

printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | cli "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer \
	--full-name 'Olli Upseeri' olli >/dev/null 2>&1 || die "cannot create the first account"

# --- dry run ---------------------------------------------------------------
as_officer import contacts "$FIXTURES/excel-fi-utf8-bom.csv" --dry-run --category event
status=$?
check "dry run: exit 0" [ "$status" -eq 0 ]
check "dry run: encoding, BOM and delimiter detected" has "$OUT" "UTF-8, delimiter ;, byte order mark"
check "dry run: Finnish headers mapped (Sähköposti -> email)" mapped Sähköposti email
check "dry run: ban column mapped (Postituskielto)" mapped Postituskielto ban:postal-mail
check "dry run: first rows as they will be stored" has "$OUT" "Söderström, Åsa"
check "dry run: counts" has "$OUT" "Rows: 4; new 4, in the register 0, twice in the file 0, invalid 0."
check "dry run: nothing written" [ "$(contacts)" = 0 ]

# --- import ----------------------------------------------------------------
as_officer import contacts "$FIXTURES/excel-fi-utf8-bom.csv" --category event --source event-registration \
	--source-detail 'Syysmessut 2026'
status=$?
check "import: exit 0" [ "$status" -eq 0 ]
check "import: 4 new contacts" has "$OUT" "Imported: 4 new contacts, 0 linked, 0 filled."
as_officer contact find sod
check "import: an imported person is found without accents" has "$OUT" "Söderström, Åsa"
as_officer audit list --action import --format csv
sum=$(sha256sum "$FIXTURES/excel-fi-utf8-bom.csv" | cut -d ' ' -f 1)
check "audit: one import entry with the file's SHA-256 and counts" \
	has "$OUT" "\"import\",\"file\",\"0\",\"file=excel-fi-utf8-bom.csv,sha256=$sum,rows=4,new=4,"
as_officer audit verify
check "audit: the trail verifies" has "$OUT" "intact"

as_officer import contacts "$FIXTURES/excel-fi-windows-1252.csv" --on-match link
check "Windows-1252: the same people are matched, none added" has "$OUT" "new 0, in the register 4"
check "Windows-1252: Päätalo once, not as mojibake" [ "$(engine_sql "$REGISTER" "SELECT count(*) FROM contact WHERE last_name LIKE 'P%talo'")" = 1 ]

# --- invalid rows ----------------------------------------------------------
before=$(contacts)
as_officer import contacts "$FIXTURES/ragged.csv"
status=$?
check "ragged row: exit 1" [ "$status" -eq 1 ]
check "ragged row: its line named" has "$ERR" "ragged.csv:3: 2 cells, but the header has 3 columns"
check "ragged row: the long one too" has "$ERR" "ragged.csv:4: 4 cells, but the header has 3 columns"
check "ragged row: nothing imported" [ "$(contacts)" = "$before" ]
as_officer import contacts "$FIXTURES/ragged.csv" --rejects "$E2E_TMP/rejects.csv"
status=$?
check "rejects: exit 0" [ "$status" -eq 0 ]
check "rejects: the valid rows imported" [ "$(contacts)" = $((before + 2)) ]
check "rejects: file with line and reason" has "$E2E_TMP/rejects.csv" '"Lyhyt","Rivi","3","2 cells, but the header has 3 columns"'
check "rejects: private file" [ "$(stat -c %a "$E2E_TMP/rejects.csv")" = 600 ]

# --- matching people (issue 12) -------------------------------------------
# Liisa shares Matti Meikäläinen's phone (a switchboard): a new contact by
# default, shown with Matti's name and why; her ban is not written onto him.
printf 'Etunimi;Sukunimi;Puhelin;Postituskielto\nLiisa;Lankinen;+358 40 123 4567;kyllä\n' >"$E2E_TMP/shared-phone.csv"
before=$(contacts)
matti_bans() {
	engine_sql "$REGISTER" "SELECT count(*) FROM consent_event e JOIN contact c ON c.id = e.contact_id WHERE c.first_name = 'Matti'"
}
bans_before=$(matti_bans)
as_officer import contacts "$E2E_TMP/shared-phone.csv" --dry-run
check "shared phone: the preview names whom it matched and why" has "$OUT" "same phone as Matti Meikäläinen #"
check "shared phone: the default is a new contact" has "$OUT" "another name: add a new contact"
as_officer import contacts "$E2E_TMP/shared-phone.csv"
check "shared phone: a new contact" [ "$(contacts)" = $((before + 1)) ]
check "shared phone: the ban is not written onto Matti" [ "$(matti_bans)" = "$bans_before" ]
as_officer import contacts "$E2E_TMP/shared-phone.csv" --on-other-name sometimes --dry-run
status=$?
check "shared phone: a bad --on-other-name is a usage error" exited "$status" 2 "$ERR" "--on-other-name"
printf 'Etunimi;Sukunimi;Sähköposti;Yritys;Y-tunnus;Postinumero\nVirhe;Rivi;virhe.example.fi;Virhe Oy;1234567-2;001\n' \
	>"$E2E_TMP/three-errors.csv"
as_officer import contacts "$E2E_TMP/three-errors.csv"
check "every problem of a row in one round" sh -c 'grep -F "three-errors.csv:2:" "$1" | grep -F "E-mail" | grep -F "Postal code" | grep -qF "Business ID"' _ "$ERR"

for case in "binary-nul.csv:binary-nul.csv:2: a NUL byte" "utf16.csv:UTF-16" "empty.csv:empty.csv: the file is empty" \
	"header-only.csv:only a header row" "mixed-encoding.csv:mixed-encoding.csv:3: not valid UTF-8" \
	"unterminated-quote.csv:unterminated-quote.csv:3: a quoted cell that is never closed"; do
	file=${case%%:*}
	message=${case#*:}
	as_officer import contacts "$FIXTURES/$file"
	status=$?
	check "refused with a located message: $file" exited "$status" 1 "$ERR" "$message"
done
as_officer import contacts "$FIXTURES/escapes-and-formulas.csv" --skip-invalid
check "escapes: refused rows named" has "$ERR" "escapes-and-formulas.csv:2: First name (column Etunimi): control characters"
check "escapes: no ESC reaches the terminal" no_escape "$ERR" "$OUT"

# --- mapping ---------------------------------------------------------------
as_officer import contacts "$FIXTURES/english-comma.csv" --map 'Company=ignore' --map '11=consent:newsletter' \
	--save-mapping 'English list' --dry-run
check "mapping: --map by header" mapped Company ignore
check "mapping: --map by number" mapped Newsletter consent:newsletter
as_officer import contacts "$FIXTURES/english-comma.csv" --dry-run
check "mapping: saved mapping applied to the same columns" has "$OUT" "Saved mapping applied: English list"
as_officer import contacts "$FIXTURES/english-comma.csv" --map 'Nope=email'
status=$?
check "mapping: unknown column is a usage error" exited "$status" 2 "$ERR" "no column 'Nope'"
as_officer import contacts "$FIXTURES/english-comma.csv" --map 'Company=shoe_size'
status=$?
check "mapping: unknown target is a usage error" [ "$status" -eq 2 ]
as_officer import contacts "$FIXTURES/english-comma.csv" --map 'First name=ignore'
status=$?
check "mapping: names are required" exited "$status" 1 "$ERR" "map a column to First name"

# --- interrupts: Ctrl-C and kill -9 leave the register as it was -----------
BIG=$E2E_TMP/big.csv
awk 'BEGIN { print "Etunimi;Sukunimi;Sähköposti;Puhelin;Yritys";
	for (i = 0; i < 300000; i++)
		printf "Etu%d;Suku%d;etu%d@example.fi;040 %03d %04d;Yritys %d Oy\r\n", i, i, i, int(i / 10000) % 1000, i % 10000, i % 5000 }' >"$BIG"
before=$(contacts)
# Every run logs in (audited); nothing else may be added.
trail() {
	engine_sql "$REGISTER" "SELECT count(*) FROM audit_entry WHERE action NOT IN ('login')"
}
audit_before=$(trail)

# writing: whether the import has begun writing: its WAL grows (SQLite), or
# it holds the writer lock (PostgreSQL's advisory lock) and a second passed.
writing() {
	if [ "$ENGINE" = sqlite ]; then
		[ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -gt 4000000 ]
	elif [ "$(engine_sql "$REGISTER" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0 ]; then
		sleep 1
	else
		return 1
	fi
}

# start_big SIGNAL: starts the import of $BIG in the background, waits until
# it is writing, then sends SIGNAL to it; sets $running and $status.
start_big() {
	printf '%s\n' "$PASSWORD" >"$E2E_TMP/password"
	ASAN_OPTIONS=$E2E_ASAN_OPTIONS UBSAN_OPTIONS=$E2E_UBSAN_OPTIONS \
		"$REGDESK_CLI" --db "$REGISTER" --lang en --user olli --password-stdin import contacts "$BIG" \
		<"$E2E_TMP/password" >"$E2E_TMP/big.out" 2>"$E2E_TMP/big.err" &
	pid=$!
	waited=0
	while [ "$waited" -lt 600 ]; do
		writing && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		waited=$((waited + 1))
	done
	running=0
	if kill -0 "$pid" 2>/dev/null; then
		running=1
		kill "-$1" "$pid"
	fi
	wait "$pid" 2>/dev/null
	status=$?
	cat "$E2E_TMP/big.err" >>"$E2E_TMP/cli-all.err"
}

start_big INT
if [ "$running" = 1 ]; then
	check "Ctrl-C mid-import: exit 1, says nothing was imported" exited "$status" 1 "$E2E_TMP/big.err" "interrupted: nothing was imported"
	check "Ctrl-C mid-import: the register is as before" [ "$(contacts)" = "$before" ]
	check "Ctrl-C mid-import: the audit trail is as before" [ "$(trail)" = "$audit_before" ]
else
	skip "Ctrl-C mid-import" "the import ended before it could be interrupted"
fi
start_big KILL
if [ "$running" = 1 ]; then
	check "kill -9 mid-import: the register is as before" [ "$(contacts)" = "$before" ]
	check "kill -9 mid-import: no organisation of the file is left" \
		[ "$(engine_sql "$REGISTER" "SELECT count(*) FROM organisation WHERE name LIKE 'Yritys %'")" = 0 ]
	as_officer audit verify
	check "kill -9 mid-import: the audit trail verifies" has "$OUT" "intact"
else
	skip "kill -9 mid-import" "the import ended before it could be killed"
fi
as_officer import contacts "$FIXTURES/english-comma.csv" --on-match skip
status=$?
check "after the kill the register takes an import" exited "$status" 0 "$OUT" "Imported"

# --- progress only on a terminal -------------------------------------------
head -n 3001 "$BIG" >"$E2E_TMP/medium.csv"
as_officer import contacts "$E2E_TMP/medium.csv" --dry-run
check "progress: none when stderr is not a terminal" lacks "$ERR" "rows/s"
ASAN_OPTIONS=$E2E_ASAN_OPTIONS script -qec "'$REGDESK_CLI' --db '$REGISTER' --lang en --user olli --password-stdin import contacts '$E2E_TMP/medium.csv' --dry-run <'$E2E_TMP/password'" \
	"$E2E_TMP/typescript" >/dev/null 2>&1
check "progress: rows and rows per second on a terminal" progress_shown "$E2E_TMP/typescript"

# --- a batch command beside another desk's import (issue 14) ----------------
# Another program holds the write lock for 3 s and names itself as an
# import by anna, 40 % done; a save waits for it instead of failing with
# "locked", says once on stderr what it waits for, and completes. On
# PostgreSQL the lock is the writers' advisory lock, and a server's register
# has no side file: the desk waits without being told for what.
python3 - "$REGISTER" 3 >"$E2E_TMP/hold.out" 2>&1 <<'PY' &
import os, regdesk_db, sys, time
db, seconds = sys.argv[1], float(sys.argv[2])
connection = regdesk_db.connect(db, isolation_level=None, timeout=30)
side_file = "://" not in db
if side_file:
    connection.execute("BEGIN IMMEDIATE")
    with open(db + ".activity.tmp", "w") as side:
        side.write("%d\timport\t40\tanna\n" % os.getpid())
    os.rename(db + ".activity.tmp", db + ".activity")
else:
    connection.execute("BEGIN")
    connection.execute("SELECT pg_advisory_xact_lock(32199642085421931)")
print("held", flush=True)
time.sleep(seconds)
connection.execute("COMMIT")
if side_file:
    os.unlink(db + ".activity")
PY
holder=$!
i=0
while ! grep -q held "$E2E_TMP/hold.out" && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
asked_at=$(date +%s)
as_officer contact add --first-name Odottava --last-name Tallentaja --category customer
status=$?
saved_at=$(date +%s)
wait "$holder"
check "beside an import: the save waits and completes" exited "$status" 0 "$OUT" "Added contact"
if [ "$ENGINE" = sqlite ]; then
	check "beside an import: stderr says once what it waited for" \
		[ "$(grep -c 'regdesk: waiting: an import by anna, 40 % done' "$ERR")" = 1 ]
else
	skip "beside an import: what it waited for" "a PostgreSQL register has no side file naming the import"
	check "beside an import: the save waited for the writer lock" [ $((saved_at - asked_at)) -ge 2 ]
fi
check "beside an import: nothing about a lock" lacks "$ERR" "locked"

finish

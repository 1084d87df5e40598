#!/bin/sh
# End-to-end tests of the annual review, retention and backup commands
# (notice §4.1, §4.2, §5.3): review due | review erase, backup, restore, check.
#   sh tests/e2e/test_cli_review.sh       (after: make build-asan/regdesk)
#   REGDESK_BIN=path/to/regdesk sh tests/e2e/test_cli_review.sh
# Prints one line per check: "ok - NAME", "not ok - NAME" followed by "# "
# diagnostic lines, or "skip - NAME (reason)"; exits 1 when any check failed.
# Self-contained POSIX sh; needs python3 (CSV, dates, tampering with copies)
# and sha256sum.
BATCH_SUITE=review
. "$(dirname "$0")/batch_lib.sh"
umask 022    # a backup must be private whatever the umask (notice §5.3)

# --- running regdesk -------------------------------------------------------

# as_officer ARGS...: runs regdesk on $DB as the privacy officer.
as_officer() {
	pw "$OFFICER_PW"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

# --- databases, CSV, dates -------------------------------------------------

# sql DB STATEMENTS: runs SQL outside regdesk (python3's sqlite3); rows on stdout, columns joined by |.
sql() {
	python3 - "$1" "$2" <<'EOF'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=30)
buffer = ""
for char in sys.argv[2] + ";":
    buffer += char
    if char == ";" and sqlite3.complete_statement(buffer):
        if buffer.strip(" \t\n;"):
            for row in connection.execute(buffer):
                print("|".join("" if v is None else str(v) for v in row))
        buffer = ""
connection.close()
EOF
}

# tamper DB STATEMENTS: drops the audit trail's append-only triggers (on
# PostgreSQL disables them, as the table's owner), then runs the statements.
tamper() {
	if [ "$ENGINE" = postgresql ]; then
		sql "$1" "ALTER TABLE audit_entry DISABLE TRIGGER USER; $2" >/dev/null
	else
		sql "$1" "DROP TRIGGER IF EXISTS audit_entry_no_update; DROP TRIGGER IF EXISTS audit_entry_no_delete; $2" >/dev/null
	fi
}

# clone_db FROM NAME: a copy of register FROM (closed) named NAME; prints where.
clone_db() {
	if [ "$ENGINE" = sqlite ]; then
		cpdb "$1" "$T/$2.db"
		echo "$T/$2.db"
		return
	fi
	clone_to=$(engine_db "$2") || return 1
	clone_name=$(echo "$clone_to" | sed 's|^postgres[a-z]*://[^/]*/\([^?]*\).*|\1|')
	clone_from=$(echo "$1" | sed 's|^postgres[a-z]*://[^/]*/\([^?]*\).*|\1|')
	psql -X -q -d "$REGDESK_TEST_POSTGRESQL" -c "DROP DATABASE $clone_name" -c "CREATE DATABASE $clone_name TEMPLATE $clone_from" >/dev/null
	echo "$clone_to"
}

# sqlite_only NAME: on PostgreSQL prints the skip of check NAME, which reads
# or writes SQLite files, and returns 1.
SQLITE_FILES="SQLite files: PostgreSQL's pg_dump backups and restores are tested with backup.c's engine"
sqlite_only() {
	[ "$ENGINE" = sqlite ] && return 0
	skip "$1" "$SQLITE_FILES"
	return 1
}

# cpdb FROM TO: copies a closed database with its WAL files and audit head.
cpdb() {
	for suffix in "" -wal -shm .audit-head; do
		rm -f "$2$suffix"
		if [ -e "$1$suffix" ]; then
			cp "$1$suffix" "$2$suffix"
		fi
	done
}

csv_header() {
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(",".join(next(csv.reader(f), [])))' "$1"
}

# csv_row FILE ID: the row whose contact_id is ID, cells joined by "|"; exit 1
# when none, 3 when rows differ in width.
csv_row() {
	python3 -c '
import csv, sys
path, key = sys.argv[1:]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows or any(len(row) != len(rows[0]) for row in rows):
    sys.exit(3)
for row in rows[1:]:
    if row[0] == key:
        print("|".join(row))
        sys.exit(0)
sys.exit(1)' "$@"
}

csv_rows() {
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(max(0, len(list(csv.reader(f))) - 1))' "$1"
}

# day OFFSET: today plus OFFSET days, YYYY-MM-DD (the register's local date: Helsinki by default).
day() {
	python3 -c '
import datetime, sys, zoneinfo
today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Helsinki")).date()
print((today + datetime.timedelta(days=int(sys.argv[1]))).isoformat())' "$1"
}

# added_id: the id in "Added contact #N." of the last run.
added_id() {
	sed -n 's/^Added contact #\([0-9]*\)\..*/\1/p' "$T/out" | head -n 1
}

# add_contact ARGS...: contact add as the officer; prints the new id (empty on failure).
add_contact() {
	as_officer contact add "$@"
	if [ "$RC" -ne 0 ]; then
		why "contact add $* failed"
		show_run
	fi
	added_id
}

file_mode() {
	stat -c %a "$1"
}

# --- the tests -------------------------------------------------------------

batch_need sqlite3 csv

DB=$(engine_db register "$T")
OFFICER=olli
OFFICER_PW='officer-pass-1'
TODAY=$(day 0)

begin "setup: the first privacy officer, a reception user, and contacts for every reason"
pw "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name 'Olli' "$OFFICER"
want_rc 0
pw "$OFFICER_PW" 'temporary-pass-1'
rd --db "$DB" --password-stdin --user "$OFFICER" user add --commitment-signed 2020-01-02 --role reception --full-name 'Rita Reception' rita
want_rc 0
pw 'temporary-pass-1' 'reception-pass-1'
rd --db "$DB" --password-stdin --user rita user passwd rita
want_rc 0
# Ended long ago: due under relationship-ended (end + 6 months).
ENDED_OLD=$(add_contact --first-name Eero --last-name Entinenpoisto --category customer --relationship-end 2020-01-01)
# 2021-03-31 + 6 months is 2021-09-30: the month's last day.
ENDED_CLAMP=$(add_contact --first-name Elli --last-name Kuunloppu --category customer,prospect --relationship-end 2021-03-31)
# Ended long ago but held by the Accounting Act until 2035-12-31.
HELD=$(add_contact --first-name Heikki --last-name Pidetty --category customer --relationship-end 2020-01-01)
# Ended yesterday: not due for six months, but the relationship ended.
ENDED_RECENT=$(add_contact --first-name Erja --last-name Eilinen --category customer --relationship-end "$(day -1)")
NEVER=$(add_contact --first-name Niina --last-name Nollanen --category stakeholder)
STALE=$(add_contact --first-name Saara --last-name Seisova --category customer --last-reviewed 2020-01-01)
RECENT=$(add_contact --first-name Reijo --last-name Tuore --category customer --last-reviewed "$TODAY")
FUTURE_END=$(add_contact --first-name Tuomas --last-name Tuleva --category customer --relationship-end "$(day 365)" \
	--last-reviewed "$TODAY")
as_officer hold add "$HELD" --law accounting-act-ledger --covers 'contact data on invoices of 2025' \
	--financial-year-end 2025-12-31
want_rc 0
want_out "2035-12-31"
for id in "$ENDED_OLD" "$ENDED_CLAMP" "$HELD" "$ENDED_RECENT" "$NEVER" "$STALE" "$RECENT" "$FUTURE_END"; do
	[ -n "$id" ] || why "a contact was not added"
done
end

begin "review due prints the queue as CSV with its header and reason codes"
as_officer review due
want_rc 0
cp "$T/out" "$T/due.csv"
header=$(csv_header "$T/due.csv")
[ "$header" = "contact_id,name,organisation,reason,rule,due_on,last_reviewed" ] ||
	why "header is '$header'"
expect_row() {   # ID WHAT EXPECTED(name|organisation|reason|rule|due_on|last_reviewed)
	row=$(csv_row "$T/due.csv" "$1")
	status=$?
	if [ "$status" -eq 3 ]; then
		why "the CSV rows differ in width"
	elif [ "$status" -ne 0 ]; then
		why "$2 (#$1) is not in the queue; expected $3"
	elif [ "$row" != "$1|$3" ]; then
		why "$2: row '$row', expected '$1|$3'"
	fi
}
expect_row "$ENDED_OLD" "relationship ended 2020-01-01" "Entinenpoisto, Eero||rule|relationship-ended|2020-07-01|"
expect_row "$ENDED_CLAMP" "relationship ended 2021-03-31" "Kuunloppu, Elli||rule|relationship-ended|2021-09-30|"
expect_row "$HELD" "ended and held" "Pidetty, Heikki||held|relationship-ended|2020-07-01|"
expect_row "$ENDED_RECENT" "relationship ended yesterday" "Eilinen, Erja||ended|||"
expect_row "$NEVER" "never reviewed" "Nollanen, Niina||never|||"
expect_row "$STALE" "reviewed 2020-01-01" "Seisova, Saara||stale|||2020-01-01"
for pair in "$RECENT:reviewed today" "$FUTURE_END:relationship ending next year, reviewed today"; do
	if csv_row "$T/due.csv" "${pair%%:*}" >/dev/null; then
		why "${pair#*:} (#${pair%%:*}) is in the queue"
	fi
done
rows=$(csv_rows "$T/due.csv")
[ "$rows" = 6 ] || why "expected 6 rows in the queue, got $rows"
[ -s "$T/err" ] && { why "review due wrote to stderr"; show_run; }
end

begin "review due needs the privacy officer: the reception and no login are refused (exit 1)"
pw 'reception-pass-1'
rd --db "$DB" --password-stdin --user rita review due
want_rc 1
want_one_line_err
[ -s "$T/out" ] && why "the reception was shown: $(head -c 200 "$T/out")"
pw
rd --db "$DB" review due
want_rc 1
want_one_line_err
want_err "--user"
denied=$(sql "$DB" "SELECT count(*) FROM audit_entry e JOIN account a ON a.id = e.account_id WHERE a.username = 'rita' AND e.action = 'permission.denied';")
[ "$denied" -ge 1 ] || why "the reception's refusal was not audited (permission.denied: $denied)"
end

begin "review erase usage errors (exit 2)"
as_officer review erase --rule relationship-ended
want_rc 2
want_one_line_err
as_officer review erase --preview
want_rc 2
as_officer review frobnicate
want_rc 2
end

CONTACTS_BEFORE=$(sql "$DB" "SELECT count(*) FROM contact;")

begin "review erase --preview counts the due and the held, and erases nothing"
as_officer review erase --rule relationship-ended --preview
want_rc 0
grep -Eq '^2 would be erased under relationship-ended; 1 are held' "$T/out" ||
	{ why "expected '2 would be erased under relationship-ended; 1 are held ...'"; show_run; }
count=$(sql "$DB" "SELECT count(*) FROM contact;")
[ "$count" = "$CONTACTS_BEFORE" ] || why "contacts: $count, were $CONTACTS_BEFORE"
end

begin "review erase --confirm erases the due under the rule; the held contact stays"
sync
as_officer review erase --rule relationship-ended --confirm
want_rc 0
grep -Eq '^2 erased under relationship-ended; 1 are held' "$T/out" ||
	{ why "expected '2 erased under relationship-ended; 1 are held ...'"; show_run; }
for id in "$ENDED_OLD" "$ENDED_CLAMP"; do
	as_officer contact show "$id"
	[ "$RC" -ne 0 ] || { why "contact show $id still works after the erasure"; show_run; }
done
for id in "$HELD" "$ENDED_RECENT" "$NEVER" "$STALE" "$RECENT" "$FUTURE_END"; do
	as_officer contact show "$id"
	[ "$RC" -eq 0 ] || { why "contact #$id is gone"; show_run; }
done
count=$(sql "$DB" "SELECT count(*) FROM contact;")
[ "$count" = $((CONTACTS_BEFORE - 2)) ] || why "contacts: $count, expected $((CONTACTS_BEFORE - 2))"
restricted=$(sql "$DB" "SELECT restricted_until FROM contact WHERE id = $HELD;")
[ -z "$restricted" ] || why "the held contact was changed (restricted_until '$restricted')"
entries=$(sql "$DB" "SELECT count(*) FROM audit_entry WHERE action = 'review.erase-rule' AND fields = 'rule:relationship-ended,count:2';")
[ "$entries" = 1 ] || why "expected one review.erase-rule audit entry with the rule and count, found $entries"
decisions=$(sql "$DB" "SELECT count(*) FROM review_decision WHERE decision = 'erase' AND rule_code = 'relationship-ended' AND contact_id IN ($ENDED_OLD, $ENDED_CLAMP);")
[ "$decisions" = 2 ] || why "expected 2 erase decisions naming the records by number, found $decisions"
# No readable trace of the erased names in the file or its WAL (notice §6.4).
for file in "$DB" "$DB-wal"; do
	[ -e "$file" ] || continue
	if grep -aq -e 'Entinenpoisto' -e 'Kuunloppu' "$file"; then
		why "an erased name is still readable in $(basename "$file")"
	fi
done
as_officer review due
csv_row "$T/out" "$HELD" >/dev/null || why "the held contact left the queue"
end

begin "review erase --rule with an unknown rule is refused (exit 1), naming the rules"
as_officer review erase --rule no-such-rule --preview
want_rc 1
want_one_line_err
want_err "relationship-ended"
want_err "hold-ended"
end

begin "hold ended: the restricted record comes back as hold-ended and review erase --rule hold-ended erases it in full"
ENDING=$(add_contact --first-name Hilkka --last-name Loppuvapidatys --email hilkka.lv@example.fi --category customer)
as_officer hold add "$ENDING" --law other --law-name 'Testilaki 1/2026' --covers 'the contract' --until 2099-12-31
want_rc 0
as_officer erase "$ENDING" --confirm
want_rc 0
want_out "kept restricted until 2099-12-31"
as_officer review due
csv_row "$T/out" "$ENDING" >/dev/null && why "the held record is in the queue while its hold lasts"
# The hold's end passes (the register's clock cannot be moved from here: its date is).
sql "$DB" "UPDATE legal_hold SET until = '2021-01-31' WHERE contact_id = $ENDING;" >/dev/null
as_officer review due
want_rc 0
cp "$T/out" "$T/due2.csv"
row=$(csv_row "$T/due2.csv" "$ENDING")
[ "$row" = "$ENDING|Loppuvapidatys, Hilkka||hold-ended|hold-ended|2021-01-31|" ] ||
	why "hold-ended row: '$row'"
as_officer review erase --rule hold-ended --preview
want_rc 0
grep -Eq '^1 would be erased under hold-ended' "$T/out" || { why "expected 1 would be erased under hold-ended"; show_run; }
as_officer review erase --rule hold-ended --confirm
want_rc 0
[ "$(sql "$DB" "SELECT count(*) FROM contact WHERE id = $ENDING;")" = 0 ] || why "the hold-ended record is still stored"
[ "$(sql "$DB" "SELECT count(*) FROM legal_hold WHERE contact_id = $ENDING;")" = 0 ] || why "its holds are still stored"
if [ "$ENGINE" = postgresql ]; then
	# No file to read: no live row holds the name, and the erasure's VACUUM
	# ran, so no dead tuple keeps it either.
	left=$(sql "$DB" "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND query_to_xml(format('SELECT * FROM %I', table_name), true, false, '')::text LIKE '%Loppuvapidatys%';")
	[ "$left" = 0 ] || why "the erased name is still in $left tables"
	vacuumed=$(sql "$DB" "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('contact', 'legal_hold') AND last_vacuum IS NOT NULL;")
	[ "$vacuumed" = 2 ] || why "the tables that held the record were not vacuumed after the erasure"
else
	for file in "$DB" "$DB-wal"; do
		[ -e "$file" ] || continue
		grep -aq 'Loppuvapidatys' "$file" && why "the erased name is still readable in $(basename "$file")"
	done
fi
end

if sqlite_only "backup FILE (no login) prints its size and a SHA-256 that sha256sum agrees with; the file is 600"; then
begin "backup FILE (no login) prints its size and a SHA-256 that sha256sum agrees with; the file is 600"
pw
rd --db "$DB" backup "$T/backup.db"
want_rc 0
printed_size=$(sed -n 's/.*(\([0-9]*\) bytes).*/\1/p' "$T/out")
printed_sha=$(sed -n 's/.*SHA-256 \([0-9a-f]\{64\}\).*/\1/p' "$T/out")
if [ -f "$T/backup.db" ]; then
	actual_size=$(stat -c %s "$T/backup.db")
	actual_sha=$(sha256sum "$T/backup.db" | cut -d' ' -f1)
	[ "$printed_size" = "$actual_size" ] || { why "printed size '$printed_size', file has $actual_size bytes"; show_run; }
	[ "$printed_sha" = "$actual_sha" ] || { why "printed SHA-256 '$printed_sha', sha256sum says $actual_sha"; show_run; }
	mode=$(file_mode "$T/backup.db")
	[ "$mode" = 600 ] || why "backup.db has mode $mode, expected 600 (umask was 022)"
	if [ -f "$T/backup.db.audit-head" ]; then
		mode=$(file_mode "$T/backup.db.audit-head")
		[ "$mode" = 600 ] || why "backup.db.audit-head has mode $mode, expected 600"
	else
		why "backup.db.audit-head was not written beside the backup"
	fi
	[ -e "$T/backup.db.part" ] && why "backup.db.part was left behind"
	integrity=$(sql "$T/backup.db" "PRAGMA integrity_check;")
	[ "$integrity" = ok ] || why "integrity_check of the backup: $integrity"
	live=$(sql "$DB" "SELECT group_concat(id || ':' || last_name, ',') FROM (SELECT id, last_name FROM contact ORDER BY id);")
	copy=$(sql "$T/backup.db" "SELECT group_concat(id || ':' || last_name, ',') FROM (SELECT id, last_name FROM contact ORDER BY id);")
	[ "$live" = "$copy" ] || why "the backup's contacts differ: '$copy' vs '$live'"
else
	why "backup.db was not written"
	show_run
fi
audited=$(sql "$DB" "SELECT count(*) FROM audit_entry WHERE action = 'backup.write';")
[ "$audited" -ge 1 ] || why "the backup was not audited"
end
fi

begin "backup into a directory that does not exist fails with one line (exit 1)"
pw
rd --db "$DB" backup "$T/no/such/dir/backup.db"
want_rc 1
want_one_line_err
end

begin "check exits 0 on a sound database"
pw
rd --db "$DB" check
want_rc 0
want_out "ok"
[ -s "$T/err" ] && { why "check wrote to stderr"; show_run; }
end

begin "check exits 1 naming the altered audit entry (triggers dropped, entry changed)"
TAMPERED=$(clone_db "$DB" tampered)
victim=$(sql "$TAMPERED" "SELECT min(id) + 3 FROM audit_entry;")
tamper "$TAMPERED" "UPDATE audit_entry SET fields = 'nothing happened' WHERE id = $victim;"
pw
rd --db "$TAMPERED" check
want_rc 1
want_one_line_err
want_err "audit"
want_err "#$victim"
end
# Made in a subshell, the clone is not among the databases dropped on exit.
if [ "$ENGINE" = postgresql ]; then
	psql -X -q -d "$REGDESK_TEST_POSTGRESQL" \
		-c "DROP DATABASE IF EXISTS $(echo "$TAMPERED" | sed 's|^postgres[a-z]*://[^/]*/\([^?]*\).*|\1|') WITH (FORCE)" >/dev/null
fi

# PostgreSQL enforces every reference as it writes: nothing for check to find.
if [ "$ENGINE" = postgresql ]; then
	skip "check exits 1 naming a row that refers to a missing contact" \
		"SQLite's foreign_key_check: PostgreSQL refuses such a row as it is written"
else
begin "check exits 1 naming a row that refers to a missing contact"
cpdb "$DB" "$T/orphan.db"
sql "$T/orphan.db" "PRAGMA foreign_keys = OFF; INSERT INTO contact_category (contact_id, category) VALUES (987654, 'customer');" >/dev/null
pw
rd --db "$T/orphan.db" check
want_rc 1
want_one_line_err
want_err "contact_category"
end
fi

if [ "$ENGINE" = postgresql ]; then
	for check in "restore needs the privacy officer's login" "restore refuses a tampered backup" \
		"restore refuses a damaged backup" "restore brings back the data as at the backup"; do
		skip "$check" "$SQLITE_FILES"
	done
	batch_finish
	exit
fi

# After the backup: one contact added, one erased, one changed.
LATE=$(add_contact --first-name Leena --last-name Myohainen --category customer)
as_officer erase "$NEVER" --confirm
[ "$RC" -eq 0 ] || { why "erase $NEVER failed"; show_run; }
as_officer contact edit "$STALE" --notes 'changed after the backup'
COUNT_AFTER=$(sql "$DB" "SELECT count(*) FROM contact;")
AUDIT_AFTER=$(sql "$DB" "SELECT count(*) FROM audit_entry;")

begin "restore needs the privacy officer's login: no login, the reception and a wrong password are refused"
pw
rd --db "$DB" restore "$T/backup.db"
want_rc 1
want_one_line_err
want_err "--user"
pw 'reception-pass-1'
rd --db "$DB" --password-stdin --user rita restore "$T/backup.db"
want_rc 1
want_one_line_err
pw 'not-the-password'
rd --db "$DB" --password-stdin --user "$OFFICER" restore "$T/backup.db"
want_rc 1
want_one_line_err
count=$(sql "$DB" "SELECT count(*) FROM contact;")
[ "$count" = "$COUNT_AFTER" ] || why "the database changed: $count contacts, were $COUNT_AFTER"
late=$(sql "$DB" "SELECT count(*) FROM contact WHERE id = ${LATE:-0};")
[ "$late" = 1 ] || why "the contact added after the backup is gone after a refused restore"
ls "$T" | grep -q 'register.db.replaced-' && why "a refused restore kept a replaced database"
end

begin "restore refuses a backup whose audit chain was tampered; the live database is unchanged"
cpdb "$T/backup.db" "$T/forged.db"
tamper "$T/forged.db" "UPDATE audit_entry SET fields = fields || ',forged' WHERE id = (SELECT max(id) - 2 FROM audit_entry);"
changed=$(sql "$T/forged.db" "SELECT count(*) FROM audit_entry WHERE fields LIKE '%,forged';")
[ "$changed" = 1 ] || why "test precondition: the forged copy has $changed altered entries"
as_officer restore "$T/forged.db"
want_rc 1
want_one_line_err
want_err "audit"
count=$(sql "$DB" "SELECT count(*) FROM contact;")
[ "$count" = "$COUNT_AFTER" ] || why "the database changed: $count contacts, were $COUNT_AFTER"
end

begin "restore refuses a damaged backup; the live database is unchanged"
cpdb "$T/backup.db" "$T/damaged.db"
python3 - "$T/damaged.db" <<'EOF'
import os, sys
path = sys.argv[1]
size = os.path.getsize(path)
page = 4096
with open(path, "r+b") as f:
    start = (size // page // 2 - 4) * page
    f.seek(start)
    f.write(bytes((i * 131 + 17) % 256 for i in range(8 * page)))
EOF
integrity=$(sql "$T/damaged.db" "PRAGMA integrity_check;" 2>&1 | head -n 1)
[ "$integrity" = ok ] && why "test precondition: the damaged copy still passes integrity_check"
as_officer restore "$T/damaged.db"
want_rc 1
want_one_line_err
count=$(sql "$DB" "SELECT count(*) FROM contact;")
[ "$count" = "$COUNT_AFTER" ] || why "the database changed: $count contacts, were $COUNT_AFTER"
pw
rd --db "$DB" check
want_rc 0
end

begin "restore with the officer's login brings back the data as at the backup and keeps the replaced one"
as_officer restore "$T/backup.db"
want_rc 0
want_out "Restored from"
kept=$(sed -n 's/.*kept as \(.*\)$/\1/p' "$T/out" | head -n 1)
case $kept in
"$DB".replaced-*) ;;
*) why "the replaced database is kept as '$kept', expected $DB.replaced-..." ;;
esac
if [ -n "$kept" ] && [ -f "$kept" ]; then
	mode=$(file_mode "$kept")
	[ "$mode" = 600 ] || why "$(basename "$kept") has mode $mode, expected 600"
	kept_late=$(sql "$kept" "SELECT count(*) FROM contact WHERE id = ${LATE:-0};")
	[ "$kept_late" = 1 ] || why "the kept database lacks the contact added after the backup"
else
	why "the kept database '$kept' does not exist"
fi
as_officer contact show "$LATE"
[ "$RC" -ne 0 ] || why "the contact added after the backup is still there"
as_officer contact show "$NEVER"
[ "$RC" -eq 0 ] || { why "the contact erased after the backup did not come back"; show_run; }
notes=$(sql "$DB" "SELECT notes FROM contact WHERE id = $STALE;")
[ -z "$notes" ] || why "the change made after the backup survived: notes '$notes'"
live=$(sql "$DB" "SELECT group_concat(id || ':' || last_name, ',') FROM (SELECT id, last_name FROM contact ORDER BY id);")
copy=$(sql "$T/backup.db" "SELECT group_concat(id || ':' || last_name, ',') FROM (SELECT id, last_name FROM contact ORDER BY id);")
[ "$live" = "$copy" ] || why "contacts after the restore: '$live', the backup has '$copy'"
pw
rd --db "$DB" check
want_rc 0
as_officer audit verify
want_rc 0
# Work goes on, and the chain keeps verifying.
NEXT=$(add_contact --first-name Niilo --last-name Jalkeen --category customer)
[ -n "$NEXT" ] || why "no contact could be added after the restore"
as_officer audit verify
want_rc 0
end

batch_finish

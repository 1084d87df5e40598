#!/bin/sh
# End-to-end tests of backup, restore and the audit witness (notice §5.2,
# §5.3): encrypted backups, the restore's own audit entry, verify --witness
# against tampering, and 100 restores killed at random moments.
#   sh tests/e2e/test_cli_restore.sh      (after: make build-asan/regdesk; build/regdesk speeds up the kills)
#   KILLS=20 sh tests/e2e/test_cli_restore.sh
# Prints one line per check: "ok - NAME", "not ok - NAME" followed by "# "
# diagnostic lines, or "skip - NAME (reason)"; exits 1 when any check failed.
BATCH_SUITE=restore
. "$(dirname "$0")/batch_lib.sh"
umask 022    # backups and keys must be private whatever the umask (notice §5.3)
batch_need sqlite3

# The kill loop runs the release binary when it is built (a kill test, not
# a memory test: the sanitizers' start-up would make 100 runs slow).
KILL_BIN=${REGDESK_KILL_BIN:-$ROOT/build/regdesk}
[ -x "$KILL_BIN" ] || KILL_BIN=$BIN
KILLS=${KILLS:-100}

OFFICER=anna
OFFICER_PW='Ähtäri-Salasana-1'
DB=$(engine_db register "$T")
W=$T/witness.log

as_officer() {
	pw "$OFFICER_PW"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

sql() {
	python3 - "$1" "$2" <<'PY'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=30)
for statement in sys.argv[2].split(";"):
    if statement.strip():
        for row in connection.execute(statement):
            print("|".join("" if v is None else str(v) for v in row))
connection.close()
PY
}

tamper() {
	if [ "$ENGINE" = sqlite ]; then
		sql "$1" "DROP TRIGGER IF EXISTS audit_entry_no_update; DROP TRIGGER IF EXISTS audit_entry_no_delete; $2" >/dev/null
	else
		# The tests' superuser; regdesk's role may not do this (test_pg_schema.sh).
		sql "$1" "ALTER TABLE audit_entry DISABLE TRIGGER USER; $2" >/dev/null
	fi
}

# cpdb FROM TO: a copy of the closed register FROM as TO: files on SQLite;
# on PostgreSQL TO is a database made from FROM as template (TO's database
# is dropped first; TO is a URI engine_db gave, or a name it then makes).
cpdb() {
	case $1 in
	postgres://* | postgresql://*)
		from_name=$(echo "$1" | sed 's|^postgres[a-z]*://[^/]*/\([^?]*\).*|\1|')
		to_name=$(echo "$2" | sed 's|^postgres[a-z]*://[^/]*/\([^?]*\).*|\1|')
		psql -X -q -d "$REGDESK_TEST_POSTGRESQL" -c "DROP DATABASE IF EXISTS $to_name WITH (FORCE)" \
			-c "CREATE DATABASE $to_name TEMPLATE $from_name" >/dev/null
		return
		;;
	esac
	for suffix in "" -wal -shm .audit-head; do
		rm -f "$2$suffix"
		if [ -e "$1$suffix" ]; then
			cp "$1$suffix" "$2$suffix"
		fi
	done
}

# head_to DB N: the attacker rewrites the head file to name entry N as it stands.
head_to() {
	[ "$ENGINE" = sqlite ] || return 0    # PostgreSQL keeps no head file: the witness alone
	hash=$(sql "$1" "SELECT lower(hex(hash)) FROM audit_entry WHERE id = $2")
	printf '%020d %s\n' "$2" "$hash" >"$1.audit-head"
}

file_mode() {
	stat -c %a "$1"
}

# --- the register ----------------------------------------------------------

pw "$OFFICER_PW" "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 --full-name 'Anna Ähtäri' "$OFFICER"
as_officer setting set audit_witness "file:$W"
as_officer contact add --first-name Åsa --last-name Söderström --source person --category customer
as_officer contact add --first-name Pekka --last-name Päätalo --source person --category customer

begin "check and backup on a path with no database refuse, and create no register there"
rd --db "$T/none.db" check
want_rc 1
want_err "no database"
rd --db "$T/none.db" backup "$T/none-backup.db"
want_rc 1
for file in "$T/none.db" "$T/none.db.audit-head" "$T/none-backup.db"; do
	[ -e "$file" ] && why "$file was created"
done
end

begin "each commit is witnessed in the file witness with its entries' span and head"
lines=$(grep -c "^regdesk audit head #[0-9]* [0-9a-f]\{64\} from #[0-9]* db=$DB\$" "$W" 2>/dev/null)
[ "${lines:-0}" -ge 3 ] || { why "expected witness lines for $DB in $W, got ${lines:-0}"; why "$(head -c 600 "$W" 2>/dev/null)"; }
tail_id=$(sql "$DB" "SELECT max(id) FROM audit_entry")
grep -q "^regdesk audit head #$tail_id " "$W" || why "the newest entry #$tail_id is not witnessed"
as_officer audit verify --witness "$W"
want_rc 0
want_out "intact"
end

begin "setting audit_witness refuses anything but syslog or file:/full/path"
as_officer setting set audit_witness "file:relative.log"
want_rc 1
as_officer setting set audit_witness "/var/log/x"
want_rc 1
end

begin "a killed backup's leftovers (FILE.part and its journal, FILE.audit-head.part) are removed by the next backup"
for leftover in .part .part-journal .part-wal .audit-head.part; do echo half >"$T/plain.db$leftover"; done
rd --db "$DB" backup "$T/plain.db"
want_rc 0
ls "$T" | grep -q 'plain\.db\..*part' && why "left: $(ls "$T" | grep 'plain\.db\..*part')"
end

begin "backup --make-key writes a private 64-hex-digit key and refuses to overwrite one"
rd backup --make-key "$T/backup.key"
want_rc 0
[ "$(file_mode "$T/backup.key")" = 600 ] || why "the key file has mode $(file_mode "$T/backup.key")"
grep -Eq '^[0-9a-f]{64}$' "$T/backup.key" || why "the key file does not hold 64 hex digits"
rd backup --make-key "$T/backup.key"
want_rc 1
end

begin "backup --encrypt --key-file: magic header, no name in clear, 0600, no plain copy left; check reads it"
rd --db "$DB" backup --encrypt --key-file "$T/backup.key" "$T/enc.db"
want_rc 0
want_out "encrypted"
[ "$(head -c 16 "$T/enc.db")" = REGDESK-BACKUP-1 ] || why "the file does not start with REGDESK-BACKUP-1"
grep -aq 'Söderström\|Päätalo\|SQLite format' "$T/enc.db" && why "the encrypted backup holds clear text"
[ "$(file_mode "$T/enc.db")" = 600 ] || why "mode $(file_mode "$T/enc.db")"
ls "$T" | grep -q 'backup-plain\|restore-plain\|\.part$' && why "a plain copy or .part was left: $(ls "$T" | grep 'plain\|\.part$')"
grep -aq 'PGDMP' "$T/enc.db" && why "the encrypted backup shows pg_dump's header"
sha=$(sha256sum "$T/enc.db" | cut -d' ' -f1)
want_out "$sha"
rd --db "$DB" check "$T/enc.db" --key-file "$T/backup.key"
want_rc 0
rd --db "$DB" check "$T/enc.db"
want_rc 1
want_err "encrypted"
end

begin "an encrypted backup cut short, changed by one byte or read with another key is refused"
head -c "$(($(stat -c %s "$T/enc.db") - 100))" "$T/enc.db" >"$T/cut.db"
[ "$ENGINE" = sqlite ] && cp "$T/enc.db.audit-head" "$T/cut.db.audit-head"
rd --db "$DB" check "$T/cut.db" --key-file "$T/backup.key"
want_rc 1
want_err "cut short"
python3 -c '
import sys
data = bytearray(open(sys.argv[1], "rb").read()); data[5000] ^= 1
open(sys.argv[2], "wb").write(data)' "$T/enc.db" "$T/flipped.db"
[ "$ENGINE" = sqlite ] && cp "$T/enc.db.audit-head" "$T/flipped.db.audit-head"
rd --db "$DB" check "$T/flipped.db" --key-file "$T/backup.key"
want_rc 1
rd backup --make-key "$T/other.key"
rd --db "$DB" check "$T/enc.db" --key-file "$T/other.key"
want_rc 1
want_err "cannot be decrypted"
end

begin "PostgreSQL: the connection's password reaches pg_dump in its environment, never on its command line"
if [ "$ENGINE" = postgresql ]; then
	# A pg_dump in front of the real one notes what it was given.
	mkdir -p "$T/spy"
	real_pg_dump=$(command -v pg_dump)
	cat >"$T/spy/pg_dump" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$T/spy/argv"
printf '%s\n' "\${PGPASSWORD:-}" >"$T/spy/password"
exec "$real_pg_dump" "\$@"
EOF
	chmod 700 "$T/spy/pg_dump"
	SECRET='Sala-Sana-Ähtäri-9'
	case $DB in *\?*) WITH_PASSWORD="$DB&password=$SECRET" ;; *) WITH_PASSWORD="$DB?password=$SECRET" ;; esac
	PATH="$T/spy:$PATH" rd --db "$WITH_PASSWORD" backup "$T/spied.dump"
	want_rc 0
	[ -s "$T/spy/argv" ] || why "pg_dump was not run"
	grep -q "$SECRET" "$T/spy/argv" && why "the password is on pg_dump's command line: $(cat "$T/spy/argv")"
	[ "$(cat "$T/spy/password" 2>/dev/null)" = "$SECRET" ] || why "PGPASSWORD was '$(cat "$T/spy/password" 2>/dev/null)'"
	grep -q -- "--format=custom" "$T/spy/argv" || why "not the custom format: $(cat "$T/spy/argv")"
	grep -q "$SECRET" "$T/out" "$T/err" && why "the password was printed"
	end
else
	skip "$CHECK" "a PostgreSQL register's backup; SQLite's is copied in-process"
fi

begin "check finishes an erasure whose last step is pending (notice §6.4): SQLite's VACUUM, PostgreSQL's VACUUM of the dead rows"
sql "$DB" "INSERT INTO erasure_pending (since, reason) VALUES ('2026-12-06T10:00:00Z', 'a reader held the WAL')"
rd --db "$DB" check
want_rc 0
[ "$(sql "$DB" "SELECT count(*) FROM erasure_pending")" = 0 ] || why "the pending erasure was not finished"
if [ "$ENGINE" = postgresql ]; then
	[ "$(sql "$DB" "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'contact' AND last_vacuum IS NOT NULL")" = 1 ] ||
		why "the contact table was not vacuumed"
fi
end

begin "backup --passphrase-file (argon2id): check needs the same passphrase"
printf 'pitkä salalause Ähtäristä\n' >"$T/pass.txt"
printf 'väärä salalause Ähtäristä\n' >"$T/wrong.txt"
rd --db "$DB" backup --passphrase-file "$T/pass.txt" "$T/pass.db"
want_rc 0
rd --db "$DB" check "$T/pass.db" --passphrase-file "$T/pass.txt"
want_rc 0
rd --db "$DB" check "$T/pass.db" --passphrase-file "$T/wrong.txt"
want_rc 1
rd --db "$DB" check "$T/pass.db" --key-file "$T/backup.key"
want_rc 1
want_err "passphrase"
end

# After the backup: one more contact; the restore takes it away.
as_officer contact add --first-name Liisa --last-name Åkerlund --source person --category customer
BASE=$T/base.db
[ "$ENGINE" = sqlite ] || BASE=$(engine_db base)
cpdb "$DB" "$BASE"
cp "$W" "$T/base-witness.log"
OLD_COUNT=$(sql "$DB" "SELECT count(*) FROM contact")

if [ "$ENGINE" = sqlite ]; then
begin "restore of an encrypted backup: its entry names the backup, SHA-256 and the replaced end; verify says restored, not intact"
old_tail=$(sql "$DB" "SELECT max(id) FROM audit_entry")
as_officer restore "$T/enc.db" --key-file "$T/backup.key"
want_rc 0
old_tail=$((old_tail + 1))    # the restore's own login
NEW_COUNT=$(sql "$DB" "SELECT count(*) FROM contact")
[ "$NEW_COUNT" -eq $((OLD_COUNT - 1)) ] || why "contacts after the restore: $NEW_COUNT, expected $((OLD_COUNT - 1))"
fields=$(sql "$DB" "SELECT fields FROM audit_entry WHERE action = 'backup.restore'")
case $fields in
*"replaced_last=$old_tail "*"sha256=$sha backup=$T/enc.db") ;;
*) why "the restore entry's fields: '$fields' (expected replaced_last=$old_tail, sha256=$sha, backup=$T/enc.db)" ;;
esac
restore_id=$(sql "$DB" "SELECT id FROM audit_entry WHERE action = 'backup.restore'")
grep -q "^regdesk audit head #$restore_id " "$W" || why "the restore entry #$restore_id was not witnessed"
ls "$T" | grep -q 'restore-\|-plain\|\.part' && why "restore files were left: $(ls "$T" | grep 'restore-\|-plain\|\.part')"
as_officer audit verify --witness "$W"
want_rc 0
want_out "restored from a backup; entries #$restore_id–#$old_tail were replaced"
want_no_out "intact"
rd --db "$DB" check
want_rc 0
want_out "restored from a backup"
end
else
begin "restore of an encrypted backup (PostgreSQL: into an empty database --to): its entry names the backup, SHA-256 and the replaced end; verify says restored, not intact"
old_tail=$(sql "$DB" "SELECT max(id) FROM audit_entry")
as_officer restore "$T/enc.db" --key-file "$T/backup.key"
want_rc 1
want_err "--to"
TO=$(engine_db restored)
as_officer restore "$T/enc.db" --key-file "$T/backup.key" --to "$TO"
want_rc 0
want_out "unchanged"
old_tail=$((old_tail + 2))    # the two restores' logins
[ "$(sql "$DB" "SELECT count(*) FROM contact")" -eq "$OLD_COUNT" ] || why "the register changed"
NEW_COUNT=$(sql "$TO" "SELECT count(*) FROM contact")
[ "$NEW_COUNT" -eq $((OLD_COUNT - 1)) ] || why "contacts after the restore: $NEW_COUNT, expected $((OLD_COUNT - 1))"
fields=$(sql "$TO" "SELECT fields FROM audit_entry WHERE action = 'backup.restore'")
case $fields in
*"replaced_last=$old_tail "*"sha256=$sha backup=$T/enc.db") ;;
*) why "the restore entry's fields: '$fields' (expected replaced_last=$old_tail, sha256=$sha, backup=$T/enc.db)" ;;
esac
restore_id=$(sql "$TO" "SELECT id FROM audit_entry WHERE action = 'backup.restore'")
grep -q "^regdesk audit head #$restore_id " "$W" || why "the restore entry #$restore_id was not witnessed"
ls "$T" | grep -q 'restore-\|-plain\|\.part' && why "restore files were left: $(ls "$T" | grep 'restore-\|-plain\|\.part')"
pw "$OFFICER_PW"
rd --db "$TO" --password-stdin --user "$OFFICER" audit verify
want_rc 0
want_out "restored from a backup; entries #$restore_id–#$old_tail were replaced"
want_no_out "intact"
rd --db "$TO" check
want_rc 0
want_out "restored from a backup"
as_officer restore "$T/enc.db" --key-file "$T/backup.key" --to "$TO"
want_rc 1
want_err "not empty"
end
fi

begin "audit verify (--witness) and check verify before the login's entry: a wiped trail and head are broken at #1"
WIPED=$T/wiped.db
[ "$ENGINE" = sqlite ] || WIPED=$(engine_db wiped)
cpdb "$BASE" "$WIPED"
tamper "$WIPED" "DELETE FROM audit_entry"
rm -f "$T/wiped.db.audit-head"
pw "$OFFICER_PW"
rd --db "$WIPED" --password-stdin --user "$OFFICER" audit verify
want_rc 1
want_err "entry #1"
rd --db "$WIPED" check
want_rc 1
pw "$OFFICER_PW"
rd --db "$WIPED" --password-stdin --user "$OFFICER" audit verify
want_rc 1
end

# The tamper cases on the register in place (its witness lines name its path).
tamper_case() {
	cpdb "$BASE" "$DB"
	cp "$T/base-witness.log" "$W"
}

begin "with the witness: entries wiped and the head deleted is found"
tamper_case
tamper "$DB" "DELETE FROM audit_entry"
[ "$ENGINE" = sqlite ] && rm -f "$DB.audit-head"
as_officer audit verify --witness "$W"
want_rc 1
want_err "broken at entry #1"
end

begin "with the witness: one entry rewritten, every later hash and the head recomputed, is found at it"
tamper_case
tail_id=$(sql "$DB" "SELECT max(id) FROM audit_entry")
# An entry whose predecessor was witnessed in $W: the second witnessed one.
first=$(sed -n '1s/^regdesk audit head #\([0-9]*\) .*/\1/p' "$W")
k=$(sed -n '2s/^regdesk audit head #\([0-9]*\) .*/\1/p' "$W")
python3 - "$DB" "$k" <<'PY'
import hashlib, regdesk_db, sys
db = regdesk_db.connect(sys.argv[1], isolation_level=None)
if sys.argv[1].startswith(("postgres://", "postgresql://")):
    db.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER")
else:
    db.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
def field(text):
    data = text.encode()
    return len(data).to_bytes(4, "big") + data
k = int(sys.argv[2])
db.execute("UPDATE audit_entry SET fields = 'nothing' WHERE id = ?", (k,))
previous = db.execute("SELECT hash FROM audit_entry WHERE id = ?", (k - 1,)).fetchone()[0]
for row in db.execute("SELECT id, at, coalesce(account_id, 0), action, entity, record_id, fields FROM audit_entry WHERE id >= ? ORDER BY id", (k,)).fetchall():
    h = hashlib.sha256(previous + field(str(row[0])) + field(row[1]) + field(str(row[2])) + field(row[3]) + field(row[4]) + field(str(row[5])) + field(row[6])).digest()
    db.execute("UPDATE audit_entry SET hash = ? WHERE id = ?", (h, row[0]))
    previous = h
PY
head_to "$DB" "$tail_id"
as_officer audit verify
want_rc 0       # the chain and its head agree: only the witness sees it
as_officer audit verify --witness "$W"
want_rc 1
want_err "broken at entry #$((first + 1))"
[ "$k" -eq $((first + 1)) ] || why "test precondition: witnessed #$first then #$k, not consecutive"
end

begin "with the witness: a forged entry appended and the head moved onto it is found"
tamper_case
tail_id=$(sql "$DB" "SELECT max(id) FROM audit_entry")
python3 - "$DB" <<'PY'
import hashlib, regdesk_db, sys
db = regdesk_db.connect(sys.argv[1], isolation_level=None)
def field(text):
    data = text.encode()
    return len(data).to_bytes(4, "big") + data
new_id, previous = db.execute("SELECT id + 1, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
row = (new_id, "2026-12-06T05:00:00Z", 0, "logout", "account", 1, "")
h = hashlib.sha256(previous + b"".join(field(str(v)) for v in row)).digest()
db.execute("INSERT INTO audit_entry (id, at, account_id, action, entity, record_id, fields, hash) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
           (row[0], row[1], row[3], row[4], row[5], row[6], h))
PY
head_to "$DB" $((tail_id + 1))
rd --db "$DB" check
want_rc 0       # chained and matching its head
as_officer audit verify --witness "$W"
want_rc 1
# PostgreSQL keeps no head file an attacker could move with the forgery:
# the witness mark stays at the last real entry, which the restored older
# witness log lacks, so the break is found there, before the forged one.
if [ "$ENGINE" = sqlite ]; then want_err "broken at entry #$((tail_id + 1))"; else want_err "broken at entry #"; fi
end

begin "with the witness: entries cut off and the head moved back is found"
tamper_case
tail_id=$(sql "$DB" "SELECT max(id) FROM audit_entry")
tamper "$DB" "DELETE FROM audit_entry WHERE id > $((tail_id - 3))"
head_to "$DB" $((tail_id - 3))
rd --db "$DB" check
want_rc 0
as_officer audit verify --witness "$W"
want_rc 1
if [ "$ENGINE" = sqlite ]; then want_err "broken at entry #$((tail_id - 2))"; else want_err "broken at entry #"; fi
end

# A restore in place, its journal and its kills are SQLite's. On PostgreSQL
# a restore is one pg_restore transaction into an empty database: a stopped
# one leaves it empty (test_progress.c), the register is never touched.
if [ "$ENGINE" = postgresql ]; then
	skip "a restore cut short is completed or undone by the next start, and restores killed at random moments" \
		"a SQLite register restored in place; on PostgreSQL into an empty database in one transaction"
	batch_finish
	exit
fi

begin "a restore cut after its pages went in (journal, old head) is completed by the next start"
tamper_case
cp "$DB.audit-head" "$T/old-head"
as_officer restore "$T/plain.db"
want_rc 0
restore_line=$(sql "$DB" "SELECT id || ' ' || lower(hex(hash)) FROM audit_entry WHERE action = 'backup.restore' ORDER BY id DESC LIMIT 1")
cp "$T/old-head" "$DB.audit-head"          # as if killed before the head file was replaced
rd --db "$DB" check
want_rc 1                                  # without the journal: the old head names what is gone
echo "$restore_line" >"$DB.restore-journal"
rd --db "$DB" check
want_rc 0
[ -e "$DB.restore-journal" ] && why "the journal was not removed"
[ "$(sed 's/^0*//' "$DB.audit-head")" = "$restore_line" ] || why "head '$(cat "$DB.audit-head")', expected '$restore_line'"
end

begin "a restore cut before its pages went in (journal, restored copy aside) is undone by the next start"
tamper_case
count_before=$(sql "$DB" "SELECT count(*) FROM contact")
echo "99 $(printf '%064d' 0)" >"$DB.restore-journal"
cp "$T/plain.db" "$DB.restore-new"
rd --db "$DB" check
want_rc 0
[ "$(sql "$DB" "SELECT count(*) FROM contact")" = "$count_before" ] || why "the register changed"
ls "$T" | grep -q 'register\.db\.restore-' && why "left: $(ls "$T" | grep 'register\.db\.restore-')"
end

# --- restore killed at random moments --------------------------------------

# now_ms: milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

restore_once() {
	printf '%s\n' "$OFFICER_PW" | "$@" "$KILL_BIN" --db "$DB" --password-stdin --user "$OFFICER" restore "$T/plain.db" \
		>/dev/null 2>&1
}

begin "$KILLS restores killed at random moments: each leaves the old register or the restored one, sound, with its head"
tamper_case
PLAIN_COUNT=$(sql "$T/plain.db" "SELECT count(*) FROM contact")
# The window worth hitting: from the end of the login to the end of the restore.
start=$(now_ms)
printf '%s\n' "$OFFICER_PW" | "$KILL_BIN" --db "$DB" --password-stdin --user "$OFFICER" restore "$T/no-such.db" >/dev/null 2>&1
login_ms=$(($(now_ms) - start))
tamper_case
start=$(now_ms)
restore_once
whole_ms=$(($(now_ms) - start))
[ "$whole_ms" -gt "$login_ms" ] || whole_ms=$((login_ms + 50))
bad=0 old=0 restored=0
i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	tamper_case
	rm -f "$DB".replaced-*
	random=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	# From a little before the login ends to a little after the restore
	# ends: the timings vary with the machine's load.
	delay=$((login_ms * 3 / 4 + random % (whole_ms * 5 / 4 - login_ms * 3 / 4 + 20)))
	( restore_once timeout -s KILL "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))" ) 2>/dev/null
	"$KILL_BIN" --db "$DB" check >"$T/out" 2>"$T/err"
	rc=$?
	count=$(sql "$DB" "SELECT count(*) FROM contact")
	leftovers=$(ls "$T" | grep 'register\.db\.\(restore-\|replaced\.part\|.*plain\)' | tr '\n' ' ')
	problem=""
	[ "$rc" -eq 0 ] || problem="check exited $rc: $(head -c 300 "$T/err")"
	if [ "$count" = "$OLD_COUNT" ]; then old=$((old + 1));
	elif [ "$count" = "$PLAIN_COUNT" ]; then restored=$((restored + 1));
	else problem="$problem; $count contacts, neither $OLD_COUNT (old) nor $PLAIN_COUNT (restored)"; fi
	[ -z "$leftovers" ] || problem="$problem; left behind: $leftovers"
	# Every tenth: the witness agrees too (a login each, so not every time).
	if [ -z "$problem" ] && [ $((i % 10)) -eq 0 ]; then
		printf '%s\n' "$OFFICER_PW" | "$KILL_BIN" --db "$DB" --password-stdin --user "$OFFICER" audit verify --witness "$W" \
			>"$T/out" 2>"$T/err" || problem="verify --witness: $(head -c 300 "$T/err")"
	fi
	if [ -n "$problem" ]; then
		bad=$((bad + 1))
		[ "$bad" -le 3 ] && why "kill $i after ${delay} ms: $problem"
	fi
done
[ "$bad" -eq 0 ] || why "$bad of $KILLS killed restores left an inconsistent register"
echo "# $KILLS kills (window ${login_ms}-${whole_ms} ms): $old left the old register, $restored the restored one, $bad inconsistent"
end

batch_finish

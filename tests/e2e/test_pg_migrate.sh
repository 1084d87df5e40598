#!/bin/sh
# regdesk migrate (issue 17): a register of 100,000 contacts goes from SQLite
# into an empty PostgreSQL database and back into a new SQLite file; every
# table's rows are the same at each end, ids continue past the copied ones
# (never reusing an erased record's number), searches find the same people,
# `regdesk check` verifies the audit chain on both engines, and the copy
# carries its own "register.migrate" entry. Refused: a target that is not
# empty, a user who is not the privacy officer, something that is not a
# URI, a file that exists. Starts its own throwaway cluster.
#   MIGRATE_CONTACTS=N   contacts in the register (default 100000)
BATCH_SUITE=pg_migrate
. "$(dirname "$0")/batch_lib.sh"
batch_need sqlite3

CONTACTS=${MIGRATE_CONTACTS:-100000}
PG_DIR=""
pg_stop() {
	[ -n "$PG_DIR" ] && sh "$ROOT/tests/pg_cluster.sh" stop "$PG_DIR"
	PG_DIR=""
}
trap 'pg_stop; cleanup' EXIT

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
	skip "every check" "no PostgreSQL server or psql: install postgresql"
	batch_finish
	exit
fi
if [ ! -f "$ROOT/build/libregdesk.a" ]; then
	skip "every check" "build/libregdesk.a is missing (the register generator links it): make build/regdesk"
	batch_finish
	exit
fi

begin "a throwaway PostgreSQL cluster starts"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-pgm.XXXXXX")
if ! URI=$(sh "$ROOT/tests/pg_cluster.sh" start "$PG_DIR" 2>"$T/pg_err"); then
	why "pg_cluster.sh start failed: $(head -c 800 "$T/pg_err")"
	end
	batch_finish
	exit
fi
end
# database NAME: the URI of a new, empty database NAME in the cluster.
database() {
	psql -X -q -d "$URI" -c "CREATE DATABASE $1" >/dev/null
	echo "$URI" | sed "s|^\(postgres[a-z]*://[^/]*\)/[^?]*|\1/$1|"
}
elapsed() {
	awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

OFFICER=bench
PASSWORD=benchmark-password
SOURCE=$T/source.db
BACK=$T/back.db
PG=$(database migrated)

begin "a register of $CONTACTS contacts is generated (tests/bench/generate.c)"
CURSES_LIBS=$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
if ! ${CC:-cc} -O2 -Iinclude -Isrc -I"$ROOT/include" -I"$ROOT/src" -I/usr/include/postgresql -D_GNU_SOURCE \
	-o "$T/generate" "$ROOT/tests/bench/generate.c" "$ROOT/build/libregdesk.a" \
	$CURSES_LIBS -lsqlite3 -lcsv -lsodium -lutf8proc -lpq 2>"$T/cc_err"; then
	why "the generator does not build: $(head -c 600 "$T/cc_err")"
fi
started=$(date +%s.%N)
"$T/generate" "$SOURCE" "$CONTACTS" >/dev/null 2>"$T/gen_err" || why "generate failed: $(tail -c 600 "$T/gen_err")"
echo "# generated in $(elapsed "$started") s"
end

# officer LOCATION ARGS...: runs regdesk as the privacy officer on LOCATION.
officer() {
	location=$1
	shift
	pw "$PASSWORD"
	rd --db "$location" --user "$OFFICER" --password-stdin "$@"
}

begin "the source gets the other kinds of records: a merge, a request linked to a contact, a disclosure, a ban, an erasure"
pw "$PASSWORD" 'rauni-password-1' 'rauni-password-1'
rd --db "$SOURCE" --user "$OFFICER" --password-stdin user add --commitment-signed 2020-01-02 --role reception \
	--full-name 'Rauni Vastaanotto' rauni
officer "$SOURCE" contact add --first-name Äke --last-name Åkerlund --email ake.akerlund@example.fi --city Ähtäri
AKE=$(added)
officer "$SOURCE" contact add --first-name Greta --last-name Söderström --phone '+358 40 1234567'
GRETA=$(added)
officer "$SOURCE" contact add --first-name Pekka --last-name Poistettava --email pekka@example.fi
ERASED=$(added)
[ -n "$AKE" ] && [ -n "$GRETA" ] && [ -n "$ERASED" ] || { why "contacts not added"; show_run; }
# An older record merged into a newer one: the reference points forward.
officer "$SOURCE" contact merge "$GRETA" 5
want_rc 0
officer "$SOURCE" recipient add --name 'Postitus Oy' --kind partner --country FI
want_rc 0
officer "$SOURCE" disclosure add "$AKE" --recipient 1 --purpose 'postal mailing' --legal-ground 'legitimate interest' \
	--fields 'name,address'
want_rc 0
officer "$SOURCE" request add --kind inspection --channel email --name 'Äke Åkerlund'
REQUEST=$(sed -n 's/^.*request #\([0-9]*\).*/\1/p' "$T/out" | head -n 1)
officer "$SOURCE" request verify "${REQUEST:-1}" --means email-on-record
officer "$SOURCE" request link "${REQUEST:-1}" "$AKE"
want_rc 0
officer "$SOURCE" ban set "$AKE" --purpose postal-mail --channel letter
want_rc 0
# The newest contact erased: its number is never given again.
officer "$SOURCE" erase "$ERASED" --confirm
want_rc 0
end
MAX_CONTACT=$(sqlite3 "$SOURCE" "SELECT max(id) FROM contact")
SEQ_CONTACT=$(sqlite3 "$SOURCE" "SELECT seq FROM sqlite_sequence WHERE name = 'contact'")

begin "refused: a reception user may not migrate (privacy officer only)"
pw 'rauni-password-1' 'rauni-password-1' 'rauni-password-2'
rd --db "$SOURCE" --user rauni --password-stdin user passwd rauni
want_rc 0
pw 'rauni-password-2'
rd --db "$SOURCE" --user rauni --password-stdin migrate --to "$(database refused_role)"
want_rc 1
want_err "not permitted"
end

begin "refused: not a PostgreSQL URI, an unreachable server, a file that exists"
officer "$SOURCE" migrate --to "postgresql:/oops"
want_rc 1
want_err "is not a PostgreSQL connection URI"
want_one_line_err
officer "$SOURCE" migrate --to "postgresql:///nosuchdb?host=$PG_DIR&port=5432&user=postgres"
want_rc 1
want_err "nosuchdb"
officer "$SOURCE" migrate --to "$SOURCE"
want_rc 1
want_err "already exists"
officer "$SOURCE" migrate --to "postgresql://someone:s3cret-pw@/x?host=/nonexistent"
want_rc 1
grep -q 's3cret-pw' "$T/err" && why "the password was shown: $(cat "$T/err")"
end

begin "SQLite -> PostgreSQL: $CONTACTS contacts copied, the chain verified on arrival"
started=$(date +%s.%N)
officer "$SOURCE" migrate --to "$PG"
TO_PG=$(elapsed "$started")
want_rc 0
want_out "verified on arrival"
want_no_out "password"
echo "# SQLite -> PostgreSQL: $TO_PG s"
end

begin "the source's audit trail records the migration, the target shown without password"
last=$(sqlite3 "$SOURCE" "SELECT action || ' ' || fields FROM audit_entry ORDER BY id DESC LIMIT 1")
case $last in "register.migrate to=postgresql:///migrated"*) ;; *) why "last source entry: $last" ;; esac
pg_last=$(psql -X -A -t -d "$PG" -c "SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1")
[ "$pg_last" = register.migrate ] || why "the copy's last entry: $pg_last"
end

begin "refused: a target that already holds a register is left as it was"
before=$(psql -X -A -t -d "$PG" -c "SELECT count(*) FROM audit_entry")
officer "$SOURCE" migrate --to "$PG"
want_rc 1
want_err "must be empty"
after=$(psql -X -A -t -d "$PG" -c "SELECT count(*) FROM audit_entry")
[ "$before" = "$after" ] || why "the target's trail changed: $before -> $after entries"
end

begin "PostgreSQL -> SQLite: back into a new file"
started=$(date +%s.%N)
officer "$PG" migrate --to "$BACK"
TO_SQLITE=$(elapsed "$started")
want_rc 0
[ -f "$BACK.audit-head" ] || why "no audit head file beside $BACK"
echo "# PostgreSQL -> SQLite: $TO_SQLITE s"
end

begin "every table's rows are the same on the source, on PostgreSQL and in the copy back"
started=$(date +%s.%N)
python3 - "$SOURCE" "$PG" "$BACK" >"$T/compare" 2>&1 <<'PY' || why "$(head -c 1500 "$T/compare")"
import sys
import regdesk_db

source, pg, back = sys.argv[1:4]
ends = {name: regdesk_db.connect(where) for name, where in (("source", source), ("postgresql", pg), ("back", back))}
s = ends["source"]
virtual = [n for n, in s.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")]
tables = [n for n, in s.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          if n not in virtual and not any(n.startswith(v + "_") for v in virtual)]
pg_tables = {n for n, in ends["postgresql"].execute(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")}
missing = [t for t in tables if t not in pg_tables]
if missing:
    sys.exit("tables missing on PostgreSQL: %s" % missing)

def rows(db, table, columns):
    quoted = ", ".join('"%s"' % c for c in columns)
    def key(row):
        return tuple((v is None, type(v).__name__, v if v is not None else 0) for v in row)
    return sorted((tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                   for row in db.execute('SELECT %s FROM "%s"' % (quoted, table))), key=key)

problems, counted = [], 0
for table in tables:
    columns = [c for _, c, *_ in s.execute('SELECT * FROM pragma_table_info(?)', (table,))]
    got = {name: rows(db, table, columns) for name, db in ends.items()}
    counted += len(got["back"])
    if got["postgresql"] != got["back"]:
        problems.append("%s: PostgreSQL and the copy back differ (%d and %d rows)" % (table, len(got["postgresql"]), len(got["back"])))
    expected = got["source"]
    if table == "audit_entry":
        # The copy carries the source's trail up to the entry of the first
        # migration; the second migration's entry ends it (logins on the
        # source since then stay the source's).
        action = columns.index("action")
        cut = next(i for i, r in enumerate(expected) if r[action] == "register.migrate") + 1
        if got["back"][:cut] != expected[:cut] or got["back"][-1][action] != "register.migrate":
            problems.append("audit_entry: the copy back does not carry the source's trail up to its migration entry")
    elif got["back"] != expected:
        first = next((a, b) for a, b in zip(expected + [None], got["back"] + [None]) if a != b)
        problems.append("%s: the source and the copy back differ (%d and %d rows), first: %r" % (table, len(expected), len(got["back"]), first))
contacts = ends["back"].execute("SELECT count(*) FROM contact").fetchone()[0]
print("%d tables, %d rows, %d contacts compared" % (len(tables), counted, contacts))
if problems:
    sys.exit("\n".join(problems))
PY
cat "$T/compare" | sed 's/^/# /'
echo "# compared in $(elapsed "$started") s"
end

begin "regdesk check on both engines: integrity, references, audit chain"
rd --db "$PG" check
want_rc 0
want_out "audit chain"
rd --db "$BACK" check
want_rc 0
want_out "audit chain"
end

begin "searches find the same people on every end (FTS5 rebuilt; PostgreSQL's word tables filled)"
for where in "$SOURCE" "$PG" "$BACK"; do
	officer "$where" contact find åkerl
	want_rc 0
	want_out "Åkerlund, Äke"
	officer "$where" contact find söderström
	want_out "Söderström"
done
words=$(psql -X -A -t -d "$PG" -c "SELECT count(DISTINCT contact_id) FROM contact_search_word")
[ "${words:-0}" -ge "$CONTACTS" ] || why "PostgreSQL's contact_search_word covers ${words:-0} contacts"
end

begin "new records continue past every copied id, the erased record's number not reused"
next_expected=$((SEQ_CONTACT > MAX_CONTACT ? SEQ_CONTACT + 1 : MAX_CONTACT + 1))
for where in "$PG" "$BACK"; do
	officer "$where" contact add --first-name Uusi --last-name Asiakas --email "uusi@example.fi"
	want_rc 0
	[ "$(added)" = "$next_expected" ] || why "$where: the new contact is #$(added), expected #$next_expected"
done
[ "$SEQ_CONTACT" -gt "$MAX_CONTACT" ] || why "the fixture did not erase the newest contact ($SEQ_CONTACT, $MAX_CONTACT)"
end

begin "a failed copy leaves nothing: the target file is not created"
officer "$PG" migrate --to "$T/no-such-dir/x.db"
want_rc 1
[ -e "$T/no-such-dir" ] && why "a directory was made"
end

echo "# timings: generate $CONTACTS contacts, SQLite -> PostgreSQL $TO_PG s, PostgreSQL -> SQLite $TO_SQLITE s"
batch_finish

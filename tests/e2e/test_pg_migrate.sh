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
if [ ! -f "$ROOT/build/libregdesk.a" ]; then
	skip "every check" "build/libregdesk.a is missing (the register generator links it): make build/regdesk"
	batch_finish
	exit
fi

engine_own_cluster cluster
URI=$ENGINE_CLUSTER_URI
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
officer "$SOURCE" contact add --first-name Äke --last-name Åkerlundqvist --email ake.akerlund@example.fi --city Ähtäri
AKE=$(added)
officer "$SOURCE" contact add --first-name Greta --last-name Söderströmberg --phone '+358 40 1234567'
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
officer "$SOURCE" request add --kind inspection --channel email --name 'Äke Åkerlundqvist'
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
pw 'rauni-password-1' 'rauni-password-2'
rd --db "$SOURCE" --user rauni --password-stdin user passwd rauni
want_rc 0
pw 'rauni-password-2'
rd --db "$SOURCE" --user rauni --password-stdin migrate --to "$(database refused_role)"
want_rc 1
want_err "not permitted"
end

begin "refused: no target, not a PostgreSQL URI, an unreachable server, a file that exists"
officer "$SOURCE" migrate
want_rc 2
want_err "--to is required"
officer "$SOURCE" migrate --to "postgresql:/oops"
want_rc 1
want_err "is not a PostgreSQL connection URI"
want_one_line_err
officer "$SOURCE" migrate --to "postgresql:///nosuchdb?host=$ENGINE_CLUSTERS/cluster&port=5432&user=postgres"
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
# Rows as PostgreSQL's COPY text writes them (the SQLite ends converted to
# it), sorted: PostgreSQL's side comes through psql at full speed.
import sqlite3
import subprocess
import sys

source, pg, back = sys.argv[1:4]

def text(v):
    if v is None:
        return "\\N"
    if isinstance(v, bytes):
        return "\\\\x" + v.hex()
    if isinstance(v, float):
        return repr(v)
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

def sqlite_rows(db, table, columns):
    quoted = ", ".join('"%s"' % c for c in columns)
    return sorted("\t".join(text(v) for v in row) for row in db.execute('SELECT %s FROM "%s"' % (quoted, table)))

def pg_rows(table, columns):
    quoted = ", ".join('"%s"' % c for c in columns)
    out = subprocess.run(["psql", "-X", "-q", "-d", pg, "-c", 'COPY (SELECT %s FROM "%s") TO STDOUT' % (quoted, table)],
                         check=True, capture_output=True).stdout.decode("utf-8")
    return sorted(out.split("\n")[:-1])

s, b = sqlite3.connect(source), sqlite3.connect(back)
virtual = [n for n, in s.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")]
tables = [n for n, in s.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          if n not in virtual and not any(n.startswith(v + "_") for v in virtual)]
problems, counted = [], 0
for table in tables:
    columns = [c for _, c, *_ in s.execute("SELECT * FROM pragma_table_info(?)", (table,))]
    at_source, at_back, at_pg = sqlite_rows(s, table, columns), sqlite_rows(b, table, columns), pg_rows(table, columns)
    if table == "setting":
        # PostgreSQL's witness mark says where that register was witnessed:
        # a copy starts its own (src/audit.c audit_forget_witness_mark).
        at_pg = [r for r in at_pg if not r.startswith("audit.witnessed_through\t")]
        if any(r.startswith("audit.witnessed_through\t") for r in at_back):
            problems.append("setting: the copy back carries PostgreSQL's witness mark")
    counted += len(at_back)
    if at_pg != at_back:
        first = next((x, y) for x, y in zip(at_pg + [None], at_back + [None]) if x != y)
        problems.append("%s: PostgreSQL and the copy back differ (%d and %d rows), first: %r" % (table, len(at_pg), len(at_back), first))
    if table == "audit_entry":
        # The copy carries the source's trail up to the entry of the first
        # migration; the second migration's entry ends it (logins on the
        # source since then stay the source's).
        trail = lambda db: list(db.execute("SELECT * FROM audit_entry ORDER BY id"))
        mine, theirs = trail(s), trail(b)
        action = columns.index("action")
        cut = next(i for i, r in enumerate(mine) if r[action] == "register.migrate") + 1
        if theirs[:cut] != mine[:cut] or theirs[-1][action] != "register.migrate":
            problems.append("audit_entry: the copy back does not carry the source's trail up to its migration entry")
    elif at_source != at_back:
        first = next((x, y) for x, y in zip(at_source + [None], at_back + [None]) if x != y)
        problems.append("%s: the source and the copy back differ (%d and %d rows), first: %r" % (table, len(at_source), len(at_back), first))
contacts = b.execute("SELECT count(*) FROM contact").fetchone()[0]
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
	officer "$where" contact find åkerlundq
	want_rc 0
	want_out "Åkerlundqvist, Äke"
	officer "$where" contact find söderströmb
	want_out "Söderströmberg, Greta"
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

begin "a failed copy leaves nothing: no file where the target could not be made"
officer "$PG" migrate --to "$T/no-such-dir/x.db"
want_rc 1
[ -e "$T/no-such-dir" ] && why "a directory was made"
end

echo "# timings: generate $CONTACTS contacts, SQLite -> PostgreSQL $TO_PG s, PostgreSQL -> SQLite $TO_SQLITE s"
batch_finish

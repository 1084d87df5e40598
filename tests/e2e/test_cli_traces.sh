#!/bin/sh
# End-to-end tests of "no trace after erasure" in the batch commands (GDPR
# Art. 5(1)(c), 17, 25; issue 13): identity codes refused in free text and
# import columns, the files an erasure lists and deletes, and `check`
# finishing a pending erasure.
#   sh tests/e2e/test_cli_traces.sh      (after: make build-asan/regdesk)
BATCH_SUITE=traces
. "$(dirname "$0")/batch_lib.sh"

DB=$(engine_db traces "$T")
OFFICER=olli
OFFICER_PW='olli-pass-12345'

as_officer() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$DB" --lang en --password-stdin --user "$OFFICER" "$@"
}

sql() {
	python3 - "$DB" "$1" <<'PY'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
for row in connection.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

begin "setup: the officer and a recipient"
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name 'Olli' "$OFFICER"
want_rc 0
as_officer recipient add --name 'Kysely Oy' --kind partner --country FI
want_rc 0
PARTNER=$(added)
end

begin "contact add: notes with a personal identity code are refused with the reason"
as_officer contact add --first-name Helmi --last-name Hetuton --notes 'hetu 131052-308T' --category customer --source person
want_rc 1
want_err "do not record identity codes or document numbers"
as_officer contact add --first-name Helmi --last-name Hetuton --email helmi@example.fi --notes 'soittaa 040 123 4567' \
	--category customer --source person
want_rc 0
HELMI=$(added)
end

begin "import: a column headed Henkilötunnus cannot be mapped to any field"
printf 'Etunimi;Sukunimi;Henkilötunnus\r\nAino;Alku;131052-308T\r\n' >"$T/codes.csv"
as_officer import contacts "$T/codes.csv" --category customer --source person --map 'Henkilötunnus=notes'
want_rc 1
want_err "Henkilötunnus"
[ "$(sql "SELECT count(*) FROM contact WHERE last_name = 'Alku';")" = 0 ] || why "the row was imported"
end

begin "erase --preview lists the export file that holds the person; --delete-files deletes it"
as_officer export --purpose survey --recipient "$PARTNER" --out "$T/survey.csv"
want_rc 0
[ -f "$T/survey.csv" ] || why "no export file"
as_officer erase "$HELMI" --preview
want_rc 0
want_out "files holding the person's data: 1"
want_out "$T/survey.csv"
as_officer erase "$HELMI" --confirm --delete-files
want_rc 0
want_out "files deleted: 1"
[ -f "$T/survey.csv" ] && why "the export file is still there"
[ "$(sql "SELECT count(*) FROM audit_entry WHERE action = 'erasure.files';")" = 1 ] || why "the deletion was not audited"
end

begin "check finishes a pending erasure and says ok"
sql "INSERT INTO erasure_pending (since, reason) VALUES ('2026-12-06T10:00:00Z', 'test');" >/dev/null
rd --db "$DB" --lang en check
want_rc 0
[ "$(sql "SELECT count(*) FROM erasure_pending;")" = 0 ] || why "the pending finish is still recorded"
# PostgreSQL: the finish is a VACUUM, which leaves no dead tuple of the erased rows.
if [ "$ENGINE" = postgresql ]; then
	[ "$(sql "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'contact' AND last_vacuum IS NOT NULL;")" = 1 ] ||
		why "the contact table was not vacuumed when the pending erasure was finished"
fi
end

batch_finish

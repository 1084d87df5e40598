#!/bin/sh
# The PostgreSQL schema (issue 17): data/migrations/postgresql/ applied in
# order to a throwaway cluster gives the schema SQLite's migrations give
# (tables, columns in order with mapped types, NOT NULL, defaults, keys,
# foreign keys, CHECK counts, indexes, views, triggers, reference data),
# its triggers and functions behave as SQLite's and the C code's do, and the
# application role of roles.sql can neither rewrite the audit trail nor
# change the schema.
BATCH_SUITE=pg_schema
. "$(dirname "$0")/batch_lib.sh"
batch_need sqlite3

MIGRATIONS=$ROOT/data/migrations
PG_MIGRATIONS=$MIGRATIONS/postgresql
engine_own_cluster cluster
URI=$ENGINE_CLUSTER_URI

# pg SQL...: psql on the test database, stopping at the first error.
pg() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$URI" "$@"
}
# pg_value SQL: the unaligned result of SQL (rows on lines, columns by |).
pg_value() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$URI" -c "$1" 2>&1
}
# pg_refused SQL MESSAGE [URI]: SQL must fail with MESSAGE in its error.
pg_refused() {
	refused_out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d "${3:-$URI}" -c "$1" 2>&1) &&
		why "accepted, should be refused: $1"
	case $refused_out in
	*"$2"*) ;;
	*) why "$1: expected an error saying '$2', got: $refused_out" ;;
	esac
}
# want_value ACTUAL EXPECTED WHAT
want_value() {
	[ "$1" = "$2" ] || why "$3: expected '$2', got '$1'"
}

begin "the throwaway cluster is a libpq URI, on no TCP port, without fsync"
case $URI in postgresql:///regdesk\?host=*) ;; *) why "not a libpq URI to the database regdesk: $URI" ;; esac
want_value "$(pg_value 'SHOW listen_addresses')" "" "TCP listening"
want_value "$(pg_value 'SHOW fsync')" "off" "fsync"
end

begin "every SQLite migration has its PostgreSQL step of the same number and name, and no other"
(cd "$MIGRATIONS" && ls [0-9]*.sql) >"$T/sqlite_steps"
(cd "$PG_MIGRATIONS" && ls [0-9]*.sql) >"$T/pg_steps"
if ! diff "$T/sqlite_steps" "$T/pg_steps" >"$T/diff"; then
	why "the step lists differ (< SQLite, > PostgreSQL):"
	cat "$T/diff" >>"$T/why"
fi
end

begin "the PostgreSQL steps apply in order, each in one transaction (ON_ERROR_STOP)"
for step in "$PG_MIGRATIONS"/[0-9]*.sql; do
	if ! pg -1 -f "$step" >"$T/pg_out" 2>&1; then
		why "$(basename "$step") failed: $(head -c 800 "$T/pg_out")"
		break
	fi
done
end

begin "regdesk makes the SQLite schema (all migrations) to compare with"
pw ''
rd --db "$T/sqlite.db" user list
version=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$T/sqlite.db" 2>&1)
want_value "$version" "$(wc -l <"$T/sqlite_steps" | tr -d ' ')" "SQLite schema version (one per migration)"
end

python3 "$ROOT/tests/e2e/schema_describe.py" sqlite "$T/sqlite.db" >"$T/sqlite.schema" 2>"$T/describe_err" ||
	cat "$T/describe_err"
python3 "$ROOT/tests/e2e/schema_describe.py" postgresql "$URI" >"$T/pg.schema" 2>>"$T/describe_err" ||
	cat "$T/describe_err"

begin "both schemas could be described"
[ -s "$T/describe_err" ] && why "$(head -c 800 "$T/describe_err")"
[ "$(grep -c '^table ' "$T/sqlite.schema")" -ge 300 ] || why "too little of SQLite's schema read: $(wc -l <"$T/sqlite.schema") lines"
[ "$(grep -c '^table ' "$T/pg.schema")" -ge 300 ] || why "too little of PostgreSQL's schema read: $(wc -l <"$T/pg.schema") lines"
end

# One check per table, view and the triggers and reference data: the lines
# SQLite's schema gives and PostgreSQL's must be the same.
cut -f1 "$T/sqlite.schema" "$T/pg.schema" | sort -u >"$T/groups"
while IFS= read -r group; do
	begin "PostgreSQL's $group is SQLite's"
	awk -F'\t' -v g="$group" '$1 == g' "$T/sqlite.schema" >"$T/one_sqlite"
	awk -F'\t' -v g="$group" '$1 == g' "$T/pg.schema" >"$T/one_pg"
	if ! diff "$T/one_sqlite" "$T/one_pg" >"$T/diff"; then
		why "differences (< SQLite, > PostgreSQL):"
		sed -n '1,30p' "$T/diff" >>"$T/why"
	fi
	end
done <"$T/groups"

begin "the comparison sees a difference: a copy without 0021's column differs in account alone"
pg -c "CREATE DATABASE regdesk_mutant TEMPLATE regdesk" >/dev/null
MUTANT_URI=$(printf '%s' "$URI" | sed 's#^postgresql:///regdesk?#postgresql:///regdesk_mutant?#')
psql -X -q -v ON_ERROR_STOP=1 -d "$MUTANT_URI" -c "ALTER TABLE account DROP COLUMN commitment_signed_on" >/dev/null 2>&1 ||
	why "could not make the copy"
python3 "$ROOT/tests/e2e/schema_describe.py" postgresql "$MUTANT_URI" >"$T/mutant.schema" 2>&1
diff "$T/sqlite.schema" "$T/mutant.schema" >"$T/diff"
grep -q '^< table account	column 12 commitment_signed_on' "$T/diff" ||
	why "the missing column was not seen: $(head -c 400 "$T/diff")"
[ "$(grep -c '^[<>]' "$T/diff")" -eq 3 ] || why "expected the column and the CHECK count to differ, got: $(head -c 600 "$T/diff")"
end

# --- behaviour: the triggers, functions and CHECKs of the dialect ---------

pg -c "INSERT INTO account (id, username, full_name, role, password_hash, created_at)
	VALUES (1, 'officer', 'Olli Officer', 'privacy-officer', 'x', '2026-12-06 10:00')" >/dev/null 2>&1
pg -c "INSERT INTO audit_entry (at, account_id, action, hash) VALUES ('2026-12-06 10:00', 1, 'login', '\\x00')" >/dev/null 2>&1

begin "the audit trail is append-only for the schema's owner too (SQLite's message)"
pg_refused "UPDATE audit_entry SET action = 'edited'" "the audit trail is append-only"
pg_refused "DELETE FROM audit_entry" "the audit trail is append-only"
pg_refused "TRUNCATE audit_entry" "the audit trail is append-only"
want_value "$(pg_value "SELECT count(*) FROM audit_entry WHERE action = 'login'")" "1" "entries left"
end

begin "consent history is never overwritten, but a merge may move it (notice §6.3)"
pg -c "INSERT INTO organisation (id, name, sort_key, search_text, created_at, changed_at)
		VALUES (1, 'Ähtäri Oy', 'ahtari', 'ahtari oy', 't', 't');
	INSERT INTO contact (id, first_name, last_name, source, sort_key, search_text, created_at, changed_at, organisation_id)
	VALUES (1, 'Matti', 'Virtanen', 'person', 'v', 'matti virtanen ahtari oy matti', 't', 't', 1),
	       (2, 'Maija', 'Söderström', 'person', 's', 'maija soderstrom', 't', 't', NULL);
	INSERT INTO consent_event (contact_id, purpose, state, given_on, channel, recorded_at)
	VALUES (1, 'newsletter', 'consent', '2026-01-01', 'email', 't')" >"$T/pg_out" 2>&1 || why "setup: $(cat "$T/pg_out")"
pg_refused "UPDATE consent_event SET state = 'objection'" "consent history is never overwritten"
want_value "$(pg_value "UPDATE consent_event SET contact_id = 2 RETURNING contact_id")" "2" "a merge moving the history"
end

words() {
	pg_value "SELECT string_agg(word, ' ' ORDER BY word) FROM contact_search_word WHERE contact_id = $1"
}

begin "the contact word table follows search_text: distinct words, changed words only, merged taken out"
want_value "$(words 1)" "ahtari matti oy virtanen" "words of a new contact"
pg -c "UPDATE contact SET search_text = 'matti virtanen-lind lind' WHERE id = 1" >/dev/null
want_value "$(words 1)" "lind matti virtanen-lind" "words after an edit"
pg -c "UPDATE contact SET merged_into = 2 WHERE id = 1" >/dev/null
want_value "$(words 1)" "" "words of a merged contact (SQLite takes them out of contact_search)"
pg -c "UPDATE contact SET merged_into = NULL WHERE id = 1" >/dev/null
want_value "$(words 1)" "lind matti virtanen-lind" "words of an unmerged contact"
pg -c "UPDATE contact SET restricted_until = '2030-01-01', search_text = 'virtanen' WHERE id = 1" >/dev/null
want_value "$(words 1)" "virtanen" "a restricted contact keeps the words it kept"
pg -c "INSERT INTO contact (id, first_name, last_name, source, sort_key, search_text, created_at, changed_at)
	SELECT n, 'A', 'B', 'person', 'b', 'bulk  word' || n || ' common', 't', 't' FROM generate_series(10, 12) n" >/dev/null
want_value "$(words 11)" "bulk common word11" "words of a bulk insert (double spaces make no empty word)"
pg -c "DELETE FROM contact WHERE id IN (10, 11, 12)" >/dev/null
want_value "$(pg_value "SELECT count(*) FROM contact_search_word WHERE contact_id IN (10, 11, 12)")" "0" "words after a delete"
want_value "$(pg_value "SELECT count(*) FROM contact_search_word WHERE word LIKE 'vir%'")" "1" "a prefix through the word table"
end

begin "the index of words' starts (0025) holds each word's first one to four characters"
want_value "$(pg_value "SELECT array_to_string(ARRAY(SELECT unnest(word_prefixes('anna  åkerlund anna ab')) ORDER BY 1), ' ')")" \
	"a ab an ann anna å åk åke åker" "the keys of 'anna  åkerlund anna ab'"
want_value "$(pg_value "SELECT count(*) FROM contact c WHERE word_prefixes(c.search_text) @> ARRAY['vir'] AND merged_into IS NULL")" \
	"1" "a contact through contact_word_prefixes"
# Among many contacts, a search of two words' starts is planned through it
# (the expression the C code writes is the index's).
pg -c "INSERT INTO contact (id, first_name, last_name, source, sort_key, search_text, created_at, changed_at)
	SELECT n, 'A', 'B', 'person', 'b' || n, 'name' || n || ' other' || (n % 97), 't', 't' FROM generate_series(1000, 20999) n" \
	-c "ANALYZE contact" >/dev/null
pg_value "EXPLAIN SELECT id FROM contact c WHERE word_prefixes(c.search_text) @> ARRAY[CAST('name' AS text), CAST('oth' AS text)] AND merged_into IS NULL" |
	grep -q 'Bitmap Index Scan on contact_word_prefixes' ||
	why "a search of two words' starts is not planned through contact_word_prefixes"
pg -c "DELETE FROM contact WHERE id BETWEEN 1000 AND 20999" >/dev/null
end

begin "the organisation word table follows search_text"
want_value "$(pg_value "SELECT string_agg(word, ' ' ORDER BY word) FROM organisation_search_word WHERE organisation_id = 1")" \
	"ahtari oy" "words of a new organisation"
pg -c "UPDATE organisation SET search_text = 'ahtarin konepaja oy' WHERE id = 1" >/dev/null
want_value "$(pg_value "SELECT string_agg(word, ' ' ORDER BY word) FROM organisation_search_word WHERE organisation_id = 1")" \
	"ahtarin konepaja oy" "words after an edit"
pg -c "INSERT INTO organisation (id, name, sort_key, search_text, created_at, changed_at) VALUES (2, 'X', 'x', 'x', 't', 't');
	DELETE FROM organisation WHERE id = 2" >/dev/null
want_value "$(pg_value "SELECT count(*) FROM organisation_search_word WHERE organisation_id = 2")" "0" "words after a delete"
end

begin "words_match is src/text.c's: every query word starts some word of the text"
wrong=$(pg_value "SELECT string_agg(format('words_match(%L, %L) is %s', t, q, words_match(t, q)), '; ')
	FROM (VALUES ('matti virtanen', 'vir', true), ('matti virtanen', 'vir mat', true), ('matti virtanen', 'virx', false),
		('matti virtanen', '', true), ('matti virtanen', '  mat   vir ', true), ('', 'a', false), ('ab', 'b', false),
		('virtanen-lind', 'lind', false), ('lind virtanen', 'virtanen lind', true), ('matti', 'matti virtanen', false),
		(NULL, 'a', false), ('a', NULL, false)) AS c(t, q, expected)
	WHERE words_match(t, q) IS DISTINCT FROM expected")
[ -n "$wrong" ] && why "$wrong"
end

begin "local_today is the date the engine sets, else today in the register's time zone"
want_value "$(psql -X -q -A -t -d "$URI" -c "SET regdesk.today = '2026-12-06'" -c "SELECT local_today()")" "2026-12-06" "set date"
want_value "$(pg_value "SELECT local_today() = to_char((now() AT TIME ZONE 'Europe/Helsinki')::date, 'YYYY-MM-DD')")" "t" \
	"default zone Europe/Helsinki"
want_value "$(psql -X -q -A -t -d "$URI" -c "SET regdesk.time_zone = 'Pacific/Kiritimati'" \
	-c "SELECT local_today() = to_char((now() AT TIME ZONE 'Pacific/Kiritimati')::date, 'YYYY-MM-DD')")" "t" "set zone"
end

begin "COLLATE finnish orders å, ä, ö after z and ignores spaces at first (as on SQLite)"
want_value "$(pg_value "SELECT string_agg(x, ',' ORDER BY x COLLATE finnish) FROM (VALUES ('Öberg'), ('Zeta'), ('Åke'),
	('Ärjä'), ('Adam'), ('de la Cruz'), ('Dean')) v(x)")" "Adam,Dean,de la Cruz,Zeta,Åke,Ärjä,Öberg" "order"
end

begin "a restricted record loses its soft opt-in (sale_email_restricted)"
pg -c "INSERT INTO sale_email (contact_id, email, offered_on, recorded_at) VALUES (2, 'm@example.com', '2026-01-01', 't')" >/dev/null
pg -c "UPDATE contact SET restricted_until = '' WHERE id = 2" >/dev/null
want_value "$(pg_value "SELECT count(*) FROM sale_email WHERE contact_id = 2")" "1" "after an update that restricts nothing"
pg -c "UPDATE contact SET restricted_until = '2030-01-01' WHERE id = 2" >/dev/null
want_value "$(pg_value "SELECT count(*) FROM sale_email WHERE contact_id = 2")" "0" "after restricting"
end

begin "linking a contact to a request lists its recipients (request_recipient triggers, GDPR Art. 19)"
pg -c "INSERT INTO recipient (id, name, kind, country, created_at) VALUES (1, 'Partner', 'partner', 'FI', 't');
	INSERT INTO disclosure (id, kind, recipient_id, purpose, legal_ground, fields, contact_count, made_at)
		VALUES (1, 'manual', 1, 'p', 'g', 'f', 1, 't');
	INSERT INTO disclosure_contact VALUES (1, 1);
	INSERT INTO subject_request (id, kind, channel, received_on, due_on, created_at)
		VALUES (1, 'inspection', 'letter', '2026-12-01', '2027-01-01', 't'), (2, 'erasure', 'letter', '2026-12-01', '2027-01-01', 't');
	INSERT INTO request_contact VALUES (1, 1);
	INSERT INTO request_contact VALUES (2, 2)" >"$T/pg_out" 2>&1 || why "setup: $(cat "$T/pg_out")"
want_value "$(pg_value "SELECT request_id || ':' || recipient_id FROM request_recipient ORDER BY 1")" "1:1" "on link"
pg -c "UPDATE disclosure_contact SET contact_id = 2 WHERE contact_id = 1" >/dev/null
want_value "$(pg_value "SELECT string_agg(request_id || ':' || recipient_id, ' ' ORDER BY request_id) FROM request_recipient")" \
	"1:1 2:1" "on a moved disclosure"
end

begin "the CHECKs refuse what SQLite's refuse (language, the commitment date's GLOB)"
pg_refused "UPDATE contact SET language = 'de' WHERE id = 1" "contact_language_check"
pg_refused "UPDATE account SET commitment_signed_on = '2020-1-02' WHERE id = 1" "check constraint"
pg_refused "UPDATE account SET commitment_signed_on = '2020-01-02x' WHERE id = 1" "check constraint"
want_value "$(pg_value "UPDATE account SET commitment_signed_on = '2020-01-02' WHERE id = 1 RETURNING commitment_signed_on")" \
	"2020-01-02" "a valid date"
end

begin "record numbers are never reused (0020): a new row gets a new id after the newest is deleted"
first=$(pg_value "INSERT INTO event (name, date, created_at) VALUES ('E', '2026-12-06', 't') RETURNING id")
pg -c "DELETE FROM event WHERE id = $first" >/dev/null
second=$(pg_value "INSERT INTO event (name, date, created_at) VALUES ('E', '2026-12-06', 't') RETURNING id")
[ "$second" -gt "$first" ] 2>/dev/null || why "ids: $first then $second"
end

# --- the application role --------------------------------------------------

APP_URI=$(printf '%s' "$URI" | sed 's/user=postgres$/user=regdesk_app/')
begin "roles.sql applies (twice: the installer runs it after each upgrade)"
pg -c "CREATE ROLE regdesk_app LOGIN" >/dev/null 2>&1
for round in 1 2; do
	pg -v app_role=regdesk_app -f "$PG_MIGRATIONS/roles.sql" >"$T/pg_out" 2>&1 || why "round $round: $(cat "$T/pg_out")"
done
end

begin "the application role adds and reads audit entries but cannot change or remove them"
want_value "$(psql -X -q -A -t -d "$APP_URI" -c "INSERT INTO audit_entry (at, action, hash) VALUES ('t', 'x', '\\x01') RETURNING action" 2>&1)" \
	"x" "INSERT"
want_value "$(psql -X -q -A -t -d "$APP_URI" -c "SELECT count(*) FROM audit_entry" 2>&1)" "2" "SELECT"
pg_refused "UPDATE audit_entry SET action = 'y'" "permission denied" "$APP_URI"
pg_refused "DELETE FROM audit_entry" "permission denied" "$APP_URI"
pg_refused "TRUNCATE audit_entry" "permission denied" "$APP_URI"
end

begin "the application role cannot drop, alter or make tables, nor set the schema version"
pg_refused "DROP TABLE audit_entry" "must be owner" "$APP_URI"
pg_refused "DROP TABLE contact" "must be owner" "$APP_URI"
pg_refused "ALTER TABLE contact ADD COLUMN x text" "must be owner" "$APP_URI"
pg_refused "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update" "must be owner" "$APP_URI"
pg_refused "CREATE TABLE audit_copy (x text)" "permission denied" "$APP_URI"
pg_refused "DROP INDEX contact_sort" "must be owner" "$APP_URI"
pg_refused "INSERT INTO schema_version VALUES (99)" "permission denied" "$APP_URI"
end

# Rows given their ids (as regdesk migrate copies them) leave the identity
# behind: it is moved past them, as migrate must do.
pg -c "SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact))" >/dev/null
begin "the application role keeps the register: contacts, their words, edits and deletes"
out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$APP_URI" \
	-c "INSERT INTO contact (first_name, last_name, source, sort_key, search_text, created_at, changed_at)
		VALUES ('Aino', 'Åkerlund', 'person', 'a', 'aino akerlund', 't', 't') RETURNING id" 2>&1) || why "insert: $out"
[ -n "$out" ] && want_value "$(words "$out")" "aino akerlund" "words of the role's contact"
out2=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$APP_URI" -c "UPDATE contact SET search_text = 'aino' WHERE id = $out" \
	-c "DELETE FROM contact WHERE id = $out" -c "SELECT count(*) FROM contact_search_word WHERE contact_id = $out" 2>&1)
want_value "$out2" "0" "edit and delete"
end

begin "pg_cluster.sh stop removes the cluster"
dir=$ENGINE_CLUSTERS/cluster
sh "$ROOT/tests/pg_cluster.sh" stop "$dir"
[ -e "$dir" ] && why "$dir is still there"
end

batch_finish

#!/bin/sh
# Seeds an empty PostgreSQL database with the contacts of a benchmark
# register (tests/bench/generate.c), for the search figures on PostgreSQL.
#
#   sh tests/bench/pg_seed.sh REGISTER.db URI PG_ACCOUNT
#
# The same register, not a look-alike: the database is migrated and gets
# the officer "bench" through the core (PG_ACCOUNT, tests/bench/pg_account.c),
# then the organisations, contacts and categories are copied row for row
# (ids, sort keys, folded words and all) from the SQLite register with COPY,
# as a bulk load would; the triggers of the word table (contact_search_word)
# fill it as they do for any insert. The generator's per-contact audit
# entries are not copied: the search reads none. Then VACUUM ANALYZE, as
# autovacuum would soon after a load: statistics for the planner and a
# visibility map for index-only walks.
set -eu
register=$1 uri=$2 account=$3
psql="psql -X -q -v ON_ERROR_STOP=1"

"$account" "$uri"
for table in organisation contact contact_category; do
	columns=$($psql -At "$uri" -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '$table'")
	order=id
	[ "$table" = contact_category ] && order="contact_id, category"
	# sqlite3's CSV writes NULL as an empty field and '' as "", as COPY reads them.
	sqlite3 -csv "$register" "SELECT $columns FROM $table ORDER BY $order" |
		$psql "$uri" -c "\\copy $table ($columns) FROM STDIN WITH (FORMAT csv)"
done
$psql "$uri" -c "SELECT setval(pg_get_serial_sequence('organisation', 'id'), (SELECT max(id) FROM organisation));
	SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact));" >/dev/null
$psql "$uri" -c "VACUUM ANALYZE"

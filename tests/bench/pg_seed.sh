#!/bin/sh
# Seeds an empty PostgreSQL database with the contacts of a benchmark
# register (tests/bench/generate.c), for the search figures on PostgreSQL.
#
#   sh tests/bench/pg_seed.sh REGISTER.db URI PG_ACCOUNT
#
# The same register, not a look-alike: the database is migrated and gets
# the officer "bench" through the core (PG_ACCOUNT, tests/bench/pg_account.c),
# then the organisations, contacts and categories are copied row for row
# (ids, sort keys, folded words and all) from the SQLite register by COPY.
# As a bulk load does (and as the SQLite generator's bulk mode does), the
# contact table's secondary indexes are dropped for the load and made again
# after it, row triggers and foreign key checks are off (the rows come from
# a register that kept them), and the word table is filled in one statement,
# the one its insert trigger runs (data/migrations/postgresql/0003). The
# generator's per-contact audit entries are not copied: the search reads
# none. Then VACUUM ANALYZE, as autovacuum would soon after a load:
# statistics for the planner and a visibility map for index-only walks.
set -eu
register=$1 uri=$2 account=$3
psql="psql -X -q -v ON_ERROR_STOP=1"

"$account" "$uri"
indexes=$($psql -At "$uri" -c "SELECT string_agg(indexdef, ';' || chr(10)) FROM pg_indexes
	WHERE schemaname = current_schema() AND tablename = 'contact' AND indexname <> 'contact_pkey'")
$psql "$uri" -c "SELECT 'DROP INDEX ' || string_agg(quote_ident(indexname), ', ') FROM pg_indexes
	WHERE schemaname = current_schema() AND tablename = 'contact' AND indexname <> 'contact_pkey'" -At |
	$psql "$uri"
for table in organisation contact contact_category; do
	columns=$($psql -At "$uri" -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '$table'")
	order=id
	[ "$table" = contact_category ] && order="contact_id, category"
	# sqlite3's CSV writes NULL as an empty field and '' as "", as COPY reads them.
	sqlite3 -readonly -csv "$register" "SELECT $columns FROM $table ORDER BY $order" |
		$psql "$uri" -c "SET session_replication_role = replica" \
			-c "\\copy $table ($columns) FROM STDIN WITH (FORMAT csv)"
done
$psql -o /dev/null "$uri" <<SQL
SET maintenance_work_mem = '256MB';
SET work_mem = '256MB';
INSERT INTO contact_search_word (word, contact_id)
	SELECT DISTINCT w.word, c.id FROM contact c CROSS JOIN LATERAL unnest(string_to_array(c.search_text, ' ')) AS w(word)
	WHERE c.merged_into IS NULL AND w.word <> '' ORDER BY 1, 2;
$indexes;
SELECT setval(pg_get_serial_sequence('organisation', 'id'), (SELECT max(id) FROM organisation));
SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact));
SQL
$psql "$uri" -c "VACUUM ANALYZE"

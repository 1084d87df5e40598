# Which engine a suite's registers live on (issue 17). Sourced by
# batch_lib.sh and lib.sh.
#   REGDESK_TEST_POSTGRESQL unset: registers are SQLite files (the default).
#   REGDESK_TEST_POSTGRESQL=URI: the libpq URI of a throwaway cluster's
#   database (tests/pg_cluster.sh; run-all.sh starts one for its PostgreSQL
#   pass); each register is then a fresh database in that cluster.
# engine_db NAME prints where register NAME lives: a file name NAME.db in the
# current directory's terms (callers prefix their temp dir), or a URI.
# engine_sql LOCATION SQL prints the rows of SQL, fields separated by tabs.
ENGINE=sqlite
[ -n "${REGDESK_TEST_POSTGRESQL:-}" ] && ENGINE=postgresql
# The databases engine_db made, one name a line: a file, because suites call
# engine_db in $(...), a subshell. The sourcing script sets ENGINE_LIST.
ENGINE_LIST=${ENGINE_LIST:-$(mktemp "${TMPDIR:-/tmp}/regdesk-databases.XXXXXX")}

# engine_db NAME [DIR]: DIR/NAME.db on SQLite; a new database on PostgreSQL.
engine_db() {
	if [ "$ENGINE" = sqlite ]; then
		echo "${2:+$2/}$1.db"
		return
	fi
	engine_db_name=$(printf 't_%s_%s_%s' "$1" "$$" "$(date +%s%N | tail -c 7)" | tr -c 'a-zA-Z0-9_\n' '_')
	psql -X -q -d "$REGDESK_TEST_POSTGRESQL" -c "CREATE DATABASE $engine_db_name" >/dev/null || return 1
	echo "$engine_db_name" >>"$ENGINE_LIST"
	echo "$REGDESK_TEST_POSTGRESQL" | sed "s|^\(postgres[a-z]*://[^/]*\)/[^?]*|\1/$engine_db_name|"
}

# engine_drop_all: drops the databases engine_db made (on exit).
engine_drop_all() {
	if [ "$ENGINE" = postgresql ] && [ -s "$ENGINE_LIST" ]; then
		while read -r engine_db_name; do
			psql -X -q -d "$REGDESK_TEST_POSTGRESQL" -c "DROP DATABASE IF EXISTS $engine_db_name WITH (FORCE)" >/dev/null 2>&1
		done <"$ENGINE_LIST"
	fi
	rm -f "$ENGINE_LIST"
}

# engine_sql LOCATION SQL: the rows, tab-separated, NULL as empty.
engine_sql() {
	case $1 in
	postgres://* | postgresql://*) psql -X -q -A -t -F '	' -d "$1" -c "$2" ;;
	*) sqlite3 -separator '	' "$1" "$2" ;;
	esac
}

# Which engine a suite's registers live on (issue 17). Sourced by
# batch_lib.sh and lib.sh.
#   REGDESK_TEST_POSTGRESQL unset: registers are SQLite files (the default).
#   REGDESK_TEST_POSTGRESQL=URI: the libpq URI of a throwaway cluster's
#   database (tests/pg_cluster.sh; run-all.sh starts one for its PostgreSQL
#   pass); each register is then a fresh database in that cluster.
# engine_db NAME prints where register NAME lives: a file name NAME.db in the
# current directory's terms (callers prefix their temp dir), or a URI.
# engine_sql LOCATION SQL prints the rows of SQL, fields separated by tabs.
# engine_own_cluster NAME [TOOL] starts a suite's own throwaway cluster (the
# test_pg_* suites), or skips the suite where no server is installed.
ENGINE=sqlite
ENGINE_ROOT=${ROOT:-${E2E_ROOT:-.}}
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

# engine_drop_all: drops the databases engine_db made and stops the clusters
# engine_own_cluster started (on exit).
engine_drop_all() {
	engine_stop_clusters
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

# --- the suites that need clusters of their own (test_pg_*.sh) ---------------
ENGINE_CLUSTERS=""   # the directory of a suite's own clusters, removed on exit

# engine_own_cluster NAME [TOOL]: starts a throwaway cluster in
# $ENGINE_CLUSTERS/NAME (tests/pg_cluster.sh), a passed check, and sets
# ENGINE_CLUSTER_URI to its URI. Without a PostgreSQL server, TOOL (default
# initdb; a failover needs pg_basebackup) or psql, the suite ends: every
# check reported as skipped, then its summary. A cluster that does not start
# is a failed check that ends the suite. More clusters (a standby) go in
# $ENGINE_CLUSTERS too: every one there is stopped on exit (engine_drop_all).
# Not in $(...): it sets variables.
engine_own_cluster() {
	if ! ls /usr/lib/postgresql/*/bin/"${2:-initdb}" >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
		engine_end_suite skip "every check" "no PostgreSQL server${2:+, $2} or psql: install postgresql"
	fi
	# Outside the suite's temp dir: the server's user must reach it.
	[ -n "$ENGINE_CLUSTERS" ] || ENGINE_CLUSTERS=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-pg.XXXXXX") || exit 1
	chmod 755 "$ENGINE_CLUSTERS"
	engine_check="a throwaway PostgreSQL cluster starts (tests/pg_cluster.sh $1)"
	if ! ENGINE_CLUSTER_URI=$(sh "$ENGINE_ROOT/tests/pg_cluster.sh" start "$ENGINE_CLUSTERS/$1" 2>"$ENGINE_CLUSTERS/$1.err"); then
		engine_end_suite fail "$engine_check" "pg_cluster.sh start failed: $(head -c 800 "$ENGINE_CLUSTERS/$1.err")"
	fi
	if command -v batch_finish >/dev/null 2>&1; then
		begin "$engine_check"
		end
	else
		check "$engine_check" true
	fi
}

# The newest server's programs, and engine_as_server COMMAND...: runs it as
# the server's user (postgres when the suite runs as root), for the
# programs tests/pg_cluster.sh does not wrap (pg_ctl promote, a standby's
# stop).
ENGINE_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1)
engine_as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# engine_stop_clusters: stops and removes every cluster engine_own_cluster's
# directory holds.
engine_stop_clusters() {
	[ -n "$ENGINE_CLUSTERS" ] || return 0
	for engine_cluster in "$ENGINE_CLUSTERS"/*; do
		[ -d "$engine_cluster" ] && sh "$ENGINE_ROOT/tests/pg_cluster.sh" stop "$engine_cluster" >/dev/null 2>&1
	done
	rm -rf "$ENGINE_CLUSTERS"
	ENGINE_CLUSTERS=""
}

# engine_end_suite skip|fail CHECK REASON: ends the suite here, in its
# frame's terms (batch_lib.sh's batch_finish or lib.sh's finish).
engine_end_suite() {
	if command -v batch_finish >/dev/null 2>&1; then
		if [ "$1" = skip ]; then
			skip "$2" "$3"
		else
			begin "$2"
			why "$3"
			end
		fi
		batch_finish
		exit
	fi
	if [ "$1" = skip ]; then
		skip "$2" "$3"
	else
		note "$3"
		check "$2" false
	fi
	finish
}

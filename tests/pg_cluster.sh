#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (issue 17).
#   sh tests/pg_cluster.sh start DIR   initialises and starts a cluster in DIR,
#                                      with a database "regdesk"; prints its libpq URI
#   sh tests/pg_cluster.sh stop DIR    stops it and removes DIR
#   sh tests/pg_cluster.sh standby PRIMARY DIR
#                                      a hot standby of the cluster in PRIMARY,
#                                      by streaming replication (pg_basebackup -R),
#                                      started in DIR; prints its libpq URI
# It listens only on a Unix socket in DIR (no TCP), trusts every local
# connection and does not fsync: test data, never a register. Run as root
# (CI), the server runs as the "postgres" user, which owns DIR; DIR's parent
# must then be reachable by that user (mktemp -d under /tmp is).
# PG_CLUSTER_SHARED_BUFFERS sets shared_buffers (default 32MB; the benchmark
# gives a 1,000,000-contact register what a server would: its working set).
set -eu

usage() {
	echo "usage: sh tests/pg_cluster.sh start|stop DIR, or standby PRIMARY DIR" >&2
	exit 2
}
absolute() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$(pwd)/$1" ;;
	esac
}
action=${1:-}
if [ "$action" = standby ]; then
	[ $# -eq 3 ] || usage
	primary=$(absolute "$2")
	dir=$(absolute "$3")
else
	[ $# -eq 2 ] || usage
	dir=$(absolute "$2")
fi
port=5432   # names the socket file only: nothing listens on TCP

# The newest installed server, 15 or later.
bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n); do
	[ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && bin=$candidate
done
if [ -z "$bin" ]; then
	for candidate in $(command -v pg_ctl 2>/dev/null) $(command -v initdb 2>/dev/null); do
		bin=$(dirname "$candidate")
	done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "pg_cluster: no PostgreSQL server found (install the package postgresql)" >&2
	exit 1
fi
major=$("$bin/pg_ctl" --version | sed -n 's/.* \([0-9][0-9]*\)[.0-9]*.*/\1/p')
if [ -z "$major" ] || [ "$major" -lt 15 ]; then
	echo "pg_cluster: $bin is PostgreSQL ${major:-of unknown version}; regdesk needs 15 or later" >&2
	exit 1
fi

# as_server COMMAND...: runs COMMAND as the user the server runs as (never root).
if [ "$(id -u)" -eq 0 ]; then
	server_user=postgres
	if ! id "$server_user" >/dev/null 2>&1; then
		echo "pg_cluster: running as root needs the user $server_user (made by the package postgresql)" >&2
		exit 1
	fi
	as_server() { (cd / && runuser -u "$server_user" -- "$@"); }
else
	server_user=$(id -un)
	as_server() { (cd / && "$@"); }
fi

# uri_encode TEXT: TEXT percent-encoded for a URI's query value.
uri_encode() {
	printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' '\n\n' | sed '/^$/d' | while read -r byte; do
		case $byte in
		2[dDeEfF] | 3[0-9] | 4[1-9a-fA-F] | 5[0-9aA] | 5[fF] | 6[1-9a-fA-F] | 7[0-9aA] | 7[eE])
			printf "\\$(printf '%03o' "0x$byte")" ;;
		*) printf '%%%s' "$byte" ;;
		esac
	done
}

case $action in
start | standby)
	if [ -e "$dir/data" ]; then
		echo "pg_cluster: $dir already holds a cluster" >&2
		exit 1
	fi
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown "$server_user" "$dir"
		if ! runuser -u "$server_user" -- test -w "$dir"; then
			echo "pg_cluster: the user $server_user cannot reach $dir (is a parent directory private?)" >&2
			exit 1
		fi
	fi
	chmod 0700 "$dir"
	if [ "$action" = standby ]; then
		# A copy of the primary that follows its WAL (-R writes
		# primary_conninfo and standby.signal); its own socket.
		if ! as_server "$bin/pg_basebackup" -h "$primary" -p "$port" -U postgres -D "$dir/data" -R \
			-X stream --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1; then
			cat "$dir/basebackup.log" >&2
			exit 1
		fi
		as_server sh -c 'cat >>"$1/data/postgresql.conf"' sh "$dir" <<CONF
# pg_cluster.sh: a hot standby of $primary
unix_socket_directories = '$dir'
hot_standby = on
CONF
		if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
			cat "$dir/server.log" >&2
			exit 1
		fi
		echo "postgresql:///regdesk?host=$(uri_encode "$dir")&port=$port&user=postgres"
		exit 0
	fi
	if ! as_server "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	as_server sh -c 'cat >>"$1/data/postgresql.conf"' sh "$dir" <<CONF
# pg_cluster.sh: a throwaway test cluster
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = ${PG_CLUSTER_SHARED_BUFFERS:-32MB}
CONF
	if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
		cat "$dir/server.log" >&2
		exit 1
	fi
	"$bin/createdb" -h "$dir" -p "$port" -U postgres regdesk
	echo "postgresql:///regdesk?host=$(uri_encode "$dir")&port=$port&user=postgres"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	usage
	;;
esac

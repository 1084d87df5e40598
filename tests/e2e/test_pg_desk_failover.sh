#!/bin/sh
# A desk follows a PostgreSQL failover (issue 17): the full-screen program,
# logged in through a multi-host URI (target_session_attrs=read-write),
# saves a contact on the primary; the primary is killed (pg_ctl stop -m
# immediate) and its synchronous standby promoted; the same desk, without a
# restart, opens the contact's form again and saves an edit, which lands on
# the new primary. (test_pg_failover.sh does the same with a stream of
# batch saves.)
#   sh tests/e2e/test_pg_desk_failover.sh      (after: make build-asan/regdesk)
. "$(dirname "$0")/lib.sh"

LOGIN_TEXT='Log in with your personal account.'
NEW_FORM_TEXT='New contact. F2 saves, Esc cancels.'
EDIT_FORM_TEXT='Edit the contact. F2 saves, Esc cancels.'
OFFICER_PW='olli-pass-12345'

engine_own_cluster a pg_basebackup
PRIMARY=$ENGINE_CLUSTERS/a
PRIMARY_URI=$ENGINE_CLUSTER_URI
STANDBY=$ENGINE_CLUSTERS/b

t_standby() {
	STANDBY_URI=$(sh "$E2E_ROOT/tests/pg_cluster.sh" standby "$PRIMARY" "$STANDBY" 2>"$E2E_TMP/pg_err") || { note "$(cat "$E2E_TMP/pg_err")"; return 1; }
	psql -X -q -d "$PRIMARY_URI" -c "ALTER SYSTEM SET synchronous_commit = on" \
		-c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null || return 1
	e2e_tries=0
	while [ "$(psql -X -q -A -t -d "$PRIMARY_URI" -c 'SELECT sync_state FROM pg_stat_replication')" != sync ]; do
		e2e_tries=$((e2e_tries + 1))
		[ "$e2e_tries" -lt 100 ] || return 1
		sleep 0.1
	done
}
if ! check "a synchronous standby of it starts" t_standby; then
	finish
fi
encoded() { printf '%s' "$1" | sed 's|/|%2F|g'; }
URI="postgresql:///regdesk?host=$(encoded "$PRIMARY"),$(encoded "$STANDBY")&port=5432,5432&user=postgres&target_session_attrs=read-write"
printf '%s\n%s\n' "$OFFICER_PW" "$OFFICER_PW" | cli "$URI" --password-stdin user add olli --role privacy-officer \
	--full-name 'Olli Åkerlund' --commitment-signed 2026-01-01 >/dev/null

# on_server URI SQL: the single value SQL gives there.
on_server() { psql -X -q -A -t -d "$1" -c "$2" 2>/dev/null; }
# stored URI FIRST_NAME: one contact of that first name is there.
stored() { [ "$(on_server "$1" "SELECT count(*) FROM contact WHERE first_name = '$2'")" = 1 ]; }

start_app desk -- --db "$URI" --lang en
wait_for "$LOGIN_TEXT"
type_field olli Tab
type_text "$OFFICER_PW"
keys Enter
menu_open Contacts
wait_for 'Contacts'
keys C-n
wait_for "$NEW_FORM_TEXT"
type_field 'Ennen' Tab
type_text 'Vikasietoa'
keys F2
t_saved_on_primary() {
	wait_for 'Ennen Vikasietoa' || return 1
	wait_until stored "$PRIMARY_URI" Ennen
}
check "the desk saves a contact on the primary" t_saved_on_primary

engine_as_server "$ENGINE_PG_BIN/pg_ctl" -D "$PRIMARY/data" -m immediate -w stop >/dev/null 2>&1
engine_as_server "$ENGINE_PG_BIN/pg_ctl" -D "$STANDBY/data" -w -t 60 promote >/dev/null 2>&1
t_promoted() {
	[ "$(on_server "$STANDBY_URI" 'SELECT pg_is_in_recovery()')" = f ]
}
check "the primary is killed and the standby promoted" t_promoted

keys e
t_edit_after_failover() {
	wait_for "$EDIT_FORM_TEXT" || return 1
	keys C-u
	type_text 'Jälkeen'
	keys F2
	wait_for 'Jälkeen Vikasietoa' || return 1
	wait_until stored "$STANDBY_URI" Jälkeen
}
check "the same desk, not restarted, saves an edit on the new primary" t_edit_after_failover

t_chain_verified() {
	cli "$URI" check >"$E2E_TMP/check.out" 2>&1 && grep -q 'audit chain' "$E2E_TMP/check.out"
}
check "regdesk check verifies the audit chain on the new primary" t_chain_verified

finish

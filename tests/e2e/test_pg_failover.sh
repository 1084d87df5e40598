#!/bin/sh
# Failover on PostgreSQL (issue 17): a primary and a synchronous hot standby
# by streaming replication; regdesk saves contacts through a multi-host URI
# (host=A,B&target_session_attrs=read-write) while the primary is killed
# (pg_ctl stop -m immediate) and the standby promoted. Then: later saves
# succeed on the new primary, every save regdesk reported as done is there
# (the synchronous standby had it before the desk was told), the saves that
# failed said so in one line, and `regdesk check` verifies the audit chain.
#   sh tests/e2e/test_pg_failover.sh      (after: make build-asan/regdesk)
BATCH_SUITE=pg_failover
. "$(dirname "$0")/batch_lib.sh"
batch_need

engine_own_cluster a pg_basebackup
PRIMARY=$ENGINE_CLUSTERS/a
PRIMARY_URI=$ENGINE_CLUSTER_URI
OFFICER=olli
OFFICER_PW='olli-pass-12345'

begin "a synchronous hot standby of it starts (pg_cluster.sh standby)"
STANDBY=$ENGINE_CLUSTERS/b
if ! STANDBY_URI=$(sh "$ROOT/tests/pg_cluster.sh" standby "$PRIMARY" "$STANDBY" 2>"$T/pg_err"); then
	why "the standby did not start: $(head -c 800 "$T/pg_err")"
	end
	batch_finish
	exit
fi
# Commits wait for the standby (pg_cluster.sh turns synchronous_commit off
# for speed; a failover test needs it on). Set after the base backup: a
# promoted standby that also waited for a synchronous standby of its own
# would hold every commit until one came (README: after a failover).
psql -X -q -d "$PRIMARY_URI" -c "ALTER SYSTEM SET synchronous_commit = on" \
	-c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 100); do
	state=$(psql -X -q -A -t -d "$PRIMARY_URI" -c "SELECT sync_state FROM pg_stat_replication" 2>/dev/null)
	[ "$state" = sync ] && break
	sleep 0.1
done
[ "$state" = sync ] || why "the standby is not synchronous: pg_stat_replication says '$state'"
[ "$(psql -X -q -A -t -d "$STANDBY_URI" -c 'SELECT pg_is_in_recovery()')" = t ] || why "the standby is not in recovery"
end

# Both hosts (their socket folders), the one taking writes chosen by libpq.
encoded() { printf '%s' "$1" | sed 's|/|%2F|g'; }
URI="postgresql:///regdesk?host=$(encoded "$PRIMARY"),$(encoded "$STANDBY")&port=5432,5432&user=postgres&target_session_attrs=read-write"

begin "regdesk makes a register on the primary through the multi-host URI"
pw "$OFFICER_PW" "$OFFICER_PW"
rd --db "$URI" --password-stdin user add "$OFFICER" --role privacy-officer --full-name "Olli Åkerlund" --commitment-signed 2026-01-01
want_rc 0
pw "$OFFICER_PW"
rd --db "$URI" --password-stdin --user "$OFFICER" contact add --first-name Ähtäri --last-name Ensimmäinen
want_rc 0
[ "$(psql -X -q -A -t -d "$STANDBY_URI" -c 'SELECT count(*) FROM contact')" = 1 ] ||
	why "the standby does not have the first contact"
end

# save N: one batch save; appends "N STATUS PHASE" to $T/saves (PHASE: before
# or after the promotion), keeps its stderr for the checks.
save() {
	phase=before
	[ -e "$T/promoted" ] && phase=after
	printf '%s\n' "$OFFICER_PW" >"$T/in.$1"
	timeout 60 "$BIN" --db "$URI" --password-stdin --user "$OFFICER" contact add --first-name "Vikasieto$1" \
		--last-name Söderström --email "f$1@example.fi" <"$T/in.$1" >"$T/out.$1" 2>"$T/err.$1"
	echo "$1 $? $phase" >>"$T/saves"
}

begin "a stream of saves goes on while the primary is killed and the standby promoted"
: >"$T/saves"
(
	i=0
	while [ ! -e "$T/stop" ] && [ "$i" -lt 400 ]; do
		i=$((i + 1))
		save "$i"
	done
) &
STREAM=$!
BACKGROUND="$BACKGROUND $STREAM"
acked() { awk -v phase="$1" '$2 == 0 && (phase == "" || $3 == phase)' "$T/saves" | wc -l; }
for _ in $(seq 1 300); do
	[ "$(acked before)" -ge 5 ] && break
	sleep 0.1
done
[ "$(acked before)" -ge 5 ] || why "fewer than 5 saves succeeded before the failover: $(tail -n 3 "$T/saves")"
engine_as_server "$ENGINE_PG_BIN/pg_ctl" -D "$PRIMARY/data" -m immediate -w stop >/dev/null 2>&1 || why "pg_ctl stop -m immediate failed"
sleep 0.5
engine_as_server "$ENGINE_PG_BIN/pg_ctl" -D "$STANDBY/data" -w -t 60 promote >/dev/null 2>&1 || why "pg_ctl promote failed"
touch "$T/promoted"
for _ in $(seq 1 300); do
	[ "$(acked after)" -ge 3 ] && break
	sleep 0.1
done
touch "$T/stop"
wait "$STREAM"
BACKGROUND=""
[ "$(acked after)" -ge 3 ] ||
	why "fewer than 3 saves succeeded after the promotion: $(tail -n 5 "$T/saves"); last stderr: $(cat "$T/err.$(tail -n 1 "$T/saves" | cut -d' ' -f1)")"
end

begin "every save regdesk reported as done is on the new primary"
psql -X -q -A -t -d "$STANDBY_URI" -c "SELECT first_name FROM contact" >"$T/present" || why "cannot read the new primary"
missing=0
while read -r n status phase; do
	[ "$status" -eq 0 ] || continue
	grep -q "^Added contact #[0-9]*\.$" "$T/out.$n" || why "save $n: exit 0 without 'Added contact #N.': $(cat "$T/out.$n")"
	if ! grep -qx "Vikasieto$n" "$T/present"; then
		missing=$((missing + 1))
		why "save $n ($phase) was reported done but is missing"
	fi
done <"$T/saves"
echo "# $(acked '') saves done, $(awk '$2 != 0' "$T/saves" | wc -l) refused during the failover" >&2
end

begin "a save that failed said so in one line, without a crash"
while read -r n status phase; do
	[ "$status" -eq 0 ] && continue
	LAST="save $n"
	sanity_of "$T/err.$n" "$status"
	[ "$status" -eq 1 ] || why "save $n exited with $status"
	# A server killed during the connection handshake sends a WARNING that
	# libpq itself prints before regdesk can set its notice processor.
	grep -v '^WARNING:  terminating connection due to immediate shutdown command$' "$T/err.$n" >"$T/err-own.$n"
	lines=$(wc -l <"$T/err-own.$n")
	if [ "$lines" -ne 1 ] || ! grep -q '^regdesk: ' "$T/err-own.$n"; then
		why "save $n: expected one 'regdesk: ' line, got: $(head -c 400 "$T/err.$n")"
	fi
	grep -q "secret\|password=" "$T/err.$n" && why "save $n printed a password field"
done <"$T/saves"
for n in $(awk '$2 == 0 {print $1}' "$T/saves"); do
	LAST="save $n"
	sanity_of "$T/err.$n" 0
done
end

begin "regdesk check verifies the audit chain on the new primary, and the next save works"
pw ""
rd --db "$URI" check
want_rc 0
want_out "audit chain"
pw "$OFFICER_PW"
rd --db "$URI" --password-stdin --user "$OFFICER" contact add --first-name Jälkeen --last-name Åkerlund
want_rc 0
[ "$(psql -X -q -A -t -d "$STANDBY_URI" -c "SELECT count(*) FROM contact WHERE first_name = 'Jälkeen'")" = 1 ] ||
	why "the save after the failover is not on the new primary"
end

batch_finish

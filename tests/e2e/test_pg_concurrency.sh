#!/bin/sh
# Eight writers on one PostgreSQL register at once (issue 17): each adds
# a contact, edits its own field of one shared contact, and records a ban and
# a consent, all started together. Then: every save reported as done is
# there and the counts are exact; no edit was lost (each shared field holds
# the value of the edit that succeeded, and an edit that lost the race was
# refused as a conflict, not silently overwritten); the audit chain verifies
# (`regdesk check`) and never forks (one entry after each).
#   sh tests/e2e/test_pg_concurrency.sh      (after: make build-asan/regdesk)
BATCH_SUITE=pg_concurrency
. "$(dirname "$0")/batch_lib.sh"
batch_need

engine_own_cluster cluster
URI=$ENGINE_CLUSTER_URI
OFFICER=olli
OFFICER_PW='olli-pass-12345'
WRITERS=8
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$URI" -c "$1"; }

begin "a throwaway cluster and a register with one shared contact"
pw "$OFFICER_PW" "$OFFICER_PW"
rd --db "$URI" --password-stdin user add "$OFFICER" --role privacy-officer --full-name "Olli Åkerlund" --commitment-signed 2026-01-01
want_rc 0
pw "$OFFICER_PW"
rd --db "$URI" --password-stdin --user "$OFFICER" contact add --first-name Yhteinen --last-name Kontakti
want_rc 0
SHARED=$(added)
[ -n "$SHARED" ] || why "no id for the shared contact"
end

# The field writer W edits on the shared contact, and the value it writes.
field_of() {
	case $1 in
	1) echo "first-name Aino" ;;
	2) echo "last-name Söderström" ;;
	3) echo "title Toimitusjohtaja" ;;
	4) echo "email w4@example.fi" ;;
	5) echo "phone +358401234567" ;;
	6) echo "street Kauppakatu 4" ;;
	7) echo "postal-code 63700" ;;
	8) echo "city Ähtäri" ;;
	esac
}
column_of() { field_of "$1" | cut -d' ' -f1 | tr - _; }
value_of() { field_of "$1" | cut -d' ' -f2-; }

# op W N ARGS...: one batch command of writer W; "W N STATUS" to $T/ops.W.
op() {
	w=$1 n=$2
	shift 2
	printf '%s\n' "$OFFICER_PW" >"$T/in.$w.$n"
	timeout 120 "$BIN" --db "$URI" --password-stdin --user "$OFFICER" "$@" <"$T/in.$w.$n" \
		>"$T/out.$w.$n" 2>"$T/err.$w.$n"
	echo "$w $n $?" >>"$T/ops.$w"
}

writer() {
	w=$1
	while [ ! -e "$T/go" ]; do sleep 0.05; done
	op "$w" 1 contact add --first-name "Kirjoittaja$w" --last-name "Ensimmäinen"
	op "$w" 2 contact edit "$SHARED" --"$(field_of "$w" | cut -d' ' -f1)" "$(value_of "$w")"
	op "$w" 4 ban set "$SHARED" --purpose postal-mail --channel letter --note "kirjoittaja $w"
	op "$w" 5 ban set "$SHARED" --purpose newsletter --channel email --state consent --note "kirjoittaja $w"
}

begin "$WRITERS writers run their batch commands at once"
pids=""
for w in $(seq 1 "$WRITERS"); do
	writer "$w" &
	pids="$pids $!"
done
BACKGROUND="$BACKGROUND $pids"
touch "$T/go"
for pid in $pids; do
	wait "$pid"
done
BACKGROUND=""
cat "$T"/ops.* >"$T/ops"
[ "$(wc -l <"$T/ops")" -eq $((WRITERS * 4)) ] || why "expected $((WRITERS * 4)) runs, got $(wc -l <"$T/ops")"
while read -r w n status; do
	LAST="writer $w, command $n"
	sanity_of "$T/err.$w.$n" "$status"
	if [ "$status" -ne 0 ] && [ "$n" -ne 2 ]; then
		why "writer $w command $n failed ($status): $(head -c 300 "$T/err.$w.$n")"
	fi
done <"$T/ops"
echo "# $(awk '$3 == 0' "$T/ops" | wc -l) of $(wc -l <"$T/ops") commands done" >&2
end

begin "the counts are exact: every contact and every ban and consent reported done"
added_ok=$(awk '$2 == 1 && $3 == 0' "$T/ops" | wc -l)
want_contacts=$((1 + added_ok))
[ "$(sql 'SELECT count(*) FROM contact')" = "$want_contacts" ] ||
	why "contacts: expected $want_contacts, found $(sql 'SELECT count(*) FROM contact')"
for w in $(seq 1 "$WRITERS"); do
	grep -q "^$w 1 0\$" "$T/ops" || continue
	id=$(sed -n 's/^Added contact #\([0-9]*\)\..*/\1/p' "$T/out.$w.1")
	[ -n "$id" ] || why "writer $w: no 'Added contact #N.'"
	[ "$(sql "SELECT first_name FROM contact WHERE id = ${id:-0}")" = "Kirjoittaja$w" ] ||
		why "contact #$id of writer $w is not there"
done
# Two statements per writer on the shared contact, each a row of history.
bans_ok=$(awk '($2 == 4 || $2 == 5) && $3 == 0' "$T/ops" | wc -l)
events=$(sql "SELECT count(*) FROM consent_event WHERE contact_id = $SHARED")
[ "$events" = "$bans_ok" ] || why "consent events: expected $bans_ok, found $events"
for w in $(seq 1 "$WRITERS"); do
	for n in 4 5; do
		grep -q "^$w $n 0\$" "$T/ops" || continue
		[ "$(sql "SELECT count(*) FROM consent_event WHERE contact_id = $SHARED AND note = 'kirjoittaja $w'")" = 2 ] ||
			why "writer $w: its ban and consent are not both there"
	done
done
end

begin "no lost update: each edit of the shared contact is kept, or was refused as a conflict"
edits_ok=0
for w in $(seq 1 "$WRITERS"); do
	column=$(column_of "$w")
	stored=$(sql "SELECT $column FROM contact WHERE id = $SHARED")
	if grep -q "^$w 2 0\$" "$T/ops"; then
		edits_ok=$((edits_ok + 1))
		[ "$stored" = "$(value_of "$w")" ] || why "writer $w's $column was saved but is now '$stored': a lost update"
	else
		grep -q "changed by someone else" "$T/err.$w.2" ||
			why "writer $w's edit failed without saying it lost the race: $(head -c 300 "$T/err.$w.2")"
		[ "$stored" != "$(value_of "$w")" ] || why "writer $w's edit was refused but its value is stored"
	fi
done
[ "$edits_ok" -ge 1 ] || why "no edit of the shared contact succeeded"
echo "# $edits_ok of $WRITERS edits of the shared contact saved" >&2
end

begin "regdesk check verifies the audit chain; it never forked"
pw ""
rd --db "$URI" check
want_rc 0
want_out "audit chain"
# Each entry's hash covers the one before it in id order: two writers
# appending after the same entry would fail the verification.
[ "$(sql "SELECT count(*) FROM audit_entry WHERE action LIKE 'contact.%' OR action LIKE 'consent%' OR action LIKE 'ban%'")" -gt 0 ] ||
	why "the commands left no audit entries"
pw "$OFFICER_PW"
rd --db "$URI" --password-stdin --user "$OFFICER" audit verify
want_rc 0
end

batch_finish

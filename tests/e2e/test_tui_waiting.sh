#!/bin/sh
# End-to-end test of a desk that must wait for another's long operation
# (issue 14): while another program holds the database's write lock and names
# itself in the side file as an import by anna, 40 % done, a screen whose
# write must wait (Ctrl-L locks the screen, which is audited) shows on its
# message line what it waits for; when the lock is let go the write
# completes, the screen locks, and nothing failed with "locked".
# Runs build-asan/regdesk in tmux (see lib.sh).
#   sh tests/e2e/test_tui_waiting.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/waiting.db
PASSWORD=officer-pass-1
LOGIN_TEXT='Log in with your personal account.'

printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | cli "$MAIN_DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 \
	--full-name 'Olli Upseeri' olli >/dev/null 2>&1 || die "cannot create the first account"

log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field olli Tab
	type_text "$PASSWORD"
	keys Enter
	wait_for 'Logged in as'
}

# hold SECONDS: another process takes the write lock and names itself in the
# side file, as a long import does; prints "held" once it holds it.
hold() {
	python3 - "$MAIN_DB" "$1" <<'PY'
import os, sqlite3, sys, time
db, seconds = sys.argv[1], float(sys.argv[2])
connection = sqlite3.connect(db, isolation_level=None, timeout=30)
connection.execute("BEGIN IMMEDIATE")
with open(db + ".activity.tmp", "w") as side:
    side.write("%d\timport\t40\tanna\n" % os.getpid())
os.rename(db + ".activity.tmp", db + ".activity")
print("held", flush=True)
time.sleep(seconds)
connection.execute("COMMIT")
os.unlink(db + ".activity")
print("released", flush=True)
PY
}

DB=waiting.db start_app main
check "log in" log_in
hold 4 >"$E2E_TMP/hold.out" 2>&1 &
HOLDER=$!
i=0
while ! grep -q held "$E2E_TMP/hold.out" && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
keys C-l
check "the waiting desk is told what for" wait_for 'waiting: an import by anna, 40 % done'
check "meanwhile the screen is not locked yet" not_shown 'The screen is locked'
check "once the lock is let go the write completes: the screen is locked" wait_for 'The screen is locked' 20
wait "$HOLDER"
check "the holder let go after its time" grep -q released "$E2E_TMP/hold.out"
check "nothing about 'locked' on the desk's error output" sh -c "! grep -qi 'database is locked\|locked by another' '$(e2e_file main stderr)'"
check "the lock was audited after the wait" sh -c "[ \"\$(sqlite3 '$MAIN_DB' \"SELECT count(*) FROM audit_entry WHERE action = 'session.lock'\")\" = 1 ]"
stop_app

finish

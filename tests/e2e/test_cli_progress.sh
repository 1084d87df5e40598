#!/bin/sh
# Long work shows progress in batch mode (issue 16): an export, the check, a
# backup, the review queue and a restore print one line, rewritten, with
# done of total, the rate and the time left on stderr when it is a terminal
# (run under script(1)), and nothing when stderr is not one: scripts' output
# stays clean.
#   sh tests/e2e/test_cli_progress.sh      (after: make build-asan/regdesk)
BATCH_SUITE=progress
. "$(dirname "$0")/batch_lib.sh"
batch_need

if ! command -v script >/dev/null 2>&1; then
	echo "skip - every check (script(1) from util-linux is missing)"
	exit 0
fi

OFFICER=anna
OFFICER_PW='Ähtäri-Salasana-1'
DB=$(engine_db register "$T")
printf '%s\n' "$OFFICER_PW" >"$T/password"

as_officer() {
	pw "$OFFICER_PW"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

# on_terminal NAME ARGS...: runs regdesk as the officer with stdin, stdout
# and stderr on a pseudo-terminal; what the terminal saw is in $T/NAME.tty.
on_terminal() {
	name=$1
	shift
	LAST="regdesk $* (on a terminal)"
	script -qec "'$BIN' --db '$DB' --password-stdin --user $OFFICER $* <'$T/password'" "$T/$name.tty" >/dev/null 2>&1
	RC=$?
	RUNS=$((RUNS + 1))
	sanity_of "$T/$name.tty" "$RC"
}

# shown NAME TEXT: the terminal of run NAME saw TEXT (the line is rewritten with \r).
shown() {
	tr '\r' '\n' <"$T/$1.tty" | grep -Eq -- "$2" || {
		why "expected the terminal to show /$2/; it saw:"
		why "$(tr '\r' '\n' <"$T/$1.tty" | head -c 800)"
	}
}

# --- the register: 3000 contacts, a recipient ------------------------------
pw "$OFFICER_PW" "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 --full-name 'Anna Ähtäri' "$OFFICER"
python3 -c "
print('First name,Last name,Street,Postal code,City')
for i in range(3000):
    print('Aino,Söderström%d,Kunnanmäki %d,63700,Ähtäri' % (i, i))" >"$T/contacts.csv"
as_officer import contacts "$T/contacts.csv" --category customer
as_officer recipient add --name 'Posti Partner Oy' --kind partner --country FI
RECIPIENT=$(added)

begin "export on a terminal: done of total contacts, the rate, then the line is cleared"
on_terminal export export --purpose postal-mail --recipient "$RECIPIENT" --out "$T/on-terminal.csv"
want_rc 0
shown export 'Exporting: [0-9]+ of 3000 contacts \([0-9]+ %\), [0-9]+/s'
shown export 'Exporting: 3000 of 3000 contacts \(100 %\)'
tr '\r' '\n' <"$T/export.tty" | grep -q 'Exported to' || why "the export's report is missing"
end

# no_progress: the last run printed no progress line (stderr keeps its report).
no_progress() {
	# (CSV on stdout ends its lines with CR LF: only stderr is searched for a CR.)
	if grep -Eq "Exporting|Backing up|Checking the file|Audit trail:|Review queue:|Restoring:" \
		"$T/out" "$T/err" || grep -q "$(printf '\r')" "$T/err"; then
		why "a progress line although stderr is not a terminal"
		show_run
	fi
}

begin "export piped: no progress line, the report as before"
as_officer export --purpose postal-mail --recipient "$RECIPIENT" --out "$T/piped.csv"
want_rc 0
no_progress
want_out "Exported to"
want_err "considered: 3000"
end

begin "check on a terminal: the file check's time (SQLite), then the audit trail's entries of total"
on_terminal check check
want_rc 0
# PostgreSQL keeps its own pages: its check has no file stage.
[ "$ENGINE" = sqlite ] && shown check 'Checking the file: [0-9]+:[0-9]{2}'
shown check 'Audit trail: [0-9]+ of [0-9]+ entries'
end

begin "backup on a terminal: pages of total (SQLite) or the dump's time (PostgreSQL), then its MB read back; piped: nothing on stderr"
on_terminal backup backup "$T/backup.db"
want_rc 0
if [ "$ENGINE" = sqlite ]; then
	shown backup 'Backing up: [0-9]+ of [0-9]+ pages'
else
	# pg_dump's size is known only at its end: the time it takes.
	shown backup 'Backing up: [0-9]+:[0-9]{2}'
	shown backup 'Reading the backup: [0-9]+ of [0-9]+ MB'
fi
rd --db "$DB" backup "$T/backup-piped.db"
want_rc 0
no_progress
[ -s "$T/err" ] && { why "stderr should be empty"; show_run; }
end

begin "review due on a terminal: the queue's contacts of total; piped: the CSV alone"
on_terminal review review due
want_rc 0
shown review 'Review queue: [0-9]+ of 3000 contacts'
as_officer review due
want_rc 0
no_progress
[ -s "$T/err" ] && { why "stderr should be empty"; show_run; }
head -n 1 "$T/out" | grep -q '^"contact_id",' || why "stdout does not start with the CSV header"
end

begin "restore on a terminal: the pages copied in, of total (SQLite), the backup's MB read (PostgreSQL, into an empty database)"
if [ "$ENGINE" = sqlite ]; then
	on_terminal restore restore "$T/backup.db"
	want_rc 0
	shown restore 'Restoring: [0-9]+ of [0-9]+ pages'
	rd --db "$DB" check
else
	TO=$(engine_db restored "$T")
	on_terminal restore restore "$T/backup.db" --to "'$TO'"
	want_rc 0
	shown restore 'Reading the backup: [0-9]+ of [0-9]+ MB'
	rd --db "$TO" check
fi
want_rc 0
no_progress
end

batch_finish

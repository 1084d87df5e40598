#!/bin/sh
# End-to-end tests of the one command table (issue 15): every command of the
# table is in --help, has its own --help and is in the man page made from the
# template; every option of every command takes --opt=value as well as
# --opt value; usage errors name the command and the option; --lang=fi works.
#   sh tests/e2e/test_cli_commands.sh      (after: make build-asan/regdesk)
BATCH_SUITE=commands
. "$(dirname "$0")/batch_lib.sh"
batch_need

DB=$(engine_db commands "$T")
OFFICER=olli
OFFICER_PW='olli-pass-12345'

as_officer() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

# The table, as the program prints it for the man page: one "@COMMAND name@" per command.
: >"$T/in"
"$BIN" --man-commands >"$T/man-commands" 2>"$T/man-err"
sed -n 's/^@COMMAND \(.*\)@$/\1/p' "$T/man-commands" >"$T/commands"

begin "the command table is printed for the man page (--man-commands) and has the commands"
count=$(wc -l <"$T/commands")
[ "$count" -ge 45 ] || why "--man-commands listed $count commands, expected at least 45"
for command in "user add" "user edit" "contact add" "request notify" "report" "backup" "import contacts"; do
	grep -qx "$command" "$T/commands" || why "'$command' is not in the table"
done
end

begin "every command of the table is in --help with its one-line help"
rd --help
want_rc 0
while IFS= read -r command; do
	grep -q "^  $command\( \|\$\)" "$T/out" || why "--help does not list '$command'"
done <"$T/commands"
end

begin "the man page made from the template has every command, and the build refuses a template missing one"
if sh "$ROOT/data/man/build.sh" "$BIN" "$ROOT/data/man/regdesk.1" >"$T/regdesk.1" 2>"$T/build-err"; then
	while IFS= read -r command; do
		escaped=$(printf '%s' "$command" | sed 's/-/\\\\-/g')
		grep -q "^\\\\fB$escaped\\\\fR" "$T/regdesk.1" || why "regdesk(1) has no entry for '$command'"
	done <"$T/commands"
	grep -q '@COMMAND' "$T/regdesk.1" && why "a marker was left in the man page"
else
	why "data/man/build.sh failed: $(cat "$T/build-err")"
fi
grep -v '@COMMAND check@' "$ROOT/data/man/regdesk.1" >"$T/missing.1"
if sh "$ROOT/data/man/build.sh" "$BIN" "$T/missing.1" >/dev/null 2>"$T/build-err"; then
	why "a template without 'check' was accepted"
else
	grep -q "check" "$T/build-err" || why "the build's refusal does not name the missing command"
fi
end

begin "the man page renders without warnings (groff)"
if command -v groff >/dev/null 2>&1; then
	# A long CSV header that cannot be broken is the template's own, not the table's.
	groff -man -Tutf8 -ww "$T/regdesk.1" 2>&1 >"$T/man.raw" | grep -v "can't break line" >"$T/groff-err"
	sed "s/.$(printf '\b')//g" "$T/man.raw" | tr -s ' ' >"$T/man.txt"   # no overstriking (bold), no justification
	[ -s "$T/groff-err" ] && why "groff warned: $(head -c 400 "$T/groff-err")"
	grep -q 'stty -ixon' "$T/man.txt" && ! grep -q 'turns the terminal.s XON/XOFF' "$T/man.txt" &&
		why "the man page still says Ctrl-S needs stty -ixon (regdesk turns flow control off itself)"
	grep -q 'sqlite3 regdesk.db ".backup' "$T/man.txt" && why "NOTES still recommend sqlite3 .backup"
	grep -q 'regdesk backup' "$T/man.txt" || why "NOTES do not name regdesk backup"
	end
else
	skip "$CHECK" "groff is not installed"
fi

# Every option of every command, from the table: --opt=value is read like
# --opt value. All of a command's options go in one run ended by --help, so
# that nothing is done: the run must print the command's own usage.
begin "every command has its own --help, and takes --opt=value for every one of its options"
python3 - "$T/man-commands" >"$T/options" <<'PY'
import re, sys
command = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r"^@COMMAND (.*)@$", line)
    if m:
        command = m.group(1)
        continue
    if command and line.startswith("\\fB") and "\\-\\-" in line:
        for name, value in re.findall(r"\\fB\\-\\-([a-z0-9\\-]+)\\fR( \\fI)?", line):
            print("%s\t%s\t%s" % (command, name.replace("\\-", "-"), "value" if value else "flag"))
        command = None
PY
option_count=$(wc -l <"$T/options")
[ "$option_count" -ge 150 ] || why "only $option_count options found in the table"
while IFS= read -r command; do
	args=$(awk -F '\t' -v c="$command" '$1 == c { printf " --%s%s", $2, $3 == "value" ? "=x-1" : "" }' "$T/options")
	# shellcheck disable=SC2086
	rd --db "$T/help.db" $command $args --help
	if [ "$RC" -ne 0 ] || ! grep -q "^Usage: regdesk \[OPTIONS\] $command" "$T/out" || ! grep -q ')$' "$T/out"; then
		why "'regdesk $command$args --help' did not print the command's usage (exit $RC)"
		show_run
	fi
done <"$T/commands"
[ ! -e "$T/help.db" ] || why "a --help created the database"
end

begin "a flag given a value is a usage error naming it"
for try in "contact add:confirm-duplicate" "erase:preview" "import contacts:dry-run"; do
	command=${try%%:*} flag=${try#*:}
	# shellcheck disable=SC2086
	rd --db "$T/help.db" $command --$flag=yes
	want_rc 2
	want_err "regdesk: $command: --$flag takes no value; see regdesk $command --help"
done
end

begin "usage errors name the command and the option: unknown option, missing value, missing word, required option"
rd --db "$T/help.db" contact add --foo
want_rc 2
want_one_line_err
want_err "regdesk: contact add: unknown option --foo; see regdesk contact add --help"
rd --db "$T/help.db" contact add --foo=bar
want_rc 2
want_err "unknown option --foo;"
rd --db "$T/help.db" ban set 1 --purpose
want_rc 2
want_err "regdesk: ban set: --purpose needs a value; see regdesk ban set --help"
rd --db "$T/help.db" ban set --purpose=postal-mail --channel=letter
want_rc 2
want_err "regdesk: ban set: needs CONTACT_ID"
rd --db "$T/help.db" ban set 1 --channel=letter
want_rc 2
want_err "regdesk: ban set: --purpose is required"
rd --db "$T/help.db" erase 1
want_rc 2
want_err "--preview or --confirm is required"
rd --db "$T/help.db" user role anna
want_rc 2
want_err "needs USERNAME ROLE"
rd --db "$T/help.db" contact show 1 2
want_rc 2
want_err "unexpected '2'"
rd --db "$T/help.db" user frobnicate
want_rc 2
want_err "user needs one of: add, list"
[ ! -e "$T/help.db" ] || why "a usage error created the database"
end

begin "setup: the first officer with --opt=value options"
pw "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --role=privacy-officer --full-name='Olli Upseeri' \
	--commitment-signed=2020-01-02 "$OFFICER"
want_rc 0
end

begin "--first-name=x, --purpose=x and --role=x work as --opt x (they failed before)"
as_officer contact add --first-name=Åsa --last-name=Söderström --email=asa@example.fi --category=customer \
	--source=person
want_rc 0
ASA=$(added)
[ -n "$ASA" ] || why "no contact added"
as_officer contact show "$ASA"
want_out "Åsa"
want_out "Söderström"
as_officer ban set "$ASA" --purpose=postal-mail --channel=letter --given-on=2026-03-01
want_rc 0
want_out "postal-mail"
as_officer ban show "$ASA" --format=csv
want_rc 0
want_out "postal-mail"
as_officer contact find --format=csv söder
want_rc 0
want_out "asa@example.fi"
end

# Notice §5.1: every employee signed a non-disclosure commitment.
begin "user add needs --commitment-signed (a date, not after today); user list shows it"
printf '%s\n%s\n' "$OFFICER_PW" 'rita-temporary-1' >"$T/in"
rd --db "$DB" --password-stdin --user "$OFFICER" user add --full-name 'Rita Vastaanotto' rita
want_rc 2
want_err "--commitment-signed is required"
tomorrow=$(python3 -c 'import datetime; print(datetime.date.today() + datetime.timedelta(days=2))')
printf '%s\n%s\n' "$OFFICER_PW" 'rita-temporary-1' >"$T/in"
rd --db "$DB" --password-stdin --user "$OFFICER" user add --full-name 'Rita Vastaanotto' --commitment-signed "$tomorrow" rita
want_rc 1
want_err "after today"
printf '%s\n%s\n' "$OFFICER_PW" 'rita-temporary-1' >"$T/in"
rd --db "$DB" --password-stdin --user "$OFFICER" user add --full-name='Rita Vastaanotto' --commitment-signed=3.2.2025 rita
want_rc 0
as_officer user list --format csv
want_out '"rita","Rita Vastaanotto","reception","must-change-password","2025-02-03"'
end

begin "an account without the date cannot log in; the officer records it with user edit (audited)"
python3 - "$DB" <<'PY'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
connection.execute("UPDATE account SET commitment_signed_on = NULL WHERE username = 'rita'")
PY
printf '%s\n%s\n%s\n' 'rita-temporary-1' 'rita-temporary-1' 'rita-own-password-1' >"$T/in"
rd --db "$DB" --password-stdin --user rita user passwd rita
want_rc 1
want_err "no confidentiality commitment recorded"
as_officer user list
grep -E '^rita +.*no date' "$T/out" >/dev/null || { why "user list does not show rita without a date"; show_run; }
as_officer user edit rita --commitment-signed=2025-02-03
want_rc 0
want_out "Recorded that rita signed the confidentiality commitment on 2025-02-03."
printf '%s\n%s\n' 'rita-temporary-1' 'rita-own-password-1' >"$T/in"
rd --db "$DB" --password-stdin --user rita user passwd rita
want_rc 0
as_officer audit list --action account.commitment --format csv
want_out "account.commitment"
end

begin "a privacy officer without the date may only record their own: then everything works again"
python3 - "$DB" <<'PY'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
connection.execute("UPDATE account SET commitment_signed_on = NULL WHERE username = 'olli'")
PY
as_officer contact find söder
want_rc 1
want_err "user edit $OFFICER --commitment-signed DATE"
as_officer user edit rita --commitment-signed=2025-02-04
want_rc 1
as_officer user edit "$OFFICER" --commitment-signed=2026-01-05
want_rc 0
as_officer contact find söder
want_rc 0
want_out "asa@example.fi"
end

begin "--lang=fi is honoured, not ignored: the program's messages are in Finnish"
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --lang=fi --db "$DB" --password-stdin --user "$OFFICER" contact show 999999
fi_err=$(cat "$T/err")
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --lang en --db "$DB" --password-stdin --user "$OFFICER" contact show 999999
[ -n "$fi_err" ] && [ "$fi_err" != "$(cat "$T/err")" ] || why "--lang=fi gave the English message: $fi_err"
rd --lang=fi --help
want_out "Käyttö"
rd --lang=xx --help
want_rc 2
want_err "unknown language 'xx'"
rd --db=/nonexistent/dir/x.db check
want_rc 1
want_err "/nonexistent/dir/x.db"
rd --frob --help
want_rc 2
want_err "unknown option --frob"
end

batch_finish

#!/bin/sh
# The office install (issue 14): `make install` into a scratch root, the
# same setup script as the Debian package's postinst, then the installed
# setgid binary run as an unprivileged user (setpriv to nobody). Staff work
# through regdesk; the database, its WAL and head file, backups and the
# files folder are out of their reach, and nothing in their environment or
# on the command line moves the register elsewhere.
#   sh tests/e2e/test_office_install.sh      (as root; prints "ok - " lines)
# The Debian package itself (make deb) is not built here: it takes one to
# three minutes on a 2-core machine; its postinst runs the same script.
# `make install PREFIX=/usr` rebuilds the two objects that hold the install
# paths (build/install_paths.h); the cleanup puts the default ones back, so
# the suites after this one run the build/regdesk they expect.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-office.XXXXXX") || exit 1
SOCKET=regdesk-office-$$
PASSED=0 FAILED=0 SKIPPED=0
cleanup() {
	tmux -L "$SOCKET" kill-server 2>/dev/null
	rm -rf "$T"
	(cd "$ROOT" && make -s build/regdesk >/dev/null 2>&1)
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
not_ok() { echo "not ok - $1"; shift; for line in "$@"; do echo "# $line"; done; FAILED=$((FAILED + 1)); }
check() {   # check NAME COMMAND...: ok when COMMAND succeeds
	name=$1; shift
	if "$@" >"$T/check.out" 2>&1; then ok "$name"; else not_ok "$name" "$(head -c 400 "$T/check.out")"; fi
}
finish() {
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	[ "$FAILED" -eq 0 ]
	exit
}

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1; then
	echo "skip - office install (needs root, setpriv and the user nobody)"
	SKIPPED=1
	finish
fi
LC_ALL=C.UTF-8 LANGUAGE=en
export LC_ALL LANGUAGE
unset REGDESK_DB XDG_DATA_HOME LANG LC_MESSAGES

# The scratch root: nobody must reach the binary (mktemp made it 0700).
DEST=$T/root
mkdir -p "$DEST" && chmod 755 "$T" "$DEST"
if ! (cd "$ROOT" && make -s install DESTDIR="$DEST" PREFIX=/usr) >"$T/make.out" 2>&1; then
	not_ok "make install DESTDIR PREFIX=/usr" "$(tail -n 5 "$T/make.out")"
	finish
fi
ok "make install DESTDIR PREFIX=/usr"
BIN=$DEST/usr/bin/regdesk
LIB=$DEST/var/lib/regdesk
cat >"$DEST/etc/regdesk/regdesk.conf" <<CONF
# the scratch office
database = $LIB/regdesk.db
files_folder = $LIB/files
backup_folder = $LIB/backups
backup_key = $DEST/etc/regdesk/backup.key
CONF
# A group that exists only by number: the test adds nothing to /etc/group.
GID=64990
while getent group "$GID" >/dev/null; do GID=$((GID - 1)); done
check "the setup script (the package's postinst) sets the install up" \
	sh "$ROOT/data/office/office-setup.sh" --root "$DEST" --bindir /usr/bin --group "$GID"
mode_of() { stat -c '%a %U %g' "$1"; }
check "the binary is setgid to the group" test "$(mode_of "$BIN")" = "2755 root $GID"
check "the register's folder is 2770 root and the group" test "$(mode_of "$LIB")" = "2770 root $GID"
check "the configuration is 0640 root and the group" test "$(mode_of "$DEST/etc/regdesk/regdesk.conf")" = "640 root $GID"
check "the backup key is 32 bytes, 0640 root and the group" \
	test "$(mode_of "$DEST/etc/regdesk/backup.key") $(wc -c <"$DEST/etc/regdesk/backup.key")" = "640 root $GID 32"

STAFF="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
PW=office-pass-1
# as_staff ARGS...: the installed binary as nobody, passwords from $T/in.
as_staff() { $STAFF "$BIN" "$@" <"$T/in" >"$T/out" 2>"$T/err"; }
as_root() { "$BIN" "$@" <"$T/in" >"$T/out" 2>"$T/err"; }
pw() { printf '%s\n' "$@" >"$T/in"; }
has() { grep -q -- "$2" "$T/$1"; }

pw "$PW" "$PW"
as_staff --password-stdin user add --commitment-signed 2026-01-05 --role privacy-officer --full-name 'Anna Ähtäri' anna
if [ $? -ne 0 ] && has err "administrator creates" && [ ! -e "$LIB/regdesk.db" ]; then
	ok "a staff member cannot create the register and claim its first officer"
else
	not_ok "a staff member cannot create the register and claim its first officer" "$(cat "$T/err")"
fi

pw "$PW" "$PW"
if as_root --password-stdin user add --commitment-signed 2026-01-05 --role privacy-officer --full-name 'Anna Ähtäri' anna; then
	ok "root creates the register and its first privacy officer"
else
	not_ok "root creates the register and its first privacy officer" "$(cat "$T/err")"
fi
pw "$PW" "$PW"
as_root --user anna --password-stdin user add --commitment-signed 2026-01-05 --role reception --full-name 'Pekka Päätalo' pekka >/dev/null
pw "$PW" "$PW"
as_root --user pekka --password-stdin user passwd pekka >/dev/null
check "the database, WAL and head file are the group's, 0660" \
	test "$(stat -c '%a %g' "$LIB/regdesk.db" "$LIB/regdesk.db.audit-head")" = "$(printf '660 %s\n660 %s' "$GID" "$GID")"

pw "$PW"
if as_staff --user pekka --password-stdin contact add --first-name Åsa --last-name Söderström --email asa@example.fi \
	--category customer --source person && pw "$PW" && as_staff --user pekka --password-stdin contact find sod &&
	has out "Söderström"; then
	ok "staff log in with their regdesk account and work through regdesk"
else
	not_ok "staff log in with their regdesk account and work through regdesk" "$(cat "$T/err")"
fi

# direct_read_refused FILE: it is there (root sees it), and nobody can
# read, list or copy it: "Permission denied".
direct_read_refused() {
	name="a direct read of ${1#"$LIB"/} is refused"
	if [ ! -e "$1" ]; then
		not_ok "$name" "$1 is not there to try"
	elif $STAFF cat "$1" >/dev/null 2>"$T/denied" || $STAFF ls "$1" >/dev/null 2>&1 ||
		$STAFF cp "$1" /tmp/ 2>/dev/null || ! grep -q "Permission denied" "$T/denied"; then
		not_ok "$name" "$(cat "$T/denied")"
	else
		ok "$name"
	fi
}
for file in "$LIB/regdesk.db" "$LIB/regdesk.db.audit-head"; do
	direct_read_refused "$file"
done
check "nor can staff write into the folder" sh -c "! $STAFF sh -c 'echo x > $LIB/regdesk.db' 2>/dev/null"

mkdir -p "$T/nobody" && chown nobody "$T/nobody"
pw "$PW"
as_staff --user anna --password-stdin backup "$T/nobody/copy.db"
if [ $? -ne 0 ] && has err "only in $LIB/backups" && [ ! -e "$T/nobody/copy.db" ]; then
	ok "backup to the user's own file is refused, even for the officer"
else
	not_ok "backup to the user's own file is refused, even for the officer" "$(cat "$T/err")"
fi
pw ""
as_staff backup "$LIB/backups/x.db"
if [ $? -ne 0 ] && has err "privacy officer's login" && [ ! -e "$LIB/backups/x.db" ]; then
	ok "backup without the officer's login is refused"
else
	not_ok "backup without the officer's login is refused" "$(cat "$T/err")"
fi
pw "$PW"
as_staff --user pekka --password-stdin backup
if [ $? -ne 0 ] && has err "not permitted"; then ok "reception may not back up"; else not_ok "reception may not back up" "$(cat "$T/err")"; fi
pw "$PW"
if as_staff --user anna --password-stdin backup "$LIB/backups/anna.db" &&
	test "$(stat -c '%a %g' "$LIB/backups/anna.db")" = "660 $GID"; then
	ok "the officer backs up into the backup folder (0660, the group's)"
	direct_read_refused "$LIB/backups/anna.db"
else
	not_ok "the officer backs up into the backup folder (0660, the group's)" "$(cat "$T/err")"
fi
pw ""
if as_root backup && ls "$LIB/backups"/regdesk-*.db >/dev/null 2>&1; then
	ok "the service (root, the timer) backs up without a login to regdesk-<weekday>.db"
else
	not_ok "the service (root, the timer) backs up without a login to regdesk-<weekday>.db" "$(cat "$T/err")"
fi
cp "$LIB/backups/anna.db" "$T/nobody/outside.db" && chmod 644 "$T/nobody/outside.db"
pw "$PW"
as_staff --user anna --password-stdin restore "$T/nobody/outside.db"
if [ $? -ne 0 ] && has err "only in $LIB/backups"; then ok "restore from outside the backup folder is refused"; else not_ok "restore from outside the backup folder is refused" "$(cat "$T/err")"; fi

pw "$PW"
if REGDESK_DB=$T/nobody/mine.db XDG_DATA_HOME=$T/nobody as_staff --user pekka --password-stdin contact find sod &&
	has out "Söderström" && [ ! -e "$T/nobody/mine.db" ] && [ ! -e "$T/nobody/regdesk" ]; then
	ok "REGDESK_DB and XDG_DATA_HOME are ignored"
else
	not_ok "REGDESK_DB and XDG_DATA_HOME are ignored" "$(cat "$T/err")"
fi
pw "$PW"
as_staff --db "$T/nobody/x.db" --user pekka --password-stdin contact find sod
if [ $? -ne 0 ] && has err "must name a file in $LIB" && [ ! -e "$T/nobody/x.db" ]; then
	ok "--db outside the register's folder is refused"
else
	not_ok "--db outside the register's folder is refused" "$(cat "$T/err")"
fi
pw "$PW" "$PW"
as_staff --db "$LIB/new.db" --password-stdin user add --commitment-signed 2026-01-05 --role privacy-officer --full-name Mallory mallory
if [ $? -ne 0 ] && [ ! -e "$LIB/new.db" ]; then ok "staff cannot start a register of their own in the folder"; else not_ok "staff cannot start a register of their own in the folder" "$(cat "$T/err")"; fi

pw "$PW"
as_staff --user anna --password-stdin report 1 --format text --out "$T/nobody/report.txt"
if [ $? -ne 0 ] && has err "only into $LIB/files" && [ ! -e "$T/nobody/report.txt" ]; then
	ok "a report to the user's own file is refused"
else
	not_ok "a report to the user's own file is refused" "$(cat "$T/err")"
fi
pw "$PW"
if as_staff --user anna --password-stdin report 1 --format text --out report-1.txt &&
	test "$(stat -c '%a %g' "$LIB/files/report-1.txt")" = "660 $GID"; then
	ok "a report by a bare name goes into the files folder (0660, the group's)"
	direct_read_refused "$LIB/files/report-1.txt"
else
	not_ok "a report by a bare name goes into the files folder (0660, the group's)" "$(cat "$T/err")"
fi
pw "$PW"
as_staff --user pekka --password-stdin import contacts "$LIB/regdesk.db" --dry-run
if [ $? -ne 0 ] && has err "Permission denied"; then
	ok "an import reads with the user's own rights, not the group's"
else
	not_ok "an import reads with the user's own rights, not the group's" "$(cat "$T/err")"
fi
pw "$PW"
if as_staff --lang fi --user nobody-such --password-stdin contact find x; has err "Väärä tunnus tai salasana"; then
	ok "the installed binary finds its Finnish catalog under PREFIX=/usr"
else
	not_ok "the installed binary finds its Finnish catalog under PREFIX=/usr" "$(cat "$T/err")"
fi

# A user's own file is imported (read with the user's rights); the rows it
# rejects go into the files folder, not beside it.
printf 'Etunimi,Sukunimi,Sähköposti\nMatti,Ähtäri,matti@example.fi\nLiisa,Virta,not-an-address\n' >"$T/nobody/list.csv"
chown nobody "$T/nobody/list.csv" && chmod 600 "$T/nobody/list.csv"
pw "$PW"
if as_staff --user pekka --password-stdin import contacts "$T/nobody/list.csv" --category event \
	--source event-registration --source-detail 'Syysmessut 2026' --rejects rejected.csv &&
	[ "$(stat -c '%a %g' "$LIB/files/rejected.csv" 2>&1)" = "660 $GID" ] && [ ! -e "$T/nobody/rejected.csv" ]; then
	ok "an import of the user's own file; its rejected rows go into the files folder"
else
	not_ok "an import of the user's own file; its rejected rows go into the files folder" "$(cat "$T/out" "$T/err")"
fi

# An erasure ends with VACUUM, whose temporary copy of the register must go
# into the register's folder, not a /tmp file the user would own.
pw "$PW"
if as_staff --user anna --password-stdin erase 1 --confirm && pw "$PW" &&
	as_staff --user anna --password-stdin contact find sod && ! has out "Söderström" &&
	[ -z "$(find /tmp /var/tmp -maxdepth 1 -user nobody -name 'etilqs_*' 2>/dev/null)" ]; then
	ok "the officer erases a person through regdesk, VACUUM included"
else
	not_ok "the officer erases a person through regdesk, VACUUM included" "$(cat "$T/err")"
fi

# The screens, as nobody in a terminal: the login, then the main menu.
if command -v tmux >/dev/null 2>&1; then
	# Core files allowed by the shell: the program itself turns them off.
	tmux -L "$SOCKET" -f /dev/null new-session -d -x 100 -y 30 "ulimit -c unlimited; $STAFF $BIN --lang en; sleep 5"
	seen() {
		i=0
		while [ $i -lt 100 ]; do
			tmux -L "$SOCKET" capture-pane -p -t 0 2>/dev/null | grep -q -- "$1" && return 0
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	if seen "Log in with your personal account"; then
		tmux -L "$SOCKET" send-keys -t 0 -l anna
		tmux -L "$SOCKET" send-keys -t 0 Tab
		tmux -L "$SOCKET" send-keys -t 0 -l "$PW"
		tmux -L "$SOCKET" send-keys -t 0 Enter
		if seen "Contacts"; then ok "as nobody in a terminal: the login screen, then the main menu"
		else not_ok "as nobody in a terminal: the login screen, then the main menu" "$(tmux -L "$SOCKET" capture-pane -p -t 0)"; fi
		# While a session is open its WAL and shared-memory file are there too.
		direct_read_refused "$LIB/regdesk.db-wal"
		direct_read_refused "$LIB/regdesk.db-shm"
		pid=$(pgrep -u nobody -f "$BIN" | head -n 1)
		if [ -n "$pid" ] && ! $STAFF cat "/proc/$pid/environ" >/dev/null 2>&1 && ! $STAFF cat "/proc/$pid/maps" >/dev/null 2>&1; then
			ok "the running program's memory and environment are closed to its user"
		else
			not_ok "the running program's memory and environment are closed to its user" "pid '$pid'"
		fi
		if [ -n "$pid" ] && grep -q "^Max core file size *0 *0 " "/proc/$pid/limits"; then
			ok "core dumps are off"
		else
			not_ok "core dumps are off" "$(grep "core" "/proc/$pid/limits" 2>&1)"
		fi
	else
		not_ok "as nobody in a terminal: the login screen" "$(tmux -L "$SOCKET" capture-pane -p -t 0)"
	fi
else
	echo "skip - the screens as nobody (tmux is missing)"
	SKIPPED=$((SKIPPED + 1))
fi
finish

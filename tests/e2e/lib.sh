# Library for regdesk's end-to-end suites (POSIX sh; tig's test/tools/libtest.sh
# is the model). A suite sources it with
#     . "$(dirname "$0")/lib.sh"
# and gets:
#   - $E2E_TMP, a temporary directory removed at exit (kept when E2E_KEEP=1);
#   - its own tmux server (tmux -L regdesk-e2e-PID, never the default one),
#     killed at exit together with every regdesk it started;
#   - helpers to start the real program (build-asan/regdesk, sanitizers on)
#     in a detached tmux session, type into it, wait for text, resize it;
#   - check/skip, which print "ok - NAME", "not ok - NAME" or "skip - NAME (REASON)",
#     and finish, which checks every run's stderr for sanitizer reports and
#     exits non-zero when anything failed.
#
# Environment: REGDESK (TUI binary, default build-asan/regdesk), REGDESK_CLI
# (batch binary, default the same), E2E_TIMEOUT (seconds, default 10),
# E2E_TERM (default screen-256color), E2E_KEEP=1 (keep the temp dir),
# E2E_VERBOSE=1 (dump the screen after every check).

set -u

E2E_ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
cd "$E2E_ROOT" || exit 1

REGDESK=${REGDESK:-$E2E_ROOT/build-asan/regdesk}
# The batch command line is the same sanitized binary by default: one build
# for both (build/ and build-asan/ may be built from different sources while
# others work; a database written by a newer schema is refused by an older one).
REGDESK_CLI=${REGDESK_CLI:-$REGDESK}
E2E_TIMEOUT=${E2E_TIMEOUT:-10}
E2E_TERM=${E2E_TERM:-screen-256color}
E2E_SOCKET=regdesk-e2e-$$
E2E_PASSED=0
E2E_FAILED=0
E2E_SKIPPED=0
E2E_SESSIONS=""          # every session started, for the final checks and cleanup
SESSION=""               # the current session: the one the helpers act on
E2E_START=$(date +%s)
E2E_SUITE_DEADLINE=$((E2E_START + ${E2E_SUITE_TIMEOUT:-300}))

# Sanitizers: abort on the first real error. Leak detection stays on as the
# caller set it; ncurses' by-design allocations are suppressed in tests/lsan.supp.
E2E_ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=1:halt_on_error=1"
E2E_UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:print_stacktrace=1:halt_on_error=1"
E2E_LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$E2E_ROOT/tests/lsan.supp:print_suppressions=0"
E2E_SANITIZER_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer|AddressSanitizer:DEADLYSIGNAL|SUMMARY: [A-Za-z]*Sanitizer'

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-e2e.XXXXXX") || exit 1
E2E_SCREEN=$E2E_TMP/screen.txt   # the last captured screen
: >"$E2E_SCREEN"
. "$E2E_ROOT/tests/e2e/python.sh"
python_direct "$E2E_TMP/bin"
# Registers on SQLite or PostgreSQL (engine.sh); checks read them with regdesk_db.py.
ENGINE_LIST=$E2E_TMP/engine-databases
. "$E2E_ROOT/tests/e2e/engine.sh"
PYTHONPATH=$E2E_ROOT/tests/e2e${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

# e2e_db PATH: where the register a suite calls PATH lives: PATH itself on
# SQLite; on PostgreSQL one database per file name, made at first use.
e2e_db() {
	if [ "$ENGINE" = sqlite ]; then
		echo "$1"
		return
	fi
	e2e_db_key=$E2E_TMP/postgresql-$(basename "$1")
	[ -s "$e2e_db_key" ] || engine_db "$(basename "$1" .db)" >"$e2e_db_key"
	cat "$e2e_db_key"
}

# tmux with its own server and no user configuration, UTF-8 forced.
tm() {
	LC_ALL=C.UTF-8 tmux -u -f /dev/null -L "$E2E_SOCKET" "$@"
}

e2e_cleanup() {
	for e2e_session in $E2E_SESSIONS; do
		e2e_kill_program "$e2e_session"
	done
	tm kill-server >/dev/null 2>&1
	engine_drop_all
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "# kept $E2E_TMP" >&2
	else
		rm -rf "$E2E_TMP"
	fi
}
trap 'e2e_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

die() {
	echo "Bail out! $*"
	exit 2
}

[ -x "$REGDESK" ] || die "$REGDESK is missing: run make build-asan/regdesk"
command -v tmux >/dev/null 2>&1 || die "tmux is not installed"

# --- programs ---------------------------------------------------------------

# The pid file, stderr log and exit log of a session.
e2e_file() {
	echo "$E2E_TMP/session-$1.$2"
}

# start_app SESSION [COLSxROWS] [-- ARGUMENT...]
# Starts build-asan/regdesk in a detached tmux session (SESSION: letters,
# digits, '-' or '_') and makes it current. The program's stderr, pid and exit
# status are kept in $E2E_TMP/session-SESSION.*; after it exits the pane stays.
# Without arguments after --, runs with --db $E2E_TMP/$DB --lang ${LANG_OPTION:-en}
# where DB defaults to regdesk.db. Extra environment: APP_ENV="NAME=VALUE ...".
start_app() {
	SESSION=$1
	shift
	e2e_size=80x24
	case ${1:-} in
	[0-9]*x[0-9]*) e2e_size=$1; shift ;;
	esac
	[ "${1:-}" = -- ] && shift
	if [ $# -eq 0 ]; then
		set -- --db "$(e2e_db "$E2E_TMP/${DB:-regdesk.db}")" --lang "${LANG_OPTION:-en}"
	fi
	e2e_launcher=$E2E_TMP/session-$SESSION.sh
	rm -f "$(e2e_file "$SESSION" pid)" "$(e2e_file "$SESSION" exit)"
	: >"$(e2e_file "$SESSION" stderr)"
	{
		echo '#!/bin/sh'
		echo "cd '$E2E_ROOT' || exit 1"
		echo 'unset LC_ALL LC_MESSAGES LANGUAGE NO_COLOR COLUMNS LINES'
		echo "export LANG=C.UTF-8 TERM='$E2E_TERM'"
		echo "export ASAN_OPTIONS='$E2E_ASAN_OPTIONS' UBSAN_OPTIONS='$E2E_UBSAN_OPTIONS' LSAN_OPTIONS='$E2E_LSAN_OPTIONS'"
		for e2e_assignment in ${APP_ENV:-}; do
			echo "export '$e2e_assignment'"
		done
		# The terminal's settings before and after, to check that they are restored.
		echo "stty -a >'$(e2e_file "$SESSION" stty-before)' 2>&1"
		# The inner sh records the program's pid, then becomes the program.
		printf "sh -c 'echo \$\$ >\"\$0\"; exec \"\$@\"' '%s' '%s'" "$(e2e_file "$SESSION" pid)" "$REGDESK"
		for e2e_argument in "$@"; do
			printf " '%s'" "$e2e_argument"
		done
		printf " 2>'%s'\n" "$(e2e_file "$SESSION" stderr)"
		echo 'status=$?'
		echo "stty -a >'$(e2e_file "$SESSION" stty-after)' 2>&1"
		echo "echo \"EXITED:\$status\" >>'$(e2e_file "$SESSION" exit)'"
		echo 'exec sleep 600'
	} >"$e2e_launcher"
	e2e_columns=${e2e_size%x*}
	e2e_rows=${e2e_size#*x}
	if tm has-session -t "=$SESSION" 2>/dev/null; then
		tm kill-session -t "=$SESSION"
	fi
	if ! tm new-session -d -s "$SESSION" -x "$e2e_columns" -y "$e2e_rows" "sh '$e2e_launcher'"; then
		echo "# cannot start tmux session $SESSION" >&2
		return 1
	fi
	# The window keeps the size it is given (no client sizes it). Per window:
	# tmux 3.3a's server dies on the next new-session after "set -g window-size manual".
	tm set-option -w -t "=$SESSION:" window-size manual >/dev/null 2>&1
	tm resize-window -t "=$SESSION" -x "$e2e_columns" -y "$e2e_rows" >/dev/null 2>&1
	case " $E2E_SESSIONS " in
	*" $SESSION "*) ;;
	*) E2E_SESSIONS="$E2E_SESSIONS $SESSION" ;;
	esac
	# Bounded wait for the program to be running.
	e2e_waited=0
	while [ ! -s "$(e2e_file "$SESSION" pid)" ] && [ "$e2e_waited" -lt 50 ]; do
		sleep 0.1
		e2e_waited=$((e2e_waited + 1))
	done
	return 0
}

# use_session SESSION: makes another started session current.
use_session() {
	SESSION=$1
}

app_pid() {
	cat "$(e2e_file "${1:-$SESSION}" pid)" 2>/dev/null
}

# True while the program of the session runs (it has not exited).
app_running() {
	[ ! -s "$(e2e_file "${1:-$SESSION}" exit)" ] || return 1
	e2e_pid=$(app_pid "${1:-$SESSION}")
	[ -n "$e2e_pid" ] && kill -0 "$e2e_pid" 2>/dev/null
}

# The exit status the program recorded, or nothing while it runs.
app_exit_status() {
	sed -n 's/^EXITED://p' "$(e2e_file "${1:-$SESSION}" exit)" 2>/dev/null | tail -n 1
}

# wait_exit [TIMEOUT]: waits until the program has exited.
wait_exit() {
	e2e_deadline=$(e2e_deadline_after "${1:-$E2E_TIMEOUT}")
	while [ ! -s "$(e2e_file "$SESSION" exit)" ]; do
		[ "$(date +%s)" -lt "$e2e_deadline" ] || return 1
		sleep 0.1
	done
}

# Ends the session's program by its pid (SIGTERM, which regdesk handles by
# leaving cleanly), waits a little for its exit to be recorded, then removes
# the tmux session.
e2e_kill_program() {
	e2e_pid=$(app_pid "$1")
	if [ -n "$e2e_pid" ] && [ ! -s "$(e2e_file "$1" exit)" ] && kill -0 "$e2e_pid" 2>/dev/null; then
		kill -TERM "$e2e_pid" 2>/dev/null
		e2e_tries=0
		while [ ! -s "$(e2e_file "$1" exit)" ] && [ "$e2e_tries" -lt 50 ]; do
			sleep 0.1
			e2e_tries=$((e2e_tries + 1))
		done
		# Deaf to SIGTERM: a hang, which finish reports as a crash.
		if kill -0 "$e2e_pid" 2>/dev/null; then
			kill -KILL "$e2e_pid" 2>/dev/null
			echo "EXITED:killed-after-SIGTERM" >>"$(e2e_file "$1" exit)"
		fi
	fi
	tm kill-session -t "=$1" >/dev/null 2>&1
}

# stop_app [SESSION]: ends a session's program and its tmux session.
stop_app() {
	e2e_kill_program "${1:-$SESSION}"
}

# --- keys -------------------------------------------------------------------

# keys KEY...: tmux key names (Tab, Enter, Escape, F2, C-l, Up, Right, BTab ...).
keys() {
	tm send-keys -t "=$SESSION:" "$@"
}

# type_text TEXT: literal text, UTF-8 included.
type_text() {
	tm send-keys -t "=$SESSION:" -l -- "$1"
}

# type_field TEXT [KEY]: literal text, then a key (default Tab).
type_field() {
	type_text "$1"
	keys "${2:-Tab}"
}

# --- screen -----------------------------------------------------------------

# capture [FILE]: the visible screen as text, into $E2E_SCREEN (and FILE).
capture() {
	tm capture-pane -p -t "=$SESSION:" >"$E2E_SCREEN.new" 2>/dev/null || : >"$E2E_SCREEN.new"
	mv "$E2E_SCREEN.new" "$E2E_SCREEN"
	[ $# -eq 0 ] || cp "$E2E_SCREEN" "$1"
}

# screen_has TEXT: the screen (captured now) shows TEXT.
screen_has() {
	capture
	grep -qF -- "$1" "$E2E_SCREEN"
}

# screen_lacks TEXT: the screen (captured now) does not show TEXT.
screen_lacks() {
	capture
	! grep -qF -- "$1" "$E2E_SCREEN"
}

# screen_line N: line N (1-based) of the last captured screen.
screen_line() {
	sed -n "${1}p" "$E2E_SCREEN"
}

# screen_row_with TEXT: the first line of the screen (captured now) containing TEXT.
screen_row_with() {
	capture
	grep -F -m 1 -- "$1" "$E2E_SCREEN"
}

# e2e_deadline_after SECONDS: the earlier of now + SECONDS and the suite's
# deadline (E2E_SUITE_TIMEOUT, default 300 s), so that a broken program makes
# the suite fail quickly instead of waiting out every timeout.
e2e_deadline_after() {
	e2e_now=$(date +%s)
	e2e_until=$((e2e_now + $1))
	[ "$e2e_until" -le "$E2E_SUITE_DEADLINE" ] || e2e_until=$E2E_SUITE_DEADLINE
	echo "$e2e_until"
}

# wait_until [-t TIMEOUT] COMMAND...: polls every 0.1 s (capturing the screen
# first) until COMMAND succeeds on two pictures 40 ms apart while the program
# runs.
# Fails at the timeout, or at once when the program is not running: a program
# that died (a sanitizer abort leaves the alternate screen up) must not pass on
# its last picture.
wait_until() {
	e2e_timeout=$E2E_TIMEOUT
	if [ "${1:-}" = -t ]; then
		e2e_timeout=$2
		shift 2
	fi
	e2e_deadline=$(e2e_deadline_after "$e2e_timeout")
	while :; do
		if ! app_running; then
			capture
			echo "# wait_until $*: the program is not running (exit: $(app_exit_status))" >&2
			return 1
		fi
		capture
		if "$@"; then
			# The terminal may have been captured mid-redraw (a screen's
			# output arrives in several writes): the condition must still
			# hold on a picture taken a moment later, which the checks
			# after the wait then read. (Not "the same picture": a
			# progress bar never stands still.)
			sleep 0.04
			capture
			"$@" && return 0
		fi
		[ "$(date +%s)" -lt "$e2e_deadline" ] || break
		sleep 0.1
	done
	echo "# wait_until $*: not true within $e2e_timeout s" >&2
	return 1
}

# Conditions on the last captured screen (for wait_until and check).
shown() {
	grep -qF -- "$1" "$E2E_SCREEN"
}
not_shown() {
	! grep -qF -- "$1" "$E2E_SCREEN"
}
# line_has N TEXT: line N (1-based) of the last captured screen contains TEXT.
line_has() {
	sed -n "${1}p" "$E2E_SCREEN" | grep -qF -- "$2"
}

# field_has LABEL VALUE: in the last captured screen, the form row labelled
# LABEL shows VALUE as a whole word (capture drops trailing spaces).
field_has() {
	awk -v label="  $1 " -v value=" $2 " '
		index($0, label) == 1 && index($0 " ", value) { found = 1 }
		END { exit !found }' "$E2E_SCREEN"
}

# wait_for TEXT [TIMEOUT]: polls every 0.1 s until the screen shows TEXT.
wait_for() {
	wait_until -t "${2:-$E2E_TIMEOUT}" shown "$1"
}

# wait_gone TEXT [TIMEOUT]: polls until the screen no longer shows TEXT.
wait_gone() {
	wait_until -t "${2:-$E2E_TIMEOUT}" not_shown "$1"
}

# capture_escapes FILE: the screen with its attributes as escape sequences.
capture_escapes() {
	tm capture-pane -e -p -t "=$SESSION:" >"$1" 2>/dev/null
}

# terminal_restored: after the program's exit, the pane has left the
# alternate screen, shows the cursor, is out of keypad-transmit mode, and the
# tty's settings (stty -a, size line aside) are those it started with.
terminal_restored() {
	e2e_state=$(tm display-message -p -t "=$SESSION:" '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}')
	if [ "$e2e_state" != "0 1 0 0" ]; then
		echo "# terminal state (alternate cursor keypad-cursor keypad): $e2e_state" >&2
		return 1
	fi
	e2e_before=$(e2e_file "$SESSION" stty-before)
	e2e_after=$(e2e_file "$SESSION" stty-after)
	[ -s "$e2e_before" ] && [ -s "$e2e_after" ] || return 1
	if [ "$(sed 1d "$e2e_before")" != "$(sed 1d "$e2e_after")" ]; then
		echo "# stty settings differ after exit:" >&2
		diff "$e2e_before" "$e2e_after" | sed 's/^/#   /' >&2
		return 1
	fi
}

# resize COLUMNS ROWS: resizes the session's window (the program gets SIGWINCH).
resize() {
	tm resize-window -t "=$SESSION:" -x "$1" -y "$2"
}

# screen_size: "COLUMNSxROWS" of the session's pane.
screen_size() {
	tm display-message -p -t "=$SESSION:" '#{pane_width}x#{pane_height}'
}

# --- batch command line -----------------------------------------------------

# cli DB ARGUMENT...: the batch command line on DB; the standard input of the
# caller is passed on (passwords, one a line). Its stderr goes to the caller's
# stderr and is also kept, so that finish can look for sanitizer reports.
cli() {
	e2e_db=$(e2e_db "$1")
	shift
	ASAN_OPTIONS=$E2E_ASAN_OPTIONS UBSAN_OPTIONS=$E2E_UBSAN_OPTIONS LSAN_OPTIONS=$E2E_LSAN_OPTIONS \
		"$REGDESK_CLI" --db "$e2e_db" --lang en "$@" 2>"$E2E_TMP/cli.err"
	e2e_cli_status=$?
	cat "$E2E_TMP/cli.err" >&2
	cat "$E2E_TMP/cli.err" >>"$E2E_TMP/cli-all.err"
	return "$e2e_cli_status"
}

# --- results ----------------------------------------------------------------

e2e_dump() {
	echo "#   screen ($SESSION):"
	sed 's/^/#   | /' "$E2E_SCREEN"
	e2e_stderr=$(e2e_file "$SESSION" stderr)
	if [ -s "$e2e_stderr" ]; then
		echo "#   stderr ($SESSION):"
		head -n 40 "$e2e_stderr" | sed 's/^/#   ! /'
	fi
	if [ -s "$(e2e_file "$SESSION" exit)" ]; then
		echo "#   program exited: $(app_exit_status)"
	fi
}

# check NAME COMMAND...: runs COMMAND; prints "ok - NAME" or "not ok - NAME"
# (then the last captured screen, for diagnosis).
check() {
	E2E_CHECK_NAME=$1
	shift
	if "$@"; then
		echo "ok - $E2E_CHECK_NAME"
		E2E_PASSED=$((E2E_PASSED + 1))
		[ "${E2E_VERBOSE:-0}" = 1 ] && e2e_dump
		return 0
	fi
	echo "not ok - $E2E_CHECK_NAME"
	E2E_FAILED=$((E2E_FAILED + 1))
	e2e_dump
	return 1
}

# skip NAME REASON
skip() {
	echo "skip - $1 ($2)"
	E2E_SKIPPED=$((E2E_SKIPPED + 1))
}

# note TEXT: a diagnostic line (ignored by tests/run-all.sh).
note() {
	echo "# $*"
}

# no_sanitizer_report SESSION: the session's stderr holds no sanitizer report.
no_sanitizer_report() {
	! grep -Eq "$E2E_SANITIZER_PATTERN" "$(e2e_file "$1" stderr)" 2>/dev/null
}

# finish: stops every program, checks that no run reported a sanitizer error
# or died from a signal, prints a summary, exits 0 only when nothing failed.
finish() {
	for e2e_session in $E2E_SESSIONS; do
		e2e_kill_program "$e2e_session"
	done
	e2e_bad=""
	for e2e_session in $E2E_SESSIONS; do
		SESSION=$e2e_session
		if ! no_sanitizer_report "$e2e_session"; then
			e2e_bad="$e2e_bad $e2e_session"
			continue
		fi
		# 0 = quit or SIGTERM; 1 = refused to start; anything else (abort,
		# signal, killed after a SIGTERM it ignored) is a crash.
		e2e_status=$(app_exit_status "$e2e_session")
		case ${e2e_status:-0} in
		0 | 1) ;;
		*) e2e_bad="$e2e_bad $e2e_session" ;;
		esac
	done
	if grep -Eq "$E2E_SANITIZER_PATTERN" "$E2E_TMP/cli-all.err" 2>/dev/null; then
		e2e_bad="$e2e_bad batch-command-line"
	fi
	if [ -z "$e2e_bad" ]; then
		check "no sanitizer report or crash in any run ($(echo $E2E_SESSIONS | wc -w) runs)" true
	else
		: >"$E2E_SCREEN"
		check "no sanitizer report or crash in any run (bad:$e2e_bad)" false
		for e2e_session in $e2e_bad; do
			if [ "$e2e_session" = batch-command-line ]; then
				grep -E -A 30 "$E2E_SANITIZER_PATTERN" "$E2E_TMP/cli-all.err" | head -n 60 | sed 's/^/#   ! /'
				continue
			fi
			echo "#   $e2e_session exit: $(app_exit_status "$e2e_session")"
			head -n 60 "$(e2e_file "$e2e_session" stderr)" | sed 's/^/#   ! /'
		done
	fi
	echo "# $E2E_PASSED passed, $E2E_FAILED failed, $E2E_SKIPPED skipped in $(( $(date +%s) - E2E_START )) s"
	[ "$E2E_FAILED" -eq 0 ]
	exit $?
}

# The main menu is a grid of two columns, filled down the first column and
# then the second; selection moves through it in that order (Down, Up).
# menu_entries: the entries of the last capture in that order, one a line.
menu_entries() {
	awk '
		/Logged in as/ { top = NR + 2; next }
		top && NR >= top && !done {
			if ($0 ~ /^ *$/) { done = 1; next }
			line = $0
			sub(/^ +/, "", line)
			sub(/ +$/, "", line)
			n = split(line, parts, /   +/)
			rows++
			first[rows] = parts[1]
			second[rows] = n > 1 ? parts[2] : ""
		}
		END {
			for (r = 1; r <= rows; r++) print first[r]
			for (r = 1; r <= rows; r++) if (second[r] != "") print second[r]
		}' "$E2E_SCREEN"
}

# menu_has LABEL: the main menu of the last capture offers LABEL.
menu_has() {
	menu_entries | grep -qxF -- "$1"
}

# selected_item: the text drawn in the selection's colours (black on cyan).
selected_item() {
	capture_escapes "$E2E_TMP/escapes.txt"
	sed -n 's/.*\x1b\[\([0-9;]*;\)\{0,1\}46m\([^\x1b]*\).*/\2/p' "$E2E_TMP/escapes.txt" | head -n 1 |
		sed 's/^ *//; s/ *$//'
}

# down_to LINE FIRST: Home, then Down until the row on screen line LINE
# (1-based) is selected, in a list whose first row is on line FIRST.
down_to() {
	keys Home
	e2e_steps=$(($1 - $2))
	while [ "$e2e_steps" -gt 0 ]; do
		keys Down
		e2e_steps=$((e2e_steps - 1))
	done
}

# line_of TEXT: the number of the first line of the last capture containing TEXT.
line_of() {
	grep -n -F -m 1 -- "$1" "$E2E_SCREEN" | cut -d: -f1
}

# menu_open LABEL...: on the main menu, walks down from the first entry to the
# first of LABELs it offers and opens it, watching the selection move (so
# that neither the menu's layout nor a slow redraw misleads it).
menu_open() {
	wait_for 'Logged in as' || return 1
	e2e_wanted=""
	for e2e_label in "$@"; do
		if menu_has "$e2e_label"; then
			e2e_wanted=$e2e_label
			break
		fi
	done
	[ -n "$e2e_wanted" ] || { note "the main menu offers none of: $*"; return 1; }
	keys Home
	sleep 0.1
	e2e_moves=0
	while [ "$e2e_moves" -lt 40 ]; do
		e2e_selected=$(selected_item)
		if [ "$e2e_selected" = "$e2e_wanted" ]; then
			keys Enter
			return 0
		fi
		keys Down
		e2e_waited=0
		while [ "$e2e_waited" -lt 20 ] && [ "$(selected_item)" = "$e2e_selected" ]; do
			sleep 0.05
			e2e_waited=$((e2e_waited + 1))
		done
		e2e_moves=$((e2e_moves + 1))
	done
	note "could not select '$e2e_wanted' on the main menu (last selected: '$e2e_selected')"
	return 1
}

# The frame of the batch-command suites (test_cli*.sh): a private temp dir
# and HOME, English messages, the sanitizer options, the reporting of checks
# (begin / why / end / skip), running regdesk (pw / rd / show_run) and the
# closing summary (batch_finish). Sourced after setting BATCH_SUITE:
#   BATCH_SUITE=consents; . "$(dirname "$0")/batch_lib.sh"
# The terminal suites use lib.sh instead.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${REGDESK_BIN:-$ROOT/build-asan/regdesk}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
STARTED=$(date +%s)

# The batch path must not leak: leaks and UB abort and show up in stderr.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# English messages whatever the caller's locale; Python reads and writes UTF-8.
LC_ALL=C.UTF-8
LANGUAGE=en
PYTHONIOENCODING=utf-8
export ASAN_OPTIONS UBSAN_OPTIONS LC_ALL LANGUAGE PYTHONIOENCODING
unset REGDESK_DB XDG_DATA_HOME LANG LC_MESSAGES

T=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-${BATCH_SUITE:-batch}.XXXXXX") || exit 1
# Never touch the real home: the default database path lives under $HOME.
HOME=$T/home
export HOME
mkdir -p "$HOME"
. "$ROOT/tests/e2e/python.sh"
python_direct "$T/bin"
# Registers on SQLite or PostgreSQL (engine.sh); checks read them with regdesk_db.py.
ENGINE_LIST=$T/engine-databases
. "$ROOT/tests/e2e/engine.sh"
PYTHONPATH=$ROOT/tests/e2e${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
cd "$T" || exit 1    # relative paths regdesk might create stay in the temp dir
IMMUTABLE=""     # files made immutable with chattr, undone on exit
BACKGROUND=""    # background processes started here, stopped on exit

cleanup() {
	for pid in $BACKGROUND; do
		kill -9 "$pid" 2>/dev/null
	done
	for file in $IMMUTABLE; do
		chattr -i "$file" 2>/dev/null
	done
	engine_drop_all
	chmod -R u+rwX "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

RUNS=0
# --- reporting: begin / why / end / skip ----------------------------------
. "$ROOT/tests/e2e/checks.sh"

# --- running regdesk -------------------------------------------------------

# pw LINE...: the lines regdesk reads from standard input on its next run.
pw() {
	printf '%s\n' "$@" >"$T/in"
}

# batch_need [MODULE...]: the regdesk binary exists (else "not ok" and exit 1)
# and python3 imports the MODULEs (else every check is skipped: exit 0).
batch_need() {
	if [ ! -x "$BIN" ]; then
		echo "not ok - regdesk binary exists"
		echo "# $BIN is missing: run make build-asan/regdesk"
		exit 1
	fi
	[ $# -gt 0 ] || return 0
	if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import $(echo "$*" | sed 's/ /, /g')" 2>/dev/null; then
		echo "skip - every check (python3 with $* is missing)"
		exit 0
	fi
}

# added: the id in "Added contact #N." / "Added recipient #N." of the last run.
added() {
	sed -n 's/^Added [a-z]* #\([0-9]*\)\..*/\1/p' "$T/out" | head -n 1
}

# rd ARGS...: runs regdesk with stdin from pw; sets RC, leaves $T/out and
# $T/err. A sanitizer report or death by signal fails the current check.
rd() {
	LAST="regdesk $*"
	"$BIN" "$@" <"$T/in" >"$T/out" 2>"$T/err"
	RC=$?
	RUNS=$((RUNS + 1))
	sanity_of "$T/err" "$RC"
}

# sanity_of STDERR_FILE EXIT_STATUS: records a crash in the current check
# and in the log that the last check looks at.
sanity_of() {
	if grep -Eq 'Sanitizer|runtime error:|^SUMMARY: ' "$1" || [ "$2" -ge 128 ]; then
		why "crash: $LAST exited with status $2 and said:"
		sed -n '1,25p' "$1" >>"$T/why"
		{ echo "== $CHECK: $LAST (status $2)"; sed -n '1,40p' "$1"; } >>"$T/crashes"
	fi
}

# Shows the last run in the diagnostics.
show_run() {
	why "command: $LAST"
	why "exit status: $RC"
	[ -s "$T/out" ] && why "stdout: $(head -c 600 "$T/out")"
	[ -s "$T/err" ] && why "stderr: $(head -c 600 "$T/err")"
	return 0
}

# --- expectations on the last run --------------------------------------

want_rc() {
	if [ "$RC" -ne "$1" ]; then
		why "expected exit status $1"
		show_run
	fi
}

want_err() {
	if ! grep -Fq -- "$1" "$T/err"; then
		why "expected stderr to mention '$1'"
		show_run
	fi
}

want_out() {
	if ! grep -Fq -- "$1" "$T/out"; then
		why "expected stdout to contain '$1'"
		show_run
	fi
}

want_no_out() {
	if grep -Fq -- "$1" "$T/out"; then
		why "stdout should not contain '$1'"
		show_run
	fi
}

# The refusal format: exactly one line on stderr, starting "regdesk: ".
want_one_line_err() {
	lines=$(wc -l <"$T/err")
	if [ "$lines" -ne 1 ] || ! head -n 1 "$T/err" | grep -q '^regdesk: '; then
		why "expected exactly one stderr line starting 'regdesk: ' (got $lines lines)"
		show_run
	fi
}

# batch_finish: the check that no run crashed, then the summary line; the
# suite's exit status says whether every check passed.
batch_finish() {
	begin "no sanitizer report, leak or death by signal in any regdesk run"
	if [ -s "$T/crashes" ]; then
		why "sanitizer reports or crashes:"
		sed -n '1,60p' "$T/crashes" >>"$T/why"
	fi
	end
	echo "# $PASSED passed, $FAILED failed, $SKIPPED skipped; $RUNS regdesk runs in $(($(date +%s) - STARTED)) s"
	[ "$FAILED" -eq 0 ]
}

#!/bin/sh
# Runs every test suite and ends with one summary line: "N passed, N failed, N skipped".
#   sh tests/run-all.sh [unit|e2e|all] [--fuzz SECONDS]     (default: all)
# Every suite runs on SQLite; then the unit tests, the batch suites and the
# terminal suites that touch storage run again on PostgreSQL, in a
# throwaway cluster (tests/pg_cluster.sh), their lines marked "[postgresql]".
# The two passes run side by side (the PostgreSQL pass as a second run of
# this script, its lines printed after the SQLite pass's); the suites that
# time things or kill at random moments hold the machine alone (a lock both
# passes take: shared by every other suite and unit test).
# REGDESK_TEST_ENGINES=sqlite (or postgresql) runs one pass only.
# --fuzz runs tests/fuzz/run.sh SECONDS beside the unit tests (it fuzzes for a
# fixed time, so it costs no wall time there) and prints its lines after them;
# like before, its check is not in the summary, but its failure fails the run.
# Unit tests are cmocka binaries in build-asan/tests/; end-to-end suites are
# tests/e2e/*.sh, which print "ok - ", "not ok - " or "skip - " per check.
set -u
cd "$(dirname "$0")/.." || exit 1
which=${1:-all}
fuzz_seconds=""
[ "${2:-}" = --fuzz ] && fuzz_seconds=${3:-30}
passed=0 failed=0 skipped=0
log=$(mktemp)
bin=$(mktemp -d)
work=$(mktemp -d)
cluster=""    # the PostgreSQL pass's throwaway cluster, stopped however the run ends
postgresql_lane=""    # the PostgreSQL pass running beside this one
trap '[ -z "$postgresql_lane" ] || kill "$postgresql_lane" 2>/dev/null; rm -f "$log"; rm -rf "$bin" "$work"; [ -z "$cluster" ] || { sh tests/pg_cluster.sh stop "$cluster/cluster" >/dev/null 2>&1; rm -rf "$cluster"; }' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The fuzzer in the caller's environment, as it was run before the suites.
fuzz_status=0
if [ -n "$fuzz_seconds" ]; then
	sh tests/fuzz/run.sh "$fuzz_seconds" >"$work/fuzz.log" 2>&1 </dev/null &
	fuzz_pid=$!
fi
# Suites start python3 hundreds of times: not through a launcher (tests/e2e/python.sh).
. tests/e2e/python.sh
python_direct "$bin"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The lock of the suites that must have the machine alone (see alone()),
# shared with the PostgreSQL pass started below.
if [ -z "${REGDESK_TEST_LOCK:-}" ]; then
	REGDESK_TEST_LOCK=$work/alone.lock
	: >"$REGDESK_TEST_LOCK"
	export REGDESK_TEST_LOCK
fi

# locked shared|alone COMMAND...: runs COMMAND holding the lock shared, or
# alone. A suite waiting to run alone leaves a mark that holds back new
# shared holders, so that a stream of suites never starves it. (-o: the
# lock is not inherited by what the command leaves running, a tmux server
# or a cluster.)
locked() {
	if [ "$1" = alone ]; then
		shift
		: >"$REGDESK_TEST_LOCK.waiting.$$"
		flock -x -o "$REGDESK_TEST_LOCK" "$@"
		locked_status=$?
		rm -f "$REGDESK_TEST_LOCK.waiting.$$"
		return "$locked_status"
	fi
	shift
	while ls "$REGDESK_TEST_LOCK".waiting.* >/dev/null 2>&1; do
		sleep 0.2
	done
	flock -s -o "$REGDESK_TEST_LOCK" "$@"
}

# alone SUITE: true for the suites that measure time (a login's duration,
# the desk's speed) or kill a process at random moments within a measured
# window: nothing else runs beside them, in either pass.
alone() {
	case $(basename "$1") in
	test_cli.sh | test_cli_restore.sh | test_desk_speed.sh | test_load_faults.sh) return 0 ;;
	*) return 1 ;;
	esac
}

# finish_fuzz: waits for the fuzz run and prints its lines.
finish_fuzz() {
	[ -n "$fuzz_seconds" ] || return 0
	wait "$fuzz_pid"
	fuzz_status=$?
	echo "== fuzz: tests/fuzz/run.sh $fuzz_seconds"
	cat "$work/fuzz.log"
	# Counted like a suite, so that the summary line tells a failed fuzz run.
	passed=$((passed + $(grep -c '^ok - ' "$work/fuzz.log")))
	skipped=$((skipped + $(grep -c '^skip - ' "$work/fuzz.log")))
	f=$(grep -c '^not ok - ' "$work/fuzz.log")
	[ "$fuzz_status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	failed=$((failed + f))
	fuzz_seconds=""
}

unit_pass() {
	for test in build-asan/tests/test_*; do
		[ -x "$test" ] || continue
		echo "== unit$PASS_LABEL: $(basename "$test")"
		started=$(date +%s)
		locked shared "$test" >"$log" 2>&1
		status=$?
		cat "$log"
		echo "== $(basename "$test"): $(($(date +%s) - started)) s"
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		skipped=$((skipped + ${s:-0}))
		# A crash (sanitizer abort) or a summary-less exit counts as a failure.
		if [ "$status" -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); fi
	done
}

# run_suite SUITE: runs it into $work/NAME.log, its exit status into
# NAME.status and its seconds into NAME.seconds.
run_suite() {
	run_name=$(basename "$1")
	run_started=$(date +%s)
	run_lock=shared
	alone "$1" && run_lock=alone
	locked "$run_lock" sh "$1" >"$work/$run_name.log" 2>&1
	echo $? >"$work/$run_name.status"
	echo $(($(date +%s) - run_started)) >"$work/$run_name.seconds"
}

# start_suite SUITE: run_suite in the background.
start_suite() {
	run_suite "$1" </dev/null &
	RUNNING="$RUNNING $!:$1"
}

# report_suite SUITE: waits for it, prints its output whole and counts it.
report_suite() {
	name=$(basename "$1")
	for job in $RUNNING; do
		[ "${job#*:}" = "$1" ] && wait "${job%%:*}"
	done
	echo "== e2e$PASS_LABEL: $name"
	cat "$work/$name.log"
	echo "== $name: $(cat "$work/$name.seconds" 2>/dev/null) s"
	status=$(cat "$work/$name.status" 2>/dev/null || echo 1)
	p=$(grep -c '^ok - ' "$work/$name.log")
	f=$(grep -c '^not ok - ' "$work/$name.log")
	s=$(grep -c '^skip - ' "$work/$name.log")
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $status"
		failed=$((failed + 1))
	fi
}

# Batch suites that time nothing run two at a time (each waits on its own
# regdesk runs about a third of the time); the suites that measure time or
# kill at random moments (test_cli.sh, test_cli_restore.sh,
# test_load_faults.sh, test_desk_speed.sh) and the tmux suites run alone.
pairable() {
	case $(basename "$1") in
	test_cli.sh | test_cli_restore.sh) return 1 ;;
	test_cli_*.sh) return 0 ;;
	*) return 1 ;;
	esac
}

# On PostgreSQL: the batch suites and the terminal suites that store
# things; the suites of files, packaging, timing of the SQLite file and the
# source's structure ran in the SQLite pass and mean nothing more here.
on_postgresql() {
	case $(basename "$1") in
	test_cli_*.sh | test_cli.sh) return 0 ;;
	test_tui_contacts.sh | test_tui_consents.sh | test_tui_requests.sh | test_tui_training.sh | \
		test_tui_review.sh | test_tui_screens.sh | test_tui_foundation.sh | test_desk_speed.sh) return 0 ;;
	*) return 1 ;;
	esac
}

e2e_pass() {
	RUNNING=""
	pending=""    # a pairable suite started and not yet reported
	for suite in tests/e2e/test_*.sh; do
		[ -f "$suite" ] || continue
		[ -z "$PASS_LABEL" ] || on_postgresql "$suite" || continue
		if pairable "$suite"; then
			start_suite "$suite"
			[ -z "$pending" ] || report_suite "$pending"
			pending=$suite
			continue
		fi
		[ -z "$pending" ] || report_suite "$pending"
		pending=""
		run_suite "$suite"
		report_suite "$suite"
	done
	[ -z "$pending" ] || report_suite "$pending"
}

engines=${REGDESK_TEST_ENGINES:-sqlite postgresql}
PASS_LABEL=""
unset REGDESK_TEST_POSTGRESQL
# Both passes: the PostgreSQL one runs beside this one, as its own run of
# this script; its output is printed, and counted, after the SQLite pass's.
if echo "$engines" | grep -qw sqlite && echo "$engines" | grep -qw postgresql; then
	REGDESK_TEST_ENGINES=postgresql sh tests/run-all.sh "$which" >"$work/postgresql.out" 2>&1 </dev/null &
	postgresql_lane=$!
	engines=sqlite
fi
if echo "$engines" | grep -qw sqlite; then
	if [ "$which" = all ] || [ "$which" = unit ]; then unit_pass; fi
	# The terminal and timing suites get the machine without the fuzzer.
	finish_fuzz
	if [ "$which" = all ] || [ "$which" = e2e ]; then e2e_pass; fi
fi
finish_fuzz

if [ -n "$postgresql_lane" ]; then
	wait "$postgresql_lane"
	lane_status=$?
	postgresql_lane=""
	# Its lines, then its summary line counted into ours.
	sed '$d' "$work/postgresql.out"
	summary=$(tail -n 1 "$work/postgresql.out")
	set -- $summary
	if [ "$#" -ge 6 ] && [ "$2" = passed, ] && [ "$4" = failed, ] && [ "$6" = skipped ]; then
		passed=$((passed + $1)); failed=$((failed + $3)); skipped=$((skipped + $5))
		[ "$lane_status" -ne 0 ] && [ "$3" -eq 0 ] && failed=$((failed + 1))
	else
		echo "$summary"
		echo "not ok - the PostgreSQL pass ended without its summary line (status $lane_status)"
		failed=$((failed + 1))
	fi
fi

if echo "$engines" | grep -qw postgresql; then
	PASS_LABEL=" [postgresql]"
	cluster=$(mktemp -d "${TMPDIR:-/tmp}/regdesk-pg.XXXXXX")
	chmod 755 "$cluster"
	if REGDESK_TEST_POSTGRESQL=$(sh tests/pg_cluster.sh start "$cluster/cluster" 2>"$work/pg.log"); then
		export REGDESK_TEST_POSTGRESQL
		echo "== postgresql: a throwaway cluster in $cluster"
		if [ "$which" = all ] || [ "$which" = unit ]; then unit_pass; fi
		if [ "$which" = all ] || [ "$which" = e2e ]; then e2e_pass; fi
	else
		echo "not ok - a throwaway PostgreSQL cluster starts (tests/pg_cluster.sh)"
		sed 's/^/# /' "$work/pg.log"
		failed=$((failed + 1))
	fi
	sh tests/pg_cluster.sh stop "$cluster/cluster" >/dev/null 2>&1
	rm -rf "$cluster"
	cluster=""
	unset REGDESK_TEST_POSTGRESQL
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$fuzz_status" -eq 0 ]

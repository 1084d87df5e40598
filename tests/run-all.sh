#!/bin/sh
# Runs every test suite and ends with one summary line: "N passed, N failed, N skipped".
#   sh tests/run-all.sh [unit|e2e]     (default: all)
# Unit tests are cmocka binaries in build-asan/tests/; end-to-end suites are
# tests/e2e/*.sh, which print "ok - ", "not ok - " or "skip - " per check.
set -u
cd "$(dirname "$0")/.." || exit 1
which=${1:-all}
passed=0 failed=0 skipped=0
log=$(mktemp)
bin=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$bin"' EXIT
# Suites start python3 hundreds of times: not through a launcher (tests/e2e/python.sh).
. tests/e2e/python.sh
python_direct "$bin"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ "$which" = all ] || [ "$which" = unit ]; then
	for test in build-asan/tests/test_*; do
		[ -x "$test" ] || continue
		echo "== unit: $(basename "$test")"
		started=$(date +%s)
		"$test" >"$log" 2>&1
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
fi

if [ "$which" = all ] || [ "$which" = e2e ]; then
	for suite in tests/e2e/test_*.sh; do
		[ -f "$suite" ] || continue
		echo "== e2e: $(basename "$suite")"
		started=$(date +%s)
		sh "$suite" >"$log" 2>&1
		status=$?
		cat "$log"
		echo "== $(basename "$suite"): $(($(date +%s) - started)) s"
		p=$(grep -c '^ok - ' "$log")
		f=$(grep -c '^not ok - ' "$log")
		s=$(grep -c '^skip - ' "$log")
		passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
		if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "not ok - $(basename "$suite") exited with status $status"
			failed=$((failed + 1))
		fi
	done
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

# Reporting of checks for the shell suites that are not driven through tmux
# (batch_lib.sh, test_load_faults.sh): begin NAME starts a check, why
# MESSAGE... records a reason it failed, end prints "ok - NAME" or
# "not ok - NAME" with the reasons as "# " lines, skip NAME REASON prints
# "skip - ...". Sourced after $T (the suite's temp dir) is set.
PASSED=0 FAILED=0 SKIPPED=0
CHECK=""

begin() {
	CHECK=$1
	: >"$T/why"
}

why() {
	printf '%s\n' "$*" >>"$T/why"
}

end() {
	if [ -s "$T/why" ]; then
		echo "not ok - $CHECK"
		sed 's/^/# /' "$T/why"
		FAILED=$((FAILED + 1))
	else
		echo "ok - $CHECK"
		PASSED=$((PASSED + 1))
	fi
}

skip() {
	echo "skip - $1 ($2)"
	SKIPPED=$((SKIPPED + 1))
}

#!/bin/sh
# Builds and runs the libFuzzer target of the CSV reading path
# (tests/fuzz/fuzz_csv_read.c) with clang, starting from the files in
# tests/data/import (read only: new inputs go to build/fuzz/corpus).
#
#   sh tests/fuzz/run.sh [SECONDS]       default 30 (make test); make fuzz: 600
#
# Prints "ok - ...", "not ok - ..." or "skip - ... (reason)" like the other
# suites. A machine without clang or its libFuzzer runtime skips with a
# message (exit 0); a crash keeps its input in build/fuzz/ and exits 1.
# Environment: FUZZ_CC (default clang), FUZZ_JOBS (parallel workers, default 1).
set -u
cd "$(dirname "$0")/../.." || exit 1
SECONDS_TO_RUN=${1:-30}
CC_FUZZ=${FUZZ_CC:-clang}
OUT=build/fuzz
NAME="fuzzing the CSV reading path for $SECONDS_TO_RUN s"
mkdir -p "$OUT/corpus" || exit 1

skip() {
	echo "skip - $NAME ($1)"
	exit 0
}

command -v "$CC_FUZZ" >/dev/null 2>&1 || skip "no $CC_FUZZ: install clang for the fuzz run"
# libFuzzer's runtime comes with clang's compiler-rt (Debian: libclang-rt-dev).
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)(n & 0); }\n' \
	>"$OUT/probe.c"
"$CC_FUZZ" -fsanitize=fuzzer,address "$OUT/probe.c" -o "$OUT/probe" >/dev/null 2>&1 ||
	skip "$CC_FUZZ has no libFuzzer runtime: install libclang-rt-dev"

CURSES_LIBS=$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
PQ_CFLAGS=$(pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS=$(pkg-config --libs libpq 2>/dev/null || echo -lpq)
SOURCES=$(ls src/*.c | grep -v '^src/main\.c$')
# The core is compiled with coverage (fuzzer-no-link) so that the target sees
# every branch of the reader, not only its own file.
if [ ! -x "$OUT/fuzz_csv_read" ] || [ -n "$(find src include data/migrations tests/fuzz -newer "$OUT/fuzz_csv_read" -type f | head -n 1)" ]; then
	echo "# building $OUT/fuzz_csv_read with $CC_FUZZ" >&2
	sh src/embed_migrations.sh data/migrations/*.sql -- data/migrations/postgresql/0*.sql >"$OUT/migrations.c" || exit 1
	# shellcheck disable=SC2086
	if ! "$CC_FUZZ" -std=c11 -g -O1 -fno-omit-frame-pointer -Iinclude -Isrc $PQ_CFLAGS -D_GNU_SOURCE \
		-DREGDESK_VERSION='"fuzz"' -DLOCALEDIR='"/nonexistent"' \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o "$OUT/fuzz_csv_read" tests/fuzz/fuzz_csv_read.c $SOURCES "$OUT/migrations.c" \
		$CURSES_LIBS -lsqlite3 -lcsv -lsodium -lutf8proc $PQ_LIBS 2>"$OUT/build.log"; then
		echo "not ok - $NAME (the target does not build; see $OUT/build.log)"
		sed 's/^/# /' "$OUT/build.log" | head -n 20
		exit 1
	fi
fi

log=$OUT/run.log
parallel=""
# Parallel workers write their logs (fuzz-N.log) into the working directory.
[ "${FUZZ_JOBS:-1}" -gt 1 ] && parallel="-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS"
# shellcheck disable=SC2086
(cd "$OUT" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=0 \
	./fuzz_csv_read -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=1024 -max_len=262144 \
	$parallel -print_final_stats=1 -artifact_prefix=./ corpus ../../tests/data/import) >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ "$status" -eq 0 ]; then
	echo "ok - $NAME: ${runs:-?} runs, no crash"
	exit 0
fi
echo "not ok - $NAME (status $status; the input is in $OUT/, the log in $log)"
grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 10 | sed 's/^/# /'
exit 1

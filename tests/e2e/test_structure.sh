#!/bin/sh
# The house's seams, checked on the source: the core knows no curses, the
# screens no SQL and no database internals, and include/ (what the screens
# see) holds neither SQLite types nor SQL.
set -u
cd "$(dirname "$0")/../.." || exit 1
passed=0 failed=0
check() {
	name=$1
	shift
	found=$("$@" 2>/dev/null)
	if [ -z "$found" ]; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name"
		echo "$found" | sed 's/^/#   /' | head -n 10
		failed=$((failed + 1))
	fi
}

check "src/ knows nothing of curses" grep -lE '#include <(n?curses|form|menu|panel)' src/*.c src/*.h
check "screens/ never run SQL (no sqlite3 call or type)" grep -n 'sqlite3' screens/*.c screens/*.h
check "screens/ include no core-internal header from src/" \
	grep -nE '#include "(database_internal|contact_internal|disclosure_internal|erasure_internal|cli_internal|field_rules|migrations)\.h"' screens/*.c screens/*.h
check "include/ names no SQLite type (struct database is opaque to screens)" grep -n 'sqlite3' include/*.h
check "include/ holds no SQL fragments" grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WHERE)\b' include/*.h
check "screens/ never read the core's error detail (app_fail / status_explain)" grep -n 'db->error' screens/*.c
# The screens are compiled without -Isrc, so the check above is also kept
# by the compiler; this one keeps the Makefile honest.
check "the Makefile compiles screens/ without -Isrc" sh -c "grep -n 'screens/%.o' -A1 Makefile | grep -e '-Isrc'"
check "only the unit tests hash passwords cheaply (src/account_internal.h)" \
	sh -c "grep -rln 'account_hash_cheaply_for_tests' src screens include | grep -vE '^src/account(_internal\.h|\.c)\$'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

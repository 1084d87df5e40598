#!/bin/sh
# Writes a C file embedding the given migration files, in the order given.
set -eu
echo '/* Generated from data/migrations by src/embed_migrations.sh: do not edit. */'
echo '#include "migrations.h"'
echo 'const struct migration migrations[] = {'
for file in "$@"; do
	printf '\t{ "%s",\n' "$(basename "$file")"
	awk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); printf "\t  \"%s\\n\"\n", $0 }' "$file"
	printf '\t},\n'
done
echo '};'
echo "const int migration_count = $#;"

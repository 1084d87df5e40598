#!/bin/sh
# Writes a C file embedding the given migration files, in the order given:
# SQLite's steps, then after -- the same steps in PostgreSQL's dialect.
set -eu
echo '/* Generated from data/migrations by src/embed_migrations.sh: do not edit. */'
echo '#include "migrations.h"'
array=migrations
count=0
echo 'const struct migration migrations[] = {'
for file in "$@"; do
	if [ "$file" = -- ]; then
		echo '	{ 0, 0 }'
		echo '};'
		echo "const int migration_count = $count;"
		array=postgresql_migrations
		count=0
		echo 'const struct migration postgresql_migrations[] = {'
		continue
	fi
	count=$((count + 1))
	printf '\t{ "%s",\n' "$(basename "$file")"
	awk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); printf "\t  \"%s\\n\"\n", $0 }' "$file"
	printf '\t},\n'
done
echo '	{ 0, 0 }'
echo '};'
sed_name=$(echo "$array" | sed 's/^migrations$/migration/; s/^postgresql_migrations$/postgresql_migration/')
echo "const int ${sed_name}_count = $count;"

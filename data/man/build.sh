#!/bin/sh
# Makes regdesk(1) from its template: each line
#   .\" @COMMAND group verb@
# becomes that command's synopsis, one-line help and roles, printed by
# the program from its command table (regdesk --man-commands). Fails, naming
# it, when a command of the table has no line in the template or a line
# names no command, so that the man page cannot miss a command.
#   sh data/man/build.sh BINARY TEMPLATE > OUTPUT
set -eu
binary=$1
template=$2
blocks=$(mktemp)
trap 'rm -f "$blocks"' EXIT
"$binary" --man-commands >"$blocks"
awk -v blocks="$blocks" '
BEGIN {
	while ((getline line < blocks) > 0) {
		if (line ~ /^@COMMAND .*@$/) {
			name = substr(line, 10, length(line) - 10)
			order[++count] = name
			text[name] = ""
			continue
		}
		text[name] = text[name] line "\n"
	}
}
/^\.\\" @COMMAND .*@$/ {
	name = substr($0, 14, length($0) - 14)
	if (!(name in text)) {
		print "regdesk(1): the template names no such command: " name > "/dev/stderr"
		failed = 1
		next
	}
	printf "%s", text[name]
	used[name] = 1
	next
}
{ print }
END {
	for (i = 1; i <= count; i++)
		if (!(order[i] in used)) {
			print "regdesk(1): no place in the template for the command: " order[i] > "/dev/stderr"
			failed = 1
		}
	exit failed
}' "$template"

#!/bin/sh
# Refreshes regdesk's translation catalogs from the source.
#
#   sh data/po/update.sh          extract, merge, print what is left to translate
#   sh data/po/update.sh --check  the same, and exit 1 when fi.po has fuzzy or
#                                 untranslated messages (for CI)
#
# 1. xgettext reads every _() and N_() in src/*.c, src/*.h, screens/*.c,
#    screens/*.h and include/*.h (X-macro tables in #define bodies included) into
#    data/po/regdesk.pot; a "TRANSLATORS:" comment just above a string goes
#    along to the translators. The file is replaced only when a message
#    changed, not for a new POT-Creation-Date alone.
# 2. msgmerge brings fi.po and en.po up to date with the template (msginit
#    creates them when missing). Changed Finnish messages come back "fuzzy":
#    check the suggestion, fix it and remove the fuzzy flag.
# 3. en.po is English to English: every message gets its msgid as msgstr
#    (msgen), so the English catalog ships too.
#
# Runs from any directory; needs GNU gettext (xgettext, msgmerge, msginit,
# msgattrib, msgen, msgfmt). Safe to run again and again.
set -eu

check=no
case "${1:-}" in
	--check) check=yes ;;
	"") ;;
	*) echo "usage: sh data/po/update.sh [--check]" >&2; exit 2 ;;
esac

here=$(dirname "$0")
cd "$here/../.."
LC_ALL=C
export LC_ALL

for tool in xgettext msgmerge msginit msgattrib msgen msgfmt; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "update.sh: $tool not found: install gettext (sudo apt-get install gettext)" >&2
		exit 1
	fi
done

po=data/po
pot=$po/regdesk.pot
new=$po/regdesk.pot.new
trap 'rm -f "$new" "$new.a" "$new.b" "$new.err"' EXIT HUP INT TERM

version=$(sed -n 's/^VERSION[[:space:]]*:=[[:space:]]*//p' Makefile)
[ -n "$version" ] || version=unknown

# The files to read (names without spaces; a pattern that matches nothing is skipped).
sources=
for file in src/*.c src/*.h screens/*.c screens/*.h include/*.h; do
	if [ -f "$file" ]; then
		sources="$sources $file"
	fi
done

# A function declared __attribute__((format(printf, N, M))) takes a printf
# format as argument N: a string marked with _() there is c-format
# (--flag=NAME:N:c-format), so that msgfmt --check compares its directives
# with the translation's. printf, snprintf, fprintf... xgettext knows itself.
# shellcheck disable=SC2086 # $sources: file names, split on purpose
format_flags=$(awk '
	/format\(printf, *[0-9]+/ {
		argument = $0
		sub(/.*format\(printf, */, "", argument)
		sub(/[^0-9].*/, "", argument)
		before = $0
		sub(/__attribute__.*/, "", before)
		if (match(before, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/)) {
			name = substr(before, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", name)
			print "--flag=" name ":" argument ":c-format"
		} else {
			pending = argument
		}
		next
	}
	pending != "" && match($0, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/) {
		name = substr($0, RSTART, RLENGTH)
		sub(/[ \t]*\($/, "", name)
		print "--flag=" name ":" pending ":c-format"
		pending = ""
	}' $sources | sort -u)

# -k_:1,1t: _() with exactly one argument. The X-macro tables name their
# row macro "_" too (#define ROLES(_) _(RECEPTION, ...)); a row whose first
# argument is a string would otherwise be taken for a message.
# _() and N_() pass the c-format property through to the string they mark.
# shellcheck disable=SC2086 # $format_flags, $sources: words, split on purpose
xgettext --language=C --from-code=UTF-8 \
	-k_:1,1t -kN_:1,1t \
	--add-comments=TRANSLATORS \
	--flag=_:1:pass-c-format \
	--flag=N_:1:pass-c-format \
	$format_flags \
	--package-name=regdesk --package-version="$version" \
	--msgid-bugs-address= \
	-o "$new" \
	$sources 2>"$new.err" || { cat "$new.err" >&2; exit 1; }
# Show xgettext's warnings, except the one about the (deliberately empty) bug address.
grep -v -e 'msgid-bugs-address' -e "'Makevars' file" -e 'MSGID_BUGS_ADDRESS' "$new.err" >&2 || true

# Keep the old template when only its creation date would change.
if [ -f "$pot" ]; then
	grep -v '^"POT-Creation-Date:' "$pot" > "$new.a"
	grep -v '^"POT-Creation-Date:' "$new" > "$new.b"
	if cmp -s "$new.a" "$new.b"; then
		rm -f "$new"
	else
		mv "$new" "$pot"
	fi
else
	mv "$new" "$pot"
fi

# Finnish: keep translations, offer fuzzy matches for changed messages.
if [ -f "$po/fi.po" ]; then
	msgmerge --quiet --update --backup=none "$po/fi.po" "$pot"
else
	msginit --no-translator --locale=fi.UTF-8 --input="$pot" --output-file="$po/fi.po"
fi

# English: msgstr = msgid. No fuzzy matching (a changed msgid simply gets its
# new text), and no obsolete entries to keep.
if [ -f "$po/en.po" ]; then
	msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po/en.po" "$pot"
else
	msginit --no-translator --locale=en.UTF-8 --input="$pot" --output-file="$po/en.po"
fi
msgattrib --no-obsolete --clear-fuzzy --output-file="$po/en.po" "$po/en.po"
msgen --output-file="$po/en.po" "$po/en.po"

status=0
for lang in "fi" en; do
	statistics=$(msgfmt --check --statistics --output-file=/dev/null "$po/$lang.po" 2>&1) || status=1
	echo "$lang.po: $statistics"
	case "$statistics" in
	*fuzzy* | *untranslated*)
		echo "  translate what is left and remove the fuzzy flags:" \
			"msgattrib --only-fuzzy $po/$lang.po; msgattrib --untranslated $po/$lang.po"
		status=1 ;;
	esac
done

if [ "$check" = yes ]; then
	exit "$status"
fi
exit 0

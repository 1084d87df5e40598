#!/bin/sh
# The 80-column sweep (issue 16: "no message is cut at 80 columns"). Seeds a
# register with long Finnish names and long organisation names through the
# batch command line, then opens every screen of the main menu (and the
# contact's detail, bans, forms and help below them) at 80x24, in Finnish and
# in English, and fails on a line cut mid-word at the right edge.
#
# A line is cut mid-word when its last column (80) holds a letter or digit
# that ends a word which is no whole word of regdesk's texts (data/po) or of
# the data seeded here: "Söderström-Åkerl" is cut, "Åkerlund" is whole. Text
# that does not fit ends with "…" instead, and a message too long for two
# rows is whole on the help screen (`?`). It also triggers long messages: a
# refused save whose reason (Finnish) is longer than a row, and a field's
# reason too long to stand beside it.
#   sh tests/e2e/test_tui_width.sh
. "$(dirname "$0")/lib.sh"

DB=width.db
PASSWORD=officerpass1
ORGANISATION='Pohjois-Pohjanmaan Kiinteistö- ja Sähköhuoltopalvelut Osakeyhtiö'
RECIPIENT='Suomen Kiinteistönhoitoalan Koulutus- ja Kehittämiskeskus Oy'
KNOWN=$E2E_TMP/known.txt   # every string seeded, for the dictionary of whole words

as_officer() {
	printf '%s\n' "$PASSWORD" | cli "$E2E_TMP/$DB" --user olli --password-stdin "$@"
}
seeded() {
	printf '%s\n' "$@" >>"$KNOWN"
}

# --- the register ------------------------------------------------------------

printf '%s\n' "$PASSWORD" | cli "$E2E_TMP/$DB" --password-stdin user add --role privacy-officer \
	--commitment-signed 2026-01-05 --full-name 'Olli-Pekka Söderström-Åkerlund' olli >/dev/null ||
	die "cannot create the officer"
seeded olli 'Olli-Pekka Söderström-Åkerlund' "$ORGANISATION" "$RECIPIENT" "$E2E_TMP/$DB"
as_officer org add --name "$ORGANISATION" --business-id 0737546-2 --city Ähtäri >/dev/null ||
	die "cannot add the organisation"
add_contact() {
	as_officer contact add "$@" | sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p'
}
ANNA=$(add_contact --first-name Anna-Kaisa --last-name Söderström-Åkerlund --title 'Kiinteistöhuollon toimitusjohtaja' \
	--email anna-kaisa.soderstrom-akerlund@pohjois-pohjanmaan-kiinteistohuolto.fi --phone '+358 40 123 4567' \
	--street 'Pohjoisesplanadi 123 B 45' --postal-code 63700 --city Ähtäri --organisation "$ORGANISATION" \
	--notes 'Toivoo yhteydenottoja sähköpostitse arkipäivisin kello yhdeksän ja neljän välillä, ei puhelimitse.')
VAINO=$(add_contact --first-name Väinö --last-name Käärmeenpää-Hyvärinen --organisation "$ORGANISATION" \
	--email vaino.kaarmeenpaa-hyvarinen@example.fi)
ASA=$(add_contact --first-name Åsa --last-name Östergård-Lindqvist --email asa@example.fi --phone '050 765 4321')
[ -n "$ANNA" ] && [ -n "$VAINO" ] && [ -n "$ASA" ] || die "cannot add the contacts"
seeded Anna-Kaisa Söderström-Åkerlund 'Kiinteistöhuollon toimitusjohtaja' \
	anna-kaisa.soderstrom-akerlund@pohjois-pohjanmaan-kiinteistohuolto.fi 'Pohjoisesplanadi 123 B 45' Ähtäri \
	'Toivoo yhteydenottoja sähköpostitse arkipäivisin kello yhdeksän ja neljän välillä, ei puhelimitse.' \
	Väinö Käärmeenpää-Hyvärinen vaino.kaarmeenpaa-hyvarinen@example.fi Åsa Östergård-Lindqvist asa@example.fi
as_officer ban set "$ANNA" --purpose postal-mail --channel letter --given-on 2026-03-01 \
	--note 'Kieltäytyi suoramarkkinoinnista puhelimitse ja kirjeitse toistaiseksi' >/dev/null
as_officer recipient add --name "$RECIPIENT" --kind partner --country FI >/dev/null
as_officer request add --kind access --channel email --name 'Anna-Kaisa Söderström-Åkerlund' \
	--details 'Pyytää kaikki tietonsa sähköpostitse osoitteeseen, joka on rekisterissä jo ennestään' >/dev/null
seeded 'Kieltäytyi suoramarkkinoinnista puhelimitse ja kirjeitse toistaiseksi' \
	'Pyytää kaikki tietonsa sähköpostitse osoitteeseen, joka on rekisterissä jo ennestään'

# --- the check ---------------------------------------------------------------

# The dictionary: every word of regdesk's texts in both languages and of the data.
python3 - "$KNOWN" data/po/fi.po data/po/en.po >"$E2E_TMP/words.txt" <<'EOF'
import re, sys
words = set()
for path in sys.argv[1:]:
    for word in re.findall(r"[^\W_]+", open(path, encoding="utf-8").read()):
        words.add(word.lower())
print("\n".join(sorted(words)))
EOF

# cut_lines FILE...: prints each line of the captured screens cut mid-word
# at the right edge (column 80), or nothing. The name of a picture is in
# FILE.name when there is one.
cut_lines() {
	python3 - "$E2E_TMP/words.txt" "$@" <<'EOF'
import os, re, sys, unicodedata
words = set(open(sys.argv[1], encoding="utf-8").read().split())
def columns(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)
for path in sys.argv[2:]:
    name = open(path + ".name", encoding="utf-8").read().strip() if os.path.exists(path + ".name") else path
    lines = open(path, encoding="utf-8").read().split("\n")
    cut = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip(" ")
        if columns(line) < 80 or not line[-1].isalnum():
            continue
        word = re.search(r"[^\W_]+$", line).group(0)
        if word.isdigit() or word.lower() in words:
            continue
        cut.append(f"line {number}: ...{line[-30:]!r} ends in {word!r}, no whole word")
    if cut:
        print(f"{name}:")
        for entry in cut:
            print("   " + entry)
        for line in lines:
            print("   | " + line)
EOF
}

# The detector itself: a synthetic cut name is flagged, a whole one is not.
t_detector() {
	# Right-aligned to 80 columns by characters (printf pads by bytes).
	for e2e_case in cut:Söderström-Åkerl whole:Söderström-Åkerlund marked:Söderström-Åkerl…; do
		python3 -c 'import sys; print(sys.argv[1].rjust(80))' "${e2e_case#*:}" >"$E2E_TMP/${e2e_case%%:*}.txt"
	done
	[ -n "$(cut_lines "$E2E_TMP/cut.txt")" ] && [ -z "$(cut_lines "$E2E_TMP/whole.txt")" ] &&
		[ -z "$(cut_lines "$E2E_TMP/marked.txt")" ]
}
check "detector: a line ending in 'Söderström-Åkerl' at column 80 is cut; 'Åkerlund' and 'Åkerl…' are not" t_detector

# The screen is still (two pictures alike), then none of its lines is cut.
settle() {
	e2e_tries=0
	while [ "$e2e_tries" -lt 20 ]; do
		capture "$E2E_TMP/before.txt"
		sleep 0.08
		capture
		cmp -s "$E2E_TMP/before.txt" "$E2E_SCREEN" && return 0
		e2e_tries=$((e2e_tries + 1))
	done
}
SWEPT=0
# sweep NAME: keeps the settled screen as the next picture of the walk.
sweep() {
	settle
	[ "${WIDTH_TIMES:-0}" = 1 ] && note "$(($(date +%s) - E2E_START)) s: $1"
	SWEPT=$((SWEPT + 1))
	e2e_picture=$PICTURES/$(printf %03d "$SWEPT").txt
	cp "$E2E_SCREEN" "$e2e_picture"
	printf '%s\n' "$1" >"$e2e_picture.name"
}

title() {
	screen_line 2 | sed 's/^ //; s/ *$//'
}
title_is() {
	[ "$(title)" = "$1" ]
}
title_is_not() {
	[ "$(title)" != "$1" ]
}

# back_to_menu: Esc until the main menu shows, answering "discard?" with y.
back_to_menu() {
	e2e_round=0
	while [ "$e2e_round" -lt 8 ]; do
		capture
		title_is "$MENU" && return 0
		if shown "$DISCARD"; then keys y; else keys Escape; fi
		sleep 0.12
		e2e_round=$((e2e_round + 1))
	done
	capture
	title_is "$MENU"
}

# focus_field LABEL: Tab until the terminal cursor is on the row labelled LABEL.
focus_field() {
	e2e_round=0
	while [ "$e2e_round" -lt 30 ]; do
		e2e_row=$(($(tm display-message -p -t "=$SESSION:" '#{cursor_y}') + 1))
		capture
		screen_line "$e2e_row" | grep -q "^ *$1 " && return 0
		keys Tab
		sleep 0.1
		e2e_round=$((e2e_round + 1))
	done
	return 1
}

# walk LANGUAGE: every screen in LANGUAGE.
walk() {
	language=$1
	LANG_OPTION=$1
	PICTURES=$E2E_TMP/pictures-$language
	SWEPT=0
	mkdir -p "$PICTURES"
	start_app "width-$language"
	wait_for "$LOGIN_TEXT" || return 1
	type_field olli Tab
	type_text "$PASSWORD"
	keys Enter
	wait_until title_is "$MENU" || return 1
	sweep "$language: main menu"
	# The screens of the main menu (up to Change my password; not lock,
	# log out, quit), each as it opens and after Enter (a list's first row
	# opened, a form's next field).
	entry=0
	while [ "$entry" -lt 18 ]; do
		back_to_menu || return 1
		# Home, Down as many times as the entry's place, Enter: one write.
		set -- Home
		e2e_down=0
		while [ "$e2e_down" -lt "$entry" ]; do
			set -- "$@" Down
			e2e_down=$((e2e_down + 1))
		done
		keys "$@" Enter
		wait_until title_is_not "$MENU" || return 1
		name="$language: $(title)"
		sweep "$name"
		keys Enter
		sweep "$name, Enter"
		entry=$((entry + 1))
	done
	back_to_menu || return 1

	# A contact with long names: list, detail, bans, the forms under it, help.
	keys Home Enter
	wait_until title_is "$CONTACTS" || return 1
	type_text söder
	wait_for Söderström-Åkerlund || return 1
	sweep "$language: contact list searched"
	keys Enter
	wait_for "$ORGANISATION_START" || return 1
	sweep "$language: contact detail"
	for key in b H l E; do
		keys "$key"
		sleep 0.3
		sweep "$language: contact detail, $key"
		keys Escape
		sleep 0.3
		capture
		shown "$DISCARD" && keys y && sleep 0.2
	done
	# The legal hold refused: "Covers" holds an identity code, and the
	# reason (Finnish: 126 characters) is longer than a row.
	keys H
	sleep 0.3
	focus_field "$COVERS" || return 1
	keys C-u
	type_text 'katso 131052-308T'
	keys Tab
	type_text 2026-12-31
	keys F2
	sleep 0.4
	sweep "$language: legal hold refused (long reason)"
	check "$language: the refused hold's long reason is shown whole over two rows, not cut" \
		shown "$IDENTITY_REASON_END"
	# F1 (in a text field ? is text): the help screen shows the message whole.
	keys F1
	sleep 0.3
	sweep "$language: help after the long message"
	check "$language: the help screen shows the long message whole" shown "$IDENTITY_REASON_END"
	back_to_menu || return 1
	keys Home Enter
	wait_until title_is "$CONTACTS" || return 1
	type_text söder
	wait_for Söderström-Åkerlund || return 1
	keys Enter
	wait_for "$ORGANISATION_START" || return 1
	keys e
	sleep 0.4
	sweep "$language: contact form"
	# A field's reason too long to stand beside the field goes below the form.
	focus_field "$NOTES" || return 1
	keys C-u
	type_text 'hetu 131052-308T'
	keys F2
	sleep 0.4
	sweep "$language: contact form, long field reason"
	check "$language: the notes' long reason is shown whole below the form" shown "$IDENTITY_REASON_END"
	back_to_menu || return 1
	keys '?'
	sleep 0.3
	sweep "$language: help"
	keys Escape
	stop_app
}

po() {
	# msgstr of msgid $1 in fi.po (one-line entries).
	awk -v id="msgid \"$1\"" '$0 == id { getline; sub(/^msgstr "/, ""); sub(/"$/, ""); print; exit }' data/po/fi.po
}

LOGIN_TEXT=$(po 'Log in with your personal account.') MENU=$(po 'Main menu') CONTACTS=$(po Contacts)
DISCARD=$(po 'Discard the changes? (y/n)') COVERS=$(po Covers) NOTES=$(po Notes)
ORGANISATION_START='Pohjois-Pohjanmaan'
IDENTITY_REASON_END='tietosuojavaltuutetun ohje)'
# swept_whole LANGUAGE MINIMUM: at least MINIMUM pictures, none cut.
swept_whole() {
	e2e_minimum=$2
	set -- "$E2E_TMP/pictures-$1"/*.txt
	[ "$#" -ge "$e2e_minimum" ] || { note "only $# pictures"; return 1; }
	cut_lines "$@" >"$E2E_TMP/cut.txt"
	[ -s "$E2E_TMP/cut.txt" ] || return 0
	sed 's/^/#   /' "$E2E_TMP/cut.txt"
	return 1
}

walk fi || note "the Finnish walk stopped early"
: >"$E2E_SCREEN"
check "fi: every screen swept at 80x24 ($SWEPT pictures) without a line cut mid-word" swept_whole fi 46

LOGIN_TEXT='Log in with your personal account.' MENU='Main menu' CONTACTS=Contacts
DISCARD='Discard the changes? (y/n)' COVERS=Covers NOTES=Notes
IDENTITY_REASON_END='(EDPB and Ombudsman guidance)'
walk en || note "the English walk stopped early"
: >"$E2E_SCREEN"
check "en: every screen swept at 80x24 ($SWEPT pictures) without a line cut mid-word" swept_whole en 46

finish

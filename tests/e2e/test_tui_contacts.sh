#!/bin/sh
# End-to-end tests of the contact screens: adding a contact with Finnish
# letters (audited add and view), incremental search without accents, field
# validation at the form, editing, the duplicate warning, two workstations
# saving the same contact, the organisation picker (choose one, or add one
# inline), merging, ending a relationship, the windowed list in Finnish order,
# resize mid-form, the trainer's menu, control characters and the category
# filter. Runs build-asan/regdesk in tmux (see lib.sh); prints "ok - ",
# "not ok - " or "skip - " per check.
#   sh tests/e2e/test_tui_contacts.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/contacts.db
LIST_DB=$E2E_TMP/list.db
OFFICER_PASSWORD=officerpass1
RECEPTION_TEMPORARY=reception123
RECEPTION_PASSWORD=reception456
TRAINER_TEMPORARY=trainertemp12
TRAINER_PASSWORD=trainerpass12
LOGIN_TEXT='Log in with your personal account.'
NEW_FORM_TEXT='New contact. F2 saves, Esc cancels.'
EDIT_FORM_TEXT='Edit the contact. F2 saves, Esc cancels.'
LIST_FIRST_LINE=7         # the contact list's rows at 80x24: content_top + 3 (1-based) ...
LIST_LAST_LINE=22         # ... to rows - 2: 16 rows

# The windowed list's register, in Finnish order (å, ä, ö after z; å before ä).
LIST_NAMES='Aalto Aho Ahonen Anttila Aro Backman Eklund Eskola Forsman Granlund
Haapala Hakala Halonen Heikkinen Hiltunen Huttunen Ikonen Jokinen Juvonen Kallio
Karjalainen Kettunen Kinnunen Koivisto Korhonen Laaksonen Laine Lehtonen Leppanen
Lindholm Makela Manninen Miettinen Nieminen Nurmi Ojala Oksanen Paananen Peltonen
Pitkanen Rantanen Rasanen Saarinen Salminen Seppala Sundstrom Tanskanen Tervo
Toivonen Turunen Vainio Valtonen Virtanen Vuorinen Ylonen Zachariassen Zetterberg
Åberg Äijälä Öhman'
LIST_COUNT=$(echo $LIST_NAMES | wc -w)

# --- helpers ----------------------------------------------------------------

# The batch command line as the officer olli on the main database.
as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

# new_contact FIELD-OPTION...: adds a contact as olli; prints its id.
new_contact() {
	as_officer contact add "$@" | sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p'
}

# log_in USER PASSWORD: on the login screen.
log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field "$1" Tab
	type_text "$2"
	keys Enter
}

# title_is TITLE: the title row of the last capture is exactly TITLE.
title_is() {
	[ "$(screen_line 2)" = " $1" ]
}

wait_title() {
	wait_until title_is "$1"
}


# form_is LABEL VALUE: in the last capture, the form row labelled LABEL shows
# exactly VALUE in its field (followed by padding, or nothing).
form_is() {
	awk -v label="$1" -v value="$2" '
		index($0, " " label " ") == 1 {
			rest = substr($0, length(label) + 2)
			sub(/^ +/, "", rest)
			if (index(rest, value) == 1 &&
			    (length(rest) == length(value) || substr(rest, length(value) + 1, 1) == " "))
				found = 1
		}
		END { exit !found }' "$E2E_SCREEN"
}

# reason_is LABEL TEXT: the form's reason row names LABEL and contains TEXT.
reason_is() {
	grep -F -- " $1: " "$E2E_SCREEN" | grep -qF -- "$2"
}

# detail_is LABEL VALUE: in the last capture, the detail row LABEL shows
# exactly VALUE (label column 22 wide from column 1, value from column 24).
detail_is() {
	awk -v label="$1" -v value="$2" '
		{ head = substr($0, 1, 24); sub(/ +$/, "", head) }
		head == " " label && substr($0, 25) == value { found = 1 }
		END { exit !found }' "$E2E_SCREEN"
}

# contact_id WORDS: the id of the first contact "contact find WORDS" lists.
contact_id() {
	as_officer contact find "$@" --format csv | sed -n '2s/^"\([0-9][0-9]*\)".*/\1/p'
}

# row_has KEY TEXT: a line of the last capture contains both KEY and TEXT.
row_has() {
	grep -F -- "$1" "$E2E_SCREEN" | grep -qF -- "$2"
}

# The names on the visible rows of the contact list (last capture).
list_names() {
	sed -n "${LIST_FIRST_LINE},${LIST_LAST_LINE}p" "$E2E_SCREEN" | sed 's/^....//; s/  .*$//' | sed '/^$/d'
}

# list_has NAME: a row of the contact list shows NAME ("Last, First").
list_has() {
	list_names | grep -qxF -- "$1"
}

# list_count NAME N: exactly N rows of the list show NAME.
list_count() {
	[ "$(list_names | grep -cxF -- "$1")" -eq "$2" ]
}

# search_is TEXT: the list's search field holds TEXT ("" for empty).
search_is() {
	e2e_search=$(screen_line 4 | sed 's/^ Search  //; s/   .*$//; s/^ Search$//')
	[ "$e2e_search" = "$1" ]
}

# On the contact list: empties the search field and waits until it is empty.
clear_search() {
	keys C-u
	wait_until search_is ''
}

# search TEXT: on the contact list, types TEXT into the search.
search() {
	clear_search || return 1
	type_text "$1"
	wait_until search_is "$1"
}

# Back from a detail (or any screen one Esc above it) to the contact list.
back_to_list() {
	keys Escape
	wait_title Contacts
}

# open_contact QUERY NAME: from the list, searches and opens the first match.
open_contact() {
	search "$1" || return 1
	wait_until list_has "$2" || return 1
	keys Enter
	wait_title Contact
}

# The officer's audit trail as CSV into $E2E_TMP/audit.csv.
audit_csv() {
	as_officer audit list --format csv --limit 100000 >"$E2E_TMP/audit.csv"
}

# audit_entry USER ACTION RECORD [FIELDS]: the id of the newest matching entry.
audit_entry() {
	if [ $# -ge 4 ]; then
		grep -F "\"$1\",\"$2\",\"contact\",\"$3\",\"$4\"" "$E2E_TMP/audit.csv"
	else
		grep -F "\"$1\",\"$2\",\"contact\",\"$3\"," "$E2E_TMP/audit.csv"
	fi | head -n 1 | sed 's/^"\([0-9]*\)".*/\1/'
}

# show_field ID LABEL VALUE: "contact show ID" prints LABEL with exactly VALUE.
show_field() {
	as_officer contact show "$1" >"$E2E_TMP/show.txt" || return 1
	awk -v label="$2" -v value="$3" '
		substr($0, 1, 20) == sprintf("%-20s", label) && substr($0, 22) == value { found = 1 }
		END { exit !found }' "$E2E_TMP/show.txt" || {
		note "contact show $1: no '$2' '$3':"
		sed 's/^/#   /' "$E2E_TMP/show.txt"
		return 1
	}
}

# The names LIST_NAMES FROM..TO (1-based), as the list shows them.
expected_names() {
	echo $LIST_NAMES | tr ' ' '\n' | sed -n "$1,$2p" | sed 's/$/, Testi/'
}

# list_is FROM TO: the visible rows are exactly LIST_NAMES FROM..TO.
list_is() {
	[ "$(list_names)" = "$(expected_names "$1" "$2")" ]
}

# Shows what the list holds against what was expected (for a failed check).
list_diff() {
	note "rows shown / expected $1..$2:"
	list_names >"$E2E_TMP/shown.txt"
	expected_names "$1" "$2" >"$E2E_TMP/expected.txt"
	diff "$E2E_TMP/shown.txt" "$E2E_TMP/expected.txt" | sed 's/^/#   /'
}

# ---------------------------------------------------------------------------
# The windowed list's register is filled in the background (one batch
# command per contact, each a login) while the other tests run.
build_list_db() {
	printf '%s\n' "$OFFICER_PASSWORD" | ASAN_OPTIONS=$E2E_ASAN_OPTIONS UBSAN_OPTIONS=$E2E_UBSAN_OPTIONS \
		LSAN_OPTIONS=$E2E_LSAN_OPTIONS "$REGDESK_CLI" --db "$LIST_REGISTER" --lang en --password-stdin \
		user add --commitment-signed 2020-01-02 --role privacy-officer --full-name 'Olli Officer' olli >/dev/null 2>>"$E2E_TMP/list-fixture.err"
	for list_name in $LIST_NAMES; do
		printf '%s\n' "$OFFICER_PASSWORD" | ASAN_OPTIONS=$E2E_ASAN_OPTIONS UBSAN_OPTIONS=$E2E_UBSAN_OPTIONS \
			LSAN_OPTIONS=$E2E_LSAN_OPTIONS "$REGDESK_CLI" --db "$LIST_REGISTER" --lang en --user olli \
			--password-stdin contact add --first-name Testi --last-name "$list_name" \
			>/dev/null 2>>"$E2E_TMP/list-fixture.err" || echo "$list_name" >>"$E2E_TMP/list-fixture.failed"
	done
}
LIST_REGISTER=$(e2e_db "$LIST_DB")   # the file, or its database on PostgreSQL
build_list_db &
LIST_FIXTURE_PID=$!
trap 'kill "$LIST_FIXTURE_PID" 2>/dev/null; e2e_cleanup' EXIT

# The main register: an officer, a reception user (temporary password: the
# TUI asks for a new one), a trainer, an organisation and a few contacts.
printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer \
	--full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$RECEPTION_TEMPORARY" | cli "$MAIN_DB" --user olli --password-stdin \
	user add --commitment-signed 2020-01-02 --role reception --full-name 'Riikka Vastaanotto' riikka >/dev/null || die "cannot add riikka"
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$TRAINER_TEMPORARY" | cli "$MAIN_DB" --user olli --password-stdin \
	user add --commitment-signed 2020-01-02 --role trainer --full-name 'Tiina Kouluttaja' tiina >/dev/null || die "cannot add tiina"
printf '%s\n%s\n' "$TRAINER_TEMPORARY" "$TRAINER_PASSWORD" | cli "$MAIN_DB" --user tiina --password-stdin \
	user passwd tiina >/dev/null || die "cannot change tiina's password"
as_officer org add --name 'Mikkelin Putki Oy' --business-id 0112038-9 --city Mikkeli >/dev/null ||
	die "cannot add the organisation"
PEKKA_ID=$(new_contact --first-name Pekka --last-name Puro --email pekka.puro@example.fi --category maintenance)
KALLE_ID=$(new_contact --first-name Kalle --last-name Konflikti --phone '040 111 1111' --postal-code 50100 \
	--city Mikkeli)
MATTI_A=$(new_contact --first-name Matti --last-name Meikäläinen --email matti@example.fi --phone '040 222 2222')
MATTI_B=$(new_contact --first-name Matti --last-name Meikäläinen --email matti@example.fi --phone '050 333 3333' \
	--city Tampere --confirm-duplicate)
EERO_ID=$(new_contact --first-name Eero --last-name Eronnut --email eero@example.fi --category customer)
[ -n "$PEKKA_ID" ] && [ -n "$KALLE_ID" ] && [ -n "$MATTI_A" ] && [ -n "$MATTI_B" ] && [ -n "$EERO_ID" ] ||
	die "cannot add the fixture contacts"

# ---------------------------------------------------------------------------
# 1 and 3. Reception logs in, adds a contact with Finnish letters; the form
# refuses a bad e-mail and postal code with the reason first.
DB=contacts.db
start_app desk
log_in riikka "$RECEPTION_TEMPORARY"
wait_title 'Change my password'
type_field "$RECEPTION_PASSWORD" Tab
type_text "$RECEPTION_PASSWORD"
keys Enter
t_reception_menu() {
	wait_for 'Logged in as Riikka Vastaanotto, reception.' || return 1
	menu_has Contacts && menu_has Organisations
}
check "reception: logs in (forced password change) and the menu offers Contacts" t_reception_menu

keys Enter
t_contacts_open() {
	wait_title Contacts || return 1
	wait_until list_has 'Puro, Pekka' && list_has 'Konflikti, Kalle' && shown 'Category: all'
}
check "contacts: Enter on 'Contacts' opens the list of the register" t_contacts_open

keys C-n
wait_for "$NEW_FORM_TEXT"
type_field 'Åsa' Tab
type_field 'Söderström-Ähtäri' Tab
type_field 'foo@bar' Tab
keys BTab
t_email_refused() {
	wait_until reason_is E-mail 'needs a domain' || return 1
	form_is E-mail 'foo@bar' && form_is 'First name' 'Åsa' && form_is 'Last name' 'Söderström-Ähtäri'
}
check "form: e-mail 'foo@bar' is refused on leaving it ('domain'), the typed text stays" t_email_refused
keys F2
t_email_blocks_save() {
	sleep 0.3
	wait_until reason_is E-mail 'needs a domain' || return 1
	title_is 'Contact form' && form_is E-mail 'foo@bar' || return 1
	as_officer contact find Söderström --format csv >"$E2E_TMP/find.csv" || return 1
	[ "$(wc -l <"$E2E_TMP/find.csv")" -eq 1 ] || { note "saved anyway:"; sed 's/^/#   /' "$E2E_TMP/find.csv"; return 1; }
}
check "form: F2 with the bad e-mail keeps the form, nothing saved" t_email_blocks_save

keys C-u
type_field 'asa@example.fi' Tab
type_field '040 123 4567' Tab
keys Tab Tab Tab
type_field 5060 Tab
t_postal_code_beside() {
	# Focus has moved on to City; the reason stands beside the postal code.
	wait_until row_has ' Postal code ' 'a Finnish' && form_is 'Postal code' 5060
}
check "form: postal code '5060' is refused on leaving it (reason beside the field)" t_postal_code_beside
keys F2
t_postal_code_refused() {
	wait_until reason_is 'Postal code' 'five digits' || return 1
	title_is 'Contact form' && form_is 'Postal code' 5060 && form_is E-mail 'asa@example.fi' || return 1
	as_officer contact find Söderström --format csv >"$E2E_TMP/find.csv" || return 1
	[ "$(wc -l <"$E2E_TMP/find.csv")" -eq 1 ]
}
check "form: F2 focuses the postal code with the reason ('five digits'); nothing saved" t_postal_code_refused

keys C-u
type_field 50600 Tab
type_field Mikkeli Tab
keys Tab Tab        # country, language: to the categories
keys Space
t_category_ticked() {
	wait_until shown 'Ticked: customer contact' && shown '< [x] customer contact >'
}
check "form: Space ticks 'customer contact' in Categories" t_category_ticked
keys F2
t_added_detail() {
	wait_title Contact || return 1
	wait_until detail_is Name 'Åsa Söderström-Ähtäri' || return 1
	detail_is E-mail 'asa@example.fi' && detail_is Phone '040 123 4567' &&
		detail_is Address '50600 Mikkeli' && detail_is Categories 'customer contact' || return 1
	ASA_ID=$(contact_id Söderström-Ähtäri)
	[ -n "$ASA_ID" ]
}
check "add: F2 saves; the detail shows 'Åsa Söderström-Ähtäri' exactly, with the ticked category" t_added_detail
ASA_ID=${ASA_ID:-0}
t_added_stored() {
	show_field "$ASA_ID" 'First name' 'Åsa' && show_field "$ASA_ID" 'Last name' 'Söderström-Ähtäri' &&
		show_field "$ASA_ID" 'Postal code' 50600 && show_field "$ASA_ID" City Mikkeli &&
		show_field "$ASA_ID" Categories 'customer contact'
}
check "add: the database holds the letters exactly (CLI contact show)" t_added_stored
t_add_audited() {
	audit_csv || return 1
	e2e_add=$(audit_entry riikka contact.add "$ASA_ID")
	e2e_view=$(audit_entry riikka contact.view "$ASA_ID")
	[ -n "$e2e_add" ] && [ -n "$e2e_view" ] || { note "add entry '$e2e_add', view entry '$e2e_view'"; return 1; }
	[ "$e2e_view" -gt "$e2e_add" ] || { note "view #$e2e_view is not after add #$e2e_add"; return 1; }
}
check "add: the audit trail has riikka's contact.add, then contact.view on opening" t_add_audited

# 4. Edit: the phone.
keys e
t_edit_form() {
	wait_for "$EDIT_FORM_TEXT" || return 1
	form_is 'First name' 'Åsa' && form_is Phone '040 123 4567'
}
check "edit: 'e' opens the form filled with the record" t_edit_form
keys Tab Tab Tab C-u
type_text '044 765 4321'
keys F2
t_edited() {
	wait_title Contact || return 1
	wait_until detail_is Phone '044 765 4321' && detail_is Name 'Åsa Söderström-Ähtäri'
}
check "edit: F2 saves; the detail shows the new phone" t_edited
t_edit_audited() {
	audit_csv || return 1
	[ -n "$(audit_entry riikka contact.edit "$ASA_ID" phone)" ] || {
		note "audit entries of #$ASA_ID:"; grep -F "\"contact\",\"$ASA_ID\"," "$E2E_TMP/audit.csv" | sed 's/^/#   /'
		return 1
	}
}
check "edit: the audit trail has contact.edit naming the field 'phone' (only)" t_edit_audited

# 2. Incremental search, accents ignored, each word a prefix.
back_to_list
type_text sod
t_search_sod() {
	wait_until search_is sod || return 1
	wait_until list_has 'Söderström-Ähtäri, Åsa' || return 1
	[ "$(list_names | wc -l)" -eq 1 ] && shown '1 matches'
}
check "search: 'sod' (no accents) shows Söderström-Ähtäri, Åsa" t_search_sod
keys Escape
t_escape_clears() {
	wait_until search_is '' && title_is Contacts && wait_until list_has 'Puro, Pekka'
}
check "search: Esc clears the search first (the list stays)" t_escape_clears
type_text ahta
t_search_second_part() {
	wait_until search_is ahta && wait_until list_has 'Söderström-Ähtäri, Åsa' && [ "$(list_names | wc -l)" -eq 1 ]
}
check "search: 'ahta' finds the second part of the hyphenated name" t_search_second_part
keys Escape
wait_until search_is ''
# Typed decomposed (NFD), as macOS sends "ö": "o", then U+0308 (issue 15).
type_text "$(printf 'So\314\210d')"
t_search_decomposed() {
	wait_until search_is 'Söd' && wait_until list_has 'Söderström-Ähtäri, Åsa' && [ "$(list_names | wc -l)" -eq 1 ]
}
check "search: 'Söd' typed decomposed (o + U+0308) is one composed 'ö' and finds Söderström-Ähtäri" \
	t_search_decomposed
search xyzq
t_search_none() {
	wait_for 'No contact matches' && [ "$(list_names | grep -vc 'No contact matches')" -eq 0 ] && shown '0 matches'
}
check "search: 'xyzq' shows no rows ('No contact matches')" t_search_none
keys Escape
wait_until search_is ''
keys Escape
t_escape_leaves() {
	wait_for 'Logged in as Riikka Vastaanotto' || return 1
	keys Enter
	wait_title Contacts
}
check "search: Esc on an empty search goes back to the main menu" t_escape_leaves

# 14. The category filter.
t_filter_customer() {
	wait_until list_has 'Puro, Pekka' || return 1
	list_has 'Söderström-Ähtäri, Åsa' || return 1
	keys F4
	wait_for 'Category: customer contact' || return 1
	wait_until list_has 'Söderström-Ähtäri, Åsa' && list_has 'Eronnut, Eero' &&
		! list_has 'Puro, Pekka' && ! list_has 'Konflikti, Kalle'
}
check "F4: 'customer contact' hides the contacts without that category" t_filter_customer
keys F4 F4 F4 F4 F4 F4
t_filter_cycles() {
	wait_for 'Category: all' && wait_until list_has 'Puro, Pekka' && list_has 'Söderström-Ähtäri, Åsa'
}
check "F4: cycles through every category back to 'all'" t_filter_cycles

# Issue 16: adding from the list takes what was typed into the search: the
# names (capitalised when typed in lower case), the e-mail and the phone,
# with the cursor on the first field still empty.
search 'sanna pöyhönen-åkerlund sanna.poyhonen@example.fi 040 123 4567'
keys C-n
t_add_from_search() {
	wait_for "$NEW_FORM_TEXT" || return 1
	wait_until form_is 'First name' Sanna && form_is 'Last name' 'Pöyhönen-Åkerlund' &&
		form_is E-mail 'sanna.poyhonen@example.fi' && form_is Phone '040 123 4567' || return 1
	# The cursor is on Organisation, the first empty field (the form's order
	# follows what the desk types most): typed text lands there.
	type_text Pöyhösen
	wait_until form_is Organisation Pöyhösen
}
check "add from the search: names, e-mail and phone filled from what was typed (issue 16)" t_add_from_search
# An escape sequence regdesk does not know (a bracketed paste's start
# ESC [ 2 0 0 ~, xterm's Ctrl-F1 ESC [ 1 ; 5 P) is not a plain Esc: the form
# stays with what was typed, and nothing of the sequence is typed (issue 16).
tm send-keys -t "=$SESSION:" -H 1b 5b 32 30 30 7e
tm send-keys -t "=$SESSION:" -H 1b 5b 31 3b 35 50
t_unknown_sequence() {
	wait_for 'A key the terminal sent is not known here: it did nothing.' || return 1
	shown "$NEW_FORM_TEXT" && not_shown 'Discard the changes?' && form_is Organisation Pöyhösen &&
		not_shown '[200~' && not_shown '5P'
}
check "an unknown escape sequence on the form is ignored, not taken as Esc (issue 16)" t_unknown_sequence
# Nothing typed is lost by one key (issue 16): Esc on the changed form asks
# first; n keeps everything, y discards.
keys Escape
t_discard_asked() {
	wait_for 'Discard the changes? (y/n)' && shown "$NEW_FORM_TEXT" && form_is Organisation Pöyhösen
}
check "Esc on a form with typed text asks 'Discard the changes? (y/n)' and closes nothing (issue 16)" t_discard_asked
keys n
t_discard_refused() {
	wait_gone 'Discard the changes?' && shown "$NEW_FORM_TEXT" && form_is Organisation Pöyhösen &&
		form_is 'Last name' 'Pöyhönen-Åkerlund'
}
check "'n' to 'Discard the changes?' returns to the form with everything typed" t_discard_refused
keys Escape
wait_for 'Discard the changes? (y/n)'
keys y
t_discarded() {
	wait_title Contacts && not_shown 'Pöyhönen-Åkerlund'
}
check "'y' to 'Discard the changes?' closes the form; nothing saved" t_discarded
clear_search

# 5. The duplicate warning.
clear_search
keys C-n
wait_for "$NEW_FORM_TEXT"
type_field Aino Tab
type_field Kaksoinen Tab
type_text 'asa@example.fi'
keys F2
# Another name with Åsa's e-mail: probably another person (issue 12), shown
# with her name and why; Enter or y saves a new contact.
t_duplicate_warning() {
	wait_for 'someone of another name: probably another person' || return 1
	grep -F "#$ASA_ID " "$E2E_SCREEN" | grep -qF 'Söderström-Ähtäri, Åsa'
}
check "duplicate: the same e-mail under another name is shown as probably another person, listing #ASA" t_duplicate_warning
keys Escape
t_duplicate_back() {
	wait_for "$NEW_FORM_TEXT" || return 1
	form_is 'First name' Aino && form_is 'Last name' Kaksoinen && form_is E-mail 'asa@example.fi'
}
check "duplicate: Esc returns to the form with the typed values intact" t_duplicate_back
keys F2
wait_for 'someone of another name: probably another person'
keys y
t_duplicate_saved() {
	wait_title Contact || return 1
	wait_until detail_is Name 'Aino Kaksoinen' || return 1
	AINO_ID=$(contact_id Kaksoinen)
	[ -n "$AINO_ID" ] || return 1
	audit_csv || return 1
	[ -n "$(audit_entry riikka contact.duplicate-confirmed "$AINO_ID")" ]
}
check "duplicate: 'y' saves anyway; the audit has contact.duplicate-confirmed" t_duplicate_saved

# 7. The organisation picker: choose an existing one. (Ins adds, like ^N.)
back_to_list
clear_search
keys IC
wait_for "$NEW_FORM_TEXT"
type_field Oona Tab
type_field Organisaatio Tab
keys Tab Tab
type_field Putki Tab
t_picker_lists() {
	wait_title Organisations || return 1
	wait_until shown 'Mikkelin Putki Oy' && line_has 4 'Search  Putki' && shown 'Choose the organisation with Enter'
}
check "organisation: typed 'Putki' + Tab opens the organisation list filtered by it" t_picker_lists
keys Enter
t_picker_chosen() {
	wait_for "$NEW_FORM_TEXT" && form_is Organisation 'Mikkelin Putki Oy' && form_is 'First name' Oona
}
check "organisation: Enter chooses it; the form shows its name" t_picker_chosen
keys F2
t_picker_saved() {
	wait_title Contact && wait_until detail_is Name 'Oona Organisaatio' && detail_is Organisation 'Mikkelin Putki Oy'
}
check "organisation: saved; the detail shows the organisation" t_picker_saved

# 7 (continued). A new organisation inline.
back_to_list
clear_search
keys C-n
wait_for "$NEW_FORM_TEXT"
type_field Ilona Tab
type_field Inline Tab
keys Tab Tab
type_field 'Savon Sähkö' Tab
wait_title Organisations
wait_for 'No organisation matches'
keys C-n
t_inline_form() {
	wait_title 'Organisation form' && form_is Name 'Savon Sähkö'
}
check "organisation: ^N in the picker opens the organisation form with the typed name" t_inline_form
keys Tab
type_field 1234567-2 Tab
keys BTab
t_business_id_refused() {
	wait_until reason_is 'Business ID' 'check digit' && form_is 'Business ID' 1234567-2
}
check "organisation: a business ID with a wrong check digit is refused with the reason" t_business_id_refused
keys F2
t_business_id_blocks_save() {
	sleep 0.3
	wait_until reason_is 'Business ID' 'check digit' || return 1
	title_is 'Organisation form' || return 1
	as_officer org find Savon --format csv >"$E2E_TMP/org.csv" || return 1
	[ "$(wc -l <"$E2E_TMP/org.csv")" -eq 1 ]
}
check "organisation: F2 with it keeps the form; nothing saved" t_business_id_blocks_save
keys C-u
type_text 1234567-1
keys F2
t_inline_chosen() {
	wait_for "$NEW_FORM_TEXT" && form_is Organisation 'Savon Sähkö' && form_is 'First name' Ilona
}
check "organisation: with a valid business ID F2 saves it and the contact form has it chosen" t_inline_chosen
keys F2
t_inline_saved() {
	wait_title Contact && wait_until detail_is Name 'Ilona Inline' && detail_is Organisation 'Savon Sähkö' || return 1
	as_officer org find Savon --format csv >"$E2E_TMP/org.csv" || return 1
	grep -qF '"Savon Sähkö","1234567-1"' "$E2E_TMP/org.csv"
}
check "organisation: the contact is saved with the new organisation (1234567-1 stored)" t_inline_saved

# 9. End the relationship.
back_to_list
open_contact eron 'Eronnut, Eero'
t_end_prompt() {
	wait_until detail_is Name 'Eero Eronnut' || return 1
	keys x
	wait_for 'End the relationship today?'
}
check "end: 'x' asks to end the relationship" t_end_prompt
TODAY=$(TZ=Europe/Helsinki date +%Y-%m-%d)
keys y
t_ended() {
	wait_for 'Relationship ended on' || return 1
	e2e_date=$(detail_is 'Relationship end' "$TODAY" && echo "$TODAY")
	if [ -z "$e2e_date" ]; then
		TODAY=$(TZ=Europe/Helsinki date +%Y-%m-%d)   # midnight passed meanwhile
		detail_is 'Relationship end' "$TODAY" || return 1
	fi
	shown "Relationship ended on $TODAY."
}
check "end: 'y' ends it; the detail shows 'Relationship end' with today's date" t_ended
back_to_list
t_end_marker() {
	wait_until search_is eron || return 1
	wait_until grep -q '^E   Eronnut, Eero' "$E2E_SCREEN" || return 1
	search sod || return 1
	wait_until list_has 'Söderström-Ähtäri, Åsa' && grep -q '^    Söderström-Ähtäri, Åsa' "$E2E_SCREEN"
}
check "end: the list shows the marker 'E' on its row (not on others)" t_end_marker

# 11. Resize mid-form.
clear_search
keys C-n
wait_for "$NEW_FORM_TEXT"
type_field Reetta Tab
type_field 'Ruutu-Äijö' Tab
type_text 'reetta.ruutu'
t_typed_kept() {
	form_is 'First name' Reetta && form_is 'Last name' 'Ruutu-Äijö' && form_is E-mail reetta.ruutu
}
wait_until t_typed_kept
resize 120 40
t_resized_large() {
	wait_until line_has 40 'Tab next field' && t_typed_kept && title_is 'Contact form'
}
check "resize: at 120x40 the contact form keeps the typed text" t_resized_large
resize 80 24
t_resized_back() {
	wait_until line_has 24 'Tab next field' && t_typed_kept && title_is 'Contact form'
}
check "resize: back at 80x24 the typed text is still there" t_resized_back
keys Escape
wait_for 'Discard the changes? (y/n)'   # typed text is not dropped by one key (issue 16)
keys y
wait_title Contacts

# 6. Two workstations save the same contact.
open_contact konf 'Konflikti, Kalle'
keys e
wait_for "$EDIT_FORM_TEXT"
start_app desk2
log_in olli "$OFFICER_PASSWORD"
wait_for 'Logged in as Olli Officer'
keys Enter
wait_title Contacts
type_text konf
wait_until list_has 'Konflikti, Kalle'
keys Enter
wait_title Contact
keys e
t_both_editing() {
	wait_for "$EDIT_FORM_TEXT" && form_is City Mikkeli || return 1
	use_session desk
	capture
	e2e_ok=false
	shown "$EDIT_FORM_TEXT" && form_is Phone '040 111 1111' && e2e_ok=true
	use_session desk2
	$e2e_ok
}
check "conflict: two sessions on one database both edit the same contact" t_both_editing
use_session desk
keys Tab Tab Tab C-u
type_text '040 999 8888'
keys F2
t_first_saved() {
	wait_title Contact && wait_until detail_is Phone '040 999 8888'
}
check "conflict: session A saves a new phone" t_first_saved
use_session desk2
keys Tab Tab Tab Tab Tab Tab Tab Tab C-u
type_text Kouvola
keys F2
t_conflict_shown() {
	wait_for 'Someone else saved this contact' || return 1
	grep -F 'Their version differs from yours in:' "$E2E_SCREEN" | grep -qF phone || return 1
	grep -F ' Phone ' "$E2E_SCREEN" | grep -F 'theirs: 040 999 8888' | grep -qF 'yours: 040 111 1111'
}
check "conflict: session B's save shows 'Someone else saved this contact' with the phone" t_conflict_shown
keys Escape
t_not_overwritten() {
	wait_for "$EDIT_FORM_TEXT" && form_is City Kouvola || return 1
	show_field "$KALLE_ID" Phone '040 999 8888' && show_field "$KALLE_ID" City Mikkeli
}
check "conflict: after Esc nothing was overwritten (stored phone is A's), B keeps editing" t_not_overwritten
keys F2
wait_for 'Someone else saved this contact'
keys n
t_theirs_shown() {
	wait_for 'Showing their version; your changes were discarded.' || return 1
	form_is Phone '040 999 8888' && form_is City Mikkeli
}
check "conflict: 'n' shows their version in the form" t_theirs_shown
keys C-u
type_text Kouvola
keys F2
t_resaved() {
	wait_title Contact && wait_until detail_is Address '50100 Kouvola' || return 1
	show_field "$KALLE_ID" Phone '040 999 8888' && show_field "$KALLE_ID" City Kouvola
}
check "conflict: B's change saved over their version keeps A's phone" t_resaved
# Once more, with a batch command as the other workstation; this time B
# decides with 'y' to save its version over theirs.
keys e
wait_for "$EDIT_FORM_TEXT"
as_officer contact edit "$KALLE_ID" --phone '040 555 5555' >/dev/null
keys Tab Tab Tab Tab Tab Tab Tab Tab C-u
type_text Lahti
keys F2
t_conflict_yes() {
	wait_for 'Someone else saved this contact' || return 1
	row_has ' Phone ' 'theirs: 040 555 5555' || return 1
	keys y
	wait_title Contact && wait_until detail_is Address '50100 Lahti' || return 1
	show_field "$KALLE_ID" Phone '040 999 8888' && show_field "$KALLE_ID" City Lahti
}
check "conflict: 'y' saves B's version over theirs, knowingly" t_conflict_yes
stop_app desk2
use_session desk

# 8. Merge two records of one person.
back_to_list
open_contact meik 'Meikäläinen, Matti'
t_merge_pick() {
	keys m
	wait_for 'Choose the other record' || return 1
	search meik || return 1
	wait_until list_count 'Meikäläinen, Matti' 2 || return 1
	keys Enter   # the first row is the record being merged
	wait_for 'Choose another record than the one being merged.'
}
check "merge: 'm' lists the others to choose; the record itself is refused" t_merge_pick
keys Down Enter
t_merge_screen() {
	wait_for "Survivor #$MATTI_A keeps its number; #$MATTI_B will resolve to it." || return 1
	grep -F ' Phone ' "$E2E_SCREEN" | grep -qF '=> 040 222 2222' &&
		grep -F ' City ' "$E2E_SCREEN" | grep -qF '=> Tampere'
}
check "merge: the merge screen shows survivor and differing values (an empty one never wins)" t_merge_screen
keys Right
t_merge_right() {
	wait_until row_has ' Phone ' '=> 050 333 3333'
}
check "merge: Right keeps the other record's phone" t_merge_right
keys F2
t_merged() {
	wait_for "Merged #$MATTI_B into #$MATTI_A." || return 1
	show_field "$MATTI_B" Contact "#$MATTI_A" && show_field "$MATTI_A" Phone '050 333 3333' &&
		show_field "$MATTI_A" City Tampere
}
check "merge: F2 merges; the other number resolves to #SURVIVOR with the chosen values" t_merged
back_to_list
t_merged_list() {
	wait_until search_is meik && wait_until list_count 'Meikäläinen, Matti' 1
}
check "merge: the list shows one record of the person" t_merged_list
# The list below the chooser is the ordinary list again: Enter opens the
# selected record (it does not "choose" it for a merge that is over).
t_list_normal_after_merge() {
	not_shown 'Choose the other record' || { note "the list still asks to choose a record"; return 1; }
	keys Enter
	wait_title Contact && wait_until detail_is Name 'Matti Meikäläinen'
}
check "merge: afterwards the contact list is no longer in choosing mode (Enter opens)" t_list_normal_after_merge

# 12. The trainer's menu.
start_app trainer
log_in tiina "$TRAINER_PASSWORD"
t_trainer_menu() {
	wait_for 'Logged in as Tiina Kouluttaja, trainer.' || return 1
	menu_has 'Change my password' && ! menu_has Contacts && ! menu_has Organisations && not_shown Contacts
}
check "trainer: the main menu has no 'Contacts' (nor 'Organisations')" t_trainer_menu
stop_app trainer

# 13. Control characters are refused by the core.
t_control_characters() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin contact add \
		--first-name Ohto --last-name Ohjausmerkki --title "$(printf 'X\033[2JY')" >"$E2E_TMP/evil.out" 2>&1
	e2e_status=$?
	[ "$e2e_status" = 1 ] || { note "title: exit status $e2e_status"; return 1; }
	grep -q 'control characters are not allowed' "$E2E_TMP/evil.out" || return 1
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin contact add \
		--first-name Ohto --last-name Ohjausmerkki --notes "$(printf 'a\033]0;pwned\007b')" >"$E2E_TMP/evil.out" 2>&1
	e2e_status=$?
	[ "$e2e_status" = 1 ] || { note "notes: exit status $e2e_status"; return 1; }
	as_officer contact find Ohjausmerkki --format csv >"$E2E_TMP/find.csv" || return 1
	[ "$(wc -l <"$E2E_TMP/find.csv")" -eq 1 ]
}
check "control characters: a title or notes with an escape sequence is refused (exit 1), nothing saved" \
	t_control_characters

# ---------------------------------------------------------------------------
# 10. The windowed list: 60 contacts, 16 rows a page at 80x24.
wait "$LIST_FIXTURE_PID"
cat "$E2E_TMP/list-fixture.err" >>"$E2E_TMP/cli-all.err" 2>/dev/null
if [ -s "$E2E_TMP/list-fixture.failed" ]; then
	note "list fixture: could not add $(tr '\n' ' ' <"$E2E_TMP/list-fixture.failed")"
	head -n 20 "$E2E_TMP/list-fixture.err" | sed 's/^/#   ! /'
fi
DB=list.db
start_app list
log_in olli "$OFFICER_PASSWORD"
wait_for 'Logged in as Olli Officer'
keys Enter
t_first_page() {
	wait_title Contacts && wait_until list_is 1 16 || { list_diff 1 16; return 1; }
	shown "$LIST_COUNT matches"
}
check "list: $LIST_COUNT contacts; the first page shows the first 16 in Finnish order" t_first_page
keys PageDown
t_page_down() {
	wait_until list_is 17 32 || { list_diff 17 32; return 1; }
	keys PageDown
	wait_until list_is 33 48 || { list_diff 33 48; return 1; }
}
check "list: PgDn shows the next pages (17-32, 33-48)" t_page_down
keys PageUp
t_page_up() {
	wait_until list_is 17 32 || { list_diff 17 32; return 1; }
}
check "list: PgUp shows the previous page" t_page_up
keys End
t_end() {
	wait_until list_is 45 60 || { list_diff 45 60; return 1; }
	[ "$(list_names | tail -n 3 | tr '\n' '|')" = 'Åberg, Testi|Äijälä, Testi|Öhman, Testi|' ]
}
check "list: End shows the last page, ending Åberg, Äijälä, Öhman (Finnish order)" t_end
keys Home
t_home() {
	wait_until list_is 1 16 || { list_diff 1 16; return 1; }
}
check "list: Home returns to the first page" t_home
keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
sleep 0.5
t_down_at_bottom() {
	capture
	list_is 1 16 || { note "the window moved before the bottom row"; list_diff 1 16; return 1; }
	keys Down
	wait_until list_is 2 17 || { list_diff 2 17; return 1; }
}
check "list: Down at the bottom row scrolls by one row" t_down_at_bottom

finish

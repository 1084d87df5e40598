#!/bin/sh
# End-to-end tests that each opening of a screen keeps its own state (issue
# 15): a contact's detail opened over another detail (a duplicate's record)
# leaves the one below showing its own person, and the contact list opened as
# a picker over itself leaves the list below with its own search. Showing the
# wrong person under the right heading is a breach (notice §5.2). Runs
# build-asan/regdesk in tmux (see lib.sh); prints "ok - ", "not ok - " or
# "skip - " per check.
#   sh tests/e2e/test_tui_screens.sh
. "$(dirname "$0")/lib.sh"

DB=screens.db
OFFICER_PASSWORD=officerpass1
LOGIN_TEXT='Log in with your personal account.'
EDIT_FORM_TEXT='Edit the contact. F2 saves, Esc cancels.'

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$E2E_TMP/$DB" --user olli --password-stdin "$@"
}

# new_contact FIELD-OPTION...: adds a contact as olli; prints its id.
new_contact() {
	as_officer contact add "$@" | sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p'
}

title_is() {
	[ "$(screen_line 2)" = " $1" ]
}

wait_title() {
	wait_until title_is "$1"
}

# detail_is LABEL VALUE: the detail row LABEL shows exactly VALUE.
detail_is() {
	awk -v label="$1" -v value="$2" '
		{ head = substr($0, 1, 24); sub(/ +$/, "", head) }
		head == " " label && substr($0, 25) == value { found = 1 }
		END { exit !found }' "$E2E_SCREEN"
}

# search_is TEXT: the contact list's search field holds TEXT.
search_is() {
	e2e_search=$(screen_line 4 | sed 's/^ Search  //; s/   .*$//; s/^ Search$//')
	[ "$e2e_search" = "$1" ]
}

# The detail of the contact whose e-mail is EMAIL, and nobody else's.
showing() {
	title_is Contact && detail_is E-mail "$1" && detail_is Phone "$2"
}

# Two records of one person (the same name), told apart by e-mail and phone.
printf '%s\n' "$OFFICER_PASSWORD" | cli "$E2E_TMP/$DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 \
	--full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
FIRST_ID=$(new_contact --first-name Maija --last-name Mallikas --email maija@example.fi --phone '040 111 1111')
SECOND_ID=$(new_contact --first-name Maija --last-name Mallikas --email maija.mallikas@example.com \
	--phone '050 222 2222' --confirm-duplicate)
OTHER_ID=$(new_contact --first-name Pekka --last-name Puro --email pekka@example.fi)
[ -n "$FIRST_ID" ] && [ -n "$SECOND_ID" ] && [ -n "$OTHER_ID" ] || die "cannot add the fixture contacts"

start_app screens
wait_for "$LOGIN_TEXT"
type_field olli Tab
type_text "$OFFICER_PASSWORD"
keys Enter
wait_for 'Logged in as Olli Officer'
keys Enter
wait_title Contacts
type_text Mallikas
wait_until search_is Mallikas

# The reproduced bug: open #1, edit her e-mail to #2's, Enter on #2 in the
# duplicate list, then Esc: the detail opened for #1 must still show #1.
keys Enter
t_first_opened() {
	wait_until showing maija@example.fi '040 111 1111'
}
check "detail: Enter on the first Maija Mallikas opens #$FIRST_ID" t_first_opened
keys e
wait_for "$EDIT_FORM_TEXT"
keys Tab Tab C-u
type_text maija.mallikas@example.com
keys F2
t_duplicate_listed() {
	wait_for 'This person may already be in the register:' && shown "#$SECOND_ID "
}
check "form: #$SECOND_ID's e-mail on #$FIRST_ID lists #$SECOND_ID as a possible duplicate" t_duplicate_listed
keys Enter
t_second_over_first() {
	wait_until showing maija.mallikas@example.com '050 222 2222'
}
check "duplicate: Enter on #$SECOND_ID opens its detail" t_second_over_first
keys Escape
t_first_kept() {
	wait_until showing maija@example.fi '040 111 1111' || return 1
	not_shown '050 222 2222' && not_shown maija.mallikas@example.com
}
check "detail over detail: Esc from #$SECOND_ID's detail shows #$FIRST_ID again, not #$SECOND_ID (issue 15)" \
	t_first_kept
t_nothing_saved() {
	as_officer contact show "$FIRST_ID" | grep -qF maija@example.fi
}
check "detail over detail: the abandoned edit saved nothing on #$FIRST_ID" t_nothing_saved

# The contact list as a picker over itself: each keeps its own search, and
# the choice goes to the detail that asked (the merge of #1 with #2).
keys m
t_picker_open() {
	wait_title Contacts && wait_until search_is '' && shown 'Choose the other record: Enter.'
}
check "list over list: 'm' opens the list as a picker with an empty search of its own" t_picker_open
type_text Puro
wait_until search_is Puro
keys Escape Escape
t_picker_closed() {
	wait_until showing maija@example.fi '040 111 1111'
}
check "list over list: Esc, Esc leaves the picker; the detail still shows #$FIRST_ID" t_picker_closed
keys Escape
t_list_search_kept() {
	wait_title Contacts && wait_until search_is Mallikas && shown '2 matches' && not_shown 'Puro'
}
check "list over list: the list below kept its own search ('Mallikas', 2 matches)" t_list_search_kept
keys Enter m
wait_for 'Choose the other record: Enter.'
type_text 050
wait_until shown '1 matches'
keys Enter
t_merge_pair() {
	wait_title 'Merge two records of one person' &&
		wait_for "Survivor #$FIRST_ID keeps its number; #$SECOND_ID will resolve to it."
}
check "picker: the record chosen goes back to the detail that asked: merge #$FIRST_ID with #$SECOND_ID" t_merge_pair
keys Escape
t_after_merge_cancel() {
	wait_until showing maija@example.fi '040 111 1111'
}
check "picker: Esc from the merge returns to #$FIRST_ID's detail" t_after_merge_cancel

finish

#!/bin/sh
# The desk's speed (issue 16): five everyday flows driven in the real program
# at 80x24 (tmux, see lib.sh), the keys sent one at a time and those pressed
# beyond the text typed counted. Each flow's end state is checked through the
# batch command line, and a flow FAILS when it takes more keys than its target:
#   add a contact (first, last name, e-mail) from the contact list      <= 3
#   postal-mail ban on a person found by search                         <= 3
#   trainer: register a returning participant, present (from the session) <= 3
#   trainer: the same for a person new to the trainer                   <= 5
#   in-person inspection: request, ID check, link, report on screen     <= 11
# Set-up keys (logging in, making the trainer's sessions) are not counted.
#   sh tests/e2e/test_desk_speed.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/speed.db
DB=speed.db
OFFICER_PASSWORD=officerpass1
RECEPTION_PASSWORD=reception456
TRAINER_PASSWORD=trainerpass12
TODAY=$(TZ=Europe/Helsinki date +%Y-%m-%d)

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

new_contact() {
	as_officer contact add "$@" | sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p'
}

# add_user NAME ROLE FULL-NAME PASSWORD: an account with its own password set.
add_user() {
	printf '%s\n%s\n' "$OFFICER_PASSWORD" temporary-1234 | cli "$MAIN_DB" --user olli --password-stdin \
		user add --commitment-signed 2020-01-02 --role "$2" --full-name "$3" "$1" >/dev/null &&
		printf '%s\n%s\n' temporary-1234 "$4" | cli "$MAIN_DB" --user "$1" --password-stdin user passwd "$1" >/dev/null
}

log_in() {
	wait_for 'Log in with your personal account.' || return 1
	type_field "$1" Tab
	type_text "$2"
	keys Enter
	wait_for 'Logged in as'
}

title_is() {
	[ "$(screen_line 2)" = " $1" ]
}

wait_title() {
	wait_until title_is "$1"
}

# row_has A B: a line of the last capture contains both A and B.
row_has() {
	grep -F -- "$1" "$E2E_SCREEN" | grep -qF -- "$2"
}

# --- counting ---------------------------------------------------------------

# flow_start NAME: a new count.
flow_start() {
	FLOW=$1
	FLOW_KEYS=0
	FLOW_PATH=""
}

# press KEY: one counted key (a tmux key name), sent on its own.
press() {
	keys "$1"
	FLOW_KEYS=$((FLOW_KEYS + 1))
	FLOW_PATH="$FLOW_PATH $1"
}

# text TEXT: what the desk types (not counted).
text() {
	type_text "$1"
	FLOW_PATH="$FLOW_PATH \"$1\""
}

# flow_within TARGET: the flow took at most TARGET counted keys.
flow_within() {
	note "$FLOW:$FLOW_PATH = $FLOW_KEYS keys (target <= $1)"
	[ "$FLOW_KEYS" -le "$1" ]
}

# ---------------------------------------------------------------------------
printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 \
	--role privacy-officer --full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
add_user riikka reception 'Riikka Vastaanotto' "$RECEPTION_PASSWORD" || die "cannot add riikka"
add_user tiina trainer 'Tiina Kouluttaja' "$TRAINER_PASSWORD" || die "cannot add tiina"
BERTTA_ID=$(new_contact --first-name Bertta --last-name Bännäri --street 'Kauppakatu 1' --postal-code 50100 \
	--city Mikkeli --category customer)
VEERA_ID=$(new_contact --first-name Veera --last-name Vierailija --email veera.vierailija@example.fi --category customer)
[ -n "$BERTTA_ID" ] && [ -n "$VEERA_ID" ] || die "cannot add the contacts"

# --- 1. a contact from the contact list (reception) --------------------------
start_app desk
log_in riikka "$RECEPTION_PASSWORD" || die "reception cannot log in"
menu_open Contacts
wait_title Contacts
flow_start 'add a contact'
text 'sanna pöyhönen sanna.poyhonen@example.fi'
wait_until shown 'No contact matches'
press C-n
wait_until shown 'sanna.poyhonen@example.fi'
press F2
t_contact_added() {
	wait_title Contact || return 1
	as_officer contact find pöyhönen --format csv >"$E2E_TMP/find.csv" || return 1
	grep -F 'Pöyhönen' "$E2E_TMP/find.csv" | grep -F 'Sanna' | grep -qF 'sanna.poyhonen@example.fi' || {
		sed 's/^/#   /' "$E2E_TMP/find.csv"
		return 1
	}
	flow_within 3
}
check "add a contact from the list's search text: saved as Sanna Pöyhönen with the e-mail, in <= 3 keys" t_contact_added

# --- 2. a postal-mail ban on a person found by search ------------------------
keys Escape
wait_title Contacts
keys Escape   # the search is cleared first
wait_until shown 'Bännäri, Bertta'
flow_start 'postal-mail ban'
text 'bännäri'
wait_until shown '1 matches'
press F6
wait_title 'Bans and consents'
press b
wait_for 'New statement for: postal direct mail'
press F2
t_ban_recorded() {
	wait_for 'Recorded: postal direct mail' || return 1
	as_officer ban show "$BERTTA_ID" --format csv >"$E2E_TMP/ban.csv" || return 1
	grep -F 'postal-mail' "$E2E_TMP/ban.csv" | grep -F 'objection' | grep -F 'in-person' | grep -qF "$TODAY" || {
		sed 's/^/#   /' "$E2E_TMP/ban.csv"
		return 1
	}
	flow_within 3
}
check "postal-mail ban from the list: objection, in person, today, as history; in <= 3 keys" t_ban_recorded

# --- 5. an in-person inspection -----------------------------------------------
keys Escape
wait_title Contacts
keys Escape Escape
wait_for 'Logged in as Riikka'
menu_open 'Data-subject requests' Requests
wait_title Requests
flow_start 'in-person inspection'
press a
wait_title 'New request'
text 'Veera Vierailija'
press F2
wait_for 'Not verified: v records the ID check'
REQUEST_ID=$(screen_line 4 | sed -n 's/^ #\([0-9][0-9]*\)  .*/\1/p')
press v
wait_for 'ID check: the document is looked at'
press y
wait_for 'Records of the requester'
press f
wait_title Contacts
wait_until shown 'Vierailija, Veera'
press Enter
wait_for 'Record linked to the request.'
press F7
t_inspection() {
	wait_for 'ACCESS REPORT' || return 1
	shown 'First name: Veera' && shown 'Last name: Vierailija' || return 1
	as_officer request show "${REQUEST_ID:-0}" >"$E2E_TMP/request.txt" || return 1
	grep -q 'Identity verified by  *ID check' "$E2E_TMP/request.txt" && grep -qF "Veera Vierailija" "$E2E_TMP/request.txt" || {
		sed 's/^/#   /' "$E2E_TMP/request.txt"
		return 1
	}
	as_officer audit list --action request.id-check --format csv >"$E2E_TMP/audit.csv" || return 1
	grep -qF riikka "$E2E_TMP/audit.csv" || { sed 's/^/#   /' "$E2E_TMP/audit.csv"; return 1; }
	flow_within 11
}
check "in-person inspection: request, ID check (photo and name), link, report on screen; in <= 11 keys" t_inspection
stop_app desk

# --- 3 and 4. the trainer at today's session ---------------------------------
start_app trainer
log_in tiina "$TRAINER_PASSWORD" || die "the trainer cannot log in"
menu_open Courses
wait_title Courses
keys a
wait_for 'New course:'
type_text 'Tulityökortti'
keys F2
wait_for 'Saved Tulityökortti.'
keys Escape
wait_for 'Logged in as Tiina'
menu_open Trainings
wait_title Trainings
# new_session STARTS: a session of the course, saved and opened.
new_session() {
	keys a
	wait_for 'A session of a course; F2 saves.' || return 1
	keys Tab
	type_field "$1" Tab
	type_text 'Mikkelin koulutustila'
	keys F2
	wait_title Trainings || return 1
	wait_until row_has "$1" Tulityökortti || return 1
	down_to "$(line_of "$1")" "$(grep -n -m 1 'Tulityökortti' "$E2E_SCREEN" | cut -d: -f1)"
	keys Enter
	wait_title 'Training session' && wait_for "Tulityökortti  $1"
}
# An earlier session where Rauno took part: he is this trainer's returning participant.
new_session '2026-11-02 09:00' || die "cannot make the earlier session"
keys C-n
wait_title 'Register a participant'
type_text 'rauno palaaja'
keys C-n
wait_for 'A new participant'
keys F2
wait_for 'Rauno Palaaja registered.' || die "cannot register Rauno in the earlier session"
keys Escape
wait_title Trainings
new_session "$TODAY 09:00" || die "cannot make today's session"

# audited_present WORDS: the newest two entries the trainer made are the
# registration of the contact found by WORDS and its attendance (notice §1.4:
# every change of personal data is audited).
audited_present() {
	e2e_id=$(as_officer contact find "$1" --format csv | sed -n '2s/^"\([0-9][0-9]*\)".*/\1/p')
	[ -n "$e2e_id" ] || { note "no contact for $1"; return 1; }
	as_officer audit list --by tiina --limit 2 --format csv >"$E2E_TMP/audit.csv" || return 1
	sed -n 2p "$E2E_TMP/audit.csv" | grep -qF '"tiina","training.attendance","registration"' &&
		sed -n 3p "$E2E_TMP/audit.csv" | grep -qF "\"tiina\",\"training.register\",\"contact\",\"$e2e_id\"" || {
		note "the trainer's newest audit entries:"; sed 's/^/#   /' "$E2E_TMP/audit.csv"; return 1; }
}

flow_start 'returning participant'
press C-n
wait_title 'Register a participant'
text 'palaaja'
wait_until shown 'Palaaja, Rauno'
press C-p
t_returning() {
	wait_title 'Training session' || return 1
	wait_for 'Palaaja, Rauno registered and marked present.' || return 1
	wait_until row_has 'Palaaja, Rauno' present || return 1
	audited_present palaaja || return 1
	flow_within 3
}
check "trainer: a returning participant registered to today's session and present; in <= 3 keys" t_returning

flow_start 'new participant'
press C-n
wait_title 'Register a participant'
text 'niina uusinen'
press C-n
wait_for 'A new participant'
press F2
wait_for 'Niina Uusinen registered.'
press 1
t_new_person() {
	wait_until row_has 'Uusinen, Niina' present || return 1
	audited_present uusinen || return 1
	flow_within 5
}
check "trainer: a person new to the trainer registered to today's session and present; in <= 5 keys" t_new_person
stop_app trainer

finish

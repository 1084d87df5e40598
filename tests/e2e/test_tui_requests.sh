#!/bin/sh
# End-to-end tests of the data-subject request screens (notice §6): a visitor
# asks at the desk to inspect their data (reception: the request, the ID
# check, linking the record, the first copy free, the access report on screen in
# English and Finnish, saved as text and JSON, audited); a second inspection
# within a year (shown as information, still free); the privacy officer
# refuses a told-on date in the future and completes with a fee on the
# finding of a ground (GDPR Art. 12(5)); a hand-signed letter marked
# asiakasrekisteri/poistopyyntö becomes an erasure request, a legal hold
# under the Accounting Act is added to the contact, the erasure keeps what
# the hold covers and lists the recipients by name, which stay on the
# request to be told one by one with N (GDPR Art. 19); an e-mail request is
# valid and verified by a reply from the address on record (GDPR Art. 12(6)). Runs build-asan/regdesk in tmux (see lib.sh); prints
# "ok - ", "not ok - " or "skip - " per check.
#   sh tests/e2e/test_tui_requests.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/requests.db
OFFICER_PASSWORD=officerpass1
RECEPTION_TEMPORARY=reception123
RECEPTION_PASSWORD=reception456
LOGIN_TEXT='Log in with your personal account.'
APP_HOME=$E2E_TMP/home
mkdir -p "$APP_HOME" || die "cannot make $APP_HOME"
APP_ENV="HOME=$APP_HOME XDG_DATA_HOME=$APP_HOME/.local/share"
LIST_FIRST_LINE=6          # the first row of a list whose header is on the content's second row (80x24)

# --- helpers ----------------------------------------------------------------

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

# new_contact FIELD-OPTION...: adds a contact as olli; prints its id.
new_contact() {
	as_officer contact add "$@" | sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p'
}

log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field "$1" Tab
	type_text "$2"
	keys Enter
}

title_is() {
	[ "$(screen_line 2)" = " $1" ]
}

wait_title() {
	wait_until title_is "$1"
}

# menu_has ITEM: the main menu of the last capture shows the entry ITEM (a
# cell of its own: the menu may have columns or a panel beside it).
menu_has() {
	awk -F '  +' -v item="$1" '
		{ for (i = 1; i <= NF; i++) if ($i == item) found = 1 }
		END { exit !found }' "$E2E_SCREEN"
}

row_has() {
	grep -F -- "$1" "$E2E_SCREEN" | grep -qF -- "$2"
}

# The main menu's entry for the request queue (its label has been both).
REQUESTS_ENTRY='Data-subject requests'
REQUESTS_ENTRY_OLD='Requests (inspection, rectification, erasure, objection)'

# From any screen: Esc until the main menu shows (at most 6).
to_main_menu() {
	e2e_tries=0
	while [ "$e2e_tries" -lt 6 ]; do
		capture
		title_is 'Main menu' && return 0
		keys Escape
		sleep 0.3
		e2e_tries=$((e2e_tries + 1))
	done
	wait_title 'Main menu'
}

# The contact list's search field (line 4) holds TEXT.
search_is() {
	e2e_search=$(screen_line 4 | sed 's/^ Search  //; s/   .*$//; s/^ Search$//')
	[ "$e2e_search" = "$1" ]
}

# The names on the contact list's rows (lines 7-22 at 80x24).
list_names() {
	sed -n '7,22p' "$E2E_SCREEN" | sed 's/^....//; s/  .*$//' | sed '/^$/d'
}

list_has() {
	list_names | grep -qxF -- "$1"
}

# On the contact list: types TEXT into an empty search.
search() {
	keys C-u
	wait_until search_is '' || return 1
	type_text "$1"
	wait_until search_is "$1"
}

# collect FILE: the whole content of a scrolling viewer (the report, a
# detail), page by page from the top, appended into FILE.
collect() {
	: >"$1"
	keys Home
	sleep 0.3
	capture
	e2e_pages=0
	while [ "$e2e_pages" -lt 80 ]; do
		cat "$E2E_SCREEN" >>"$1"
		cp "$E2E_SCREEN" "$E2E_TMP/page.prev"
		keys PageDown
		e2e_waited=0
		while [ "$e2e_waited" -lt 10 ]; do
			sleep 0.1
			capture
			cmp -s "$E2E_SCREEN" "$E2E_TMP/page.prev" || break
			e2e_waited=$((e2e_waited + 1))
		done
		cmp -s "$E2E_SCREEN" "$E2E_TMP/page.prev" && break
		e2e_pages=$((e2e_pages + 1))
	done
	keys Home
}

# has FILE TEXT / lacks FILE TEXT, with a note naming what was missing.
has() {
	grep -qF -- "$2" "$1" || { note "not found: '$2'"; return 1; }
}
lacks() {
	! grep -qF -- "$2" "$1" || { note "found, but must not be: '$2'"; return 1; }
}

audit_csv() {
	as_officer audit list --format csv --limit 100000 >"$E2E_TMP/audit.csv"
}

# audited USER ACTION ENTITY RECORD: the audit trail has that entry.
audited() {
	grep -qF "\"$1\",\"$2\",\"$3\",\"$4\"," "$E2E_TMP/audit.csv" || {
		note "no audit entry $1 $2 $3 #$4"
		return 1
	}
}

# The request screen's number (its first content line "#N  kind, channel").
request_number() {
	screen_line 4 | sed -n 's/^ #\([0-9][0-9]*\)  .*/\1/p'
}

# request_field ID LABEL VALUE: "request show ID" prints LABEL with VALUE.
request_field() {
	as_officer request show "$1" >"$E2E_TMP/request.txt" || return 1
	grep -q "^$2  *$3\$" "$E2E_TMP/request.txt" || {
		note "request show $1: no '$2' '$3':"
		sed 's/^/#   /' "$E2E_TMP/request.txt"
		return 1
	}
}

# A new in-person inspection request for NAME, from the Requests screen.
new_visit() {
	keys a
	wait_title 'New request' || return 1
	wait_until row_has ' Kind ' '< inspection (access) >' || return 1
	type_text "$1"
	keys F2
	wait_title Request
}

# On a request screen: the ID check with photo and name matching.
verify_in_person() {
	keys v
	wait_for 'ID check: the document is looked at' || return 1
	keys Tab Right Tab Right
	wait_until row_has ' Name matches the request ' '< yes >' || return 1
	keys F2
	wait_for 'Identity verified'
}

# On a request screen: f, search WORDS, Enter on NAME ("Last, First").
link_contact() {
	keys f
	wait_title Contacts || return 1
	search "$1" || return 1
	wait_until list_has "$2" || return 1
	keys Enter
	wait_title Request && wait_for 'Record linked to the request.'
}

# --- the register -----------------------------------------------------------

printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer \
	--full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$RECEPTION_TEMPORARY" | cli "$MAIN_DB" --user olli --password-stdin \
	user add --commitment-signed 2020-01-02 --role reception --full-name 'Riikka Vastaanotto' riikka >/dev/null || die "cannot add riikka"
printf '%s\n%s\n' "$RECEPTION_TEMPORARY" "$RECEPTION_PASSWORD" | cli "$MAIN_DB" --user riikka --password-stdin \
	user passwd riikka >/dev/null || die "cannot change riikka's password"
VEERA_ID=$(new_contact --first-name Veera --last-name Vierailija --email veera.vierailija@example.fi \
	--phone '040 123 9876' --city Mikkeli --category customer,maintenance)
OTHER_ID=$(new_contact --first-name Xerxes --last-name Zyxwvutsson --email xerxes.zyx@example.fi \
	--phone '050 999 0000' --category customer)
KIRSI_ID=$(new_contact --first-name Kirsi --last-name Kirjeenkirjoittaja --email kirsi.k@example.fi \
	--street 'Kunnanmäki 1' --postal-code 50600 --city Mikkeli --category customer)
[ -n "$VEERA_ID" ] && [ -n "$OTHER_ID" ] && [ -n "$KIRSI_ID" ] || die "cannot add the fixture contacts"
as_officer ban set "$VEERA_ID" --purpose phone-marketing --channel in-person --state objection >/dev/null &&
	as_officer ban set "$VEERA_ID" --purpose newsletter --channel in-person --state consent \
		--wording 'Tilaan uutiskirjeen' >/dev/null &&
	as_officer ban set "$OTHER_ID" --purpose survey --channel in-person --state objection >/dev/null ||
	die "cannot record the bans and consents"
RECIPIENT_ID=$(as_officer recipient add --name 'Huoltokumppani Oy' --kind partner --country FI |
	sed -n 's/^Added recipient #\([0-9][0-9]*\)\.$/\1/p')
[ -n "$RECIPIENT_ID" ] || die "cannot add the recipient"
as_officer disclosure add "$VEERA_ID" --recipient "$RECIPIENT_ID" --purpose 'huoltosopimuksen toimitus' \
	--legal-ground 'contract' --fields 'name,phone' >/dev/null &&
	as_officer disclosure add "$OTHER_ID" --recipient "$RECIPIENT_ID" --purpose 'toisen henkilön tilaus' \
		--legal-ground 'contract' --fields 'name,phone' >/dev/null || die "cannot record the disclosures"

# ---------------------------------------------------------------------------
# 1. Reception: a visitor asks to inspect their data.
DB=requests.db
start_app desk
log_in riikka "$RECEPTION_PASSWORD"
t_requests_screen() {
	wait_for 'Logged in as Riikka Vastaanotto, reception.' || return 1
	menu_open "$REQUESTS_ENTRY" "$REQUESTS_ENTRY_OLD" || return 1
	wait_title Requests && wait_for '0 open, 0 overdue.' && shown 'No requests: a records one.'
}
check "reception: the main menu opens the (empty) request queue" t_requests_screen

keys a
t_new_form() {
	wait_title 'New request' || return 1
	wait_until row_has ' Kind ' '< inspection (access) >' || return 1
	row_has ' Channel ' '< in person at the desk (recommended) >' && shown "Requester's name" &&
		not_shown 'Envelope marking' && not_shown 'Signed by hand'
}
check "new request: kind inspection and channel in person by default; no letter fields" t_new_form
# The cursor waits on the name: the defaults are what the desk keeps (issue 16).
type_text 'Veera Vierailija'
keys F2
t_not_verified() {
	wait_title Request || return 1
	wait_for 'Not verified: v records the ID check' || return 1
	VISIT_ID=$(request_number)
	[ -n "$VISIT_ID" ] || return 1
	shown 'Records: shown after the identity is verified.' && shown 'Requester as given: Veera Vierailija' &&
		not_shown 'veera.vierailija@example.fi' && not_shown "#$VEERA_ID Veera"
}
check "new request: F2 opens it: 'Not verified', no records of the register shown" t_not_verified
VISIT_ID=${VISIT_ID:-0}

keys F7
t_report_refused() {
	wait_for 'Verify the identity first.' || return 1
	sleep 0.3
	capture
	title_is Request && not_shown 'ACCESS REPORT'
}
check "F7 before the ID check is refused ('Verify the identity first.')" t_report_refused

t_verified() {
	verify_in_person || return 1
	shown 'Records of the requester (f finds and links one):' && not_shown 'Not verified'
}
check "v: the ID check (photo yes, name yes) verifies the identity" t_verified
keys F7
t_report_needs_link() {
	wait_for 'Link and select the requester' || return 1
	title_is Request
}
check "F7 after the ID check but before linking asks to link the record first" t_report_needs_link

keys f
t_search_prefilled() {
	wait_title Contacts || return 1
	wait_until search_is 'Veera Vierailija' && list_has 'Vierailija, Veera'
}
check "f: the contact list opens searching for the name as given" t_search_prefilled
keys Escape Escape
wait_title Request
t_linked() {
	link_contact vierailija 'Vierailija, Veera' || return 1
	wait_until row_has "#$VEERA_ID Veera Vierailija" 'veera.vierailija@example.fi'
}
check "f: the contact list finds the visitor; Enter links the record, shown on the request" t_linked
t_free() {
	wait_for 'Free: the first copy (GDPR Art. 15(3)). No previous inspection.'
}
check "charge: the first inspection is free of charge, the first copy (GDPR Art. 15(3))" t_free

# The report on screen, every page.
keys F7
t_report_english() {
	wait_title 'Access report (Left/Right: suomi/English)' || return 1
	wait_for 'ACCESS REPORT' || return 1
	collect "$E2E_TMP/report-en.txt"
	e2e_report=$E2E_TMP/report-en.txt
	has "$e2e_report" 'First name: Veera' && has "$e2e_report" 'Last name: Vierailija' &&
		has "$e2e_report" 'E-mail: veera.vierailija@example.fi' &&
		has "$e2e_report" 'Categories: customer contact, maintenance contact' &&
		has "$e2e_report" 'Bans and consents' && has "$e2e_report" 'State: ban (objection)' &&
		has "$e2e_report" 'Purpose: newsletters' && has "$e2e_report" 'State: consent' &&
		has "$e2e_report" 'Recipient: Huoltokumppani Oy' && has "$e2e_report" 'Purpose: huoltosopimuksen toimitus' &&
		has "$e2e_report" 'Your rights (notice §6)' && has "$e2e_report" 'privacy@mipro.fi'
}
check "F7: the report shows the person's name, e-mail, categories, bans, consents, disclosures, rights" \
	t_report_english
t_report_authority() {
	has "$E2E_TMP/report-en.txt" 'Tietosuojavaltuutetun toimisto'
}
check "F7: the report names the supervisory authority 'Tietosuojavaltuutetun toimisto' on screen (80 columns)" \
	t_report_authority
t_report_only_this_person() {
	lacks "$E2E_TMP/report-en.txt" Zyxwvutsson && lacks "$E2E_TMP/report-en.txt" Xerxes &&
		lacks "$E2E_TMP/report-en.txt" xerxes.zyx && lacks "$E2E_TMP/report-en.txt" '050 999 0000' &&
		lacks "$E2E_TMP/report-en.txt" 'toisen henkilön tilaus'
}
check "F7: nothing of another person in the report (name, e-mail, phone, their disclosure)" t_report_only_this_person

keys Right
t_report_finnish() {
	wait_until shown 'Etunimi: Veera' || return 1
	collect "$E2E_TMP/report-fi.txt"
	has "$E2E_TMP/report-fi.txt" 'Sähköposti: veera.vierailija@example.fi' && has "$E2E_TMP/report-fi.txt" 'privacy@mipro.fi' &&
		lacks "$E2E_TMP/report-fi.txt" 'First name:' && lacks "$E2E_TMP/report-fi.txt" 'E-mail:'
}
check "Right: the report switches to Finnish (field labels 'Etunimi', 'Sähköposti')" t_report_finnish
t_report_finnish_headings() {
	e2e_ok=true
	for e2e_heading in 'ACCESS REPORT: YOUR DATA' 'About this report' 'Your contact data (notice §1)' \
		'Bans and consents (notice §1.5, §6.3)' 'Disclosures of your data' 'Your rights (notice §6)' \
		'You may complain to the supervisory authority' 'More information (notice §6.9)'; do
		lacks "$E2E_TMP/report-fi.txt" "$e2e_heading" || e2e_ok=false
	done
	$e2e_ok
}
check "Right: the Finnish report has no English headings left (title, sections, rights)" t_report_finnish_headings
keys Left
t_report_back_english() {
	wait_until shown 'First name: Veera' && not_shown 'Etunimi:'
}
check "Left: back to English" t_report_back_english

t_print() {
	wait_for 'no printer command (lp) on this computer' || return 1
	title_is 'Access report (Left/Right: suomi/English)'
}
if [ -x /usr/bin/lp ] || [ -x /bin/lp ]; then
	skip "P: without lp, says there is no printer command" "lp is installed: nothing is sent to a real printer"
else
	keys P
	check "P: without lp, says there is no printer command (the report stays)" t_print
fi
keys F2
# The private files folder (issue 13), not the home directory.
FILES_DIR=$APP_HOME/.local/share/regdesk/files
REPORT_TXT=$FILES_DIR/regdesk-report-$VISIT_ID-$VEERA_ID.txt
REPORT_JSON=$FILES_DIR/regdesk-report-$VISIT_ID-$VEERA_ID.json
t_report_saved() {
	wait_for 'Saved ' || return 1
	[ -s "$REPORT_TXT" ] && [ -s "$REPORT_JSON" ] || { note "no $REPORT_TXT / $REPORT_JSON:"; ls -l "$FILES_DIR" | sed 's/^/#   /'; return 1; }
	[ "$(stat -c %a "$FILES_DIR")" = 700 ] || { note "the files folder has mode $(stat -c %a "$FILES_DIR")"; return 1; }
	has "$REPORT_TXT" 'veera.vierailija@example.fi' && lacks "$REPORT_TXT" Zyxwvutsson || return 1
	[ "$(stat -c %a "$REPORT_JSON")" = 600 ] || { note "mode $(stat -c %a "$REPORT_JSON")"; return 1; }
	python3 - "$REPORT_JSON" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    report = json.load(f)
text = json.dumps(report, ensure_ascii=False)
assert "veera.vierailija@example.fi" in text, "no e-mail"
assert "Zyxwvutsson" not in text and "xerxes.zyx" not in text, "another person"
EOF
}
check "F2: saves the report as text and JSON in the private files folder (0700, files 0600); the JSON parses and holds the e-mail only of this person" \
	t_report_saved
t_report_audited() {
	audit_csv || return 1
	audited riikka report.produce contact "$VEERA_ID" && audited riikka request.id-check request "$VISIT_ID"
}
check "audit: riikka's request.id-check and report.produce are recorded" t_report_audited

# 2. The same person again within a year: shown as information, still free.
keys Escape
wait_title Request
keys Escape
wait_title Requests
t_second_visit() {
	new_visit 'Veera Vierailija' || return 1
	SECOND_ID=$(request_number)
	verify_in_person || return 1
	link_contact vierailija 'Vierailija, Veera' || return 1
	wait_for 'Free unless a ground is found (F9). Inspected ' && shown ', 0 months ago.' &&
		not_shown 'a reasonable fee may be charged'
}
check "charge: a second inspection within a year is free unless the officer finds a ground; the previous one is information" \
	t_second_visit
SECOND_ID=${SECOND_ID:-0}

# ---------------------------------------------------------------------------
# 3. The privacy officer: extend (a told-on date in the future refused), complete with a fee on a finding.
start_app office
log_in olli "$OFFICER_PASSWORD"
wait_for 'Logged in as Olli Officer'
menu_open "$REQUESTS_ENTRY" "$REQUESTS_ENTRY_OLD"
wait_title Requests
t_queue_lists() {
	wait_until row_has "#$SECOND_ID " 'inspection (access)' && row_has "#$VISIT_ID " 'inspection (access)' &&
		shown '2 open, 0 overdue.'
}
check "officer: the queue lists both open inspection requests ('2 open, 0 overdue')" t_queue_lists
t_queue_names() {
	row_has "#$SECOND_ID " 'Veera Vierailija' || { note "the requester's name is cut: $(screen_row_with "#$SECOND_ID ")"; return 1; }
}
check "queue: at 80 columns a row shows the requester's name as given ('Veera Vierailija')" t_queue_names
t_open_second() {
	down_to "$(line_of "#$SECOND_ID ")" "$LIST_FIRST_LINE"
	keys Enter
	wait_title Request && wait_until line_has 4 "#$SECOND_ID  inspection (access)"
}
check "queue: Enter opens the selected request" t_open_second
LATE=$(TZ=Europe/Helsinki date -d '+45 days' +%Y-%m-%d)
keys F8
t_extend_late() {
	wait_for 'Extension by two months' || return 1
	type_text 'Monta rekisteriä käytävä läpi'
	keys Tab C-u
	type_text "$LATE"
	keys F2
	wait_for 'after today' || return 1
	not_shown '(extended)' || return 1
	# Stored: no extended deadline (the CSV's extended_due_on is empty).
	as_officer request list --format csv >"$E2E_TMP/requests.csv" || return 1
	grep -q "^\"$SECOND_ID\",\"inspection\",\"in-person\",\"[a-z-]*\",\"[0-9-]*\",\"[0-9-]*\",\"\"," "$E2E_TMP/requests.csv" || {
		note "request #$SECOND_ID:"; grep "^\"$SECOND_ID\"," "$E2E_TMP/requests.csv" | sed 's/^/#   /'; return 1; }
}
check "F8: a told-on date in the future ($LATE) is refused with the reason; not extended" t_extend_late
keys Escape
wait_for 'Discard the changes? (y/n)'   # what was typed is not dropped by one key (issue 16)
keys y
wait_gone 'Extension by two months'
keys F9
t_complete() {
	wait_for 'Close the request:' || return 1
	wait_until row_has ' Complete or refuse ' '< complete >' || return 1
	keys Tab
	type_text 'Raportti annettu käynnillä'
	keys Tab Right Right
	wait_until row_has ' Ground for a fee or refusal ' '< excessive' || return 1
	keys Tab
	type_text '15,50'
	keys F2
	wait_for 'Request completed.' || return 1
	request_field "$SECOND_ID" Status completed && request_field "$SECOND_ID" Charge 'a reasonable fee charged (GDPR Art. 12(5))' &&
		request_field "$SECOND_ID" Finding 'excessive, in particular repetitive (GDPR Art. 12(5))' &&
		request_field "$SECOND_ID" 'Fee (euros)' '15,50' || return 1
	# Closed: only what accountability needs stays, not the typed outcome (issue 13);
	# the officer's finding keeps its reason (the controller shows why, GDPR Art. 12(5)).
	request_field "$SECOND_ID" Outcome completed
}
check "F9: complete with the outcome, the ground and the fee (the officer's finding); stored, the free text then cleaned" t_complete
keys f
t_closed_links_nothing() {
	wait_for 'The request is closed: no record is linked to it any more.' || return 1
	title_is Request && shown 'Records of the requester:' && not_shown 'f finds and links'
}
check "closed: f opens no picker (the request is closed, said at once); no 'f finds' offered" t_closed_links_nothing

# ---------------------------------------------------------------------------
# 4. A hand-signed letter marked asiakasrekisteri/poistopyyntö: erasure.
keys Escape
wait_title Requests
keys a
wait_title 'New request'
keys Up Right
t_letter_fields() {
	wait_until row_has ' Channel ' '< hand-signed letter (recommended) >' || return 1
	shown 'Envelope marking' && shown 'Signed by hand'
}
check "letter: choosing the letter channel shows 'Envelope marking' and 'Signed by hand'" t_letter_fields
keys Tab
type_text 'asiakasrekisteri/poistopyyntö'
keys Tab Right Tab
type_text 'Kirsi Kirjeenkirjoittaja'
keys Tab
type_text 'Osoite Kunnanmäki 1, 50600 Mikkeli; kirsi.k@example.fi'
keys F2
t_letter_erasure() {
	wait_title Request || return 1
	LETTER_ID=$(request_number)
	[ -n "$LETTER_ID" ] || return 1
	line_has 4 "#$LETTER_ID  erasure, hand-signed letter" && shown 'Not verified: v checks the handwritten signature'
}
check "letter: the marking makes it an erasure request (kind shown 'erasure')" t_letter_erasure
LETTER_ID=${LETTER_ID:-0}
keys v
t_letter_verified() {
	wait_for 'How was the identity verified' || return 1
	wait_until row_has ' Verified by ' '< hand-signed letter with identifying details >' || return 1
	keys F2
	wait_for 'Identity verified: find and link' && shown 'Records of the requester (f finds'
}
check "letter: v verifies the signed letter" t_letter_verified
t_letter_linked() {
	link_contact kirjeen 'Kirjeenkirjoittaja, Kirsi' || return 1
	wait_until row_has "#$KIRSI_ID Kirsi Kirjeenkirjoittaja" 'kirsi.k@example.fi'
}
check "letter: f links the writer's record" t_letter_linked

# The legal hold, from the contact detail.
to_main_menu
menu_open Contacts
wait_title Contacts
search kirjeen
wait_until list_has 'Kirjeenkirjoittaja, Kirsi'
keys Enter
wait_title Contact
keys H
t_hold_form() {
	wait_title 'Legal hold' || return 1
	wait_until row_has ' Law ' '< Accounting Act 2:10' && shown 'Financial year ends' || return 1
	# Which records (ledgers, not vouchers) and how long must be readable at 80 columns.
	row_has ' Law ' 'ledgers' && row_has ' Law ' '10 years' || { note "the Law choice shows only: $(screen_row_with ' Law ')"; return 1; }
}
check "H: the legal hold form shows the chosen law in full at 80 columns (Accounting Act, ledgers: 10 years)" t_hold_form
keys Tab Tab
type_text 2025-12-31
keys Tab
t_hold_fields() {
	# The Accounting Act's default: name, organisation, references (GDPR Art. 17(3)(b)).
	wait_until row_has 'Fields kept' '[x] name' || { note "Fields kept shows: $(screen_row_with 'Fields kept')"; return 1; }
	shown 'Ticked: name, organisation, invoice'

}
check "H: Fields kept ticks the Accounting Act's name, organisation and references by default" t_hold_fields
# The officer ticks the e-mail too: name, organisation, references, e-mail (the 4th).
keys Right Right Right Space
keys F2
t_hold_shown() {
	wait_title Contact || return 1
	wait_for 'Hold recorded until 2035-12-31; it keeps name, organisation' || return 1
	collect "$E2E_TMP/detail.txt"
	has "$E2E_TMP/detail.txt" 'Legal holds (notice §4.2)' || return 1
	grep -F ' 2035-12-31 ' "$E2E_TMP/detail.txt" | grep -qF 'Accounting Act 2:10' || {
		note "no hold row with 2035-12-31"; return 1; }
}
check "H: financial year end 2025-12-31 keeps the data until 2035-12-31, shown under 'Legal holds'" t_hold_shown

# Kirsi's data went to the partner: the erasure must name it (GDPR Art. 19).
as_officer disclosure add "$KIRSI_ID" --recipient "$RECIPIENT_ID" --purpose 'huoltosopimuksen toimitus' \
	--legal-ground 'contract' --fields 'name' >/dev/null || die "cannot record Kirsi's disclosure"

# A list exported for the partner holds Kirsi too: the erasure names the file
# and offers to delete it (issue 13: files the program wrote).
KIRSI_EXPORT=$E2E_TMP/partner-postal.csv
as_officer export --purpose postal-mail --recipient "$RECIPIENT_ID" --out "$KIRSI_EXPORT" >/dev/null 2>&1 &&
	grep -q 'Kirjeenkirjoittaja' "$KIRSI_EXPORT" || die "cannot export the list holding Kirsi"

# Back to the request: the erasure.
to_main_menu
menu_open "$REQUESTS_ENTRY" "$REQUESTS_ENTRY_OLD"
wait_title Requests
wait_until row_has "#$LETTER_ID " erasure
down_to "$(line_of "#$LETTER_ID ")" "$LIST_FIRST_LINE"
keys Enter
wait_title Request
wait_until row_has "#$KIRSI_ID Kirsi" 'kirsi.k@example.fi'
keys E
t_erasure_preview() {
	wait_title Erasure || return 1
	wait_for "Erasing record #$KIRSI_ID" || return 1
	shown 'KEPT until 2035-12-31 under 1 legal hold(s)' && shown 'name, organisation, invoice and contract references, e-mail' &&
		shown 'Every other field of the contact is erased at once.' && shown 'y erases now' &&
		shown '  Huoltokumppani Oy (FI)' && shown '1 files written by regdesk hold the person' &&
		shown 'partner-postal.csv'
}
check "E: the erasure preview lists exactly the fields KEPT and until 2035-12-31, and names the recipient" t_erasure_preview
keys y
t_erased() {
	wait_for 'Erased except what the holds keep.' && shown "Record #$KIRSI_ID was erased."
}
check "y: erases (except what the hold keeps)" t_erased
t_files_deleted() {
	wait_for 'y deletes these files too' || return 1
	keys y
	wait_for '1 files deleted.' || return 1
	[ ! -e "$KIRSI_EXPORT" ] || { note "$KIRSI_EXPORT is still there"; return 1; }
}
check "y again: deletes the exported list that held her, named in the preview" t_files_deleted
keys Escape
wait_title Request
t_recipients_after_erasure() {
	wait_for 'Recipients to tell (GDPR Art. 19, N records): Huoltokumppani Oy (not told)' || return 1
	shown 'N notify' || { note "N is not on the key-help line: $(screen_line 24)"; return 1; }
}
check "after the erasure the request still names the recipient to tell; N is on the key-help line" t_recipients_after_erasure
keys N
t_notify() {
	wait_for 'Record that a recipient was told' || return 1
	wait_until row_has ' Recipient ' 'Huoltokumppani Oy' || return 1
	keys Tab
	type_text 'puhelimitse'
	keys F2
	wait_for 'Recorded that the recipient was told' || return 1
	wait_for 'Huoltokumppani Oy (told ' || return 1
	[ "$(as_officer request show "$LETTER_ID" | grep -c 'Huoltokumppani Oy (FI): told on')" = 1 ]
}
check "N: records that the recipient was told, one recipient at a time" t_notify
keys Escape
wait_title Requests
keys /
t_queue_completed() {
	wait_for 'Showing all requests' || return 1
	wait_until row_has "#$LETTER_ID " completed && row_has "#$SECOND_ID " completed
}
check "queue: '/' shows all; the erasure request is completed" t_queue_completed
to_main_menu
menu_open Contacts
wait_title Contacts
t_held_marked() {
	# Restricted (GDPR Art. 18): the privacy officer still finds the kept name, marked H;
	# the street, not kept, is gone.
	search kirjeen || return 1
	wait_until list_has 'Kirjeenkirjoittaja, Kirsi' || return 1
	row_has 'Kirjeenkirjoittaja, Kirsi' 'H' || { note "no H marker: $(screen_row_with 'Kirjeenkirjoittaja')"; return 1; }
}
check "the held contact appears to the privacy officer only, marked H" t_held_marked

# ---------------------------------------------------------------------------
# 5. An e-mail is a valid request, verified by a reply from the address on record.
to_main_menu
menu_open "$REQUESTS_ENTRY" "$REQUESTS_ENTRY_OLD"
wait_title Requests
keys a
wait_title 'New request'
keys Up Right Right
t_email_channel() {
	wait_until row_has ' Channel ' '< e-mail >' && not_shown 'not a valid request'
}
check "e-mail: the channel is labelled plainly, not 'not a valid request'" t_email_channel
keys Tab
type_text 'Veera Vierailija'
keys F2
t_email_unverified() {
	wait_title Request || return 1
	EMAIL_ID=$(request_number)
	wait_for 'A valid request. Not verified: v records how' && not_shown 'veera.vierailija@example.fi'
}
check "e-mail: a valid request; nothing of the register shown before verification" t_email_unverified
keys v
t_email_verified() {
	wait_for 'How was the identity verified' || return 1
	wait_until row_has ' Verified by ' '< reply from the e-mail address on record >' || return 1
	keys F2
	wait_for 'Identity verified: reply from the e-mail address on record.' || return 1
	request_field "${EMAIL_ID:-0}" 'Identity verified by' 'reply from the e-mail address on record'
}
check "e-mail: v records the reply from the e-mail address on record as the means" t_email_verified

# 6. A rectification by phone, verified by a call back: the edit names the request (GDPR Art. 16).
keys Escape
wait_title Requests
keys a
wait_title 'New request'
keys Up Up Right Tab Right Right Right Tab
type_text 'Veera Vierailija'
keys F2
t_rectification_verified() {
	wait_title Request || return 1
	RECT_ID=$(request_number)
	line_has 4 "#$RECT_ID  rectification, phone" || return 1
	keys v
	wait_for 'How was the identity verified' || return 1
	keys Right
	wait_until row_has ' Verified by ' '< call back to the phone number on record >' || return 1
	keys F2
	wait_for 'Identity verified: call back to the phone number on record.'
}
check "rectification by phone: v records the call back to the number on record" t_rectification_verified
RECT_ID=${RECT_ID:-0}
t_rectification_recipients() {
	link_contact vierailija 'Vierailija, Veera' || return 1
	wait_for 'Recipients to tell (GDPR Art. 19, N records): Huoltokumppani Oy (not told)' && shown 'N notify' &&
		shown 'e/F3 edit'
}
check "rectification: the linked person's recipient is listed by name; e and N on the key-help line" t_rectification_recipients
keys e
t_rectified() {
	wait_title 'Contact form' || return 1
	keys Tab Tab Tab Tab Tab Tab Tab Tab C-u
	type_text 'Ähtäri'
	keys F2
	wait_title Contact || return 1
	as_officer audit list --action contact.edit --record "$VEERA_ID" --format csv >"$E2E_TMP/edit-audit.csv" || return 1
	grep -qF "request=$RECT_ID" "$E2E_TMP/edit-audit.csv" || { note "contact.edit entries:"; sed 's/^/#   /' "$E2E_TMP/edit-audit.csv"; return 1; }
}
check "e: the rectification saved from the request is audited naming the request" t_rectified

finish

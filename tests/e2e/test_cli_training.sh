#!/bin/sh
# End-to-end tests of the training and event batch commands (issue 16;
# notice §1.3-§1.5, §2.6, §2.7): course add|list, session add|list|show|
# register|attend|cancel|certify|entry-list, certificate expiring, event
# add|list|show|register|attend|cancel|entry-list. Each enforces the role of
# its screen (courses and sessions: trainer and privacy officer; events:
# reception and privacy officer), a trainer only their own sessions, and the
# lists for an external trainer or a venue are logged as disclosures.
#   sh tests/e2e/test_cli_training.sh      (after: make build-asan/regdesk)
BATCH_SUITE=training
. "$(dirname "$0")/batch_lib.sh"
batch_need

DB=$(engine_db training "$T")
OFFICER=olli OFFICER_PW='olli-pass-12345'
RECEPTION=rita RECEPTION_PW='rita-pass-12345'
TRAINER=tiina TRAINER_PW='tiina-pass-12345'
OTHER_TRAINER=toni OTHER_TRAINER_PW='toni-pass-12345'

as_officer() { pw "$OFFICER_PW"; rd --db "$DB" --password-stdin --user "$OFFICER" "$@"; }
as_reception() { pw "$RECEPTION_PW"; rd --db "$DB" --password-stdin --user "$RECEPTION" "$@"; }
as_trainer() { pw "$TRAINER_PW"; rd --db "$DB" --password-stdin --user "$TRAINER" "$@"; }
as_other_trainer() { pw "$OTHER_TRAINER_PW"; rd --db "$DB" --password-stdin --user "$OTHER_TRAINER" "$@"; }

# The refusal of a role: exit 1, one line, "not permitted", and the core's audit entry.
want_refused() {
	want_rc 1
	want_one_line_err
	want_err "not permitted"
}

# csv_cell FILE ROW COLUMN: a cell of the CSV (row 0 is the header), read with Python's csv.
csv_cell() {
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
row, column = int(sys.argv[2]), sys.argv[3]
print(rows[row][rows[0].index(column)] if len(rows) > row else "")' "$1" "$2" "$3"
}

# csv_where FILE KEY VALUE COLUMN: COLUMN of the first row whose KEY is VALUE.
csv_where() {
	python3 -c '
import csv, sys
for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    if row[sys.argv[2]] == sys.argv[3]:
        print(row[sys.argv[4]])
        break' "$1" "$2" "$3" "$4"
}

# number: the N of "Added KIND #N." in the last run's output.
number() {
	sed -n 's/^Added [a-z]* #\([0-9]*\)\..*/\1/p' "$T/out" | head -n 1
}

begin "setup: officer, reception, two trainers, contacts, an external trainer and a venue"
pw "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name Olli "$OFFICER"
want_rc 0
for account in "$RECEPTION:reception:$RECEPTION_PW" "$TRAINER:trainer:$TRAINER_PW" "$OTHER_TRAINER:trainer:$OTHER_TRAINER_PW"; do
	name=${account%%:*} rest=${account#*:}
	role=${rest%%:*} password=${rest#*:}
	pw "$OFFICER_PW" 'temporary-pass-1'
	rd --db "$DB" --password-stdin --user "$OFFICER" user add --commitment-signed 2020-01-02 --role "$role" \
		--full-name "$name" "$name"
	want_rc 0
	pw 'temporary-pass-1' "$password"
	rd --db "$DB" --password-stdin --user "$name" user passwd "$name"
	want_rc 0
done
as_officer contact add --first-name Åsa --last-name Söderström --email asa@example.fi --source person
ASA=$(added)
as_officer contact add --first-name Pekka --last-name Päätalo --email pekka@example.fi --source person
PEKKA=$(added)
as_officer recipient add --name 'Koulutus Åkerlund Oy' --kind external-trainer --country FI
EXTERNAL=$(added)
as_officer recipient add --name 'Ähtärin Kongressitalo' --kind venue --country FI
VENUE=$(added)
[ -n "$ASA" ] && [ -n "$PEKKA" ] && [ -n "$EXTERNAL" ] && [ -n "$VENUE" ] || { why "setup ids missing"; show_run; }
end
if [ "$FAILED" -gt 0 ]; then
	echo "# setup failed: the other checks need it" >&2
	exit 1
fi

begin "course add (trainer) and course list: CSV with codes, audited; a formula is made inert"
as_trainer course add --name 'Tulityökortti' --leads-to permit-card --valid-months 12 --description 'Hot work'
want_rc 0
COURSE=$(number)
[ -n "$COURSE" ] || { why "no course number"; show_run; }
as_trainer course add --name '=HYPERLINK("x")' --leads-to none
want_rc 0
as_trainer course list --format csv
want_rc 0
cp "$T/out" "$T/courses.csv"
[ "$(csv_cell "$T/courses.csv" 0 leads_to)" = leads_to ] || why "no leads_to column"
[ "$(csv_where "$T/courses.csv" id "$COURSE" leads_to)" = permit-card ] || why "the course does not lead to permit-card"
[ "$(csv_where "$T/courses.csv" id "$COURSE" validity_months)" = 12 ] || why "validity is not 12"
grep -q "^\"[0-9]*\",\"'=HYPERLINK" "$T/courses.csv" || why "the formula name is not made inert: $(cat "$T/courses.csv")"
as_trainer course list
want_out "Tulityökortti"
want_out "valid 12 months"
as_officer audit list --action course.save --format csv
want_out "course.save"
end

begin "course add: an unknown --leads-to or a bad --valid-months is a usage error (exit 2); reception is refused"
as_trainer course add --name X --leads-to diploma
want_rc 2
want_err "use none, certificate or permit-card"
as_trainer course add --name X --valid-months twelve
want_rc 2
want_err "--valid-months"
as_reception course add --name 'Reception course'
want_refused
as_reception course list
want_refused
as_officer audit list --action permission.denied --by "$RECEPTION" --format csv
want_out "permission.denied"
end

begin "session add: a Finnish date and time, the trainer gives it; unknown course and bad start refused"
as_trainer session add --course "$COURSE" --starts '5.12.2026 9:00' --place 'Halli 2, Mikkeli' --capacity 12
want_rc 0
want_out "It starts 2026-12-05 09:00."
SESSION=$(number)
[ -n "$SESSION" ] || { why "no session number"; show_run; }
as_trainer session add --course 999999 --starts '2026-12-07 09:00'
want_rc 1
want_err "no such course"
as_trainer session add --course "$COURSE" --starts 'tomorrow'
want_rc 1
want_err "2026-12-01 09:00"
as_trainer session add --course "$COURSE" --starts '2026-12-07 09:00' --capacity lots
want_rc 2
as_reception session add --course "$COURSE" --starts '2026-12-07 09:00'
want_refused
end

begin "session add --external-trainer: only a recipient of the kind external trainer (notice §2.6)"
as_officer session add --course "$COURSE" --starts '2026-12-10 13:00' --external-trainer "$VENUE"
want_rc 1
want_err "external trainer"
as_officer session add --course "$COURSE" --starts '2026-12-10 13:00' --external-trainer "$EXTERNAL"
want_rc 0
EXTERNAL_SESSION=$(number)
as_officer session list --format csv
cp "$T/out" "$T/sessions.csv"
[ "$(csv_where "$T/sessions.csv" id "$EXTERNAL_SESSION" trainer_kind)" = external ] || why "the session is not external"
[ "$(csv_where "$T/sessions.csv" id "$SESSION" starts_at)" = "2026-12-05 09:00" ] || why "the trainer's session is not listed"
as_trainer session list --format csv
cp "$T/out" "$T/sessions.csv"
[ "$(csv_where "$T/sessions.csv" id "$SESSION" course_id)" = "$COURSE" ] || why "the trainer does not see their session"
[ -n "$(csv_where "$T/sessions.csv" id "$EXTERNAL_SESSION" id)" ] && why "the trainer sees the officer's session"
as_other_trainer session list --format csv
cp "$T/out" "$T/sessions.csv"
[ "$(csv_cell "$T/sessions.csv" 0 id)" = id ] || why "no CSV header for the other trainer"
[ -n "$(csv_where "$T/sessions.csv" id "$SESSION" id)" ] && why "another trainer sees tiina's session"
end

begin "session register: named registrar (notice §1.4); a trainer only people of their own sessions"
as_trainer session register "$SESSION" "$ASA" --by self
want_refused
as_officer session register "$SESSION" "$ASA" --by employer
want_rc 1
want_err "name the employer"
as_officer session register "$SESSION" "$ASA" --by employer --party 'Åkerlund Rakennus Oy'
want_rc 0
as_officer session register "$SESSION" 999999 --by self
want_rc 1
want_one_line_err
want_err "no contact #999999"
as_officer session register 999999 "$ASA" --by self
want_rc 1
want_err "no training session #999999"
as_officer session register "$SESSION" "$PEKKA" --by boss
want_rc 2
want_err "use self, employer or other"
as_officer session register "$SESSION" "$PEKKA" --by self --party X
want_rc 2
as_reception session register "$SESSION" "$PEKKA" --by self
want_refused
# Åsa is now of tiina's own sessions: tiina may register her again elsewhere.
as_trainer session add --course "$COURSE" --starts '2026-12-12 09:00'
SECOND=$(number)
as_trainer session register "$SECOND" "$ASA" --by self
want_rc 0
as_officer audit list --action training.register --format csv
[ "$(grep -c 'training.register' "$T/out")" -ge 2 ] || { why "registrations are not audited"; show_run; }
end

begin "session attend and show: attendance by contact; CSV names who registered; other trainers refused"
as_trainer session attend "$SESSION" "$ASA" present
want_rc 0
as_trainer session attend "$SESSION" "$PEKKA" present
want_rc 1
want_err "is not registered to training session #$SESSION"
as_trainer session attend "$SESSION" "$ASA" maybe
want_rc 2
want_err "use present, absent or partly"
as_trainer session show "$SESSION" --format csv
want_rc 0
cp "$T/out" "$T/show.csv"
[ "$(csv_where "$T/show.csv" contact_id "$ASA" attendance)" = present ] || why "Åsa is not present"
[ "$(csv_where "$T/show.csv" contact_id "$ASA" registered_by)" = employer ] || why "registered_by is not employer"
[ "$(csv_where "$T/show.csv" contact_id "$ASA" registered_by_name)" = "Åkerlund Rakennus Oy" ] || why "the employer is not named"
as_trainer session show "$SESSION"
want_out "Söderström, Åsa"
want_out "Halli 2, Mikkeli"
as_other_trainer session show "$SESSION"
want_rc 1
want_err "another trainer's session"
as_other_trainer session attend "$SESSION" "$ASA" absent
want_rc 1
as_officer audit list --action permission.denied --by "$OTHER_TRAINER" --format csv
want_out "training_session"
as_officer audit list --action training.attendance --format csv
want_out "training.attendance"
end

begin "session certify issues the permit card to those present; certificate expiring lists it"
as_other_trainer session certify "$SESSION"
want_rc 1
as_trainer session certify "$SESSION"
want_rc 0
want_out "1 certificates or cards issued"
as_trainer session certify "$SESSION"
want_out "0 certificates or cards issued"
as_trainer session show "$SESSION" --format csv
cp "$T/out" "$T/show.csv"
number_issued=$(csv_where "$T/show.csv" contact_id "$ASA" certificate_number)
[ -n "$number_issued" ] || why "no certificate number"
[ "$(csv_where "$T/show.csv" contact_id "$ASA" valid_until)" = 2027-12-06 ] || why "not valid 12 months from today"
as_trainer certificate expiring --within 400 --format csv
want_rc 0
cp "$T/out" "$T/expiring.csv"
[ "$(csv_where "$T/expiring.csv" contact_id "$ASA" kind)" = permit-card ] || { why "the card is not listed"; show_run; }
[ "$(csv_where "$T/expiring.csv" contact_id "$ASA" number)" = "$number_issued" ] || why "the card number differs"
as_trainer certificate expiring
want_rc 0
want_out "0 expiring within 90 days"
as_other_trainer certificate expiring --within 400 --format csv
grep -q "$number_issued" "$T/out" && why "another trainer sees tiina's participants' cards"
as_trainer certificate expiring --within 0
want_rc 2
as_reception certificate expiring
want_refused
end

begin "session entry-list: the external trainer's list, logged as a disclosure and audited (notice §2.6)"
as_officer session register "$EXTERNAL_SESSION" "$PEKKA" --by self
want_rc 0
as_trainer session entry-list "$EXTERNAL_SESSION" --out "$T/list.csv"
want_rc 1
[ -e "$T/list.csv" ] && why "a refused trainer wrote the list"
as_trainer session entry-list "$SESSION" --out "$T/own.csv"
want_rc 1
want_err "no external trainer"
as_officer session entry-list "$EXTERNAL_SESSION" --out "$T/list.csv"
want_rc 0
want_out "1 names and organisations written to $T/list.csv"
grep -q "Päätalo" "$T/list.csv" || why "the list does not name Pekka"
grep -q "pekka@example.fi" "$T/list.csv" && why "the list carries the e-mail address"
as_officer disclosure list --format csv
cp "$T/out" "$T/disclosures.csv"
[ "$(csv_where "$T/disclosures.csv" file_name "$T/list.csv" recipient)" = "Koulutus Åkerlund Oy" ] ||
	{ why "no disclosure to the external trainer naming the file"; show_run; }
[ "$(csv_where "$T/disclosures.csv" file_name "$T/list.csv" contact_count)" = 1 ] || why "the disclosure counts not 1 person"
as_officer audit list --action disclosure.export --format csv
want_out "disclosure.export"
as_officer session entry-list "$EXTERNAL_SESSION" --out "$T/list.csv"
want_rc 1
want_err "already exists"
as_officer session entry-list 999999 --out "$T/none.csv"
want_rc 1
want_err "no training session #999999"
end

begin "session cancel keeps the registration as cancelled"
as_trainer session cancel "$SECOND" "$ASA"
want_rc 0
as_trainer session show "$SECOND" --format csv
cp "$T/out" "$T/second.csv"
[ "$(csv_where "$T/second.csv" contact_id "$ASA" status)" = cancelled ] || why "the registration is not cancelled"
as_trainer session cancel "$SECOND" "$PEKKA"
want_rc 1
want_err "not registered"
end

begin "session register-new (quick registration) and all-present: a trainer is told nothing of the register"
as_trainer session register-new "$SECOND" --first-name Liisa --last-name Åkerlund --organisation 'Rakennus Oy' \
	--by employer --party 'Rakennus Oy'
want_rc 0
LIISA=$(number)
[ -n "$LIISA" ] || { why "no contact number for Liisa"; show_run; }
want_out "Registered contact #$LIISA to training session #$SECOND."
# Pekka exists (the officer added him): the trainer is shown nothing, the record is marked for reception.
as_trainer session register-new "$SECOND" --first-name Pekka --last-name Päätalo --email pekka@example.fi --by self
want_rc 0
grep -q "#$PEKKA" "$T/out" "$T/err" && why "the trainer was shown the other record"
as_officer session register-new "$SECOND" --first-name Pekka --last-name Päätalo --email pekka@example.fi --by self
want_rc 1
want_err "likely duplicates found; nothing saved"
want_err "#$PEKKA"
as_officer session register-new "$SECOND" --first-name Pekka --last-name Päätalo --email pekka@example.fi --by self \
	--confirm-duplicate
want_rc 0
as_trainer session register-new "$SECOND" --first-name Ville --last-name Virta --by other
want_rc 1
want_one_line_err
want_err "name the party"
as_reception session register-new "$SECOND" --first-name Ville --last-name Virta --by self
want_refused
as_trainer session all-present "$SECOND"
want_rc 0
want_out "3 marked present."
as_trainer session show "$SECOND" --format csv
cp "$T/out" "$T/second.csv"
[ "$(csv_where "$T/second.csv" contact_id "$LIISA" attendance)" = present ] || why "Liisa is not present"
[ "$(csv_where "$T/second.csv" contact_id "$LIISA" registered_by_name)" = "Rakennus Oy" ] || why "the employer is not named"
[ "$(csv_where "$T/second.csv" contact_id "$ASA" attendance)" = "" ] || why "a cancelled registration was marked present"
as_other_trainer session all-present "$SECOND"
want_rc 1
want_err "another trainer's session"
end

begin "course edit and session edit change only what is given; another trainer's session is refused"
as_trainer course edit "$COURSE" --valid-months 24
want_rc 0
as_trainer course list --format csv
cp "$T/out" "$T/courses.csv"
[ "$(csv_where "$T/courses.csv" id "$COURSE" validity_months)" = 24 ] || why "validity is not 24"
[ "$(csv_where "$T/courses.csv" id "$COURSE" name)" = Tulityökortti ] || why "the name changed"
as_trainer course edit 999999 --name X
want_rc 1
want_err "no course #999999"
as_trainer session edit "$SECOND" --starts '13.12.2026 10:00' --place 'Sali 3'
want_rc 0
want_out "It starts 2026-12-13 10:00."
as_trainer session list --format csv
cp "$T/out" "$T/sessions.csv"
[ "$(csv_where "$T/sessions.csv" id "$SECOND" place)" = "Sali 3" ] || why "the place did not change"
[ "$(csv_where "$T/sessions.csv" id "$SECOND" trainer)" = "$TRAINER" ] || why "the trainer changed"
as_other_trainer session edit "$SECOND" --place 'Elsewhere'
want_rc 1
want_err "another trainer's session"
as_trainer session edit "$SECOND" --external-trainer "$VENUE"
want_rc 1
want_err "external trainer"
as_officer audit list --action training.session-save --format csv
[ "$(grep -c 'training.session-save' "$T/out")" -ge 4 ] || { why "session saves are not audited"; show_run; }
end

begin "event add (reception): Finnish date, venue only of the kind venue (notice §2.7); a trainer is refused"
as_reception event add --name 'Asiakasilta' --date 24.12.2026 --place 'Sali A'
want_rc 0
want_out "Its date: 2026-12-24."
OWN_EVENT=$(number)
as_reception event add --name 'Messut' --date 2026-12-30 --venue "$EXTERNAL"
want_rc 1
want_err "venue"
as_reception event add --name 'Messut' --date 2026-12-30 --venue "$VENUE"
want_rc 0
VENUE_EVENT=$(number)
as_reception event add --name 'Messut' --date 31.2.2026
want_rc 1
want_err "--date"
as_trainer event add --name 'Trainer event' --date 2026-12-30
want_refused
as_trainer event list
want_refused
as_reception event list --format csv
cp "$T/out" "$T/events.csv"
[ "$(csv_where "$T/events.csv" id "$VENUE_EVENT" venue)" = "Ähtärin Kongressitalo" ] || why "the venue is not listed"
[ "$(csv_where "$T/events.csv" id "$OWN_EVENT" date)" = 2026-12-24 ] || why "the own event is not listed"
as_officer audit list --action event.save --format csv
want_out "event.save"
end

begin "event register and attend: source code, unknown event and contact named, not registered refused"
as_reception event register "$VENUE_EVENT" "$ASA" --source web
want_rc 0
as_reception event register "$VENUE_EVENT" "$PEKKA"
want_rc 0
as_reception event register 999999 "$ASA"
want_rc 1
want_err "no event #999999"
as_reception event register "$VENUE_EVENT" 999999
want_rc 1
want_err "no contact #999999"
as_reception event register "$VENUE_EVENT" "$ASA" --source fax
want_rc 2
as_reception event attend "$VENUE_EVENT" "$ASA" present
want_rc 0
as_reception event attend "$OWN_EVENT" "$ASA" present
want_rc 1
want_err "is not registered to event #$OWN_EVENT"
as_reception event attend "$VENUE_EVENT" "$ASA" partly
want_rc 2
as_reception event cancel "$VENUE_EVENT" "$PEKKA"
want_rc 0
as_reception event show "$VENUE_EVENT" --format csv
cp "$T/out" "$T/guests.csv"
[ "$(csv_where "$T/guests.csv" contact_id "$ASA" source)" = web ] || why "the source is not web"
[ "$(csv_where "$T/guests.csv" contact_id "$ASA" attendance)" = present ] || why "Åsa is not present"
[ "$(csv_where "$T/guests.csv" contact_id "$PEKKA" status)" = cancelled ] || why "Pekka is not cancelled"
as_reception event show 999999
want_rc 1
want_err "no event #999999"
as_trainer event register "$VENUE_EVENT" "$ASA"
want_refused
as_officer audit list --action event. --format csv
want_out "event.register"
want_out "event.attendance"
want_out "event.cancel"
end

begin "event entry-list: the venue's names-only list, logged as a disclosure and audited (notice §2.7)"
as_reception event entry-list "$OWN_EVENT" --out "$T/own-event.csv"
want_rc 1
want_err "our own premises"
as_trainer event entry-list "$VENUE_EVENT" --out "$T/trainer-event.csv"
want_refused
as_reception event entry-list "$VENUE_EVENT" --out "$T/entry.csv"
want_rc 0
want_out "1 names written to $T/entry.csv"
grep -q "Söderström" "$T/entry.csv" || why "the list does not name Åsa"
grep -q "Päätalo" "$T/entry.csv" && why "a cancelled registration is on the list"
as_officer disclosure list --format csv
cp "$T/out" "$T/disclosures.csv"
[ "$(csv_where "$T/disclosures.csv" file_name "$T/entry.csv" recipient)" = "Ähtärin Kongressitalo" ] ||
	{ why "no disclosure to the venue naming the file"; show_run; }
as_officer audit list --action disclosure.export --format csv
[ "$(grep -c 'disclosure.export' "$T/out")" -ge 2 ] || { why "the venue's list is not audited"; show_run; }
as_reception event entry-list 999999 --out "$T/none.csv"
want_rc 1
want_err "no event #999999"
end

batch_finish

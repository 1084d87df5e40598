#!/bin/sh
# End-to-end tests of the batch commands for data-subject requests (notice
# §4.2, §6): request, report, erase and hold, run on the sanitizer build.
#   sh tests/e2e/test_cli_requests.sh      (after: make build-asan/regdesk)
#   REGDESK_BIN=path/to/regdesk sh tests/e2e/test_cli_requests.sh
# Prints one line per check: "ok - NAME", "not ok - NAME" followed by "# "
# diagnostic lines, or "skip - NAME (reason)"; exits 1 when any check failed.
# Self-contained POSIX sh: needs python3 (CSV and JSON parsing, the sqlite3
# module to look into the database).
BATCH_SUITE=requests
. "$(dirname "$0")/batch_lib.sh"

# --- running regdesk -------------------------------------------------------

DB=$(engine_db requests "$T")
OFFICER=olli
OFFICER_PW='olli-pass-12345'
RECEPTION=rita
RECEPTION_PW='rita-pass-12345'

# as_officer ARGS... / as_reception ARGS...: a batch command on the test
# database, logged in with --password-stdin.
as_officer() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$DB" --lang en --password-stdin --user "$OFFICER" "$@"
}

as_reception() {
	printf '%s\n' "$RECEPTION_PW" >"$T/in"
	rd --db "$DB" --lang en --password-stdin --user "$RECEPTION" "$@"
}

# want_out_unwrapped TEXT: stdout contains TEXT once line breaks and runs of
# spaces are one space (a text report wraps long values).
want_out_unwrapped() {
	if ! tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -Fq -- "$1"; then
		why "expected stdout (unwrapped) to contain '$1'"
		show_run
	fi
}

# sql STATEMENT: one query outside regdesk; rows on stdout, columns joined by |.
sql() {
	python3 - "$DB" "$1" <<'EOF'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
try:
    for row in connection.execute(sys.argv[2]):
        print("|".join("" if v is None else str(v) for v in row))
except sqlite3.Error as error:
    print(error, file=sys.stderr)
    sys.exit(1)
EOF
}

# csv_get FILE KEY_COLUMN KEY COLUMN: the cell of COLUMN in the row whose
# KEY_COLUMN is KEY; exit 1 when no such row, 3 when rows differ in width.
csv_get() {
	python3 - "$@" <<'EOF'
import csv, sys
path, key_column, key, column = sys.argv[1:]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows or any(len(row) != len(rows[0]) for row in rows):
    sys.exit(3)
header = rows[0]
for row in rows[1:]:
    if row[header.index(key_column)] == key:
        sys.stdout.write(row[header.index(column)])
        sys.exit(0)
sys.exit(1)
EOF
}

# recorded: the id in "Recorded request #N: ..." of the last run.
recorded() {
	sed -n 's/^Recorded request #\([0-9]*\):.*/\1/p' "$T/out" | head -n 1
}

# --- the tests -------------------------------------------------------------

batch_need sqlite3 csv json

begin "setup: officer, reception user, three contacts, a recipient and a disclosure"
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name 'Olli' "$OFFICER"
want_rc 0
printf '%s\n' "$OFFICER_PW" 'temporary-pass-1' >"$T/in"
rd --db "$DB" --password-stdin --user "$OFFICER" user add --commitment-signed 2020-01-02 --role reception --full-name 'Rita' "$RECEPTION"
want_rc 0
printf '%s\n' 'temporary-pass-1' "$RECEPTION_PW" >"$T/in"
rd --db "$DB" --password-stdin --user "$RECEPTION" user passwd "$RECEPTION"
want_rc 0
# contact NAME_VARIABLE FIRST LAST ARGS...: adds a contact, its id in NAME_VARIABLE.
contact() {
	variable=$1 first=$2 last=$3
	shift 3
	as_officer contact add --first-name "$first" --last-name "$last" "$@"
	want_rc 0
	eval "$variable=\$(added)"
	eval "[ -n \"\$$variable\" ]" || { why "no id for $first $last"; show_run; }
}
contact VILLE Ville Qwertyvaara --email ville.qwertyvaara@example.fi --street 'Katu 1' --postal-code 50100 --city Mikkeli
contact ANNA Anna Tarkastaja --email anna.tarkastaja@example.fi --street 'Katu 2' --postal-code 50100 --city Mikkeli
contact SIGURD Sigurd Sivullinen --email sigurd.sivullinen@example.fi --street 'Katu 3' --postal-code 50100 --city Mikkeli
as_officer recipient add --name 'Posti Partner Oy' --kind partner --country FI
want_rc 0
PARTNER=$(added)
[ -n "$PARTNER" ] || { why "no recipient id"; show_run; }
as_officer disclosure add "$VILLE" --recipient "$PARTNER" --purpose 'delivery of an order' \
	--legal-ground 'contract (GDPR Art. 6(1)(b))' --fields 'name, address' --date 2026-01-15
want_rc 0
end
if [ "$FAILED" -gt 0 ]; then
	echo "# setup failed: the other checks need it" >&2
	exit 1
fi

begin "--help lists the request, report, erase and hold commands"
: >"$T/in"
rd --help
want_rc 0
for command in "request add" "request list" "request show" "request verify" "request link" "request charge" \
	"request extend" "request complete" "request refuse" "request objection" "request notify" "report CONTACT_ID" \
	"erase CONTACT_ID --preview|--confirm" "hold add" "hold list"; do
	want_out "$command"
done
end

# 1. An erasure request by letter (notice §6.4, §6.5) ------------------------------

begin "a letter marked asiakasrekisteri/poistopyyntö becomes an erasure request with a working-day deadline"
as_reception request add --channel letter --marking 'asiakasrekisteri/poistopyyntö' --name 'Ville Qwertyvaara' \
	--details 'born 1970, Katu 1 Mikkeli' --signed
want_rc 0
ERASURE=$(recorded)
[ -n "$ERASURE" ] || { why "no request number printed"; show_run; }
want_out "erasure"
as_reception request list --format csv
want_rc 0
cp "$T/out" "$T/list1.csv"
kind=$(csv_get "$T/list1.csv" id "$ERASURE" kind)
[ "$kind" = erasure ] || why "the request's kind is '$kind', expected erasure"
status=$(csv_get "$T/list1.csv" id "$ERASURE" status)
[ "$status" = received ] || why "the request's status is '$status', expected received"
received=$(csv_get "$T/list1.csv" id "$ERASURE" received_on)
due=$(csv_get "$T/list1.csv" id "$ERASURE" due_on)
# The deadline: a month later or a little more, never a Saturday or Sunday.
python3 - "$received" "$due" >"$T/due-check" 2>&1 <<'EOF'
import datetime, sys
received = datetime.date.fromisoformat(sys.argv[1])
due = datetime.date.fromisoformat(sys.argv[2])
if due.weekday() >= 5:
    print("due date %s is a %s" % (due, due.strftime("%A")))
if not (27 <= (due - received).days <= 36):
    print("due date %s is %d days after %s" % (due, (due - received).days, received))
EOF
[ -s "$T/due-check" ] && why "$(cat "$T/due-check")"
overdue=$(csv_get "$T/list1.csv" id "$ERASURE" overdue)
[ "$overdue" = no ] || why "a new request is overdue: '$overdue'"
end

begin "request add prints the deadline: 31.1.2020 + 1 month is Monday 2.3.2020 (29.2. a Saturday); overdue now"
as_reception request add --kind inspection --channel in-person --name 'Olavi Vanha' --received 31.1.2020
want_rc 0
OLD=$(recorded)
want_out "due 2020-03-02"
as_reception request list
want_rc 0
line=$(grep -E "^ *$OLD " "$T/out")
case $line in
*OVERDUE*2020-01-31*|*2020-01-31*2020-03-02*OVERDUE*) ;;
*) why "the list does not mark request #$OLD overdue: $line"; show_run ;;
esac
end

begin "before verification: link works, but show names no contact and the report is refused"
as_reception request link "$ERASURE" "$VILLE"
want_rc 0
want_out "Linked contact #$VILLE to request #$ERASURE"
as_reception request show "$ERASURE"
want_rc 0
want_out "received"
want_out "Linked contacts"
want_no_out "Qwertyvaara, Ville"
as_reception report "$VILLE" --request "$ERASURE" --format text
want_rc 1
want_err "identity not verified"
want_one_line_err
[ -s "$T/out" ] && { why "the refused report wrote to stdout"; show_run; }
end

begin "request verify --letter: signature and details verify it; show now names the linked contact"
as_reception request verify "$ERASURE" --letter
want_rc 0
want_out "Identity verified"
as_reception request show "$ERASURE"
want_rc 0
want_out "identity verified"
want_out "#$VILLE Qwertyvaara, Ville"
end

begin "an unsigned letter is not verified by --letter (notice §6.5)"
as_reception request add --channel letter --marking 'asiakasrekisteri/tarkastuspyyntö' --name 'Nimetön Kirjoittaja' \
	--details 'no signature'
want_rc 0
UNSIGNED=$(recorded)
want_out "inspection"
as_reception request verify "$UNSIGNED" --letter
want_rc 1
want_err "handwritten signature"
want_one_line_err
as_reception request list --format csv
[ "$(csv_get "$T/out" id "$UNSIGNED" status)" = received ] || why "the unsigned letter's request changed status"
end

begin "a representative needs an authorisation, and the ID check concerns the representative"
as_reception request add --kind inspection --channel in-person --name 'Anna Tarkastaja' --representative 'Risto Edustaja'
want_rc 1
want_err "authorisation"
want_one_line_err
as_reception request add --kind inspection --channel in-person --name 'Anna Tarkastaja' --representative 'Risto Edustaja' \
	--authorisation 'power of attorney of 1.3.2026'
want_rc 0
REPRESENTED=$(recorded)
as_reception request verify "$REPRESENTED" --document identity-card --photo-matched --name-matched
want_rc 1
want_err "representative"
as_reception request verify "$REPRESENTED" --document identity-card --photo-matched --name-matched --representative
want_rc 0
as_reception request show "$REPRESENTED"
want_out "Risto Edustaja"
want_out "power of attorney of 1.3.2026"
want_out "identity verified"
as_reception request show 9999
want_rc 1
want_err "no request #9999"
end

begin "an e-mail is a valid request, verified by a reply from the address on record (GDPR Art. 12(2), 12(6))"
as_reception request add --kind erasure --channel email --name 'Maili Lähettäjä' --told-valid-way
want_rc 0
want_out "A valid request"
want_no_out "Not a valid request"
EMAILED=$(recorded)
as_reception request show "$EMAILED"
want_out "Told the recommended ways"
want_no_out "not a valid request"
as_reception request verify "$EMAILED" --means id-check
want_rc 2
as_reception request verify "$EMAILED" --means email-on-record
want_rc 0
want_out "Identity verified for request #$EMAILED"
as_reception request show "$EMAILED"
want_out "reply from the e-mail address on record"
[ "$(sql "SELECT verification_means FROM subject_request WHERE id = $EMAILED;")" = email-on-record ] ||
	why "the means was not recorded"
end

begin "a request received tomorrow is refused with the reason; nothing is recorded"
before=$(sql "SELECT count(*) FROM subject_request;")
as_reception request add --kind inspection --channel phone --name 'Tuomas Tuleva' --received 2099-01-01
want_rc 1
want_err "after today"
[ "$(sql "SELECT count(*) FROM subject_request;")" = "$before" ] || why "the future request was recorded"
end

# 2. Legal holds and the erasure (notice §4.2, §6.4) -------------------------------

begin "hold add: an Accounting Act ledger hold lasts 10 years from the end of the financial year"
as_reception hold add "$VILLE" --law accounting-act-ledger --covers 'contact data on invoices' \
	--financial-year-end 2025-12-31
want_rc 1
want_err "not permitted"
as_officer hold add "$VILLE" --law accounting-act-ledger --covers 'contact data on invoices' \
	--financial-year-end 2025-12-31
want_rc 0
want_out "2035-12-31"
as_officer hold list "$VILLE" --format csv
want_rc 0
cp "$T/out" "$T/holds.csv"
law=$(csv_get "$T/holds.csv" contact_id "$VILLE" law)
until=$(csv_get "$T/holds.csv" contact_id "$VILLE" until)
[ "$law|$until" = "accounting-act-ledger|2035-12-31" ] || why "hold row: '$law|$until'"
as_officer hold add "$ANNA" --law accounting-act-voucher --covers 'receipts' --financial-year-end 30.6.2025
want_rc 0
want_out "2031-12-31"
as_officer hold list
want_rc 0
want_out "2031-12-31"
want_out "2035-12-31"
fields=$(csv_get "$T/holds.csv" contact_id "$VILLE" fields)
[ "$fields" = "name,organisation,references" ] || why "the Accounting Act's default fields: '$fields'"
end

begin "hold add --fields: the officer names what the hold keeps; an unknown field is refused (exit 2)"
as_officer hold add "$ANNA" --law accounting-act-voucher --covers 'receipts' --financial-year-end 2025-06-30 \
	--fields name,email,shoe-size
want_rc 2
want_err "shoe-size"
want_err "organisation"
as_officer hold add "$ANNA" --law accounting-act-voucher --covers 'receipts' --financial-year-end 2025-06-30 \
	--fields name,email
want_rc 0
want_out "keeps name, e-mail until 2031-12-31"
[ "$(sql "SELECT fields FROM legal_hold WHERE contact_id = $ANNA ORDER BY id DESC LIMIT 1;")" = "name,email" ] ||
	why "--fields not stored"
end

begin "erase --preview shows the Accounting Act hold with its end date and changes nothing"
as_reception erase "$VILLE" --preview
want_rc 1
want_err "not permitted"
as_officer erase "$VILLE" --preview
want_rc 0
want_out "Accounting Act"
want_out "2035-12-31"
want_out "legal holds in force: 1"
want_out "kept fields: name, organisation, invoice and contract references"
want_out "kept restricted until: 2035-12-31"
want_out "recipients to notify: 1"
want_out "Posti Partner Oy"
want_out "consents and bans: 0"
[ "$(sql "SELECT restricted_until FROM contact WHERE id = $VILLE;")" = "" ] || why "--preview restricted the contact"
[ "$(sql "SELECT status FROM subject_request WHERE id = $ERASURE;")" = identity-verified ] || why "--preview changed the request"
end

begin "erase --confirm --request: kept restricted until the hold ends, the request completed"
as_officer erase "$VILLE" --confirm --request "$ERASURE"
want_rc 0
want_out "kept restricted until 2035-12-31"
want_out "Request #$ERASURE completed"
want_out "#$PARTNER Posti Partner Oy"
[ "$(sql "SELECT restricted_until FROM contact WHERE id = $VILLE;")" = 2035-12-31 ] || why "the contact is not restricted"
[ "$(sql "SELECT count(*) FROM disclosure_contact WHERE contact_id = $VILLE;")" = 0 ] || why "the disclosure link is still there"
end

begin "request list shows the erasure request completed, without the requester's name"
as_officer request list
want_rc 0
grep -Eq "^ *$ERASURE " "$T/out" && { why "the completed request is still in the open list"; show_run; }
as_officer request list --all --format csv
want_rc 0
cp "$T/out" "$T/list2.csv"
status=$(csv_get "$T/list2.csv" id "$ERASURE" status)
[ "$status" = completed ] || why "status is '$status', expected completed"
name=$(csv_get "$T/list2.csv" id "$ERASURE" requester_name)
[ -z "$name" ] || why "the completed erasure request keeps the requester's name '$name'"
kind=$(csv_get "$T/list2.csv" id "$ERASURE" kind)
[ "$kind" = erasure ] || why "kind is '$kind'"
as_officer request show "$ERASURE"
want_rc 0
want_out "completed"
want_no_out "Qwertyvaara"
end

begin "the restricted record: only what the hold keeps; out of reception's search, read-only for the officer"
as_reception contact find Qwertyvaara --format csv
want_rc 0
[ "$(wc -l <"$T/out")" -eq 1 ] || { why "reception's contact find still finds the held person"; show_run; }
as_officer contact find Qwertyvaara --format csv
want_rc 0
[ "$(wc -l <"$T/out")" -eq 2 ] || { why "the privacy officer does not find the held person by the kept name"; show_run; }
as_reception contact show "$VILLE"
want_rc 1
as_officer contact show "$VILLE"
want_rc 0
want_out "Qwertyvaara"
# The Accounting Act keeps name, organisation and references: the address went at once.
[ "$(sql "SELECT city || street || email FROM contact WHERE id = $VILLE;")" = "" ] || why "fields no hold keeps are still stored"
as_officer contact edit "$VILLE" --city Helsinki
want_rc 1
[ "$(sql "SELECT city FROM contact WHERE id = $VILLE;")" = "" ] || why "the restricted record was changed"
end

begin "request notify records telling a recipient of the completed erasure; show keeps the recipient (GDPR Art. 19)"
as_officer request show "$ERASURE"
want_rc 0
want_out "Posti Partner Oy"
want_out "not told yet"
as_officer request notify "$ERASURE" --recipient "$PARTNER" --note 'told by e-mail'
want_rc 0
[ "$(sql "SELECT count(*) FROM recipient_notification WHERE request_id = $ERASURE AND recipient_id = $PARTNER;")" = 1 ] ||
	why "no recipient_notification row for request #$ERASURE"
as_officer request show "$ERASURE"
want_out "#$PARTNER Posti Partner Oy (FI): told on"
end

# 3. An inspection at the desk and the access report (notice §6.1, §6.6) -----------

begin "report refuses before the ID check, after a failed one, and works after photo and name matched"
as_reception request add --kind inspection --channel in-person --name 'Anna Tarkastaja'
want_rc 0
INSPECTION=$(recorded)
as_reception request link "$INSPECTION" "$ANNA"
want_rc 0
as_reception report "$ANNA" --request "$INSPECTION" --format text
want_rc 1
want_err "identity not verified"
as_reception request verify "$INSPECTION" --document passport --photo-matched
want_rc 1
want_err "did not match"
as_reception report "$ANNA" --request "$INSPECTION" --format json
want_rc 1
[ -s "$T/out" ] && { why "the refused report wrote to stdout"; show_run; }
as_reception request verify "$INSPECTION" --document passport --photo-matched --name-matched
want_rc 0
as_reception report "$ANNA" --request "$INSPECTION" --format text --lang en
want_rc 0
want_out "ACCESS REPORT"
want_out "Tarkastaja"
want_out "anna.tarkastaja@example.fi"
want_out "receipts"
want_out "2031-12-31"
want_out_unwrapped "Office of the Data Protection Ombudsman"
want_out_unwrapped "privacy@mipro.fi"
want_no_out "Sivullinen"
want_no_out "Qwertyvaara"
cp "$T/out" "$T/report-en.txt"
end

begin "report --format json parses with python3's json module and has every section"
as_reception report "$ANNA" --request "$INSPECTION" --format json --lang en
want_rc 0
cp "$T/out" "$T/report.json"
python3 - "$T/report.json" >"$T/json-check" 2>&1 <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    report = json.load(f)
problems = []
if report.get("language") != "en":
    problems.append("language is %r" % report.get("language"))
for key in ("report", "contact", "records", "bans_and_consents", "processing", "rights"):
    if key not in report:
        problems.append("no section %r" % key)
records = report.get("records", {})
for key in ("maintenance_references", "trainings_and_events", "disclosures", "legal_holds"):
    if not isinstance(records.get(key), list):
        problems.append("records has no list %r" % key)
if report.get("contact", {}).get("last_name") != "Tarkastaja":
    problems.append("contact.last_name is %r" % report.get("contact", {}).get("last_name"))
holds = records.get("legal_holds", [])
if not any(h.get("until") == "2031-12-31" for h in holds):
    problems.append("no hold until 2031-12-31 in %r" % holds)
for key in ("supervisory_authority", "privacy_contact"):
    if not report.get("rights", {}).get(key):
        problems.append("rights.%s is empty" % key)
if "Sivullinen" in json.dumps(report, ensure_ascii=False):
    problems.append("another person's name is in the report")
print("\n".join(problems))
EOF
[ -n "$(tr -d '[:space:]' <"$T/json-check")" ] && { why "$(cat "$T/json-check")"; show_run; }
end

begin "report --format json is valid against data/report.schema.json in both languages; a report lacking a part is not"
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip "$CHECK" "python3 without jsonschema: apt-get install python3-jsonschema"
else
	as_reception report "$ANNA" --request "$INSPECTION" --format json --lang fi
	want_rc 0
	cp "$T/out" "$T/report-fi.json"
	python3 - "$ROOT/data/report.schema.json" "$T/report.json" "$T/report-fi.json" >"$T/schema-check" 2>&1 <<'EOF'
import json, sys, jsonschema
with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
problems = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    problems += ["%s: %s at %s" % (path, e.message, list(e.absolute_path)) for e in validator.iter_errors(report)]
    # The consultations log is there, giving roles only (the setting is off).
    by = [c.get("by") or "" for c in report["records"]["consultations"]]
    if not by:
        problems.append("%s: no consultations" % path)
    if any("Rita" in b for b in by):
        problems.append("%s: an employee is named although report_names_staff is off" % path)
    del report["records"]["consultations"]
    if validator.is_valid(report):
        problems.append("the schema accepts a report without its consultations log")
print("\n".join(problems))
EOF
	[ -n "$(tr -d '[:space:]' <"$T/schema-check")" ] && { why "$(cat "$T/schema-check")"; show_run; }
fi
end

begin "report names employees only when the privacy officer's setting report_names_staff says yes"
as_officer setting set report_names_staff maybe
want_rc 1
want_err "yes or no"
as_officer setting set report_names_staff yes
want_rc 0
as_reception report "$ANNA" --request "$INSPECTION" --format json --lang en
want_rc 0
want_out '"by": "Rita (reception)"'
as_officer setting set report_names_staff no
want_rc 0
as_reception report "$ANNA" --request "$INSPECTION" --format text --lang en
want_rc 0
want_no_out "Rita"
want_out "By (role): reception"
end

begin "a report whose read fails is not produced: the reason, exit 1, no file"
python3 -c 'import regdesk_db, sys; c = regdesk_db.connect(sys.argv[1]); c.execute("ALTER TABLE legal_hold RENAME TO legal_hold_away"); c.commit()' "$DB"
as_reception report "$ANNA" --request "$INSPECTION" --format json --out "$T/broken.json"
want_rc 1
want_err "not produced"
[ -e "$T/broken.json" ] && why "a file was left behind"
as_reception report "$ANNA" --request "$INSPECTION" --format text
want_rc 1
[ -s "$T/out" ] && { why "the failed report wrote to stdout"; show_run; }
python3 -c 'import regdesk_db, sys; c = regdesk_db.connect(sys.argv[1]); c.execute("ALTER TABLE legal_hold_away RENAME TO legal_hold"); c.commit()' "$DB"
as_reception report "$ANNA" --request "$INSPECTION" --format text
want_rc 0
end

begin "report --lang fi differs from --lang en (Finnish labels)"
as_reception report "$ANNA" --request "$INSPECTION" --format text --lang 'fi'
want_rc 0
cp "$T/out" "$T/report-fi.txt"
cmp -s "$T/report-fi.txt" "$T/report-en.txt" && why "the Finnish and English reports are identical"
grep -q 'Etunimi' "$T/report-fi.txt" || why "the Finnish report lacks 'Etunimi'"
grep -q 'First name' "$T/report-en.txt" || why "the English report lacks 'First name'"
grep -q 'Tarkastaja' "$T/report-fi.txt" || why "the Finnish report lacks the person"
as_reception report "$ANNA" --request "$INSPECTION" --format json --lang 'fi'
want_rc 0
python3 -c 'import json, sys; r = json.load(open(sys.argv[1], encoding="utf-8")); sys.exit(r["language"] != "fi")' "$T/out" ||
	why "the Finnish JSON report's language is not fi"
end

begin "report --out FILE writes the file 0600 and never overwrites one"
as_reception report "$ANNA" --request "$INSPECTION" --format json --out "$T/anna.json"
want_rc 0
want_out "$T/anna.json"
[ -f "$T/anna.json" ] || why "$T/anna.json was not written"
mode=$(stat -c %a "$T/anna.json" 2>/dev/null)
[ "$mode" = 600 ] || why "$T/anna.json has mode $mode, expected 600"
python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/anna.json" 2>/dev/null ||
	why "$T/anna.json does not parse"
sum=$(cksum <"$T/anna.json")
as_reception report "$ANNA" --request "$INSPECTION" --format text --out "$T/anna.json"
want_rc 1
want_err "exists"
[ "$(cksum <"$T/anna.json")" = "$sum" ] || why "the existing file was changed"
end

begin "report of a contact not linked to the request is refused"
as_reception report "$SIGURD" --request "$INSPECTION" --format text
want_rc 1
want_err "not linked"
[ -s "$T/out" ] && { why "the refused report wrote to stdout"; show_run; }
as_reception report "$ANNA" --format text
want_rc 1
want_err "not permitted"
end

begin "request charge: free without the privacy officer's finding; the finding records ground, reason and fee (GDPR Art. 12(5), 15(3))"
as_reception request charge "$INSPECTION"
want_rc 0
want_out "Free of charge unless the privacy officer finds"
want_out "no earlier inspection"
as_reception request charge "$INSPECTION" --decide fee
want_rc 1
want_err "finding"
as_reception request charge "$INSPECTION" --ground further-copy --reason 'a second copy' --fee 5
want_rc 1
want_err "not permitted"
as_officer request charge "$INSPECTION" --ground further-copy --reason 'a second copy' --refuse
want_rc 1
want_err "not be refused"
as_officer request charge "$INSPECTION" --ground further-copy --reason 'a second copy' --fee 'viisi'
want_rc 2
as_officer request charge "$INSPECTION" --ground further-copy --reason 'a second paper copy' --fee 5,50
want_rc 0
want_out "5,50"
[ "$(sql "SELECT charge_decision, charge_ground, charge_fee_cents FROM subject_request WHERE id = $INSPECTION;")" = \
	"fee|further-copy|550" ] || why "the finding was not recorded"
as_officer audit list --action request.charge-finding --format csv
want_out "request.charge-finding"
as_officer request list --format csv
[ "$(csv_get "$T/out" id "$INSPECTION" charge_ground)" = further-copy ] &&
	[ "$(csv_get "$T/out" id "$INSPECTION" fee_euros)" = 5,50 ] &&
	[ -n "$(csv_get "$T/out" id "$INSPECTION" verified_by)" ] || { why "the list's CSV lacks the finding or the means"; show_run; }
as_reception request charge "$INSPECTION" --decide free
want_rc 1
want_err "not permitted"
as_officer request charge "$INSPECTION" --decide free
want_rc 0
as_reception request list --format csv
[ "$(csv_get "$T/out" id "$INSPECTION" charge)" = free ] || { why "the charge was not recorded as free"; show_run; }
as_reception request complete "$INSPECTION" --outcome 'report handed over at the desk'
want_rc 0
want_out "completed"
end

# 4. Deadlines, extension, refusal --------------------------------------------------

begin "request extend: only the privacy officer, once, to received + 3 months on a working day"
as_reception request extend "$OLD" --reason 'many archives' --told-on 2020-02-15
want_rc 1
want_err "not permitted"
as_officer request extend "$OLD" --reason 'many archives' --told-on 2020-03-03
want_rc 1
want_err "first month"
as_officer request extend "$OLD" --reason 'many archives' --told-on 2099-01-01
want_rc 1
want_err "after today"
as_officer request extend "$OLD" --reason 'many archives' --told-on 2020-02-15
want_rc 1
want_err "has passed"
[ "$(sql "SELECT extended_due_on FROM subject_request WHERE id = $OLD;")" = "" ] || why "a late extension was recorded"
as_officer request extend "$OLD" --reason 'many archives' --told-on 2020-02-15 --late-reason 'found filed, not recorded'
want_rc 0
want_out "2020-04-30"
want_out "override"
as_officer audit list --action request.extend-late-override --format csv
want_out "request.extend-late-override"
as_officer request extend "$OLD" --reason 'again' --told-on 2020-02-16
want_rc 1
want_err "already extended"
as_officer request list --format csv
[ "$(csv_get "$T/out" id "$OLD" deadline)" = 2020-04-30 ] || { why "the deadline in force is not 2020-04-30"; show_run; }
end

begin "request refuse: the privacy officer refuses with a reason; a closed request takes no more changes"
as_reception request refuse "$OLD" --reason 'not identified'
want_rc 1
as_officer request refuse "$OLD" --reason 'the requester could not be identified'
want_rc 0
as_officer request show "$OLD"
want_out "refused"
# Closed: the reason was told to the requester; the register keeps the
# outcome code and who decided, not the free text (issue 13, GDPR Art. 5(1)(c)).
want_no_out "the requester could not be identified"
as_officer request link "$OLD" "$ANNA"
want_rc 1
want_err "closed"
end

# 5. Objection (notice §6.3) --------------------------------------------------------

begin "request objection bans every purpose on the linked contact"
as_reception request add --kind objection --channel letter --name 'Sigurd Sivullinen' --details 'Katu 3, Mikkeli' --signed
want_rc 0
OBJECTION=$(recorded)
as_reception request link "$OBJECTION" "$SIGURD"
want_rc 0
as_reception request objection "$OBJECTION"
want_rc 1
want_err "identity not verified"
as_reception request verify "$OBJECTION" --letter
want_rc 0
as_reception request objection "$OBJECTION"
want_rc 0
want_out "Recorded"
purposes=$(sql "SELECT count(*) FROM purpose;")
bans=$(sed -n 's/^Recorded \([0-9]*\) bans.*/\1/p' "$T/out")
[ "$bans" = "$purposes" ] || why "recorded '$bans' bans, there are $purposes purposes"
as_reception ban show "$SIGURD" --format csv
want_rc 0
python3 - "$T/out" >"$T/ban-check" <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")) if r["section"] == "current"]
bad = [r["purpose"] + "=" + r["effective_state"] for r in rows if r["effective_state"] != "objection"]
print("no current rows" if not rows else " ".join(bad))
EOF
[ -s "$T/ban-check" ] && [ -n "$(tr -d '[:space:]' <"$T/ban-check")" ] && why "not banned: $(cat "$T/ban-check")"
end

begin "a rectification by contact edit --request names the request; notify records the recipient (GDPR Art. 16, 19)"
as_reception request add --kind rectification --channel phone --name 'Sigurd Sivullinen'
want_rc 0
RECTIFICATION=$(recorded)
as_reception request link "$RECTIFICATION" "$SIGURD"
want_rc 0
as_reception contact edit "$SIGURD" --request "$RECTIFICATION" --city Ähtäri
want_rc 1
want_err "identity not verified"
as_reception request verify "$RECTIFICATION" --means phone-on-record
want_rc 0
# A recipient that never received Sigurd's data has nothing to be told.
as_reception request notify "$RECTIFICATION" --recipient "$PARTNER" --note 'corrected address sent'
want_rc 1
want_err "did not receive"
as_reception disclosure add "$SIGURD" --recipient "$PARTNER" --purpose 'delivery of an order' \
	--legal-ground 'contract (GDPR Art. 6(1)(b))' --fields 'name, address' --date 2026-01-20
want_rc 0
as_reception contact edit "$SIGURD" --request "$RECTIFICATION" --city Ähtäri
want_rc 0
as_officer audit list --action contact.edit --record "$SIGURD" --format csv
want_out "request=$RECTIFICATION"
as_officer audit list --action request.rectify --record "$RECTIFICATION" --format csv
want_out "contact=$SIGURD"
as_reception contact edit "$ANNA" --request "$RECTIFICATION" --city Ähtäri
want_rc 1
want_err "not linked"
as_reception request show "$RECTIFICATION"
want_out "Posti Partner Oy"
as_reception request notify "$RECTIFICATION" --recipient "$PARTNER" --note 'corrected address sent'
want_rc 0
want_out "Art. 19"
[ "$(sql "SELECT note FROM recipient_notification WHERE request_id = $RECTIFICATION;")" = 'corrected address sent' ] ||
	why "no recipient_notification row"
as_reception request complete "$OBJECTION" --outcome 'bans recorded for every purpose'
want_rc 0
as_reception request unlink "$OBJECTION" "$SIGURD"
want_rc 1
want_err "closed"
end

# 6. Usage errors exit 2 ------------------------------------------------------------

begin "unknown options, verbs and values exit 2 with one line on stderr"
for args in "request add --kind inspection --channel in-person --name X --bogus 1" \
	"request add --kind nope --channel in-person --name X" \
	"request add --kind inspection --channel fax --name X" \
	"request add --channel in-person --name X" \
	"request frobnicate" \
	"request list --format yaml" \
	"request list --everything" \
	"request show abc" \
	"request verify 1" \
	"request verify 1 --letter --document passport" \
	"request verify 1 --document hologram --photo-matched --name-matched" \
	"request charge 1 --decide maybe" \
	"request charge 1 --decide free --ground excessive" \
	"request charge 1 --ground nonsense --reason x --fee 5" \
	"request charge 1 --ground excessive --reason x --fee 5 --refuse" \
	"request verify 1 --means telepathy" \
	"request extend 1 --reason x" \
	"request link 1" \
	"report $ANNA --format xml" \
	"report $ANNA" \
	"report --format text" \
	"report $ANNA --format text --bogus" \
	"erase $ANNA" \
	"erase $ANNA --preview --confirm" \
	"erase $ANNA --wipe" \
	"hold add $ANNA --law nope --covers x --financial-year-end 2025-12-31" \
	"hold add $ANNA --law accounting-act-ledger --covers x --financial-year-end 2025-12-31 --until 2030-01-01" \
	"hold list --bogus" \
	"hold remove 1"; do
	# shellcheck disable=SC2086
	as_officer $args
	want_rc 2
	want_one_line_err
done
# A usage error changes nothing.
[ "$(sql "SELECT count(*) FROM legal_hold;")" = 3 ] || why "a usage error added a hold"
end

batch_finish

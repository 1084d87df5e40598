#!/bin/sh
# End-to-end tests of the batch commands for bans, consents and disclosures
# (ban, recipient, export, disclosure), run on the sanitizer build.
#   sh tests/e2e/test_cli_consents.sh      (after: make build-asan/regdesk)
#   REGDESK_BIN=path/to/regdesk sh tests/e2e/test_cli_consents.sh
# Prints one line per check: "ok - NAME", "not ok - NAME" followed by "# "
# diagnostic lines, or "skip - NAME (reason)"; exits 1 when any check failed.
# Self-contained POSIX sh: needs python3 (CSV parsing, the sqlite3 module to
# look into the database) and sha256sum.
BATCH_SUITE=consents
. "$(dirname "$0")/batch_lib.sh"

# --- running regdesk -------------------------------------------------------

DB=$(engine_db consents "$T")
OFFICER=olli
OFFICER_PW='olli-pass-12345'
RECEPTION=rita
RECEPTION_PW='rita-pass-12345'

# as_officer ARGS... / as_reception ARGS...: a batch command on the test
# database, logged in with --password-stdin.
as_officer() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

as_reception() {
	printf '%s\n' "$RECEPTION_PW" >"$T/in"
	rd --db "$DB" --password-stdin --user "$RECEPTION" "$@"
}

# sql STATEMENT: one query outside regdesk; rows on stdout, columns joined by |.
# Exit 1 with the error on stderr when SQLite refuses the statement.
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

# csv_column FILE COLUMN: the cells of COLUMN, one a line, header left out.
# Exit 3 when rows differ in width, 4 when there is no such column.
csv_column() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows or any(len(row) != len(rows[0]) for row in rows):
    sys.exit(3)
if sys.argv[2] not in rows[0]:
    sys.exit(4)
index = rows[0].index(sys.argv[2])
for row in rows[1:]:
    print(row[index])
EOF
}

# csv_get FILE KEY_COLUMN KEY COLUMN: the cell of COLUMN in the row whose
# KEY_COLUMN is KEY; exit 1 when no such row.
csv_get() {
	python3 - "$@" <<'EOF'
import csv, sys
path, key_column, key, column = sys.argv[1:]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header = rows[0]
for row in rows[1:]:
    if row[header.index(key_column)] == key:
        sys.stdout.write(row[header.index(column)])
        sys.exit(0)
sys.exit(1)
EOF
}

# csv_rows FILE: the number of data rows (header left out).
csv_rows() {
	python3 - "$1" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(max(len(list(csv.reader(f))) - 1, 0))
EOF
}

# has_line FILE TEXT: FILE has a line equal to TEXT.
has_line() {
	grep -Fxq -- "$2" "$1"
}

# figure NAME: the number after "NAME: " on stderr of the last run.
figure() {
	sed -n "s/^ *$1: \\([0-9]*\\)\$/\\1/p" "$T/err" | head -n 1
}

# --- the tests -------------------------------------------------------------

batch_need sqlite3 csv

begin "setup: officer, reception user, organisation, eight contacts, recipients"
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name 'Olli' "$OFFICER"
want_rc 0
printf '%s\n' "$OFFICER_PW" 'temporary-pass-1' >"$T/in"
rd --db "$DB" --password-stdin --user "$OFFICER" user add --commitment-signed 2020-01-02 --role reception --full-name 'Rita' "$RECEPTION"
want_rc 0
printf '%s\n' 'temporary-pass-1' "$RECEPTION_PW" >"$T/in"
rd --db "$DB" --password-stdin --user "$RECEPTION" user passwd "$RECEPTION"
want_rc 0
as_officer org add --name 'Otto Works Oy'
want_rc 0
ORG=$(sed -n 's/^Added organisation #\([0-9]*\)\..*/\1/p' "$T/out")
[ -n "$ORG" ] || { why "no organisation id"; show_run; }
# contact NAME_VARIABLE FIRST LAST ARGS...: adds a contact, its id in NAME_VARIABLE.
contact() {
	variable=$1 first=$2 last=$3
	shift 3
	as_officer contact add --first-name "$first" --last-name "$last" "$@"
	want_rc 0
	eval "$variable=\$(added)"
	eval "[ -n \"\$$variable\" ]" || { why "no id for $first $last"; show_run; }
}
JUSSI="" ANNA="" PIA="" OTTO="" EERO="" ELLA="" NOA="" FORMULA=""    # set by contact()
JUSSI_LAST='Åkerlund, "Jussi"'
FORMULA_FIRST='=HYPERLINK("x")'
contact JUSSI Jussi "$JUSSI_LAST" --street 'Katu 1' --postal-code 00100 --city Helsinki \
	--email jussi@example.fi --phone '040 1234567' --title 'Chief Secret Officer' --notes 'private note xyzzy'
contact ANNA Anna Banned --street 'Katu 2' --postal-code 00100 --city Helsinki
contact PIA Pia Private --street 'Katu 3' --postal-code 00100 --city Helsinki --email pia@example.fi
contact OTTO Otto Org --street 'Katu 4' --postal-code 00100 --city Helsinki --email otto@example.fi \
	--organisation "$ORG"
contact EERO Eero Expired --street 'Katu 5' --postal-code 00100 --city Helsinki --email eero@example.fi
contact ELLA Ella Ended --street 'Katu 6' --postal-code 00100 --city Helsinki --email ella@example.fi
contact NOA Noa Noaddress --email noa@example.fi
contact FORMULA "$FORMULA_FIRST" Formula --street 'Katu 8' --postal-code 00100 --city Helsinki
as_officer contact end "$ELLA" --date 2020-01-01
want_rc 0
as_officer recipient add --name 'Posti Partner Oy' --kind partner --country FI
want_rc 0
EU=$(added)
as_officer recipient add --name 'Faraway Inc' --kind subcontractor --country US
want_rc 0
US_BARE=$(added)
want_out "outside the EU/EEA"
if [ -z "$EU" ] || [ -z "$US_BARE" ]; then
	why "no recipient ids"
	show_run
fi
end
if [ "$FAILED" -gt 0 ]; then
	echo "# setup failed: the other checks need it" >&2
	exit 1
fi

begin "--help lists the ban, recipient, export and disclosure commands"
: >"$T/in"
rd --help
want_rc 0
for command in "ban set" "ban show" "ban sale-email" "purpose add" "purpose list" "recipient add" "recipient list" \
	"export [--purpose CODE]" "[--list-purposes]" "disclosure list" "--kind KIND" "disclosure add"; do
	want_out "$command"
done
end

# 1. Bans: history is never overwritten ------------------------------------------

begin "ban set records an objection; ban show shows it with channel, date and recorder"
as_officer ban set "$ANNA" --purpose postal-mail --channel letter --given-on 2024-03-01 --note 'letter of 1 March'
want_rc 0
want_out "Recorded"
as_officer ban show "$ANNA"
want_rc 0
line=$(grep -F 'postal-mail' "$T/out" | head -n 1)
for word in 'ban (objection)' 'hand-signed letter' '2024-03-01' "$OFFICER"; do
	case $line in
	*"$word"*) ;;
	*) why "the current postal-mail line lacks '$word': $line"; show_run ;;
	esac
done
want_out "letter of 1 March"
as_officer ban show "$ANNA" --format csv
want_rc 0
cp "$T/out" "$T/ban1.csv"
state=$(python3 - "$T/ban1.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for row in rows:
    if row["section"] == "current" and row["purpose"] == "postal-mail":
        print("|".join((row["state"], row["effective_state"], row["channel"], row["given_on"], row["recorded_by"])))
EOF
)
[ "$state" = "objection|objection|letter|2024-03-01|$OFFICER" ] || { why "current postal-mail row is '$state'"; show_run; }
end

begin "a second statement adds a history row; the first one is still there"
as_officer ban set "$ANNA" --purpose postal-mail --channel phone --given-on 2024-04-02 --note 'confirmed by phone'
want_rc 0
as_officer ban show "$ANNA" --format csv
want_rc 0
cp "$T/out" "$T/ban2.csv"
python3 - "$T/ban2.csv" >"$T/history" <<'EOF'
import csv, sys
for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    if row["section"] == "history":
        print("|".join((row["purpose"], row["state"], row["channel"], row["given_on"], row["note"])))
EOF
expected='postal-mail|objection|phone|2024-04-02|confirmed by phone
postal-mail|objection|letter|2024-03-01|letter of 1 March'
[ "$(cat "$T/history")" = "$expected" ] || { why "history (newest first) is:"; why "$(cat "$T/history")"; }
current=$(csv_get "$T/ban2.csv" section current channel)
[ "$current" = phone ] || why "the current state came from channel '$current', expected the newest (phone)"
count=$(sql "SELECT count(*) FROM consent_event WHERE contact_id = $ANNA;")
[ "$count" = 2 ] || why "consent_event has $count rows for the contact, expected 2"
as_officer ban show "$ANNA"
want_out "confirmed by phone"
want_out "letter of 1 March"
end

begin "the database refuses UPDATE of a consent_event's state (trigger; tried on a copy)"
# A copy of the SQLite file; on PostgreSQL the register itself (a refused
# statement changes nothing there either).
TAMPER=$DB
if [ "$ENGINE" = sqlite ]; then
	TAMPER=$T/tamper.db
	for suffix in "" -wal -shm .audit-head; do
		[ -e "$DB$suffix" ] && cp "$DB$suffix" "$TAMPER$suffix"
	done
fi
if DB=$TAMPER sql "UPDATE consent_event SET state = 'consent' WHERE contact_id = $ANNA;" 2>"$T/sqlerr"; then
	why "UPDATE of consent_event.state succeeded"
else
	grep -q 'never overwritten' "$T/sqlerr" || why "refused for another reason: $(cat "$T/sqlerr")"
fi
states=$(DB=$TAMPER sql "SELECT count(*) FILTER (WHERE state = 'objection'), count(*) FROM consent_event WHERE contact_id = $ANNA;")
[ "$states" = "2|2" ] || why "objections|statements are now '$states', expected 2|2"
end

# 2. Who is exported -------------------------------------------------------------

begin "export --list-purposes names the purposes with channel and fields"
as_officer export --list-purposes --format csv
want_rc 0
cp "$T/out" "$T/purposes.csv"
fields=$(csv_get "$T/purposes.csv" code postal-mail fields)
[ "$fields" = "first_name,last_name,organisation,street,postal_code,city,country" ] || why "postal-mail fields: '$fields'"
channel=$(csv_get "$T/purposes.csv" code electronic-marketing channel)
[ "$channel" = email ] || why "electronic-marketing channel: '$channel'"
as_officer export --list-purposes
want_rc 0
want_out "postal-mail"
want_out "electronic-marketing"
end

begin "export --preview: the figures on stderr, and nothing written or recorded"
before=$(sql "SELECT count(*) FROM disclosure;")
as_officer export --purpose postal-mail --recipient "$EU" --out "$T/preview.csv" --preview
want_rc 0
for pair in "considered:8" "included:5" "objection (ban):1" "relationship ended:1" \
	"no address for the channel:1" "private person without consent:0"; do
	name=${pair%:*} value=${pair##*:}
	got=$(figure "$name")
	[ "$got" = "$value" ] || { why "preview '$name' is '$got', expected $value"; show_run; }
done
[ -e "$T/preview.csv" ] && why "--preview wrote $T/preview.csv"
after=$(sql "SELECT count(*) FROM disclosure;")
[ "$after" = "$before" ] || why "--preview recorded a disclosure ($before -> $after)"
end

begin "export postal-mail to an EU recipient: banned, ended and address-less contacts are left out"
as_officer export --purpose postal-mail --recipient "$EU" --out "$T/postal.csv"
want_rc 0
want_out "SHA-256"
cp "$T/out" "$T/postal.out"
for pair in "considered:8" "included:5" "objection (ban):1" "relationship ended:1" "no address for the channel:1"; do
	name=${pair%:*} value=${pair##*:}
	got=$(figure "$name")
	[ "$got" = "$value" ] || { why "export '$name' is '$got', expected $value"; show_run; }
done
if [ -f "$T/postal.csv" ]; then
	csv_column "$T/postal.csv" first_name >"$T/postal.first"
	for first in Jussi Pia Otto Eero "'$FORMULA_FIRST"; do
		has_line "$T/postal.first" "$first" || why "$first is missing from the postal-mail export"
	done
	for first in Anna Ella Noa; do
		has_line "$T/postal.first" "$first" && why "$first is in the postal-mail export"
	done
	rows=$(csv_rows "$T/postal.csv")
	[ "$rows" = 5 ] || why "the export has $rows data rows, expected 5"
else
	why "$T/postal.csv was not written"
fi
end

begin "electronic-marketing: a private person needs a consent, a person at an organisation does not (917/2014 §200, §202)"
as_officer export --purpose electronic-marketing --recipient "$EU" --out "$T/email1.csv"
want_rc 0
csv_column "$T/email1.csv" first_name >"$T/email1.first"
has_line "$T/email1.first" Otto || why "Otto (at an organisation, no ban) is missing"
has_line "$T/email1.first" Pia && why "Pia (private, no consent) was exported"
has_line "$T/email1.first" Jussi && why "Jussi (private, no consent) was exported"
got=$(figure "private person without consent")
[ "$got" = 6 ] || { why "'private person without consent' is '$got', expected 6"; show_run; }
end

begin "after a consent the private person is exported; an expired consent counts as nothing said"
as_officer ban set "$PIA" --purpose electronic-marketing --state consent --channel web-form --wording 'notice v2'
want_rc 0
as_officer ban set "$EERO" --purpose electronic-marketing --state consent --channel email --given-on 2019-06-01 \
	--expires 2020-01-01
want_rc 0
as_officer export --purpose electronic-marketing --recipient "$EU" --out "$T/email2.csv"
want_rc 0
csv_column "$T/email2.csv" first_name >"$T/email2.first"
has_line "$T/email2.first" Pia || why "Pia is missing after her consent"
has_line "$T/email2.first" Otto || why "Otto is missing"
has_line "$T/email2.first" Eero && why "Eero (consent expired 2020-01-01) was exported"
got=$(figure included)
[ "$got" = 2 ] || { why "'included' is '$got', expected 2"; show_run; }
as_officer ban show "$EERO"
want_rc 0
line=$(grep -F 'electronic-marketing' "$T/out" | head -n 1)
case $line in
*'nothing said'*) ;;
*) why "ban show does not show the expired consent as nothing said: $line" ;;
esac
end

# 3. The file --------------------------------------------------------------------

begin "the postal-mail CSV has only the purpose's fields, round-trips, guards formulas, is mode 600"
got=$(python3 -c '
import csv, sys
print(",".join(next(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))' "$T/postal.csv")
[ "$got" = "first_name,last_name,organisation,street,postal_code,city,country" ] || why "header is '$got'"
csv_column "$T/postal.csv" email >/dev/null 2>&1
[ $? -eq 4 ] || why "the postal-mail export has an email column"
csv_column "$T/postal.csv" phone >/dev/null 2>&1
[ $? -eq 4 ] || why "the postal-mail export has a phone column"
csv_column "$T/postal.csv" last_name >/dev/null 2>&1 || why "the rows differ in width"
last=$(csv_get "$T/postal.csv" first_name Jussi last_name)
[ "$last" = "$JUSSI_LAST" ] || why "Jussi's last name came back as '$last', expected '$JUSSI_LAST'"
organisation=$(csv_get "$T/postal.csv" first_name Otto organisation)
[ "$organisation" = 'Otto Works Oy' ] || why "Otto's organisation is '$organisation'"
for secret in 'Chief Secret Officer' 'xyzzy' 'jussi@example.fi' '040 1234567'; do
	grep -Fq -- "$secret" "$T/postal.csv" && why "the export contains '$secret'"
done
formula=$(csv_get "$T/postal.csv" last_name Formula first_name)
[ "$formula" = "'$FORMULA_FIRST" ] || why "the formula name came out as '$formula', expected \"'$FORMULA_FIRST\""
mode=$(stat -c %a "$T/postal.csv")
[ "$mode" = 600 ] || why "$T/postal.csv has mode $mode, expected 600"
[ -e "$T/postal.csv.part" ] && why "a .part file was left behind"
email_header=$(head -n 1 "$T/email2.csv" | tr -d '\r"')
[ "$email_header" = "first_name,last_name,email" ] || why "electronic-marketing header is '$email_header'"
end

begin "an existing file is not overwritten by a new export (exit 1)"
sum=$(sha256sum <"$T/postal.csv")
count=$(sql "SELECT count(*) FROM disclosure;")
as_officer export --purpose postal-mail --recipient "$EU" --out "$T/postal.csv"
want_rc 1
want_err "exists"
[ "$(sha256sum <"$T/postal.csv")" = "$sum" ] || why "$T/postal.csv was changed"
[ "$(sql "SELECT count(*) FROM disclosure;")" = "$count" ] || why "a disclosure was recorded"
end

# 4. Transfers outside the EU/EEA (notice §3.1) --------------------------------------

begin "export to a US recipient without a safeguard: exit 1 with the reason, no file, nothing recorded"
before=$(sql "SELECT count(*) FROM disclosure;")
as_officer export --purpose postal-mail --recipient "$US_BARE" --out "$T/us.csv"
want_rc 1
want_err "outside the EU/EEA"
want_err "Faraway Inc"
[ "$(wc -l <"$T/err")" -eq 1 ] || { why "expected one line on stderr"; show_run; }
[ -e "$T/us.csv" ] && why "$T/us.csv was created"
[ -e "$T/us.csv.part" ] && why "$T/us.csv.part was left behind"
after=$(sql "SELECT count(*) FROM disclosure;")
[ "$after" = "$before" ] || why "a disclosure was recorded ($before -> $after)"
as_officer export --purpose postal-mail --recipient "$US_BARE" --preview
want_rc 1
want_err "outside the EU/EEA"
end

begin "a US recipient with standard contractual clauses may receive the export"
as_officer recipient add --name 'Faraway Safe Inc' --kind subcontractor --country US --safeguard scc \
	--safeguard-reference 'SCC 2021/914 module 2' --safeguard-date 2024-01-15
want_rc 0
US_SCC=$(added)
want_no_out "outside the EU/EEA"
as_officer export --purpose postal-mail --recipient "$US_SCC" --out "$T/us-scc.csv"
want_rc 0
[ -f "$T/us-scc.csv" ] || why "$T/us-scc.csv was not written"
as_officer recipient list --format csv
want_rc 0
cp "$T/out" "$T/recipients.csv"
row=$(python3 - "$T/recipients.csv" "$US_SCC" <<'EOF'
import csv, sys
for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    if row["id"] == sys.argv[2]:
        print("|".join((row["name"], row["kind"], row["country"], row["eu_eea"], row["safeguard"],
                        row["safeguard_reference"], row["safeguard_date"])))
EOF
)
[ "$row" = "Faraway Safe Inc|subcontractor|US|no|scc|SCC 2021/914 module 2|2024-01-15" ] || why "recipient row: '$row'"
eu=$(csv_get "$T/recipients.csv" id "$EU" eu_eea)
[ "$eu" = yes ] || why "the FI recipient is EU/EEA '$eu'"
bare=$(csv_get "$T/recipients.csv" id "$US_BARE" safeguard)
[ "$bare" = "" ] || why "the bare US recipient has safeguard '$bare'"
as_officer recipient list
want_rc 0
want_out "Faraway Safe Inc"
want_out "standard contractual clauses"
end

# 5. The disclosure log ----------------------------------------------------------

begin "disclosure list shows the export: file name, SHA-256 of the file, contact count of the file"
as_officer disclosure list --format csv
want_rc 0
cp "$T/out" "$T/log.csv"
sum=$(sha256sum "$T/postal.csv" | cut -d ' ' -f 1)
logged=$(csv_get "$T/log.csv" file_name "$T/postal.csv" file_sha256) || why "no disclosure names $T/postal.csv"
[ "$logged" = "$sum" ] || why "logged SHA-256 '$logged' differs from sha256sum '$sum'"
count=$(csv_get "$T/log.csv" file_name "$T/postal.csv" contact_count)
[ "$count" = "$(csv_rows "$T/postal.csv")" ] || why "logged contact count '$count', the file has $(csv_rows "$T/postal.csv") rows"
purpose=$(csv_get "$T/log.csv" file_name "$T/postal.csv" purpose)
[ "$purpose" = postal-mail ] || why "logged purpose '$purpose'"
printed=$(sed -n 's/^SHA-256: //p' "$T/postal.out")
[ "$printed" = "$sum" ] || why "export printed SHA-256 '$printed', sha256sum says '$sum'"
as_officer disclosure list
want_rc 0
want_out "$T/postal.csv"
want_out "$sum"
end

begin "disclosure list --contact: an exported person's record lists the export, the banned person's does not"
as_officer disclosure list --contact "$JUSSI" --format csv
want_rc 0
csv_column "$T/out" file_name >"$T/jussi.files"
has_line "$T/jussi.files" "$T/postal.csv" || { why "Jussi's disclosures do not list $T/postal.csv"; show_run; }
has_line "$T/jussi.files" "$T/email1.csv" && why "Jussi's disclosures list $T/email1.csv, where he was not"
as_officer disclosure list --contact "$ANNA" --format csv
want_rc 0
csv_column "$T/out" file_name >"$T/anna.files"
has_line "$T/anna.files" "$T/postal.csv" && why "the banned person's disclosures list $T/postal.csv"
as_officer disclosure list --contact "$NOA" --format csv
want_rc 0
csv_column "$T/out" file_name | grep -Fxq "$T/postal.csv" && why "the person without an address is listed for $T/postal.csv"
end

begin "disclosure_contact holds exactly the people in the file"
id=$(csv_get "$T/log.csv" file_name "$T/postal.csv" id)
sql "SELECT contact_id FROM disclosure_contact WHERE disclosure_id = $id ORDER BY contact_id;" >"$T/linked"
# The people of the file, by their names, to ids.
python3 - "$T/postal.csv" "$DB" >"$T/in-file" <<'EOF'
import csv, regdesk_db, sys
connection = regdesk_db.connect(sys.argv[2])
ids = []
for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    first = row["first_name"][1:] if row["first_name"].startswith("'=") else row["first_name"]
    found = connection.execute("SELECT id FROM contact WHERE first_name = ? AND last_name = ?",
                               (first, row["last_name"])).fetchall()
    ids += [str(r[0]) for r in found] or ["missing:" + first]
print("\n".join(sorted(ids, key=lambda v: (len(v), v))))
EOF
[ -s "$T/linked" ] || why "no disclosure_contact rows for disclosure $id"
[ "$(cat "$T/linked")" = "$(cat "$T/in-file")" ] || {
	why "disclosure_contact: $(tr '\n' ' ' <"$T/linked")"
	why "people in the file: $(tr '\n' ' ' <"$T/in-file")"
}
expected=$(printf '%s\n' "$JUSSI" "$PIA" "$OTTO" "$EERO" "$FORMULA" | sort -n)
[ "$(cat "$T/linked")" = "$expected" ] || why "expected contacts $(echo "$expected" | tr '\n' ' '), linked $(tr '\n' ' ' <"$T/linked")"
end

# 6. Disclosures recorded by hand (notice §2.1-§2.3) -------------------------------------

begin "disclosure add records a manual disclosure; list --contact shows it"
as_officer disclosure add "$PIA" --recipient "$EU" --purpose 'delivery of an order' \
	--legal-ground 'contract (GDPR Art. 6(1)(b))' --fields 'name,street address' --note 'parcel 123' --date 2024-05-02
want_rc 0
want_out "Recorded"
as_officer disclosure list --contact "$PIA" --format csv
want_rc 0
cp "$T/out" "$T/pia.csv"
row=$(csv_get "$T/pia.csv" kind manual purpose)
[ "$row" = 'delivery of an order' ] || { why "manual disclosure purpose '$row'"; show_run; }
ground=$(csv_get "$T/pia.csv" kind manual legal_ground)
[ "$ground" = 'contract (GDPR Art. 6(1)(b))' ] || why "legal ground '$ground'"
made=$(csv_get "$T/pia.csv" kind manual made_at)
case $made in 2024-05-02*) ;; *) why "made_at '$made', expected 2024-05-02" ;; esac
as_officer disclosure list --contact "$JUSSI" --format csv
csv_column "$T/out" kind | grep -qx manual && why "Jussi's disclosures list Pia's manual disclosure"
as_officer disclosure list --recipient "$EU" --purpose 'delivery of an order'
want_rc 0
want_out "delivery of an order"
want_no_out "postal-mail"
end

begin "a manual disclosure to a non-EEA recipient without a safeguard is refused (exit 1)"
before=$(sql "SELECT count(*) FROM disclosure;")
as_officer disclosure add "$PIA" --recipient "$US_BARE" --purpose 'support case' --legal-ground 'contract' \
	--fields 'name,email'
want_rc 1
want_err "outside the EU/EEA"
after=$(sql "SELECT count(*) FROM disclosure;")
[ "$after" = "$before" ] || why "a disclosure was recorded ($before -> $after)"
as_officer disclosure add "$PIA" --recipient "$US_SCC" --purpose 'support case' --legal-ground 'contract' \
	--fields 'name,email'
want_rc 0
end

# 7. Permissions -----------------------------------------------------------------

begin "reception may record a ban and a manual disclosure"
as_reception ban set "$JUSSI" --purpose phone-marketing --channel in-person
want_rc 0
recorder=$(sql "SELECT a.username FROM consent_event e JOIN account a ON a.id = e.recorded_by
	WHERE e.contact_id = $JUSSI AND e.purpose = 'phone-marketing';")
[ "$recorder" = "$RECEPTION" ] || why "the ban was recorded by '$recorder'"
as_reception disclosure add "$JUSSI" --recipient "$EU" --purpose 'invoicing' --legal-ground 'contract' --fields 'name'
want_rc 0
as_reception disclosure list --contact "$JUSSI"
want_rc 0
want_out "invoicing"
as_reception ban show "$JUSSI"
want_rc 0
want_out "$RECEPTION"
end

begin "reception may not export, add recipients or browse the whole log (exit 1, 'not permitted')"
before=$(sql "SELECT count(*) FROM disclosure;")
as_reception export --purpose postal-mail --recipient "$EU" --out "$T/reception.csv"
want_rc 1
want_err "not permitted"
[ -e "$T/reception.csv" ] && why "the refused export wrote $T/reception.csv"
as_reception export --purpose postal-mail --recipient "$EU" --preview
want_rc 1
want_err "not permitted"
as_reception recipient add --name 'Sneaky Oy' --kind partner --country FI
want_rc 1
want_err "not permitted"
as_reception disclosure list
want_rc 1
want_err "not permitted"
after=$(sql "SELECT count(*) FROM disclosure;")
[ "$after" = "$before" ] || why "a disclosure was recorded ($before -> $after)"
count=$(sql "SELECT count(*) FROM recipient WHERE name = 'Sneaky Oy';")
[ "$count" = 0 ] || why "the recipient was added"
end

# 8. Usage errors ----------------------------------------------------------------

begin "usage errors exit 2: unknown state, channel, kind, safeguard, format; missing options"
before=$(sql "SELECT count(*) FROM consent_event;")
as_officer ban set "$JUSSI" --purpose postal-mail --state maybe --channel letter
want_rc 2
want_err "maybe"
as_officer ban set "$JUSSI" --purpose postal-mail --channel fax
want_rc 2
want_err "fax"
as_officer ban set "$JUSSI" --channel letter
want_rc 2
want_err "--purpose"
as_officer ban set "$JUSSI" --purpose postal-mail
want_rc 2
want_err "--channel"
as_officer ban set --purpose postal-mail --channel letter
want_rc 2
as_officer ban set "$JUSSI" --purpose postal-mail --channel letter --bogus 1
want_rc 2
as_officer ban show "$JUSSI" --format xml
want_rc 2
as_officer ban frobnicate
want_rc 2
as_officer recipient add --name 'Friend Oy' --kind friend --country FI
want_rc 2
want_err "friend"
as_officer recipient add --name 'Guarded Oy' --kind partner --country US --safeguard maybe \
	--safeguard-reference r --safeguard-date 2024-01-01
want_rc 2
as_officer recipient add --name 'Half Guarded Inc' --kind partner --country US --safeguard-reference r
want_rc 2
as_officer export --purpose postal-mail --recipient "$EU" --out "$T/format.csv" --format text
want_rc 2
as_officer export --recipient "$EU" --out "$T/nopurpose.csv"
want_rc 2
want_err "--purpose"
as_officer export --purpose postal-mail --out "$T/norecipient.csv"
want_rc 2
as_officer export --purpose postal-mail --recipient "$EU"
want_rc 2
want_err "--out"
as_officer disclosure add "$JUSSI" --recipient "$EU" --legal-ground contract --fields name
want_rc 2
as_officer disclosure list --from yesterday
want_rc 2
for file in nopurpose norecipient format; do
	[ -e "$T/$file.csv" ] && why "a usage error wrote $T/$file.csv"
done
count=$(sql "SELECT count(*) FROM recipient WHERE name LIKE '%Guarded%' OR name = 'Friend Oy';")
[ "$count" = 0 ] || why "a usage error added a recipient"
after=$(sql "SELECT count(*) FROM consent_event;")
[ "$after" = "$before" ] || why "a usage error recorded a statement ($before -> $after)"
end

begin "refusals of the core exit 1: unknown purpose, unknown contact, wording on an objection"
as_officer ban set "$JUSSI" --purpose no-such-purpose --channel letter
want_rc 1
want_err "no-such-purpose"
as_officer ban set 99999 --purpose postal-mail --channel letter
want_rc 1
as_officer ban set "$JUSSI" --purpose postal-mail --channel letter --wording 'v1'
want_rc 1
as_officer export --purpose postal-mail --recipient 99999 --out "$T/norecipient.csv"
want_rc 1
[ -e "$T/norecipient.csv" ] && why "an export to an unknown recipient wrote a file"
end

# 6. The newest statement by date, no future dates, the soft opt-in, purposes -------

# exported_emails PURPOSE NAME: exports PURPOSE to the EU recipient; its e-mail column in $T/NAME.emails.
exported_emails() {
	as_officer export --purpose "$1" --recipient "$EU" --out "$T/$2.csv"
	want_rc 0
	csv_column "$T/$2.csv" email >"$T/$2.emails"
}
# current_states FILE PURPOSE...: "purpose:effective_state;..." of the current rows of a ban show CSV.
current_states() {
	python3 - "$@" <<'EOF'
import csv, sys
wanted = sys.argv[2:]
print(";".join(r["purpose"] + ":" + r["effective_state"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
               if r["section"] == "current" and r["purpose"] in wanted))
EOF
}
SANNA="" SAKU=""
contact SANNA Sanna 'Söderström' --street 'Katu 9' --postal-code 00100 --city Helsinki --email sanna@example.fi
contact SAKU Saku 'Ähtäri' --street 'Katu 10' --postal-code 00100 --city Helsinki --email saku@example.fi

begin "a consent dated before the standing objection does not lift it (GDPR Art. 21(3)): told, kept as history"
as_reception ban set "$SANNA" --purpose electronic-marketing --channel letter --given-on 2026-01-05
want_rc 0
as_reception ban set "$SANNA" --purpose electronic-marketing --state consent --channel web-form --given-on 2025-06-10
want_rc 0
want_out "does not lift it"
want_out "2026-01-05"
as_officer ban show "$SANNA" --format csv
want_rc 0
cp "$T/out" "$T/sanna.csv"
state=$(python3 - "$T/sanna.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
print(";".join(r["section"] + ":" + r["effective_state"] + ":" + r["given_on"] for r in rows
               if r["purpose"] == "electronic-marketing"))
EOF
)
[ "$state" = "current:objection:2026-01-05;history:objection:2026-01-05;history:consent:2025-06-10" ] || why "ban show: '$state'"
as_officer contact find 'Söderström' --format csv
markers=$(csv_get "$T/out" id "$SANNA" markers)
case $markers in *B*) ;; *) why "the contact list has no B marker: '$markers'" ;; esac
exported_emails electronic-marketing older
has_line "$T/older.emails" sanna@example.fi && why "the export includes the person whose objection stands"
as_reception ban set "$SANNA" --purpose electronic-marketing --state consent --channel web-form --given-on 2026-02-01
want_rc 0
want_no_out "does not lift"
exported_emails electronic-marketing newer
has_line "$T/newer.emails" sanna@example.fi || why "a consent dated after the objection did not lift it"
end

begin "dates after today are refused with the reason: a ban, a consent, a sale e-mail"
before=$(sql "SELECT count(*) FROM consent_event;")
as_reception ban set "$SANNA" --purpose postal-mail --channel letter --given-on 2099-01-01
want_rc 1
want_err "in the future"
as_reception ban set "$SANNA" --purpose postal-mail --state consent --channel letter --given-on 31.12.2098
want_rc 1
as_reception ban sale-email "$SANNA" --offered-on 2099-01-01
want_rc 1
want_err "in the future"
after=$(sql "SELECT count(*) FROM consent_event;")
[ "$after" = "$before" ] || why "a future statement was recorded ($before -> $after)"
[ "$(sql "SELECT count(*) FROM sale_email;")" = 0 ] || why "a future sale e-mail was recorded"
end

begin "ban sale-email: own similar products' e-mail without consent (917/2014 §200(2)), never a newsletter or partner"
exported_emails electronic-marketing before-sale
has_line "$T/before-sale.emails" saku@example.fi && why "a private person without consent was exported"
as_reception ban sale-email "$SAKU" --offered-on 2026-01-02 --note 'till receipt 42'
want_rc 0
want_out "obtained in a sale"
as_officer ban show "$SAKU" --format csv
cp "$T/out" "$T/saku.csv"
email=$(csv_get "$T/saku.csv" section sale-email email)
[ "$email" = saku@example.fi ] || why "the sale-email row names '$email'"
by=$(csv_get "$T/saku.csv" section sale-email recorded_by)
[ "$by" = "$RECEPTION" ] || why "the sale-email was recorded by '$by'"
soft=$(python3 - "$T/saku.csv" <<'EOF'
import csv, sys
print(",".join(r["purpose"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
               if r["section"] == "current" and r["soft_opt_in"] == "yes"))
EOF
)
[ "$soft" = electronic-marketing ] || why "the soft opt-in stands for '$soft'"
exported_emails electronic-marketing after-sale
has_line "$T/after-sale.emails" saku@example.fi || why "the customer's sale e-mail was not exported for own marketing"
exported_emails newsletter news-sale
has_line "$T/news-sale.emails" saku@example.fi && why "a newsletter went without consent"
exported_emails partner-marketing partner-sale
has_line "$T/partner-sale.emails" saku@example.fi && why "the e-mail went to a partner without consent"
as_officer audit list --action consent.sale_email --record "$SAKU" --format csv
want_out "consent.sale_email"
as_reception ban set "$SAKU" --purpose electronic-marketing --channel email
want_rc 0
exported_emails electronic-marketing refused
has_line "$T/refused.emails" saku@example.fi && why "a later objection did not end the soft opt-in"
end

begin "purpose add|list: the privacy officer adds SMS marketing, banned apart from e-mail; audited"
as_reception purpose add --code sms-marketing --name 'text message marketing' --channel phone \
	--legal-ground 'consent (917/2014 §200(1))'
want_rc 1
as_officer purpose add --name 'text message marketing' --channel phone --legal-ground x
want_rc 2
want_err "--code"
as_officer purpose add --code partner-email --name 'partner e-mail' --channel email --consent-for-private \
	--soft-opt-in --third-party --legal-ground x
want_rc 1
want_err "§200(2)"
as_officer purpose add --code sms-marketing --name 'text message marketing' --name-fi 'tekstiviestimarkkinointi' \
	--channel phone --consent-for-private --fields first_name,last_name,phone --legal-ground 'consent (917/2014 §200(1))'
want_rc 0
want_out "sms-marketing"
as_officer purpose add --code sms-marketing --name again --channel phone --legal-ground x
want_rc 1
as_reception purpose list --format csv
want_rc 0
cp "$T/out" "$T/purposes2.csv"
[ "$(csv_get "$T/purposes2.csv" code sms-marketing consent_for_private)" = yes ] || why "sms-marketing needs no consent"
[ "$(csv_get "$T/purposes2.csv" code newsletter consent_for_private)" = yes ] || why "newsletter needs no consent (917/2014 §200(1))"
[ "$(csv_get "$T/purposes2.csv" code electronic-marketing soft_opt_in)" = yes ] || why "electronic-marketing is not soft opt-in"
[ "$(csv_get "$T/purposes2.csv" code partner-marketing third_party)" = yes ] || why "partner-marketing is not third party"
as_officer purpose list
want_rc 0
want_out "sms-marketing"
as_officer audit list --action purpose.add --format csv
want_out "sms-marketing"
as_reception ban set "$SANNA" --purpose sms-marketing --channel phone
want_rc 0
as_officer ban show "$SANNA" --format csv
states=$(current_states "$T/out" sms-marketing electronic-marketing)
[ "$states" = "electronic-marketing:consent;sms-marketing:objection" ] || why "current states: '$states'"
end

begin "disclosure list shows the recipient's kind and country; --kind filters"
as_officer disclosure list --kind partner --format csv
want_rc 0
cp "$T/out" "$T/kinds.csv"
kinds=$(csv_column "$T/kinds.csv" recipient_kind | sort -u)
[ "$kinds" = partner ] || why "--kind partner lists kinds '$kinds'"
countries=$(csv_column "$T/kinds.csv" recipient_country | sort -u)
[ "$countries" = FI ] || why "countries '$countries'"
[ "$(csv_rows "$T/kinds.csv")" -gt 0 ] || why "no partner disclosures listed"
as_officer disclosure list --kind venue --format csv
want_rc 0
[ "$(csv_rows "$T/out")" = 0 ] || why "--kind venue lists disclosures"
as_officer disclosure list --kind friend
want_rc 2
want_err "friend"
as_officer disclosure list --kind partner
want_out "recipient: partner (§2.1), FI"
end

batch_finish

#!/bin/sh
# End-to-end tests of the batch commands that do what the screens do for the
# register's keeping (issue 16): contact reference add, contact merge,
# purpose add|list, retention list|set, review keep, review round
# open|close|show; the refusals (wrong role, unknown rule, --limit out of
# range) and their audit entries.
#   sh tests/e2e/test_cli_admin.sh       (after: make build-asan/regdesk)
# Prints "ok - NAME" / "not ok - NAME" per check and ends with the summary.
BATCH_SUITE=admin
. "$(dirname "$0")/batch_lib.sh"

DB=$(engine_db admin "$T")
OFFICER=olli
OFFICER_PW='officer-pass-1'
RECEPTION=rita
RECEPTION_PW='reception-pass-1'

as_officer() {
	pw "$OFFICER_PW"
	rd --db "$DB" --password-stdin --user "$OFFICER" "$@"
}

as_reception() {
	pw "$RECEPTION_PW"
	rd --db "$DB" --password-stdin --user "$RECEPTION" "$@"
}

# sql STATEMENT: one query outside regdesk; rows on stdout, columns joined by |.
sql() {
	python3 - "$DB" "$1" <<'EOF'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
for row in connection.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
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

# audited ACTION RECORD USER: how many audit entries of ACTION about RECORD by USER.
audited() {
	sql "SELECT count(*) FROM audit_entry e JOIN account a ON a.id = e.account_id
	     WHERE e.action = '$1' AND e.record_id = $2 AND a.username = '$3';"
}

denied_count() {
	sql "SELECT count(*) FROM audit_entry e JOIN account a ON a.id = e.account_id
	     WHERE e.action = 'permission.denied' AND a.username = '$1';"
}

batch_need sqlite3 csv

begin "setup: the privacy officer, a reception user, three contacts"
pw "$OFFICER_PW"
rd --db "$DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer --full-name Olli "$OFFICER"
want_rc 0
pw "$OFFICER_PW" 'temporary-pass-1'
rd --db "$DB" --password-stdin --user "$OFFICER" user add --commitment-signed 2020-01-02 --role reception \
	--full-name 'Rita Söderström' "$RECEPTION"
want_rc 0
pw 'temporary-pass-1' "$RECEPTION_PW"
rd --db "$DB" --password-stdin --user "$RECEPTION" user passwd "$RECEPTION"
want_rc 0
as_officer org add --name 'Ähtärin Huolto Oy'
ORG=$(sed -n 's/^Added organisation #\([0-9]*\)\..*/\1/p' "$T/out")
as_officer contact add --first-name Sanna --last-name Pöyhönen --email sanna.poyhonen@example.fi --city Ähtäri \
	--category customer
SANNA=$(added)
as_officer contact add --first-name Sanna --last-name Pöyhönen --phone '040 1234567' --city Tampere \
	--organisation "$ORG" --category maintenance --confirm-duplicate
SANNA2=$(added)
as_officer contact add --first-name Jussi --last-name Åkerlund --email jussi@example.fi --category prospect
JUSSI=$(added)
[ -n "$SANNA" ] && [ -n "$SANNA2" ] && [ -n "$JUSSI" ] && [ -n "$ORG" ] || why "setup failed"
end

# --- contact reference add --------------------------------------------------

begin "contact reference add records a maintenance reference, audited; contact show lists it"
as_reception contact reference add "$SANNA2" --kind fault-report --number FR-7781 --date 2026-11-30
want_rc 0
want_out "Added fault report FR-7781 to contact #$SANNA2."
stored=$(sql "SELECT kind || '|' || reference || '|' || date FROM maintenance_reference WHERE contact_id = $SANNA2;")
[ "$stored" = "fault-report|FR-7781|2026-11-30" ] || why "stored: '$stored'"
[ "$(audited contact.reference-add "$SANNA2" "$RECEPTION")" = 1 ] || why "no contact.reference-add audit entry by $RECEPTION"
as_officer contact show "$SANNA2"
want_out "fault report FR-7781 2026-11-30"
end

begin "contact reference add refuses an unknown kind (2), a bad date (1), an unknown contact (1)"
as_reception contact reference add "$SANNA2" --kind invoice --number X-1 --date 2026-11-30
want_rc 2
want_one_line_err
want_err "service-agreement, fault-report or maintenance-order"
as_reception contact reference add "$SANNA2" --kind service-agreement --number SA-1 --date 2026-02-30
want_rc 1
want_one_line_err
want_err "--date"
as_reception contact reference add 99999 --kind service-agreement --number SA-1 --date 2026-02-03
want_rc 1
want_one_line_err
as_reception contact reference add "$SANNA2" --kind service-agreement --date 2026-02-03
want_rc 2
want_err "--number is required"
count=$(sql "SELECT count(*) FROM maintenance_reference;")
[ "$count" = 1 ] || why "$count references stored, expected 1"
end

# --- contact merge ------------------------------------------------------------

begin "contact merge: the survivor keeps its values, takes what it lacks and what --take-other names"
as_reception contact merge "$SANNA" "$SANNA2" --take-other city
want_rc 0
want_out "Merged #$SANNA2 into #$SANNA."
row=$(sql "SELECT email, phone, city, organisation_id FROM contact WHERE id = $SANNA;")
[ "$row" = "sanna.poyhonen@example.fi|040 1234567|Tampere|$ORG" ] || why "survivor: '$row'"
merged=$(sql "SELECT merged_into FROM contact WHERE id = $SANNA2;")
[ "$merged" = "$SANNA" ] || why "#$SANNA2 merged_into '$merged'"
references=$(sql "SELECT count(*) FROM maintenance_reference WHERE contact_id = $SANNA;")
[ "$references" = 1 ] || why "the reference did not move to the survivor ($references)"
categories=$(sql "SELECT count(*) FROM contact_category WHERE contact_id = $SANNA;")
[ "$categories" = 2 ] || why "the categories were not combined ($categories)"
[ "$(audited contact.merge "$SANNA" "$RECEPTION")" = 1 ] || why "no contact.merge audit entry"
[ "$(audited contact.merged-into "$SANNA2" "$RECEPTION")" = 1 ] || why "no contact.merged-into audit entry"
end

begin "contact merge refuses the same record, an unknown field, a missing number"
as_reception contact merge "$SANNA" "$SANNA2"
want_rc 1
want_one_line_err
want_err "already the same record"
as_reception contact merge "$SANNA" "$JUSSI" --take-other shoe-size
want_rc 2
want_err "shoe-size"
as_reception contact merge "$SANNA"
want_rc 2
merged=$(sql "SELECT count(*) FROM contact WHERE merged_into IS NOT NULL;")
[ "$merged" = 1 ] || why "$merged records merged, expected 1"
end

# --- contact find / audit list --limit ---------------------------------------------

begin "contact find --limit over 100,000 is refused naming the limit (it returned 50 before)"
as_reception contact find --limit 100001
want_rc 2
want_one_line_err
want_err "1 to 100000"
[ ! -s "$T/out" ] || why "something was listed"
as_reception contact find --limit 0
want_rc 2
as_reception contact find --limit 100000 --format csv
want_rc 0
want_out "Åkerlund"
end

begin "audit list --limit out of range is refused naming the limit"
as_officer audit list --limit 1000000
want_rc 2
want_one_line_err
want_err "1 to 999999"
as_officer audit list --limit 3 --format csv
want_rc 0
lines=$(wc -l <"$T/out")
[ "$lines" = 4 ] || why "audit list --limit 3 printed $lines lines, expected the header and 3"
end

# --- purposes -------------------------------------------------------------------------

begin "purpose add: text messages apart from e-mail, audited; purpose list shows it, in CSV too"
as_officer purpose add --code sms-marketing --name 'Text message marketing' --name-fi 'Tekstiviestimarkkinointi' \
	--channel phone --legal-ground 'consent' --fields first_name,last_name,phone --consent-for-private
want_rc 0
want_out "Added purpose sms-marketing."
[ "$(sql "SELECT count(*) FROM audit_entry e JOIN account a ON a.id = e.account_id
	  WHERE e.action = 'purpose.add' AND e.fields = 'sms-marketing' AND a.username = '$OFFICER';")" = 1 ] ||
	why "adding the purpose was not audited (purpose.add)"
as_reception purpose list --format csv
want_rc 0
channel=$(csv_get "$T/out" code sms-marketing channel)
[ "$channel" = phone ] || why "sms-marketing channel '$channel'"
consent=$(csv_get "$T/out" code sms-marketing consent_for_private)
[ "$consent" = yes ] || why "sms-marketing consent_for_private '$consent'"
csv_get "$T/out" code electronic-marketing channel >/dev/null || why "the e-mail purpose is not listed beside it"
as_reception ban set "$JUSSI" --purpose sms-marketing --channel phone
want_rc 0
end

begin "purpose add is the privacy officer's: reception is refused and the refusal audited"
before=$(denied_count "$RECEPTION")
as_reception purpose add --code fax --name Fax --channel phone --legal-ground consent
want_rc 1
want_one_line_err
[ "$(denied_count "$RECEPTION")" -gt "$before" ] || why "the refusal was not audited"
[ "$(sql "SELECT count(*) FROM purpose WHERE code = 'fax';")" = 0 ] || why "the purpose was added"
end

# --- retention ----------------------------------------------------------------------

begin "retention list shows the rules with their months, in CSV too"
as_officer retention list --format csv
want_rc 0
months=$(csv_get "$T/out" code prospect-inactive months)
[ "$months" = 24 ] || why "prospect-inactive months '$months'"
basis=$(csv_get "$T/out" code relationship-ended counts_from)
[ "$basis" = relationship-end ] || why "relationship-ended counts_from '$basis'"
as_officer retention list
want_rc 0
want_out "24 months from last activity"
end

begin "retention set changes the months, --off and --on switch a rule; each audited"
as_officer retention set prospect-inactive 36
want_rc 0
want_out "prospect-inactive: 36 months, in force."
as_officer retention set event-participant 18 --off
want_rc 0
want_out "event-participant: 18 months, off."
row=$(sql "SELECT months, active FROM retention_rule WHERE code = 'event-participant';")
[ "$row" = "18|0" ] || why "event-participant: '$row'"
as_officer retention set event-participant 12
row=$(sql "SELECT months, active FROM retention_rule WHERE code = 'event-participant';")
[ "$row" = "12|0" ] || why "without --on or --off the rule should stay off: '$row'"
as_officer retention set event-participant 12 --on
row=$(sql "SELECT months, active FROM retention_rule WHERE code = 'event-participant';")
[ "$row" = "12|1" ] || why "--on did not switch it back: '$row'"
entries=$(sql "SELECT count(*) FROM audit_entry WHERE action = 'retention.rule' AND fields = 'event-participant';")
[ "$entries" = 3 ] || why "$entries retention.rule audit entries for event-participant, expected 3"
as_officer retention list --format csv
[ "$(csv_get "$T/out" code prospect-inactive months)" = 36 ] || why "retention list does not show the change"
end

begin "retention set refuses an unknown rule naming the rules, bad months, and reception"
as_officer retention set prospect-inactiv 36
want_rc 1
want_one_line_err
want_err "prospect-inactive, event-participant"
as_officer retention set prospect-inactive 1201
want_rc 2
want_err "0 to 1200"
as_officer retention set prospect-inactive twelve
want_rc 2
as_officer retention set prospect-inactive 12 --on --off
want_rc 2
before=$(denied_count "$RECEPTION")
as_reception retention set prospect-inactive 1
want_rc 1
as_reception retention list
want_rc 1
[ "$(denied_count "$RECEPTION")" -ge $((before + 2)) ] || why "the refusals were not audited"
[ "$(sql "SELECT months FROM retention_rule WHERE code = 'prospect-inactive';")" = 36 ] || why "the rule changed"
end

# --- review keep, review round -------------------------------------------------------

begin "review round open, review keep with a reason, review round show, review round close with its summary"
as_officer review round show
want_rc 0
want_out "No review rounds yet."
as_officer review round open
want_rc 0
want_out "opened"
as_officer review round open
want_rc 1
want_one_line_err
want_err "already open"
as_officer review keep "$JUSSI" --reason 'an open offer, reply due in January'
want_rc 0
want_out "Kept contact #$JUSSI"
reviewed=$(sql "SELECT last_reviewed <> '' FROM contact WHERE id = $JUSSI;")
[ "$reviewed" = 1 ] || why "the review date was not set"
decision=$(sql "SELECT decision || '|' || reason FROM review_decision WHERE contact_id = $JUSSI AND round_id IS NOT NULL;")
[ "$decision" = "keep|an open offer, reply due in January" ] || why "decision: '$decision'"
[ "$(audited review.keep "$JUSSI" "$OFFICER")" = 1 ] || why "no review.keep audit entry"
as_officer review round show
want_out ", still open"
grep -q 'closed' "$T/out" && why "an open round is said to be 'closed': $(cat "$T/out")"
as_officer review round close
want_rc 0
want_out "Annual review of the register"
want_out "kept"
as_officer review round show --format csv
want_rc 0
closed=$(csv_get "$T/out" id 1 closed_at)
[ -n "$closed" ] || why "the round is not closed in the CSV"
summary=$(csv_get "$T/out" id 1 summary)
case $summary in *"Annual review of the register"*) ;; *) why "the CSV has no summary: '$summary'" ;; esac
[ "$(sql "SELECT count(*) FROM audit_entry WHERE action IN ('review.round-open', 'review.round-close');")" = 2 ] ||
	why "opening and closing were not both audited"
as_officer review round close
want_rc 1
want_err "no review round is open"
end

begin "review keep needs a reason; review keep and rounds are the privacy officer's"
as_officer review keep "$JUSSI"
want_rc 2
want_err "--reason is required"
as_officer review keep "$JUSSI" --reason ''
want_rc 1
want_err "reason"
before=$(denied_count "$RECEPTION")
as_reception review keep "$JUSSI" --reason 'I like him'
want_rc 1
as_reception review round open
want_rc 1
as_reception review round show
want_rc 1
[ "$(denied_count "$RECEPTION")" -ge $((before + 3)) ] || why "the refusals were not audited"
[ "$(sql "SELECT count(*) FROM review_round;")" = 1 ] || why "reception opened a round"
end

begin "review with an incomplete verb names the verbs; review erase refuses an unknown rule (exit 1)"
as_officer review round
want_rc 2
want_err "round open, round close, round show"
as_officer review erase --rule no-such-rule --confirm
want_rc 1
want_one_line_err
want_err "relationship-ended"
end

batch_finish

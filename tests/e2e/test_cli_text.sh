#!/bin/sh
# End-to-end tests of decomposed Unicode (NFD, as macOS and some web forms
# send "ä": "a" and a combining diaeresis) in the batch commands (issue 15):
# `contact add` and `org add` store the composed form (NFC), `contact find`
# finds either form, a duplicate is seen across the forms, a CSV import of
# NFD text is stored composed and found, and the Finnish order follows CLDR.
#   sh tests/e2e/test_cli_text.sh      (after: make build-asan/regdesk)
BATCH_SUITE=text
. "$(dirname "$0")/batch_lib.sh"

DB=$(engine_db text "$T")
OFFICER=olli
OFFICER_PW='olli-pass-12345'

as_officer() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$DB" --lang en --password-stdin --user "$OFFICER" "$@"
}

sql() {
	python3 - "$DB" "$1" <<'PY'
import regdesk_db, sqlite3, sys
connection = regdesk_db.connect(sys.argv[1], isolation_level=None, timeout=10)
for row in connection.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

# nfd TEXT: TEXT decomposed; nfc TEXT: composed.
nfd() { python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFD", sys.argv[1]))' "$1"; }
nfc() { python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFC", sys.argv[1]))' "$1"; }

batch_need sqlite3 unicodedata

begin "setup: the officer"
printf '%s\n' "$OFFICER_PW" >"$T/in"
rd --db "$DB" --password-stdin user add --role privacy-officer --commitment-signed 2026-01-05 --full-name 'Olli' "$OFFICER"
want_rc 0
end

AIJA_NFD=$(nfd 'Äijä')
AHTARI_NFD=$(nfd 'Ähtäri')
[ "$AHTARI_NFD" != 'Ähtäri' ] || { echo "not ok - nfd() decomposes"; exit 1; }

begin "contact add with NFD names stores them composed (NFC)"
as_officer contact add --first-name "$AIJA_NFD" --last-name "$AHTARI_NFD" --email "$(nfd 'äijä@esimerkki.fi')" \
	--source person --category customer
want_rc 0
AIJA=$(added)
[ -n "$AIJA" ] || { why "no id"; show_run; }
[ "$(sql "SELECT first_name = 'Äijä' AND last_name = 'Ähtäri' AND email = 'äijä@esimerkki.fi' FROM contact WHERE id = $AIJA")" = 1 ] ||
	why "stored as: $(sql "SELECT hex(first_name), hex(last_name) FROM contact WHERE id = $AIJA")"
end

begin "contact find: the NFD contact is found by the composed, the decomposed and the folded query"
for query in 'Ähtäri' "$AHTARI_NFD" 'ahtari'; do
	as_officer contact find "$query"
	want_rc 0
	want_out "Ähtäri, Äijä"
done
end

begin "a duplicate is seen across the forms: the composed name is refused until confirmed"
as_officer contact add --first-name 'Äijä' --last-name 'Ähtäri' --email 'äijä@esimerkki.fi' --source person \
	--category customer
want_rc 1
want_err "likely duplicates found"
want_err "#$AIJA"
[ "$(sql "SELECT count(*) FROM contact")" = 1 ] || why "a second contact was saved"
end

begin "org add with an NFD name stores it composed; contact find finds its people by it"
as_officer org add --name "$(nfd 'Öljy-Äijälä Oy')"
want_rc 0
ORG=$(sed -n 's/^Added organisation #\([0-9]*\)\..*/\1/p' "$T/out")
[ "$(sql "SELECT name = 'Öljy-Äijälä Oy' FROM organisation WHERE id = ${ORG:-0}")" = 1 ] || why "not stored composed"
as_officer contact add --first-name Ville --last-name Virtanen --organisation "${ORG:-0}" --source person \
	--category customer
want_rc 0
as_officer contact find 'öljy'
want_out "Virtanen, Ville"
end

begin "import contacts: a CSV with NFD text is stored composed and found"
python3 - "$T/nfd.csv" <<'PY'
import sys, unicodedata
rows = ["Etunimi;Sukunimi;Sähköposti;Kaupunki", "Åsa;Söderström;åsa@esimerkki.fi;Mäntsälä",
        "Jörö;Jäärä;jj@esimerkki.fi;Ähtäri"]
rows += ["Testi;%s;;" % name for name in ("Zetterberg", "Mäki-Petäjä", "Mäkinen", "Łukasz", "Luoma", "Lampinen")]
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    for row in rows:
        f.write(unicodedata.normalize("NFD", row) + "\r\n")
PY
grep -q "$(printf 'a\314\210')" "$T/nfd.csv" || why "the fixture is not decomposed"
as_officer import contacts "$T/nfd.csv" --category customer --source person
want_rc 0
want_out "Imported: 8 new contacts"
[ "$(sql "SELECT count(*) FROM contact WHERE (first_name, last_name, city) IN (VALUES ('Åsa', 'Söderström', 'Mäntsälä'), ('Jörö', 'Jäärä', 'Ähtäri'))")" = 2 ] ||
	why "not stored composed: $(sql "SELECT hex(last_name) FROM contact")"
as_officer contact find 'Söderström'
want_out "Söderström, Åsa"
as_officer contact find "$(nfd 'jäärä')"
want_out "Jäärä, Jörö"
end

begin "import contacts: an NFD row matching a composed contact is seen as in the register"
python3 - "$T/again.csv" <<'PY'
import sys, unicodedata
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write("Etunimi;Sukunimi;Sähköposti\r\n" + unicodedata.normalize("NFD", "Äijä;Ähtäri;äijä@esimerkki.fi") + "\r\n")
PY
as_officer import contacts "$T/again.csv" --category customer --source person --dry-run
want_rc 0
want_out "new 0, in the register 1"
end

begin "contact find lists in the CLDR Finnish order (Ł with L, hyphen not counted, Ä after Z)"
as_officer contact find testi --format csv
want_rc 0
order=$(python3 -c 'import csv, sys; print(",".join(r[1].split(",")[0] for r in list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]))' "$T/out" 2>/dev/null)
[ "$order" = "Lampinen,Łukasz,Luoma,Mäkinen,Mäki-Petäjä,Zetterberg" ] || { why "order: $order"; show_run; }
end

batch_finish

#!/bin/sh
# Long work shows progress on the screen (issue 16): the export screen,
# over a register of 96,000 contacts, shows "Exporting: N of 96000 contacts
# (P %), R/s, M:SS left  (Esc cancels)" while it writes; Esc cancels: no
# file, no disclosure recorded (notice §2: no list leaves without its
# record). Runs build-asan/regdesk in tmux (see lib.sh).
#   sh tests/e2e/test_tui_progress.sh
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is not installed"
MAIN_DB=$E2E_TMP/progress.db
PASSWORD=officer-pass-1
FILES=$E2E_TMP/data/regdesk/files

printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 \
	--role privacy-officer --full-name 'Olli Upseeri' olli >/dev/null 2>&1 || die "cannot create the first account"
python3 -c "
print('First name,Last name,Street,Postal code,City')
for i in range(3000):
    print('Aino,Söderström%d,Kunnanmäki %d,63700,Ähtäri' % (i, i))" >"$E2E_TMP/contacts.csv"
printf '%s\n' "$PASSWORD" | cli "$MAIN_DB" --password-stdin --user olli import contacts "$E2E_TMP/contacts.csv" \
	--category customer >/dev/null 2>&1 || die "cannot import the contacts"
printf '%s\n' "$PASSWORD" | cli "$MAIN_DB" --password-stdin --user olli recipient add --name 'Posti Partner Oy' \
	--kind partner --country FI >/dev/null 2>&1 || die "cannot add the recipient"
# 3000 imported, then doubled five times behind the core's back: an export
# takes seconds, not minutes, to make.
columns=$(sqlite3 "$MAIN_DB" "SELECT group_concat(name, ', ') FROM pragma_table_info('contact') WHERE name <> 'id'")
for round in 1 2 3 4 5; do
	sqlite3 "$MAIN_DB" "INSERT INTO contact ($columns) SELECT $columns FROM contact" || die "cannot copy the contacts"
done
[ "$(sqlite3 "$MAIN_DB" 'SELECT count(*) FROM contact')" = 96000 ] || die "the register does not hold 96000 contacts"

disclosures() {
	sqlite3 "$MAIN_DB" 'SELECT count(*) FROM disclosure'
}

# no_export_file: nothing of the export (the file or its .part) in the files folder.
no_export_file() {
	[ -z "$(find "$E2E_TMP/data" -name 'regdesk-postal-mail-*' 2>/dev/null)" ]
}

# export_progress: the last line of the content shows the export's progress,
# whole ("12000 of 96000 contacts") or, when that is too wide, without the unit ("12000/96000").
export_progress() {
	capture
	grep -Eq 'Exporting: [0-9]+( of |/)96000( contacts)? \([0-9]+ %\), [0-9]+/s' "$E2E_SCREEN"
}

log_in() {
	wait_for 'Log in with your personal account.' || return 1
	type_field olli Tab
	type_text "$PASSWORD"
	keys Enter
	wait_for 'Logged in as'
}

DB=progress.db APP_ENV="XDG_DATA_HOME=$E2E_TMP/data" start_app main
check "log in" log_in
check "the export screen opens" menu_open 'Export a list (disclosure)'
check "the export form" wait_for 'F2 shows who would be included'
# The preview only reads (some 400,000 contacts a second): too quick to watch.
keys F2
check "the preview ends with the counts" wait_for 'y writes the file and records the disclosure' 60
keys y
check "writing shows its progress: done of total, the rate" wait_until -t 30 export_progress
check "the line names the work and offers Esc" sh -c "grep -F 'Exporting: ' '$E2E_SCREEN' | grep -qF '(Esc cancels)'"
keys Escape
check "Esc cancels the export and says what was kept" \
	wait_for 'export cancelled: no file was written and nothing was recorded' 30
check "cancelled: no disclosure recorded" [ "$(disclosures)" = 0 ]
check "cancelled: no file and no partial file" no_export_file
check "cancelled: back on the form, the export can be made again" screen_has 'F2 shows who would be included'

finish

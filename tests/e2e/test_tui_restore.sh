#!/bin/sh
# End-to-end tests of the restore on the backups screen (notice §5.3): an
# encrypted backup written from the screen, a change after it, then ^R: the
# newest backups offered, the key, the preview (date, audit head, what is kept
# aside, other desks), a typed confirmation (a wrong word restores nothing),
# and the desk back at the login on the restored register, where the old
# value is seen and `audit verify` reports the restore. A receptionist is
# offered no backups screen and the batch restore refuses them. Runs
# build-asan/regdesk in tmux (see lib.sh); prints "ok - ", "not ok - " per check.
#   sh tests/e2e/test_tui_restore.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/restore.db
OFFICER_PASSWORD=officerpass1
RITA_TEMPORARY=temporarypass1
RITA_PASSWORD=receptionpass1
LOGIN_TEXT='Log in with your personal account.'
APP_HOME=$E2E_TMP/home
mkdir -p "$APP_HOME" || die "cannot make $APP_HOME"
APP_ENV="HOME=$APP_HOME"
KEY=$E2E_TMP/backup.key
BACKUP=$APP_HOME/regdesk-backup-$(TZ=Europe/Helsinki date +%Y-%m-%d).db

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field "$1" Tab
	type_text "$2"
	keys Enter
}

# shown_joined TEXT: the last capture shows TEXT, perhaps wrapped over lines.
shown_joined() {
	tr '\n' ' ' <"$E2E_SCREEN" | tr -s ' ' | grep -qF -- "$1"
}

title_is() {
	[ "$(screen_line 2)" = " $1" ]
}

wait_title() {
	wait_until title_is "$1"
}

# --- the register -----------------------------------------------------------

printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 \
	--role privacy-officer --full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$RITA_TEMPORARY" | cli "$MAIN_DB" --user olli --password-stdin \
	user add --commitment-signed 2020-01-02 --role reception --full-name 'Rita Reception' rita >/dev/null ||
	die "cannot create the receptionist"
printf '%s\n%s\n' "$RITA_TEMPORARY" "$RITA_PASSWORD" | cli "$MAIN_DB" --user rita --password-stdin user passwd rita \
	>/dev/null || die "cannot change the receptionist's temporary password"
CONTACT_ID=$(as_officer contact add --first-name Åsa --last-name Söderström --email asa@example.fi --category customer |
	sed -n 's/^Added contact #\([0-9][0-9]*\)\.$/\1/p')
[ -n "$CONTACT_ID" ] || die "cannot add the contact"
cli "$MAIN_DB" backup --make-key "$KEY" >/dev/null || die "cannot make the backup key"

# ---------------------------------------------------------------------------
# 1. An encrypted backup from the screen, then a change after it.
DB=restore.db
start_app office
log_in olli "$OFFICER_PASSWORD"
t_backup() {
	menu_open 'Backups and integrity' || return 1
	wait_title 'Backups and integrity' || return 1
	wait_for '^R restores the register from a backup' || return 1
	keys Tab
	type_text "$KEY"
	keys F2
	wait_for 'Written encrypted and checked' || return 1
	[ "$(head -c 16 "$BACKUP")" = REGDESK-BACKUP-1 ] || { note "$BACKUP is not encrypted"; return 1; }
}
check "backups: F2 with the key writes an encrypted backup; the screen offers ^R restore" t_backup
as_officer contact edit "$CONTACT_ID" --last-name Sundström >/dev/null || note "contact edit failed"
as_officer contact show "$CONTACT_ID" | grep -qF Sundström || note "the change did not take"

# ---------------------------------------------------------------------------
# 2. ^R: the newest backups, the key, the preview.
t_list() {
	keys C-r
	wait_title 'Restore from a backup' || return 1
	wait_for "The newest backups in $APP_HOME:" || return 1
	wait_for "regdesk-backup-$(TZ=Europe/Helsinki date +%Y-%m-%d).db" && shown 'encrypted'
}
check "restore: ^R lists the newest backups in the backup folder, the encrypted one marked" t_list

t_needs_key() {
	keys Enter
	wait_for 'Backup file' || return 1
	keys F2
	wait_until shown_joined 'is encrypted: give its key file or passphrase file'
}
check "restore: an encrypted backup without its key is refused with what to give" t_needs_key

t_preview() {
	type_text "$KEY"   # Enter on a listed backup left the cursor in the key file field
	keys F2
	wait_for 'Its audit trail ends at entry #' || return 1
	shown 'encrypted.' && shown 'audit head:' && shown 'It is kept aside, whole, as' &&
		shown "restore.db.replaced-<date and time>" && shown 'Close regdesk on every other desk first' &&
		shown 'Type restore to confirm'
}
check "restore: the preview shows the backup's date, its audit head, what is kept aside, other desks" t_preview

t_head_matches() {
	e2e_head=$(cut -d' ' -f2 "$BACKUP.audit-head")
	shown "$e2e_head" || { note "the head file names $e2e_head: $(cat "$BACKUP.audit-head")"; return 1; }
}
check "restore: the audit head shown is the one written beside the backup" t_head_matches

t_wrong_word() {
	type_text 'yes'
	keys Enter
	wait_for 'Not restored: type restore to confirm.' || return 1
	as_officer contact show "$CONTACT_ID" | grep -qF Sundström
}
check "restore: a wrong confirmation restores nothing" t_wrong_word

# ---------------------------------------------------------------------------
# 3. The restore: back at the login on the restored register.
t_restore() {
	keys C-u
	type_text 'restore'
	keys Enter
	wait_for 'Restored from the backup; log in again.' || return 1
	wait_for "$LOGIN_TEXT" || return 1
	ls "$MAIN_DB".replaced-* >/dev/null 2>&1 || { note "nothing kept aside"; return 1; }
}
check "restore: typed 'restore' restores, keeps the replaced register and returns to the login" t_restore

t_old_value() {
	log_in olli "$OFFICER_PASSWORD" || return 1
	wait_for 'Logged in as Olli Officer' || return 1
	menu_open 'Contacts' || return 1
	wait_for 'Söderström' || return 1
	not_shown 'Sundström'
}
check "restore: logged in again, the contact has its value from the backup" t_old_value

t_audit_verify() {
	as_officer audit verify >"$E2E_TMP/verify.txt" 2>&1
	grep -qF 'restored from a backup; entries #' "$E2E_TMP/verify.txt" ||
		{ note "audit verify said:"; sed 's/^/#   /' "$E2E_TMP/verify.txt"; return 1; }
}
check "restore: 'regdesk audit verify' reports the restore" t_audit_verify
keys Escape
wait_for 'Logged in as Olli Officer'
keys q

# ---------------------------------------------------------------------------
# 4. Not for a receptionist: no backups screen, and the batch command refuses.
start_app reception
log_in rita "$RITA_PASSWORD"
t_reception() {
	wait_for 'Logged in as Rita Reception' || return 1
	not_shown 'Backups and integrity'
}
check "restore: a receptionist's menu offers no backups screen" t_reception
t_reception_cli() {
	! printf '%s\n' "$RITA_PASSWORD" | cli "$MAIN_DB" --user rita --password-stdin restore "$BACKUP" --key-file "$KEY" \
		>/dev/null 2>"$E2E_TMP/rita.err" || { note "rita restored"; return 1; }
	grep -qi 'permission\|not permitted\|privacy officer' "$E2E_TMP/rita.err" ||
		{ note "said: $(cat "$E2E_TMP/rita.err")"; return 1; }
}
check "restore: 'regdesk restore' refuses a receptionist" t_reception_cli
keys q

finish

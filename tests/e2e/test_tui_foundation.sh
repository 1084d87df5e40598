#!/bin/sh
# End-to-end tests of the terminal interface's foundation: first run, login,
# lockout, forced password change, lock and unlock (also when idle), resize,
# too small a window, help, control characters, NO_COLOR, language, quit,
# the audit trail screen and the users screen. Runs build-asan/regdesk in
# tmux (see lib.sh); prints "ok - ", "not ok - " or "skip - " per check.
#   sh tests/e2e/test_tui_foundation.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/main.db
OFFICER=asa
OFFICER_NAME='Åsa Söderström-Ähtäri'
OFFICER_PASSWORD=officerpass1
PEKKA_NAME='Pekka Päätalo'
PEKKA_TEMPORARY=userpass123
PEKKA_PASSWORD=pekkanew12345
LAURI_NAME='Lauri Lukkonen'
LAURI_PASSWORD=lauripass123
LOGIN_TEXT='Log in with your personal account.'
FIRST_RUN_TEXT='Create the first privacy officer: a personal account'
MESSAGE_LINE=23           # rows - 2 at 80x24
HAVE_SQLITE=false
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE=true
[ "$ENGINE" = postgresql ] && HAVE_SQLITE=true   # engine_sql runs psql there

# The batch command line as the officer (password on standard input).
as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user "$OFFICER" --password-stdin "$@"
}

# sql FILE SQL: the rows of SQL on the register the suite calls FILE (either engine).
sql() {
	engine_sql "$(e2e_db "$1")" "$2"
}

# log_in USER PASSWORD: on the login screen.
log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field "$1" Tab
	type_text "$2"
	keys Enter
}

# reason_has FIELD TEXT: the whole reason under the form, for the focused
# field FIELD, contains TEXT (in the last capture).
reason_has() {
	grep -F -- "  $1: " "$E2E_SCREEN" | grep -qF -- "$2"
}


# The Action cells of the audit list's rows in the last capture, found by the
# header's columns (every column before Action is ASCII).
audit_actions() {
	awk '
		/ # .*Action .*Record/ { from = index($0, "Action"); to = index($0, "Record"); next }
		from && substr($0, 1, 6) ~ /^ *[0-9]+$/ { print substr($0, from, to - from) }' "$E2E_SCREEN"
}

# The data rows of the users list (after the header row) in the last capture.
users_rows() {
	sed -n '/Username  *Full name  *Role  *Commitment  *State/,$p' "$E2E_SCREEN" | sed '1d' | sed -n "1,$((MESSAGE_LINE - 5))p"
}

# ---------------------------------------------------------------------------
# 1. First run on an empty database.
DB=main.db
start_app first

check "first run: an empty database shows the first-run form" \
	wait_until shown "$FIRST_RUN_TEXT"

# At 80 columns the hint wraps: the password rule is not cut off.
check "first run: the password rule is shown whole at 80 columns" \
	shown 'password needs 10 characters, not the username.'

type_field "$OFFICER" Tab
type_field "$OFFICER_NAME" Tab
type_field 5.1.2026 Tab
type_field short Tab
type_text short
keys F2
t_short_password_refused() {
	wait_until reason_has Password 'at least 10 characters' || return 1
	shown "$FIRST_RUN_TEXT" || return 1
	if $HAVE_SQLITE; then
		[ "$(sql "$MAIN_DB" 'SELECT count(*) FROM account')" = 0 ]
	fi
}
check "first run: a too-short password is refused at the form with the reason" t_short_password_refused

# Focus is on the first password now: fix it, then mistype the second.
keys C-u
type_field "$OFFICER_PASSWORD" Tab
keys C-u
type_text officerpass2
keys F2
t_mismatch_refused() {
	wait_until reason_has 'Password again' 'differ' || return 1
	shown "$FIRST_RUN_TEXT" || return 1
	if $HAVE_SQLITE; then
		[ "$(sql "$MAIN_DB" 'SELECT count(*) FROM account')" = 0 ]
	fi
}
check "first run: differing passwords are refused at the form" t_mismatch_refused

keys C-u
type_text "$OFFICER_PASSWORD"
keys Enter
t_first_officer_created() {
	wait_for 'Logged in as' || return 1
	line_has 4 "  Logged in as $OFFICER_NAME, privacy officer." || return 1
	shown "User: $OFFICER (privacy officer)" || return 1
	shown '  Users and roles' && shown '  Audit trail' && shown '  Change my password' &&
		shown '  Lock the screen' && shown '  Log out' && shown '  Quit'
}
check "first run: valid input creates the officer; main menu shows name, role and officer entries" \
	t_first_officer_created

t_finnish_stored_exactly() {
	if $HAVE_SQLITE; then
		e2e_stored=$(sql "$MAIN_DB" "SELECT full_name FROM account WHERE username = '$OFFICER'")
	else
		e2e_stored=$(as_officer user list --format csv | sed -n "s/^\"$OFFICER\",\"\\([^\"]*\\)\".*/\\1/p")
	fi
	[ "$e2e_stored" = "$OFFICER_NAME" ] || { note "stored: '$e2e_stored'"; return 1; }
}
check "first run: Finnish letters are stored exactly (UI -> database)" t_finnish_stored_exactly

# 8. Help.
keys '?'
t_help() {
	wait_for 'Help: keys' || return 1
	line_has 2 'Help: keys' && shown 'Show the keys of regdesk'
}
check "help: '?' shows the keys generated from the action table" t_help
keys End
t_help_last_marker() {
	# The last row is a marker, not a key: its own text under the list
	# (the selected row's help read past the key table and crashed).
	wait_for 'H: erased but held by law: restricted, used for nothing' || return 1
	line_has 2 'Help: keys'
}
check "help: End selects the last marker; its text is shown whole under the list, no crash" t_help_last_marker
keys Escape
check "help: Esc returns to the main menu" wait_for "Logged in as $OFFICER_NAME"

# 12. Quit.
keys q
t_quit() {
	wait_exit || { note "still running after q"; return 1; }
	[ "$(app_exit_status)" = 0 ] || { note "exit status $(app_exit_status)"; return 1; }
	terminal_restored
}
check "quit: q on the main menu exits with status 0 and restores the terminal" t_quit

# ---------------------------------------------------------------------------
# Users for the next tests, through the batch command line.
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$PEKKA_TEMPORARY" | cli "$MAIN_DB" --user "$OFFICER" --password-stdin \
	user add --commitment-signed 2020-01-02 --role reception --full-name "$PEKKA_NAME" pekka >/dev/null
printf '%s\n%s\n' "$OFFICER_PASSWORD" "$LAURI_PASSWORD" | cli "$MAIN_DB" --user "$OFFICER" --password-stdin \
	user add --commitment-signed 2020-01-02 --role reception --full-name "$LAURI_NAME" lauri >/dev/null

# 9. Control characters: the core refuses them in a full name.
t_control_characters_refused() {
	evil_name=$(printf 'Evil\033[2JName')
	printf '%s\n%s\n' "$OFFICER_PASSWORD" evilpass1234 | cli "$MAIN_DB" --user "$OFFICER" --password-stdin \
		user add --commitment-signed 2020-01-02 --full-name "$evil_name" evil >"$E2E_TMP/evil.out" 2>&1
	e2e_status=$?
	[ "$e2e_status" = 1 ] || { note "exit status $e2e_status"; return 1; }
	grep -q 'control characters are not allowed' "$E2E_TMP/evil.out" || return 1
	! as_officer user list | grep -q '^evil '
}
check "control characters: a full name with an escape sequence is refused (exit 1)" t_control_characters_refused

# ---------------------------------------------------------------------------
# 2. Restart on the same database: login, not first run.
start_app login
t_login_screen() {
	wait_for "$LOGIN_TEXT" && not_shown 'Create the first privacy officer'
}
check "restart: the login screen appears, not the first-run form" t_login_screen

log_in "$OFFICER" wrongpassword99
check "login: a wrong password shows 'Login failed'" wait_for 'Login failed'
WRONG_PASSWORD_MESSAGE=$(screen_line $MESSAGE_LINE)

keys BTab C-u
type_field nosuchuser Tab
type_text wrongpassword99
wait_gone 'Login failed'
keys Enter
t_unknown_user_same_message() {
	wait_for 'Login failed' || return 1
	e2e_message=$(screen_line $MESSAGE_LINE)
	if [ "$e2e_message" != "$WRONG_PASSWORD_MESSAGE" ]; then
		note "wrong password: '$WRONG_PASSWORD_MESSAGE'"
		note "unknown user:   '$e2e_message'"
		return 1
	fi
	not_shown 'Logged in as'
}
check "login: an unknown username gets the identical message" t_unknown_user_same_message

# 3. Lockout after five failures.
keys BTab C-u
type_field lauri Tab
t_five_failures() {
	for e2e_attempt in 1 2 3 4 5; do
		type_text "wrongpassword$e2e_attempt"
		wait_gone 'Login failed' || return 1
		keys Enter
		wait_for 'Login failed' || return 1
	done
}
check "lockout: five wrong passwords are refused" t_five_failures
type_text "$LAURI_PASSWORD"
wait_gone 'Login failed'
keys Enter
t_locked_refuses_right_password() {
	wait_for 'Login failed' || return 1
	sleep 0.3
	capture
	not_shown 'Logged in as' && not_shown 'Change my password' && shown "$LOGIN_TEXT"
}
check "lockout: then the right password is refused too" t_locked_refuses_right_password
t_lockout_audited() {
	as_officer audit list --format csv >"$E2E_TMP/audit.csv" || return 1
	grep -q '"lauri","account.locked"' "$E2E_TMP/audit.csv" &&
		grep -q '"lauri","login.refused-locked"' "$E2E_TMP/audit.csv"
}
check "lockout: the audit trail has account.locked and the refused login" t_lockout_audited

# 4. Forced password change at first login.
keys BTab C-u
type_field pekka Tab
type_text "$PEKKA_TEMPORARY"
wait_gone 'Login failed'
keys Enter
t_forced_change_screen() {
	wait_until line_has 2 'Change my password' || return 1
	# The current password is not asked: the temporary one was just given.
	wait_for 'New password again' && not_shown 'Current password' && not_shown 'Logged in as'
}
check "forced change: the temporary password leads to 'Change my password'" t_forced_change_screen
type_field "$PEKKA_PASSWORD" Tab
type_text "$PEKKA_PASSWORD"
keys Enter
t_reception_menu() {
	wait_for "Logged in as $PEKKA_NAME, reception." || return 1
	shown 'Password changed.' && shown '  Change my password' &&
		not_shown 'Users and roles' && not_shown 'Audit trail'
}
check "forced change: lands on the main menu; reception sees no users or audit entries" t_reception_menu
t_new_password_works() {
	# The batch login with the new password passes (whatever pekka's role may
	# then do), and the account no longer has to change its password.
	printf '%s\n' "$PEKKA_PASSWORD" | cli "$MAIN_DB" --user pekka --password-stdin audit verify \
		>"$E2E_TMP/pekka.out" 2>&1
	if grep -q 'Login failed' "$E2E_TMP/pekka.out"; then
		note "the new password is refused"
		return 1
	fi
	as_officer user list --format csv | grep '^"*pekka"*,' | grep -q ',"*active"*,'
}
check "forced change: the new password is the one stored" t_new_password_works

# 10. NO_COLOR (with the colour session above as the control).
capture_escapes "$E2E_TMP/colour.txt"
APP_ENV=NO_COLOR=1
start_app nocolor
APP_ENV=
COLOUR_SGR=$(printf '\033')'\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m'
t_no_color() {
	wait_for "$LOGIN_TEXT" || return 1
	capture_escapes "$E2E_TMP/nocolor.txt"
	grep -Eq "$COLOUR_SGR" "$E2E_TMP/colour.txt" || { note "control run shows no colour"; return 1; }
	! grep -Eq "$COLOUR_SGR" "$E2E_TMP/nocolor.txt" && grep -q "$(printf '\033')\[7m" "$E2E_TMP/nocolor.txt"
}
check "NO_COLOR=1: starts, shows the login screen, monochrome (reverse video, no colours)" t_no_color
stop_app nocolor

# 11. Finnish interface.
FI_LOGIN=$(awk '
	/^msgid "Log in with your personal account\."$/ { found = 1; next }
	found && /^msgstr / { sub(/^msgstr "/, ""); sub(/"$/, ""); print; exit }
	/^$/ { found = 0 }' data/po/fi.po 2>/dev/null)
if [ -n "$FI_LOGIN" ]; then
	LANG_OPTION=fi
	start_app finnish
	LANG_OPTION=en
	check "--lang fi: the login screen is in Finnish" wait_for "$FI_LOGIN"
	stop_app finnish
else
	skip "--lang fi: the login screen is in Finnish" "data/po/fi.po has no translation of the login screen yet"
fi

# ---------------------------------------------------------------------------
# 13. Audit trail screen, as the officer.
start_app officer
log_in "$OFFICER" "$OFFICER_PASSWORD"
menu_open 'Audit trail'
t_audit_screen() {
	wait_for 'Time (UTC)' || return 1
	line_has 2 'Audit trail' || return 1
	audit_actions | grep -q '^login '
}
check "audit screen: lists entries, 'login' among them" t_audit_screen
keys v
t_audit_verify() {
	wait_for 'Audit trail intact' || return 1
	AUDIT_TOTAL=$(sed -n "${MESSAGE_LINE}s/.*intact: \\([0-9]*\\) entries.*/\\1/p" "$E2E_SCREEN")
	[ -n "$AUDIT_TOTAL" ]
}
check "audit screen: 'v' verifies the hash chain: 'Audit trail intact'" t_audit_verify
keys /
wait_for 'Action starts with'
keys Tab
type_text login
keys Enter
t_audit_filter() {
	wait_until line_has $MESSAGE_LINE ' entries.' || return 1
	e2e_count=$(sed -n "${MESSAGE_LINE}s/^ *\\([0-9]*\\) entries\\..*/\\1/p" "$E2E_SCREEN")
	audit_actions >"$E2E_TMP/actions.txt"
	[ -s "$E2E_TMP/actions.txt" ] || { note "no rows after filtering"; return 1; }
	if grep -v '^login' "$E2E_TMP/actions.txt" >/dev/null; then
		note "rows not starting with login:"; grep -v '^login' "$E2E_TMP/actions.txt" | sed 's/^/#   /'
		return 1
	fi
	[ -n "$e2e_count" ] && [ "$e2e_count" -lt "${AUDIT_TOTAL:-0}" ] ||
		{ note "filtered $e2e_count of ${AUDIT_TOTAL:-?}"; return 1; }
	if $HAVE_SQLITE; then
		e2e_expected=$(sql "$MAIN_DB" "SELECT count(*) FROM audit_entry WHERE substr(action, 1, 5) = 'login'")
		[ "$e2e_count" = "$e2e_expected" ] || { note "filtered $e2e_count, database has $e2e_expected"; return 1; }
	fi
}
check "audit screen: '/' filter by action 'login' shows only login* entries" t_audit_filter
keys Escape
wait_for "Logged in as $OFFICER_NAME"

# 14. Users screen: add through the form, then deactivate.
if $HAVE_SQLITE; then
	# A row that did not come through the core (an import, an older version):
	# its control characters must be drawn inert.
	# SQLite's char() is PostgreSQL's chr().
	char=char
	[ "$ENGINE" = postgresql ] && char=chr
	sql "$MAIN_DB" "INSERT INTO account (username, full_name, role, password_hash, created_at)
		VALUES ('legacy', 'Evil' || $char(27) || '[2JName' || $char(155) || '31m', 'reception', '!', '2026-01-01T00:00:00Z')"
fi
menu_open 'Users and roles'
check "users screen: lists the accounts" wait_for "$PEKKA_NAME"
if $HAVE_SQLITE; then
	t_inert_display() {
		# The name column holds 21 characters since the commitment date has its
		# own: the 21st is the "…" of the cut (issue 16).
		shown 'Evil^[[2JName<U+009B…' && line_has 4 'Username' && shown "$LAURI_NAME"
	}
	check "control characters: a stored name is drawn inert (^[ and <U+009B>), the screen intact" t_inert_display
else
	skip "control characters: a stored name is drawn inert" "sqlite3 is not installed"
fi
keys a
wait_for 'A personal account, with the date its confidentiality'
type_field maija Tab
type_field 'Maija Meikäläinen' Tab
keys Right Tab
type_field 3.2.2025 Tab
type_field maijatemp123 Tab
type_text maijatemp123
keys Enter
t_user_added() {
	wait_for 'Added maija.' || return 1
	users_rows | grep -F ' maija ' | grep -F ' Maija Meikäläinen ' | grep -qF ' trainer '
}
check "users screen: a user added with 'a' (role trainer by Right arrow) is listed" t_user_added
t_user_must_change() {
	users_rows | grep -F ' maija ' | grep -qF ' temporary password'
}
check "users screen: the new user's state reads 'temporary password'" t_user_must_change
t_user_commitment_listed() {
	users_rows | grep -F ' maija ' | grep -qF ' 2025-02-03 '
}
check "users screen: the commitment date given on the form is listed (notice §5.1)" t_user_commitment_listed
t_deactivate() {
	e2e_index=$(users_rows | grep -n ' maija ' | cut -d: -f1)
	[ -n "$e2e_index" ] || return 1
	keys g
	e2e_step=1
	while [ "$e2e_step" -lt "$e2e_index" ]; do
		keys Down
		e2e_step=$((e2e_step + 1))
	done
	keys d
	wait_for 'Deactivate maija?' || return 1
	keys y
	wait_for 'maija deactivated.' || return 1
	users_rows | grep -F ' maija ' | grep -qF 'deactivated'
}
check "users screen: 'd' then 'y' deactivates the selected user" t_deactivate

# 5. Lock and unlock, on the users screen.
capture "$E2E_TMP/before-lock.txt"
keys C-l
t_locked() {
	wait_for 'The screen is locked' || return 1
	not_shown pekka && not_shown "$PEKKA_NAME" && not_shown maija && not_shown lauri && not_shown 'Full name'
}
check "lock: Ctrl-L shows 'The screen is locked' and nothing of the register" t_locked
type_text wrongpassword1
keys Enter
t_wrong_unlock() {
	wait_for 'Wrong password' || return 1
	shown 'The screen is locked' && not_shown "$PEKKA_NAME" && not_shown maija
}
check "lock: a wrong password keeps it locked" t_wrong_unlock
type_text "$OFFICER_PASSWORD"
keys Enter
t_unlocked_same_screen() {
	wait_for "$PEKKA_NAME" || return 1
	# The same screen as before, message line aside.
	sed "${MESSAGE_LINE}d" "$E2E_TMP/before-lock.txt" >"$E2E_TMP/before.cmp"
	sed "${MESSAGE_LINE}d" "$E2E_SCREEN" >"$E2E_TMP/after.cmp"
	if ! cmp -s "$E2E_TMP/before.cmp" "$E2E_TMP/after.cmp"; then
		diff "$E2E_TMP/before.cmp" "$E2E_TMP/after.cmp" | sed 's/^/#   /'
		return 1
	fi
}
check "lock: the right password returns to the very same screen" t_unlocked_same_screen
keys F12
wait_for 'The screen is locked'
keys F10
t_f10_logs_out() {
	wait_for "$LOGIN_TEXT" && not_shown 'The screen is locked' && not_shown "User: $OFFICER"
}
check "lock: F12 locks too, and F10 on the lock screen logs out" t_f10_logs_out

# ---------------------------------------------------------------------------
# 6 and 7. Resize mid-form and too small a window (a fresh database).
DB=resize.db
start_app resize
wait_for "$FIRST_RUN_TEXT"
type_field ville Tab
type_field 'Ville Vähäkäinen' Tab
type_field 2026-01-05 Tab
t_typed_text_kept() {
	field_has Username ville && field_has 'Full name' 'Ville Vähäkäinen'
}
resize 100 30
t_resized_large() {
	wait_until line_has 30 'Tab next field' && t_typed_text_kept
}
check "resize: at 100x30 the form is redrawn with the typed text" t_resized_large
resize 80 24
t_resized_back() {
	wait_until line_has 24 'Tab next field' && t_typed_text_kept
}
check "resize: back at 80x24 the typed text is still there" t_resized_back
type_field villepass123 Tab
type_text villepass123
wait_until shown '************'

resize 79 23
t_too_small() {
	wait_for 'Enlarge the window to at least 80x24 (now 79x23).' || return 1
	not_shown 'Ville' && not_shown "$FIRST_RUN_TEXT"
}
check "too small: 79x23 shows the 'Enlarge the window' notice instead of the screen" t_too_small
t_too_small_each_way() {
	resize 80 23
	wait_for '(now 80x23)' || return 1
	resize 79 24
	wait_for '(now 79x24)'
}
check "too small: 80x23 and 79x24 show the notice too" t_too_small_each_way
resize 80 24
t_grown_back() {
	wait_for "$FIRST_RUN_TEXT" || return 1
	not_shown 'Enlarge the window' && t_typed_text_kept &&
		field_has Password '************' && field_has 'Password again' '************'
}
check "too small: growing back to 80x24 shows the form again, nothing lost" t_grown_back
keys Enter
check "resize: the form resized mid-way still saves" \
	wait_for 'Logged in as Ville Vähäkäinen, privacy officer.'

# ---------------------------------------------------------------------------
# 5 (continued). The idle lock: lock_idle_minutes takes fractions, so 0.1 is
# 6 seconds.
IDLE_DB=$E2E_TMP/idle.db
printf 'idlepass123\n' | cli "$IDLE_DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer \
	--full-name 'Iida Idle' iida >/dev/null
printf 'idlepass123\n' | cli "$IDLE_DB" --user iida --password-stdin setting set lock_idle_minutes 0.1 >/dev/null
DB=idle.db
start_app idle
log_in iida idlepass123
menu_open 'Users and roles'
wait_for 'Full name'
IDLE_SINCE=$(date +%s)
t_idle_lock() {
	wait_for 'The screen is locked' 20 || return 1
	e2e_idle=$(( $(date +%s) - IDLE_SINCE ))
	[ "$e2e_idle" -ge 5 ] || { note "locked after $e2e_idle s, expected 6"; return 1; }
	not_shown 'Full name' || return 1
	printf 'idlepass123\n' | cli "$IDLE_DB" --user iida --password-stdin audit list --format csv |
		grep -q '"iida","session.lock-idle"'
}
check "idle lock: after lock_idle_minutes (0.1 = 6 s) without input the screen locks (audited)" t_idle_lock
type_text idlepass123
keys Enter
check "idle lock: the password unlocks it, back on the users screen" wait_for 'Full name'

# ---------------------------------------------------------------------------
# Settings (privacy officer): a value the core refuses is refused at the form
# with the reason; a good one is saved, audited and applies at once.
printf 'idlepass123\n' | cli "$IDLE_DB" --user iida --password-stdin setting set lock_idle_minutes 10 >/dev/null
keys Escape
menu_open 'Settings'
check "settings: the screen lists the idle lock, the supervisory authority and whether reports name staff" \
	eval "wait_for 'Lock after idle minutes' && shown 'Supervisory authority' && shown 'Controller' && shown 'Reports name staff'"
keys C-u
type_text 'ten'
keys Tab
check "settings: 'ten' minutes is refused at the field with the reason" wait_for '0 to 480'
keys BTab C-u
type_text '0,2'
keys F2
SETTING_SINCE=$(date +%s)   # the last key: the idle time counts from here
check "settings: F2 saves the idle lock of 0,2 minutes (Finnish decimal comma)" wait_for 'Settings saved: 1 changed.'
t_setting_audited() {
	printf 'idlepass123\n' | cli "$IDLE_DB" --user iida --password-stdin setting list | grep -q '^lock_idle_minutes *0,2' &&
		printf 'idlepass123\n' | cli "$IDLE_DB" --user iida --password-stdin audit list --format csv |
		grep '"iida","setting.change"' | grep -q 'lock_idle_minutes'
}
check "settings: the new value is stored and the change is in the audit trail" t_setting_audited
t_new_idle_lock() {
	wait_for 'The screen is locked' 20 || return 1
	e2e_idle=$(( $(date +%s) - SETTING_SINCE ))
	[ "$e2e_idle" -ge 10 ] || { note "locked after $e2e_idle s, expected 12"; return 1; }
}
check "settings: the new idle limit (12 s) applies without restarting" t_new_idle_lock

# ---------------------------------------------------------------------------
# 10. The confidentiality commitment (notice §5.1) of accounts made before
# the date was kept: a reception user without it cannot log in; a privacy
# officer without it is asked for it at login, before anything else.
stop_app idle 2>/dev/null
sql "$MAIN_DB" "UPDATE account SET commitment_signed_on = NULL WHERE username IN ('$OFFICER', 'pekka')"
DB=main.db
start_app commitment
log_in pekka "$PEKKA_PASSWORD"
t_reception_refused() {
	wait_for 'no confidentiality commitment recorded' && not_shown 'Logged in as' && shown "$LOGIN_TEXT"
}
check "commitment: a reception account without the date cannot log in" t_reception_refused
keys BTab C-u
type_field "$OFFICER" Tab
type_text "$OFFICER_PASSWORD"
wait_gone 'no confidentiality commitment'
keys Enter
t_officer_asked() {
	wait_for 'signed the confidentiality commitment' && shown 'Commitment signed' &&
		shown 'Enter the date you signed the confidentiality commitment'
}
check "commitment: an officer without the date is asked for it at login" t_officer_asked
type_text 2099-01-01
keys Enter
check "commitment: a date after today is refused with the reason" wait_for 'cannot be signed after today'
keys C-u
type_text 12.1.2026
keys Enter
t_officer_recorded() {
	wait_for "Logged in as $OFFICER_NAME" || return 1
	[ "$(sql "$MAIN_DB" "SELECT commitment_signed_on FROM account WHERE username = '$OFFICER'")" = 2026-01-12 ]
}
check "commitment: the officer's date is recorded and the main menu opens" t_officer_recorded
menu_open 'Users and roles'
t_no_date_listed() {
	wait_for 'Commitment' && users_rows | grep -F ' pekka ' | grep -qF ' no date '
}
check "commitment: the users screen shows pekka without a date" t_no_date_listed
finish

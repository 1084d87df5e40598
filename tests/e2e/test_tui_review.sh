#!/bin/sh
# End-to-end tests of the annual review (notice §4.1) and the backups screen
# (notice §5.3): the review queue with each record's reason, opening a round,
# keeping a record with a reason, erasing everyone due under a retention rule
# (typed confirmation: a wrong text erases nothing), closing the round with
# its summary, the past rounds; a checked backup (also encrypted) with its SHA-256 and the
# database check. Runs build-asan/regdesk in tmux (see lib.sh); prints "ok - ",
# "not ok - " or "skip - " per check.
#   sh tests/e2e/test_tui_review.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/review.db
OFFICER_PASSWORD=officerpass1
LOGIN_TEXT='Log in with your personal account.'
APP_HOME=$E2E_TMP/home
mkdir -p "$APP_HOME" || die "cannot make $APP_HOME"
APP_ENV="HOME=$APP_HOME"
LIST_FIRST_LINE=6          # the queue's first row at 80x24 (content_top + 2, 1-based)
RULE=relationship-ended    # the rule a relationship that ended in 2020 is due under (6 months)
YEAR=$(TZ=Europe/Helsinki date +%Y)

# --- helpers ----------------------------------------------------------------

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

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

row_has() {
	grep -F -- "$1" "$E2E_SCREEN" | grep -qF -- "$2"
}

# menu_has ITEM: the main menu of the last capture shows the entry ITEM (a
# cell of its own: the menu may have columns or a panel beside it).
menu_has() {
	awk -F '  +' -v item="$1" '
		{ for (i = 1; i <= NF; i++) if ($i == item) found = 1 }
		END { exit !found }' "$E2E_SCREEN"
}

# queue_has NAME REASON: a row of the review queue names NAME with REASON.
queue_has() {
	sed -n "$LIST_FIRST_LINE,22p" "$E2E_SCREEN" | grep -F -- " $1 " | grep -qF -- "$2"
}

queue_lacks() {
	! sed -n "$LIST_FIRST_LINE,22p" "$E2E_SCREEN" | grep -qF -- " $1 "
}

# select_queue NAME: selects NAME's row in the queue.
select_queue() {
	wait_until queue_has "$1" '' || return 1
	down_to "$(line_of " $1 ")" "$LIST_FIRST_LINE"
}

# The review screen's first line (its status), as captured.
status_line() {
	screen_line 4
}

has() {
	grep -qF -- "$2" "$1" || { note "not found: '$2'"; return 1; }
}

# contact_exists ID: "contact show ID" finds the contact.
contact_exists() {
	as_officer contact show "$1" >/dev/null 2>&1
}

# --- the register -----------------------------------------------------------

printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 --role privacy-officer \
	--full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
ENDED_ID=$(new_contact --first-name Eino --last-name Eronnut --email eino.eronnut@example.fi --category customer)
PROSPECT_ID=$(new_contact --first-name Pia --last-name Prospekti --email pia.p@example.fi --category prospect)
KEEP_ID=$(new_contact --first-name Kaisa --last-name Kuukkeli --email kaisa.k@example.fi --category customer)
[ -n "$ENDED_ID" ] && [ -n "$PROSPECT_ID" ] && [ -n "$KEEP_ID" ] || die "cannot add the fixture contacts"
as_officer contact end "$ENDED_ID" --date 2020-01-01 >/dev/null || die "cannot end the relationship"

# ---------------------------------------------------------------------------
# 1. The queue.
DB=review.db
start_app office
log_in olli "$OFFICER_PASSWORD"
wait_for 'Logged in as Olli Officer'
t_queue() {
	menu_open 'Annual review and retention' || return 1
	wait_title 'Annual review' || return 1
	wait_until queue_has 'Eronnut, Eino' 'due under a retention rule' || return 1
	queue_has 'Prospekti, Pia' 'never reviewed' && queue_has 'Kuukkeli, Kaisa' 'never reviewed' &&
		status_line | grep -qF '3 in the queue, 1 due under a rule.'
}
check "review: the queue lists each record with its reason ('due under a retention rule', 'never reviewed')" t_queue
t_queue_rule_shown() {
	queue_has 'Eronnut, Eino' "$RULE" || { note "row: $(grep -F 'Eronnut, Eino' "$E2E_SCREEN")"; return 1; }
}
check "review: at 80 columns the due row shows its rule ($RULE)" t_queue_rule_shown

keys R
t_round_open() {
	wait_for 'Review round opened' && wait_until shown 'A round is open'
}
check "R: opens the review round" t_round_open

# 2. Keep one, with a reason.
select_queue 'Kuukkeli, Kaisa'
keys K
t_keep() {
	wait_for 'Keep the record: why is it still needed?' || return 1
	type_text 'Voimassa oleva huoltosopimus'
	keys F2
	wait_for 'Kept; the review date is set.' || return 1
	wait_until queue_lacks 'Kuukkeli, Kaisa' || return 1
	queue_has 'Eronnut, Eino' 'due under a retention rule' && queue_has 'Prospekti, Pia' 'never reviewed'
}
check "K: keeping Kuukkeli with a reason takes it off the queue" t_keep

# 3. Erase everyone due under the rule: a wrong text erases nothing.
select_queue 'Eronnut, Eino'
keys X
t_bulk_wording() {
	wait_for "Erase 1 records due under $RULE" || return 1
	# What is compared is the rule's code; the rule's name is "relationship ended".
	shown 'to confirm' && not_shown "rule's name" || {
		note "prompt: $(grep -F 'Erase 1 records' "$E2E_SCREEN")"; return 1; }
}
check "X: the prompt is readable at 80 columns and asks for what it compares (the rule's code, not its name)" \
	t_bulk_wording
t_bulk_prompt() {
	wait_for "Erase 1 records due under $RULE" || return 1
	type_text 'relationship'
	keys F2
	wait_for 'nothing erased' || return 1
	wait_until queue_has 'Eronnut, Eino' 'due under a retention rule' && contact_exists "$ENDED_ID"
}
check "X: a text other than the rule's code is refused ('nothing erased'); the record stays" t_bulk_prompt
select_queue 'Eronnut, Eino'
keys X
t_bulk_erase() {
	wait_for "Erase 1 records due under $RULE" || return 1
	type_text "$RULE"
	keys F2
	wait_for '1 erased, 0 held by law.' || return 1
	wait_until queue_lacks 'Eronnut, Eino' || return 1
	! contact_exists "$ENDED_ID" && contact_exists "$PROSPECT_ID" && contact_exists "$KEEP_ID"
}
check "X: typing the rule's code ($RULE) erases the record due under it, and only it" t_bulk_erase

# 4. Close the round: its summary.
keys R
t_summary() {
	wait_title 'Review rounds' || return 1
	wait_for "year $YEAR" || return 1
	capture "$E2E_TMP/summary.txt"
	grep -E '^ +- +1 +kept *$' "$E2E_TMP/summary.txt" >/dev/null || { note "no '- 1 kept' line"; return 1; }
	grep -E "^ +$RULE +1 +erased *\$" "$E2E_TMP/summary.txt" >/dev/null || { note "no '$RULE 1 erased' line"; return 1; }
	has "$E2E_TMP/summary.txt" 'Retention rules in force:' && has "$E2E_TMP/summary.txt" "$RULE" &&
		has "$E2E_TMP/summary.txt" prospect-inactive && has "$E2E_TMP/summary.txt" 'by Olli Officer (olli)'
}
check "R: closing the round shows the summary: the year, keep 1, erase 1 under $RULE, the rules in force" t_summary
keys Escape
t_round_closed() {
	wait_title 'Annual review' || return 1
	wait_until shown 'No round open (R opens one)' && queue_has 'Prospekti, Pia' 'never reviewed' &&
		status_line | grep -qF '1 in the queue, 0 due under a rule.'
}
check "review: back on the queue, the round is closed; Prospekti is still to review" t_round_closed
keys L
t_rounds() {
	wait_title 'Review rounds' || return 1
	wait_for "Annual review of the register (notice §4.1), year $YEAR" && shown 'Decisions (rule, count, decision):'
}
check "L: the past rounds list this year's round with its summary" t_rounds
t_audited() {
	as_officer audit list --format csv --limit 100000 >"$E2E_TMP/audit.csv" || return 1
	for e2e_action in review.round-open review.keep review.erase-rule review.round-close; do
		grep -qF "\"olli\",\"$e2e_action\"," "$E2E_TMP/audit.csv" || { note "no $e2e_action"; return 1; }
	done
}
check "audit: the round's opening, the keep, the rule's erasure and the closing are recorded" t_audited

# 4b. A held record whose last hold ended comes back as "hold ended" (GDPR Art. 17, 18).
HELD_ID=$(new_contact --first-name Hanna --last-name Holdinen --email hanna.h@example.fi --category customer)
as_officer hold add "$HELD_ID" --law other --law-name 'Testilaki 1/2026' --covers 'the contract' --until 2099-12-31 \
	>/dev/null && as_officer erase "$HELD_ID" --confirm >/dev/null || die "cannot hold and erase Holdinen"
# The hold's end passes: the register's clock cannot be moved from here, the hold's date can.
if [ "$ENGINE" = postgresql ] || command -v sqlite3 >/dev/null 2>&1; then
	engine_sql "$(e2e_db "$MAIN_DB")" "UPDATE legal_hold SET until = '2021-01-31' WHERE contact_id = $HELD_ID;" >/dev/null ||
		die "cannot end the hold"
	keys Escape
	wait_title 'Annual review'
	keys Escape
	t_hold_ended() {
		menu_open 'Annual review and retention' || return 1
		wait_title 'Annual review' || return 1
		wait_until queue_has 'Holdinen, Hanna' 'hold ended' || return 1
		queue_has 'Holdinen, Hanna' 'hold-ended' || { note "row: $(grep -F 'Holdinen' "$E2E_SCREEN")"; return 1; }
	}
	check "review: the held record whose hold ended is in the queue as 'hold ended'" t_hold_ended
	select_queue 'Holdinen, Hanna'
	keys X
	t_hold_ended_erase() {
		wait_for 'Erase 1 records due under hold-ended' || return 1
		type_text hold-ended
		keys F2
		wait_for '1 erased, 0 held by law.' || return 1
		wait_until queue_lacks 'Holdinen, Hanna' && ! contact_exists "$HELD_ID"
	}
	check "X: typing hold-ended erases it in full" t_hold_ended_erase
	keys L
	wait_title 'Review rounds'
else
	skip "review: hold ended" "sqlite3 is not installed"
fi

# ---------------------------------------------------------------------------
# 5. Backups and the database check.
keys Escape
wait_title 'Annual review'
keys Escape
BACKUP=$APP_HOME/regdesk-backup-$(TZ=Europe/Helsinki date +%Y-%m-%d).db
# The backups checked here are SQLite files beside their head file;
# PostgreSQL's (pg_dump) are tested with backup.c's engine.
PG_BACKUP="SQLite backup files: PostgreSQL's pg_dump backups are tested with backup.c's engine"
if [ "$ENGINE" = postgresql ]; then
	skip "F2: writes the backup into \$HOME (0600) with its audit head" "$PG_BACKUP"
	skip "F2: the backup's full SHA-256 digest is readable on the screen" "$PG_BACKUP"
	menu_open 'Backups and integrity'
	wait_title 'Backups and integrity'
else
t_backup() {
	menu_open 'Backups and integrity' || return 1
	wait_title 'Backups and integrity' || return 1
	keys F2
	wait_for 'Written ' || return 1
	[ -s "$BACKUP" ] || { note "no $BACKUP:"; ls -l "$APP_HOME" | sed 's/^/#   /'; return 1; }
	# The digest as written, before the checks below open (and log into) the copy.
	BACKUP_DIGEST=$(sha256sum "$BACKUP" | cut -c1-64)
	[ "$(stat -c %a "$BACKUP")" = 600 ] || { note "mode $(stat -c %a "$BACKUP")"; return 1; }
	[ -s "$BACKUP.audit-head" ] || { note "no $BACKUP.audit-head"; return 1; }
	cli "$BACKUP" check >"$E2E_TMP/backup-check.txt" || { note "regdesk check on the backup failed:"; sed 's/^/#   /' "$E2E_TMP/backup-check.txt"; return 1; }
	# The copy holds what the review left: the erased record is not in it.
	! printf '%s\n' "$OFFICER_PASSWORD" | cli "$BACKUP" --user olli --password-stdin contact show "$ENDED_ID" >/dev/null 2>&1 &&
		printf '%s\n' "$OFFICER_PASSWORD" | cli "$BACKUP" --user olli --password-stdin contact show "$KEEP_ID" >/dev/null
}
check "F2: writes the backup into \$HOME (0600) with its audit head; the copy passes 'regdesk check'" t_backup
t_backup_digest() {
	e2e_digest=${BACKUP_DIGEST:-}
	shown 'SHA-256' && [ -n "$e2e_digest" ] && shown "$e2e_digest" || {
		note "the message does not show 'SHA-256 $e2e_digest': $(grep -F 'Written ' "$E2E_SCREEN")"; return 1; }
}
check "F2: the backup's full SHA-256 digest is readable on the screen at 80 columns" t_backup_digest
fi
keys F11
t_check() {
	wait_for 'The database is sound: integrity, references and audit chain.'
}
check "F11: the database is sound" t_check

# An encrypted backup from the screen (notice §5.3: a lost backup reveals nothing).
if [ "$ENGINE" = postgresql ]; then
	skip "F2 with a key file: the backup is written encrypted" "$PG_BACKUP"
else
t_encrypted_backup() {
	encrypted=$APP_HOME/encrypted.db
	key=$APP_HOME/backup.key
	cli "$MAIN_DB" backup --make-key "$key" >/dev/null || { note "backup --make-key failed"; return 1; }
	keys C-u
	type_field "$encrypted"
	type_text "$key"
	keys F2
	wait_for 'Written encrypted and checked' || return 1
	[ "$(head -c 16 "$encrypted")" = REGDESK-BACKUP-1 ] || { note "$encrypted is not encrypted"; return 1; }
	cli "$MAIN_DB" check "$encrypted" --key-file "$key" >"$E2E_TMP/encrypted-check.txt" ||
		{ note "check of the encrypted backup failed:"; sed 's/^/#   /' "$E2E_TMP/encrypted-check.txt"; return 1; }
}
check "F2 with a key file: the backup is written encrypted and 'regdesk check FILE --key-file' reads it" t_encrypted_backup
fi

# ---------------------------------------------------------------------------
# 6. The retention rules (notice §4.1): e on a rule changes its months and
# whether it is in force; Esc leaves it as it was; a change is audited.
keys Escape
wait_for 'Logged in as Olli Officer'
# rule_row TEXT...: the retention list's row of the first rule shows every TEXT.
rule_row() {
	e2e_row=$(grep -F 'prospect with no activity' "$E2E_SCREEN") || return 1
	for e2e_text in "$@"; do
		case $e2e_row in *"$e2e_text"*) ;; *) return 1 ;; esac
	done
}
t_retention_list() {
	menu_open 'Retention rules' || return 1
	wait_title 'Retention rules' || return 1
	wait_until rule_row '24' 'in force' || { note "row: $(grep -F 'prospect' "$E2E_SCREEN")"; return 1; }
	shown 'training participant after the newest card expired' && shown 'relationship ended' &&
		shown 'prospect-inactive: prospect, counted from last activity'
}
check "retention: the menu opens the rules with what each counts from, its months and state" t_retention_list
keys e
t_retention_cancel() {
	wait_for 'Change the rule prospect with no activity (prospect-inactive):' || return 1
	keys C-u
	type_text 7
	keys Escape
	wait_for 'Discard the changes? (y/n)' || return 1   # what was typed is not lost by one key (issue 16)
	keys y
	wait_until not_shown 'Change the rule' || return 1
	wait_until rule_row '24' 'in force'
}
check "retention: Esc on the rule's form changes nothing" t_retention_cancel
keys e
t_retention_set() {
	wait_for 'Change the rule prospect with no activity (prospect-inactive):' || return 1
	keys C-u
	type_field 30
	keys Right
	keys F2
	wait_for 'Retention rule prospect with no activity: 30 months, off.' || return 1
	wait_until rule_row '30' 'off' || return 1
	as_officer retention list --format csv >"$E2E_TMP/rules.csv" || return 1
	grep -qF '"prospect-inactive","prospect with no activity","prospect","last-activity","30","no"' "$E2E_TMP/rules.csv" ||
		{ note "retention list: $(grep -F prospect-inactive "$E2E_TMP/rules.csv")"; return 1; }
	as_officer audit list --format csv --action retention.rule >"$E2E_TMP/retention-audit.csv" || return 1
	grep -qF '"olli","retention.rule","retention_rule","0","prospect-inactive"' "$E2E_TMP/retention-audit.csv" ||
		{ note "audit: $(cat "$E2E_TMP/retention-audit.csv")"; return 1; }
}
check "retention: e, 30 months, off, F2 saves the rule (audited) and the list shows it" t_retention_set
keys e
t_retention_refused() {
	wait_for 'Change the rule prospect with no activity (prospect-inactive):' || return 1
	keys C-u
	type_text 5000
	keys F2
	wait_for 'a whole number from 0 to 1200' || return 1
	keys Escape
	wait_for 'Discard the changes? (y/n)' || return 1
	keys y
	wait_until not_shown 'Change the rule' && rule_row '30' 'off'
}
check "retention: months over 1200 are refused beside the field; nothing is saved" t_retention_refused

finish

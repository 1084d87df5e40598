#!/bin/sh
# The key-help line offers only keys that work (issue 16): every screen is
# walked as each role (privacy officer, reception, trainer), its key-help line
# is read from the screen, and every key it shows is pressed. Each must do
# something: the screen changes (another screen, a form, a dialog, a message)
# without "not permitted", and a letter is never just typed into a search or
# field. Also: the line fits at 80 columns with help on it, no letter is
# offered on a list that searches as you type, and the contact list's markers
# are explained (help screen, and the selected row's under the list).
# The register is seeded with batch commands first, a training session of
# today (the trainer's) and an event with people on them included, so that
# the keys shown only with a row selected are pressed too. Runs build-asan/regdesk in
# tmux at 80x24 (see lib.sh); prints "ok - ", "not ok - " or "skip - " per check.
#   sh tests/e2e/test_tui_key_help.sh
. "$(dirname "$0")/lib.sh"

MAIN_DB=$E2E_TMP/keys.db
DB=keys.db
OFFICER_PASSWORD=officerpass1
RECEPTION_PASSWORD=reception456
TRAINER_PASSWORD=trainerpass12
LOGIN_TEXT='Log in with your personal account.'
APP_HOME=$E2E_TMP/home
mkdir -p "$APP_HOME" || die "cannot make $APP_HOME"
APP_ENV="HOME=$APP_HOME XDG_DATA_HOME=$APP_HOME/.local/share"

as_officer() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --user olli --password-stdin "$@"
}

as_trainer() {
	printf '%s\n' "$TRAINER_PASSWORD" | cli "$MAIN_DB" --user tiina --password-stdin "$@"
}

added() {
	sed -n 's/^\(Added\|Recorded\) [a-z -]*#\([0-9][0-9]*\).*/\2/p'
}

# --- the register (each job its own) ------------------------------------------------
seed() {
	printf '%s\n' "$OFFICER_PASSWORD" | cli "$MAIN_DB" --password-stdin user add --commitment-signed 2020-01-02 \
		--role privacy-officer --full-name 'Olli Officer' olli >/dev/null || die "cannot create the officer"
	for account in "riikka reception reception123 $RECEPTION_PASSWORD" "tiina trainer trainertemp12 $TRAINER_PASSWORD"; do
		set -- $account
		printf '%s\n%s\n' "$OFFICER_PASSWORD" "$3" | cli "$MAIN_DB" --user olli --password-stdin \
			user add --commitment-signed 2020-01-02 --role "$2" --full-name "User $1" "$1" >/dev/null || die "cannot add $1"
		printf '%s\n%s\n' "$3" "$4" | cli "$MAIN_DB" --user "$1" --password-stdin user passwd "$1" >/dev/null ||
			die "cannot change $1's password"
	done
	as_officer org add --name 'Sähkö-Äänekoski Oy' --business-id 0737546-2 >/dev/null || die "cannot add the organisation"
	BANNED=$(as_officer contact add --first-name Åsa --last-name Söderström --email asa@example.fi \
		--organisation 'Sähkö-Äänekoski Oy' | added)
	REQUESTER=$(as_officer contact add --first-name Pekka --last-name Pätkä --email pekka@example.fi | added)
	as_officer contact add --first-name Eero --last-name Ähtäri --relationship-start 2020-01-01 \
		--relationship-end 2021-01-01 >/dev/null || die "cannot add Eero"
	[ -n "$BANNED" ] && [ -n "$REQUESTER" ] || die "cannot add the contacts"
	as_officer ban set "$BANNED" --purpose postal-mail --channel in-person >/dev/null || die "cannot ban"
	as_officer recipient add --name 'Posti Partner Oy' --kind partner --country FI >/dev/null || die "cannot add a recipient"
	REQUEST=$(as_officer request add --kind inspection --channel in-person --name 'Pekka Pätkä' | added)
	[ -n "$REQUEST" ] || die "cannot add the request"
	as_officer request verify "$REQUEST" --document passport --photo-matched --name-matched >/dev/null ||
		die "cannot verify the request"
	as_officer request link "$REQUEST" "$REQUESTER" >/dev/null || die "cannot link the request"
	# Training and an event with people on them, so that the keys shown only
	# with a row selected (attendance, cancelling, the lists) are pressed too.
	NEWCOMER=$(as_officer contact add --first-name Väinö --last-name Åkerlund --email vaino@example.fi | added)
	COURSE=$(as_trainer course add --name 'Tulityökortti' --leads-to permit-card --valid-months 60 | added)
	[ -n "$NEWCOMER" ] && [ -n "$COURSE" ] || die "cannot add the newcomer or the course"
	SESSION=$(as_trainer session add --course "$COURSE" --starts "$(TZ=Europe/Helsinki date +%Y-%m-%d) 09:00" --place 'Halli 2' | added)
	EVENT=$(as_officer event add --name 'Joulujuhla' --date "$(TZ=Europe/Helsinki date +%Y-%m-%d)" | added)
	[ -n "$SESSION" ] && [ -n "$EVENT" ] || die "cannot add the session or the event"
	for person in "$BANNED" "$REQUESTER"; do
		as_officer session register "$SESSION" "$person" --by self >/dev/null || die "cannot register #$person"
		as_officer event register "$EVENT" "$person" >/dev/null || die "cannot register #$person to the event"
	done
	# A trainer picks only people of their own sessions: the newcomer is on an
	# earlier one (listed below today's), so that the picker finds them.
	EARLIER=$(as_trainer session add --course "$COURSE" --starts "$(date -d '-7 days' +%Y-%m-%d) 09:00" | added)
	[ -n "$EARLIER" ] && as_officer session register "$EARLIER" "$NEWCOMER" --by self >/dev/null ||
		die "cannot add the earlier session"
}

# --- reading the screen --------------------------------------------------------

title() {
	screen_line 2 | sed 's/^ //; s/ *$//'
}

title_is() {
	[ "$(title)" = "$1" ]
}

# The key-help line (the last) without the padding.
last_line() {
	tail -n 1 "$E2E_SCREEN" | sed 's/ *$//'
}

# The key-help line's entries, one a line: "KEYS<TAB>what". Entries are
# " KEYS words " side by side, so two spaces part them.
key_help_entries() {
	tail -n 1 "$E2E_SCREEN" | sed 's/^ *//; s/ *$//' | awk '{
		n = split($0, parts, /  +/)
		for (i = 1; i <= n; i++) {
			keys = parts[i]; sub(/ .*/, "", keys)
			words = parts[i]; sub(/^[^ ]* ?/, "", words)
			print keys "\t" words
		}
	}'
}

# SPEC: tmux's name of a key as the key-help line writes it ("-l X" for a
# character). A variable, not output: the walk forks little (busy machines).
tmux_key() {
	case $1 in
	Enter | Tab | Up | Down | Home | End | F[0-9] | F1[0-2]) SPEC=$1 ;;
	Esc) SPEC=Escape ;;
	S-Tab) SPEC=BTab ;;
	PgUp) SPEC=PPage ;;
	PgDn) SPEC=NPage ;;
	Ins) SPEC=IC ;;
	Del) SPEC=DC ;;
	^[A-Z]) SPEC=C-$(echo "${1#^}" | tr 'A-Z' 'a-z') ;;
	^?) SPEC=C-${1#^} ;;
	?) SPEC="-l $1" ;;
	*) SPEC="?$1" ;;
	esac
}

# The screen with its colours and the cursor ("x y visible" last): a key
# that only moves the focus or the cursor changes it too. One tmux call; the
# machine may be busy, so the walk forks little.
snap() {
	tm capture-pane -e -p -t "=$SESSION:" \; display-message -p -t "=$SESSION:" \
		'#{cursor_x} #{cursor_y} #{cursor_flag}' 2>/dev/null
}

US=$(printf '\037')

# look: the screen now, in one tmux call and one awk: SNAP (with colours and
# the cursor, for comparing), TITLE, LAST (the key-help line), CURSOR ("x y
# visible"), REFUSED (1 when "not permitted" shows); the plain text goes to
# $E2E_SCREEN (for check's dump and the helpers of lib.sh).
look() {
	SNAP=$(snap)
	look_meta=$(printf '%s\n' "$SNAP" | awk -v out="$E2E_SCREEN" -v us="$US" '
		{ lines[NR] = $0 }
		END {
			refused = 0
			for (i = 1; i < NR; i++) {
				l = lines[i]
				gsub(/\033\[[0-9;:]*m/, "", l)
				print l > out
				if (i == 2) t = l
				k = l
				if (tolower(l) ~ /not permitted/) refused = 1
			}
			sub(/^ /, "", t); sub(/ *$/, "", t); sub(/ *$/, "", k)
			printf "%s%s%s%s%s%s%d\n", t, us, k, us, lines[NR], us, refused
		}')
	TITLE=${look_meta%%"$US"*}
	look_rest=${look_meta#*"$US"}
	LAST=${look_rest%%"$US"*}
	look_rest=${look_rest#*"$US"}
	CURSOR=${look_rest%%"$US"*}
	REFUSED=${look_rest#*"$US"}
}

# plain SNAP: the text of a snap into $E2E_SCREEN.
plain() {
	printf '%s\n' "$1" | sed '$d; s/\x1b\[[0-9;:]*m//g' >"$E2E_SCREEN"
}

# --- going to a screen ----------------------------------------------------------
ROLE_USER=""
ROLE_PASSWORD=""

log_in() {
	wait_for "$LOGIN_TEXT" || return 1
	type_field "$ROLE_USER" Tab
	type_text "$ROLE_PASSWORD"
	keys Enter
	wait_for 'Logged in as'
}

start_role() {
	ROLE_USER=$1
	ROLE_PASSWORD=$2
	start_app "$ROLE_USER" && log_in
}

# to_main_menu: Esc until the main menu (a form that asks before discarding
# gets y, a question n; the lock screen the password; a quit a new start).
to_main_menu() {
	tries=0
	while [ "$tries" -lt 12 ]; do
		if ! app_running; then
			start_role "$ROLE_USER" "$ROLE_PASSWORD" || return 1
		fi
		capture
		title_is 'Main menu' && return 0
		if title_is Locked; then
			type_text "$ROLE_PASSWORD"
			keys Enter
		elif grep -qi 'discard' "$E2E_SCREEN"; then
			type_text y
		else
			keys Escape
		fi
		sleep 0.1
		tries=$((tries + 1))
	done
	wait_until title_is 'Main menu'
}

# menu_go LABEL: opens LABEL from the main menu (Home, then Down to it).
menu_go() {
	capture
	index=$(menu_entries | grep -nxF -- "$1" | cut -d: -f1)
	[ -n "$index" ] || { note "the menu has no $1"; return 1; }
	keys Home
	while [ "$index" -gt 1 ]; do
		keys Down
		index=$((index - 1))
	done
	keys Enter
}

# go PATH: from the main menu along PATH, steps parted by "|": "menu:LABEL",
# "type:TEXT", "key:KEY", "title:TITLE" (wait for it).
go() {
	to_main_menu || return 1
	rest=$1
	while [ -n "$rest" ]; do
		step=${rest%%|*}
		case $rest in *'|'*) rest=${rest#*|} ;; *) rest="" ;; esac
		case $step in
		menu:*) menu_go "${step#menu:}" || return 1 ;;
		type:*) type_text "${step#type:}" ;;
		key:*) keys "${step#key:}" ;;
		title:*) wait_until title_is "${step#title:}" || return 1 ;;
		wait:*) wait_for "${step#wait:}" || return 1 ;;
		esac
	done
	sleep 0.1
}

# --- pressing a key ------------------------------------------------------------

# press_and_judge KEY: presses the key; WHY says why it failed, if it did.
press_and_judge() {
	WHY=""
	look
	before=$SNAP before_title=$TITLE before_cursor=$CURSOR
	tmux_key "$1"
	case $SPEC in
	'?'*) WHY="unknown key name $1"; return ;;
	'-l '*) type_text "${SPEC#-l }" ;;
	*) keys "$SPEC" ;;
	esac
	waited=0
	while :; do
		sleep 0.08
		after=$(snap)
		[ -n "$after" ] || return      # q on the main menu quits: it did something
		[ "$after" = "$before" ] || break
		waited=$((waited + 1))
		if [ "$waited" -ge 20 ]; then
			app_running || return
			WHY="nothing changed on the screen"
			return
		fi
	done
	sleep 0.1   # the rest of the redraw
	look
	[ -n "$SNAP" ] || return
	if [ "$REFUSED" = 1 ]; then
		WHY="refused: $(grep -i 'not permitted' "$E2E_SCREEN" | head -n 1)"
		return
	fi
	# A character typed into a field: same screen, the cursor one further.
	case $SPEC in
	'-l '*)
		set -- $before_cursor
		bx=$1 by=$2 bv=$3
		set -- $CURSOR
		if [ "$TITLE" = "$before_title" ] && [ "$bv" = 1 ] && [ "$3" = 1 ] && [ "$by" = "$2" ] &&
		   [ "$2" -lt 22 ] && [ "$1" -eq $((bx + 1)) ]; then
			WHY="the letter was typed into the field"
		fi
		;;
	esac
}

# walk NAME PATH: goes to the screen, reads its key-help line, checks that it
# fits and offers help, then presses each key shown, coming back each time.
walk() {
	walk_start=$(date +%s)
	name=$1
	path=$2
	go "$path" || { check "$ROLE_USER: $name: reached" false; return; }
	look
	home="$TITLE|$LAST"
	# Back and quit leave the screen: pressed last.
	key_help_entries | awk -F '\t' '$1 ~ /^(Esc|q)/ { last = last $0 "\n"; next } { print } END { printf "%s", last }' \
		>"$E2E_TMP/entries.txt"
	# At 80 columns the line offers help (F1 while typing), but on the help screen itself.
	[ "$TITLE" = 'Help: keys' ] ||
		check "$ROLE_USER: $name: the key-help line offers help ($(tr '\t\n' ' ;' <"$E2E_TMP/entries.txt"))" \
			grep -Eq '^(\?/F1|\?|F1)	help$' "$E2E_TMP/entries.txt"
	problems=""
	# The first key of each entry (the others are the same action: the unit
	# test test_key_labels checks every label against the bindings).
	while IFS='	' read -r label words; do
		key=${label%%/*}
		[ -n "$key" ] || key=/
		look
		if [ "$TITLE|$LAST" != "$home" ]; then
			go "$path" || { problems="$problems; cannot come back before $key"; break; }
		fi
		press_and_judge "$key"
		if [ -n "$WHY" ]; then
			problems="$problems; $key ($words): $WHY"
			cp "$E2E_SCREEN" "$E2E_TMP/failed-screen.txt"
		fi
		# Back where the walk stands: one Esc closes a form, dialog or screen
		# opened (the lock screen takes the password).
		look
		if [ -n "$SNAP" ] && [ "$TITLE|$LAST" != "$home" ]; then
			if [ "$TITLE" = Locked ]; then
				type_text "$ROLE_PASSWORD"
				keys Enter
			else
				keys Escape
			fi
			# Give the redraw a moment before taking the long way back.
			tries=0
			while [ "$tries" -lt 8 ]; do
				sleep 0.08
				look
				[ "$TITLE|$LAST" != "$home" ] || break
				tries=$((tries + 1))
			done
		fi
	done <"$E2E_TMP/entries.txt"
	if [ -n "$problems" ]; then
		[ -f "$E2E_TMP/failed-screen.txt" ] && cp "$E2E_TMP/failed-screen.txt" "$E2E_SCREEN"
		rm -f "$E2E_TMP/failed-screen.txt"
		check "$ROLE_USER: $name: every key on the key-help line works${problems}" false
	else
		check "$ROLE_USER: $name: every key on the key-help line works ($(cut -f1 "$E2E_TMP/entries.txt" | tr '\n' ' '))" true
	fi
	note "$name: $(( $(date +%s) - walk_start )) s"
}

CONTACTS='menu:Contacts|title:Contacts'
DETAIL="$CONTACTS|type:Söderström|wait:1 matches|key:Enter|title:Contact"
REQUESTS='menu:Data-subject requests|title:Requests'
ORGANISATIONS='menu:Organisations|title:Organisations'
TRAININGS='menu:Trainings|title:Trainings'
# The seeded session (today, the trainer's) and event, each with two people, the first selected.
SESSION_SCREEN="$TRAININGS|wait:Tulityökortti|key:Enter|title:Training session|wait:Söderström"
# The participant picker with the one found (not yet registered) selected.
PICKER="$SESSION_SCREEN|key:C-n|title:Register a participant|type:Åkerlund|wait:Väinö"
EVENTS='menu:Events|title:Events'
EVENT_SCREEN="$EVENTS|wait:Joulujuhla|key:Enter|title:Event|wait:Söderström"

# --- the walks: four jobs side by side, each with its own register and program ----

# The contact list searches as you type: no key it offers is a letter or sign.
t_contacts_no_letters() {
	go "$CONTACTS" && plain "$(snap)" || return 1
	key_help_entries | cut -f1 | grep -q '^\^N' || return 1
	! key_help_entries | cut -f1 | tr '/' '\n' | grep -q '^[[:print:]]$'
}

# marker_words NAME WORDS: the contact found by NAME, selected, has its markers
# in words under the list.
marker_words() {
	go "$CONTACTS|type:$1|wait:1 matches" && wait_for "$2"
}

t_help_markers() {
	go 'key:F1|title:Help: keys' && keys End && wait_for 'Markers in the contact list' &&
		shown 'a ban (objection) in force' && shown 'a data-subject request is open' && shown 'relationship ended'
}

job_officer_people() {
	start_role olli "$OFFICER_PASSWORD" || die "cannot log in as olli"
	check "olli: the contact list offers no letter while it searches as you type (^N, not a)" t_contacts_no_letters
	check "olli: the selected contact's ban marker in words: B: a ban (objection) in force" \
		marker_words Söderström 'B: a ban (objection) in force'
	check "olli: the selected contact's open request in words: R: a data-subject request is open" \
		marker_words Pätkä 'R: a data-subject request is open'
	check "olli: the selected contact's ended relationship in words: E: relationship ended" \
		marker_words Ähtäri 'E: relationship ended'
	check "olli: the help screen explains the contact list's markers" t_help_markers
	walk 'contacts' "$CONTACTS"
	walk 'contact' "$DETAIL"
	walk 'bans and consents' "$DETAIL|key:F6|title:Bans and consents"
	walk 'contact list as a picker' "$DETAIL|type:m|title:Contacts"
}

job_officer_requests() {
	start_role olli "$OFFICER_PASSWORD" || die "cannot log in as olli"
	walk 'main menu' ''
	walk 'help' 'key:F1|title:Help: keys'
	walk 'organisations' "$ORGANISATIONS"
	walk 'organisation' "$ORGANISATIONS|key:Enter|title:Organisation"
	walk 'requests' "$REQUESTS"
	walk 'request' "$REQUESTS|key:Enter|title:Request"
}

job_officer_training() {
	start_role olli "$OFFICER_PASSWORD" || die "cannot log in as olli"
	walk 'trainings' "$TRAININGS|wait:Tulityökortti"
	walk 'courses' 'menu:Courses|title:Courses|wait:Tulityökortti'
	walk 'expiring' 'menu:Expiring certificates and cards|title:Expiring certificates and permit cards'
	walk 'events' "$EVENTS|wait:Joulujuhla"
	walk 'event' "$EVENT_SCREEN"
	walk 'export' 'menu:Export a list (disclosure)|title:Export a list'
	walk 'disclosure log' 'menu:Disclosure log|title:Disclosure log'
	walk 'import' 'menu:Import contacts from CSV|title:Import contacts from CSV'
}

job_officer_admin() {
	start_role olli "$OFFICER_PASSWORD" || die "cannot log in as olli"
	walk 'recipients' 'menu:Recipients|title:Recipients'
	walk 'purposes' 'menu:Purposes of use|title:Purposes'
	walk 'review' 'menu:Annual review and retention|title:Annual review'
	walk 'users' 'menu:Users and roles|title:Users and roles'
	walk 'settings' 'menu:Settings|title:Settings'
	walk 'audit trail' 'menu:Audit trail|title:Audit trail'
	walk 'password' 'menu:Change my password|title:Change my password'
	walk 'backups' 'menu:Backups and integrity|title:Backups and integrity'
}

t_no_erase() {
	go "$DETAIL" && plain "$(snap)" && ! last_line | grep -Eq ' (E erase|H hold) '
}

job_reception() {
	start_role riikka "$RECEPTION_PASSWORD" || die "cannot log in as riikka"
	walk 'main menu' ''
	walk 'contacts' "$CONTACTS"
	walk 'contact' "$DETAIL"
	check "riikka: the contact's key-help line offers no erasure or hold (the privacy officer's)" t_no_erase
	walk 'bans and consents' "$DETAIL|key:F6|title:Bans and consents"
	walk 'organisations' "$ORGANISATIONS"
	walk 'requests' "$REQUESTS"
	walk 'request' "$REQUESTS|key:Enter|title:Request"
	walk 'events' "$EVENTS|wait:Joulujuhla"
	walk 'event' "$EVENT_SCREEN"
	walk 'import' 'menu:Import contacts from CSV|title:Import contacts from CSV'
}

job_trainer() {
	start_role tiina "$TRAINER_PASSWORD" || die "cannot log in as tiina"
	walk 'main menu' ''
	walk 'trainings' "$TRAININGS|wait:Tulityökortti"
	walk 'courses' 'menu:Courses|title:Courses|wait:Tulityökortti'
	walk 'session' "$SESSION_SCREEN"
	# At 80 columns the session's line holds only its first keys: wider, all.
	resize 132 24
	walk 'session at 132 columns' "$SESSION_SCREEN"
	resize 80 24
	walk 'participant picker' "$PICKER"
	walk 'expiring' 'menu:Expiring certificates and cards|title:Expiring certificates and permit cards'
}

JOBS="officer_people officer_requests officer_training officer_admin reception trainer"
if [ -n "${KEY_HELP_JOB:-}" ]; then
	cp "$KEY_HELP_SEED" "$MAIN_DB" || die "cannot copy the register"
	"job_$KEY_HELP_JOB"
	finish
fi

# The parent: runs the jobs (KEY_HELP_JOBS to choose) at once, then shows
# their results in order and the one summary.
seed
for job in ${KEY_HELP_JOBS:-$JOBS}; do
	KEY_HELP_JOB=$job KEY_HELP_SEED=$MAIN_DB sh "$0" >"$E2E_TMP/job-$job.log" 2>&1 &
done
wait
passed=0 failed=0
for job in ${KEY_HELP_JOBS:-$JOBS}; do
	cat "$E2E_TMP/job-$job.log"
	passed=$((passed + $(grep -c '^ok - ' "$E2E_TMP/job-$job.log")))
	failed=$((failed + $(grep -c '^not ok - ' "$E2E_TMP/job-$job.log")))
	if ! grep -q '^# [0-9]* passed' "$E2E_TMP/job-$job.log"; then
		echo "not ok - the $job walk ended early"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

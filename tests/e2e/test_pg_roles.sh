#!/bin/sh
# The application role on PostgreSQL (issue 17): the schema's owner runs the
# migrations (any regdesk start as the owner, e.g. `regdesk check`) and
# roles.sql; the application role then does the everyday work, may not
# change the schema nor rewrite the audit trail, is refused clearly (never
# half-way through a migration) when the schema is older than the program,
# and never sees its password printed. An erasure whose VACUUM the role may
# not run stays pending until the owner's run finishes it.
#   sh tests/e2e/test_pg_roles.sh      (after: make build-asan/regdesk)
BATCH_SUITE=pg_roles
. "$(dirname "$0")/batch_lib.sh"
batch_need

engine_own_cluster cluster
ADMIN_URI=$ENGINE_CLUSTER_URI
OFFICER=olli
OFFICER_PW='olli-pass-12345'
SECRET='Salasana-9b7e'

begin "a cluster with an owner role, an application role and a database of the owner"
psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_URI" -c "CREATE ROLE regdesk_owner LOGIN" -c "CREATE ROLE regdesk_app LOGIN" \
	-c "CREATE DATABASE site OWNER regdesk_owner" >"$T/psql_out" 2>&1 || why "setup: $(cat "$T/psql_out")"
HOST_QUERY=$(echo "$ADMIN_URI" | sed 's|^[^?]*?||; s|&user=postgres||')
OWNER_URI="postgresql:///site?$HOST_QUERY&user=regdesk_owner"
# The password in the URI, as a configuration file would hold it (the
# test cluster trusts local connections, so it is not checked).
APP_URI="postgresql://regdesk_app:$SECRET@/site?$HOST_QUERY"
end

# no_secret: the last run printed no password.
no_secret() {
	if grep -q "$SECRET" "$T/out" "$T/err"; then
		why "the password was printed"
		show_run
	fi
}

begin "before the migrations the application role is refused clearly: it may not create the schema"
pw ""
rd --db "$APP_URI" check
want_rc 1
want_one_line_err
want_err "may not create it"
want_err "owner"
no_secret
[ "$(psql -X -q -A -t -d "$OWNER_URI" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ] ||
	why "the refused start left tables behind"
end

begin "the owner's start migrates; roles.sql gives the application role its rights"
pw ""
rd --db "$OWNER_URI" check
want_rc 0
if ! psql -X -q -v ON_ERROR_STOP=1 -v app_role=regdesk_app -f "$ROOT/data/migrations/postgresql/roles.sql" \
	-d "$OWNER_URI" >"$T/roles_out" 2>&1; then
	why "roles.sql failed: $(head -c 600 "$T/roles_out")"
fi
end

as_app() {
	printf '%s\n' "$OFFICER_PW" >"$T/in"
	rd --db "$APP_URI" --password-stdin --user "$OFFICER" "$@"
}

begin "the application role does the everyday work"
pw "$OFFICER_PW" "$OFFICER_PW"
rd --db "$APP_URI" --password-stdin user add "$OFFICER" --role privacy-officer --full-name "Olli Åkerlund" --commitment-signed 2026-01-01
want_rc 0
as_app contact add --first-name Aino --last-name Söderström --email aino@example.fi
want_rc 0
AINO=$(added)
as_app contact edit "$AINO" --city Ähtäri
want_rc 0
as_app ban set "$AINO" --purpose postal-mail --channel letter
want_rc 0
as_app contact show "$AINO"
want_rc 0
want_out "Ähtäri"
as_app audit verify
want_rc 0
pw ""
rd --db "$APP_URI" check
want_rc 0
no_secret
end

# app_refused SQL WORDS: the application role's psql is refused with WORDS.
app_refused() {
	if psql -X -q -v ON_ERROR_STOP=1 -d "postgresql:///site?$HOST_QUERY&user=regdesk_app" -c "$1" >"$T/psql_out" 2>&1; then
		why "the application role was allowed: $1"
	elif ! grep -q "$2" "$T/psql_out"; then
		why "$1: expected '$2', got: $(head -c 300 "$T/psql_out")"
	fi
}

begin "the application role may not rewrite the audit trail nor change the schema"
app_refused "UPDATE audit_entry SET action = 'x'" "permission denied"
app_refused "DELETE FROM audit_entry" "permission denied"
app_refused "TRUNCATE audit_entry" "permission denied"
app_refused "DROP TABLE contact" "must be owner"
app_refused "ALTER TABLE contact ADD COLUMN x integer" "must be owner"
app_refused "CREATE TABLE stolen (x integer)" "permission denied"
app_refused "INSERT INTO schema_version (version) VALUES (999)" "permission denied"
end

begin "an erasure the role may not VACUUM stays pending, and the owner's run finishes it"
as_app contact add --first-name Poistettava --last-name Henkilö
POISTO=$(added)
as_app erase "$POISTO" --confirm
want_out "Erased contact #$POISTO"
pending=$(psql -X -q -A -t -d "$OWNER_URI" -c "SELECT count(*) FROM erasure_pending")
major=$(psql -X -q -A -t -d "$OWNER_URI" -c "SELECT current_setting('server_version_num')::int / 10000")
if [ "$major" -lt 17 ]; then
	[ "$pending" -ge 1 ] || why "the erasure was called finished though the role's VACUUM skipped the owner's tables"
	want_err "may not VACUUM"
fi
no_secret
pw ""
rd --db "$OWNER_URI" check
want_rc 0
[ "$(psql -X -q -A -t -d "$OWNER_URI" -c "SELECT count(*) FROM erasure_pending")" = 0 ] ||
	why "the owner's check did not finish the pending erasure"
end

begin "a schema older than the program: the application role is refused, naming the owner's step"
last=$(psql -X -q -A -t -d "$OWNER_URI" -c "SELECT max(version) FROM schema_version")
psql -X -q -d "$OWNER_URI" -c "DELETE FROM schema_version WHERE version = $last" >/dev/null
as_app contact find Aino
want_rc 1
want_one_line_err
want_err "has schema $((last - 1)) and this regdesk needs $last"
want_err "owner"
no_secret
# Put back: the step's objects are all there.
psql -X -q -d "$OWNER_URI" -c "INSERT INTO schema_version (version) VALUES ($last)" >/dev/null
as_app contact find Aino
want_rc 0
want_out "Söderström"
end

batch_finish

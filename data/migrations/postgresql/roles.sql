-- The regdesk application role on PostgreSQL (issue 17): what the program
-- may do when it connects. Not a numbered step: the installer runs it as the
-- schema's owner (a different role) after the migrations, and again after
-- each upgrade that adds tables, naming the role:
--   psql -v ON_ERROR_STOP=1 -v app_role=regdesk -f roles.sql postgresql://owner@host/regdesk
-- The role owns nothing, so it can neither drop nor alter a table, nor make
-- one in the schema (PostgreSQL 15 gives PUBLIC no CREATE on public). On the
-- audit trail it may only add and read: even a stolen application password
-- cannot rewrite history (the triggers of 0001 refuse the owner too).

GRANT USAGE ON SCHEMA public TO :"app_role";

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
-- REVOKE first: a grant made by an earlier version of this file is taken
-- back too (a plain GRANT never narrows).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_entry FROM :"app_role";
-- The migrations are the owner's: the program only reads the version.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_version FROM :"app_role";

-- New rows take their ids from the identity sequences.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- An erasure's VACUUM (database_wipe_deleted) must reach every table: from
-- PostgreSQL 17 the MAINTAIN right gives it without ownership. Before 17
-- the application role's VACUUM skips the owner's tables; regdesk then
-- keeps the erasure pending until the owner's scheduled `regdesk check`
-- (README, "Several sites: PostgreSQL").
SELECT set_config('regdesk.app_role', :'app_role', false);
DO $$
BEGIN
	IF current_setting('server_version_num')::int >= 170000 THEN
		EXECUTE format('GRANT MAINTAIN ON ALL TABLES IN SCHEMA public TO %I', current_setting('regdesk.app_role'));
	END IF;
END
$$;

-- The functions of 0001 and the trigger functions: EXECUTE is PUBLIC's by
-- default; said here so that a hardened database that revoked it still works.
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO :"app_role";

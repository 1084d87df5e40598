-- Foundation: personal accounts (notice §5.2), the audit trail, settings.

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	full_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('reception', 'trainer', 'privacy-officer')),
	password_hash TEXT NOT NULL,           -- argon2id, libsodium crypto_pwhash_str
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), -- never deleted: the audit trail refers to it
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0, -- unix time; 0 when not locked
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;

-- Append-only and hash-chained: hash = SHA-256(previous hash, this entry).
-- Field names only, never values (notice §6.4: erasure leaves no copy here).
CREATE TABLE audit_entry (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	account_id INTEGER REFERENCES account(id),
	action TEXT NOT NULL,
	entity TEXT NOT NULL DEFAULT '',
	record_id INTEGER NOT NULL DEFAULT 0,
	fields TEXT NOT NULL DEFAULT '',
	hash BLOB NOT NULL
) STRICT;
CREATE INDEX audit_entry_account ON audit_entry(account_id, id);
CREATE INDEX audit_entry_action ON audit_entry(action, id);

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

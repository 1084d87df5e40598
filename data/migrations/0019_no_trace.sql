-- No trace after erasure (GDPR Art. 5(1)(c), 17, 25; notice §6.4).

-- An erasure whose last step could not run yet (another program was reading,
-- so the WAL could not be emptied to its start): the step is finished at the
-- next start, by `regdesk check`, or by a retry. No personal data: only when
-- and why.
CREATE TABLE erasure_pending (
	id INTEGER PRIMARY KEY,
	since TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
) STRICT;

-- Files the program wrote that hold someone's data (access reports saved by
-- the screens): the erasure lists them and offers to delete them. Exports
-- are found through the disclosure log (disclosure.file_name).
CREATE TABLE written_file (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('report', 'export')),
	contact_id INTEGER,                -- no reference: the row outlives the contact until the file is gone
	written_at TEXT NOT NULL,
	written_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX written_file_contact ON written_file(contact_id);

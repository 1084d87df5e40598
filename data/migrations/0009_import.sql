-- CSV imports (issue 7): saved column mappings, so that the next file of the
-- same shape (the same header row) is mapped the same way. No personal data:
-- header names and target codes only. Depends on 0001 (account) alone, and
-- may be applied again harmlessly.
CREATE TABLE IF NOT EXISTS import_mapping (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,               -- chosen by the user
	header_key TEXT NOT NULL,                -- the headers, folded (lower case, no accents), joined by '|'
	columns TEXT NOT NULL,                   -- one line per column: folded header, TAB, target code
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	changed_at TEXT NOT NULL,
	changed_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX IF NOT EXISTS import_mapping_header ON import_mapping(header_key, changed_at);

-- The word-prefix index of PostgreSQL's search (issue 17).
-- Intentionally empty on SQLite: its FTS5 table (0003) answers several
-- words' prefixes at once already.
-- (One harmless statement, so that the step is never empty text.)
SELECT 1 WHERE false;

-- Matching people (issue 12): record numbers that are never reused, and the
-- "possible duplicate" flag.
-- PostgreSQL dialect of ../0020_record_numbers.sql.
--
-- 1. Record numbers are never reused. SQLite rebuilt its tables with
--    AUTOINCREMENT for this. On PostgreSQL every id is an identity column
--    (0001-0009), whose sequence never gives a number out twice, so there is
--    nothing to rebuild; the SQLite rebuild changed no column, constraint,
--    index or trigger. `regdesk migrate` copies rows with their ids and must
--    then move each sequence past both the highest id and SQLite's
--    sqlite_sequence value for the table (which counts erased numbers too).
--
-- 2. possible_duplicate: a record that may be the same person as another,
--    for reception or the privacy officer to merge or dismiss (a trainer's
--    quick registration that matched someone outside the trainer's sessions:
--    the trainer is told nothing of the other record).

CREATE TABLE possible_duplicate (
	contact_id bigint NOT NULL REFERENCES contact(id) ON DELETE CASCADE,  -- the record flagged
	other_id bigint NOT NULL REFERENCES contact(id) ON DELETE CASCADE,    -- the record it may duplicate
	match text COLLATE "C" NOT NULL CHECK (match IN ('e-mail', 'phone', 'name')),
	flagged_on text COLLATE "C" NOT NULL,
	flagged_by bigint REFERENCES account(id),
	PRIMARY KEY (contact_id, other_id)
);
CREATE INDEX possible_duplicate_other ON possible_duplicate(other_id);

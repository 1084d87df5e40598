-- Erasure and review at scale: the records merged into a person are found through an
-- index, and deleting a contact checks the self-reference of merged_into
-- through it instead of reading the whole register (bulk erase, make bench).
-- PostgreSQL dialect of ../0011_erasure_speed.sql.
CREATE INDEX contact_merged_into ON contact(merged_into) WHERE merged_into IS NOT NULL;

-- The annual review reads every active contact's dates once: this index holds
-- just those, so the pass does not read the whole records (review queue of a
-- million contacts, make bench).
CREATE INDEX contact_review ON contact(sort_key, id, changed_at, interest_date, relationship_start, relationship_end,
	last_reviewed) WHERE merged_into IS NULL AND restricted_until = '';

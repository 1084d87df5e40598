-- Held data (GDPR Art. 17(3)(b), 18; Accounting Act 2:10): a hold names the
-- fields it keeps; an erasure under it blanks every other field at once.
-- Codes, comma separated: name, organisation, references, email, phone,
-- address, title. The Accounting Act's default is name, organisation and the
-- invoice or contract references.
-- PostgreSQL dialect of ../0018_held_fields.sql.
ALTER TABLE legal_hold ADD COLUMN fields text COLLATE "C" NOT NULL DEFAULT 'name,organisation,references';

-- Holds recorded before fields were named: a record already erased under one
-- kept the whole contact, and a hold of another law names no fields; both
-- say so (the officer sees it in the erasure preview). An Accounting Act
-- hold on a record not yet erased keeps the Act's default.
UPDATE legal_hold SET fields = 'name,organisation,references,email,phone,address,title'
	WHERE law = 'other' OR contact_id IN (SELECT id FROM contact WHERE restricted_until <> '');

-- A restricted record stays in the search index with the words it keeps, so
-- that the privacy officer finds it (marked); reception never sees it. (On
-- SQLite this step put such records back into the FTS5 index; the word
-- triggers of 0003 already keep every record that is not merged.)

-- The few restricted records, found without reading the register (the hold-ended
-- review, reception's totals).
CREATE INDEX contact_restricted ON contact(id) WHERE restricted_until <> '';

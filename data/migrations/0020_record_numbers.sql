-- Matching people (issue 12): record numbers that are never reused, and the
-- "possible duplicate" flag.
--
-- 1. Record numbers are never reused. A table declared with a plain
--    "id INTEGER PRIMARY KEY" gives a new row max(id) + 1: erase the newest
--    contact, add another, and the newcomer gets the erased person's number,
--    so the audit trail (and paper: certificates, request numbers) would
--    attribute the erased person's history to them. AUTOINCREMENT never
--    reuses a number. SQLite cannot add it to an existing table, so each
--    table whose ids appear in the audit trail (audit_append's record_id) or
--    on paper is rebuilt by the 12-step procedure of
--    https://www.sqlite.org/lang_altertable.html#otheralter: create X_new,
--    copy, drop X, rename X_new to X, create X's indexes again. database.c
--    runs migrations with foreign_keys OFF (a drop with it ON would cascade
--    into the child tables) and checks PRAGMA foreign_key_check before the
--    commit. Each table's counter starts above both its highest id and the
--    highest number the audit trail names for it, so a number erased before
--    this migration is not given out again either.
--
--    Tables rebuilt, with the audit entity naming their ids:
--      account (account), organisation (organisation), contact (contact),
--      maintenance_reference, recipient (recipient), disclosure (disclosure),
--      course (course), training_session (training_session),
--      registration (registration), certificate (on paper), event (event),
--      event_registration (event_registration), subject_request (request),
--      legal_hold, review_round (review_round), import_mapping (import_mapping).
--
--    AT MERGE TIME: a column another branch adds to one of these tables with
--    ALTER TABLE ... ADD COLUMN in an earlier migration (0014-0019) must be
--    appended, in the same order and with the same definition, at the end of
--    that table's CREATE TABLE X_new below: the copy is "SELECT *", so the
--    column lists must match one for one. An index or trigger another branch
--    creates on one of these tables must be created again after its RENAME
--    (DROP TABLE drops them). Dropped and made again here: every index
--    listed after each table. The search indexes (contact_search,
--    organisation_search) are external-content FTS5 tables keyed by id:
--    ids are kept, so they stay valid.
--
-- 2. possible_duplicate: a record that may be the same person as another,
--    for reception or the privacy officer to merge or dismiss (a trainer's
--    quick registration that matched someone outside the trainer's sessions:
--    the trainer is told nothing of the other record).

CREATE TABLE possible_duplicate (
	contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,  -- the record flagged
	other_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,    -- the record it may duplicate
	match TEXT NOT NULL CHECK (match IN ('e-mail', 'phone', 'name')),
	flagged_on TEXT NOT NULL,
	flagged_by INTEGER REFERENCES account(id),
	PRIMARY KEY (contact_id, other_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX possible_duplicate_other ON possible_duplicate(other_id);

-- Views and triggers that name a rebuilt table are dropped first and made
-- again at the end (step 8 of the procedure: a rename checks them, and the
-- table they name is gone for a moment): 0014's views, 0014's trigger on
-- contact, 0015's triggers that read disclosure and subject_request.
DROP VIEW soft_opt_in_standing;
DROP TRIGGER sale_email_restricted;
DROP TRIGGER request_recipient_on_link;
DROP TRIGGER request_recipient_on_move;

-- The highest number the audit trail names per entity: one pass over it.
CREATE TEMP TABLE audited_last_id AS
	SELECT entity, max(record_id) AS last_id FROM audit_entry WHERE record_id > 0 GROUP BY entity;

-- account
CREATE TABLE account_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO account_new SELECT * FROM account;
DROP TABLE account;
ALTER TABLE account_new RENAME TO account;

DELETE FROM sqlite_sequence WHERE name = 'account';
INSERT INTO sqlite_sequence (name, seq) SELECT 'account', max((SELECT coalesce(max(id), 0) FROM account), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'account'), 0));

-- organisation
CREATE TABLE organisation_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	business_id TEXT NOT NULL DEFAULT '',   -- Y-tunnus 1234567-8 when country is FI, else free text
	country TEXT NOT NULL DEFAULT 'FI' REFERENCES country(code),
	street TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	group_company INTEGER NOT NULL DEFAULT 0 CHECK (group_company IN (0, 1)), -- our own group (notice §2.3, §2.5)
	sort_key TEXT NOT NULL,                  -- Finnish order of the name
	search_text TEXT NOT NULL,               -- folded words for search
	version INTEGER NOT NULL DEFAULT 1,      -- raised by every change: the lost-update check
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	changed_at TEXT NOT NULL,
	changed_by INTEGER REFERENCES account(id)
) STRICT;
INSERT INTO organisation_new SELECT * FROM organisation;
DROP TABLE organisation;
ALTER TABLE organisation_new RENAME TO organisation;
CREATE INDEX organisation_sort ON organisation(sort_key, id);
CREATE UNIQUE INDEX organisation_business_id ON organisation(country, business_id) WHERE business_id <> '';

DELETE FROM sqlite_sequence WHERE name = 'organisation';
INSERT INTO sqlite_sequence (name, seq) SELECT 'organisation', max((SELECT coalesce(max(id), 0) FROM organisation), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'organisation'), 0));

-- contact
CREATE TABLE contact_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	first_name TEXT NOT NULL,
	last_name TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	organisation_id INTEGER REFERENCES organisation(id), -- NULL: a private person
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	street TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT 'FI' REFERENCES country(code),
	language TEXT NOT NULL DEFAULT 'fi' CHECK (language = 'fi' OR language = 'sv' OR language = 'en'),
	notes TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL CHECK (source = 'person' OR source = 'company' OR source = 'employer' OR source = 'registering-party'
		OR source = 'public-source' OR source = 'service-agreement' OR source = 'fault-report'
		OR source = 'maintenance-order' OR source = 'event-registration' OR source = 'interest'),          -- notice §1
	source_detail TEXT NOT NULL DEFAULT '',          -- the named party or public source
	interest_channel TEXT NOT NULL DEFAULT '' CHECK (interest_channel = '' OR interest_channel = 'phone' OR interest_channel = 'web'
		OR interest_channel = 'email' OR interest_channel = 'other'), -- notice §1.3
	interest_date TEXT NOT NULL DEFAULT '',
	relationship_start TEXT NOT NULL DEFAULT '',
	relationship_end TEXT NOT NULL DEFAULT '',
	last_reviewed TEXT NOT NULL DEFAULT '',          -- the annual review, notice §4.1
	merged_into INTEGER REFERENCES contact(id),      -- set when merged: this id resolves to the survivor
	sort_key TEXT NOT NULL,                          -- Finnish order: last name, first name
	search_text TEXT NOT NULL,                       -- folded words: names, organisation, e-mail, phone
	email_key TEXT NOT NULL DEFAULT '',              -- duplicate detection keys, folded
	phone_key TEXT NOT NULL DEFAULT '',
	name_key TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	changed_at TEXT NOT NULL,
	changed_by INTEGER REFERENCES account(id)
, restricted_until TEXT NOT NULL DEFAULT '') STRICT;
INSERT INTO contact_new SELECT * FROM contact;
DROP TABLE contact;
ALTER TABLE contact_new RENAME TO contact;
CREATE INDEX contact_organisation ON contact(organisation_id);
CREATE INDEX contact_email_key ON contact(email_key) WHERE email_key <> '';
CREATE INDEX contact_phone_key ON contact(phone_key) WHERE phone_key <> '';
CREATE INDEX contact_sort ON contact(sort_key, id, search_text, restricted_until) WHERE merged_into IS NULL;
CREATE INDEX contact_merged_into ON contact(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX contact_review ON contact(sort_key, id, changed_at, interest_date, relationship_start, relationship_end,
	last_reviewed) WHERE merged_into IS NULL AND restricted_until = '';
CREATE INDEX contact_name_key ON contact(name_key, organisation_id);
CREATE INDEX contact_restricted ON contact(id) WHERE restricted_until <> '';   -- 0018

DELETE FROM sqlite_sequence WHERE name = 'contact';
INSERT INTO sqlite_sequence (name, seq) SELECT 'contact', max((SELECT coalesce(max(id), 0) FROM contact), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'contact'), 0));

-- maintenance_reference
CREATE TABLE maintenance_reference_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	kind TEXT NOT NULL CHECK (kind IN ('service-agreement', 'fault-report', 'maintenance-order')),
	reference TEXT NOT NULL,
	date TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO maintenance_reference_new SELECT * FROM maintenance_reference;
DROP TABLE maintenance_reference;
ALTER TABLE maintenance_reference_new RENAME TO maintenance_reference;
CREATE INDEX maintenance_reference_contact ON maintenance_reference(contact_id);

DELETE FROM sqlite_sequence WHERE name = 'maintenance_reference';
INSERT INTO sqlite_sequence (name, seq) SELECT 'maintenance_reference', max((SELECT coalesce(max(id), 0) FROM maintenance_reference), 0);

-- recipient
CREATE TABLE recipient_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('partner', 'subcontractor', 'group-company', 'survey-partner',
		'external-trainer', 'venue')),
	country TEXT NOT NULL REFERENCES country(code),
	safeguard TEXT NOT NULL DEFAULT '' CHECK (safeguard IN ('', 'adequacy', 'scc', 'other')),
	safeguard_reference TEXT NOT NULL DEFAULT '',
	safeguard_date TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;
INSERT INTO recipient_new SELECT * FROM recipient;
DROP TABLE recipient;
ALTER TABLE recipient_new RENAME TO recipient;

DELETE FROM sqlite_sequence WHERE name = 'recipient';
INSERT INTO sqlite_sequence (name, seq) SELECT 'recipient', max((SELECT coalesce(max(id), 0) FROM recipient), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'recipient'), 0));

-- disclosure
CREATE TABLE disclosure_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL CHECK (kind IN ('export', 'manual')),
	recipient_id INTEGER NOT NULL REFERENCES recipient(id),
	purpose TEXT NOT NULL,                   -- a purpose code, or the reason of a manual disclosure
	legal_ground TEXT NOT NULL,
	fields TEXT NOT NULL,                    -- the columns disclosed
	file_name TEXT NOT NULL DEFAULT '',
	file_sha256 TEXT NOT NULL DEFAULT '',
	contact_count INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	made_at TEXT NOT NULL,
	made_by INTEGER REFERENCES account(id)
) STRICT;
INSERT INTO disclosure_new SELECT * FROM disclosure;
DROP TABLE disclosure;
ALTER TABLE disclosure_new RENAME TO disclosure;
CREATE INDEX disclosure_made_at ON disclosure(made_at);

DELETE FROM sqlite_sequence WHERE name = 'disclosure';
INSERT INTO sqlite_sequence (name, seq) SELECT 'disclosure', max((SELECT coalesce(max(id), 0) FROM disclosure), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'disclosure'), 0));

-- course
CREATE TABLE course_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	certificate_kind TEXT NOT NULL DEFAULT 'certificate' CHECK (certificate_kind IN ('none', 'certificate', 'permit-card')),
	validity_months INTEGER NOT NULL DEFAULT 0 CHECK (validity_months >= 0), -- 0: does not expire
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;
INSERT INTO course_new SELECT * FROM course;
DROP TABLE course;
ALTER TABLE course_new RENAME TO course;

DELETE FROM sqlite_sequence WHERE name = 'course';
INSERT INTO sqlite_sequence (name, seq) SELECT 'course', max((SELECT coalesce(max(id), 0) FROM course), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'course'), 0));

-- training_session
CREATE TABLE training_session_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	course_id INTEGER NOT NULL REFERENCES course(id),
	starts_at TEXT NOT NULL,                   -- YYYY-MM-DD HH:MM
	place TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
	trainer_account_id INTEGER REFERENCES account(id),
	external_trainer_id INTEGER REFERENCES recipient(id),
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id), erased_participants INTEGER NOT NULL DEFAULT 0,
	CHECK ((trainer_account_id IS NULL) <> (external_trainer_id IS NULL))
) STRICT;
INSERT INTO training_session_new SELECT * FROM training_session;
DROP TABLE training_session;
ALTER TABLE training_session_new RENAME TO training_session;
CREATE INDEX training_session_trainer ON training_session(trainer_account_id, starts_at);

DELETE FROM sqlite_sequence WHERE name = 'training_session';
INSERT INTO sqlite_sequence (name, seq) SELECT 'training_session', max((SELECT coalesce(max(id), 0) FROM training_session), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'training_session'), 0));

-- registration
CREATE TABLE registration_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id INTEGER NOT NULL REFERENCES training_session(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	registered_by TEXT NOT NULL CHECK (registered_by IN ('self', 'employer', 'other')),
	registered_by_name TEXT NOT NULL DEFAULT '',  -- the employer or the other party
	registered_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
	attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'present', 'absent', 'partly')),
	UNIQUE (session_id, contact_id)
) STRICT;
INSERT INTO registration_new SELECT * FROM registration;
DROP TABLE registration;
ALTER TABLE registration_new RENAME TO registration;
CREATE INDEX registration_contact ON registration(contact_id);

DELETE FROM sqlite_sequence WHERE name = 'registration';
INSERT INTO sqlite_sequence (name, seq) SELECT 'registration', max((SELECT coalesce(max(id), 0) FROM registration), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'registration'), 0));

-- certificate
CREATE TABLE certificate_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	registration_id INTEGER NOT NULL REFERENCES registration(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	kind TEXT NOT NULL CHECK (kind IN ('certificate', 'permit-card')),
	number TEXT NOT NULL UNIQUE,
	issued_on TEXT NOT NULL,
	valid_until TEXT NOT NULL DEFAULT '',      -- '' when it does not expire
	issuer_account_id INTEGER REFERENCES account(id),
	issuer_recipient_id INTEGER REFERENCES recipient(id),
	UNIQUE (registration_id)
) STRICT;
INSERT INTO certificate_new SELECT * FROM certificate;
DROP TABLE certificate;
ALTER TABLE certificate_new RENAME TO certificate;
CREATE INDEX certificate_contact ON certificate(contact_id);
CREATE INDEX certificate_valid_until ON certificate(valid_until);

DELETE FROM sqlite_sequence WHERE name = 'certificate';
INSERT INTO sqlite_sequence (name, seq) SELECT 'certificate', max((SELECT coalesce(max(id), 0) FROM certificate), 0);

-- event
CREATE TABLE event_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	date TEXT NOT NULL,
	venue_recipient_id INTEGER REFERENCES recipient(id), -- NULL: our own premises
	place TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
, erased_participants INTEGER NOT NULL DEFAULT 0) STRICT;
INSERT INTO event_new SELECT * FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;

DELETE FROM sqlite_sequence WHERE name = 'event';
INSERT INTO sqlite_sequence (name, seq) SELECT 'event', max((SELECT coalesce(max(id), 0) FROM event), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'event'), 0));

-- event_registration
CREATE TABLE event_registration_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id INTEGER NOT NULL REFERENCES event(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	source TEXT NOT NULL CHECK (source IN ('sign-up', 'web', 'email', 'phone', 'in-person', 'other')),
	registered_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
	attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'present', 'absent')),
	UNIQUE (event_id, contact_id)
) STRICT;
INSERT INTO event_registration_new SELECT * FROM event_registration;
DROP TABLE event_registration;
ALTER TABLE event_registration_new RENAME TO event_registration;
CREATE INDEX event_registration_contact ON event_registration(contact_id);

DELETE FROM sqlite_sequence WHERE name = 'event_registration';
INSERT INTO sqlite_sequence (name, seq) SELECT 'event_registration', max((SELECT coalesce(max(id), 0) FROM event_registration), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'event_registration'), 0));

-- subject_request
CREATE TABLE subject_request_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL CHECK (kind IN ('inspection', 'rectification', 'erasure', 'objection')),
	channel TEXT NOT NULL CHECK (channel IN ('in-person', 'letter', 'email', 'phone', 'other')),
	envelope_marking TEXT NOT NULL DEFAULT '',      -- a letter: asiakasrekisteri/... (notice §6.5)
	signature_handwritten INTEGER NOT NULL DEFAULT 0 CHECK (signature_handwritten IN (0, 1)),
	requester_name TEXT NOT NULL DEFAULT '',
	identifying_details TEXT NOT NULL DEFAULT '',   -- as given, to find exactly their data
	representative_name TEXT NOT NULL DEFAULT '',   -- on someone's behalf
	authorisation TEXT NOT NULL DEFAULT '',         -- what authorisation the representative showed
	received_on TEXT NOT NULL,
	due_on TEXT NOT NULL,                           -- GDPR Art. 12(3)
	extended_due_on TEXT NOT NULL DEFAULT '',
	extension_reason TEXT NOT NULL DEFAULT '',
	extension_told_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'identity-verified', 'in-progress', 'completed', 'refused')),
	refusal_reason TEXT NOT NULL DEFAULT '',
	charge_decision TEXT NOT NULL DEFAULT '' CHECK (charge_decision IN ('', 'free', 'fee', 'fee-waived')), -- notice §6.7
	outcome TEXT NOT NULL DEFAULT '',
	told_valid_way INTEGER NOT NULL DEFAULT 0,      -- e-mail/phone: told how to make a valid request
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	closed_at TEXT NOT NULL DEFAULT '',
	closed_by INTEGER REFERENCES account(id),
	-- 0015_request_rights.sql
	verification_means TEXT NOT NULL DEFAULT ''
		CHECK (verification_means IN ('', 'id-check', 'signed-letter', 'email-on-record', 'phone-on-record')),
	charge_ground TEXT NOT NULL DEFAULT ''
		CHECK (charge_ground IN ('', 'manifestly-unfounded', 'excessive', 'further-copy')),
	charge_reason TEXT NOT NULL DEFAULT '',
	charge_fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (charge_fee_cents >= 0),
	extension_override_reason TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO subject_request_new SELECT * FROM subject_request;
DROP TABLE subject_request;
ALTER TABLE subject_request_new RENAME TO subject_request;
CREATE INDEX subject_request_open ON subject_request(status, due_on);

DELETE FROM sqlite_sequence WHERE name = 'subject_request';
INSERT INTO sqlite_sequence (name, seq) SELECT 'subject_request', max((SELECT coalesce(max(id), 0) FROM subject_request), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'request'), 0));

-- legal_hold
CREATE TABLE legal_hold_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	law TEXT NOT NULL CHECK (law IN ('accounting-act-ledger', 'accounting-act-voucher', 'other')),
	law_name TEXT NOT NULL DEFAULT '',      -- the other law, named
	covers TEXT NOT NULL,                   -- e.g. contact data tied to invoices
	basis_date TEXT NOT NULL DEFAULT '',    -- end of the financial year the Accounting Act counts from
	until TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	-- 0018_held_fields.sql
	fields TEXT NOT NULL DEFAULT 'name,organisation,references'
) STRICT;
INSERT INTO legal_hold_new SELECT * FROM legal_hold;
DROP TABLE legal_hold;
ALTER TABLE legal_hold_new RENAME TO legal_hold;
CREATE INDEX legal_hold_contact ON legal_hold(contact_id, until);

DELETE FROM sqlite_sequence WHERE name = 'legal_hold';
INSERT INTO sqlite_sequence (name, seq) SELECT 'legal_hold', max((SELECT coalesce(max(id), 0) FROM legal_hold), 0);

-- review_round
CREATE TABLE review_round_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	year INTEGER NOT NULL,
	opened_at TEXT NOT NULL,
	opened_by INTEGER REFERENCES account(id),
	closed_at TEXT NOT NULL DEFAULT '',
	closed_by INTEGER REFERENCES account(id),
	summary TEXT NOT NULL DEFAULT ''        -- the signed-off summary, as printed
) STRICT;
INSERT INTO review_round_new SELECT * FROM review_round;
DROP TABLE review_round;
ALTER TABLE review_round_new RENAME TO review_round;

DELETE FROM sqlite_sequence WHERE name = 'review_round';
INSERT INTO sqlite_sequence (name, seq) SELECT 'review_round', max((SELECT coalesce(max(id), 0) FROM review_round), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'review_round'), 0));

-- import_mapping
CREATE TABLE import_mapping_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL UNIQUE,               -- chosen by the user
	header_key TEXT NOT NULL,                -- the headers, folded (lower case, no accents), joined by '|'
	columns TEXT NOT NULL,                   -- one line per column: folded header, TAB, target code
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	changed_at TEXT NOT NULL,
	changed_by INTEGER REFERENCES account(id)
) STRICT;
INSERT INTO import_mapping_new SELECT * FROM import_mapping;
DROP TABLE import_mapping;
ALTER TABLE import_mapping_new RENAME TO import_mapping;
CREATE INDEX import_mapping_header ON import_mapping(header_key, changed_at);

DELETE FROM sqlite_sequence WHERE name = 'import_mapping';
INSERT INTO sqlite_sequence (name, seq) SELECT 'import_mapping', max((SELECT coalesce(max(id), 0) FROM import_mapping), coalesce((SELECT last_id FROM temp.audited_last_id WHERE entity = 'import_mapping'), 0));


DROP TABLE temp.audited_last_id;

-- Made again as 0014 and 0015 made them.
CREATE TRIGGER sale_email_restricted AFTER UPDATE OF restricted_until ON contact
	WHEN new.restricted_until <> ''
BEGIN DELETE FROM sale_email WHERE contact_id = new.id; END;
CREATE VIEW soft_opt_in_standing AS
SELECT s.contact_id, p.code AS purpose, s.id AS sale_email_id, s.offered_on
FROM sale_email s CROSS JOIN contact c ON c.id = s.contact_id CROSS JOIN purpose p ON p.soft_opt_in = 1 AND p.third_party = 0
WHERE c.email <> '' AND lower(s.email) = lower(c.email)
AND NOT EXISTS (SELECT 1 FROM consent_event x WHERE x.contact_id = s.contact_id AND x.purpose = p.code
	AND x.state IN ('objection', 'none') AND x.given_on >= s.offered_on);
CREATE TRIGGER request_recipient_on_link AFTER INSERT ON request_contact BEGIN
	INSERT OR IGNORE INTO request_recipient (request_id, recipient_id)
		SELECT NEW.request_id, d.recipient_id FROM disclosure_contact dc JOIN disclosure d ON d.id = dc.disclosure_id
		WHERE dc.contact_id = NEW.contact_id;
END;
CREATE TRIGGER request_recipient_on_move AFTER UPDATE OF contact_id ON disclosure_contact BEGIN
	INSERT OR IGNORE INTO request_recipient (request_id, recipient_id)
		SELECT rc.request_id, d.recipient_id FROM request_contact rc JOIN disclosure d ON d.id = NEW.disclosure_id
		JOIN subject_request r ON r.id = rc.request_id
		WHERE rc.contact_id = NEW.contact_id AND r.status NOT IN ('completed', 'refused');
END;

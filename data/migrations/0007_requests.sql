-- Data-subject requests (notice §4.2, §6), ID checks, legal holds, erasure.

-- A request. What identifies the requester is kept only while it is needed:
-- a completed erasure request keeps its number, kind, dates, outcome and
-- handler, not the person (notice §6.4).
CREATE TABLE subject_request (
	id INTEGER PRIMARY KEY,
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
	closed_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX subject_request_open ON subject_request(status, due_on);

-- The check is recorded, never the document: no number, no identity code.
CREATE TABLE id_check (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES subject_request(id),
	document_kind TEXT NOT NULL CHECK (document_kind IN ('passport', 'identity-card', 'driving-licence', 'other')),
	photo_matched INTEGER NOT NULL CHECK (photo_matched IN (0, 1)),
	name_matched INTEGER NOT NULL CHECK (name_matched IN (0, 1)),
	concerns TEXT NOT NULL CHECK (concerns IN ('requester', 'representative')),
	checked_at TEXT NOT NULL,
	checked_by INTEGER REFERENCES account(id)
) STRICT;

CREATE TABLE request_contact (
	request_id INTEGER NOT NULL REFERENCES subject_request(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	PRIMARY KEY (request_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_contact_by_contact ON request_contact(contact_id);

-- GDPR Art. 19: recipients told of a rectification or erasure.
CREATE TABLE recipient_notification (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES subject_request(id),
	recipient_id INTEGER NOT NULL REFERENCES recipient(id),
	notified_on TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER REFERENCES account(id),
	UNIQUE (request_id, recipient_id)
) STRICT;

-- Legal holds (notice §4.2, §6.4): what law keeps what until when.
CREATE TABLE legal_hold (
	id INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	law TEXT NOT NULL CHECK (law IN ('accounting-act-ledger', 'accounting-act-voucher', 'other')),
	law_name TEXT NOT NULL DEFAULT '',      -- the other law, named
	covers TEXT NOT NULL,                   -- e.g. contact data tied to invoices
	basis_date TEXT NOT NULL DEFAULT '',    -- end of the financial year the Accounting Act counts from
	until TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX legal_hold_contact ON legal_hold(contact_id, until);

-- An erased person under a hold stays, restricted: stored, shown to the
-- privacy officer, used for nothing else (GDPR Art. 17(3)(b), 18).
ALTER TABLE contact ADD COLUMN restricted_until TEXT NOT NULL DEFAULT '';

-- Trainings and events keep anonymous counts of erased participants.
ALTER TABLE training_session ADD COLUMN erased_participants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN erased_participants INTEGER NOT NULL DEFAULT 0;

-- The register itself (notice §1): organisations and contacts.
-- No personal identity code anywhere: the register has no need for it.
-- No hard delete: a contact leaves only through erasure (notice §4.2, §6.4).

CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
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
CREATE INDEX organisation_sort ON organisation(sort_key, id);
CREATE UNIQUE INDEX organisation_business_id ON organisation(country, business_id) WHERE business_id <> '';

CREATE TABLE contact (
	id INTEGER PRIMARY KEY,
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
	language TEXT NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
	notes TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL CHECK (source IN ('person', 'company', 'employer', 'registering-party',
		'public-source', 'service-agreement', 'fault-report', 'maintenance-order',
		'event-registration', 'interest')),          -- notice §1
	source_detail TEXT NOT NULL DEFAULT '',          -- the named party or public source
	interest_channel TEXT NOT NULL DEFAULT '' CHECK (interest_channel IN ('', 'phone', 'web', 'email', 'other')), -- notice §1.3
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
) STRICT;
CREATE INDEX contact_sort ON contact(sort_key, id) WHERE merged_into IS NULL;
CREATE INDEX contact_organisation ON contact(organisation_id);
CREATE INDEX contact_email_key ON contact(email_key) WHERE email_key <> '';
CREATE INDEX contact_phone_key ON contact(phone_key) WHERE phone_key <> '';
CREATE INDEX contact_name_key ON contact(name_key);

CREATE TABLE contact_category (
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	category TEXT NOT NULL CHECK (category IN ('customer', 'stakeholder', 'maintenance', 'prospect',
		'training', 'event')),
	PRIMARY KEY (contact_id, category)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_category_by_category ON contact_category(category, contact_id);

-- Maintenance contacts are linked to the agreement, report or order (notice §1.2).
CREATE TABLE maintenance_reference (
	id INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	kind TEXT NOT NULL CHECK (kind IN ('service-agreement', 'fault-report', 'maintenance-order')),
	reference TEXT NOT NULL,
	date TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX maintenance_reference_contact ON maintenance_reference(contact_id);

-- Search indexes over the folded words; kept in step by the core (contact_store.c),
-- which a bulk load may rebuild at once instead.
CREATE VIRTUAL TABLE contact_search USING fts5(
	search_text, content='contact', content_rowid='id',
	tokenize="unicode61 remove_diacritics 2", prefix='1 2 3', detail=none);
CREATE VIRTUAL TABLE organisation_search USING fts5(
	search_text, content='organisation', content_rowid='id',
	tokenize="unicode61 remove_diacritics 2", prefix='1 2 3', detail=none);

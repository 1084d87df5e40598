-- Bans, consents and disclosures (notice §1.3, §1.5, §2, §3, §6.3).

-- Purposes a contact may be used for; the privacy officer can add one.
CREATE TABLE purpose (
	code TEXT PRIMARY KEY,
	name_en TEXT NOT NULL,
	name_fi TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('postal', 'email', 'phone', 'none')), -- the address it needs
	consent_for_private INTEGER NOT NULL DEFAULT 0 CHECK (consent_for_private IN (0, 1)), -- 917/2014 §200
	export_fields TEXT NOT NULL,          -- the only columns an export for this purpose carries
	legal_ground TEXT NOT NULL,           -- recorded with every disclosure
	sort_order INTEGER NOT NULL DEFAULT 100,
	created_at TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES account(id)
) STRICT;

INSERT INTO purpose (code, name_en, name_fi, channel, consent_for_private, export_fields, legal_ground, sort_order) VALUES
	('postal-mail', 'postal direct mail', 'postitse tuleva suoramarkkinointi', 'postal', 0,
	 'first_name,last_name,organisation,street,postal_code,city,country', 'legitimate interest (GDPR Art. 6(1)(f))', 10),
	('electronic-marketing', 'electronic direct marketing (e-mail, SMS)', 'sähköinen suoramarkkinointi (sähköposti, tekstiviesti)', 'email', 1,
	 'first_name,last_name,email', 'consent or customer relationship (917/2014 §200, §202)', 20),
	('phone-marketing', 'telephone marketing', 'puhelinmarkkinointi', 'phone', 0,
	 'first_name,last_name,organisation,phone', 'legitimate interest (GDPR Art. 6(1)(f))', 30),
	('newsletter', 'newsletters', 'uutiskirjeet', 'email', 0,
	 'first_name,last_name,email', 'legitimate interest (GDPR Art. 6(1)(f))', 40),
	('survey', 'customer surveys and market research', 'asiakastutkimukset ja markkinatutkimus', 'email', 0,
	 'first_name,last_name,organisation,email', 'legitimate interest (GDPR Art. 6(1)(f))', 50),
	('partner-marketing', 'disclosure to partners and group companies for their marketing', 'luovutus yhteistyökumppaneille ja konserniyhtiöille markkinointiin', 'postal', 0,
	 'first_name,last_name,organisation,street,postal_code,city,country,email', 'legitimate interest (GDPR Art. 6(1)(f))', 60);

-- Every statement of a person about a purpose; nothing is overwritten: the
-- current state is the latest row (notice §1.5, §6.3).
CREATE TABLE consent_event (
	id INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	purpose TEXT NOT NULL REFERENCES purpose(code),
	state TEXT NOT NULL CHECK (state IN ('consent', 'objection', 'none')),
	given_on TEXT NOT NULL,                  -- the person's date
	channel TEXT NOT NULL CHECK (channel IN ('in-person', 'letter', 'phone', 'email', 'web-form', 'employer')),
	note TEXT NOT NULL DEFAULT '',
	wording TEXT NOT NULL DEFAULT '',        -- a consent: the notice version or wording it was given against
	expires_on TEXT NOT NULL DEFAULT '',     -- a consent counts as nothing said after this date
	recorded_at TEXT NOT NULL,
	recorded_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX consent_event_current ON consent_event(contact_id, purpose, id);
CREATE TRIGGER consent_event_no_update BEFORE UPDATE OF state, given_on, channel, note, wording, expires_on,
	recorded_at, recorded_by, purpose ON consent_event
BEGIN SELECT RAISE(ABORT, 'consent history is never overwritten'); END;

-- Recipients of disclosures (notice §2.1-§2.7) and their transfer safeguard (notice §3.1).
CREATE TABLE recipient (
	id INTEGER PRIMARY KEY,
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

-- Every disclosure: an export, or one recorded by hand on a contact.
CREATE TABLE disclosure (
	id INTEGER PRIMARY KEY,
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
CREATE INDEX disclosure_made_at ON disclosure(made_at);

CREATE TABLE disclosure_contact (
	disclosure_id INTEGER NOT NULL REFERENCES disclosure(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	PRIMARY KEY (disclosure_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX disclosure_contact_by_contact ON disclosure_contact(contact_id, disclosure_id);

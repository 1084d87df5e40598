-- Bans and consents: the newest statement by the person's date wins, the
-- purposes reviewed against 917/2014 §200-§202, and the §200(2) soft opt-in.

-- The standing statement per contact and purpose: the newest by the date the
-- person gave it, then by entry (GDPR Art. 7(3), 21(3); notice §6.3). Every
-- reader (exports, list markers, the access report, ban show) goes through
-- this one definition.
DROP INDEX consent_event_current;
CREATE INDEX consent_event_standing ON consent_event(contact_id, purpose, given_on, id);
CREATE VIEW consent_standing AS
SELECT e.* FROM consent_event e
WHERE e.id = (SELECT x.id FROM consent_event x WHERE x.contact_id = e.contact_id AND x.purpose = e.purpose
	ORDER BY x.given_on DESC, x.id DESC LIMIT 1);

-- soft_opt_in: the company's own similar products' electronic marketing, which
-- 917/2014 §200(2) allows to a customer whose address it got in a sale;
-- third_party: the purpose hands data to others, so never soft opt-in.
ALTER TABLE purpose ADD COLUMN soft_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (soft_opt_in IN (0, 1));
ALTER TABLE purpose ADD COLUMN third_party INTEGER NOT NULL DEFAULT 0 CHECK (third_party IN (0, 1));

-- The review (917/2014 §200(1)): e-mail newsletters and e-mail handed to
-- partners for their marketing need a private person's consent.
UPDATE purpose SET soft_opt_in = 1, legal_ground = 'consent, or own similar products to a customer (917/2014 §200, §202)'
	WHERE code = 'electronic-marketing';
UPDATE purpose SET consent_for_private = 1, legal_ground = 'consent (917/2014 §200(1)); at an organisation unless objected (§202)'
	WHERE code = 'newsletter';
UPDATE purpose SET consent_for_private = 1, third_party = 1,
	legal_ground = 'consent of a private person (917/2014 §200(1)); at an organisation legitimate interest (GDPR Art. 6(1)(f), §202)'
	WHERE code = 'partner-marketing';

-- A customer's e-mail address obtained in the sale of a product or service,
-- with a free and easy refusal offered when it was collected (917/2014
-- §200(2)): who recorded it and when. It covers that address only.
CREATE TABLE sale_email (
	id INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
	email TEXT NOT NULL,
	offered_on TEXT NOT NULL,                -- the sale, when the refusal was offered
	note TEXT NOT NULL DEFAULT '',
	recorded_at TEXT NOT NULL,
	recorded_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX sale_email_by_contact ON sale_email(contact_id, offered_on);
-- An erased record held by law is used for nothing: its soft opt-in goes.
CREATE TRIGGER sale_email_restricted AFTER UPDATE OF restricted_until ON contact
	WHEN new.restricted_until <> ''
BEGIN DELETE FROM sale_email WHERE contact_id = new.id; END;

-- Where the soft opt-in stands, per contact and purpose: recorded for the
-- contact's present address, and no ban or withdrawal for the purpose given
-- on or after the sale (the person has not refused since). CROSS JOIN keeps
-- sale_email the outer loop: a probe per contact of an export finds nothing
-- in the small table before it would read the contact row.
CREATE VIEW soft_opt_in_standing AS
SELECT s.contact_id, p.code AS purpose, s.id AS sale_email_id, s.offered_on
FROM sale_email s CROSS JOIN contact c ON c.id = s.contact_id CROSS JOIN purpose p ON p.soft_opt_in = 1 AND p.third_party = 0
WHERE c.email <> '' AND lower(s.email) = lower(c.email)
AND NOT EXISTS (SELECT 1 FROM consent_event x WHERE x.contact_id = s.contact_id AND x.purpose = p.code
	AND x.state IN ('objection', 'none') AND x.given_on >= s.offered_on);

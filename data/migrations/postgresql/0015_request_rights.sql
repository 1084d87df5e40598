-- Requests as the GDPR has them (Art. 12, 15(3), 19): how the identity was
-- verified, the privacy officer's charge finding, a late extension's
-- override, and the recipients each request must tell.
-- PostgreSQL dialect of ../0015_request_rights.sql.

-- Any reasonable means verifies the identity (GDPR Art. 12(6)); which one is
-- recorded. The ID check's document number never is.
ALTER TABLE subject_request ADD COLUMN verification_means text COLLATE "C" NOT NULL DEFAULT ''
	CHECK (verification_means IN ('', 'id-check', 'signed-letter', 'email-on-record', 'phone-on-record'));
UPDATE subject_request SET verification_means = 'id-check'
	WHERE EXISTS (SELECT 1 FROM id_check c WHERE c.request_id = subject_request.id AND c.photo_matched <> 0 AND c.name_matched <> 0);
UPDATE subject_request SET verification_means = 'signed-letter'
	WHERE verification_means = '' AND channel = 'letter' AND status IN ('identity-verified', 'in-progress', 'completed');

-- A fee or a refusal needs the privacy officer's finding (GDPR Art. 12(5),
-- 15(3)): its ground, why, and the fee in cents.
ALTER TABLE subject_request ADD COLUMN charge_ground text COLLATE "C" NOT NULL DEFAULT ''
	CHECK (charge_ground IN ('', 'manifestly-unfounded', 'excessive', 'further-copy'));
ALTER TABLE subject_request ADD COLUMN charge_reason text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE subject_request ADD COLUMN charge_fee_cents bigint NOT NULL DEFAULT 0 CHECK (charge_fee_cents >= 0);

-- An extension recorded after the first month's deadline: the privacy
-- officer's reason for overriding (GDPR Art. 12(3)).
ALTER TABLE subject_request ADD COLUMN extension_override_reason text COLLATE "C" NOT NULL DEFAULT '';

-- GDPR Art. 19: the recipients that received the data of a person linked to
-- the request. Only recipient ids, nothing of the person, so the list
-- outlives an erasure of the person's links and disclosures.
CREATE TABLE request_recipient (
	request_id bigint NOT NULL REFERENCES subject_request(id),
	recipient_id bigint NOT NULL REFERENCES recipient(id),
	PRIMARY KEY (request_id, recipient_id)
);

INSERT INTO request_recipient (request_id, recipient_id)
	SELECT rc.request_id, d.recipient_id FROM request_contact rc
	JOIN disclosure_contact dc ON dc.contact_id = rc.contact_id JOIN disclosure d ON d.id = dc.disclosure_id
	ON CONFLICT DO NOTHING;

-- Kept up to date as contacts are linked (or their disclosures moved by a
-- merge), whichever module does it; a new disclosure adds its recipient in
-- one statement when it is recorded (src/disclosure.c), not a trigger on
-- every row of disclosure_contact.
CREATE FUNCTION request_recipient_on_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO request_recipient (request_id, recipient_id)
		SELECT NEW.request_id, d.recipient_id FROM disclosure_contact dc JOIN disclosure d ON d.id = dc.disclosure_id
		WHERE dc.contact_id = NEW.contact_id
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
CREATE TRIGGER request_recipient_on_link AFTER INSERT ON request_contact
	FOR EACH ROW EXECUTE FUNCTION request_recipient_on_link();
CREATE FUNCTION request_recipient_on_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO request_recipient (request_id, recipient_id)
		SELECT rc.request_id, d.recipient_id FROM request_contact rc JOIN disclosure d ON d.id = NEW.disclosure_id
		JOIN subject_request r ON r.id = rc.request_id
		WHERE rc.contact_id = NEW.contact_id AND r.status NOT IN ('completed', 'refused')
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
CREATE TRIGGER request_recipient_on_move AFTER UPDATE OF contact_id ON disclosure_contact
	FOR EACH ROW EXECUTE FUNCTION request_recipient_on_move();

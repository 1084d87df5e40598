-- Retention rules, the annual review and its rounds (notice §4.1, §4.2).

-- Each rule says which contacts it concerns, which date it counts from and
-- after how many months they are due for erasure. The defaults below are
-- the notice's; the privacy officer keeps them.
CREATE TABLE retention_rule (
	code TEXT PRIMARY KEY,
	name_en TEXT NOT NULL,
	name_fi TEXT NOT NULL,
	category TEXT NOT NULL DEFAULT '',     -- a contact category, or '' for every contact
	counts_from TEXT NOT NULL CHECK (counts_from IN ('last-activity', 'last-event', 'card-expiry', 'relationship-end')),
	months INTEGER NOT NULL CHECK (months >= 0),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO retention_rule (code, name_en, name_fi, category, counts_from, months) VALUES
	('prospect-inactive', 'prospect with no activity', 'potentiaalinen asiakas ilman toimintaa', 'prospect', 'last-activity', 24),
	('event-participant', 'event participant after the event', 'tapahtuman osallistuja tapahtuman jälkeen', 'event', 'last-event', 12),
	('training-participant', 'training participant after the newest card expired', 'koulutukseen osallistuja uusimman kortin vanhennuttua', 'training', 'card-expiry', 12),
	('relationship-ended', 'relationship ended', 'asiakkuus päättynyt', '', 'relationship-end', 6);

CREATE TABLE review_round (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL,
	opened_at TEXT NOT NULL,
	opened_by INTEGER REFERENCES account(id),
	closed_at TEXT NOT NULL DEFAULT '',
	closed_by INTEGER REFERENCES account(id),
	summary TEXT NOT NULL DEFAULT ''        -- the signed-off summary, as printed
) STRICT;

-- Decisions name the record by number only: an erased person leaves no name here.
CREATE TABLE review_decision (
	id INTEGER PRIMARY KEY,
	round_id INTEGER REFERENCES review_round(id),
	contact_id INTEGER NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('keep', 'erase', 'end-relationship', 'held')),
	reason TEXT NOT NULL DEFAULT '',
	rule_code TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL,
	decided_by INTEGER REFERENCES account(id)
) STRICT;
CREATE INDEX review_decision_round ON review_decision(round_id, decision);

-- Trainings and events (notice §1.3, §1.4, §1.5, §2.6, §2.7).

CREATE TABLE course (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	certificate_kind TEXT NOT NULL DEFAULT 'certificate' CHECK (certificate_kind IN ('none', 'certificate', 'permit-card')),
	validity_months INTEGER NOT NULL DEFAULT 0 CHECK (validity_months >= 0), -- 0: does not expire
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;

-- A session is given by one of our trainer users or an external trainer (notice §2.6).
CREATE TABLE training_session (
	id INTEGER PRIMARY KEY,
	course_id INTEGER NOT NULL REFERENCES course(id),
	starts_at TEXT NOT NULL,                   -- YYYY-MM-DD HH:MM
	place TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
	trainer_account_id INTEGER REFERENCES account(id),
	external_trainer_id INTEGER REFERENCES recipient(id),
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id),
	CHECK ((trainer_account_id IS NULL) <> (external_trainer_id IS NULL))
) STRICT;
CREATE INDEX training_session_trainer ON training_session(trainer_account_id, starts_at);

-- Who registered the person: themselves, their employer, or another named party (notice §1.4).
CREATE TABLE registration (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES training_session(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	registered_by TEXT NOT NULL CHECK (registered_by IN ('self', 'employer', 'other')),
	registered_by_name TEXT NOT NULL DEFAULT '',  -- the employer or the other party
	registered_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
	attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'present', 'absent', 'partly')),
	UNIQUE (session_id, contact_id)
) STRICT;
CREATE INDEX registration_contact ON registration(contact_id);

CREATE TABLE certificate (
	id INTEGER PRIMARY KEY,
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
CREATE INDEX certificate_contact ON certificate(contact_id);
CREATE INDEX certificate_valid_until ON certificate(valid_until);

-- Customer events, at our premises or a third-party venue (notice §1.3, §2.7).
CREATE TABLE event (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	date TEXT NOT NULL,
	venue_recipient_id INTEGER REFERENCES recipient(id), -- NULL: our own premises
	place TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES account(id)
) STRICT;

CREATE TABLE event_registration (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	source TEXT NOT NULL CHECK (source IN ('sign-up', 'web', 'email', 'phone', 'in-person', 'other')),
	registered_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
	attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'present', 'absent')),
	UNIQUE (event_id, contact_id)
) STRICT;
CREATE INDEX event_registration_contact ON event_registration(contact_id);

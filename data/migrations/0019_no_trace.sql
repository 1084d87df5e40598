-- No trace after erasure (GDPR Art. 5(1)(c), 17, 25; notice §6.4).

-- An erasure whose last step could not run yet (another program was reading,
-- so the WAL could not be emptied to its start): the step is finished at the
-- next start, by `regdesk check`, or by a retry. No personal data: only when
-- and why.
CREATE TABLE erasure_pending (
	id INTEGER PRIMARY KEY,
	since TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
) STRICT;

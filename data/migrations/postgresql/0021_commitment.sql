-- The staff member's confidentiality commitment (notice §5.1: every employee
-- has signed a non-disclosure commitment): the date it was signed, entered
-- when the account is made. NULL for accounts made before this migration:
-- such an account cannot log in until the privacy officer records the date
-- (a privacy officer without one is asked for it at login instead).
-- PostgreSQL dialect of ../0021_commitment.sql: SQLite's GLOB
-- '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' is this anchored pattern.
ALTER TABLE account ADD COLUMN commitment_signed_on text COLLATE "C"
	CHECK (commitment_signed_on IS NULL OR commitment_signed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');

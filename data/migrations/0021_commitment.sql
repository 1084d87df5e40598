-- The staff member's confidentiality commitment (notice §5.1: every employee
-- has signed a non-disclosure commitment): the date it was signed, entered
-- when the account is made. NULL for accounts made before this migration:
-- such an account cannot log in until the privacy officer records the date
-- (a privacy officer without one is asked for it at login instead).
ALTER TABLE account ADD COLUMN commitment_signed_on TEXT
	CHECK (commitment_signed_on IS NULL OR commitment_signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

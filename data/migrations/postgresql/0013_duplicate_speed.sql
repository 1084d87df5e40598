-- The duplicate rule "same name at the same organisation" is answered from
-- the index alone: common names (hundreds of Virtanens) no longer make every
-- duplicate check read each namesake's record for its organisation (CSV
-- import of a million rows, make bench).
-- PostgreSQL dialect of ../0013_duplicate_speed.sql.
DROP INDEX contact_name_key;
CREATE INDEX contact_name_key ON contact(name_key, organisation_id);

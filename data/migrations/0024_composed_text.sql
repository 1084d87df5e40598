-- Composed Unicode text (NFC) and the CLDR Finnish order (issue 15).
--
-- Text typed on macOS, or sent by some web forms, arrives decomposed (NFD):
-- "a" and a combining diaeresis for "ä". From this version every input is
-- stored composed (forms, the core's setters, the CSV reader); rows stored
-- before may hold the decomposed form, so they are composed here, with the
-- functions the C code uses (text_register_sql_functions registers them
-- before migrations run). The same bytes for the same name: an exact
-- comparison, a duplicate check and the search all see one form.
--
-- The sort, search and duplicate keys are made again from the stored names,
-- as contact_store.c and organisation.c make them, because the Finnish
-- order changed too (Ł sorts with L and Đ with D; spaces and hyphens do not
-- count at the first level; accents and case are later levels) and the
-- search folding composes first. A restricted record's keys come from what
-- it kept, as contact_store_index_restricted makes them.

UPDATE organisation SET name = nfc(name), business_id = nfc(business_id), street = nfc(street), city = nfc(city);
UPDATE organisation SET sort_key = finnish_sort_key(name), search_text = search_fold(name);

UPDATE contact SET first_name = nfc(first_name), last_name = nfc(last_name), title = nfc(title), email = nfc(email),
	street = nfc(street), city = nfc(city), notes = nfc(notes), source_detail = nfc(source_detail);
UPDATE contact SET
	sort_key = finnish_sort_key(last_name) || char(1) || finnish_sort_key(first_name),
	search_text = search_fold(first_name || ' ' || last_name || ' '
		|| coalesce((SELECT o.name FROM organisation o WHERE o.id = contact.organisation_id), '')
		|| ' ' || email || ' ' || phone_key),
	email_key = search_fold(email),
	name_key = search_fold(first_name || ' ' || last_name);

UPDATE course SET name = nfc(name);
UPDATE recipient SET name = nfc(name);
UPDATE event SET name = nfc(name), place = nfc(place);
UPDATE training_session SET place = nfc(place);
UPDATE sale_email SET email = nfc(email);

-- The search indexes hold words of their table (external content): made
-- again from the new words; merged records taken out again, restricted ones
-- kept with their kept words (as contact_store_rebuild_search does).
INSERT INTO contact_search (contact_search) VALUES ('rebuild');
INSERT INTO contact_search (contact_search, rowid, search_text)
	SELECT 'delete', id, search_text FROM contact WHERE merged_into IS NOT NULL;
INSERT INTO organisation_search (organisation_search) VALUES ('rebuild');

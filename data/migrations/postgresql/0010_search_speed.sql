-- Search at a million contacts (figures from make bench): the Finnish-order
-- index carries the search words, so walking it reads no table rows.
-- PostgreSQL dialect of ../0010_search_speed.sql. SQLite's step also made
-- its FTS5 word indexes again with prefixes up to six letters; the word
-- tables of 0003 (contact_search_word, organisation_search_word) answer any
-- prefix as a range of their primary key, so nothing changes there.
DROP INDEX contact_sort;
CREATE INDEX contact_sort ON contact(sort_key, id, search_text, restricted_until) WHERE merged_into IS NULL;

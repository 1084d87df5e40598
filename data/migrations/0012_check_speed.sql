-- Import speed (issue 7): SQLite builds a temporary table for a CHECK (x IN
-- (...)) list of more than two values on every INSERT or UPDATE of a row, which a
-- CSV import of a million contacts pays several times per row. The same
-- conditions written as comparisons joined by OR accept and refuse exactly the
-- same values and need no table. A CHECK constraint does not change how rows are
-- stored and every stored row already passes it, so the table definitions are
-- rewritten in place, as SQLite documents for changing a CHECK constraint
-- (https://sqlite.org/lang_altertable.html#otheralter); a rewrite that does not
-- match the text of migration 0003 changes nothing.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
	'CHECK (language IN (''fi'', ''sv'', ''en''))',
	'CHECK (language = ''fi'' OR language = ''sv'' OR language = ''en'')'),
	'CHECK (source IN (''person'', ''company'', ''employer'', ''registering-party'',
		''public-source'', ''service-agreement'', ''fault-report'', ''maintenance-order'',
		''event-registration'', ''interest''))',
	'CHECK (source = ''person'' OR source = ''company'' OR source = ''employer'' OR source = ''registering-party''
		OR source = ''public-source'' OR source = ''service-agreement'' OR source = ''fault-report''
		OR source = ''maintenance-order'' OR source = ''event-registration'' OR source = ''interest'')'),
	'CHECK (interest_channel IN ('''', ''phone'', ''web'', ''email'', ''other''))',
	'CHECK (interest_channel = '''' OR interest_channel = ''phone'' OR interest_channel = ''web''
		OR interest_channel = ''email'' OR interest_channel = ''other'')')
WHERE type = 'table' AND name = 'contact';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (category IN (''customer'', ''stakeholder'', ''maintenance'', ''prospect'',
		''training'', ''event''))',
	'CHECK (category = ''customer'' OR category = ''stakeholder'' OR category = ''maintenance''
		OR category = ''prospect'' OR category = ''training'' OR category = ''event'')')
WHERE type = 'table' AND name = 'contact_category';
PRAGMA writable_schema = RESET;

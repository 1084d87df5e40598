# Describes a regdesk schema as comparable lines (tests/e2e/test_pg_schema.sh):
#   python3 schema_describe.py sqlite FILE.db
#   python3 schema_describe.py postgresql URI
# Each line is "GROUP<TAB>WHAT": GROUP is "table NAME", "view NAME",
# "triggers" or "data NAME"; WHAT is written the same way for both engines,
# SQLite's types mapped as the PostgreSQL dialect maps them (INTEGER ->
# bigint, TEXT -> text collate "C", BLOB -> bytea, REAL -> double precision,
# an INTEGER PRIMARY KEY -> an identity). Objects that exist on one engine
# only by design are left out here and checked by the suite itself.
import re
import sqlite3
import subprocess
import sys

REFERENCE_TABLES = ("country", "purpose", "retention_rule", "setting")
# PostgreSQL only: the schema version (SQLite's PRAGMA user_version) and the
# word tables that stand for SQLite's FTS5 tables.
POSTGRESQL_ONLY_TABLES = ("schema_version", "contact_search_word", "organisation_search_word")
POSTGRESQL_ONLY_TRIGGERS = ("audit_entry_no_truncate",
                            "contact_search_word_on_insert", "contact_search_word_on_update",
                            "contact_search_word_on_delete", "organisation_search_word_on_insert",
                            "organisation_search_word_on_update", "organisation_search_word_on_delete")
# PostgreSQL only: the GIN index of words' starts that stands for FTS5's
# prefix queries of several words (0025).
POSTGRESQL_ONLY_INDEXES = ("contact_word_prefixes",)
SQLITE_TYPES = {"INTEGER": "bigint", "TEXT": 'text collate "C"', "BLOB": "bytea", "REAL": "double precision"}
TRIGGER = re.compile(r"CREATE TRIGGER\s+(\w+)\s+(BEFORE|AFTER|INSTEAD OF)\s+(INSERT|UPDATE|DELETE|TRUNCATE)"
                     r"(?:\s+OF\s+(.*?))?\s+ON\s+(?:public\.)?(\w+)(.*)", re.S | re.I)


def trigger_line(sql):
    """name, timing, event, columns, table and whether a WHEN limits it."""
    match = TRIGGER.match(sql.strip())
    if not match:
        return "unreadable trigger: " + sql.split("\n")[0]
    name, timing, event, columns, table, rest = match.groups()
    columns = ",".join(sorted(c.strip() for c in columns.split(","))) if columns else ""
    when = "when" if re.search(r"\bWHEN\b", rest.split("BEGIN")[0].split("EXECUTE")[0], re.I) else ""
    return " ".join(x for x in ("trigger", name, "on", table, timing.lower(), event.lower(), columns, when) if x)


def checks_in(sql):
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return len(re.findall(r"\bCHECK\s*\(", without_comments, re.I))


def value(v):
    return "<null>" if v is None else str(v)


def describe_sqlite(path):
    db = sqlite3.connect(path)
    lines = []
    virtual = [name for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    tables = [(name, sql) for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if name not in virtual and not any(name.startswith(v + "_") for v in virtual)]
    for table, sql in tables:
        group = "table " + table
        info = db.execute("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)",
                          (table,)).fetchall()
        pk = [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        for cid, name, type_, notnull, default, in_pk in info:
            identity = len(pk) == 1 and in_pk and type_.upper() == "INTEGER"
            lines.append((group, "column %d %s %s%s%s%s" % (
                cid + 1, name, SQLITE_TYPES.get(type_.upper(), "unmapped " + type_),
                " not null" if notnull or in_pk else "", " identity" if identity else "",
                " default " + default if default is not None and not identity else "")))
        lines.append((group, "primary key (%s)" % ",".join(pk)))
        for _, index, unique, origin, partial in db.execute("SELECT * FROM pragma_index_list(?)", (table,)):
            columns = ",".join(r[0] for r in db.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (index,)))
            if origin == "u":
                lines.append((group, "unique (%s)" % columns))
            elif origin == "c":
                lines.append((group, "index %s (%s)%s%s" % (index, columns, " unique" if unique else "",
                                                           " partial" if partial else "")))
        keys = {}
        for fk_id, seq, parent, column, parent_column, _, on_delete, _ in db.execute(
                "SELECT * FROM pragma_foreign_key_list(?)", (table,)):
            keys.setdefault(fk_id, [parent, on_delete, []])[2].append((seq, column, parent_column))
        for parent, on_delete, pairs in keys.values():
            pairs.sort()
            lines.append((group, "foreign key (%s) references %s(%s) on delete %s" % (
                ",".join(p[1] for p in pairs), parent, ",".join(p[2] or "id" for p in pairs), on_delete.lower())))
        lines.append((group, "checks %d" % checks_in(sql)))
    for view, in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"):
        columns = [r[0] for r in db.execute("SELECT name FROM pragma_table_info(?)", (view,))]
        lines.append(("view " + view, "columns " + ",".join(columns)))
    for sql, in db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"):
        lines.append(("triggers", trigger_line(sql)))
    for table in REFERENCE_TABLES:
        for row in db.execute("SELECT * FROM %s ORDER BY 1" % table):
            lines.append(("data " + table, "\t".join(value(v) for v in row)))
    return lines


def psql(uri, query):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=<null>", "-v", "ON_ERROR_STOP=1",
                          "-d", uri, "-c", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.split("\n") if line != ""]


def describe_postgresql(uri):
    lines = []
    public = "c.relnamespace = 'public'::regnamespace"
    columns = psql(uri, """
        SELECT c.relkind, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
               coalesce(co.collname, ''), a.attnotnull, a.attidentity, coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE %s AND c.relkind IN ('r', 'v') ORDER BY c.relname, a.attnum""" % public)
    views = {}
    for kind, table, number, name, type_, collation, notnull, identity, default in columns:
        if table in POSTGRESQL_ONLY_TABLES:
            continue
        if kind == "v":
            views.setdefault(table, []).append(name)
            continue
        default = re.sub(r"::[a-z ]+$", "", default)
        lines.append(("table " + table, "column %s %s %s%s%s%s%s" % (
            number, name, type_, ' collate "%s"' % collation if collation else "",
            " not null" if notnull == "t" else "", " identity" if identity else "",
            " default " + default if default else "")))
    for view, names in views.items():
        lines.append(("view " + view, "columns " + ",".join(names)))
    constraints = psql(uri, """
        SELECT c.relname, k.contype,
               array_to_string(array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), ','),
               coalesce(p.relname, ''),
               array_to_string(array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o), ','),
               k.confdeltype
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class p ON p.oid = k.confrelid
        WHERE %s AND k.contype IN ('p', 'u', 'f', 'c') ORDER BY c.relname, k.contype""" % public)
    checks = {}
    on_delete = {"a": "no action", "c": "cascade", "r": "restrict", "n": "set null", "d": "set default"}
    for table, kind, columns_, parent, parent_columns, delete in constraints:
        if table in POSTGRESQL_ONLY_TABLES:
            continue
        group = "table " + table
        if kind == "p":
            lines.append((group, "primary key (%s)" % columns_))
        elif kind == "u":
            lines.append((group, "unique (%s)" % columns_))
        elif kind == "f":
            lines.append((group, "foreign key (%s) references %s(%s) on delete %s" % (
                columns_, parent, parent_columns, on_delete[delete])))
        else:
            checks[table] = checks.get(table, 0) + 1
    for table in sorted({g[6:] for g, _ in lines if g.startswith("table ")}):
        lines.append(("table " + table, "checks %d" % checks.get(table, 0)))
    indexes = psql(uri, """
        SELECT c.relname, x.relname, i.indisunique, i.indpred IS NOT NULL,
               array_to_string(array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o), ',')
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
        WHERE %s AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
        ORDER BY x.relname""" % public)
    for table, index, unique, partial, columns_ in indexes:
        if table in POSTGRESQL_ONLY_TABLES or index in POSTGRESQL_ONLY_INDEXES:
            continue
        lines.append(("table " + table, "index %s (%s)%s%s" % (index, columns_, " unique" if unique == "t" else "",
                                                             " partial" if partial == "t" else "")))
    for name, definition in psql(uri, """
            SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE %s AND NOT t.tgisinternal""" % public):
        if name not in POSTGRESQL_ONLY_TRIGGERS:
            lines.append(("triggers", trigger_line(definition)))
    for table in REFERENCE_TABLES:
        for row in psql(uri, "SELECT * FROM %s ORDER BY 1" % table):
            lines.append(("data " + table, "\t".join(row)))
    return lines


def main():
    engine, where = sys.argv[1], sys.argv[2]
    lines = describe_sqlite(where) if engine == "sqlite" else describe_postgresql(where)
    for group, what in sorted(lines):
        print("%s\t%s" % (group, what))


if __name__ == "__main__":
    main()

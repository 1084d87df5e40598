"""A register's database for the suites' checks, on either engine (issue 17).

connect(location) gives an object with execute(sql, params) -> cursor
(fetchone, fetchall, iteration), commit() and close(), as sqlite3's: a file
name opens SQLite; a postgresql:// URI opens PostgreSQL through libpq
(ctypes: no module beyond the standard library). Placeholders are SQLite's
? and ?N on both."""
import ctypes
import ctypes.util
import re
import sqlite3


Error = sqlite3.Error


def connect(location, **options):
    """options are sqlite3.connect's; on PostgreSQL only isolation_level=None
    (each statement commits on its own) means anything."""
    if str(location).startswith(("postgresql://", "postgres://")):
        return _Postgresql(location, autocommit="isolation_level" in options and options["isolation_level"] is None)
    return sqlite3.connect(location, **options)


_libpq = None


def _lib():
    global _libpq
    if _libpq is None:
        lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
        lib.PQconnectdb.restype = ctypes.c_void_p
        lib.PQconnectdb.argtypes = [ctypes.c_char_p]
        lib.PQstatus.argtypes = [ctypes.c_void_p]
        lib.PQerrorMessage.restype = ctypes.c_char_p
        lib.PQerrorMessage.argtypes = [ctypes.c_void_p]
        lib.PQexecParams.restype = ctypes.c_void_p
        lib.PQexecParams.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p,
                                     ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        lib.PQresultStatus.argtypes = [ctypes.c_void_p]
        lib.PQresultErrorMessage.restype = ctypes.c_char_p
        lib.PQresultErrorMessage.argtypes = [ctypes.c_void_p]
        lib.PQntuples.argtypes = [ctypes.c_void_p]
        lib.PQnfields.argtypes = [ctypes.c_void_p]
        lib.PQftype.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.PQftype.restype = ctypes.c_uint
        lib.PQgetisnull.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQgetvalue.restype = ctypes.c_void_p
        lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQgetlength.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQclear.argtypes = [ctypes.c_void_p]
        lib.PQfinish.argtypes = [ctypes.c_void_p]
        _libpq = lib
    return _libpq


def _translate(sql):
    """?N and ? as $N, outside quotes."""
    out, highest, i = [], 0, 0
    while i < len(sql):
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < len(sql) and sql[j] != c:
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
            continue
        if c == "?":
            m = re.match(r"\?(\d*)", sql[i:])
            n = int(m.group(1)) if m.group(1) else highest + 1
            highest = max(highest, n)
            out.append("$%d" % n)
            i += len(m.group(0))
            continue
        out.append(c)
        i += 1
    return "".join(out)


class _Cursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows.pop(0) if self.rows else None

    def fetchall(self):
        rows, self.rows = self.rows, []
        return rows

    def __iter__(self):
        return iter(self.fetchall())


def _value(lib, result, row, column):
    if lib.PQgetisnull(result, row, column):
        return None
    raw = ctypes.string_at(lib.PQgetvalue(result, row, column), lib.PQgetlength(result, row, column))
    kind = lib.PQftype(result, column)
    if kind in (20, 21, 23):
        return int(raw)
    if kind == 16:
        return 1 if raw == b"t" else 0
    if kind in (700, 701, 1700):
        return float(raw)
    if kind == 17:
        return bytes.fromhex(raw[2:].decode())
    return raw.decode("utf-8")


class _Postgresql:
    def __init__(self, uri, autocommit=False):
        lib = _lib()
        self.autocommit = autocommit
        self.connection = lib.PQconnectdb(uri.encode())
        if lib.PQstatus(self.connection) != 0:
            raise sqlite3.OperationalError(lib.PQerrorMessage(self.connection).decode())
        if not autocommit:
            self.execute("BEGIN")

    def executescript(self, sql):
        for statement in [s for s in sql.split(";") if s.strip()]:
            self.execute(statement)

    def cursor(self):
        return self

    def execute(self, sql, params=()):
        lib = _lib()
        values = (ctypes.c_char_p * max(1, len(params)))()
        for i, p in enumerate(params):
            if p is None:
                values[i] = None
            elif isinstance(p, (bytes, bytearray, memoryview)):
                values[i] = ("\\x" + bytes(p).hex()).encode()   # bytea's text form
            else:
                values[i] = str(p).encode()
        result = lib.PQexecParams(self.connection, _translate(sql).encode(), len(params), None, values, None, None, 0)
        status = lib.PQresultStatus(result)
        if status not in (1, 2):   # PGRES_COMMAND_OK, PGRES_TUPLES_OK
            message = lib.PQresultErrorMessage(result).decode()
            lib.PQclear(result)
            raise sqlite3.DatabaseError(message)
        rows = [tuple(_value(lib, result, r, c) for c in range(lib.PQnfields(result)))
                for r in range(lib.PQntuples(result))]
        lib.PQclear(result)
        return _Cursor(rows)

    def commit(self):
        if not self.autocommit:
            self.execute("COMMIT")
            self.execute("BEGIN")

    def close(self):
        if self.connection:
            if not self.autocommit:
                self.execute("ROLLBACK")
            _lib().PQfinish(self.connection)
            self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.commit()
        self.close()

"""The full-text index that search reads: the schema side, which the migrations install.

SQLite keeps an FTS5 table beside the findings' and the document pages' text, filled by
triggers; PostgreSQL's stored vectors and GIN indexes are made by the migrations themselves.
The queries that read the index are the site's (``website.search``).
"""

FINDING_FTS = "search_finding_fts"
PAGE_FTS = "search_page_fts"

#: Each FTS5 table and the table whose ``text`` column it indexes.
_INDEXED = {FINDING_FTS: "findings_finding", PAGE_FTS: "inspections_documentpage"}


def install_index(connection) -> None:
    """SQLite: create the FTS5 tables over the findings' and pages' text, and the triggers that
    keep them in step; safe to run again. A later migration that rebuilds one of those tables
    drops its triggers, so running this again restores them and rebuilds the index.
    (PostgreSQL's index is made by the migrations themselves.)
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for fts, table in _INDEXED.items():
            _install_fts5(cursor, fts, table)


def remove_index(connection) -> None:
    """Undo ``install_index``."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for fts in _INDEXED:
            for suffix in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")


_TRIGGERS = {
    "insert": "AFTER INSERT ON {table} BEGIN {add}; END",
    "delete": "AFTER DELETE ON {table} BEGIN {remove}; END",
    "update": "AFTER UPDATE OF text ON {table} BEGIN {remove}; {add}; END",
}


def _install_fts5(cursor, fts: str, table: str) -> None:
    cursor.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{fts}_%'"
    )
    complete = cursor.fetchone()[0] == len(_TRIGGERS)
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(text, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    add = f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text)"
    remove = f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text)"
    for suffix, body in _TRIGGERS.items():
        trigger = body.format(table=table, add=add, remove=remove)
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_{suffix} {trigger}")
    if not complete:
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")

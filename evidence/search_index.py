"""What search indexes, and the database objects that keep the index current on every write.

One description (``INDEXED``) builds both: on SQLite, an FTS5 table per searched table
(Porter stemming, bm25 weights) kept by triggers; on PostgreSQL, the trigger-maintained
``search_vector`` columns of migration 0003, now weighted the same way. Triggers, not
signals, so ``bulk_create``, ``update()`` and raw SQL are indexed too. Both databases also
keep the words as written (unstemmed), for "did you mean": an FTS5 vocabulary on SQLite,
a ``pg_trgm``-indexed table on PostgreSQL.
"""

from dataclasses import dataclass

# PostgreSQL's default weights for ts_rank's A–D, used as bm25's column weights too.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
WORDS = "evidence_search_words"  # SQLite: the words as written, for "did you mean"
PG_WORDS = "evidence_search_word"
# A claim is found by who says it: its document's short name and authors.
CLAIM_SOURCE = "(SELECT label || ' ' || authors FROM evidence_source WHERE id = {row}.document_id)"


@dataclass(frozen=True)
class Indexed:
    table: str
    number: int  # tells the tables' rows apart in the one words index
    columns: tuple  # (column, weight)
    derived: tuple = ()  # (name, SQL expression over {row}, weight): text read from elsewhere

    @property
    def fts(self):
        return f"{self.table}_fts"

    def expressions(self, row):
        own = [(c, f"{row}.{c}", w) for c, w in self.columns]
        return own + [(n, sql.format(row=row), w) for n, sql, w in self.derived]

    def text(self, row):
        """The row's own text in one string (what the words index reads)."""
        return " || ' ' || ".join(f"coalesce({row}.{c}, '')" for c, _ in self.columns)

    def changed(self):
        own = [c for c, _ in self.columns]
        return own + (["document_id"] if self.derived else [])


INDEXED = (
    Indexed("evidence_question", 1, (("text", "A"), ("summary", "B"))),
    Indexed(
        "evidence_claim",
        2,
        (("quote", "A"), ("paraphrase", "A"), ("locator", "C")),
        (("source", CLAIM_SOURCE, "D"),),
    ),
    Indexed(
        "evidence_source",
        3,
        (("title", "A"), ("label", "A"), ("authors", "B"), ("venue", "B"), ("point_of_view", "C")),
    ),
    Indexed("evidence_adverseeffect", 4, (("name", "A"), ("description", "B"))),
)
BY_TABLE = {item.table: item for item in INDEXED}
# When a source is renamed, the claims read in it are found by the new name.
RENAMED = "OLD.label IS NOT NEW.label OR OLD.authors IS NOT NEW.authors"


# --- SQLite ----------------------------------------------------------------------------------


def _words_row(item, row):
    return f"{row}.id * 8 + {item.number}"


def _sqlite_fill(item, row):
    names = ", ".join(name for name, _, _ in item.expressions(row))
    values = ", ".join(sql for _, sql, _ in item.expressions(row))
    return names, values


def _sqlite_triggers(item):
    names, new = _sqlite_fill(item, "NEW")
    assign = ", ".join(f"{name} = {sql}" for name, sql, _ in item.expressions("NEW"))
    add_words = (
        f"INSERT INTO {WORDS}(rowid, words) VALUES ({_words_row(item, 'NEW')}, {item.text('NEW')});"
    )
    # A contentless index forgets a row only when told the words it was given.
    drop_words = (
        f"INSERT INTO {WORDS}({WORDS}, rowid, words) "
        f"VALUES ('delete', {_words_row(item, 'OLD')}, {item.text('OLD')});"
    )
    watched = item.changed()
    differs = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
    t = item.table
    return [
        f"CREATE TRIGGER {t}_fts_insert AFTER INSERT ON {t} BEGIN "
        f"INSERT INTO {item.fts}(rowid, {names}) VALUES (NEW.id, {new}); {add_words} END",
        f"CREATE TRIGGER {t}_fts_update AFTER UPDATE OF {', '.join(watched)} ON {t} "
        f"WHEN {differs} BEGIN UPDATE {item.fts} SET {assign} WHERE rowid = NEW.id; "
        f"{drop_words} {add_words} END",
        f"CREATE TRIGGER {t}_fts_delete AFTER DELETE ON {t} BEGIN "
        f"DELETE FROM {item.fts} WHERE rowid = OLD.id; {drop_words} END",
    ]


def sqlite_create():
    """The statements creating the SQLite index and its triggers (then ``sqlite_rebuild``)."""
    statements = [
        f"CREATE VIRTUAL TABLE {WORDS} USING fts5(words, content='', detail='none', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE VIRTUAL TABLE {WORDS}_vocab USING fts5vocab({WORDS}, 'row')",
    ]
    for item in INDEXED:
        names = ", ".join(name for name, _, _ in item.expressions("NEW"))
        weights = ", ".join(str(WEIGHTS[w]) for _, _, w in item.expressions("NEW"))
        statements += [
            f"CREATE VIRTUAL TABLE {item.fts} USING fts5({names}, "
            "tokenize='porter unicode61 remove_diacritics 2')",
            f"INSERT INTO {item.fts}({item.fts}, rank) VALUES ('rank', 'bm25({weights})')",
            *_sqlite_triggers(item),
        ]
    statements.append(
        "CREATE TRIGGER evidence_source_fts_renamed AFTER UPDATE OF label, authors "
        f"ON evidence_source WHEN {RENAMED} BEGIN UPDATE {BY_TABLE['evidence_claim'].fts} "
        "SET source = NEW.label || ' ' || NEW.authors "
        "WHERE rowid IN (SELECT id FROM evidence_claim WHERE document_id = NEW.id); END"
    )
    return statements


def sqlite_rebuild():
    """Index every row anew (after a restore, or to compact the index)."""
    statements = [f"INSERT INTO {WORDS}({WORDS}) VALUES ('delete-all')"]
    for item in INDEXED:
        names, values = _sqlite_fill(item, item.table)
        statements += [
            f"DELETE FROM {item.fts}",
            f"INSERT INTO {item.fts}(rowid, {names}) SELECT id, {values} FROM {item.table}",
            f"INSERT INTO {WORDS}(rowid, words) SELECT {_words_row(item, item.table)}, "
            f"{item.text(item.table)} FROM {item.table}",
        ]
    return statements + sqlite_compact()


def sqlite_compact():
    """Merge each FTS5 index into one segment. Every write adds a segment, which FTS5 merges
    only in part: a generated corpus of 100,000 claims left 20 in the claims index, and
    looking a claim up in them cost three times what it costs in one (40 claims checked
    for "nasal": 9.2 ms, not 3.0)."""
    tables = [*(item.fts for item in INDEXED), WORDS]
    return [f"INSERT INTO {t}({t}) VALUES ('optimize')" for t in tables]


def sqlite_drop():
    tables = [WORDS + "_vocab", WORDS, *(item.fts for item in INDEXED)]
    triggers = [f"{t.table}_fts_{when}" for t in INDEXED for when in ("insert", "update", "delete")]
    return [
        f"DROP TRIGGER IF EXISTS {name}" for name in [*triggers, "evidence_source_fts_renamed"]
    ] + [f"DROP TABLE IF EXISTS {name}" for name in tables]


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_vector(item):
    # A hyphen parts words, as in SQLite's tokenizer: PostgreSQL's parser reads "18-year-old"
    # as "18", "year-old", "year", "old", so the phrase "18 <-> year <-> old" never found it.
    return " || ".join(
        f"setweight(to_tsvector('english', replace(coalesce({sql}, ''), '-', ' ')), '{weight}')"
        for _, sql, weight in item.expressions("NEW")
    )


def pg_create():
    """Weighted vectors as on SQLite, recomputed only when searched text changes; the words
    as written kept in a trigram-indexed table (added to on write, pruned only by a rebuild:
    a word only a deleted record held may still be suggested until then)."""
    statements = [
        f"CREATE TABLE {PG_WORDS} (word text PRIMARY KEY)",
        f"CREATE INDEX {PG_WORDS}_trgm_idx ON {PG_WORDS} USING gin (word gin_trgm_ops)",
        *pg_index_functions(),
        """CREATE FUNCTION evidence_source_renamed() RETURNS trigger AS $$
        BEGIN
            UPDATE evidence_claim SET quote = quote WHERE document_id = NEW.id;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER evidence_source_renamed_trigger AFTER UPDATE OF label, authors "
        f"ON evidence_source FOR EACH ROW WHEN ({RENAMED.replace('IS NOT', 'IS DISTINCT FROM')}) "
        "EXECUTE FUNCTION evidence_source_renamed()",
    ]
    return statements


def pg_index_functions():
    """Each searched table's trigger function (replaced as written) and its trigger."""
    statements = []
    for item in INDEXED:
        t = item.table
        words = f"to_tsvector('simple', {item.text('NEW')})"
        statements += [
            f"""CREATE OR REPLACE FUNCTION {t}_search_update() RETURNS trigger AS $$
            BEGIN
                NEW.search_vector := {_pg_vector(item)};
                INSERT INTO {PG_WORDS}(word) SELECT unnest(tsvector_to_array({words}))
                    ON CONFLICT DO NOTHING;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {t}_search_trigger ON {t}",
            f"CREATE TRIGGER {t}_search_trigger BEFORE INSERT OR UPDATE OF "
            f"{', '.join(item.changed())} ON {t} FOR EACH ROW EXECUTE FUNCTION {t}_search_update()",
        ]
    return statements


def pg_rebuild():
    """Recompute every vector and the words (touching a searched column fires the triggers)."""
    first = [f"UPDATE {t.table} SET {t.columns[0][0]} = {t.columns[0][0]}" for t in INDEXED]
    return [f"TRUNCATE {PG_WORDS}", *first, *pg_compact()]


def pg_compact():
    """Merge what waits in each GIN index's pending list into the index: rewritten vectors
    wait there, read by every search until a vacuum (after reindexing 100,000 claims, a
    search took 97 ms instead of 55). Every GIN index of the table: claims also have one of
    public claims alone (migration 0022)."""
    return [
        "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        f"WHERE a.amname = 'gin' AND i.indrelid = '{t}'::regclass"
        for t in [*(item.table for item in INDEXED), PG_WORDS]
    ]


def pg_drop():
    return [
        "DROP TRIGGER IF EXISTS evidence_source_renamed_trigger ON evidence_source",
        "DROP FUNCTION IF EXISTS evidence_source_renamed()",
        f"DROP TABLE IF EXISTS {PG_WORDS}",
    ]


def create(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, sqlite_create() + sqlite_rebuild())
    elif vendor == "postgresql":
        _run(schema_editor, pg_create() + pg_rebuild())


def rebuild(connection):
    _execute(connection, {"sqlite": sqlite_rebuild, "postgresql": pg_rebuild}[connection.vendor]())


def compact(connection):
    """Compact the index after bulk writes, and nightly on a live site (README, "Search")."""
    _execute(connection, {"sqlite": sqlite_compact, "postgresql": pg_compact}[connection.vendor]())


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)

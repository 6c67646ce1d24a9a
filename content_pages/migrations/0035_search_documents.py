from django.db import migrations

# The words of every listed web row (public, of the web channel), in a table of their
# own that the database keeps: triggers on the renditions table write it, so every way a
# row changes (a publish's bulk writes, a privacy change, an unpublish's delete, a
# cascade, a test database's flush) keeps it true without the code remembering to.
#
# Each document carries its language, page type and parent as tokens of their own
# (``reads/search.py`` builds the same tokens): the full-text index then finds the
# matches in one language, of one type, under one parent, without reading a row.
# ``search_text`` already holds the title; the sort title is indexed again in a column
# that ranks higher.

TABLE = "content_pages_searchdocument"
RENDITIONS = "content_pages_channelrendition"
WATCHED = ("channel", "public", "language", "search_text", "sort_title", "page_type_id", "parent_page_id")

SQLITE_COLUMNS = "language, kind, parent, title, body"


def _sqlite_values(row: str) -> str:
    return (
        f"'l' || lower(hex({row}.language)), 't' || ifnull({row}.page_type_id, ''), "
        f"'p' || ifnull({row}.parent_page_id, ''), ifnull({row}.sort_title, ''), ifnull({row}.search_text, '')"
    )


def _sqlite_listed(row: str) -> str:
    return f"{row}.channel = 'web' AND {row}.public"


SQLITE_FORWARD = [
    # Contentless: the texts stay in the renditions table, the index holds only the words.
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({SQLITE_COLUMNS}, content='')",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {RENDITIONS}
        WHEN {_sqlite_listed('NEW')} BEGIN
        INSERT INTO {TABLE}(rowid, {SQLITE_COLUMNS}) VALUES (NEW.id, {_sqlite_values('NEW')});
        END""",
    # A contentless index forgets a document when given the very values it was indexed with.
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {RENDITIONS}
        WHEN {_sqlite_listed('OLD')} BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {SQLITE_COLUMNS}) VALUES ('delete', OLD.id, {_sqlite_values('OLD')});
        END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON {RENDITIONS}
        WHEN OLD.id IS NOT NEW.id OR {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in WATCHED)} BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {SQLITE_COLUMNS})
            SELECT 'delete', OLD.id, {_sqlite_values('OLD')} WHERE {_sqlite_listed('OLD')};
        INSERT INTO {TABLE}(rowid, {SQLITE_COLUMNS})
            SELECT NEW.id, {_sqlite_values('NEW')} WHERE {_sqlite_listed('NEW')};
        END""",
    f"INSERT INTO {TABLE}(rowid, {SQLITE_COLUMNS}) "
    f"SELECT r.id, {_sqlite_values('r')} FROM {RENDITIONS} r WHERE {_sqlite_listed('r')}",
]

SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {TABLE}",
]

# PostgreSQL: a narrow table beside the wide rendition rows (whose bodies make every
# row its own page to read), with the language as a lexeme of the vector so that the GIN
# index alone narrows to one language. The lexeme has a space in it, which no word of a
# text or a query ever has: a reader's search cannot match it. The 'simple' configuration, as SQLite's
# tokenizer: no stemming and no stop words in any language, the same matches on both.
POSTGRES_VECTOR = (
    "array_to_tsvector(ARRAY['language ' || encode(convert_to(NEW.language, 'UTF8'), 'hex')]) "
    "|| setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.sort_title, '')), 'A') "
    "|| to_tsvector('pg_catalog.simple', coalesce(NEW.search_text, ''))"
)

POSTGRES_FORWARD = [
    f"""CREATE TABLE {TABLE} (
        rendition_id bigint PRIMARY KEY,
        page_type_id integer NULL,
        parent_page_id integer NULL,
        vector tsvector NOT NULL
    )""",
    f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (vector)",
    f"""CREATE FUNCTION {TABLE}_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM {TABLE} WHERE rendition_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.channel = 'web' AND NEW.public THEN
            INSERT INTO {TABLE} (rendition_id, page_type_id, parent_page_id, vector)
            VALUES (NEW.id, NEW.page_type_id, NEW.parent_page_id, {POSTGRES_VECTOR});
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {TABLE};
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_insert_delete AFTER INSERT OR DELETE ON {RENDITIONS}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_write()""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON {RENDITIONS} FOR EACH ROW
        WHEN (OLD.id IS DISTINCT FROM NEW.id OR {' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in WATCHED)})
        EXECUTE FUNCTION {TABLE}_write()""",
    # A test database's flush truncates the renditions, which fires no row trigger.
    f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON {RENDITIONS}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()""",
    f"INSERT INTO {TABLE} (rendition_id, page_type_id, parent_page_id, vector) "
    f"SELECT NEW.id, NEW.page_type_id, NEW.parent_page_id, {POSTGRES_VECTOR} "
    f"FROM {RENDITIONS} NEW WHERE NEW.channel = 'web' AND NEW.public",
    f"ANALYZE {TABLE}",
]

POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{event} ON {RENDITIONS}" for event in ("insert_delete", "update", "truncate")),
    f"DROP FUNCTION IF EXISTS {TABLE}_write()",
    f"DROP FUNCTION IF EXISTS {TABLE}_truncate()",
    f"DROP TABLE IF EXISTS {TABLE}",
]

STATEMENTS = {"sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD), "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD)}


def _run(schema_editor, direction: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"search= has an index for SQLite and PostgreSQL only, not {schema_editor.connection.vendor}")
    for statement in statements[direction]:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    _run(schema_editor, 0)
    # The renditions leave Wagtail's search index: this table answers search= now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    rendition_type = ContentType.objects.filter(app_label="content_pages", model="channelrendition").first()
    if rendition_type is not None:
        IndexEntry.objects.filter(content_type_id=rendition_type.pk).delete()


def backward(apps, schema_editor) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    """search= reads a full-text index of the listed web rows alone, kept by triggers."""

    dependencies = [
        ("content_pages", "0034_rendition_body_large_text"),
        ("wagtailsearch", "0006_customise_indexentry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]

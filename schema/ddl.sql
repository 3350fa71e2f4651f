-- The policy database. schema/store.py is the only module that writes these tables;
-- search/ owns its own index tables (search_items, search_fts, search_vectors).
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,      -- file base name
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,         -- pdf | html | markdown | text
    encoding TEXT,
    text TEXT NOT NULL,           -- clean text; every offset points into it
    n_chars INTEGER NOT NULL,
    n_pages INTEGER,
    page_starts TEXT NOT NULL,    -- JSON list of page start offsets
    meta TEXT NOT NULL,           -- JSON: front matter, gov.cn metadata table
    warnings TEXT NOT NULL,       -- JSON list of repairs made while loading
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parts (
    source TEXT NOT NULL REFERENCES documents(source),
    part INTEGER NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT,
    issuers TEXT NOT NULL,        -- JSON list
    issued_date TEXT,
    recipients TEXT NOT NULL,     -- JSON list
    kind TEXT NOT NULL,
    forwards TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (source, part)
);
CREATE TABLE IF NOT EXISTS sections (
    source TEXT NOT NULL REFERENCES documents(source),
    idx INTEGER NOT NULL,
    part INTEGER NOT NULL,
    level INTEGER NOT NULL,
    title TEXT NOT NULL,
    path TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (source, idx)
);
CREATE TABLE IF NOT EXISTS doc_tables (
    source TEXT NOT NULL REFERENCES documents(source),
    idx INTEGER NOT NULL,
    part INTEGER NOT NULL,
    caption TEXT NOT NULL,
    unit TEXT,
    header TEXT NOT NULL,         -- JSON list
    rows TEXT NOT NULL,           -- JSON list of lists
    section TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (source, idx)
);
CREATE TABLE IF NOT EXISTS sentences (
    source TEXT NOT NULL REFERENCES documents(source),
    idx INTEGER NOT NULL,
    part INTEGER NOT NULL,
    section TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (source, idx)
);
CREATE TABLE IF NOT EXISTS facts (
    id TEXT PRIMARY KEY,          -- stable: same document, same fact → same id
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES documents(source),
    part INTEGER NOT NULL,
    section TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    fields TEXT NOT NULL,         -- JSON: the type's contract fields
    department TEXT,              -- denormalised filter columns
    region TEXT,
    year INTEGER,
    due_date TEXT
);
CREATE INDEX IF NOT EXISTS facts_type ON facts(type);
CREATE INDEX IF NOT EXISTS facts_source ON facts(source);
CREATE INDEX IF NOT EXISTS sentences_source ON sentences(source);
CREATE TABLE IF NOT EXISTS ingest_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    path TEXT NOT NULL,
    source TEXT,
    sha256 TEXT,
    status TEXT NOT NULL,         -- stored | unchanged | replaced | failed
    message TEXT
);

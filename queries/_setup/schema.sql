-- Tables of the MIA database. Run on every read-write open; idempotent.
CREATE TABLE IF NOT EXISTS deltagare (
    deltagare_id VARCHAR NOT NULL,
    forbund VARCHAR NOT NULL,
    kommunkod VARCHAR NOT NULL,
    kon VARCHAR NOT NULL,
    fodelsear INTEGER,
    alder INTEGER,
    anmalningsdatum DATE NOT NULL,
    remittent VARCHAR,
    inskrivningsdatum DATE,
    kartlaggning_datum DATE,
    insats_startdatum DATE,
    insatstyp VARCHAR,
    avslutsdatum DATE,
    utfall VARCHAR,
    forsorjning_fore VARCHAR,
    forsorjning_efter VARCHAR,
    utbildningsniva VARCHAR,
    okad_egenmakt VARCHAR,
    -- derived at load time (queries/_setup/insert_deltagare.sql)
    alder_vid_start INTEGER,
    aldersgrupp VARCHAR,
    halvar VARCHAR,
    dagar_i_projekt INTEGER,
    utfallsgrupp VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

CREATE TABLE IF NOT EXISTS importer (
    import_id INTEGER PRIMARY KEY,
    tid TIMESTAMP NOT NULL,
    filnamn VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rader INTEGER NOT NULL,
    forbund VARCHAR NOT NULL,
    vem VARCHAR,
    resultat VARCHAR NOT NULL,
    meddelande VARCHAR
);

CREATE TABLE IF NOT EXISTS datakallor (
    forbund VARCHAR PRIMARY KEY,
    kalla VARCHAR NOT NULL,          -- 'demo' or 'fil'
    filnamn VARCHAR,
    uttag DATE,
    importerad TIMESTAMP NOT NULL,
    import_id INTEGER
);

CREATE TABLE IF NOT EXISTS meta (
    nyckel VARCHAR PRIMARY KEY,
    varde VARCHAR NOT NULL
);

-- Jämför's trend without dimension filters, protected when the data changes
-- (mia/kept_trend.py): per half-year, area and kön, each count as shown (NULL when hidden),
-- its status, what a reader can work out (_min, _max) and its true value (_sant, never
-- shown: for sums of several kön). `nyckel`: the thresholds and förbund membership it was
-- protected under; `rad`: its order in the protected table.
CREATE TABLE IF NOT EXISTS jamfor_trend_skyddad (
    nyckel VARCHAR NOT NULL,
    rad INTEGER NOT NULL,
    omrade VARCHAR NOT NULL,
    niva VARCHAR NOT NULL,
    halvar VARCHAR NOT NULL,
    kon VARCHAR NOT NULL,
    overomrade VARCHAR NOT NULL,
    avslutade DOUBLE,
    avslutade_status VARCHAR NOT NULL,
    avslutade_min DOUBLE,
    avslutade_max DOUBLE,
    avslutade_sant BIGINT NOT NULL,
    arbete_studier DOUBLE,
    arbete_studier_status VARCHAR NOT NULL,
    arbete_studier_min DOUBLE,
    arbete_studier_max DOUBLE,
    arbete_studier_sant BIGINT NOT NULL,
    arbetsforberedande DOUBLE,
    arbetsforberedande_status VARCHAR NOT NULL,
    arbetsforberedande_min DOUBLE,
    arbetsforberedande_max DOUBLE,
    arbetsforberedande_sant BIGINT NOT NULL
);

-- The rows per förbund are the column `rader` of forbund_kvalitet (tabeller_per_forbund.sql),
-- kept with the other per-förbund counts; databases from before kept them in a table of
-- their own.
DROP TABLE IF EXISTS forbund_rader;

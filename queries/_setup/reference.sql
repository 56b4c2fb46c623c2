-- Reference facts, reloaded from data/reference/ on every read-write open so that the
-- database never holds stale facts. $dir is the reference folder.
CREATE OR REPLACE TABLE kommuner AS
SELECT lpad(kommunkod::VARCHAR, 4, '0') AS kommunkod, kommun, forbund_kod,
       mia_fran::DATE AS mia_fran, folkmangd_2017::INTEGER AS folkmangd_2017,
       lat::DOUBLE AS lat, lon::DOUBLE AS lon
FROM read_csv($dir || '/kommuner.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE forbund AS
SELECT forbund_kod, forbund, kortnamn, medlemskommuner, mia_fran::DATE AS mia_fran
FROM read_csv($dir || '/forbund.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE publicerade AS
SELECT * FROM read_csv($dir || '/publicerade_siffror.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE malvarden AS
SELECT * FROM read_csv($dir || '/malvarden.csv', header = true, all_varchar = true);

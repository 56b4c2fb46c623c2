-- Jämför's trend, protected (mia/kept_trend.py), from the registered frame `skyddad_trend`.
INSERT INTO jamfor_trend_skyddad BY NAME SELECT * FROM skyddad_trend

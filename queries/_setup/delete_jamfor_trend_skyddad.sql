-- Before Jämför's trend is protected again (mia/kept_trend.py): the kept half-years go.
DELETE FROM jamfor_trend_skyddad

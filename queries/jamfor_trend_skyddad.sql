-- Jämför's trend cells as protected at the last import (mia/kept_trend.py): the rows of the
-- chosen half-years and kön ($kon NULL: every kön and 'alla'), in the order they were
-- protected, if they were protected under the thresholds and förbund membership in use now
-- ($nyckel); none otherwise.
SELECT * EXCLUDE (nyckel, rad)
FROM jamfor_trend_skyddad
WHERE nyckel = $nyckel AND list_contains($halvar, halvar) AND ($kon IS NULL OR list_contains($kon, kon))
ORDER BY rad

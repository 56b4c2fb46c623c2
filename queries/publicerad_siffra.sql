-- What the data gives for one published figure: the population count, those exited by the
-- period end, and those of them whose outcome is in $utfall (a list; NULL = the population).
SELECT
    count(*) AS antal,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    CASE WHEN $utfall IS NULL THEN count(*)
         ELSE count(*) FILTER (avslutad_i_tid AND list_contains($utfall, utfall)) END AS taljare
FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
           $f_aldersgrupp, $f_remittent, $f_forsorjning)

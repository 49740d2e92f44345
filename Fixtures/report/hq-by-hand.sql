-- Hand-written SQL for the national report's build, test and fleet numbers by week, over the
-- 12 weeks before @TO@ (in @ZONE@), straight from the lines headquarters hold on PostgreSQL
-- (scripts/bench substitutes the date): the baseline `hangar hq report` is measured against.
-- Airframes are (workshop, serial), as at headquarters; undo lines are left out, not applied.
WITH weeks AS (
  SELECT n, (date '@TO@' - 84 + 7 * n)::timestamp AT TIME ZONE '@ZONE@' AS s, (date '@TO@' - 77 + 7 * n)::timestamp AT TIME ZONE '@ZONE@' AS e
  FROM generate_series(0, 11) AS n),
live AS (SELECT origin, subject, kind, occurred_at::timestamptz AS at, content FROM hq_lines WHERE kind <> 'undo'),
reg AS (SELECT origin, subject, at FROM live WHERE kind = 'register'),
qc AS (SELECT origin, subject, at, content::jsonb ->> 'outcome' AS outcome FROM live WHERE kind = 'qc'),
firstpass AS (SELECT origin, subject, min(at) AS at FROM qc WHERE outcome = 'pass' GROUP BY origin, subject),
firstrun AS (SELECT DISTINCT ON (origin, subject) origin, subject, at, outcome FROM qc ORDER BY origin, subject, at),
gone AS (SELECT origin, subject, min(at) AS at FROM live WHERE kind IN ('lost', 'write_off') GROUP BY origin, subject)
SELECT w.s,
  (SELECT count(*) FROM reg WHERE at >= w.s AND at < w.e) AS registered,
  (SELECT count(*) FROM live WHERE kind = 'assembled' AND at >= w.s AND at < w.e) AS assembled,
  (SELECT count(*) FROM firstpass WHERE at >= w.s AND at < w.e) AS delivered,
  (SELECT avg(extract(epoch FROM f.at - r.at) / 3600) FROM firstpass f JOIN reg r USING (origin, subject) WHERE f.at >= w.s AND f.at < w.e) AS build_hours,
  (SELECT count(*) FROM qc WHERE at >= w.s AND at < w.e) AS qc_runs,
  (SELECT count(*) FROM qc WHERE at >= w.s AND at < w.e AND outcome = 'pass') AS qc_passed,
  (SELECT avg((outcome = 'pass')::int) FROM firstrun WHERE at >= w.s AND at < w.e) AS first_pass_yield,
  (SELECT count(*) FROM firstpass f WHERE f.at < w.e
     AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.origin = f.origin AND g.subject = f.subject AND g.at < w.e)) AS fleet_size
FROM weeks w;

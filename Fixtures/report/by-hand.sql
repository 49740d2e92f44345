-- Hand-written SQL for the report's build, test and fleet numbers by ISO week, over the
-- 12 weeks before @TO@ (scripts/bench substitutes the date). The test ReportBySQLTests
-- checks that `hangar report` gives the same numbers on the demo workshop.
-- The build, test and fleet numbers of `hangar report --to TO` (12 ISO weeks), by hand.
WITH RECURSIVE weeks(n, s, e) AS (
  SELECT 0, date('@TO@', '-84 days'), date('@TO@', '-77 days')
  UNION ALL SELECT n + 1, date(s, '+7 days'), date(e, '+7 days') FROM weeks WHERE n < 11),
live AS (SELECT * FROM events WHERE kind <> 'undo' AND id NOT IN (SELECT event_id FROM undone)),
reg AS (SELECT subject, occurred_at AS at FROM live WHERE kind = 'register'),
qc AS (SELECT subject, seq, occurred_at AS at, json_extract(data, '$.outcome') AS outcome FROM live WHERE kind = 'qc'),
firstpass AS (SELECT subject, MIN(at) AS at FROM qc WHERE outcome = 'pass' GROUP BY subject),
firstrun AS (SELECT q.subject, q.at, q.outcome FROM qc q JOIN (SELECT subject, MIN(seq) AS seq FROM qc GROUP BY subject) m
             ON m.subject = q.subject AND m.seq = q.seq),
gone AS (SELECT subject, MIN(occurred_at) AS at FROM live WHERE kind IN ('lost', 'write_off') GROUP BY subject)
SELECT w.s,
  (SELECT count(*) FROM reg WHERE at >= w.s AND at < w.e) AS registered,
  (SELECT count(*) FROM live WHERE kind = 'assembled' AND occurred_at >= w.s AND occurred_at < w.e) AS assembled,
  (SELECT count(*) FROM firstpass WHERE at >= w.s AND at < w.e) AS delivered,
  (SELECT avg((julianday(f.at) - julianday(r.at)) * 24) FROM firstpass f JOIN reg r USING (subject) WHERE f.at >= w.s AND f.at < w.e) AS build_hours,
  (SELECT count(*) FROM qc WHERE at >= w.s AND at < w.e) AS qc_runs,
  (SELECT count(*) FROM qc WHERE at >= w.s AND at < w.e AND outcome = 'pass') AS qc_passed,
  (SELECT avg(outcome = 'pass') FROM firstrun WHERE at >= w.s AND at < w.e) AS first_pass_yield,
  (SELECT count(*) FROM firstpass f WHERE f.at < w.e AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.subject = f.subject AND g.at < w.e)) AS fleet_size
FROM weeks w;

-- tsc_workdays: answers worked out on a calendar (the same as the SQLite
-- extension's tests), over date and timestamptz, and the library's errors.
CREATE EXTENSION tsc_workdays;
SET TimeZone = 'America/New_York';   -- answers must not depend on it
-- Saturday + 1 working day is Monday; Easter; before the new year.
SELECT tsc_add_working_days(date '2026-03-07', 1) AS sat_plus_1,
       tsc_add_working_days(date '2026-04-02', 1) AS easter,
       tsc_add_working_days(date '2027-01-05', -16) AS before_new_year,
       tsc_add_working_days(date '2026-03-04', 0) AS zero;
SELECT tsc_count_working_days(date '2026-03-02', date '2026-04-10') AS forward,
       tsc_count_working_days(date '2026-04-10', date '2026-03-02') AS backward;
SELECT d, tsc_is_working_day(d), tsc_holiday_name(d)
  FROM (VALUES (date '2023-05-08'), (date '2026-12-28'), (date '2026-12-24')) v(d);
SELECT tsc_roll(date '2026-05-31', 'modified-following') AS modified,
       tsc_roll(date '2026-05-31', 'following') AS following,
       tsc_roll(date '2026-12-25', 'preceding') AS preceding;
SELECT tsc_add_working_days(date '2026-12-23', 5, 'scotland') AS scotland,
       tsc_add_working_days(date '2026-12-23', 5) AS england,
       tsc_add_working_days(date '2026-05-20', 1, 'st-helena') AS st_helena,
       tsc_holiday_name(date '2026-05-21', 'st-helena') AS st_helena_day;
-- A timestamptz counts from its date in London: 23:30 UTC on Friday
-- 2026-07-03 is Saturday 00:30 in London, so + 1 working day is Monday.
SELECT tsc_add_working_days(timestamptz '2026-07-03 23:30+00', 1) AS london_saturday,
       tsc_add_working_days(timestamptz '2026-01-02 23:30+00', 1) AS winter_friday,
       tsc_is_working_day(timestamptz '2026-12-25 12:00+00') AS christmas,
       tsc_count_working_days(timestamptz '2026-03-02 09:00+00', timestamptz '2026-04-10 09:00+01') AS count_tz;
SELECT tsc_due('15 working days after strategy', date '2026-03-04') AS icpc_due,
       tsc_due('4 weeks after icpc', date '2026-11-30') AS rolled_back,
       tsc_due('4 weeks after icpc, keep', date '2026-11-30') AS kept;
SELECT tsc_due_time('24 hours after return', timestamptz '2027-03-27 21:00+00') AS clocks_change,
       tsc_due('24 hours after return', timestamptz '2027-03-27 21:00+00') AS due_date,
       tsc_due_time('5 working days after referral', timestamptz '2027-03-27 21:00+00') AS not_timed;
-- NULL in, NULL out.
SELECT tsc_add_working_days(NULL::date, 1) IS NULL AS a,
       tsc_add_working_days(date '2026-03-07', NULL) IS NULL AS b,
       tsc_is_working_day(date '2026-03-07', NULL) IS NULL AS c,
       tsc_due(NULL, date '2026-03-04') IS NULL AS d,
       (SELECT count(*) FROM tsc_plan(NULL, '{"referral": "2026-03-06"}')) AS e;
-- Plans: one rule of Swindon's pack from a referral on Friday 6 March.
SELECT rule, occurrence, due, status, projected, anchor_event, anchor
  FROM tsc_plan('swindon', '{"referral": "2026-03-06"}');
SELECT rule, due, status FROM tsc_plan('swindon', '{"referral": "2026-03-06"}', '2026-12-31', '2026-03-10');
-- An hour rule: 48 hours after an ICPC at 14:00 London time, through the weekend.
SELECT rule, due, due_time, anchor_time
  FROM tsc_plan('swindon', '{"icpc": "2026-03-06T14:00"}')
 WHERE rule = 'swindon.visits.cp-first-visit';
-- A caseload in one query.
CREATE TABLE cases(id int, events jsonb);
INSERT INTO cases VALUES (1, '{"referral": "2026-03-06"}'), (2, '{"referral": "2026-04-02"}'), (3, NULL);
SELECT c.id, p.due FROM cases c, tsc_plan('swindon', c.events) p ORDER BY c.id;
-- IMMUTABLE, STRICT and PARALLEL SAFE where true.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel, count(*)
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tsc_workdays'
 GROUP BY 1, 2, 3, 4 ORDER BY 1;
-- An index on an expression needs IMMUTABLE.
CREATE TABLE strategy(d date);
INSERT INTO strategy SELECT date '2026-01-01' + i FROM generate_series(0, 99) i;
CREATE INDEX strategy_icpc_due ON strategy (tsc_add_working_days(d, 15));
SELECT count(*) FROM strategy WHERE tsc_add_working_days(d, 15) = date '2026-03-25';
-- The same answers from parallel workers.
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT count(*) FILTER (WHERE tsc_is_working_day(d)) AS working,
       min(tsc_add_working_days(d, 15, 'scotland')) AS first_due
  FROM strategy;
RESET force_parallel_mode;
-- Errors: the library's message, with the position.
SELECT tsc_add_working_days(date '2026-03-07', 1, 'atlantis');
SELECT tsc_roll(date '2026-03-07', 'sideways');
SELECT tsc_add_working_days(date '9999-12-30', 5);
SELECT tsc_add_working_days(date 'infinity', 1);
SELECT tsc_due('15 working dys after strategy', date '2026-03-04');
SELECT * FROM tsc_plan('swindon', '{"referral": "2026-3-6"}');
SELECT * FROM tsc_plan('swindon', '{"referral": ["2026-03-06", 7]}');
SELECT * FROM tsc_plan('swindon', '{"kidnap": "2026-03-06"}');
SELECT * FROM tsc_plan('nowhere', '{"referral": "2026-03-06"}');
SELECT tsc_is_working_day(date '2026-03-07', '/etc/passwd');
-- A council's calendar file: 23 Dec + 2 is 24 Dec, then 4 Jan (25 and 28
-- Dec holidays, 29-31 Dec closed, 1 Jan a holiday).
\getenv abs_srcdir PG_ABS_SRCDIR
\set council :abs_srcdir '/council.hol'
SELECT tsc_add_working_days(date '2026-12-23', 2, :'council') AS council,
       tsc_add_working_days(date '2026-12-23', 2) AS england;
-- A calendar from a column can change on every row (only a constant one is
-- looked up once a query), a parameter on every execution: + 5 from 23 Dec
-- is 5 Jan in Scotland (2 Jan substituted on Monday 4 Jan), 4 Jan in
-- England, 7 Jan for the council (closed 29-31 Dec).
SELECT id, tsc_add_working_days(date '2026-12-23', 5, c) AS due
  FROM (VALUES (1, 'scotland'), (2, 'england-and-wales'), (3, 'scotland'), (4, :'council'),
               (5, 'england-and-wales')) v(id, c) ORDER BY id;
SET plan_cache_mode = force_generic_plan;
PREPARE due_in(text) AS SELECT tsc_add_working_days(date '2026-12-23', 5, $1) AS due;
EXECUTE due_in('scotland');
EXECUTE due_in('england-and-wales');
DEALLOCATE due_in;
RESET plan_cache_mode;
-- Reading a server file needs pg_read_server_files.
CREATE ROLE analyst;
SET ROLE analyst;
SELECT tsc_is_working_day(date '2026-03-07', '/tmp/council.hol');
SELECT tsc_is_working_day(date '2026-03-07');
RESET ROLE;

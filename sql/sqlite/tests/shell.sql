-- Run by test_shell.py through the sqlite3 shell:
--   sqlite3 :memory: '.load EXTENSION' '.read shell.sql'
-- Every expected answer (shell.expected) was worked out on a calendar.
.mode list
.nullvalue NULL
-- Saturday + 1 working day is Monday.
SELECT tsc_add_working_days('2026-03-07', 1);
-- Thursday before Easter + 1: Good Friday, the weekend and Easter Monday skipped.
SELECT tsc_add_working_days('2026-04-02', 1);
-- 16 working days before 5 January 2027: 1 Jan, 28 and 25 Dec skipped.
SELECT tsc_add_working_days('2027-01-05', -16);
SELECT tsc_add_working_days('2026-03-04', 0);
SELECT tsc_count_working_days('2026-03-02', '2026-04-10');
SELECT tsc_count_working_days('2026-04-10', '2026-03-02');
-- The 2023 coronation holiday, the one hand-written tables forget.
SELECT tsc_is_working_day('2023-05-08'), tsc_holiday_name('2023-05-08');
SELECT tsc_is_working_day('2026-12-28'), tsc_holiday_name('2026-12-28');
SELECT tsc_is_working_day('2026-12-24'), tsc_holiday_name('2026-12-24');
SELECT tsc_roll('2026-05-31', 'modified-following'), tsc_roll('2026-05-31', 'following');
SELECT tsc_roll('2026-12-25', 'preceding'), tsc_roll('2026-12-25', 'unadjusted');
-- Scotland: 2 January 2027 is a Saturday, its holiday Monday 4 January.
SELECT tsc_add_working_days('2026-12-23', 5, 'scotland');
SELECT tsc_add_working_days('2026-12-23', 5);
SELECT tsc_add_working_days('2026-05-20', 1, 'st-helena'), tsc_holiday_name('2026-05-21', 'st-helena');
SELECT tsc_due('15 working days after strategy', '2026-03-04');
SELECT tsc_due('24 hours after return', '2027-03-27T21:00');
SELECT tsc_due('4 weeks after icpc', '2026-11-30');
SELECT tsc_due('4 weeks after icpc, keep', '2026-11-30');
-- NULL in, NULL out.
SELECT tsc_add_working_days(NULL, 1), tsc_add_working_days('2026-03-07', NULL),
       tsc_is_working_day('2026-03-07', NULL), tsc_due(NULL, '2026-03-04');
SELECT count(*) FROM tsc_plan(NULL, '{"referral": "2026-03-06"}');
-- One rule of Swindon's pack from a referral on Friday 6 March.
SELECT rule, occurrence, due, status, anchor_event, anchor
  FROM tsc_plan('swindon', '{"referral": "2026-03-06"}');
SELECT rule, due, status FROM tsc_plan('swindon', '{"referral": "2026-03-06"}', '2026-12-31', '2026-03-10');
-- Row by row in one statement: a calendar from a column (looked up on each
-- row; only a constant one is remembered), and n as an integer, a whole
-- float and text, a zero, a date before the calendar's index (Friday
-- 29 Dec 1899 + 1 is Monday 1 Jan 1900, a working day until 1974).
SELECT group_concat(tsc_add_working_days('2026-12-23', 5, column1), ' ')
  FROM (VALUES ('scotland'), ('england-and-wales'), ('scotland'));
SELECT group_concat(tsc_add_working_days(column1, column2), ' ')
  FROM (VALUES ('2026-03-07', 1), ('2026-03-07', 1.0), ('2026-03-07', '1'), ('2026-03-07', 0),
               ('1899-12-29', 1));
-- Deterministic: allowed in an index expression.
CREATE TABLE t(d TEXT);
INSERT INTO t VALUES ('2026-03-07'), ('2026-04-02');
CREATE INDEX t_due ON t(tsc_add_working_days(d, 1));
SELECT d FROM t WHERE tsc_add_working_days(d, 1) = '2026-04-07';
-- Innocuous: usable from a view when the schema is not trusted.
PRAGMA trusted_schema = OFF;
CREATE VIEW v AS SELECT tsc_is_working_day('2026-12-25') AS w,
                        (SELECT count(*) FROM tsc_plan('swindon', '{"referral": "2026-03-06"}')) AS n;
SELECT w, n FROM v;
-- Errors: the library's message, with the position (shell.errors).
SELECT tsc_add_working_days('2026-02-29', 1);
SELECT tsc_add_working_days('2026-03-07', 1, 'atlantis');
SELECT tsc_add_working_days('2026-03-07', 'fifteen');
SELECT tsc_roll('2026-03-07', 'sideways');
SELECT tsc_due('15 working dys after strategy', '2026-03-04');
SELECT * FROM tsc_plan('swindon', '{"referral": "2026-03-06",}');
SELECT * FROM tsc_plan('swindon', '{"referral": "2026-3-6"}');
SELECT * FROM tsc_plan('swindon', '{"kidnap": "2026-03-06"}');
SELECT * FROM tsc_plan('nowhere', '{"referral": "2026-03-06"}');
SELECT tsc_is_working_day('2026-03-07', '/etc/passwd');
SELECT * FROM tsc_plan;
SELECT 'still running';

-- tsc_workdays 0.1: the functions of libtimescale over date and timestamptz.
-- IMMUTABLE: the same arguments give the same answer (calendars are read
-- once per backend; a timestamptz counts from its local date in the
-- calendar's own zone, never the session's TimeZone).  STRICT: NULL in,
-- NULL out.  PARALLEL SAFE: each backend and worker has its own cache.
\echo Use "CREATE EXTENSION tsc_workdays" to load this file. \quit

CREATE FUNCTION tsc_add_working_days(d date, n integer, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_add_working_days'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_add_working_days(t timestamptz, n integer, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_add_working_days_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION tsc_count_working_days(from_date date, to_date date, calendar text DEFAULT 'england-and-wales')
RETURNS integer AS 'MODULE_PATHNAME', 'tsc_pg_count_working_days'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_count_working_days(from_time timestamptz, to_time timestamptz, calendar text DEFAULT 'england-and-wales')
RETURNS integer AS 'MODULE_PATHNAME', 'tsc_pg_count_working_days_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION tsc_is_working_day(d date, calendar text DEFAULT 'england-and-wales')
RETURNS boolean AS 'MODULE_PATHNAME', 'tsc_pg_is_working_day'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_is_working_day(t timestamptz, calendar text DEFAULT 'england-and-wales')
RETURNS boolean AS 'MODULE_PATHNAME', 'tsc_pg_is_working_day_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION tsc_roll(d date, convention text, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_roll'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_roll(t timestamptz, convention text, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_roll_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION tsc_holiday_name(d date, calendar text DEFAULT 'england-and-wales')
RETURNS text AS 'MODULE_PATHNAME', 'tsc_pg_holiday_name'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_holiday_name(t timestamptz, calendar text DEFAULT 'england-and-wales')
RETURNS text AS 'MODULE_PATHNAME', 'tsc_pg_holiday_name_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The due date of one rule's first occurrence ("15 working days after strategy").
CREATE FUNCTION tsc_due(rule text, anchor date, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_due'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION tsc_due(rule text, anchor timestamptz, calendar text DEFAULT 'england-and-wales')
RETURNS date AS 'MODULE_PATHNAME', 'tsc_pg_due_tz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- The instant an hour rule falls due ("24 hours after return"); NULL for rules in days.
CREATE FUNCTION tsc_due_time(rule text, anchor timestamptz, calendar text DEFAULT 'england-and-wales')
RETURNS timestamptz AS 'MODULE_PATHNAME', 'tsc_pg_due_time'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Every due item of a pack for one case's events
-- ({"referral": "2026-03-02", "cp-visit": ["2026-03-10", "2026-03-20"]}),
-- up to `until` (default: the latest event + 366 days); `today` marks open
-- items due before it overdue (default: none).  NULL pack or events: no rows.
CREATE FUNCTION tsc_plan(pack text, events jsonb, until date DEFAULT NULL, today date DEFAULT NULL,
    OUT rule text, OUT occurrence integer, OUT due date, OUT due_time timestamptz,
    OUT window_start date, OUT status text, OUT projected boolean, OUT anchor_event text,
    OUT anchor date, OUT anchor_time timestamptz, OUT done_on date, OUT schedules text,
    OUT role text, OUT rule_text text)
RETURNS SETOF record AS 'MODULE_PATHNAME', 'tsc_pg_plan'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 60;

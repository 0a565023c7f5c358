/* caseload.h -- many cases from one CSV file (`plan --cases`, `serve`). */
#ifndef TSC_CLI_CASELOAD_H
#define TSC_CLI_CASELOAD_H

#include "cli.h"

#include <stdbool.h>

/* A due date the input itself states for an event the rules schedule
 * (the CIN census's target date of the initial child protection
 * conference): `timescale audit` compares it with the plan's. */
struct case_target {
    const char *event;  /* a produced event of the vocabulary, e.g. "icpc" */
    tsc_date due;
};

/* Who a case is, as the caseload names it; "" when the file does not say.
 * targets: the dates the input states (none from a CSV caseload). */
struct case_ref {
    const char *id, *label, *worker, *team;
    const struct case_target *targets;
    size_t target_count;
};

/* What the input says about itself: the optional columns a caseload's
 * header names, and the date the data was taken (a census's reference
 * date; 0 when the input has none). */
struct caseload_columns {
    bool label, worker, team;
    tsc_date reference_date;
    /* Whether the input can record `event` at all (a statutory return holds
     * only the items the vocabulary maps); NULL: any event. */
    bool (*records)(const void *ctx, const char *event);
    const void *records_ctx;
};

struct caseload_options {
    const tsc_pack *pack;
    const tsc_calendar *cal;
    tsc_date until;     /* 0: each case's latest event + 366 days */
    tsc_date today;
    bool ignore_unknown;  /* skip rows whose event no rule names, reporting each name once */
    bool until_not_due;   /* items after `until` are not yet due (audit): no "not shown" note */
    tsc_date records_until;  /* 0: every row; else rows dated after it are left out (audit:
                                the records as they stood on the as-of date) */
    bool quiet;           /* no notes on stderr (skipped, ignored, not shown): a look-ahead
                             pass, whose notes the pass after it gives */
};

/* What to do with the cases: begin (may be NULL) once the file is known
 * good, each for every case in file order, with its plan.  The options are
 * read for each case, after begin: begin may still set `until` (audit sets
 * it to the as-of date, which may be the input's reference date). */
struct caseload_sink {
    int (*begin)(void *ctx, const struct caseload_columns *columns);
    int (*each)(void *ctx, const struct case_ref *c, const tsc_plan *plan);
    void *ctx;
};

/* Reads rows "case_id,event,date" or, after a header row (a first line
 * with a field "case_id") naming them in any order, the columns case_id,
 * event, date, label, worker and team
 * (rows of one case together, case ids in ascending byte order; label,
 * worker and team may be given on any of a case's rows but must agree).
 * A file is checked whole before the sink sees anything (every case is
 * then planned once, as the sink takes it); standard input ("-") is read
 * once.  Fields have no length limit.  Errors name the file and line,
 * never case data; with ignore_unknown each skipped event name is reported
 * once on stderr. */
int caseload_run(const char *path, const struct caseload_options *opt,
                 const struct caseload_sink *sink);

/* caseload_run for a sink that keeps nothing of a run that fails (a file
 * replaced whole, feeds built in memory): the file is not checked before
 * the sink sees its first case, but read once, each case planned as it
 * comes.  begin still knows the columns before any case. */
int caseload_run_once(const char *path, const struct caseload_options *opt,
                      const struct caseload_sink *sink);

#endif

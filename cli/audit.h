/* audit.h -- `timescale audit`: what each due item's record says about its
 * timeliness on an as-of date, tallied by rule, and the input's own target
 * dates against timescale's. */
#ifndef TSC_CLI_AUDIT_H
#define TSC_CLI_AUDIT_H

#include "caseload.h"

#include <stdbool.h>
#include <stdint.h>

enum audit_status { AUDIT_ON_TIME, AUDIT_EARLY, AUDIT_LATE, AUDIT_MISSING, AUDIT_NSTATUS };

struct audit_finding {
    enum audit_status status;
    int32_t late_days;   /* AUDIT_LATE: working days after the due date up to the day done */
};

/* Whether item `it` was due before `as_of` and, if so, what its record
 * shows as at that date (records dated after it are not seen).  False:
 * not yet due, left out of the audit. */
bool audit_classify(const tsc_calendar *cal, const tsc_item *it, tsc_date as_of,
                    struct audit_finding *out);
const char *audit_status_name(enum audit_status status);

/* Working days from `from` to `to`, counting the days after `from` up to
 * and including `to` (negative when `to` is earlier): a task due on a
 * Friday and done the next Monday is 1 working day late. */
int32_t audit_working_days(const tsc_calendar *cal, tsc_date from, tsc_date to);

/* The findings of one rule over every case. */
struct rule_tally {
    size_t count[AUDIT_NSTATUS];
    int32_t *late_days;   /* each late item's lateness, for the median */
    size_t nlate, cap;
    size_t not_judged;    /* items due whose event the input cannot record */
};

struct audit_tally {
    struct rule_tally *rule;   /* one per rule of the pack */
    size_t nrules;
};

int audit_tally_init(struct audit_tally *t, size_t nrules);
int audit_tally_add(struct audit_tally *t, size_t rule, const struct audit_finding *f);
size_t audit_tally_due(const struct rule_tally *r);   /* every item due, whatever its status */
/* The median lateness of the rule's late items (the mean of the middle two
 * for an even count; sorts them); false when none was late. */
bool audit_tally_median(struct rule_tally *r, double *out);
void audit_tally_free(struct audit_tally *t);

/* A target date the input states, against timescale's date for the event. */
struct target_finding {
    tsc_date theirs, ours;   /* ours 0: no item of the plan schedules the event */
    int32_t difference;      /* working days from ours to theirs (positive: theirs later) */
};

/* Compares target `t` with the plan's item scheduling its event whose due
 * date is nearest the target's (a binding rule's item first); true when
 * the dates differ or no item schedules the event. */
bool audit_target_differs(const tsc_plan *plan, const struct case_target *t,
                          struct target_finding *out);

#endif

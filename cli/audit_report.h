/* audit_report.h -- writing an audit: each due item (--detail), the
 * summary by rule and the target dates that differ, as a table, CSV or JSON. */
#ifndef TSC_CLI_AUDIT_REPORT_H
#define TSC_CLI_AUDIT_REPORT_H

#include "audit.h"
#include "items.h"

/* What the report shows.  CSV is one table: the summary, the items or the
 * targets.  A table or JSON shows the items (with detail), the summary and
 * the targets; with targets_only, the targets alone. */
struct audit_report {
    FILE *out;
    enum item_format format;
    bool detail, targets_only;
    const tsc_pack *pack;
    const tsc_calendar *cal;
    tsc_date as_of;
    bool with_label;          /* the input names labels: a label column */
    int rule_width;           /* table: the pack's longest rule id */
    struct audit_tally tally;
    size_t nitems;            /* item rows written */
    struct target_row {
        char *case_id, *label, *event;
        struct target_finding f;
    } *targets;               /* kept to the end: they follow the summary */
    size_t ntargets, cap;
    bool has_targets;         /* some case of the input states a target */
    /* The input's caseload_columns.records: items of an event it cannot
     * record (a census holds no visits) are counted, not judged missing. */
    bool (*records)(const void *ctx, const char *event);
    const void *records_ctx;
    bool *unrecorded;         /* per rule, from records at begin; NULL: every rule judged */
};

/* Before the first case, once the input is known good. */
int audit_report_begin(struct audit_report *r, bool with_label);
int audit_report_case(struct audit_report *r, const struct case_ref *c, const tsc_plan *plan);
/* After the last case (only when begun). */
void audit_report_end(struct audit_report *r);
void audit_report_free(struct audit_report *r);

#endif

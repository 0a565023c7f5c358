/* audit.c -- classifying due items on an as-of date and tallying them by rule. */
#include "audit.h"

#include <stdlib.h>

int32_t audit_working_days(const tsc_calendar *cal, tsc_date from, tsc_date to)
{
    /* [from + 1, to + 1) is (from, to]: the days after `from`, up to `to`. */
    int32_t n = 0;
    if (tsc_calendar_count_working_days(cal, from + 1, to + 1, 0, &n, NULL) != TSC_OK)
        return 0;   /* both dates come from a plan, inside the supported years */
    return n;
}

bool audit_classify(const tsc_calendar *cal, const tsc_item *it, tsc_date as_of,
                    struct audit_finding *out)
{
    /* Due on the as-of date is still in time that day: not yet due. */
    if (it->due >= as_of)
        return false;
    out->late_days = 0;
    bool done = (it->flags & TSC_ITEM_DONE) && it->done_on <= as_of;
    if (!done)
        out->status = AUDIT_MISSING;
    else if (it->flags & TSC_ITEM_LATE)
        out->status = AUDIT_LATE;
    else if ((it->flags & TSC_ITEM_WINDOW) && it->done_on < it->window_start)
        out->status = AUDIT_EARLY;
    else
        out->status = AUDIT_ON_TIME;
    if (out->status == AUDIT_LATE)
        out->late_days = audit_working_days(cal, it->due, it->done_on);
    return true;
}

const char *audit_status_name(enum audit_status status)
{
    static const char *const names[AUDIT_NSTATUS] = {
        [AUDIT_ON_TIME] = "on-time", [AUDIT_EARLY] = "early", [AUDIT_LATE] = "late",
        [AUDIT_MISSING] = "missing"};
    return status < AUDIT_NSTATUS ? names[status] : "?";
}

int audit_tally_init(struct audit_tally *t, size_t nrules)
{
    t->nrules = nrules;
    t->rule = nrules ? calloc(nrules, sizeof *t->rule) : NULL;
    return nrules && !t->rule ? cli_fail("out of memory") : CLI_OK;
}

int audit_tally_add(struct audit_tally *t, size_t rule, const struct audit_finding *f)
{
    if (rule >= t->nrules)
        return CLI_OK;
    struct rule_tally *r = &t->rule[rule];
    r->count[f->status]++;
    if (f->status != AUDIT_LATE)
        return CLI_OK;
    if (r->nlate == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        int32_t *grown = realloc(r->late_days, cap * sizeof *grown);
        if (!grown)
            return cli_fail("out of memory");
        r->late_days = grown;
        r->cap = cap;
    }
    r->late_days[r->nlate++] = f->late_days;
    return CLI_OK;
}

size_t audit_tally_due(const struct rule_tally *r)
{
    size_t n = 0;
    for (int s = 0; s < AUDIT_NSTATUS; s++)
        n += r->count[s];
    return n;
}

static int compare_days(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

bool audit_tally_median(struct rule_tally *r, double *out)
{
    if (!r->nlate)
        return false;
    qsort(r->late_days, r->nlate, sizeof *r->late_days, compare_days);
    size_t mid = r->nlate / 2;
    *out = r->nlate % 2 ? r->late_days[mid]
                        : ((double)r->late_days[mid - 1] + r->late_days[mid]) / 2;
    return true;
}

void audit_tally_free(struct audit_tally *t)
{
    for (size_t i = 0; i < t->nrules; i++)
        free(t->rule[i].late_days);
    free(t->rule);
    t->rule = NULL;
    t->nrules = 0;
}

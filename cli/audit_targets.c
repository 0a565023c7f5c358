/* audit_targets.c -- the input's own due dates (the CIN census's initial
 * CPC target) against the date timescale's rules give the same event. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

static tsc_date distance(tsc_date a, tsc_date b)
{
    return a > b ? a - b : b - a;
}

/* Better: a binding rule's item over another's, then the nearer due date,
 * then the earlier (items come in date order, so the first seen). */
static bool better(const tsc_item *it, const tsc_item *best, tsc_date target)
{
    bool binding = it->flags & TSC_ITEM_BINDING, best_binding = best->flags & TSC_ITEM_BINDING;
    if (binding != best_binding)
        return binding;
    return distance(it->due, target) < distance(best->due, target);
}

bool audit_target_differs(const tsc_plan *plan, const struct case_target *t,
                          struct target_finding *out)
{
    tsc_item best = {0}, it;
    bool found = false;
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        if (tsc_plan_item(plan, i, &it, NULL) != TSC_OK || strcmp(it.schedules, t->event) != 0)
            continue;
        if (!found || better(&it, &best, t->due))
            best = it;
        found = true;
    }
    out->theirs = t->due;
    out->ours = found ? best.due : 0;
    out->difference = found ? audit_working_days(tsc_plan_calendar(plan), best.due, t->due) : 0;
    return !found || best.due != t->due;
}

/* ordinal_gaps.h -- one line on stderr per rule that schedules the n-th
 * EVENT ("schedules second lac-review") in cases that have no earlier one,
 * recorded or projected (TSC_ITEM_NO_EARLIER): the rule projecting the
 * first counts from an event those cases do not record, so every rule
 * counting from "first EVENT" counts from a later one; or, the other way
 * round, that cannot project the n-th EVENT because those cases do not
 * record its anchor (tsc_plan_unanchored()).  The line names the
 * rules and events and counts the cases; it never names a case. */
#ifndef TSC_CLI_ORDINAL_GAPS_H
#define TSC_CLI_ORDINAL_GAPS_H

#include "cli.h"

struct ordinal_gaps {
    const tsc_pack *pack;
    size_t *cases;           /* per rule: the cases with such an item */
    size_t *unanchored;      /* per rule: the cases tsc_plan_unanchored() names it in */
    size_t *last;            /* per rule: the last case counted (1-based) */
    size_t ncase;
};

int ordinal_gaps_init(struct ordinal_gaps *g, const tsc_pack *pack);
void ordinal_gaps_add(struct ordinal_gaps *g, const tsc_plan *plan);
void ordinal_gaps_report(const struct ordinal_gaps *g);
void ordinal_gaps_free(struct ordinal_gaps *g);

#endif

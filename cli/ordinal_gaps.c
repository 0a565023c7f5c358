/* ordinal_gaps.c -- rules whose earlier occurrences some cases lack, on stderr. */
#include "ordinal_gaps.h"

#include <stdlib.h>
#include <string.h>

int ordinal_gaps_init(struct ordinal_gaps *g, const tsc_pack *pack)
{
    size_t n = tsc_pack_rule_count(pack);
    *g = (struct ordinal_gaps){.pack = pack, .cases = calloc(n + 1, sizeof *g->cases),
                               .unanchored = calloc(n + 1, sizeof *g->unanchored),
                               .last = calloc(n + 1, sizeof *g->last)};
    return g->cases && g->unanchored && g->last ? CLI_OK : cli_fail("out of memory");
}

void ordinal_gaps_add(struct ordinal_gaps *g, const tsc_plan *plan)
{
    g->ncase++;
    tsc_item it;
    for (size_t i = 0; tsc_plan_item(plan, i, &it, NULL) == TSC_OK; i++) {
        if (!(it.flags & TSC_ITEM_NO_EARLIER) || g->last[it.rule_index] == g->ncase)
            continue;
        g->last[it.rule_index] = g->ncase;
        g->cases[it.rule_index]++;
    }
    size_t rules[16], n = tsc_plan_unanchored(plan, rules, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        g->unanchored[rules[i]]++;
}

/* The other rules scheduling the event that count from something else:
 * the events the cases lack: "X projects it from A; Y ..." after `first`,
 * else the anchors joined by `sep`.  Returns how many. */
static size_t producers(const struct ordinal_gaps *g, size_t rule, const char *event,
                        const char *first, const char *sep)
{
    size_t named = 0;
    tsc_rule_info info;
    for (size_t r = 0; r < tsc_pack_rule_count(g->pack); r++) {
        const char *anchor = tsc_pack_rule_anchor(g->pack, r);
        if (r == rule || tsc_pack_rule(g->pack, r, &info, NULL) || strcmp(info.schedules, event) ||
            !anchor || !strcmp(anchor, event))
            continue;
        if (first)
            fprintf(stderr, "%s%s projects it from %s", named ? "; " : first, info.id, anchor);
        else
            fprintf(stderr, "%s%s", named ? sep : "", anchor);
        named++;
    }
    return named;
}

static void report_unanchored(const struct ordinal_gaps *g, size_t r, const tsc_rule_info *info)
{
    const char *anchor = tsc_pack_rule_anchor(g->pack, r);
    size_t n = g->unanchored[r];
    fprintf(stderr, "timescale: %s counts from %s, which %zu case%s not record although %s a "
                    "%s: %s later %s, and the rules counting from it, are not planned; record "
                    "%s\n",
            info->id, anchor, n, n == 1 ? " does" : "s do", n == 1 ? "it has" : "they have",
            info->schedules, n == 1 ? "its" : "their", info->schedules, anchor);
}

void ordinal_gaps_report(const struct ordinal_gaps *g)
{
    tsc_rule_info info;
    for (size_t r = 0; r < tsc_pack_rule_count(g->pack); r++) {
        if (tsc_pack_rule(g->pack, r, &info, NULL))
            continue;
        if (g->unanchored[r])
            report_unanchored(g, r, &info);
        if (!g->cases[r])
            continue;
        const char *e = info.schedules;
        fprintf(stderr, "timescale: %s schedules a later %s, but %zu case%s no earlier %s, "
                        "recorded or projected",
                info.id, e, g->cases[r], g->cases[r] == 1 ? " has" : "s have", e);
        fputs(producers(g, r, e, " (", NULL) ? ")" : " (no other rule projects one)", stderr);
        fprintf(stderr, ": items counting from the first %s count from a later one; record ", e);
        if (producers(g, r, e, NULL, " or "))
            fputs(" or ", stderr);
        fprintf(stderr, "the earlier %s\n", e);
    }
}

void ordinal_gaps_free(struct ordinal_gaps *g)
{
    free(g->cases);
    free(g->unanchored);
    free(g->last);
    memset(g, 0, sizeof *g);
}

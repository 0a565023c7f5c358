/* case_source.c -- one entry point for every kind of case input. */
#include "case_source.h"
#include "ordinal_gaps.h"

bool case_source_from_args(const struct cli_args *a, struct case_source *src, int *rc)
{
    *src = (struct case_source){.cases = cli_opt(a, "cases"),
                                .cin_census = cli_opt(a, "cin-census"),
                                .ssda903 = cli_opt(a, "ssda903")};
    int given = !!src->cases + !!src->cin_census + !!src->ssda903;
    *rc = given > 1 ? cli_fail("%s: give one of --cases, --cin-census and --ssda903",
                               a->command)
                    : CLI_OK;
    return given > 0;
}

const char *case_source_name(const struct case_source *src)
{
    return src->cases ? src->cases : src->cin_census ? src->cin_census : src->ssda903;
}

/* The caller's sink, each plan also counted for ordinal_gaps. */
struct gap_sink {
    const struct caseload_sink *inner;
    struct ordinal_gaps gaps;
};

static int gap_begin(void *ctx, const struct caseload_columns *columns)
{
    struct gap_sink *g = ctx;
    return g->inner->begin(g->inner->ctx, columns);
}

static int gap_each(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    struct gap_sink *g = ctx;
    ordinal_gaps_add(&g->gaps, plan);
    return g->inner->each(g->inner->ctx, c, plan);
}

static int run_source(const struct case_source *src, const struct caseload_options *opt,
                      const struct caseload_sink *sink)
{
    if (src->cin_census)
        return cin_census_run(src->cin_census, opt, sink);
    if (src->ssda903)
        return ssda903_run(src->ssda903, opt, sink);
    return src->once ? caseload_run_once(src->cases, opt, sink)
                     : caseload_run(src->cases, opt, sink);
}

int case_source_run(const struct case_source *src, const struct caseload_options *opt,
                    const struct caseload_sink *sink)
{
    if (opt->quiet)     /* a look-ahead pass: its report would be dropped */
        return run_source(src, opt, sink);
    struct gap_sink g = {.inner = sink};
    int rc = ordinal_gaps_init(&g.gaps, opt->pack);
    struct caseload_sink counted = {sink->begin ? gap_begin : NULL, gap_each, &g};
    if (!rc)
        rc = run_source(src, opt, &counted);
    if (!rc)
        ordinal_gaps_report(&g.gaps);
    ordinal_gaps_free(&g.gaps);
    return rc;
}

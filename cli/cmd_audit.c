/* cmd_audit.c -- `timescale audit`: for every item due before an as-of
 * date, was it done on time, late (by how many working days) or not at all? */
#include "audit_report.h"
#include "case_source.h"

#include <string.h>

struct audit_run {
    struct caseload_options *opt;
    struct audit_report report;
    bool begun;
};

/* What the as-of date sets: plans up to it (no repeat due before it is
 * cut), and the records as they stood that day (a record dated later
 * would complete an earlier item and move the series counted from it). */
static void plan_as_of(struct caseload_options *opt, tsc_date as_of)
{
    opt->until = as_of;
    opt->today = as_of;
    opt->records_until = as_of;
}

/* The as-of date is known here at the latest: --as-of, else the input's
 * reference date. */
static int audit_begin(void *ctx, const struct caseload_columns *columns)
{
    struct audit_run *run = ctx;
    if (!run->report.as_of)
        run->report.as_of = columns->reference_date;
    if (!run->report.as_of)
        return cli_fail("audit: the input states no reference date (a CSV caseload and an "
                        "SSDA903 return have none): give --as-of DATE");
    plan_as_of(run->opt, run->report.as_of);
    run->report.records = columns->records;
    run->report.records_ctx = columns->records_ctx;
    run->begun = true;
    return audit_report_begin(&run->report, columns->label);
}

static int audit_each(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    struct audit_run *run = ctx;
    return audit_report_case(&run->report, c, plan);
}

/* The cases, from whichever input the options name: the one place an
 * input is chosen.  `whole_or_nothing`: the output is a file replaced
 * whole or not at all, so the input need not be checked before it is read. */
static int read_cases(const struct cli_args *a, const struct caseload_options *opt,
                      const struct caseload_sink *sink, bool whole_or_nothing)
{
    struct case_source src;
    int rc;
    if (!case_source_from_args(a, &src, &rc))
        return cli_fail("audit: give the cases with --cases FILE.csv, --cin-census FILE.xml "
                        "or --ssda903 DIR");
    if (rc)
        return rc;
    src.once = whole_or_nothing;
    return case_source_run(&src, opt, sink);
}

static int report_options(const struct cli_args *a, struct audit_report *r)
{
    int rc = item_format_parse(cli_opt(a, "format"), &r->format);
    r->detail = cli_flag(a, "detail");
    r->targets_only = cli_flag(a, "targets");
    if (!rc && r->detail && r->targets_only)
        rc = cli_fail("audit: give --detail (every item) or --targets (the target dates), "
                      "not both");
    if (!rc && cli_opt(a, "as-of"))
        rc = cli_parse_date(cli_opt(a, "as-of"), "--as-of", &r->as_of);
    return rc;
}

static int run_audit(const struct cli_args *a)
{
    const char *rules = cli_opt(a, "rules");
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    tsc_outfile *file = NULL;
    FILE *out = stdout;
    if (!rules)
        return cli_fail("audit: give a rule pack with --rules NAME|FILE");
    struct caseload_options opt = {.ignore_unknown = cli_flag(a, "ignore-unknown-events"),
                                   .until_not_due = true};
    struct audit_run run = {.opt = &opt};
    int rc = report_options(a, &run.report);
    if (!rc)
        rc = cli_open_pack(rules, &pack);
    if (!rc)
        rc = cli_open_calendar(cli_opt_or(a, "calendar", tsc_pack_calendar(pack)), &cal);
    if (!rc)
        rc = output_open(a, &out, &file);
    if (!rc) {
        opt.pack = run.report.pack = pack;
        opt.cal = run.report.cal = cal;
        run.report.out = out;
        if (run.report.as_of)
            plan_as_of(&opt, run.report.as_of);   /* the checking pass plans as the writing */
        rc = read_cases(a, &opt, &(struct caseload_sink){audit_begin, audit_each, &run},
                        file != NULL);
        if (!rc && run.begun)
            audit_report_end(&run.report);
    }
    audit_report_free(&run.report);
    rc = output_close(file, rc);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return rc;
}

const struct cli_command cli_cmd_audit = {
    "audit", "--rules PACK (--cases FILE.csv | --cin-census FILE.xml | --ssda903 DIR)"
    " [--as-of DATE] [--detail | --targets] [--format table|csv|json]",
    "For every item due before the as-of date, whether its record shows it done on time,\n"
    "early (before a window opened), late (by how many working days) or missing; a\n"
    "summary by rule, and where the input states its own target dates, those that\n"
    "differ from timescale's.  Late and missing items are findings: the exit status\n"
    "is 0 when the audit ran.\n\n"
    "  --rules PACK       built-in pack or a .rules file\n"
    "  --cases FILE       CSV rows case_id,event,date as for plan --cases (a header row\n"
    "                     may add a label column); '-' reads standard input\n"
    "  --cin-census FILE  a CIN census (XML): its ReferenceDate is the default as-of\n"
    "                     date and its InitialCPCtarget dates are compared\n"
    "  --ssda903 DIR      an SSDA903 return's header.csv, episodes.csv, reviews.csv\n"
    "  --as-of DATE       judge items due before DATE on records dated up to DATE\n"
    "                     (default: the census's reference date; required otherwise)\n"
    "  --detail           every due item of every case, then the summary\n"
    "  --targets          only the input's target dates that differ from timescale's\n"
    "  --format FORMAT    table (default), csv or json (csv: the summary, the items\n"
    "                     with --detail, or the targets with --targets)\n"
    OUTPUT_HELP
    "  --calendar CAL     override the pack's calendar\n"
    "  --ignore-unknown-events  skip events no rule names instead of failing\n\n"
    "example: timescale audit --rules swindon --cases caseload.csv --as-of 2026-03-31\n"
    "         timescale audit --rules wiltshire --cin-census census.xml --detail\n",
    (const struct cli_option_spec[]){{"rules", true}, {"cases", true}, {"cin-census", true},
                                     {"ssda903", true}, {"as-of", true},
                                     {"detail", false}, {"targets", false},
                                     {"format", true}, {"calendar", true},
                                     {"ignore-unknown-events", false}, OUTPUT_OPTION,
                                     {NULL, false}},
    0, 0, run_audit};

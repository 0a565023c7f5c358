/* cmd_plan.c -- `timescale rule` (one rule) and `timescale plan` (a pack). */
#include "case_source.h"
#include "given_events.h"
#include "ics_dir.h"
#include "ignored.h"
#include "items.h"
#include "ordinal_gaps.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

tsc_date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    tsc_date d = 0;
    if (localtime_r(&now, &tm))
        tsc_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d, NULL);
    return d;
}

static int add_events(const struct cli_args *a, const struct given_events *events, tsc_case *c,
                      const tsc_calendar *cal, const tsc_pack *pack)
{
    struct ignored_events ignored = {.n = 0};
    bool ignore_unknown = cli_flag(a, "ignore-unknown-events");
    int rc = CLI_OK, n = 0;
    for (size_t i = 0; i < events->n && !rc; i++) {
        const struct given_event *e = &events->ev[i];
        if (ignore_unknown && !tsc_pack_has_event(pack, e->name)) {
            rc = ignored_add(&ignored, e->name, 0);
            continue;
        }
        rc = given_event_record(e, c, cal);
        n++;
    }
    if (!rc)
        ignored_report(&ignored, NULL, pack);
    ignored_free(&ignored);
    if (!rc && !n)
        rc = cli_fail("%s: give the case's events with --event NAME=DATE%s", a->command,
                      events->n ? " (none given is named by a rule of the pack)" : "");
    return rc;
}

static int date_option(const struct cli_args *a, const char *name, tsc_date *out)
{
    const char *v = cli_opt(a, name);
    if (!v)
        return CLI_OK;
    char what[32];
    snprintf(what, sizeof what, "--%s", name);
    return cli_parse_date(v, what, out);
}

/* --today DATE, else today's date on the local clock: `rule` and `plan`
 * alike mark open items due before it as overdue. */
static int today_option(const struct cli_args *a, tsc_date *today)
{
    *today = cli_opt(a, "today") ? 0 : cli_today();
    return date_option(a, "today", today);
}

/* The calendar name an .ics file shows. */
static void ics_name(const tsc_pack *pack, const char *case_id, char *buf, size_t n)
{
    const char *who = tsc_pack_authority(pack)[0] ? tsc_pack_authority(pack) : "timescale";
    snprintf(buf, n, "%s: case %s", who, case_id ? case_id : "");
}

/* A rule error with a caret under the offending word. */
static int rule_error(const char *rule, const tsc_error *err)
{
    const char *message = err->message[0] ? err->message : tsc_strerror(err->code);
    if (err->column <= 0)
        return cli_fail("rule: %s", message);
    cli_fail("rule:1:%d: %s", err->column, message);
    fprintf(stderr, "  %s\n  %*s^\n", rule, err->column - 1, "");
    return CLI_ERROR;
}

/* A plan that could not be computed; for `timescale rule`, with a caret
 * under the rule's text (the pack's only rule, "rule", need not be named). */
static int compute_error(const struct cli_args *a, const tsc_error *err)
{
    if (strcmp(a->command, "rule") != 0 || err->line != 1)
        return cli_fail_error(err);
    tsc_error shown = *err;
    const char *prefix = "rule rule: ";
    if (!strncmp(shown.message, prefix, strlen(prefix)))
        memmove(shown.message, shown.message + strlen(prefix),
                strlen(shown.message + strlen(prefix)) + 1);
    return rule_error(a->pos[0], &shown);
}

/* Computes and writes one case. */
static int plan_one(const struct cli_args *a, const struct given_events *events,
                    const tsc_pack *pack, const tsc_calendar *cal, tsc_date today)
{
    struct ics_settings settings;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_ics_writer *ics = NULL;
    tsc_outfile *file = NULL;
    FILE *out = stdout;
    tsc_date until = 0;   /* 0: the library's default horizon */
    tsc_error err;
    enum item_format format;
    const char *case_id = cli_opt(a, "case-id");
    char name[300];
    ics_name(pack, case_id, name, sizeof name);
    int rc = item_format_parse(cli_opt(a, "format"), &format);
    if (!rc && cli_opt(a, "ics") && !case_id)
        rc = cli_fail("%s: --ics needs --case-id ID (the UIDs of two cases must differ, or "
                      "one case's items would replace the other's)", a->command);
    if (!rc)
        rc = ics_settings_parse(a, cal, true, &settings);
    if (!rc)
        rc = ics_open(&settings, cal, name, &ics);
    if (!rc)
        rc = output_open(a, &out, &file);
    if (!rc && (tsc_case_new(&c, NULL) || tsc_plan_new(&plan, NULL)))
        rc = cli_fail("out of memory");
    if (!rc)
        rc = add_events(a, events, c, cal, pack);
    if (!rc)
        rc = date_option(a, "until", &until);
    unsigned flags = cli_flag(a, "ignore-unknown-events") ? TSC_PLAN_IGNORE_UNKNOWN_EVENTS : 0;
    if (!rc && tsc_plan_compute(plan, pack, cal, c, until, today, flags, &err))
        rc = compute_error(a, &err);
    if (!rc && ics)
        rc = ics_stream(ics, settings.path, plan);
    if (!rc) {
        struct item_writer w = {.out = out, .format = format, .cal = cal, .ics = ics, .pack = pack};
        items_begin(&w);
        rc = items_write_plan(&w, &(struct case_ref){.id = case_id}, plan);
        items_end(&w);
        items_warn_hidden(tsc_plan_hidden(plan), until);
        struct ordinal_gaps gaps = {0};
        if (!rc && !(rc = ordinal_gaps_init(&gaps, pack))) {
            ordinal_gaps_add(&gaps, plan);
            ordinal_gaps_report(&gaps);
        }
        ordinal_gaps_free(&gaps);
    }
    rc = output_close(file, rc);
    if (ics && !rc)
        rc = ics_close(settings.path, ics);
    else
        tsc_ics_writer_free(ics);
    tsc_plan_free(plan);
    tsc_case_free(c);
    return rc;
}

/* The events given with --event that the rule does not name (each name
 * once); *first is the first of them. */
static int unnamed_events(const struct given_events *events, const tsc_pack *pack,
                          const char **first)
{
    int count = 0;
    for (size_t i = 0; i < events->n; i++) {
        const char *name = events->ev[i].name;
        bool named = false, seen = false;
        for (size_t e = 0; e < tsc_pack_event_count(pack) && !named; e++)
            named = !strcmp(tsc_pack_event_name(pack, e), name);
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(events->ev[j].name, name);
        if (!named && !seen && count++ == 0)
            *first = name;
    }
    return count;
}

/* The event the rule counts from must be given (else the answer would be an
 * empty table, which reads as "nothing due"). */
static int anchor_given(const struct given_events *events, const tsc_pack *pack)
{
    const char *anchor = tsc_pack_rule_anchor(pack, 0);
    if (!anchor || given_events_has(events, anchor))
        return CLI_OK;
    tsc_vocab *v = NULL;
    const char *near[3];
    size_t n = 0;
    if (tsc_vocab_builtin(&v, NULL) == TSC_OK && tsc_vocab_find(v, anchor) < 0)
        n = tsc_vocab_suggest(v, anchor, near, 3);
    char hint[160] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(hint + strlen(hint), sizeof hint - strlen(hint), "%s%s", i ? ", " : " (did you mean ",
                 near[i]);
    int rc = cli_fail("rule: the rule counts from '%s', but no --event %s=DATE gives it%s%s",
                      anchor, anchor, hint, n ? "?)" : "");
    tsc_vocab_free(v);
    return rc;
}

/* The one-rule pack: its occurrences are the --schedules event, else the
 * one event given that the rule does not name. */
static int rule_pack(const struct cli_args *a, const tsc_rule *rule,
                     const struct given_events *events, tsc_pack **pack)
{
    const char *text = a->pos[0], *calendar = cli_opt(a, "calendar");
    const char *schedules = cli_opt(a, "schedules");
    tsc_error err;
    if (tsc_pack_from_rule(rule, schedules, calendar, pack, &err))
        return rule_error(text, &err);
    const char *extra = NULL;
    int n = schedules ? 0 : unnamed_events(events, *pack, &extra);
    if (n > 1)
        return cli_fail("rule: more than one --event is not named by the rule; say which "
                        "event the rule schedules with --schedules NAME");
    if (n == 1) {
        tsc_pack_free(*pack);
        *pack = NULL;
        if (tsc_pack_from_rule(rule, extra, calendar, pack, &err))
            return rule_error(text, &err);
    }
    return CLI_OK;
}

static int run_rule(const struct cli_args *a)
{
    struct given_events events = {NULL, 0};
    tsc_rule *rule = NULL;
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    tsc_error err;
    tsc_date today;
    int rc = today_option(a, &today);
    if (!rc && tsc_rule_parse(a->pos[0], &rule, &err))
        rc = rule_error(a->pos[0], &err);
    if (!rc)
        rc = given_events_split(a, &events);
    if (!rc)
        rc = rule_pack(a, rule, &events, &pack);
    if (!rc)
        rc = anchor_given(&events, pack);
    if (!rc)
        rc = cli_open_calendar(cli_opt_or(a, "calendar", tsc_pack_calendar(pack)), &cal);
    if (!rc)
        rc = plan_one(a, &events, pack, cal, today);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    tsc_rule_free(rule);
    given_events_free(&events);
    return rc;
}

int cli_open_pack(const char *name, tsc_pack **pack)
{
    tsc_error err;
    size_t n = strlen(name);
    bool is_file = strchr(name, '/') || (n > 6 && !strcmp(name + n - 6, ".rules"));
    tsc_status st = is_file ? tsc_pack_load_file(name, pack, &err)
                            : tsc_pack_open(name, pack, &err);
    return st ? cli_fail_error(&err) : CLI_OK;
}

static int cases_begin(void *ctx, const struct caseload_columns *columns)
{
    struct item_writer *w = ctx;
    w->columns = *columns;
    items_begin(w);
    return CLI_OK;
}

static int cases_each(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    return items_write_plan(ctx, c, plan);
}

static int reserve_case(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    (void)c;
    tsc_error err;
    return tsc_ics_writer_reserve_plan(ctx, plan, &err) ? cli_fail_error(&err) : CLI_OK;
}

/* One --ics file written once: every case planned a first time, quietly,
 * for the years of its timed items (planning is a thirtieth of the
 * export), then the file streamed as the cases come.  Standard input is
 * read once: its file is written as before, the body copied after the
 * head at the end. */
static int ics_look_ahead(const struct case_source *src, const struct caseload_options *opt,
                          tsc_ics_writer *ics, const char *path)
{
    if (!strcmp(path, "-") || (src->cases && !strcmp(src->cases, "-")))
        return CLI_OK;
    struct caseload_options quiet = *opt;
    quiet.quiet = true;
    struct caseload_sink sink = {NULL, reserve_case, ics};
    int rc = case_source_run(src, &quiet, &sink);
    return rc ? rc : ics_stream(ics, path, NULL);
}

/* --cases to standard output (a table, CSV or JSON) or one --ics file. */
static int plan_cases(const struct cli_args *a, const struct case_source *src,
                      const struct caseload_options *opt)
{
    enum item_format format;
    tsc_ics_writer *ics = NULL;
    char name[300];
    snprintf(name, sizeof name, "%s: %s",
             tsc_pack_authority(opt->pack)[0] ? tsc_pack_authority(opt->pack)
                                              : tsc_pack_name(opt->pack),
             case_source_name(src));
    tsc_outfile *file = NULL;
    FILE *out = stdout;
    struct ics_settings settings;
    int rc = item_format_parse(cli_opt(a, "format") ? cli_opt(a, "format") : "csv", &format);
    if (!rc)
        rc = ics_settings_parse(a, opt->cal, true, &settings);
    if (!rc)
        rc = ics_open(&settings, opt->cal, name, &ics);
    if (!rc)
        rc = output_open(a, &out, &file);
    struct item_writer w = {.out = out, .format = format, .cal = opt->cal,
                            .with_case = true, .ics = ics, .pack = opt->pack};
    struct caseload_sink sink = {cases_begin, cases_each, &w};
    if (!rc) {
        /* --output and --ics write nothing unless the whole run succeeds. */
        struct case_source once = *src;
        once.once = file || ics;
        if (ics)
            rc = ics_look_ahead(&once, opt, ics, settings.path);
        if (!rc)
            rc = case_source_run(&once, opt, &sink);
        if (w.begun)
            items_end(&w);
    }
    rc = output_close(file, rc);
    if (ics && !rc)
        rc = ics_close(settings.path, ics);
    else
        tsc_ics_writer_free(ics);
    return rc;
}

static int run_plan(const struct cli_args *a)
{
    const char *rules = cli_opt(a, "rules");
    struct case_source src;
    int rc = CLI_OK;
    bool many = case_source_from_args(a, &src, &rc);
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    tsc_date today = 0;
    if (rc)
        return rc;
    if (!rules)
        return cli_fail("plan: give a rule pack with --rules NAME|FILE");
    rc = today_option(a, &today);
    if (!rc)
        rc = cli_open_pack(rules, &pack);
    if (!rc)
        rc = cli_open_calendar(cli_opt_or(a, "calendar", tsc_pack_calendar(pack)), &cal);
    if (!rc && many) {
        struct caseload_options opt = {.pack = pack, .cal = cal, .today = today,
                                       .ignore_unknown = cli_flag(a, "ignore-unknown-events")};
        rc = date_option(a, "until", &opt.until);
        const char *given = src.cases ? "cases" : src.cin_census ? "cin-census" : "ssda903";
        if (!rc && cli_flag(a, "event"))
            rc = cli_fail("plan: --event is for one case; with --%s every event comes from the "
                          "%s", given, src.ssda903 ? "return" : "file");
        if (!rc && cli_opt(a, "case-id"))
            rc = cli_fail("plan: --case-id is for one case; with --%s %s", given,
                          src.cases ? "each row names its case" : "the input names each case");
        if (!rc && cli_opt(a, "ics-dir"))
            rc = ics_dir_run(a, &src, &opt);
        else if (!rc)
            rc = plan_cases(a, &src, &opt);
    } else if (!rc && (cli_opt(a, "ics-dir") || cli_opt(a, "by"))) {
        rc = cli_fail("plan: --ics-dir and --by are for --cases, --cin-census and --ssda903");
    } else if (!rc) {
        struct given_events events;
        rc = given_events_split(a, &events);
        if (!rc)
            rc = plan_one(a, &events, pack, cal, today);
        given_events_free(&events);
    }
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return rc;
}

const struct cli_command cli_cmd_rule = {
    "rule", "\"RULE\" --event NAME=DATE[THH:MM] ... [--until DATE] [--format table|csv|json]",
    "Prints every occurrence of one rule for the events given.\n\n"
    "  --event NAME=DATE  a recorded event (repeat for more; a time as 2026-03-02T14:30)\n"
    "  --schedules NAME   the event the rule's occurrences are (default: the one --event\n"
    "                     the rule does not name, else \"occurrence\")\n"
    "  --until DATE       horizon, inclusive (default: the latest event + 366 days,\n"
    "                     which bounds recurrences only: deadlines are all shown)\n"
    "  --today DATE       mark open items due before it as overdue (default: today's\n"
    "                     date)\n"
    "  --format FORMAT    table (default), csv or json\n"
    OUTPUT_HELP
    "  --calendar CAL     built-in name or .hol/.ics file (default england-and-wales)\n"
    ICS_HELP "\n"
    "example: timescale rule \"5 working days after referral\" --event referral=2026-03-06\n"
    "         timescale rule \"every 10 working days after icpc\" --event icpc=2026-03-05 \\\n"
    "             --case-id 123 --ics case-123.ics\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"event", true}, {"until", true},
                                     {"today", true}, {"format", true}, {"schedules", true},
                                     ICS_OPTIONS, OUTPUT_OPTION, {NULL, false}},
    1, 1, run_rule};

const struct cli_command cli_cmd_plan = {
    "plan", "--rules PACK (--event NAME=DATE ... | --cases FILE.csv | --cin-census FILE.xml |"
    " --ssda903 DIR) [--until DATE] [--today DATE]"
    " [--ics FILE]",
    "Prints every due item the pack's rules set for a case, in date order.\n\n"
    "  --rules PACK       built-in pack (swindon, bucks, sthelena, sunderland, wiltshire)\n"
    "                     or a .rules file\n"
    "  --event NAME=DATE  a recorded event (repeat; a time as 2026-03-02T14:30)\n"
    "  --cases FILE       many cases: CSV rows case_id,event,date grouped by case id in\n"
    "                     ascending order; '-' reads standard input (default format csv);\n"
    "                     a header row may add columns label, worker and team\n"
    "  --cin-census FILE  many cases: a CIN census XML file (case id: LAchildID)\n"
    "  --ssda903 DIR      many cases: an SSDA903 return's header.csv, episodes.csv\n"
    "                     and reviews.csv (case id: CHILD)\n"
    "  --ics-dir DIR      with many cases: one .ics file per case, worker or team in DIR\n"
    "  --by KIND          case (default), worker or team, for --ics-dir\n"
    "  --until DATE       horizon, inclusive (default: the latest event + 366 days,\n"
    "                     which bounds recurrences only: deadlines are all shown)\n"
    "  --today DATE       mark open items due before it as overdue (default: today's\n"
    "                     date)\n"
    "  --format FORMAT    table (default), csv or json\n"
    OUTPUT_HELP
    "  --calendar CAL     override the pack's calendar\n"
    "  --ignore-unknown-events  skip events no rule names instead of failing\n"
    ICS_HELP "\n"
    "example: timescale plan --rules swindon --event referral=2026-03-02 --until 2027-03-31\n"
    "         timescale plan --rules swindon --event icpc=2026-03-05 --case-id 123 \\\n"
    "             --ics case-123.ics --previous case-123.ics\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"event", true}, {"until", true},
                                     {"today", true}, {"format", true}, {"rules", true},
                                     {"cases", true}, {"cin-census", true},
                                     {"ssda903", true},
                                     {"ignore-unknown-events", false},
                                     {"ics-dir", true}, {"by", true},
                                     ICS_OPTIONS, OUTPUT_OPTION, {NULL, false}},
    0, 0, run_plan};

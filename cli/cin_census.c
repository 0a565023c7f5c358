/* cin_census.c -- cases from a CIN census file (the DfE's XML), read with
 * libxml2's streaming reader: one child at a time, so memory stays the
 * same whatever the number of children.
 *
 * Which element is which event is the vocabulary's `statutory CIN census
 * NAME` lines; other dated elements are skipped and counted.  Every
 * CINdetails block is one referral period and its dates are recorded as
 * they are, so two referrals are two instances of each event. */
#include "case_source.h"
#include "items.h"
#include "libxml.h"
#include "skipped.h"
#include "statutory.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 32, NAME_MAX_LEN = 80 };

/* The element the census states the authority's own due date in, and the
 * element whose event that date is the target of. */
static const char target_element[] = "InitialCPCtarget", target_of[] = "DateOfInitialCPC";

/* A block whose end date may not be before its start date: when it is,
 * the block (the record) is skipped with a warning. */
static const struct span {
    const char *block, *start, *end;
} spans[] = {
    {"CINdetails", "CINreferralDate", "CINclosureDate"},
    {"Assessments", "AssessmentActualStartDate", "AssessmentAuthorisationDate"},
    {"CINPlanDates", "CINPlanStartDate", "CINPlanEndDate"},
    {"Section47", "S47ActualStartDate", "DateOfInitialCPC"},
    {"ChildProtectionPlans", "CPPstartDate", "CPPendDate"},
};

/* One date of the child's record, as an event of the vocabulary. */
struct fact {
    const char *element, *event;   /* borrowed from the statutory map */
    tsc_date date;
    int period;                    /* the child's CINdetails block it is in */
};

struct open_element {
    char name[NAME_MAX_LEN];
    long line;
    size_t first_fact, first_target;
    bool has_children;
};

struct census {
    const char *path;
    const struct caseload_options *opt;
    const struct caseload_sink *sink;    /* NULL: the checking pass */
    struct statutory_map map;
    const char *target_event;            /* the event DateOfInitialCPC is */
    xmlTextReaderPtr xr;
    struct open_element stack[MAX_DEPTH];
    int depth;
    char *text;                          /* the open leaf's text */
    size_t text_len, text_cap;
    int in_header, in_child;             /* depth of Header / Child, 0 outside */
    /* the child being read */
    char *id;
    size_t id_cap;
    bool have_id;
    long child_line;
    int period;
    struct fact *facts;
    size_t nfacts, facts_cap;
    struct case_target *targets;
    size_t ntargets, targets_cap;
    tsc_case *c;
    tsc_plan *plan;
    /* the file */
    tsc_date reference_date;
    size_t hidden;
    struct skipped_names skipped;
    char xml_error[300];
    long xml_error_line;
};

/* libxml2's first error.  Its message may quote the file's text (a
 * comment, an attribute), which may be case data: only the messages that
 * name tags are kept whole, the others up to their first ':'. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    struct census *cs = ctx;
    if (cs->xml_error[0] || e->level < XML_ERR_ERROR)
        return;
    snprintf(cs->xml_error, sizeof cs->xml_error, "%s", e->message ? e->message : "error");
    bool names_tags = e->code == XML_ERR_TAG_NAME_MISMATCH || e->code == XML_ERR_TAG_NOT_FINISHED;
    size_t n = names_tags ? strlen(cs->xml_error) : strcspn(cs->xml_error, ":");
    cs->xml_error[n] = '\0';
    while (n && (cs->xml_error[n - 1] == '\n' || cs->xml_error[n - 1] == ' '))
        cs->xml_error[--n] = '\0';
    cs->xml_error_line = e->line;
}

/* "where" for a message: "FILE:LINE: child ID" or "FILE:LINE". */
static const char *where(const struct census *cs, long line, char *buf, size_t n)
{
    char id[CLI_ESCAPED_MAX];
    if (cs->in_child && cs->have_id)
        snprintf(buf, n, "%s:%ld: child %s", cs->path, line, cli_escape(cs->id, id, sizeof id));
    else
        snprintf(buf, n, "%s:%ld", cs->path, line);
    return buf;
}

static void trim(char **s, size_t *n)
{
    while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
        (*s)[--*n] = '\0';
    while (**s && strchr(" \t\r\n", **s)) {
        (*s)++;
        (*n)--;
    }
}

/* The digits of text[0..n) as a number, or -1 when one is not a digit. */
static int digits(const char *text, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

/* An xs:date "YYYY-MM-DD" (the census's only date form), years 1900 to
 * 2199: a year outside is a typing error, not a child's date. */
static int parse_date(struct census *cs, const char *name, const char *text, long line,
                      tsc_date *out)
{
    char at[CLI_ESCAPED_MAX + 400], shown[CLI_ESCAPED_MAX];
    bool shaped = strlen(text) == 10 && text[4] == '-' && text[7] == '-';
    int y = shaped ? digits(text, 4) : -1, m = shaped ? digits(text + 5, 2) : -1,
        d = shaped ? digits(text + 8, 2) : -1;
    if (y < 0 || m < 0 || d < 0)
        return cli_fail("%s: %s is not a date written YYYY-MM-DD", where(cs, line, at, sizeof at),
                        cli_escape(name, shown, sizeof shown));
    if (y < 1900 || y > 2199)
        return cli_fail("%s: %s has a year outside 1900 to 2199", where(cs, line, at, sizeof at),
                        cli_escape(name, shown, sizeof shown));
    if (tsc_date_from_ymd(y, m, d, out, NULL) != TSC_OK)
        return cli_fail("%s: %s is not a day of the calendar (a month has no such day)",
                        where(cs, line, at, sizeof at), cli_escape(name, shown, sizeof shown));
    return CLI_OK;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *bigger = realloc(p, cap2 * size);
    if (bigger)
        *cap = cap2;
    return bigger;
}

static int add_fact(struct census *cs, const struct statutory_item *it, tsc_date date)
{
    struct fact *f = grow(cs->facts, &cs->facts_cap, cs->nfacts + 1, sizeof *f);
    if (!f)
        return cli_fail("out of memory");
    cs->facts = f;
    f[cs->nfacts++] = (struct fact){it->name, it->event, date, cs->period};
    return CLI_OK;
}

static int add_target(struct census *cs, tsc_date due)
{
    struct case_target *t = grow(cs->targets, &cs->targets_cap, cs->ntargets + 1, sizeof *t);
    if (!t)
        return cli_fail("out of memory");
    cs->targets = t;
    t[cs->ntargets++] = (struct case_target){cs->target_event, due};
    return CLI_OK;
}

static int set_id(struct census *cs, const char *text, size_t len)
{
    char *id = grow(cs->id, &cs->id_cap, len + 1, 1);
    if (!id)
        return cli_fail("out of memory");
    cs->id = id;
    memcpy(id, text, len + 1);
    cs->have_id = len > 0;
    return CLI_OK;
}

/* A leaf element of a child's record, its text trimmed. */
static int child_leaf(struct census *cs, const char *name, const char *text, size_t len,
                      long line)
{
    if (!strcmp(name, "LAchildID"))
        return set_id(cs, text, len);
    const struct statutory_item *it = statutory_find(&cs->map, "", name, 0);
    bool target = cs->target_event && !strcmp(name, target_element);
    if (!it && !target)
        return cs->sink ? CLI_OK : skipped_add(&cs->skipped, name);
    if (!len)
        return CLI_OK;            /* an empty element: the date is not known */
    tsc_date date;
    int rc = parse_date(cs, name, text, line, &date);
    if (!rc)
        rc = target ? add_target(cs, date) : add_fact(cs, it, date);
    return rc;
}

static int leaf(struct census *cs, const char *name, long line)
{
    char *text = cs->text ? cs->text : (char *)"";
    size_t len = cs->text_len;
    trim(&text, &len);
    if (cs->in_child)
        return child_leaf(cs, name, text, len, line);
    if (cs->in_header && !strcmp(name, "ReferenceDate") && len)
        return parse_date(cs, name, text, line, &cs->reference_date);
    return CLI_OK;
}

static const struct fact *find_fact(const struct census *cs, size_t from, const char *element)
{
    for (size_t i = from; i < cs->nfacts; i++)
        if (cs->facts[i].element && !strcmp(cs->facts[i].element, element))
            return &cs->facts[i];
    return NULL;
}

/* A block closes: when its end is before its start the record is skipped. */
static void close_block(struct census *cs, const struct open_element *e)
{
    for (size_t s = 0; s < sizeof spans / sizeof spans[0]; s++) {
        if (strcmp(e->name, spans[s].block) != 0)
            continue;
        const struct fact *start = find_fact(cs, e->first_fact, spans[s].start);
        const struct fact *end = find_fact(cs, e->first_fact, spans[s].end);
        if (!start || !end || end->date >= start->date)
            return;
        if (!cs->sink && !cs->opt->quiet) {
            char at[CLI_ESCAPED_MAX + 400];
            fprintf(stderr, "timescale: %s: %s is before %s: this %s block is skipped\n",
                    where(cs, e->line, at, sizeof at), spans[s].end, spans[s].start,
                    spans[s].block);
        }
        cs->nfacts = e->first_fact;
        cs->ntargets = e->first_target;
    }
}

/* The same event on the same day twice in one referral period (the ICPC
 * date is given in CINdetails and in Section47) is one event. */
static bool repeated(const struct census *cs, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (cs->facts[j].event == cs->facts[i].event && cs->facts[j].date == cs->facts[i].date &&
            cs->facts[j].period == cs->facts[i].period)
            return true;
    return false;
}

static int finish_child(struct census *cs)
{
    char at[CLI_ESCAPED_MAX + 400];
    if (!cs->have_id) {
        if (!cs->sink && !cs->opt->quiet)
            fprintf(stderr, "timescale: %s: a Child without LAchildID is skipped\n",
                    where(cs, cs->child_line, at, sizeof at));
        return CLI_OK;
    }
    if (!cs->nfacts)
        return CLI_OK;
    if (!cs->sink)
        return CLI_OK;            /* checked: planned in the second pass */
    tsc_error err;
    tsc_case_clear(cs->c);
    tsc_date records_until = cs->opt->records_until;   /* audit: as the records stood */
    for (size_t i = 0; i < cs->nfacts; i++)
        if (!repeated(cs, i) && !(records_until && cs->facts[i].date > records_until) &&
            tsc_case_add_date(cs->c, cs->facts[i].event, cs->facts[i].date, &err))
            return cli_fail("%s: %s", where(cs, cs->child_line, at, sizeof at), err.message);
    unsigned flags = cs->opt->ignore_unknown ? TSC_PLAN_IGNORE_UNKNOWN_EVENTS : 0;
    if (tsc_plan_compute(cs->plan, cs->opt->pack, cs->opt->cal, cs->c, cs->opt->until,
                         cs->opt->today, flags, &err)) {
        char buf[500];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("%s: %s", where(cs, cs->child_line, at, sizeof at), buf);
    }
    cs->hidden += tsc_plan_hidden(cs->plan);
    struct case_ref ref = {.id = cs->id, .label = "", .worker = "", .team = "",
                           .targets = cs->targets, .target_count = cs->ntargets};
    return cs->sink->each(cs->sink->ctx, &ref, cs->plan);
}

static int open_element(struct census *cs, const char *name, long line)
{
    if (cs->depth == MAX_DEPTH)
        return cli_fail("%s:%ld: elements nested more than %d deep: not a CIN census", cs->path,
                        line, MAX_DEPTH);
    if (cs->depth == 0 && strcmp(name, "Message") != 0) {
        char shown[CLI_ESCAPED_MAX];
        return cli_fail("%s:%ld: the root element is '%s', not Message: not a CIN census",
                        cs->path, line, cli_escape(name, shown, sizeof shown));
    }
    if (cs->depth)
        cs->stack[cs->depth - 1].has_children = true;
    struct open_element *e = &cs->stack[cs->depth++];
    snprintf(e->name, sizeof e->name, "%s", name);
    e->line = line;
    e->first_fact = cs->nfacts;
    e->first_target = cs->ntargets;
    e->has_children = false;
    cs->text_len = 0;
    if (!strcmp(name, "Header") && !cs->in_child)
        cs->in_header = cs->depth;
    if (!strcmp(name, "Child") && !cs->in_child) {
        cs->in_child = cs->depth;
        cs->child_line = line;
        cs->have_id = false;
        cs->period = 0;
        cs->nfacts = cs->ntargets = 0;
    }
    if (cs->in_child && !strcmp(name, "CINdetails"))
        cs->period++;
    return CLI_OK;
}

static int close_element(struct census *cs)
{
    struct open_element *e = &cs->stack[cs->depth - 1];
    int rc = CLI_OK;
    if (!e->has_children)
        rc = leaf(cs, e->name, e->line);
    else if (cs->in_child)
        close_block(cs, e);
    if (!rc && cs->in_child == cs->depth) {
        rc = finish_child(cs);
        cs->in_child = 0;
    }
    if (cs->in_header == cs->depth)
        cs->in_header = 0;
    cs->depth--;
    cs->text_len = 0;
    return rc;
}

static int add_text(struct census *cs, const char *value)
{
    size_t n = value ? strlen(value) : 0;
    char *text = grow(cs->text, &cs->text_cap, cs->text_len + n + 1, 1);
    if (!text)
        return cli_fail("out of memory");
    cs->text = text;
    memcpy(text + cs->text_len, value ? value : "", n + 1);
    cs->text_len += n;
    return CLI_OK;
}

static int take_node(struct census *cs)
{
    int type = xmlTextReaderNodeType(cs->xr);
    if (type == XML_READER_TYPE_ELEMENT) {
        const char *name = (const char *)xmlTextReaderConstLocalName(cs->xr);
        long line = xmlGetLineNo(xmlTextReaderCurrentNode(cs->xr));
        int rc = open_element(cs, name ? name : "", line);
        if (!rc && xmlTextReaderIsEmptyElement(cs->xr) == 1)
            rc = close_element(cs);
        return rc;
    }
    if (type == XML_READER_TYPE_END_ELEMENT && cs->depth)
        return close_element(cs);
    if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) && cs->depth &&
        !cs->stack[cs->depth - 1].has_children)
        return add_text(cs, (const char *)xmlTextReaderConstValue(cs->xr));
    return CLI_OK;
}

/* One pass over the file: with cs->sink NULL it only checks. */
static int pass(struct census *cs)
{
    cs->xr = xmlReaderForFile(cs->path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS);
    if (!cs->xr)
        return cli_fail("%s: cannot open", cs->path);
    xmlTextReaderSetStructuredErrorHandler(cs->xr, on_xml_error, cs);
    cs->depth = cs->in_header = cs->in_child = 0;
    cs->xml_error[0] = '\0';
    char at[CLI_ESCAPED_MAX + 400];
    int rc = CLI_OK, got;
    while (!rc && (got = xmlTextReaderRead(cs->xr)) == 1)
        rc = take_node(cs);
    if (!rc && got < 0)
        rc = cs->xml_error[0] ? cli_fail("%s: not well-formed XML: %s",
                                         where(cs, cs->xml_error_line, at, sizeof at),
                                         cs->xml_error)
                              : cli_fail("%s: cannot read the file", cs->path);
    if (!rc && !cs->map.count)
        rc = cli_fail("%s: the vocabulary maps no CIN census element", cs->path);
    xmlFreeTextReader(cs->xr);
    cs->xr = NULL;
    return rc;
}

static void census_free(struct census *cs)
{
    statutory_map_free(&cs->map);
    skipped_free(&cs->skipped);
    tsc_case_free(cs->c);
    tsc_plan_free(cs->plan);
    free(cs->text);
    free(cs->id);
    free(cs->facts);
    free(cs->targets);
}

int cin_census_run(const char *path, const struct caseload_options *opt,
                   const struct caseload_sink *sink)
{
    if (!strcmp(path, "-"))
        return cli_fail("--cin-census: give a file (the census is read twice: checked whole "
                        "before anything is written)");
    int rc = libxml_load();
    if (rc)
        return rc;
    struct census cs = {.path = path, .opt = opt};
    rc = statutory_map_load(&cs.map, &cin_census_layout);
    if (!rc && (tsc_case_new(&cs.c, NULL) || tsc_plan_new(&cs.plan, NULL)))
        rc = cli_fail("out of memory");
    const struct statutory_item *icpc = rc ? NULL : statutory_find(&cs.map, "", target_of, 0);
    cs.target_event = icpc ? icpc->event : NULL;
    /* The file is checked whole (XML, dates, records) before anything is
     * written; the children are planned in the second pass, which with
     * vocabulary events on dates of 1900 to 2199 fails only for memory. */
    if (!rc)
        rc = pass(&cs);
    struct caseload_columns cols = {.reference_date = cs.reference_date,
                                    .records = statutory_records, .records_ctx = &cs.map};
    if (!rc && sink->begin)
        rc = sink->begin(sink->ctx, &cols);
    cs.sink = sink;
    if (!rc)
        rc = pass(&cs);
    if (!rc && !opt->until_not_due && !opt->quiet)
        items_warn_hidden(cs.hidden, opt->until);
    if (!rc && !opt->quiet)
        skipped_report(&cs.skipped, path, "elements");
    census_free(&cs);
    return rc;
}

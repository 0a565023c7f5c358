/* test_holidays.c -- the built-in holiday tables against independent facts.
 *
 * Nothing here is computed by the library under test.  The expectations come
 * from:
 *   tests/data/govuk/govuk-bank-holidays.tsv  the official GOV.UK lists,
 *       2012-2028, merged from six verbatim copies (see its README.md);
 *   tests/data/st-helena-facts.tsv  St Helena 2015-2026, by hand from
 *       shared/data/HOLIDAYS.md section 5;
 *   tests/data/uk-one-offs.tsv  HOLIDAYS.md section 4, by hand;
 *   uk_facts[] below: HOLIDAYS.md sections 1, 2 and 7, by hand.
 * Each check collects every mismatch (printed with the calendar, year, date
 * and both sides) and fails once at the end, so one run shows them all. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const uk_divisions[] = {"england-and-wales", "scotland", "northern-ireland"};
#define N_UK (sizeof uk_divisions / sizeof uk_divisions[0])

/* ------------------------------------------------------------------ */
/* Reading the TSV files                                              */

#define MAX_FIELDS 8

struct row {
    int line;
    int nf;
    char *f[MAX_FIELDS];
};

struct table {
    const char *path;
    char *text;
    struct row *rows;
    size_t n;
};

/* Reads tests/<rel>, skipping blank lines and lines starting with '#', and
 * splits each line at tabs (empty fields are kept).  Fails the test when the
 * file cannot be read. */
static struct table read_tsv(const char *rel)
{
    struct table t = {T_path(rel), NULL, NULL, 0};
    FILE *f = fopen(t.path, "rb");
    if (!f)
        fail_msg("cannot open %s", t.path);
    size_t cap = 1 << 16, len = 0;
    t.text = malloc(cap + 1);
    assert_non_null(t.text);
    size_t got;
    while ((got = fread(t.text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            t.text = realloc(t.text, cap + 1);
            assert_non_null(t.text);
        }
    }
    fclose(f);
    t.text[len] = '\0';

    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += t.text[i] == '\n';
    t.rows = calloc(lines, sizeof *t.rows);
    assert_non_null(t.rows);
    int lineno = 0;
    for (char *p = t.text; *p;) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        lineno++;
        if (*p && *p != '#') {
            struct row *r = &t.rows[t.n++];
            r->line = lineno;
            for (char *q = p;;) {
                if (r->nf == MAX_FIELDS)
                    fail_msg("%s:%d: more than %d fields", t.path, lineno, MAX_FIELDS);
                r->f[r->nf++] = q;
                char *tab = strchr(q, '\t');
                if (!tab)
                    break;
                *tab = '\0';
                q = tab + 1;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return t;
}

static void free_tsv(struct table *t)
{
    free(t->rows);
    free(t->text);
}

static void need_fields(const struct table *t, const struct row *r, int nf)
{
    if (r->nf != nf)
        fail_msg("%s:%d: %d fields, want %d", t->path, r->line, r->nf, nf);
}

static int year_of(tsc_date d)
{
    int y = 0, m, dd;
    assert_int_equal(tsc_date_to_ymd(d, &y, &m, &dd, NULL), TSC_OK);
    return y;
}

/* ------------------------------------------------------------------ */
/* Holidays from the library                                          */

/* The holidays in [from, to]; a new array the caller frees. */
static tsc_holiday *holidays_in(const tsc_calendar *cal, tsc_date from, tsc_date to, size_t *n)
{
    size_t count = 0;
    assert_int_equal(tsc_calendar_holidays(cal, from, to, NULL, 0, &count, NULL), TSC_OK);
    tsc_holiday *h = calloc(count ? count : 1, sizeof *h);
    assert_non_null(h);
    size_t again = 0;
    assert_int_equal(tsc_calendar_holidays(cal, from, to, h, count, &again, NULL), TSC_OK);
    assert_int_equal(again, count);
    *n = count;
    return h;
}

static tsc_holiday *year_holidays(const tsc_calendar *cal, int year, size_t *n)
{
    tsc_date from, to;
    assert_int_equal(tsc_date_from_ymd(year, 1, 1, &from, NULL), TSC_OK);
    assert_int_equal(tsc_date_from_ymd(year, 12, 31, &to, NULL), TSC_OK);
    return holidays_in(cal, from, to, n);
}

/* GOV.UK writes the apostrophe as U+2019; our names and the TSVs use '.
 * Compares a and b treating the two as the same character. */
static int same_name(const char *a, const char *b)
{
    static const char curly[] = "\xE2\x80\x99";
    for (;;) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (strncmp(a, curly, 3) == 0) {
            ca = '\'';
            a += 2;
        }
        if (strncmp(b, curly, 3) == 0) {
            cb = '\'';
            b += 2;
        }
        if (ca != cb)
            return 0;
        if (!ca)
            return 1;
        a++;
        b++;
    }
}

static const char *flag_text(uint32_t flags)
{
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s%s%s%s", flags ? "" : " no flags",
             flags & TSC_HOLIDAY_SUBSTITUTE ? " SUBSTITUTE" : "",
             flags & TSC_HOLIDAY_MOVED ? " MOVED" : "", flags & TSC_HOLIDAY_ONE_OFF ? " ONE_OFF" : "");
    return buf[k] + 1;  /* each part starts with a space */
}

/* ------------------------------------------------------------------ */
/* 1. GOV.UK, every year 2012-2028, each UK division                  */

/* The years the merged GOV.UK lists cover (HOLIDAYS.md section 6).  The TSV
 * must cover at least these in every division; years it adds are checked too. */
enum { GOVUK_FIRST = 2012, GOVUK_LAST = 2028 };

/* GOV.UK's "notes" against our flags.  What the copies show:
 *   "Substitute day": a weekend holiday taken on a later weekday (2015-12-28
 *     Boxing Day, 2016-12-27 Christmas Day, ...).  The 2012 copy also writes
 *     it on the Spring bank holiday moved to 2012-06-04 for the Diamond
 *     Jubilee.  So: ours must have TSC_HOLIDAY_SUBSTITUTE or TSC_HOLIDAY_MOVED.
 *   "": not a substitute, so ours must NOT have TSC_HOLIDAY_SUBSTITUTE.  It
 *     may have TSC_HOLIDAY_MOVED: the later copies give "" for the moved
 *     2020-05-08 (VE day) and 2022-06-02 (Spring); uk-one-offs.tsv checks
 *     MOVED on every move.  Boxing Day on Mon 26 when Christmas is a Sunday
 *     (2016, 2022) and 2nd January on Mon 2 when 1 January is a Sunday (2017)
 *     have "": only the Tuesday is the substitute.
 *   "Extra bank holiday" (2012 copy only, the Diamond Jubilee): ours must
 *     have TSC_HOLIDAY_ONE_OFF.  Later copies give "" for extra days, so ""
 *     says nothing about ONE_OFF.
 *   "?": no copy listing the day gives notes (to_tsv.py; the reduced copy
 *     alone covers 2028 and Scotland's 2026-06-15): nothing to check.
 * Any other note fails, so a new GOV.UK wording gets a decision here. */
static const char *notes_mismatch(const char *notes, uint32_t flags)
{
    if (strcmp(notes, "Substitute day") == 0)
        return flags & (TSC_HOLIDAY_SUBSTITUTE | TSC_HOLIDAY_MOVED)
                   ? NULL
                   : "GOV.UK says substitute day, ours is neither SUBSTITUTE nor MOVED";
    if (strcmp(notes, "") == 0)
        return flags & TSC_HOLIDAY_SUBSTITUTE ? "GOV.UK gives no note, ours is a SUBSTITUTE"
                                              : NULL;
    if (strcmp(notes, "Extra bank holiday") == 0)
        return flags & TSC_HOLIDAY_ONE_OFF ? NULL
                                           : "GOV.UK says extra bank holiday, ours is not ONE_OFF";
    if (strcmp(notes, "?") == 0)
        return NULL;
    return "unknown GOV.UK note (decide its meaning in notes_mismatch)";
}

static void check_govuk_division(const char *division)
{
    struct table t = read_tsv("data/govuk/govuk-bank-holidays.tsv");
    tsc_calendar *cal = T_calendar(division);
    int first = 9999, last = 0, bad = 0;
    for (size_t i = 0; i < t.n; i++) {
        need_fields(&t, &t.rows[i], 4);
        if (strcmp(t.rows[i].f[0], division) == 0) {
            int y = year_of(T_date(t.rows[i].f[1]));
            first = y < first ? y : first;
            last = y > last ? y : last;
        }
    }
    if (first > GOVUK_FIRST || last < GOVUK_LAST)
        fail_msg("%s: %s covers %d..%d, want at least %d..%d", division, t.path, first, last,
                 GOVUK_FIRST, GOVUK_LAST);

    for (int year = first; year <= last; year++) {
        /* This year's reference rows, in file order (to_tsv.py sorts by date). */
        const struct row *ref[64];
        size_t nref = 0;
        for (size_t i = 0; i < t.n; i++)
            if (strcmp(t.rows[i].f[0], division) == 0 &&
                year_of(T_date(t.rows[i].f[1])) == year) {
                assert_true(nref < sizeof ref / sizeof ref[0]);
                ref[nref++] = &t.rows[i];
            }
        if (nref == 0)
            fail_msg("%s: no GOV.UK holidays for %d in %s", division, year, t.path);
        size_t n;
        tsc_holiday *ours = year_holidays(cal, year, &n);
        char used[64] = {0};
        assert_true(n <= sizeof used);
        for (size_t r = 0; r < nref; r++) {
            tsc_date d = T_date(ref[r]->f[1]);
            const char *title = ref[r]->f[2], *notes = ref[r]->f[3];
            size_t match = n, other = n;
            for (size_t j = 0; j < n; j++)
                if (!used[j] && ours[j].date == d) {
                    if (same_name(ours[j].name, title))
                        match = j;
                    else if (other == n)
                        other = j;
                }
            if (match == n && other == n) {
                print_error("%s %d: %s: GOV.UK has \"%s\", ours has no holiday\n", division, year,
                            T_fmt(d), title);
                bad++;
                continue;
            }
            if (match == n) {
                print_error("%s %d: %s: name differs: ours \"%s\", GOV.UK \"%s\"\n", division,
                            year, T_fmt(d), ours[other].name, title);
                used[other] = 1;
                bad++;
                continue;
            }
            used[match] = 1;
            const char *why = notes_mismatch(notes, ours[match].flags);
            if (why) {
                print_error("%s %d: %s \"%s\": %s (ours: %s; GOV.UK notes \"%s\")\n", division,
                            year, T_fmt(d), title, why, flag_text(ours[match].flags), notes);
                bad++;
            }
        }
        for (size_t j = 0; j < n; j++)
            if (!used[j]) {
                print_error("%s %d: %s: ours has \"%s\", GOV.UK has no holiday\n", division, year,
                            T_fmt(ours[j].date), ours[j].name);
                bad++;
            }
        free(ours);
    }
    tsc_calendar_free(cal);
    free_tsv(&t);
    if (bad)
        fail_msg("%s: %d difference(s) from GOV.UK (listed above)", division, bad);
}

static void govuk_england_and_wales(void **state)
{
    (void)state;
    check_govuk_division("england-and-wales");
}

static void govuk_scotland(void **state)
{
    (void)state;
    check_govuk_division("scotland");
}

static void govuk_northern_ireland(void **state)
{
    (void)state;
    check_govuk_division("northern-ireland");
}

/* ------------------------------------------------------------------ */
/* 2. St Helena 2015-2026, HOLIDAYS.md section 5 by hand               */

enum { SH_FIRST = 2015, SH_LAST = 2026 };

static void st_helena_facts(void **state)
{
    (void)state;
    struct table t = read_tsv("data/st-helena-facts.tsv");
    tsc_calendar *cal = T_calendar("st-helena");
    int bad = 0, rows_per_year[SH_LAST - SH_FIRST + 1] = {0};
    char *matched = calloc(t.n ? t.n : 1, 1);
    assert_non_null(matched);
    for (size_t i = 0; i < t.n; i++) {
        need_fields(&t, &t.rows[i], 4);
        const char *basis = t.rows[i].f[2];
        if (strcmp(basis, "stated") != 0 && strcmp(basis, "derived") != 0)
            fail_msg("%s:%d: basis '%s' (want stated or derived)", t.path, t.rows[i].line, basis);
        int y = year_of(T_date(t.rows[i].f[0]));
        if (y < SH_FIRST || y > SH_LAST)
            fail_msg("%s:%d: %d is outside %d..%d", t.path, t.rows[i].line, y, SH_FIRST, SH_LAST);
        rows_per_year[y - SH_FIRST]++;
    }
    for (int year = SH_FIRST; year <= SH_LAST; year++) {
        /* Every year has at least its 9 standing holidays (section 5 table). */
        if (rows_per_year[year - SH_FIRST] < 9)
            fail_msg("%s: only %d rows for %d", t.path, rows_per_year[year - SH_FIRST], year);
        size_t n;
        tsc_holiday *ours = year_holidays(cal, year, &n);
        for (size_t j = 0; j < n; j++) {
            size_t hit = t.n;
            for (size_t i = 0; i < t.n && hit == t.n; i++)
                if (!matched[i] && T_date(t.rows[i].f[0]) == ours[j].date &&
                    same_name(t.rows[i].f[1], ours[j].name))
                    hit = i;
            if (hit < t.n) {
                matched[hit] = 1;
                continue;
            }
            print_error("st-helena %d: %s: ours has \"%s\", not in %s\n", year,
                        T_fmt(ours[j].date), ours[j].name, t.path);
            bad++;
        }
        free(ours);
    }
    for (size_t i = 0; i < t.n; i++)
        if (!matched[i]) {
            tsc_date d = T_date(t.rows[i].f[0]);
            size_t n;
            tsc_holiday *ours = holidays_in(cal, d, d, &n);
            print_error("st-helena %d: %s: facts (line %d, %s) have \"%s\", ours has %s%s%s\n",
                        year_of(d), t.rows[i].f[0], t.rows[i].line, t.rows[i].f[2],
                        t.rows[i].f[1], n ? "\"" : "no holiday", n ? ours[0].name : "",
                        n ? "\"" : "");
            free(ours);
            bad++;
        }
    free(matched);
    tsc_calendar_free(cal);
    free_tsv(&t);
    if (bad)
        fail_msg("st-helena: %d difference(s) from HOLIDAYS.md section 5 (listed above)", bad);
}

/* ------------------------------------------------------------------ */
/* 3. UK one-offs, HOLIDAYS.md section 4 by hand                       */

static int has_holiday(const tsc_calendar *cal, tsc_date d, const char **name, uint32_t *flags)
{
    size_t n;
    tsc_holiday *h = holidays_in(cal, d, d, &n);
    if (n && name)
        *name = h[0].name;  /* borrowed from cal, which outlives the caller's use */
    if (n && flags)
        *flags = h[0].flags;
    free(h);
    return (int)n;
}

/* The holiday on d whose name satisfies `exact` or contains `part`. */
static int find_named(const tsc_calendar *cal, tsc_date d, const char *name, int exact,
                      uint32_t *flags)
{
    size_t n;
    tsc_holiday *h = holidays_in(cal, d, d, &n);
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        if (exact ? same_name(h[i].name, name) : strstr(h[i].name, name) != NULL) {
            found = 1;
            *flags = h[i].flags;
        }
    free(h);
    return found;
}

/* St Helena Day (21 May) on Whit Sunday: Easter on 2 April.  Section 5:
 * "the Monday is already Whit Monday.  Under s.2(3) only the preceding
 * Friday (19 May) is left; this is our assumption."  Section 5 names 2051
 * and 2056; the same happens in every year with Easter on 2 April.  Years
 * from 2015 to 2300 with Easter on 2 April, from Python's dateutil.easter
 * (EASTER_WESTERN) and, separately, the "Anonymous Gregorian algorithm"
 * (Meeus) written out by hand in Python: both give this list. */
static const int easter_april_2[] = {2051, 2056, 2113, 2124, 2265, 2271, 2276};

static void st_helena_day_on_whit_sunday(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("st-helena");
    int bad = 0;
    for (size_t i = 0; i < sizeof easter_april_2 / sizeof easter_april_2[0]; i++) {
        int year = easter_april_2[i];
        tsc_date fri, mon;
        assert_int_equal(tsc_date_from_ymd(year, 5, 19, &fri, NULL), TSC_OK);
        assert_int_equal(tsc_date_from_ymd(year, 5, 22, &mon, NULL), TSC_OK);
        uint32_t flags;
        if (!find_named(cal, fri, "St Helena Day", 1, &flags)) {
            print_error("st-helena %d: %s: want \"St Helena Day\" (Friday before Whit Sunday), "
                        "ours has %s\n", year, T_fmt(fri),
                        has_holiday(cal, fri, NULL, NULL) ? "another holiday" : "no holiday");
            bad++;
        }
        size_t n;
        tsc_holiday *h = holidays_in(cal, mon, mon, &n);
        for (size_t j = 0; j < n; j++)
            if (!same_name(h[j].name, "Whit Monday")) {
                print_error("st-helena %d: %s: ours has \"%s\" on Whit Monday; section 5 puts "
                            "St Helena Day on Friday 19 May\n", year, T_fmt(mon), h[j].name);
                bad++;
            }
        free(h);
    }
    tsc_calendar_free(cal);
    if (bad)
        fail_msg("st-helena: %d difference(s) for St Helena Day on Whit Sunday (listed above)",
                 bad);
}

static void uk_one_offs(void **state)
{
    (void)state;
    struct table t = read_tsv("data/uk-one-offs.tsv");
    int bad = 0;
    if (t.n < 16)
        fail_msg("%s: %zu rows, want the 16 of section 4", t.path, t.n);
    for (size_t i = 0; i < t.n; i++) {
        const struct row *r = &t.rows[i];
        need_fields(&t, r, 6);
        tsc_date d = T_date(r->f[0]);
        const char *kind = r->f[1], *where = r->f[3], *match = r->f[4], *want = r->f[5];
        int scotland_only = strcmp(where, "scotland") == 0;
        if (!scotland_only && strcmp(where, "all") != 0)
            fail_msg("%s:%d: where '%s' (want all or scotland)", t.path, r->line, where);
        for (size_t k = 0; k < N_UK; k++) {
            tsc_calendar *cal = T_calendar(uk_divisions[k]);
            int applies = !scotland_only || strcmp(uk_divisions[k], "scotland") == 0;
            const char *name = NULL;
            uint32_t flags = 0;
            if (strcmp(kind, "not") == 0 || !applies) {
                if (has_holiday(cal, d, &name, NULL)) {
                    print_error("%s %d: %s: ours has \"%s\"; section 4 says no bank holiday "
                                "(line %d)\n", uk_divisions[k], year_of(d), r->f[0], name, r->line);
                    bad++;
                }
            } else if (strcmp(kind, "extra") == 0 || strcmp(kind, "moved") == 0) {
                int moved = kind[0] == 'm';
                if (strcmp(match, "exact") != 0 && strcmp(match, "contains") != 0)
                    fail_msg("%s:%d: match '%s'", t.path, r->line, match);
                if (!find_named(cal, d, want, match[0] == 'e', &flags)) {
                    int any = has_holiday(cal, d, &name, NULL);
                    print_error("%s %d: %s: section 4 has %s\"%s\", ours has %s%s%s\n",
                                uk_divisions[k], year_of(d), r->f[0], match[0] == 'e' ? "" : "a name with ",
                                want, any ? "\"" : "no holiday", any ? name : "", any ? "\"" : "");
                    bad++;
                } else if (!(flags & (moved ? TSC_HOLIDAY_MOVED : TSC_HOLIDAY_ONE_OFF))) {
                    print_error("%s %d: %s \"%s\": want %s, ours: %s\n", uk_divisions[k],
                                year_of(d), r->f[0], want, moved ? "MOVED" : "ONE_OFF",
                                flag_text(flags));
                    bad++;
                }
                if (moved && has_holiday(cal, T_date(r->f[2]), &name, NULL)) {
                    print_error("%s %d: %s: ours still has \"%s\", which section 4 moves to %s\n",
                                uk_divisions[k], year_of(d), r->f[2], name, r->f[0]);
                    bad++;
                }
            } else {
                fail_msg("%s:%d: kind '%s' (want extra, moved or not)", t.path, r->line, kind);
            }
            tsc_calendar_free(cal);
        }
    }
    free_tsv(&t);
    if (bad)
        fail_msg("%d difference(s) from HOLIDAYS.md section 4 (listed above)", bad);
}

/* ------------------------------------------------------------------ */
/* 4. Single-day facts from HOLIDAYS.md sections 1, 2 and 7            */

/* name NULL: no holiday at all that day.  name "*": some holiday, any name.
 * flags: bits the holiday must have. */
static const struct {
    const char *calendar, *date, *name;
    uint32_t flags;
} uk_facts[] = {
    /* Section 2, Scottish January.  1999: 1 Jan a Friday; Mon 4 Jan was
     * proclaimed (GAZ, the 1998 proclamation). */
    {"scotland", "1999-01-01", "New Year's Day", 0},
    {"scotland", "1999-01-04", "2nd January", TSC_HOLIDAY_SUBSTITUTE},
    /* 2000: 1 Jan a Saturday; Mon 3 the ordinary New Year substitute and
     * Tue 4 Jan (section 4, Millennium row; section 2 table). */
    {"scotland", "2000-01-03", "New Year's Day", TSC_HOLIDAY_SUBSTITUTE},
    {"scotland", "2000-01-04", "2nd January", TSC_HOLIDAY_SUBSTITUTE},
    /* 2005: 1 Jan a Saturday; Tue 4 Jan proclaimed (DRA). */
    {"scotland", "2005-01-03", "New Year's Day", TSC_HOLIDAY_SUBSTITUTE},
    {"scotland", "2005-01-04", "2nd January", TSC_HOLIDAY_SUBSTITUTE},
    /* 2010 (1 Jan a Friday) and 2011 (a Saturday): NO 4 January was
     * proclaimed; the Scottish Government confirmed it (DRA). */
    {"scotland", "2010-01-01", "New Year's Day", 0},
    {"scotland", "2010-01-04", NULL, 0},
    {"scotland", "2011-01-04", NULL, 0},
    /* 2011: 2 Jan a Sunday, so 3 Jan is a bank holiday by statute (BFDA
     * Sched. 1 para 2, section 2 "statute (Sunday -> 3 Jan)"). */
    {"scotland", "2011-01-03", "*", 0},
    /* Section 2: Easter Monday is not a bank holiday in Scotland (2011-04-25). */
    {"scotland", "2011-04-25", NULL, 0},
    /* Section 2: Summer bank holiday is the FIRST Monday of August (1990-08-06). */
    {"scotland", "1990-08-06", "Summer bank holiday", 0},
    {"scotland", "1990-08-27", NULL, 0},
    /* Section 7 / 2: St Andrew's Day from 2007 (Act of January 2007;
     * python-holidays wrongly starts 2006).  30 Nov 2006 a Thursday. */
    {"scotland", "2006-11-30", NULL, 0},
    {"scotland", "2007-11-30", "St Andrew's Day", 0},
    /* 30 Nov 2008 a Sunday: the Act gives the following Monday. */
    {"scotland", "2008-12-01", "St Andrew's Day", TSC_HOLIDAY_SUBSTITUTE},
    /* Section 7: in Scotland the first Monday in May was statutory before
     * 1978 (1871 Act); 2 May 1977 a Monday. */
    {"scotland", "1977-05-02", "Early May bank holiday", 0},
    /* Section 7: Early May bank holiday only from 1978 in E&W and NI. */
    {"england-and-wales", "1977-05-02", NULL, 0},
    {"england-and-wales", "1978-05-01", "Early May bank holiday", 0},
    {"northern-ireland", "1977-05-02", NULL, 0},
    {"northern-ireland", "1978-05-01", "Early May bank holiday", 0},
    /* Section 7: New Year's Day from 1974 in E&W and NI (1 Jan 1973 a
     * Monday, 1 Jan 1974 a Tuesday). */
    {"england-and-wales", "1973-01-01", NULL, 0},
    {"england-and-wales", "1974-01-01", "New Year's Day", 0},
    {"northern-ireland", "1973-01-01", NULL, 0},
    {"northern-ireland", "1974-01-01", "New Year's Day", 0},
    /* Sections 1 and 7: 1977 Spring holiday stays on Mon 30 May in
     * python-holidays, date-holidays and QuantLib (workalendar alone moves
     * it to 6 Jun); section 7 calls it uncertain, 3 sources of 4 agree. */
    {"england-and-wales", "1977-05-30", "Spring bank holiday", 0},
    {"england-and-wales", "1977-06-06", NULL, 0},
    /* Section 1 (GAZ): the 1998 proclamation appointed Mon 28 Dec 1998
     * (Boxing Day, 26 Dec a Saturday), Fri 1 Jan 1999 and Mon 3 May 1999 in
     * England, Wales and Northern Ireland. */
    {"england-and-wales", "1998-12-28", "Boxing Day", TSC_HOLIDAY_SUBSTITUTE},
    {"england-and-wales", "1999-01-01", "New Year's Day", 0},
    {"england-and-wales", "1999-05-03", "Early May bank holiday", 0},
    {"northern-ireland", "1998-12-28", "Boxing Day", TSC_HOLIDAY_SUBSTITUTE},
    {"northern-ireland", "1999-01-01", "New Year's Day", 0},
    {"northern-ireland", "1999-05-03", "Early May bank holiday", 0},
};

static void uk_single_day_facts(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof uk_facts / sizeof uk_facts[0]; i++) {
        tsc_calendar *cal = T_calendar(uk_facts[i].calendar);
        tsc_date d = T_date(uk_facts[i].date);
        const char *want = uk_facts[i].name, *name = NULL;
        uint32_t flags = 0;
        int any = has_holiday(cal, d, &name, &flags);
        if (!want && any) {
            print_error("%s %d: %s: ours has \"%s\", want no holiday (case %zu)\n",
                        uk_facts[i].calendar, year_of(d), uk_facts[i].date, name, i);
            bad++;
        } else if (want && strcmp(want, "*") == 0 && !any) {
            print_error("%s %d: %s: ours has no holiday, want one (case %zu)\n",
                        uk_facts[i].calendar, year_of(d), uk_facts[i].date, i);
            bad++;
        } else if (want && strcmp(want, "*") != 0) {
            if (!find_named(cal, d, want, 1, &flags)) {
                print_error("%s %d: %s: want \"%s\", ours has %s%s%s (case %zu)\n",
                            uk_facts[i].calendar, year_of(d), uk_facts[i].date, want,
                            any ? "\"" : "no holiday", any ? name : "", any ? "\"" : "", i);
                bad++;
            } else if ((flags & uk_facts[i].flags) != uk_facts[i].flags) {
                print_error("%s %d: %s \"%s\": want %s, ours: %s (case %zu)\n",
                            uk_facts[i].calendar, year_of(d), uk_facts[i].date, want,
                            flag_text(uk_facts[i].flags), flag_text(flags), i);
                bad++;
            }
        }
        /* A day the facts call a bank holiday is not a working day, and a
         * weekday they say is not one is. */
        if (want && tsc_calendar_is_working_day(cal, d)) {
            print_error("%s: %s is a working day, want a holiday (case %zu)\n",
                        uk_facts[i].calendar, uk_facts[i].date, i);
            bad++;
        } else if (!want && !tsc_calendar_is_working_day(cal, d)) {
            print_error("%s: %s is not a working day, want one (case %zu)\n",
                        uk_facts[i].calendar, uk_facts[i].date, i);
            bad++;
        }
        tsc_calendar_free(cal);
    }
    if (bad)
        fail_msg("%d difference(s) from HOLIDAYS.md sections 1, 2, 7 (listed above)", bad);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(govuk_england_and_wales),
        cmocka_unit_test(govuk_scotland),
        cmocka_unit_test(govuk_northern_ireland),
        cmocka_unit_test(st_helena_facts),
        cmocka_unit_test(st_helena_day_on_whit_sunday),
        cmocka_unit_test(uk_one_offs),
        cmocka_unit_test(uk_single_day_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

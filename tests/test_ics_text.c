/* The writer's own component text (src/ical/ics_text.c) against libical's
 * serialiser, which wrote these components before issue 15.2: for every
 * kind of property the writer writes, the same value must give the same
 * bytes.  libical's text goes through the fold fix the old writer applied
 * (append_unbroken in ics_writer.c before 15.2: a fold just before the
 * line's CR LF, or between its CR and LF, is dropped).
 *
 * The values are edge cases (lengths around the 75-octet fold, ';' ':' ' '
 * at every position, multi-byte UTF-8 across the fold, escapes) and 20,000
 * strings from a fixed pseudo-random generator over an alphabet of those
 * characters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ics_text.c"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

/* The old writer's fix of libical 3.0's fold (see the file comment). */
static void unbroken(const char *text, struct tsc__text *out)
{
    const char *p = text;
    for (;;) {
        const char *a = strstr(p, "\r\r\n \n"), *b = strstr(p, "\r\n \r\n");
        const char *hit = a && (!b || a < b) ? a : b;
        if (!hit) {
            tsc__text_puts(out, p);
            return;
        }
        tsc__text_add(out, p, (size_t)(hit - p));
        tsc__text_add(out, "\r\n", 2);
        p = hit + 5;
    }
}

/* Fails naming the case unless libical's text of p equals ours in c. */
static void same(icalproperty *p, struct tsc__ics_comp *c, const char *what, size_t i)
{
    char *lib = icalproperty_as_ical_string_r(p);
    struct tsc__text want = {0};
    assert_non_null(lib);
    unbroken(lib, &want);
    assert_false(c->failed);
    if (want.n != c->text.n || memcmp(want.p, c->text.p, want.n) != 0)
        fail_msg("%s case %zu:\nlibical: [%s]\nours:    [%.*s]", what, i, want.p,
                 (int)c->text.n, c->text.p);
    icalmemory_free_buffer(lib);
    icalproperty_free(p);
    free(want.p);
    c->text.n = 0;
}

static uint64_t next_random(uint64_t *s)   /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static const char *const pieces[] = {
    "a", "b", "Z", "0", " ", ";", ":", ",", "\\", "\n", "\r", "\t", "\b", "\f", "\"",
    "\xc3\xa9",             /* é, 2 octets */
    "\xe2\x80\x94",         /* em dash, 3 octets */
    "\xf0\x9f\x98\x80",     /* emoji, 4 octets */
    "word", "case-123", "@timescale",
};

static void random_text(uint64_t *seed, char *buf, size_t cap)
{
    size_t n = 0, want = (size_t)(next_random(seed) % 260);
    while (n < want) {
        const char *p = pieces[next_random(seed) % (sizeof pieces / sizeof pieces[0])];
        size_t k = strlen(p);
        if (n + k + 1 > cap)
            break;
        memcpy(buf + n, p, k);
        n += k;
    }
    buf[n] = '\0';
}

typedef icalproperty *(*text_maker)(const char *);

static const struct {
    const char *name;
    text_maker make;
} text_props[] = {
    {"SUMMARY", icalproperty_new_summary},       {"DESCRIPTION", icalproperty_new_description},
    {"UID", icalproperty_new_uid},               {"CATEGORIES", icalproperty_new_categories},
    {"RELATED-TO", icalproperty_new_relatedto},
};

static void check_text(const char *text, size_t i)
{
    struct tsc__ics_comp c = {0};
    for (size_t k = 0; k < sizeof text_props / sizeof text_props[0]; k++) {
        tsc__ics_prop_text(&c, text_props[k].name, text);
        same(text_props[k].make(text), &c, text_props[k].name, i);
    }
    icalproperty *x = icalproperty_new_x(text);
    icalproperty_set_x_name(x, "X-WR-CALNAME");
    tsc__ics_prop_x(&c, "X-WR-CALNAME", text);
    same(x, &c, "X-WR-CALNAME", i);
    tsc__ics_comp_free(&c);
}

/* Every length from 0 to 300 of a few fillers, with a separator or a
 * multi-byte character at every position near the fold. */
static void text_edges(void **state)
{
    (void)state;
    static const char *const fillers[] = {"x", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80",
                                          ";", ",", " ", "\\", "\n"};
    char buf[1300];
    size_t i = 0;
    for (size_t f = 0; f < sizeof fillers / sizeof fillers[0]; f++)
        for (size_t len = 0; len <= 300; len++, i++) {
            size_t n = 0, k = strlen(fillers[f]);
            while (n + k <= len) {
                memcpy(buf + n, fillers[f], k);
                n += k;
            }
            buf[n] = '\0';
            check_text(buf, i);
        }
    for (size_t len = 60; len <= 160; len++)
        for (size_t at = 0; at < len; at += 3, i++) {
            memset(buf, 'y', len);
            buf[len] = '\0';
            buf[at] = (char)" ;:"[at % 3];
            check_text(buf, i);
        }
}

static void text_random(void **state)
{
    (void)state;
    uint64_t seed = 20261205;
    char buf[1300];
    for (size_t i = 0; i < 20000; i++) {
        random_text(&seed, buf, sizeof buf);
        check_text(buf, i);
    }
}

/* Appends libical's text of p (folds fixed as in same()) to want. */
static void libical_line(icalproperty *p, struct tsc__text *want)
{
    char *lib = icalproperty_as_ical_string_r(p);
    assert_non_null(lib);
    unbroken(lib, want);
    icalmemory_free_buffer(lib);
    icalproperty_free(p);
}

/* The lines are folded as they are written into the component, so a line
 * must fold the same wherever in the component it starts: here each edge
 * value (lengths around the fold, multi-byte characters and escapes at
 * the cut, lines of exactly 75 octets) follows other lines, some folded. */
static void lines_within_a_component(void **state)
{
    (void)state;
    static const char *const fillers[] = {"x", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80",
                                          ";", ",", " ", "\\", "\n", "ab:"};
    char buf[1300];
    size_t i = 0;
    struct tsc__ics_comp c = {0};
    for (size_t f = 0; f < sizeof fillers / sizeof fillers[0]; f++)
        for (size_t len = 0; len <= 230; len++, i++) {
            size_t n = 0, k = strlen(fillers[f]);
            for (; n + k <= len; n += k)
                memcpy(buf + n, fillers[f], k);
            buf[n] = '\0';
            struct tsc__text want = {0};
            tsc__text_puts(&want, "BEGIN:VEVENT\r\n");
            tsc__ics_comp_begin(&c, "VEVENT");
            tsc__ics_prop_text(&c, "UID", buf + n / 2);
            libical_line(icalproperty_new_uid(buf + n / 2), &want);
            tsc__ics_prop_text(&c, "DESCRIPTION", buf);
            libical_line(icalproperty_new_description(buf), &want);
            tsc__ics_prop_text(&c, "CATEGORIES", buf);
            libical_line(icalproperty_new_categories(buf), &want);
            tsc__ics_prop_raw(&c, "STATUS", "CONFIRMED");
            libical_line(icalproperty_new_status(ICAL_STATUS_CONFIRMED), &want);
            assert_false(c.failed);
            if (want.n != c.text.n || memcmp(want.p, c.text.p, want.n) != 0)
                fail_msg("component case %zu:\nlibical: [%s]\nours:    [%s]", i, want.p,
                         c.text.p);
            free(want.p);
            c.text.n = 0;
        }
    tsc__ics_comp_free(&c);
}

/* A line whose start is written from a memo (a rule's DESCRIPTION start,
 * the same for every item) followed by variable text must be the line
 * written whole: starts of every length around the fold, with multi-byte
 * characters and escapes at the cut, given as three pieces, each start
 * followed by several texts, the first written through the memo's miss
 * (which keeps it), the rest through its hit.  Then a start that differs from the memo's in
 * one piece only, or is shorter, must not be taken for it. */
static void memo_then_variable_text(void **state)
{
    (void)state;
    static const char *const fillers[] = {"x", "\xe2\x80\x94", "\xf0\x9f\x98\x80", ",", " ",
                                          "\n", "a;b"};
    static const char *const texts[] = {"", "2026-03-02", "\xc3\xa9\xc3\xa9 on 2026-03-02",
                                        ",\n;", ("2026-01-05\n"
                                                 "Window: from 2026-01-07 to 2026-01-16")};
    char prefix[400], parts[3][400], whole[800];
    size_t i = 0;
    struct tsc__ics_comp c = {0};
    struct tsc__ics_memo m = {0};
    for (size_t f = 0; f < sizeof fillers / sizeof fillers[0]; f++)
        for (size_t len = 0; len <= 170; len++) {
            size_t n = 0, k = strlen(fillers[f]);
            for (; n + k <= len; n += k)
                memcpy(prefix + n, fillers[f], k);
            prefix[n] = '\0';
            size_t cut[4] = {0, n / 3, n - n / 4, n};
            const char *fixed[3];
            for (int p = 0; p < 3; p++) {
                memcpy(parts[p], prefix + cut[p], cut[p + 1] - cut[p]);
                parts[p][cut[p + 1] - cut[p]] = '\0';
                fixed[p] = parts[p];
            }
            for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++, i++) {
                snprintf(whole, sizeof whole, "%s%s", prefix, texts[t]);
                tsc__ics_prop_raw(&c, "STATUS", "CONFIRMED");
                tsc__ics_prop_text_memo(&c, &m, "DESCRIPTION", fixed, 3, texts[t],
                                        strlen(texts[t]));
                if (i > 0) {   /* kept from the second start on */
                    assert_true(m.valid);
                    assert_int_equal(m.raw.n, strlen("DESCRIPTION:") + n);
                }
                struct tsc__text want = {0};
                libical_line(icalproperty_new_status(ICAL_STATUS_CONFIRMED), &want);
                libical_line(icalproperty_new_description(whole), &want);
                assert_false(c.failed);
                if (want.n != c.text.n || memcmp(want.p, c.text.p, want.n) != 0)
                    fail_msg("memo case %zu:\nlibical: [%s]\nours:    [%s]", i, want.p,
                             c.text.p);
                free(want.p);
                c.text.n = 0;
            }
        }
    /* The memo now holds "DESCRIPTION:" and the last start's pieces. */
    assert_int_equal(m.len[1], strlen(parts[1]));
    assert_memory_equal(m.raw.p + strlen("DESCRIPTION:") + m.len[0], parts[1], m.len[1]);
    const char *other[3] = {parts[0], "", parts[2]}, *shorter[2] = {parts[0], parts[1]};
    struct tsc__text want = {0};
    snprintf(whole, sizeof whole, "%s%s", parts[0], parts[2]);
    tsc__ics_prop_text_memo(&c, &m, "DESCRIPTION", other, 3, "", 0);
    libical_line(icalproperty_new_description(whole), &want);
    snprintf(whole, sizeof whole, "%s%s", parts[0], parts[1]);
    tsc__ics_prop_text_memo(&c, &m, "DESCRIPTION", shorter, 2, "", 0);
    libical_line(icalproperty_new_description(whole), &want);
    tsc__ics_prop_text_memo(&c, &m, "SUMMARY", shorter, 2, "", 0);
    libical_line(icalproperty_new_summary(whole), &want);
    assert_int_equal(want.n, c.text.n);
    assert_memory_equal(want.p, c.text.p, want.n);
    free(want.p);
    tsc__ics_memo_free(&m);
    tsc__ics_comp_free(&c);
}

/* Runs that need no escape are found eight octets at a time: each octet
 * that is escaped, dropped or (a tab, UTF-8) kept, at every offset of
 * runs of every length up to three words, in TEXT and in a list. */
static void escapes_at_every_offset(void **state)
{
    (void)state;
    static const char special[] = "\n\\;,\r\b\f\t\x7f\xc3:\" ";
    char buf[32];
    size_t i = 0;
    for (size_t k = 0; k < sizeof special - 1; k++)
        for (size_t len = 1; len <= 25; len++)
            for (size_t at = 0; at < len; at++, i++) {
                memset(buf, 'a', len);
                buf[len] = '\0';
                buf[at] = special[k];
                if (at + 1 < len && k + 1 < sizeof special - 1)
                    buf[len - 1] = special[k + 1];
                if ((unsigned char)buf[at] == 0xc3 && at + 1 < len)
                    buf[at + 1] = '\xa9';   /* a whole é */
                check_text(buf, i);
            }
}

static void dates_and_times(void **state)
{
    (void)state;
    struct tsc__ics_comp c = {0};
    /* Years of the calendars' range (libical 3.0 writes neither year 1 nor
     * 9999 as it should). */
    static const int ymd[][3] = {{2026, 3, 2}, {1900, 1, 1}, {2200, 12, 31}, {2027, 10, 31}};
    for (size_t i = 0; i < sizeof ymd / sizeof ymd[0]; i++) {
        struct icaltimetype t = icaltime_null_date();
        t.year = ymd[i][0];
        t.month = ymd[i][1];
        t.day = ymd[i][2];
        tsc__ics_prop_date(&c, "DTSTART", t.year, t.month, t.day);
        same(icalproperty_new_dtstart(t), &c, "date", i);
        tsc__ics_prop_date(&c, "DUE", t.year, t.month, t.day);
        same(icalproperty_new_due(t), &c, "due date", i);

        struct tsc__ics_civil v = {ymd[i][0], ymd[i][1], ymd[i][2], (int)i * 5, 59 - (int)i, 7};
        struct icaltimetype lt = icaltime_null_time();
        lt.year = v.year;
        lt.month = v.month;
        lt.day = v.day;
        lt.hour = v.hour;
        lt.minute = v.minute;
        lt.second = v.second;
        icalproperty *p = icalproperty_new_dtstart(lt);
        icalproperty_add_parameter(p, icalparameter_new_tzid("Europe/London"));
        tsc__ics_prop_local(&c, "DTSTART", "Europe/London", &v);
        same(p, &c, "local time", i);

        struct icaltimetype ut = icaltime_from_timet_with_zone(
            (time_t)(1772000000 + 86399 * (int64_t)i), 0, icaltimezone_get_utc_timezone());
        struct tsc__ics_civil u = {ut.year, ut.month, ut.day, ut.hour, ut.minute, ut.second};
        tsc__ics_prop_utc(&c, "COMPLETED", &u);
        same(icalproperty_new_completed(ut), &c, "utc", i);
    }
    tsc__ics_comp_free(&c);
}

static void numbers_and_words(void **state)
{
    (void)state;
    struct tsc__ics_comp c = {0};
    tsc__ics_prop_int(&c, "PERCENT-COMPLETE", 100);
    same(icalproperty_new_percentcomplete(100), &c, "percent", 0);
    tsc__ics_prop_raw(&c, "STATUS", "NEEDS-ACTION");
    same(icalproperty_new_status(ICAL_STATUS_NEEDSACTION), &c, "status", 0);
    tsc__ics_prop_raw(&c, "STATUS", "TENTATIVE");
    same(icalproperty_new_status(ICAL_STATUS_TENTATIVE), &c, "status", 1);
    tsc__ics_prop_raw(&c, "STATUS", "COMPLETED");
    same(icalproperty_new_status(ICAL_STATUS_COMPLETED), &c, "status", 2);
    tsc__ics_prop_raw(&c, "STATUS", "CONFIRMED");
    same(icalproperty_new_status(ICAL_STATUS_CONFIRMED), &c, "status", 3);
    tsc__ics_prop_raw(&c, "TRANSP", "TRANSPARENT");
    same(icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &c, "transp", 0);
    tsc__ics_prop_raw(&c, "ACTION", "DISPLAY");
    same(icalproperty_new_action(ICAL_ACTION_DISPLAY), &c, "action", 0);
    tsc__ics_prop_raw(&c, "METHOD", "PUBLISH");
    same(icalproperty_new_method(ICAL_METHOD_PUBLISH), &c, "method", 0);
    tsc__ics_prop_text(&c, "VERSION", "2.0");
    same(icalproperty_new_version("2.0"), &c, "version", 0);
    tsc__ics_prop_text(&c, "CALSCALE", "GREGORIAN");
    same(icalproperty_new_calscale("GREGORIAN"), &c, "calscale", 0);
    tsc__ics_prop_text(&c, "PRODID", "-//timescale//timescale 0.1.0//EN");
    same(icalproperty_new_prodid("-//timescale//timescale 0.1.0//EN"), &c, "prodid", 0);
    static const int64_t seconds[] = {0,      54000,       -54000,      86400, -604800,
                                      90061,  -691205,     59,          -60,   360000,
                                      -3599,  31622400LL};
    for (size_t i = 0; i < sizeof seconds / sizeof seconds[0]; i++)
        for (int end = 0; end < 2; end++) {
            int64_t mag = seconds[i] < 0 ? -seconds[i] : seconds[i];
            struct icaldurationtype d = icaldurationtype_null_duration();
            d.is_neg = seconds[i] < 0;
            d.hours = (unsigned)(mag / 3600);
            d.minutes = (unsigned)(mag % 3600 / 60);
            d.seconds = (unsigned)(mag % 60);
            struct icaltriggertype t = {icaltime_null_time(), d};
            icalproperty *p = icalproperty_new_trigger(t);
            icalproperty_add_parameter(p, icalparameter_new_related(end ? ICAL_RELATED_END
                                                                        : ICAL_RELATED_START));
            tsc__ics_prop_trigger(&c, end, seconds[i]);
            same(p, &c, "trigger", i);
        }
    tsc__ics_comp_free(&c);
}

/* A value that needs no escaping is copied whole when its line is too
 * short to fold: lengths across 75 octets with its CR LF, where libical
 * starts to fold (a URI value is not escaped either). */
static void unescaped_lines_near_the_fold(void **state)
{
    (void)state;
    struct tsc__ics_comp c = {0};
    char buf[128];
    for (size_t len = 55; len <= 90; len++)
        for (int sep = 0; sep < 2; sep++) {
            memset(buf, 'u', len);
            buf[len] = '\0';
            if (sep)
                buf[len / 2] = ':';
            tsc__ics_prop_raw(&c, "URL", buf);
            same(icalproperty_new_url(buf), &c, "url", len);
        }
    tsc__ics_comp_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_edges),
        cmocka_unit_test(text_random),
        cmocka_unit_test(lines_within_a_component),
        cmocka_unit_test(memo_then_variable_text),
        cmocka_unit_test(escapes_at_every_offset),
        cmocka_unit_test(dates_and_times),
        cmocka_unit_test(numbers_and_words),
        cmocka_unit_test(unescaped_lines_near_the_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ics_text.c -- the text of the components the writer builds itself,
 * byte for byte as libical 3.0's icalcomponent_as_ical_string_r writes
 * the same component.
 *
 * Why not libical: at caseload scale its serialiser was 57% of the export's
 * time (perf, bench/README.md "iCalendar export (`bench_ics`, issue
 * 15.2)"), mostly allocating, copying a character at a time and folding; alone it took longer than the
 * whole export may.  Only these components are written here, with the few
 * value types they use; everything else (the VCALENDAR, VTIMEZONEs,
 * components read back from a previous export) is still libical's.
 * tests/test_ics_text.c checks every function against libical on edge
 * cases (fold points, multi-byte characters, escapes), and
 * tests/scripts/test_ics_export_reference.py whole files against what the
 * libical writer wrote. */
#include "ics_text.h"

#include <string.h>

/* libical 3.0 (icalproperty.c, fold_property_line): a property's text with
 * its CR LF is cut into pieces of at most 74 octets, each after the last
 * ';', ':' or ' ' that leaves the piece under 75 octets, else before the
 * last octet that starts a UTF-8 character, else at 74 octets; every piece
 * after the first starts on a new line with a space. */
static size_t next_piece(const unsigned char *s, size_t left)
{
    enum { MAX_LINE_LEN = 75 };
    if (left < MAX_LINE_LEN)
        return left;
    for (size_t pos = MAX_LINE_LEN - 2; pos > 0; pos--)
        if (s[pos] == ';' || s[pos] == ':' || s[pos] == ' ')
            return pos + 1;
    for (size_t pos = MAX_LINE_LEN - 1; pos > 0; pos--)
        if (!(s[pos] & 0x80) || (s[pos] & 0xc0) == 0xc0)
            return pos;
    return MAX_LINE_LEN - 1;
}

/* Folds the unfolded line in c->line (ending CR LF) onto c->text.  libical
 * counts the CR LF as part of the text, so a cut can fall just before the
 * CR or between CR and LF; ics_writer.c's append_unbroken dropped exactly
 * that fold from libical's text, so here it is never made. */
static void fold_line(struct tsc__ics_comp *c)
{
    const unsigned char *s = (const unsigned char *)c->line.p;
    size_t left = c->line.n;
    bool first = true;
    while (left) {
        size_t k = next_piece(s, left);
        if (left - k <= 2)
            k = left;
        if (!first)
            tsc__text_add(&c->text, "\r\n ", 3);
        first = false;
        tsc__text_add(&c->text, (const char *)s, k);
        s += k;
        left -= k;
    }
}

/* Starts a line: "NAME" (parameters follow, then tsc__ics_value). */
static void line_start(struct tsc__ics_comp *c, const char *name)
{
    c->line.n = 0;
    tsc__text_puts(&c->line, name);
}

static void line_end(struct tsc__ics_comp *c)
{
    tsc__text_add(&c->line, "\r\n", 2);
    c->failed |= c->line.failed;
    fold_line(c);
    c->failed |= c->text.failed;
}

void tsc__ics_comp_begin(struct tsc__ics_comp *c, const char *kind)
{
    tsc__text_puts(&c->text, "BEGIN:");
    tsc__text_puts(&c->text, kind);
    tsc__text_add(&c->text, "\r\n", 2);
}

void tsc__ics_comp_end(struct tsc__ics_comp *c, const char *kind)
{
    tsc__text_puts(&c->text, "END:");
    tsc__text_puts(&c->text, kind);
    tsc__text_add(&c->text, "\r\n", 2);
    c->failed |= c->text.failed;
}

/* A TEXT value as libical 3.0 escapes it (icalvalue.c,
 * icalmemory_strdup_and_quote): newline as \n; ';', ',' and '\' behind a
 * backslash, except that CATEGORIES keeps ';' and ',' (a list); CR,
 * backspace and form feed dropped; anything else, tab included, as is. */
static void escaped(struct tsc__text *t, const char *s, bool list)
{
    const char *run = s;
    for (;; s++) {
        char ch = *s;
        bool plain = ch && ch != '\n' && ch != '\\' && ch != '\r' && ch != '\b' && ch != '\f' &&
                     (list || (ch != ';' && ch != ','));
        if (plain)
            continue;
        tsc__text_add(t, run, (size_t)(s - run));
        run = s + 1;
        if (!ch)
            return;
        if (ch == '\n')
            tsc__text_add(t, "\\n", 2);
        else if (ch == '\\' || ch == ';' || ch == ',') {
            char pair[2] = {'\\', ch};
            tsc__text_add(t, pair, 2);
        }
    }
}

void tsc__ics_prop_text(struct tsc__ics_comp *c, const char *name, const char *text)
{
    line_start(c, name);
    tsc__text_add(&c->line, ":", 1);
    escaped(&c->line, text, strcmp(name, "CATEGORIES") == 0);
    line_end(c);
}

/* An X- property holds an X value, which libical escapes as TEXT but with
 * ';' and ',' kept, as in a list. */
void tsc__ics_prop_x(struct tsc__ics_comp *c, const char *name, const char *text)
{
    line_start(c, name);
    tsc__text_add(&c->line, ":", 1);
    escaped(&c->line, text, true);
    line_end(c);
}

void tsc__ics_prop_raw(struct tsc__ics_comp *c, const char *name, const char *value)
{
    line_start(c, name);
    tsc__text_add(&c->line, ":", 1);
    tsc__text_puts(&c->line, value);
    line_end(c);
}

static void digits(struct tsc__text *t, int v, int width)
{
    char buf[12];
    int n = 0;
    unsigned u = v < 0 ? 0u : (unsigned)v;
    do {
        buf[sizeof buf - 1 - (size_t)n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || n < width);
    tsc__text_add(t, buf + sizeof buf - n, (size_t)n);
}

void tsc__ics_prop_date(struct tsc__ics_comp *c, const char *name, int y, int m, int d)
{
    line_start(c, name);
    tsc__text_add(&c->line, ";VALUE=DATE:", 12);
    digits(&c->line, y, 4);
    digits(&c->line, m, 2);
    digits(&c->line, d, 2);
    line_end(c);
}

static void date_time(struct tsc__text *t, const struct tsc__ics_civil *v)
{
    digits(t, v->year, 4);
    digits(t, v->month, 2);
    digits(t, v->day, 2);
    tsc__text_add(t, "T", 1);
    digits(t, v->hour, 2);
    digits(t, v->minute, 2);
    digits(t, v->second, 2);
}

void tsc__ics_prop_local(struct tsc__ics_comp *c, const char *name, const char *tzid,
                         const struct tsc__ics_civil *v)
{
    line_start(c, name);
    tsc__text_add(&c->line, ";TZID=", 6);
    tsc__text_puts(&c->line, tzid);
    tsc__text_add(&c->line, ":", 1);
    date_time(&c->line, v);
    line_end(c);
}

void tsc__ics_prop_utc(struct tsc__ics_comp *c, const char *name, const struct tsc__ics_civil *v)
{
    line_start(c, name);
    tsc__text_add(&c->line, ":", 1);
    date_time(&c->line, v);
    tsc__text_add(&c->line, "Z", 1);
    line_end(c);
}

void tsc__ics_prop_int(struct tsc__ics_comp *c, const char *name, int v)
{
    line_start(c, name);
    tsc__text_add(&c->line, v < 0 ? ":-" : ":", v < 0 ? 2 : 1);
    digits(&c->line, v < 0 ? -v : v, 1);
    line_end(c);
}

/* libical's icaldurationtype_as_ical_string for a duration held in hours,
 * minutes and seconds (no days or weeks): "-PT15H", "PT1H30M", "PT0S". */
void tsc__ics_prop_trigger(struct tsc__ics_comp *c, bool related_end, int64_t seconds)
{
    uint64_t mag = seconds < 0 ? (uint64_t)-seconds : (uint64_t)seconds;
    unsigned parts[3] = {(unsigned)(mag / 3600), (unsigned)(mag % 3600 / 60),
                         (unsigned)(mag % 60)};
    static const char unit[3] = {'H', 'M', 'S'};
    line_start(c, "TRIGGER");
    tsc__text_puts(&c->line, related_end ? ";RELATED=END:" : ";RELATED=START:");
    tsc__text_add(&c->line, seconds < 0 ? "-PT" : "PT", seconds < 0 ? 3 : 2);
    if (!mag)
        tsc__text_add(&c->line, "0S", 2);
    for (int i = 0; i < 3; i++)
        if (parts[i]) {
            digits(&c->line, (int)parts[i], 1);
            tsc__text_add(&c->line, &unit[i], 1);
        }
    line_end(c);
}

void tsc__ics_comp_free(struct tsc__ics_comp *c)
{
    free(c->text.p);
    free(c->line.p);
    memset(c, 0, sizeof *c);
}

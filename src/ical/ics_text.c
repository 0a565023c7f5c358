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

enum { MAX_LINE_LEN = 75 };

/* Makes room for n more octets in c's text; false (and failed) when out of
 * memory. */
static bool reserve(struct tsc__ics_comp *c, size_t n)
{
    struct tsc__text *t = &c->text;
    if (t->n + n + 1 <= t->cap)
        return true;
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->n + n + 1)
        cap *= 2;
    char *p = c->failed || t->failed ? NULL : realloc(t->p, cap);
    if (!p) {
        c->failed = t->failed = true;
        return false;
    }
    t->p = p;
    t->cap = cap;
    return true;
}

static void add(struct tsc__ics_comp *c, const char *s, size_t n)
{
    if (!reserve(c, n))
        return;
    memcpy(c->text.p + c->text.n, s, n);
    c->text.n += n;
    c->text.p[c->text.n] = '\0';
}

/* libical 3.0 (icalproperty.c, fold_property_line): a property's text with
 * its CR LF is cut into pieces of at most 74 octets, each after the last
 * ';', ':' or ' ' that leaves the piece under 75 octets, else before the
 * last octet that starts a UTF-8 character, else at 74 octets; every piece
 * after the first starts on a new line with a space.  s: a piece's first
 * 75 octets, when the piece and what follows it hold 75 or more. */
static size_t cut_at(const unsigned char *s)
{
    for (size_t pos = MAX_LINE_LEN - 2; pos > 0; pos--)
        if (s[pos] == ';' || s[pos] == ':' || s[pos] == ' ')
            return pos + 1;
    for (size_t pos = MAX_LINE_LEN - 1; pos > 0; pos--)
        if (!(s[pos] & 0x80) || (s[pos] & 0xc0) == 0xc0)
            return pos;
    return MAX_LINE_LEN - 1;
}

/* Breaks the open piece k octets in: "\r\n " goes there, and the octets
 * after it start the next piece. */
static void break_piece(struct tsc__ics_comp *c, size_t k)
{
    if (!reserve(c, 3))
        return;
    char *at = c->text.p + c->piece + k;
    size_t tail = c->text.n - c->piece - k;
    memmove(at + 3, at, tail);
    memcpy(at, "\r\n ", 3);
    c->text.n += 3;
    c->text.p[c->text.n] = '\0';
    c->piece += k + 3;
}

/* Appends n octets of a line, folding as it goes: the open piece never
 * reaches 75 octets, because once it holds 75 the line (which ends in
 * CR LF after them) is known to be cut within them.  So the text is
 * written once, straight into the component, and a fold moves at most
 * the 74 octets behind it. */
static void put(struct tsc__ics_comp *c, const char *s, size_t n)
{
    for (;;) {
        size_t room = MAX_LINE_LEN - (c->text.n - c->piece);
        if (n < room) {
            add(c, s, n);
            return;
        }
        add(c, s, room);
        if (c->failed)
            return;
        s += room;
        n -= room;
        break_piece(c, cut_at((const unsigned char *)c->text.p + c->piece));
    }
}

/* Starts a line: "NAME" (parameters and the value follow, then line_end). */
static void line_start(struct tsc__ics_comp *c, const char *name)
{
    c->piece = c->text.n;
    put(c, name, strlen(name));
}

/* Ends the line with CR LF.  libical counts the CR LF as part of the text,
 * so a cut can fall just before the CR or between CR and LF;
 * ics_writer.c's append_unbroken dropped exactly that fold from libical's
 * text, so here it is never made: a piece of 73 or 74 octets is cut only
 * where octets of the value follow the cut. */
static void line_end(struct tsc__ics_comp *c)
{
    for (size_t open; !c->failed && (open = c->text.n - c->piece) + 2 >= MAX_LINE_LEN;) {
        unsigned char s[MAX_LINE_LEN + 1];
        memcpy(s, c->text.p + c->piece, open);
        memcpy(s + open, "\r\n", 2);
        size_t k = cut_at(s);
        if (k >= open)
            break;
        break_piece(c, k);
    }
    add(c, "\r\n", 2);
}

void tsc__ics_comp_begin(struct tsc__ics_comp *c, const char *kind)
{
    add(c, "BEGIN:", 6);
    add(c, kind, strlen(kind));
    add(c, "\r\n", 2);
}

void tsc__ics_comp_end(struct tsc__ics_comp *c, const char *kind)
{
    add(c, "END:", 4);
    add(c, kind, strlen(kind));
    add(c, "\r\n", 2);
}

/* How a TEXT value's octets are written, as libical 3.0 escapes them
 * (icalvalue.c, icalmemory_strdup_and_quote): newline as \n; ';', ',' and
 * '\' behind a backslash, except that a list (CATEGORIES, an X value)
 * keeps ';' and ','; CR, backspace and form feed dropped; anything else,
 * tab included, as is. */
enum { AS_IS, END, NEWLINE, BACKSLASHED, DROPPED };

static const unsigned char text_class[256] = {
    ['\0'] = END,      ['\n'] = NEWLINE,     ['\\'] = BACKSLASHED, [';'] = BACKSLASHED,
    [','] = BACKSLASHED, ['\r'] = DROPPED,  ['\b'] = DROPPED,     ['\f'] = DROPPED,
};
static const unsigned char list_class[256] = {
    ['\0'] = END,    ['\n'] = NEWLINE,  ['\\'] = BACKSLASHED,
    ['\r'] = DROPPED, ['\b'] = DROPPED, ['\f'] = DROPPED,
};

enum { WORD = 8 };
#define EACH_OCTET(b) (0x0101010101010101u * (uint64_t)(b))

/* Whether any octet of v is below 0x20 or equal to b, c or d (exact:
 * the usual has-zero-octet test, which can be wrong only in octets above
 * a true hit). */
static uint64_t word_hits(uint64_t v, unsigned char b, unsigned char c, unsigned char d)
{
    uint64_t low = (v - EACH_OCTET(0x20)) & ~v;
    uint64_t xb = v ^ EACH_OCTET(b), xc = v ^ EACH_OCTET(c), xd = v ^ EACH_OCTET(d);
    uint64_t eq = ((xb - EACH_OCTET(1)) & ~xb) | ((xc - EACH_OCTET(1)) & ~xc) |
                  ((xd - EACH_OCTET(1)) & ~xd);
    return (low | eq) & EACH_OCTET(0x80);
}

/* The first octet from s that is not written as is, or end: eight octets
 * a step while none of them is a control octet, '\' or (in TEXT) ';' or
 * ','; then octet by octet through the class table (a tab is a control
 * octet written as is). */
static const char *plain_run(const char *s, const char *end, const unsigned char *cls, bool list)
{
    unsigned char semi = list ? '\\' : ';', comma = list ? '\\' : ',';
    for (;;) {
        uint64_t v;
        while (end - s >= WORD && (memcpy(&v, s, WORD), !word_hits(v, '\\', semi, comma)))
            s += WORD;
        const char *stop = end - s >= WORD ? s + WORD : end;
        for (; s < stop; s++)
            if (cls[(unsigned char)*s] != AS_IS)
                return s;
        if (s == end)
            return s;
    }
}

/* Appends the n octets at s escaped (up to a NUL): whole runs that need
 * no escape at a time. */
static void escaped(struct tsc__ics_comp *c, const char *s, size_t n, bool list)
{
    const unsigned char *cls = list ? list_class : text_class;
    const char *end = s + n;
    for (;;) {
        const char *run = s;
        s = plain_run(s, end, cls, list);
        put(c, run, (size_t)(s - run));
        if (s == end)
            return;
        switch (cls[(unsigned char)*s]) {
        case END:
            return;
        case NEWLINE:
            put(c, "\\n", 2);
            break;
        case BACKSLASHED: {
            char pair[2] = {'\\', *s};
            put(c, pair, 2);
            break;
        }
        default:
            break;
        }
        s++;
    }
}

/* CATEGORIES holds a list of TEXT values. */
static bool is_list(const char *name)
{
    return name[0] == 'C' && strcmp(name, "CATEGORIES") == 0;
}

void tsc__ics_prop_text(struct tsc__ics_comp *c, const char *name, const char *text)
{
    tsc__ics_prop_textn(c, name, text, strlen(text));
}

void tsc__ics_prop_textn(struct tsc__ics_comp *c, const char *name, const char *text, size_t n)
{
    line_start(c, name);
    put(c, ":", 1);
    escaped(c, text, n, is_list(name));
    line_end(c);
}

/* The memo holds "NAME:" and the pieces of the value's start as given,
 * with each piece's length, and the same as written: escaping goes octet
 * by octet and a fold depends only on the octets before it (put), so the
 * written start is the same whatever follows, and the open piece's offset
 * is all the state needed to go on.  A hit reads each piece once
 * (strncmp stops at the piece's end, so a shorter one is never overrun). */
static bool memo_holds(const struct tsc__ics_memo *m, const char *name,
                       const char *const *fixed, size_t nfixed)
{
    if (!m->valid || m->npieces != nfixed || strncmp(m->raw.p, name, m->name_n) != 0 ||
        name[m->name_n])
        return false;
    const char *r = m->raw.p + m->name_n + 1;
    for (size_t i = 0; i < nfixed; r += m->len[i++])
        if (strncmp(r, fixed[i], m->len[i]) != 0 || fixed[i][m->len[i]])
            return false;
    return true;
}

static void memo_keep(struct tsc__ics_memo *m, const struct tsc__ics_comp *c, size_t start,
                      const char *name, const char *const *fixed, size_t nfixed)
{
    m->raw.n = m->out.n = 0;
    m->valid = false;
    if (nfixed > TSC__ICS_MEMO_PIECES)
        return;
    m->name_n = strlen(name);
    tsc__text_add(&m->raw, name, m->name_n);
    tsc__text_add(&m->raw, ":", 1);
    for (size_t i = 0; i < nfixed; i++) {
        m->len[i] = strlen(fixed[i]);
        tsc__text_add(&m->raw, fixed[i], m->len[i]);
    }
    tsc__text_add(&m->out, c->text.p + start, c->text.n - start);
    m->npieces = nfixed;
    m->piece = c->piece - start;
    m->valid = !m->raw.failed && !m->out.failed;
}

void tsc__ics_prop_text_memo(struct tsc__ics_comp *c, struct tsc__ics_memo *m,
                             const char *name, const char *const *fixed, size_t nfixed,
                             const char *text, size_t n)
{
    size_t start = c->text.n;
    bool list = is_list(name);
    if (memo_holds(m, name, fixed, nfixed)) {
        add(c, m->out.p, m->out.n);
        c->piece = start + m->piece;
    } else {
        line_start(c, name);
        put(c, ":", 1);
        for (size_t i = 0; i < nfixed; i++)
            escaped(c, fixed[i], strlen(fixed[i]), list);
        /* Kept from the second time on: a writer of one case's file sees
         * most rules once, and keeping costs more than writing. */
        if (!c->failed && m->missed)
            memo_keep(m, c, start, name, fixed, nfixed);
        m->missed = true;
    }
    escaped(c, text, n, list);
    line_end(c);
}

void tsc__ics_memo_free(struct tsc__ics_memo *m)
{
    free(m->raw.p);
    free(m->out.p);
    memset(m, 0, sizeof *m);
}

/* An X- property holds an X value, which libical escapes as TEXT but with
 * ';' and ',' kept, as in a list. */
void tsc__ics_prop_x(struct tsc__ics_comp *c, const char *name, const char *text)
{
    line_start(c, name);
    put(c, ":", 1);
    escaped(c, text, strlen(text), true);
    line_end(c);
}

/* NAME<sep>value CR LF as one copy, when it is too short to fold (under
 * 75 octets with its CR LF, the whole line is libical's one piece). */
static bool short_line(struct tsc__ics_comp *c, const char *name, char sep, const char *value,
                       size_t n)
{
    size_t name_n = strlen(name), len = name_n + 1 + n + 2;
    if (len >= MAX_LINE_LEN || !reserve(c, len))
        return false;
    char *p = c->text.p + c->text.n;
    memcpy(p, name, name_n);
    p[name_n] = sep;
    memcpy(p + name_n + 1, value, n);
    memcpy(p + len - 2, "\r\n", 3);   /* and the NUL */
    c->text.n += len;
    return true;
}

void tsc__ics_prop_raw(struct tsc__ics_comp *c, const char *name, const char *value)
{
    size_t n = strlen(value);
    if (short_line(c, name, ':', value, n))
        return;
    line_start(c, name);
    put(c, ":", 1);
    put(c, value, n);
    line_end(c);
}

/* v in decimal, at least width digits (v >= 0); returns the length. */
static size_t digits(char *out, int v, int width)
{
    char buf[12];
    size_t n = 0;
    unsigned u = v < 0 ? 0u : (unsigned)v;
    do {
        buf[sizeof buf - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || n < (size_t)width);
    memcpy(out, buf + sizeof buf - n, n);
    return n;
}

/* Two decimal digits of v (0..99). */
static void two_digits(char *out, int v)
{
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

void tsc__ics_prop_date(struct tsc__ics_comp *c, const char *name, int y, int m, int d)
{
    char buf[40] = "VALUE=DATE:";
    size_t n = 11;
    if (y >= 1000 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99) {
        two_digits(buf + n, y / 100);
        two_digits(buf + n + 2, y % 100);
        two_digits(buf + n + 4, m);
        two_digits(buf + n + 6, d);
        n += 8;
    } else {
        n += digits(buf + n, y, 4);
        n += digits(buf + n, m, 2);
        n += digits(buf + n, d, 2);
    }
    if (short_line(c, name, ';', buf, n))
        return;
    line_start(c, name);
    put(c, ";", 1);
    put(c, buf, n);
    line_end(c);
}

/* "20260316T140000" */
static size_t date_time(char *out, const struct tsc__ics_civil *v)
{
    size_t n = digits(out, v->year, 4);
    n += digits(out + n, v->month, 2);
    n += digits(out + n, v->day, 2);
    out[n++] = 'T';
    n += digits(out + n, v->hour, 2);
    n += digits(out + n, v->minute, 2);
    n += digits(out + n, v->second, 2);
    return n;
}

void tsc__ics_prop_local(struct tsc__ics_comp *c, const char *name, const char *tzid,
                         const struct tsc__ics_civil *v)
{
    char buf[80] = ":";
    line_start(c, name);
    put(c, ";TZID=", 6);
    put(c, tzid, strlen(tzid));
    put(c, buf, 1 + date_time(buf + 1, v));
    line_end(c);
}

void tsc__ics_prop_utc(struct tsc__ics_comp *c, const char *name, const struct tsc__ics_civil *v)
{
    char buf[80] = ":";
    size_t n = 1 + date_time(buf + 1, v);
    buf[n++] = 'Z';
    line_start(c, name);
    put(c, buf, n);
    line_end(c);
}

void tsc__ics_prop_int(struct tsc__ics_comp *c, const char *name, int v)
{
    char buf[16] = ":-";
    size_t n = v < 0 ? 2 : 1;
    n += digits(buf + n, v < 0 ? -v : v, 1);
    line_start(c, name);
    put(c, buf, n);
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
    char buf[64];
    size_t n = 0;
    if (seconds < 0)
        buf[n++] = '-';
    memcpy(buf + n, "PT", 2);
    n += 2;
    if (!mag) {
        memcpy(buf + n, "0S", 2);
        n += 2;
    }
    for (int i = 0; i < 3; i++)
        if (parts[i]) {
            n += digits(buf + n, (int)parts[i], 1);
            buf[n++] = unit[i];
        }
    line_start(c, "TRIGGER");
    put(c, related_end ? ";RELATED=END:" : ";RELATED=START:", related_end ? 13 : 15);
    put(c, buf, n);
    line_end(c);
}

void tsc__ics_comp_free(struct tsc__ics_comp *c)
{
    free(c->text.p);
    memset(c, 0, sizeof *c);
}

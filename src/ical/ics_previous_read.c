/* ics_previous_read.c -- reading the previous export (--previous) as a stream:
 * one logical line at a time, keeping per component of ours only what the
 * writer compares (UID, fingerprint, SEQUENCE, DTSTAMP, cancelled) and where
 * it is, so memory follows the number of UIDs, not the size of the file. */
#include "ics_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 8, NAME_MAX_LEN = 31 };

static const char UID_DOMAIN[] = "@timescale";

/* ---- fingerprints (a hash, not FNV: hundreds of MB go through it) ---- */

/* The properties the reader looks at; a line's name is compared only
 * with the one of its length (millions of lines: strncasecmp adds up). */
enum prop { P_OTHER, P_UID, P_END, P_BEGIN, P_STATUS, P_DTSTAMP, P_SEQUENCE };

static enum prop prop_of(const char *line, size_t len)
{
    static const char *const names[] = {"", "UID", "END", "BEGIN", "STATUS", "DTSTAMP",
                                        "SEQUENCE"};
    size_t n = 0;
    while (n < len && n < 9 && line[n] != ':' && line[n] != ';')
        n++;
    if (n == len || (line[n] != ':' && line[n] != ';'))
        return P_OTHER;
    for (int p = P_UID; p <= P_SEQUENCE; p++)
        if (strlen(names[p]) == n && strncasecmp(line, names[p], n) == 0)
            return (enum prop)p;
    return P_OTHER;
}

void tsc__ics_fp_init(struct tsc__ics_fp *fp) { fp->h = tsc__ics_hash("", 0); }

static void fp_add(struct tsc__ics_fp *fp, const char *line, size_t len, enum prop p)
{
    if (p == P_DTSTAMP || p == P_SEQUENCE)
        return;
    /* Eight bytes a step (both sides hash on the same machine, so byte
     * order does not matter), then the rest and the line end a byte each. */
    uint64_t h = fp->h;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, line + i, 8);
        h = (h ^ word) * 0x9e3779b97f4a7c15u;
        h ^= h >> 29;
    }
    for (; i <= len; i++)
        h = (h ^ (i < len ? (unsigned char)line[i] : '\n')) * 0x100000001b3u;
    fp->h = h;
}

void tsc__ics_fp_line(struct tsc__ics_fp *fp, const char *line, size_t len)
{
    fp_add(fp, line, len, prop_of(line, len));
}

/* Unfolds text one logical line at a time, handing each to fp. */
uint64_t tsc__ics_text_fingerprint(const char *text, size_t len)
{
    struct tsc__ics_fp fp;
    tsc__ics_fp_init(&fp);
    char *line = malloc(len + 1);
    size_t n = 0;
    bool any = false;
    if (!line)
        return 0;               /* never equal to a real fingerprint in practice */
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t k = eol ? (size_t)(eol - p) : (size_t)(end - p);
        const char *next = p + k + (eol != NULL);
        if (k && p[k - 1] == '\r')
            k--;
        if (k && (p[0] == ' ' || p[0] == '\t')) {
            memcpy(line + n, p + 1, k - 1);      /* a folded continuation */
            n += k - 1;
        } else if (k) {
            if (any)
                tsc__ics_fp_line(&fp, line, n);
            memcpy(line, p, k);
            n = k;
            any = true;
        }
        p = next;
    }
    if (any)
        tsc__ics_fp_line(&fp, line, n);
    free(line);
    return fp.h;
}

/* ---- the stream ---- */

struct reader {
    struct tsc__prev_set *set;
    const char *path;
    tsc_error *err;
    char *logical;              /* the logical line being assembled */
    size_t len, cap;
    int line;                   /* of its first physical line */
    int64_t start, end;         /* its offsets in the file */
    char names[MAX_DEPTH][NAME_MAX_LEN + 1];
    int depth;
    bool saw_calendar;
    /* the component of the calendar being read (depth 2 and below) */
    bool in_item;
    struct tsc__prev_item item;
    struct tsc__ics_fp fp;
    char *uid;
    size_t pool_len, pool_cap, items_cap;
};

static tsc_status fail(struct reader *r, int column, const char *fmt, ...) TSC__PRINTF(3, 4);
static tsc_status fail(struct reader *r, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(r->err, TSC_ERR_PARSE, r->path, r->line, column, fmt, ap);
    va_end(ap);
    return TSC_ERR_PARSE;
}

static tsc_status nomem(struct reader *r)
{
    return tsc__fail(r->err, TSC_ERR_NOMEM, "out of memory");
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *bigger = realloc(*p, cap2 * size);
    if (!bigger)
        return false;
    *p = bigger;
    *cap = cap2;
    return true;
}

/* The value after the first ':' that is not inside a quoted parameter. */
static const char *value_of(const char *line, size_t len)
{
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ':' && !quoted)
            return line + i + 1;
    }
    return NULL;
}

/* SEQUENCE is a whole number the writer can raise by one. */
static tsc_status read_sequence(struct reader *r, const char *v, size_t n, int column)
{
    long long seq = 0;
    bool ok = n > 0 && n <= 10;
    for (size_t i = 0; ok && i < n; i++) {
        ok = v[i] >= '0' && v[i] <= '9';
        seq = seq * 10 + (v[i] - '0');
    }
    if (!ok || seq >= INT32_MAX)
        return fail(r, column, "SEQUENCE must be a whole number from 0 to %d (so that a change "
                    "can raise it), got '%.*s'", INT32_MAX - 1, (int)(n > 40 ? 40 : n), v);
    r->item.sequence = (int32_t)seq;
    return TSC_OK;
}

static tsc_status read_dtstamp(struct reader *r, const char *v, size_t n, int column)
{
    char text[32];
    struct icaltimetype t = icaltime_null_time();
    if (n < sizeof text) {
        memcpy(text, v, n);
        text[n] = '\0';
        t = icaltime_from_string(text);
    }
    if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t) || t.is_date)
        return fail(r, column, "malformed DTSTAMP '%.*s' (expected a UTC date-time like "
                    "20260225T061320Z)", (int)(n > 40 ? 40 : n), v);
    r->item.dtstamp = t;
    return TSC_OK;
}

/* A property directly inside one of the calendar's components. */
static tsc_status item_property(struct reader *r, const char *line, const char *v, size_t n,
                                enum prop p)
{
    int column = (int)(v - line) + 1;
    if (p == P_UID && !r->uid) {
        if (!(r->uid = malloc(n + 1)))
            return nomem(r);
        memcpy(r->uid, v, n);
        r->uid[n] = '\0';
    } else if (p == P_SEQUENCE) {
        return read_sequence(r, v, n, column);
    } else if (p == P_DTSTAMP) {
        return read_dtstamp(r, v, n, column);
    } else if (p == P_STATUS) {
        r->item.cancelled = n == 9 && strncasecmp(v, "CANCELLED", 9) == 0;
    }
    return TSC_OK;
}

static bool is_our_uid(const char *uid)
{
    size_t n = strlen(uid), m = strlen(UID_DOMAIN);
    return n > m && strcmp(uid + n - m, UID_DOMAIN) == 0;
}

/* The component closed: keep it when its UID is ours. */
static tsc_status end_item(struct reader *r)
{
    struct tsc__prev_set *s = r->set;
    tsc_status st = TSC_OK;
    r->in_item = false;
    if (r->uid && is_our_uid(r->uid)) {
        size_t n = strlen(r->uid) + 1;
        if (!grow((void **)&s->pool, &r->pool_cap, r->pool_len + n, 1) ||
            !grow((void **)&s->items, &r->items_cap, s->n + 1, sizeof *s->items)) {
            st = nomem(r);
        } else {
            memcpy(s->pool + r->pool_len, r->uid, n);
            r->item.key = tsc__ics_hash(r->uid, n - 1);
            r->item.key += !r->item.key;          /* as the writer's uid_key */
            r->item.uid = (const char *)(uintptr_t)r->pool_len;   /* made a pointer later */
            r->item.fingerprint = r->fp.h;
            r->item.length = (size_t)(r->end - r->item.offset);
            r->item.order = s->n;
            s->items[s->n++] = r->item;
            r->pool_len += n;
        }
    }
    free(r->uid);
    r->uid = NULL;
    return st;
}

static tsc_status begin(struct reader *r, const char *name, size_t n)
{
    if (r->depth == MAX_DEPTH)
        return fail(r, 1, "components nest too deep");
    if (r->depth == 0 && !(n == 9 && strncasecmp(name, "VCALENDAR", 9) == 0))
        return fail(r, 7, "expected BEGIN:VCALENDAR, found BEGIN:%.*s", (int)(n > 40 ? 40 : n),
                    name);
    snprintf(r->names[r->depth++], NAME_MAX_LEN + 1, "%.*s",
             (int)(n < NAME_MAX_LEN ? n : NAME_MAX_LEN), name);
    r->saw_calendar = true;
    bool item = (n == 6 && !strncasecmp(name, "VEVENT", 6)) ||
                (n == 5 && !strncasecmp(name, "VTODO", 5));
    if (r->depth == 2 && item) {
        r->in_item = true;
        memset(&r->item, 0, sizeof r->item);
        r->item.dtstamp = icaltime_null_time();
        r->item.offset = r->start;
        r->item.line = r->line;
        tsc__ics_fp_init(&r->fp);
    }
    return TSC_OK;
}

static tsc_status end(struct reader *r, const char *name, size_t n)
{
    const char *top = r->depth ? r->names[r->depth - 1] : "";
    if (!r->depth || strlen(top) != n || strncasecmp(top, name, n) != 0)
        return fail(r, 5, "END:%.*s does not close %s%s", (int)(n < 40 ? n : 40), name,
                    r->depth ? "BEGIN:" : "any component", top);
    r->depth--;
    return r->in_item && r->depth == 1 ? end_item(r) : TSC_OK;
}

/* One unfolded logical line, without its line end. */
static tsc_status logical_line(struct reader *r, const char *line, size_t len)
{
    if (!len)
        return TSC_OK;
    if (memchr(line, '\0', len))
        return fail(r, 1, "the line holds a NUL byte (not text)");
    const char *v = value_of(line, len);
    if (!v)
        return fail(r, 1, "malformed iCalendar line (expected NAME:value)");
    size_t n = len - (size_t)(v - line);
    enum prop p = prop_of(line, len);
    tsc_status st = p == P_BEGIN ? begin(r, v, n) : TSC_OK;
    if (!st && r->in_item)
        fp_add(&r->fp, line, len, p);     /* BEGIN and END lines included */
    if (st || p == P_BEGIN)
        return st;
    if (p == P_END)
        return end(r, v, n);
    if (r->depth == 0)
        return fail(r, 1, "property outside BEGIN:VCALENDAR ... END:VCALENDAR");
    return r->in_item && r->depth == 2 ? item_property(r, line, v, n, p) : TSC_OK;
}

/* Feeds physical lines; a line starting with a space or tab continues the
 * logical line before it. */
static tsc_status physical_line(struct reader *r, const char *p, size_t n, int lineno,
                                int64_t offset)
{
    size_t k = n && p[n - 1] == '\n' ? n - 1 : n;
    if (k && p[k - 1] == '\r')
        k--;
    bool continues = k && (p[0] == ' ' || p[0] == '\t') && r->len;
    tsc_status st = TSC_OK;
    if (!continues) {
        if (r->len || r->line)
            st = logical_line(r, r->logical, r->len);
        r->len = 0;
        r->line = lineno;
        r->start = offset;
    }
    size_t from = continues ? 1 : 0;
    if (!st && !grow((void **)&r->logical, &r->cap, r->len + k - from + 1, 1))
        st = nomem(r);
    if (!st) {
        memcpy(r->logical + r->len, p + from, k - from);
        r->len += k - from;
        r->end = offset + (int64_t)n;
    }
    return st;
}

static int cmp_items(const void *a, const void *b)
{
    const struct tsc__prev_item *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->order > y->order) - (x->order < y->order);
}

/* Pool offsets become pointers; sorted by key; a repeated UID keeps its first. */
static void index_items(struct tsc__prev_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->items[i].uid = s->pool + (uintptr_t)s->items[i].uid;
    tsc__sort(s->items, s->n, sizeof *s->items, cmp_items);
    size_t kept = 0;
    for (size_t i = 0; i < s->n; i++) {
        bool repeated = false;
        for (size_t j = kept; j-- > 0 && s->items[j].key == s->items[i].key;)
            repeated |= strcmp(s->items[j].uid, s->items[i].uid) == 0;
        if (!repeated)
            s->items[kept++] = s->items[i];
    }
    s->n = kept;
}

static tsc_status read_stream(struct reader *r, FILE *f)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0;
    int64_t offset = 0;
    tsc_status st = TSC_OK;
    while (!st && (got = getline(&buf, &cap, f)) > 0) {
        const char *p = buf;
        size_t n = (size_t)got;
        if (++lineno == 1 && n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
            p += 3;              /* a UTF-8 byte-order mark */
            n -= 3;
            offset += 3;
        }
        st = physical_line(r, p, n, lineno, offset);
        offset += (int64_t)n;
    }
    free(buf);
    if (!st && ferror(f))
        st = tsc__fail_at(r->err, TSC_ERR_IO, r->path, 0, 0, "read failed: %s", strerror(errno));
    if (!st && (r->len || r->line))
        st = logical_line(r, r->logical, r->len);
    if (!st && !r->saw_calendar)
        st = tsc__fail_at(r->err, TSC_ERR_PARSE, r->path, 1, 1,
                          "not an iCalendar file (no BEGIN:VCALENDAR)");
    if (!st && r->depth)
        st = tsc__fail_at(r->err, TSC_ERR_PARSE, r->path, lineno, 1,
                          "file ends inside BEGIN:%s (missing END:%s)", r->names[r->depth - 1],
                          r->names[r->depth - 1]);
    return st;
}

tsc_status tsc__prev_load_stream(FILE *f, const char *path, struct tsc__prev_set *set,
                                 tsc_error *err)
{
    memset(set, 0, sizeof *set);
    set->f = f;
    if (!(set->path = strdup(path))) {
        tsc__prev_free(set);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    struct reader r = {.set = set, .path = set->path, .err = err};
    tsc_status st = read_stream(&r, f);
    free(r.logical);
    free(r.uid);
    if (st) {
        tsc__prev_free(set);
        return st;
    }
    index_items(set);
    return TSC_OK;
}

tsc_status tsc__prev_load(const char *path, struct tsc__prev_set *set, tsc_error *err)
{
    FILE *f = fopen(path, "rb");
    memset(set, 0, sizeof *set);
    if (!f)
        return tsc__fail_at(err, errno == ENOENT ? TSC_ERR_NOTFOUND : TSC_ERR_IO, path, 0, 0,
                            "cannot open: %s", strerror(errno));
    return tsc__prev_load_stream(f, path, set, err);
}

struct tsc__prev_item *tsc__prev_find(const struct tsc__prev_set *set, const char *uid)
{
    uint64_t key = tsc__ics_hash(uid, strlen(uid));
    key += !key;
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->items[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < set->n && set->items[lo].key == key; lo++)
        if (strcmp(set->items[lo].uid, uid) == 0)
            return &set->items[lo];
    return NULL;
}

tsc_status tsc__prev_component(const struct tsc__prev_set *set, const struct tsc__prev_item *it,
                               icalcomponent **out, tsc_error *err)
{
    char *text = malloc(it->length + 1);
    if (!text)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    bool read = fseeko(set->f, (off_t)it->offset, SEEK_SET) == 0 &&
                fread(text, 1, it->length, set->f) == it->length;
    text[read ? it->length : 0] = '\0';
    icalcomponent *c = read ? icalparser_parse_string(text) : NULL;
    free(text);
    icalproperty *uid = c ? icalcomponent_get_first_property(c, ICAL_UID_PROPERTY) : NULL;
    const char *value = uid ? icalproperty_get_uid(uid) : NULL;
    if (!value || strcmp(value, it->uid) != 0) {
        if (c)
            icalcomponent_free(c);
        return tsc__fail_at(err, TSC_ERR_IO, set->path, it->line, 0, "the file changed while "
                            "it was in use (component %s no longer there)", it->uid);
    }
    *out = c;
    return TSC_OK;
}

void tsc__prev_free(struct tsc__prev_set *set)
{
    if (set->f)
        fclose(set->f);
    free(set->path);
    free(set->items);
    free(set->pool);
    memset(set, 0, sizeof *set);
}

/* vocab.c -- the event vocabulary: one name per event for every pack.
 *
 *     event emergency-placement
 *       means     an unplanned (emergency) placement starts
 *       is        placement-start
 *       alias     OTHER-NAME
 *       statutory SSDA903 Episodes DECOM
 *
 *     produced cp-visit
 *       means     a child protection visit
 *       label     CP visit
 *
 * `event` is a name a user records, `produced` one the rules schedule.
 * '#' starts a comment line; keys of an entry are indented. */
#include "vocab.h"
#include "arena.h"
#include "fileio.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct vloader {
    tsc_vocab *v;
    const char *source;
    tsc_error *err;
    size_t cap;
    struct tsc__vocab_event *cur;
    int line;
    int *parent_column;         /* per event: line and column of its `is` value */
    int *parent_line;
    size_t cap_lines;
    size_t cap_cols;
};

static tsc_status vfail(struct vloader *ld, int column, const char *fmt, ...) TSC__PRINTF(3, 4);
static tsc_status vfail(struct vloader *ld, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(ld->err, TSC_ERR_PARSE, ld->source, ld->line, column, fmt, ap);
    va_end(ap);
    return TSC_ERR_PARSE;
}

static tsc_status nomem(struct vloader *ld)
{
    return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

static size_t bad_name_char(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
            return i;
    return n;
}

static tsc_status check_name(struct vloader *ld, const char *s, size_t n, int column)
{
    size_t bad = bad_name_char(s, n);
    if (n == 0)
        return vfail(ld, column, "expected an event name");
    if (bad < n)
        return vfail(ld, column + (int)bad, "an event name is kebab-case (a-z, 0-9 and '-')");
    return TSC_OK;
}

static tsc_status start_entry(struct vloader *ld, bool produced, const char *name, size_t n,
                              int column)
{
    tsc_status st = check_name(ld, name, n, column);
    if (st)
        return st;
    if (!tsc__grow((void **)&ld->v->events, &ld->cap, ld->v->n + 1, sizeof *ld->v->events) ||
        !tsc__grow((void **)&ld->parent_column, &ld->cap_cols, ld->v->n + 1, sizeof(int)) ||
        !tsc__grow((void **)&ld->parent_line, &ld->cap_lines, ld->v->n + 1, sizeof(int)))
        return nomem(ld);
    ld->parent_column[ld->v->n] = 0;
    ld->cur = &ld->v->events[ld->v->n++];
    *ld->cur = (struct tsc__vocab_event){.name = tsc__arena_strndup(ld->v->arena, name, n),
                                         .aliases = "", .statutory = "", .parent = -1,
                                         .line = ld->line, .produced = produced};
    return ld->cur->name ? TSC_OK : nomem(ld);
}

/* Appends `s` to *list with `sep` between items. */
static bool append(struct vloader *ld, const char **list, const char *sep, const char *s,
                   size_t n)
{
    size_t old = strlen(*list), seplen = old ? strlen(sep) : 0;
    char *joined = tsc__arena_alloc(ld->v->arena, old + seplen + n + 1);
    if (!joined)
        return false;
    memcpy(joined, *list, old);
    memcpy(joined + old, sep, seplen);
    memcpy(joined + old + seplen, s, n);
    joined[old + seplen + n] = '\0';
    *list = joined;
    return true;
}

/* Remembers the line of the item just appended (a few per event: copied whole). */
static bool add_statutory_line(struct vloader *ld, struct tsc__vocab_event *e)
{
    int *lines = tsc__arena_alloc(ld->v->arena, (e->nstatutory + 1) * sizeof *lines);
    if (!lines)
        return false;
    if (e->nstatutory)
        memcpy(lines, e->statutory_lines, e->nstatutory * sizeof *lines);
    lines[e->nstatutory++] = ld->line;
    e->statutory_lines = lines;
    return true;
}

static tsc_status entry_key(struct vloader *ld, const char *key, size_t klen, int kcol,
                            const char *val, size_t vlen, int vcol)
{
    struct tsc__vocab_event *e = ld->cur;
    if (!e)
        return vfail(ld, kcol, "indented key outside an entry (start one with 'event NAME' "
                               "or 'produced NAME')");
    if (vlen == 0)
        return vfail(ld, vcol, "'%.*s' needs a value", (int)klen, key);
    tsc_status st = TSC_OK;
    if (klen == 5 && !memcmp(key, "means", 5)) {
        if (e->means)
            return vfail(ld, kcol, "'means' is given twice for %s", e->name);
        e->means = tsc__arena_strndup(ld->v->arena, val, vlen);
        return e->means ? TSC_OK : nomem(ld);
    }
    if (klen == 2 && !memcmp(key, "is", 2)) {
        if (e->parent_name)
            return vfail(ld, kcol, "'is' is given twice for %s (one parent)", e->name);
        if ((st = check_name(ld, val, vlen, vcol)))
            return st;
        ld->parent_column[ld->v->n - 1] = vcol;
        ld->parent_line[ld->v->n - 1] = ld->line;
        e->parent_name = tsc__arena_strndup(ld->v->arena, val, vlen);
        return e->parent_name ? TSC_OK : nomem(ld);
    }
    if (klen == 5 && !memcmp(key, "alias", 5)) {
        if ((st = check_name(ld, val, vlen, vcol)))
            return st;
        return append(ld, &e->aliases, " ", val, vlen) ? TSC_OK : nomem(ld);
    }
    if (klen == 9 && !memcmp(key, "statutory", 9))
        return append(ld, &e->statutory, "; ", val, vlen) && add_statutory_line(ld, e)
                   ? TSC_OK
                   : nomem(ld);
    if (klen == 5 && !memcmp(key, "label", 5)) {
        if (e->label)
            return vfail(ld, kcol, "'label' is given twice for %s", e->name);
        e->label = tsc__arena_strndup(ld->v->arena, val, vlen);
        return e->label ? TSC_OK : nomem(ld);
    }
    return vfail(ld, kcol, "unknown key '%.*s' (expected means, is, alias, statutory or label)",
                 (int)klen, key);
}

static tsc_status one_line(struct vloader *ld, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    if (i == n || s[i] == '#')
        return TSC_OK;
    size_t k = i;
    while (k < n && s[k] != ' ' && s[k] != '\t')
        k++;
    size_t v = k;
    while (v < n && (s[v] == ' ' || s[v] == '\t'))
        v++;
    int kcol = (int)i + 1, vcol = (int)v + 1;
    if (i > 0)
        return entry_key(ld, s + i, k - i, kcol, s + v, n - v, vcol);
    bool produced = k == 8 && !memcmp(s, "produced", 8);
    if (!produced && !(k == 5 && !memcmp(s, "event", 5)))
        return vfail(ld, kcol, "unknown key '%.*s' (expected event or produced)", (int)k, s);
    return start_entry(ld, produced, s + v, n - v, vcol);
}

/* ---- names ---- */

int32_t tsc__vocab_lookup(const tsc_vocab *v, const char *name, size_t len)
{
    return tsc__names_find(&v->names, name, len);
}

static tsc_status add_name(struct vloader *ld, const char *name, int32_t event)
{
    tsc_vocab *v = ld->v;
    int32_t old = tsc__vocab_lookup(v, name, strlen(name));
    if (old >= 0)
        return vfail(ld, 1, "'%s' is already a name of %s (line %d)", name, v->events[old].name,
                     v->events[old].line);
    return tsc__names_add(&v->names, name, event) ? TSC_OK : nomem(ld);
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p != ' ' && (p == s || p[-1] == ' ');
    return n;
}

static tsc_status add_aliases(struct vloader *ld, size_t i)
{
    const char *s = ld->v->events[i].aliases;
    while (*s) {
        const char *end = strchr(s, ' ');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        const char *alias = tsc__arena_strndup(ld->v->arena, s, n);
        tsc_status st = alias ? add_name(ld, alias, (int32_t)i) : nomem(ld);
        if (st)
            return st;
        s += n + (end ? 1 : 0);
    }
    return TSC_OK;
}

static tsc_status index_names(struct vloader *ld)
{
    tsc_vocab *v = ld->v;
    size_t bound = v->n;
    for (size_t i = 0; i < v->n; i++)
        bound += count_words(v->events[i].aliases);
    if (!tsc__names_init(&v->names, v->arena, bound + 1))
        return nomem(ld);
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < v->n && !st; i++) {
        ld->line = v->events[i].line;
        st = add_name(ld, v->events[i].name, (int32_t)i);
    }
    for (size_t i = 0; i < v->n && !st; i++) {
        ld->line = v->events[i].line;
        st = add_aliases(ld, i);
    }
    return st;
}

/* ---- labels ---- */

/* The label of a name the vocabulary gives none: its words, the first
 * capitalised, and a short word without a vowel or with a digit (an
 * abbreviation: "cp", "s47") in capitals.  Into buf, snprintf's rules. */
static size_t derived_label(const char *name, char *buf, size_t size)
{
    struct tsc__text t = tsc__text_fixed(buf, size);
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "-");
        bool vowel = false, digit = false;
        for (size_t i = 0; i < n; i++) {
            vowel = vowel || strchr("aeiouy", p[i]);
            digit = digit || isdigit((unsigned char)p[i]);
        }
        bool abbreviation = (!vowel || digit) && n <= 5;
        if (p != name)
            tsc__text_add(&t, " ", 1);
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if ((abbreviation || (p == name && i == 0)) && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            tsc__text_add(&t, &c, 1);
        }
        p += n + (p[n] == '-');
    }
    return t.n;
}

static tsc_status fill_labels(struct vloader *ld)
{
    for (size_t i = 0; i < ld->v->n; i++) {
        struct tsc__vocab_event *e = &ld->v->events[i];
        if (e->label)
            continue;
        size_t n = derived_label(e->name, NULL, 0);
        char *label = tsc__arena_alloc(ld->v->arena, n + 1);
        if (!label)
            return nomem(ld);
        derived_label(e->name, label, n + 1);
        e->label = label;
    }
    return TSC_OK;
}

size_t tsc_vocab_label(const tsc_vocab *v, const char *name, char *buf, size_t size)
{
    if (!name)
        name = "";
    int32_t i = v ? tsc__vocab_lookup(v, name, strlen(name)) : -1;
    if (i < 0)
        return derived_label(name, buf, size);
    struct tsc__text t = tsc__text_fixed(buf, size);
    tsc__text_puts(&t, v->events[i].label);
    return t.n;
}

/* ---- checks ---- */

static tsc_status link_parents(struct vloader *ld)
{
    tsc_vocab *v = ld->v;
    for (size_t i = 0; i < v->n; i++) {
        struct tsc__vocab_event *e = &v->events[i];
        ld->line = e->line;
        if (!e->means)
            return vfail(ld, 1, "%s has no 'means' (one line a social worker recognises)",
                         e->name);
        if (!e->parent_name)
            continue;
        e->parent = tsc__vocab_lookup(v, e->parent_name, strlen(e->parent_name));
        ld->line = ld->parent_line[i];
        if (e->parent < 0 || strcmp(v->events[e->parent].name, e->parent_name) != 0)
            return vfail(ld, ld->parent_column[i], "'is %s': %s", e->parent_name,
                         e->parent < 0 ? "no such event in the vocabulary"
                                       : "name the event, not an alias");
    }
    for (size_t i = 0; i < v->n; i++) {
        size_t steps = 0;
        for (int32_t p = v->events[i].parent; p >= 0; p = v->events[p].parent)
            if (++steps > v->n || (size_t)p == i) {
                ld->line = ld->parent_line[i];
                return vfail(ld, ld->parent_column[i], "'is' makes a cycle through %s",
                             v->events[i].name);
            }
    }
    return TSC_OK;
}

/* Whether item `it` (len bytes) is one of the "; "-separated items of list. */
static bool has_item(const char *list, const char *it, size_t len)
{
    for (const char *s = list; *s;) {
        const char *end = strstr(s, "; ");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == len && !memcmp(s, it, len))
            return true;
        s += n + (end ? 2 : 0);
    }
    return false;
}

/* A statutory item names one event: two names for one item is the drift the
 * vocabulary exists to stop. */
static tsc_status unique_statutory(struct vloader *ld)
{
    tsc_vocab *v = ld->v;
    for (size_t i = 0; i < v->n; i++)
        for (const char *s = v->events[i].statutory; *s;) {
            const char *end = strstr(s, "; ");
            size_t n = end ? (size_t)(end - s) : strlen(s);
            for (size_t j = 0; j < i; j++)
                if (has_item(v->events[j].statutory, s, n)) {
                    ld->line = v->events[i].line;
                    return vfail(ld, 1, "statutory item '%.*s' already belongs to %s (line %d)",
                                 (int)n, s, v->events[j].name, v->events[j].line);
                }
            s += n + (end ? 2 : 0);
        }
    return TSC_OK;
}

/* ---- edit distance, for suggestions ---- */

static size_t distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t sub = diag + (a[i - 1] != b[j - 1]);
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[lb];
}

size_t tsc__vocab_nearest(const tsc_vocab *v, const char *name, const char **out, size_t max)
{
    size_t found = 0, dist[8];
    if (max > 8)
        max = 8;
    size_t cap = strlen(name) / 3 + 2;    /* farther than this is no longer a misspelling */
    size_t len = strlen(name);
    for (size_t i = 0; i < v->names.count; i++) {
        const char *candidate = v->names.names[i];
        size_t d = distance(name, candidate, cap);
        if (!strncmp(candidate, name, len) && candidate[len] == '-')
            d = 1;      /* "strategy" for strategy-discussion */
        if (d > cap || (found == max && d >= dist[found - 1]))
            continue;
        size_t k = found < max ? found++ : found - 1;
        while (k > 0 && dist[k - 1] > d) {
            dist[k] = dist[k - 1];
            out[k] = out[k - 1];
            k--;
        }
        dist[k] = d;
        out[k] = candidate;
    }
    return found;
}

/* ---- the public API ---- */

static tsc_status parse(const char *text, size_t len, const char *source, tsc_vocab **out,
                        tsc_error *err)
{
    struct tsc__arena *arena = tsc__arena_new();
    tsc_vocab *v = arena ? tsc__arena_alloc(arena, sizeof *v) : NULL;
    if (!v) {
        tsc__arena_free(arena);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    *v = (tsc_vocab){.arena = arena};
    struct vloader ld = {.v = v, .source = source, .err = err};
    tsc_status st = TSC_OK;
    for (const char *s = text, *end = text + len; s < end && !st;) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        size_t n = eol ? (size_t)(eol - s) : (size_t)(end - s);
        ld.line++;
        st = one_line(&ld, s, n);
        s += n + 1;
    }
    if (!st)
        st = index_names(&ld);
    if (!st)
        st = link_parents(&ld);
    if (!st)
        st = unique_statutory(&ld);
    if (!st)
        st = fill_labels(&ld);
    struct tsc__vocab_event *events = v->events;
    if (!st && v->n) {        /* move the entries into the arena */
        v->events = tsc__arena_alloc(arena, v->n * sizeof *v->events);
        if (v->events)
            memcpy(v->events, events, v->n * sizeof *v->events);
        else
            st = nomem(&ld);
    }
    free(events);
    free(ld.parent_column);
    free(ld.parent_line);
    if (st) {
        tsc__arena_free(arena);
        return st;
    }
    *out = v;
    return TSC_OK;
}

tsc_status tsc_vocab_builtin(tsc_vocab **out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    return parse(tsc__builtin_vocab_text, strlen(tsc__builtin_vocab_text), "rules/events.vocab", out, err);
}

tsc_status tsc_vocab_load_string(const char *text, const char *source, tsc_vocab **out,
                                 tsc_error *err)
{
    if (!text || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text or out is NULL");
    return parse(text, strlen(text), source ? source : "<string>", out, err);
}

tsc_status tsc_vocab_load_file(const char *path, tsc_vocab **out, tsc_error *err)
{
    if (!path || !out)
        return tsc__fail(err, TSC_ERR_ARG, "path or out is NULL");
    char *text;
    size_t len;
    tsc_status st = tsc__read_file(path, &text, &len, err);
    if (st)
        return st;
    st = parse(text, len, path, out, err);
    free(text);
    return st;
}

void tsc_vocab_free(tsc_vocab *v)
{
    if (v)
        tsc__arena_free(v->arena);
}

size_t tsc_vocab_count(const tsc_vocab *v) { return v ? v->n : 0; }

tsc_status tsc_vocab_event(const tsc_vocab *v, size_t i, tsc_event_info *out, tsc_error *err)
{
    if (!v || !out)
        return tsc__fail(err, TSC_ERR_ARG, "vocab or out is NULL");
    if (i >= v->n)
        return tsc__fail(err, TSC_ERR_RANGE, "event %zu of %zu", i, v->n);
    const struct tsc__vocab_event *e = &v->events[i];
    *out = (tsc_event_info){e->name, e->means, e->parent >= 0 ? v->events[e->parent].name : "",
                            e->aliases, e->statutory, e->produced, e->label};
    return TSC_OK;
}

int tsc_vocab_statutory_line(const tsc_vocab *v, size_t i, size_t k)
{
    if (!v || i >= v->n || k >= v->events[i].nstatutory)
        return 0;
    return v->events[i].statutory_lines[k];
}

int64_t tsc_vocab_find(const tsc_vocab *v, const char *name)
{
    return v && name ? tsc__vocab_lookup(v, name, strlen(name)) : -1;
}

size_t tsc_vocab_suggest(const tsc_vocab *v, const char *name, const char **out, size_t max)
{
    return v && name && out ? tsc__vocab_nearest(v, name, out, max) : 0;
}

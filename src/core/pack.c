/* pack.c -- rule packs: the file format, event names, evaluation order.
 *
 *     pack      swindon
 *     authority Swindon Borough Council
 *     calendar  england-and-wales
 *
 *     rule swindon.referral.response-decision
 *       when      1 working day after referral
 *       schedules referral-decision
 *       role      Social Worker
 *
 * A line whose first non-blank character is '#' is a comment.  Top-level
 * keys start in column 1; a rule's keys are indented.  Values run to the
 * end of the line. */
#include "pack.h"
#include "arena.h"
#include "event_name.h"
#include "fileio.h"
#include "lex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct alias {
    const char *from, *to;
    int line, from_column, to_column;
};

struct loader {
    tsc_pack *pack;
    struct alias *aliases;      /* the "alias s47-start s57-start" lines */
    size_t naliases, cap_aliases;
    const char *const *only;    /* keep only these rule ids (tsc_pack_select), or NULL */
    size_t nonly;
    const char *source;
    tsc_error *err;
    struct tsc__pack_rule *rules;
    size_t nrules, cap;
    struct tsc__pack_rule *current;
    int line;
};

/* One "key value" line. */
struct field {
    const char *key, *value;
    size_t key_len, value_len;
    int key_column, value_column;
    bool indented;
};

static tsc_status fail_at(struct loader *ld, int column, const char *fmt, ...) TSC__PRINTF(3, 4);
static tsc_status fail_at(struct loader *ld, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(ld->err, TSC_ERR_PARSE, ld->source, ld->line, column, fmt, ap);
    va_end(ap);
    return TSC_ERR_PARSE;
}

static bool key_is(const struct field *f, const char *word)
{
    return f->key_len == strlen(word) && memcmp(f->key, word, f->key_len) == 0;
}

static const char *dup(struct loader *ld, const char *s, size_t n)
{
    return tsc__arena_strndup(ld->pack->arena, s, n);
}

static bool split_field(const char *line, size_t len, struct field *f)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len || line[i] == '#')
        return false;
    f->indented = i > 0;
    f->key = line + i;
    f->key_column = (int)i + 1;
    while (i < len && line[i] != ' ' && line[i] != '\t')
        i++;
    f->key_len = (size_t)(f->key - line) <= i ? i - (size_t)(f->key - line) : 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t end = len;
    while (end > i && isspace((unsigned char)line[end - 1]))
        end--;
    f->value = line + i;
    f->value_len = end - i;
    f->value_column = (int)i + 1;
    return true;
}

static bool valid_id(const char *s, size_t n)
{
    if (n == 0 || !islower((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '.' &&
            s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

static tsc_status start_rule(struct loader *ld, const struct field *f)
{
    if (!valid_id(f->value, f->value_len))
        return fail_at(ld, f->value_column,
                       "a rule id uses a-z, 0-9, '.', '-' and '_' (like swindon.visits.cp)");
    for (size_t i = 0; i < ld->nrules; i++)
        if (strlen(ld->rules[i].id) == f->value_len &&
            !memcmp(ld->rules[i].id, f->value, f->value_len))
            return fail_at(ld, f->value_column, "rule '%.*s' is already defined on line %d",
                           (int)f->value_len, f->value, ld->rules[i].line);
    if (!tsc__grow((void **)&ld->rules, &ld->cap, ld->nrules + 1, sizeof *ld->rules))
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    ld->current = &ld->rules[ld->nrules++];
    memset(ld->current, 0, sizeof *ld->current);
    ld->current->line = ld->line;
    ld->current->id = dup(ld, f->value, f->value_len);
    ld->current->schedules_id = -1;
    return ld->current->id ? TSC_OK : tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

/* "alias s47-start s57-start": a case's s47-start is this pack's s57-start. */
static tsc_status add_alias_line(struct loader *ld, const struct field *f)
{
    const char *v = f->value, *space = memchr(v, ' ', f->value_len);
    size_t from_len = space ? (size_t)(space - v) : f->value_len;
    const char *to = space;
    while (to && to < v + f->value_len && *to == ' ')
        to++;
    size_t to_len = to ? f->value_len - (size_t)(to - v) : 0;
    if (!tsc__is_event_name(v, from_len, NULL) || !tsc__is_event_name(to, to_len, NULL))
        return fail_at(ld, f->value_column, "expected 'alias OTHER-NAME PACK-EVENT' "
                                            "(two kebab-case event names)");
    if (!tsc__grow((void **)&ld->aliases, &ld->cap_aliases, ld->naliases + 1,
                   sizeof *ld->aliases))
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    struct alias *al = &ld->aliases[ld->naliases++];
    al->from = dup(ld, v, from_len);
    al->to = dup(ld, to, to_len);
    al->line = ld->line;
    al->from_column = f->value_column;
    al->to_column = f->value_column + (int)(to - v);
    return al->from && al->to ? TSC_OK : tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status top_level(struct loader *ld, const struct field *f)
{
    const char **slot = key_is(f, "pack") ? &ld->pack->name
                        : key_is(f, "authority") ? &ld->pack->authority
                        : key_is(f, "title") ? &ld->pack->title
                        : key_is(f, "calendar") ? &ld->pack->calendar : NULL;
    if (key_is(f, "rule"))
        return start_rule(ld, f);
    if (key_is(f, "alias"))
        return add_alias_line(ld, f);
    if (!slot)
        return fail_at(ld, f->key_column, "unknown key '%.*s' (expected pack, authority, "
                                          "title, calendar, alias or rule)",
                   (int)f->key_len, f->key);
    if (ld->nrules)
        return fail_at(ld, f->key_column, "'%.*s' belongs before the first rule",
                       (int)f->key_len, f->key);
    if (f->value_len == 0)
        return fail_at(ld, f->value_column, "'%.*s' needs a value", (int)f->key_len, f->key);
    *slot = dup(ld, f->value, f->value_len);
    return *slot ? TSC_OK : tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status append_note(struct loader *ld, const struct field *f)
{
    struct tsc__pack_rule *r = ld->current;
    size_t old = r->note ? strlen(r->note) : 0;
    char *joined = tsc__arena_alloc(ld->pack->arena, old + f->value_len + 2);
    if (!joined)
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    if (old) {
        memcpy(joined, r->note, old);
        joined[old++] = ' ';
    }
    memcpy(joined + old, f->value, f->value_len);
    joined[old + f->value_len] = '\0';
    r->note = joined;
    return TSC_OK;
}

static const char *const ordinals[] = {"first", "second", "third", "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth", "tenth"};

/* "schedules lac-review", or "schedules second lac-review": the rule's
 * occurrences are that instance, so only the second recorded review
 * completes one (numbering is the ordinal's job, never the name's). */
static tsc_status scheduled_event(struct loader *ld, struct tsc__pack_rule *r,
                                  const struct field *f)
{
    const char *v = f->value, *space = memchr(v, ' ', f->value_len);
    size_t skip = 0;
    if (space) {
        size_t n = (size_t)(space - v);
        for (int i = 0; i < 10 && !r->schedules_ordinal; i++)
            if (strlen(ordinals[i]) == n && !memcmp(v, ordinals[i], n))
                r->schedules_ordinal = i + 1;
        if (!r->schedules_ordinal)
            return fail_at(ld, f->value_column, "expected 'schedules EVENT' or 'schedules "
                                                "ORDINAL EVENT' (first..tenth)");
        skip = n;
        while (skip < f->value_len && v[skip] == ' ')
            skip++;
    }
    size_t len = f->value_len - skip, bad;
    if (!tsc__is_event_name(v + skip, len, &bad))
        return fail_at(ld, f->value_column + (int)(skip + bad),
                       "an event name is kebab-case (a-z, 0-9 and '-')");
    r->schedules = dup(ld, v + skip, len);
    return r->schedules ? TSC_OK : tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status rule_field(struct loader *ld, const struct field *f)
{
    struct tsc__pack_rule *r = ld->current;
    if (!r)
        return fail_at(ld, f->key_column, "indented '%.*s' outside a rule (start one with "
                                          "'rule ID')", (int)f->key_len, f->key);
    if (key_is(f, "note"))
        return append_note(ld, f);
    if (key_is(f, "binding")) {
        bool yes = f->value_len == 3 && !memcmp(f->value, "yes", 3);
        if (!yes && !(f->value_len == 2 && !memcmp(f->value, "no", 2)))
            return fail_at(ld, f->value_column, "binding is 'yes' or 'no'");
        r->binding = yes;
        return TSC_OK;
    }
    const char **slot = key_is(f, "when") ? &r->when
                        : key_is(f, "schedules") ? &r->schedules
                        : key_is(f, "role") ? &r->role
                        : key_is(f, "section") ? &r->section
                        : key_is(f, "quote") ? &r->quote
                        : key_is(f, "alternative") ? &r->alternative : NULL;
    if (!slot)
        return fail_at(ld, f->key_column, "unknown rule key '%.*s' (expected when, schedules, "
                                          "role, section, quote, note, binding or alternative)",
                       (int)f->key_len, f->key);
    if (*slot)
        return fail_at(ld, f->key_column, "'%.*s' is given twice for rule %s", (int)f->key_len,
                       f->key, r->id);
    if (f->value_len == 0)
        return fail_at(ld, f->value_column, "'%.*s' needs a value", (int)f->key_len, f->key);
    if (!(*slot = dup(ld, f->value, f->value_len)))
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = TSC_OK;
    if (slot == &r->when) {
        r->when_line = ld->line;
        st = tsc__rule_parse_into(f->value, f->value_len, ld->pack->arena, &r->rule, ld->source,
                                  ld->line, f->value_column - 1, ld->err);
    } else if (slot == &r->alternative)
        st = tsc__rule_parse_into(f->value, f->value_len, ld->pack->arena, &r->alt_rule,
                                  ld->source, ld->line, f->value_column - 1, ld->err);
    else if (slot == &r->schedules)
        st = scheduled_event(ld, r, f);
    return st;
}

static tsc_status parse_lines(struct loader *ld, const char *text, size_t len)
{
    tsc_status st = TSC_OK;
    ld->line = 0;
    tsc__skip_bom(&text, &len);
    for (const char *s = text, *end = text + len; s < end && !st;) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        size_t n = eol ? (size_t)(eol - s) : (size_t)(end - s);
        size_t content = n && s[n - 1] == '\r' ? n - 1 : n;    /* CR LF line ends */
        struct field f;
        ld->line++;
        if (split_field(s, content, &f))
            st = f.indented ? rule_field(ld, &f) : top_level(ld, &f);
        s += n + 1;
    }
    return st;
}

/* ---- events ---- */

int tsc__pack_event_id(const tsc_pack *pack, const char *name, size_t len)
{
    return tsc__names_find(&pack->names, name, len);
}

struct interner {
    tsc_pack *pack;
    size_t cap;
    bool oom;
};

/* Adds `name` for event `id` to the lookup table. */
static void add_name(struct interner *in, const char *name, int id)
{
    if (!tsc__names_add(&in->pack->names, name, id))
        in->oom = true;              /* sized up front: cannot happen */
}

static int intern(struct interner *in, const char *name)
{
    tsc_pack *p = in->pack;
    int id = tsc__pack_event_id(p, name, strlen(name));
    if (id >= 0)
        return id;
    p->events[p->nevents] = name;
    add_name(in, name, (int)p->nevents);
    return in->oom ? -1 : (int)p->nevents++;
}

static void intern_anchor(struct tsc__anchor *a, void *ctx)
{
    a->event_id = intern(ctx, a->event);
}

static void count_anchor(struct tsc__anchor *a, void *ctx)
{
    (void)a;
    (*(size_t *)ctx)++;
}

static tsc_status add_aliases(struct loader *ld, struct interner *in)
{
    for (size_t i = 0; i < ld->naliases; i++) {
        const struct alias *al = &ld->aliases[i];
        int to = tsc__pack_event_id(in->pack, al->to, strlen(al->to));
        ld->line = al->line;
        if (tsc__pack_event_id(in->pack, al->from, strlen(al->from)) >= 0)
            return fail_at(ld, al->from_column, "'%s' is already an event of this pack",
                           al->from);
        if (to < 0 && ld->only)
            continue;     /* a selection of rules that never name the target */
        if (to < 0)
            return fail_at(ld, al->to_column, "'%s' is not an event of this pack", al->to);
        add_name(in, al->from, to);
    }
    return TSC_OK;
}

/* A case may record an event under any of its vocabulary aliases. */
static void add_vocab_aliases(struct interner *in, int id)
{
    const tsc_vocab *v = in->pack->vocab;
    int32_t k = tsc__vocab_lookup(v, in->pack->events[id], strlen(in->pack->events[id]));
    if (k < 0)
        return;
    for (const char *s = v->events[k].aliases; *s;) {
        const char *end = strchr(s, ' ');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (tsc__pack_event_id(in->pack, s, n) < 0) {
            const char *alias = tsc__arena_strndup(in->pack->arena, s, n);
            if (!alias)
                in->oom = true;
            else
                add_name(in, alias, id);
        }
        s += n + (end ? 1 : 0);
    }
}

static size_t vocab_alias_count(const tsc_vocab *v)
{
    size_t n = 0;
    for (size_t i = 0; v && i < v->n; i++)
        for (const char *s = v->events[i].aliases; *s; s++)
            n += *s != ' ' && (s == v->events[i].aliases || s[-1] == ' ');
    return n;
}

static tsc_status intern_events(struct loader *ld)
{
    tsc_pack *p = ld->pack;
    size_t bound = ld->naliases + vocab_alias_count(p->vocab);
    for (size_t i = 0; i < p->nrules; i++) {
        bound += 1;
        tsc__rule_each_anchor(&p->rules[i].rule, count_anchor, &bound);
    }
    p->events = tsc__arena_alloc(p->arena, (bound + 1) * sizeof *p->events);
    if (!p->events || !tsc__names_init(&p->names, p->arena, bound + 1))
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    struct interner in = {p, bound + 1, false};
    for (size_t i = 0; i < p->nrules; i++) {
        p->rules[i].schedules_id = intern(&in, p->rules[i].schedules);
        tsc__rule_each_anchor(&p->rules[i].rule, intern_anchor, &in);
    }
    tsc_status st = add_aliases(ld, &in);
    for (size_t i = 0; !st && p->vocab && i < p->nevents; i++)
        add_vocab_aliases(&in, (int)i);
    if (!st && in.oom)
        st = tsc__fail(ld->err, TSC_ERR_NOMEM, "event table overflow");
    return st;
}

/* ---- subtypes ---- */

/* Nearest strict ancestor of vocabulary event k that the pack names, or -1. */
static int32_t named_ancestor(const tsc_pack *p, int32_t k)
{
    const tsc_vocab *v = p->vocab;
    for (int32_t a = v->events[k].parent; a >= 0; a = v->events[a].parent) {
        int id = tsc__pack_event_id(p, v->events[a].name, strlen(v->events[a].name));
        if (id >= 0)
            return id;
    }
    return -1;
}

static bool is_ancestor_or_self(const tsc_pack *p, int32_t a, int32_t e)
{
    for (; e >= 0; e = p->parent[e])
        if (e == a)
            return true;
    return false;
}

static int32_t anchor_of(const struct tsc__pack_rule *r)
{
    return r->rule.phases[0].at.anchor.event ? r->rule.phases[0].at.anchor.event_id : -1;
}

/* For each rule, the events that specialise its anchor with a rule of their
 * own for the same scheduled event: "5 working days after complex-referral"
 * replaces "3 working days after referral" for a complex referral. */
static tsc_status link_subtypes(tsc_pack *p, tsc_error *err)
{
    p->parent = tsc__arena_alloc(p->arena, (p->nevents + 1) * sizeof *p->parent);
    p->special = tsc__arena_alloc(p->arena, (p->nrules + 1) * sizeof *p->special);
    if (!p->parent || !p->special)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e < p->nevents; e++) {
        int32_t k = p->vocab ? tsc__vocab_lookup(p->vocab, p->events[e], strlen(p->events[e]))
                             : -1;
        p->parent[e] = k >= 0 ? named_ancestor(p, k) : -1;
    }
    p->max_depth = 1;
    for (size_t e = 0; e < p->nevents; e++) {
        size_t d = 1;
        for (int32_t a = p->parent[e]; a >= 0; a = p->parent[a])
            d++;
        p->max_depth = d > p->max_depth ? d : p->max_depth;
    }
    p->end_event = tsc__arena_alloc(p->arena, (p->nrules + 1) * sizeof *p->end_event);
    if (!p->end_event)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < p->nrules; r++) {
        p->end_event[r] = -1;
        for (int k = 0; k < p->rules[r].rule.nphases && p->end_event[r] < 0; k++) {
            const struct tsc__until *u = &p->rules[r].rule.phases[k].until;
            if (u->kind == TSC__UNTIL_OFFSET)
                p->end_event[r] = u->offset.anchor.event_id;
        }
    }
    for (size_t r = 0; r < p->nrules; r++) {
        int32_t a = anchor_of(&p->rules[r]);
        size_t n = 0;
        p->special[r] = tsc__arena_alloc(p->arena, (p->nrules + 1) * sizeof **p->special);
        if (!p->special[r])
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        for (size_t q = 0; q < p->nrules && a >= 0; q++) {
            int32_t d = anchor_of(&p->rules[q]);
            if (q != r && d >= 0 && d != a && p->rules[q].schedules_id == p->rules[r].schedules_id &&
                is_ancestor_or_self(p, a, p->parent[d]))
                p->special[r][n++] = d;
        }
        p->special[r][n] = -1;
    }
    return TSC_OK;
}

bool tsc__pack_specialised(const tsc_pack *p, size_t rule, int32_t via)
{
    for (const int32_t *d = p->special[rule]; *d >= 0; d++)
        if (is_ancestor_or_self(p, *d, via))
            return true;
    return false;
}

int tsc__pack_resolve(const tsc_pack *p, const char *name, size_t len)
{
    int id = tsc__pack_event_id(p, name, len);
    if (id >= 0)
        return id;
    int32_t k = p->vocab ? tsc__vocab_lookup(p->vocab, name, len) : -1;
    if (k < 0)
        return -2;
    int32_t a = named_ancestor(p, k);
    return a >= 0 ? a : -1;
}

tsc_status tsc__pack_unknown_event(const tsc_pack *p, const char *name, tsc_error *err)
{
    const char *near[3];
    size_t n = p->vocab ? tsc__vocab_nearest(p->vocab, name, near, 3) : 0;
    char hint[120] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(hint + strlen(hint), sizeof hint - strlen(hint), "%s%s", i ? ", " : "did you mean ",
                 near[i]);
    return tsc__fail(err, TSC_ERR_NOTFOUND, "unknown event '%.40s' (%s%s`timescale events` "
                     "lists them)", name, hint, n ? "? " : "");
}

/* ---- checks and order ---- */

static tsc_status check_rule(struct loader *ld, struct tsc__pack_rule *r)
{
    ld->line = r->line;
    if (!r->when)
        return fail_at(ld, 1, "rule %s has no 'when'", r->id);
    if (!r->schedules)
        return fail_at(ld, 1, "rule %s has no 'schedules' (the event its occurrences are)",
                       r->id);
    struct tsc__phase *first = &r->rule.phases[0];
    if (first->kind == TSC__PH_EVERY && !first->at.anchor.event) {
        first->at.anchor.event = r->schedules;      /* "weekly until ...": from the first one */
        first->at.anchor.event_id = -1;
    }
    for (int i = 1; i < r->rule.nphases; i++) {
        struct tsc__anchor *a = &r->rule.phases[i].at.anchor;
        if (a->event && strcmp(a->event, r->schedules) != 0) {
            tsc__fail_at(ld->err, TSC_ERR_PARSE, ld->source, r->when_line, a->column,
                         "a later phase counts from the previous occurrence of '%s'; it cannot "
                         "count from '%s' (put that anchor on the first phase)", r->schedules,
                         a->event);
            return TSC_ERR_PARSE;
        }
        a->event = NULL;       /* the same as leaving it out */
    }
    const char *dot = strchr(r->id, '.'), *dot2 = dot ? strchr(dot + 1, '.') : NULL;
    r->area = dot && dot2 ? dup(ld, dot + 1, (size_t)(dot2 - dot - 1)) : "";
    return r->area ? TSC_OK : tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
}

struct deps {
    bool *needs;        /* needs[e] for the rule being examined */
};

static void mark_need(struct tsc__anchor *a, void *ctx)
{
    ((struct deps *)ctx)->needs[a->event_id] = true;
}

/* Whether rule r's open occurrences are projected instances of the event it
 * schedules (plan.c: where a binding rule schedules an event, only binding
 * rules project it). */
static bool projects(const tsc_pack *p, size_t r)
{
    return p->rules[r].binding || !p->binding_producer[p->rules[r].schedules_id];
}

struct cycle_walk {
    const tsc_pack *p;
    const bool *need;           /* need[r * nevents + e]: rule r counts from event e */
    uint8_t *state;             /* per event: 0 unseen, 1 on the path, 2 finished */
    int32_t *via;               /* per event on the path: the rule that led to it */
    int32_t found;              /* an event on the cycle, or -1 */
};

/* Depth first from event e along "rule r counts from e and schedules s". */
static void walk_from(struct cycle_walk *w, size_t e)
{
    const tsc_pack *p = w->p;
    w->state[e] = 1;
    for (size_t r = 0; r < p->nrules && w->found < 0; r++) {
        size_t s = (size_t)p->rules[r].schedules_id;
        if (s == e || !w->need[r * p->nevents + e] || !projects(p, r) || w->state[s] == 2)
            continue;
        w->via[s] = (int32_t)r;
        if (w->state[s] == 1)
            w->found = (int32_t)s;
        else
            walk_from(w, s);
    }
    if (w->found < 0)
        w->state[e] = 2;
}

/* Rules that count from each other's occurrences ("x after b" scheduling a,
 * "y after a" scheduling b) have no order to be computed in, and the answer
 * would depend on which event was recorded: an error naming them.  Rules
 * that count from the event they schedule themselves are a sequence, not a
 * cycle. */
static tsc_status check_cycles(struct loader *ld, const bool *need)
{
    const tsc_pack *p = ld->pack;
    size_t ne = p->nevents;
    struct cycle_walk w = {p, need, calloc(ne + 1, 1), calloc(ne + 1, sizeof(int32_t)), -1};
    if (!w.state || !w.via) {
        free(w.state);
        free(w.via);
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    }
    for (size_t e = 0; e < ne && w.found < 0; e++)
        if (!w.state[e])
            walk_from(&w, e);
    tsc_status st = TSC_OK;
    if (w.found >= 0) {
        char list[480] = "";
        size_t used = 0, e = (size_t)w.found;
        int32_t first = w.via[e];
        do {    /* backwards along the cycle: via[e] schedules e */
            const struct tsc__pack_rule *r = &p->rules[w.via[e]];
            size_t from = 0;
            while (from < ne && (from == e || !need[(size_t)w.via[e] * ne + from] ||
                                 w.state[from] != 1))
                from++;
            int k = snprintf(list + used, sizeof list - used, "%s%s counts from '%s' and "
                             "schedules '%s'", used ? "; " : "", r->id,
                             from < ne ? p->events[from] : "?", p->events[e]);
            used = k < 0 || (size_t)k >= sizeof list - used ? sizeof list - 1 : used + (size_t)k;
            e = from < ne ? from : (size_t)w.found;
        } while (e != (size_t)w.found && used < sizeof list - 1);
        ld->line = p->rules[first].when_line;
        st = fail_at(ld, 1, "rules schedule each other's anchors (a cycle): %s", list);
    }
    free(w.state);
    free(w.via);
    return st;
}

/* Producers first: Kahn's algorithm in pack order; rules that share an event
 * they count from and schedule follow in pack order (each sees only what
 * was projected before it). */
static tsc_status order_rules(struct loader *ld)
{
    tsc_pack *p = ld->pack;
    tsc_error *err = ld->err;
    size_t n = p->nrules, ne = p->nevents;
    bool *need = calloc(n * ne + 1, 1), *done = calloc(n + 1, 1);
    p->order = tsc__arena_alloc(p->arena, (n + 1) * sizeof *p->order);
    if (!need || !done || !p->order) {
        free(need);
        free(done);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    for (size_t r = 0; r < n; r++) {
        struct deps d = {need + r * ne};
        tsc__rule_each_anchor(&p->rules[r].rule, mark_need, &d);
    }
    tsc_status st = check_cycles(ld, need);
    size_t placed = 0;
    for (bool progress = true; !st && progress && placed < n;) {
        progress = false;
        for (size_t r = 0; r < n; r++) {
            bool ready = !done[r];
            for (size_t q = 0; q < n && ready; q++)
                ready = done[q] || q == r || !need[r * ne + (size_t)p->rules[q].schedules_id];
            if (ready) {
                done[r] = true;
                p->order[placed++] = (uint32_t)r;
                progress = true;
            }
        }
    }
    for (size_t r = 0; r < n && !st; r++)
        if (!done[r])
            p->order[placed++] = (uint32_t)r;
    free(need);
    free(done);
    return st;
}

static tsc_status keep_selected(struct loader *ld)
{
    size_t kept = 0;
    for (size_t k = 0; k < ld->nonly; k++) {
        size_t i = 0;
        while (i < ld->nrules && strcmp(ld->rules[i].id, ld->only[k]) != 0)
            i++;
        if (i == ld->nrules)
            return tsc__fail(ld->err, TSC_ERR_NOTFOUND, "no rule '%.80s' in pack %s",
                             ld->only[k], ld->pack->name ? ld->pack->name : ld->source);
    }
    for (size_t i = 0; i < ld->nrules; i++) {
        bool wanted = false;
        for (size_t k = 0; k < ld->nonly && !wanted; k++)
            wanted = strcmp(ld->rules[i].id, ld->only[k]) == 0;
        if (wanted)
            ld->rules[kept++] = ld->rules[i];
    }
    ld->nrules = kept;
    return TSC_OK;
}

static tsc_status finish(struct loader *ld)
{
    tsc_pack *p = ld->pack;
    tsc_status st;
    if (ld->only && (st = keep_selected(ld)))
        return st;
    for (size_t i = 0; i < ld->nrules; i++)
        if ((st = check_rule(ld, &ld->rules[i])))
            return st;
    p->rules = tsc__arena_alloc(p->arena, (ld->nrules + 1) * sizeof *p->rules);
    if (!p->rules)
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    if (ld->nrules)
        memcpy(p->rules, ld->rules, ld->nrules * sizeof *p->rules);
    p->nrules = ld->nrules;
    if (!p->name)
        p->name = "custom";
    if (!p->authority)
        p->authority = "";
    if (!p->title)
        p->title = "";
    if (!p->calendar)
        p->calendar = "england-and-wales";
    if ((st = intern_events(ld)))
        return st;
    p->binding_producer = tsc__arena_alloc(p->arena, (p->nevents + 1) * sizeof(bool));
    if (!p->binding_producer)
        return tsc__fail(ld->err, TSC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < p->nrules; i++)
        if (p->rules[i].binding)
            p->binding_producer[p->rules[i].schedules_id] = true;
    if ((st = link_subtypes(p, ld->err)))
        return st;
    return order_rules(ld);
}

static tsc_pack *new_pack(const char *text, size_t len, const char *source)
{
    struct tsc__arena *arena = tsc__arena_new();
    tsc_pack *pack = arena ? tsc__arena_alloc(arena, sizeof *pack) : NULL;
    if (pack) {
        memset(pack, 0, sizeof *pack);
        pack->arena = arena;
        pack->text = tsc__arena_strndup(arena, text, len);
        pack->source = tsc__arena_strndup(arena, source, strlen(source));
    }
    if (!pack || !pack->text || !pack->source || tsc_vocab_builtin(&pack->vocab, NULL)) {
        tsc__arena_free(arena);
        return NULL;
    }
    return pack;
}

static tsc_status parse_filtered(const char *text, size_t len, const char *source,
                                 const char *const *only, size_t nonly, tsc_pack **out,
                                 tsc_error *err)
{
    tsc_pack *pack = new_pack(text, len, source);
    if (!pack)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    struct loader ld = {.pack = pack, .only = only, .nonly = nonly, .source = pack->source,
                        .err = err};
    tsc_status st = parse_lines(&ld, text, len);
    if (!st)
        st = finish(&ld);
    free(ld.rules);
    free(ld.aliases);
    if (st) {
        tsc_pack_free(pack);
        return st;
    }
    *out = pack;
    return TSC_OK;
}

tsc_status tsc__pack_parse(const char *text, size_t len, const char *source, tsc_pack **out,
                           tsc_error *err)
{
    return parse_filtered(text, len, source, NULL, 0, out, err);
}

/* ---- the public API ---- */

size_t tsc_pack_builtin_count(void) { return tsc__builtin_pack_count; }

const char *tsc_pack_builtin_name(size_t i)
{
    return i < tsc__builtin_pack_count ? tsc__builtin_packs[i].name : NULL;
}

tsc_status tsc_pack_open(const char *name, tsc_pack **out, tsc_error *err)
{
    if (!name || !out)
        return tsc__fail(err, TSC_ERR_ARG, "name or out is NULL");
    for (size_t i = 0; i < tsc__builtin_pack_count; i++)
        if (strcmp(tsc__builtin_packs[i].name, name) == 0) {
            char source[64];
            snprintf(source, sizeof source, "rules/%s.rules", name);
            const char *text = tsc__builtin_packs[i].text;
            return tsc__pack_parse(text, strlen(text), source, out, err);
        }
    char names[200] = "";
    for (size_t i = 0; i < tsc__builtin_pack_count; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 tsc__builtin_packs[i].name);
    return tsc__fail(err, TSC_ERR_NOTFOUND, "unknown rule pack '%.60s' (built in: %s)", name,
                     tsc__builtin_pack_count ? names : "none");
}

tsc_status tsc_pack_load_file(const char *path, tsc_pack **out, tsc_error *err)
{
    if (!path || !out)
        return tsc__fail(err, TSC_ERR_ARG, "path or out is NULL");
    char *text;
    size_t len;
    tsc_status st = tsc__read_file(path, &text, &len, err);
    if (st)
        return st;
    st = tsc__pack_parse(text, len, path, out, err);
    free(text);
    return st;
}

tsc_status tsc_pack_load_string(const char *text, const char *source, tsc_pack **out,
                                tsc_error *err)
{
    if (!text || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text or out is NULL");
    return tsc__pack_parse(text, strlen(text), source ? source : "<string>", out, err);
}

/* Gives an anchor of a copied rule the pack's own copy of its event name
 * (the caller keeps its rule and may free it). */
struct name_copy {
    struct tsc__arena *arena;
    bool failed;
};

static void copy_anchor_name(struct tsc__anchor *anchor, void *ctx)
{
    struct name_copy *copy = ctx;
    if (anchor->event && !copy->failed) {
        anchor->event = tsc__arena_strndup(copy->arena, anchor->event, strlen(anchor->event));
        copy->failed = !anchor->event;
    }
}

tsc_status tsc_pack_from_rule(const tsc_rule *rule, const char *schedules, const char *calendar,
                              tsc_pack **out, tsc_error *err)
{
    if (!rule || !out)
        return tsc__fail(err, TSC_ERR_ARG, "rule or out is NULL");
    const char *text = ((const struct tsc__standalone_rule *)rule)->text;
    const char *sched = schedules ? schedules : "occurrence";
    if (!tsc__is_event_name(sched, strlen(sched), NULL))
        return tsc__fail(err, TSC_ERR_PARSE, "'%.60s' is not an event name (kebab-case: a-z, "
                                             "0-9 and '-')", sched);
    tsc_pack *pack = new_pack(text, strlen(text), "<rule>");
    if (!pack)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    struct tsc__pack_rule r = {.id = "rule", .line = 1, .when_line = 1, .schedules_id = -1,
                               .rule = *rule};
    struct loader ld = {.pack = pack, .rules = &r, .nrules = 1, .cap = 1, .source = "",
                        .err = err};
    r.when = pack->text;
    r.rule.arena = pack->arena;
    struct name_copy copy = {pack->arena, false};
    tsc__rule_each_anchor(&r.rule, copy_anchor_name, &copy);
    r.schedules = tsc__arena_strndup(pack->arena, sched, strlen(sched));
    pack->calendar = tsc__arena_strndup(pack->arena, calendar ? calendar : "england-and-wales",
                                        strlen(calendar ? calendar : "england-and-wales"));
    tsc_status st = !r.schedules || !pack->calendar || copy.failed
                        ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory")
                        : finish(&ld);
    if (st) {
        tsc_pack_free(pack);
        return st;
    }
    pack->from_rule = true;
    pack->unnamed_occurrences = !schedules;
    *out = pack;
    return TSC_OK;
}

tsc_status tsc_pack_select(const tsc_pack *pack, const char *const *ids, size_t count,
                           tsc_pack **out, tsc_error *err)
{
    if (!pack || !out || (count && !ids))
        return tsc__fail(err, TSC_ERR_ARG, "pack, ids or out is NULL");
    static const char *const none[1] = {NULL};
    return parse_filtered(pack->text, strlen(pack->text), pack->source, count ? ids : none,
                          count, out, err);
}

void tsc_pack_free(tsc_pack *pack)
{
    if (pack) {
        tsc_vocab_free(pack->vocab);
        tsc__arena_free(pack->arena);
    }
}

const char *tsc_pack_name(const tsc_pack *p) { return p ? p->name : ""; }
const char *tsc_pack_authority(const tsc_pack *p) { return p ? p->authority : ""; }
const char *tsc_pack_title(const tsc_pack *p) { return p ? p->title : ""; }
const char *tsc_pack_calendar(const tsc_pack *p) { return p ? p->calendar : ""; }
size_t tsc_pack_rule_count(const tsc_pack *p) { return p ? p->nrules : 0; }
size_t tsc_pack_event_count(const tsc_pack *p) { return p ? p->nevents : 0; }

int tsc_pack_has_event(const tsc_pack *p, const char *name)
{
    return p && name && tsc__pack_resolve(p, name, strlen(name)) != -2;
}

const char *tsc_pack_event_name(const tsc_pack *p, size_t i)
{
    return p && i < p->nevents ? p->events[i] : NULL;
}

const char *tsc_pack_rule_anchor(const tsc_pack *p, size_t i)
{
    return p && i < p->nrules ? p->rules[i].rule.phases[0].at.anchor.event : NULL;
}

const char *tsc_pack_rule_end_anchor(const tsc_pack *p, size_t i)
{
    for (int k = 0; p && i < p->nrules && k < p->rules[i].rule.nphases; k++) {
        const struct tsc__until *u = &p->rules[i].rule.phases[k].until;
        if (u->kind == TSC__UNTIL_OFFSET)
            return u->offset.anchor.event;
    }
    return NULL;
}

int tsc_pack_event_produced(const tsc_pack *p, size_t i)
{
    for (size_t r = 0; p && i < p->nevents && r < p->nrules; r++)
        if ((size_t)p->rules[r].schedules_id == i)
            return 1;
    return 0;
}

struct counts_from {
    int event;
    bool found;
};

static void note_anchor(struct tsc__anchor *a, void *ctx)
{
    struct counts_from *cf = ctx;
    cf->found = cf->found || a->event_id == cf->event;
}

size_t tsc_pack_event_rules(const tsc_pack *p, size_t i, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t r = 0; p && i < p->nevents && r < p->nrules; r++) {
        struct counts_from cf = {(int)i, false};
        /* each_anchor takes a mutable rule; note_anchor only reads */
        tsc__rule_each_anchor((struct tsc_rule *)&p->rules[r].rule, note_anchor, &cf);
        if (cf.found && n < max && out)
            out[n] = r;
        n += cf.found;
    }
    return n;
}

static const char *or_empty(const char *s) { return s ? s : ""; }

tsc_status tsc_pack_rule(const tsc_pack *p, size_t i, tsc_rule_info *out, tsc_error *err)
{
    if (!p || !out)
        return tsc__fail(err, TSC_ERR_ARG, "pack or out is NULL");
    if (i >= p->nrules)
        return tsc__fail(err, TSC_ERR_RANGE, "rule %zu of %zu", i, p->nrules);
    const struct tsc__pack_rule *r = &p->rules[i];
    *out = (tsc_rule_info){r->id, r->when, r->schedules, or_empty(r->role),
                           or_empty(r->section), or_empty(r->quote), or_empty(r->note),
                           or_empty(r->alternative), or_empty(r->area), r->binding};
    return TSC_OK;
}

tsc_status tsc_pack_find_rule(const tsc_pack *p, const char *id, size_t *index, tsc_error *err)
{
    if (!p || !id || !index)
        return tsc__fail(err, TSC_ERR_ARG, "pack, id or index is NULL");
    for (size_t i = 0; i < p->nrules; i++)
        if (strcmp(p->rules[i].id, id) == 0) {
            *index = i;
            return TSC_OK;
        }
    return tsc__fail(err, TSC_ERR_NOTFOUND, "no rule '%.80s' in pack %s", id, p->name);
}

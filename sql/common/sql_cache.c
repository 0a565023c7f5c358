/* sql_cache.c -- calendars and packs by name, opened once per connection. */
#include "sql_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { KIND_CALENDAR, KIND_PACK, KIND_RULE };

struct entry {
    struct entry *next;
    enum kind kind;
    void *object;       /* tsc_calendar * or tsc_pack * */
    char name[];
};

struct tsc_sql_cache {
    struct entry *first;
    const tsc_calendar *default_calendar;
    int rules;          /* KIND_RULE entries: dropped together past MAX_RULES */
};

/* tsc_due with a different rule text on every row must not grow memory
 * without bound; a query uses one or a few rules. */
enum { MAX_RULES = 64 };

tsc_sql_cache *tsc_sql_cache_new(void)
{
    return calloc(1, sizeof(tsc_sql_cache));
}

void tsc_sql_cache_free(tsc_sql_cache *cache)
{
    if (!cache)
        return;
    for (struct entry *e = cache->first, *next; e; e = next) {
        next = e->next;
        if (e->kind == KIND_CALENDAR)
            tsc_calendar_free(e->object);
        else
            tsc_pack_free(e->object);
        free(e);
    }
    free(cache);
}

static void *find(const tsc_sql_cache *cache, enum kind kind, const char *name)
{
    for (const struct entry *e = cache->first; e; e = e->next)
        if (e->kind == kind && !strcmp(e->name, name))
            return e->object;
    return NULL;
}

static tsc_status keep(tsc_sql_cache *cache, enum kind kind, const char *name, void *object,
                       tsc_error *err)
{
    size_t len = strlen(name);
    struct entry *e = malloc(sizeof *e + len + 1);
    if (!e) {
        if (err)
            *err = (tsc_error){.code = TSC_ERR_NOMEM};
        return TSC_ERR_NOMEM;
    }
    e->kind = kind;
    e->object = object;
    memcpy(e->name, name, len + 1);
    e->next = cache->first;
    cache->first = e;
    return TSC_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int looks_like_path(const char *name)
{
    return strchr(name, '/') || strchr(name, '.');
}

static tsc_status refuse_file(const char *name, const char *what, tsc_error *err)
{
    if (err) {
        *err = (tsc_error){.code = TSC_ERR_ARG};
        snprintf(err->message, sizeof err->message, "%s file '%.100s' must end in %s", what,
                 name, what[0] == 'c' ? ".hol or .ics" : ".rules");
    }
    return TSC_ERR_ARG;
}

static tsc_status open_calendar(const char *name, tsc_calendar **out, tsc_error *err)
{
    if (!looks_like_path(name))
        return tsc_calendar_open(name, out, err);
    if (!ends_with(name, ".hol") && !ends_with(name, ".ics"))
        return refuse_file(name, "calendar", err);
    return tsc_calendar_load_file(name, out, err);
}

/* A one-rule pack from the rule's text. */
static tsc_status rule_pack(const char *text, tsc_pack **out, tsc_error *err)
{
    tsc_rule *rule = NULL;
    tsc_status st = tsc_rule_parse(text, &rule, err);
    if (st == TSC_OK)
        st = tsc_pack_from_rule(rule, NULL, NULL, out, err);
    tsc_rule_free(rule);
    return st;
}

static tsc_status open_pack(const char *name, tsc_pack **out, tsc_error *err)
{
    if (!looks_like_path(name))
        return tsc_pack_open(name, out, err);
    if (!ends_with(name, ".rules"))
        return refuse_file(name, "pack", err);
    return tsc_pack_load_file(name, out, err);
}

tsc_status tsc_sql_cache_calendar(tsc_sql_cache *cache, const char *name,
                                  const tsc_calendar **out, tsc_error *err)
{
    if (!name && cache->default_calendar) {
        *out = cache->default_calendar;
        return TSC_OK;
    }
    const char *key = name ? name : TSC_SQL_DEFAULT_CALENDAR;
    tsc_calendar *cal = find(cache, KIND_CALENDAR, key);
    if (!cal) {
        tsc_status st = open_calendar(key, &cal, err);
        if (st == TSC_OK && (st = keep(cache, KIND_CALENDAR, key, cal, err)) != TSC_OK)
            tsc_calendar_free(cal);
        if (st != TSC_OK)
            return st;
    }
    if (!name)
        cache->default_calendar = cal;
    *out = cal;
    return TSC_OK;
}

static void drop_rules(tsc_sql_cache *cache)
{
    for (struct entry **p = &cache->first; *p;) {
        struct entry *e = *p;
        if (e->kind == KIND_RULE) {
            *p = e->next;
            tsc_pack_free(e->object);
            free(e);
        } else {
            p = &e->next;
        }
    }
    cache->rules = 0;
}

static tsc_status cache_pack(tsc_sql_cache *cache, enum kind kind, const char *name,
                             const tsc_pack **out, tsc_error *err)
{
    tsc_pack *pack = find(cache, kind, name);
    if (!pack) {
        if (kind == KIND_RULE && cache->rules >= MAX_RULES)
            drop_rules(cache);
        tsc_status st = kind == KIND_PACK ? open_pack(name, &pack, err)
                                          : rule_pack(name, &pack, err);
        if (st == TSC_OK && (st = keep(cache, kind, name, pack, err)) != TSC_OK)
            tsc_pack_free(pack);
        if (st != TSC_OK)
            return st;
        cache->rules += kind == KIND_RULE;
    }
    *out = pack;
    return TSC_OK;
}

tsc_status tsc_sql_cache_pack(tsc_sql_cache *cache, const char *name, const tsc_pack **out,
                              tsc_error *err)
{
    return cache_pack(cache, KIND_PACK, name, out, err);
}

tsc_status tsc_sql_cache_rule(tsc_sql_cache *cache, const char *rule, const tsc_pack **out,
                              tsc_error *err)
{
    return cache_pack(cache, KIND_RULE, rule, out, err);
}

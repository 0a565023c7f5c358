/* feeds.c -- a caseload's plans grouped into one calendar per case, worker
 * or team. */
#include "feeds.h"
#include "items.h"

#include <stdlib.h>
#include <string.h>

static const char *const by_names[] = {"case", "worker", "team"};

int feed_by_parse(const char *text, enum feed_by *out)
{
    for (int i = 0; i < 3; i++) {
        if (!strcmp(text, by_names[i])) {
            *out = (enum feed_by)i;
            return CLI_OK;
        }
    }
    return cli_fail("--by '%s' (expected case, worker or team)", text);
}

const char *feed_by_name(enum feed_by by) { return by_names[by]; }

const char *feed_key(enum feed_by by, const struct case_ref *c)
{
    const char *key = by == BY_CASE ? c->id : by == BY_WORKER ? c->worker : c->team;
    return key ? key : "";
}

/* Cases of one worker are rarely adjacent; the last feed used is tried
 * first, then a linear search (a few thousand feeds at most). */
static struct feed *find_feed(struct feed_set *s, const char *key)
{
    if (s->last < s->count && !strcmp(s->feeds[s->last].name, key))
        return &s->feeds[s->last];
    for (size_t i = 0; i < s->count; i++) {
        if (!strcmp(s->feeds[i].name, key)) {
            s->last = i;
            return &s->feeds[i];
        }
    }
    return NULL;
}

static int new_feed(struct feed_set *s, const char *key, struct feed **out)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct feed *v = realloc(s->feeds, cap * sizeof *v);
        if (!v)
            return cli_fail("out of memory");
        s->feeds = v;
        s->cap = cap;
    }
    struct feed *f = &s->feeds[s->count];
    *f = (struct feed){strdup(key), NULL, 0};
    if (!f->name)
        return cli_fail("out of memory");
    int rc = s->new_writer(s->ctx, s->by, key, &f->ics);
    if (rc) {
        free(f->name);
        return rc;
    }
    s->last = s->count++;
    *out = f;
    return CLI_OK;
}

/* The case's feed, made on first use; *out NULL for a case with none. */
static int feed_of(struct feed_set *s, const struct case_ref *c, struct feed **out)
{
    const char *key = feed_key(s->by, c);
    *out = key[0] ? find_feed(s, key) : NULL;
    return key[0] && !*out ? new_feed(s, key, out) : CLI_OK;
}

int feed_set_reserve(struct feed_set *s, const struct case_ref *c, const tsc_plan *plan)
{
    struct feed *f;
    tsc_error err;
    int rc = feed_of(s, c, &f);
    if (!rc && f && tsc_ics_writer_reserve_plan(f->ics, plan, &err))
        rc = cli_fail_error(&err);
    return rc;
}

int feed_set_add(struct feed_set *s, const struct case_ref *c, const tsc_plan *plan)
{
    struct feed *f;
    int rc = feed_of(s, c, &f);
    if (rc || !f) {
        s->unassigned += !rc;
        return rc;
    }
    rc = ics_add_case(f->ics, c, plan);
    if (!rc)
        f->cases++;
    return rc;
}

void feed_set_free(struct feed_set *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->feeds[i].name);
        tsc_ics_writer_free(s->feeds[i].ics);
    }
    free(s->feeds);
    s->feeds = NULL;
    s->count = s->cap = 0;
}

bool feed_file_name(const char *name, char *buf, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = 0, max = n < FEED_NAME_MAX ? n : FEED_NAME_MAX;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        if (len + 3 + sizeof ".ics" > max)
            return false;
        if (plain) {
            buf[len++] = (char)*p;
        } else {
            buf[len++] = '%';
            buf[len++] = hex[*p >> 4];
            buf[len++] = hex[*p & 15];
        }
    }
    memcpy(buf + len, ".ics", sizeof ".ics");
    return true;
}

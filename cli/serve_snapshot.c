/* serve_snapshot.c -- building the immutable set of feeds `serve` answers
 * with.  Each feed is written with a placeholder DTSTAMP; its hash then
 * tells whether its content changed since the previous snapshot, and the
 * placeholder becomes the time it last changed (also its Last-Modified). */
#include "serve_snapshot.h"
#include "items.h"

#include <stdlib.h>
#include <string.h>

/* 2000-01-01T00:00:00Z: no feed is written with it for real. */
static const tsc_time PLACEHOLDER = 946684800;
static const char PLACEHOLDER_LINE[] = "\r\nDTSTAMP:20000101T000000Z\r\n";

struct build {
    const struct snapshot_source *src;
    struct feed_set sets[2];      /* by worker, by team */
};

static int new_writer(void *ctx, enum feed_by by, const char *name, tsc_ics_writer **out)
{
    struct build *b = ctx;
    const tsc_pack *pack = b->src->pack;
    char title[600];
    snprintf(title, sizeof title, "%s: %s %s",
             tsc_pack_authority(pack)[0] ? tsc_pack_authority(pack) : tsc_pack_name(pack),
             feed_by_name(by), name);
    int rc = ics_new_writer(&b->src->ics, b->src->cal, title, NULL, out);
    tsc_error err;
    if (!rc && tsc_ics_writer_set_dtstamp(*out, PLACEHOLDER, &err)) {
        tsc_ics_writer_free(*out);
        rc = cli_fail_error(&err);
    }
    return rc;
}

static int each_case(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    struct build *b = ctx;
    int rc = feed_set_add(&b->sets[0], c, plan);
    return rc ? rc : feed_set_add(&b->sets[1], c, plan);
}

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

static void stamp(struct served_feed *f)
{
    struct tm tm;
    char ics[17];
    gmtime_r(&f->modified, &tm);
    strftime(ics, sizeof ics, "%Y%m%dT%H%M%SZ", &tm);
    strftime(f->modified_http, sizeof f->modified_http, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    size_t skip = strlen("\r\nDTSTAMP:");
    for (char *p = f->text; (p = strstr(p, PLACEHOLDER_LINE)) != NULL; p += skip + 16)
        memcpy(p + skip, ics, 16);
}

static const struct served_feed *previous_feed(const struct snapshot *prev, enum feed_by by,
                                               const char *name)
{
    for (size_t i = 0; prev && i < prev->count; i++)
        if (prev->feeds[i].by == by && !strcmp(prev->feeds[i].name, name))
            return &prev->feeds[i];
    return NULL;
}

static int finish_feed(struct feed *in, enum feed_by by, const struct snapshot *prev,
                       struct token_state *tokens, time_t now, struct served_feed *out)
{
    tsc_error err;
    *out = (struct served_feed){.by = by, .cases = in->cases};
    out->name = strdup(in->name);
    if (!out->name)
        return cli_fail("out of memory");
    if (tsc_ics_writer_write_string(in->ics, &out->text, &out->len, &err))
        return cli_fail_error(&err);
    out->content = fnv1a(out->text, out->len);
    snprintf(out->etag, sizeof out->etag, "\"%016llx\"", (unsigned long long)out->content);
    const struct served_feed *old = previous_feed(prev, by, in->name);
    out->modified = old && old->content == out->content ? old->modified : now;
    stamp(out);
    const char *token = tokens_get(tokens, feed_by_name(by), in->name);
    if (!token)
        return cli_fail("cannot make a feed token");
    memcpy(out->token, token, sizeof out->token);
    return CLI_OK;
}

/* Slots indexed by a token's first 8 hex digits (random, so evenly spread);
 * lookups then compare whole tokens in constant time. */
static size_t slot_of(const char *token, size_t nslots)
{
    return (size_t)strtoul((char[9]){token[0], token[1], token[2], token[3], token[4],
                                     token[5], token[6], token[7], '\0'},
                           NULL, 16) & (nslots - 1);
}

static int index_tokens(struct snapshot *s)
{
    s->nslots = 16;
    while (s->nslots < 2 * s->count)
        s->nslots *= 2;
    s->slots = calloc(s->nslots, sizeof *s->slots);
    if (!s->slots)
        return cli_fail("out of memory");
    for (size_t i = 0; i < s->count; i++) {
        size_t j = slot_of(s->feeds[i].token, s->nslots);
        while (s->slots[j])
            j = (j + 1) & (s->nslots - 1);
        s->slots[j] = (uint32_t)(i + 1);
    }
    return CLI_OK;
}

const struct served_feed *snapshot_find(const struct snapshot *s, const char *token)
{
    for (size_t j = slot_of(token, s->nslots); s->slots[j]; j = (j + 1) & (s->nslots - 1))
        if (tokens_equal(s->feeds[s->slots[j] - 1].token, token))
            return &s->feeds[s->slots[j] - 1];
    return NULL;
}

static int collect(struct build *b, const struct snapshot *prev, struct token_state *tokens,
                   time_t now, struct snapshot *s)
{
    size_t total = b->sets[0].count + b->sets[1].count;
    s->feeds = calloc(total ? total : 1, sizeof *s->feeds);
    if (!s->feeds)
        return cli_fail("out of memory");
    int rc = CLI_OK;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; !rc && i < b->sets[k].count; i++) {
            rc = finish_feed(&b->sets[k].feeds[i], b->sets[k].by, prev, tokens, now,
                             &s->feeds[s->count++]);
            /* The writer's components are not needed once its text is. */
            tsc_ics_writer_free(b->sets[k].feeds[i].ics);
            b->sets[k].feeds[i].ics = NULL;
        }
    }
    const char *admin = rc ? NULL : tokens_get(tokens, "admin", "");
    if (!rc && !admin)
        rc = cli_fail("cannot make the admin token");
    if (!rc)
        memcpy(s->admin, admin, sizeof s->admin);
    return rc ? rc : index_tokens(s);
}

int snapshot_build(const struct snapshot_source *src, const struct snapshot *previous,
                   struct token_state *tokens, time_t now, struct snapshot **out)
{
    struct build b = {src, {{.by = BY_WORKER}, {.by = BY_TEAM}}};
    struct snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return cli_fail("out of memory");
    atomic_init(&s->refs, 1);
    s->today = src->today;
    for (int k = 0; k < 2; k++) {
        b.sets[k].pack = src->pack;
        b.sets[k].new_writer = new_writer;
        b.sets[k].ctx = &b;
    }
    struct caseload_options opt = {.pack = src->pack, .cal = src->cal, .today = src->today,
                                   .ignore_unknown = src->ignore_unknown};
    struct caseload_sink sink = {NULL, each_case, &b};
    int rc = caseload_run_once(src->cases, &opt, &sink);   /* a failed build is dropped */
    if (!rc)
        rc = collect(&b, previous, tokens, now, s);
    feed_set_free(&b.sets[0]);
    feed_set_free(&b.sets[1]);
    if (rc) {
        snapshot_release(s);
        return rc;
    }
    *out = s;
    return CLI_OK;
}

void snapshot_retain(struct snapshot *s) { atomic_fetch_add(&s->refs, 1); }

void snapshot_release(struct snapshot *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->feeds[i].name);
        tsc_free(s->feeds[i].text);
    }
    free(s->feeds);
    free(s->slots);
    free(s);
}

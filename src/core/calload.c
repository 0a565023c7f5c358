/* calload.c -- opening built-in calendars and loading holiday files. */
#include "holiday.h"
#include "arena.h"
#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct tsc__holset *tsc__builtin_find(const char *name)
{
    for (size_t i = 0; i < tsc__builtin_holset_count; i++)
        if (strcmp(tsc__builtin_holsets[i]->name, name) == 0)
            return tsc__builtin_holsets[i];
    return NULL;
}

size_t tsc_calendar_builtin_count(void) { return tsc__builtin_holset_count; }

const char *tsc_calendar_builtin_name(size_t i)
{
    return i < tsc__builtin_holset_count ? tsc__builtin_holsets[i]->name : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static tsc_status parse_checked(const char *text, size_t len, const char *source, int depth,
                                struct tsc__arena *arena, const struct tsc__holset **out,
                                tsc_error *err)
{
    tsc_status st = tsc__holfile_parse(text, len, source, &tsc__default_resolver, depth, arena,
                                       out, err);
    return st ? st : tsc__holset_check(*out, err);
}

static tsc_status load_holset_file(const char *path, int depth, struct tsc__arena *arena,
                                   const struct tsc__holset **out, tsc_error *err)
{
    for (size_t i = 0; tsc__calendar_formats[i]; i++)
        if (ends_with(path, tsc__calendar_formats[i]->suffix))
            return tsc__calendar_formats[i]->load(path, arena, out, err);
    char *text;
    size_t len;
    tsc_status st = tsc__read_file(path, &text, &len, err);
    if (st)
        return st;
    st = parse_checked(text, len, path, depth, arena, out, err);
    free(text);
    return st;
}

/* "name" beside the including file, or relative to the current directory
 * when the text did not come from a file. */
static char *sibling_path(const char *from_source, const char *name, const char *suffix)
{
    const char *slash = name[0] == '/' ? NULL : strrchr(from_source, '/');
    size_t dir = slash && from_source[0] != '<' ? (size_t)(slash - from_source) + 1 : 0;
    size_t n = dir + strlen(name) + strlen(suffix) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s%s%s", (int)dir, from_source, name, suffix);
    return path;
}

static tsc_status resolve_include(void *ctx, const char *name, bool quoted,
                                  const char *from_source, int depth, struct tsc__arena *arena,
                                  const struct tsc__holset **out, tsc_error *err)
{
    (void)ctx;
    const struct tsc__holset *builtin = quoted ? NULL : tsc__builtin_find(name);
    if (builtin) {
        *out = builtin;
        return TSC_OK;
    }
    char *path = sibling_path(from_source, name, quoted ? "" : ".hol");
    if (!path)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = load_holset_file(path, depth, arena, out, err);
    if (st == TSC_ERR_NOTFOUND && err && err->line == 0)
        tsc__fail(err, st, quoted ? "cannot include \"%s\": no such file"
                                  : "cannot include '%s': not a built-in calendar and no %s",
                  quoted ? path : name, path);
    free(path);
    return st;
}

const struct tsc__include_resolver tsc__default_resolver = {resolve_include, NULL};

tsc_status tsc_calendar_open(const char *name, tsc_calendar **out, tsc_error *err)
{
    if (!name || !out)
        return tsc__fail(err, TSC_ERR_ARG, "name or out is NULL");
    const struct tsc__holset *hs = tsc__builtin_find(name);
    if (!hs) {
        char names[160] = "";
        for (size_t i = 0; i < tsc__builtin_holset_count; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     tsc__builtin_holsets[i]->name);
        return tsc__fail(err, TSC_ERR_NOTFOUND, "unknown calendar '%.60s' (built in: %s)", name,
                         names);
    }
    return tsc__calendar_from_holset(hs, NULL, out, err);
}

static tsc_status finish_load(tsc_status st, const struct tsc__holset *hs,
                              struct tsc__arena *arena, tsc_calendar **out, tsc_error *err)
{
    if (st) {
        tsc__arena_free(arena);
        return st;
    }
    return tsc__calendar_from_holset(hs, arena, out, err);
}

tsc_status tsc_calendar_load_file(const char *path, tsc_calendar **out, tsc_error *err)
{
    if (!path || !out)
        return tsc__fail(err, TSC_ERR_ARG, "path or out is NULL");
    struct tsc__arena *arena = tsc__arena_new();
    if (!arena)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    const struct tsc__holset *hs = NULL;
    tsc_status st = load_holset_file(path, 0, arena, &hs, err);
    return finish_load(st, hs, arena, out, err);
}

tsc_status tsc_calendar_load_string(const char *text, const char *source, tsc_calendar **out,
                                    tsc_error *err)
{
    if (!text || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text or out is NULL");
    struct tsc__arena *arena = tsc__arena_new();
    if (!arena)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    const struct tsc__holset *hs = NULL;
    tsc_status st = parse_checked(text, strlen(text), source ? source : "<string>", 0, arena,
                                  &hs, err);
    return finish_load(st, hs, arena, out, err);
}

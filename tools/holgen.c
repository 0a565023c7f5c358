/* holgen.c -- compiles holidays/NAME.hol into C tables for the built-in calendars.
 *
 *     tsc_holgen -o builtin_holidays.c holidays/england-and-wales.hol ...
 *
 * It parses with the library's own parser and builds each calendar's
 * working-day index with the library's own code (src/core/dayindex.c), so a
 * built-in calendar and the same file loaded at run time cannot disagree;
 * the index becomes read-only data and opening a built-in computes nothing.  A bad file stops the build
 * with "file:line:column: message". */
#include "holiday.h"
#include "fileio.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            fprintf(f, "\\%03o", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void put_rule(FILE *f, const struct tsc__holrule *r)
{
    fputs("    {.name = ", f);
    put_string(f, r->name);
    fprintf(f, ", .line = %d, .kind = %d, .month = %d, .day = %d, .month_end = %d, "
               ".day_end = %d, .weekday = %d, .nth = %d, .offset = %d, .from_year = %d, "
               ".to_year = %d, .date = %ld, .date_end = %ld, .subst = %d, .shift = {",
            r->line, r->kind, r->month, r->day, r->month_end, r->day_end, r->weekday, r->nth,
            r->offset, r->from_year, r->to_year, (long)r->date, (long)r->date_end, r->subst);
    for (int i = 0; i < 7; i++)
        fprintf(f, "%s%d", i ? ", " : "", r->shift[i]);
    fputs("}, .shift_alt = {", f);
    for (int i = 0; i < 7; i++)
        fprintf(f, "%s%d", i ? ", " : "", r->shift_alt[i]);
    fputs("}},\n", f);
}

static void put_int32s(FILE *f, const char *type, const char *name, int k, const int32_t *v,
                       int32_t n)
{
    fprintf(f, "static const %s %s_%d[%ld] = {", type, name, k, (long)n);
    for (int32_t i = 0; i < n; i++)
        fprintf(f, "%s%ld,", i % 12 ? "" : "\n", (long)v[i]);
    fputs("\n};\n", f);
}

static int put_index(FILE *f, const struct tsc__holset *s, int k)
{
    int32_t *before;
    tsc_date *work;
    if (!tsc__dayindex_build(s, s->weekend, &before, &work))
        return fprintf(stderr, "tsc_holgen: out of memory\n"), 1;
    int32_t span = tsc__dayindex_span();
    put_int32s(f, "int32_t", "before", k, before, span + 1);
    put_int32s(f, "tsc_date", "work", k, work, before[span]);
    fprintf(f, "static const struct tsc__dayindex index_%d = {before_%d, work_%d};\n", k, k, k);
    free(before);
    free(work);
    return 0;
}

static int put_set(FILE *f, const struct tsc__holset *s, int k)
{
    fprintf(f, "\n/* calendar %s */\n", s->name);
    if (s->nrules) {
        fprintf(f, "static const struct tsc__holrule rules_%d[] = {\n", k);
        for (size_t i = 0; i < s->nrules; i++)
            put_rule(f, &s->rules[i]);
        fputs("};\n", f);
    }
    if (s->nmoves) {
        fprintf(f, "static const struct tsc__holmove moves_%d[] = {\n", k);
        for (size_t i = 0; i < s->nmoves; i++) {
            fprintf(f, "    {.from = %ld, .to = %ld, .line = %d, .column = %d, .which = ",
                    (long)s->moves[i].from, (long)s->moves[i].to, s->moves[i].line,
                    s->moves[i].column);
            put_string(f, s->moves[i].which);
            fputs(", .name = ", f);
            put_string(f, s->moves[i].name);
            fputs("},\n", f);
        }
        fputs("};\n", f);
    }
    if (s->nremoves) {
        fprintf(f, "static const struct tsc__holremove removes_%d[] = {\n", k);
        for (size_t i = 0; i < s->nremoves; i++)
            fprintf(f, "    {.from = %ld, .to = %ld, .line = %d, .column = %d},\n",
                    (long)s->removes[i].from, (long)s->removes[i].to, s->removes[i].line,
                    s->removes[i].column);
        fputs("};\n", f);
    }
    if (put_index(f, s, k))
        return 1;
    fprintf(f, "static const struct tsc__holset set_%d = {\n    .name = ", k);
    put_string(f, s->name);
    fputs(", .zone = ", f);
    put_string(f, s->zone);
    fputs(", .source = ", f);
    put_string(f, s->source);
    char rules[32] = "NULL", moves[32] = "NULL", removes[32] = "NULL";
    if (s->nrules)
        snprintf(rules, sizeof rules, "rules_%d", k);
    if (s->nmoves)
        snprintf(moves, sizeof moves, "moves_%d", k);
    if (s->nremoves)
        snprintf(removes, sizeof removes, "removes_%d", k);
    fprintf(f, ",\n    .weekend = %u, .rules = %s, .nrules = %zu, .moves = %s, .nmoves = %zu,\n"
               "    .removes = %s, .nremoves = %zu, .index = &index_%d};\n",
            s->weekend, rules, s->nrules, moves, s->nmoves, removes, s->nremoves, k);
    return 0;
}

static int fail(const tsc_error *e)
{
    char buf[600];
    tsc_error_format(e, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return 1;
}

/* "holidays/scotland.hol" is named "holidays/scotland.hol" in messages,
 * whatever absolute path the build passed. */
static const char *short_source(const char *path)
{
    const char *p = strstr(path, "holidays/");
    return p ? p : path;
}

int main(int argc, char **argv)
{
    if (argc < 4 || strcmp(argv[1], "-o") != 0) {
        fprintf(stderr, "usage: tsc_holgen -o OUTPUT.c FILE.hol...\n");
        return 2;
    }
    const char *output = argv[2];
    int nfiles = argc - 3;
    struct tsc__arena *arena = tsc__arena_new();
    const struct tsc__holset **sets = calloc((size_t)nfiles, sizeof *sets);
    if (!arena || !sets)
        return fprintf(stderr, "tsc_holgen: out of memory\n"), 1;
    for (int i = 0; i < nfiles; i++) {
        tsc_error err;
        char *text;
        size_t len;
        tsc__error_clear(&err);
        if (tsc__read_file(argv[3 + i], &text, &len, &err))
            return fail(&err);
        tsc_status st = tsc__holfile_parse(text, len, short_source(argv[3 + i]), NULL, 0,
                                           arena, &sets[i], &err);
        free(text);
        if (st || tsc__holset_check(sets[i], &err))
            return fail(&err);
        for (int j = 0; j < i; j++)
            if (strcmp(sets[j]->name, sets[i]->name) == 0)
                return fprintf(stderr, "%s: calendar '%s' is also defined in %s\n",
                               sets[i]->source, sets[i]->name, sets[j]->source), 1;
    }
    size_t tmp_len = strlen(output) + 5;
    char *tmp = malloc(tmp_len);
    if (!tmp)
        return 1;
    snprintf(tmp, tmp_len, "%s.tmp", output);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return perror(tmp), 1;
    fputs("/* Generated by tsc_holgen from the holidays directory.  Do not edit. */\n"
          "#include \"holiday.h\"\n",
          f);
    for (int i = 0; i < nfiles; i++)
        if (put_set(f, sets[i], i)) {
            fclose(f);
            remove(tmp);
            return 1;
        }
    fputs("\nconst struct tsc__holset *const tsc__builtin_holsets[] = {\n", f);
    for (int i = 0; i < nfiles; i++)
        fprintf(f, "    &set_%d,\n", i);
    fprintf(f, "};\nconst size_t tsc__builtin_holset_count = %d;\n", nfiles);
    if (fclose(f) != 0 || rename(tmp, output) != 0) {
        perror(output);
        remove(tmp);
        return 1;
    }
    free(tmp);
    free(sets);
    tsc__arena_free(arena);
    return 0;
}

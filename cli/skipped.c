/* skipped.c -- counting a return's unmapped elements or columns by name. */
#include "skipped.h"

#include <stdlib.h>
#include <string.h>

int skipped_add(struct skipped_names *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->names[i].name, name)) {
            s->names[i].count++;
            return CLI_OK;
        }
    if (s->n == SKIPPED_MAX_NAMES) {
        s->others++;
        return CLI_OK;
    }
    char *copy = strdup(name);
    if (!copy)
        return cli_fail("out of memory");
    s->names[s->n].name = copy;
    s->names[s->n++].count = 1;
    return CLI_OK;
}

void skipped_report(const struct skipped_names *s, const char *where, const char *what)
{
    if (!s->n)
        return;
    fprintf(stderr, "timescale: %s: skipped %s the vocabulary maps to no event:", where, what);
    for (int i = 0; i < s->n; i++) {
        char name[CLI_ESCAPED_MAX];
        fprintf(stderr, "%s %s (%ld)", i ? "," : "", cli_escape(s->names[i].name, name, sizeof name),
                s->names[i].count);
    }
    if (s->others)
        fprintf(stderr, " and %ld of other names", s->others);
    fputc('\n', stderr);
}

void skipped_free(struct skipped_names *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->names[i].name);
    s->n = 0;
    s->others = 0;
}

/* ignored.c -- the event names --ignore-unknown-events skipped. */
#include "ignored.h"

#include <stdlib.h>
#include <string.h>

int ignored_add(struct ignored_events *ig, const char *name, long line)
{
    for (int i = 0; i < ig->n; i++)
        if (!strcmp(ig->names[i].name, name)) {
            ig->names[i].count++;
            return CLI_OK;
        }
    if (ig->n == IGNORED_MAX_NAMES) {
        ig->other_rows++;
        return CLI_OK;
    }
    char *copy = malloc(strlen(name) + 1);
    if (!copy)
        return cli_fail("out of memory");
    strcpy(copy, name);
    ig->names[ig->n].name = copy;
    ig->names[ig->n].count = 1;
    ig->names[ig->n++].first_line = line;
    return CLI_OK;
}

void ignored_report(const struct ignored_events *ig, const char *where, const tsc_pack *pack)
{
    for (int i = 0; i < ig->n; i++) {
        char name[CLI_ESCAPED_MAX];
        long count = ig->names[i].count;
        cli_escape(ig->names[i].name, name, sizeof name);
        if (where)
            fprintf(stderr, "timescale: %s:%ld: ", where, ig->names[i].first_line);
        else
            fputs("timescale: ", stderr);
        fprintf(stderr, "ignored event '%s' %s %ld %s%s%s (no rule of pack %s names it)\n",
                name, where ? "on" : "given", count, where ? "row" : "time",
                count == 1 ? "" : "s", where ? "" : " with --event", tsc_pack_name(pack));
    }
    if (ig->other_rows)
        fprintf(stderr, "timescale: %s: ignored %ld more rows with other unknown events "
                        "(only the first %d names are listed)\n",
                where ? where : "--event", ig->other_rows, IGNORED_MAX_NAMES);
}

void ignored_free(struct ignored_events *ig)
{
    for (int i = 0; i < ig->n; i++)
        free(ig->names[i].name);
    ig->n = 0;
    ig->other_rows = 0;
}

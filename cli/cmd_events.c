/* cmd_events.c -- `timescale events`: the event vocabulary, what to record. */
#include "cli.h"

#include <string.h>

enum format { TABLE, CSV, JSON };

static void csv_field(const char *s, bool last)
{
    bool quote = strpbrk(s, ",\"\n") != NULL;
    if (quote)
        putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    if (quote)
        putchar('"');
    putchar(last ? '\n' : ',');
}

static void json_field(const char *key, const char *s, bool last)
{
    printf("\"%s\": \"", key);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", (unsigned char)*s);
        else
            putchar(*s);
    }
    printf("\"%s", last ? "" : ", ");
}

static void print_event(const tsc_event_info *e, enum format f, bool first)
{
    const char *kind = e->produced ? "produced" : "recorded";
    if (f == CSV) {
        csv_field(e->name, false);
        csv_field(kind, false);
        csv_field(e->parent, false);
        csv_field(e->aliases, false);
        csv_field(e->statutory, false);
        csv_field(e->means, true);
    } else if (f == JSON) {
        printf("%s  {", first ? "" : ",\n");
        json_field("name", e->name, false);
        json_field("kind", kind, false);
        json_field("parent", e->parent, false);
        json_field("aliases", e->aliases, false);
        json_field("statutory", e->statutory, false);
        json_field("means", e->means, true);
        putchar('}');
    } else {
        printf("%-34s %-8s  %s", e->name, kind, e->means);
        if (*e->parent)
            printf(" (is %s)", e->parent);
        if (*e->aliases)
            printf(" [also: %s]", e->aliases);
        if (*e->statutory)
            printf(" {%s}", e->statutory);
        putchar('\n');
    }
}

static int open_pack(const char *name, tsc_pack **pack)
{
    tsc_error err;
    size_t n = strlen(name);
    bool is_file = strchr(name, '/') || (n > 6 && !strcmp(name + n - 6, ".rules"));
    if (is_file ? tsc_pack_load_file(name, pack, &err) : tsc_pack_open(name, pack, &err))
        return cli_fail_error(&err);
    return CLI_OK;
}

/* With a pack, only the events its rules name. */
static bool in_pack(const tsc_pack *pack, const char *name)
{
    for (size_t i = 0; pack && i < tsc_pack_event_count(pack); i++)
        if (!strcmp(tsc_pack_event_name(pack, i), name))
            return true;
    return !pack;
}

static int run_events(const struct cli_args *a)
{
    const char *fmt = cli_opt(a, "format") ? cli_opt(a, "format") : "table";
    enum format f = !strcmp(fmt, "csv") ? CSV : !strcmp(fmt, "json") ? JSON : TABLE;
    if (f == TABLE && strcmp(fmt, "table"))
        return cli_fail("events: unknown format '%s' (expected table, csv or json)", fmt);
    tsc_pack *pack = NULL;
    tsc_vocab *v = NULL;
    tsc_error err;
    int rc = cli_opt(a, "rules") ? open_pack(cli_opt(a, "rules"), &pack) : CLI_OK;
    if (!rc && tsc_vocab_builtin(&v, &err))
        rc = cli_fail_error(&err);
    if (!rc && f == CSV)
        puts("name,kind,parent,aliases,statutory,means");
    if (!rc && f == JSON)
        putchar('[');
    bool first = true;
    for (int produced = 0; !rc && produced <= 1; produced++)     /* recorded, then produced */
        for (size_t i = 0; i < tsc_vocab_count(v); i++) {
            tsc_event_info e;
            tsc_vocab_event(v, i, &e, NULL);
            if (e.produced == produced && in_pack(pack, e.name)) {
                print_event(&e, f, first);
                first = false;
            }
        }
    if (!rc && f == JSON)
        puts(first ? "]" : "\n]");
    tsc_vocab_free(v);
    tsc_pack_free(pack);
    return rc;
}

const struct cli_command cli_cmd_events = {
    "events", "[--rules PACK] [--format table|csv|json]",
    "Lists the event vocabulary (rules/events.vocab): the events a case records, then\n"
    "the ones rules produce (record them when done), each with its kind, `is` parent,\n"
    "aliases, statutory data item and meaning.\n\n"
    "  --rules PACK   only the events that pack's rules name\n\n"
    "example: timescale events --rules wiltshire --format csv\n",
    (const struct cli_option_spec[]){{"rules", true}, {"format", true}, {NULL, false}},
    0, 0, run_events};

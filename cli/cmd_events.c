/* cmd_events.c -- `timescale events`: the event vocabulary, what to record. */
#include "cli.h"

#include <stdio.h>
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

/* The rules of `pack` counting from event k, space-separated, into buf. */
static const char *rule_list(const tsc_pack *pack, size_t k, char *buf, size_t size)
{
    size_t idx[64], n = pack ? tsc_pack_event_rules(pack, k, idx, 64) : 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 64; i++) {
        tsc_rule_info r;
        tsc_pack_rule(pack, idx[i], &r, NULL);
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i ? " " : "", r.id);
    }
    return buf;
}

struct row {
    tsc_event_info e;
    const char *rules;
};

static void print_row(const struct row *r, enum format f, bool with_rules, bool first)
{
    const tsc_event_info *e = &r->e;
    const char *kind = e->produced ? "produced" : "recorded";
    if (f == CSV) {
        csv_field(e->name, false);
        csv_field(kind, false);
        csv_field(e->parent, false);
        csv_field(e->aliases, false);
        csv_field(e->statutory, false);
        csv_field(e->means, !with_rules);
        if (with_rules)
            csv_field(r->rules, true);
    } else if (f == JSON) {
        printf("%s  {", first ? "" : ",\n");
        json_field("name", e->name, false);
        json_field("kind", kind, false);
        json_field("parent", e->parent, false);
        json_field("aliases", e->aliases, false);
        json_field("statutory", e->statutory, false);
        json_field("means", e->means, !with_rules);
        if (with_rules)
            json_field("rules", r->rules, true);
        putchar('}');
    } else {
        printf("%-34s %-8s  %s", e->name, kind, e->means);
        if (*e->parent)
            printf(" (is %s)", e->parent);
        if (*e->aliases)
            printf(" [also: %s]", e->aliases);
        if (*e->statutory)
            printf(" {%s}", e->statutory);
        if (with_rules && *r->rules)
            printf("\n%-45scounted from by: %s", "", r->rules);
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

static long pack_index(const tsc_pack *pack, const char *name)
{
    for (size_t i = 0; i < tsc_pack_event_count(pack); i++)
        if (!strcmp(tsc_pack_event_name(pack, i), name))
            return (long)i;
    return -1;
}

/* Every vocabulary event (with a pack: those its rules name, produced when
 * one of them schedules it, then any the vocabulary does not define). */
static void list(const tsc_vocab *v, const tsc_pack *pack, enum format f, int produced,
                 bool *first)
{
    static char rules[8192];
    for (size_t i = 0; i < tsc_vocab_count(v); i++) {
        struct row r = {.rules = ""};
        tsc_vocab_event(v, i, &r.e, NULL);
        long k = pack ? pack_index(pack, r.e.name) : -1;
        if (pack && k < 0)
            continue;
        if (pack) {
            r.e.produced = tsc_pack_event_produced(pack, (size_t)k);
            r.rules = rule_list(pack, (size_t)k, rules, sizeof rules);
        }
        if (r.e.produced == produced) {
            print_row(&r, f, pack != NULL, *first);
            *first = false;
        }
    }
    for (size_t k = 0; pack && k < tsc_pack_event_count(pack); k++) {
        const char *name = tsc_pack_event_name(pack, k);
        if (tsc_vocab_find(v, name) >= 0 || tsc_pack_event_produced(pack, k) != produced)
            continue;
        struct row r = {{name, "(not in the vocabulary)", "", "", "", produced, ""}, ""};
        r.rules = rule_list(pack, k, rules, sizeof rules);
        print_row(&r, f, true, *first);
        *first = false;
    }
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
        puts(pack ? "name,kind,parent,aliases,statutory,means,rules"
                  : "name,kind,parent,aliases,statutory,means");
    if (!rc && f == JSON)
        putchar('[');
    bool first = true;
    for (int produced = 0; !rc && produced <= 1; produced++)     /* recorded, then produced */
        list(v, pack, f, produced, &first);
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
    "  --rules PACK   only the events that pack's rules name, recorded or produced as\n"
    "                 that pack uses them, with the rules that count from each\n\n"
    "example: timescale events --rules wiltshire --format csv\n",
    (const struct cli_option_spec[]){{"rules", true}, {"format", true}, {NULL, false}},
    0, 0, run_events};

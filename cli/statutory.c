/* statutory.c -- the vocabulary's statutory items of one return. */
#include "statutory.h"

#include <stdlib.h>
#include <string.h>

/* Splits "TABLE NAME[ where COLUMN is[ not] CODES]" (TABLE only
 * with_table) into the item, in place in `s`; false when malformed. */
static bool parse_item(char *s, bool with_table, struct statutory_item *it)
{
    it->table = "";
    if (with_table) {
        char *sp = strchr(s, ' ');
        if (!sp)
            return false;
        *sp = '\0';
        it->table = s;
        s = sp + 1;
    }
    char *where = strstr(s, " where ");
    it->name = s;
    it->if_column = NULL;
    it->if_values = "";
    it->if_not = false;
    if (!where)
        return !strchr(s, ' ');
    *where = '\0';
    char *col = where + 7, *is = strstr(col, " is ");
    if (!is)
        return false;
    *is = '\0';
    it->if_column = col;
    it->if_values = is + 4;
    if (!strncmp(it->if_values, "not ", 4)) {
        it->if_not = true;
        it->if_values += 4;
    }
    return !strchr(s, ' ') && !strchr(col, ' ') && *it->if_values;
}

/* The "; "-separated items of one event that start with `prefix `. */
static int add_items(struct statutory_map *map, const tsc_event_info *e, const char *prefix,
                     bool with_table, char **text)
{
    size_t plen = strlen(prefix);
    for (const char *s = e->statutory; *s;) {
        const char *end = strstr(s, "; ");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n > plen && !strncmp(s, prefix, plen) && s[plen] == ' ') {
            struct statutory_item *bigger =
                realloc(map->items, (map->count + 1) * sizeof *map->items);
            if (!bigger)
                return cli_fail("out of memory");
            map->items = bigger;
            char *copy = *text;
            memcpy(copy, s + plen + 1, n - plen - 1);
            copy[n - plen - 1] = '\0';
            *text += n - plen;
            struct statutory_item *it = &map->items[map->count];
            if (!parse_item(copy, with_table, it))
                return cli_fail("events.vocab: event %s: statutory item '%.*s' is not "
                                "'%s %sNAME [where COLUMN is [not] CODES]'",
                                e->name, (int)n, s, prefix, with_table ? "TABLE " : "");
            it->event = e->name;
            map->count++;
        }
        s += n + (end ? 2 : 0);
    }
    return CLI_OK;
}

int statutory_map_load(struct statutory_map *map, const char *prefix, bool with_table)
{
    tsc_error err;
    memset(map, 0, sizeof *map);
    if (tsc_vocab_builtin(&map->vocab, &err))
        return cli_fail_error(&err);
    size_t total = 0;
    tsc_event_info e;
    for (size_t i = 0; i < tsc_vocab_count(map->vocab); i++)
        if (tsc_vocab_event(map->vocab, i, &e, NULL) == TSC_OK)
            total += strlen(e.statutory) + 1;
    map->text = malloc(total + 1);
    if (!map->text)
        return cli_fail("out of memory");
    char *text = map->text;
    for (size_t i = 0; i < tsc_vocab_count(map->vocab); i++) {
        if (tsc_vocab_event(map->vocab, i, &e, &err))
            return cli_fail_error(&err);
        if (add_items(map, &e, prefix, with_table, &text))
            return CLI_ERROR;
    }
    return CLI_OK;
}

void statutory_map_free(struct statutory_map *map)
{
    free(map->items);
    free(map->text);
    tsc_vocab_free(map->vocab);
    memset(map, 0, sizeof *map);
}

const struct statutory_item *statutory_find(const struct statutory_map *map, const char *table,
                                            const char *name, size_t from)
{
    for (size_t i = from; i < map->count; i++)
        if (!strcmp(map->items[i].name, name) && !strcmp(map->items[i].table, table))
            return &map->items[i];
    return NULL;
}

bool statutory_condition_met(const struct statutory_item *it, const char *code)
{
    if (!it->if_column)
        return true;
    bool listed = false;
    size_t n = code ? strlen(code) : 0;
    for (const char *v = it->if_values; *v && !listed;) {
        size_t len = strcspn(v, " ");
        listed = n && len == n && !strncmp(v, code, n);
        v += len + (v[len] == ' ');
    }
    return listed != it->if_not;
}

bool statutory_records(const void *map, const char *event)
{
    const struct statutory_map *m = map;
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->items[i].event, event))
            return true;
    return false;
}

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

/* Whether the item, n bytes, starts with the return's name and a space. */
static bool names_return(const char *item, size_t n, const char *name)
{
    size_t len = strlen(name);
    return n > len && !strncmp(item, name, len) && item[len] == ' ';
}

/* The return an item names: its prefix is a reader's or a return no reader reads. */
static bool known_return(const char *item, size_t n)
{
    if (names_return(item, n, cin_census_layout.prefix) ||
        names_return(item, n, ssda903_layout.prefix))
        return true;
    for (const char *const *r = unread_returns; *r; r++)
        if (names_return(item, n, *r))
            return true;
    return false;
}

static const struct return_table *find_table(const struct return_layout *layout,
                                             const char *name)
{
    for (size_t t = 0; t < layout->ntables; t++)
        if (!strcmp(layout->tables[t].name, name))
            return &layout->tables[t];
    return NULL;
}

/* Why the reader cannot read the parsed item, or NULL when it can. */
static const char *unread_reason(const struct return_layout *layout,
                                 const struct statutory_item *it, char *buf, size_t size)
{
    const struct return_table *t = find_table(layout, it->table);
    if (!t) {
        int n = snprintf(buf, size, "%s reads no table %s (it reads", layout->reader, it->table);
        for (size_t i = 0; i < layout->ntables && n > 0 && (size_t)n < size; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s %s", i ? "," : "",
                          layout->tables[i].name);
        if (n > 0 && (size_t)n < size)
            snprintf(buf + n, size - (size_t)n, ")");
        return buf;
    }
    const char *what = *t->name ? t->name : "Child";
    if (!return_field_listed(t->dates, it->name))
        snprintf(buf, size, "%s is not a date %s reads in %s", it->name, layout->reader, what);
    else if (it->if_column && !*t->codes)
        snprintf(buf, size, "%s applies no 'where' to %s", layout->reader, what);
    else if (it->if_column && !return_field_listed(t->codes, it->if_column))
        snprintf(buf, size, "%s is not a code %s reads in %s", it->if_column, layout->reader,
                 what);
    else
        return NULL;
    return buf;
}

/* The "; "-separated items of event i: every one names a known return, and
 * those of the layout's return name a table and field its reader reads. */
static int add_items(struct statutory_map *map, size_t i, const tsc_event_info *e,
                     const struct return_layout *layout, char **text)
{
    size_t plen = strlen(layout->prefix);
    size_t k = 0;
    for (const char *s = e->statutory; *s; k++) {
        const char *end = strstr(s, "; ");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        int line = tsc_vocab_statutory_line(map->vocab, i, k);
        if (!known_return(s, n))
            return cli_fail("%s:%d: statutory %.*s: no return of that name (read: %s, %s; "
                            "documentation only: Ofsted Annex A)",
                            map->source, line, (int)n, s, cin_census_layout.prefix,
                            ssda903_layout.prefix);
        if (names_return(s, n, layout->prefix)) {
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
            char why[300];
            if (!parse_item(copy, layout->with_table, it))
                return cli_fail("%s:%d: statutory %.*s: not '%s %sNAME [where COLUMN is [not] "
                                "CODES]'", map->source, line, (int)n, s, layout->prefix,
                                layout->with_table ? "TABLE " : "");
            if (unread_reason(layout, it, why, sizeof why))
                return cli_fail("%s:%d: statutory %.*s: %s", map->source, line, (int)n, s, why);
            it->event = e->name;
            map->count++;
        }
        s += n + (end ? 2 : 0);
    }
    return CLI_OK;
}

int statutory_map_from(struct statutory_map *map, tsc_vocab *vocab, const char *source,
                       const struct return_layout *layout)
{
    tsc_error err;
    memset(map, 0, sizeof *map);
    map->vocab = vocab;
    map->source = source;
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
        if (add_items(map, i, &e, layout, &text))
            return CLI_ERROR;
    }
    return CLI_OK;
}

int statutory_map_load(struct statutory_map *map, const struct return_layout *layout)
{
    tsc_error err;
    tsc_vocab *vocab;
    memset(map, 0, sizeof *map);
    if (tsc_vocab_builtin(&vocab, &err))
        return cli_fail_error(&err);
    return statutory_map_from(map, vocab, "rules/events.vocab", layout);
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

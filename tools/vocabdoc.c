/* vocabdoc.c -- README's event table, generated from rules/events.vocab so
 * the two cannot drift.
 *
 *     tsc_vocabdoc README.md           rewrite the table between the markers
 *     tsc_vocabdoc --check README.md   exit 1 when the table is stale
 *
 * The table sits between "<!-- events:begin -->" and "<!-- events:end -->". */
#include "timescale.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char BEGIN[] = "<!-- events:begin -->\n", END[] = "<!-- events:end -->\n";

struct buf {
    char *s;
    size_t n, cap;
};

static bool put(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return false;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n + 1);
    b->n += n;
    return true;
}

/* A table cell: '|' escaped, "" as "". */
static bool cell(struct buf *b, const char *s, bool code)
{
    bool ok = put(b, " ");
    if (*s && code)
        ok = ok && put(b, "`");
    for (const char *p = s; *p && ok; p++) {
        char one[3] = {*p, 0, 0};
        if (*p == '|') {
            one[0] = '\\';
            one[1] = '|';
        }
        ok = put(b, one);
    }
    if (*s && code)
        ok = ok && put(b, "`");
    return ok && put(b, " |");
}

static bool table(const tsc_vocab *v, struct buf *b)
{
    bool ok = put(b, BEGIN) &&
              put(b, "| event | meaning | is | aliases | statutory item | label |\n"
                     "|---|---|---|---|---|---|\n");
    for (size_t i = 0; ok && i < tsc_vocab_count(v); i++) {
        tsc_event_info e;
        tsc_vocab_event(v, i, &e, NULL);
        if (e.produced)
            continue;
        ok = put(b, "|") && cell(b, e.name, true) && cell(b, e.means, false) &&
             cell(b, e.parent, true) && cell(b, e.aliases, true) && cell(b, e.statutory, false) &&
             cell(b, e.label, false) && put(b, "\n");
    }
    ok = ok && put(b, "\nProduced by rules (record them when done; calendar files call them by "
                      "the label in brackets):");
    bool first = true;
    for (size_t i = 0; ok && i < tsc_vocab_count(v); i++) {
        tsc_event_info e;
        tsc_vocab_event(v, i, &e, NULL);
        if (!e.produced)
            continue;
        ok = put(b, first ? " `" : ", `") && put(b, e.name) && put(b, "` (") &&
             put(b, e.label) && put(b, ")");
        first = false;
    }
    return ok && put(b, ".\n") && put(b, END);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = {0};
    char chunk[4096];
    size_t n;
    bool ok = put(&b, "");
    while (ok && (n = fread(chunk, 1, sizeof chunk - 1, f)) > 0) {
        chunk[n] = '\0';
        ok = strlen(chunk) == n && put(&b, chunk);
    }
    ok = ok && !ferror(f);
    fclose(f);
    if (!ok) {
        free(b.s);
        return NULL;
    }
    *len = b.n;
    return b.s;
}

int main(int argc, char **argv)
{
    bool check = argc == 3 && strcmp(argv[1], "--check") == 0;
    if (argc != 2 && !check) {
        fprintf(stderr, "usage: tsc_vocabdoc [--check] README.md\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    tsc_vocab *v = NULL;
    tsc_error err;
    if (tsc_vocab_builtin(&v, &err)) {
        fprintf(stderr, "tsc_vocabdoc: %s:%d:%d: %s\n", err.source, err.line, err.column,
                err.message);
        return 2;
    }
    size_t len;
    char *text = slurp(path, &len);
    char *begin = text ? strstr(text, BEGIN) : NULL;
    char *end = begin ? strstr(begin, END) : NULL;
    struct buf t = {0};
    int rc = 0;
    if (!end) {
        fprintf(stderr, "tsc_vocabdoc: %s: no '%.*s' ... '%.*s' markers\n", path,
                (int)strlen(BEGIN) - 1, BEGIN, (int)strlen(END) - 1, END);
        rc = 2;
    } else if (!table(v, &t)) {
        fprintf(stderr, "tsc_vocabdoc: out of memory\n");
        rc = 2;
    } else if (check) {
        size_t old = (size_t)(end + strlen(END) - begin);
        if (old != t.n || memcmp(begin, t.s, old) != 0) {
            fprintf(stderr, "%s: the event table is stale; run tsc_vocabdoc %s\n", path, path);
            rc = 1;
        }
    } else {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        FILE *f = fopen(tmp, "wb");
        bool ok = f && fwrite(text, 1, (size_t)(begin - text), f) == (size_t)(begin - text) &&
                  fwrite(t.s, 1, t.n, f) == t.n &&
                  fputs(end + strlen(END), f) >= 0;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok || rename(tmp, path) != 0) {
            perror(path);
            remove(tmp);
            rc = 2;
        }
    }
    free(t.s);
    free(text);
    tsc_vocab_free(v);
    return rc;
}

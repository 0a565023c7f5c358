/* lex.c -- splitting a line of a holiday file or a rule into tokens. */
#include "internal.h"
#include "lex.h"

#include <string.h>

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static bool ends_word(const char *p, const char *end)
{
    return p >= end || is_blank(*p) || *p == '"' || *p == '#' || *p == ',' ||
           (*p == '.' && p + 1 < end && p[1] == '.');
}

void tsc__skip_bom(const char **text, size_t *len)
{
    if (*len >= 3 && !memcmp(*text, "\xef\xbb\xbf", 3)) {
        *text += 3;
        *len -= 3;
    }
}

int tsc__lex_line(const char *text, size_t len, const char *source, int line,
                  struct tsc__token *toks, int max, tsc_error *err)
{
    const char *p = text, *end = text + len;
    int n = 0;
    while (p < end) {
        if (is_blank(*p)) {
            p++;
            continue;
        }
        if (*p == '#')
            break;
        if (n == max)
            return tsc__fail_at(err, TSC_ERR_PARSE, source, line, (int)(p - text) + 1,
                                "too many words on one line (at most %d)", max), -1;
        struct tsc__token *t = &toks[n++];
        t->line = line;
        t->column = (int)(p - text) + 1;
        t->quoted = false;
        if (*p == '"') {
            const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
            if (!close)
                return tsc__fail_at(err, TSC_ERR_PARSE, source, line, t->column,
                                    "unterminated quoted name (missing closing '\"')"), -1;
            t->text = p + 1;
            t->len = (size_t)(close - p - 1);
            t->quoted = true;
            p = close + 1;
        } else if (*p == ',') {
            t->text = p++;
            t->len = 1;
        } else if (*p == '.' && p + 1 < end && p[1] == '.') {
            t->text = p;
            t->len = 2;
            p += 2;
        } else {
            t->text = p;
            while (!ends_word(++p, end))
                ;
            t->len = (size_t)(p - t->text);
        }
    }
    return n;
}

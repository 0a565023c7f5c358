/* lex.h -- the line lexer (lex.c) the holiday-file and rule
 * parsers share. */
#ifndef TSC_LEX_H
#define TSC_LEX_H

#include "internal.h"

struct tsc__token {
    const char *text;      /* into the caller's text; for quoted, without quotes */
    size_t len;
    int line, column;      /* 1-based; column of the first byte (the quote) */
    bool quoted;
};

/* Splits one line into tokens: "quoted strings", ',' and '..' on their own,
 * and words (runs of other non-blank bytes).  '#' outside quotes ends the
 * line.  Returns the number of tokens (at most max) or -1 with *err set
 * (unterminated quote, too many tokens). */
/* Steps over a leading UTF-8 byte-order mark, which some editors write. */
void tsc__skip_bom(const char **text, size_t *len);
int tsc__lex_line(const char *text, size_t len, const char *source, int line,
                  struct tsc__token *toks, int max, tsc_error *err);

static inline bool tsc__tok_is(const struct tsc__token *t, const char *word)
{
    size_t i = 0;
    if (t->quoted)
        return false;
    for (; i < t->len; i++)
        if (word[i] != t->text[i] || !word[i])
            return false;
    return word[i] == '\0';
}
#endif

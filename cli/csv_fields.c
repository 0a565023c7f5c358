/* csv_fields.c -- splitting a CSV line into fields in place. */
#include "csv_fields.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Takes one field from *p into place; the character that ended it. */
static char take_field(char **p, char **field, bool *unclosed)
{
    char *in = *p, *out = *p;
    *field = out;
    if (*in == '"') {
        for (in++; *in && !(*in == '"' && in[1] != '"'); in++) {
            if (*in == '"')
                in++;             /* "" inside quotes */
            *out++ = *in;
        }
        if (*in == '"')
            in++;
        else
            *unclosed = true;
        /* Text after the closing quote, up to the comma, is kept as Excel does. */
        while (*in && *in != ',')
            *out++ = *in++;
    } else {
        in += strcspn(in, ",");
        out = in;
    }
    char end = *in;
    *out = '\0';
    *p = end ? in + 1 : in;
    return end;
}

bool csv_split(char *line, struct csv_fields *f, bool *unclosed)
{
    char *p = line;
    *unclosed = false;
    f->count = 0;
    for (;;) {
        if (f->count == f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 16;
            char **bigger = realloc(f->field, cap * sizeof *bigger);
            if (!bigger)
                return false;
            f->field = bigger;
            f->cap = cap;
        }
        char end = take_field(&p, &f->field[f->count++], unclosed);
        if (*unclosed)
            return false;
        if (!end)
            return true;
    }
}

void csv_fields_free(struct csv_fields *f)
{
    free(f->field);
    f->field = NULL;
    f->count = f->cap = 0;
}

char *csv_next_line(FILE *f, const char *path, long *line, char **buf, size_t *cap, int *rc)
{
    *rc = CLI_OK;
    ssize_t got = getline(buf, cap, f);
    if (got < 0) {
        if (ferror(f))
            *rc = cli_fail("%s: read error", path);
        return NULL;
    }
    ++*line;
    char *text = *buf;
    size_t n = (size_t)got;
    if (memchr(text, '\0', n)) {
        *rc = cli_fail("%s:%ld: the line holds a NUL byte (not text)", path, *line);
        return NULL;
    }
    if (*line == 1 && !strncmp(text, "\xef\xbb\xbf", 3)) {
        text += 3;
        n -= 3;
    }
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        text[--n] = '\0';
    return text;
}

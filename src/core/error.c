/* error.c -- status texts and filling tsc_error. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_text[] = {
    [TSC_OK] = "success",
    [TSC_ERR_NOMEM] = "out of memory",
    [TSC_ERR_ARG] = "invalid argument",
    [TSC_ERR_DATE] = "no such date",
    [TSC_ERR_RANGE] = "out of range",
    [TSC_ERR_PARSE] = "malformed text",
    [TSC_ERR_IO] = "input/output error",
    [TSC_ERR_NOTFOUND] = "not found",
    [TSC_ERR_ICAL] = "iCalendar error",
};

const char *tsc_strerror(tsc_status code)
{
    size_t i = (size_t)code;
    if (i >= sizeof status_text / sizeof status_text[0] || !status_text[i])
        return "unknown error";
    return status_text[i];
}

void tsc__error_clear(tsc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* Messages quote input text: its control bytes (a stray CR, a tab) and a
 * byte-order mark are shown escaped, not sent raw to a terminal.  Cut at a
 * whole escape when the result does not fit. */
static void escape_controls(const char *in, char *out, size_t size)
{
    size_t len = 0;
    for (; *in; in++) {
        unsigned char c = (unsigned char)*in;
        char piece[8];
        if (c == '\t' || c == '\r' || c == '\n')
            snprintf(piece, sizeof piece, "\\%c", c == '\t' ? 't' : c == '\r' ? 'r' : 'n');
        else if (c < 0x20 || c == 0x7f)
            snprintf(piece, sizeof piece, "\\x%02x", c);
        else if (!strncmp(in, "\xef\xbb\xbf", 3)) {
            snprintf(piece, sizeof piece, "\\ufeff");
            in += 2;
        } else
            snprintf(piece, sizeof piece, "%c", c);
        size_t n = strlen(piece);
        if (len + n >= size)
            break;
        memcpy(out + len, piece, n);
        len += n;
    }
    out[len] = '\0';
}

tsc_status tsc__vfail_at(tsc_error *err, tsc_status code, const char *source, int line,
                         int column, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    char raw[sizeof err->message];
    if (fmt)
        vsnprintf(raw, sizeof raw, fmt, ap);
    else
        raw[0] = '\0';
    escape_controls(raw, err->message, sizeof err->message);
    return code;
}

tsc_status tsc__fail_at(tsc_error *err, tsc_status code, const char *source, int line,
                        int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(err, code, source, line, column, fmt, ap);
    va_end(ap);
    return code;
}

tsc_status tsc__fail(tsc_error *err, tsc_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

size_t tsc_error_format(const tsc_error *e, char *buf, size_t size)
{
    char where[300] = "";
    int n;
    if (!e)
        return (size_t)snprintf(buf, size, "%s", "no error");
    if (e->source[0] && e->line > 0 && e->column > 0)
        snprintf(where, sizeof where, "%s:%d:%d: ", e->source, e->line, e->column);
    else if (e->source[0] && e->line > 0)
        snprintf(where, sizeof where, "%s:%d: ", e->source, e->line);
    else if (e->source[0])
        snprintf(where, sizeof where, "%s: ", e->source);
    else if (e->line > 0 && e->column > 0)
        snprintf(where, sizeof where, "%d:%d: ", e->line, e->column);
    n = snprintf(buf, size, "%s%s", where, e->message[0] ? e->message : tsc_strerror(e->code));
    return n < 0 ? 0 : (size_t)n;
}

const char *tsc_version(void) { return TSC_VERSION; }
int tsc_version_number(void) { return TSC_VERSION_NUMBER; }
void tsc_free(void *p) { free(p); }

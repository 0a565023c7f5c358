/* text.c -- the library's one string builder: growable text, or text in
 * the caller's array.  Out of memory is remembered (failed) rather than
 * returned by every append, so a sequence of appends is checked once. */
#include "internal.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void add_fixed(struct tsc__text *t, const char *s, size_t n)
{
    if (t->n + 1 < t->cap) {
        size_t room = t->cap - t->n - 1, k = n < room ? n : room;
        memcpy(t->p + t->n, s, k);
        t->p[t->n + k] = '\0';
    }
    t->n += n;
}

void tsc__text_add(struct tsc__text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->fixed) {
        add_fixed(t, s, n);
        return;
    }
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->n + n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

void tsc__text_puts(struct tsc__text *t, const char *s) { tsc__text_add(t, s, strlen(s)); }

void tsc__text_vprintf(struct tsc__text *t, const char *fmt, va_list ap)
{
    char small[512];
    if (t->fixed && !t->failed) {
        size_t room = t->n < t->cap ? t->cap - t->n : 0;
        int k = vsnprintf(room ? t->p + t->n : NULL, room, fmt, ap);
        t->failed |= k < 0;
        t->n += k < 0 ? 0 : (size_t)k;
        return;
    }
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        t->failed = true;
    } else if ((size_t)n < sizeof small) {
        tsc__text_add(t, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            tsc__text_add(t, big, (size_t)n);
            free(big);
        } else {
            t->failed = true;
        }
    }
    va_end(again);
}

void tsc__text_printf(struct tsc__text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__text_vprintf(t, fmt, ap);
    va_end(ap);
}

void tsc__text_free(struct tsc__text *t)
{
    if (!t->fixed)
        free(t->p);
    *t = (struct tsc__text){0};
}

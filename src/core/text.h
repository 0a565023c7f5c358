/* text.h -- growable and fixed text buffers (text.c): the one text
 * buffer of the library. */
#ifndef TSC_TEXT_H
#define TSC_TEXT_H

#include "internal.h"

/* Growable when it starts as {0}: p is NUL-terminated once anything was
 * added; failed means an append ran out of memory (the text is incomplete);
 * release it with tsc__text_free().  Fixed when made by tsc__text_fixed():
 * the caller's array keeps what fits, NUL-terminated, and n counts all of
 * it (snprintf's convention). */
struct tsc__text {
    char *p;
    size_t n, cap;
    bool failed, fixed;
};
static inline struct tsc__text tsc__text_fixed(char *buf, size_t size)
{
    if (buf && size)
        buf[0] = '\0';
    return (struct tsc__text){.p = buf, .cap = buf ? size : 0, .fixed = true};
}
void tsc__text_add(struct tsc__text *t, const char *s, size_t n);
void tsc__text_puts(struct tsc__text *t, const char *s);
void tsc__text_printf(struct tsc__text *t, const char *fmt, ...) TSC__PRINTF(2, 3);
void tsc__text_vprintf(struct tsc__text *t, const char *fmt, va_list ap) TSC__PRINTF(2, 0);
/* The text so far ("" before the first append). */
static inline const char *tsc__text_str(const struct tsc__text *t) { return t->p ? t->p : ""; }
void tsc__text_free(struct tsc__text *t);
#endif

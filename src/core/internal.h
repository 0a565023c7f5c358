/* internal.h -- what every file of src/ uses: the public header, the
 * compiler attributes, array growth and errors (error.c).  Never installed.
 * Everything else has the header of its module, included where it is used:
 * text.h, date.h, event_name.h, lex.h, arena.h, fileio.h (helpers);
 * holiday.h, zone.h, rule.h, vocab.h, pack.h, case.h (the library's
 * objects); src/ical adds ics_internal.h and ics_writer.h. */
#ifndef TSC_INTERNAL_H
#define TSC_INTERNAL_H

#include "timescale.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define TSC__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TSC__NOINLINE __attribute__((noinline))
#else
#define TSC__PRINTF(f, a)
#define TSC__NOINLINE
#endif

/* qsort, except that sorting nothing (perhaps at a NULL base) is allowed. */
static inline void tsc__sort(void *base, size_t n, size_t size,
                             int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* Makes *array hold at least `need` elements of `size` bytes, doubling
 * (from 16) as it grows; false when out of memory (the array is unchanged). */
bool tsc__grow(void **array, size_t *cap, size_t need, size_t size);

/* ---- errors (error.c) ---- */

/* Fills *err (when not NULL) and returns code, so a failure is one statement. */
tsc_status tsc__fail(tsc_error *err, tsc_status code, const char *fmt, ...) TSC__PRINTF(3, 4);
tsc_status tsc__fail_at(tsc_error *err, tsc_status code, const char *source, int line,
                        int column, const char *fmt, ...) TSC__PRINTF(6, 7);
tsc_status tsc__vfail_at(tsc_error *err, tsc_status code, const char *source, int line,
                         int column, const char *fmt, va_list ap) TSC__PRINTF(6, 0);
void tsc__error_clear(tsc_error *err);

#endif

/* dayindex.c -- the cumulative working-day index a calendar answers from.
 *
 * Over 1900-2200 a holiday set gives two arrays:
 *     before[i]  working days in [first, first + i), for i = 0 .. span
 *     work[k]    the k-th working day of the span
 * calendar.c explains the lookups.  The built-in calendars' arrays are made
 * here at build time by tools/holgen.c and linked as read-only data, so
 * opening one costs no work and no page faults; a calendar loaded from a
 * file builds its own here at open.  One function does both, so they cannot
 * disagree (tests/test_builtin_index.c checks it). */
#include "holiday.h"
#include "date.h"

#include <stdlib.h>

enum { INDEX_FIRST_YEAR = 1900, INDEX_LAST_YEAR = 2200 };

tsc_date tsc__dayindex_first(void) { return tsc__ymd_to_date(INDEX_FIRST_YEAR, 1, 1); }

int32_t tsc__dayindex_span(void)
{
    return tsc__ymd_to_date(INDEX_LAST_YEAR, 12, 31) - tsc__dayindex_first() + 1;
}

static bool mark_holidays(const struct tsc__holset *hs, uint8_t *closed)
{
    tsc_date first = tsc__dayindex_first();
    int32_t span = tsc__dayindex_span();
    struct tsc__dayhol_vec vec = {0};
    bool ok = true;
    for (int y = INDEX_FIRST_YEAR - 1; y <= INDEX_LAST_YEAR + 1 && ok; y++) {
        vec.n = 0;
        ok = tsc__holset_expand_year(hs, y, &vec);
        for (size_t i = 0; ok && i < vec.n; i++) {
            int64_t at = (int64_t)vec.v[i].date - first;
            if (at >= 0 && at < span)
                closed[at] = 1;
        }
    }
    tsc__dayhol_vec_free(&vec);
    return ok;
}

bool tsc__dayindex_build(const struct tsc__holset *hs, unsigned weekend, int32_t **before,
                         tsc_date **work)
{
    tsc_date first = tsc__dayindex_first();
    int32_t span = tsc__dayindex_span();
    uint8_t *closed = calloc((size_t)span, 1);
    *before = malloc(((size_t)span + 1) * sizeof **before);
    *work = malloc((size_t)span * sizeof **work);
    bool ok = closed && *before && *work && mark_holidays(hs, closed);
    if (ok) {
        int32_t count = 0;
        for (int32_t i = 0; i < span; i++) {
            (*before)[i] = count;
            if (!closed[i] && !(weekend & (1u << (tsc__weekday(first + i) - 1))))
                (*work)[count++] = first + i;
        }
        (*before)[span] = count;
    }
    free(closed);
    if (!ok) {
        free(*before);
        free(*work);
        *before = NULL;
        *work = NULL;
    }
    return ok;
}

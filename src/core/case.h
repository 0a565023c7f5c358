/* case.h -- the events recorded for one child, shared by case.c and plan.c. */
#ifndef TSC_CASE_H
#define TSC_CASE_H

#include "internal.h"

struct tsc__case_event {
    size_t name_at;         /* offset of the NUL-terminated name in the pool */
    size_t name_len;
    tsc_date date;          /* local date (for timed events, in the calendar of the call) */
    tsc_time t;             /* with timed */
    bool timed;
};

struct tsc_case {
    struct tsc__case_event *ev;
    size_t n, cap;
    char *pool;
    size_t pool_len, pool_cap;
};

static inline const char *tsc__case_event_name(const tsc_case *c, size_t i)
{
    return c->pool + c->ev[i].name_at;
}

#endif

/* testutil.h -- helpers shared by the cmocka tests. */
#ifndef TSC_TESTUTIL_H
#define TSC_TESTUTIL_H

/* cmocka 1.1 needs these before <cmocka.h>. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "timescale.h"

#if defined(__GNUC__)
#define TSC_TEST_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TSC_TEST_PRINTF(f, a)
#endif

/* 1 when the library has its iCalendar part (CMake sets it from TSC_ICAL);
 * without it, tests of .ics files check that they are refused instead. */
#ifndef TSC_TEST_ICAL
#define TSC_TEST_ICAL 1
#endif

/* Fails the test naming the call and its error unless x is TSC_OK; x
 * passes &e_ for its error. */
#define CHECK(x)                                                                              \
    do {                                                                                      \
        tsc_error e_;                                                                         \
        tsc_status s_ = (x);                                                                  \
        if (s_ != TSC_OK)                                                                     \
            fail_msg("%s: %d %s:%d %s", #x, s_, e_.source, e_.line, e_.message);              \
    } while (0)

/* Parses "YYYY-MM-DD" or fails the test naming the text. */
tsc_date T_date(const char *text);
/* Opens a built-in calendar or fails the test. */
tsc_calendar *T_calendar(const char *name);
/* The tests/ directory (argv[1] or $TSC_TEST_DIR), for data files. */
const char *T_dir(void);
void T_set_dir(int argc, char **argv);
/* "tests/<rel>" into a static buffer. */
const char *T_path(const char *rel);
/* tsc_pack_from_rule() on the rule `text` parses (freed before returning:
 * the pack keeps its own copy). */
tsc_status T_pack_from_rule(const char *text, const char *schedules, const char *calendar,
                            tsc_pack **out, tsc_error *err);
/* Formats a date into one of a few rotating static buffers (for messages). */
const char *T_fmt(tsc_date d);

/* A test program's scratch directory: made fresh as $TMPDIR/<prefix>-XXXXXX
 * (0, or -1 when it cannot be), emptied, removed with its files. */
int T_tmpdir_make(const char *prefix);
void T_tmpdir_clear(void);
void T_tmpdir_remove(void);
const char *T_tmpdir(void);
/* "<scratch directory>/<name>" in one of a few rotating static buffers. */
const char *T_tmp_path(const char *name);
/* A whole file, NUL-terminated, malloc()ed; NULL when it cannot be read.
 * *len (when len is not NULL) is its length. */
char *T_slurp(const char *path, size_t *len);

#endif

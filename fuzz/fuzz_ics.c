/* fuzz_ics.c -- libFuzzer target for .ics calendars (--calendar FILE.ics):
 * any input loads or fails with a position, never crashes; a calendar
 * that loads answers. */
#include "tempfile.h"
#include "timescale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tempfile("in.ics", data, size);
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (path && tsc_calendar_load_file(path, &cal, &err) == TSC_OK) {
        tsc_date d;
        size_t count;
        tsc_calendar_add_working_days(cal, 739677, 250, &d, NULL);
        tsc_calendar_holidays(cal, 739677, 739677 + 400, NULL, 0, &count, NULL);
        tsc_calendar_free(cal);
    }
    return 0;
}

/* fuzz_holfile.c -- libFuzzer target for holiday files: any input loads or
 * fails with a position, never crashes; a calendar that loads answers. */
#include "timescale.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* Includes would read files named by the input: keep the fuzzer on text. */
    if (strstr(text, "include")) {
        free(text);
        return 0;
    }
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_load_string(text, "fuzz", &cal, &err) == TSC_OK) {
        tsc_date d;
        int32_t n;
        size_t count;
        tsc_calendar_add_working_days(cal, 739677, 250, &d, NULL);
        tsc_calendar_count_working_days(cal, 739677, 739677 + 400, 0, &n, NULL);
        tsc_calendar_holidays(cal, 739677, 739677 + 400, NULL, 0, &count, NULL);
        tsc_calendar_free(cal);
    }
    free(text);
    return 0;
}

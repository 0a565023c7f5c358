/* fuzz_rule.c -- libFuzzer target for the rule language and pack files:
 * any input must give TSC_OK or an error with a position, never a crash. */
#include "timescale.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once: a calendar is immutable, and building one per input would
 * spend the fuzzer's time on the index instead of the parsers. */
static tsc_calendar *shared_calendar(void)
{
    static tsc_calendar *cal;
    if (!cal && tsc_calendar_open("england-and-wales", &cal, NULL) != TSC_OK)
        abort();
    return cal;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    tsc_error err;
    tsc_rule *rule = NULL;
    if (tsc_rule_parse(text, &rule, &err) == TSC_OK) {
        char buf[1024];
        tsc_rule_format(rule, buf, sizeof buf);
        tsc_rule_free(rule);
    } else if (err.column < 0) {
        abort();
    }
    tsc_pack *pack = NULL;
    if (tsc_pack_load_string(text, "fuzz", &pack, &err) == TSC_OK) {
        /* A pack that loads must also plan: one event per name it knows. */
        const tsc_calendar *cal = shared_calendar();
        tsc_case *c = NULL;
        tsc_plan *plan = NULL;
        if (tsc_case_new(&c, NULL) == TSC_OK && tsc_plan_new(&plan, NULL) == TSC_OK) {
            for (size_t i = 0; i < tsc_pack_event_count(pack) && i < 8; i++)
                tsc_case_add_date(c, tsc_pack_event_name(pack, i), 739677 + (tsc_date)(i * 3),
                                  NULL);
            tsc_plan_compute(plan, pack, cal, c, 739677 + 400, 739677 + 30, 0, &err);
        }
        tsc_plan_free(plan);
        tsc_case_free(c);
        tsc_pack_free(pack);
    }
    free(text);
    return 0;
}

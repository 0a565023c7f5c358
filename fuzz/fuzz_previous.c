/* fuzz_previous.c -- libFuzzer target for the previous export (--previous
 * FILE): any input loads or fails with a position, never crashes; one that
 * loads is compared with a small plan and the file written, which cancels
 * (reads again) every component of the input the plan does not have. */
#include "tempfile.h"
#include "timescale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void plan_against(const char *previous, const tsc_calendar *cal, const tsc_pack *pack)
{
    tsc_ics_writer *w = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    char *text = NULL;
    size_t len;
    tsc_date until;
    if (tsc_date_parse("2026-06-30", &until, NULL) == TSC_OK &&
        tsc_ics_writer_new(cal, 0, &w, NULL) == TSC_OK &&
        tsc_ics_writer_set_dtstamp(w, 1772000000, NULL) == TSC_OK &&
        tsc_ics_writer_load_previous(w, previous, NULL) == TSC_OK &&
        tsc_case_new(&c, NULL) == TSC_OK && tsc_plan_new(&plan, NULL) == TSC_OK &&
        tsc_case_add_text(c, "referral=2026-03-02", cal, NULL) == TSC_OK &&
        tsc_plan_compute(plan, pack, cal, c, until, 0, 0, NULL) == TSC_OK &&
        tsc_ics_writer_add_plan(w, "7", plan, NULL) == TSC_OK)
        tsc_ics_writer_write_string(w, &text, &len, NULL);
    tsc_free(text);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_ics_writer_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tsc_calendar *cal;
    static tsc_pack *pack;
    if (!cal && (tsc_calendar_open("england-and-wales", &cal, NULL) != TSC_OK ||
                 tsc_pack_open("swindon", &pack, NULL) != TSC_OK))
        return 0;
    const char *path = fuzz_tempfile("previous.ics", data, size);
    if (path)
        plan_against(path, cal, pack);
    return 0;
}

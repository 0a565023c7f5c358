/* test_pack_alias_select.c -- a pack with an `alias` line can still be cut
 * down to some of its rules (tsc_pack_select), which is how tests/test_packs.c
 * runs each hand-worked case on its rule alone.  Found by the St Helena pack:
 * with "alias s47-start s57-start" in its header, selecting any rule that does
 * not name s57-start failed with "'s57-start' is not an event of this pack". */
#include "testutil.h"

static const char pack_text[] =
    "pack      aliastest\n"
    "calendar  st-helena\n"
    "alias     s47-start s57-start\n"
    "\n"
    "rule aliastest.enquiry\n"
    "  when      15 working days after s57-start\n"
    "  schedules s57-end\n"
    "\n"
    "rule aliastest.visit\n"
    "  when      3 working days after allocation\n"
    "  schedules assessment-visit\n";

/* The whole pack loads, and a case may use England's name for the event. */
static void whole_pack_knows_the_alias(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_error err = {0};
    assert_int_equal(tsc_pack_load_string(pack_text, "aliastest", &pack, &err), TSC_OK);
    assert_true(tsc_pack_has_event(pack, "s47-start"));
    assert_true(tsc_pack_has_event(pack, "s57-start"));
    tsc_pack_free(pack);
}

/* Selecting the rule that names the alias target keeps the alias. */
static void select_rule_using_target(void **state)
{
    (void)state;
    tsc_pack *pack = NULL, *sub = NULL;
    tsc_error err = {0};
    assert_int_equal(tsc_pack_load_string(pack_text, "aliastest", &pack, &err), TSC_OK);
    const char *ids[] = {"aliastest.enquiry"};
    assert_int_equal(tsc_pack_select(pack, ids, 1, &sub, &err), TSC_OK);
    assert_true(tsc_pack_has_event(sub, "s47-start"));
    tsc_pack_free(sub);
    tsc_pack_free(pack);
}

/* Selecting a rule that does not name the alias target must still work: the
 * alias has nothing to point at in the smaller pack, which is no error of the
 * pack's (expected TSC_OK with one rule; the library fails here). */
static void select_rule_not_using_target(void **state)
{
    (void)state;
    tsc_pack *pack = NULL, *sub = NULL;
    tsc_error err = {0};
    assert_int_equal(tsc_pack_load_string(pack_text, "aliastest", &pack, &err), TSC_OK);
    const char *ids[] = {"aliastest.visit"};
    tsc_status st = tsc_pack_select(pack, ids, 1, &sub, &err);
    if (st != TSC_OK) {
        char msg[256];
        tsc_error_format(&err, msg, sizeof msg);
        fail_msg("tsc_pack_select of a rule not naming the alias target failed: %s", msg);
    }
    assert_int_equal(tsc_pack_rule_count(sub), 1);
    tsc_pack_free(sub);
    tsc_pack_free(pack);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_pack_knows_the_alias),
        cmocka_unit_test(select_rule_using_target),
        cmocka_unit_test(select_rule_not_using_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

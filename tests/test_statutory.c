/* test_statutory.c -- every `statutory` line of a shipped vocabulary that
 * names a return the CLI reads (CIN census, SSDA903) names a table and field
 * its reader reads (cli/return_layouts.c), so no item is mapped and then
 * silently never read; a line that does not is refused naming the file and
 * line.  Compiles cli/statutory.c and cli/return_layouts.c in: they use
 * only the public header, and cli_fail is caught here. */
#include "testutil.h"

#include "statutory.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char failed[1000];

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(failed, sizeof failed, fmt, ap);
    va_end(ap);
    return CLI_ERROR;
}

int cli_fail_error(const tsc_error *err)
{
    return cli_fail("%s", err->message);
}

static const struct return_layout *const layouts[] = {&cin_census_layout, &ssda903_layout};

/* Loads `path` and maps it for both readers; "" when both accept it, else the message. */
static const char *check_file(const char *path, size_t *items)
{
    *items = 0;
    for (size_t i = 0; i < 2; i++) {
        tsc_vocab *v = NULL;
        tsc_error err = {0};
        if (tsc_vocab_load_file(path, &v, &err) != TSC_OK)
            fail_msg("%s: %s", path, err.message);
        struct statutory_map map;
        failed[0] = '\0';
        int rc = statutory_map_from(&map, v, path, layouts[i]);
        *items += map.count;
        statutory_map_free(&map);
        if (rc)
            return failed;
    }
    return "";
}

/* Every rules/NAME.vocab: the compiled-in one and any other shipped. */
static void shipped_vocabularies_name_only_what_the_readers_read(void **state)
{
    (void)state;
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s/../rules", getenv("TSC_TEST_DIR"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t files = 0, items = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 6, ".vocab") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t found;
        const char *why = check_file(path, &found);
        if (*why)
            fail_msg("%s", why);
        files++;
        items += found;
    }
    closedir(d);
    assert_int_equal(files, 1);
    assert_true(items >= 17);    /* 11 census elements, 6 SSDA903 columns */
}

/* Each reader's items, as `plan` loads them. */
static void builtin_vocabulary_maps_every_read_table(void **state)
{
    (void)state;
    struct statutory_map map;
    assert_int_equal(statutory_map_load(&map, &ssda903_layout), CLI_OK);
    const struct statutory_item *it = statutory_find(&map, "PlacedAdoption", "DATE_PLACED", 0);
    assert_non_null(it);
    assert_string_equal(it->event, "adoption-decision");
    bool adoptive = false;
    for (it = statutory_find(&map, "Episodes", "DECOM", 0); it;
         it = statutory_find(&map, "Episodes", "DECOM", (size_t)(it - map.items) + 1))
        adoptive |= !strcmp(it->event, "adoptive-placement-start") &&
                    !strcmp(it->if_column, "PLACE") && !strcmp(it->if_values, "A3 A4 A5 A6");
    assert_true(adoptive);
    statutory_map_free(&map);
    assert_int_equal(statutory_map_load(&map, &cin_census_layout), CLI_OK);
    assert_non_null(statutory_find(&map, "", "CINreferralDate", 0));
    statutory_map_free(&map);
}

static void refused(const char *lines, const struct return_layout *layout, const char *message)
{
    char text[2000];
    snprintf(text, sizeof text, "event a\n  means x\n  statutory Ofsted Annex A a list\n%s", lines);
    tsc_vocab *v = NULL;
    tsc_error err = {0};
    if (tsc_vocab_load_string(text, "my.vocab", &v, &err) != TSC_OK)
        fail_msg("%s", err.message);
    struct statutory_map map;
    failed[0] = '\0';
    assert_int_equal(statutory_map_from(&map, v, "my.vocab", layout), CLI_ERROR);
    statutory_map_free(&map);
    if (strcmp(failed, message) != 0)
        fail_msg("%s: got '%s', want '%s'", lines, failed, message);
}

static void lines_no_reader_reads_are_refused_with_file_and_line(void **state)
{
    (void)state;
    refused("event b\n  means y\n  statutory SSDA903 Episodes DECOM where RNE is S\n"
            "  statutory SSDA903 Placements DECOM\n",
            &ssda903_layout,
            "my.vocab:7: statutory SSDA903 Placements DECOM: --ssda903 reads no table "
            "Placements (it reads Header, Episodes, Reviews, PlacedAdoption)");
    refused("event b\n  means y\n  statutory SSDA903 Episodes POC_START\n", &ssda903_layout,
            "my.vocab:6: statutory SSDA903 Episodes POC_START: POC_START is not a date "
            "--ssda903 reads in Episodes");
    refused("event b\n  means y\n  statutory SSDA903 Episodes DECOM where PLACES is A3\n",
            &ssda903_layout,
            "my.vocab:6: statutory SSDA903 Episodes DECOM where PLACES is A3: PLACES is not a "
            "code --ssda903 reads in Episodes");
    refused("event b\n  means y\n  statutory SSDA903 Episodes DECOM where\n", &ssda903_layout,
            "my.vocab:6: statutory SSDA903 Episodes DECOM where: not 'SSDA903 TABLE NAME "
            "[where COLUMN is [not] CODES]'");
    refused("event b\n  means y\n  statutory CIN census CINReferralDate\n", &cin_census_layout,
            "my.vocab:6: statutory CIN census CINReferralDate: CINReferralDate is not a date "
            "--cin-census reads in Child");
    refused("event b\n  means y\n  statutory CIN census CPPstartDate where Code is 1\n",
            &cin_census_layout,
            "my.vocab:6: statutory CIN census CPPstartDate where Code is 1: --cin-census "
            "applies no 'where' to Child");
    /* A return no reader knows is refused by every reader: a misspelt
     * prefix would otherwise be documentation, never read. */
    for (size_t i = 0; i < 2; i++)
        refused("event b\n  means y\n  statutory SSDA 903 Episodes DECOM\n", layouts[i],
                "my.vocab:6: statutory SSDA 903 Episodes DECOM: no return of that name (read: "
                "CIN census, SSDA903; documentation only: Ofsted Annex A)");
}

/* The other reader's lines, and Ofsted Annex A's, are not this reader's concern. */
static void other_returns_lines_are_left_to_their_reader(void **state)
{
    (void)state;
    tsc_vocab *v = NULL;
    assert_int_equal(tsc_vocab_load_string("event a\n  means x\n"
                                           "  statutory Ofsted Annex A a list\n"
                                           "  statutory CIN census CINreferralDate\n"
                                           "  statutory SSDA903 Episodes DECOM\n",
                                           "my.vocab", &v, NULL),
                     TSC_OK);
    assert_int_equal(tsc_vocab_statutory_line(v, 0, 0), 3);
    assert_int_equal(tsc_vocab_statutory_line(v, 0, 2), 5);
    assert_int_equal(tsc_vocab_statutory_line(v, 0, 3), 0);
    assert_int_equal(tsc_vocab_statutory_line(v, 1, 0), 0);
    assert_int_equal(tsc_vocab_statutory_line(NULL, 0, 0), 0);
    struct statutory_map map;
    assert_int_equal(statutory_map_from(&map, v, "my.vocab", &cin_census_layout), CLI_OK);
    assert_int_equal(map.count, 1);
    assert_string_equal(map.items[0].name, "CINreferralDate");
    statutory_map_free(&map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_vocabularies_name_only_what_the_readers_read),
        cmocka_unit_test(builtin_vocabulary_maps_every_read_table),
        cmocka_unit_test(lines_no_reader_reads_are_refused_with_file_and_line),
        cmocka_unit_test(other_returns_lines_are_left_to_their_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

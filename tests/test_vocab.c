/* test_vocab.c -- the event vocabulary (rules/events.vocab): every built-in
 * pack uses only its names, a statutory item names one event, and a bad file
 * is refused with its line and column. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static tsc_vocab *builtin(void)
{
    tsc_vocab *v = NULL;
    tsc_error err = {0};
    if (tsc_vocab_builtin(&v, &err) != TSC_OK)
        fail_msg("built-in vocabulary: %s:%d:%d: %s", err.source, err.line, err.column,
                 err.message);
    return v;
}

/* The names the issue found five ways are one name each now. */
static void builtin_has_the_unified_names(void **state)
{
    (void)state;
    tsc_vocab *v = builtin();
    tsc_event_info e;
    const char *canonical[] = {"strategy-discussion", "s47-end", "lac-start",
                               "adoptive-placement-start"};
    for (size_t i = 0; i < sizeof canonical / sizeof *canonical; i++) {
        int64_t k = tsc_vocab_find(v, canonical[i]);
        assert_true(k >= 0);
        assert_int_equal(tsc_vocab_event(v, (size_t)k, &e, NULL), TSC_OK);
        assert_string_equal(e.name, canonical[i]);
    }
    const char *gone[] = {"strategy", "strategy-meeting", "s47-complete", "s47-completed",
                          "s47-completion", "adoptive-placement"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        assert_int_equal(tsc_vocab_find(v, gone[i]), -1);
    /* St Helena's section 57 names are aliases of England's section 47 events. */
    assert_int_equal(tsc_vocab_find(v, "s57-start"), tsc_vocab_find(v, "s47-start"));
    assert_int_equal(tsc_vocab_find(v, "s57-end"), tsc_vocab_find(v, "s47-end"));
    /* Condition events are subtypes. */
    assert_int_equal(tsc_vocab_event(v, (size_t)tsc_vocab_find(v, "emergency-placement"), &e,
                                     NULL), TSC_OK);
    assert_string_equal(e.parent, "placement-start");
    assert_int_equal(e.produced, 0);
    assert_int_equal(tsc_vocab_event(v, (size_t)tsc_vocab_find(v, "complex-referral"), &e,
                                     NULL), TSC_OK);
    assert_string_equal(e.parent, "referral");
    assert_int_equal(tsc_vocab_event(v, (size_t)tsc_vocab_find(v, "cp-visit"), &e, NULL),
                     TSC_OK);
    assert_int_equal(e.produced, 1);
    assert_int_equal(tsc_vocab_event(v, (size_t)tsc_vocab_find(v, "referral"), &e, NULL),
                     TSC_OK);
    assert_non_null(strstr(e.statutory, "CIN census CINreferralDate"));
    tsc_vocab_free(v);
}

/* Every name any built-in pack uses is a vocabulary name, written as the
 * vocabulary writes it (not an alias). */
static void every_pack_uses_only_vocabulary_names(void **state)
{
    (void)state;
    tsc_vocab *v = builtin();
    int unknown = 0;
    for (size_t p = 0; p < tsc_pack_builtin_count(); p++) {
        tsc_pack *pack = NULL;
        assert_int_equal(tsc_pack_open(tsc_pack_builtin_name(p), &pack, NULL), TSC_OK);
        for (size_t i = 0; i < tsc_pack_event_count(pack); i++) {
            const char *name = tsc_pack_event_name(pack, i);
            int64_t k = tsc_vocab_find(v, name);
            tsc_event_info e = {0};
            if (k >= 0)
                tsc_vocab_event(v, (size_t)k, &e, NULL);
            if (k < 0 || strcmp(e.name, name) != 0) {
                fprintf(stderr, "pack %s uses '%s': %s\n", tsc_pack_name(pack), name,
                        k < 0 ? "not in rules/events.vocab" : "an alias; write the event name");
                unknown++;
            }
        }
        tsc_pack_free(pack);
    }
    assert_int_equal(unknown, 0);
    tsc_vocab_free(v);
}

/* One statutory item, one event: no two vocabulary names share an item. */
static void statutory_items_name_one_event(void **state)
{
    (void)state;
    tsc_vocab *v = builtin();
    size_t n = tsc_vocab_count(v), items = 0;
    for (size_t i = 0; i < n; i++) {
        tsc_event_info a;
        tsc_vocab_event(v, i, &a, NULL);
        for (const char *s = a.statutory; *s;) {
            const char *end = strstr(s, "; ");
            size_t len = end ? (size_t)(end - s) : strlen(s);
            items++;
            for (size_t j = i + 1; j < n; j++) {
                tsc_event_info b;
                tsc_vocab_event(v, j, &b, NULL);
                char item[200];
                snprintf(item, sizeof item, "%.*s", (int)len, s);
                if (strstr(b.statutory, item))
                    fail_msg("'%s' is both %s and %s", item, a.name, b.name);
            }
            s += len + (end ? 2 : 0);
        }
    }
    assert_true(items >= 15);
    tsc_vocab_free(v);
}

static void expect_error(const char *text, int line, int column, const char *words)
{
    tsc_vocab *v = NULL;
    tsc_error err = {0};
    assert_int_equal(tsc_vocab_load_string(text, "my.vocab", &v, &err), TSC_ERR_PARSE);
    assert_null(v);
    assert_string_equal(err.source, "my.vocab");
    if (err.line != line || err.column != column || !strstr(err.message, words))
        fail_msg("%s: got %d:%d %s, want %d:%d ...%s...", text, err.line, err.column,
                 err.message, line, column, words);
}

static void bad_files_name_line_and_column(void **state)
{
    (void)state;
    expect_error("event Referral\n  means x\n", 1, 7, "kebab-case");
    expect_error("event a\n  means x\n  colour red\n", 3, 3, "unknown key 'colour'");
    expect_error("  means x\n", 1, 3, "outside an entry");
    expect_error("thing a\n", 1, 1, "expected event or produced");
    expect_error("event a\n", 1, 1, "no 'means'");
    expect_error("event a\n  means x\n  is b\n", 3, 6, "no such event");
    expect_error("event a\n  means x\n  is b\nevent b\n  means y\n  is a\n", 3, 6, "cycle");
    expect_error("event a\n  means x\nproduced a\n  means y\n", 3, 1, "already a name of a");
    expect_error("event a\n  means x\n  alias b\nevent b\n  means y\n", 1, 1, "'b' is already a name of b (line 4)");
    expect_error("event a\n  means x\n  statutory CIN census ReferralDate\n"
                 "event b\n  means y\n  statutory CIN census ReferralDate\n",
                 4, 1, "already belongs to a");
    expect_error("event a\n  means x\n  means y\n", 3, 3, "twice");
    expect_error("event a\n  means x\n  label A\n  label B\n", 4, 3, "'label' is given twice");
    expect_error("event a\n  means x\n  label\n", 3, 8, "'label' needs a value");
}

/* Display labels are data: the vocabulary's `label`, else derived from the
 * name (an abbreviation is a short word without a vowel or with a digit). */
static void labels_come_from_the_vocabulary(void **state)
{
    (void)state;
    tsc_vocab *v = NULL;
    tsc_event_info e;
    char buf[64];
    assert_int_equal(tsc_vocab_load_string("produced lac-review\n  means a review\n"
                                           "  label     Looked-after review\n"
                                           "  alias cla-review\n"
                                           "produced cp-home-visit\n  means a visit\n",
                                           NULL, &v, NULL), TSC_OK);
    assert_int_equal(tsc_vocab_event(v, 0, &e, NULL), TSC_OK);
    assert_string_equal(e.label, "Looked-after review");
    assert_int_equal(tsc_vocab_event(v, 1, &e, NULL), TSC_OK);
    assert_string_equal(e.label, "CP home visit");
    assert_int_equal(tsc_vocab_label(v, "cla-review", buf, sizeof buf), 19);
    assert_string_equal(buf, "Looked-after review");
    /* Not in this vocabulary: derived, "lac" has a vowel. */
    tsc_vocab_label(v, "lac-visit-s20", buf, sizeof buf);
    assert_string_equal(buf, "Lac visit S20");
    assert_int_equal(tsc_vocab_label(v, "lac-review", buf, 5), 19);   /* snprintf's rules */
    assert_string_equal(buf, "Look");
    tsc_vocab_label(NULL, "pdr", buf, sizeof buf);
    assert_string_equal(buf, "PDR");
    tsc_vocab_free(v);
    /* The built-in vocabulary names what the old C list did. */
    v = builtin();
    const char *labelled[][2] = {{"lac-review", "LAC review"}, {"icpc", "ICPC"},
                                 {"pa-visit", "PA visit"}, {"chronology-qa", "Chronology QA"},
                                 {"cp-visit", "CP visit"}, {"lac-start-16-plus",
                                                            "LAC start 16 plus"}};
    for (size_t i = 0; i < sizeof labelled / sizeof *labelled; i++) {
        tsc_vocab_label(v, labelled[i][0], buf, sizeof buf);
        assert_string_equal(buf, labelled[i][1]);
    }
    tsc_vocab_free(v);
}

static void a_file_loads(void **state)
{
    (void)state;
    const char *path = "vocab-test.tmp";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# mine\nevent visit\n  means a visit\nevent home-visit\n  means at home\n"
          "  is visit\n  alias house-call\n  statutory Mine HomeVisitDate\n", f);
    fclose(f);
    tsc_vocab *v = NULL;
    assert_int_equal(tsc_vocab_load_file(path, &v, NULL), TSC_OK);
    remove(path);
    assert_int_equal(tsc_vocab_count(v), 2);
    assert_int_equal(tsc_vocab_find(v, "house-call"), 1);
    tsc_event_info e;
    assert_int_equal(tsc_vocab_event(v, 1, &e, NULL), TSC_OK);
    assert_string_equal(e.parent, "visit");
    assert_string_equal(e.aliases, "house-call");
    assert_string_equal(e.statutory, "Mine HomeVisitDate");
    assert_int_equal(tsc_vocab_event(v, 2, &e, NULL), TSC_ERR_RANGE);
    tsc_vocab_free(v);
}

/* A misspelling gets the nearest names, the intended one first. */
static void suggestions_are_nearest_first(void **state)
{
    (void)state;
    tsc_vocab *v = builtin();
    const char *out[3];
    size_t n = tsc_vocab_suggest(v, "referal", out, 3);
    assert_true(n >= 1);
    assert_string_equal(out[0], "referral");
    const char *more[8];
    n = tsc_vocab_suggest(v, "strategy", more, 8);   /* a word the name starts with */
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found = found || !strcmp(more[i], "strategy-discussion");
    assert_true(found);
    assert_int_equal(tsc_vocab_suggest(v, "zzzzzzzzzzzzzzzzzzzzzz", out, 3), 0);
    tsc_vocab_free(v);
}

/* Ordinals number instances, never names: "schedules second lac-review",
 * "before later lac-review" (every review but the first). */
static void ordinals_in_packs(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_error err = {0};
    assert_int_equal(tsc_pack_load_string("rule t.a\n  when      4 months after lac-start\n"
                                          "  schedules second lac-review\n", "t", &pack, &err),
                     TSC_OK);
    tsc_rule_info info;
    assert_int_equal(tsc_pack_rule(pack, 0, &info, NULL), TSC_OK);
    assert_string_equal(info.schedules, "lac-review");
    tsc_pack_free(pack);
    assert_int_equal(tsc_pack_load_string("rule t.a\n  when      4 months after lac-start\n"
                                          "  schedules banana lac-review\n", "t", &pack, &err),
                     TSC_ERR_PARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 13);
    tsc_rule *rule = NULL;
    assert_int_equal(tsc_rule_parse("5 working days before later lac-review", &rule, &err), TSC_OK);
    char buf[200];
    tsc_rule_format(rule, buf, sizeof buf);
    assert_non_null(strstr(buf, "later lac-review"));
    tsc_rule_free(rule);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_has_the_unified_names),
        cmocka_unit_test(every_pack_uses_only_vocabulary_names),
        cmocka_unit_test(statutory_items_name_one_event),
        cmocka_unit_test(bad_files_name_line_and_column),
        cmocka_unit_test(a_file_loads),
        cmocka_unit_test(labels_come_from_the_vocabulary),
        cmocka_unit_test(suggestions_are_nearest_first),
        cmocka_unit_test(ordinals_in_packs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

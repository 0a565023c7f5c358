/* items.h -- writing plan items as a table, CSV or JSON. */
#ifndef TSC_CLI_ITEMS_H
#define TSC_CLI_ITEMS_H

#include "caseload.h"

enum item_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct item_writer {
    FILE *out;
    enum item_format format;
    const tsc_calendar *cal;
    bool with_case;         /* a case_id column (batch mode) */
    struct caseload_columns columns;   /* with_case: label, worker, team columns */
    size_t written;
    tsc_ics_writer *ics;    /* when set (--ics), plans go there instead of out */
    const tsc_pack *pack;   /* the pack the plans were computed with */
    bool begun;             /* items_begin was called */
    int rule_width;         /* table: the longest rule id of the pack (items_begin) */
    /* Output gathers here and goes to `out` in large writes (items_end
     * flushes): a few hundred bytes an item through stdio's per-call
     * locking and checks cost more than planning them. */
    size_t buffered;
    char buffer[1 << 16];
    /* Per rule of the pack and per text column that only depends on the
     * rule (id, schedules, role, text): the text's length and whether the
     * format writes it as it is (no quoting or escapes), found once. */
    struct rule_text_seen {
        const char *text;
        size_t len;
        bool plain;
    } (*seen)[4];
    size_t nseen;
    struct items_csv *csv;  /* items_csv.c's ready text for CSV rows (NULL: none yet) */
};

int item_format_parse(const char *text, enum item_format *out);
void items_begin(struct item_writer *w);
void items_write(struct item_writer *w, const struct case_ref *c, const tsc_item *it);
void items_end(struct item_writer *w);
/* Says on stderr which series the plan cut short (TSC_ITEM_TRUNCATED). */
void items_warn_truncated(const char *case_id, const tsc_plan *plan);
/* Says on stderr how many items an explicit --until left out. */
void items_warn_hidden(size_t hidden, tsc_date until);
/* Writes every item of a plan (to w->ics when set); prints any error. */
int items_write_plan(struct item_writer *w, const struct case_ref *c, const tsc_plan *plan);
/* Sends what the writer's buffer holds to w->out. */
void items_flush(struct item_writer *w);

/* items_csv.c: CSV rows from text made once per case and per rule.
 * items_csv_case readies case c's columns (false: not CSV, or no memory);
 * items_csv_row then writes one item of it, or returns false for
 * items_write to (the same bytes). */
bool items_csv_case(struct item_writer *w, const struct case_ref *c);
bool items_csv_row(struct item_writer *w, const tsc_item *it);
void items_csv_free(struct item_writer *w);

/* The --ics options shared by plan, rule and holidays. */
#define ICS_OPTIONS                                                                         \
    {"ics", true}, {"case-id", true}, {"alarm", true}, {"component", true},                 \
        {"previous", true}, {"no-reminder-events", false}, {"dtstamp", true}
#define ICS_HELP                                                                            \
    "  --ics FILE         write an iCalendar file instead ('-': standard output);\n"        \
    "                     written whole or not at all (a temporary file, then rename)\n"   \
    "  --case-id ID       the case, for stable UIDs (needed with --ics and --event)\n"     \
    "  --alarm N          remind N working days before each due date at 09:00\n"           \
    "                     (0: no reminders; default 1)\n"                                  \
    "  --component KIND   event (default) or todo (VTODO with DUE)\n"                      \
    "  --previous FILE    the file exported last time: unchanged items keep their\n"      \
    "                     SEQUENCE, changed ones get a higher one, dropped ones are\n"     \
    "                     written as cancelled\n"                                          \
    "  --no-reminder-events  VALARMs only, no separate \"Reminder: ...\" events\n"        \
    "  --dtstamp TIME     DTSTAMP of new and changed items, e.g. 2026-01-01T00:00Z\n"      \
    "                     (default $SOURCE_DATE_EPOCH, else now)\n"

/* --output FILE: the items go to a temporary file that replaces FILE
 * whole, or not at all on error ("-" or no option: standard output).
 * *stream is where to write; *file (NULL for standard output) goes to
 * output_close, which commits it when rc is CLI_OK and passes rc on. */
#define OUTPUT_OPTION {"output", true}
#define OUTPUT_HELP                                                                         \
    "  --output FILE      write to FILE instead of standard output, whole or not at\n"      \
    "                     all (a temporary file, then rename)\n"
int output_open(const struct cli_args *a, FILE **stream, tsc_outfile **file);
int output_close(tsc_outfile *file, int rc);

/* The --ics, --previous, --alarm, --component, --no-reminder-events and
 * --dtstamp options (else $SOURCE_DATE_EPOCH), parsed once. */
struct ics_settings {
    const char *path;       /* --ics FILE ("-": standard output); NULL: no file */
    const char *previous;   /* --previous FILE, or NULL */
    unsigned flags;         /* TSC_ICS_* */
    int32_t alarm_days;     /* working days before each due date (default 1) */
    bool stamped;           /* dtstamp was given */
    tsc_time dtstamp;
};
/* Parses them (--dtstamp in cal's zone).  With check_needs (plan, rule,
 * holidays), an option that needs --ics without it is an error, and
 * without --ics or --ics-dir nothing more is read. */
int ics_settings_parse(const struct cli_args *a, const tsc_calendar *cal, bool check_needs,
                       struct ics_settings *s);
/* With s->path: a new writer reading s->previous (*out NULL without it).
 * `name` is the calendar's display name. */
int ics_open(const struct ics_settings *s, const tsc_calendar *cal, const char *name,
             tsc_ics_writer **out);
/* Adds a case's plan to an iCalendar writer; prints any error. */
int ics_add_case(tsc_ics_writer *ics, const struct case_ref *c, const tsc_plan *plan);
/* A new writer with the settings, named `name`, reading `previous` (NULL:
 * none). */
int ics_new_writer(const struct ics_settings *s, const tsc_calendar *cal, const char *name,
                   const char *previous, tsc_ics_writer **out);
/* Writes the file at `path` once (ics_close then renames it): plan's years
 * reserved first (NULL: the caller reserved every plan to come), the head
 * written and each case streamed after it.  Nothing for "-" (standard
 * output gets the text whole at the end). */
int ics_stream(tsc_ics_writer *w, const char *path, const tsc_plan *plan);
/* Writes the file at path (or standard output for "-") and frees the writer. */
int ics_close(const char *path, tsc_ics_writer *w);

#endif

/* cli.h -- the timescale command: shared option parsing and output helpers.
 * The command uses the public API only. */
#ifndef TSC_CLI_H
#define TSC_CLI_H

#include "timescale.h"

#include <stdbool.h>
#include <stdio.h>

enum { CLI_MAX_POSITIONAL = 8, CLI_MAX_OPTIONS = 4096 };

struct cli_option_spec {
    const char *name;     /* without the leading "--" */
    bool takes_value;
};

struct cli_args {
    const char *command;
    int npos;
    const char *pos[CLI_MAX_POSITIONAL];
    int nopts;
    struct { const char *name, *value; } opts[CLI_MAX_OPTIONS];
};

struct cli_command {
    const char *name;
    const char *usage;    /* one line: arguments and options */
    const char *help;     /* the rest of --help */
    const struct cli_option_spec *options;   /* ends with {NULL} */
    int min_pos, max_pos;
    int (*run)(const struct cli_args *args);
};

/* Exit codes: 0 success, 1 "no" answer (is-working on a holiday), 2 error. */
enum { CLI_OK = 0, CLI_NO = 1, CLI_ERROR = 2 };

int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fail_error(const tsc_error *err);

const char *cli_opt(const struct cli_args *a, const char *name);   /* last value, or NULL */
/* The last value, or `fallback` when the option is not given. */
const char *cli_opt_or(const struct cli_args *a, const char *name, const char *fallback);
bool cli_flag(const struct cli_args *a, const char *name);

/* A built-in calendar, or a .hol / .ics file (a name with '/' or '.');
 * NULL: england-and-wales.  Prints the error. */
int cli_open_calendar(const char *name, tsc_calendar **cal);
/* A built-in pack by name, or a .rules file (a name with '/' or ending .rules). */
int cli_open_pack(const char *name, tsc_pack **pack);
tsc_date cli_today(void);     /* the local date */
int cli_parse_date(const char *text, const char *what, tsc_date *out);
int cli_parse_int(const char *text, const char *what, long lo, long hi, long *out);
void cli_print_date(FILE *f, tsc_date d);

/* Text from a file or the command line made safe for a message: control
 * bytes shown escaped (\t, \r, \n, \xNN), cut with "..." to fit buf. */
enum { CLI_ESCAPED_MAX = 200 };
const char *cli_escape(const char *s, char *buf, size_t n);

extern const struct cli_command cli_cmd_add, cli_cmd_between, cli_cmd_is_working,
    cli_cmd_next, cli_cmd_previous, cli_cmd_roll, cli_cmd_easter, cli_cmd_holidays,
    cli_cmd_calendars, cli_cmd_rule, cli_cmd_plan, cli_cmd_events, cli_cmd_serve,
    cli_cmd_audit;

#endif

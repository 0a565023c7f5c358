/* main.c -- `timescale SUBCOMMAND ...`: dispatch, options, errors. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_command *const commands[] = {
    &cli_cmd_add, &cli_cmd_between, &cli_cmd_is_working, &cli_cmd_next, &cli_cmd_previous,
    &cli_cmd_roll, &cli_cmd_holidays, &cli_cmd_calendars, &cli_cmd_easter, &cli_cmd_rule,
    &cli_cmd_plan, &cli_cmd_audit, &cli_cmd_events, &cli_cmd_serve,
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("timescale: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_ERROR;
}

int cli_fail_error(const tsc_error *err)
{
    char buf[800];
    tsc_error_format(err, buf, sizeof buf);
    return cli_fail("%s", buf);
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, name) == 0)
            v = a->opts[i].value;
    return v;
}

const char *cli_opt_or(const struct cli_args *a, const char *name, const char *fallback)
{
    const char *v = cli_opt(a, name);
    return v ? v : fallback;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
    for (int i = 0; i < a->nopts; i++)
        if (strcmp(a->opts[i].name, name) == 0)
            return true;
    return false;
}

int cli_open_calendar(const char *name, tsc_calendar **cal)
{
    tsc_error err;
    tsc_status st;
    if (!name)
        name = "england-and-wales";
    if (strchr(name, '/') || strchr(name, '.'))
        st = tsc_calendar_load_file(name, cal, &err);
    else
        st = tsc_calendar_open(name, cal, &err);
    return st ? cli_fail_error(&err) : CLI_OK;
}

int cli_parse_date(const char *text, const char *what, tsc_date *out)
{
    tsc_error err;
    if (tsc_date_parse(text, out, &err) == TSC_OK)
        return CLI_OK;
    char buf[400];
    tsc_error_format(&err, buf, sizeof buf);
    return cli_fail("%s: %s", what, buf);
}

int cli_parse_int(const char *text, const char *what, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < lo || v > hi)
        return cli_fail("%s: expected a whole number from %ld to %ld, got '%s'", what, lo, hi,
                        text);
    *out = v;
    return CLI_OK;
}

void cli_print_date(FILE *f, tsc_date d)
{
    char buf[16];
    tsc_date_format(d, buf, sizeof buf);
    fputs(buf, f);
}

const char *cli_escape(const char *s, char *buf, size_t n)
{
    size_t len = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char piece[5];
        if (c == '\t' || c == '\r' || c == '\n')
            snprintf(piece, sizeof piece, "\\%c", c == '\t' ? 't' : c == '\r' ? 'r' : 'n');
        else if (c < 0x20 || c == 0x7f)
            snprintf(piece, sizeof piece, "\\x%02x", c);
        else
            snprintf(piece, sizeof piece, "%c", c);
        size_t plen = strlen(piece);
        if (len + plen + 4 > n) {           /* room for "..." and the NUL */
            snprintf(buf + len, n - len, "...");
            return buf;
        }
        memcpy(buf + len, piece, plen);
        len += plen;
    }
    buf[len] = '\0';
    return buf;
}

static void print_usage(FILE *f)
{
    fprintf(f, "usage: timescale COMMAND [ARGS] [OPTIONS]\n\n"
               "Working-day deadlines on UK and St Helena bank-holiday calendars.\n\n"
               "commands:\n");
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i]->name, commands[i]->usage);
    fprintf(f, "\n'timescale COMMAND --help' explains one command.  Dates are YYYY-MM-DD.\n"
               "--calendar takes a built-in name (england-and-wales, scotland,\n"
               "northern-ireland, st-helena) or a .hol / .ics file.\n");
}

static void print_help(const struct cli_command *c)
{
    printf("usage: timescale %s %s\n\n%s", c->name, c->usage, c->help);
}

static const struct cli_option_spec *find_spec(const struct cli_command *c, const char *name,
                                               size_t len)
{
    for (const struct cli_option_spec *s = c->options; s && s->name; s++)
        if (strlen(s->name) == len && strncmp(s->name, name, len) == 0)
            return s;
    return NULL;
}

static bool looks_like_number(const char *s)
{
    return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

static int parse_args(const struct cli_command *c, int argc, char **argv, struct cli_args *a)
{
    a->command = c->name;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (arg[0] == '-' && arg[1] && !looks_like_number(arg) && strcmp(arg, "--") != 0)
                return cli_fail("%s: unknown option '%s' (see timescale %s --help)", c->name,
                                arg, c->name);
            if (a->npos == CLI_MAX_POSITIONAL || a->npos >= c->max_pos)
                return cli_fail("%s: unexpected argument '%s' (usage: timescale %s %s)",
                                c->name, arg, c->name, c->usage);
            a->pos[a->npos++] = arg;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct cli_option_spec *spec = find_spec(c, name, len);
        if (!spec)
            return cli_fail("%s: unknown option '--%.*s' (see timescale %s --help)", c->name,
                            (int)len, name, c->name);
        const char *value = NULL;
        if (spec->takes_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cli_fail("%s: option '--%s' needs a value", c->name, spec->name);
        } else if (eq) {
            return cli_fail("%s: option '--%s' takes no value", c->name, spec->name);
        }
        if (a->nopts == CLI_MAX_OPTIONS)
            return cli_fail("%s: too many options", c->name);
        a->opts[a->nopts].name = spec->name;
        a->opts[a->nopts++].value = value;
    }
    if (a->npos < c->min_pos)
        return cli_fail("%s: missing argument (usage: timescale %s %s)", c->name, c->name,
                        c->usage);
    return CLI_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_ERROR : CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("timescale %s\n", tsc_version());
        return CLI_OK;
    }
    for (int i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i]->name) != 0)
            continue;
        for (int j = 2; j < argc; j++)
            if (!strcmp(argv[j], "--help") || !strcmp(argv[j], "-h")) {
                print_help(commands[i]);
                return CLI_OK;
            }
        static struct cli_args args;
        int rc = parse_args(commands[i], argc - 2, argv + 2, &args);
        if (rc)
            return rc;
        rc = commands[i]->run(&args);
        if (fflush(stdout) != 0 || ferror(stdout))
            return cli_fail("error writing output");
        return rc;
    }
    cli_fail("unknown command '%s'", argv[1]);
    print_usage(stderr);
    return CLI_ERROR;
}

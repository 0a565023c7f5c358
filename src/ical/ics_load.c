/* ics_load.c -- libtimescale's tsc_ics_* functions in a shared build: each
 * loads the iCalendar module on first use (ics_module.h explains why) and
 * calls it.  Compiled without libical: the header is read for the
 * prototypes only. */
#define _GNU_SOURCE /* dladdr */
#include "ics_module.h"
#include "timescale_ical.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef TSC_ICAL_MODULE_NAME
#error "TSC_ICAL_MODULE_NAME (the module's file name) is set by src/CMakeLists.txt"
#endif

/* The module once loaded, or why it could not be; written once under
 * pthread_once, read-only afterwards. */
static pthread_once_t module_once = PTHREAD_ONCE_INIT;
static const struct tsc__ical_module *module;
static char module_error[400];

/* The module sits beside this library, wherever that was installed or built. */
static void load_module(void)
{
    Dl_info self;
    char path[4096];
    if (!dladdr(&module_once, &self) || !self.dli_fname) {
        snprintf(module_error, sizeof module_error, "cannot locate libtimescale");
        return;
    }
    const char *slash = strrchr(self.dli_fname, '/');
    int dir_len = slash ? (int)(slash - self.dli_fname + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dir_len, self.dli_fname, TSC_ICAL_MODULE_NAME);
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const struct tsc__ical_module *m = handle ? dlsym(handle, TSC_ICAL_MODULE_SYMBOL) : NULL;
    if (m && m->size == sizeof *m) {
        *m->calendar_from_holset = tsc__calendar_from_holset;
        module = m;
    }
    else
        snprintf(module_error, sizeof module_error, "%s",
                 handle ? "the iCalendar module is from another build" : dlerror());
}

static const struct tsc__ical_module *ical(tsc_error *err)
{
    pthread_once(&module_once, load_module);
    if (!module)
        tsc__fail(err, TSC_ERR_ICAL, "iCalendar support is not available: %s", module_error);
    return module;
}

tsc_status tsc_ics_writer_new(const tsc_calendar *cal, unsigned flags, tsc_ics_writer **out,
                              tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    if (!m) {
        if (out)
            *out = NULL;
        return TSC_ERR_ICAL;
    }
    return m->writer_new(cal, flags, out, err);
}

void tsc_ics_writer_free(tsc_ics_writer *w)
{
    const struct tsc__ical_module *m = w ? ical(NULL) : NULL;
    if (m)
        m->writer_free(w);
}

tsc_status tsc_ics_writer_set_alarm(tsc_ics_writer *w, int32_t working_days,
                                    int32_t minute_of_day, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_set_alarm(w, working_days, minute_of_day, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_set_dtstamp(tsc_ics_writer *w, tsc_time dtstamp, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_set_dtstamp(w, dtstamp, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_set_name(tsc_ics_writer *w, const char *name, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_set_name(w, name, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_load_previous(w, path, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_add_plan(tsc_ics_writer *w, const char *case_id, const tsc_plan *plan,
                                   tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_add_plan(w, case_id, plan, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_add_labelled_plan(tsc_ics_writer *w, const char *case_id,
                                            const char *label, const tsc_plan *plan,
                                            tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_add_labelled_plan(w, case_id, label, plan, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_add_rule(tsc_ics_writer *w, const char *case_id, const tsc_plan *plan,
                                   size_t rule_index, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_add_rule(w, case_id, plan, rule_index, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_add_holidays(tsc_ics_writer *w, tsc_date from, tsc_date to,
                                       tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_add_holidays(w, from, to, err) : TSC_ERR_ICAL;
}

size_t tsc_ics_writer_count(const tsc_ics_writer *w)
{
    const struct tsc__ical_module *m = ical(NULL);
    return m ? m->writer_count(w) : 0;
}

tsc_status tsc_ics_writer_reserve_plan(tsc_ics_writer *w, const tsc_plan *plan, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_reserve_plan(w, plan, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_stream_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_stream_file(w, path, err) : TSC_ERR_ICAL;
}

int tsc_ics_writer_streamed(const tsc_ics_writer *w)
{
    const struct tsc__ical_module *m = w ? ical(NULL) : NULL;
    return m ? m->writer_streamed(w) : 0;
}

tsc_status tsc_ics_writer_write_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_write_file(w, path, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_write_string(tsc_ics_writer *w, char **out, size_t *len,
                                       tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->writer_write_string(w, out, len, err) : TSC_ERR_ICAL;
}

tsc_status tsc_ics_writer_write_component(tsc_ics_writer *w, icalcomponent **out,
                                          tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    if (!m)
        return TSC_ERR_ICAL;
    void *comp = NULL;
    tsc_status st = m->writer_write_component(w, out ? &comp : NULL, err);
    if (out)
        *out = comp;
    return st;
}

tsc_status tsc_calendar_load_ics(const char *data, size_t len, const char *source,
                                 tsc_calendar **out, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->calendar_load_ics(data, len, source, out, err) : TSC_ERR_ICAL;
}

/* Calendars from .ics files, for the core's loaders. */

static tsc_status load_ics_holset(const char *path, struct tsc__arena *arena,
                                  const struct tsc__holset **out, tsc_error *err)
{
    const struct tsc__ical_module *m = ical(err);
    return m ? m->load_holset(path, arena, out, err) : TSC_ERR_ICAL;
}

static const struct tsc__calendar_format ics_calendar = {".ics", load_ics_holset};

const struct tsc__calendar_format *const tsc__calendar_formats[] = {&ics_calendar, NULL};

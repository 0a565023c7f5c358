/* ics_dir_manifest.h -- the list of files `plan --ics-dir DIR` wrote in
 * DIR, so that the next run can cancel the calendars of the cases, workers
 * and teams that left the caseload, and touch no file it did not write. */
#ifndef TSC_CLI_ICS_DIR_MANIFEST_H
#define TSC_CLI_ICS_DIR_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MANIFEST_NAME ".timescale-ics-dir"

struct manifest_entry {
    char *file;              /* "Jo%20Smith.ics": as feed_file_name() makes it */
    char *by;                /* "case", "worker", "team" */
    bool cancelled;          /* rewritten with every item cancelled */
    bool seen;               /* written again by this run */
};

struct manifest {
    struct manifest_entry *old;   /* the previous run's, sorted by file */
    size_t n;
    char path[4200];
    void *out;                    /* the new manifest (tsc_outfile) */
    bool changed;                 /* this run wrote or cancelled a file */
};

/* Reads DIR's manifest (none: an empty one) and starts the new one. */
int manifest_open(struct manifest *m, const char *dir);
/* Records a file this run wrote. */
int manifest_written(struct manifest *m, const char *by, const char *file);
/* Records an entry of the previous run that this run has not written and
 * leaves in DIR (the caller has cancelled its items). */
int manifest_keep(struct manifest *m, struct manifest_entry *e, bool cancelled);
/* Replaces DIR's manifest with the new one (or, with ok false, keeps every
 * old entry not written again as it was; a failed run that wrote no file
 * leaves DIR as it was); frees everything. */
int manifest_close(struct manifest *m, bool ok);

#endif

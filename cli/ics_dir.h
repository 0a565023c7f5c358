/* ics_dir.h -- `plan --cases FILE (or --cin-census, --ssda903) --ics-dir DIR --by case|worker|team`. */
#ifndef TSC_CLI_ICS_DIR_H
#define TSC_CLI_ICS_DIR_H

#include "case_source.h"

/* One pass over the caseload, one file per case, worker or team in DIR,
 * each written atomically; a file already there is read as the previous
 * export (unchanged items keep their SEQUENCE, dropped ones are cancelled),
 * and one an earlier run wrote for a name no longer in the caseload has
 * all its items cancelled (ics_dir_manifest.h). */
int ics_dir_run(const struct cli_args *a, const struct case_source *src,
                const struct caseload_options *opt);

#endif

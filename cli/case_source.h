/* case_source.h -- where `plan` (and `audit`) take their cases from: a CSV
 * caseload (--cases), a CIN census XML file (--cin-census) or an SSDA903
 * return's CSV files (--ssda903 DIR).  Every reader has caseload_run()'s
 * shape: the input is checked whole before the sink sees anything, then
 * each case is planned and handed over in turn. */
#ifndef TSC_CLI_CASE_SOURCE_H
#define TSC_CLI_CASE_SOURCE_H

#include "caseload.h"

struct case_source {
    const char *cases, *cin_census, *ssda903;   /* exactly one is set */
    bool once;  /* the caller keeps nothing of a failed run (it writes a file
                   atomically or builds in memory): a CSV caseload is then read
                   and planned once, not checked whole first */
};

/* The source the options --cases, --cin-census and --ssda903 give; false
 * when none is given.  Two or more is an error (reported, *rc set). */
bool case_source_from_args(const struct cli_args *a, struct case_source *src, int *rc);
/* The file or directory the source reads, for messages and titles. */
const char *case_source_name(const struct case_source *src);
int case_source_run(const struct case_source *src, const struct caseload_options *opt,
                    const struct caseload_sink *sink);

/* A CIN census (the DfE's XML, one Child per child, one CINdetails per
 * referral period); case id = LAchildID. */
int cin_census_run(const char *path, const struct caseload_options *opt,
                   const struct caseload_sink *sink);
/* An SSDA903 return: the directory's header.csv, episodes.csv and
 * reviews.csv joined on CHILD (the case id), dates dd/mm/yyyy. */
int ssda903_run(const char *dir, const struct caseload_options *opt,
                const struct caseload_sink *sink);

#endif

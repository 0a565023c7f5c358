/* caseload.h -- `timescale plan --cases FILE`: many cases from one CSV. */
#ifndef TSC_CLI_CASELOAD_H
#define TSC_CLI_CASELOAD_H

#include "items.h"

/* Reads rows "case_id,event,date" (rows of one case together, case ids in
 * ascending byte order; an optional header row "case_id,event,date"),
 * checks the whole file first when it can be read twice, then streams
 * every case's items to w.  until 0: each case's latest event + 366 days.
 * Fields have no length limit.  With ignore_unknown, rows whose event no
 * rule names are skipped and each such name is reported once on stderr. */
int caseload_run(const char *path, const tsc_pack *pack, const tsc_calendar *cal,
                 tsc_date until, tsc_date today, bool ignore_unknown, struct item_writer *w);

#endif

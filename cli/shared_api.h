/* shared_api.h -- a table of function pointers filled from a shared library
 * opened with dlopen() when a command first needs it, so that commands that
 * never use it (`timescale add`) never load it or what it pulls in. */
#ifndef TSC_CLI_SHARED_API_H
#define TSC_CLI_SHARED_API_H

#include <stddef.h>

struct shared_symbol {
    const char *name;
    void *slot;             /* the address of a function pointer in the table */
};

/* Opens the first of `sonames` that loads and fills every slot; on failure
 * reports "<who>: cannot load <library>: ..." or "<who>: <library> has no
 * <symbol>" and returns the CLI's error status. */
int shared_api_load(const char *who, const char *library, const char *const sonames[],
                    size_t nsonames, const struct shared_symbol symbols[], size_t nsymbols);

#endif

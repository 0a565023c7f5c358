/* shared_api.c -- filling a function table from a library opened at run time
 * (see shared_api.h). */
#include "cli.h"
#include "shared_api.h"

#include <dlfcn.h>
#include <string.h>

int shared_api_load(const char *who, const char *library, const char *const sonames[],
                    size_t nsonames, const struct shared_symbol symbols[], size_t nsymbols)
{
    void *lib = NULL;
    for (size_t i = 0; !lib && i < nsonames; i++)
        lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return cli_fail("%s: cannot load %s: %s", who, library, dlerror());
    for (size_t i = 0; i < nsymbols; i++) {
        void *f = dlsym(lib, symbols[i].name);
        if (!f)
            return cli_fail("%s: %s has no %s", who, library, symbols[i].name);
        /* POSIX: a function's address comes back as void *; copy the bits. */
        memcpy(symbols[i].slot, &f, sizeof f);
    }
    return CLI_OK;
}

/* mhd.c -- opening libmicrohttpd for `timescale serve` (see mhd.h). */
#include "cli.h"
#include "mhd.h"

#include <dlfcn.h>
#include <string.h>

struct mhd_api cli_mhd;

struct symbol {
    const char *name;
    void *slot;             /* a function pointer in cli_mhd */
};

int mhd_load(void)
{
    /* The soname of the libmicrohttpd the CLI was compiled against first. */
    static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
    void *lib = NULL;
    for (size_t i = 0; !lib && i < sizeof names / sizeof names[0]; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return cli_fail("serve: cannot load libmicrohttpd: %s", dlerror());
    const struct symbol symbols[] = {
        {"MHD_start_daemon", &cli_mhd.start_daemon},
        {"MHD_stop_daemon", &cli_mhd.stop_daemon},
        {"MHD_get_daemon_info", &cli_mhd.get_daemon_info},
        {"MHD_get_connection_info", &cli_mhd.get_connection_info},
        {"MHD_lookup_connection_value", &cli_mhd.lookup_connection_value},
        {"MHD_is_feature_supported", &cli_mhd.is_feature_supported},
        {"MHD_create_response_from_buffer", &cli_mhd.create_response_from_buffer},
        {"MHD_create_response_from_buffer_with_free_callback_cls",
         &cli_mhd.create_response_from_buffer_with_free_callback_cls},
        {"MHD_add_response_header", &cli_mhd.add_response_header},
        {"MHD_queue_response", &cli_mhd.queue_response},
        {"MHD_destroy_response", &cli_mhd.destroy_response},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *f = dlsym(lib, symbols[i].name);
        if (!f)
            return cli_fail("serve: libmicrohttpd has no %s", symbols[i].name);
        /* POSIX: a function's address comes back as void *; copy the bits. */
        memcpy(symbols[i].slot, &f, sizeof f);
    }
    return CLI_OK;
}

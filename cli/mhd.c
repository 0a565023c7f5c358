/* mhd.c -- opening libmicrohttpd for `timescale serve` (see mhd.h). */
#include "cli.h"
#include "mhd.h"
#include "shared_api.h"

struct mhd_api cli_mhd;

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

int mhd_load(void)
{
    /* The soname of the libmicrohttpd the CLI was compiled against first. */
    static const char *const sonames[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
    const struct shared_symbol symbols[] = {
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
    return shared_api_load("serve", "libmicrohttpd", sonames, COUNT(sonames), symbols,
                           COUNT(symbols));
}

/* mhd.h -- libmicrohttpd, opened when `timescale serve` starts.
 *
 * Only `serve` needs an HTTP server, and libmicrohttpd brings GnuTLS and
 * eight more libraries with it: linked normally they cost every command
 * (`timescale add`) about 2 ms of start-up.  So the CLI is linked without
 * it, and serve's calls go through this table, filled by mhd_load().  The
 * macros keep cmd_serve.c written against libmicrohttpd's own names. */
#ifndef TSC_CLI_MHD_H
#define TSC_CLI_MHD_H

#include <microhttpd.h>

struct mhd_api {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_get_connection_info) *get_connection_info;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_is_feature_supported) *is_feature_supported;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_create_response_from_buffer_with_free_callback_cls)
        *create_response_from_buffer_with_free_callback_cls;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
};

/* Written once by mhd_load(), before the server's threads start; read-only after. */
extern struct mhd_api cli_mhd;

/* Opens libmicrohttpd and fills cli_mhd; CLI_OK, or an error already reported. */
int mhd_load(void);

#define MHD_start_daemon (*cli_mhd.start_daemon)
#define MHD_stop_daemon (*cli_mhd.stop_daemon)
#define MHD_get_daemon_info (*cli_mhd.get_daemon_info)
#define MHD_get_connection_info (*cli_mhd.get_connection_info)
#define MHD_lookup_connection_value (*cli_mhd.lookup_connection_value)
#define MHD_is_feature_supported (*cli_mhd.is_feature_supported)
#define MHD_create_response_from_buffer (*cli_mhd.create_response_from_buffer)
#define MHD_create_response_from_buffer_with_free_callback_cls \
    (*cli_mhd.create_response_from_buffer_with_free_callback_cls)
#define MHD_add_response_header (*cli_mhd.add_response_header)
#define MHD_queue_response (*cli_mhd.queue_response)
#define MHD_destroy_response (*cli_mhd.destroy_response)

#endif

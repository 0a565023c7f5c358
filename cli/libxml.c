/* libxml.c -- opening libxml2 for `--cin-census` (see libxml.h). */
#include "cli.h"
#include "libxml.h"
#include "shared_api.h"

struct libxml_api cli_libxml;

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

int libxml_load(void)
{
    if (cli_libxml.reader_for_file)
        return CLI_OK;
    /* Debian 12's soname first; libxml2 2.14 and later change it. */
    static const char *const sonames[] = {"libxml2.so.2", "libxml2.so.16", "libxml2.so"};
    const struct shared_symbol symbols[] = {
        {"xmlReaderForFile", &cli_libxml.reader_for_file},
        {"xmlTextReaderRead", &cli_libxml.reader_read},
        {"xmlTextReaderNodeType", &cli_libxml.node_type},
        {"xmlTextReaderConstLocalName", &cli_libxml.local_name},
        {"xmlTextReaderConstValue", &cli_libxml.value},
        {"xmlTextReaderIsEmptyElement", &cli_libxml.is_empty},
        {"xmlTextReaderCurrentNode", &cli_libxml.current_node},
        {"xmlGetLineNo", &cli_libxml.line_no},
        {"xmlTextReaderSetStructuredErrorHandler", &cli_libxml.set_error_handler},
        {"xmlFreeTextReader", &cli_libxml.free_reader},
    };
    return shared_api_load("--cin-census", "libxml2", sonames, COUNT(sonames), symbols,
                           COUNT(symbols));
}

/* libxml.c -- opening libxml2 for `--cin-census` (see libxml.h). */
#include "cli.h"
#include "libxml.h"

#include <dlfcn.h>
#include <string.h>

struct libxml_api cli_libxml;

struct symbol {
    const char *name;
    void *slot;             /* a function pointer in cli_libxml */
};

int libxml_load(void)
{
    if (cli_libxml.reader_for_file)
        return CLI_OK;
    /* Debian 12's soname first; libxml2 2.14 and later change it. */
    static const char *const names[] = {"libxml2.so.2", "libxml2.so.16", "libxml2.so"};
    void *lib = NULL;
    for (size_t i = 0; !lib && i < sizeof names / sizeof names[0]; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return cli_fail("--cin-census: cannot load libxml2: %s", dlerror());
    const struct symbol symbols[] = {
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
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *f = dlsym(lib, symbols[i].name);
        if (!f)
            return cli_fail("--cin-census: libxml2 has no %s", symbols[i].name);
        /* POSIX: a function's address comes back as void *; copy the bits. */
        memcpy(symbols[i].slot, &f, sizeof f);
    }
    return CLI_OK;
}

/* libxml.h -- libxml2, opened when a CIN census is read.
 *
 * Debian's libxml2 brings ICU (libicuuc, libicudata: 30 MB) with it:
 * linked normally it would cost every command (`timescale add`) its
 * start-up.  So the CLI is linked without it, as with libmicrohttpd
 * (mhd.h), and the census reader's calls go through this table, filled by
 * libxml_load().  The macros keep cin_census.c written against libxml2's
 * own names. */
#ifndef TSC_CLI_LIBXML_H
#define TSC_CLI_LIBXML_H

#include <libxml/xmlreader.h>

struct libxml_api {
    __typeof__(xmlReaderForFile) *reader_for_file;
    __typeof__(xmlTextReaderRead) *reader_read;
    __typeof__(xmlTextReaderNodeType) *node_type;
    __typeof__(xmlTextReaderConstLocalName) *local_name;
    __typeof__(xmlTextReaderConstValue) *value;
    __typeof__(xmlTextReaderIsEmptyElement) *is_empty;
    __typeof__(xmlTextReaderCurrentNode) *current_node;
    __typeof__(xmlGetLineNo) *line_no;
    __typeof__(xmlTextReaderSetStructuredErrorHandler) *set_error_handler;
    __typeof__(xmlFreeTextReader) *free_reader;
};

/* Written once by libxml_load() (the CLI is one thread); read-only after. */
extern struct libxml_api cli_libxml;

/* Opens libxml2 and fills cli_libxml (once); CLI_OK, or an error already reported. */
int libxml_load(void);

#define xmlReaderForFile (*cli_libxml.reader_for_file)
#define xmlTextReaderRead (*cli_libxml.reader_read)
#define xmlTextReaderNodeType (*cli_libxml.node_type)
#define xmlTextReaderConstLocalName (*cli_libxml.local_name)
#define xmlTextReaderConstValue (*cli_libxml.value)
#define xmlTextReaderIsEmptyElement (*cli_libxml.is_empty)
#define xmlTextReaderCurrentNode (*cli_libxml.current_node)
#define xmlGetLineNo (*cli_libxml.line_no)
#define xmlTextReaderSetStructuredErrorHandler (*cli_libxml.set_error_handler)
#define xmlFreeTextReader (*cli_libxml.free_reader)

#endif

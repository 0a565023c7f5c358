/* tempfile.h -- for fuzz targets whose API reads a named file: each input
 * is written to one file (NAME in a private temporary directory made on
 * first use), which the target then hands to the library. */
#ifndef TSC_FUZZ_TEMPFILE_H
#define TSC_FUZZ_TEMPFILE_H

#include <stddef.h>
#include <stdint.h>

/* The path holding data, or NULL when it could not be written. */
const char *fuzz_tempfile(const char *name, const uint8_t *data, size_t size);

#endif

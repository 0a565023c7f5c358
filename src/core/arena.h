/* arena.h -- memory for loaded calendars, packs and vocabularies
 * (arena.c): one arena frees everything. */
#ifndef TSC_ARENA_H
#define TSC_ARENA_H

#include "internal.h"

struct tsc__arena;
struct tsc__arena *tsc__arena_new(void);
void *tsc__arena_alloc(struct tsc__arena *a, size_t size);
char *tsc__arena_strndup(struct tsc__arena *a, const char *s, size_t n);
void tsc__arena_free(struct tsc__arena *a);
#endif

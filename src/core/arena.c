/* arena.c -- memory: pools freed in one call, and arrays that grow. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool tsc__grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t bigger = *cap ? *cap : 16;
    while (bigger < need) {
        if (bigger > SIZE_MAX / 2 / size)
            return false;
        bigger *= 2;
    }
    void *p = realloc(*array, bigger * size);
    if (!p)
        return false;
    *array = p;
    *cap = bigger;
    return true;
}

struct block {
    struct block *next;
    size_t used, size;
    max_align_t data[];
};

struct tsc__arena {
    struct block *head;
};

struct tsc__arena *tsc__arena_new(void)
{
    return calloc(1, sizeof(struct tsc__arena));
}

void *tsc__arena_alloc(struct tsc__arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    struct block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->size = cap;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *tsc__arena_strndup(struct tsc__arena *a, const char *s, size_t n)
{
    char *p = tsc__arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void tsc__arena_free(struct tsc__arena *a)
{
    if (!a)
        return;
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

/* serve_tokens.h -- the secret per-feed tokens of `timescale serve`, kept
 * in a state file only its owner can read. */
#ifndef TSC_CLI_SERVE_TOKENS_H
#define TSC_CLI_SERVE_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

/* 160 random bits from the kernel, written as 40 hex digits. */
enum { TOKEN_BYTES = 20, TOKEN_HEX = 2 * TOKEN_BYTES };

struct token_entry {
    char kind[8];                 /* "admin", "worker" or "team" */
    char *name;                   /* the worker or team ("" for admin) */
    char token[TOKEN_HEX + 1];
};

struct token_state {
    struct token_entry *v;
    size_t count, cap;
    bool dirty;                   /* changed since loaded: save it */
};

/* Reads the state file (a missing file is an empty state).  Refuses a
 * file that others may read.  Errors name the file and line. */
int tokens_load(const char *path, struct token_state *s);
/* Writes it atomically with mode 0600 (a temporary file, fsync, rename). */
int tokens_save(const char *path, struct token_state *s);
void tokens_free(struct token_state *s);

/* The token of a feed, made (and the state marked dirty) on first use;
 * NULL when out of memory or the kernel gives no randomness. */
const char *tokens_get(struct token_state *s, const char *kind, const char *name);
/* A new token for an existing feed ("admin", "worker:NAME", "team:NAME"). */
int tokens_rotate(struct token_state *s, const char *feed);

/* Constant-time comparison of two tokens of TOKEN_HEX digits. */
bool tokens_equal(const char *a, const char *b);

#endif

/* serve_tokens.c -- the state file of `timescale serve`: one line per feed,
 * "KIND TOKEN NAME", mode 0600.  Tokens come from getrandom(). */
#define _DEFAULT_SOURCE 1   /* getrandom, fchmod */
#include "serve_tokens.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static int random_token(char out[TOKEN_HEX + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char raw[TOKEN_BYTES];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno != EINTR)
            return cli_fail("getrandom: %s", strerror(errno));
        if (n > 0)
            got += (size_t)n;
    }
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[TOKEN_HEX] = '\0';
    return CLI_OK;
}

static bool is_token(const char *s)
{
    size_t n = strspn(s, "0123456789abcdef");
    return n == TOKEN_HEX && !s[n];
}

static bool is_kind(const char *s)
{
    return !strcmp(s, "admin") || !strcmp(s, "worker") || !strcmp(s, "team");
}

static struct token_entry *find(struct token_state *s, const char *kind, const char *name)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->v[i].kind, kind) && !strcmp(s->v[i].name, name))
            return &s->v[i];
    return NULL;
}

static int append(struct token_state *s, const char *kind, const char *name, const char *token)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct token_entry *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return cli_fail("out of memory");
        s->v = v;
        s->cap = cap;
    }
    struct token_entry *e = &s->v[s->count];
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    snprintf(e->token, sizeof e->token, "%s", token);
    e->name = strdup(name);
    if (!e->name)
        return cli_fail("out of memory");
    s->count++;
    return CLI_OK;
}

static int parse_line(struct token_state *s, const char *path, long line, char *text)
{
    char *kind = text, *token = strchr(text, ' '), *name = NULL;
    if (token) {
        *token++ = '\0';
        name = strchr(token, ' ');
    }
    if (name)
        *name++ = '\0';
    if (!token || !is_kind(kind) || !is_token(token))
        return cli_fail("%s:%ld: expected KIND TOKEN NAME (KIND admin, worker or team; TOKEN "
                        "%d hex digits)", path, line, TOKEN_HEX);
    if (!name)
        name = "";
    if (find(s, kind, name))
        return cli_fail("%s:%ld: a second token for the same feed", path, line);
    return append(s, kind, name, token);
}

int tokens_load(const char *path, struct token_state *s)
{
    *s = (struct token_state){0};
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? CLI_OK : cli_fail("%s: %s", path, strerror(errno));
    struct stat st;
    int rc = fstat(fileno(f), &st) != 0 ? cli_fail("%s: %s", path, strerror(errno)) : CLI_OK;
    if (!rc && (st.st_mode & 077))
        rc = cli_fail("%s: others may read the feed tokens (mode %03o); chmod 600 it",
                      path, (unsigned)(st.st_mode & 0777));
    char line[4096];
    for (long n = 1; !rc && fgets(line, sizeof line, f); n++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#')
            rc = parse_line(s, path, n, line);
    }
    if (!rc && ferror(f))
        rc = cli_fail("%s: read error", path);
    fclose(f);
    if (rc)
        tokens_free(s);
    return rc;
}

static int write_all(int fd, const char *text)
{
    size_t n = strlen(text);
    while (n) {
        ssize_t w = write(fd, text, n);
        if (w < 0 && errno != EINTR)
            return -1;
        if (w > 0) {
            text += w;
            n -= (size_t)w;
        }
    }
    return 0;
}

int tokens_save(const char *path, struct token_state *s)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 8);
    if (!tmp)
        return cli_fail("out of memory");
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".XXXXXX", 8);
    int fd = mkstemp(tmp);        /* created with mode 0600 */
    int bad = fd < 0;
    bad = bad || fchmod(fd, 0600) != 0 ||
          write_all(fd, "# timescale serve: feed tokens (secret: keep this file mode 0600)\n");
    for (size_t i = 0; !bad && i < s->count; i++) {
        char line[TOKEN_HEX + 32];
        snprintf(line, sizeof line, "%s %s ", s->v[i].kind, s->v[i].token);
        bad = write_all(fd, line) || write_all(fd, s->v[i].name) || write_all(fd, "\n");
    }
    bad = bad || fsync(fd) != 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0)
        bad = 1;
    if (!bad && rename(tmp, path) != 0) {
        saved = errno;
        bad = 1;
    }
    if (bad && fd >= 0)
        unlink(tmp);
    free(tmp);
    if (bad)
        return cli_fail("%s: cannot write the state file: %s", path, strerror(saved));
    s->dirty = false;
    return CLI_OK;
}

void tokens_free(struct token_state *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->v[i].name);
    free(s->v);
    *s = (struct token_state){0};
}

const char *tokens_get(struct token_state *s, const char *kind, const char *name)
{
    struct token_entry *e = find(s, kind, name);
    if (e)
        return e->token;
    char token[TOKEN_HEX + 1];
    if (random_token(token) || append(s, kind, name, token))
        return NULL;
    s->dirty = true;
    return s->v[s->count - 1].token;
}

int tokens_rotate(struct token_state *s, const char *feed)
{
    const char *colon = strchr(feed, ':');
    char kind[8];
    snprintf(kind, sizeof kind, "%.*s", colon ? (int)(colon - feed) : (int)strlen(feed), feed);
    const char *name = colon ? colon + 1 : "";
    if (!is_kind(kind) || (!strcmp(kind, "admin")) != !colon)
        return cli_fail("--rotate '%s' (expected admin, worker:NAME or team:NAME)", feed);
    struct token_entry *e = find(s, kind, name);
    if (!e)
        return cli_fail("--rotate: the state file has no such feed");
    if (random_token(e->token))
        return CLI_ERROR;
    s->dirty = true;
    return CLI_OK;
}

bool tokens_equal(const char *a, const char *b)
{
    unsigned char diff = 0;
    for (size_t i = 0; i < TOKEN_HEX; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

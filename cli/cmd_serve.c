/* cmd_serve.c -- `timescale serve`: each worker's and team's calendar as a
 * subscription feed over HTTP (libmicrohttpd), recomputed when the
 * caseload file is replaced.  Feeds are found only by their secret token;
 * the log never holds a token or anything from the caseload. */
#define _DEFAULT_SOURCE 1   /* sigtimedwait, struct timespec, inet_pton */
#include "mhd.h"
#include "serve_snapshot.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char NOT_FOUND[] = "Not Found\n";

struct file_id {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

struct server {
    pthread_mutex_t lock;
    struct snapshot *current;     /* under lock */
    char base_url[512];           /* the feeds' public address */
    const char *state_path;
    struct snapshot_source src;
    struct file_id cases_id, state_id;
};

/* ---- log ---- */

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
    char when[32], text[512];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s %s\n", when, text);    /* one write: lines never interleave */
}

/* The method as the client sent it, if it looks like one. */
static const char *safe_method(const char *m)
{
    size_t n = strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    return n && n < 12 && !m[n] ? m : "?";
}

static void log_access(struct MHD_Connection *conn, const char *method, const char *what,
                       unsigned status, size_t bytes)
{
    char addr[INET6_ADDRSTRLEN] = "?";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  addr, sizeof addr);
    else if (ci && ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, addr,
                  sizeof addr);
    log_line("%s %s %s %u %zu", addr, safe_method(method), what, status, bytes);
}

/* ---- responses ---- */

static struct snapshot *acquire(struct server *sv)
{
    pthread_mutex_lock(&sv->lock);
    struct snapshot *s = sv->current;
    snapshot_retain(s);
    pthread_mutex_unlock(&sv->lock);
    return s;
}

static void release_cb(void *cls) { snapshot_release(cls); }

static enum MHD_Result respond(struct MHD_Connection *conn, struct MHD_Response *r,
                            unsigned status)
{
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "private");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ok = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result not_found(struct MHD_Connection *conn, const char *method)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof NOT_FOUND - 1, (void *)NOT_FOUND, MHD_RESPMEM_PERSISTENT);
    if (r)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
    log_access(conn, method, "-", MHD_HTTP_NOT_FOUND, sizeof NOT_FOUND - 1);
    return respond(conn, r, MHD_HTTP_NOT_FOUND);
}

/* If-None-Match: a list of entity tags, or "*". */
static bool etag_matches(const char *header, const char *etag)
{
    if (!header)
        return false;
    if (!strcmp(header, "*"))
        return true;
    size_t n = strlen(etag);
    for (const char *p = header; (p = strstr(p, etag)) != NULL; p += n) {
        bool starts = p == header || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/';
        if (starts && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
    }
    return false;
}

static enum MHD_Result send_feed(struct MHD_Connection *conn, const char *method,
                                 struct snapshot *s, const struct served_feed *f)
{
    char what[64];
    snprintf(what, sizeof what, "feed %s#%zu", feed_by_name(f->by), (size_t)(f - s->feeds));
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_IF_NONE_MATCH);
    struct MHD_Response *r;
    unsigned status;
    if (etag_matches(inm, f->etag)) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        status = MHD_HTTP_NOT_MODIFIED;
    } else {
        /* The body stays in the snapshot, kept alive until MHD is done with it. */
        snapshot_retain(s);
        r = MHD_create_response_from_buffer_with_free_callback_cls(f->len, f->text, release_cb,
                                                                    s);
        if (!r)
            snapshot_release(s);
        status = MHD_HTTP_OK;
    }
    if (r) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/calendar; charset=utf-8");
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, f->etag);
        MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, f->modified_http);
    }
    bool head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    log_access(conn, method, what, status, status == MHD_HTTP_OK && !head ? f->len : 0);
    return respond(conn, r, status);
}

/* ---- the administrator's index ---- */

struct text {
    char *p;
    size_t len, cap;
    bool failed;
};

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void text_puts(struct text *t, const char *s) { text_add(t, s, strlen(s)); }

static void html_escaped(struct text *t, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;"
                      : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
        if (e)
            text_puts(t, e);
        else
            text_add(t, s, 1);
    }
}

/* webcal://host/... for the same address as http(s)://host/... */
static const char *without_scheme(const char *url)
{
    const char *p = strstr(url, "://");
    return p ? p + 3 : url;
}

static void feed_row(struct text *t, const struct server *sv, const struct served_feed *f)
{
    char path[TOKEN_HEX + 16], count[32];
    snprintf(path, sizeof path, "/feeds/%s.ics", f->token);
    snprintf(count, sizeof count, "%zu", f->cases);
    text_puts(t, "<tr><td>");
    text_puts(t, feed_by_name(f->by));
    text_puts(t, "</td><td>");
    html_escaped(t, f->name);
    text_puts(t, "</td><td>");
    text_puts(t, count);
    text_puts(t, "</td><td><a href=\"webcal://");
    html_escaped(t, without_scheme(sv->base_url));
    text_puts(t, path);
    text_puts(t, "\">webcal</a></td><td><code>");
    html_escaped(t, sv->base_url);
    text_puts(t, path);
    text_puts(t, "</code></td></tr>\n");
}

static enum MHD_Result send_admin(struct MHD_Connection *conn, const char *method,
                                  const struct server *sv, const struct snapshot *s)
{
    struct text t = {0};
    text_puts(&t, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                  "<title>timescale feeds</title></head><body>\n<h1>Calendar feeds</h1>\n"
                  "<p>Each address is secret: give a worker their own only.</p>\n"
                  "<table>\n<tr><th>kind</th><th>name</th><th>cases</th><th>subscribe</th>"
                  "<th>address</th></tr>\n");
    for (size_t i = 0; i < s->count; i++)
        feed_row(&t, sv, &s->feeds[i]);
    text_puts(&t, "</table>\n</body></html>\n");
    if (t.failed) {
        free(t.p);
        return MHD_NO;
    }
    size_t len = t.len;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, t.p, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(t.p);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'none'");
    log_access(conn, method, "admin", MHD_HTTP_OK, len);
    return respond(conn, r, MHD_HTTP_OK);
}

/* ---- routing ---- */

/* The token in "<prefix><TOKEN><suffix>", exactly, or NULL. */
static const char *token_in(const char *url, const char *prefix, const char *suffix)
{
    size_t np = strlen(prefix);
    if (strncmp(url, prefix, np) != 0)
        return NULL;
    const char *token = url + np;
    if (strspn(token, "0123456789abcdef") != TOKEN_HEX || strcmp(token + TOKEN_HEX, suffix))
        return NULL;
    return token;
}

static bool has_body(struct MHD_Connection *conn)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) ||
           MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                       MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    static char answer_next;       /* *req_cls after a request's first call */
    struct server *sv = cls;
    (void)version;
    (void)upload_data;
    *upload_data_size = 0;         /* any body is ignored */
    bool get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
    /* libmicrohttpd (0.9.75) closes the connection after a response queued
     * in a request's first call, so a poller would open a new connection for
     * every request: a GET or HEAD without a body is answered in the second
     * call, and the connection is kept.  Anything else is answered at once,
     * its body unread, and the connection closed. */
    if (!*req_cls && get && !has_body(conn)) {
        *req_cls = &answer_next;
        return MHD_YES;
    }
    const char *feed = get ? token_in(url, "/feeds/", ".ics") : NULL;
    const char *admin = get && !feed ? token_in(url, "/admin/", "") : NULL;
    if (!feed && !admin)
        return not_found(conn, method);
    struct snapshot *s = acquire(sv);
    enum MHD_Result ok;
    const struct served_feed *f = feed ? snapshot_find(s, feed) : NULL;
    if (f)
        ok = send_feed(conn, method, s, f);
    else if (admin && tokens_equal(admin, s->admin))
        ok = send_admin(conn, method, sv, s);
    else
        ok = not_found(conn, method);
    snapshot_release(s);
    return ok;
}

/* Paths are matched as sent: feed and admin paths have no escapes, so
 * anything escaped ("%2e%2e", "%00") is simply not one of them. */
static size_t keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

/* ---- reloading ---- */

static bool file_id(const char *path, struct file_id *out)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *out = (struct file_id){0};
        return false;
    }
    *out = (struct file_id){st.st_dev, st.st_ino, st.st_size, st.st_mtim};
    return true;
}

static bool same_file(const struct file_id *a, const struct file_id *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static size_t count_by(const struct snapshot *s, enum feed_by by)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        n += s->feeds[i].by == by;
    return n;
}

/* Reads the state and caseload; on success swaps the new snapshot in. */
static int reload(struct server *sv, const char *why)
{
    struct token_state tokens;
    struct file_id cases_id, state_id;
    file_id(sv->src.cases, &cases_id);
    file_id(sv->state_path, &state_id);
    int rc = tokens_load(sv->state_path, &tokens);
    struct snapshot *next = NULL;
    if (!rc)
        rc = snapshot_build(&sv->src, sv->current, &tokens, time(NULL), &next);
    if (!rc && tokens.dirty)
        rc = tokens_save(sv->state_path, &tokens);
    tokens_free(&tokens);
    sv->cases_id = cases_id;
    if (!rc)
        file_id(sv->state_path, &sv->state_id);
    else
        sv->state_id = state_id;
    if (rc) {
        snapshot_release(next);
        log_line("reload (%s) rejected: %s", why,
                 sv->current ? "still serving the last good caseload" : "nothing to serve");
        return rc;
    }
    pthread_mutex_lock(&sv->lock);
    struct snapshot *old = sv->current;
    sv->current = next;
    pthread_mutex_unlock(&sv->lock);
    snapshot_release(old);
    log_line("loaded (%s): %zu worker feeds, %zu team feeds", why, count_by(next, BY_WORKER),
             count_by(next, BY_TEAM));
    return CLI_OK;
}

/* Why a reload is due now, or NULL. */
static const char *reload_due(struct server *sv, bool fixed_today)
{
    struct file_id now;
    file_id(sv->src.cases, &now);
    if (now.ino && !same_file(&now, &sv->cases_id))
        return "caseload replaced";
    file_id(sv->state_path, &now);
    if (!same_file(&now, &sv->state_id))
        return "state file changed";
    if (!fixed_today && cli_today() != sv->src.today) {
        sv->src.today = cli_today();
        return "new day";
    }
    return NULL;
}

/* ---- the daemon ---- */

static int read_file(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cli_fail("%s: %s", path, strerror(errno));
    struct text t = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        text_add(&t, buf, n);
    bool bad = ferror(f) || t.failed || !t.p;
    fclose(f);
    if (bad) {
        free(t.p);
        return cli_fail("%s: cannot read it", path);
    }
    *out = t.p;
    return CLI_OK;
}

struct listen_options {
    const char *address;
    long port, timeout, threads, max_connections;
    char *cert, *key;
};

static struct MHD_Daemon *start_daemon(struct server *sv, const struct listen_options *lo,
                                       unsigned *port)
{
    struct sockaddr_storage addr = {0};
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
    struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)&addr;
    if (inet_pton(AF_INET, lo->address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)lo->port);
    } else if (inet_pton(AF_INET6, lo->address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)lo->port);
        flags |= MHD_USE_IPv6;
    } else {
        cli_fail("--listen '%s': not an IPv4 or IPv6 address", lo->address);
        return NULL;
    }
    if (lo->cert)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls[] = {
        {lo->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, lo->cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, lo->key},
        {MHD_OPTION_END, 0, NULL}};
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)lo->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)lo->timeout, MHD_OPTION_CONNECTION_LIMIT, (unsigned)lo->max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_UNESCAPE_CALLBACK,
        keep_escapes, NULL, MHD_OPTION_ARRAY, tls,
        MHD_OPTION_END);
    if (!d) {
        cli_fail("cannot listen on %s port %ld: %s", lo->address, lo->port, strerror(errno));
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *port = info ? info->port : (unsigned)lo->port;
    return d;
}

static int wait_for_signals(struct server *sv, const sigset_t *signals, bool fixed_today)
{
    for (;;) {
        struct timespec tick = {1, 0};
        int sig = sigtimedwait(signals, NULL, &tick);
        if (sig == SIGTERM || sig == SIGINT) {
            log_line("stopping (%s)", sig == SIGTERM ? "SIGTERM" : "SIGINT");
            return CLI_OK;
        }
        const char *why = sig == SIGHUP ? "SIGHUP" : reload_due(sv, fixed_today);
        if (why)
            reload(sv, why);
    }
}

static int listen_options(const struct cli_args *a, struct listen_options *lo)
{
    *lo = (struct listen_options){"127.0.0.1", 8080, 30, 2, 256, NULL, NULL};
    if (cli_opt(a, "listen"))
        lo->address = cli_opt(a, "listen");
    int rc = CLI_OK;
    if (cli_opt(a, "port"))
        rc = cli_parse_int(cli_opt(a, "port"), "--port", 0, 65535, &lo->port);
    if (!rc && cli_opt(a, "timeout"))
        rc = cli_parse_int(cli_opt(a, "timeout"), "--timeout", 1, 3600, &lo->timeout);
    if (!rc && cli_opt(a, "threads"))
        rc = cli_parse_int(cli_opt(a, "threads"), "--threads", 1, 64, &lo->threads);
    if (!rc && cli_opt(a, "max-connections"))
        rc = cli_parse_int(cli_opt(a, "max-connections"), "--max-connections", 1, 10000,
                           &lo->max_connections);
    if (!rc && !cli_opt(a, "tls-cert") != !cli_opt(a, "tls-key"))
        rc = cli_fail("serve: give both --tls-cert and --tls-key");
    if (!rc && cli_opt(a, "tls-cert") && !MHD_is_feature_supported(MHD_FEATURE_TLS))
        rc = cli_fail("serve: this libmicrohttpd has no TLS support");
    if (!rc && cli_opt(a, "tls-cert"))
        rc = read_file(cli_opt(a, "tls-cert"), &lo->cert);
    if (!rc && cli_opt(a, "tls-key"))
        rc = read_file(cli_opt(a, "tls-key"), &lo->key);
    return rc;
}

static int serve(const struct cli_args *a, struct server *sv)
{
    struct listen_options lo = {0};
    int rc = mhd_load();
    if (!rc)
        rc = listen_options(a, &lo);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    /* Blocked before any thread starts, so only sigtimedwait() sees them. */
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    if (!rc)
        rc = reload(sv, "start");
    unsigned port = 0;
    struct MHD_Daemon *d = rc ? NULL : start_daemon(sv, &lo, &port);
    if (!rc && !d)
        rc = CLI_ERROR;
    if (!rc) {
        if (!sv->base_url[0])
            snprintf(sv->base_url, sizeof sv->base_url, "%s://%s%s%s:%u",
                     lo.cert ? "https" : "http", strchr(lo.address, ':') ? "[" : "",
                     lo.address, strchr(lo.address, ':') ? "]" : "", port);
        log_line("listening on %s:%u%s", lo.address, port, lo.cert ? " (TLS)" : "");
        rc = wait_for_signals(sv, &signals, cli_opt(a, "today") != NULL);
        MHD_stop_daemon(d);
        log_line("stopped");
    }
    free(lo.cert);
    free(lo.key);
    return rc;
}

static int rotate(const char *state, const char *feed)
{
    struct token_state tokens;
    int rc = tokens_load(state, &tokens);
    if (!rc)
        rc = tokens_rotate(&tokens, feed);
    if (!rc)
        rc = tokens_save(state, &tokens);
    tokens_free(&tokens);
    if (!rc)
        fprintf(stderr, "timescale: new token for %s in %s (a running server takes it within "
                        "a second; the old address is now 404)\n", feed, state);
    return rc;
}

static int run_serve(const struct cli_args *a)
{
    const char *state = cli_opt(a, "state"), *rules = cli_opt(a, "rules");
    if (!state)
        return cli_fail("serve: give the token state file with --state FILE");
    if (cli_opt(a, "rotate"))
        return rotate(state, cli_opt(a, "rotate"));
    if (!rules || !cli_opt(a, "cases"))
        return cli_fail("serve: give --rules PACK and --cases FILE");
    if (!strcmp(cli_opt(a, "cases"), "-"))
        return cli_fail("serve: --cases must be a file (it is read again when replaced)");
    static struct server sv = {.lock = PTHREAD_MUTEX_INITIALIZER};
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    int rc = cli_open_pack(rules, &pack);
    if (!rc)
        rc = cli_open_calendar(cli_opt_or(a, "calendar", tsc_pack_calendar(pack)), &cal);
    sv.state_path = state;
    sv.src = (struct snapshot_source){.ignore_unknown = cli_flag(a, "ignore-unknown-events"),
                                      .cases = cli_opt(a, "cases"), .pack = pack, .cal = cal,
                                      .today = cli_today()};
    if (!rc)
        rc = ics_settings_parse(a, cal, false, &sv.src.ics);
    if (!rc && cli_opt(a, "today"))
        rc = cli_parse_date(cli_opt(a, "today"), "--today", &sv.src.today);
    if (!rc && cli_opt(a, "public-url"))
        snprintf(sv.base_url, sizeof sv.base_url, "%.*s",
                 (int)strcspn(cli_opt(a, "public-url"), "\n"), cli_opt(a, "public-url"));
    if (!rc)
        rc = serve(a, &sv);
    snapshot_release(sv.current);
    sv.current = NULL;
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return rc;
}

const struct cli_command cli_cmd_serve = {
    "serve", "--rules PACK --cases FILE.csv --state FILE [--listen ADDR] [--port N]",
    "Serves each worker's and team's calendar as a subscription feed\n"
    "(https://HOST/feeds/TOKEN.ics), recomputed when the caseload file is replaced.\n\n"
    "  --rules PACK       built-in pack or .rules file\n"
    "  --cases FILE       the caseload (columns case_id,event,date,label,worker,team);\n"
    "                     replace it atomically (write a temporary file, rename)\n"
    "  --state FILE       the secret feed tokens, created with mode 0600\n"
    "  --rotate FEED      new token for admin, worker:NAME or team:NAME, then exit\n"
    "  --listen ADDR      address to bind (default 127.0.0.1)\n"
    "  --port N           port (default 8080; 0: any free port, logged)\n"
    "  --public-url URL   the address clients use, for the admin index\n"
    "                     (e.g. https://calendars.example.gov.uk)\n"
    "  --tls-cert FILE, --tls-key FILE   serve HTTPS itself (PEM)\n"
    "  --timeout SECONDS  close idle or slow connections (default 30)\n"
    "  --threads N        worker threads (default 2)\n"
    "  --max-connections N  (default 256)\n"
    "  --today DATE       fixed date for overdue items (default: today, re-read daily)\n"
    "  --alarm N, --component KIND, --no-reminder-events, --calendar CAL,\n"
    "  --ignore-unknown-events  as for plan\n"
    "\n"
    "Admin index: /admin/TOKEN (the admin line of the state file).  SIGHUP reloads,\n"
    "SIGTERM stops.  Any other path, and any unknown token, is 404.\n",
    (const struct cli_option_spec[]){{"rules", true}, {"cases", true}, {"state", true},
                                     {"rotate", true}, {"listen", true}, {"port", true},
                                     {"public-url", true}, {"tls-cert", true},
                                     {"tls-key", true}, {"timeout", true}, {"threads", true},
                                     {"max-connections", true}, {"today", true},
                                     {"calendar", true}, {"alarm", true}, {"component", true},
                                     {"no-reminder-events", false},
                                     {"ignore-unknown-events", false}, {NULL, false}},
    0, 0, run_serve};

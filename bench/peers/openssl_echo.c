/*
 * openssl_echo: the TLS echo server a C programmer would write for Linux with OpenSSL.
 *
 * One thread, non-blocking sockets, level-triggered epoll, TCP_NODELAY, one SSL_CTX with the
 * certificate loaded once. Each connection's SSL object does the handshake inside SSL_read; every
 * decrypted read goes into one shared scratch buffer and is written straight back with SSL_write;
 * only what the socket would not take is copied into a per-connection buffer, and meanwhile the
 * connection waits for EPOLLOUT and is not read. SSL_MODE_RELEASE_BUFFERS gives OpenSSL's record
 * buffers back while a connection is idle (nginx sets it too).
 *
 * Usage: openssl_echo CERT.pem KEY.pem HOST PORT   (IPv4 literal; port 0 picks a free port)
 * Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
 * Build: gcc -O2 -o openssl_echo openssl_echo.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define SCRATCH_SIZE 16384 /* one TLS record */
#define MAX_EVENTS 1024

struct conn {
    SSL *ssl;
    char *pending; /* decrypted bytes not yet taken by SSL_write, or NULL */
    int pending_len;
};

static volatile sig_atomic_t stop_requested;
static struct conn **conns; /* indexed by fd */
static int max_fds;
static int epfd;
static char scratch[SCRATCH_SIZE];

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void close_conn(int fd)
{
    struct conn *c = conns[fd];
    if (c) {
        SSL_free(c->ssl);
        free(c->pending);
        free(c);
        conns[fd] = NULL;
    }
    close(fd);
}

static int set_events(int fd, unsigned events)
{
    struct epoll_event ev = { .events = events, .data.fd = fd };
    return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

/* Retries the pending write; returns 1 when done, 0 to wait for the socket, -1 on failure. */
static int flush_pending(int fd, struct conn *c)
{
    int w = SSL_write(c->ssl, c->pending, c->pending_len);
    if (w == c->pending_len) {
        free(c->pending);
        c->pending = NULL;
        c->pending_len = 0;
        return 1;
    }
    int err = SSL_get_error(c->ssl, w);
    if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ)
        return set_events(fd, err == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN) < 0 ? -1 : 0;
    return -1;
}

static void on_event(int fd)
{
    struct conn *c = conns[fd];
    if (c->pending) {
        int r = flush_pending(fd, c);
        if (r < 0) {
            close_conn(fd);
            return;
        }
        if (r == 0)
            return;
    }
    for (;;) {
        int n = SSL_read(c->ssl, scratch, sizeof scratch);
        if (n <= 0) {
            int err = SSL_get_error(c->ssl, n);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                if (set_events(fd, err == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN) < 0)
                    close_conn(fd);
                return;
            }
            if (err == SSL_ERROR_ZERO_RETURN)
                SSL_shutdown(c->ssl); /* answer close_notify; best effort on a non-blocking socket */
            close_conn(fd);
            return;
        }
        int w = SSL_write(c->ssl, scratch, n);
        if (w == n)
            continue; /* more decrypted records may already be buffered: read on */
        c->pending = malloc((size_t)n);
        if (!c->pending) {
            close_conn(fd);
            return;
        }
        memcpy(c->pending, scratch, (size_t)n);
        c->pending_len = n;
        int err = SSL_get_error(c->ssl, w);
        if ((err != SSL_ERROR_WANT_WRITE && err != SSL_ERROR_WANT_READ)
            || set_events(fd, err == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN) < 0)
            close_conn(fd);
        return;
    }
}

static void on_acceptable(int lfd, SSL_CTX *ctx)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return;
        }
        if (fd >= max_fds) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
        if (!c || !(c->ssl = SSL_new(ctx)) || !SSL_set_fd(c->ssl, fd) || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            if (c)
                SSL_free(c->ssl);
            free(c);
            close(fd);
            continue;
        }
        SSL_set_accept_state(c->ssl);
        conns[fd] = c;
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s CERT.pem KEY.pem HOST PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in addr = { .sin_family = AF_INET };
    char *end;
    long port = strtol(argv[4], &end, 10);
    if (inet_pton(AF_INET, argv[3], &addr.sin_addr) != 1 || *end || port < 0 || port > 65535) {
        fprintf(stderr, "openssl_echo: HOST must be an IPv4 address and PORT 0-65535\n");
        return 2;
    }
    addr.sin_port = htons((unsigned short)port);

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, argv[1]) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);

    struct rlimit rl;
    max_fds = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (int)rl.rlim_cur : 65536;
    conns = calloc((size_t)max_fds, sizeof *conns);
    if (!conns) {
        perror("calloc");
        return 1;
    }

    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, SOMAXCONN) < 0) {
        perror("openssl_echo: bind/listen");
        return 3;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);

    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.fd = lfd };
    if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev) < 0) {
        perror("openssl_echo: epoll");
        return 1;
    }

    printf("listening %s:%d\n", argv[3], ntohs(addr.sin_port));
    fflush(stdout);

    static struct epoll_event events[MAX_EVENTS];
    while (!stop_requested) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("openssl_echo: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd)
                on_acceptable(lfd, ctx);
            else if (conns[fd])
                on_event(fd);
        }
    }
    SSL_CTX_free(ctx);
    return 0;
}

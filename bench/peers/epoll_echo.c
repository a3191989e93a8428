/*
 * epoll_echo: the echo server a C programmer would write for Linux.
 *
 * One thread, non-blocking sockets, level-triggered epoll, TCP_NODELAY. Each read goes into one
 * shared scratch buffer and is written straight back; only the part the socket would not take is
 * copied into a per-connection buffer. While a connection has unsent bytes it waits for EPOLLOUT
 * and is not read, so a client that does not read its echo slows itself down rather than growing
 * the server's memory. Idle connections cost only a small state record.
 *
 * Usage: epoll_echo HOST PORT   (IPv4 literal; port 0 picks a free port)
 * Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define SCRATCH_SIZE 65536
#define MAX_EVENTS 1024

struct conn {
    char *pending;      /* bytes read but not yet written back, or NULL */
    size_t pending_len;
    size_t pending_off;
};

static volatile sig_atomic_t stop_requested;
static struct conn **conns;   /* indexed by fd */
static int max_fds;
static int epfd;
static char scratch[SCRATCH_SIZE];

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void close_conn(int fd)
{
    struct conn *c = conns[fd];
    if (c) {
        free(c->pending);
        free(c);
        conns[fd] = NULL;
    }
    /* close() removes the fd from the epoll set as well. */
    close(fd);
}

static int set_events(int fd, unsigned events)
{
    struct epoll_event ev = { .events = events, .data.fd = fd };
    return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

/* Writes buf; returns how many bytes were written, or -1 if the connection failed. */
static ssize_t write_some(int fd, const char *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            return -1;
        }
    }
    return (ssize_t)done;
}

static void on_readable(int fd)
{
    struct conn *c = conns[fd];
    ssize_t n = recv(fd, scratch, sizeof scratch, 0);
    if (n == 0) {
        close_conn(fd);
        return;
    }
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            close_conn(fd);
        return;
    }
    ssize_t w = write_some(fd, scratch, (size_t)n);
    if (w < 0) {
        close_conn(fd);
        return;
    }
    if (w < n) {
        size_t rest = (size_t)(n - w);
        c->pending = malloc(rest);
        if (!c->pending) {
            close_conn(fd);
            return;
        }
        memcpy(c->pending, scratch + w, rest);
        c->pending_len = rest;
        c->pending_off = 0;
        if (set_events(fd, EPOLLOUT) < 0)
            close_conn(fd);
    }
}

static void on_writable(int fd)
{
    struct conn *c = conns[fd];
    if (!c->pending)
        return;
    ssize_t w = write_some(fd, c->pending + c->pending_off, c->pending_len - c->pending_off);
    if (w < 0) {
        close_conn(fd);
        return;
    }
    c->pending_off += (size_t)w;
    if (c->pending_off == c->pending_len) {
        free(c->pending);
        c->pending = NULL;
        c->pending_len = c->pending_off = 0;
        if (set_events(fd, EPOLLIN) < 0)
            close_conn(fd);
    }
}

static void on_acceptable(int lfd, int *spare_fd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if ((errno == EMFILE || errno == ENFILE) && *spare_fd >= 0) {
                /* Out of descriptors: accept and drop one pending connection with the spare fd,
                   otherwise the level-triggered listener would wake us forever. */
                close(*spare_fd);
                int victim = accept(lfd, NULL, NULL);
                if (victim >= 0)
                    close(victim);
                *spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                continue;
            }
            return; /* EAGAIN, or an error the next wake-up will report again */
        }
        if (fd >= max_fds) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
        if (!c || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            free(c);
            close(fd);
            continue;
        }
        conns[fd] = c;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in addr = { .sin_family = AF_INET };
    char *end;
    long port = strtol(argv[2], &end, 10);
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1 || *end || port < 0 || port > 65535) {
        fprintf(stderr, "epoll_echo: HOST must be an IPv4 address and PORT 0-65535\n");
        return 2;
    }
    addr.sin_port = htons((unsigned short)port);

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        max_fds = (int)rl.rlim_cur;
    else
        max_fds = 65536;
    conns = calloc((size_t)max_fds, sizeof *conns);
    if (!conns) {
        perror("calloc");
        return 1;
    }

    /* No SA_RESTART: the signal interrupts epoll_wait so the loop can see stop_requested. */
    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, SOMAXCONN) < 0) {
        perror("epoll_echo: bind/listen");
        return 3;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);

    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.fd = lfd };
    if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev) < 0) {
        perror("epoll_echo: epoll");
        return 1;
    }
    int spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    printf("listening %s:%d\n", argv[1], ntohs(addr.sin_port));
    fflush(stdout);

    static struct epoll_event events[MAX_EVENTS];
    while (!stop_requested) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("epoll_echo: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            unsigned ev = events[i].events;
            if (fd == lfd) {
                on_acceptable(lfd, &spare_fd);
                continue;
            }
            if (!conns[fd])
                continue; /* closed earlier in this batch */
            /* A connection with unsent bytes only waits for EPOLLOUT; an error or hang-up
               reported meanwhile surfaces as a failed send and closes it. */
            if (conns[fd]->pending)
                on_writable(fd);
            else if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
                on_readable(fd);
        }
    }
    return 0;
}

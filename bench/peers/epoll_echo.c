/*
 * epoll_echo: the echo server a C programmer would write for Linux.
 *
 * One thread, non-blocking sockets, level-triggered epoll, TCP_NODELAY. Each read goes into one
 * shared scratch buffer and is written straight back; only the part the socket would not take is
 * copied into a per-connection buffer. While a connection has unsent bytes it waits for EPOLLOUT
 * and is not read, so a client that does not read its echo slows itself down rather than growing
 * the server's memory. Idle connections cost only a small state record.
 *
 * With --threads N (for servers that may use several cores), N such loops run, one per thread, each
 * with its own listening socket on the same port (SO_REUSEPORT: the kernel spreads new connections
 * across them by hash) and its own epoll set, so no state is shared between threads.
 *
 * Usage: epoll_echo [--threads N] HOST PORT   (IPv4 literal; port 0 picks a free port; N 1-64)
 * Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
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
#define MAX_THREADS 64

struct conn {
    char *pending;      /* bytes read but not yet written back, or NULL */
    size_t pending_len;
    size_t pending_off;
};

/* One event loop: its listener, its epoll set and its scratch buffer. A connection is only ever
   touched by the loop that accepted it, so the fd-indexed table needs no lock. */
struct loop {
    int lfd;
    int epfd;
    char scratch[SCRATCH_SIZE];
};

static volatile sig_atomic_t stop_requested;
static struct conn **conns;   /* indexed by fd */
static int max_fds;

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

static int set_events(struct loop *l, int fd, unsigned events)
{
    struct epoll_event ev = { .events = events, .data.fd = fd };
    return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev);
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

static void on_readable(struct loop *l, int fd)
{
    struct conn *c = conns[fd];
    char *scratch = l->scratch;
    ssize_t n = recv(fd, scratch, SCRATCH_SIZE, 0);
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
        if (set_events(l, fd, EPOLLOUT) < 0)
            close_conn(fd);
    }
}

static void on_writable(struct loop *l, int fd)
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
        if (set_events(l, fd, EPOLLIN) < 0)
            close_conn(fd);
    }
}

static void on_acceptable(struct loop *l, int *spare_fd)
{
    int lfd = l->lfd;
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
        if (!c || epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            free(c);
            close(fd);
            continue;
        }
        conns[fd] = c;
    }
}

/* Runs one loop until a signal asks to stop (only the main thread receives signals). */
static void *run_loop(void *arg)
{
    struct loop *l = arg;
    int spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    struct epoll_event *events = calloc(MAX_EVENTS, sizeof *events);
    if (!events) {
        perror("epoll_echo: calloc");
        exit(1);
    }
    while (!stop_requested) {
        int n = epoll_wait(l->epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("epoll_echo: epoll_wait");
            exit(1);
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            unsigned ev = events[i].events;
            if (fd == l->lfd) {
                on_acceptable(l, &spare_fd);
                continue;
            }
            if (!conns[fd])
                continue; /* closed earlier in this batch */
            /* A connection with unsent bytes only waits for EPOLLOUT; an error or hang-up
               reported meanwhile surfaces as a failed send and closes it. */
            if (conns[fd]->pending)
                on_writable(l, fd);
            else if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
                on_readable(l, fd);
        }
    }
    return NULL;
}

/* Opens loop l's listener on addr (its port filled in by the first bind) and its epoll set. */
static int open_loop(struct loop *l, struct sockaddr_in *addr, int reuseport)
{
    int one = 1;
    l->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l->lfd < 0)
        return -1;
    setsockopt(l->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reuseport && setsockopt(l->lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        return -1;
    if (bind(l->lfd, (struct sockaddr *)addr, sizeof *addr) < 0 || listen(l->lfd, SOMAXCONN) < 0)
        return -1;
    socklen_t alen = sizeof *addr;
    getsockname(l->lfd, (struct sockaddr *)addr, &alen);
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.fd = l->lfd };
    if (l->epfd < 0 || epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->lfd, &lev) < 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    long threads = 1;
    if (argc == 5 && strcmp(argv[1], "--threads") == 0) {
        char *tend;
        threads = strtol(argv[2], &tend, 10);
        if (*tend || threads < 1 || threads > MAX_THREADS) {
            fprintf(stderr, "epoll_echo: --threads must be 1-%d\n", MAX_THREADS);
            return 2;
        }
        argv += 2;
        argc -= 2;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: %s [--threads N] HOST PORT\n", argv[0]);
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
    struct loop *loops = calloc((size_t)threads, sizeof *loops);
    if (!conns || !loops) {
        perror("calloc");
        return 1;
    }

    /* No SA_RESTART: the signal interrupts epoll_wait so the loop can see stop_requested. */
    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The first bind picks the port (when 0); the others bind the same one, sharing it by SO_REUSEPORT. */
    for (long t = 0; t < threads; t++) {
        if (open_loop(&loops[t], &addr, threads > 1) < 0) {
            perror("epoll_echo: bind/listen/epoll");
            return 3;
        }
    }

    printf("listening %s:%d\n", argv[1], ntohs(addr.sin_port));
    fflush(stdout);

    /* The extra threads block SIGINT and SIGTERM, so the signal interrupts the main thread's
       epoll_wait; returning from main then ends the process and every thread. */
    sigset_t stop_signals, previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    for (long t = 1; t < threads; t++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, run_loop, &loops[t]) != 0) {
            perror("epoll_echo: pthread_create");
            return 1;
        }
        pthread_detach(thread);
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    run_loop(&loops[0]);
    return 0;
}

/*
 * recvmmsg_udp_echo: a batching UDP echo server for Linux.
 *
 * One blocking socket; recvmmsg() takes up to BATCH datagrams per system call (waiting only for
 * the first) and sendmmsg() returns them to their senders in one call. Each slot has a buffer for
 * the largest possible datagram, so nothing is truncated.
 *
 * Usage: recvmmsg_udp_echo HOST PORT   (IPv4 literal; port 0 picks a free port)
 * Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define MAX_DATAGRAM 65536

static volatile sig_atomic_t stop_requested;
static char buffers[BATCH][MAX_DATAGRAM];

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

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
        fprintf(stderr, "recvmmsg_udp_echo: HOST must be an IPv4 address and PORT 0-65535\n");
        return 2;
    }
    addr.sin_port = htons((unsigned short)port);

    /* No SA_RESTART: the signal interrupts the blocking recvmmsg so the loop can stop. */
    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("recvmmsg_udp_echo: bind");
        return 3;
    }
    socklen_t alen = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &alen);
    printf("listening %s:%d\n", argv[1], ntohs(addr.sin_port));
    fflush(stdout);

    static struct mmsghdr msgs[BATCH];
    static struct iovec iovs[BATCH];
    static struct sockaddr_in peers[BATCH];

    while (!stop_requested) {
        for (int i = 0; i < BATCH; i++) {
            iovs[i].iov_base = buffers[i];
            iovs[i].iov_len = MAX_DATAGRAM;
            memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_name = &peers[i];
            msgs[i].msg_hdr.msg_namelen = sizeof peers[i];
        }
        int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("recvmmsg_udp_echo: recvmmsg");
            return 1;
        }
        /* Send back exactly what arrived: the same buffer, trimmed to the received length. */
        for (int i = 0; i < n; i++)
            iovs[i].iov_len = msgs[i].msg_len;

        int sent = 0;
        while (sent < n && !stop_requested) {
            int r = sendmmsg(fd, msgs + sent, (unsigned)(n - sent), 0);
            if (r > 0) {
                sent += r;
            } else if (r < 0 && errno == EINTR) {
                continue;
            } else {
                /* sendmmsg reports the error of the first datagram it could not send (for
                   example an unreachable sender); skip that one and send the rest. */
                sent++;
            }
        }
    }
    close(fd);
    return 0;
}

/*
 * LD_PRELOAD shim for benchmarking Janus on loopback only.
 *
 * Janus 1.1.2 (through libnice and its own interface walk) never gathers ICE candidates on interfaces flagged
 * IFF_LOOPBACK, even with ice_enforce_list = "lo". This wrapper around getifaddrs(3) clears IFF_LOOPBACK on "lo",
 * so Janus offers 127.0.0.1 typ host and the whole benchmark stays on this machine's loopback.
 *
 * Built at run time by scripts/janus/start.sh: gcc -shared -fPIC -O2 -o loopback-shim.so loopback-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

int getifaddrs(struct ifaddrs **ifap) {
    static int (*real)(struct ifaddrs **);
    if (!real) {
        real = (int (*)(struct ifaddrs **)) dlsym(RTLD_NEXT, "getifaddrs");
    }
    int rc = real(ifap);
    if (rc == 0) {
        for (struct ifaddrs *i = *ifap; i != NULL; i = i->ifa_next) {
            if (i->ifa_name != NULL && strcmp(i->ifa_name, "lo") == 0) {
                i->ifa_flags &= ~IFF_LOOPBACK;
            }
        }
    }
    return rc;
}

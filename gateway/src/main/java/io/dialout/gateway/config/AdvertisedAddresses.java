package io.dialout.gateway.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Start-up checks of the addresses the gateway tells others to reach it at (SIP Via/Contact, the SIP SDP's c= line,
 * the rooms' ICE candidates), against the addresses its sockets bind to.
 *
 * <p>Errors: a wildcard bind without an advertised address. 0.0.0.0 in Via/Contact or in c= reaches nobody (in c= it
 * even reads as hold, RFC 3264 section 8.4), so start-up fails and names the setting and its environment variable.
 *
 * <p>Warnings, for the room port bound to a wildcard address. A reply from a socket bound to 0.0.0.0 leaves from the
 * source address the kernel picks for the route back to the room, not from the address the room sent to. The room's
 * ICE agent accepts a response only from the address its check went to (RFC 8445 section 7.2.5.2.1), so ICE fails
 * when the advertised address is not that source: when the host has other addresses (host networking: every address
 * of the node), or when the advertised address is not on this host and no NAT forwards it here.
 */
final class AdvertisedAddresses {

    private AdvertisedAddresses() {}

    /** The environment variable that sets a property (the MicroProfile Config rule Quarkus applies). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Errors that must stop the start-up, one sentence each. */
    static List<String> problems(SipSettings sip, MediaSettings media) {
        List<String> p = new ArrayList<>();
        requireWithWildcard(
                p,
                "gateway.sip.bind-address",
                sip.bindAddress(),
                "gateway.sip.advertised-address",
                sip.advertisedAddress(),
                "it goes in Via and Contact, where the trunk sends its responses and in-dialog requests");
        requireWithWildcard(
                p,
                "gateway.media.sip-bind-address",
                media.sipBindAddress(),
                "gateway.media.sip-advertised-address",
                media.sipAdvertisedAddress(),
                "it goes in the c= line of the SDP toward SIP, where the trunk sends its RTP");
        return p;
    }

    private static void requireWithWildcard(
            List<String> p,
            String bindKey,
            String bind,
            String advertisedKey,
            Optional<String> advertised,
            String why) {
        if (isWildcard(bind) && advertised.filter(a -> !a.isBlank()).isEmpty()) {
            p.add(advertisedKey + " (environment variable " + envName(advertisedKey) + ") must be set when " + bindKey
                    + " is " + bind + ": " + why);
        }
    }

    /**
     * Warnings about the room port: {@code advertised} (as configured) checked against {@code local}, this host's
     * interface addresses. Empty when the bind address is not a wildcard, or when nothing is advertised (the engine
     * then advertises every interface address itself, and the check that reaches the kernel's source succeeds).
     */
    static List<String> roomWarnings(String bind, List<String> advertised, Collection<InetAddress> local) {
        if (!isWildcard(bind) || advertised.isEmpty()) {
            return List.of();
        }
        List<String> w = new ArrayList<>();
        for (String a : advertised) {
            InetAddress addr;
            try {
                addr = InetAddress.getByName(a.trim());
            } catch (UnknownHostException e) {
                w.add("gateway.media.room-advertised-addresses: " + a + " does not resolve; rooms cannot reach it");
                continue;
            }
            if (addr.isLoopbackAddress()) {
                continue; // rooms on this host: the route back to them is loopback, so is the source
            }
            List<InetAddress> sameFamily = local.stream()
                    .filter(l -> l.getClass() == addr.getClass())
                    .filter(l -> !l.isLoopbackAddress() && !l.isLinkLocalAddress())
                    .toList();
            if (!local.contains(addr)) {
                w.add("gateway.media.room-advertised-addresses: " + a + " is not an address of this host (its"
                        + " addresses: " + list(sameFamily) + "). Rooms reach the room port there only through a"
                        + " NAT that forwards " + a + " to this host (docker run -p, a cloud 1:1 NAT); with host"
                        + " networking and no such NAT, ICE fails: advertise one of this host's addresses.");
            } else if (sameFamily.size() > 1) {
                w.add("gateway.media.room-bind-address is " + bind + " and this host has several addresses ("
                        + list(sameFamily) + "): replies to rooms leave from the address the kernel picks for the"
                        + " route back, which need not be the advertised " + a + ", and ICE fails when it is not."
                        + " Bind the room port to it: gateway.media.room-bind-address=" + a + " (environment variable "
                        + envName("gateway.media.room-bind-address") + ").");
            }
        }
        return w;
    }

    /** This host's interface addresses (up interfaces); empty if they cannot be listed. */
    static List<InetAddress> localAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp()) {
                    out.addAll(Collections.list(nif.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return out;
    }

    static boolean isWildcard(String bind) {
        try {
            return InetAddress.getByName(bind.trim()).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String list(List<InetAddress> addresses) {
        return addresses.isEmpty()
                ? "none"
                : addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    }
}

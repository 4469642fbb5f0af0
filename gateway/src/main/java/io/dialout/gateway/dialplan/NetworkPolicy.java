package io.dialout.gateway.dialplan;

import java.net.InetAddress;
import java.util.List;

/**
 * Which addresses a dial may send signalling to. Special-purpose ranges (loopback, private, link-local with the cloud
 * metadata address 169.254.169.254, shared CGN space, multicast, reserved; RFC 6890 and the IANA special-purpose
 * registries) are refused unless a configured {@code allowed} range covers them; {@code denied} ranges are refused
 * always. An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4) is judged as that IPv4 address
 * too.
 *
 * @param allowed special ranges opened on purpose (a lab's 127.0.0.0/8, a carrier's 10.1.0.0/16)
 * @param denied  ranges never dialled, whatever else says
 */
public record NetworkPolicy(List<Cidr> allowed, List<Cidr> denied) {

    /** Not public unicast destinations, or a way into the gateway's own host and network. */
    public static final List<Cidr> SPECIAL = List.of(
                    "0.0.0.0/8", // "this network" (RFC 791): 0.0.0.0 reaches the local host on Linux
                    "10.0.0.0/8", // private (RFC 1918)
                    "100.64.0.0/10", // shared address space (RFC 6598)
                    "127.0.0.0/8", // loopback
                    "169.254.0.0/16", // link-local (RFC 3927), incl. the cloud metadata service 169.254.169.254
                    "172.16.0.0/12", // private
                    "192.0.0.0/24", // IETF protocol assignments (RFC 6890)
                    "192.168.0.0/16", // private
                    "198.18.0.0/15", // benchmarking (RFC 2544)
                    "224.0.0.0/4", // multicast
                    "240.0.0.0/4", // reserved, and the limited broadcast 255.255.255.255
                    "::/128", // unspecified
                    "::1/128", // loopback
                    "fc00::/7", // unique local (RFC 4193), incl. fd00:ec2::254, a cloud metadata address
                    "fe80::/10", // link-local
                    "ff00::/8") // multicast
            .stream()
            .map(Cidr::parse)
            .toList();

    public NetworkPolicy {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        denied = denied == null ? List.of() : List.copyOf(denied);
    }

    /** Public addresses only. */
    public static NetworkPolicy defaults() {
        return new NetworkPolicy(List.of(), List.of());
    }

    public static NetworkPolicy of(List<String> allowed, List<String> denied) {
        return new NetworkPolicy(
                allowed.stream().map(Cidr::parse).toList(),
                denied.stream().map(Cidr::parse).toList());
    }

    /** Null when {@code address} may be dialled, else why not. */
    public String refuse(InetAddress address) {
        String why = refuseOne(address);
        InetAddress inner = HostAddresses.embeddedIpv4(address);
        if (why == null && inner != null) {
            why = refuseOne(inner);
        }
        return why;
    }

    /**
     * Null unless {@code address} (or the IPv4 address inside it) is in a denied range: for addresses DNS gave for a
     * host the operator chose (a configured trunk), where special-purpose ranges are the operator's choice too.
     */
    public String refuseDenied(InetAddress address) {
        InetAddress inner = HostAddresses.embeddedIpv4(address);
        for (Cidr c : denied) {
            if (c.contains(address) || inner != null && c.contains(inner)) {
                return "address " + address.getHostAddress() + " is in a denied range (" + c + ")";
            }
        }
        return null;
    }

    private String refuseOne(InetAddress a) {
        for (Cidr c : denied) {
            if (c.contains(a)) {
                return "address " + a.getHostAddress() + " is in a denied range (" + c + ")";
            }
        }
        for (Cidr c : SPECIAL) {
            if (c.contains(a) && allowed.stream().noneMatch(x -> x.contains(a))) {
                return "address " + a.getHostAddress() + " is in a special-purpose range (" + c
                        + ") that is not allowed";
            }
        }
        return null;
    }
}

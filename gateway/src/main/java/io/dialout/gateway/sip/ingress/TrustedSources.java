package io.dialout.gateway.sip.ingress;

import io.dialout.gateway.dialplan.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The sources whose requests outside our calls get an answer: configured trunks and proxies (by name, resolved again
 * by {@link #refresh()}) and address ranges. Matching is on the packet's source address only; on UDP that address can
 * be spoofed, which is why answers to trusted sources are rate-limited too ({@link SourceRateLimiter}).
 */
public final class TrustedSources {

    private static final Logger LOG = Logger.getLogger(TrustedSources.class);

    private final List<Cidr> ranges = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private volatile Set<InetAddress> resolved = Set.of();

    private TrustedSources() {}

    /** Entries as in {@link SipIngressConfig#trustedSources()}; names are resolved at once. */
    public static TrustedSources of(List<String> entries) {
        TrustedSources t = new TrustedSources();
        for (String entry : entries) {
            String host = hostOf(entry);
            if (host.isEmpty()) {
                continue;
            }
            try {
                t.ranges.add(Cidr.parse(host));
            } catch (IllegalArgumentException notARange) {
                t.names.add(host.toLowerCase(Locale.ROOT));
            }
        }
        t.refresh();
        return t;
    }

    /**
     * The host of {@code 10.0.0.0/8}, {@code host}, {@code host:port}, {@code [v6]:port} or a SIP URI
     * ({@code sip:user@host:port;lr}).
     */
    static String hostOf(String entry) {
        String s = entry.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            s = s.substring(s.indexOf(':') + 1);
            int semi = s.indexOf(';');
            s = semi < 0 ? s : s.substring(0, semi);
            int q = s.indexOf('?');
            s = q < 0 ? s : s.substring(0, q);
            int at = s.lastIndexOf('@');
            s = at < 0 ? s : s.substring(at + 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            String v6 = close < 0 ? s.substring(1) : s.substring(1, close);
            String rest = close < 0 ? "" : s.substring(close + 1);
            return rest.startsWith("/") ? v6 + rest : v6;
        }
        if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
            s = s.substring(0, s.indexOf(':')); // host:port (a single colon: not IPv6)
        }
        return s;
    }

    /** Resolves the names again (trunks move); keeps the last good answer of a name that fails to resolve. */
    public void refresh() {
        Set<InetAddress> next = new HashSet<>();
        for (String name : names) {
            try {
                for (InetAddress a : InetAddress.getAllByName(name)) {
                    next.add(unwrap(a));
                }
            } catch (UnknownHostException e) {
                LOG.warnf("trusted SIP source %s does not resolve (%s); kept its previous addresses", name, e);
                for (InetAddress a : resolved) {
                    next.add(a); // cannot tell which old address was this name's: keep them all until it resolves
                }
            }
        }
        resolved = Set.copyOf(next);
    }

    public boolean contains(InetAddress source) {
        InetAddress a = unwrap(source);
        if (resolved.contains(a)) {
            return true;
        }
        for (Cidr c : ranges) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    boolean hasNames() {
        return !names.isEmpty();
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, a dual-stack socket's view) as the IPv4 address. */
    private static InetAddress unwrap(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException impossible) {
                    return a;
                }
            }
        }
        return a;
    }

    @Override
    public String toString() {
        return "TrustedSources" + ranges + names;
    }
}

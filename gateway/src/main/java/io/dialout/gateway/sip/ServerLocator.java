package io.dialout.gateway.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jboss.logging.Logger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * RFC 3263 section 4: the servers a SIP URI's host means, in the order to try them. A host given as a domain without
 * a port is looked up by NAPTR (section 4.1: the records whose service is the trunk's transport, {@code SIP+D2U},
 * {@code SIP+D2T}, {@code SIPS+D2T}, by order then preference, give the SRV names), then SRV (section 4.2; without
 * NAPTR, {@code _sip._udp.<domain>}, {@code _sip._tcp.} or {@code _sips._tcp.}), ordered by priority and, within a
 * priority, by RFC 2782's weighted random choice; then A and AAAA of each SRV target. Without SRV records the domain's
 * own A/AAAA with the default port (5060, 5061 for TLS). An IP literal, or a host with a port, is not located here:
 * the stack sends to it as before (the JVM's resolver), so nothing changes for such URIs.
 *
 * <p>Lookups block the calling thread for at most the resolver's timeout per query; they run on the call's executor
 * before its INVITE (like the dial plan's own lookups). Answers are cached per locator for their TTL.
 */
public final class ServerLocator {

    private static final Logger LOG = Logger.getLogger(ServerLocator.class);

    /** One server to try: an address, a port and the transport (udp, tcp, tls). */
    public record Server(InetAddress address, int port, String transport, String name) {
        @Override
        public String toString() {
            return name + "=" + address.getHostAddress() + ":" + port + "/" + transport;
        }
    }

    /** The servers of a host, in order; {@code notLocated} when the host is a literal or carries a port. */
    public record Located(List<Server> servers, boolean notLocated) {
        static final Located NOT_LOCATED = new Located(List.of(), true);
    }

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);
    private final Random random;

    ServerLocator(Resolver resolver, Random random) {
        this.resolver = resolver;
        this.random = random;
    }

    /**
     * @param server  "host:port" of the DNS server to ask, or null for the system's (/etc/resolv.conf)
     * @param timeout the longest wait for one answer
     */
    public static ServerLocator using(String server, Duration timeout) {
        Resolver r;
        if (server == null || server.isBlank()) {
            r = new ExtendedResolver();
        } else {
            int colon = server.lastIndexOf(':');
            String host = colon > 0 && server.indexOf(']') < colon ? server.substring(0, colon) : server;
            int port = colon > 0 && server.indexOf(']') < colon ? Integer.parseInt(server.substring(colon + 1)) : 53;
            try {
                r = new SimpleResolver(new InetSocketAddress(
                        InetAddress.getByName(host.replace("[", "").replace("]", "")), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("DNS server " + server + ": " + e.getMessage(), e);
            }
        }
        r.setTimeout(timeout);
        return new ServerLocator(r, new Random());
    }

    /** The servers for {@code host} (no brackets for IPv6), {@code port} (-1 when none) and transport. */
    public Located locate(String host, int port, String transport) {
        if (port > 0 || isLiteral(host)) {
            return Located.NOT_LOCATED;
        }
        String t = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
        List<Server> servers = new ArrayList<>();
        List<SRVRecord> srv = new ArrayList<>();
        for (Name name : srvNames(host, t)) {
            srv.addAll(order(records(name, Type.SRV, SRVRecord.class), random));
            if (!srv.isEmpty()) {
                break; // the first NAPTR whose SRV name has records (RFC 3263 section 4.1)
            }
        }
        if (srv.isEmpty()) {
            // RFC 3263 section 4.2: no SRV records, the domain's A/AAAA records with the transport's default port
            addAddresses(servers, name(host), "tls".equals(t) ? 5061 : 5060, t);
        } else {
            for (SRVRecord r : srv) {
                if (!r.getTarget().equals(Name.root)) { // "." means the service is not offered there (RFC 2782)
                    addAddresses(servers, r.getTarget(), r.getPort(), t);
                }
            }
        }
        LOG.debugf("RFC 3263: %s (%s) -> %s", host, t, servers);
        return new Located(List.copyOf(servers), false);
    }

    /** The SRV names to try: from NAPTR records for the transport, else the RFC 3263 section 4.2 default. */
    private List<Name> srvNames(String host, String transport) {
        String service = switch (transport) {
            case "tcp" -> "SIP+D2T";
            case "tls" -> "SIPS+D2T";
            default -> "SIP+D2U";
        };
        List<Name> names = new ArrayList<>();
        records(name(host), Type.NAPTR, NAPTRRecord.class).stream()
                .filter(r ->
                        r.getFlags().equalsIgnoreCase("s") && r.getService().equalsIgnoreCase(service))
                .sorted(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference))
                .forEach(r -> names.add(r.getReplacement()));
        String prefix = switch (transport) {
            case "tcp" -> "_sip._tcp.";
            case "tls" -> "_sips._tcp.";
            default -> "_sip._udp.";
        };
        if (names.isEmpty()) {
            names.add(name(prefix + host));
        }
        return names;
    }

    private void addAddresses(List<Server> into, Name target, int port, String transport) {
        String label = target.toString(true);
        for (ARecord a : records(target, Type.A, ARecord.class)) {
            into.add(new Server(a.getAddress(), port, transport, label));
        }
        for (AAAARecord a : records(target, Type.AAAA, AAAARecord.class)) {
            into.add(new Server(a.getAddress(), port, transport, label));
        }
    }

    private <R extends Record> List<R> records(Name name, int type, Class<R> kind) {
        if (name == null) {
            return List.of();
        }
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        Record[] answer = lookup.run();
        if (lookup.getResult() != Lookup.SUCCESSFUL || answer == null) {
            LOG.debugf("RFC 3263: %s %s: %s", Type.string(type), name, lookup.getErrorString());
            return List.of();
        }
        List<R> out = new ArrayList<>();
        for (Record r : answer) {
            if (kind.isInstance(r)) {
                out.add(kind.cast(r));
            }
        }
        return out;
    }

    /**
     * RFC 2782 ("Usage rules"): lowest priority first; within a priority, repeatedly pick a record with probability
     * proportional to its weight (those of weight 0 placed first, so that they are chosen only rarely when others
     * have weight).
     */
    static List<SRVRecord> order(List<SRVRecord> records, Random random) {
        List<SRVRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(SRVRecord::getPriority));
        List<SRVRecord> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int priority = sorted.get(i).getPriority();
            List<SRVRecord> group = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).getPriority() == priority) {
                group.add(sorted.get(i++));
            }
            group.sort(Comparator.comparingInt(r -> r.getWeight() == 0 ? 0 : 1));
            while (!group.isEmpty()) {
                int total = group.stream().mapToInt(SRVRecord::getWeight).sum();
                int pick = total == 0 ? 0 : random.nextInt(total + 1);
                int running = 0;
                int chosen = group.size() - 1;
                for (int k = 0; k < group.size(); k++) {
                    running += group.get(k).getWeight();
                    if (running >= pick) {
                        chosen = k;
                        break;
                    }
                }
                out.add(group.remove(chosen));
            }
        }
        return out;
    }

    private static Name name(String host) {
        try {
            return Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            return null;
        }
    }

    /** An IPv4 or IPv6 literal (a name never ends in a number label: RFC 1123 section 2.1, RFC 3696 section 2). */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.startsWith("[") || host.matches("[0-9.]+");
    }
}

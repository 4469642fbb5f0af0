package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.Objects;

/**
 * What a registration-based trunk registers (RFC 3261 section 10): the address-of-record {@code sip:user@domain}
 * bound to the gateway's Contact at the registrar, with digest credentials.
 *
 * @param trunk      the trunk (transport, outbound proxy, credentials)
 * @param registrar  host[:port] the REGISTER goes to (its Request-URI, RFC 3261 section 10.2)
 * @param domain     the domain of the address-of-record (To and From)
 * @param user       the user of the address-of-record and of our Contact
 * @param expires    the binding lifetime we ask for (the registrar may grant less, or demand more with 423)
 * @param retryMin   first delay after a failed attempt; doubled per failure
 * @param retryMax   the longest delay between attempts
 */
public record RegistrationSpec(
        Trunk trunk,
        String registrar,
        String domain,
        String user,
        Duration expires,
        Duration retryMin,
        Duration retryMax) {

    public RegistrationSpec {
        Objects.requireNonNull(trunk, "trunk");
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(user, "user");
        if (registrar.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("registrar and user must not be blank");
        }
        if (user.chars().anyMatch(c -> c < 0x21 || c == '@' || c == ':' || c == '<' || c == '>' || c == '"')) {
            throw new IllegalArgumentException("bad user part: " + user);
        }
        domain = domain == null || domain.isBlank() ? HostPort.host(registrar) : domain;
        expires = expires == null ? Duration.ofSeconds(600) : expires;
        retryMin = retryMin == null ? Duration.ofSeconds(5) : retryMin;
        retryMax = retryMax == null ? Duration.ofSeconds(300) : retryMax;
        if (expires.toSeconds() < 1 || expires.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expires out of range: " + expires);
        }
        if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("need 0 < retry-min <= retry-max");
        }
    }

    @Override
    public String toString() {
        return "RegistrationSpec[trunk=" + trunk.name() + ", registrar=" + registrar + ", aor=sip:" + user + "@"
                + domain + ", expires=" + expires + "]";
    }

    /** Splits host[:port] (IPv6 in brackets). */
    static final class HostPort {
        private HostPort() {}

        static String host(String hostPort) {
            String s = withoutScheme(hostPort);
            int colon = portColon(s);
            return colon < 0 ? s : s.substring(0, colon);
        }

        static int port(String hostPort) {
            String s = withoutScheme(hostPort);
            int colon = portColon(s);
            return colon < 0 ? -1 : Integer.parseInt(s.substring(colon + 1));
        }

        private static String withoutScheme(String hostPort) {
            String s = hostPort.trim();
            return s.regionMatches(true, 0, "sip:", 0, 4) ? s.substring(4) : s;
        }

        private static int portColon(String s) {
            int colon = s.lastIndexOf(':');
            return colon > 0 && s.indexOf(']') < colon && (s.startsWith("[") || s.indexOf(':') == colon) ? colon : -1;
        }
    }
}

package io.dialout.gateway.dialplan;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What address a URI host written as a literal means. An IPv4 literal has more spellings than the dotted quad: the
 * BSD {@code inet_aton} forms that resolvers and SIP stacks accept ({@code 127.2}, {@code 2130706434},
 * {@code 0x7f.1}, {@code 0177.0.0.1}), and zero-padded parts that one parser reads as octal and another as decimal
 * ({@code 127.000.000.010}). A policy decides on the address, never on the spelling, so every reading is returned.
 * A host is taken as an IPv4 literal when its last label is a number (the rule of the WHATWG URL standard, section
 * "ends in a number"), so it never reaches DNS as a name.
 */
final class HostAddresses {

    private HostAddresses() {}

    /**
     * The addresses {@code host} means when it is a literal: null for a DNS name, an empty list for a literal no
     * reading accepts (to be refused).
     */
    static List<InetAddress> literal(String host) {
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || !host.matches("\\[[0-9A-Fa-f:.]+]")) {
                return List.of();
            }
            try { // an IPv6 literal (RFC 3261 section 19.1.1 IPv6reference): parsed, never looked up
                return List.of(InetAddress.getByName(host.substring(1, host.length() - 1)));
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2]; // a trailing dot
        }
        if (!last.matches("[0-9]+|0[xX][0-9A-Fa-f]*")) {
            return null;
        }
        Set<InetAddress> readings = new LinkedHashSet<>();
        add(readings, ipv4(host, true));
        add(readings, ipv4(host, false));
        return new ArrayList<>(readings);
    }

    private static void add(Set<InetAddress> into, byte[] address) {
        if (address != null) {
            try {
                into.add(InetAddress.getByAddress(address));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /**
     * One to four parts; the last fills the remaining bytes (inet_aton(3)). With {@code radixPrefixes} a part with
     * a leading "0x" is hexadecimal and one with a leading "0" octal; without, every part is decimal.
     */
    static byte[] ipv4(String host, boolean radixPrefixes) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = part(parts[i], radixPrefixes);
            if (values[i] < 0) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int lastBits = 8 * (5 - parts.length);
        if (last >= 1L << lastBits) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static long part(String p, boolean radixPrefixes) {
        if (p.isEmpty() || p.length() > 12) {
            return -1;
        }
        int radix = 10;
        String digits = p;
        if (radixPrefixes && (p.startsWith("0x") || p.startsWith("0X"))) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0; // inet_aton reads a bare "0x" as zero
            }
        } else if (radixPrefixes && p.length() > 1 && p.startsWith("0")) {
            radix = 8;
            digits = p.substring(1);
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The IPv4 address inside an IPv6 one that reaches it: IPv4-mapped ({@code ::ffff:a.b.c.d}, RFC 4291 section
     * 2.5.5.2), IPv4-compatible ({@code ::a.b.c.d}, section 2.5.5.1), NAT64 ({@code 64:ff9b::/96}, RFC 6052) and 6to4
     * ({@code 2002::/16}, RFC 3056); else null.
     */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] a = address.getAddress();
        boolean zeros80 = allZero(a, 0, 10);
        int from = -1;
        if (zeros80 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            from = 12;
        } else if (zeros80 && a[10] == 0 && a[11] == 0 && !allZero(a, 12, 14)) {
            from = 12; // ::a.b.c.d, not :: or ::1
        } else if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && allZero(a, 4, 12)) {
            from = 12;
        } else if (a[0] == 0x20 && a[1] == 0x02) {
            from = 2;
        }
        if (from < 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

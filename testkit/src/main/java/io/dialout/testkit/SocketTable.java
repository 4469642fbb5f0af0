package io.dialout.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the kernel's socket tables (/proc/net/{udp,tcp}{,6}) to learn whether a port is bound (UDP) or listening
 * (TCP) without sending anything to the peer that owns it.
 */
public final class SocketTable {
    private SocketTable() {}

    /** {@code proto} is "udp" or "tcp". */
    public static boolean listening(String proto, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String file : List.of(proto, proto + "6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", file))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort)) {
                        // TCP: state 0A is LISTEN; UDP: any bound socket (07 = unconnected) counts.
                        if (proto.equals("udp") || f[3].equals("0A")) {
                            return true;
                        }
                    }
                }
            } catch (IOException e) {
                // no IPv6 table, say: look at the other one
            }
        }
        return false;
    }

    /** Number of open file descriptors of this JVM (for leak checks). */
    public static long openFileDescriptors() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}

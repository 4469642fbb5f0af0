package io.dialout.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Debian's Kamailio 5.6 with its tls module as a SIP-over-TLS front for a plain callee on loopback: it takes
 * requests over TLS on {@link #tlsPort}, record-routes (both sides: TLS toward the caller, UDP toward the callee),
 * and sends every new INVITE to the callee over UDP. A request that arrives over TLS gets {@code force_tcp_alias()},
 * so requests toward the caller (the callee's BYE) reuse the caller's connection.
 *
 * <p>Run by {@link Kamailio} (foreground, its own config and {@code tls.cfg} in a temp folder, stopped and removed by
 * {@link #close}).
 */
public final class KamailioTlsProxy implements AutoCloseable {
    public static final Path KAMAILIO = Kamailio.KAMAILIO;
    public static final Path MODULES = Kamailio.MODULES;

    private final Kamailio kamailio;
    /** The TLS port on 127.0.0.1. */
    public final int tlsPort;
    /** The UDP port on 127.0.0.1 (toward the callee). */
    public final int udpPort;

    private KamailioTlsProxy(Kamailio kamailio, int tlsPort, int udpPort) {
        this.kamailio = kamailio;
        this.tlsPort = tlsPort;
        this.udpPort = udpPort;
    }

    /**
     * Starts the proxy.
     *
     * @param certificate  PEM file of the server certificate Kamailio presents (a chain may follow it)
     * @param privateKey   PEM file of its private key
     * @param clientCa     when not null, a client certificate signed by this CA (PEM) is required of every TLS
     *                     client ({@code verify_certificate} and {@code require_certificate} on the server side)
     * @param calleeUdpPort the callee on 127.0.0.1 over UDP
     */
    public static KamailioTlsProxy start(Path certificate, Path privateKey, Path clientCa, int calleeUdpPort)
            throws IOException, InterruptedException {
        int tls = FreePorts.tcp();
        int udp = FreePorts.udp();
        boolean verify = clientCa != null;
        String tlsCfg = "[server:default]\n"
                + "method = TLSv1.2+\n"
                + "verify_certificate = " + (verify ? "yes" : "no") + "\n"
                + "require_certificate = " + (verify ? "yes" : "no") + "\n"
                + "private_key = " + privateKey.toAbsolutePath() + "\n"
                + "certificate = " + certificate.toAbsolutePath() + "\n"
                + (verify ? "ca_list = " + clientCa.toAbsolutePath() + "\n" : "")
                + "\n[client:default]\n"
                + "method = TLSv1.2+\n"
                + "verify_certificate = no\n"
                + "require_certificate = no\n";
        Kamailio k = Kamailio.start(
                dir -> Map.of("tls.cfg", tlsCfg, "kamailio.cfg", config(dir, tls, udp, calleeUdpPort)), tls, "tls.so");
        return new KamailioTlsProxy(k, tls, udp);
    }

    private static String config(Path dir, int tls, int udp, int callee) {
        return """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=1
                tcp_children=1
                auto_aliases=no
                enable_tls=yes
                listen=udp:127.0.0.1:%2$d
                listen=tls:127.0.0.1:%1$d
                mpath="%4$s/"
                loadmodule "tls.so"
                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "maxfwd.so"
                loadmodule "xlog.so"
                loadmodule "siputils.so"
                loadmodule "textops.so"
                modparam("tls", "config", "%5$s")
                modparam("rr", "enable_double_rr", 1)
                request_route {
                    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                    xlog("L_NOTICE", "tls-proxy: $rm $ru from $si:$sp over $pr\\n");
                    if (is_method("INVITE")) { xlog("L_NOTICE", "tls-proxy: body [$rb]\\n"); }
                    if ($pr == "tls") { force_tcp_alias(); }
                    if (has_totag()) {
                        if (loose_route()) { t_relay(); exit; }
                        if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                        sl_send_reply("404", "Not here"); exit;
                    }
                    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
                    record_route();
                    $ru = "sip:" + $rU + "@127.0.0.1:%3$d";
                    $du = "sip:127.0.0.1:%3$d;transport=udp";
                    t_relay();
                    exit;
                }
                onreply_route {
                    xlog("L_NOTICE", "tls-proxy: reply $rs from $si:$sp over $pr\\n");
                    if ($rs == 200) { xlog("L_NOTICE", "tls-proxy: reply body [$rb]\\n"); }
                }
                """.formatted(tls, udp, callee, MODULES, dir.resolve("tls.cfg"));
    }

    /** What Kamailio has logged so far (its request and reply lines start with "tls-proxy:"). */
    public String output() {
        return kamailio.output();
    }

    /**
     * Waits until Kamailio has logged a line that {@code regex} finds something in: its log reaches us through a
     * reader thread, so a line can lag the message it describes (a callee may have the BYE before we see its line).
     */
    public void awaitLogged(String regex, java.time.Duration timeout) {
        kamailio.await(java.util.regex.Pattern.compile(regex), 1, timeout);
    }

    @Override
    public void close() {
        kamailio.close();
    }
}

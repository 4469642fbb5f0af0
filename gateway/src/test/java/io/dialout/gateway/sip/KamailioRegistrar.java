package io.dialout.gateway.sip;

import io.dialout.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kamailio (Debian's package) as a registrar with digest authentication on a free loopback port, UDP and TCP, in
 * the foreground ({@code -DD -E}); its log goes to a list the test reads. Each REGISTER whose credentials it accepts
 * is logged as {@code REGISTER-OK user=.. proto=.. contact=.. expires=.. cseq=.. callid=.. auth=[..]} (before the
 * registrar's save() answers it 200, or 423 when too brief), each challenge as {@code REG-CHALLENGE}.
 */
public final class KamailioRegistrar implements AutoCloseable {

    static final String KAMAILIO = "/usr/sbin/kamailio";
    private static final String MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";

    final int port;
    private final Process process;
    private final Path dir;
    private final List<String> log = new ArrayList<>();

    /**
     * @param password    the only password accepted (for any user of realm "registrar.test")
     * @param minExpires  the registrar's minimum binding lifetime
     * @param reply423    answer a shorter Expires with 423 Interval Too Brief (else Kamailio raises it silently)
     * @param refuseFirst answer the first this many REGISTERs 503 with Retry-After: 1 (a registrar that is down)
     */
    public KamailioRegistrar(String password, int minExpires, boolean reply423, int refuseFirst) throws IOException {
        if (!Files.isExecutable(Path.of(KAMAILIO))) {
            throw new IllegalStateException(KAMAILIO + " missing: run scripts/install-test-deps.sh");
        }
        port = FreePorts.udpAndTcp();
        dir = Files.createTempDirectory("kamailio-registrar");
        String cfg = """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=1
                tcp_children=1
                auto_aliases=no
                listen=udp:127.0.0.1:%1$d
                listen=tcp:127.0.0.1:%1$d
                mpath="%2$s"
                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "pv.so"
                loadmodule "xlog.so"
                loadmodule "maxfwd.so"
                loadmodule "textops.so"
                loadmodule "siputils.so"
                loadmodule "usrloc.so"
                loadmodule "registrar.so"
                loadmodule "auth.so"
                modparam("usrloc", "db_mode", 0)
                modparam("pv", "shvset", "refused=i:0")
                modparam("registrar", "min_expires", %3$d)
                modparam("registrar", "min_expires_mode", %4$d)
                modparam("registrar", "max_expires", 3600)
                modparam("auth", "nonce_count", 1)
                modparam("auth", "qop", "auth")
                modparam("auth", "secret", "registrar-test-secret")
                request_route {
                  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                  if (!is_method("REGISTER")) { sl_send_reply("405", "Registrar only"); exit; }
                  if ($shv(refused) < %6$d) {
                    $shv(refused) = $shv(refused) + 1;
                    xlog("L_NOTICE", "REG-REFUSED cseq=$cs\\n");
                    append_to_reply("Retry-After: 1\\r\\n");
                    sl_send_reply("503", "Down for a moment");
                    exit;
                  }
                  if (!pv_auth_check("registrar.test", "%5$s", "0", "0")) {
                    xlog("L_NOTICE", "REG-CHALLENGE user=$fU cseq=$cs auth=[$hdr(Authorization)]\\n");
                    auth_challenge("registrar.test", "1");
                    exit;
                  }
                  xlog("L_NOTICE", "REGISTER-OK user=$fU proto=$pr contact=$ct expires=$hdr(Expires) cseq=$cs callid=$ci auth=[$hdr(Authorization)]\\n");
                  if (!save("location")) { sl_reply_error(); }
                  exit;
                }
                """.formatted(port, MODULES, minExpires, reply423 ? 1 : 0, password, refuseFirst);
        Path file = dir.resolve("kamailio.cfg");
        Files.writeString(file, cfg);
        process = new ProcessBuilder(
                        KAMAILIO,
                        "-f",
                        file.toString(),
                        "-DD",
                        "-E",
                        "-m",
                        "32",
                        "-M",
                        "4",
                        "-Y",
                        dir.toString(),
                        "-P",
                        dir.resolve("kamailio.pid").toString())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::read, "kamailio-log-" + port);
        reader.setDaemon(true);
        reader.start();
        await(Pattern.compile("Listening on|INFO: <core>.*init_tcp"), Duration.ofSeconds(10));
    }

    public String registrar() {
        return "127.0.0.1:" + port;
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (log) {
                    log.add(line);
                    log.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the n-th (1-based) log line matching {@code p}; returns its matcher. */
    public Matcher await(Pattern p, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (true) {
                int seen = 0;
                for (String line : log) {
                    Matcher m = p.matcher(line);
                    if (m.find() && ++seen == n) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen < n) {
                    throw new AssertionError("kamailio never logged " + p + " (" + n + "x) within " + timeout
                            + "; its log:\n" + String.join("\n", log));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(log, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public Matcher await(Pattern p, Duration timeout) {
        return await(p, 1, timeout);
    }

    /** Log lines matching {@code p} so far. */
    public List<String> lines(Pattern p) {
        synchronized (log) {
            return log.stream().filter(l -> p.matcher(l).find()).toList();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}

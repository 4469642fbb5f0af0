package io.dialout.gateway.sip;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Kamailio;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kamailio (Debian's package, run by the testkit's {@link Kamailio}) as a registrar with digest authentication on a
 * free loopback port, UDP and TCP. Each REGISTER whose credentials it accepts is logged as
 * {@code REGISTER-OK user=.. proto=.. contact=.. expires=.. cseq=.. callid=.. auth=[..]} (before the registrar's
 * save() answers it 200, or 423 when too brief), each challenge as {@code REG-CHALLENGE}, each refusal as
 * {@code REG-REFUSED}.
 */
public final class KamailioRegistrar implements AutoCloseable {

    final int port;
    private final Kamailio kamailio;

    /**
     * @param password    the only password accepted (for any user of realm "registrar.test")
     * @param minExpires  the registrar's minimum binding lifetime
     * @param reply423    answer a shorter Expires with 423 Interval Too Brief (else Kamailio raises it silently)
     * @param refuseFirst answer the first this many REGISTERs 503 with Retry-After: 1 (a registrar that is down)
     */
    public KamailioRegistrar(String password, int minExpires, boolean reply423, int refuseFirst)
            throws IOException, InterruptedException {
        port = FreePorts.udpAndTcp();
        String cfg = """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=1
                tcp_children=1
                auto_aliases=no
                listen=udp:127.0.0.1:%1$d
                listen=tcp:127.0.0.1:%1$d
                mpath="%2$s/"
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
                """.formatted(port, Kamailio.MODULES, minExpires, reply423 ? 1 : 0, password, refuseFirst);
        kamailio = Kamailio.start(dir -> Map.of("kamailio.cfg", cfg), port);
    }

    public String registrar() {
        return "127.0.0.1:" + port;
    }

    /** Waits for the n-th (1-based) log line matching {@code p}; returns its matcher. */
    public Matcher await(Pattern p, int n, Duration timeout) {
        return kamailio.await(p, n, timeout);
    }

    public Matcher await(Pattern p, Duration timeout) {
        return kamailio.await(p, 1, timeout);
    }

    /** Log lines matching {@code p} so far. */
    public List<String> lines(Pattern p) {
        return kamailio.lines(p);
    }

    @Override
    public void close() {
        kamailio.close();
    }
}

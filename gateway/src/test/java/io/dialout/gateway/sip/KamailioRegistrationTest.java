package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 14, registration-based trunks (RFC 3261 section 10), against Kamailio's registrar with digest
 * authentication: registered, refreshed before the binding lapses with the nonce answered again (no second
 * challenge), raised to Min-Expires on 423, Retry-After of a 503 honoured, refused credentials retried with backoff
 * and never looped, TCP, and the binding removed when the user agent closes.
 */
class KamailioRegistrationTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String PASSWORD = "reg-Pa55word";
    static final Pattern OK =
            Pattern.compile("REGISTER-OK user=(\\S+) proto=(\\S+) contact=(.*) expires=(\\d+) cseq=(\\d+)"
                    + " callid=(\\S+) auth=\\[(.*)]");
    static final Pattern CHALLENGE = Pattern.compile("REG-CHALLENGE user=(\\S+) cseq=(\\d+)");
    static final Pattern REFUSED = Pattern.compile("REG-REFUSED cseq=(\\d+)");

    JainSipUserAgent ua = new JainSipUserAgent(SipUserAgentConfig.loopback(SippTestSupport.TIMERS));
    final List<RegistrationStatus> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        ua.close();
    }

    static RegistrationSpec spec(KamailioRegistrar k, String transport, String password, int expires) {
        Trunk trunk = new Trunk("carrier", transport, null, "acme-gw", password, null);
        return new RegistrationSpec(
                trunk,
                k.registrar(),
                "registrar.test",
                "acme-gw",
                Duration.ofSeconds(expires),
                Duration.ofMillis(200),
                Duration.ofSeconds(2));
    }

    void onChange(RegistrationStatus s) {
        synchronized (changes) {
            changes.add(s);
            changes.notifyAll();
        }
    }

    /** The first status (reported so far or later) that {@code p} accepts. */
    RegistrationStatus awaitStatus(String what, java.util.function.Predicate<RegistrationStatus> p)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (changes) {
            while (true) {
                for (RegistrationStatus s : changes) {
                    if (p.test(s)) {
                        return s;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("registration never " + what + ": " + changes);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
        }
    }

    RegistrationStatus awaitState(RegistrationStatus.State state) throws InterruptedException {
        return awaitStatus("reached " + state, s -> s.state() == state);
    }

    @Test
    void registersWithDigestRefreshesWithoutANewChallengeAndRemovesTheBindingOnClose() throws Exception {
        try (KamailioRegistrar k = new KamailioRegistrar(PASSWORD, 2, false, 0)) {
            ua.register(spec(k, "udp", PASSWORD, 6), this::onChange);
            Matcher first = k.await(OK, WAIT);
            RegistrationStatus s = awaitState(RegistrationStatus.State.REGISTERED);
            assertThat(first.group(1)).isEqualTo("acme-gw");
            assertThat(first.group(2)).isEqualTo("udp");
            assertThat(first.group(3)).contains("sip:acme-gw@127.0.0.1:" + ua.port(), "expires=6");
            assertThat(first.group(4)).isEqualTo("6");
            assertThat(first.group(7)).contains("username=\"acme-gw\"", "realm=\"registrar.test\"", "nc=00000001");
            assertThat(k.lines(CHALLENGE)).hasSize(1);
            assertThat(s.expiresAt())
                    .isAfter(Instant.now())
                    .isBefore(Instant.now().plusSeconds(7));
            assertThat(s.lastStatus()).isEqualTo(200);

            // refreshed at half of the short lifetime: same Call-ID, higher CSeq, the nonce answered again
            Matcher refresh = k.await(OK, 2, WAIT);
            assertThat(refresh.group(6)).isEqualTo(first.group(6));
            assertThat(Long.parseLong(refresh.group(5))).isGreaterThan(Long.parseLong(first.group(5)));
            assertThat(refresh.group(7)).contains("nc=00000002");
            assertThat(k.lines(CHALLENGE)).as("a refresh costs one round trip").hasSize(1);

            ua.close();
            Matcher removal = k.await(OK, 3, WAIT);
            assertThat(removal.group(4)).isEqualTo("0");
            assertThat(removal.group(3)).contains("expires=0");
            assertThat(ua.registrations().get(0).state()).isEqualTo(RegistrationStatus.State.UNREGISTERED);
        }
    }

    @Test
    void intervalTooBriefRaisesTheLifetimeToMinExpires() throws Exception {
        try (KamailioRegistrar k = new KamailioRegistrar(PASSWORD, 30, true, 0)) {
            ua.register(spec(k, "udp", PASSWORD, 10), this::onChange);
            // the registrar logs each authenticated REGISTER before its save() answers 423 or 200
            assertThat(k.await(OK, WAIT).group(4)).isEqualTo("10");
            Matcher ok = k.await(OK, 2, WAIT);
            assertThat(ok.group(4)).isEqualTo("30");
            RegistrationStatus s = awaitState(RegistrationStatus.State.REGISTERED);
            assertThat(s.expiresAt()).isAfter(Instant.now().plusSeconds(20));
        }
    }

    @Test
    void retryAfterOfA503IsHonouredThenTheTrunkRegisters() throws Exception {
        try (KamailioRegistrar k = new KamailioRegistrar(PASSWORD, 2, false, 2)) {
            ua.register(spec(k, "udp", PASSWORD, 60), this::onChange);
            k.await(REFUSED, WAIT);
            long firstRefusal = System.nanoTime();
            RegistrationStatus failed = awaitState(RegistrationStatus.State.FAILED);
            assertThat(failed.lastStatus()).isEqualTo(503);
            assertThat(failed.failures()).isEqualTo(1);
            k.await(REFUSED, 2, WAIT);
            // retry-min is 200 ms here: the 1 s of Retry-After decided the wait
            assertThat(Duration.ofNanos(System.nanoTime() - firstRefusal)).isGreaterThan(Duration.ofMillis(900));
            k.await(OK, WAIT);
            RegistrationStatus s = awaitState(RegistrationStatus.State.REGISTERED);
            assertThat(s.failures()).isZero();
            assertThat(changes).filteredOn(c -> c.lastStatus() == 503).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void refusedCredentialsFailWithoutLoopingAndAreRetriedWithBackoff() throws Exception {
        try (KamailioRegistrar k = new KamailioRegistrar(PASSWORD, 2, false, 0)) {
            ua.register(spec(k, "udp", "wrong-password", 60), this::onChange);
            RegistrationStatus failed = awaitState(RegistrationStatus.State.FAILED);
            assertThat(failed.lastStatus()).isEqualTo(401);
            assertThat(failed.nextAttempt()).isAfter(Instant.now().minusSeconds(1));
            // each attempt: one REGISTER without credentials, one with: two challenges, never a third
            k.await(CHALLENGE, 4, WAIT);
            RegistrationStatus again = awaitStatus("failed twice", c -> c.failures() >= 2);
            assertThat(k.lines(CHALLENGE).size()).isLessThanOrEqualTo(2 * (again.failures() + 1));
            assertThat(k.lines(OK)).isEmpty();
            assertThat(changes).allMatch(c -> !c.registered());
        }
    }

    @Test
    void registersOverTcp() throws Exception {
        try (KamailioRegistrar k = new KamailioRegistrar(PASSWORD, 2, false, 0)) {
            ua.register(spec(k, "tcp", PASSWORD, 60), this::onChange);
            Matcher ok = k.await(OK, WAIT);
            assertThat(ok.group(2)).isEqualTo("tcp");
            assertThat(ok.group(3)).contains("transport=tcp");
            awaitState(RegistrationStatus.State.REGISTERED);
            ua.close();
            Matcher removal = k.await(OK, 2, WAIT);
            assertThat(removal.group(2)).isEqualTo("tcp");
            assertThat(removal.group(4)).isEqualTo("0");
        }
    }
}

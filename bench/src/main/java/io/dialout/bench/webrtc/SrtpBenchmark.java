package io.dialout.bench.webrtc;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect and unprotect of a 172-byte RTP packet (12-byte header + 160 bytes: a 20 ms G.711 frame, about the
 * size of a 20 ms Opus frame at 64 kb/s) through {@link SrtpSession} (jitsi-srtp), per profile. Every invocation uses
 * the next sequence number, since the receiver rejects replays: {@code roundTrip} is protect then unprotect, so
 * unprotect alone is roundTrip minus protect.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
    private static final int LEN = 172;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    private SrtpSession sender;
    private SrtpSession receiver;
    private final byte[] plain = new byte[LEN];
    private final byte[] buf = new byte[LEN + SrtpSession.MAX_OVERHEAD];
    private int seq;
    private int ts;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpSession.warmUp();
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random r = new Random(7);
        byte[] k1 = new byte[p.keyLength()];
        byte[] s1 = new byte[p.saltLength()];
        byte[] k2 = new byte[p.keyLength()];
        byte[] s2 = new byte[p.saltLength()];
        r.nextBytes(k1);
        r.nextBytes(s1);
        r.nextBytes(k2);
        r.nextBytes(s2);
        sender = new SrtpSession(p, k1, s1, k2, s2);
        receiver = new SrtpSession(p, k2, s2, k1, s1);
        r.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 111;
        plain[8] = 0x12;
        plain[9] = 0x34;
        plain[10] = 0x56;
        plain[11] = 0x78;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sender.close();
        receiver.close();
    }

    private void nextPacket() {
        System.arraycopy(plain, 0, buf, 0, LEN);
        seq++;
        ts += 960;
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        buf[4] = (byte) (ts >>> 24);
        buf[5] = (byte) (ts >>> 16);
        buf[6] = (byte) (ts >>> 8);
        buf[7] = (byte) ts;
    }

    @Benchmark
    public int protect() {
        nextPacket();
        return sender.protectRtp(buf, 0, LEN);
    }

    @Benchmark
    public int roundTrip() {
        nextPacket();
        int n = sender.protectRtp(buf, 0, LEN);
        int m = receiver.unprotectRtp(buf, 0, n);
        if (m != LEN) {
            throw new IllegalStateException("unprotect failed: " + m);
        }
        return m;
    }
}

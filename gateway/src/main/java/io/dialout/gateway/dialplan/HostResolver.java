package io.dialout.gateway.dialplan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Turns a DNS name into the addresses the policy decides on. */
@FunctionalInterface
public interface HostResolver {

    /**
     * All addresses of {@code name}; empty when the name does not exist.
     *
     * @throws UnknownHostException when the lookup did not finish in time or failed otherwise
     */
    List<InetAddress> resolve(String name) throws UnknownHostException;

    /**
     * The system resolver (the JVM's cache, then the OS), given at most {@code timeout}: a slow DNS server makes the
     * dial fail, it does not hold the call's thread. Lookups run on a small pool of daemon threads; a lookup that
     * times out finishes there in the background.
     */
    static HostResolver system(Duration timeout) {
        return new HostResolver() {
            private final AtomicInteger n = new AtomicInteger();
            private final ThreadFactory threads = r -> {
                Thread t = new Thread(r, "dialplan-dns-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            private final ExecutorService pool = Executors.newFixedThreadPool(4, threads);

            @Override
            public List<InetAddress> resolve(String name) throws UnknownHostException {
                Future<InetAddress[]> f = pool.submit(() -> InetAddress.getAllByName(name));
                try {
                    return List.of(f.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new UnknownHostException(name + ": no answer within " + timeout.toMillis() + " ms");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownHostException) {
                        return List.of(); // the resolver found no address (the JDK does not tell NXDOMAIN apart)
                    }
                    throw new UnknownHostException(name + ": " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnknownHostException(name + ": interrupted");
                }
            }
        };
    }
}

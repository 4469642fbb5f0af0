package io.dialout.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Process helpers: stop a peer and everything it started, always. */
final class Processes {
    private Processes() {}

    static void stop(Process p, Duration grace) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** The repository's top folder: the nearest parent of the working directory that holds testkit/node. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("testkit/node"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the repository root (testkit/node) above " + dir);
    }

    /**
     * Waits until {@code listening} says a peer that was just started took its port (a peer that says nothing when
     * it is ready: the port is the signal, polled every 20 ms). On a peer that exits first, or on the deadline, runs
     * {@code stop} and throws with the peer's output.
     */
    static void awaitListening(
            String name,
            Process process,
            int port,
            java.util.function.BooleanSupplier listening,
            Duration timeout,
            java.util.function.Supplier<String> output,
            Runnable stop) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                String out = output.get();
                stop.run();
                throw new IllegalStateException(name + " exited at start (" + process.exitValue() + "):\n" + out);
            }
            if (listening.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20); // polling a port: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.run();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        String out = output.get();
        stop.run();
        throw new IllegalStateException(name + " did not listen on " + port + " within " + timeout + ":\n" + out);
    }

    static void require(Path executable, String installHint) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: " + installHint);
        }
    }
}

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

    static void require(Path executable, String installHint) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: " + installHint);
        }
    }
}

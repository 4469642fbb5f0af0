package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Kustomize as Kubernetes ships it ({@code kubectl kustomize}, Debian's kubernetes-client): renders offline. */
public final class Kustomize {
    public static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Kustomize() {}

    /** The rendered resources of the kustomization in {@code dir}, as multi-document YAML. */
    public static String render(Path dir) {
        Processes.require(KUBECTL, "apt-get install kubernetes-client");
        Path err = null;
        Process p = null;
        try {
            err = Files.createTempFile("kustomize-", ".err");
            p = new ProcessBuilder(KUBECTL.toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within " + TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "kubectl kustomize " + dir + " failed (" + p.exitValue() + "):\n" + Files.readString(err));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Processes.stop(p, Duration.ofSeconds(1));
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}

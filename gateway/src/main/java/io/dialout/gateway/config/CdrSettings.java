package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code gateway.cdr.*}: a call detail record (one JSON line) per call. */
@ConfigMapping(prefix = "gateway.cdr")
public interface CdrSettings {

    /** One JSON line per call at INFO on the log category {@code io.dialout.cdr}. */
    @WithDefault("true")
    boolean log();

    /** A file the records are appended to, one JSON line each; none when unset. */
    Optional<Path> file();

    /** Records waiting to be written; beyond it they are dropped ({@code dialout_cdr_dropped_total}). */
    @WithDefault("10000")
    int queueSize();
}

package io.dialout.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * sipp scenario files shipped as resources of this module, copied out to temp files: the bench commands run from the
 * packaged jar, where a resource is no file sipp could read (testkit's Sipp.scenarioResource needs an unpacked one).
 */
final class Scenarios {
    private Scenarios() {}

    static Path file(String resource) throws IOException {
        try (var in = Scenarios.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            Path f = Files.createTempFile("sipp-", ".xml");
            f.toFile().deleteOnExit();
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            return f;
        }
    }
}

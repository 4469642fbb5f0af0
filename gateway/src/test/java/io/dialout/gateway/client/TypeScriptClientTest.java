package io.dialout.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed TypeScript client (clients/typescript) from the Maven build: {@code tsc} compiles it, the output must be
 * what the web page serves (web/client, committed so the page and the image build need no Node), and its Node tests
 * ({@code node:test}) run against this real gateway, demo endpoint included. Node and the package's node_modules
 * come from scripts/install-test-deps.sh.
 */
@QuarkusTest
class TypeScriptClientTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path PACKAGE = ROOT.resolve("clients/typescript");
    static final Path TSC = PACKAGE.resolve("node_modules/typescript/bin/tsc");

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void installed() {
        assertThat(TSC)
                .as("TypeScript is installed: run scripts/install-test-deps.sh")
                .exists();
    }

    @Test
    void theCompiledClientIsWhatThePageServes() throws Exception {
        Path out = ROOT.resolve("gateway/target/ts-check");
        deleteTree(out);
        Result tsc = run(List.of("node", TSC.toString(), "-p", "tsconfig.json", "--outDir", out.toString()), Map.of());
        assertThat(tsc.exit).as(tsc.output).isZero();
        Path served = ROOT.resolve("web/client");
        assertThat(files(served))
                .as("web/client holds exactly tsc's output: run npm run build in clients/typescript")
                .isEqualTo(files(out));
        for (String f : files(out)) {
            assertThat(Files.readString(served.resolve(f)))
                    .as("web/client/" + f + " is stale: run npm run build in clients/typescript")
                    .isEqualTo(Files.readString(out.resolve(f)));
        }
    }

    @Test
    void theNodeTestsPassAgainstTheRealGateway() throws Exception {
        String gateway = base.toString().replaceAll("/$", "");
        Path offer = ROOT.resolve("gateway/src/test/resources/sdp/chromium-offer-audio.sdp");
        Result tests = run(
                List.of("node", "--experimental-websocket", "--test", "--test-reporter=tap", "test/"),
                Map.of("GATEWAY_URL", gateway, "OFFER_FILE", offer.toString()));
        assertThat(tests.exit).as(tests.output).isZero();
        assertThat(tests.output).as(tests.output).contains("# fail 0").contains("# skipped 0");
        assertThat(tests.output).containsPattern("# pass [1-9]");
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(PACKAGE.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        });
        reader.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("timed out: " + command + "\n" + String.join("\n", lines));
        }
        reader.join(5000);
        return new Result(p.exitValue(), String.join("\n", lines));
    }

    private static TreeSet<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

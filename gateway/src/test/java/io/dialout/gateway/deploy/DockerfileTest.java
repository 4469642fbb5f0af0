package io.dialout.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the Dockerfile without a container engine; scripts/verify-image.sh builds and runs it.
 */
class DockerfileTest {

    /**
     * Users and groups that Debian's base-passwd and Ubuntu's images already carry: groupadd/useradd of one of these
     * fails the build (exit 9). "dialout" is the serial-port group, gid 20.
     */
    private static final Set<String> BASE_IMAGE_NAMES = Set.of(
            "root",
            "daemon",
            "bin",
            "sys",
            "adm",
            "tty",
            "disk",
            "lp",
            "mail",
            "news",
            "uucp",
            "man",
            "proxy",
            "kmem",
            "dialout",
            "fax",
            "voice",
            "cdrom",
            "floppy",
            "tape",
            "sudo",
            "audio",
            "dip",
            "www-data",
            "backup",
            "operator",
            "list",
            "irc",
            "src",
            "gnats",
            "shadow",
            "utmp",
            "video",
            "sasl",
            "plugdev",
            "staff",
            "games",
            "users",
            "nogroup",
            "nobody",
            "systemd-journal",
            "ubuntu");

    private static String dockerfile() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("Dockerfile")) && Files.isDirectory(p.resolve("gateway"))) {
                return Files.readString(p.resolve("Dockerfile"));
            }
        }
        throw new IllegalStateException("Dockerfile not found");
    }

    @Test
    void noSyntaxDirectiveSoBuildKitFetchesNoFrontendImage() throws IOException {
        assertThat(dockerfile()).doesNotContainPattern("(?im)^#\\s*syntax\\s*=");
    }

    /**
     * The image's JAVA_OPTS start a JVM: an unknown or misspelt -XX flag (or one a JDK 17 update does not have yet,
     * such as TrimNativeHeapInterval before it became a product flag) makes {@code java} exit before the gateway runs.
     * Checked with the JDK running the tests (a 17 update, as the image's eclipse-temurin:17-jre).
     */
    @Test
    void theJvmAcceptsTheImagesJavaOpts() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile());
        assertThat(m.find()).as("ENV JAVA_OPTS in the Dockerfile").isTrue();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String opt : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            cmd.add(opt);
        }
        assertThat(cmd).anyMatch(o -> o.startsWith("-XX:"));
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("java -version returned").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("Unrecognized", "Ignoring option");
    }

    @Test
    void theUserAndGroupAreNamesNoBaseImageCarriesWithId185() throws IOException {
        String df = dockerfile();
        List<String> created = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[\\s&]*(groupadd|useradd)( --[^\\\\\\n]*)")
                .matcher(df);
        while (m.find()) {
            String[] words = m.group(2).trim().split("\\s+");
            String name = words[words.length - 1];
            created.add(m.group(1) + " " + name);
            assertThat(BASE_IMAGE_NAMES).as(m.group(1) + " " + name).doesNotContain(name);
            assertThat(m.group(2))
                    .as(m.group(1) + " id")
                    .contains(m.group(1).equals("groupadd") ? "--gid 185" : "--uid 185");
        }
        assertThat(created).hasSize(2);
        assertThat(df).containsPattern("(?m)^USER 185$");
    }
}

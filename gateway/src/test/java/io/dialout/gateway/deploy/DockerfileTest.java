package io.dialout.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

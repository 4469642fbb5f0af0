package io.dialout.gateway.sip;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The confirmed dialogs of this gateway, one small file each in a configured directory (issue 14 item 8: after a
 * kill -9 the callees stayed in their calls). A file is written when a call is answered and removed when it ends; a
 * gateway that starts on the same directory finds the files a previous run left and BYEs each of those dialogs
 * ({@link JainSipUserAgent}). Only what {@link DialogState} needs is kept: no SDP, no tokens, no media. Files are
 * replaced atomically but not fsynced: a dialog lost with the host is the session timer's to end.
 */
final class DialogStore {

    private static final Logger LOG = Logger.getLogger(DialogStore.class);
    private static final String SUFFIX = ".dialog";

    /** No directory configured: nothing is kept. */
    static final DialogStore NONE = new DialogStore(null);

    private final Path dir;

    DialogStore(Path dir) {
        this.dir = dir;
    }

    static DialogStore in(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the dialog state directory " + dir + ": " + e, e);
        }
        return new DialogStore(dir);
    }

    boolean enabled() {
        return dir != null;
    }

    /** Keeps the dialog (replacing what was kept for its Call-ID). Failures are logged, never thrown. */
    void save(DialogState d) {
        if (dir == null || d.target() == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("call-id", d.callId());
        p.setProperty("local", d.local());
        p.setProperty("local-tag", d.localTag());
        p.setProperty("remote", d.remote());
        p.setProperty("remote-tag", d.remoteTag());
        p.setProperty("target", d.target());
        for (int i = 0; i < d.routeSet().size(); i++) {
            p.setProperty("route." + i, d.routeSet().get(i));
        }
        p.setProperty("cseq", Long.toString(d.cseq()));
        p.setProperty("transport", d.transport());
        Path file = file(d.callId());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("dialog state of " + d.callId() + " not written: " + e);
        }
    }

    /** Forgets the dialog of this Call-ID (the call ended, or a leftover was BYEd). */
    void remove(String callId) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(file(callId));
        } catch (IOException e) {
            LOG.warn("dialog state of " + callId + " not removed: " + e);
        }
    }

    /** The dialogs kept in the directory; unreadable files are logged and deleted. */
    List<DialogState> leftovers() {
        List<DialogState> out = new ArrayList<>();
        if (dir == null) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("unreadable dialog state " + f + " deleted: " + e);
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the dialog state directory " + dir + ": " + e);
        }
        return out;
    }

    private static DialogState read(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> routes = new ArrayList<>();
        for (int i = 0; p.getProperty("route." + i) != null; i++) {
            routes.add(p.getProperty("route." + i));
        }
        return new DialogState(
                required(p, "call-id"),
                required(p, "local"),
                required(p, "local-tag"),
                required(p, "remote"),
                required(p, "remote-tag"),
                required(p, "target"),
                routes,
                Long.parseLong(required(p, "cseq")),
                required(p, "transport"));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    private Path file(String callId) {
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(callId.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(name + SUFFIX);
    }
}

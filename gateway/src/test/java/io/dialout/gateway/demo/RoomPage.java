package io.dialout.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.ChromiumPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's web page (web/) driven in headless Chromium with fake camera and microphone: its selectors in one
 * place, and waits that poll a condition inside the page until a deadline.
 */
final class RoomPage implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromiumPeer browser;

    private RoomPage(ChromiumPeer browser) {
        this.browser = browser;
    }

    static RoomPage open(String url) {
        ChromiumPeer b = ChromiumPeer.launch(new ChromiumPeer.Options().pageMode());
        try {
            b.open(url);
            return new RoomPage(b);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** Polls the JavaScript expression (it may return a promise) in the page until it is truthy; fails otherwise. */
    void waitFor(String expression, Duration timeout, String what) {
        // Each poll is bounded inside the page (ChromiumPeer's command timeout is 60 s), so long waits loop here.
        long end = System.nanoTime() + timeout.toNanos();
        String js = "(async () => { const end = Date.now() + 5000; for (;;) {"
                + " try { if (await (" + expression + ")) return true; } catch (e) {}"
                + " if (Date.now() > end) return false; await new Promise((r) => setTimeout(r, 100)); } })()";
        while (true) {
            if (browser.eval(js).asBoolean()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (" + expression
                        + ")\n" + browser.diagnostics());
            }
        }
    }

    JsonNode eval(String expression) {
        return browser.eval(expression);
    }

    void startMedia() {
        browser.click("#start-media");
        waitFor(
                "document.querySelector('#local-video').srcObject?.getTracks().length === 2",
                WAIT,
                "the fake camera and microphone");
    }

    /** The microphone only (the form's video box unticked): for callees that answer audio only. */
    void startAudioOnly() {
        browser.click("#with-video");
        browser.click("#start-media");
        waitFor(
                "document.querySelector('#local-video').srcObject?.getTracks().length === 1",
                WAIT,
                "the fake microphone");
    }

    /** Dials {@code to} through the form; returns the new call's id. */
    String dial(String to) {
        int before = eval("window.dialout.calls.size").asInt();
        browser.fill("#to", to);
        browser.click("#dial");
        waitFor("window.dialout.calls.size > " + before, WAIT, "a new call card");
        return eval("[...window.dialout.calls.keys()][" + before + "]").asText();
    }

    /** Dials through the form, with a demo shortcut button; returns the new call's id. */
    String dialShortcut(String user) {
        int before = eval("window.dialout.calls.size").asInt();
        browser.click("#shortcuts button[data-to='sip:" + user + "@demo']");
        browser.click("#dial");
        waitFor("window.dialout.calls.size > " + before, WAIT, "a new call card");
        return eval("[...window.dialout.calls.keys()][" + before + "]").asText();
    }

    static String card(String callId) {
        return ".call[data-call-id='" + callId + "']";
    }

    String awaitPill(String callId, String text) {
        try {
            return browser.awaitText(card(callId) + " .state", text, WAIT);
        } catch (IllegalStateException e) {
            throw new AssertionError(
                    callId + " never showed " + text + "; its log:\n"
                            + eval("document.querySelector(\"" + card(callId) + " .log\")?.innerText")
                                    .asText()
                            + "\nbrowser:\n" + browser.diagnostics(),
                    e);
        }
    }

    /** Sum of a getStats() field over the reports of one type and kind of the call's peer connection. */
    long stat(String callId, String type, String kind, String field) {
        return eval("(async () => { let n = 0; (await window.dialout.calls.get('" + callId + "').pc.getStats())"
                        + ".forEach((r) => { if (r.type === '" + type + "' && r.kind === '" + kind + "') n += r."
                        + field
                        + " || 0; }); return n; })()")
                .asLong();
    }

    void awaitStat(String callId, String type, String kind, String field, long atLeast) {
        waitFor(
                "(async () => { let n = 0; (await window.dialout.calls.get('" + callId + "').pc.getStats())"
                        + ".forEach((r) => { if (r.type === '" + type + "' && r.kind === '" + kind + "') n += r."
                        + field + " || 0; }); return n >= " + atLeast + "; })()",
                WAIT,
                callId + " " + type + " " + kind + " " + field + " >= " + atLeast);
    }

    int count(String selector) {
        return browser.count(selector);
    }

    void showBoard() {
        browser.click("#tab-board");
    }

    void showRoom() {
        browser.click("#tab-room");
    }

    /**
     * Saves a PNG of the page to docs/screenshots/{name}.png when the tests run with -Dscreenshots=true (so normal
     * runs leave the tree alone).
     */
    void screenshot(String name) {
        if (!Boolean.getBoolean("screenshots")) {
            return;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docs/ folder above " + Path.of("").toAbsolutePath());
        }
        try {
            Files.createDirectories(dir.resolve("docs/screenshots"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        eval("window.scrollTo(0, 0) || true");
        browser.screenshot(dir.resolve("docs/screenshots/" + name + ".png"));
    }

    @Override
    public void close() {
        browser.close();
    }
}

package io.dialout.gateway.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes one call detail record (a JSON line) per ended call, to a file (appended) and/or to the log category
 * {@code io.dialout.cdr}. The call only puts the line in a bounded queue: the writing happens on one thread of its
 * own, so a slow disk never slows a call; when the queue is full the record is dropped and counted
 * ({@code dialout_cdr_dropped_total}).
 */
public final class CdrWriter implements CallEventSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CdrWriter.class);
    private static final Logger CDR = Logger.getLogger("io.dialout.cdr");

    private final LifecycleJson json;
    private final Path file;
    private final boolean log;
    private final BlockingQueue<String> queue;
    private final Counter written;
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean closing;
    private Writer out;

    /**
     * @param file null: no file
     * @param log  true: each record is also logged at INFO on {@code io.dialout.cdr}
     */
    public CdrWriter(LifecycleJson json, Path file, boolean log, int queueSize, MeterRegistry meters) {
        this.json = json;
        this.file = file;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.written = Counter.builder("dialout.cdr.written")
                .description("call detail records written")
                .register(meters);
        this.dropped = Counter.builder("dialout.cdr.dropped")
                .description("call detail records dropped because the CDR queue was full")
                .register(meters);
        this.thread = new Thread(this::run, "cdr-writer");
        thread.setDaemon(true);
        if (enabled()) {
            thread.start();
        }
    }

    public boolean enabled() {
        return file != null || log;
    }

    @Override
    public void publish(CallLifecycleEvent event) {
        if (!event.ended() || !enabled() || closing) {
            return;
        }
        if (!queue.offer(json.cdr(event))) {
            dropped.increment();
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
        closeFile();
    }

    private void write(List<String> lines) {
        for (String line : lines) {
            if (log) {
                CDR.info(line);
            }
        }
        if (file != null) {
            try {
                if (out == null) {
                    if (file.getParent() != null) {
                        Files.createDirectories(file.getParent());
                    }
                    out = Files.newBufferedWriter(
                            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush();
            } catch (IOException e) {
                LOG.errorf("cannot write %d call detail record(s) to %s: %s", lines.size(), file, e.getMessage());
                closeFile(); // reopened for the next records
                return;
            }
        }
        written.increment(lines.size());
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debugf("closing %s: %s", file, e.getMessage());
            }
            out = null;
        }
    }

    /** Writes what is queued (for at most {@code wait}) and stops. */
    public void close(Duration wait) {
        closing = true;
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}

package io.dialout.gateway.concurrent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the event loop of one call (the call layer's
 * and the SIP user agent's each own one per call). Tasks of one executor never overlap and each sees the effects of
 * the previous ones (the queue's lock gives the happens-before), so the state they touch needs no further locking.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);
    /** Tasks run per turn on a pool thread before yielding it, so one busy call cannot starve the others. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final String label;
    private final boolean dropWhenClosed;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    /** Rejections of a closed pool are thrown to the caller (and the queued tasks dropped). */
    public SerialExecutor(Executor pool, String label) {
        this(pool, label, false);
    }

    private SerialExecutor(Executor pool, String label, boolean dropWhenClosed) {
        this.pool = pool;
        this.label = label;
        this.dropWhenClosed = dropWhenClosed;
    }

    /** For owners that close their pool while late timers may still post: those tasks are dropped quietly. */
    public static SerialExecutor droppingWhenClosed(Executor pool, String label) {
        return new SerialExecutor(pool, label, true);
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear();
                scheduled = false;
            }
            if (!dropWhenClosed) {
                throw e;
            }
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error(label + " task failed", e);
            }
        }
        schedule();
    }
}

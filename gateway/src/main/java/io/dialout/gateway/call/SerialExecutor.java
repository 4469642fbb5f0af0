package io.dialout.gateway.call;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the event loop of one call. Tasks of one
 * executor never overlap and each sees the effects of the previous ones (the queue's lock gives the happens-before),
 * so the call's fields need no further locking.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
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
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear();
                scheduled = false;
            }
            throw e;
        }
    }

    private void drain() {
        // Run a bounded batch, then yield the pool thread so one busy call cannot starve the others.
        for (int i = 0; i < 64; i++) {
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
                LOG.error("call task failed", e);
            }
        }
        pool.execute(this::drain);
    }
}

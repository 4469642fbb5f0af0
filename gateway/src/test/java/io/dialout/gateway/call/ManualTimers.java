package io.dialout.gateway.call;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Timers on a clock the test moves: {@link #advance} runs, in order, the tasks that fall due. A cancelled timer never
 * runs. Each timer is backed by a real future far in the future, only so that cancelling it works as the call expects.
 */
final class ManualTimers extends ScheduledThreadPoolExecutor {

    private record Timer(long dueMs, long order, Runnable task, ScheduledFuture<?> future) {}

    private final List<Timer> timers = new ArrayList<>();
    private long nowMs;
    private long scheduled;

    ManualTimers() {
        super(1);
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> future = super.schedule(() -> {}, 365, TimeUnit.DAYS);
        timers.add(new Timer(nowMs + unit.toMillis(delay), scheduled++, task, future));
        return future;
    }

    /** Moves the clock on, running every live timer that falls due. */
    void advance(long ms) {
        long until = nowMs + ms;
        while (true) {
            Timer next = timers.stream()
                    .filter(t -> t.dueMs() <= until)
                    .min(Comparator.comparingLong(Timer::dueMs).thenComparingLong(Timer::order))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowMs = next.dueMs();
            if (!next.future().isCancelled()) {
                next.task().run();
            }
        }
        nowMs = until;
    }

    /** Timers neither run nor cancelled. */
    long live() {
        return timers.stream().filter(t -> !t.future().isCancelled()).count();
    }
}

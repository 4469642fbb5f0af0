package io.dialout.gateway.call;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Every call of this gateway, by its gateway-wide id; also enforces the concurrent-call cap. */
public final class CallRegistry {

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Object admission = new Object();

    /** Adds the call unless {@code max} calls are already in progress. */
    public boolean tryAdd(Call call, int max) {
        synchronized (admission) {
            if (calls.size() >= max) {
                return false;
            }
            calls.put(call.id(), call);
            return true;
        }
    }

    public void remove(Call call) {
        if (calls.remove(call.id(), call)) {
            synchronized (admission) {
                admission.notifyAll();
            }
        }
    }

    /** Waits until no call is left or the timeout passes; returns true when empty. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (admission) {
            while (!calls.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(admission, left);
            }
            return true;
        }
    }

    public Call get(String id) {
        return calls.get(id);
    }

    public Collection<Call> all() {
        return List.copyOf(calls.values());
    }

    public int size() {
        return calls.size();
    }
}

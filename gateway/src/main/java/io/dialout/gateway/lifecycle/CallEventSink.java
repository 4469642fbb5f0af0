package io.dialout.gateway.lifecycle;

/**
 * Where a call's lifecycle goes (the webhook endpoints, the CDR). Called on the call's executor, in order per call:
 * an implementation hands the event over and returns at once; it never blocks or waits on the network.
 */
public interface CallEventSink {

    void publish(CallLifecycleEvent event);
}

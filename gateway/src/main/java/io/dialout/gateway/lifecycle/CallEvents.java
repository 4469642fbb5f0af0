package io.dialout.gateway.lifecycle;

import io.dialout.gateway.call.ClientLink;
import io.dialout.gateway.call.DialRequest;
import java.util.List;
import org.jboss.logging.Logger;

/** Every sink of the calls' lifecycle events (webhook endpoints, the CDR), and the links that feed them. */
public final class CallEvents implements CallEventSink {

    private static final Logger LOG = Logger.getLogger(CallEvents.class);

    private final List<CallEventSink> sinks;

    public CallEvents(List<CallEventSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** The room's link to a new call, observed: bind it to the call before starting the call. */
    public ObservedLink observe(ClientLink room, DialRequest dial) {
        return new ObservedLink(room, this, dial);
    }

    @Override
    public void publish(CallLifecycleEvent event) {
        for (CallEventSink s : sinks) {
            try {
                s.publish(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a call event sink failed on %s", event.type());
            }
        }
    }
}

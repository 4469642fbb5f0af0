package io.dialout.gateway.testing;

/**
 * One profile for three tests whose settings do not touch each other, so that Quarkus starts the application once for
 * them instead of three times: {@code gateway.limits.max-calls=1} (CallCapTest), {@code gateway.demo.enabled=false}
 * (DemoOffTest) and a 1 s WebSocket auto-ping (KeepAliveTest). Each of them places at most one call at a time, none
 * dials the demo except to see it refused, and the pings are control frames the others' clients never see. A test
 * that needs two calls at once, the demo, or no pings does not belong here.
 */
public class OneCallNoDemoFastPing extends ConfigProfile {
    public OneCallNoDemoFastPing() {
        super(
                "gateway.limits.max-calls", "1",
                "gateway.demo.enabled", "false",
                "quarkus.websockets-next.server.auto-ping-interval", "1s");
    }
}

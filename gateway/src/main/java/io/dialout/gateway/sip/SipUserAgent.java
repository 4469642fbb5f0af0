package io.dialout.gateway.sip;

/**
 * The gateway's SIP user agent: one per gateway, listening on UDP and TCP. It only dials out; unsolicited INVITEs
 * are refused 403 Forbidden ("Dial-out only").
 */
public interface SipUserAgent extends AutoCloseable {

    /**
     * Build and send an INVITE. Returns at once (DNS and TCP connects happen on the user agent's threads); every
     * outcome, including transport errors, comes through the listener.
     *
     * @throws IllegalArgumentException when the request URI is not a sip:/sips: URI or a header is malformed
     * @throws IllegalStateException    when the user agent is closed
     */
    OutboundCall invite(InviteRequest request, SipCallListener listener);

    /**
     * Starts keeping a binding at a registrar for a registration-based trunk (RFC 3261 section 10): REGISTER now,
     * refreshed before it lapses, retried with backoff; removed when the user agent closes. {@code onChange} hears
     * every change of its status (on a user agent thread; it must not block).
     */
    void register(RegistrationSpec spec, java.util.function.Consumer<RegistrationStatus> onChange);

    /** The status of every registration started with {@link #register}, in start order. */
    java.util.List<RegistrationStatus> registrations();

    /**
     * {@link #invite(InviteRequest, SipCallListener)} on behalf of a transfer (RFC 3515 section 2.4.4): the INVITE
     * also carries {@code Replaces} (RFC 3891) and {@code Referred-By} (RFC 3892) when given.
     */
    default OutboundCall invite(InviteRequest request, TransferHeaders transfer, SipCallListener listener) {
        if (transfer == null) {
            return invite(request, listener);
        }
        throw new UnsupportedOperationException("this user agent cannot send transfer headers");
    }

    /** The UDP/TCP port actually listened on (useful when configured with port 0). */
    int port();

    /**
     * Hang up every call still up (CANCEL/BYE), wait a moment for them to finish (at most the configured
     * shutdown grace), then stop the stack. Idempotent.
     */
    @Override
    void close();
}

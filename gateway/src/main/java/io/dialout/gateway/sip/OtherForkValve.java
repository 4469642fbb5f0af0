package io.dialout.gateway.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.function.Function;
import javax.sip.SipStack;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Sees every parsed response before the stack's transactions and dialogs do, and takes the 2xx to an INVITE that
 * come from a fork other than the first that answered (RFC 3261 section 13.2.2.4): they go to the call's
 * {@link ForkedAnswers} and the stack never sees them, so it neither drops them nor moves the call's dialog to
 * them. Everything else passes. Runs on the stack's message threads: it only reads headers and posts to the call.
 */
final class OtherForkValve implements SIPMessageValve {

    private final Function<String, SipCall> calls;

    /** {@code calls} finds the call of a Call-ID (null when there is none). */
    OtherForkValve(Function<String, SipCall> calls) {
        this.calls = calls;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (response.getStatusCode() / 100 != 2) {
            return true;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        CallIdHeader callId = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (cseq == null || callId == null || to == null || !Request.INVITE.equals(cseq.getMethod())) {
            return true;
        }
        SipCall call = calls.apply(callId.getCallId());
        return call == null || !call.takeOtherFork(response, to.getTag());
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {}

    @Override
    public void destroy() {}
}

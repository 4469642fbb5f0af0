package io.dialout.gateway.sip;

import java.util.HashMap;
import java.util.ListIterator;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.RSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Sends the PRACK of each reliable provisional response to the INVITE (RFC 3262 section 4), once per RSeq and early
 * dialog; {@link Prack} decides which.
 */
final class PrackSender {

    private static final Logger LOG = Logger.getLogger(PrackSender.class);

    private final CallScope call;
    /** The RSeq last PRACKed, per early dialog (the 1xx's To tag). */
    private final Map<String, Long> lastRseq = new HashMap<>();

    PrackSender(CallScope call) {
        this.call = call;
    }

    /** A 1xx to the INVITE, in the early dialog {@code dialog}. */
    void onProvisional(Response response, Dialog dialog) {
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        String tag = to == null || to.getTag() == null ? "" : to.getTag();
        RSeqHeader rseqHeader = (RSeqHeader) response.getHeader(RSeqHeader.NAME);
        long rseq = rseqHeader == null ? -1 : rseqHeader.getSequenceNumber();
        long last = lastRseq.getOrDefault(tag, -1L);
        if (!Prack.shouldPrack(response.getStatusCode(), requires100rel(response), rseq, last) || dialog == null) {
            return;
        }
        lastRseq.put(tag, rseq);
        try {
            // RFC 3262 section 7.2: in the early dialog, RAck = RSeq, CSeq number and method of the INVITE
            Request prack = dialog.createPrack(response);
            call.targets.guard(prack); // issue 14 item 4e: the 18x's Contact is the early dialog's remote target
            prack.addHeader(call.ctx.userAgent());
            ClientTransaction tx = call.ctx.provider().getNewClientTransaction(prack);
            call.ctx.applyTimers(tx);
            dialog.sendRequest(tx);
            LOG.debug(call.callId + ": PRACK sent for " + response.getStatusCode() + " RSeq " + rseq);
        } catch (javax.sip.SipException | RuntimeException e) {
            LOG.debug(call.callId + ": PRACK not sent", e);
        }
    }

    static boolean requires100rel(Response response) {
        ListIterator<?> it = response.getHeaders("Require");
        while (it != null && it.hasNext()) {
            Object h = it.next();
            String v = h instanceof javax.sip.header.RequireHeader r ? r.getOptionTag() : String.valueOf(h);
            for (String part : v.split(",")) {
                if (part.trim().equalsIgnoreCase("100rel")) {
                    return true;
                }
            }
        }
        return false;
    }
}

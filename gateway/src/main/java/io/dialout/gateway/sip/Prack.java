package io.dialout.gateway.sip;

/**
 * Reliable provisional responses (RFC 3262) as a pure function: which 1xx to the INVITE gets a PRACK. {@link
 * PrackSender} keeps the last RSeq per early dialog and sends the PRACK; {@code PrackTest} checks the table.
 */
final class Prack {

    private Prack() {}

    /**
     * Whether to PRACK a provisional response.
     *
     * @param status     its status (100 is never sent reliably, RFC 3262 section 3)
     * @param reliable   it has {@code Require: 100rel}
     * @param rseq       its RSeq, or -1 when it has none (a reliable 1xx without RSeq is malformed: no PRACK)
     * @param lastRseq   the RSeq last PRACKed in this early dialog, or -1 for none
     */
    static boolean shouldPrack(int status, boolean reliable, long rseq, long lastRseq) {
        if (status <= 100 || status >= 200 || !reliable || rseq < 0) {
            return false;
        }
        // RFC 3262 section 4: the first reliable 1xx of a dialog sets the sequence; later ones are PRACKed only when
        // one higher (a retransmission repeats the RSeq, one out of order is retransmitted by the UAS)
        return lastRseq < 0 || rseq == lastRseq + 1;
    }
}

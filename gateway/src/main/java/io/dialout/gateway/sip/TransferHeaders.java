package io.dialout.gateway.sip;

/**
 * The headers an INVITE sent on behalf of a transfer carries (RFC 3515 section 2.4.4: the REFER-recipient's new
 * INVITE).
 *
 * @param replaces   RFC 3891: the dialog at the target that this INVITE replaces (attended transfer), or null
 * @param referredBy RFC 3892: the transferor, as its Referred-By named it, or null
 */
public record TransferHeaders(String replaces, String referredBy) {

    public TransferHeaders {
        for (String v : new String[] {replaces, referredBy}) {
            if (v != null && v.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a transfer header must be one line");
            }
        }
    }
}

package io.dialout.gateway.call;

/**
 * One {@code transfer} message to the client (an addition to the contract, docs/API.md).
 *
 * @param by        local: our REFER, for the client's {@code transfer}; remote: the far end's REFER
 * @param target    the transfer target
 * @param sipStatus the SIP status of this step: the REFER's response, a NOTIFY's sipfrag, or the target's failure
 * @param reason    its reason phrase
 * @param last      true when the transfer attempt is over with this step (success or failure)
 */
public record TransferReport(Party by, String target, int sipStatus, String reason, boolean last) {}

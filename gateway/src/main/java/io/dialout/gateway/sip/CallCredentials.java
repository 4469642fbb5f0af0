package io.dialout.gateway.sip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A call's answers to Digest challenges (RFC 3261 section 22.2): the trunk's credentials, once per nonce. A second
 * challenge with a nonce already answered means the credentials were refused; the call then fails with it.
 * Confined to the call's executor.
 */
final class CallCredentials {

    private static final int MAX_ANSWERS = 3;

    private final Trunk trunk;
    private final SipContext ctx;
    private final Set<String> answeredNonces = new HashSet<>();
    private int answers;

    CallCredentials(Trunk trunk, SipContext ctx) {
        this.trunk = trunk;
        this.ctx = ctx;
    }

    /**
     * Puts credentials answering {@code challenge} (401 or 407) on {@code request}, replacing earlier ones of the
     * same kind. False when there is nothing new to answer: no credentials, a realm not ours, only nonces already
     * answered, or too many rounds.
     */
    boolean answer(Request request, Response challenge) {
        if (!trunk.hasCredentials() || answers >= MAX_ANSWERS) {
            return false;
        }
        boolean proxy = challenge.getStatusCode() == 407;
        String header = proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
        request.removeHeader(header);
        boolean answered = false;
        for (DigestChallenge c : challenges(challenge, proxy)) {
            if (!c.answerable()
                    || answeredNonces.contains(c.nonce())
                    || (trunk.realm() != null && !trunk.realm().equals(c.realm()))) {
                continue;
            }
            answeredNonces.add(c.nonce());
            String value = DigestAuthenticator.authorizationValue(
                    c,
                    trunk.username(),
                    trunk.password(),
                    request.getMethod(),
                    request.getRequestURI().toString(),
                    DigestAuthenticator.newCnonce(),
                    1);
            request.addHeader(ctx.header(header, value));
            answered = true;
        }
        if (answered) {
            answers++;
        }
        return answered;
    }

    static List<DigestChallenge> challenges(Response response, boolean proxy) {
        List<DigestChallenge> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if ("Digest".equalsIgnoreCase(h.getScheme())) {
                out.add(new DigestChallenge(
                        h.getRealm(),
                        h.getNonce(),
                        h.getOpaque(),
                        h.getAlgorithm(),
                        DigestChallenge.parseQop(h.getQop()),
                        proxy));
            }
        }
        return out;
    }
}

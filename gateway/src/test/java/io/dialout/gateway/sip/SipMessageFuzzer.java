package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.dialout.gateway.call.CallEnd;
import io.dialout.media.negotiation.sip.SipAnswer;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.text.ParseException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Coverage-guided fuzzing (Jazzer) of a SIP message from a callee or a proxy: parsed by JAIN-SIP's own parser (the
 * one its UDP and TCP transports use), then everything our user agent does with a message that needs no network:
 * the SDP of a 183/200 applied to our offer (RFC 3264), the final status mapped to the room's {@code ended} cause,
 * Digest challenges of a 401/407 answered for a trunk with credentials (RFC 3261 section 22.2), SIP INFO DTMF bodies,
 * and the Contact and Record-Route headers a 2xx carries. The parser may refuse with ParseException, the SDP with
 * SdpException; anything else escaping is a finding. Seeds ({@code SipMessageFuzzerInputs/}): the responses the
 * sipp scenarios of the tests send (with sipp's substitutions filled in) carrying the captured sipp and baresip
 * answers, a Digest challenge, an INFO with dtmf-relay.
 */
class SipMessageFuzzer {
    private static final String OUR_OFFER =
            "v=0\r\no=- 4242 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 30000 RTP/AVP 111 9 0 8 101\r\na=rtpmap:111 opus/48000/2\r\n"
                    + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtcp:30001\r\n"
                    + "a=ptime:20\r\na=sendrecv\r\n";
    private static final String INVITE = "INVITE sip:callee@127.0.0.1:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-fuzz\r\nMax-Forwards: 70\r\n"
            + "From: <sip:room@127.0.0.1>;tag=g1\r\nTo: <sip:callee@127.0.0.1:5070>\r\nCall-ID: fuzz@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\nContact: <sip:room@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n";

    private static final SessionDescription OFFER;
    private static final SipContext CONTEXT;
    private static final Trunk TRUNK = new Trunk("t", "udp", null, "alice", "secret", null);

    static {
        // As the user agent does (STACK_LOGGER): the parser logs some refusals, and JAIN-SIP's default logger needs
        // log4j, which is not shipped; without a stack in this JVM nothing else would set it (a Jazzer finding).
        gov.nist.core.CommonLogger.legacyLogger = new io.dialout.jainsip.log.JainSipStackLogger();
        try {
            OFFER = SessionDescription.parse(OUR_OFFER);
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            HeaderFactory headers = f.createHeaderFactory();
            AddressFactory addresses = f.createAddressFactory();
            MessageFactory messages = f.createMessageFactory();
            CONTEXT = new SipContext(null, headers, addresses, messages, null, 5060, null, null);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void messagesFromTheSipSide(byte[] data) throws ParseException {
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(data, true, false, null);
        } catch (ParseException refused) {
            return; // the stack drops it
        }
        if (message == null) {
            return;
        }
        String sdp = SipContext.sdp(message);
        if (sdp != null) {
            try {
                SipAnswer.parse(SessionDescription.parse(sdp), OFFER);
            } catch (SdpException refused) {
                // the call ends with a BYE; the room is told why
            }
        }
        if (message instanceof Response r) {
            onResponse(r);
        } else if (message instanceof Request q && Request.INFO.equals(q.getMethod())) {
            ContentTypeHeader ct = (ContentTypeHeader) q.getHeader(ContentTypeHeader.NAME);
            if (ct != null) {
                DtmfInfo.parse(ct.getContentType() + "/" + ct.getContentSubType(), SipContext.body(q));
            }
        }
    }

    private static void onResponse(Response r) throws ParseException {
        int status = r.getStatusCode();
        if (status >= 300) {
            assertThat(CallEnd.finalResponse(status, r.getReasonPhrase())).isNotNull();
        }
        if (status == 401 || status == 407) {
            Request invite = (Request) new StringMsgParser().parseSIPMessage(INVITE.getBytes(), true, false, null);
            new CallCredentials(TRUNK, CONTEXT).answer(invite, r);
        }
        if (status >= 200 && status < 300) {
            ContactHeader contact = (ContactHeader) r.getHeader(ContactHeader.NAME);
            if (contact != null && contact.getAddress() != null) {
                contact.getAddress().getURI().toString();
            }
            var routes = r.getHeaders(RecordRouteHeader.NAME);
            while (routes.hasNext()) {
                ((RecordRouteHeader) routes.next()).getAddress().getURI().toString();
            }
            // issue 14 item 7: a 2xx without a usable Contact is answered from a dialog built by hand
            if (!InviteClient.hasUsableContact(r) && r.getHeader(javax.sip.header.ToHeader.NAME) != null) {
                Request invite = (Request) new StringMsgParser().parseSIPMessage(INVITE.getBytes(), true, false, null);
                assertThat(DialogState.fromAnswer(invite, r, "udp").target()).isEqualTo("sip:callee@127.0.0.1:5070");
            }
        }
    }
}

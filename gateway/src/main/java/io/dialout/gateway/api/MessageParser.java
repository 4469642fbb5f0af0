package io.dialout.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.call.DialRequest;
import io.dialout.gateway.sip.CallerIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one text frame into a validated {@link ClientMessage}, or a {@link BadMessage} that says what is wrong.
 * Unknown fields are ignored so that newer clients keep working (API.md: fields may be added).
 */
public final class MessageParser {

    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    // RFC 4733 section 3.2: events 0-15 are 0-9, *, #, A-D.
    private static final Pattern DIGITS = Pattern.compile("[0-9*#A-D]+");
    // RFC 3261 section 25.1: a header name is a token.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
    // The user part of a From URI: RFC 3261 unreserved and user-unreserved characters, no escapes.
    private static final Pattern FROM_USER = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=?/-]{1,64}");
    private static final int MAX_HEADER_VALUE = 256;
    private static final int MAX_DISPLAY_NAME = 128;

    private final ObjectMapper json;
    private final MessageLimits limits;

    public MessageParser(ObjectMapper json, MessageLimits limits) {
        this.json = json;
        this.limits = limits;
    }

    public ClientMessage parse(String text) throws BadMessage {
        if (text.length() > limits.maxMessageChars()) {
            throw BadMessage.badRequest(
                    null,
                    "message of " + text.length() + " characters exceeds the limit of " + limits.maxMessageChars());
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw BadMessage.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw BadMessage.badRequest(null, "a message must be a JSON object");
        }
        String callId = callIdOrNull(root);
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw BadMessage.badRequest(callId, "missing 'type'");
        }
        if (!typeNode.isTextual()) {
            throw BadMessage.badRequest(callId, "'type' must be a string");
        }
        String type = typeNode.asText();
        if (!isKnownType(type)) {
            throw BadMessage.badRequest(callId, "unknown type '" + Destination.printable(type) + "'");
        }
        String id = requireCallId(root);
        return switch (type) {
            case "dial" -> new ClientMessage.Dial(dial(root, id));
            case "candidate" -> candidate(root, id);
            case "hangup" -> new ClientMessage.Hangup(id);
            case "dtmf" -> dtmf(root, id);
            case "hold" -> new ClientMessage.Hold(id);
            case "resume" -> new ClientMessage.Resume(id);
            case "transfer" -> transfer(root, id);
            case "offer" -> offer(root, id);
            default -> throw new IllegalStateException(type);
        };
    }

    private static boolean isKnownType(String type) {
        return switch (type) {
            case "dial", "candidate", "hangup", "dtmf", "hold", "resume", "transfer", "offer" -> true;
            default -> false;
        };
    }

    /** The callId to put in an error reply: only when it is itself valid, so the reply never echoes junk. */
    private static String callIdOrNull(JsonNode root) {
        JsonNode n = root.get("callId");
        return n != null && n.isTextual() && CALL_ID.matcher(n.asText()).matches() ? n.asText() : null;
    }

    private static String requireCallId(JsonNode root) throws BadMessage {
        JsonNode n = root.get("callId");
        if (n == null || n.isNull()) {
            throw BadMessage.badRequest(null, "missing 'callId'");
        }
        if (!n.isTextual() || !CALL_ID.matcher(n.asText()).matches()) {
            throw BadMessage.badRequest(null, "'callId' must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        return n.asText();
    }

    private DialRequest dial(JsonNode root, String id) throws BadMessage {
        String to = requireText(root, "to", id);
        String problem = Destination.problem(to);
        if (problem != null) {
            throw BadMessage.badRequest(id, problem);
        }
        String offer = requireText(root, "offer", id);
        if (offer.isBlank()) {
            throw BadMessage.badRequest(id, "'offer' is empty");
        }
        String fromUser = null;
        String fromDisplay = null;
        String fromHost = null;
        String asserted = null;
        String privacy = null;
        JsonNode from = root.get("from");
        if (from != null && !from.isNull()) {
            if (!from.isObject()) {
                throw BadMessage.badRequest(id, "'from' must be an object with 'user' and/or 'displayName'");
            }
            fromUser = optionalText(from, "user", "from.user", id);
            if (fromUser != null && !FROM_USER.matcher(fromUser).matches()) {
                throw BadMessage.badRequest(id, "'from.user' must be 1-64 characters allowed in a SIP URI user part");
            }
            fromDisplay = optionalText(from, "displayName", "from.displayName", id);
            if (fromDisplay != null && (fromDisplay.length() > MAX_DISPLAY_NAME || hasControl(fromDisplay))) {
                throw BadMessage.badRequest(
                        id,
                        "'from.displayName' must be at most " + MAX_DISPLAY_NAME
                                + " characters without control characters");
            }
            // additions (docs/API.md): caller identity, checked against the trunk's settings after routing
            fromHost = checked(from, "host", "from.host", id, CallerIdentity::hostProblem);
            asserted = checked(from, "assertedIdentity", "from.assertedIdentity", id, CallerIdentity::uriProblem);
            privacy = checked(from, "privacy", "from.privacy", id, CallerIdentity::privacyProblem);
        }
        CallerIdentity.Requested identity = identity(root.get("diversion"), fromHost, asserted, privacy, id);
        Map<String, String> headers = headers(root.get("headers"), id);
        Integer ring = optionalInt(root, "ringTimeoutSec", 1, limits.maxRingTimeoutSec(), id);
        Integer max = optionalInt(root, "maxDurationSec", 1, limits.maxDurationSec(), id);
        return new DialRequest(id, to, fromUser, fromDisplay, offer, headers, ring, max, identity);
    }

    /** An optional text field that {@code problem} accepts (null), with no control characters. */
    private static String checked(
            JsonNode node, String field, String label, String id, java.util.function.Function<String, String> problem)
            throws BadMessage {
        String value = optionalText(node, field, label, id);
        if (value == null) {
            return null;
        }
        String why = hasControl(value) ? "no control characters" : problem.apply(value);
        if (why != null) {
            throw BadMessage.badRequest(id, "'" + label + "' must be " + why);
        }
        return value;
    }

    /** The optional {@code diversion} object (RFC 5806): {@code uri}, {@code reason}, {@code counter}. */
    private static CallerIdentity.Requested identity(
            JsonNode diversion, String fromHost, String asserted, String privacy, String id) throws BadMessage {
        String uri = null;
        String reason = null;
        Integer counter = null;
        if (diversion != null && !diversion.isNull()) {
            if (!diversion.isObject()) {
                throw BadMessage.badRequest(id, "'diversion' must be an object with 'uri', 'reason' and 'counter'");
            }
            uri = checked(diversion, "uri", "diversion.uri", id, CallerIdentity::uriProblem);
            if (uri == null) {
                throw BadMessage.badRequest(id, "missing 'diversion.uri'");
            }
            reason = checked(
                    diversion,
                    "reason",
                    "diversion.reason",
                    id,
                    r -> CallerIdentity.DIVERSION_REASONS.contains(r)
                            ? null
                            : "one of " + new java.util.TreeSet<>(CallerIdentity.DIVERSION_REASONS));
            counter = optionalInt(diversion, "counter", 1, 100, id);
        }
        if (fromHost == null && asserted == null && privacy == null && uri == null) {
            return CallerIdentity.Requested.NONE;
        }
        return new CallerIdentity.Requested(fromHost, asserted, privacy, uri, reason, counter);
    }

    private static Map<String, String> headers(JsonNode node, String id) throws BadMessage {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw BadMessage.badRequest(id, "'headers' must be an object of header name to string value");
        }
        if (node.size() > MessageLimits.MAX_HEADERS) {
            throw BadMessage.badRequest(id, "at most " + MessageLimits.MAX_HEADERS + " headers");
        }
        for (Map.Entry<String, JsonNode> h : node.properties()) {
            String name = h.getKey();
            if (!TOKEN.matcher(name).matches() || name.length() > 64) {
                throw BadMessage.badRequest(id, "header name '" + Destination.printable(name) + "' is not a token");
            }
            if (!name.regionMatches(true, 0, "X-", 0, 2) || name.length() < 3) {
                throw BadMessage.badRequest(id, "only X- headers may be set, not '" + name + "'");
            }
            if (!h.getValue().isTextual()) {
                throw BadMessage.badRequest(id, "header '" + name + "' must have a string value");
            }
            String value = h.getValue().asText();
            // RFC 3261 section 7.3.1: CR/LF would end the header line (header injection); other controls are not
            // allowed in a header value either.
            if (hasControl(value) || value.length() > MAX_HEADER_VALUE) {
                throw BadMessage.badRequest(
                        id,
                        "header '" + name + "' value must be at most " + MAX_HEADER_VALUE
                                + " characters without CR, LF or other control characters");
            }
            headers.put(name, value);
        }
        return headers;
    }

    private static ClientMessage candidate(JsonNode root, String id) throws BadMessage {
        if (!root.has("candidate")) {
            throw BadMessage.badRequest(id, "missing 'candidate' (null ends the trickle)");
        }
        JsonNode c = root.get("candidate");
        if (!c.isNull() && !c.isTextual()) {
            throw BadMessage.badRequest(id, "'candidate' must be a string or null");
        }
        String candidate = c.isNull() ? null : c.asText();
        if (candidate != null && (candidate.isBlank() || hasControl(candidate))) {
            throw BadMessage.badRequest(id, "'candidate' must be a candidate line without control characters");
        }
        String mid = optionalText(root, "sdpMid", "sdpMid", id);
        return new ClientMessage.Candidate(id, candidate, mid);
    }

    /** {@code transfer}: a {@code target} like a dial's {@code to}, or {@code replacesCallId} naming another call. */
    private static ClientMessage transfer(JsonNode root, String id) throws BadMessage {
        String target = optionalText(root, "target", "target", id);
        String other = optionalText(root, "replacesCallId", "replacesCallId", id);
        if ((target == null) == (other == null)) {
            throw BadMessage.badRequest(id, "a transfer needs exactly one of 'target' and 'replacesCallId'");
        }
        if (target != null) {
            String problem = Destination.problem(target);
            if (problem != null) {
                throw BadMessage.badRequest(id, problem.replace("'to'", "'target'"));
            }
        }
        if (other != null && (!CALL_ID.matcher(other).matches() || other.equals(id))) {
            throw BadMessage.badRequest(id, "'replacesCallId' must name another call of this connection");
        }
        return new ClientMessage.Transfer(id, target, other);
    }

    /** A room's new offer in a running call (an addition to the v1 contract: docs/API.md "offer"). */
    private static ClientMessage offer(JsonNode root, String id) throws BadMessage {
        String sdp = requireText(root, "sdp", id);
        if (sdp.isBlank()) {
            throw BadMessage.badRequest(id, "'sdp' is empty");
        }
        return new ClientMessage.Offer(id, sdp);
    }

    private static ClientMessage dtmf(JsonNode root, String id) throws BadMessage {
        String digits = requireText(root, "digits", id);
        if (digits.isEmpty()
                || digits.length() > MessageLimits.MAX_DIGITS
                || !DIGITS.matcher(digits).matches()) {
            throw BadMessage.badRequest(
                    id, "'digits' must be 1-" + MessageLimits.MAX_DIGITS + " characters of 0-9 * # A-D");
        }
        Integer d = optionalInt(root, "durationMs", MessageLimits.MIN_DTMF_MS, MessageLimits.MAX_DTMF_MS, id);
        return new ClientMessage.Dtmf(id, digits, d == null ? MessageLimits.DEFAULT_DTMF_MS : d);
    }

    private static String requireText(JsonNode root, String field, String id) throws BadMessage {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw BadMessage.badRequest(id, "missing '" + field + "'");
        }
        if (!n.isTextual()) {
            throw BadMessage.badRequest(id, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static String optionalText(JsonNode root, String field, String label, String id) throws BadMessage {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw BadMessage.badRequest(id, "'" + label + "' must be a string");
        }
        return n.asText();
    }

    private static Integer optionalInt(JsonNode root, String field, int min, int max, String id) throws BadMessage {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw BadMessage.badRequest(id, "'" + field + "' must be an integer from " + min + " to " + max);
        }
        return n.asInt();
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}

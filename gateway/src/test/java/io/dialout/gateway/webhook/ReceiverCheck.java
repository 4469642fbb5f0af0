package io.dialout.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a platform's receiver does with {@code X-Dialout-Signature}, written from the documented format (docs/API.md)
 * and not from the gateway's code: HMAC-SHA256 with the shared secret over {@code t + "." + body}, compared with
 * {@code v1}, and {@code t} within the replay window.
 */
final class ReceiverCheck {

    private ReceiverCheck() {}

    static boolean valid(String header, String body, String secret, long windowSeconds) throws Exception {
        Map<String, String> parts = new HashMap<>();
        for (String p : header.split(",")) {
            String[] kv = p.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        long t = Long.parseLong(parts.get("t"));
        if (Math.abs(System.currentTimeMillis() / 1000 - t) > windowSeconds) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(expected).equals(parts.get("v1"));
    }
}

package io.dialout.gateway.demo;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a demo destination: {@code sip:<user>@demo} or {@code sip:<user>@demo.invalid} (".invalid" is reserved
 * by RFC 2606 section 2, so it can never be a real host), with an optional port and URI parameters, which are
 * ignored. {@code sips:} is recognised too, so that it is refused rather than sent to DNS: the demo has no TLS.
 */
public record DemoDestination(String scheme, String user) {

    // RFC 3261 section 25.1: userinfo is everything before '@'; the host ends at ':' (port), ';' (params) or '?'.
    private static final Pattern URI =
            Pattern.compile("(?i)(sips?):([^@;?]+)@(demo|demo\\.invalid)\\.?(?::\\d{1,5})?(?:[;?].*)?");

    public static Optional<DemoDestination> parse(String to) {
        if (to == null) {
            return Optional.empty();
        }
        Matcher m = URI.matcher(to.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DemoDestination(m.group(1).toLowerCase(Locale.ROOT), m.group(2)));
    }

    public boolean secure() {
        return scheme.equals("sips");
    }
}

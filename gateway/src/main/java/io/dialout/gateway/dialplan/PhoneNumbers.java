package io.dialout.gateway.dialplan;

import java.util.Locale;

/**
 * Normalises phone numbers to E.164 ("+" then 1-15 digits, ITU-T E.164 section 6.1): {@code tel:} URIs (RFC 3966)
 * and bare numbers, with visual separators removed and national numbers completed with the default country code.
 */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    /** The input did not hold a number we can turn into E.164. */
    public static final class InvalidNumberException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidNumberException(String message) {
            super(message);
        }
    }

    /** True when {@code s} looks like a number rather than a URI (digits, separators, an optional leading +). */
    public static boolean looksLikeNumber(String s) {
        return s.matches("\\+?[0-9 ()\\-.]+");
    }

    /** The E.164 form ("+15551234567") of a {@code tel:} URI or a bare number. */
    public static String normalize(String input, NumberFormat format) throws InvalidNumberException {
        String s = input.trim();
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            return fromTelUri(s.substring(4), format);
        }
        return fromDialString(s, format);
    }

    /** RFC 3966 section 3: telephone-subscriber = global-number / local-number, each with parameters. */
    private static String fromTelUri(String rest, NumberFormat format) throws InvalidNumberException {
        String[] parts = rest.split(";");
        String number = stripVisualSeparators(parts[0]);
        String phoneContext = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            if (p.startsWith("phone-context=")) {
                phoneContext = parts[i].substring("phone-context=".length());
            } else if (p.startsWith("ext=") || p.startsWith("isub=")) {
                // an extension or subaddress cannot be expressed in the INVITE we send
                throw new InvalidNumberException("tel: extensions and subaddresses are not supported: " + parts[i]);
            }
        }
        if (number.startsWith("+")) {
            return checkE164(number);
        }
        // RFC 3966 section 5.1.5: a local number carries a phone-context; when that is a global number prefix
        // ("+1", "+44-20"), the local number completes it
        if (phoneContext != null && phoneContext.startsWith("+")) {
            return checkE164(stripVisualSeparators(phoneContext) + number);
        }
        if (phoneContext == null) {
            throw new InvalidNumberException("a local tel: number needs a phone-context (RFC 3966 section 5.1.5)");
        }
        // a domain-name phone-context: dial it as a national number
        return fromDialString(number, format);
    }

    private static String fromDialString(String s, NumberFormat format) throws InvalidNumberException {
        if (!looksLikeNumber(s)) {
            throw new InvalidNumberException("not a phone number: " + s);
        }
        String n = stripVisualSeparators(s);
        if (n.startsWith("+")) {
            return checkE164(n);
        }
        String intl = format.internationalPrefix();
        if (intl != null && !intl.isEmpty() && n.startsWith(intl)) {
            return checkE164("+" + n.substring(intl.length()));
        }
        if (format.defaultCountryCode() == null) {
            throw new InvalidNumberException("national number without a default country code: " + s);
        }
        if (!format.nationalPrefix().isEmpty() && n.startsWith(format.nationalPrefix())) {
            n = n.substring(format.nationalPrefix().length());
        }
        return checkE164("+" + format.defaultCountryCode() + n);
    }

    /** RFC 3966 section 5.1.1: visual separators "-", ".", "(", ")" (and the spaces people type) carry no meaning. */
    static String stripVisualSeparators(String s) {
        return s.replaceAll("[\\s\\-.()]", "");
    }

    private static String checkE164(String n) throws InvalidNumberException {
        // E.164: country code never starts with 0; at most 15 digits in all
        if (!n.matches("\\+[1-9][0-9]{1,14}")) {
            throw new InvalidNumberException("not an E.164 number: " + n);
        }
        return n;
    }
}

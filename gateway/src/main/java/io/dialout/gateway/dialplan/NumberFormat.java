package io.dialout.gateway.dialplan;

/**
 * How national numbers become E.164 (ITU-T E.164; RFC 3966 section 5.1.4 for global numbers).
 *
 * @param defaultCountryCode  digits of the country code for numbers dialled without one (e.g. "1", "44"), or null to
 *                            refuse national numbers
 * @param internationalPrefix what dialling "+" looks like nationally (e.g. "00", "011"), or null
 * @param nationalPrefix      the trunk prefix dropped from national numbers before the country code is added (e.g. "0"
 *                            in most of Europe; "" or null for none)
 */
public record NumberFormat(String defaultCountryCode, String internationalPrefix, String nationalPrefix) {

    public NumberFormat {
        if (defaultCountryCode != null && !defaultCountryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1-3 digits: " + defaultCountryCode);
        }
        nationalPrefix = nationalPrefix == null ? "" : nationalPrefix;
    }

    /** E.164 only: national numbers are refused. */
    public static NumberFormat e164Only() {
        return new NumberFormat(null, null, null);
    }
}

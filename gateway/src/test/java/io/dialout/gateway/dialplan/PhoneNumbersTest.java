package io.dialout.gateway.dialplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    static final NumberFormat UK = new NumberFormat("44", "00", "0");
    static final NumberFormat US = new NumberFormat("1", "011", "1");

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // RFC 3966 global numbers, visual separators removed
                "tel:+1-555-123-4567          | UK | +15551234567",
                "tel:+1.555.123.4567          | UK | +15551234567",
                "tel:+44(20)79460000          | US | +442079460000",
                "tel:+15551234567;foo=bar     | UK | +15551234567",
                // RFC 3966 section 5.1.5 local numbers with a global-number phone-context
                "tel:7946-0000;phone-context=+44-20 | US | +442079460000",
                // a domain phone-context: dialled as a national number
                "tel:02079460000;phone-context=example.com | UK | +442079460000",
                // bare numbers
                "+15551234567                 | UK | +15551234567",
                "+1 (555) 123-4567            | UK | +15551234567",
                "020 7946 0000                | UK | +442079460000",
                "0044 20 7946 0000            | UK | +442079460000",
                "(555) 123-4567               | US | +15551234567",
                "1 555 123 4567               | US | +15551234567",
                "011 44 20 7946 0000          | US | +442079460000",
            })
    void normalises(String input, String plan, String e164) throws Exception {
        assertThat(PhoneNumbers.normalize(input, plan.equals("UK") ? UK : US)).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tel:5551234                  | no phone-context",
                "tel:+15551234567;ext=22      | extension",
                "+0123456                     | E.164 cannot start with 0",
                "+1234567890123456            | 16 digits",
                "+                            | empty",
                "555-CALL-NOW                 | letters",
                "5551234567                   | national without a country code",
            })
    void refuses(String input, String why) {
        assertThatThrownBy(() -> PhoneNumbers.normalize(input, NumberFormat.e164Only()))
                .as(why)
                .isInstanceOf(PhoneNumbers.InvalidNumberException.class);
    }
}

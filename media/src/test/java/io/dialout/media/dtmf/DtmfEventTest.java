package io.dialout.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfEventTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // hex payload, event, end, volume, duration (RFC 4733 section 2.3 layout)
        "05000000, 5, false, 0, 0",
        "058a0320, 5, true, 10, 800",
        "0b0a0190, 11, false, 10, 400",
        "0fbfffff, 15, true, 63, 65535",
        "10000050, 16, false, 0, 80",
    })
    void encodeDecode(String hex, int event, boolean end, int volume, int duration) {
        DtmfEvent e = new DtmfEvent(event, end, volume, duration);
        byte[] buf = new byte[6];
        assertThat(e.encode(buf, 1)).isEqualTo(4);
        assertThat(HexFormat.of().formatHex(buf, 1, 5)).isEqualTo(hex);
        assertThat(DtmfEvent.decode(buf, 1, 4)).isEqualTo(e);
    }

    @Test
    void reservedBitIsIgnoredOnReceive() {
        DtmfEvent e = DtmfEvent.decode(HexFormat.of().parseHex("01ca00a0"), 0, 4);
        assertThat(e).isEqualTo(new DtmfEvent(1, true, 10, 160));
    }

    @Test
    void shortPayloadIsNull() {
        assertThat(DtmfEvent.decode(new byte[3], 0, 3)).isNull();
        assertThat(DtmfEvent.decode(new byte[4], 2, 4)).isNull();
    }

    @Test
    void digitsAndEvents() {
        String digits = "0123456789*#ABCD";
        for (int i = 0; i < digits.length(); i++) {
            assertThat(DtmfEvent.eventOf(digits.charAt(i))).isEqualTo(i);
            assertThat(DtmfEvent.digitOf(i)).isEqualTo(digits.charAt(i));
        }
        assertThat(DtmfEvent.eventOf('a')).isEqualTo(12);
        assertThat(DtmfEvent.eventOf('E')).isEqualTo(-1);
        assertThat(DtmfEvent.eventOf('+')).isEqualTo(-1);
        assertThat(DtmfEvent.digitOf(16)).isEqualTo((char) 0);
        assertThat(new DtmfEvent(16, false, 0, 0).isDtmf()).isFalse();
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> new DtmfEvent(1, false, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtmfEvent(1, false, 0, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtmfEvent(256, false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.dialout.media.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The E-model pieces against values worked out by hand from ITU-T G.107 and G.113. */
class EModelTest {

    /** G.107 Annex B formula B-4 at known R values (the G.107 figure B.1 / G.109 table 1 category edges). */
    @ParameterizedTest
    @CsvSource({
        "-5, 1.00",
        "0, 1.00",
        "50, 2.58", // 1 + 1.75 + 7e-6*50*(-10)*50 = 2.575
        "60, 3.10", // the term vanishes: 1 + 2.1
        "70, 3.60", // 1 + 2.45 + 7e-6*70*10*30 = 3.597
        "80, 4.02", // 1 + 2.8 + 7e-6*80*20*20 = 4.024
        "90, 4.34", // 1 + 3.15 + 7e-6*90*30*10 = 4.339
        "93.2, 4.41", // the default R: 1 + 3.262 + 7e-6*93.2*33.2*6.8 = 4.409
        "100, 4.50",
        "120, 4.50"
    })
    void mosFromR(double r, double mos) {
        assertThat(EModel.mos(r)).isCloseTo(mos, within(0.005));
    }

    @Test
    void noImpairmentGivesTheDefaultR() {
        assertThat(EModel.rating(EModel.G711_PLC, 0, 0)).isEqualTo(93.2);
    }

    @Test
    void delayImpairmentBendsAt177ms() {
        assertThat(EModel.delayImpairment(100)).isCloseTo(2.4, within(1e-9));
        assertThat(EModel.delayImpairment(177.3)).isCloseTo(4.2552, within(1e-9));
        assertThat(EModel.delayImpairment(300)).isCloseTo(7.2 + 0.11 * 122.7, within(1e-9));
    }

    @Test
    void lossImpairmentUsesTheCodecsBpl() {
        // G.107 7-29 with G.113 I.3 values: 10 % loss, G.711 with PLC: 95*10/(10+25.1) = 27.07; without: 66.43
        assertThat(EModel.effectiveEquipmentImpairment(EModel.G711_PLC, 10)).isCloseTo(27.066, within(0.001));
        assertThat(EModel.effectiveEquipmentImpairment(EModel.G711, 10)).isCloseTo(66.434, within(0.001));
        assertThat(EModel.effectiveEquipmentImpairment(EModel.OPUS, 0)).isEqualTo(EModel.OPUS.ie());
    }

    @Test
    void mosFallsWithLossAndDelay() {
        double clean = EModel.mos(EModel.G711_PLC, 10, 1, 0);
        double lossy = EModel.mos(EModel.G711_PLC, 10, 1, 5);
        double late = EModel.mos(EModel.G711_PLC, 600, 1, 0);
        assertThat(clean).isGreaterThan(4.3);
        assertThat(lossy).isLessThan(clean - 0.4);
        assertThat(late).isLessThan(clean - 0.4);
        // 5 % loss with PLC: R = 93.2 - 0.024*(5+20+2) - 95*5/30.1 = 76.78 -> 3.91
        assertThat(lossy).isCloseTo(EModel.mos(76.784), within(0.01));
    }

    @Test
    void codecByEncodingName() {
        assertThat(EModel.codec("PCMU/8000", true)).isEqualTo(EModel.G711_PLC);
        assertThat(EModel.codec("PCMA/8000", false)).isEqualTo(EModel.G711);
        assertThat(EModel.codec("opus/48000/2", true)).isEqualTo(EModel.OPUS);
        assertThat(EModel.codec("G722/8000", true)).isEqualTo(EModel.G722);
    }
}

package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProvisionalFilterTest {

    @Test
    void aLate100AfterA180IsNotNews() {
        ProvisionalFilter f = new ProvisionalFilter();
        assertThat(f.isNew(180, "t1", null)).isTrue();
        assertThat(f.isNew(100, null, null)).isFalse();
    }

    @Test
    void aRetransmittedProvisionalIsReportedOnce() {
        ProvisionalFilter f = new ProvisionalFilter();
        assertThat(f.isNew(100, null, null)).isTrue();
        assertThat(f.isNew(180, "t1", null)).isTrue();
        assertThat(f.isNew(180, "t1", null)).isFalse();
        assertThat(f.isNew(183, "t1", "v=0 a")).isTrue();
        assertThat(f.isNew(183, "t1", "v=0 a")).isFalse();
        // new early media (another SDP) or another fork (another To tag) is news
        assertThat(f.isNew(183, "t1", "v=0 b")).isTrue();
        assertThat(f.isNew(183, "t2", "v=0 b")).isTrue();
    }

    @Test
    void aNewInviteStartsAfresh() {
        ProvisionalFilter f = new ProvisionalFilter();
        assertThat(f.isNew(180, "t1", null)).isTrue();
        f.reset();
        assertThat(f.isNew(100, null, null)).isTrue();
        assertThat(f.isNew(180, "t1", null)).isTrue();
    }
}

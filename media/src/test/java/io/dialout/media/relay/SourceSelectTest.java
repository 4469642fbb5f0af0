package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.RoomSource.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceSelectTest {

    private final RoomSource a1 = new RoomSource(Kind.AUDIO, "0", "alice", 11, true);
    private final RoomSource v1 = new RoomSource(Kind.VIDEO, "1", "alice", 12, true);
    private final RoomSource a2 = new RoomSource(Kind.AUDIO, "2", "bob", 21, false);
    private final RoomSource v2 = new RoomSource(Kind.VIDEO, "3", "bob", 22, false);

    @Test
    void singleStreamRoomPassesEverything() {
        DirectionState s = StageFixture.passThrough();
        SourceSelect stage = new SourceSelect(s);
        assertThat(stage.transform(StageFixture.rtp(0, false, 1, 0, 99, 160), MS))
                .isTrue();
        assertThat(stage.transform(StageFixture.rtp(0, false, 2, 160, 98, 160), MS))
                .isTrue();
    }

    @Test
    void meetingKeepsAllAudioForTheMixAndOnlyTheShownVideo() {
        DirectionState s = StageFixture.passThrough();
        s.sources(new RoomSources(List.of(a1, v1, a2, v2)));
        SourceSelect stage = new SourceSelect(s);
        assertThat(stage.transform(StageFixture.rtp(0, false, 1, 0, 11, 160), 5 * MS))
                .isTrue();
        assertThat(stage.transform(StageFixture.rtp(0, false, 1, 0, 21, 160), 6 * MS))
                .isTrue();
        assertThat(stage.transform(StageFixture.rtp(100, false, 1, 0, 12, 900), 7 * MS))
                .isTrue();
        assertThat(stage.transform(StageFixture.rtp(100, false, 1, 0, 22, 900), 8 * MS))
                .isFalse();
        assertThat(stage.transform(StageFixture.rtp(0, false, 1, 0, 77, 160), 9 * MS))
                .isTrue(); // not listed
        assertThat(a2.packets()).isEqualTo(1);
        assertThat(a2.lastPacketNanos()).isEqualTo(6 * MS);
        assertThat(v2.packets()).isEqualTo(1);

        s.sources(s.sources().showing(v2));
        assertThat(stage.transform(StageFixture.rtp(100, false, 2, 0, 22, 900), 10 * MS))
                .isTrue();
        assertThat(stage.transform(StageFixture.rtp(100, false, 2, 0, 12, 900), 10 * MS))
                .isFalse();
    }

    @Test
    void oneAudioSourceAmongSeveralVideosIsNotMixed() {
        DirectionState s = StageFixture.passThrough();
        RoomSources sources = new RoomSources(List.of(a1, v1, v2));
        s.sources(sources);
        assertThat(sources.mixed()).isFalse();
        assertThat(new SourceSelect(s).transform(StageFixture.rtp(0, false, 1, 0, 11, 160), MS))
                .isTrue();
    }

    @Test
    void anUpdateKeepsTheSourcesThatStayAndTheShownVideo() {
        RoomSources before = new RoomSources(List.of(a1, v1, a2, v2)).showing(v2);
        RoomSource a3 = new RoomSource(Kind.AUDIO, "4", "carol", 31, false);
        RoomSources after = before.update(List.of(
                new RoomSource(Kind.AUDIO, "0", "alice", 11, true),
                new RoomSource(Kind.VIDEO, "1", "alice", 12, true),
                new RoomSource(Kind.VIDEO, "3", "bob", 22, false),
                a3));
        assertThat(after.find(11)).isSameAs(a1);
        assertThat(after.find(22)).isSameAs(v2);
        assertThat(after.find(21)).isNull();
        assertThat(after.shownVideo()).isSameAs(v2);
        assertThat(after.audioCount()).isEqualTo(2);
    }
}

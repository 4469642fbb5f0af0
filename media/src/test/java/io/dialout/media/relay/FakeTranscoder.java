package io.dialout.media.relay;

import java.util.ArrayList;
import java.util.List;

/** Records the payloads it is fed; produces a frame of {@code frameBytes} bytes when it has been fed something. */
final class FakeTranscoder implements Transcoder {
    final List<Integer> sequences = new ArrayList<>();
    final List<Integer> lengths = new ArrayList<>();
    int frameBytes = 160;

    @Override
    public void receive(long ssrc, int seq, long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos) {
        sequences.add(seq);
        lengths.add(len);
    }

    @Override
    public int produce(byte[] out, int off) {
        if (sequences.isEmpty()) {
            return -1;
        }
        java.util.Arrays.fill(out, off, off + frameBytes, (byte) 0x7f);
        return frameBytes;
    }

    @Override
    public long outTimestampIncrement() {
        return 160;
    }
}

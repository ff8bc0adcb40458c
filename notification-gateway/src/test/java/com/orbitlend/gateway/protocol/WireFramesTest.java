package com.orbitlend.gateway.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class WireFramesTest {

    @Test
    void encodesTheThreeLengthFormsOfAnUnmaskedFinalTextFrame() {
        assertHeader(125, new int[] {0x81, 125});
        assertHeader(126, new int[] {0x81, 126, 0, 126});
        assertHeader(65535, new int[] {0x81, 126, 0xFF, 0xFF});
        assertHeader(65536, new int[] {0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0});
    }

    @Test
    void isReadOnlyAndEveryDuplicateReadsTheWholeFrame() {
        ByteBuffer frame = WireFrames.text("{\"a\":1}".getBytes());
        assertThat(frame.isReadOnly()).isTrue();
        assertThat(frame.isDirect()).isTrue();
        ByteBuffer first = frame.duplicate();
        first.position(first.limit());
        assertThat(frame.duplicate().remaining()).isEqualTo(2 + 7);
    }

    private static void assertHeader(int length, int[] header) {
        byte[] payload = new byte[length];
        payload[length - 1] = 42;
        ByteBuffer frame = WireFrames.text(payload);
        assertThat(frame.remaining()).isEqualTo(header.length + length);
        for (int i = 0; i < header.length; i++) {
            assertThat(frame.get(i) & 0xFF).as("byte %d of %d", i, length).isEqualTo(header[i]);
        }
        assertThat(frame.get(frame.limit() - 1)).isEqualTo((byte) 42);
    }
}

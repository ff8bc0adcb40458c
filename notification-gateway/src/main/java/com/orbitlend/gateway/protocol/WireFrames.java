package com.orbitlend.gateway.protocol;

import java.nio.ByteBuffer;

/**
 * Encodes a server-to-client WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, no mask, no extension bits) once,
 * in direct memory, so that every connection writes the same bytes without an encoder, a copy or a buffer of its
 * own. Uncompressed frames are valid on any connection, also one that negotiated permessage-deflate (RFC 7692 §6:
 * compression is per message, flagged by RSV1).
 */
public final class WireFrames {

    private WireFrames() {
    }

    public static ByteBuffer text(byte[] payload) {
        int length = payload.length;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81);
        if (length <= 125) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return frame.asReadOnlyBuffer();
    }
}

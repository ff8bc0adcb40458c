package com.orbitlend.gateway.delivery;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Other encodings of one frame, for sessions of another wire protocol (e.g. Socket.IO beside the native JSON one).
 * Each encoding (a slot) is built from {@code source} at most once, by the first session that needs it, and then
 * shared by every session of that protocol, like the frame itself; a protocol nobody uses costs nothing. Any
 * thread: two loops racing on a slot build equal bytes and keep the first.
 */
public final class FrameVariants {

    private final Object source;
    private final AtomicReferenceArray<ByteBuffer> built;

    /** {@code source}: what the encodings are built from (the protocol adapter's choice); {@code slots}: how many. */
    public FrameVariants(Object source, int slots) {
        this.source = source;
        this.built = new AtomicReferenceArray<>(slots);
    }

    /** Encodings built in advance (a frame of one session, e.g. a replayed one). */
    public static FrameVariants of(ByteBuffer... encodings) {
        FrameVariants variants = new FrameVariants(null, encodings.length);
        for (int i = 0; i < encodings.length; i++) {
            variants.built.set(i, encodings[i]);
        }
        return variants;
    }

    public Object source() {
        return source;
    }

    /** The encoding of {@code slot}, built with {@code build} on first use (read-only; duplicate it to write). */
    public ByteBuffer get(int slot, Function<Object, ByteBuffer> build) {
        ByteBuffer encoding = built.get(slot);
        if (encoding == null) {
            encoding = build.apply(source);
            if (!built.compareAndSet(slot, null, encoding)) {
                encoding = built.get(slot);
            }
        }
        return encoding;
    }
}

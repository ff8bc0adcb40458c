package com.orbitlend.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * A transport on the calling thread (or a given loop) that records what was written and flushed, and the pings and
 * the close; writable until told otherwise. Other packages' tests observe it through {@link #onPing} and
 * {@link #onClose}.
 */
public final class FakeTransport implements SessionTransport {

    final List<String> written = new ArrayList<>();
    final List<String> flushed = new ArrayList<>();
    final Executor loop;
    boolean writable = true;
    int flushes;
    int pings;
    Integer closeCode;
    private Runnable onPing = () -> { };
    private IntConsumer onClose = code -> { };

    public FakeTransport() {
        this(Runnable::run);
    }

    public FakeTransport(Executor loop) {
        this.loop = loop;
    }

    /** Runs {@code hook} on every ping, after counting it. */
    public FakeTransport onPing(Runnable hook) {
        this.onPing = hook;
        return this;
    }

    /** Hands {@code hook} the code of every close, after recording it. */
    public FakeTransport onClose(IntConsumer hook) {
        this.onClose = hook;
        return this;
    }

    @Override
    public Executor loop() {
        return loop;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void write(OutboundFrame frame) {
        written.add(new String(frame.bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void ping() {
        pings++;
        onPing.run();
    }

    @Override
    public void flush() {
        flushes++;
        flushed.clear();
        flushed.addAll(written);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        onClose.accept(code);
    }
}

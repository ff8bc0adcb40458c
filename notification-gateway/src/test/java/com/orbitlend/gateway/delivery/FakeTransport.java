package com.orbitlend.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** A transport on the calling thread that records what was written and flushed; writable until told otherwise. */
final class FakeTransport implements SessionTransport {

    final List<String> written = new ArrayList<>();
    final List<String> flushed = new ArrayList<>();
    final Executor loop;
    boolean writable = true;
    int flushes;
    int pings;
    Integer closeCode;

    FakeTransport() {
        this(Runnable::run);
    }

    FakeTransport(Executor loop) {
        this.loop = loop;
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
    }
}

package com.orbitlend.gateway.protocol;

import java.util.ArrayDeque;

/**
 * How many WebSocket handshakes (token verification, upgrade, session opening and its resume) run at once, the rest
 * waiting in arrival order with their HTTP request paused. In a reconnect storm (a replica died, thousands of its
 * clients arrive within a second) every handshake that finishes verification becomes a task on its connection's
 * event loop; without this bound the loops' task queues hold thousands of them, and anything else on those loops (a
 * health probe, a live delivery, a new connection's registration) waits behind seconds of work. With it, at most
 * {@code concurrency} are queued there and the waiting ones cost only their paused sockets. Past {@code capacity}
 * (running and waiting together) a handshake is refused: the caller answers 503 with {@code Retry-After}.
 * <p>
 * Thread-safe; the starts run outside the lock, on the thread that entered or that ended the previous handshake.
 */
public final class HandshakeGate {

    private final int concurrency;
    private final int capacity;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    HandshakeGate(int concurrency, int capacity) {
        if (concurrency < 1 || capacity < concurrency) {
            throw new IllegalArgumentException("need 1 <= concurrency (" + concurrency + ") <= capacity (" + capacity
                    + ")");
        }
        this.concurrency = concurrency;
        this.capacity = capacity;
    }

    /**
     * Runs {@code start} now if fewer than {@code concurrency} handshakes run, else when one ends; false (and
     * {@code start} is dropped) if {@code capacity} handshakes already run or wait. Whoever is started must call
     * {@link #leave()} exactly once when its handshake ends, however it ends.
     */
    public boolean enter(Runnable start) {
        synchronized (this) {
            if (running + waiting.size() >= capacity) {
                return false;
            }
            if (running >= concurrency) {
                waiting.addLast(start);
                return true;
            }
            running++;
        }
        start.run();
        return true;
    }

    /** A started handshake ended: the longest waiting one (if any) starts, on this thread. */
    public void leave() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                if (running == 0) {
                    throw new IllegalStateException("leave() without a started handshake");
                }
                running--;
                return;
            }
        }
        next.run();
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int waiting() {
        return waiting.size();
    }
}

package com.orbitlend.gateway.delivery;

/**
 * A token bucket for one session's client messages: {@code perSecond} on average, bursts up to {@code burst}.
 * Touched on the session's event loop only.
 */
public final class MessageRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public MessageRate(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = now;
    }

    /** Takes one message at {@code now} ({@link System#nanoTime()}); false if over the rate. */
    public boolean tryTake(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}

package com.orbitlend.gateway.delivery;

/** A cursor string that this gateway did not issue, or that was tampered with. */
public class InvalidCursorException extends Exception {

    public InvalidCursorException(String message) {
        super(message);
    }

    /** A cursor of the first protocol, whose event frames each carried the whole cursor. */
    public static final class Outdated extends InvalidCursorException {

        public Outdated() {
            super("cursor of the first protocol (v1); reload state and use the positions of this one");
        }
    }
}

package com.orbitlend.gateway.delivery;

/** A cursor string that this gateway did not issue, or that was tampered with. */
public class InvalidCursorException extends Exception {

    public InvalidCursorException(String message) {
        super(message);
    }
}

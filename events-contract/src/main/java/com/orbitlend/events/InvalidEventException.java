package com.orbitlend.events;

/** A record that does not follow the contract; consumers send it to a dead-letter topic with this message. */
public class InvalidEventException extends Exception {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

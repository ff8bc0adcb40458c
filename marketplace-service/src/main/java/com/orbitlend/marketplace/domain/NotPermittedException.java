package com.orbitlend.marketplace.domain;

/** An action on a note by a party that may not take it (answered 403). */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}

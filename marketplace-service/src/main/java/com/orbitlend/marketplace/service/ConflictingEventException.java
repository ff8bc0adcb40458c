package com.orbitlend.marketplace.service;

/** A well-formed event that contradicts the registered notes; it is dead-lettered, never applied. */
public class ConflictingEventException extends Exception {

    public ConflictingEventException(String message) {
        super(message);
    }
}

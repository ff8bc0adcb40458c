package com.orbitlend.marketplace.domain;

/** An action the note's current state does not allow (answered 409). */
public class NoteConflictException extends RuntimeException {

    public NoteConflictException(String message) {
        super(message);
    }
}

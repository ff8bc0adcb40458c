package com.orbitlend.gateway.protocol;

/** Codes of {@code error} frames; the connection stays open after each of them. */
enum ErrorCode {
    /** The message is not JSON. */
    INVALID_JSON("invalid_json"),
    /** JSON, but not an object with a string {@code type}, or a field is missing. */
    INVALID_MESSAGE("invalid_message"),
    /** A {@code type} the server does not know. */
    UNKNOWN_TYPE("unknown_type"),
    /** Larger than orbitlend.gateway.protocol.max-client-message-bytes. */
    MESSAGE_TOO_LARGE("message_too_large"),
    /** A refresh token that is invalid, expired, or of another subject; the old token stays in force. */
    INVALID_TOKEN("invalid_token"),
    /** Binary frames are not part of the protocol. */
    UNSUPPORTED_FRAME("unsupported_frame");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}

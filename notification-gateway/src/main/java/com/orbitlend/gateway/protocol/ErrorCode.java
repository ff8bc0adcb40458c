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
    UNSUPPORTED_FRAME("unsupported_frame"),
    /** (Un)subscribe: {@code channel} is not a string of the form user:, role: or public:&lt;name&gt;. */
    INVALID_CHANNEL("invalid_channel"),
    /** (Un)subscribe: another user's channel, a role the token lacks, or leaving the session's own channels. */
    FORBIDDEN_CHANNEL("forbidden_channel"),
    /** (Un)subscribe: a public channel that is not in orbitlend.gateway.public-channels. */
    UNKNOWN_CHANNEL("unknown_channel"),
    /** Subscribe: this replica does not read the notifications topic yet; try again shortly. */
    NOT_READY("not_ready"),
    /** More client messages than orbitlend.gateway.limits.messages-per-second (with its burst); this one was dropped. */
    RATE_LIMITED("rate_limited");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}

package com.orbitlend.gateway.delivery;

/** WebSocket close codes the gateway uses (4000-4999 is the application range). */
public final class CloseCodes {

    /** The client did not drain its outbound queue fast enough (I5); reconnect and resume with the cursor. */
    public static final int SLOW_CONSUMER = 4429;
    /** The access token expired and was not refreshed in-session (I6); reconnect with a fresh token. */
    public static final int TOKEN_EXPIRED = 4401;
    /** The configured number of pings in a row (heartbeat max-missed) went unanswered: no pong, no message. */
    public static final int HEARTBEAT_TIMEOUT = 4408;
    /** The user or the client address already holds the most connections a replica allows. */
    public static final int TOO_MANY_CONNECTIONS = 4409;
    /** The token's subject cannot name a channel. */
    public static final int POLICY_VIOLATION = 1008;
    /** A client message over the transport limit (quarkus.websockets-next.server.max-message-size). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Writing to (or reading from) the connection failed; the server gave up on it. */
    public static final int SEND_FAILED = 1011;
    /**
     * A paged replay could not go on (the archive unreadable or behind, or pruned past the session meanwhile):
     * everything sent so far is in order; reconnect and resume with the cursor. Also a Socket.IO CONNECT the handshake
     * gate turned away (too many handshakes running or waiting, or its own ran too long) or that came before the
     * replica reads the notifications topic ({@link #NOT_READING_YET}).
     */
    public static final int TRY_AGAIN_LATER = 1013;
    /**
     * Why a connection is turned away (503 on {@code /ws}, {@link #TRY_AGAIN_LATER} on Socket.IO) before the fan-out's
     * first assignment ({@link LiveFrontier#reading()}).
     */
    public static final String NOT_READING_YET = "this replica does not read notifications yet; connect again";
    /** The server is shutting down; reconnect (to another replica). */
    public static final int GOING_AWAY = 1001;

    private CloseCodes() {
    }
}

package com.orbitlend.gateway.socketio;

import com.orbitlend.gateway.delivery.ClientSession;

/**
 * One Engine.IO connection and the Socket.IO socket of the default namespace on it. Touched on the connection's
 * event loop only.
 */
final class EngineSocket {

    enum State { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    final String engineId;
    final String socketId;
    final EngineTransport transport;
    State state = State.AWAITING_CONNECT;
    /** Set once the CONNECT was accepted. */
    ClientSession session;
    long connectTimer = -1;
    /** CONNECT packets refused so far (each costs a token verification); a few more close the connection. */
    int refusedConnects;

    EngineSocket(String engineId, String socketId, EngineTransport transport) {
        this.engineId = engineId;
        this.socketId = socketId;
        this.transport = transport;
    }
}

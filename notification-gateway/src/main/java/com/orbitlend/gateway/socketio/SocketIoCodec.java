package com.orbitlend.gateway.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;

/**
 * The text packets of Engine.IO protocol 4 carrying Socket.IO protocol 5 (socket.io v4), over the WebSocket
 * transport: one packet per WebSocket text frame, first character the Engine.IO type, and for an Engine.IO
 * {@code message} (4) the Socket.IO packet after it: its type digit, an optional namespace ({@code /name,}), an
 * optional acknowledgement id (digits), then the JSON payload. Binary packets (types 5 and 6) are not supported.
 */
public final class SocketIoCodec {

    /** Engine.IO packet types. */
    public static final char OPEN = '0', CLOSE = '1', PING = '2', PONG = '3', MESSAGE = '4', UPGRADE = '5', NOOP = '6';

    /** Socket.IO packet types. */
    public static final int CONNECT = 0, DISCONNECT = 1, EVENT = 2, ACK = 3, CONNECT_ERROR = 4, BINARY_EVENT = 5,
            BINARY_ACK = 6;

    public static final String DEFAULT_NAMESPACE = "/";

    private SocketIoCodec() {
    }

    /** A packet from the client: {@code engineType}, and for a message the Socket.IO part. */
    public record Packet(char engineType, int type, String namespace, Long ackId, JsonNode data) {

        static Packet engine(char type) {
            return new Packet(type, -1, null, null, null);
        }

        public boolean isMessage() {
            return engineType == MESSAGE;
        }
    }

    /** The client's text frame could not be read as a packet. */
    public static final class MalformedPacketException extends Exception {

        public MalformedPacketException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one client text frame. */
    public static Packet decode(String text) throws MalformedPacketException {
        if (text.isEmpty()) {
            throw new MalformedPacketException("empty packet");
        }
        char engineType = text.charAt(0);
        if (engineType < OPEN || engineType > NOOP) {
            throw new MalformedPacketException("unknown Engine.IO packet type");
        }
        if (engineType != MESSAGE) {
            return Packet.engine(engineType);
        }
        if (text.length() < 2) {
            throw new MalformedPacketException("message without a Socket.IO packet");
        }
        int type = text.charAt(1) - '0';
        if (type < CONNECT || type > BINARY_ACK) {
            throw new MalformedPacketException("unknown Socket.IO packet type");
        }
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            throw new MalformedPacketException("binary packets are not supported");
        }
        int i = 2;
        String namespace = DEFAULT_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        Long ackId = null;
        int digits = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i > digits) {
            if (i - digits > 15) {
                throw new MalformedPacketException("acknowledgement id too long");
            }
            ackId = Long.parseLong(text, digits, i, 10);
        }
        JsonNode data = null;
        if (i < text.length()) {
            try {
                data = EventJson.mapper().readTree(text.substring(i));
            } catch (JsonProcessingException e) {
                throw new MalformedPacketException("payload is not JSON");
            }
        }
        if (type == EVENT && (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual())) {
            throw new MalformedPacketException("an event is an array starting with its name");
        }
        if (type == ACK && (data == null || !data.isArray() || ackId == null)) {
            throw new MalformedPacketException("an acknowledgement is an id and an array");
        }
        if (type == CONNECT && data != null && !data.isObject()) {
            throw new MalformedPacketException("CONNECT data must be an object");
        }
        return new Packet(MESSAGE, type, namespace, ackId, data);
    }

    /** Engine.IO {@code open}: the session id and the heartbeat the server keeps (milliseconds), no upgrades. */
    public static String open(String sid, long pingIntervalMillis, long pingTimeoutMillis, int maxPayload) {
        ObjectNode handshake = EventJson.mapper().createObjectNode();
        handshake.put("sid", sid);
        handshake.putArray("upgrades");
        handshake.put("pingInterval", pingIntervalMillis);
        handshake.put("pingTimeout", pingTimeoutMillis);
        handshake.put("maxPayload", maxPayload);
        return OPEN + handshake.toString();
    }

    public static String ping() {
        return String.valueOf(PING);
    }

    /** CONNECT answer in a namespace: the socket's id and its private session id (connection state recovery). */
    public static String connected(String sid, String pid) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        data.put("sid", sid);
        data.put("pid", pid);
        return "" + MESSAGE + CONNECT + data;
    }

    /** CONNECT_ERROR, in the default namespace or another ({@code /name,} prefix). */
    public static String connectError(String namespace, String message) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        data.put("message", message);
        return "" + MESSAGE + CONNECT_ERROR + namespacePrefix(namespace) + data;
    }

    /** The server ends the socket (the client does not reconnect by itself: "io server disconnect"). */
    public static String disconnect() {
        return "" + MESSAGE + DISCONNECT;
    }

    /** An event {@code [name, ...args]} in the default namespace. */
    public static String event(String name, JsonNode... args) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        array.add(name);
        for (JsonNode arg : args) {
            array.add(arg);
        }
        return "" + MESSAGE + EVENT + array;
    }

    /** The answer to an event the client sent with an acknowledgement id. */
    public static String ack(long id, JsonNode... args) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        for (JsonNode arg : args) {
            array.add(arg);
        }
        return "" + MESSAGE + ACK + id + array;
    }

    private static String namespacePrefix(String namespace) {
        return namespace == null || DEFAULT_NAMESPACE.equals(namespace) ? "" : namespace + ",";
    }
}

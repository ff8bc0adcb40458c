package com.orbitlend.gateway.socketio;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Requests to {@code /socket.io/} that are not an Engine.IO 4 WebSocket upgrade get HTTP 400 with an Engine.IO
 * error body, as a Socket.IO server answers an unknown transport: HTTP long-polling is not served, because its
 * requests of one session would have to reach the same replica (sticky sessions), and this gateway has none.
 */
@ApplicationScoped
class PollingRefusal {

    /** Engine.IO's error codes (the body of its HTTP 400 answers). */
    static final int TRANSPORT_UNKNOWN = 0, BAD_REQUEST = 3, UNSUPPORTED_PROTOCOL_VERSION = 5;

    void routes(@Observes Router router) {
        router.route("/socket.io/*").order(-100).handler(this::check);
    }

    private void check(RoutingContext context) {
        String eio = context.request().getParam("EIO");
        String transport = context.request().getParam("transport");
        if (!"4".equals(eio)) {
            refuse(context, UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: Engine.IO 4 (socket.io-client 3 and later) only");
        } else if (!"websocket".equals(transport)) {
            refuse(context, TRANSPORT_UNKNOWN, "Transport unknown: only the websocket transport is supported; "
                    + "connect with io(url, {transports: ['websocket']})");
        } else if (!"websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
            refuse(context, BAD_REQUEST, "Bad request: expected a WebSocket upgrade");
        } else {
            context.next();
        }
    }

    private static void refuse(RoutingContext context, int code, String message) {
        context.response().setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new io.vertx.core.json.JsonObject().put("code", code).put("message", message).encode());
    }
}

package com.orbitlend.gateway.routing;

/** A domain event that cannot be turned into notifications; the message is the dead-letter reason. */
public class RoutingException extends Exception {

    public RoutingException(String message) {
        super(message);
    }

    public RoutingException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.orbitlend.gateway.feed;

/** The caller's unread notifications over all of their channels. */
public record UnreadCount(long unread) {
}

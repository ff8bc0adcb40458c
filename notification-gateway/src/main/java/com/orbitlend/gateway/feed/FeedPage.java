package com.orbitlend.gateway.feed;

import java.util.List;

/** A page of the centre, newest first, and the caller's unread count over all of their channels. */
public record FeedPage(List<FeedItem> items, long unread) {
}

package com.orbitlend.gateway.feed;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The notification centre over REST (notification-gateway README, "Notification centre"): the caller's own
 * notifications ({@code user:<sub>} and {@code role:<group>}) from the archive, the unread count, marking read.
 */
@Path("/api/notifications")
@Authenticated
public class NotificationFeedResource {

    private final NotificationFeedService feed;
    private final JsonWebToken jwt;

    NotificationFeedResource(NotificationFeedService feed, JsonWebToken jwt) {
        this.feed = feed;
        this.jwt = jwt;
    }

    @GET
    public FeedPage list(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        return feed.page(Caller.of(jwt), FeedQuery.parse(limit, before));
    }

    @GET
    @Path("/unread-count")
    public UnreadCount unreadCount() {
        return feed.unread(Caller.of(jwt));
    }

    /** 204 whatever the ids name: ids of no notification of the caller are ignored, so nothing else leaks. */
    @POST
    @Path("/read")
    public void markRead(MarkReadRequest body) {
        Caller caller = Caller.of(jwt);
        if (MarkReadRequest.checkAll(body)) {
            feed.markAllRead(caller);
        } else {
            feed.markRead(caller, body.ids());
        }
    }
}

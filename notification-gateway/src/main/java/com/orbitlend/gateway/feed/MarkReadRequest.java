package com.orbitlend.gateway.feed;

import java.util.List;

/**
 * Body of {@code POST /api/notifications/read}: either {@code {"ids":[…]}} (1 to 500 notification ids) or
 * {@code {"all":true}}, never both.
 */
public record MarkReadRequest(List<String> ids, Boolean all) {

    static final int MAX_IDS = 500;
    /** Width of the archive's event_id column. */
    static final int MAX_ID_LENGTH = 100;

    /** Checks the body; returns whether it asks for everything. */
    static boolean checkAll(MarkReadRequest body) {
        if (body == null) {
            throw FeedQuery.badRequest("A body {\"ids\":[…]} or {\"all\":true} is required.");
        }
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.ids() != null)) {
            throw FeedQuery.badRequest("Send either ids or all:true, not both and not neither.");
        }
        if (!all) {
            if (body.ids().isEmpty() || body.ids().size() > MAX_IDS) {
                throw FeedQuery.badRequest("ids must hold 1 to " + MAX_IDS + " notification ids.");
            }
            for (String id : body.ids()) {
                if (!validId(id)) {
                    throw FeedQuery.badRequest("Each id must be a notification id (1 to " + MAX_ID_LENGTH
                            + " characters, no control characters).");
                }
            }
        }
        return all;
    }

    static boolean validId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        return id.chars().noneMatch(Character::isISOControl);
    }
}

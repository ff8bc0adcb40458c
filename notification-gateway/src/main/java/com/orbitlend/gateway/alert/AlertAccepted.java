package com.orbitlend.gateway.alert;

/** Answer to {@code POST /api/admin/simulate}: the id of the notification published. */
public record AlertAccepted(String id) {
}

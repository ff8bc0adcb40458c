package com.orbitlend.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.LoanFundedData;
import com.orbitlend.events.notification.LoanNewData;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Maps a domain event to the notifications of its audiences (the seed's Socket.IO events). Pure: the same
 * event always yields the same notifications with the same ids, so a redelivered event is recognisable.
 */
@ApplicationScoped
public class NotificationRouter {

    private static final Channel ADMINS = Channel.role("admin");

    public List<Notification> route(CloudEvent event) throws RoutingException {
        DomainEvent payload;
        try {
            payload = EventJson.payload(event);
        } catch (InvalidEventException e) {
            throw new RoutingException(e.getMessage(), e);
        }
        try {
            return map(event, payload);
        } catch (IllegalArgumentException e) {
            throw new RoutingException("Cannot route " + event.type() + ": " + e.getMessage(), e);
        }
    }

    private List<Notification> map(CloudEvent event, DomainEvent payload) throws RoutingException {
        Instant at = event.time();
        if (payload instanceof LoanRequested r) {
            LoanNewData loan = new LoanNewData(r.loanId(), r.userId(), r.amount(), r.asset(), r.purpose(),
                    r.collateral(), at);
            JsonNode loanJson = EventJson.mapper().valueToTree(loan);
            String message = "New loan request: " + r.amount().toPlainString() + " " + r.asset() + " from "
                    + r.userId();
            return List.of(
                    notification(event, ADMINS, ClientEvent.LOAN_NEW, loan),
                    notification(event, ADMINS, ClientEvent.ADMIN_NOTIFICATION,
                            new AdminNotificationData(AdminNotificationData.Type.LOAN_REQUEST, message, loanJson, at)));
        }
        if (payload instanceof LoanApproved a) {
            return List.of(notification(event, Channel.user(a.userId()), ClientEvent.LOAN_STATUS,
                    new LoanStatusData(a.loanId(), a.userId(), LoanStatusData.Status.APPROVED, a.amount(), null, at)));
        }
        if (payload instanceof LoanRejected r) {
            return List.of(notification(event, Channel.user(r.userId()), ClientEvent.LOAN_STATUS,
                    new LoanStatusData(r.loanId(), r.userId(), LoanStatusData.Status.REJECTED, null, r.reason(), at)));
        }
        if (payload instanceof LoanFunded f) {
            return List.of(notification(event, Channel.user(f.userId()), ClientEvent.LOAN_FUNDED,
                    new LoanFundedData(f.loanId(), f.userId(), f.txHash(), f.nftId(), f.amount(), at)));
        }
        throw new RoutingException("No notification route for event type " + event.type());
    }

    private static Notification notification(CloudEvent source, Channel channel, ClientEvent event, Record data) {
        String name = event.eventName();
        return new Notification(notificationId(source.id(), name, channel), channel.toString(), name,
                EventJson.mapper().valueToTree(data), source.time(), source.id());
    }

    /** Name-based (v3) UUID of the source event, client event and channel: stable across redeliveries. */
    static String notificationId(String sourceEventId, String eventName, Channel channel) {
        String key = sourceEventId + "|" + eventName + "|" + channel;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

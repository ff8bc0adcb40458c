package com.orbitlend.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.marketplace.LoanNoteTransferred;
import com.orbitlend.events.marketplace.LoanNoteWithdrawn;
import com.orbitlend.events.marketplace.RepaymentRecorded;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.KycStatusData;
import com.orbitlend.events.notification.LoanFundedData;
import com.orbitlend.events.notification.LoanNewData;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.MarketplaceUpdateData;
import com.orbitlend.events.notification.Notification;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Maps a domain event to the notifications of its audiences (the seed's Socket.IO events). Pure: the same
 * event always yields the same notifications with the same ids, so a redelivered event is recognisable.
 */
@ApplicationScoped
public class NotificationRouter {

    private static final Channel ADMINS = Channel.role("admin");
    /** Opt-in channel of marketplace activity; must be listed in orbitlend.gateway.public-channels. */
    public static final Channel MARKETPLACE = Channel.publicChannel("marketplace");

    public List<Notification> route(CloudEvent event) throws RoutingException {
        DomainEvent payload;
        try {
            payload = EventJson.payload(event);
        } catch (InvalidEventException e) {
            throw new RoutingException(e.getMessage(), e);
        }
        try {
            return map(event, payload);
        } catch (RuntimeException e) {
            // an invalid channel name, a field a payload record left null, a value Jackson cannot hold: whatever
            // the event holds, it is this event's fault and it is dead-lettered, never retried
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
        if (payload instanceof KycSubmitted k) {
            JsonNode subject = EventJson.mapper().createObjectNode().put("kycId", k.kycId()).put("userId", k.userId());
            return List.of(notification(event, ADMINS, ClientEvent.ADMIN_NOTIFICATION,
                    new AdminNotificationData(AdminNotificationData.Type.KYC_SUBMISSION,
                            "KYC submitted for review by " + k.userId(), subject, at)));
        }
        if (payload instanceof KycApproved a) {
            return List.of(notification(event, Channel.user(a.userId()), ClientEvent.KYC_STATUS,
                    new KycStatusData(a.userId(), KycStatusData.Status.APPROVED, null, at)));
        }
        if (payload instanceof KycRejected r) {
            return List.of(notification(event, Channel.user(r.userId()), ClientEvent.KYC_STATUS,
                    new KycStatusData(r.userId(), KycStatusData.Status.REJECTED, r.reason(), at)));
        }
        if (payload instanceof LoanNoteListed l) {
            return marketplace(event, new MarketplaceUpdateData(MarketplaceUpdateData.Type.NEW_LISTING, l.loanId(),
                    l.nftId(), l.price(), at), l.sellerId());
        }
        if (payload instanceof LoanNoteWithdrawn w) {
            return marketplace(event, new MarketplaceUpdateData(MarketplaceUpdateData.Type.LISTING_WITHDRAWN,
                    w.loanId(), w.nftId(), null, at), w.sellerId());
        }
        if (payload instanceof LoanNoteTransferred t) {
            return marketplace(event, new MarketplaceUpdateData(MarketplaceUpdateData.Type.OWNERSHIP_TRANSFER,
                    t.loanId(), t.nftId(), t.price(), at), t.sellerId(), t.buyerId());
        }
        if (payload instanceof RepaymentRecorded r) {
            return marketplace(event, new MarketplaceUpdateData(MarketplaceUpdateData.Type.REPAYMENT, r.loanId(),
                    r.nftId(), r.amount(), at), r.ownerId(), r.borrowerId());
        }
        throw new RoutingException("No notification route for event type " + event.type());
    }

    /**
     * A marketplace change goes to the public channel and to each user it concerns, once per channel (an owner
     * repaying their own loan, say). A seller may be the treasury ({@code user:treasury}): nobody logs in as it.
     */
    private static List<Notification> marketplace(CloudEvent event, MarketplaceUpdateData update, String... users) {
        Set<Channel> audience = new LinkedHashSet<>();
        audience.add(MARKETPLACE);
        for (String user : users) {
            audience.add(Channel.user(user));
        }
        return audience.stream()
                .map(channel -> notification(event, channel, ClientEvent.MARKETPLACE_UPDATE, update))
                .toList();
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

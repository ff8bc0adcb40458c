package com.orbitlend.kit.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Idempotent consumption: a consumer calls {@link #firstDelivery} inside the transaction that applies an event;
 * the event's id is recorded with the changes, so a redelivery is recognised and skipped.
 *
 * <pre>{@code
 * @Transactional
 * void on(CloudEvent event) {
 *     if (!inbox.firstDelivery("loan-service.kyc-projection", event.id())) {
 *         return; // already applied
 *     }
 *     ... apply ...
 * }
 * }</pre>
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager em;

    Inbox(EntityManager em) {
        this.em = em;
    }

    /**
     * Records that {@code consumer} processes {@code eventId} now.
     *
     * @return false if it was recorded before: the caller must not apply the event again
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return em.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId)
                ON CONFLICT (consumer, event_id) DO NOTHING""")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
    }
}

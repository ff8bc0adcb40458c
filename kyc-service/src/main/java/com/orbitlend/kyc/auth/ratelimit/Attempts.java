package com.orbitlend.kyc.auth.ratelimit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** SQL helpers shared by the throttles: advisory locks and counting recent rows. */
final class Attempts {

    /** Rows matching a condition since a cutoff: how many, and the latest time (null if none). */
    record Recent(long count, Instant latest) {
    }

    private Attempts() {
    }

    /** Serialises the caller's transaction with every other one taking the same key, on any instance. */
    static void lock(EntityManager em, String key) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) locked")
                .setParameter("key", key)
                .getSingleResult();
    }

    static Recent recent(EntityManager em, String table, String timeColumn, String condition,
            Map<String, Object> params, Instant cutoff) {
        Query query = em.createNativeQuery("SELECT count(*), max(" + timeColumn + ") FROM " + table + " WHERE "
                + condition + " AND " + timeColumn + " > :cutoff")
                .setParameter("cutoff", cutoff);
        params.forEach(query::setParameter);
        Object[] row = (Object[]) query.getSingleResult();
        return new Recent(((Number) row[0]).longValue(), instant(row[1]));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }
}

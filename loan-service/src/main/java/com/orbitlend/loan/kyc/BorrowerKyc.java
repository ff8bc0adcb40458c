package com.orbitlend.loan.kyc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One borrower's KYC status, projected from the KYC events. Changes only through {@link #apply}, which ignores
 * an event older than the one applied last. Event times come from the producer's database clock (service-kit's
 * outbox stamps them with kyc-service's {@code clock_timestamp()}), so one borrower's events are ordered by one
 * clock, in commit order, however many kyc-service instances record them.
 */
@Entity
@Table(name = "borrower_kyc")
public class BorrowerKyc extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public String userId;

    @Convert(converter = KycStatusConverter.class)
    @Column(nullable = false)
    public KycStatus status;

    @Column(name = "kyc_id", nullable = false)
    public String kycId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_event_time", nullable = false)
    public Instant lastEventTime;

    /**
     * Applies a KYC event of {@code eventTime} unless the borrower's status comes from a newer one.
     *
     * @return false if the event is older than the one applied last, and so ignored
     */
    public static boolean apply(String userId, KycStatus status, String kycId, Instant eventTime, Instant now) {
        // PostgreSQL keeps microseconds: compare what a later read returns
        Instant time = eventTime.truncatedTo(ChronoUnit.MICROS);
        BorrowerKyc kyc = BorrowerKyc.<BorrowerKyc>findByIdOptional(userId).orElse(null);
        if (kyc == null) {
            kyc = new BorrowerKyc();
            kyc.userId = userId;
        } else if (time.isBefore(kyc.lastEventTime)) {
            return false;
        }
        kyc.status = status;
        kyc.kycId = kycId;
        kyc.lastEventTime = time;
        kyc.updatedAt = now;
        kyc.persist();
        return true;
    }

    /** The borrower's status, {@link KycStatus#NONE} if none is known. */
    public static KycStatus statusOf(String userId) {
        return BorrowerKyc.<BorrowerKyc>findByIdOptional(userId).map(k -> k.status).orElse(KycStatus.NONE);
    }

    /**
     * The borrower's status, read with a share lock held until the transaction ends: a KYC event for this
     * borrower cannot be applied in between, so a decision based on it stays valid until commit.
     */
    public static KycStatus statusOfLocked(String userId) {
        return Optional.ofNullable(BorrowerKyc.<BorrowerKyc>findById(userId, LockModeType.PESSIMISTIC_READ))
                .map(k -> k.status).orElse(KycStatus.NONE);
    }

    /** The known statuses of these borrowers; borrowers without any are absent from the map. */
    public static Map<String, KycStatus> statusesOf(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        List<BorrowerKyc> found = list("userId in ?1", userIds);
        return found.stream().collect(Collectors.toMap(k -> k.userId, k -> k.status));
    }
}

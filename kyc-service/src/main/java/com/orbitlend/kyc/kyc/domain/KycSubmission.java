package com.orbitlend.kyc.kyc.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's KYC submission (personal details and document references) and its review. */
@Entity
@Table(name = "kyc_submission")
public class KycSubmission extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(name = "full_name", nullable = false, updatable = false)
    public String fullName;

    @Column(name = "date_of_birth", nullable = false, updatable = false)
    public LocalDate dateOfBirth;

    @Column(nullable = false, updatable = false)
    public String country;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "kyc_document", joinColumns = @JoinColumn(name = "kyc_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 100)
    public List<KycDocument> documents = new ArrayList<>();

    @Convert(converter = KycStatusConverter.class)
    @Column(nullable = false)
    public KycStatus status;

    @Column(name = "rejection_reason")
    public String rejectionReason;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "submitted_at", nullable = false, updatable = false)
    public Instant submittedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Version
    public long version;

    /** A new submission in status {@code submitted}. */
    public static KycSubmission submit(String userId, String fullName, LocalDate dateOfBirth, String country,
            List<KycDocument> documents, Instant now) {
        KycSubmission kyc = new KycSubmission();
        kyc.id = UUID.randomUUID();
        kyc.userId = userId;
        kyc.fullName = fullName;
        kyc.dateOfBirth = dateOfBirth;
        kyc.country = country;
        kyc.documents = new ArrayList<>(documents);
        kyc.status = KycStatus.SUBMITTED;
        kyc.submittedAt = now;
        return kyc;
    }

    public void approve(String admin, Instant now) {
        decide(KycStatus.APPROVED, "approve", admin, now);
    }

    public void reject(String reason, String admin, Instant now) {
        decide(KycStatus.REJECTED, "reject", admin, now);
        rejectionReason = reason;
    }

    /** Whether the user may submit again after this submission: only once it was rejected. */
    public boolean allowsResubmission() {
        return status == KycStatus.REJECTED;
    }

    private void decide(KycStatus target, String action, String admin, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(id.toString(), status, action);
        }
        status = target;
        decidedBy = admin;
        decidedAt = now;
    }

    /** The user's latest submission. */
    public static Optional<KycSubmission> current(String userId) {
        return find("userId", Sort.descending("submittedAt").and("id"), userId).firstResultOptional();
    }

    public static List<KycSubmission> page(Optional<KycStatus> status, Page page) {
        Sort newestFirst = Sort.descending("submittedAt").and("id");
        return status.map(s -> find("status", newestFirst, s))
                .orElseGet(() -> findAll(newestFirst))
                .page(page)
                .list();
    }

    public static long count(Optional<KycStatus> status) {
        return status.map(s -> count("status", s)).orElseGet(() -> count());
    }
}

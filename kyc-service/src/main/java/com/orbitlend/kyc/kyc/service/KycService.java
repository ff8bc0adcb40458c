package com.orbitlend.kyc.kyc.service;

import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.kit.outbox.Outbox;
import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.db.UniqueViolation;
import com.orbitlend.kyc.kyc.domain.IllegalTransitionException;
import com.orbitlend.kyc.kyc.domain.KycDocument;
import com.orbitlend.kyc.kyc.domain.KycStatus;
import com.orbitlend.kyc.kyc.domain.KycSubmission;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The KYC use cases. Each change and its event (ids only, never personal details) commit in one transaction
 * through the outbox; a refused change records no event. Concurrent reviews are settled by optimistic locking,
 * concurrent submissions of one user by a unique index on the user's active submission (both answered 409).
 */
@ApplicationScoped
@Transactional
public class KycService {

    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    KycService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What a user submits; validated by the API layer. */
    public record NewKyc(String fullName, LocalDate dateOfBirth, String country, List<KycDocument> documents) {
    }

    /** A page of submissions, newest first, and the total count matching the filter. */
    public record KycPage(List<KycSubmission> items, int page, int size, long total) {
    }

    /** A new submission; 409 unless the user has none or the latest was rejected. */
    public KycSubmission submit(String userId, NewKyc request) {
        KycSubmission.current(userId).filter(kyc -> !kyc.allowsResubmission()).ifPresent(kyc -> {
            throw ProblemException.conflict("a KYC submission is already " + kyc.status.wire()
                    + "; resubmission is only possible after a rejection");
        });
        KycSubmission kyc = KycSubmission.submit(userId, request.fullName(), request.dateOfBirth(),
                request.country(), request.documents(), now());
        try {
            kyc.persistAndFlush();
        } catch (PersistenceException e) {
            if (UniqueViolation.isCause(e)) {
                throw ProblemException.conflict("a KYC submission was made concurrently");
            }
            throw e;
        }
        outbox.record(new KycSubmitted(kyc.id.toString(), userId));
        return kyc;
    }

    /** The user's latest submission; 404 if none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public KycSubmission current(String userId) {
        return KycSubmission.current(userId)
                .orElseThrow(() -> ProblemException.notFound("no KYC submission yet"));
    }

    /** The status of the user's latest submission, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<KycStatus> currentStatus(String userId) {
        return KycSubmission.current(userId).map(kyc -> kyc.status);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public KycSubmission get(UUID id) {
        return load(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public KycPage list(Optional<KycStatus> status, int page, int size) {
        return new KycPage(KycSubmission.page(status, Page.of(page, size)), page, size,
                KycSubmission.count(status));
    }

    public KycSubmission approve(UUID id, String admin) {
        KycSubmission kyc = load(id);
        decide(() -> kyc.approve(admin, now()));
        KycSubmission.flush();
        outbox.record(new KycApproved(kyc.id.toString(), kyc.userId, admin));
        return kyc;
    }

    public KycSubmission reject(UUID id, String reason, String admin) {
        KycSubmission kyc = load(id);
        decide(() -> kyc.reject(reason, admin, now()));
        KycSubmission.flush();
        outbox.record(new KycRejected(kyc.id.toString(), kyc.userId, reason, admin));
        return kyc;
    }

    private static KycSubmission load(UUID id) {
        return KycSubmission.<KycSubmission>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("kyc " + id + " not found"));
    }

    private static void decide(Runnable transition) {
        try {
            transition.run();
        } catch (IllegalTransitionException e) {
            throw ProblemException.conflict(e.getMessage());
        }
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps responses equal to what a later read returns
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

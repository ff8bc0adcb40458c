package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.kyc.domain.KycSubmission;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A KYC submission as its owner and admins see it. Absent values (e.g. decidedAt while submitted) are null. */
public record KycResponse(String id, String userId, String fullName, LocalDate dateOfBirth, String country,
        List<Document> documents, String status, String rejectionReason, String decidedBy, Instant submittedAt,
        Instant decidedAt) {

    public record Document(String type, String reference) {
    }

    static KycResponse of(KycSubmission kyc) {
        return new KycResponse(kyc.id.toString(), kyc.userId, kyc.fullName, kyc.dateOfBirth, kyc.country,
                kyc.documents.stream().map(d -> new Document(d.type, d.reference)).toList(), kyc.status.wire(),
                kyc.rejectionReason, kyc.decidedBy, kyc.submittedAt, kyc.decidedAt);
    }
}

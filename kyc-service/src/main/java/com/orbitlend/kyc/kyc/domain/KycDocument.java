package com.orbitlend.kyc.kyc.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A document of a KYC submission: its kind ({@code passport}, {@code id_card}, {@code driving_licence},
 * {@code proof_of_address}) and the opaque id of the uploaded file.
 */
@Embeddable
public class KycDocument {

    public static final String TYPES = "passport|id_card|driving_licence|proof_of_address";

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String reference;

    protected KycDocument() {
    }

    public KycDocument(String type, String reference) {
        this.type = type;
        this.reference = reference;
    }
}

package com.orbitlend.kyc.kyc.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link KycStatus} by its lower-case wire name. */
@Converter
public class KycStatusConverter implements AttributeConverter<KycStatus, String> {

    @Override
    public String convertToDatabaseColumn(KycStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public KycStatus convertToEntityAttribute(String value) {
        return value == null ? null : KycStatus.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("Unknown KYC status in database: " + value));
    }
}

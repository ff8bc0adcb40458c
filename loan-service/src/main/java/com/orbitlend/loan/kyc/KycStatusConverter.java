package com.orbitlend.loan.kyc;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;

/** Stores {@link KycStatus} by its lower-case wire name. */
@Converter
public class KycStatusConverter implements AttributeConverter<KycStatus, String> {

    @Override
    public String convertToDatabaseColumn(KycStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public KycStatus convertToEntityAttribute(String value) {
        return value == null ? null : Arrays.stream(KycStatus.values())
                .filter(s -> s != KycStatus.NONE && s.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown KYC status in database: " + value));
    }
}

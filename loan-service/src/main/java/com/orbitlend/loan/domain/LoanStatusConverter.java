package com.orbitlend.loan.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link LoanStatus} by its lower-case wire name. */
@Converter
public class LoanStatusConverter implements AttributeConverter<LoanStatus, String> {

    @Override
    public String convertToDatabaseColumn(LoanStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public LoanStatus convertToEntityAttribute(String value) {
        return value == null ? null : LoanStatus.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("Unknown loan status in database: " + value));
    }
}

package com.orbitlend.marketplace.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link NoteStatus} by its lower-case wire name. */
@Converter
public class NoteStatusConverter implements AttributeConverter<NoteStatus, String> {

    @Override
    public String convertToDatabaseColumn(NoteStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public NoteStatus convertToEntityAttribute(String value) {
        return value == null ? null : NoteStatus.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("Unknown note status in database: " + value));
    }
}

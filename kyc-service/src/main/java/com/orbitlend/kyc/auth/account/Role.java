package com.orbitlend.kyc.auth.account;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.Locale;

/** An account's role; stored and issued (as the single {@code groups} entry) by its lower-case name. */
public enum Role {

    USER, ADMIN;

    /** The name in the database and in the {@code groups} claim. */
    public String group() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stores a {@link Role} by its group name. */
    @Converter
    public static class DbConverter implements AttributeConverter<Role, String> {

        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.group();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Arrays.stream(values()).filter(r -> r.group().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown role in database: " + value));
        }
    }
}

package com.orbitlend.marketplace.api;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;

/** Body of {@code POST /api/marketplace/notes/{nftId}/listing}: the asking price, in the note's asset. */
public record ListingRequest(@NotNull @Positive @Digits(integer = 30, fraction = 8) BigDecimal price) {
}

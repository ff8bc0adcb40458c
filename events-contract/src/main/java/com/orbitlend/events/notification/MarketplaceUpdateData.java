package com.orbitlend.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbitlend.events.Require;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Payload of {@code marketplace:update}: {@code amount} is the price (new_listing, ownership_transfer) or the
 * repaid amount (repayment); a withdrawn listing (listing_withdrawn, an addition to the original three types)
 * has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarketplaceUpdateData(Type type, String loanId, String nftId, BigDecimal amount, Instant timestamp) {

    public enum Type {
        @JsonProperty("new_listing") NEW_LISTING,
        @JsonProperty("listing_withdrawn") LISTING_WITHDRAWN,
        @JsonProperty("ownership_transfer") OWNERSHIP_TRANSFER,
        @JsonProperty("repayment") REPAYMENT
    }

    public MarketplaceUpdateData {
        Require.present(type, "type");
        Require.text(loanId, "loanId");
        Require.present(timestamp, "timestamp");
    }
}

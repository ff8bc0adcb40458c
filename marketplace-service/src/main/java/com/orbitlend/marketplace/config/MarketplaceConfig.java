package com.orbitlend.marketplace.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the marketplace. */
@ConfigMapping(prefix = "orbitlend.marketplace")
public interface MarketplaceConfig {

    /** Owner id of the platform treasury, to which every funded loan's note is minted; admins act for it. */
    @WithDefault("treasury")
    String treasuryOwner();

    /** Asset of notes whose funding event names none (events published before LoanFunded had an asset). */
    @WithDefault("USDC")
    String defaultAsset();

    /** Consumption of the loan events. */
    Ingest ingest();

    /** Retries of a loan event whose processing failed for a reason other than its content. */
    interface Ingest {

        /** Attempts at one record before the channel fails (its offset is then not committed). */
        @WithDefault("5")
        int maxAttempts();

        /** Pause after the first failed attempt; doubles on each further failure up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}

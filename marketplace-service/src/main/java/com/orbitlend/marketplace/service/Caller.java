package com.orbitlend.marketplace.service;

/**
 * Who calls: the token subject, and whether they are an admin. Admins act for the treasury: they list,
 * withdraw and buy as its owner id.
 */
public record Caller(String subject, boolean admin) {

    /** The owner id this caller acts as. */
    String party(String treasuryOwner) {
        return admin ? treasuryOwner : subject;
    }
}

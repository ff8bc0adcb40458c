package com.orbitlend.kyc.auth.api;

import java.util.Set;

/**
 * The caller's account. {@code kycStatus} is that of the latest KYC submission ({@code submitted},
 * {@code approved}, {@code rejected}) or {@code none}.
 */
public record MeResponse(String id, String username, Set<String> groups, String kycStatus) {
}

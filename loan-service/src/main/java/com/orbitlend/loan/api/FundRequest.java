package com.orbitlend.loan.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/admin/loans/{id}/fund}: the transfer transaction (any letter case; stored lower-case, so
 * one transfer funds one loan however it is written) and the minted loan-note NFT.
 */
public record FundRequest(
        @NotNull @Pattern(regexp = "^0x[0-9a-fA-F]{64}$", message = "must be 0x followed by 64 hex digits")
        String txHash,
        @NotBlank @Size(max = 255) String nftId) {
}

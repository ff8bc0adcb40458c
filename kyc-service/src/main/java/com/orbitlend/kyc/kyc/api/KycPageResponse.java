package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.kyc.service.KycService;

import java.util.List;

/** One page of KYC submissions, newest first; {@code total} counts all matching the filter. */
public record KycPageResponse(List<KycResponse> items, int page, int size, long total) {

    static KycPageResponse of(KycService.KycPage page) {
        return new KycPageResponse(page.items().stream().map(KycResponse::of).toList(), page.page(), page.size(),
                page.total());
    }
}

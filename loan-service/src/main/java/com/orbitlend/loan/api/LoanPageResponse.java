package com.orbitlend.loan.api;

import com.orbitlend.loan.service.LoanService;

import java.util.List;

/** One page of loans, newest first; {@code total} counts all loans matching the filter. */
public record LoanPageResponse(List<LoanResponse> items, int page, int size, long total) {

    static LoanPageResponse of(LoanService.LoanPage page) {
        return new LoanPageResponse(page.items().stream().map(LoanResponse::of).toList(), page.page(), page.size(),
                page.total());
    }
}

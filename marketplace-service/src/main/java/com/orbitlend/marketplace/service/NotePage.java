package com.orbitlend.marketplace.service;

import com.orbitlend.marketplace.domain.LoanNote;

import java.util.List;

/** A page of notes and the total count of notes matching the query. */
public record NotePage(List<LoanNote> items, int page, int size, long total) {
}

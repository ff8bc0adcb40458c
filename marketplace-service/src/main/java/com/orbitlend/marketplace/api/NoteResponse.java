package com.orbitlend.marketplace.api;

import com.orbitlend.kit.money.Amounts;
import com.orbitlend.marketplace.domain.LoanNote;

import java.math.BigDecimal;
import java.time.Instant;

/** A loan note's public market data. {@code price} and {@code listedAt} are null unless it is listed. */
public record NoteResponse(String nftId, String loanId, String owner, String status, BigDecimal price,
        String asset, BigDecimal principal, BigDecimal outstanding, Instant listedAt, Instant updatedAt) {

    static NoteResponse of(LoanNote note) {
        return new NoteResponse(note.nftId, note.loanId, note.ownerId, note.status.wire(),
                Amounts.normalize(note.price), note.asset, Amounts.normalize(note.principal),
                Amounts.normalize(note.outstanding), note.listedAt, note.updatedAt);
    }
}

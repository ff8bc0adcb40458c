package com.orbitlend.marketplace.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoanNoteTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static LoanNote note() {
        return LoanNote.register("loan-1", "nft-1", "borrower", "treasury", new BigDecimal("1000"), "USDC", T0);
    }

    private static LoanNote listed(String price) {
        LoanNote note = note();
        note.list("treasury", new BigDecimal(price), T0);
        return note;
    }

    @Test
    void registeredNoteIsHeldByItsOwnerWithEverythingOutstanding() {
        LoanNote note = note();
        assertThat(note.status).isEqualTo(NoteStatus.HELD);
        assertThat(note.ownerId).isEqualTo("treasury");
        assertThat(note.borrowerId).isEqualTo("borrower");
        assertThat(note.outstanding).isEqualByComparingTo(note.principal).isEqualByComparingTo("1000");
        assertThat(note.price).isNull();
        assertThat(note.id).isNotNull();
    }

    @Test
    void ownerListsAtAPrice() {
        LoanNote note = note();
        note.list("treasury", new BigDecimal("950"), T1);
        assertThat(note.status).isEqualTo(NoteStatus.LISTED);
        assertThat(note.price).isEqualByComparingTo("950");
        assertThat(note.listedAt).isEqualTo(T1);
        assertThat(note.updatedAt).isEqualTo(T1);
    }

    @Test
    void onlyTheOwnerMayListOrWithdraw() {
        LoanNote held = note();
        assertThatThrownBy(() -> held.list("someone", BigDecimal.TEN, T1))
                .isInstanceOf(NotPermittedException.class).hasMessageContaining("only the owner");
        LoanNote listed = listed("10");
        assertThatThrownBy(() -> listed.withdraw("someone", T1)).isInstanceOf(NotPermittedException.class);
        assertThat(listed.status).isEqualTo(NoteStatus.LISTED);
    }

    @Test
    void permissionIsCheckedBeforeState() {
        LoanNote listed = listed("10");
        assertThatThrownBy(() -> listed.list("someone", BigDecimal.TEN, T1)).isInstanceOf(NotPermittedException.class);
    }

    @Test
    void aListedNoteCannotBeListedAgain() {
        LoanNote note = listed("10");
        assertThatThrownBy(() -> note.list("treasury", BigDecimal.ONE, T1))
                .isInstanceOf(NoteConflictException.class).hasMessage("note nft-1 is already listed");
        assertThat(note.price).isEqualByComparingTo("10");
    }

    @Test
    void withdrawEndsTheListing() {
        LoanNote note = listed("10");
        note.withdraw("treasury", T1);
        assertThat(note.status).isEqualTo(NoteStatus.HELD);
        assertThat(note.price).isNull();
        assertThat(note.listedAt).isNull();
        assertThatThrownBy(() -> note.withdraw("treasury", T1))
                .isInstanceOf(NoteConflictException.class).hasMessage("note nft-1 is not listed");
    }

    @Test
    void purchaseMovesOwnershipAndEndsTheListing() {
        LoanNote note = listed("900");
        LoanNote.Sale sale = note.purchase("buyer", T1);
        assertThat(sale).isEqualTo(new LoanNote.Sale("treasury", "buyer", new BigDecimal("900")));
        assertThat(note.ownerId).isEqualTo("buyer");
        assertThat(note.status).isEqualTo(NoteStatus.HELD);
        assertThat(note.price).isNull();
        assertThat(note.isOwnedBy("buyer")).isTrue();
    }

    @Test
    void unlistedNoteCannotBeBought() {
        LoanNote note = note();
        assertThatThrownBy(() -> note.purchase("buyer", T1))
                .isInstanceOf(NoteConflictException.class).hasMessage("note nft-1 is not listed");
        assertThat(note.ownerId).isEqualTo("treasury");
    }

    @Test
    void ownerCannotBuyTheirOwnListing() {
        LoanNote note = listed("10");
        assertThatThrownBy(() -> note.purchase("treasury", T1))
                .isInstanceOf(NoteConflictException.class).hasMessageContaining("listed by the buyer itself");
        assertThat(note.status).isEqualTo(NoteStatus.LISTED);
    }

    @Test
    void repaymentReducesOutstandingAndKeepsTheOwner() {
        LoanNote note = note();
        assertThat(note.repay("borrower", new BigDecimal("250.5"), T1)).isFalse();
        assertThat(note.outstanding).isEqualByComparingTo("749.5");
        assertThat(note.status).isEqualTo(NoteStatus.HELD);
        assertThat(note.ownerId).isEqualTo("treasury");
    }

    @Test
    void onlyTheBorrowerRepays() {
        LoanNote note = note();
        assertThatThrownBy(() -> note.repay("treasury", BigDecimal.ONE, T1))
                .isInstanceOf(NotPermittedException.class).hasMessageContaining("only the borrower");
        assertThat(note.outstanding).isEqualByComparingTo("1000");
    }

    @Test
    void repayingMoreThanOutstandingIsAConflict() {
        LoanNote note = note();
        assertThatThrownBy(() -> note.repay("borrower", new BigDecimal("1000.00000001"), T1))
                .isInstanceOf(NoteConflictException.class)
                .hasMessage("note nft-1 has 1000 outstanding; cannot repay 1000.00000001");
        assertThat(note.outstanding).isEqualByComparingTo("1000");
    }

    @Test
    void lastRepaymentMakesTheNoteRepaidAndEndsItsListing() {
        LoanNote note = listed("10");
        assertThat(note.repay("borrower", new BigDecimal("400"), T1)).isFalse();
        assertThat(note.status).isEqualTo(NoteStatus.LISTED);
        assertThat(note.repay("borrower", new BigDecimal("600"), T1)).as("ended the listing").isTrue();
        assertThat(note.status).isEqualTo(NoteStatus.REPAID);
        assertThat(note.outstanding).isZero();
        assertThat(note.price).isNull();
        assertThat(note.listedAt).isNull();
    }

    @Test
    void aRepaidNoteCannotBeListedBoughtOrRepaid() {
        LoanNote note = note();
        assertThat(note.repay("borrower", new BigDecimal("1000"), T1)).as("no listing to end").isFalse();
        assertThatThrownBy(() -> note.list("treasury", BigDecimal.TEN, T1))
                .isInstanceOf(NoteConflictException.class).hasMessageContaining("fully repaid");
        assertThatThrownBy(() -> note.purchase("buyer", T1)).isInstanceOf(NoteConflictException.class);
        assertThatThrownBy(() -> note.repay("borrower", BigDecimal.ONE, T1))
                .isInstanceOf(NoteConflictException.class).hasMessageContaining("fully repaid");
    }
}

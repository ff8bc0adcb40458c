package com.orbitlend.marketplace.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.orbitlend.marketplace.domain.NoteStatus.HELD;
import static com.orbitlend.marketplace.domain.NoteStatus.LISTED;
import static com.orbitlend.marketplace.domain.NoteStatus.REPAID;
import static org.assertj.core.api.Assertions.assertThat;

class NoteStatusTest {

    private static final Map<NoteStatus, Set<NoteStatus>> LEGAL = Map.of(
            HELD, EnumSet.of(LISTED, REPAID),
            LISTED, EnumSet.of(HELD, REPAID),
            REPAID, EnumSet.noneOf(NoteStatus.class));

    @ParameterizedTest
    @EnumSource(NoteStatus.class)
    void everyPairIsLegalExactlyWhenTheLifecycleSaysSo(NoteStatus from) {
        for (NoteStatus to : NoteStatus.values()) {
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(LEGAL.get(from).contains(to));
        }
    }

    @ParameterizedTest
    @EnumSource(NoteStatus.class)
    void wireNamesRoundTrip(NoteStatus status) {
        assertThat(NoteStatus.fromWire(status.wire())).contains(status);
        assertThat(new NoteStatusConverter().convertToEntityAttribute(
                new NoteStatusConverter().convertToDatabaseColumn(status))).isEqualTo(status);
    }

    @Test
    void unknownWireNameIsEmpty() {
        assertThat(NoteStatus.fromWire("LISTED")).isEmpty();
        assertThat(NoteStatus.fromWire(null)).isEmpty();
    }
}

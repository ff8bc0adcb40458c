package com.orbitlend.gateway.ingest;

import com.orbitlend.events.InvalidEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordVerdictsTest {

    private final RecordVerdicts verdicts = new RecordVerdicts();

    @Test
    void theArchiverTakesTheFanOutsVerdictOnTheIdenticalRecordOnce() {
        InvalidEventException refused = new InvalidEventException("Unknown event 'x'");
        verdicts.put(0, 7, "{\"a\":1}", refused);

        assertThat(verdicts.take(0, 7, "{\"a\":1}")).isSameAs(refused);
        assertThat(verdicts.take(0, 7, "{\"a\":1}")).isNull();
    }

    @Test
    void anotherValueAtTheSameOffsetIsCheckedAgain() {
        // e.g. the topic was deleted and created again: offsets start over with other records
        verdicts.put(0, 7, "{\"a\":1}", "verdict");

        assertThat(verdicts.take(0, 7, "{\"a\":2}")).isNull();
        assertThat(verdicts.take(1, 7, "{\"a\":1}")).isNull();
        assertThat(verdicts.take(0, 8, "{\"a\":1}")).isNull();
    }

    @Test
    void keepsOnlyTheLatestVerdictsOfEachPartition() {
        for (long offset = 0; offset < RecordVerdicts.PER_PARTITION + 10; offset++) {
            verdicts.put(2, offset, "v" + offset, "verdict " + offset);
        }
        verdicts.put(1, 0, "v0", "other partition");

        assertThat(verdicts.take(2, 9, "v9")).isNull();
        assertThat(verdicts.take(2, 10, "v10")).isEqualTo("verdict 10");
        assertThat(verdicts.take(2, RecordVerdicts.PER_PARTITION + 9, "v" + (RecordVerdicts.PER_PARTITION + 9)))
                .isEqualTo("verdict " + (RecordVerdicts.PER_PARTITION + 9));
        assertThat(verdicts.take(1, 0, "v0")).isEqualTo("other partition");
    }
}

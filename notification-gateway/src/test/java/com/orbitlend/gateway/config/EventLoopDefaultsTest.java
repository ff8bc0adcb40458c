package com.orbitlend.gateway.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event-loop default: found through the service loader, one loop per processor, overridden by anything else. */
class EventLoopDefaultsTest {

    @Test
    void discoveredAsAConfigSourceItGivesOneEventLoopPerAvailableProcessor() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources().build();

        assertThat(config.getValue(EventLoopDefaults.EVENT_LOOPS, Integer.class))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.getConfigValue(EventLoopDefaults.EVENT_LOOPS).getSourceName())
                .isEqualTo(new EventLoopDefaults().getName());
    }

    @Test
    void aValueSetInTheApplicationsPropertiesOrTheEnvironmentWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources()
                .withSources(new PropertiesConfigSource(Map.of(EventLoopDefaults.EVENT_LOOPS, "7"), "application", 250))
                .build();

        assertThat(config.getValue(EventLoopDefaults.EVENT_LOOPS, Integer.class)).isEqualTo(7);
    }

    @Test
    void answersForItsOwnPropertyOnly() {
        EventLoopDefaults defaults = new EventLoopDefaults();

        assertThat(defaults.getValue("quarkus.vertx.worker-pool-size")).isNull();
        assertThat(defaults.getPropertyNames()).containsExactly(EventLoopDefaults.EVENT_LOOPS);
        assertThat(defaults.getOrdinal()).isLessThan(250);
    }
}

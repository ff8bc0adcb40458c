package com.orbitlend.gateway.ingest;

import com.orbitlend.kit.outbox.OutboxProducers;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain Kafka consumer's loop on a daemon thread of its own (the fan-out's, the router's): whether it runs, its
 * backoff, and how it stops: the consumer is woken up, the thread given a second, then interrupted (it may be
 * waiting for an event loop or an acknowledgement rather than in a poll) and given nine more.
 */
final class PollingThread {

    private final String name;
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private Thread thread;

    PollingThread(String name) {
        this.name = name;
    }

    /** The settings every plain client of the gateway starts from: broker and connection (security, SASL, SSL). */
    static Map<String, Object> clientSettings(Map<String, Object> kafkaConfig) {
        Map<String, Object> settings = new HashMap<>(OutboxProducers.connectionSettings(kafkaConfig));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        return settings;
    }

    /** Running, with this consumer to wake at stop, but no thread: unit tests drive the loop's steps on theirs. */
    void prepare(Consumer<?, ?> reader) {
        consumer = reader;
        running = true;
    }

    /** Runs {@code loop} on the thread, which should poll while {@link #running()}. */
    void start(Consumer<?, ?> reader, Runnable loop) {
        prepare(reader);
        thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() {
        return running;
    }

    /**
     * Sleeps for {@code pause}; an interrupt (shutdown) ends the loop, and the thread's interrupt flag is set again.
     */
    void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    void stop() throws InterruptedException {
        running = false;
        Consumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(1).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(9).toMillis());
            }
        }
    }
}

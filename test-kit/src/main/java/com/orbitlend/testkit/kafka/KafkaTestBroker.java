package com.orbitlend.testkit.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One real Apache Kafka broker (KRaft, combined broker + controller) per test JVM, started on first use
 * and closed when the JVM exits. Topics are auto-created with three partitions, so keyed ordering is
 * exercised across partitions as in production.
 */
public final class KafkaTestBroker {

    private static KafkaClusterTestKit cluster;

    private KafkaTestBroker() {
    }

    /** Starts the broker if needed and returns its bootstrap address. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestBroker::stop, "kafka-test-broker-stop"));
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
        // Kafka's test utilities register JVM shutdown hooks that delete the broker's directories, racing with
        // our orderly close: a broker that finds its files gone halts the JVM with status 1, and Surefire then
        // reports the whole (green) run as a crashed fork. The kit deletes its directories on close anyway, and a
        // broker's fatal error must fail the tests, not kill the JVM.
        Exit.setShutdownHookAdder((name, runnable) -> { });
        Exit.setHaltProcedure((status, message) -> System.err.println("Test Kafka broker wanted to halt ("
                + status + "): " + message));
        Exit.setExitProcedure((status, message) -> System.err.println("Test Kafka broker wanted to exit ("
                + status + "): " + message));
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // the kit otherwise picks the newest, possibly unstable, metadata version
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build())
                    .setConfigProp("num.partitions", 3)
                    .setConfigProp("auto.create.topics.enable", true)
                    .setConfigProp("offsets.topic.replication.factor", (short) 1)
                    .setConfigProp("offsets.topic.num.partitions", 3)
                    .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.min.isr", 1)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .setDeleteOnClose(true)
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the test Kafka broker", e);
        }
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting; the kit deletes its temporary directories on close
            }
            cluster = null;
        }
    }
}

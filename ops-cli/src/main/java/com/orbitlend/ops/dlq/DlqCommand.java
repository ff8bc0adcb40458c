package com.orbitlend.ops.dlq;

import com.orbitlend.events.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code bin/orbitlend dlq list|show|redrive}: the operators' view of {@value Topics#NOTIFICATIONS_DLQ}.
 *
 * <pre>
 * dlq list [--source TOPIC] [--limit N]         one line per letter: position, time, source, consumer, reason
 * dlq show PARTITION:OFFSET                     one letter in full: headers, key, value
 * dlq redrive PARTITION:OFFSET... [--dry-run]   re-publish these letters to their source topic
 * dlq redrive --all [--source TOPIC] [--dry-run]
 * options: --bootstrap HOST:PORT (default $ORBITLEND_KAFKA_BOOTSTRAP, else 127.0.0.1:9092)
 *          --command-config FILE (client properties: security.protocol, sasl.*, ssl.*)
 * </pre>
 *
 * Exit status: 0 done, 1 refused (a letter that cannot be redriven, unknown position), 2 usage.
 */
public final class DlqCommand {

    private final PrintStream out;
    private final PrintStream err;

    DlqCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new DlqCommand(System.out, System.err).run(args, System.getenv()));
    }

    int run(String[] args, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("dlq: " + e.getMessage());
            err.println("usage: dlq list [--source TOPIC] [--limit N] | show PARTITION:OFFSET"
                    + " | redrive (PARTITION:OFFSET... | --all [--source TOPIC]) [--dry-run]"
                    + "  [--bootstrap HOST:PORT] [--command-config FILE]");
            return 2;
        }
        try {
            DeadLetterTopic topic = new DeadLetterTopic(options.client());
            return switch (options.command) {
                case "list" -> list(topic.readAll(), options);
                case "show" -> show(topic.readAll(), options);
                default -> redrive(topic, options);
            };
        } catch (IOException | RuntimeException e) {
            err.println("dlq: " + e.getMessage());
            return 1;
        }
    }

    private int list(List<DeadLetter> all, Options options) {
        List<DeadLetter> letters = options.selectBySource(all);
        int shown = 0;
        for (DeadLetter letter : letters) {
            if (shown++ == options.limit) {
                out.printf("... %d more (--limit)%n", letters.size() - options.limit);
                break;
            }
            out.printf("%-10s %s  %-40s %-36s %s%n", letter.position(), letter.time(), letter.source(),
                    letter.consumer(), oneLine(letter.reason(), 160));
        }
        Map<String, Integer> bySource = new TreeMap<>();
        letters.forEach(l -> bySource.merge(l.sourceTopic().orElse("?") + " (" + l.consumer() + ")", 1, Integer::sum));
        out.printf("%d dead letters in %s%n", letters.size(), Topics.NOTIFICATIONS_DLQ);
        bySource.forEach((source, count) -> out.printf("  %6d from %s%n", count, source));
        return 0;
    }

    private int show(List<DeadLetter> all, Options options) {
        if (options.positions.size() != 1) {
            throw new IllegalArgumentException("show takes one PARTITION:OFFSET");
        }
        Optional<DeadLetter> found = find(all, options.positions.get(0));
        if (found.isEmpty()) {
            err.println("dlq: no dead letter at " + options.positions.get(0));
            return 1;
        }
        DeadLetter letter = found.get();
        out.println("position   " + letter.position() + " of " + Topics.NOTIFICATIONS_DLQ);
        out.println("time       " + letter.time());
        out.println("headers");
        for (Header h : letter.headers()) {
            out.println("  " + h.key() + ": " + DeadLetter.printable(h.value()));
        }
        out.println("key        " + DeadLetter.printable(letter.key()));
        out.println("value      " + DeadLetter.printable(letter.value()));
        out.println("redrive    " + letter.notRedrivable().map(why -> "no: " + why)
                .orElse("yes, to " + letter.sourceTopic().orElseThrow()));
        return 0;
    }

    private int redrive(DeadLetterTopic topic, Options options) {
        List<DeadLetter> all = topic.readAll();
        List<DeadLetter> chosen = new ArrayList<>();
        if (options.all) {
            for (DeadLetter letter : options.selectBySource(all)) {
                Optional<String> why = letter.notRedrivable();
                if (why.isPresent()) {
                    out.println("skipped " + letter.position() + ": " + why.get());
                } else {
                    chosen.add(letter);
                }
            }
        } else {
            // all or nothing: every position must exist and be redrivable before anything is sent
            for (String position : options.positions) {
                Optional<DeadLetter> letter = find(all, position);
                if (letter.isEmpty()) {
                    err.println("dlq: no dead letter at " + position + "; nothing redriven");
                    return 1;
                }
                Optional<String> why = letter.get().notRedrivable();
                if (why.isPresent()) {
                    err.println("dlq: cannot redrive " + position + ": " + why.get() + "; nothing redriven");
                    return 1;
                }
                chosen.add(letter.get());
            }
        }
        if (options.dryRun) {
            chosen.forEach(l -> out.println("would redrive " + l.position() + " -> " + l.sourceTopic().orElseThrow()));
            out.printf("%d to redrive (dry run, nothing sent)%n", chosen.size());
            return 0;
        }
        List<RecordMetadata> landed = topic.redrive(chosen);
        for (int i = 0; i < chosen.size(); i++) {
            RecordMetadata m = landed.get(i);
            out.printf("redriven %s -> %s-%d@%d%n", chosen.get(i).position(), m.topic(), m.partition(), m.offset());
        }
        out.printf("%d redriven; the dead letters stay in %s (consumers skip repeated event ids)%n", landed.size(),
                Topics.NOTIFICATIONS_DLQ);
        return 0;
    }

    private static Optional<DeadLetter> find(List<DeadLetter> all, String position) {
        return all.stream().filter(l -> l.position().equals(position)).findFirst();
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    /** Parsed command line. */
    static final class Options {
        String command;
        final List<String> positions = new ArrayList<>();
        boolean all;
        boolean dryRun;
        String source;
        int limit = 100;
        String bootstrap;
        Path commandConfig;

        static Options parse(String[] args, Map<String, String> env) {
            Options o = new Options();
            if (args.length == 0 || !List.of("list", "show", "redrive").contains(args[0])) {
                throw new IllegalArgumentException("a command is needed: list, show or redrive");
            }
            o.command = args[0];
            o.bootstrap = env.getOrDefault("ORBITLEND_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--all" -> o.all = true;
                    case "--dry-run" -> o.dryRun = true;
                    case "--source" -> o.source = value(args, ++i, a);
                    case "--limit" -> o.limit = Integer.parseInt(value(args, ++i, a));
                    case "--bootstrap" -> o.bootstrap = value(args, ++i, a);
                    case "--command-config" -> o.commandConfig = Path.of(value(args, ++i, a));
                    default -> {
                        if (!a.matches("\\d+:\\d+")) {
                            throw new IllegalArgumentException("unknown argument " + a
                                    + " (positions are PARTITION:OFFSET, as dlq list prints them)");
                        }
                        o.positions.add(a);
                    }
                }
            }
            if (o.command.equals("redrive") && o.all == !o.positions.isEmpty()) {
                throw new IllegalArgumentException("redrive takes PARTITION:OFFSET... or --all (not both)");
            }
            if (o.command.equals("show") && o.positions.size() != 1) {
                throw new IllegalArgumentException("show takes one PARTITION:OFFSET");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        Properties client() throws IOException {
            Properties props = new Properties();
            if (commandConfig != null) {
                try (InputStream in = Files.newInputStream(commandConfig)) {
                    props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "orbitlend-dlq");
            return props;
        }

        List<DeadLetter> selectBySource(List<DeadLetter> letters) {
            return source == null ? letters
                    : letters.stream().filter(l -> l.sourceTopic().filter(source::equals).isPresent()).toList();
        }
    }
}

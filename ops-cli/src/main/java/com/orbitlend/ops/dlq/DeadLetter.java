package com.orbitlend.ops.dlq;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One record of the dead-letter topic: where it sits ({@code partition:offset}), the original key and value as
 * received, and the headers (the consumers' {@code dead-letter-*} ones plus any the original record carried).
 */
public record DeadLetter(int partition, long offset, Instant time, byte[] key, byte[] value, List<Header> headers) {

    /** Headers every dead letter writer adds; never part of the original record. */
    static final String PREFIX = "dead-letter-";

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), List.copyOf(headers));
    }

    public String position() {
        return partition + ":" + offset;
    }

    public String reason() {
        return header(DeadLetterHeaders.REASON).orElse("");
    }

    public Optional<String> sourceTopic() {
        return header(DeadLetterHeaders.TOPIC);
    }

    /** {@code topic-partition@offset} of the original record, as far as the headers say. */
    public String source() {
        return sourceTopic().orElse("?") + "-" + header(DeadLetterHeaders.PARTITION).orElse("?") + "@"
                + header(DeadLetterHeaders.OFFSET).orElse("?");
    }

    public String consumer() {
        return header(DeadLetterHeaders.CONSUMER).orElse("?");
    }

    /** The original record's own headers: all but the dead-letter ones. */
    public List<Header> originalHeaders() {
        return headers.stream().filter(h -> !h.key().startsWith(PREFIX)).toList();
    }

    /** Why this letter cannot be re-published as it was, if it cannot. */
    public Optional<String> notRedrivable() {
        Optional<String> topic = sourceTopic();
        if (topic.isEmpty() || topic.get().isBlank()) {
            return Optional.of("no " + DeadLetterHeaders.TOPIC + " header: the source topic is unknown");
        }
        if (topic.get().equals(Topics.NOTIFICATIONS_DLQ)) {
            return Optional.of("its source is the dead-letter topic itself");
        }
        if (headers.stream().anyMatch(h -> h.key().startsWith(PREFIX + "truncated"))) {
            return Optional.of("it was truncated when dead-lettered: the original key or value is lost");
        }
        return Optional.empty();
    }

    public Optional<String> header(String name) {
        Header last = null;
        for (Header h : headers) {
            if (h.key().equals(name)) {
                last = h;
            }
        }
        return last == null ? Optional.empty() : Optional.of(new String(last.value(), StandardCharsets.UTF_8));
    }

    /** Bytes as text if they are valid UTF-8, else as hex with a marker. */
    static String printable(byte[] bytes) {
        if (bytes == null) {
            return "(null)";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder hex = new StringBuilder("(not UTF-8, ").append(bytes.length).append(" bytes, hex) ");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
    }
}

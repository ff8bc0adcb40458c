package com.orbitlend.kit.consumer;

import com.orbitlend.events.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The key and value of a domain-topic record as text, decoded strictly. Consumers read raw bytes
 * ({@code ByteArrayDeserializer}) and decode here, because Kafka's {@code StringDeserializer} silently replaces
 * invalid UTF-8 with U+FFFD: a mangled id could then be applied, and the dead letter would no longer hold the bytes
 * the producer wrote.
 *
 * @param key the record key, null if the record has none
 * @param value the record value, never null
 */
public record RecordText(String key, String value) {

    /**
     * Decodes {@code record}.
     *
     * @throws InvalidEventException if it has no value (a tombstone) or its key or value is not valid UTF-8
     */
    public static RecordText of(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException {
        if (record.value() == null) {
            throw new InvalidEventException("Record without a value (tombstone): not a CloudEvent");
        }
        String key = record.key() == null ? null : utf8(record.key(), "key");
        return new RecordText(key, utf8(record.value(), "value"));
    }

    /** {@code bytes} as UTF-8; malformed or unmappable input is refused, never replaced. */
    public static String utf8(byte[] bytes, String what) throws InvalidEventException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("Record " + what + " is not valid UTF-8");
        }
    }
}

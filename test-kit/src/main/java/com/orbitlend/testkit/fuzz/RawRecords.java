package com.orbitlend.testkit.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;

import java.nio.charset.StandardCharsets;

/**
 * Builds the bytes of fuzzed Kafka records: an event written by {@link EventJson} with one field set to a text or to
 * raw JSON no serializer would write (numbers such as {@code 1e10000}, wrong JSON types, deep nesting), and byte
 * splices that make a value invalid UTF-8. Send the result with
 * {@link com.orbitlend.testkit.kafka.TestTopics#produceRaw}.
 */
public final class RawRecords {

    /** Put into a field as a string, then replaced, quotes included, by the raw JSON text. */
    private static final String PLACEHOLDER = "@@RAW@@";
    private static final String QUOTED_PLACEHOLDER = "\"" + PLACEHOLDER + "\"";

    private RawRecords() {
    }

    /** The UTF-8 bytes of {@code json} with its {@code field} set to the string {@code text}. */
    public static byte[] with(ObjectNode json, String field, String text) {
        return with(json, json, field, text);
    }

    /**
     * The UTF-8 bytes of {@code json} after setting {@code field} of {@code node}, an object inside {@code json}
     * (such as its {@code data}), to the string {@code text}.
     */
    public static byte[] with(ObjectNode node, ObjectNode json, String field, String text) {
        node.put(field, text);
        return bytes(EventJson.write(json));
    }

    /**
     * The UTF-8 bytes of {@code json} with its {@code field} set to raw JSON text, e.g. a number no parser should
     * expand.
     */
    public static byte[] raw(ObjectNode json, String field, String rawJson) {
        return raw(json, json, field, rawJson);
    }

    /**
     * The UTF-8 bytes of {@code json} after setting {@code field} of {@code node}, an object inside {@code json}
     * (such as its {@code data}), to raw JSON text, e.g. a number no parser should expand.
     */
    public static byte[] raw(ObjectNode node, ObjectNode json, String field, String rawJson) {
        node.put(field, PLACEHOLDER);
        return bytes(EventJson.write(json).replace(QUOTED_PLACEHOLDER, rawJson));
    }

    /**
     * {@code text} with the first occurrence of {@code what} replaced by {@code with}, byte for byte: splices in
     * bytes that are not UTF-8, such as {@code 0xc3 0x28}. {@code what} must occur in {@code text}.
     */
    public static byte[] replace(byte[] text, byte[] what, byte[] with) {
        String marker = new String(text, StandardCharsets.ISO_8859_1);
        int at = marker.indexOf(new String(what, StandardCharsets.ISO_8859_1));
        byte[] out = new byte[text.length - what.length + with.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(with, 0, out, at, with.length);
        System.arraycopy(text, at + what.length, out, at + with.length, text.length - at - what.length);
        return out;
    }

    /** The UTF-8 bytes of a record key. */
    public static byte[] key(String text) {
        return bytes(text);
    }

    /** The UTF-8 bytes of {@code text}. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

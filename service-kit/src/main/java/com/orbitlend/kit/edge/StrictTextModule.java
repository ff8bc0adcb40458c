package com.orbitlend.kit.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Every string of a REST request body goes through {@link InputText}: a NUL or an unpaired surrogate anywhere is a
 * 400 naming the field ({@link InvalidTextException}), never a database error.
 */
public class StrictTextModule extends SimpleModule {

    public StrictTextModule() {
        super("orbitlend-strict-text");
        addDeserializer(String.class, new StrictStringDeserializer());
    }

    /** A string the request may not carry; its message is safe to show. */
    public static class InvalidTextException extends InvalidFormatException {

        InvalidTextException(JsonParser parser, String message, String value) {
            super(parser, message, value, String.class);
        }
    }

    static final class StrictStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            String problem = InputText.problem(value);
            if (problem != null) {
                throw new InvalidTextException(parser, problem, value);
            }
            return value;
        }
    }
}

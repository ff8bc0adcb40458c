package com.orbitlend.kit.edge;

/**
 * What text from a client must never carry, whatever field it is in: NUL (PostgreSQL text cannot store it, the
 * insert fails) and unpaired UTF-16 surrogates (UTF-8 cannot encode them; they would be stored as '?').
 */
public final class InputText {

    private InputText() {
    }

    /** Why {@code text} is refused, or null if it is acceptable. */
    public static String problem(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired surrogate";
            }
        }
        return null;
    }
}

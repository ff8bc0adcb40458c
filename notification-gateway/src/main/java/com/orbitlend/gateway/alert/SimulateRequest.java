package com.orbitlend.gateway.alert;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/admin/simulate}: the alert's text and severity ({@code info} when absent).
 * Control characters (NUL among them) are refused, except tab and line breaks.
 */
public record SimulateRequest(
        @NotBlank @Size(max = SimulateRequest.MAX_MESSAGE_LENGTH)
        @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*", message = "must not contain control characters")
        String message,
        @Pattern(regexp = "info|warning|critical", message = "must be info, warning or critical")
        String severity) {

    public static final int MAX_MESSAGE_LENGTH = 500;
}

package com.orbitlend.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemsTest {

    record Inner(@NotNull @Positive BigDecimal amount) {
    }

    record Body(@NotBlank String name, @NotNull @Valid Inner inner) {
    }

    static class Resource {
        public void create(@NotNull @Valid Body request) {
        }

        public void list(@Max(100) int size) {
        }
    }

    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    @Test
    void bodyViolationsAreNamedByJsonPathWithoutMethodAndParameter() throws Exception {
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(
                new Resource(), Resource.class.getMethod("create", Body.class),
                new Object[] { new Body(" ", new Inner(BigDecimal.ZERO)) });

        Problem problem = Problems.validation(violations);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(Problem.FieldError::field)
                .containsExactly("inner.amount", "name");
    }

    @Test
    void missingBodyIsReportedAsBody() throws Exception {
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(
                new Resource(), Resource.class.getMethod("create", Body.class), new Object[] { null });

        assertThat(Problems.validation(violations).errors()).extracting(Problem.FieldError::field)
                .containsExactly("request");
    }

    @Test
    void queryParameterViolationsKeepTheParameterName() throws Exception {
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(
                new Resource(), Resource.class.getMethod("list", int.class), new Object[] { 500 });

        assertThat(Problems.validation(violations).errors()).extracting(Problem.FieldError::field)
                .containsExactly("size");
        assertThat(violations).noneMatch(Problems::isReturnValue);
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        ObjectMapper mapper = new ObjectMapper();
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"x\",\"inner\":{\"amount\":\"ten\"}}", Body.class))
                .isInstanceOfSatisfying(JsonProcessingException.class, e -> {
                    Problem problem = Problems.unreadableJson(e);
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.errors()).extracting(Problem.FieldError::field)
                            .containsExactly("inner.amount");
                });
    }

    @Test
    void malformedJsonHasNoFieldErrors() {
        ObjectMapper mapper = new ObjectMapper();
        assertThatThrownBy(() -> mapper.readValue("{\"name\": ", Body.class))
                .isInstanceOfSatisfying(JsonProcessingException.class, e -> {
                    Problem problem = Problems.unreadableJson(e);
                    assertThat(problem.detail()).contains("not valid JSON");
                    assertThat(problem.errors()).isEmpty();
                });
    }

    @Test
    void titlesAreReasonPhrases() {
        assertThat(Problems.of(409, "x").title()).isEqualTo("Conflict");
        assertThat(Problems.of(422, "x").title()).isEqualTo("Unprocessable Content");
        assertThat(Problems.of(404, "x").type()).isEqualTo(Problem.BLANK);
    }
}

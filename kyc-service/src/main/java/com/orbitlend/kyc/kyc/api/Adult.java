package com.orbitlend.kyc.kyc.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A date of birth of someone at least 18 (and at most 150) years old today (UTC). Null is valid. */
@Documented
@Constraint(validatedBy = Adult.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Adult {

    String message() default "must be the date of birth of an adult (18 or older)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the age against today's date. */
    class Validator implements ConstraintValidator<Adult, LocalDate> {

        private static final int ADULT_AGE = 18;
        private static final int MAX_AGE = 150;

        @Override
        public boolean isValid(LocalDate dateOfBirth, ConstraintValidatorContext context) {
            if (dateOfBirth == null) {
                return true;
            }
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return !dateOfBirth.isAfter(today.minusYears(ADULT_AGE)) && dateOfBirth.isAfter(today.minusYears(MAX_AGE));
        }
    }
}

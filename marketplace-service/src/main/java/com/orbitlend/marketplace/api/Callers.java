package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.service.Caller;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The {@link Caller} of the current request, from its token. */
@RequestScoped
class Callers {

    private final JsonWebToken jwt;

    Callers(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    Caller current() {
        return new Caller(jwt.getSubject(), jwt.getGroups().contains("admin"));
    }
}

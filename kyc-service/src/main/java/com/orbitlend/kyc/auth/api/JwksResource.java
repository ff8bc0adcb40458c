package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.token.SigningKey;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public keys that verify this service's access tokens (RFC 7517 JWKS). Every service points
 * {@code mp.jwt.verify.publickey.location} here.
 */
@Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

    private static final int MAX_AGE_SECONDS = 300;

    private final SigningKey key;

    JwksResource(SigningKey key) {
        this.key = key;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        return Response.ok(key.jwksJson()).cacheControl(cache).build();
    }
}

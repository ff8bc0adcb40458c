package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.token.SigningKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public keys that verify this service's access tokens (RFC 7517 JWKS): the signing key and, during a
 * rotation, the next or previous one. Every service points {@code mp.jwt.verify.publickey.location} here and
 * re-reads it after {@code max-age} ({@code orbitlend.kyc.token.jwks-max-age}).
 */
@Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) Math.min(Integer.MAX_VALUE, keys.jwksMaxAge().toSeconds()));
        return Response.ok(keys.jwksJson()).cacheControl(cache).build();
    }
}

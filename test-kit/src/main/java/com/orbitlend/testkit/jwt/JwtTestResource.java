package com.orbitlend.testkit.jwt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Makes the application under test trust {@link TestJwt}'s key, issuer and audience. */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", TestJwt.publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer", TestJwt.ISSUER,
                "mp.jwt.verify.audiences", TestJwt.AUDIENCE);
    }

    @Override
    public void stop() {
        // the key file is deleted when the JVM exits
    }
}

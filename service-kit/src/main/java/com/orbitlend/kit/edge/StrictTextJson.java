package com.orbitlend.kit.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Installs {@link StrictTextModule} in the REST layer's object mapper of every service using service-kit. */
@Singleton
public class StrictTextJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new StrictTextModule());
    }
}

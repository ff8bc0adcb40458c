package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Tells every client to reconnect elsewhere when this replica stops (I4). */
@ApplicationScoped
class SessionShutdown {

    @Inject
    SessionRegistry sessions;

    void onStop(@Observes ShutdownEvent event) {
        for (ClientSession session : sessions.all()) {
            session.execute(() -> session.close(CloseCodes.GOING_AWAY, "server shutting down"));
        }
    }
}

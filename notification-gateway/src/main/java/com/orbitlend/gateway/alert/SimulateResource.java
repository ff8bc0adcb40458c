package com.orbitlend.gateway.alert;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

/** "Simulate event" of the WebSocket test page: an admin publishes a {@code system_alert} to the admins. */
@Path("/api/admin/simulate")
@RolesAllowed("admin")
public class SimulateResource {

    private final SystemAlertService alerts;
    private final JsonWebToken jwt;

    SimulateResource(SystemAlertService alerts, JsonWebToken jwt) {
        this.alerts = alerts;
        this.jwt = jwt;
    }

    /** 202 once Kafka holds the alert; it reaches the admins' sockets and notification centres from there. */
    @POST
    public Uni<RestResponse<AlertAccepted>> simulate(@NotNull @Valid SimulateRequest request) {
        String severity = request.severity() == null ? "info" : request.severity();
        return alerts.publish(jwt.getSubject(), request.message(), severity)
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, accepted));
    }
}

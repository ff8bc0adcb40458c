package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.kyc.service.KycService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

/** A user's own KYC. */
@Path("/api/kyc")
@RolesAllowed("user")
public class KycResource {

    private final KycService kyc;
    private final JsonWebToken jwt;

    KycResource(KycService kyc, JsonWebToken jwt) {
        this.kyc = kyc;
        this.jwt = jwt;
    }

    @POST
    public RestResponse<KycResponse> submit(@NotNull @Valid KycRequest request, UriInfo uri) {
        KycResponse created = KycResponse.of(kyc.submit(jwt.getSubject(), request.toNewKyc()));
        return RestResponse.ResponseBuilder.<KycResponse>created(uri.getAbsolutePath())
                .entity(created)
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    public KycResponse current() {
        return KycResponse.of(kyc.current(jwt.getSubject()));
    }
}

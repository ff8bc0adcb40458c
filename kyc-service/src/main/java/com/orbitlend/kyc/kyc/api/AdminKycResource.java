package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.kyc.domain.KycStatus;
import com.orbitlend.kyc.kyc.service.KycService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.UUID;

/** KYC review by admins. */
@Path("/api/admin/kyc")
@RolesAllowed("admin")
public class AdminKycResource {

    private final KycService kyc;
    private final JsonWebToken jwt;

    AdminKycResource(KycService kyc, JsonWebToken jwt) {
        this.kyc = kyc;
        this.jwt = jwt;
    }

    @GET
    public KycPageResponse list(
            @QueryParam("status") @Pattern(regexp = "submitted|approved|rejected",
                    message = "must be one of submitted, approved, rejected") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Optional<KycStatus> filter = Optional.ofNullable(status).flatMap(KycStatus::fromWire);
        return KycPageResponse.of(kyc.list(filter, page, size));
    }

    @GET
    @Path("/{id}")
    public KycResponse get(@PathParam("id") UUID id) {
        return KycResponse.of(kyc.get(id));
    }

    @POST
    @Path("/{id}/approve")
    public KycResponse approve(@PathParam("id") UUID id) {
        return KycResponse.of(kyc.approve(id, jwt.getSubject()));
    }

    @POST
    @Path("/{id}/reject")
    public KycResponse reject(@PathParam("id") UUID id, @NotNull @Valid RejectRequest request) {
        return KycResponse.of(kyc.reject(id, request.reason().strip(), jwt.getSubject()));
    }
}

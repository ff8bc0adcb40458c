package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.service.MarketplaceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** Repayments on a funded loan, by its borrower only (anyone else 403); credited to the note's owner. */
@Path("/api/marketplace/loans")
@RolesAllowed({ "user", "admin" })
public class RepaymentResource {

    private final MarketplaceService marketplace;
    private final Callers callers;

    RepaymentResource(MarketplaceService marketplace, Callers callers) {
        this.marketplace = marketplace;
        this.callers = callers;
    }

    @POST
    @Path("/{loanId}/repayments")
    public RestResponse<RepaymentResponse> repay(@PathParam("loanId") @Size(max = 255) String loanId,
            @NotNull @Valid RepaymentRequest request) {
        RepaymentResponse repayment = RepaymentResponse.of(
                marketplace.repay(loanId, request.amount(), callers.current()));
        return RestResponse.ResponseBuilder.<RepaymentResponse>create(RestResponse.Status.CREATED)
                .entity(repayment)
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}

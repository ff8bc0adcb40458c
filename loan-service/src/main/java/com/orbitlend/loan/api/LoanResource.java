package com.orbitlend.loan.api;

import com.orbitlend.loan.service.LoanService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

/** A borrower's own loans. */
@Path("/api/loans")
@RolesAllowed("user")
public class LoanResource {

    private final LoanService loans;
    private final JsonWebToken jwt;

    LoanResource(LoanService loans, JsonWebToken jwt) {
        this.loans = loans;
        this.jwt = jwt;
    }

    @POST
    public RestResponse<LoanResponse> request(@NotNull @Valid LoanRequest request, UriInfo uri) {
        LoanResponse loan = LoanResponse.of(loans.request(jwt.getSubject(), request.toNewLoan()));
        return RestResponse.ResponseBuilder.<LoanResponse>created(
                        uri.getAbsolutePathBuilder().path(loan.id()).build())
                .entity(loan)
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    public List<LoanResponse> list() {
        return loans.listOwned(jwt.getSubject()).stream().map(LoanResponse::of).toList();
    }

    @GET
    @Path("/{id}")
    public LoanResponse get(@PathParam("id") UUID id) {
        return LoanResponse.of(loans.getOwned(id, jwt.getSubject()));
    }
}

package com.orbitlend.loan.api;

import com.orbitlend.loan.domain.LoanStatus;
import com.orbitlend.loan.service.LoanService;
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

/** Loan review and funding by admins. */
@Path("/api/admin/loans")
@RolesAllowed("admin")
public class AdminLoanResource {

    private final LoanService loans;
    private final JsonWebToken jwt;

    AdminLoanResource(LoanService loans, JsonWebToken jwt) {
        this.loans = loans;
        this.jwt = jwt;
    }

    @GET
    public LoanPageResponse list(
            @QueryParam("status") @Pattern(regexp = "requested|approved|rejected|funded",
                    message = "must be one of requested, approved, rejected, funded") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Optional<LoanStatus> filter = Optional.ofNullable(status).flatMap(LoanStatus::fromWire);
        return LoanPageResponse.of(loans.list(filter, page, size));
    }

    @POST
    @Path("/{id}/approve")
    public LoanResponse approve(@PathParam("id") UUID id) {
        return LoanResponse.of(loans.approve(id, jwt.getSubject()));
    }

    @POST
    @Path("/{id}/reject")
    public LoanResponse reject(@PathParam("id") UUID id, @NotNull @Valid RejectRequest request) {
        return LoanResponse.of(loans.reject(id, request.reason().strip(), jwt.getSubject()));
    }

    @POST
    @Path("/{id}/fund")
    public LoanResponse fund(@PathParam("id") UUID id, @NotNull @Valid FundRequest request) {
        return LoanResponse.of(loans.fund(id, request.txHash(), request.nftId().strip()));
    }
}

package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.service.MarketplaceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Loan notes on the market: browse, list for sale, withdraw, buy. Owners list their notes; admins list and
 * withdraw the treasury's; acting on a note one does not own is 403 (note data is public, nothing to hide).
 */
@Path("/api/marketplace")
@RolesAllowed({ "user", "admin" })
public class MarketplaceResource {

    private final MarketplaceService marketplace;
    private final Callers callers;

    MarketplaceResource(MarketplaceService marketplace, Callers callers) {
        this.marketplace = marketplace;
        this.callers = callers;
    }

    @GET
    @Path("/listings")
    public NotePageResponse listings(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return NotePageResponse.of(marketplace.listings(page, size));
    }

    @GET
    @Path("/my-notes")
    public NotePageResponse myNotes(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return NotePageResponse.of(marketplace.ownedBy(callers.current(), page, size));
    }

    @GET
    @Path("/notes/{nftId}")
    public NoteResponse note(@PathParam("nftId") @Size(max = 255) String nftId) {
        return NoteResponse.of(marketplace.note(nftId));
    }

    @POST
    @Path("/notes/{nftId}/listing")
    public NoteResponse list(@PathParam("nftId") @Size(max = 255) String nftId,
            @NotNull @Valid ListingRequest request) {
        return NoteResponse.of(marketplace.list(nftId, request.price(), callers.current()));
    }

    @DELETE
    @Path("/notes/{nftId}/listing")
    public void withdraw(@PathParam("nftId") @Size(max = 255) String nftId) {
        marketplace.withdraw(nftId, callers.current());
    }

    @POST
    @Path("/notes/{nftId}/purchase")
    public NoteResponse purchase(@PathParam("nftId") @Size(max = 255) String nftId) {
        return NoteResponse.of(marketplace.purchase(nftId, callers.current()));
    }
}

package com.orbitlend.kyc.auth.api;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.auth.account.AccountService;
import com.orbitlend.kyc.auth.client.ClientAddresses;
import com.orbitlend.kyc.auth.login.LoginService;
import com.orbitlend.kyc.auth.registration.RegistrationService;
import com.orbitlend.kyc.kyc.domain.KycStatus;
import com.orbitlend.kyc.kyc.service.KycService;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Optional;
import java.util.UUID;

/** Registration, login, token refresh and logout, and the caller's own account. Thin: the services decide. */
@Path("/api/auth")
public class AuthResource {

    private final AccountService accounts;
    private final RegistrationService registrations;
    private final LoginService logins;
    private final ClientAddresses clientAddresses;
    private final KycService kyc;
    private final JsonWebToken jwt;

    AuthResource(AccountService accounts, RegistrationService registrations, LoginService logins,
            ClientAddresses clientAddresses, KycService kyc, JsonWebToken jwt) {
        this.accounts = accounts;
        this.registrations = registrations;
        this.logins = logins;
        this.clientAddresses = clientAddresses;
        this.kyc = kyc;
        this.jwt = jwt;
    }

    @POST
    @Path("/register")
    @PermitAll
    public RestResponse<AccountResponse> register(@NotNull @Valid RegisterRequest request, UriInfo uri,
            HttpServerRequest http) {
        String displayName = request.displayName() == null || request.displayName().isBlank()
                ? null : request.displayName().strip();
        Account account = registrations.register(request.username(), request.password(), displayName,
                clientAddresses.of(http));
        return RestResponse.ResponseBuilder.<AccountResponse>created(uri.getBaseUriBuilder().path("api/auth/me").build())
                .entity(AccountResponse.of(account))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @POST
    @Path("/login")
    @PermitAll
    public TokenResponse login(@NotNull @Valid LoginRequest request, HttpServerRequest http) {
        return TokenResponse.of(logins.login(request.username(), request.password(), clientAddresses.of(http)));
    }

    @POST
    @Path("/refresh")
    @PermitAll
    public TokenResponse refresh(@NotNull @Valid RefreshRequest request) {
        return TokenResponse.of(logins.refresh(request.refreshToken()));
    }

    @POST
    @Path("/logout")
    @PermitAll
    public void logout(@NotNull @Valid RefreshRequest request) {
        logins.logout(request.refreshToken());
    }

    @GET
    @Path("/me")
    @Authenticated
    public MeResponse me() {
        Account account = accountId(jwt.getSubject()).flatMap(accounts::find)
                .orElseThrow(() -> new ProblemException(401, "Unauthorized", "The token names no account here."));
        String kycStatus = kyc.currentStatus(jwt.getSubject()).map(KycStatus::wire).orElse("none");
        return new MeResponse(account.id.toString(), account.username, account.groups(), kycStatus);
    }

    /** The account id in {@code sub}; empty for a subject of another issuer that is no UUID. */
    private static Optional<UUID> accountId(String subject) {
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}

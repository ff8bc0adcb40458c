package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.kyc.domain.KycDocument;
import com.orbitlend.kyc.kyc.service.KycService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code POST /api/kyc}. */
public record KycRequest(
        @NotBlank @Size(max = 200) String fullName,
        @NotNull @Adult LocalDate dateOfBirth,
        @NotNull @CountryCode String country,
        @NotNull @Size(min = 1, max = 5) List<@NotNull @Valid DocumentRequest> documents) {

    /** One document reference: the kind of document and the opaque id of its uploaded file. */
    public record DocumentRequest(
            @NotNull @Pattern(regexp = KycDocument.TYPES,
                    message = "must be one of passport, id_card, driving_licence, proof_of_address") String type,
            @NotBlank @Size(max = 200) String reference) {
    }

    KycService.NewKyc toNewKyc() {
        return new KycService.NewKyc(fullName.strip(), dateOfBirth, country,
                documents.stream().map(d -> new KycDocument(d.type(), d.reference())).toList());
    }
}

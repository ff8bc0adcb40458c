package com.orbitlend.events.notification;

import java.util.Arrays;
import java.util.Optional;

/** The events a client receives, with the names and payloads of the original Socket.IO system. */
public enum ClientEvent {

    /** A user submitted a loan request; to admins. */
    LOAN_NEW("loan:new", LoanNewData.class),
    /** A loan was approved or rejected; to its borrower. */
    LOAN_STATUS("loan:status", LoanStatusData.class),
    /** A loan was funded and its note minted; to its borrower. */
    LOAN_FUNDED("loan:funded", LoanFundedData.class),
    /** Something an admin should look at; to admins. */
    ADMIN_NOTIFICATION("admin:notification", AdminNotificationData.class),
    /** A user's KYC was approved or rejected; to that user. */
    KYC_STATUS("kyc:status", KycStatusData.class),
    /** A loan note was listed, sold or repaid; to public:marketplace and to the users it concerns. */
    MARKETPLACE_UPDATE("marketplace:update", MarketplaceUpdateData.class);

    private final String eventName;
    private final Class<? extends Record> dataClass;

    ClientEvent(String eventName, Class<? extends Record> dataClass) {
        this.eventName = eventName;
        this.dataClass = dataClass;
    }

    public String eventName() {
        return eventName;
    }

    public Class<? extends Record> dataClass() {
        return dataClass;
    }

    public static Optional<ClientEvent> fromName(String name) {
        return Arrays.stream(values()).filter(e -> e.eventName.equals(name)).findFirst();
    }
}

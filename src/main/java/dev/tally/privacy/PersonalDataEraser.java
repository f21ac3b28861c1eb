package dev.tally.privacy;

import java.util.Map;

import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.axon.TallyMetaData;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Forget me": deletes the customer's key and records that it happened, in one transaction, so
 * the read models that copied personal data learn of it (also on a replay) exactly when the key
 * is gone. Forgetting twice is harmless.
 */
@Component
class PersonalDataEraser {

    private final PersonalDataVault vault;
    private final EventGateway events;

    PersonalDataEraser(PersonalDataVault vault, EventGateway events) {
        this.vault = vault;
        this.events = events;
    }

    @Transactional
    void forget(String customer, String operator) {
        vault.forget(customer);
        events.publish(GenericEventMessage.asEventMessage(new CustomerForgotten(customer))
                .andMetaData(Map.of(TallyMetaData.USERNAME, operator)));
    }
}

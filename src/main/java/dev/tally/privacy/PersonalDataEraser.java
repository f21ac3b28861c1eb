package dev.tally.privacy;

import java.util.Map;

import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.axon.TallyMetaData;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * "Forget me": deletes the link from the customer's login to their subject, deletes the subject's
 * key (leaving a tombstone) and records that it happened, in one transaction, so the read models
 * that copied personal data learn of it (also on a replay) exactly when the key is gone. The event
 * names the subject, never the login. Forgetting twice is harmless: the second time there is no
 * link, so nothing to forget.
 */
@Component
class PersonalDataEraser {

    private final Pseudonyms pseudonyms;
    private final PersonalDataVault vault;
    private final EventGateway events;

    PersonalDataEraser(Pseudonyms pseudonyms, PersonalDataVault vault, EventGateway events) {
        this.pseudonyms = pseudonyms;
        this.vault = vault;
        this.events = events;
    }

    /** @param operator the subject of the admin who asks */
    @Transactional
    void forget(String login, String operator) {
        pseudonyms.knownSubjectOf(login).ifPresent(subject -> {
            pseudonyms.forget(login);
            vault.forget(subject);
            events.publish(GenericEventMessage.asEventMessage(new CustomerForgotten(subject))
                    .andMetaData(Map.of(TallyMetaData.USERNAME, operator)));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    // a key another node made while this transaction ran could not see its tombstone yet
                    vault.forget(subject);
                }
            });
        });
    }
}

package dev.tally.privacy;

import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.upcasting.JsonUpcast;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How stored privacy events of older revisions read today (domain-docs/events.md). */
@Configuration
class PrivacyUpcasts {

    /**
     * Revision 1 named the forgotten customer by their login, revision 2 by their subject. The JSON
     * is the same: for a customer from before pseudonyms the login is the subject (V10), so the
     * value reads true as it is. The revision tells {@link ForgettingAgain} how the forgetting was
     * done then: a login forgotten in revision 1 could come back with a new key under the same name.
     */
    @Bean
    JsonUpcast forgottenLoginIsTheLegacySubject() {
        return JsonUpcast.of(CustomerForgotten.class, "1", "2", payload -> {
        });
    }
}

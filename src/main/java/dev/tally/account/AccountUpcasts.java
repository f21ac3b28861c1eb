package dev.tally.account;

import static dev.tally.shared.upcasting.JsonUpcast.addText;
import static dev.tally.shared.upcasting.JsonUpcast.rename;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.shared.upcasting.JsonUpcast;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How stored account events of older revisions read today (domain-docs/events.md). */
@Configuration
class AccountUpcasts {

    /** The free text on a deposit was called {@code reference}, which read like an identifier. */
    @Bean
    JsonUpcast depositReferenceBecameDescription() {
        return JsonUpcast.of(MoneyDeposited.class, "1", "2", rename("reference", "description"));
    }

    /** Likewise on a withdrawal. */
    @Bean
    JsonUpcast withdrawalReferenceBecameDescription() {
        return JsonUpcast.of(MoneyWithdrawn.class, "1", "2", rename("reference", "description"));
    }

    /** Deposits record their channel; before revision 3 the REST API was the only one. */
    @Bean
    JsonUpcast depositGotChannel() {
        return JsonUpcast.of(MoneyDeposited.class, "2", "3", addText("channel", AccountController.API_CHANNEL));
    }
}

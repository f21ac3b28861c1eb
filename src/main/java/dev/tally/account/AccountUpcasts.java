package dev.tally.account;

import static dev.tally.shared.upcasting.JsonUpcast.addText;
import static dev.tally.shared.upcasting.JsonUpcast.rename;

import dev.tally.account.api.AccountOpened;
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
        return JsonUpcast.of(MoneyDeposited.class, "2", "3", addText("channel", MoneyDeposited.API_CHANNEL));
    }

    /**
     * The holder name is sealed since revision 2. Revision 1 held it in clear (and, for the events
     * stored after sealing came in but before this revision, already sealed): the JSON is the same,
     * and the reading side opens a sealed value and takes a plain one as it is, so nothing changes.
     * A plain name of revision 1 cannot be sealed here (an upcast runs on every read, and sealing
     * needs the owner's key): forgetting a customer does not reach it; see reliability.md.
     */
    @Bean
    JsonUpcast holderNameSealed() {
        return JsonUpcast.of(AccountOpened.class, "1", "2", payload -> {
        });
    }
}

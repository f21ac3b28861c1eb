package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * Money was paid into an account, in the account's currency, through {@code channel} (the way it
 * came in; {@code API} for the REST API). Revision 2 renamed {@code reference} to
 * {@code description}; revision 3 added {@code channel}. See domain-docs/events.md.
 */
@Revision("3")
public record MoneyDeposited(String accountId, BigDecimal amount, String currency, String description,
                             String channel) implements AccountEvent {

    /** The channel of deposits made through the REST API (and of every deposit before revision 3). */
    public static final String API_CHANNEL = "API";
}

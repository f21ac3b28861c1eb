package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** A customer opened an account in one currency; {@code owner} is the user it belongs to. */
@Revision("1")
public record AccountOpened(String accountId, String owner, String holderName, String currency,
                            BigDecimal overdraftLimit) {
}

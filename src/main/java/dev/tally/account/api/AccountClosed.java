package dev.tally.account.api;

import org.axonframework.serialization.Revision;

/** An account with a zero balance was closed; it takes no more commands. */
@Revision("1")
public record AccountClosed(String accountId) implements AccountEvent {
}

package dev.tally.account.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close an account whose balance is zero. */
public record CloseAccount(@TargetAggregateIdentifier String accountId, Long expectedVersion) {
}

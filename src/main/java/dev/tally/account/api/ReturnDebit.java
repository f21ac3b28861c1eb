package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give back the debit of a payment that was declined after all (it timed out before the process
 * got to its debit). Sent by the payment process; for a debit already returned it changes nothing.
 */
public record ReturnDebit(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}

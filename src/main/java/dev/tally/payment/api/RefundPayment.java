package dev.tally.payment.api;

import dev.tally.account.api.AccountHolder;
import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give part or all of a completed payment back, as {@code requester} asks through the payments API
 * ({@code staff}: an admin); {@code account} is what the account side knows of the payment's
 * account; {@code expectedVersion} the client's If-Match, if any. The same {@code refundId} again
 * refunds nothing more.
 */
public record RefundPayment(@TargetAggregateIdentifier String paymentId, String refundId, Money amount,
                            String requester, boolean staff, AccountHolder account, Long expectedVersion) {
}

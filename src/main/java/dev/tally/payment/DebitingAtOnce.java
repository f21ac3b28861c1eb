package dev.tally.payment;

import dev.tally.account.api.DebitForPayment;
import dev.tally.payment.api.RequestPayment;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The debit of a payment just requested, in the same HTTP request (a direct payment's, a
 * checkout's), so the customer's answer comes after the money moved and the payment's clock finds
 * the debit however far the payment process is behind. Under 200 clients the process fell more than
 * the 30 s timeout behind, and the clock declined nearly every payment whose account had the money
 * (benchmarks.md, figure 7).
 *
 * <p>Only the first step, and only an attempt: the rules stay where they were. The account decides
 * (it debits a payment once, so the process's own debit of it later changes nothing); a refusal or
 * failure here changes nothing, and the payment process declines a refused payment with its
 * reason, or the payment's clock decides.
 */
@Component
public class DebitingAtOnce {

    private static final Logger log = LoggerFactory.getLogger(DebitingAtOnce.class);

    private final CommandGateway commands;

    DebitingAtOnce(CommandGateway commands) {
        this.commands = commands;
    }

    public void debit(RequestPayment requested) {
        try {
            commands.sendAndWait(new DebitForPayment(requested.accountId(), requested.paymentId(), requested.payer(),
                    requested.amount()));
        } catch (RuntimeException notNow) {
            log.debug("Payment {} not debited with its request ({}); the payment process tries again",
                    requested.paymentId(), notNow.getMessage());
        }
    }
}

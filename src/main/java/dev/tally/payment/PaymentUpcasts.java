package dev.tally.payment;

import dev.tally.payment.api.PaymentRequested;
import dev.tally.shared.upcasting.JsonUpcast;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How stored payment events of older revisions read today (domain-docs/events.md). */
@Configuration
class PaymentUpcasts {

    /**
     * A payment records whether an order's checkout asked for it. Before revision 2 the payments API
     * did not check the order a payment named, and the only payments that named one in earnest were
     * those of checkouts: a payment that names an order counts as the order's.
     */
    @Bean
    JsonUpcast paymentRecordsWhetherItPaysAnOrder() {
        return JsonUpcast.of(PaymentRequested.class, "1", "2", payload -> {
            if (!payload.has("paysOrder")) {
                payload.put("paysOrder", payload.hasNonNull("orderId"));
            }
        });
    }
}

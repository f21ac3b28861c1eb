package dev.tally.payment;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RefundState;
import dev.tally.shared.web.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON that the payments API takes and gives, as the API contract spells it. */
final class PaymentJson {

    private PaymentJson() {
    }

    record PaymentRequest(@NotBlank @Size(max = 36) @PlainText String accountId, @NotNull BigDecimal amount,
                          @NotNull String currency, @Size(max = 36) @PlainText String orderId,
                          @Size(max = 200) @PlainText String description) {
    }

    record RefundRequest(@NotNull BigDecimal amount, @NotNull String currency) {
    }

    record PaymentAccepted(String paymentId, PaymentStatus status, long version) {
        static PaymentAccepted of(PaymentView payment) {
            return new PaymentAccepted(payment.paymentId(), payment.status(), payment.version());
        }
    }

    record RefundAccepted(String paymentId, String refundId, PaymentStatus status, long version) {
        static RefundAccepted of(RefundState refund) {
            return new RefundAccepted(refund.paymentId(), refund.refundId(), refund.status(), refund.version());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PaymentResponse(String paymentId, String accountId, String amount, String currency, PaymentStatus status,
                           String refunded, String orderId, String failureReason, long version) {
        static PaymentResponse of(PaymentView payment) {
            return new PaymentResponse(payment.paymentId(), payment.accountId(), payment.amount().formatted(),
                    payment.amount().currency().getCurrencyCode(), payment.status(), payment.refunded().formatted(),
                    payment.orderId(), payment.failureReason(), payment.version());
        }
    }
}
